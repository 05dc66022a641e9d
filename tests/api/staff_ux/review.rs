//! The reviewer's one list of what is missing (item 13): on the case, on a
//! refused approve, and who acts next in the review queue.

use crate::helpers::mediation::*;
use crate::helpers::*;
use reqwest::StatusCode;
use scraper::Html;

#[tokio::test]
async fn a_reviewer_sees_every_gap_and_who_fills_it_until_the_lead_has_recorded_them() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let case_id = apply_online(&app, "观音桥街道").await;
    to_mediating(&app, &cast, &case_id).await;
    draft_written(&cast.lead, &app, &case_id).await;
    add_respondent_term(&cast.lead, &app, &case_id).await;
    expect_step(&cast.lead, &app, &case_id, "AGREEMENT_REVIEW", &[]).await;

    // The mentor opens the case: one list, each line saying who acts.
    let page = case_page(&cast.mentor, &app, &case_id).await;
    let missing = select_text(&page, "#next .missing-item .missing-what");
    assert_eq!(missing.len(), 3, "{missing:?}");
    assert!(missing[0].contains("当事人"), "{missing:?}");
    assert!(missing[2].contains("印章"), "{missing:?}");
    assert!(
        select_text(&page, "#next .missing-who")
            .iter()
            .all(|w| w.contains("主办调解员"))
    );
    assert!(select_text(&page, "#next .next-who")[0].contains("主办调解员"));
    assert_eq!(
        select_text(&page, "#step-AGREEMENT_EFFECTIVE .missing-pointer").len(),
        1
    );

    // Approving anyway is refused with the same list, at the form.
    let res = step(&cast.mentor, &app, &case_id, "AGREEMENT_EFFECTIVE", &[]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&refused, "#next .missing-item").len(), 3);
    assert_eq!(
        select_text(&refused, "details#step-AGREEMENT_EFFECTIVE[open] .step-error").len(),
        1
    );
    assert_eq!(select_text(&refused, ".step-summary").len(), 1);

    // The review queue says the case waits for the lead.
    let (_, queue) = get_html(&cast.mentor, &app.url("/staff/cases?queue=review")).await;
    assert_eq!(
        select_text(&queue, ".case-table .next-actor"),
        vec!["下一步由：主办调解员"]
    );

    // Once everything is recorded the list is gone and the mentor acts.
    sign_everyone(&cast.lead, &app, &case_id, &cast.lead_id, &day(0)).await;
    let page = case_page(&cast.mentor, &app, &case_id).await;
    assert!(select_text(&page, "#next .missing-item").is_empty());
    assert!(select_text(&page, "#next .next-who")[0].contains("带教老马"));
    let (_, queue) = get_html(&cast.mentor, &app.url("/staff/cases?queue=review")).await;
    assert_eq!(
        select_text(&queue, ".case-table .next-actor"),
        vec!["下一步由：带教老马"]
    );
    expect_step(&cast.mentor, &app, &case_id, "AGREEMENT_EFFECTIVE", &[]).await;
}

/// The queue reads the files of all its rows at once: each row must still
/// say who acts on its own case, not on its neighbour's.
#[tokio::test]
async fn each_row_of_the_review_queue_names_who_acts_on_that_case() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let mut cases = Vec::new();
    for _ in 0..3 {
        let case_id = apply_online(&app, "观音桥街道").await;
        to_mediating(&app, &cast, &case_id).await;
        draft_written(&cast.lead, &app, &case_id).await;
        add_respondent_term(&cast.lead, &app, &case_id).await;
        expect_step(&cast.lead, &app, &case_id, "AGREEMENT_REVIEW", &[]).await;
        cases.push(case_id);
    }
    // Only the middle case has every signature and the seal.
    sign_everyone(&cast.lead, &app, &cases[1], &cast.lead_id, &day(0)).await;

    let (_, queue) = get_html(&cast.mentor, &app.url("/staff/cases?queue=review")).await;
    let rows = queue
        .select(&scraper::Selector::parse(".case-table tbody tr").unwrap())
        .collect::<Vec<_>>();
    assert_eq!(rows.len(), 3);
    let who = scraper::Selector::parse(".next-actor").unwrap();
    for (k, case_id) in cases.iter().enumerate() {
        let row = rows
            .iter()
            .find(|r| r.html().contains(case_id.as_str()))
            .unwrap_or_else(|| panic!("no row for case {k}"));
        let text: String = row.select(&who).flat_map(|e| e.text()).collect();
        let expected = if k == 1 { "带教老马" } else { "主办调解员" };
        assert!(text.contains(expected), "case {k}: {text}");
    }
}
