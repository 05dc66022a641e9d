//! 老马带小马 over HTTP (issue 12, the people side): studios and profiles,
//! pairings and the mentor's cap under concurrency, the training ledger,
//! graduation, and who may see a mentee's record.

mod case_side;
mod credit;
mod dashboards;
mod graduation;
mod pairings;
mod profiles;

use crate::helpers::mediation::logged_in;
use crate::helpers::*;
use reqwest::{Client, Response, StatusCode};
use yuanba::domain::role::{MediatorLevel, Role};

pub fn senior(app: &TestApp, name: &str) -> String {
    app.create_user(name, Role::Mediator, Some(MediatorLevel::Senior), None)
}

pub fn trainee(app: &TestApp, name: &str) -> String {
    app.create_user(name, Role::Mediator, Some(MediatorLevel::Trainee), None)
}

/// The admin's pairing form, posted by `client` (an admin).
pub async fn pair(app: &TestApp, client: &Client, mentor: &str, mentee: &str) -> Response {
    let fields = [
        ("mentor", mentor),
        ("mentee", mentee),
        ("program", "2026 年度带教"),
        ("starts_on", "2026-01-01"),
        ("ends_on", "2026-12-31"),
        ("plan", "旁听三次调解\n独立制作调解笔录"),
    ];
    post_form(client, &app.address, "/mentoring/pairings/new", &fields).await
}

/// A logged-in admin client.
pub async fn admin(app: &TestApp) -> Client {
    let client = new_client();
    let res = login(&client, &app.address, "admin", ADMIN_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    client
}

/// Pairs them and returns the pairing's id.
pub async fn paired(app: &TestApp, admin: &Client, mentor: &str, mentee: &str) -> String {
    let res = pair(app, admin, mentor, mentee).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{mentor} pairs with {mentee}");
    location(&res).trim_start_matches("/mentoring/pairings/").to_owned()
}

pub async fn client_of(app: &TestApp, name: &str) -> Client {
    logged_in(app, name).await
}

/// Active pairings in the database.
pub fn active_pairings(app: &TestApp, mentor_id: &str) -> i64 {
    yuanba::db::mentorship::active_count_of_mentor(&mut app.conn(), mentor_id).unwrap()
}
