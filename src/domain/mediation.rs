//! Mediation vocabulary: dispute types (§5.4), sources (§5.1), risk levels,
//! case numbers and receipt codes.

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

/// Crockford base32: no I, L, O, U, so codes read aloud without confusion.
const RECEIPT_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A receipt code from 20 random bytes (160 bits), shown as 8 groups of 4.
pub fn receipt_code(random: &[u8; 20]) -> String {
    let mut bits: u64 = 0;
    let mut nbits = 0;
    let mut out = String::with_capacity(40);
    for byte in random {
        bits = (bits << 8) | u64::from(*byte);
        nbits += 8;
        while nbits >= 5 {
            nbits -= 5;
            out.push(RECEIPT_ALPHABET[((bits >> nbits) & 31) as usize] as char);
        }
    }
    let chars: Vec<char> = out.chars().collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// What people type back: any case, spaces or hyphens, and the usual
/// look-alikes (O→0, I/L→1). Returns None when it cannot be a code.
pub fn normalize_receipt_code(input: &str) -> Option<String> {
    let mut out = String::with_capacity(32);
    for c in input.chars().filter(|c| !c.is_whitespace() && *c != '-') {
        let c = match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        };
        if !RECEIPT_ALPHABET.contains(&(c as u8)) || !c.is_ascii() {
            return None;
        }
        out.push(c);
    }
    (out.len() == 32).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_numbers_follow_the_committee_format() {
        assert_eq!(case_number(2026, "五里店", 12), "(2026)江北五里店人调字第12号");
    }

    #[test]
    fn receipt_codes_carry_160_bits_and_survive_retyping() {
        let code = receipt_code(&[0xA5; 20]);
        assert_eq!(code.len(), 32 + 7);
        let typed = code.to_lowercase().replace('-', " ");
        assert_eq!(normalize_receipt_code(&typed), Some(code.replace('-', "")));
        assert_eq!(normalize_receipt_code("too short"), None);
        assert_ne!(receipt_code(&[0; 20]), receipt_code(&[1; 20]));
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
