//! Parsing of a mediation application or registration (DESIGN.md §5.1).
//! A value of `CaseIntake` is always complete and within limits.

use super::intake_place::{self, PlaceBook, PlaceInput};
use super::mediation::{CaseSource, DisputeType, OfferedType};

pub const MAX_RESPONDENTS: usize = 3;
/// Working days the committee takes to decide whether to accept an
/// application, as the application form promises ("3 个工作日内决定是否
/// 受理"); counted with the admins' holiday calendar, the day of sending
/// not included (`resolution::deadline::nth_working_day_after`).
pub const ACCEPT_WORKING_DAYS: u32 = 3;
const MAX_NAME: usize = 40;
const MAX_SUMMARY: usize = 2000;
const MIN_SUMMARY: usize = 10;
const MAX_REQUEST: usize = 200;
const MAX_REQUESTS: usize = 10;

/// The raw form, as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct IntakeForm {
    pub applicant_name: String,
    pub applicant_phone: String,
    pub applicant_address: String,
    pub respondent_name_1: String,
    pub respondent_phone_1: String,
    pub respondent_name_2: String,
    pub respondent_phone_2: String,
    pub respondent_name_3: String,
    pub respondent_phone_3: String,
    pub dispute_type: String,
    pub summary: String,
    pub requests: String,
    pub street_id: String,
    pub community_id: String,
    pub grid_id: String,
    pub compound_id: String,
    pub place_detail: String,
    /// Set by the "list the places of my choice" button: the form is shown
    /// again with the finer lists narrowed, nothing is checked or stored.
    pub refresh_places: String,
    /// How many respondent blocks the form showed (`intake_respondents`).
    pub respondent_count: String,
    /// Set by "add another respondent": shown again with one more block.
    pub add_respondent: String,
    /// Set by a block's "remove" button to that block's number.
    pub remove_respondent: String,
    pub source: String,
    pub external_ref: String,
    /// A court case's deadline and court (`court_entrustment`, staff only).
    pub court_deadline: String,
    pub court_org_id: String,
    /// The screening round a grid-screening case came from (staff only).
    pub screening_id: String,
    pub ack_rights: String,
    pub consent_privacy: String,
    pub form_token: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyInput {
    pub name: String,
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseIntake {
    pub applicant: PartyInput,
    pub applicant_address: String,
    pub respondents: Vec<PartyInput>,
    pub dispute_type: DisputeType,
    /// The admins' local type the case was filed under, if it was one.
    pub local_type: Option<String>,
    pub summary: String,
    pub requests: Vec<String>,
    pub street_id: String,
    pub community_id: Option<String>,
    pub grid_id: Option<String>,
    pub compound_id: Option<String>,
    pub place_detail: String,
    pub source: CaseSource,
    pub external_ref: String,
}

/// (field, catalogue key) pairs, shown next to each field.
pub type IntakeErrors = Vec<(&'static str, &'static str)>;

/// Who is filling the form: residents online, or staff registering a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntakeChannel {
    Online,
    Staff,
}

impl IntakeForm {
    pub fn respondent_slots(&self) -> [(&str, &str); MAX_RESPONDENTS] {
        [
            (&self.respondent_name_1, &self.respondent_phone_1),
            (&self.respondent_name_2, &self.respondent_phone_2),
            (&self.respondent_name_3, &self.respondent_phone_3),
        ]
    }

    /// `places` says which streets the form may name (for staff, only their
    /// own) and how communities, grids and compounds nest; the choice is
    /// checked here, so an unknown or foreign id is an error next to its
    /// field, never a foreign-key failure at insert time.
    pub fn parse(&self, channel: IntakeChannel, places: &impl PlaceBook) -> Result<CaseIntake, IntakeErrors> {
        let offered: Vec<OfferedType> = DisputeType::ALL.iter().copied().map(OfferedType::statutory).collect();
        self.parse_offering(channel, places, &offered)
    }

    /// Like [`IntakeForm::parse`], accepting only the dispute types still
    /// `offered` (admins retire types and add local ones; existing cases
    /// keep theirs). A local type files the case under its statutory type.
    pub fn parse_offering(
        &self,
        channel: IntakeChannel,
        places: &impl PlaceBook,
        offered: &[OfferedType],
    ) -> Result<CaseIntake, IntakeErrors> {
        let mut errors = IntakeErrors::new();
        let applicant_name = required_text(&mut errors, "applicant_name", &self.applicant_name, MAX_NAME);
        let applicant_phone = phone(
            &mut errors,
            "applicant_phone",
            &self.applicant_phone,
            channel == IntakeChannel::Online,
        );
        let respondents = self.respondents(&mut errors);
        let chosen = offered.iter().find(|o| o.code == self.dispute_type.trim());
        let dispute_type = chosen.map(|o| o.statutory);
        if dispute_type.is_none() {
            errors.push(("dispute_type", "form.error.choose"));
        }
        let summary = required_text(&mut errors, "summary", &self.summary, MAX_SUMMARY);
        if summary.as_ref().is_some_and(|s| s.chars().count() < MIN_SUMMARY) {
            errors.push(("summary", "mediation.error.summary_short"));
        }
        let requests = requests(&mut errors, &self.requests);
        let place = intake_place::check(
            places,
            PlaceInput {
                street: &self.street_id,
                community: &self.community_id,
                grid: &self.grid_id,
                compound: &self.compound_id,
            },
        )
        .map_err(|problems| errors.extend(problems))
        .ok();
        let source = match channel {
            IntakeChannel::Online => Some(CaseSource::Application),
            IntakeChannel::Staff => CaseSource::parse(&self.source),
        };
        if source.is_none() {
            errors.push(("source", "form.error.choose"));
        }
        if channel == IntakeChannel::Online {
            if self.ack_rights != "yes" {
                errors.push(("ack_rights", "mediation.error.ack_rights"));
            }
            if self.consent_privacy != "yes" {
                errors.push(("consent_privacy", "mediation.error.consent"));
            }
        }
        if self.place_detail.chars().count() > 200
            || self.external_ref.chars().count() > 100
            || self.applicant_address.chars().count() > 200
        {
            errors.push(("place_detail", "form.error.too_long"));
        }
        match (
            applicant_name,
            applicant_phone,
            dispute_type,
            summary,
            requests,
            source,
            place,
        ) {
            (Some(name), Some(phone), Some(dispute_type), Some(summary), Some(requests), Some(source), Some(place))
                if errors.is_empty() =>
            {
                Ok(CaseIntake {
                    applicant: PartyInput { name, phone },
                    applicant_address: self.applicant_address.trim().to_owned(),
                    respondents,
                    dispute_type,
                    local_type: chosen.and_then(|o| o.local_code()).map(str::to_owned),
                    summary,
                    requests,
                    street_id: place.street_id,
                    community_id: place.community_id,
                    grid_id: place.grid_id,
                    compound_id: place.compound_id,
                    place_detail: self.place_detail.trim().to_owned(),
                    source,
                    external_ref: self.external_ref.trim().to_owned(),
                })
            }
            _ => Err(errors),
        }
    }

    fn respondents(&self, errors: &mut IntakeErrors) -> Vec<PartyInput> {
        let mut out = Vec::new();
        for (i, (name, phone_raw)) in self.respondent_slots().into_iter().enumerate() {
            let field_name = ["respondent_name_1", "respondent_name_2", "respondent_name_3"][i];
            let field_phone = ["respondent_phone_1", "respondent_phone_2", "respondent_phone_3"][i];
            if name.trim().is_empty() {
                if !phone_raw.trim().is_empty() {
                    errors.push((field_name, "form.error.required"));
                }
                continue;
            }
            let name = required_text(errors, field_name, name, MAX_NAME);
            let phone = phone(errors, field_phone, phone_raw, false);
            if let (Some(name), Some(phone)) = (name, phone) {
                out.push(PartyInput { name, phone });
            }
        }
        if out.is_empty() && !errors.iter().any(|(f, _)| f.starts_with("respondent")) {
            errors.push(("respondent_name_1", "mediation.error.respondent"));
        }
        out
    }
}

fn required_text(errors: &mut IntakeErrors, field: &'static str, raw: &str, max: usize) -> Option<String> {
    let value = raw.trim();
    if value.is_empty() {
        errors.push((field, "form.error.required"));
        None
    } else if value.chars().count() > max {
        errors.push((field, "form.error.too_long"));
        None
    } else {
        Some(value.to_owned())
    }
}

/// A mainland mobile or a landline with its area code (`domain::phone`),
/// in its stored form.
fn phone(errors: &mut IntakeErrors, field: &'static str, raw: &str, required: bool) -> Option<String> {
    if raw.trim().is_empty() && required {
        errors.push((field, "form.error.required"));
        return None;
    }
    match super::phone::optional(raw) {
        Ok(number) => Some(number),
        Err(e) => {
            errors.push((field, e.message_key()));
            None
        }
    }
}

fn requests(errors: &mut IntakeErrors, raw: &str) -> Option<Vec<String>> {
    let items: Vec<String> = raw
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    if items.is_empty() {
        errors.push(("requests", "form.error.required"));
        return None;
    }
    if items.len() > MAX_REQUESTS || items.iter().any(|i| i.chars().count() > MAX_REQUEST) {
        errors.push(("requests", "form.error.too_long"));
        return None;
    }
    Some(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intake_place::Level;

    /// `street` is the one street a form may name ("*": any); s1 has community c1.
    struct Places {
        street: &'static str,
    }

    impl PlaceBook for Places {
        fn is_street(&self, id: &str) -> bool {
            self.street == "*" || id == self.street
        }
        fn parent(&self, level: Level, id: &str) -> Option<&str> {
            (level == Level::Community && id == "c1").then_some("s1")
        }
    }

    const S1: Places = Places { street: "s1" };
    const ANY: Places = Places { street: "*" };
    const NONE: Places = Places { street: "none" };

    fn valid() -> IntakeForm {
        IntakeForm {
            applicant_name: "张三".into(),
            applicant_phone: "13812341234".into(),
            respondent_name_1: "李四".into(),
            dispute_type: "neighbour".into(),
            summary: "楼上漏水导致我家天花板受损，多次协商未果。".into(),
            requests: "赔偿维修费用\n\n修好漏水的管道".into(),
            street_id: "s1".into(),
            ack_rights: "yes".into(),
            consent_privacy: "yes".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_online_application_parses() {
        let intake = valid().parse(IntakeChannel::Online, &S1).unwrap();
        assert_eq!(intake.requests, vec!["赔偿维修费用", "修好漏水的管道"]);
        assert_eq!(intake.respondents.len(), 1);
        assert_eq!(intake.source, CaseSource::Application);
    }

    #[test]
    fn a_retired_dispute_type_is_refused_on_its_field() {
        let offered: Vec<OfferedType> = DisputeType::ALL
            .iter()
            .copied()
            .filter(|t| *t != DisputeType::Neighbour)
            .map(OfferedType::statutory)
            .collect();
        let errors = valid()
            .parse_offering(IntakeChannel::Online, &S1, &offered)
            .unwrap_err();
        assert_eq!(errors, vec![("dispute_type", "form.error.choose")]);
        let other = IntakeForm {
            dispute_type: "housing".into(),
            ..valid()
        };
        assert!(other.parse_offering(IntakeChannel::Online, &S1, &offered).is_ok());
    }

    #[test]
    fn a_local_type_files_the_case_under_its_statutory_type() {
        let lift = OfferedType {
            code: "lift_install".into(),
            statutory: DisputeType::Neighbour,
        };
        let offered = vec![OfferedType::statutory(DisputeType::Housing), lift];
        let local = IntakeForm {
            dispute_type: "lift_install".into(),
            ..valid()
        };
        let intake = local.parse_offering(IntakeChannel::Online, &S1, &offered).unwrap();
        assert_eq!(intake.dispute_type, DisputeType::Neighbour);
        assert_eq!(intake.local_type.as_deref(), Some("lift_install"));
        // A statutory type chosen directly names no local type.
        let plain = IntakeForm {
            dispute_type: "housing".into(),
            ..valid()
        };
        let intake = plain.parse_offering(IntakeChannel::Online, &S1, &offered).unwrap();
        assert_eq!((intake.dispute_type, intake.local_type), (DisputeType::Housing, None));
        // The statutory type behind a local one is not offered by itself.
        let errors = valid()
            .parse_offering(IntakeChannel::Online, &S1, &offered)
            .unwrap_err();
        assert_eq!(errors, vec![("dispute_type", "form.error.choose")]);
    }

    #[test]
    fn each_problem_is_reported_on_its_field() {
        let form = IntakeForm {
            applicant_phone: "12ab".into(),
            ack_rights: String::new(),
            summary: "太短".into(),
            ..valid()
        };
        let errors = form.parse(IntakeChannel::Online, &NONE).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, vec!["applicant_phone", "summary", "street_id", "ack_rights"]);
    }

    #[test]
    fn staff_registrations_need_a_source_but_no_consent_boxes() {
        let form = IntakeForm {
            ack_rights: String::new(),
            consent_privacy: String::new(),
            applicant_phone: String::new(),
            ..valid()
        };
        let errors = form.clone().parse(IntakeChannel::Staff, &ANY).unwrap_err();
        assert_eq!(errors, vec![("source", "form.error.choose")]);
        let ok = IntakeForm {
            source: "hotline".into(),
            ..form
        }
        .parse(IntakeChannel::Staff, &ANY)
        .unwrap();
        assert_eq!(ok.source, CaseSource::Hotline);
    }

    #[test]
    fn a_community_must_belong_to_the_chosen_street() {
        let form = |community: &str| IntakeForm {
            community_id: community.into(),
            ..valid()
        };
        let parse = |f: IntakeForm| f.parse(IntakeChannel::Online, &S1);
        assert_eq!(parse(form("c1")).unwrap().community_id.as_deref(), Some("c1"));
        assert_eq!(parse(form("  ")).unwrap().community_id, None, "not sure is fine");
        for bad in ["c2", "no-such-place", "s1"] {
            assert_eq!(
                parse(form(bad)).unwrap_err(),
                vec![("community_id", "mediation.error.community")],
                "{bad}"
            );
        }
    }

    #[test]
    fn at_least_one_respondent_is_needed() {
        let form = IntakeForm {
            respondent_name_1: String::new(),
            ..valid()
        };
        let errors = form.parse(IntakeChannel::Online, &ANY).unwrap_err();
        assert_eq!(errors, vec![("respondent_name_1", "mediation.error.respondent")]);
    }
}
