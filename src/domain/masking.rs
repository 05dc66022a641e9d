//! Masking of personal data for lists and exports (DESIGN.md §5.5, §8).

/// 张三明 → 张*明, 张三 → 张*, Ann → A*n. Keeps the first and last character
/// so staff can still tell people apart in a list.
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".to_owned(),
        2 => format!("{}*", chars[0]),
        n => {
            let middle = "*".repeat(n - 2);
            format!("{}{}{}", chars[0], middle, chars[n - 1])
        }
    }
}

/// 13812341234 → 138****1234. Short or odd numbers are masked whole except
/// the last two digits, so nothing identifying leaks from a malformed value.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.trim().chars().collect();
    let n = chars.len();
    if n >= 11 {
        let head: String = chars[..3].iter().collect();
        let tail: String = chars[n - 4..].iter().collect();
        format!("{head}{}{tail}", "*".repeat(n - 7))
    } else if n > 2 {
        let tail: String = chars[n - 2..].iter().collect();
        format!("{}{tail}", "*".repeat(n - 2))
    } else {
        "*".repeat(n)
    }
}

/// A household's owners as imported (`李四;王五`), each name masked:
/// `李*;王*`. Both kinds of semicolon and comma separate names.
pub fn mask_owners(owners: &str) -> String {
    owners
        .split([';', '；', ',', '，'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(mask_name)
        .collect::<Vec<_>>()
        .join(";")
}

/// Residents log in with their phone number; staff with a chosen name.
/// Lists and the audit log show phone-like usernames masked.
pub fn mask_login(login: &str) -> String {
    if !login.is_empty() && login.chars().all(|c| c.is_ascii_digit()) {
        mask_phone(login)
    } else {
        login.to_owned()
    }
}

/// An address keeps only its start (the district or street part) and hides
/// the rest behind a fixed run of stars, so neither the door nor the length
/// of the address shows: `江北区建新北路1号3栋` → `江北区***`. At most six
/// characters and never more than a third of the address are kept.
pub fn mask_address(address: &str) -> String {
    let chars: Vec<char> = address.trim().chars().collect();
    if chars.is_empty() {
        return String::new();
    }
    let keep = (chars.len() / 3).min(6);
    let head: String = chars[..keep].iter().collect();
    format!("{head}***")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_first_and_last_character() {
        assert_eq!(mask_name("张三明"), "张*明");
        assert_eq!(mask_name("欧阳娜娜"), "欧**娜");
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("张"), "*");
        assert_eq!(mask_name(""), "");
    }

    #[test]
    fn each_owner_is_masked() {
        assert_eq!(mask_owners("张三明"), "张*明");
        assert_eq!(mask_owners("李四;王五"), "李*;王*");
        assert_eq!(mask_owners("李四； 欧阳娜娜，Ann"), "李*;欧**娜;A*n");
        assert_eq!(mask_owners(""), "");
        assert_eq!(mask_owners(";"), "");
    }

    #[test]
    fn phones_show_prefix_and_last_four() {
        assert_eq!(mask_phone("13812341234"), "138****1234");
        assert_eq!(mask_phone("6788"), "**88");
        assert_eq!(mask_phone("1"), "*");
    }

    #[test]
    fn only_numeric_logins_are_masked() {
        assert_eq!(mask_login("13812341234"), "138****1234");
        assert_eq!(mask_login("admin"), "admin");
    }

    #[test]
    fn addresses_keep_at_most_a_third_and_six_characters() {
        assert_eq!(mask_address("江北区建新北路1号3栋"), "江北区***");
        assert_eq!(
            mask_address("重庆市江北区观音桥街道建新北路一支路8号附3号2单元"),
            "重庆市江北区***"
        );
        assert_eq!(mask_address("1号"), "***");
        assert_eq!(mask_address("  "), "");
    }
}
