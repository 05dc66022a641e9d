//! `/admin/triage`: admins edit the triage rule table (issue 16). A new
//! rule is suggested at the next triage; bad input is refused next to its
//! field with what was typed kept; an edit or deletion of a row that moved
//! on is a conflict that changes nothing; of many admins saving the same
//! version at once exactly one wins, on both backends.

use super::*;
use yuanba::domain::role::Role;

const RULES: &str = "SELECT COUNT(*) AS n FROM triage_rules";

async fn admin(app: &TestApp, name: &str) -> Client {
    app.create_user(name, Role::Admin, None, None);
    logged_in(app, name).await
}

fn rule_fields<'a>(position: &'a str, reason_zh: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("position", position),
        ("dispute_type", "neighbour"),
        ("min_amount", ""),
        ("max_amount", "20,000"),
        ("place_id", ""),
        ("party_kind", ""),
        ("channel", "legal_aid"),
        ("sector", ""),
        ("reason_zh", reason_zh),
        ("reason_en", "Small neighbour claims: legal aid advises first"),
    ]
}

fn stored_version(app: &TestApp, id: &str) -> i32 {
    yuanba::db::triage_rules::find(&mut app.conn(), id)
        .unwrap()
        .expect("the rule")
        .version
}

#[tokio::test]
async fn a_rule_an_admin_adds_is_suggested_at_the_next_triage() {
    let app = spawn_app().await;
    let admin = admin(&app, "triage-admin").await;
    let seeded = count(&app, RULES);
    let res = post_form(
        &admin,
        &app.address,
        "/admin/triage",
        &rule_fields("5", "邻里小额纠纷先请法律援助咨询"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(count(&app, RULES), seeded + 1);
    assert_eq!(app.audit_count("triage.create"), 1);

    let list = page(&admin, &app, "/admin/triage?saved=1").await;
    let first = select_text(&list, "#triage-rules tbody tr:first-child td");
    assert_eq!(first[0].trim(), "5", "read first: the lowest number");
    assert!(first[1].contains("20000"), "the band in words: {first:?}");
    assert_eq!(select_text(&list, "#notice").len(), 1, "says it saved");

    // A neighbour dispute with an amount in the band: suggested first.
    let coordinator = centre(&app, "gyq-triage").await;
    let case_id = apply_online(&app, GYQ).await;
    let form = page(
        &coordinator,
        &app,
        &format!("/centre/cases/{case_id}/refer?amount=3000"),
    )
    .await;
    let reasons = select_text(&form, "#suggestions .suggestion .reason");
    assert_eq!(
        reasons.first().map(|r| r.trim()),
        Some("邻里小额纠纷先请法律援助咨询"),
        "{reasons:?}"
    );
    // Outside the band the rule does not apply.
    let form = page(
        &coordinator,
        &app,
        &format!("/centre/cases/{case_id}/refer?amount=50000"),
    )
    .await;
    let reasons = select_text(&form, "#suggestions .suggestion .reason");
    assert!(!reasons.iter().any(|r| r.contains("法律援助咨询")), "{reasons:?}");
}

#[tokio::test]
async fn bad_input_is_refused_next_to_each_field_and_kept() {
    let app = spawn_app().await;
    let admin = admin(&app, "triage-admin").await;
    let seeded = count(&app, RULES);
    let mut fields = rule_fields("0", "");
    fields[3] = ("max_amount", "两万");
    fields[6] = ("channel", "sector_committee");
    let res = post_form(&admin, &app.address, "/admin/triage", &fields).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    let invalid: Vec<String> = html
        .select(&scraper::Selector::parse(".field-invalid select, .field-invalid input").unwrap())
        .filter_map(|e| e.value().attr("name").map(str::to_owned))
        .collect();
    assert_eq!(invalid, vec!["position", "max_amount", "sector", "reason_zh"]);
    assert_eq!(attr(&html, "#f-max_amount", "value"), "两万", "what was typed is kept");
    assert_eq!(
        attr(&html, "#f-reason_en", "value"),
        "Small neighbour claims: legal aid advises first"
    );
    assert_eq!(count(&app, RULES), seeded, "nothing stored");
    assert_eq!(app.audit_count("triage.create"), 0);
}

#[tokio::test]
async fn a_stale_edit_or_deletion_is_a_conflict_and_changes_nothing() {
    let app = spawn_app().await;
    let (first, second) = (admin(&app, "triage-a").await, admin(&app, "triage-b").await);
    let path = "/admin/triage/default-30";
    let mut fields = rule_fields("30", "物业纠纷先由物业调委会调解");
    fields.push(("version", "1"));
    assert_eq!(
        post_form(&first, &app.address, path, &fields).await.status(),
        StatusCode::SEE_OTHER
    );

    let mut late = rule_fields("31", "第二位管理员的修改");
    late.push(("version", "1"));
    let res = post_form(&second, &app.address, path, &late).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&html, "#conflict").len(), 1);
    assert_eq!(
        attr(&html, "#f-reason_zh", "value"),
        "物业纠纷先由物业调委会调解",
        "shows what is stored now"
    );
    let stored = yuanba::db::triage_rules::find(&mut app.conn(), "default-30")
        .unwrap()
        .unwrap();
    assert_eq!((stored.version, stored.rule.position), (2, 30));

    let stale = [("version", "1")];
    let res = post_form(&second, &app.address, &format!("{path}/delete"), &stale).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(
        yuanba::db::triage_rules::find(&mut app.conn(), "default-30")
            .unwrap()
            .is_some()
    );
    let current = [("version", "2")];
    let res = post_form(&second, &app.address, &format!("{path}/delete"), &current).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(
        yuanba::db::triage_rules::find(&mut app.conn(), "default-30")
            .unwrap()
            .is_none()
    );
    assert_eq!(
        (app.audit_count("triage.update"), app.audit_count("triage.delete")),
        (1, 1)
    );
    let gone = get_html(&first, &app.url(path)).await.0;
    assert_eq!(gone, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_many_admins_saving_one_version_at_once_exactly_one_wins() {
    const RACERS: usize = 8;
    let app = spawn_app().await;
    let mut clients = Vec::new();
    for n in 0..RACERS {
        clients.push(admin(&app, &format!("triage-racer-{n}")).await);
    }
    let mut tasks = Vec::new();
    for (n, client) in clients.into_iter().enumerate() {
        let address = app.address.clone();
        tasks.push(tokio::spawn(async move {
            let reason = format!("第 {n} 位管理员的理由");
            let mut fields = rule_fields("40", &reason);
            fields.push(("version", "1"));
            post_form(&client, &address, "/admin/triage/default-40", &fields)
                .await
                .status()
        }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    let won = statuses.iter().filter(|s| **s == StatusCode::SEE_OTHER).count();
    let lost = statuses.iter().filter(|s| **s == StatusCode::CONFLICT).count();
    assert_eq!((won, lost), (1, RACERS - 1), "{statuses:?}");
    assert_eq!(stored_version(&app, "default-40"), 2);
    assert_eq!(app.audit_count("triage.update"), 1);
}

/// An edit that empties a condition clears it (it is not left as it was).
#[tokio::test]
async fn an_emptied_condition_is_cleared() {
    let app = spawn_app().await;
    let admin = admin(&app, "triage-clear").await;
    let mut fields = rule_fields("70", "任何金额都建议法律援助咨询");
    fields[1] = ("dispute_type", "");
    fields[3] = ("max_amount", "");
    fields.push(("version", "1"));
    let res = post_form(&admin, &app.address, "/admin/triage/default-70", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let stored = yuanba::db::triage_rules::find(&mut app.conn(), "default-70")
        .unwrap()
        .unwrap();
    // The seeded row had a lower bound of ¥1,000,000; the form sent none.
    assert_eq!(
        (stored.rule.dispute_type, stored.rule.min_amount, stored.rule.max_amount),
        (None, None, None)
    );
}
