//! Telephone numbers as residents write them (issue 14 item 6: a 7-digit
//! number was accepted and printed on an agreement, where nobody could call
//! it back). Pure: from what was typed to one stored form, or a reason.
//!
//! Accepted, after spaces, `-`, `.` and brackets are set aside (people group
//! digits every way; full-width digits from a Chinese keyboard count too):
//! - a mainland mobile: 11 digits `1[3-9]` + 9, stored as the 11 digits,
//!   e.g. `138 1234 5678` → `13812345678`;
//! - a landline with its area code: `0`, the area code, and a 7–8 digit
//!   local number that does not start with 0 or 1 (those are trunk and
//!   service prefixes). Area codes 010 and 020–029 have two digits after the
//!   0, every other (0311, 0755 …) three — the national plan, which is what
//!   lets `02367781234` be split without the dash. Stored as
//!   `023-67781234`;
//! - either one after a country prefix `+86` or `0086`; a landline then
//!   drops its leading 0 (`+86 23 6778 1234`);
//! - a landline extension only after an explicit marker (`转`, `分机`,
//!   `ext`, `x` or `#`) and 1–6 digits, stored as `023-67781234转801`. A
//!   trailing dash group is not taken as one: `023-6778-1234` is a local
//!   number written in two groups, and guessing would dial the wrong desk.
//!
//! Numbers stored before this rule stay as they were: only new input is
//! parsed.

/// Why a number was refused; each has its own words next to the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneError {
    /// Letters or signs that belong to no phone number.
    Characters,
    /// 7–8 digits that look like a local number: the area code is missing.
    NoAreaCode,
    /// Digits, but neither a mobile nor a landline.
    NotANumber,
}

impl PhoneError {
    /// The catalogue key of the message shown next to the field.
    pub fn message_key(self) -> &'static str {
        match self {
            PhoneError::Characters => "phone.error.characters",
            PhoneError::NoAreaCode => "phone.error.area_code",
            PhoneError::NotANumber => "phone.error.invalid",
        }
    }
}

/// The longest input looked at: a number with prefix, separators and an
/// extension fits easily; anything longer is not a phone number.
const MAX_INPUT_CHARS: usize = 40;
const MOBILE_DIGITS: usize = 11;
const LOCAL_DIGITS: std::ops::RangeInclusive<usize> = 7..=8;
const EXTENSION_DIGITS: std::ops::RangeInclusive<usize> = 1..=6;
/// Markers before an extension, longest first so `分机` wins over nothing.
const EXTENSION_MARKERS: [&str; 5] = ["分机", "转", "ext", "x", "#"];

/// Parses what was typed into the stored form (see the module comment).
/// An empty field is the caller's business (optional or required).
pub fn normalise(raw: &str) -> Result<String, PhoneError> {
    let text: String = raw.trim().chars().map(half_width).collect::<String>().to_lowercase();
    if text.chars().count() > MAX_INPUT_CHARS {
        return Err(PhoneError::NotANumber);
    }
    let (number, extension) = split_extension(&text)?;
    let (international, digits) = digits_of(number)?;
    let national = if international {
        national_from_international(&digits)?
    } else {
        digits
    };
    if let Some(mobile) = mobile(&national) {
        return match extension {
            // A mobile has no extensions: the marker is a typing slip.
            Some(_) => Err(PhoneError::NotANumber),
            None => Ok(mobile),
        };
    }
    let landline = landline(&national)?;
    Ok(match extension {
        Some(ext) => format!("{landline}转{ext}"),
        None => landline,
    })
}

/// An optional phone field: left empty it stays empty; anything typed must
/// be a number.
pub fn optional(raw: &str) -> Result<String, PhoneError> {
    if raw.trim().is_empty() {
        Ok(String::new())
    } else {
        normalise(raw)
    }
}

/// A mainland mobile only (a resident's login): the 11 digits, or a reason.
pub fn normalise_mobile(raw: &str) -> Result<String, PhoneError> {
    let normalised = normalise(raw)?;
    if mobile(&normalised).is_some() {
        Ok(normalised)
    } else {
        Err(PhoneError::NotANumber)
    }
}

/// Full-width digits and signs (０-９, －, ＋, （）, 　) as ASCII.
fn half_width(c: char) -> char {
    match c {
        '０'..='９' => char::from_digit(c as u32 - '０' as u32, 10).unwrap_or(c),
        '－' | '—' | '–' => '-',
        '＋' => '+',
        '（' => '(',
        '）' => ')',
        '＃' => '#',
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Splits off an extension after an explicit marker.
fn split_extension(text: &str) -> Result<(&str, Option<String>), PhoneError> {
    let Some((at, marker)) = EXTENSION_MARKERS
        .iter()
        .filter_map(|m| text.find(m).map(|at| (at, *m)))
        .min_by_key(|(at, _)| *at)
    else {
        return Ok((text, None));
    };
    let rest = text[at + marker.len()..].trim_start_matches(['.', ':', ' ', '-']);
    let ext: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
    let valid = EXTENSION_DIGITS.contains(&ext.len()) && ext.chars().all(|c| c.is_ascii_digit());
    if !valid {
        return Err(if ext.chars().all(|c| c.is_ascii_digit()) {
            PhoneError::NotANumber
        } else {
            PhoneError::Characters
        });
    }
    Ok((&text[..at], Some(ext)))
}

/// The digits of the number part, and whether it began with `+`.
fn digits_of(number: &str) -> Result<(bool, String), PhoneError> {
    let number = number.trim();
    let (plus, body) = match number.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, number),
    };
    let separator = |c: char| matches!(c, ' ' | '-' | '.' | '(' | ')');
    if !body.chars().all(|c| c.is_ascii_digit() || separator(c)) {
        return Err(PhoneError::Characters);
    }
    let digits: String = body.chars().filter(char::is_ascii_digit).collect();
    if plus {
        return Ok((true, digits));
    }
    // 00 is the international dialling prefix: 0086 is +86.
    match digits.strip_prefix("00") {
        Some(rest) => Ok((true, rest.to_owned())),
        None => Ok((false, digits)),
    }
}

/// After +86 a mobile is as at home and a landline has lost its 0 (Beijing's
/// `+86 10 …` starts with 1 too, but is no 11-digit mobile). A written 0
/// kept after the prefix (`+86 (0)23 …`) is forgiven, as people do.
fn national_from_international(digits: &str) -> Result<String, PhoneError> {
    let Some(rest) = digits.strip_prefix("86") else {
        // Another country: the centre cannot call it back.
        return Err(PhoneError::NotANumber);
    };
    Ok(if rest.starts_with('0') || mobile(rest).is_some() {
        rest.to_owned()
    } else {
        format!("0{rest}")
    })
}

/// `1[3-9]` and nine more digits: the mobile itself.
fn mobile(digits: &str) -> Option<String> {
    let bytes = digits.as_bytes();
    let is_mobile = digits.len() == MOBILE_DIGITS
        && bytes[0] == b'1'
        && (b'3'..=b'9').contains(&bytes[1])
        && digits.chars().all(|c| c.is_ascii_digit());
    is_mobile.then(|| digits.to_owned())
}

/// `0` + area code + local number, as `0AA-NNNNNNNN`.
fn landline(digits: &str) -> Result<String, PhoneError> {
    let Some(after_zero) = digits.strip_prefix('0') else {
        // A bare local number is the commonest slip: say what is missing.
        let local_only = LOCAL_DIGITS.contains(&digits.len()) && starts_local(digits);
        return Err(if local_only {
            PhoneError::NoAreaCode
        } else {
            PhoneError::NotANumber
        });
    };
    let area_len = match after_zero.as_bytes().first() {
        Some(b'1') if after_zero.starts_with("10") => 2,
        Some(b'2') => 2,
        Some(b'3'..=b'9') => 3,
        _ => return Err(PhoneError::NotANumber),
    };
    if after_zero.len() <= area_len {
        return Err(PhoneError::NotANumber);
    }
    let (area, local) = after_zero.split_at(area_len);
    if !LOCAL_DIGITS.contains(&local.len()) || !starts_local(local) {
        return Err(PhoneError::NotANumber);
    }
    Ok(format!("0{area}-{local}"))
}

/// Local numbers start with 2–9; 0 is the trunk prefix and 1 the services.
fn starts_local(digits: &str) -> bool {
    matches!(digits.as_bytes().first(), Some(b'2'..=b'9'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(raw: &str) -> String {
        normalise(raw).unwrap_or_else(|e| panic!("{raw:?} refused: {e:?}"))
    }

    #[test]
    fn mobiles_are_eleven_digits_starting_13_to_19() {
        assert_eq!(ok("13812345678"), "13812345678");
        assert_eq!(ok(" 138 1234 5678 "), "13812345678");
        assert_eq!(ok("138-1234-5678"), "13812345678");
        assert_eq!(ok("１３８１２３４５６７８"), "13812345678", "full-width digits");
        for second in '3'..='9' {
            assert_eq!(ok(&format!("1{second}012345678")).len(), 11);
        }
        // The second digit's bounds: 0, 1 and 2 are no mobile range.
        assert_eq!(normalise("12012345678"), Err(PhoneError::NotANumber));
        assert_eq!(normalise("11012345678"), Err(PhoneError::NotANumber));
        // One digit short and one too many.
        assert_eq!(normalise("1381234567"), Err(PhoneError::NotANumber));
        assert_eq!(normalise("138123456789"), Err(PhoneError::NotANumber));
    }

    #[test]
    fn country_prefixes_are_taken_off() {
        assert_eq!(ok("+86 138 1234 5678"), "13812345678");
        assert_eq!(ok("+8613812345678"), "13812345678");
        assert_eq!(ok("0086 138 1234 5678"), "13812345678");
        assert_eq!(ok("＋86 13812345678"), "13812345678");
        assert_eq!(ok("+86 23 6778 1234"), "023-67781234", "a landline loses its 0");
        assert_eq!(ok("+86 (0)23 6778 1234"), "023-67781234", "a kept 0 is forgiven");
        assert_eq!(ok("0086-10-62345678"), "010-62345678");
        assert_eq!(ok("+86 10 6234 5678"), "010-62345678", "Beijing starts with 1 too");
        // Other countries, and 86 without + or 00, are not mainland numbers.
        assert_eq!(normalise("+1 212 555 0100"), Err(PhoneError::NotANumber));
        assert_eq!(normalise("8613812345678"), Err(PhoneError::NotANumber));
        assert_eq!(normalise("0044 20 7946 0000"), Err(PhoneError::NotANumber));
    }

    #[test]
    fn landlines_need_their_area_code() {
        assert_eq!(ok("023-67781234"), "023-67781234");
        assert_eq!(ok("02367781234"), "023-67781234", "split by the numbering plan");
        assert_eq!(ok("(023) 6778 1234"), "023-67781234");
        assert_eq!(ok("010-62345678"), "010-62345678");
        assert_eq!(ok("0755-2345678"), "0755-2345678", "3-digit area code, 7-digit number");
        assert_eq!(ok("0311-82345678"), "0311-82345678");
        // The bug of the issue: a bare local number.
        assert_eq!(normalise("6778123"), Err(PhoneError::NoAreaCode));
        assert_eq!(normalise("67781234"), Err(PhoneError::NoAreaCode));
        // Local numbers of 6 and 9 digits are no numbers at all.
        assert_eq!(normalise("677812"), Err(PhoneError::NotANumber));
        assert_eq!(normalise("023-677812"), Err(PhoneError::NotANumber));
        assert_eq!(normalise("023-677812345"), Err(PhoneError::NotANumber));
        // A local number never starts with 0 or 1.
        assert_eq!(normalise("023-07781234"), Err(PhoneError::NotANumber));
        assert_eq!(normalise("023-17781234"), Err(PhoneError::NotANumber));
        // 01x other than 010 is no area code; 00 is international.
        assert_eq!(normalise("011-62345678"), Err(PhoneError::NotANumber));
        assert_eq!(normalise("0023"), Err(PhoneError::NotANumber));
        assert_eq!(normalise("0"), Err(PhoneError::NotANumber));
        assert_eq!(normalise("023"), Err(PhoneError::NotANumber));
    }

    #[test]
    fn extensions_need_a_marker_and_one_to_six_digits() {
        assert_eq!(ok("023-67781234转801"), "023-67781234转801");
        assert_eq!(ok("023-67781234 分机 801"), "023-67781234转801");
        assert_eq!(ok("023-67781234 ext. 801"), "023-67781234转801");
        assert_eq!(ok("023 6778 1234 x8"), "023-67781234转8");
        assert_eq!(ok("023-67781234#123456"), "023-67781234转123456");
        assert_eq!(normalise("023-67781234转1234567"), Err(PhoneError::NotANumber));
        assert_eq!(normalise("023-67781234转"), Err(PhoneError::NotANumber));
        assert_eq!(normalise("023-67781234转abc"), Err(PhoneError::Characters));
        assert_eq!(
            normalise("13812345678转8"),
            Err(PhoneError::NotANumber),
            "mobiles have none"
        );
        // Without a marker, a third group is not guessed to be one.
        assert_eq!(normalise("023-67781234-801"), Err(PhoneError::NotANumber));
        // The stored form reads back as itself.
        assert_eq!(ok(&ok("023 6778 1234 转 801")), "023-67781234转801");
    }

    #[test]
    fn other_text_is_refused_for_its_characters() {
        assert_eq!(normalise("call me"), Err(PhoneError::Characters));
        assert_eq!(normalise("138一二三四5678"), Err(PhoneError::Characters));
        assert_eq!(normalise("138*1234*5678"), Err(PhoneError::Characters));
        assert_eq!(normalise("++8613812345678"), Err(PhoneError::Characters));
        assert_eq!(normalise(&"1".repeat(41)), Err(PhoneError::NotANumber));
        assert_eq!(normalise(""), Err(PhoneError::NotANumber));
    }

    #[test]
    fn an_optional_field_may_stay_empty() {
        assert_eq!(optional("  "), Ok(String::new()));
        assert_eq!(optional(" 138 1234 5678"), Ok("13812345678".into()));
        assert_eq!(optional("6778123"), Err(PhoneError::NoAreaCode));
    }

    #[test]
    fn a_login_is_a_mobile_only() {
        assert_eq!(normalise_mobile("+86 138 1234 5678"), Ok("13812345678".into()));
        assert_eq!(normalise_mobile("023-67781234"), Err(PhoneError::NotANumber));
        assert_eq!(normalise_mobile("abc"), Err(PhoneError::Characters));
    }
}
