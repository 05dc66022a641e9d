//! The admin home and the audit log read as sentences (issue 13): the
//! actor's name, what they did in words, and the case by its number,
//! linked to its page; not `case.print` and a truncated id.

use crate::helpers::*;
use reqwest::StatusCode;
use yuanba::db::cases::{self, CaseScope};

#[tokio::test]
async fn printing_an_agreement_reads_as_a_sentence_with_the_case_number() {
    let app = spawn_app().await;
    yuanba::demo::seed_demo(&mut app.conn()).unwrap();
    let coordinator = yuanba::db::users::find_by_username(&mut app.conn(), "demo-coordinator")
        .unwrap()
        .unwrap();
    let all = cases::list(&mut app.conn(), &CaseScope::All, &Default::default(), 100).unwrap();
    let case = all
        .iter()
        .find(|c| {
            Some(&c.street_id) == coordinator.area_id.as_ref()
                && c.state == yuanba::domain::mediation_workflow::CaseState::AgreementEffective
        })
        .unwrap();
    let number = case.case_number.clone().unwrap();

    let client = new_client();
    login(&client, &app.address, "demo-coordinator", "yuanba-demo-2026").await;
    let path = format!("/staff/cases/{}/print/agreement", case.id);
    assert_eq!(
        post_form(&client, &app.address, &path, &[]).await.status(),
        StatusCode::OK
    );

    let admin = new_client();
    login(&admin, &app.address, "demo-admin", "yuanba-demo-2026").await;
    let (status, html) = get_html(&admin, &app.url("/admin")).await;
    assert_eq!(status, StatusCode::OK);
    let lines = select_text(&html, ".audit-line");
    let expected = format!("{} 打印了调解协议书 {number}", coordinator.display_name);
    let printed = lines.iter().find(|l| l.contains(&expected));
    assert!(printed.is_some(), "{lines:?} should contain {expected:?}");
    let link = format!(".audit-line a.audit-target[href='/staff/cases/{}']", case.id);
    assert!(!select_text(&html, &link).is_empty());
    assert!(!lines.join("").contains("case.print"));
    // Signing in names the person once, not again as the object.
    let admin_name = "区中心管理员";
    let signed_in = lines.iter().find(|l| l.contains("登录了系统")).unwrap();
    assert_eq!(signed_in.matches(admin_name).count(), 1, "{signed_in}");

    // The log viewer: the same words, a transition named by its states,
    // no raw codes or truncated ids in the text.
    let (_, html) = get_html(&admin, &app.url("/admin/audit")).await;
    let text = select_text(&html, "tbody").join("");
    assert!(text.contains(&expected));
    assert!(text.contains("推进到"), "transitions read as words");
    assert!(!text.contains("case:…") && !text.contains("case.transition"));

    // In English too.
    post_form(&admin, &app.address, "/prefs/lang", &[("lang", "en"), ("next", "/")]).await;
    let (_, html) = get_html(&admin, &app.url("/admin")).await;
    let lines = select_text(&html, ".audit-line").join("\n");
    assert!(lines.contains("printed the mediation agreement of"), "{lines}");
}

/// The two actions that stored machine text (issue 14 item 16): a change of
/// the mentoring settings and of an account's role read as sentences, in
/// the reader's language; rows stored in the older form read the same way.
#[tokio::test]
async fn mentoring_settings_and_role_changes_read_as_sentences_in_both_languages() {
    use yuanba::domain::role::{MediatorLevel, Role};
    let app = spawn_app().await;
    let id = app.create_user("promote-me", Role::Mediator, Some(MediatorLevel::Trainee), None);
    app.login_admin().await;
    let settings = [
        ("mentee_cap", "4"),
        ("min_cases", "20"),
        ("min_success_pct", "85"),
        ("max_oral_pct", "30"),
        ("min_training_hours", "44.5"),
    ];
    let res = app.post_form("/admin/mentoring", &settings).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let role = [("role", "mediator"), ("level", "senior")];
    let res = app.post_form(&format!("/admin/users/{id}/role"), &role).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // The same two changes as rows written before the details were pairs.
    let mut conn = app.conn();
    let actor = yuanba::db::audit::AuditActor::system();
    let older = "Settings { mentee_cap: 2, criteria: Criteria { min_cases: 9, \
                 min_success_pct: 70, max_oral_pct: 25, min_training_tenths: 120 } }";
    yuanba::db::audit::record(&mut conn, &actor, "mentoring.settings", None, older).unwrap();
    let target = Some(("user", id.as_str()));
    let older = "mediator/senior/- -> mediator/trainee/-";
    yuanba::db::audit::record(&mut conn, &actor, "user.role_change", target, older).unwrap();
    drop(conn);

    let (status, html) = get_html(&app.client, &app.url("/admin/audit")).await;
    assert_eq!(status, StatusCode::OK);
    let text = select_text(&html, "tbody").join("\n");
    for words in [
        "每名老马最多带 4 名小马；出师须主办结案不少于 20 件、成功率不低于 85%、口头协议占比不高于 30%、培训不少于 44.5 学时",
        "由调解员（调解员级别：小马（见习调解员）；片区：无；所属机构：无）改为调解员（调解员级别：老马（资深调解员）；片区：无；所属机构：无）",
        "每名老马最多带 2 名小马；出师须主办结案不少于 9 件、成功率不低于 70%、口头协议占比不高于 25%、培训不少于 12 学时",
        "由调解员（调解员级别：老马（资深调解员）；片区：无；所属机构：无）改为调解员（调解员级别：小马（见习调解员）",
    ] {
        assert!(text.contains(words), "{words:?} not in\n{text}");
    }
    for raw in ["mentee_cap", "Settings {", "from_role", "->", "senior", "trainee"] {
        assert!(!text.contains(raw), "{raw:?} left in\n{text}");
    }
    // The admin home's recent activity names the actions in words.
    let (_, html) = get_html(&app.client, &app.url("/admin")).await;
    let lines = select_text(&html, ".audit-line").join("\n");
    assert!(lines.contains("修改了老马带小马设置"), "{lines}");
    assert!(lines.contains("修改了账户角色"), "{lines}");
    assert!(!lines.contains("mentee_cap") && !lines.contains("from_role"), "{lines}");

    app.post_form("/prefs/lang", &[("lang", "en"), ("next", "/")]).await;
    let (_, html) = get_html(&app.client, &app.url("/admin/audit")).await;
    let text = select_text(&html, "tbody").join("\n");
    for words in [
        "a mentor takes at most 4 mentees; graduation needs at least 20 cases led to closure, \
         a success rate of at least 85%, oral agreements at most 30% of agreements and at least 44.5 training hours",
        "was Mediator (mediator level: Xiaoma (trainee mediator); area: none; organisation: none), \
         now Mediator (mediator level: Laoma (senior mediator); area: none; organisation: none)",
    ] {
        assert!(text.contains(words), "{words:?} not in\n{text}");
    }
    assert!(!text.contains("mentee_cap") && !text.contains("from_role"), "{text}");
}
