//! The workbench's "waiting for you" and the letters badge (item 14), and
//! the case queue on a phone (item 15).

use crate::helpers::mailbox::send_letter;
use crate::helpers::mediation::*;
use crate::helpers::*;

#[tokio::test]
async fn the_workbench_shows_the_queues_their_oldest_cases_and_letters_to_acknowledge() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let first = apply_online(&app, "观音桥街道").await;
    let _second = apply_online(&app, "观音桥街道").await;
    send_letter(&app, "观音桥街道", &[]).await;
    // Another street's letter is not this coordinator's.
    send_letter(&app, "五里店街道", &[]).await;

    let (_, home) = get_html(&cast.coordinator, &app.url("/staff")).await;
    assert_eq!(
        select_text(&home, ".queue-card[data-queue=registered] .queue-link .count"),
        vec!["2"]
    );
    let oldest = select_text(&home, ".queue-card[data-queue=registered] .oldest-item a");
    assert_eq!(oldest.len(), 2);
    // Not yet accepted: named by the start of the summary and the day.
    assert!(oldest[0].starts_with("楼上卫生间漏水"), "{oldest:?}");
    assert_eq!(
        first_attr(&home, ".queue-card[data-queue=registered] .oldest-item a", "href"),
        format!("/staff/cases/{first}")
    );
    assert_eq!(
        select_text(&home, ".queue-card[data-queue=letters] .letters-count"),
        vec!["1"]
    );
    assert_eq!(select_text(&home, ".oldest-letter").len(), 1);
    // The letters link carries the count on every page, like the cases link.
    let (_, cases) = get_html(&cast.coordinator, &app.url("/staff/cases")).await;
    let badges = select_text(&cases, ".main-nav a[href='/staff/letters'] .nav-badge");
    assert_eq!(badges.len(), 1);
    assert!(badges[0].starts_with('1'), "{badges:?}");

    // A mediator has no letter desk: no letters block, no letters badge.
    let (_, home) = get_html(&cast.lead, &app.url("/staff")).await;
    assert!(select_text(&home, ".queue-card[data-queue=letters]").is_empty());
    assert!(select_text(&home, ".queue-card[data-queue=mine]").len() == 1);
}

#[tokio::test]
async fn the_letters_badge_stops_counting_at_a_hundred() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let (letter, _) = send_letter(&app, "观音桥街道", &[]).await;
    // 120 copies of the letter, each with its own id and codes.
    app.run_sql(&format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120) \
         INSERT INTO letters (id, street_id, community_id, place_detail, category, body, contact_name, \
         contact_phone, consent, status, receipt_hash, form_token, project_ref, ack_due_at, resolve_due_at, \
         support_count, version, created_at, updated_at) \
         SELECT l.id || '-' || n.i, l.street_id, l.community_id, l.place_detail, l.category, l.body, \
         l.contact_name, l.contact_phone, l.consent, l.status, l.receipt_hash || '-' || n.i, \
         l.form_token || '-' || n.i, l.project_ref, l.ack_due_at, l.resolve_due_at, 0, 1, l.created_at, \
         l.updated_at FROM letters l, n WHERE l.id = '{}'",
        letter.id
    ))
    .unwrap();
    let (_, home) = get_html(&cast.coordinator, &app.url("/staff")).await;
    assert_eq!(select_text(&home, ".letters-count"), vec!["99+"]);
    let badge = select_text(&home, ".main-nav a[href='/staff/letters'] .nav-badge");
    assert!(badge[0].starts_with("99+"), "{badge:?}");
    assert_eq!(select_text(&home, ".oldest-letter").len(), 3);
}

#[tokio::test]
async fn the_queue_folds_its_filters_and_names_unaccepted_cases_by_summary_and_day() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    apply_online(&app, "观音桥街道").await;
    let (_, list) = get_html(&cast.coordinator, &app.url("/staff/cases")).await;
    assert_eq!(select_text(&list, "form.case-filters details.more-filters").len(), 1);
    assert!(select_text(&list, "details.more-filters[open]").is_empty());
    // The search stays in view, outside the folded filters.
    assert_eq!(
        select_text(&list, "form.case-filters .search-row input[name=q]").len(),
        1
    );
    let links = select_text(&list, ".case-table tbody td:first-child a");
    assert_eq!(links.len(), 1);
    assert!(links[0].starts_with("楼上卫生间漏水"), "{links:?}");
    assert!(!links[0].contains("未受理"));
    assert_eq!(
        select_text(&list, ".case-table tbody td:nth-child(2) .tag-state"),
        vec!["待受理"]
    );
    // A filter in use keeps the filters open.
    let (_, list) = get_html(&cast.coordinator, &app.url("/staff/cases?state=REGISTERED")).await;
    assert_eq!(select_text(&list, "details.more-filters[open]").len(), 1);
}
