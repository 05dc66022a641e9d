//! The case hand-off to the city's mediation platform (DESIGN.md §10): the
//! standard codes a receiving system can rely on. Dispute-type and intake
//! codes are this application's stable vocabulary codes; the source is
//! also given in the three statutory categories of the people's mediation
//! statistics, which is what the city's platform counts by.

use super::mediation::CaseSource;

/// The version of the hand-off document's layout; a receiving system
/// checks it before reading the rest.
pub const SCHEMA: &str = "yuanba.case-handoff.v1";

/// 主动调解 / 申请调解 / 接受委托移送.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatutorySource {
    /// 主动调解: the committee found the dispute itself.
    ExOfficio,
    /// 申请调解: a party asked for mediation.
    Application,
    /// 接受委托移送: a court, the police, a petition office or another
    /// committee entrusted or transferred the case.
    Referral,
}

impl StatutorySource {
    /// A grid screening (排查) is the committee's own finding; a call to
    /// the hotline is a party asking, like an application.
    pub fn of(source: CaseSource) -> Self {
        match source {
            CaseSource::ExOfficio | CaseSource::GridScreening => StatutorySource::ExOfficio,
            CaseSource::Application | CaseSource::Hotline => StatutorySource::Application,
            CaseSource::CourtReferral
            | CaseSource::PoliceTransfer
            | CaseSource::PetitionOffice
            | CaseSource::CommitteeTransfer => StatutorySource::Referral,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            StatutorySource::ExOfficio => "ex_officio",
            StatutorySource::Application => "application",
            StatutorySource::Referral => "referral",
        }
    }

    /// The statutory name, as the statistics forms print it.
    pub fn name(self) -> &'static str {
        match self {
            StatutorySource::ExOfficio => "主动调解",
            StatutorySource::Application => "申请调解",
            StatutorySource::Referral => "接受委托移送",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_intake_source_falls_in_one_statutory_category() {
        use StatutorySource::*;
        let expected = [
            (CaseSource::Application, Application),
            (CaseSource::Hotline, Application),
            (CaseSource::ExOfficio, ExOfficio),
            (CaseSource::GridScreening, ExOfficio),
            (CaseSource::CourtReferral, Referral),
            (CaseSource::PoliceTransfer, Referral),
            (CaseSource::PetitionOffice, Referral),
            (CaseSource::CommitteeTransfer, Referral),
        ];
        assert_eq!(expected.len(), CaseSource::ALL.len(), "every source is mapped here");
        for (source, category) in expected {
            assert_eq!(StatutorySource::of(source), category, "{source:?}");
        }
        assert_eq!(Referral.code(), "referral");
        assert_eq!(ExOfficio.name(), "主动调解");
    }
}
