//! Issue 14 item 17: the printed 调解协议书, long enough to run over two
//! A4 pages, in both languages. The PDFs land in target/screenshots/print
//! to be looked at page by page (pdftoppm); here the page itself is checked:
//! the committee and case number head the sheet, and the last term, the
//! totals and the signature and seal block sit together in one unbreakable
//! block after the leading terms. A one-term agreement is printed too: its
//! signing block may start the second page.

use crate::common::*;
use crate::*;
use yuanba::db::{agreement_terms, agreements};
use yuanba::domain::mediation_workflow::CaseState;

const PRINTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/target/screenshots/print");

/// Twelve more terms, each a long sentence, after the agreement's own:
/// how many terms it has now.
fn lengthen(app: &TestApp, case_id: &str) -> usize {
    let mut conn = app.conn();
    let agreement = agreements::latest(&mut conn, case_id).unwrap().unwrap();
    let terms = agreement_terms::for_agreement(&mut conn, &agreement.id).unwrap();
    let model = terms.first().expect("the demo's agreement has a term").clone();
    for i in 0..12 {
        let term = agreement_terms::AgreementTerm {
            id: format!("extra-term-{i}"),
            sort_order: model.sort_order + 1 + i,
            content: format!(
                "被申请人负责修复{}室卫生间防水层，重新铺设地砖并闭水试验四十八小时，\
                 经申请人确认无渗漏后方视为履行完毕。",
                301 + i
            ),
            amount_cents: 120_000 + i64::from(i) * 100,
            ..model.clone()
        };
        agreement_terms::insert(&mut conn, &term).unwrap();
    }
    // The totals the app keeps in step with the terms.
    let all = agreement_terms::for_agreement(&mut conn, &agreement.id).unwrap();
    let total = all.iter().map(|t| t.amount_cents).sum();
    agreements::set_totals(&mut conn, &agreement.id, total, &agreement.performance_deadline).unwrap();
    terms.len() + 12
}

/// Printing is a POST (audited): the case page's button.
async fn open(b: &Browser, app: &TestApp, case_id: &str) {
    b.client
        .goto(&app.url(&format!("/staff/cases/{case_id}")))
        .await
        .unwrap();
    b.click("form[action$='/print/agreement'] button").await;
}

/// The page as Chromium prints it on A4, into target/screenshots/print.
pub(crate) async fn print(b: &Browser, name: &str) {
    let config = fantoccini::wd::PrintConfiguration::builder()
        .size(fantoccini::wd::PrintSize::A4)
        .build()
        .unwrap();
    let pdf = b.client.print(config).await.unwrap();
    assert!(pdf.starts_with(b"%PDF"), "{name} renders to PDF");
    std::fs::create_dir_all(PRINTS).unwrap();
    std::fs::write(format!("{PRINTS}/{name}.pdf"), pdf).unwrap();
}

/// From one language to the other, with the header's button.
async fn switch_language(b: &Browser, app: &TestApp) {
    b.client.goto(&app.url("/track")).await.unwrap();
    b.click("form[action='/prefs/lang'] button").await;
}

#[tokio::test]
async fn a_long_agreement_prints_with_its_head_and_signatures_kept_together() {
    let app = spawn_app().await;
    yuanba::demo::seed_demo(&mut app.conn()).unwrap();
    let case = demo_cases_in(&app, CaseState::Archived).into_iter().next().unwrap();
    let b = Browser::start().await;
    b.size(DESKTOP).await;
    b.log_in(&app, "demo-coordinator-wld", yuanba::demo::DEMO_PASSWORD)
        .await;
    // The demo's agreement has one term: it stays with the signing block
    // in one piece that never breaks, even if that moves it to page 2.
    for lang in ["zh", "en"] {
        open(&b, &app, &case.id).await;
        assert!(
            b.find("table.terms tbody.closing tr.term")
                .await
                .is_displayed()
                .await
                .unwrap()
        );
        assert!(
            b.find("table.terms tbody.closing .signing")
                .await
                .is_displayed()
                .await
                .unwrap()
        );
        let closing = b.find("table.terms tbody.closing").await;
        assert_eq!(closing.css_value("break-inside").await.unwrap(), "avoid", "{lang}");
        print(&b, &format!("agreement-{lang}")).await;
        switch_language(&b, &app).await;
    }
    let terms = lengthen(&app, &case.id);
    for lang in ["zh", "en"] {
        open(&b, &app, &case.id).await;
        let number = case.case_number.clone().unwrap();
        assert_eq!(b.text(".running-head .case-number").await, number);
        assert!(!b.text(".running-head .committee-name").await.is_empty());
        let rows = b
            .client
            .find_all(fantoccini::Locator::Css("table.terms tbody tr.term"))
            .await;
        assert_eq!(rows.unwrap().len(), terms, "{lang}: every term printed");
        // The last term and the signing block are the table's last tbody,
        // one piece that print.css keeps from breaking; moved to a new page,
        // it comes under the table's repeated column heads.
        let closing = b.find("table.terms tbody.closing").await;
        assert_eq!(closing.css_value("break-inside").await.unwrap(), "avoid", "{lang}");
        assert!(b.find(".closing tr.term").await.is_displayed().await.unwrap());
        assert!(b.find(".closing .signing .seal").await.is_displayed().await.unwrap());
        print(&b, &format!("agreement-long-{lang}")).await;
        switch_language(&b, &app).await;
    }
    b.close().await;
}
