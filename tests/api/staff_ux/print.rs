//! The printed 调解协议书 (item 17): committee and case number head every
//! page, the last term stays with the signatures, values never break.

use crate::helpers::mediation::*;
use crate::helpers::*;
use reqwest::StatusCode;
use scraper::Html;

async fn add_term(client: &reqwest::Client, app: &TestApp, case_id: &str, content: &str, amount: &str) {
    let obligor = party_id(app, case_id, "respondent");
    let fields = [
        ("obligor", obligor.as_str()),
        ("content", content),
        ("amount", amount),
        ("manner", "转账"),
        ("place", "塔坪社区"),
        ("deadline", ""),
    ];
    let res = post_case(client, app, case_id, "/agreement/terms", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "term {content}");
}

#[tokio::test]
async fn the_printed_agreement_heads_every_page_and_keeps_the_last_term_with_the_signatures() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let case_id = apply_online(&app, "观音桥街道").await;
    to_mediating(&app, &cast, &case_id).await;
    draft_written(&cast.lead, &app, &case_id).await;
    for (content, amount) in [("修复漏水", ""), ("赔偿维修费", "3000"), ("今后每年检查一次防水", "")]
    {
        add_term(&cast.lead, &app, &case_id, content, amount).await;
    }
    let res = post_form(
        &cast.lead,
        &app.address,
        &format!("/staff/cases/{case_id}/print/agreement"),
        &[],
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let doc = Html::parse_document(&res.text().await.unwrap());

    let case = yuanba::db::cases::find(&mut app.conn(), &case_id).unwrap().unwrap();
    let committee = yuanba::db::committees::find(&mut app.conn(), &case.committee_id)
        .unwrap()
        .unwrap();
    // The running head, repeated by the printer on every page.
    assert_eq!(
        select_text(&doc, "table.page-frame > thead .running-head .committee-name"),
        vec![committee.name.clone()]
    );
    assert_eq!(
        select_text(&doc, "table.page-frame > thead .running-head .case-number"),
        vec![case.case_number.clone().unwrap()]
    );
    // One terms table: two leading terms, the last one in the closing
    // tbody with the signature block.
    assert_eq!(
        select_text(&doc, "table.terms > tbody.leading td.content"),
        vec!["修复漏水", "赔偿维修费"]
    );
    assert_eq!(
        select_text(&doc, "table.terms > tbody.closing td.content"),
        vec!["今后每年检查一次防水"]
    );
    assert_eq!(select_text(&doc, "table.terms > thead").len(), 1);
    assert_eq!(select_text(&doc, ".closing .signatures .party-sign").len(), 2);
    assert_eq!(select_text(&doc, ".closing .seal .seal-name"), vec![committee.name]);
    // Amounts and dates never break; names move to the next line whole.
    assert_eq!(select_text(&doc, "td.amount.nw").len(), 3);
    assert_eq!(select_text(&doc, "td.deadline.nw").len(), 3);
    assert_eq!(select_text(&doc, "td.obligor .nm"), vec!["王建国"; 3]);
    assert_eq!(
        select_text(&doc, ".party-sign .nm"),
        vec!["张秀英".to_owned(), "王建国".to_owned()]
    );
}
