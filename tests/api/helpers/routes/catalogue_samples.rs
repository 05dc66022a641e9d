//! Sample forms for the admin catalogues' edit and retire routes, each
//! with the entry's current version (what its edit page carries).

use super::samples::{Form, text};
use crate::helpers::*;

/// The current version of a catalogue entry, as its edit page carries it.
fn catalogue_version(app: &TestApp, pattern: &str) -> String {
    let mut conn = app.conn();
    let version = if pattern.starts_with("/admin/menu/") {
        yuanba::db::menu_items::find(&mut conn, "menu-canopy")
            .unwrap()
            .unwrap()
            .version
    } else if pattern.starts_with("/admin/letter-categories/") {
        yuanba::db::letter_categories::find(&mut conn, "facilities")
            .unwrap()
            .unwrap()
            .version
    } else {
        yuanba::db::dispute_types::find(&mut conn, "neighbour")
            .unwrap()
            .unwrap()
            .version
    };
    version.to_string()
}

/// An admin catalogue's edit or retire form, with the entry's version.
pub fn catalogue_form(app: &TestApp, pattern: &str) -> Form {
    let version = catalogue_version(app, pattern);
    match pattern {
        "/admin/menu/{id}" => text(&[
            ("name", "加装雨棚"),
            ("class", "improvement"),
            ("cost", "1200.50"),
            ("cost_unit", "处"),
            ("rule", "ordinary"),
            ("neighbour", "yes"),
            ("sort_order", "30"),
            ("version", &version),
        ]),
        "/admin/menu/{id}/retire" | "/admin/letter-categories/{code}/retire" | "/admin/dispute-types/{type}/retire" => {
            // Restoring keeps the entry offered to the routes tested after it.
            text(&[("retired", "no"), ("version", &version)])
        }
        "/admin/letter-categories/{code}" => text(&[
            ("name_zh", "公共设施"),
            ("name_en", "Public facilities"),
            ("ack_days", "3"),
            ("resolve_days", "15"),
            ("sort_order", "3"),
            ("version", &version),
        ]),
        "/admin/dispute-types/{type}" => text(&[
            ("name_zh", "邻里纠纷"),
            ("name_en", "Neighbours"),
            ("sort_order", "20"),
            ("version", &version),
        ]),
        other => panic!("no sample form for {other}"),
    }
}
