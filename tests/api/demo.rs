//! `seed-demo` fills every queue and page; every page renders in both
//! languages without a missing catalogue key.

use crate::helpers::*;
use reqwest::StatusCode;
use yuanba::db::cases::{self, CaseScope};
use yuanba::domain::mediation_workflow::CaseState;
use yuanba::i18n::MISSING_MARK;

#[tokio::test]
async fn demo_content_covers_every_state_and_every_page_renders() {
    let app = spawn_app().await;
    let created = yuanba::demo::seed_demo(&mut app.conn()).unwrap();
    assert_eq!(created, 12);
    assert_eq!(yuanba::demo::seed_demo(&mut app.conn()).unwrap(), 0, "idempotent");
    // The district at its real scale (issue 13): 9 streets, 3 towns and
    // 1,379 grids, imported once however often the demo is seeded.
    let of = |kind| yuanba::db::places::of_kinds(&mut app.conn(), &[kind]).unwrap().len();
    use yuanba::domain::place::PlaceKind;
    assert_eq!((of(PlaceKind::Street), of(PlaceKind::Town)), (9, 3));
    assert_eq!(of(PlaceKind::Grid), 1379);
    assert!(of(PlaceKind::Village) > 20 && of(PlaceKind::Community) > 60);
    assert_eq!(
        app.audit_count("place.import"),
        2,
        "each run is audited; the second created nothing"
    );
    let all = cases::list(&mut app.conn(), &CaseScope::All, &Default::default(), 100).unwrap();
    // 17 cases, one in every state, and the 22 closed cases of the 小马
    // who is ready to graduate.
    assert_eq!(all.len(), 39);
    for state in CaseState::all() {
        assert!(all.iter().any(|c| c.state == state), "no demo case in {}", state.code());
    }
    // The demo's local dispute types: the lift case is filed under 电梯纠纷,
    // counted as 物业; the fumes case under 油烟噪音扰民, counted as 邻里.
    let local = |code: &str| {
        let mut filed = all.iter().filter(|c| c.local_type.as_deref() == Some(code));
        filed.next().map(|c| c.dispute_type.code())
    };
    assert_eq!(local("lift"), Some("property_management"));
    assert_eq!(local("fumes_noise"), Some("neighbour"));
    assert_eq!(app.audit_count("dispute_type.create"), 2, "created once, not again");
    // The demo goes through the real workflow, so the statistics counters
    // agree with a recount (issue 13).
    let found = yuanba::statistics::index::differences(&mut app.conn()).unwrap();
    assert!(found.is_empty(), "{found:#?}");

    // 元旦 2027 is in the calendar, and the mediating case was extended
    // with every party's consent.
    let holidays = yuanba::db::holidays::in_year(&mut app.conn(), 2027).unwrap();
    assert_eq!(
        holidays.iter().map(|h| h.day.as_str()).collect::<Vec<_>>(),
        ["2027-01-01"]
    );
    let extended: Vec<String> = all
        .iter()
        .filter(|c| {
            !yuanba::db::case_extensions::for_case(&mut app.conn(), &c.id)
                .unwrap()
                .is_empty()
        })
        .map(|c| c.id.clone())
        .collect();
    assert_eq!(extended.len(), 1);

    for lang in ["zh-CN", "en"] {
        for (user, paths) in [
            (
                "demo-admin",
                vec![
                    "/admin",
                    "/staff/cases?queue=all",
                    "/staff/cases?queue=overdue",
                    "/admin/holidays?year=2027",
                    "/mentoring",
                    "/admin/studios",
                    "/admin/mentoring",
                    "/admin/method-tags",
                    "/admin/stats",
                    "/admin/dispute-types",
                    "/admin/dispute-types/lift",
                ],
            ),
            (
                "demo-coordinator-wld",
                vec![
                    "/staff/cases?queue=registered",
                    "/staff/cases?queue=unassigned",
                    "/staff/cases/new",
                    "/admin/stats",
                ],
            ),
            (
                "demo-xiaoma",
                vec![
                    "/staff/cases?queue=mine",
                    "/staff/cases?queue=follow_up",
                    "/mentoring",
                    "/mentoring/profile",
                    "/staff/library",
                    "/staff/stats/me",
                ],
            ),
            ("demo-laoma", vec!["/staff/cases?queue=review", "/mentoring"]),
        ] {
            let client = new_client();
            post_form(&client, &app.address, "/prefs/lang", &[("lang", lang), ("next", "/")]).await;
            assert_eq!(
                login(&client, &app.address, user, "yuanba-demo-2026").await.status(),
                StatusCode::SEE_OTHER
            );
            let mut paths: Vec<String> = paths.into_iter().map(String::from).collect();
            if user == "demo-admin" {
                paths.extend(all.iter().map(|c| format!("/staff/cases/{}", c.id)));
                paths.extend(extended.iter().map(|id| format!("/staff/cases/{id}/extension")));
            }
            for path in paths {
                let res = get(&client, &app.url(&path)).await;
                assert_eq!(res.status(), StatusCode::OK, "{user} {path}");
                let body = res.text().await.unwrap();
                assert!(
                    !body.contains(MISSING_MARK),
                    "{lang} {path}: missing key near {}",
                    &body[body.find(MISSING_MARK).unwrap()..][..60]
                );
            }
        }
        let anon = new_client();
        post_form(&anon, &app.address, "/prefs/lang", &[("lang", lang), ("next", "/")]).await;
        for path in ["/mediation/apply", "/track"] {
            let body = get(&anon, &app.url(path)).await.text().await.unwrap();
            assert!(!body.contains(MISSING_MARK), "{lang} {path}");
        }
    }
    // The trainee's queue holds the cases they lead; the mentor's review queue the ones awaiting sign-off.
    let client = new_client();
    login(&client, &app.address, "demo-laoma", "yuanba-demo-2026").await;
    let (_, html) = get_html(&client, &app.url("/staff/cases?queue=review")).await;
    assert_eq!(
        select_text(&html, "tbody tr").len(),
        2,
        "AGREEMENT_REVIEW and CLOSURE_REVIEW"
    );

    // The 小马's training record: a return with its comment, approvals
    // with theirs, and the mentor's comments on debriefs (issue 12).
    use yuanba::db::mentorship_records::{FeedbackKind, feedback_for};
    use yuanba::domain::case_review::{ReviewDecision as D, ReviewStage as S};
    let xiaoma = yuanba::db::users::find_by_username(&mut app.conn(), "demo-xiaoma")
        .unwrap()
        .unwrap();
    let record = feedback_for(&mut app.conn(), &xiaoma.id).unwrap();
    let has = |kind: FeedbackKind| record.iter().any(|f| f.kind == kind && !f.comment.is_empty());
    assert!(has(FeedbackKind::Review(S::AgreementReview, D::Returned)));
    assert!(has(FeedbackKind::Review(S::AgreementReview, D::Approved)));
    assert!(has(FeedbackKind::DebriefComment));
    let (_, library) = get_html(&client, &app.url("/staff/library?tag=separate-talks")).await;
    assert_eq!(select_text(&library, ".library-entry").len(), 2, "CLOSED and ARCHIVED");
    let text = select_text(&library, "main").join("");
    assert!(
        !text.contains("彭晓红") && !text.contains("蒋文斌"),
        "no party name in the library"
    );

    // Search: a party-name prefix, and an exact case number.
    let admin = new_client();
    login(&admin, &app.address, "demo-admin", "yuanba-demo-2026").await;
    let (_, html) = get_html(&admin, &app.url("/staff/cases?queue=all&q=%E8%92%8B")).await;
    assert_eq!(select_text(&html, "td.applicant").len(), 1, "蒋文斌");
    let numbered = all.iter().find_map(|c| c.case_number.clone()).unwrap();
    let query = serde_urlencoded::to_string([("queue", "all"), ("q", numbered.as_str())]).unwrap();
    let (_, html) = get_html(&admin, &app.url(&format!("/staff/cases?{query}"))).await;
    assert_eq!(select_text(&html, "tbody tr td:first-child a"), vec![numbered]);
    // Filtering by street.
    let street = yuanba::db::places::find_street_by_name(&mut app.conn(), "观音桥街道")
        .unwrap()
        .unwrap()
        .id;
    let (_, html) = get_html(&admin, &app.url(&format!("/staff/cases?queue=all&street={street}"))).await;
    assert_eq!(select_text(&html, "td.applicant").len(), 6);

    mentoring_content(&app).await;
}

/// 老马带小马: a 老马工作室 with two 老马 and five 小马 at different stages.
async fn mentoring_content(app: &TestApp) {
    let laoma = new_client();
    login(&laoma, &app.address, "demo-laoma", "yuanba-demo-2026").await;
    let (_, html) = get_html(&laoma, &app.url("/mentoring")).await;
    assert_eq!(select_text(&html, ".pairing-card").len(), 3, "at the cap");
    assert!(select_text(&html, ".mentee-name").contains(&"王小溪".to_owned()));
    let done: usize = select_text(&html, ".plan-item.done").len();
    assert_eq!(done, 2, "demo-xiaoma is mid-way; the two others are new");
    let admin = new_client();
    login(&admin, &app.address, "demo-admin", "yuanba-demo-2026").await;
    let (_, html) = get_html(&admin, &app.url("/mentoring")).await;
    let studios = select_text(&html, ".studio-count").join(" ");
    assert!(
        studios.contains("五里店老马工作室") && studios.contains('5'),
        "{studios}"
    );
    assert_eq!(select_text(&html, ".mentor-load").len(), 2);
    let late = yuanba::db::users::find_by_username(&mut app.conn(), "demo-xiaoma3")
        .unwrap()
        .unwrap()
        .id;
    let (status, html) = get_html(&admin, &app.url(&format!("/mentoring/mediators/{late}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(select_text(&html, "#total-hours"), vec!["46"]);
    assert_eq!(select_text(&html, ".criterion-training_hours.met").len(), 1);
}
