//! Issue 14, item 10: the mediation application on a phone. "Add another
//! respondent" works without JavaScript and keeps what was typed; the
//! optional parts are folded. Screenshots in both languages, at phone and
//! desktop width and in elderly mode (tall windows, to see the whole form).

use crate::common::*;
use crate::*;

async fn blocks(b: &Browser) -> usize {
    b.client
        .find_all(fantoccini::Locator::Css(".respondent-block"))
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn the_application_form_adds_a_respondent_without_javascript() {
    let app = spawn_app().await;
    let b = Browser::start().await;
    b.size(PHONE).await;
    b.client.goto(&app.url("/mediation/apply")).await.unwrap();
    assert_eq!(blocks(&b).await, 1);
    b.fill("#f-applicant_name", "张秀英").await;
    b.fill("#f-respondent_name_1", "王建国").await;
    b.click("#add-respondent").await;
    assert_eq!(blocks(&b).await, 2);
    let kept = b.find("#f-respondent_name_1").await.prop("value").await.unwrap();
    assert_eq!(kept.as_deref(), Some("王建国"));
    let kept = b.find("#f-applicant_name").await.prop("value").await.unwrap();
    assert_eq!(kept.as_deref(), Some("张秀英"));
    // The page opens at the respondents, not at the top of the form.
    let url = b.client.current_url().await.unwrap();
    assert_eq!(url.fragment(), Some("respondents"));
    b.shot("forms-phone-zh-added").await;
    b.fill("#f-respondent_name_2", "李桂兰").await;
    b.click("button[name=remove_respondent]").await;
    assert_eq!(blocks(&b).await, 1);

    for (lang_switch, lang) in [(false, "zh"), (true, "en")] {
        if lang_switch {
            b.click("form[action='/prefs/lang'] button").await;
        }
        for (size, width) in [((390, 2400), "phone"), ((1280, 1800), "desktop")] {
            b.size(size).await;
            b.client.goto(&app.url("/mediation/apply")).await.unwrap();
            b.shot(&format!("forms-{width}-{lang}")).await;
        }
    }
    b.size((390, 2800)).await;
    b.click("form[action='/prefs/elder'] button").await;
    b.client.goto(&app.url("/mediation/apply")).await.unwrap();
    b.shot("forms-phone-en-elder").await;
    b.click("form[action='/prefs/lang'] button").await;
    b.client.goto(&app.url("/mediation/apply")).await.unwrap();
    b.click("#add-respondent").await;
    b.size(PHONE).await;
    b.shot("forms-phone-zh-elder-added").await;
    b.close().await;
}
