//! Mainland resident identity numbers (居民身份证号码, GB 11643): parsed with
//! their check digit, and masked for display.

#[derive(Clone, PartialEq, Eq)]
pub struct IdNumber(String);

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

impl IdNumber {
    /// 18 characters, the last a digit or X, with a valid ISO 7064 check digit.
    pub fn parse(raw: &str) -> Option<Self> {
        let s: String = raw
            .trim()
            .to_uppercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let chars: Vec<char> = s.chars().collect();
        if chars.len() != 18 || !chars[..17].iter().all(char::is_ascii_digit) {
            return None;
        }
        let sum: u32 = chars[..17]
            .iter()
            .zip(WEIGHTS)
            .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
            .sum();
        (CHECK[(sum % 11) as usize] == chars[17]).then_some(IdNumber(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IdNumber({})", mask_id_number(&self.0))
    }
}

/// 110105199001011234 → 110***********1234.
pub fn mask_id_number(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() < 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 7))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_numbers_parse_and_bad_check_digits_do_not() {
        assert!(IdNumber::parse("11010519491231002X").is_some());
        assert!(IdNumber::parse("11010519491231002x").is_some());
        assert!(IdNumber::parse("110105194912310021").is_none());
        assert!(IdNumber::parse("1101051949123100").is_none());
    }

    #[test]
    fn numbers_are_masked_and_never_debug_printed_in_full() {
        assert_eq!(mask_id_number("11010519491231002X"), "110***********002X");
        let id = IdNumber::parse("11010519491231002X").unwrap();
        assert_eq!(format!("{id:?}"), "IdNumber(110***********002X)");
    }
}
