//! The case hand-off JSON for the city's mediation platform: stable case
//! number, standard codes, state, dates, places, parties masked; for staff
//! who may see the case only; audited.

use crate::helpers::mediation::*;
use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::Value;
use yuanba::domain::role::{MediatorLevel, Role};

#[tokio::test]
async fn the_handoff_carries_codes_and_masked_parties_and_is_audited() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let case_id = apply_online(&app, "观音桥街道").await;
    to_mediating(&app, &cast, &case_id).await;
    let path = format!("/staff/cases/{case_id}/handoff.json");
    let page = case_page(&cast.lead, &app, &case_id).await;
    assert_eq!(
        attr(&page, "form.handoff-form", "action"),
        path,
        "the case page offers it"
    );

    // Opening the address (a link from anywhere) leads to the button and
    // audits nothing; the button's POST gives the document.
    let res = cast.lead.get(app.url(&path)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("case.handoff"), 0);
    let res = post_form(&cast.lead, &app.address, &path, &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let body = res.text().await.unwrap();
    let doc: Value = serde_json::from_str(&body).unwrap();
    let case = yuanba::db::cases::find(&mut app.conn(), &case_id).unwrap().unwrap();
    assert_eq!(doc["schema"], "yuanba.case-handoff.v1");
    assert_eq!(doc["case_id"], case_id.as_str());
    assert_eq!(doc["case_number"], case.case_number.clone().unwrap().as_str());
    assert!(doc["case_number"].as_str().unwrap().contains("人调字"));
    assert_eq!(doc["dispute_type"]["code"], "neighbour");
    assert_eq!(doc["source"]["code"], "application");
    assert_eq!(doc["source"]["statutory_code"], "application");
    assert_eq!(doc["source"]["statutory_name"], "申请调解");
    assert_eq!(doc["state"]["code"], "MEDIATING");
    assert!(doc["registered_at"].as_str().unwrap().ends_with("+08:00"));
    assert!(doc["accepted_at"].is_string() && doc["period_ends_on"].is_string());
    assert_eq!(doc["place"]["street"]["id"], case.street_id.as_str());
    assert_eq!(doc["place"]["street"]["name"], "观音桥街道");
    let parties = doc["parties"].as_array().unwrap();
    assert_eq!(parties.len(), 2);
    assert_eq!(parties[0]["role"], "applicant");
    assert_eq!(parties[0]["name"], "张*英");
    assert_eq!(parties[0]["phone"], "138****5678");
    for secret in ["张秀英", "13812345678", "王建国", "13987654321"] {
        assert!(!body.contains(secret), "{secret} in the hand-off");
    }
    assert_eq!(app.audit_count("case.handoff"), 1);

    // Staff who may not see the case get nothing, and nothing is audited.
    app.create_user("wld-coord", Role::Coordinator, None, Some("五里店街道"));
    app.create_user("other-med", Role::Mediator, Some(MediatorLevel::Senior), None);
    for name in ["wld-coord", "other-med"] {
        let client = logged_in(&app, name).await;
        let res = post_form(&client, &app.address, &path, &[]).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{name}");
    }
    let res = post_form(&new_client(), &app.address, &path, &[]).await;
    assert!(location(&res).starts_with("/login"));
    assert_eq!(app.audit_count("case.handoff"), 1);
    let res = post_form(
        &cast.coordinator,
        &app.address,
        "/staff/cases/no-such-case/handoff.json",
        &[],
    )
    .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}
