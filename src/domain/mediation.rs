//! Mediation vocabulary: dispute types (§5.4), sources (§5.1), risk levels,
//! and case numbers. Receipt codes are in `crate::receipts`.

use super::vocabulary::vocabulary;

vocabulary! {
    /// The standard dispute types; codes are stable for hand-over to the city platform.
    pub enum DisputeType: "case.type." {
        MarriageFamily = "marriage_family", Neighbour = "neighbour", Housing = "housing",
        Contract = "contract", Business = "business", Damages = "damages",
        ForestLand = "forest_land", Expropriation = "expropriation", Pollution = "pollution",
        Labour = "labour", Consumer = "consumer", Medical = "medical", Traffic = "traffic",
        PropertyManagement = "property_management", Tourism = "tourism",
        IntellectualProperty = "intellectual_property", Internet = "internet",
        VillageAffairs = "village_affairs", Other = "other",
    }
}

vocabulary! {
    /// Where a case came from.
    pub enum CaseSource: "case.source." {
        Application = "application", ExOfficio = "ex_officio", GridScreening = "grid_screening",
        CourtReferral = "court_referral", PoliceTransfer = "police_transfer",
        PetitionOffice = "petition_office", Hotline = "hotline", CommitteeTransfer = "committee_transfer",
    }
}

vocabulary! {
    /// 红/橙/黄 risk marking.
    pub enum RiskLevel: "case.risk." {Red = "red", Orange = "orange", Yellow = "yellow"}
}

vocabulary! {
    /// Why a case was not accepted.
    pub enum NotAcceptedReason: "case.not_accepted." {
        NotCivilDispute = "not_civil_dispute", InCourt = "in_court",
        HandledElsewhere = "handled_elsewhere", PartyRefuses = "party_refuses", OutOfScope = "out_of_scope",
    }
}

impl CaseSource {
    /// The statutory statistics group: 申请调解 / 主动调解 / 委托移送.
    pub fn statistics_group(self) -> &'static str {
        match self {
            CaseSource::Application => "applied",
            CaseSource::ExOfficio | CaseSource::GridScreening => "ex_officio",
            _ => "referred",
        }
    }
}

/// `(2026)江北五里店人调字第12号`.
pub fn case_number(year: i32, committee_short_name: &str, seq: i64) -> String {
    format!("({year})江北{committee_short_name}人调字第{seq}号")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_numbers_follow_the_committee_format() {
        assert_eq!(case_number(2026, "五里店", 12), "(2026)江北五里店人调字第12号");
    }

    #[test]
    fn codes_round_trip_and_group_sources() {
        for t in DisputeType::ALL {
            assert_eq!(DisputeType::parse(t.code()), Some(*t));
        }
        assert_eq!(DisputeType::ALL.len(), 19);
        assert_eq!(CaseSource::ALL.len(), 8);
        assert_eq!(CaseSource::Application.statistics_group(), "applied");
        assert_eq!(CaseSource::CourtReferral.statistics_group(), "referred");
        assert_eq!(RiskLevel::Red.label_key(), "case.risk.red");
    }
}
