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

/// A dispute type a form may offer: one of the statutory types, or an
/// admins' local type (加装电梯纠纷, 停车位纠纷 …) that counts as one. The
/// statutory type is what statistics and the city hand-off read, so a local
/// type never needs a code of its own outside this district.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferedType {
    /// The code the form posts: the statutory code, or the local row's.
    pub code: String,
    pub statutory: DisputeType,
}

impl OfferedType {
    pub fn statutory(t: DisputeType) -> Self {
        OfferedType {
            code: t.code().to_owned(),
            statutory: t,
        }
    }

    /// The local type's code, when this is not a statutory type itself.
    pub fn local_code(&self) -> Option<&str> {
        (self.code != self.statutory.code()).then_some(self.code.as_str())
    }
}

vocabulary! {
    /// How the application form groups the dispute types for residents
    /// (issue 14, item 10); each type's group is kept in `dispute_types`.
    pub enum DisputeGroup: "case.type_group." {
        FamilyNeighbours = "family_neighbours", HomeLand = "home_land", MoneyTrade = "money_trade",
        HarmAccidents = "harm_accidents", Work = "work", Village = "village", Other = "other",
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

vocabulary! {
    /// A mediator's place on a case team (DESIGN.md §6 "Case team").
    pub enum TeamRole: "team." { Lead = "lead", Mentor = "mentor", CoMediator = "co_mediator" }
}

vocabulary! {
    /// Where a case that the committee cannot settle alone was raised to.
    pub enum Escalation: "escalation." { CommitteeHead = "committee_head", Centre = "centre" }
}

vocabulary! {
    /// A party's side in the dispute.
    pub enum PartyRole: "party.role." {
        Applicant = "applicant", Respondent = "respondent", ThirdParty = "third_party",
    }
}

vocabulary! {
    /// Mediation is voluntary (People's Mediation Law Art. 3): each party's
    /// answer once told of their rights.
    pub enum Consent: "consent." { Pending = "pending", Given = "given", Refused = "refused" }
}

vocabulary! {
    /// The written records a case file holds (§5.3).
    pub enum RecordKind: "record." {
        Investigation = "investigation", Session = "session", Urging = "urging", FollowUp = "follow_up",
    }
}

vocabulary! {
    /// The court's answer to an application for judicial confirmation.
    pub enum JudicialResult: "judicial.result." { Pending = "pending", Confirmed = "confirmed", Rejected = "rejected" }
}

vocabulary! {
    /// One line of a case's timeline. The stored code doubles as the audit
    /// action `case.<code>` for the staff actions that write it.
    pub enum CaseEventKind: "event." {
        Transition = "transition", PartyConsent = "party_consent", PartyAdded = "party_added",
        PartyUpdated = "party_updated", RecordInvestigation = "record_investigation",
        RecordSession = "record_session", RecordUrging = "record_urging", RecordFollowUp = "record_follow_up",
        AgreementDrafted = "agreement_drafted", AgreementTerm = "agreement_term",
        AgreementSigned = "agreement_signed", Flags = "flags", Hold = "hold", Resume = "resume",
        Extension = "extension", JudicialConfirmation = "judicial_confirmation",
        Performance = "performance", ProofUploaded = "proof_uploaded",
        Debrief = "debrief", MethodTags = "method_tags",
        /// A step of a referral to another organisation (issue 16).
        Referral = "referral",
    }
}

impl RecordKind {
    /// The timeline line a record of this kind writes.
    pub fn event(self) -> CaseEventKind {
        match self {
            RecordKind::Investigation => CaseEventKind::RecordInvestigation,
            RecordKind::Session => CaseEventKind::RecordSession,
            RecordKind::Urging => CaseEventKind::RecordUrging,
            RecordKind::FollowUp => CaseEventKind::RecordFollowUp,
        }
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
