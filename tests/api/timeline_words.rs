//! Issue 14 item 16: the case timeline reads as sentences in the reader's
//! language, naming people by their display names: not `anonymous`,
//! `notice=true consent=given`, `v1 written` or a login name.

use reqwest::StatusCode;
use yuanba::db::cases::{self, CaseScope};
use yuanba::domain::mediation_workflow::CaseState;

use crate::helpers::*;

#[tokio::test]
async fn the_timeline_names_people_and_says_what_happened_in_words() {
    let app = spawn_app().await;
    yuanba::demo::seed_demo(&mut app.conn()).unwrap();
    let all = cases::list(&mut app.conn(), &CaseScope::All, &Default::default(), 100).unwrap();
    let effective = all.iter().find(|c| c.state == CaseState::AgreementEffective).unwrap();
    let admin = new_client();
    login(&admin, &app.address, "demo-admin", yuanba::demo::DEMO_PASSWORD).await;
    let path = format!("/staff/cases/{}", effective.id);
    for (lang, online, served, written) in [
        ("zh-CN", "申请人（网上申请）", "已送达权利义务告知书", "书面协议"),
        (
            "en",
            "The applicant (online)",
            "Rights-and-duties notice served",
            "Written agreement",
        ),
    ] {
        post_form(&admin, &app.address, "/prefs/lang", &[("lang", lang), ("next", "/")]).await;
        let (status, html) = get_html(&admin, &app.url(&path)).await;
        assert_eq!(status, StatusCode::OK);
        let timeline = select_text(&html, ".timeline li").join("\n");
        for machine in ["anonymous", "notice=", "consent=", "v1 ", "demo-"] {
            assert!(!timeline.contains(machine), "{lang}: {machine:?} in\n{timeline}");
        }
        assert!(timeline.contains(served), "{lang}: {timeline}");
        assert!(timeline.contains(written), "{lang}: {timeline}");
        // The online applicant and a staff member by name, when the demo case has them.
        let applied_online = yuanba::db::case_events::for_case(&mut app.conn(), &effective.id)
            .unwrap()
            .iter()
            .any(|e| e.actor_label == "anonymous");
        assert!(!applied_online || timeline.contains(online), "{lang}: {timeline}");
        let named = yuanba::db::case_events::for_case(&mut app.conn(), &effective.id)
            .unwrap()
            .into_iter()
            .find_map(|e| e.actor_id)
            .and_then(|id| yuanba::db::users::find(&mut app.conn(), &id).unwrap())
            .unwrap();
        assert!(timeline.contains(&named.display_name), "{lang}: {timeline}");

        // The audit log shows the same notes in the same words.
        let (_, log) = get_html(&admin, &app.url("/admin/audit?action=case.party_consent")).await;
        let details = select_text(&log, "tbody td").join("\n");
        assert!(!details.is_empty() && !details.contains("notice="), "{lang}: {details}");
    }
}
