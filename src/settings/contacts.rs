//! Who runs the site and how to reach the centre (issue 14 item 8): shown
//! in every page's footer. Set per deployment with `YUANBA_OPERATOR`,
//! `YUANBA_CENTRE_PHONE`, `YUANBA_CENTRE_ADDRESS` and `YUANBA_CENTRE_HOURS`
//! (README); the defaults are marked as demo values so an unconfigured
//! install never passes them off as real.

/// The centre's public contact and the operator's identity (主办单位).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteContacts {
    pub operator: String,
    pub centre_phone: String,
    pub centre_address: String,
    pub centre_hours: String,
}

impl Default for SiteContacts {
    fn default() -> Self {
        SiteContacts {
            operator: "江北区矛盾纠纷多元化解中心（演示）".to_owned(),
            centre_phone: "023-6700 0000（演示）".to_owned(),
            centre_address: "重庆市江北区观音桥街道（演示地址）".to_owned(),
            centre_hours: "周一至周五 9:00–12:00，14:00–17:30".to_owned(),
        }
    }
}

impl SiteContacts {
    /// Each value from its variable when set, else the default.
    pub fn from_env(var: &dyn Fn(&str) -> Option<String>) -> Self {
        let d = SiteContacts::default();
        SiteContacts {
            operator: var("YUANBA_OPERATOR").unwrap_or(d.operator),
            centre_phone: var("YUANBA_CENTRE_PHONE").unwrap_or(d.centre_phone),
            centre_address: var("YUANBA_CENTRE_ADDRESS").unwrap_or(d.centre_address),
            centre_hours: var("YUANBA_CENTRE_HOURS").unwrap_or(d.centre_hours),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_variables_replace_the_demo_values_one_by_one() {
        let var = |k: &str| (k == "YUANBA_CENTRE_PHONE").then(|| "023-1234 5678".to_owned());
        let c = SiteContacts::from_env(&var);
        assert_eq!(c.centre_phone, "023-1234 5678");
        assert_eq!(c.operator, SiteContacts::default().operator);
    }
}
