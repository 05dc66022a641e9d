//! Dispute types: the statutory codes stay, admins rename, reorder, retire
//! and restore them.

use super::{options, refused, value};
use crate::helpers::mediation::{apply_online_receipt, attr, case_page, cast};
use crate::helpers::*;
use reqwest::StatusCode;

const NEIGHBOUR_HINT_ZH: &str = "噪音、漏水、占用楼道、采光通风、宠物";
const NEIGHBOUR_HINT_EN: &str = "noise, leaks, blocked stairs, light and air, pets";

/// The edit form with the type's group and hints as seeded.
fn edit<'a>(name_zh: &'a str, name_en: &'a str, order: &'a str, version: &'a str) -> [(&'static str, &'a str); 7] {
    grouped(
        name_zh,
        name_en,
        order,
        version,
        ("family_neighbours", NEIGHBOUR_HINT_ZH, NEIGHBOUR_HINT_EN),
    )
}

/// The edit form with a group and the two hints.
fn grouped<'a>(
    name_zh: &'a str,
    name_en: &'a str,
    order: &'a str,
    version: &'a str,
    (group, hint_zh, hint_en): (&'a str, &'a str, &'a str),
) -> [(&'static str, &'a str); 7] {
    [
        ("name_zh", name_zh),
        ("name_en", name_en),
        ("sort_order", order),
        ("group_code", group),
        ("hint_zh", hint_zh),
        ("hint_en", hint_en),
        ("version", version),
    ]
}

#[tokio::test]
async fn dispute_types_are_renamed_reordered_retired_and_restored_and_cases_keep_theirs() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    app.login_admin().await;
    let (status, list) = app.get_html("/admin/dispute-types").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(select_text(&list, "#dispute-types tbody tr").len(), 19);
    assert_eq!(select_text(&list, "#type-neighbour .name-zh"), vec!["邻里"]);

    // Bad input: each error next to its field, what was typed kept.
    let res = app
        .post_form(
            "/admin/dispute-types/neighbour",
            &edit("  ", "Neighbour disputes", "x", "0"),
        )
        .await;
    let page = refused(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(!select_text(&page, "#e-name_zh").join("").is_empty());
    assert_eq!(
        select_text(&page, "#e-sort_order"),
        vec!["请填写 0 到 9999 之间的整数。"]
    );
    assert_eq!(value(&page, "#f-name_en"), "Neighbour disputes");
    assert_eq!(app.audit_count("dispute_type.update"), 0);

    let res = app
        .post_form(
            "/admin/dispute-types/neighbour",
            &edit("邻里纠纷", "Neighbour disputes", "5", "0"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("dispute_type.update"), 1);

    // A second admin's form built from version 0 is stale: a conflict,
    // showing what the type holds now, and nothing overwritten.
    let res = app
        .post_form(
            "/admin/dispute-types/neighbour",
            &edit("邻里关系", "Neighbours", "20", "0"),
        )
        .await;
    let page = refused(res, StatusCode::CONFLICT).await;
    assert_eq!(select_text(&page, "#conflict").len(), 1);
    assert_eq!(value(&page, "#f-name_zh"), "邻里纠纷");
    assert_eq!(value(&page, "#edit-form input[name=version]"), "1");
    let row = yuanba::db::dispute_types::find(&mut app.conn(), "neighbour")
        .unwrap()
        .unwrap();
    assert_eq!((row.name_zh.as_str(), row.sort_order), ("邻里纠纷", 5));

    // The renamed type leads the application form (sort order 5).
    let (_, form) = get_html(&new_client(), &app.url("/mediation/apply")).await;
    assert_eq!(options(&form, "#f-dispute_type")[0], "neighbour");
    // The admins' label, then the type's plain-words hint (issue 14, item 10).
    let label = select_text(&form, "#f-dispute_type option[value=neighbour]").join("");
    assert!(label.starts_with("邻里纠纷（"), "{label}");
    let (case_id, receipt) = apply_online_receipt(&app, "观音桥街道").await;

    let res = app
        .post_form(
            "/admin/dispute-types/neighbour/retire",
            &[("retired", "yes"), ("version", "1")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("dispute_type.retire"), 1);
    let (_, list) = app.get_html("/admin/dispute-types").await;
    assert_eq!(select_text(&list, "#type-neighbour .tag"), vec!["已停用"]);

    // Gone from the application and registration forms, refused if posted…
    let resident = new_client();
    let (_, form) = get_html(&resident, &app.url("/mediation/apply")).await;
    assert!(!options(&form, "#f-dispute_type").contains(&"neighbour".to_owned()));
    assert_eq!(options(&form, "#f-dispute_type").len(), 18);
    let token = attr(&form, "input[name=form_token]", "value");
    let street = crate::helpers::mailbox::street_id(&app, "观音桥街道");
    let fields = [
        ("form_token", token.as_str()),
        ("applicant_name", "张秀英"),
        ("applicant_phone", "13812345678"),
        ("respondent_name_1", "王建国"),
        ("dispute_type", "neighbour"),
        ("summary", "楼上卫生间漏水，我家天花板发霉脱落，多次沟通未果。"),
        ("requests", "修复漏水"),
        ("street_id", street.as_str()),
        ("ack_rights", "yes"),
        ("consent_privacy", "yes"),
    ];
    let res = post_form(&resident, &app.address, "/mediation/apply", &fields).await;
    let page = refused(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(!select_text(&page, "#e-dispute_type").join("").is_empty());
    assert_eq!(value(&page, "#f-applicant_name"), "张秀英");
    let (_, register) = get_html(&cast.coordinator, &app.url("/staff/cases/new")).await;
    assert!(!options(&register, "#f-dispute_type").contains(&"neighbour".to_owned()));
    assert!(options(&register, "#f-dispute_type").contains(&"housing".to_owned()));

    // …while the existing case keeps its type, under its current label, and
    // the list can still filter by it.
    let page = case_page(&cast.coordinator, &app, &case_id).await;
    assert!(select_text(&page, "dd").contains(&"邻里纠纷".to_owned()));
    let (_, cases) = get_html(&cast.coordinator, &app.url("/staff/cases?queue=all")).await;
    assert!(options(&cases, "#f-dispute_type").contains(&"neighbour".to_owned()));
    let (status, track) = crate::helpers::mailbox::track(&app, &receipt).await;
    assert_eq!(status, StatusCode::OK);
    assert!(track.contains("邻里纠纷"), "{track}");

    let res = app
        .post_form(
            "/admin/dispute-types/neighbour/retire",
            &[("retired", "no"), ("version", "2")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("dispute_type.restore"), 1);
    let (_, form) = get_html(&new_client(), &app.url("/mediation/apply")).await;
    assert!(options(&form, "#f-dispute_type").contains(&"neighbour".to_owned()));

    // A stale retire is a conflict too.
    let res = app
        .post_form(
            "/admin/dispute-types/neighbour/retire",
            &[("retired", "yes"), ("version", "2")],
        )
        .await;
    refused(res, StatusCode::CONFLICT).await;
}

#[tokio::test]
async fn only_admins_manage_dispute_types() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    for path in ["/admin/dispute-types", "/admin/dispute-types/neighbour"] {
        assert_eq!(
            get(&cast.coordinator, &app.url(path)).await.status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(get(&cast.lead, &app.url(path)).await.status(), StatusCode::FORBIDDEN);
    }
    let res = post_form(
        &cast.coordinator,
        &app.address,
        "/admin/dispute-types/neighbour/retire",
        &[("retired", "yes"), ("version", "0")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let row = yuanba::db::dispute_types::find(&mut app.conn(), "neighbour")
        .unwrap()
        .unwrap();
    assert!(row.retired_at.is_none());
}

/// Issue 14 item 2: the admin regroups a type and rewords its hints; the
/// application form lists it under the new group with the new words, the
/// list page shows both, and bad input is refused next to its field.
#[tokio::test]
async fn groups_and_plain_words_hints_are_edited_and_reach_the_application_form() {
    let app = spawn_app().await;
    app.login_admin().await;
    let (_, page) = app.get_html("/admin/dispute-types/neighbour").await;
    assert_eq!(
        first_attr(&page, "#f-group_code option[selected]", "value"),
        "family_neighbours"
    );
    assert_eq!(value(&page, "#f-hint_zh"), NEIGHBOUR_HINT_ZH);
    assert_eq!(options(&page, "#f-group_code").len(), 7, "the closed vocabulary only");

    // A made-up group and an overlong hint: refused, typed values kept.
    let long = "长".repeat(81);
    let res = app
        .post_form(
            "/admin/dispute-types/neighbour",
            &grouped("邻里", "Neighbours", "20", "0", ("jobs", &long, "fine")),
        )
        .await;
    let page = refused(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(select_text(&page, "#e-group_code"), ["请从列表中选择一个分组。"]);
    assert!(!select_text(&page, "#e-hint_zh").join("").is_empty());
    assert!(select_text(&page, "#e-hint_en").is_empty());
    assert_eq!(value(&page, "#f-hint_en"), "fine");
    assert_eq!(app.audit_count("dispute_type.update"), 0);

    let hints = (
        "home_land",
        "楼上楼下、隔壁之间的各种矛盾",
        "quarrels between neighbours",
    );
    let res = app
        .post_form(
            "/admin/dispute-types/neighbour",
            &grouped("邻里", "Neighbours", "20", "0", hints),
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let row = yuanba::db::dispute_types::find(&mut app.conn(), "neighbour")
        .unwrap()
        .unwrap();
    assert_eq!(row.group_code, yuanba::domain::mediation::DisputeGroup::HomeLand);
    assert_eq!(row.hint_en, "quarrels between neighbours");

    // The list shows the group and the hint in words.
    let (_, list) = app.get_html("/admin/dispute-types").await;
    assert_eq!(select_text(&list, "#type-neighbour .type-group"), ["房屋、土地与物业"]);
    assert_eq!(
        select_text(&list, "#type-neighbour .type-hint"),
        ["楼上楼下、隔壁之间的各种矛盾"]
    );
    // The application form lists it under its new group, with the new words.
    let (_, form) = get_html(&new_client(), &app.url("/mediation/apply")).await;
    let sel = scraper::Selector::parse("#f-dispute_type optgroup").unwrap();
    let group = form
        .select(&sel)
        .find(|g| g.value().attr("label") == Some("房屋、土地与物业"))
        .expect("the group is offered");
    let labels: Vec<String> = group
        .text()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect();
    assert!(
        labels.iter().any(|l| l.starts_with("邻里") && l.contains("楼上楼下")),
        "{labels:?}"
    );
    // In English too.
    let en = new_client();
    post_form(&en, &app.address, "/prefs/lang", &[("lang", "en")]).await;
    let (_, form) = get_html(&en, &app.url("/mediation/apply")).await;
    let label = select_text(&form, "#f-dispute_type option[value=neighbour]").join("");
    assert!(label.contains("quarrels between neighbours"), "{label}");

    // The audit log reads as words, both names and hints, no codes.
    let (_, audit) = app.get_html("/admin/audit").await;
    let line = select_text(&audit, ".audit-line")
        .into_iter()
        .find(|l| l.contains("修改了纠纷类型"))
        .expect("logged");
    assert!(
        line.contains("邻里（楼上楼下、隔壁之间的各种矛盾） / Neighbours（quarrels between neighbours）"),
        "{line}"
    );
    assert!(!line.contains('#'), "{line}");
}
