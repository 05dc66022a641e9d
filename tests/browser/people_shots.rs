//! Issue 14, the remaining items of helper "people": the staff pages
//! (workbench, case list, case page, letters) and the admin pages this pass
//! changed (a community's contact, the dispute types, the audit log), at
//! phone and desktop width in both languages and both modes. Every page is
//! photographed into target/screenshots/people for review, must not
//! scroll sideways and, in elderly mode, has no control under 48 px.

use crate::common::*;
use crate::resident_shots::look_into;
use crate::*;

/// Next to the other journeys' screenshots, inside the checkout.
const SHOTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/target/screenshots/people");

/// Signs in as a demo account.
async fn log_in(b: &Browser, app: &TestApp, user: &str) {
    b.log_in(app, user, yuanba::demo::DEMO_PASSWORD).await;
}

/// Each page at `size`, screen by screen and whole ([`look_into`]): what
/// looks wrong (sideways scroll; in elderly mode, controls under 48 px).
async fn photograph(b: &Browser, app: &TestApp, pages: &[(&str, String)], size: (u32, u32), mode: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (name, path) in pages {
        b.size(size).await;
        b.client.goto(&app.url(path)).await.unwrap();
        found.extend(look_into(b, SHOTS, size, &format!("{mode}-{name}"), mode.contains("elder")).await);
    }
    found
}

/// Switches the language or elderly mode from the header's buttons.
async fn toggle(b: &Browser, app: &TestApp, form: &str) {
    b.client.goto(&app.url("/admin")).await.unwrap();
    b.click(&format!("form[action='{form}'] button")).await;
}

#[tokio::test]
async fn staff_and_changed_admin_pages_in_every_language_mode_and_width() {
    let app = spawn_app().await;
    yuanba::demo::seed_demo(&mut app.conn()).unwrap();
    let case = demo_cases_in(&app, yuanba::domain::mediation_workflow::CaseState::Mediating)
        .into_iter()
        .next()
        .expect("a demo case being mediated");
    let letter = yuanba::db::letters::list(&mut app.conn(), &Default::default(), 1)
        .unwrap()
        .remove(0);
    let community = yuanba::db::places::of_kinds(&mut app.conn(), &[yuanba::domain::place::PlaceKind::Community])
        .unwrap()
        .remove(0);
    let staff = [
        ("workbench", "/staff".to_owned()),
        ("cases", "/staff/cases?queue=all".to_owned()),
        ("case", format!("/staff/cases/{}", case.id)),
        ("letters", "/staff/letters".to_owned()),
        ("letter", format!("/staff/letters/{}", letter.id)),
    ];
    let admin = [
        ("contact", format!("/admin/places/{}", community.id)),
        ("types", "/admin/dispute-types".to_owned()),
        ("type", "/admin/dispute-types/neighbour".to_owned()),
        ("type-local", "/admin/dispute-types/lift".to_owned()),
        ("audit", "/admin/audit".to_owned()),
    ];
    let b = Browser::start().await;
    let mut found = Vec::new();
    log_in(&b, &app, "demo-admin").await;
    for (lang, elder) in [("zh", false), ("zh", true), ("en", true), ("en", false)] {
        let mode = format!("{lang}{}", if elder { "-elder" } else { "" });
        found.extend(photograph(&b, &app, &admin, PHONE, &format!("phone-{mode}")).await);
        found.extend(photograph(&b, &app, &admin, DESKTOP, &format!("desktop-{mode}")).await);
        found.extend(photograph(&b, &app, &staff, PHONE, &format!("phone-{mode}")).await);
        found.extend(photograph(&b, &app, &staff, DESKTOP, &format!("desktop-{mode}")).await);
        // zh → zh elder → en elder → en: one switch between each.
        match (lang, elder) {
            ("zh", false) => toggle(&b, &app, "/prefs/elder").await,
            ("zh", true) => toggle(&b, &app, "/prefs/lang").await,
            _ => toggle(&b, &app, "/prefs/elder").await,
        }
    }
    b.close().await;
    assert!(found.is_empty(), "pages that look wrong:\n{}", found.join("\n"));
}

/// The screening form of a coordinator, with the street's grids grouped
/// under their communities (issue 13), in every mode at both widths.
#[tokio::test]
async fn the_screening_form_with_its_grids_in_every_language_mode_and_width() {
    use crate::resident_shots::{MODES, mode_name, next_mode};
    let app = spawn_app().await;
    yuanba::demo::seed_demo(&mut app.conn()).unwrap();
    let b = Browser::start().await;
    log_in(&b, &app, "demo-coordinator-wld").await;
    let page = [("screenings", "/staff/screenings".to_owned())];
    let mut found = Vec::new();
    for mode in MODES {
        for (width, size) in [("phone", PHONE), ("desktop", DESKTOP)] {
            found.extend(photograph(&b, &app, &page, size, &format!("{width}-{}", mode_name(mode))).await);
            b.find("#f-grid_id optgroup option").await;
        }
        next_mode(&b, &app, mode).await;
    }
    b.close().await;
    assert!(found.is_empty(), "pages that look wrong:\n{}", found.join("\n"));
}
