//! The anonymised case library for training (DESIGN.md §6 "Method tags"):
//! closed cases told without the people in them. Names become roles
//! (申请人甲, 被申请人乙), addresses are taken out, and phone and identity
//! numbers are masked (`public_text`), so a case can teach without exposing
//! anyone (个人信息保护法 Art. 4: anonymised data is no longer personal).

use super::public_text::mask_personal_numbers;

/// Ordinals of parties who share a role: 甲, 乙, 丙…
const ORDINALS_ZH: [&str; 10] = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"];

/// The alias of the `n`-th (0-based) party of a role, in Chinese
/// (申请人甲) or in English (Applicant A).
pub fn alias(role_label: &str, n: usize, chinese: bool) -> String {
    if chinese {
        let ordinal = ORDINALS_ZH
            .get(n)
            .map_or_else(|| (n + 1).to_string(), |s| (*s).to_owned());
        format!("{role_label}{ordinal}")
    } else {
        let ordinal = u8::try_from(n)
            .ok()
            .filter(|n| *n < 26)
            .map_or_else(|| (n + 1).to_string(), |n| char::from(b'A' + n).to_string());
        format!("{role_label} {ordinal}")
    }
}

/// What to take out of a case's texts: each party's name (and their
/// agent's) with the alias that replaces it, and every address known.
#[derive(Debug, Clone, Default)]
pub struct Redactions {
    /// (name, alias)
    pub names: Vec<(String, String)>,
    pub addresses: Vec<String>,
}

/// The mark left where an address was.
pub const ADDRESS_REMOVED: &str = "〔地址略〕";

/// The text told without the people in it. Longer names go first, so that
/// 张秀英 is replaced before a party called 张秀; a one-character "name"
/// is skipped, since replacing it would rewrite ordinary words.
pub fn anonymise(text: &str, r: &Redactions) -> String {
    let mut out = text.to_owned();
    let mut addresses: Vec<&String> = r.addresses.iter().filter(|a| a.trim().chars().count() >= 2).collect();
    addresses.sort_by_key(|a| std::cmp::Reverse(a.chars().count()));
    for address in addresses {
        out = out.replace(address.trim(), ADDRESS_REMOVED);
    }
    let mut names: Vec<&(String, String)> = r.names.iter().filter(|(n, _)| n.trim().chars().count() >= 2).collect();
    names.sort_by_key(|(n, _)| std::cmp::Reverse(n.chars().count()));
    for (name, alias) in names {
        out = out.replace(name.trim(), alias);
    }
    mask_personal_numbers(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redactions() -> Redactions {
        Redactions {
            names: vec![
                ("张秀英".into(), "申请人甲".into()),
                ("王建国".into(), "被申请人甲".into()),
                ("李".into(), "代理人".into()),
            ],
            addresses: vec!["塔坪小区3栋2单元501".into(), "".into()],
        }
    }

    #[test]
    fn names_become_roles_and_addresses_and_numbers_go() {
        let text =
            "张秀英（住塔坪小区3栋2单元501，电话13812345678）称王建国家漏水，身份证500105199001011234。李经理到场。";
        let out = anonymise(text, &redactions());
        assert_eq!(
            out,
            "申请人甲（住〔地址略〕，电话***********）称被申请人甲家漏水，身份证******************。李经理到场。"
        );
        for leaked in ["张秀英", "王建国", "13812345678", "塔坪小区3栋", "500105"] {
            assert!(!out.contains(leaked), "{leaked}");
        }
    }

    #[test]
    fn the_longer_name_is_replaced_first() {
        let r = Redactions {
            names: vec![("张秀".into(), "第三人甲".into()), ("张秀英".into(), "申请人甲".into())],
            addresses: vec![],
        };
        assert_eq!(anonymise("张秀英与张秀", &r), "申请人甲与第三人甲");
    }

    #[test]
    fn aliases_count_within_a_role() {
        assert_eq!(alias("申请人", 0, true), "申请人甲");
        assert_eq!(alias("被申请人", 1, true), "被申请人乙");
        assert_eq!(alias("申请人", 10, true), "申请人11");
        assert_eq!(alias("Applicant", 0, false), "Applicant A");
        assert_eq!(alias("Respondent", 25, false), "Respondent Z");
        assert_eq!(alias("Respondent", 26, false), "Respondent 27");
    }
}
