//! The Open311 GeoReport v2 API: GeoReport field names, only public data
//! (approved text, status, official reply, place name), filters, paging,
//! a private letter never shown (its id is a 404), and the rate limit.

use crate::helpers::mailbox::*;
use crate::helpers::*;
use reqwest::{Client, StatusCode};
use serde_json::Value;

const GYQ: &str = "观音桥街道";

/// A letter from 王秀英 (13912345678) in `category`, returned with its id.
async fn send(app: &TestApp, category: &str, body: &str) -> String {
    let resident = new_client();
    let tokens = open_form(&resident, app).await;
    let mut fields = basic_fields(&compound_id(app, GYQ));
    fields.retain(|(k, _)| *k != "body" && *k != "category");
    fields.push(("category", category.to_owned()));
    fields.push(("body", body.to_owned()));
    fields.push(("contact_name", "王秀英".to_owned()));
    fields.push(("contact_phone", "13912345678".to_owned()));
    fields.push(("consent", "yes".to_owned()));
    let res = post_letter(&resident, app, &tokens, &as_refs(&fields), &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    all_letters(app)
        .into_iter()
        .find(|l| l.body == body)
        .expect("letter stored")
        .id
}

/// Handles the letter: status `to`, an official reply, and (if `public`) an
/// approved public text.
async fn handle(staff: &Client, app: &TestApp, id: &str, to: &str, public: Option<&str>) {
    let ok = |s: StatusCode| assert_eq!(s, StatusCode::SEE_OTHER);
    ok(act(staff, app, id, "status", &[("to", "in_progress")]).await.status());
    if to != "in_progress" {
        ok(act(staff, app, id, "status", &[("to", to), ("reason", "已处理")])
            .await
            .status());
    }
    ok(
        act(staff, app, id, "reply", &[("body", "已安排维修，电话 023-67891234。")])
            .await
            .status(),
    );
    ok(act(staff, app, id, "note", &[("body", "内部：物业经理老周")])
        .await
        .status());
    if let Some(text) = public {
        let res = act(
            staff,
            app,
            id,
            "publish",
            &[("public_body", text), ("action", "publish")],
        )
        .await;
        ok(res.status());
    }
}

async fn json(app: &TestApp, path: &str) -> (StatusCode, Value) {
    let res = new_client().get(app.url(path)).send().await.unwrap();
    let status = res.status();
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    (status, res.json().await.unwrap())
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|r| r["service_request_id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn requests_show_only_public_letters_with_georeport_fields() {
    let app = spawn_app().await;
    let staff = coordinator(&app, "gyq-coord", GYQ).await;
    let open = send(&app, "facilities", "雨棚破了，王秀英 13912345678").await;
    handle(&staff, &app, &open, "in_progress", Some("3 栋雨棚破损，请修缮。")).await;
    let later = act(
        &staff,
        &app,
        &open,
        "reply",
        &[("body", "雨棚本周已修好，电话 023-67891234。")],
    )
    .await;
    assert_eq!(later.status(), StatusCode::SEE_OTHER);
    let closed = send(&app, "facilities", "路灯不亮，王秀英家门口").await;
    handle(&staff, &app, &closed, "done", Some("路灯不亮。")).await;
    let unapproved = send(&app, "facilities", "楼道堆物，没人管").await;
    handle(&staff, &app, &unapproved, "in_progress", None).await;
    let received = send(&app, "facilities", "刚寄来的信").await;

    let (status, list) = json(&app, "/api/open311/v2/requests.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ids(&list), [closed.clone(), open.clone()], "newest first, public only");
    let first = &list[1];
    assert_eq!(first["status"], "open");
    assert_eq!(first["detailed_status"], "IN_PROGRESS");
    assert_eq!(first["service_code"], "facilities");
    assert_eq!(first["description"], "3 栋雨棚破损，请修缮。");
    assert_eq!(
        first["status_notes"], "雨棚本周已修好，电话 ***-********。",
        "the latest reply"
    );
    assert_eq!(list[0]["status_notes"], "已安排维修，电话 ***-********。");
    let compound = yuanba::db::places::find(&mut app.conn(), &compound_id(&app, GYQ))
        .unwrap()
        .unwrap();
    assert_eq!(first["address"], compound.name.as_str(), "the place's name only");
    assert_eq!(first["agency_responsible"], GYQ);
    assert!(first["requested_datetime"].as_str().unwrap().ends_with("+08:00"));
    assert!(first["updated_datetime"].is_string() && first["expected_datetime"].is_string());
    assert!(first["service_name"].is_string() && first["service_notice"].is_string());
    assert!(first["lat"].is_null() && first["media_url"].is_null());
    assert_eq!(list[0]["status"], "closed");
    let body = list.to_string();
    for secret in ["王秀英", "13912345678", "雨棚破了", "3 栋门口", "老周", "67891234"] {
        assert!(!body.contains(secret), "{secret} leaked");
    }

    // One request, as a list of one; a private or unknown letter is a 404.
    let (status, one) = json(&app, &format!("/api/open311/v2/requests/{open}.json")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ids(&one), [open]);
    for hidden in [unapproved, received, "no-such-letter".to_owned()] {
        let (status, error) = json(&app, &format!("/api/open311/v2/requests/{hidden}.json")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(error[0]["code"], 404);
    }
}

#[tokio::test]
async fn services_filters_and_paging() {
    let app = spawn_app().await;
    let (status, services) = json(&app, "/api/open311/v2/services.json").await;
    assert_eq!(status, StatusCode::OK);
    let codes: Vec<&str> = services
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["service_code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"facilities") && codes.len() >= 2, "{codes:?}");
    assert_eq!(services[0]["type"], "realtime");
    assert_eq!(services[0]["metadata"], false);
    let other = codes.iter().find(|c| **c != "facilities").unwrap().to_string();

    let staff = coordinator(&app, "gyq-coord", GYQ).await;
    let a = send(&app, "facilities", "一号信").await;
    handle(&staff, &app, &a, "done", Some("一号")).await;
    let b = send(&app, &other, "二号信").await;
    handle(&staff, &app, &b, "in_progress", Some("二号")).await;
    let c = send(&app, "facilities", "三号信").await;
    handle(&staff, &app, &c, "in_progress", Some("三号")).await;

    let get = |q: &str| {
        let path = format!("/api/open311/v2/requests.json?{q}");
        let app = &app;
        async move { json(app, &path).await }
    };
    assert_eq!(ids(&get("service_code=facilities").await.1), [c.clone(), a.clone()]);
    assert_eq!(ids(&get(&format!("service_code={other}")).await.1), [b.as_str()]);
    assert_eq!(ids(&get("status=closed").await.1), [a.as_str()]);
    assert_eq!(ids(&get("status=open").await.1), [c.clone(), b.clone()]);
    assert_eq!(ids(&get("page_size=2").await.1), [c.clone(), b.clone()]);
    assert_eq!(ids(&get("page_size=2&page=2").await.1), [a.as_str()]);
    assert!(ids(&get("page_size=2&page=3").await.1).is_empty());
    let today = crate::helpers::mediation::day(0);
    let tomorrow = crate::helpers::mediation::day(1);
    assert_eq!(
        ids(&get(&format!("start_date={today}&end_date={today}")).await.1).len(),
        3
    );
    assert!(ids(&get(&format!("start_date={tomorrow}")).await.1).is_empty());
    assert_eq!(ids(&get("end_date=2000-01-01T00:00:00Z").await.1).len(), 0);
    for bad in ["status=pending", "page_size=1000", "page=0", "start_date=yesterday"] {
        let (status, error) = get(bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(error[0]["code"], 400);
    }
}

#[tokio::test]
async fn an_address_past_its_allowance_gets_429_json() {
    let app = spawn_app_with(|c| c.api_requests_per_address = 3).await;
    for _ in 0..3 {
        assert_eq!(json(&app, "/api/open311/v2/services.json").await.0, StatusCode::OK);
    }
    let (status, error) = json(&app, "/api/open311/v2/requests.json").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(error[0]["code"], 429);
}
