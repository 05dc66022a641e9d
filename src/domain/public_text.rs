//! Masking of contact and identity numbers in text shown to the public (the
//! board, the tracking page). Staff approve what a letter shows publicly;
//! this is the second line of defence, for what they overlook: a mainland
//! mobile number (1[3-9] and 9 more digits), a landline (0 + area code +
//! number, or a 7–8 digit local number) or an 18-character identity number
//! has each of its digits replaced by `*`.
//!
//! Numbers are often typed in groups (`138 1234 5678`, `023-6789 1234`), so
//! up to four digit groups joined by a single space or hyphen are tried
//! together, longest first; two numbers side by side are still two numbers.

/// How many digit groups one number may be typed in.
const MAX_GROUPS: usize = 4;

/// A maximal run of ASCII digits (an identity number's final X included),
/// by char index: `start..end`.
#[derive(Debug, Clone, Copy)]
struct Group {
    start: usize,
    end: usize,
}

fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '-' | '－' | '\u{3000}')
}

fn groups(chars: &[char]) -> Vec<Group> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        if i < chars.len() && matches!(chars[i], 'X' | 'x') {
            i += 1;
        }
        out.push(Group { start, end: i });
    }
    out
}

fn is_identity_number(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 18
        && b[..17].iter().all(u8::is_ascii_digit)
        && (b[17].is_ascii_digit() || b[17] == b'X' || b[17] == b'x')
}

fn is_mobile(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 11 && b.iter().all(u8::is_ascii_digit) && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])
}

fn is_landline(s: &str) -> bool {
    let b = s.as_bytes();
    if !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    match b.first() {
        Some(b'0') => (10..=12).contains(&b.len()),
        Some(b'1') | None => false,
        Some(_) => (7..=8).contains(&b.len()),
    }
}

/// Whether text typed as `digits` (separators removed) is a number to mask.
pub fn is_personal_number(digits: &str) -> bool {
    is_identity_number(digits) || is_mobile(digits) || is_landline(digits)
}

/// The text with phone and identity numbers masked digit by digit.
pub fn mask_personal_numbers(text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let groups = groups(&chars);
    let mut i = 0;
    while i < groups.len() {
        let taken = (1..=MAX_GROUPS.min(groups.len() - i))
            .rev()
            .find(|&n| joined(&chars, &groups[i..i + n]).is_some_and(|s| is_personal_number(&s)));
        match taken {
            Some(n) => {
                for c in &mut chars[groups[i].start..groups[i + n - 1].end] {
                    if c.is_ascii_alphanumeric() {
                        *c = '*';
                    }
                }
                i += n;
            }
            None => i += 1,
        }
    }
    chars.into_iter().collect()
}

/// The digits of consecutive groups if each is joined to the next by one
/// separator, else None.
fn joined(chars: &[char], groups: &[Group]) -> Option<String> {
    let mut out = String::new();
    for (k, g) in groups.iter().enumerate() {
        if k > 0 {
            let prev = groups[k - 1];
            let one_separator = g.start == prev.end + 1 && is_separator(chars[prev.end]);
            // Only an identity number ends in X, so nothing may follow it.
            let prev_is_digits = chars[prev.end - 1].is_ascii_digit();
            if !one_separator || !prev_is_digits {
                return None;
            }
        }
        out.extend(&chars[g.start..g.end]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobile_numbers_are_masked_at_their_bounds() {
        assert_eq!(mask_personal_numbers("电话13812345678谢谢"), "电话***********谢谢");
        assert_eq!(mask_personal_numbers("19912345678"), "***********");
        // 1[3-9] only, exactly eleven digits.
        assert_eq!(mask_personal_numbers("12812345678"), "12812345678");
        assert_eq!(mask_personal_numbers("1381234567"), "1381234567");
        assert_eq!(mask_personal_numbers("138123456789"), "138123456789");
    }

    #[test]
    fn grouped_and_adjacent_numbers_are_each_found() {
        assert_eq!(mask_personal_numbers("138 1234 5678"), "*** **** ****");
        assert_eq!(mask_personal_numbers("138-1234-5678。"), "***-****-****。");
        assert_eq!(
            mask_personal_numbers("13812345678 13987654321"),
            "*********** ***********"
        );
        // Two separators are not one number.
        assert_eq!(mask_personal_numbers("138  1234 5678"), "138  1234 5678");
    }

    #[test]
    fn landlines_are_masked_with_or_without_area_code() {
        assert_eq!(mask_personal_numbers("023-67891234"), "***-********");
        assert_eq!(mask_personal_numbers("02367891234"), "***********");
        assert_eq!(mask_personal_numbers("物业 6789 1234"), "物业 **** ****");
        assert_eq!(mask_personal_numbers("6789123"), "*******");
        // Six digits, or a short area-coded number, are left alone.
        assert_eq!(mask_personal_numbers("678912"), "678912");
        assert_eq!(mask_personal_numbers("023678912"), "023678912");
    }

    #[test]
    fn identity_numbers_are_masked_with_their_check_character() {
        assert_eq!(
            mask_personal_numbers("身份证11010519491231002X。"),
            "身份证******************。"
        );
        assert_eq!(mask_personal_numbers("110105194912310021"), "******************");
        assert_eq!(mask_personal_numbers("110105 19491231 002x"), "****** ******** ****");
        // 17 or 19 characters are not identity numbers.
        assert_eq!(mask_personal_numbers("11010519491231002"), "11010519491231002");
        assert_eq!(mask_personal_numbers("1101051949123100211"), "1101051949123100211");
    }

    #[test]
    fn ordinary_text_and_small_numbers_are_kept() {
        let text = "3 栋 2 单元门口的雨棚破了，共 12 户，费用约 3000 元。";
        assert_eq!(mask_personal_numbers(text), text);
        assert_eq!(mask_personal_numbers(""), "");
    }
}
