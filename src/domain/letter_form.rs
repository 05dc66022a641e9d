//! The resident's mailbox form (DESIGN.md §4.5): a letter is placed at a
//! compound (小区) or one of its buildings (楼栋); its street and community
//! follow from the compound, so staff scoping by street keeps working.
//! The optional-contact rule here is shared with the intention form (§4.2).

use super::letters::MAX_BODY;
use super::phone;

const MAX_PLACE_DETAIL: usize = 200;
const MAX_BUILDING: usize = 40;
pub const MAX_CONTACT_NAME: usize = 40;
/// The compound choice "不清楚，由工作人员确定": the letter goes to the
/// community chosen with it, and staff place it.
pub const UNKNOWN_COMPOUND: &str = "unknown";

/// The text fields of the resident's form, as typed.
#[derive(Debug, Clone, Default)]
pub struct LetterForm {
    pub category: String,
    /// The street and community of the place picker: they narrow the
    /// compounds shown, and the community is where a letter whose compound
    /// is [`UNKNOWN_COMPOUND`] goes.
    pub street_id: String,
    pub community_id: String,
    pub compound_id: String,
    /// The picker's search by compound name (narrows the list only).
    pub compound_q: String,
    /// Optional: a building of the compound, by name ("3栋" or just "3").
    pub building: String,
    pub place_detail: String,
    pub body: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub consent: String,
    pub form_token: String,
}

/// Where a letter is: the place chosen and the areas it lies in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// The compound, or the building when one was named, or the community
    /// when the resident did not know the compound.
    pub place_id: String,
    pub compound_id: Option<String>,
    pub community_id: Option<String>,
    pub street_id: String,
}

/// A complete, checked letter (photos are checked separately).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterInput {
    pub category: String,
    pub place: Placement,
    pub place_detail: String,
    pub body: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub consent: bool,
}

/// (field, catalogue key) pairs, shown next to each field.
pub type FormErrors = Vec<(&'static str, &'static str)>;

/// The street and community a compound lies in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompoundArea {
    pub street_id: String,
    pub community_id: Option<String>,
}

/// What the form is checked against: the places and categories that exist.
pub trait Known {
    fn category(&self, code: &str) -> bool;
    /// The areas of `id` if it is a compound inside a street; None otherwise.
    fn compound(&self, id: &str) -> Option<CompoundArea>;
    /// The id of the building called `name` in `compound`.
    fn building_in(&self, compound: &str, name: &str) -> Option<String>;
    /// The street of `id` if it is a community that takes letters.
    fn community_street(&self, id: &str) -> Option<String>;
}

impl LetterForm {
    pub fn parse(&self, known: &impl Known) -> Result<LetterInput, FormErrors> {
        let mut errors = FormErrors::new();
        if !known.category(&self.category) {
            errors.push(("category", "form.error.choose"));
        }
        let place = self.placement(known, &mut errors);
        if self.place_detail.trim().chars().count() > MAX_PLACE_DETAIL {
            errors.push(("place_detail", "form.error.too_long"));
        }
        let body = self.body.trim();
        if body.is_empty() {
            errors.push(("body", "form.error.required"));
        } else if body.chars().count() > MAX_BODY {
            errors.push(("body", "letter.error.body_long"));
        }
        errors.extend(check_contact(&self.contact_name, &self.contact_phone, &self.consent));
        let Some(place) = place.filter(|_| errors.is_empty()) else {
            return Err(errors);
        };
        Ok(LetterInput {
            category: self.category.clone(),
            place,
            place_detail: self.place_detail.trim().to_owned(),
            body: body.to_owned(),
            contact_name: self.contact_name.trim().to_owned(),
            // Checked above: the number in its stored form.
            contact_phone: phone::optional(&self.contact_phone).unwrap_or_default(),
            consent: self.consent == "yes",
        })
    }

    /// The compound must exist (and be a compound); a building, if named,
    /// must be one of its buildings.
    fn placement(&self, known: &impl Known, errors: &mut FormErrors) -> Option<Placement> {
        let compound_id = self.compound_id.trim();
        if compound_id == UNKNOWN_COMPOUND {
            return self.community_only(known, errors);
        }
        let Some(area) = Some(compound_id)
            .filter(|c| !c.is_empty())
            .and_then(|c| known.compound(c))
        else {
            errors.push(("compound_id", "letter.error.place"));
            return None;
        };
        let building = self.building.trim();
        let place_id = if building.is_empty() {
            compound_id.to_owned()
        } else if building.chars().count() > MAX_BUILDING {
            errors.push(("building", "form.error.too_long"));
            return None;
        } else {
            // "3" is how many people write "3栋".
            let found = known
                .building_in(compound_id, building)
                .or_else(|| known.building_in(compound_id, &format!("{building}栋")));
            let Some(id) = found else {
                errors.push(("building", "letter.error.building"));
                return None;
            };
            id
        };
        Some(Placement {
            place_id,
            compound_id: Some(compound_id.to_owned()),
            community_id: area.community_id,
            street_id: area.street_id,
        })
    }

    /// "Not sure which compound": the community must be chosen; a
    /// building cannot be named without its compound.
    fn community_only(&self, known: &impl Known, errors: &mut FormErrors) -> Option<Placement> {
        let community = self.community_id.trim();
        let Some(street_id) = Some(community)
            .filter(|c| !c.is_empty())
            .and_then(|c| known.community_street(c))
        else {
            errors.push(("community_id", "letter.error.community"));
            return None;
        };
        if !self.building.trim().is_empty() {
            errors.push(("building", "letter.error.building_unknown"));
            return None;
        }
        Some(Placement {
            place_id: community.to_owned(),
            compound_id: None,
            community_id: Some(community.to_owned()),
            street_id,
        })
    }

    pub fn has_contact(&self) -> bool {
        !self.contact_name.trim().is_empty() || !self.contact_phone.trim().is_empty()
    }
}

/// Contact details are optional; once any is given, consent is required
/// (PIPL: a notice and a separate consent where personal data is taken).
pub fn check_contact(name: &str, phone: &str, consent: &str) -> FormErrors {
    let (name, phone) = (name.trim(), phone.trim());
    let mut errors = FormErrors::new();
    if name.chars().count() > MAX_CONTACT_NAME {
        errors.push(("contact_name", "form.error.too_long"));
    }
    if let Err(e) = phone::optional(phone) {
        errors.push(("contact_phone", e.message_key()));
    }
    if (!name.is_empty() || !phone.is_empty()) && consent != "yes" {
        errors.push(("consent", "letter.error.consent"));
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    struct World;
    impl Known for World {
        fn category(&self, code: &str) -> bool {
            code == "safety"
        }
        fn compound(&self, id: &str) -> Option<CompoundArea> {
            (id == "k1").then(|| CompoundArea {
                street_id: "s1".into(),
                community_id: Some("c1".into()),
            })
        }
        fn building_in(&self, compound: &str, name: &str) -> Option<String> {
            (compound == "k1" && name == "3栋").then(|| "b3".into())
        }
        fn community_street(&self, id: &str) -> Option<String> {
            (id == "c1").then(|| "s1".into())
        }
    }

    fn form() -> LetterForm {
        LetterForm {
            category: "safety".into(),
            compound_id: "k1".into(),
            body: "  楼道灯坏了  ".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_minimal_letter_is_placed_at_its_compound_with_street_and_community() {
        let input = form().parse(&World).unwrap();
        assert_eq!(input.body, "楼道灯坏了");
        assert_eq!(input.place.place_id, "k1");
        assert_eq!(input.place.street_id, "s1");
        assert_eq!(input.place.community_id.as_deref(), Some("c1"));
        assert!(!input.consent);
    }

    #[test]
    fn a_building_is_found_with_or_without_its_suffix() {
        let mut f = form();
        f.building = "3".into();
        assert_eq!(f.parse(&World).unwrap().place.place_id, "b3");
        f.building = "3栋".into();
        assert_eq!(f.parse(&World).unwrap().place.compound_id.as_deref(), Some("k1"));
        f.building = "9栋".into();
        assert_eq!(
            f.parse(&World).unwrap_err(),
            vec![("building", "letter.error.building")]
        );
    }

    #[test]
    fn unknown_places_and_categories_are_refused() {
        let mut f = form();
        f.category = "nope".into();
        f.compound_id = "s1".into();
        let errors = f.parse(&World).unwrap_err();
        assert!(errors.contains(&("category", "form.error.choose")));
        assert!(errors.contains(&("compound_id", "letter.error.place")));
        f.compound_id = String::new();
        assert!(
            f.parse(&World)
                .unwrap_err()
                .contains(&("compound_id", "letter.error.place"))
        );
    }

    #[test]
    fn not_knowing_the_compound_sends_the_letter_to_the_community() {
        let mut f = form();
        f.compound_id = UNKNOWN_COMPOUND.into();
        assert_eq!(
            f.parse(&World).unwrap_err(),
            vec![("community_id", "letter.error.community")],
            "the community is needed then"
        );
        f.community_id = "k1".into();
        assert_eq!(
            f.parse(&World).unwrap_err(),
            vec![("community_id", "letter.error.community")]
        );
        f.community_id = "c1".into();
        let place = f.parse(&World).unwrap().place;
        assert_eq!(place.place_id, "c1");
        assert_eq!(place.compound_id, None);
        assert_eq!(
            (place.community_id.as_deref(), place.street_id.as_str()),
            (Some("c1"), "s1")
        );
        f.building = "3栋".into();
        assert_eq!(
            f.parse(&World).unwrap_err(),
            vec![("building", "letter.error.building_unknown")]
        );
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
    fn contact_details_need_consent_and_a_valid_phone() {
        let mut f = form();
        f.contact_phone = "138 1234 5678".into();
        assert_eq!(f.parse(&World).unwrap_err(), vec![("consent", "letter.error.consent")]);
        f.consent = "yes".into();
        let parsed = f.parse(&World).unwrap();
        assert!(parsed.consent);
        assert_eq!(parsed.contact_phone, "13812345678", "stored normalised");
        f.contact_phone = "abc".into();
        assert_eq!(
            f.parse(&World).unwrap_err(),
            vec![("contact_phone", "phone.error.characters")]
        );
        f.contact_phone = "6778123".into();
        assert_eq!(
            f.parse(&World).unwrap_err(),
            vec![("contact_phone", "phone.error.area_code")]
        );
        assert!(check_contact("", "", "").is_empty());
    }
}
