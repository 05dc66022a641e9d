//! Read models of the mailbox: what each audience may see of a letter,
//! loaded and masked here, once. The tracking page, the public board, the
//! resident's "我的", the staff queue and the letter page (and later the
//! exports and the Open311 API) read these plain structs and only format
//! them; none of them holds catalogue text, only codes, enums and keys.

pub mod board;
pub mod letter_file;
pub mod mine;
pub mod open_data;
pub mod public_status;
pub mod queue;

use std::borrow::Borrow;

use serde::Serialize;

use crate::db::letter_categories::Category;
use crate::db::projects::Project;
use crate::i18n::Lang;

/// A letter's category with its names in both languages: the names are
/// data (admins add categories), so the page picks one by its language.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CategoryName {
    pub code: String,
    pub zh: String,
    pub en: String,
}

impl CategoryName {
    /// The category `code` among `all`; an unknown code shows no name.
    pub fn find(all: &[Category], code: &str) -> Self {
        all.iter()
            .find(|c| c.code == code)
            .map(|c| CategoryName {
                code: c.code.clone(),
                zh: c.name_zh.clone(),
                en: c.name_en.clone(),
            })
            .unwrap_or_else(|| CategoryName {
                code: code.to_owned(),
                ..CategoryName::default()
            })
    }

    /// Takes `&Lang` too, as templates pass their arguments by reference.
    pub fn name(&self, lang: impl Borrow<Lang>) -> &str {
        match lang.borrow() {
            Lang::En => &self.en,
            _ => &self.zh,
        }
    }
}

/// The project an adopted letter went into.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectLink {
    pub id: String,
    pub title: String,
}

impl ProjectLink {
    pub fn of(project: &Project) -> Self {
        ProjectLink {
            id: project.id.clone(),
            title: project.title.clone(),
        }
    }
}

/// The project a letter links, if it (still) exists.
fn linked_project(conn: &mut crate::db::DbConn, id: Option<&str>) -> diesel::QueryResult<Option<ProjectLink>> {
    match id {
        Some(id) => Ok(crate::db::projects::find(conn, id)?.as_ref().map(ProjectLink::of)),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn category(code: &str, zh: &str, en: &str) -> Category {
        Category {
            code: code.into(),
            name_zh: zh.into(),
            name_en: en.into(),
            ack_days: 1,
            resolve_days: 1,
            sort_order: 0,
            active: true,
            version: 0,
        }
    }

    #[test]
    fn category_names_follow_the_language_and_unknown_codes_show_none() {
        let all = [category("road", "道路", "Roads")];
        let road = CategoryName::find(&all, "road");
        assert_eq!((road.name(Lang::Zh), road.name(Lang::En)), ("道路", "Roads"));
        let gone = CategoryName::find(&all, "gone");
        assert_eq!((gone.code.as_str(), gone.name(Lang::Zh)), ("gone", ""));
    }
}
