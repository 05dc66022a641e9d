//! Parsed account input: a value of these types is always valid.

use crate::domain::role::Role;

/// Login name: 3–32 characters of `a-z 0-9 . _ -`, lower-cased; a resident's
/// is their 11-digit mainland mobile number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

/// Why an input was refused. Each maps to a catalogue key shown next to the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountInputError {
    Empty,
    TooShort,
    TooLong,
    BadCharacters,
    NotAPhoneNumber,
    PasswordTooShort,
    /// Shorter than the staff minimum of 12.
    StaffPasswordTooShort,
    PasswordTooLong,
    /// In the shipped list of common passwords.
    PasswordTooCommon,
}

impl AccountInputError {
    pub fn message_key(self) -> &'static str {
        match self {
            AccountInputError::Empty => "form.error.required",
            AccountInputError::TooShort => "account.error.username_short",
            AccountInputError::TooLong => "form.error.too_long",
            AccountInputError::BadCharacters => "account.error.username_chars",
            AccountInputError::NotAPhoneNumber => "account.error.phone",
            AccountInputError::PasswordTooShort => "account.error.password_short",
            AccountInputError::StaffPasswordTooShort => "account.error.password_short_staff",
            AccountInputError::PasswordTooCommon => "account.error.password_common",
            AccountInputError::PasswordTooLong => "account.error.password_long",
        }
    }
}

impl Username {
    pub fn parse(raw: &str) -> Result<Self, AccountInputError> {
        let s = raw.trim().to_lowercase();
        if s.is_empty() {
            return Err(AccountInputError::Empty);
        }
        if s.chars().count() < 3 {
            return Err(AccountInputError::TooShort);
        }
        if s.chars().count() > 32 {
            return Err(AccountInputError::TooLong);
        }
        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c);
        if !s.chars().all(allowed) {
            return Err(AccountInputError::BadCharacters);
        }
        Ok(Username(s))
    }

    /// A resident's login is a mainland mobile number (`domain::phone`),
    /// stored as its 11 digits.
    pub fn parse_phone(raw: &str) -> Result<Self, AccountInputError> {
        if raw.trim().is_empty() {
            return Err(AccountInputError::Empty);
        }
        super::phone::normalise_mobile(raw)
            .map(Username)
            .map_err(|_| AccountInputError::NotAPhoneNumber)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person's shown name: 1–40 characters after trimming.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<Self, AccountInputError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(AccountInputError::Empty);
        }
        if s.chars().count() > 40 {
            return Err(AccountInputError::TooLong);
        }
        Ok(DisplayName(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Length is what matters (NIST SP 800-63B): staff accounts reach every
/// street's cases, so they need at least 12 characters (ASVS 2.1.1);
/// residents, often elderly, keep a friendlier 10. Both are refused when the
/// password is a common one. At most 128 so a huge body cannot make argon2
/// work on megabytes.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

pub const MIN_PASSWORD_CHARS: usize = 10;
pub const MIN_STAFF_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 128;

/// Which length rule a new password must meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordRule {
    Staff,
    Resident,
}

impl PasswordRule {
    pub fn for_role(role: Role) -> Self {
        if role == Role::Resident {
            PasswordRule::Resident
        } else {
            PasswordRule::Staff
        }
    }
}

impl NewPassword {
    pub fn parse(raw: &str, rule: PasswordRule) -> Result<Self, AccountInputError> {
        let n = raw.chars().count();
        if n == 0 {
            return Err(AccountInputError::Empty);
        }
        match rule {
            PasswordRule::Resident if n < MIN_PASSWORD_CHARS => return Err(AccountInputError::PasswordTooShort),
            PasswordRule::Staff if n < MIN_STAFF_PASSWORD_CHARS => {
                return Err(AccountInputError::StaffPasswordTooShort);
            }
            _ => {}
        }
        if n > MAX_PASSWORD_CHARS {
            return Err(AccountInputError::PasswordTooLong);
        }
        if crate::auth::common_passwords::is_common(raw) {
            return Err(AccountInputError::PasswordTooCommon);
        }
        Ok(NewPassword(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_normalised_and_checked() {
        assert_eq!(Username::parse("  Admin ").unwrap().as_str(), "admin");
        assert_eq!(Username::parse(""), Err(AccountInputError::Empty));
        assert_eq!(Username::parse("ab"), Err(AccountInputError::TooShort));
        assert_eq!(Username::parse("a b c"), Err(AccountInputError::BadCharacters));
        assert_eq!(Username::parse("张三丰"), Err(AccountInputError::BadCharacters));
        assert_eq!(Username::parse(&"a".repeat(33)), Err(AccountInputError::TooLong));
    }

    #[test]
    fn phone_numbers_must_be_mainland_mobiles() {
        assert_eq!(Username::parse_phone("138 1234 1234").unwrap().as_str(), "13812341234");
        assert_eq!(
            Username::parse_phone("+86 138-1234-1234").unwrap().as_str(),
            "13812341234"
        );
        assert_eq!(
            Username::parse_phone("12812341234"),
            Err(AccountInputError::NotAPhoneNumber),
            "no mobile range starts 12"
        );
        assert_eq!(
            Username::parse_phone("2381234123"),
            Err(AccountInputError::NotAPhoneNumber)
        );
        assert_eq!(
            Username::parse_phone("23812341234"),
            Err(AccountInputError::NotAPhoneNumber)
        );
    }

    #[test]
    fn passwords_have_length_bounds() {
        let resident = PasswordRule::Resident;
        assert!(NewPassword::parse("correct horse", resident).is_ok());
        assert_eq!(
            NewPassword::parse("short", resident),
            Err(AccountInputError::PasswordTooShort)
        );
        assert_eq!(
            NewPassword::parse(&"xy".repeat(65), resident),
            Err(AccountInputError::PasswordTooLong)
        );
        assert_eq!(
            format!("{:?}", NewPassword::parse("correct horse", resident).unwrap()),
            "NewPassword(***)"
        );
    }

    #[test]
    fn staff_need_twelve_characters_and_nobody_a_common_password() {
        let (staff, resident) = (PasswordRule::Staff, PasswordRule::Resident);
        assert_eq!(
            NewPassword::parse("eleven-char", staff),
            Err(AccountInputError::StaffPasswordTooShort)
        );
        assert!(NewPassword::parse("eleven-char", resident).is_ok());
        assert!(NewPassword::parse("twelve-chars", staff).is_ok());
        for rule in [staff, resident] {
            assert_eq!(
                NewPassword::parse("1q2w3e4r5t6y", rule),
                Err(AccountInputError::PasswordTooCommon)
            );
        }
        assert_eq!(PasswordRule::for_role(Role::Resident), resident);
        for role in [Role::Admin, Role::Coordinator, Role::Mediator] {
            assert_eq!(PasswordRule::for_role(role), staff);
        }
    }

    #[test]
    fn display_names_are_trimmed() {
        assert_eq!(DisplayName::parse(" 王小明 ").unwrap().as_str(), "王小明");
        assert_eq!(DisplayName::parse("  "), Err(AccountInputError::Empty));
    }
}
