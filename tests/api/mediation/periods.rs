//! Issue 11, items 6 and 7: the one-month period is counted as the Civil
//! Code counts it (Arts. 201–203) with the admins' holiday calendar, and an
//! extension needs every party's recorded consent.
//!
//! The app reads the real clock, so the period is checked from today: the
//! admin marks the period's natural last day as a holiday, and the case
//! page must show the next working day. The month arithmetic itself is unit
//! tested at its bounds in `domain::legal_period`.

use crate::helpers::mediation::*;
use crate::helpers::*;
use reqwest::StatusCode;
use scraper::Html;
use yuanba::dates::{china_day, day_text};
use yuanba::domain::legal_period::{self, DayKind, HolidayCalendar, Period};

fn today() -> i64 {
    china_day(yuanba::db::now_ts())
}

fn case(app: &TestApp, id: &str) -> yuanba::db::cases::Case {
    yuanba::db::cases::find(&mut app.conn(), id).unwrap().unwrap()
}

fn extensions(app: &TestApp, id: &str) -> usize {
    yuanba::db::case_extensions::for_case(&mut app.conn(), id)
        .unwrap()
        .len()
}

#[tokio::test]
async fn acceptance_counts_one_month_and_moves_past_a_holiday_the_admin_entered() {
    let app = spawn_app().await;
    app.login_admin().await;
    let natural = legal_period::add_months(today(), 1);
    let natural_text = day_text(natural);

    // A bad entry is refused next to its field, keeping what was typed.
    let bad = [("day", "2027-02-30"), ("kind", "holiday"), ("name", "元旦")];
    let res = app.post_form("/admin/holidays", &bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&html, "#e-day").len(), 1, "error at the date");
    assert_eq!(attr(&html, "#f-name", "value"), "元旦", "what was typed stays");

    let entry = [
        ("day", natural_text.as_str()),
        ("kind", "holiday"),
        ("name", "测试假日"),
    ];
    let res = app.post_form("/admin/holidays", &entry).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("holiday.add"), 1);
    let (_, list) = app
        .get_html(&format!("/admin/holidays?year={}", &natural_text[..4]))
        .await;
    assert_eq!(select_text(&list, ".holiday-row .day"), vec![natural_text.clone()]);
    // The same day twice is refused at the date, not a server error.
    let res = app.post_form("/admin/holidays", &entry).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let cast = cast(&app).await;
    let case_id = apply_online(&app, "观音桥街道").await;
    expect_step(&cast.coordinator, &app, &case_id, "ACCEPTED", &[]).await;

    let calendar = HolidayCalendar::new([(natural, DayKind::Holiday)]);
    let expected = legal_period::mediation_last_day(today(), &calendar);
    assert!(expected > natural, "the holiday moves the last day");
    let page = case_page(&cast.coordinator, &app, &case_id).await;
    assert_eq!(select_text(&page, "#deadline"), vec![day_text(expected)]);
    // Stored as 24:00 of the last day, the midnight in China after it.
    assert_eq!(
        case(&app, &case_id).deadline_at,
        Some(legal_period::end_instant(expected))
    );
    assert!(select_text(&page, ".tag-overdue").is_empty());

    // Removing the entry is audited and leaves the calendar empty.
    let res = app
        .post_form(&format!("/admin/holidays/{natural_text}/remove"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("holiday.remove"), 1);
    let (_, list) = app
        .get_html(&format!("/admin/holidays?year={}", &natural_text[..4]))
        .await;
    assert!(select_text(&list, ".holiday-row").is_empty());
}

#[tokio::test]
async fn a_case_is_overdue_from_midnight_after_its_last_day_on_the_page_and_in_the_queue() {
    let app = spawn_app().await;
    app.login_admin().await;
    let cast = cast(&app).await;
    let case_id = apply_online(&app, "观音桥街道").await;
    expect_step(&cast.coordinator, &app, &case_id, "ACCEPTED", &[]).await;
    let now = yuanba::db::now_ts();
    for (end, overdue) in [(now + 3600, false), (now - 1, true)] {
        app.run_sql(&format!("UPDATE cases SET deadline_at = {end} WHERE id = '{case_id}'"))
            .unwrap();
        let page = case_page(&cast.coordinator, &app, &case_id).await;
        assert_eq!(
            !select_text(&page, ".tag-overdue").is_empty(),
            overdue,
            "page, end {end}"
        );
        // The office's overdue queue (coordinators have none).
        let (_, queue) = app.get_html("/staff/cases?queue=overdue").await;
        let listed = attr(&queue, &format!("a[href='/staff/cases/{case_id}']"), "href");
        assert_eq!(!listed.is_empty(), overdue, "queue, end {end}");
    }
}

#[tokio::test]
async fn resuming_from_hold_moves_the_last_day_by_the_days_held_then_past_rest_days() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let case_id = apply_online(&app, "观音桥街道").await;
    expect_step(&cast.coordinator, &app, &case_id, "ACCEPTED", &[]).await;
    let hold = [("on_hold", "1"), ("reason", "当事人住院")];
    let res = post_case(&cast.coordinator, &app, &case_id, "/hold", &hold).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // Four days and an hour on hold count as five whole days.
    let started = yuanba::db::now_ts() - 4 * 86_400 - 3600;
    app.run_sql(&format!(
        "UPDATE cases SET hold_started_at = {started} WHERE id = '{case_id}'"
    ))
    .unwrap();
    let before = case(&app, &case_id).deadline_at.unwrap();
    let res = post_case(
        &cast.coordinator,
        &app,
        &case_id,
        "/hold",
        &[("on_hold", "0"), ("reason", "")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let calendar = HolidayCalendar::weekends_only();
    let expected = legal_period::last_day(legal_period::last_day_of(before), Period::Days(5), &calendar);
    let after = case(&app, &case_id);
    assert_eq!(after.hold_days, 5);
    assert_eq!(after.deadline_at, Some(legal_period::end_instant(expected)));
    assert!(!calendar.is_rest_day(expected), "never ends on a weekend");
}

/// A mediating case with an applicant, a respondent and a third party.
async fn three_party_case(app: &TestApp, cast: &Cast) -> (String, Vec<String>) {
    let case_id = apply_online(app, "观音桥街道").await;
    expect_step(&cast.coordinator, app, &case_id, "ACCEPTED", &[]).await;
    let third = [("party_role", "third_party"), ("name", "赵六"), ("phone", "")];
    let res = post_case(&cast.coordinator, app, &case_id, "/parties", &third).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let parties = yuanba::db::case_parties::for_case(&mut app.conn(), &case_id)
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect::<Vec<_>>();
    assert_eq!(parties.len(), 3);
    (case_id, parties)
}

/// The extension form's fields: every party consenting, except `skip`.
fn consent_fields(parties: &[String], skip: Option<&str>, on: &str) -> Vec<(String, String)> {
    let mut fields = vec![("days".to_owned(), "15".to_owned())];
    for (i, p) in parties.iter().enumerate() {
        if Some(p.as_str()) != skip {
            fields.push((format!("consent_{p}"), "yes".into()));
        }
        let method = ["written", "oral", "session_record"][i % 3];
        fields.push((format!("method_{p}"), method.into()));
        fields.push((format!("on_{p}"), on.to_owned()));
    }
    fields
}

async fn post_extension(app: &TestApp, cast: &Cast, case_id: &str, fields: &[(String, String)]) -> reqwest::Response {
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    post_case(&cast.coordinator, app, case_id, "/extension", &fields).await
}

#[tokio::test]
async fn an_extension_without_every_partys_consent_is_refused_at_that_partys_row() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let (case_id, parties) = three_party_case(&app, &cast).await;
    let before = case(&app, &case_id);
    let (status, form) = get_html(
        &cast.coordinator,
        &app.url(&format!("/staff/cases/{case_id}/extension")),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        select_text(&form, "fieldset.consent-row legend").len(),
        3,
        "a row per party"
    );

    let third = parties[2].clone();
    let res = post_extension(&app, &cast, &case_id, &consent_fields(&parties, Some(&third), &day(0))).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&html, &format!("#consent-{third} .field-error")).len(), 1);
    assert_eq!(
        select_text(&html, ".consent-row .field-error").len(),
        1,
        "only that row"
    );
    let first = &parties[0];
    assert_eq!(
        attr(&html, &format!("#f-on_{first}"), "value"),
        day(0),
        "typed dates stay"
    );
    assert_eq!(
        select_text(&html, &format!("#consent-{first} input[type=checkbox][checked]")).len(),
        1,
        "ticked consents stay"
    );

    // A consent dated before the case was registered is refused too.
    let res = post_extension(&app, &cast, &case_id, &consent_fields(&parties, None, &day(-1))).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&html, ".consent-row .field-error").len(), 3);

    let after = case(&app, &case_id);
    assert_eq!((after.version, after.deadline_at), (before.version, before.deadline_at));
    assert_eq!(extensions(&app, &case_id), 0, "nothing stored");
}

#[tokio::test]
async fn an_extension_with_every_consent_moves_the_last_day_and_lists_the_consents() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let (case_id, parties) = three_party_case(&app, &cast).await;
    let before = case(&app, &case_id).deadline_at.unwrap();

    let res = post_extension(&app, &cast, &case_id, &consent_fields(&parties, None, &day(0))).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    // Fifteen days from the old last day, then the weekend rule (no
    // holidays entered in this test).
    let old_last = legal_period::last_day_of(before);
    let expected = legal_period::last_day(old_last, Period::Days(15), &HolidayCalendar::weekends_only());
    let after = case(&app, &case_id);
    assert_eq!(after.deadline_at, Some(legal_period::end_instant(expected)));
    assert_eq!(after.extension_days, 15);
    let page = case_page(&cast.coordinator, &app, &case_id).await;
    assert_eq!(select_text(&page, "#deadline"), vec![day_text(expected)]);
    assert_eq!(select_text(&page, "#extension-1 .after"), vec![day_text(expected)]);
    assert_eq!(select_text(&page, "#extension-1 .before"), vec![day_text(old_last)]);
    assert_eq!(select_text(&page, "#extension-1 .consent").len(), 3);
    assert_eq!(select_text(&page, "#extension-1 .consent .on"), vec![day(0); 3]);
    assert_eq!(
        select_text(&page, "#extension-1 .consent .method"),
        vec!["书面同意", "口头同意", "记入调解笔录"]
    );
    assert_eq!(extensions(&app, &case_id), 1);
    assert_eq!(app.audit_count("case.extension"), 1);
}
