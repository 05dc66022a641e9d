//! Issue 14's staff items as the 老马 meets them (items 12–14): the
//! workbench with its queues, the review queue, a 小马's draft under review
//! with what is missing, and the same case after a refused approve (the
//! error, the summary at the top, the page opened at the form). At phone
//! and desktop width, in both languages and both modes, into
//! target/screenshots/resident (named `staff-…`); the same checks as the
//! resident pages: no sideways scroll, no small controls in elderly mode.

use crate::common::*;
use crate::resident_shots::{MODES, look, mode_name, next_mode};
use crate::*;

#[tokio::test]
async fn the_laomas_pages_in_every_language_mode_and_width() {
    let app = spawn_app().await;
    yuanba::demo::seed_demo(&mut app.conn()).unwrap();
    let xiaoma = yuanba::db::users::find_by_username(&mut app.conn(), "demo-xiaoma")
        .unwrap()
        .unwrap();
    let case_id = demo_cases_in(&app, yuanba::domain::mediation_workflow::CaseState::AgreementReview)
        .into_iter()
        .find(|c| c.lead_mediator_id.as_deref() == Some(xiaoma.id.as_str()))
        .expect("the demo has a 小马's draft under review")
        .id;
    let b = Browser::start().await;
    b.client.goto(&app.url("/login")).await.unwrap();
    b.fill("#f-username", "demo-laoma").await;
    b.fill("#f-password", yuanba::demo::DEMO_PASSWORD).await;
    b.click("form[action='/login'] button[type=submit]").await;
    let mut found = Vec::new();
    let pages = [
        ("workbench", "/staff".to_owned()),
        ("review-queue", "/staff/cases?queue=review".to_owned()),
        ("review-case", format!("/staff/cases/{case_id}")),
    ];
    for mode in MODES {
        for (width, size) in [("phone", PHONE), ("desktop", DESKTOP)] {
            let prefix = format!("staff-{width}-{}", mode_name(mode));
            for (name, path) in &pages {
                b.size(size).await;
                b.client.goto(&app.url(path)).await.unwrap();
                found.extend(look(&b, size, &format!("{prefix}-{name}"), mode.1).await);
            }
            // Folded in elderly mode, the menu's button carries the count
            // its links' badges would show.
            if mode.1 {
                // (textContent: on a wide screen the button is hidden, the menu open.)
                let badge = b.find(".nav-fold > summary .nav-badge").await;
                let badge = badge.prop("textContent").await.unwrap().unwrap_or_default();
                assert!(badge.starts_with(char::is_numeric), "{prefix}: {badge}");
            }
            // Approving before the lead has recorded the signatures: refused.
            b.find("#step-AGREEMENT_EFFECTIVE > summary")
                .await
                .click()
                .await
                .unwrap();
            b.click("form.step[data-to=AGREEMENT_EFFECTIVE] button[type=submit]")
                .await;
            let url = b.client.current_url().await.unwrap();
            assert_eq!(url.fragment(), Some("step-AGREEMENT_EFFECTIVE"), "{prefix}");
            assert!(!b.text("#step-AGREEMENT_EFFECTIVE .step-error").await.is_empty());
            assert!(!b.text(".step-summary").await.is_empty());
            found.extend(look(&b, size, &format!("{prefix}-review-refused"), mode.1).await);
        }
        next_mode(&b, &app, mode).await;
    }
    b.close().await;
    assert!(found.is_empty(), "pages that look wrong:\n{}", found.join("\n"));
}
