//! The outbox row belongs to the change: a change rolled back (a stale
//! version, a refused step) leaves none, a change committed leaves one.

use reqwest::StatusCode;

use super::*;
use crate::helpers::mailbox::{act, coordinator, send_letter};
use crate::helpers::mediation::{apply_online, cast, expect_step, post_case};
use yuanba::domain::notification::NotificationState;

const STREET: &str = "观音桥街道";

#[tokio::test]
async fn a_letter_change_rolled_back_writes_no_row_and_a_committed_one_does() {
    let app = spawn_app().await;
    let (letter, _) = send_letter(&app, STREET, &[]).await;
    let coord = coordinator(&app, "gyq-coord", STREET).await;
    assert!(rows_for_letter(&app, &letter.id).is_empty(), "sending writes none");

    let stale = post_form(
        &coord,
        &app.address,
        &format!("/staff/letters/{}/status", letter.id),
        &[("version", "999"), ("to", "in_progress"), ("reason", "")],
    )
    .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let refused = act(
        &coord,
        &app,
        &letter.id,
        "status",
        &[("to", "declined"), ("reason", "")],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let empty = act(&coord, &app, &letter.id, "reply", &[("body", "  ")]).await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(rows_for_letter(&app, &letter.id).is_empty(), "rolled back: no row");

    let done = act(
        &coord,
        &app,
        &letter.id,
        "status",
        &[("to", "in_progress"), ("reason", "")],
    )
    .await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    let rows = rows_for_letter(&app, &letter.id);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].state, NotificationState::Pending, "no worker in this app");
    assert!(!rows[0].address_sealed.contains(PHONE), "sealed at rest");
    assert_eq!(rows[0].params, r#"{"status":"in_progress"}"#);
}

#[tokio::test]
async fn a_case_step_lost_to_a_stale_version_writes_no_row() {
    let app = spawn_app().await;
    let case_id = apply_online(&app, STREET).await;
    let cast = cast(&app).await;
    let stale = post_form(
        &cast.coordinator,
        &app.address,
        &format!("/staff/cases/{case_id}/transition"),
        &[("version", "999"), ("seen_event", ""), ("to", "ACCEPTED")],
    )
    .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    assert!(rows_for_case(&app, &case_id).is_empty());

    expect_step(&cast.coordinator, &app, &case_id, "ACCEPTED", &[]).await;
    assert_eq!(rows_for_case(&app, &case_id).len(), 1);
    // Steps in between are the committee's work: nobody is told of them.
    let res = post_case(&cast.coordinator, &app, &case_id, "/transition", &[("to", "ASSIGNED")]).await;
    assert!(res.status().is_client_error() || res.status().is_redirection());
    assert_eq!(rows_for_case(&app, &case_id).len(), 1);
}
