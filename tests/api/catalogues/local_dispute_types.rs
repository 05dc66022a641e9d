//! Local dispute types (issue 13, "Catalogues can be edited and retired,
//! not only created"): an admin adds a district's own type that counts as a
//! statutory one; residents and staff file cases under it; the case keeps
//! both, statistics and the city hand-off read the statutory code.

use super::{options, refused, value};
use crate::helpers::mediation::{attr, case_page, cast};
use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::Value;

fn lift<'a>(code: &'a str, maps_to: &'a str, name_zh: &'a str) -> [(&'static str, &'a str); 8] {
    [
        ("code", code),
        ("maps_to", maps_to),
        ("name_zh", name_zh),
        ("name_en", "Lift disputes"),
        ("group_code", "home_land"),
        ("hint_zh", "电梯停运、维修费分摊、加装电梯"),
        ("hint_en", "lifts out of service, repair costs"),
        ("sort_order", "5"),
    ]
}

/// Applies online under `dispute_type`; the response.
async fn apply(app: &TestApp, dispute_type: &str) -> reqwest::Response {
    let resident = new_client();
    let (_, form) = get_html(&resident, &app.url("/mediation/apply")).await;
    let token = attr(&form, "input[name=form_token]", "value");
    let street = crate::helpers::mailbox::street_id(app, "观音桥街道");
    let fields = [
        ("form_token", token.as_str()),
        ("applicant_name", "李德明"),
        ("applicant_phone", "13812345678"),
        ("respondent_name_1", "某物业服务公司"),
        ("dispute_type", dispute_type),
        ("summary", "2号楼电梯停运两个月，物业一直拖延维修，老人出行困难。"),
        ("requests", "尽快修复电梯"),
        ("street_id", street.as_str()),
        ("ack_rights", "yes"),
        ("consent_privacy", "yes"),
    ];
    post_form(&resident, &app.address, "/mediation/apply", &fields).await
}

#[tokio::test]
async fn a_local_type_is_added_offered_and_counted_under_its_statutory_type() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    app.login_admin().await;

    // Bad input: each error next to its field, what was typed kept.
    let res = app
        .post_form("/admin/dispute-types", &lift("电梯", "", "电梯纠纷"))
        .await;
    let page = refused(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(!select_text(&page, "#e-code").join("").is_empty());
    assert_eq!(select_text(&page, "#e-maps_to"), ["请从列表中选择一个标准类型。"]);
    assert_eq!(value(&page, "#f-name_zh"), "电梯纠纷");
    assert_eq!(value(&page, "#f-hint_en"), "lifts out of service, repair costs");
    // A statutory code is taken.
    let res = app
        .post_form(
            "/admin/dispute-types",
            &lift("neighbour", "property_management", "电梯纠纷"),
        )
        .await;
    let page = refused(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(!select_text(&page, "#e-code").join("").is_empty());
    assert_eq!(
        first_attr(&page, "#f-maps_to option[selected]", "value"),
        "property_management"
    );
    assert_eq!(app.audit_count("dispute_type.create"), 0);

    let res = app
        .post_form("/admin/dispute-types", &lift("lift", "property_management", "电梯纠纷"))
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("dispute_type.create"), 1);
    // The audit log says it in words: the names and the statutory type's.
    let (_, audit) = app.get_html("/admin/audit").await;
    let line = select_text(&audit, ".audit-line")
        .into_iter()
        .find(|l| l.contains("新增了本地纠纷类型"))
        .expect("logged");
    assert!(line.contains("电梯纠纷（电梯停运、维修费分摊、加装电梯）"), "{line}");
    assert!(line.contains("→ 物业 / Property management"), "{line}");
    assert!(!line.contains("property_management"), "{line}");
    let (_, list) = app.get_html("/admin/dispute-types").await;
    assert_eq!(select_text(&list, "#dispute-types tbody tr").len(), 20);
    let counts_as = select_text(&list, "#type-lift .counts-as").join("");
    assert!(counts_as.starts_with("物业"), "{counts_as}");
    let (_, edit) = app.get_html("/admin/dispute-types/lift").await;
    assert!(select_text(&edit, "#counts-as").join("").contains("物业"));

    // Offered first in its group (order 5) on the application form, with its hint.
    let (_, form) = get_html(&new_client(), &app.url("/mediation/apply")).await;
    let in_group = options(&form, "#f-dispute_type optgroup[label=\"房屋、土地与物业\"]");
    assert_eq!(in_group[0], "lift", "{in_group:?}");
    let label = select_text(&form, "#f-dispute_type option[value=lift]").join("");
    assert!(label.starts_with("电梯纠纷（电梯停运"), "{label}");
    let (_, register) = get_html(&cast.coordinator, &app.url("/staff/cases/new")).await;
    assert!(options(&register, "#f-dispute_type").contains(&"lift".to_owned()));

    // A case filed under it keeps both; the statutory code is what counts.
    assert_eq!(apply(&app, "lift").await.status(), StatusCode::OK);
    let case = latest_case(&app);
    assert_eq!(case.dispute_type.code(), "property_management");
    assert_eq!(case.local_type.as_deref(), Some("lift"));
    let page = case_page(&cast.coordinator, &app, &case.id).await;
    assert!(select_text(&page, "dd").contains(&"电梯纠纷（计入物业）".to_owned()));
    let path = format!("/staff/cases/{}/handoff.json", case.id);
    let res = post_form(&cast.coordinator, &app.address, &path, &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let doc: Value = serde_json::from_str(&res.text().await.unwrap()).unwrap();
    assert_eq!(doc["dispute_type"]["code"], "property_management");
    assert_eq!(doc["local_type"]["code"], "lift");
    assert_eq!(doc["local_type"]["name"], "电梯纠纷");
    // The case list's export names both, like the case page.
    let csv = get(&cast.coordinator, &app.url("/staff/cases/export.csv?queue=all"))
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.contains("电梯纠纷（计入物业）"), "{csv}");
    // The list's type filter is statutory: the case is found under 物业.
    let (_, cases) = get_html(
        &cast.coordinator,
        &app.url("/staff/cases?queue=all&dispute_type=property_management"),
    )
    .await;
    assert_eq!(select_text(&cases, "tbody tr").len(), 1);

    // Retired: gone from the form and refused if posted; the case keeps it.
    let res = app
        .post_form(
            "/admin/dispute-types/lift/retire",
            &[("retired", "yes"), ("version", "0")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, form) = get_html(&new_client(), &app.url("/mediation/apply")).await;
    assert!(!options(&form, "#f-dispute_type").contains(&"lift".to_owned()));
    let page = refused(apply(&app, "lift").await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(!select_text(&page, "#e-dispute_type").join("").is_empty());
    let page = case_page(&cast.coordinator, &app, &case.id).await;
    assert!(select_text(&page, "dd").contains(&"电梯纠纷（计入物业）".to_owned()));
}

fn latest_case(app: &TestApp) -> yuanba::db::cases::Case {
    use diesel::prelude::*;
    use yuanba::db::schema::cases;
    cases::table
        .order(cases::created_at.desc())
        .select(yuanba::db::cases::Case::as_select())
        .first(&mut app.conn())
        .unwrap()
}

/// Eight admins add the same code at once: one type, one audit row; the
/// others are told the code is taken, never a 5xx.
#[tokio::test]
async fn concurrent_adds_of_one_code_make_one_type() {
    let app = spawn_app().await;
    app.login_admin().await;
    let posts = (0..8).map(|i| {
        let app = &app;
        async move {
            let name = format!("电梯纠纷{i}");
            app.post_form("/admin/dispute-types", &lift("lift", "property_management", &name))
                .await
                .status()
        }
    });
    let statuses = futures_util::future::join_all(posts).await;
    let created = statuses.iter().filter(|s| **s == StatusCode::SEE_OTHER).count();
    let taken = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY)
        .count();
    assert_eq!((created, taken), (1, 7), "{statuses:?}");
    assert_eq!(app.audit_count("dispute_type.create"), 1);
    let rows = yuanba::db::dispute_types::all(&mut app.conn()).unwrap();
    assert_eq!(rows.iter().filter(|r| r.is_local()).count(), 1);
}

#[tokio::test]
async fn only_admins_add_local_types() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let fields = lift("lift", "property_management", "电梯纠纷");
    for client in [&cast.coordinator, &cast.lead] {
        let res = post_form(client, &app.address, "/admin/dispute-types", &fields).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
    assert!(
        yuanba::db::dispute_types::find(&mut app.conn(), "lift")
            .unwrap()
            .is_none()
    );
}
