//! `/admin/orgs`: adding, checking and retiring organisations.

use super::*;

fn fields<'a>(name: &'a str, channel: &'a str, sector: &'a str, place: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", name),
        ("channel", channel),
        ("sector", sector),
        ("place_id", place),
        ("contact_phone", "023 6710 0101"),
        ("address", "江北区金融纠纷服务中心二楼"),
        ("hours", "周一至周五 9:00–17:30"),
        ("type", "contract"),
        ("type", "business"),
        ("active", "yes"),
    ]
}

#[tokio::test]
async fn an_admin_adds_edits_and_retires_an_organisation() {
    let app = spawn_app().await;
    app.login_admin().await;
    let district = yuanba::db::places::of_kinds(&mut app.conn(), &[yuanba::domain::place::PlaceKind::District])
        .unwrap()
        .remove(0)
        .id;

    let bad = fields("江北区金融纠纷人民调解委员会", "sector_committee", "", &district);
    let res = app.post_form("/admin/orgs", &bad).await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a professional committee needs its sector"
    );
    let good = fields("江北区金融纠纷人民调解委员会", "sector_committee", "finance", &district);
    let res = app.post_form("/admin/orgs", &good).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = app.post_form("/admin/orgs", &good).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "names are unique");

    let org = resolution_orgs::all(&mut app.conn()).unwrap().remove(0);
    assert_eq!(org.contact_phone, "023-67100101", "the phone is stored normalised");
    assert_eq!(org.dispute_types, "contract,business");
    assert_eq!(app.audit_count("org.create"), 1);

    let (_, list) = app.get_html("/admin/orgs").await;
    assert_eq!(select_text(&list, ".org-row .name"), vec![org.name.clone()]);
    let mut retire = fields(&org.name, "sector_committee", "finance", &district);
    retire.retain(|(k, _)| *k != "active");
    let res = app.post_form(&format!("/admin/orgs/{}", org.id), &retire).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(!resolution_orgs::find(&mut app.conn(), &org.id).unwrap().unwrap().active);
    assert_eq!(app.audit_count("org.update"), 1);
}

#[tokio::test]
async fn a_retired_organisation_cannot_receive_a_referral() {
    let app = spawn_app().await;
    let org_id = property_committee(&app);
    app.run_sql(&format!(
        "UPDATE resolution_orgs SET active = FALSE WHERE id = '{org_id}'"
    ))
    .unwrap();
    let coordinator = centre(&app, "gyq-centre").await;
    let case_id = apply_online(&app, GYQ).await;
    let res = refer(&coordinator, &app, &case_id, &org_id, "转办").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM referrals"), 0);
}
