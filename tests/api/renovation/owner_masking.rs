//! Security review, item 10: owners' names are masked in the place browser
//! and shown in full only after an audited POST, never by a link.

use super::*;
use crate::helpers::*;

#[tokio::test]
async fn owners_are_masked_in_the_place_browser_and_unmasked_only_by_an_audited_post() {
    let app = spawn_app().await;
    let coord = coordinator(&app, "gyq-coord", "观音桥街道").await;
    let compound = make_compound(&app, "观音桥街道");
    let import = format!("/staff/places/{compound}/import");
    let (status, _) = post(&app, &coord, &import, &[("csv", GOOD_CSV)]).await;
    assert_eq!(status, StatusCode::OK);
    let entrance = child(&app, &child(&app, &compound, "1栋"), "1单元");
    let page = format!("/staff/places/{entrance}");

    for path in [page.clone(), format!("{page}?unmask=1")] {
        let res = coord.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let body = res.text().await.unwrap();
        let html = Html::parse_document(&body);
        assert_eq!(select_text(&html, ".owners"), vec!["张*", "张*", "李*;王*"]);
        assert!(!body.contains("李四") && !body.contains("张三"), "{path}");
    }
    assert_eq!(app.audit_count("place.owners_unmask"), 0, "a GET writes nothing");

    let (status, body) = post(&app, &coord, &format!("{page}/unmask"), &[]).await;
    assert_eq!(status, StatusCode::OK);
    let html = Html::parse_document(&body);
    assert_eq!(select_text(&html, ".owners"), vec!["张三", "张三", "李四;王五"]);
    assert_eq!(app.audit_count("place.owners_unmask"), 1);

    // Another street's coordinator is refused, and nothing is audited.
    let other = coordinator(&app, "wld-coord", "五里店街道").await;
    let (status, _) = post(&app, &other, &format!("{page}/unmask"), &[]).await;
    assert!(
        status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
        "{status}"
    );
    assert_eq!(app.audit_count("place.owners_unmask"), 1);
}
