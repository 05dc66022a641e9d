//! Mailbox letters (群众信箱, DESIGN.md §4.5): statuses and their rules,
//! parsing of the resident's form, and the acknowledge/resolve clocks.

pub const MAX_BODY: usize = 2000;
const MAX_PLACE_DETAIL: usize = 200;
const MAX_NAME: usize = 40;
pub const MAX_REPLY: usize = 2000;
pub const MAX_PHOTOS: usize = 3;
pub const MAX_PHOTO_BYTES: usize = 5 * 1024 * 1024;
const DAY: i64 = 86_400;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LetterStatus {
    Received,
    InProgress,
    Answered,
    Adopted,
    Done,
    Declined,
    Duplicate,
}

impl LetterStatus {
    pub const ALL: &'static [LetterStatus] = &[
        LetterStatus::Received,
        LetterStatus::InProgress,
        LetterStatus::Answered,
        LetterStatus::Adopted,
        LetterStatus::Done,
        LetterStatus::Declined,
        LetterStatus::Duplicate,
    ];

    pub fn code(self) -> &'static str {
        match self {
            LetterStatus::Received => "received",
            LetterStatus::InProgress => "in_progress",
            LetterStatus::Answered => "answered",
            LetterStatus::Adopted => "adopted",
            LetterStatus::Done => "done",
            LetterStatus::Declined => "declined",
            LetterStatus::Duplicate => "duplicate",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.code() == s)
    }

    pub fn label_key(self) -> String {
        format!("letter.status.{}", self.code())
    }

    /// The statuses this one may move to. Done, declined and duplicate are
    /// final; an answer or an adoption can still be carried out (done).
    pub fn next(self) -> &'static [LetterStatus] {
        use LetterStatus::*;
        match self {
            Received => &[InProgress, Answered, Adopted, Done, Declined, Duplicate],
            InProgress => &[Answered, Adopted, Done, Declined, Duplicate],
            Answered => &[InProgress, Adopted, Done],
            Adopted => &[Done],
            Done | Declined | Duplicate => &[],
        }
    }

    /// Leaving "received" means a person has looked at the letter.
    pub fn acknowledges(self) -> bool {
        self != LetterStatus::Received
    }

    /// The resident has had an answer: the resolve clock stops.
    pub fn resolves(self) -> bool {
        !matches!(self, LetterStatus::Received | LetterStatus::InProgress)
    }
}

/// A status change as staff asked for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    pub to: LetterStatus,
    pub reason: String,
    pub duplicate_of: Option<String>,
    pub project_ref: String,
}

/// Why a change is refused; each has a catalogue key next to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeError {
    NotAllowed,
    ReasonRequired,
    ReasonTooLong,
    DuplicateRequired,
}

impl ChangeError {
    pub fn key(self) -> &'static str {
        match self {
            ChangeError::NotAllowed => "letter.error.not_allowed",
            ChangeError::ReasonRequired => "letter.error.reason_required",
            ChangeError::ReasonTooLong => "form.error.too_long",
            ChangeError::DuplicateRequired => "letter.error.duplicate_required",
        }
    }
}

/// Checks a change against the status machine: declining needs a reason
/// the resident will read; a duplicate needs the letter it repeats.
pub fn check_change(from: LetterStatus, change: &StatusChange) -> Result<(), ChangeError> {
    if !from.next().contains(&change.to) {
        return Err(ChangeError::NotAllowed);
    }
    if change.reason.chars().count() > MAX_REPLY {
        return Err(ChangeError::ReasonTooLong);
    }
    match change.to {
        LetterStatus::Declined if change.reason.trim().is_empty() => Err(ChangeError::ReasonRequired),
        LetterStatus::Duplicate if change.duplicate_of.as_deref().unwrap_or("").is_empty() => {
            Err(ChangeError::DuplicateRequired)
        }
        _ => Ok(()),
    }
}

/// The two clocks of a letter, fixed when it arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clocks {
    pub ack_due_at: i64,
    pub resolve_due_at: i64,
}

pub fn clocks(submitted_at: i64, ack_days: i32, resolve_days: i32) -> Clocks {
    Clocks {
        ack_due_at: submitted_at + i64::from(ack_days.max(1)) * DAY,
        resolve_due_at: submitted_at + i64::from(resolve_days.max(1)) * DAY,
    }
}

/// Overdue: not acknowledged by its acknowledge time, or not resolved by its
/// resolve time.
pub fn is_overdue(now: i64, clocks: Clocks, acknowledged_at: Option<i64>, resolved_at: Option<i64>) -> bool {
    (acknowledged_at.is_none() && now > clocks.ack_due_at) || (resolved_at.is_none() && now > clocks.resolve_due_at)
}

/// The text fields of the resident's form, as typed.
#[derive(Debug, Clone, Default)]
pub struct LetterForm {
    pub category: String,
    pub street_id: String,
    pub community_id: String,
    pub place_detail: String,
    pub body: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub consent: String,
    pub form_token: String,
}

/// A complete, checked letter (photos are checked separately).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterInput {
    pub category: String,
    pub street_id: String,
    pub community_id: Option<String>,
    pub place_detail: String,
    pub body: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub consent: bool,
}

/// (field, catalogue key) pairs, shown next to each field.
pub type FormErrors = Vec<(&'static str, &'static str)>;

/// What the form is checked against: the places and categories that exist.
pub trait Known {
    fn category(&self, code: &str) -> bool;
    fn street(&self, id: &str) -> bool;
    /// Whether `community` lies in `street`.
    fn community_in(&self, community: &str, street: &str) -> bool;
}

impl LetterForm {
    pub fn parse(&self, known: &impl Known) -> Result<LetterInput, FormErrors> {
        let mut errors = FormErrors::new();
        if !known.category(&self.category) {
            errors.push(("category", "form.error.choose"));
        }
        if !known.street(&self.street_id) {
            errors.push(("street_id", "form.error.choose"));
        }
        let community = self.community_id.trim();
        if !community.is_empty() && !known.community_in(community, &self.street_id) {
            errors.push(("community_id", "letter.error.community"));
        }
        if self.place_detail.trim().chars().count() > MAX_PLACE_DETAIL {
            errors.push(("place_detail", "form.error.too_long"));
        }
        let body = self.body.trim();
        if body.is_empty() {
            errors.push(("body", "form.error.required"));
        } else if body.chars().count() > MAX_BODY {
            errors.push(("body", "letter.error.body_long"));
        }
        self.check_contact(&mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(LetterInput {
            category: self.category.clone(),
            street_id: self.street_id.clone(),
            community_id: Some(community.to_owned()).filter(|c| !c.is_empty()),
            place_detail: self.place_detail.trim().to_owned(),
            body: body.to_owned(),
            contact_name: self.contact_name.trim().to_owned(),
            contact_phone: self.contact_phone.trim().to_owned(),
            consent: self.consent == "yes",
        })
    }

    /// Contact details are optional; once any is given, consent is required
    /// (PIPL: a notice and a separate consent where personal data is taken).
    fn check_contact(&self, errors: &mut FormErrors) {
        let name = self.contact_name.trim();
        let phone = self.contact_phone.trim();
        if name.chars().count() > MAX_NAME {
            errors.push(("contact_name", "form.error.too_long"));
        }
        if !phone.is_empty() && !is_phone(phone) {
            errors.push(("contact_phone", "mediation.error.phone"));
        }
        if (!name.is_empty() || !phone.is_empty()) && self.consent != "yes" {
            errors.push(("consent", "letter.error.consent"));
        }
    }

    pub fn has_contact(&self) -> bool {
        !self.contact_name.trim().is_empty() || !self.contact_phone.trim().is_empty()
    }
}

/// 7–20 digits, with spaces, `-` and a leading `+` allowed.
pub fn is_phone(value: &str) -> bool {
    let digits = value.chars().filter(char::is_ascii_digit).count();
    let allowed = value
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || c == '-' || c == ' ' || (i == 0 && c == '+'));
    allowed && (7..=20).contains(&digits)
}

/// A form token is 64 hex characters from `random_token`.
pub fn valid_form_token(token: &str) -> bool {
    token.len() == 64 && token.chars().all(|c| c.is_ascii_hexdigit())
}

/// The first `n` characters, for lists and the public board.
pub fn excerpt(text: &str, n: usize) -> String {
    let mut out: String = text.chars().take(n).collect();
    if text.chars().count() > n {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use LetterStatus::*;

    struct World;
    impl Known for World {
        fn category(&self, code: &str) -> bool {
            code == "safety"
        }
        fn street(&self, id: &str) -> bool {
            id == "s1" || id == "s2"
        }
        fn community_in(&self, community: &str, street: &str) -> bool {
            community == "c1" && street == "s1"
        }
    }

    fn form() -> LetterForm {
        LetterForm {
            category: "safety".into(),
            street_id: "s1".into(),
            body: "  楼道灯坏了  ".into(),
            ..Default::default()
        }
    }

    fn change(to: LetterStatus, reason: &str) -> StatusChange {
        StatusChange {
            to,
            reason: reason.into(),
            duplicate_of: None,
            project_ref: String::new(),
        }
    }

    #[test]
    fn a_minimal_letter_parses_and_is_trimmed() {
        let input = form().parse(&World).unwrap();
        assert_eq!(input.body, "楼道灯坏了");
        assert_eq!(input.community_id, None);
        assert!(!input.consent);
    }

    #[test]
    fn empty_and_oversize_text_are_refused() {
        let mut f = form();
        f.body = "   ".into();
        assert_eq!(f.parse(&World).unwrap_err(), vec![("body", "form.error.required")]);
        f.body = "字".repeat(MAX_BODY + 1);
        assert_eq!(f.parse(&World).unwrap_err(), vec![("body", "letter.error.body_long")]);
        f.body = "字".repeat(MAX_BODY);
        assert!(f.parse(&World).is_ok());
    }

    #[test]
    fn unknown_category_street_and_foreign_community_are_refused() {
        let mut f = form();
        f.category = "nope".into();
        f.street_id = "s2".into();
        f.community_id = "c1".into();
        let errors = f.parse(&World).unwrap_err();
        assert!(errors.contains(&("category", "form.error.choose")));
        assert!(errors.contains(&("community_id", "letter.error.community")));
    }

    #[test]
    fn contact_details_need_consent_and_a_valid_phone() {
        let mut f = form();
        f.contact_phone = "13812345678".into();
        assert_eq!(f.parse(&World).unwrap_err(), vec![("consent", "letter.error.consent")]);
        f.consent = "yes".into();
        assert!(f.parse(&World).unwrap().consent);
        f.contact_phone = "abc".into();
        assert_eq!(
            f.parse(&World).unwrap_err(),
            vec![("contact_phone", "mediation.error.phone")]
        );
    }

    #[test]
    fn the_status_machine_allows_only_forward_moves() {
        assert!(check_change(Received, &change(InProgress, "")).is_ok());
        assert!(check_change(InProgress, &change(Answered, "")).is_ok());
        assert!(check_change(Adopted, &change(Done, "")).is_ok());
        assert_eq!(
            check_change(Done, &change(InProgress, "")),
            Err(ChangeError::NotAllowed)
        );
        assert_eq!(
            check_change(Received, &change(Received, "")),
            Err(ChangeError::NotAllowed)
        );
        assert!(Done.next().is_empty() && Declined.next().is_empty() && Duplicate.next().is_empty());
    }

    #[test]
    fn declining_needs_a_reason_and_duplicate_needs_a_link() {
        assert_eq!(
            check_change(Received, &change(Declined, "  ")),
            Err(ChangeError::ReasonRequired)
        );
        assert!(check_change(Received, &change(Declined, "不属于本社区事务")).is_ok());
        assert_eq!(
            check_change(Received, &change(Duplicate, "")),
            Err(ChangeError::DuplicateRequired)
        );
        let mut dup = change(Duplicate, "");
        dup.duplicate_of = Some("other".into());
        assert!(check_change(Received, &dup).is_ok());
    }

    #[test]
    fn clocks_and_overdue() {
        let c = clocks(1_000, 3, 30);
        assert_eq!(c.ack_due_at, 1_000 + 3 * DAY);
        assert_eq!(c.resolve_due_at, 1_000 + 30 * DAY);
        assert!(!is_overdue(c.ack_due_at, c, None, None));
        assert!(is_overdue(c.ack_due_at + 1, c, None, None));
        assert!(!is_overdue(c.ack_due_at + 1, c, Some(2_000), None));
        assert!(is_overdue(c.resolve_due_at + 1, c, Some(2_000), None));
        assert!(!is_overdue(c.resolve_due_at + 1, c, Some(2_000), Some(3_000)));
    }

    #[test]
    fn statuses_acknowledge_and_resolve() {
        assert!(!Received.acknowledges() && InProgress.acknowledges());
        assert!(!InProgress.resolves() && Answered.resolves() && Declined.resolves());
        assert_eq!(LetterStatus::parse("in_progress"), Some(InProgress));
        assert_eq!(excerpt("abcdef", 3), "abc…");
    }
}
