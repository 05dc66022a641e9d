//! Issue 14 item 11 in the browser: the case page repeats one small form
//! per party, and each has its own ids, so tapping party 2's
//! "已送达权利义务告知书" ticks party 2's box, never party 1's; and no id
//! appears twice on the page.

use crate::common::*;
use crate::*;
use fantoccini::Locator;

/// Whether each party's "served" box is ticked, in page order.
async fn served(b: &Browser) -> Vec<bool> {
    let boxes = b.client.find_all(Locator::Css("input[name=served]")).await.unwrap();
    let mut ticked = Vec::new();
    for checkbox in boxes {
        ticked.push(checkbox.prop("checked").await.unwrap().as_deref() == Some("true"));
    }
    ticked
}

#[tokio::test]
async fn each_partys_served_label_ticks_its_own_box() {
    let app = spawn_app().await;
    yuanba::demo::seed_demo(&mut app.conn()).unwrap();
    let b = Browser::start().await;
    b.size(PHONE).await;
    b.log_in(&app, "demo-admin", yuanba::demo::DEMO_PASSWORD).await;
    let mut tested = false;
    for case in demo_cases_in(&app, yuanba::domain::mediation_workflow::CaseState::Mediating) {
        b.client
            .goto(&app.url(&format!("/staff/cases/{}", case.id)))
            .await
            .unwrap();
        let before = served(&b).await;
        if before.len() < 2 {
            continue;
        }
        let duplicates = b
            .client
            .execute(
                "const seen = new Set(), twice = [];
                 for (const e of document.querySelectorAll('[id]')) {
                   if (seen.has(e.id)) twice.push(e.id); else seen.add(e.id);
                 }
                 return twice;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(duplicates, serde_json::json!([]), "ids used twice on {}", case.id);
        let labels = b
            .client
            .find_all(Locator::Css("input[name=served] + label"))
            .await
            .unwrap();
        labels[1].click().await.unwrap();
        let after = served(&b).await;
        assert_eq!(after[0], before[0], "party 1's box is left alone");
        assert_ne!(after[1], before[1], "party 2's own box changes");
        tested = true;
        break;
    }
    assert!(tested, "a demo case being mediated has two parties");
    b.close().await;
}
