//! Checking a party's details (DESIGN.md §5.3): sex from a fixed list, age
//! a whole number 0–150, phone numbers, length limits, and an agent named
//! together with the kind of authority.

pub const KINDS: [&str; 2] = ["person", "organisation"];
pub const SEXES: [&str; 2] = ["male", "female"];
/// 委托代理人, 法定代理人, 指定代理人, 法定代表人 (of an organisation).
pub const AGENT_KINDS: [&str; 4] = ["entrusted", "statutory", "designated", "legal_representative"];

const MAX_NAME: usize = 40;
const MAX_OCCUPATION: usize = 40;
const MAX_ADDRESS: usize = 200;
const MAX_RELATION: usize = 40;

/// Checked details of a party; `agent` is the agent's name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartyDetails {
    pub kind: String,
    pub name: String,
    pub sex: String,
    pub age: Option<i32>,
    pub occupation: String,
    pub phone: String,
    pub address: String,
    pub agent: String,
    pub agent_kind: String,
    pub agent_relation: String,
    pub agent_phone: String,
}

/// The form as typed; every field is text so that bad input can be shown again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartyDetailsInput {
    pub kind: String,
    pub name: String,
    pub sex: String,
    pub age: String,
    pub occupation: String,
    pub phone: String,
    pub address: String,
    pub agent_name: String,
    pub agent_kind: String,
    pub agent_relation: String,
    pub agent_phone: String,
}

/// (field, catalogue key) for every problem found.
pub type Problems = Vec<(&'static str, &'static str)>;

impl PartyDetailsInput {
    /// The input of a stored party, for the form's first showing.
    pub fn from_stored(d: &PartyDetails) -> Self {
        PartyDetailsInput {
            kind: d.kind.clone(),
            name: d.name.clone(),
            sex: d.sex.clone(),
            age: d.age.map(|a| a.to_string()).unwrap_or_default(),
            occupation: d.occupation.clone(),
            phone: d.phone.clone(),
            address: d.address.clone(),
            agent_name: d.agent.clone(),
            agent_kind: d.agent_kind.clone(),
            agent_relation: d.agent_relation.clone(),
            agent_phone: d.agent_phone.clone(),
        }
    }

    /// Checks every field; on success the details to store. An organisation
    /// has neither sex nor age, so those are dropped rather than refused.
    pub fn parse(&self) -> Result<PartyDetails, Problems> {
        let mut problems = Problems::new();
        let kind = self.kind.trim();
        if !KINDS.contains(&kind) {
            problems.push(("kind", "form.error.choose"));
        }
        let person = kind != "organisation";
        let name = text(&mut problems, "name", &self.name, MAX_NAME, true);
        let sex = self.sex.trim();
        if person && !sex.is_empty() && !SEXES.contains(&sex) {
            problems.push(("sex", "form.error.choose"));
        }
        let age = if person { age(&mut problems, &self.age) } else { None };
        let occupation = text(&mut problems, "occupation", &self.occupation, MAX_OCCUPATION, false);
        let phone = check_phone(&mut problems, "phone", &self.phone);
        let address = text(&mut problems, "address", &self.address, MAX_ADDRESS, false);
        let agent = text(&mut problems, "agent_name", &self.agent_name, MAX_NAME, false);
        let agent_kind = self.agent_kind.trim();
        if !agent_kind.is_empty() && !AGENT_KINDS.contains(&agent_kind) {
            problems.push(("agent_kind", "form.error.choose"));
        }
        // An agent without an authority (or the reverse) cannot be filed.
        if agent_kind.is_empty() && !agent.is_empty() {
            problems.push(("agent_kind", "party.error.agent_kind"));
        }
        if !agent_kind.is_empty() && self.agent_name.trim().is_empty() {
            problems.push(("agent_name", "party.error.agent_name"));
        }
        let agent_relation = text(
            &mut problems,
            "agent_relation",
            &self.agent_relation,
            MAX_RELATION,
            false,
        );
        let agent_phone = check_phone(&mut problems, "agent_phone", &self.agent_phone);
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(PartyDetails {
            kind: kind.to_owned(),
            name,
            sex: if person { sex.to_owned() } else { String::new() },
            age,
            occupation,
            phone,
            address,
            agent,
            agent_kind: agent_kind.to_owned(),
            agent_relation,
            agent_phone,
        })
    }
}

fn text(problems: &mut Problems, field: &'static str, raw: &str, max: usize, required: bool) -> String {
    let value = raw.trim();
    if required && value.is_empty() {
        problems.push((field, "form.error.required"));
    } else if value.chars().count() > max {
        problems.push((field, "form.error.too_long"));
    }
    value.to_owned()
}

fn age(problems: &mut Problems, raw: &str) -> Option<i32> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let parsed = raw
        .parse::<i32>()
        .ok()
        .filter(|a| (0..=150).contains(a) && raw.chars().all(|c| c.is_ascii_digit()));
    if parsed.is_none() {
        problems.push(("age", "party.error.age"));
    }
    parsed
}

/// Optional; a number typed is stored in its normalised form
/// (`domain::phone`), a refused one is kept as typed for the form again.
fn check_phone(problems: &mut Problems, field: &'static str, raw: &str) -> String {
    match crate::domain::phone::optional(raw) {
        Ok(number) => number,
        Err(e) => {
            problems.push((field, e.message_key()));
            raw.trim().to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> PartyDetailsInput {
        PartyDetailsInput {
            kind: "person".into(),
            name: " 张秀英 ".into(),
            sex: "female".into(),
            age: "68".into(),
            occupation: "退休职工".into(),
            phone: "138 1234 5678".into(),
            address: "江北区塔坪小区3栋".into(),
            agent_name: "李明".into(),
            agent_kind: "entrusted".into(),
            agent_relation: "女婿".into(),
            agent_phone: "023-67781234".into(),
        }
    }

    fn fields(input: &PartyDetailsInput) -> Vec<&'static str> {
        input.parse().unwrap_err().into_iter().map(|(f, _)| f).collect()
    }

    #[test]
    fn good_details_are_trimmed_and_kept() {
        let d = good().parse().unwrap();
        assert_eq!(d.name, "张秀英");
        assert_eq!(d.age, Some(68));
        assert_eq!(d.agent, "李明");
        assert_eq!(d.agent_kind, "entrusted");
        let roundtrip = PartyDetailsInput::from_stored(&d).parse().unwrap();
        assert_eq!(roundtrip, d);
    }

    #[test]
    fn age_must_be_a_whole_number_from_0_to_150() {
        for bad in ["151", "-1", "abc", "1.5", "+3"] {
            let input = PartyDetailsInput {
                age: bad.into(),
                ..good()
            };
            assert_eq!(fields(&input), ["age"], "{bad}");
        }
        for ok in ["0", "150", ""] {
            assert!(
                PartyDetailsInput {
                    age: ok.into(),
                    ..good()
                }
                .parse()
                .is_ok(),
                "{ok}"
            );
        }
    }

    #[test]
    fn sex_kind_and_agent_kind_come_from_fixed_lists() {
        assert_eq!(
            fields(&PartyDetailsInput {
                sex: "x".into(),
                ..good()
            }),
            ["sex"]
        );
        assert_eq!(
            fields(&PartyDetailsInput {
                kind: "robot".into(),
                ..good()
            }),
            ["kind"]
        );
        let bad_agent = PartyDetailsInput {
            agent_kind: "friend".into(),
            ..good()
        };
        assert_eq!(fields(&bad_agent), ["agent_kind"]);
    }

    #[test]
    fn phones_names_and_lengths_are_checked() {
        let input = PartyDetailsInput {
            name: " ".into(),
            phone: "call me".into(),
            address: "长".repeat(201),
            agent_phone: "12".into(),
            ..good()
        };
        assert_eq!(fields(&input), ["name", "phone", "address", "agent_phone"]);
    }

    #[test]
    fn an_agent_needs_both_name_and_authority() {
        let no_kind = PartyDetailsInput {
            agent_kind: String::new(),
            ..good()
        };
        assert_eq!(fields(&no_kind), ["agent_kind"]);
        let no_name = PartyDetailsInput {
            agent_name: String::new(),
            ..good()
        };
        assert_eq!(fields(&no_name), ["agent_name"]);
    }

    #[test]
    fn organisations_drop_sex_and_age() {
        let org = PartyDetailsInput {
            kind: "organisation".into(),
            sex: "nonsense".into(),
            age: "999".into(),
            agent_kind: "legal_representative".into(),
            ..good()
        };
        let d = org.parse().unwrap();
        assert_eq!((d.sex.as_str(), d.age), ("", None));
    }
}
