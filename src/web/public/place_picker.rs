//! The letter form's place picker (issue 14 item 5): street → community →
//! compound without JavaScript. Each choice is a round trip: a submit
//! button named `pick` posts the whole form, which comes back with every
//! typed value and the narrower list; nothing is stored. A search by
//! compound name works the same way, and "不清楚" sends the letter to the
//! community (`domain::letter_form::UNKNOWN_COMPOUND`).

use crate::db::places::CompoundRow;
use crate::domain::letter_form::UNKNOWN_COMPOUND;
use crate::web::forms::Choice;
use crate::web::shared::places::community_label;

/// What the picker shows.
pub struct Picker {
    pub streets: Vec<Choice>,
    /// Those of the chosen street; empty until a street is chosen.
    pub communities: Vec<Choice>,
    /// Compounds grouped by "street · community" (an `<optgroup>` each),
    /// narrowed by the choices above or by the search.
    pub groups: Vec<(String, Vec<Choice>)>,
    /// A community is chosen: "不清楚，由工作人员确定" may be offered.
    pub unknown_offered: bool,
    pub unknown_chosen: bool,
    pub query: String,
    /// The search found nothing.
    pub nothing_found: bool,
}

/// The picker's inputs as posted (or as the chosen compound implies).
pub struct Chosen<'a> {
    pub street: &'a str,
    pub community: &'a str,
    pub compound: &'a str,
    pub query: &'a str,
}

impl Picker {
    pub fn new(compounds: &[CompoundRow], chosen: Chosen<'_>) -> Picker {
        // A compound chosen from the full list implies its street and community.
        let of_compound = compounds.iter().find(|c| c.id == chosen.compound);
        let street = match (chosen.street.trim(), of_compound) {
            ("", Some(c)) => c.street_id.as_str(),
            (s, _) => s,
        };
        let community = match (chosen.community.trim(), of_compound) {
            ("", Some(c)) => c.community_id.as_deref().unwrap_or_default(),
            (c, _) => c,
        };
        let community = match compounds
            .iter()
            .any(|c| c.street_id == street && c.community_id.as_deref() == Some(community))
        {
            true => community,
            false => "",
        };
        let query = chosen.query.trim();
        let shown = |c: &&CompoundRow| match query.is_empty() {
            false => c.name.contains(query),
            true if !community.is_empty() => c.community_id.as_deref() == Some(community),
            true => street.is_empty() || c.street_id == street,
        };
        let groups = groups(compounds.iter().filter(shown), chosen.compound);
        Picker {
            streets: streets(compounds, street),
            communities: communities(compounds, street, community),
            nothing_found: !query.is_empty() && groups.is_empty(),
            groups,
            unknown_offered: !community.is_empty(),
            unknown_chosen: chosen.compound == UNKNOWN_COMPOUND,
            query: query.to_owned(),
        }
    }
}

fn streets(compounds: &[CompoundRow], selected: &str) -> Vec<Choice> {
    let mut out: Vec<Choice> = Vec::new();
    for c in compounds {
        if !out.iter().any(|s| s.value == c.street_id) {
            out.push(Choice {
                value: c.street_id.clone(),
                label: c.street_name.clone(),
                selected: c.street_id == selected,
            });
        }
    }
    out
}

fn communities(compounds: &[CompoundRow], street: &str, selected: &str) -> Vec<Choice> {
    let mut out: Vec<Choice> = Vec::new();
    for c in compounds.iter().filter(|c| c.street_id == street) {
        let Some(id) = c.community_id.as_deref() else { continue };
        if !out.iter().any(|s| s.value == id) {
            out.push(Choice {
                value: id.to_owned(),
                label: c.community_name.clone(),
                selected: id == selected,
            });
        }
    }
    out
}

/// One `<optgroup>` per community (or street, for compounds outside any).
fn groups<'a>(compounds: impl Iterator<Item = &'a CompoundRow>, selected: &str) -> Vec<(String, Vec<Choice>)> {
    let mut groups: Vec<(String, Vec<Choice>)> = Vec::new();
    for c in compounds {
        let label = match c.community_name.is_empty() {
            true => c.street_name.clone(),
            false => community_label(&c.street_name, &c.community_name),
        };
        let choice = Choice {
            value: c.id.clone(),
            label: c.name.clone(),
            selected: c.id == selected,
        };
        match groups.last_mut() {
            Some((last, list)) if *last == label => list.push(choice),
            _ => groups.push((label, vec![choice])),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, name: &str, community: &str, street: &str) -> CompoundRow {
        CompoundRow {
            id: id.into(),
            name: name.into(),
            community_id: Some(community.into()),
            community_name: format!("{community}社区"),
            street_id: street.into(),
            street_name: format!("{street}街道"),
        }
    }

    fn world() -> Vec<CompoundRow> {
        vec![
            row("x1", "塔坪小区", "c1", "s1"),
            row("x2", "北城小区", "c1", "s1"),
            row("x3", "南桥小区", "c2", "s1"),
            row("x4", "塔山小区", "c3", "s2"),
        ]
    }

    fn pick(street: &str, community: &str, compound: &str, query: &str) -> Picker {
        let chosen = Chosen {
            street,
            community,
            compound,
            query,
        };
        Picker::new(&world(), chosen)
    }

    fn shown(p: &Picker) -> Vec<String> {
        p.groups
            .iter()
            .flat_map(|(_, l)| l.iter().map(|c| c.value.clone()))
            .collect()
    }

    #[test]
    fn each_choice_narrows_the_next_list() {
        let p = pick("", "", "", "");
        assert_eq!(p.streets.len(), 2);
        assert!(p.communities.is_empty() && !p.unknown_offered);
        assert_eq!(shown(&p).len(), 4, "everything before a choice");
        let p = pick("s1", "", "", "");
        assert_eq!(p.communities.len(), 2);
        assert_eq!(shown(&p), ["x1", "x2", "x3"]);
        let p = pick("s1", "c1", "", "");
        assert_eq!(shown(&p), ["x1", "x2"]);
        assert!(p.unknown_offered);
        let p = pick("s2", "c1", "", "");
        assert!(!p.unknown_offered, "a community of another street is dropped");
        assert_eq!(shown(&p), ["x4"]);
    }

    #[test]
    fn a_chosen_compound_implies_its_street_and_community_and_search_finds_by_name() {
        let p = pick("", "", "x3", "");
        assert!(p.streets.iter().any(|s| s.selected && s.value == "s1"));
        assert!(p.communities.iter().any(|c| c.selected && c.value == "c2"));
        let p = pick("s1", "c1", "", "塔");
        assert_eq!(shown(&p), ["x1", "x4"], "search looks everywhere");
        assert!(pick("", "", "", "无此小区").nothing_found);
    }
}
