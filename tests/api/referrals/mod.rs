//! The resolution centre (issue 16): a case in triage referred to another
//! organisation and tracked to its outcome, a returned referral back in
//! triage, an overdue one flagged and escalated, `/track` with public facts
//! only, and races where exactly one request wins.

mod board;
mod case_state;
mod concurrency;
mod court;
mod flow;
mod org_staff;
mod orgs;
mod triage_rules;

use crate::helpers::mediation::*;
use crate::helpers::*;
use reqwest::{Client, Response, StatusCode};
use scraper::Html;
use yuanba::db::referrals::{self, Referral};
use yuanba::db::resolution_orgs::{self, ResolutionOrg};
use yuanba::domain::resolution::{ChannelType, Sector};

const GYQ: &str = "观音桥街道";

/// Puts an active organisation straight into the table (the admin form
/// has its own tests); returns its id.
pub fn org(app: &TestApp, name: &str, channel: ChannelType, sector: Option<Sector>, types: &str) -> String {
    let street = yuanba::db::places::find_street_by_name(&mut app.conn(), GYQ)
        .unwrap()
        .unwrap()
        .id;
    let row = ResolutionOrg {
        id: yuanba::db::new_id(),
        name: name.into(),
        channel,
        sector,
        place_id: street,
        contact_phone: "023-67100201".into(),
        address: "建新北路社区服务中心一楼".into(),
        hours: "周一至周六 9:00–17:30".into(),
        dispute_types: types.into(),
        active: true,
        created_at: 0,
        updated_at: 0,
    };
    resolution_orgs::insert(&mut app.conn(), &row).unwrap();
    row.id
}

/// The 物业 committee.
pub fn property_committee(app: &TestApp) -> String {
    org(
        app,
        "江北区物业纠纷人民调解委员会",
        ChannelType::SectorCommittee,
        Some(Sector::Property),
        "",
    )
}

/// A 观音桥 coordinator, logged in.
pub async fn centre(app: &TestApp, name: &str) -> Client {
    app.create_user(name, yuanba::domain::role::Role::Coordinator, None, Some(GYQ));
    logged_in(app, name).await
}

pub async fn refer(client: &Client, app: &TestApp, case_id: &str, org_id: &str, reason: &str) -> Response {
    let path = format!("/centre/cases/{case_id}/refer");
    post_form(client, &app.address, &path, &[("org_id", org_id), ("reason", reason)]).await
}

/// Refers the case and returns the referral's id.
pub async fn referred(client: &Client, app: &TestApp, case_id: &str, org_id: &str) -> String {
    let res = refer(client, app, case_id, org_id, "物业服务费争议，转物业专业调委会").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "referred");
    location(&res).trim_start_matches("/centre/referrals/").to_owned()
}

pub fn referral(app: &TestApp, id: &str) -> Referral {
    referrals::find(&mut app.conn(), id).unwrap().expect("referral stored")
}

/// Posts a step with the version the database holds now.
pub async fn step_on(client: &Client, app: &TestApp, id: &str, action: &str, fields: &[(&str, &str)]) -> Response {
    let version = referral(app, id).version.to_string();
    let mut form = vec![("version", version.as_str())];
    form.extend_from_slice(fields);
    post_form(client, &app.address, &format!("/centre/referrals/{id}/{action}"), &form).await
}

pub async fn page(client: &Client, app: &TestApp, path: &str) -> Html {
    let (status, html) = get_html(client, &app.url(path)).await;
    assert_eq!(status, StatusCode::OK, "{path}");
    html
}

pub fn count(app: &TestApp, table_sql: &str) -> i64 {
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = app.conn();
    let conn: &mut yuanba::db::DbConn = &mut conn;
    diesel::sql_query(table_sql).get_result::<N>(conn).unwrap().n
}
