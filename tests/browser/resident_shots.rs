//! Issue 14's resident pages, looked at: the letter form (with a kept photo
//! after a refused submit), the street → community → compound picker, the
//! receipt with its status link and QR code, `/track` empty, refused and
//! showing a letter, the mediation application (empty, refused) and its
//! receipt, and `/me` with a letter and an application of the resident's
//! own and the status page each opens.
//! Each at 390×844 and 1280×900, in Chinese and English, normal and elderly
//! mode, into target/screenshots/resident for review. Every page must not
//! scroll sideways, and in elderly mode no control may be under 48 px tall
//! nor the header on a phone take more than a fifth of the first screen.

use crate::accessibility::sideways;
use crate::common::*;
use crate::*;

pub(crate) const SHOTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/target/screenshots/resident");

/// The page screen by screen (`name`, `name-2`, … up to eight screens) and
/// whole (a tall window of the same width, `name-full`), then what is
/// wrong with it: sideways scroll, small controls.
pub(crate) async fn look(b: &Browser, size: (u32, u32), name: &str, elder: bool) -> Vec<String> {
    look_into(b, SHOTS, size, name, elder).await
}

/// [`look`], into another folder.
pub(crate) async fn look_into(b: &Browser, dir: &str, size: (u32, u32), name: &str, elder: bool) -> Vec<String> {
    std::fs::create_dir_all(dir).unwrap();
    b.size(size).await;
    let png = b.client.screenshot().await.unwrap();
    std::fs::write(format!("{dir}/{name}.png"), png).unwrap();
    let mut found = sideways(b, name).await;
    if elder {
        found.extend(small_controls(b, name).await);
    }
    if elder && size == PHONE {
        found.extend(tall_header(b, name).await);
    }
    let height = b
        .client
        .execute("return document.documentElement.scrollHeight", vec![])
        .await
        .unwrap()
        .as_f64()
        .unwrap_or(0.0);
    let start = b.client.execute("return window.scrollY", vec![]).await.unwrap();
    let start = start.as_f64().unwrap_or(0.0);
    // A page opened at a fragment is looked at from there on; each next
    // screen overlaps the last by a line or two.
    let inner = b.client.execute("return window.innerHeight", vec![]).await.unwrap();
    let screen = inner.as_f64().unwrap_or(f64::from(size.1)) - 40.0;
    for n in 1..8 {
        let top = start + screen * f64::from(n);
        if top >= height - 40.0 {
            break;
        }
        b.client
            .execute(&format!("window.scrollTo(0, {top})"), vec![])
            .await
            .unwrap();
        let png = b.client.screenshot().await.unwrap();
        std::fs::write(format!("{dir}/{name}-{}.png", n + 1), png).unwrap();
    }
    b.size((size.0, 3200)).await;
    let png = b.client.screenshot().await.unwrap();
    std::fs::write(format!("{dir}/{name}-full.png"), png).unwrap();
    b.size(size).await;
    found
}

/// Item 9: in elderly mode every control a finger must hit is at least
/// 48 px tall (checkboxes and radios count with their label's row).
async fn small_controls(b: &Browser, page: &str) -> Vec<String> {
    let script = "return [...document.querySelectorAll('button, select, textarea, a.button, summary, \
          input:not([type=hidden]):not([type=checkbox]):not([type=radio])')]\
        .filter(e => e.offsetParent !== null && !e.closest('.sr-only, [aria-hidden=true]'))\
        .filter(e => e.getBoundingClientRect().height < 47.5)\
        .slice(0, 8)\
        .map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + [...e.classList].join('.') + ' '\
          + Math.round(e.getBoundingClientRect().height) + 'px');";
    match b.client.execute(script, vec![]).await.expect("controls measured") {
        serde_json::Value::Array(list) if !list.is_empty() => vec![format!("{page}: small controls {list:?}")],
        _ => Vec::new(),
    }
}

/// Item 9: in elderly mode a phone's header (the preference chips, the
/// brand and the folded menu) takes at most a fifth of the window's
/// height (before the fold: three rows of menu, 30 %).
async fn tall_header(b: &Browser, page: &str) -> Vec<String> {
    // Measured with the menu folded; opened, it is meant to push the page down.
    let script = "const h = document.querySelector('.site-header');\
        return document.querySelector('.nav-fold[open]') ? [0, 1] : [h.offsetTop + h.offsetHeight, window.innerHeight];";
    let found = b.client.execute(script, vec![]).await.expect("header measured");
    let bottom = found[0].as_f64().unwrap_or(0.0);
    let screen = found[1].as_f64().unwrap_or(1.0);
    if bottom > screen / 5.0 {
        vec![format!("{page}: the header ends {bottom} px down a {screen} px screen")]
    } else {
        Vec::new()
    }
}

/// Picks the `n`th option (1-based, the first being "choose") of a select.
async fn choose(b: &Browser, select: &str, n: usize) {
    let css = format!("{select} option:nth-of-type({n})");
    b.find(&css).await.click().await.unwrap();
}

/// A small PNG to attach, written once next to the screenshots.
fn photo_file() -> String {
    let path = format!("{SHOTS}/attached.png");
    let img = image::RgbImage::from_fn(320, 240, |x, y| image::Rgb([(x / 2) as u8, (y / 2) as u8, 160]));
    std::fs::create_dir_all(SHOTS).unwrap();
    img.save(&path).unwrap();
    path
}

/// Street, then its community, then a compound: each choice a round trip
/// without script.
async fn pick_place(b: &Browser) {
    choose(b, "#f-street_id", 2).await;
    b.click("button[name=pick][value=area]").await;
    choose(b, "#f-community_id", 2).await;
    b.click("button[name=pick][value=area]").await;
    b.find("#f-compound_id optgroup option").await.click().await.unwrap();
}

/// The letter's category, text, phone and consent.
async fn fill_letter(b: &Browser) {
    choose(b, "#f-category", 2).await;
    b.fill("#f-body", "小区3栋门口的路灯坏了两个星期，晚上老人出门看不见台阶。")
        .await;
    b.fill("#f-contact_phone", "13812345678").await;
    let consent = b.find("#f-consent").await;
    if consent.prop("checked").await.unwrap().as_deref() != Some("true") {
        consent.click().await.unwrap();
    }
}

/// Sends a letter about the first compound with `body` as its text and no
/// phone number, from the open letter form of a signed-in resident.
pub(crate) async fn send_letter(b: &Browser, body: &str) {
    pick_place(b).await;
    fill_letter(b).await;
    b.fill("#f-body", body).await;
    // No number on the form: the account is the one told.
    b.fill("#f-contact_phone", "").await;
    b.click("form[action='/letters/new'] button.button-primary").await;
    b.find(".qr svg").await;
}

/// The letter form's pages at one width in one mode: empty, the picker
/// narrowed to one community, refused with a photo kept, the receipt,
/// and the status page it links to. Returns what looked wrong.
async fn letter_pages(b: &Browser, app: &TestApp, size: (u32, u32), mode: &str, elder: bool) -> Vec<String> {
    let mut found = Vec::new();
    b.size(size).await;
    b.client.goto(&app.url("/letters/new")).await.unwrap();
    found.extend(look(b, size, &format!("{mode}-letter-form"), elder).await);
    pick_place(b).await;
    b.find("#f-photo_1").await.send_keys(&photo_file()).await.unwrap();
    found.extend(look(b, size, &format!("{mode}-letter-picker"), elder).await);
    // Sent without a category or text: refused, the photo kept as a thumbnail.
    b.click("form[action='/letters/new'] button.button-primary").await;
    assert!(
        !b.text("#e-category").await.is_empty(),
        "{mode}: the category is asked for"
    );
    b.find(".kept-photos img").await;
    found.extend(look(b, size, &format!("{mode}-letter-refused"), elder).await);
    fill_letter(b).await;
    b.click("form[action='/letters/new'] button.button-primary").await;
    let photos = b.text(".letter-photos").await;
    assert!(photos.contains('1'), "{mode}: the kept photo was sent, not {photos}");
    b.find(".qr svg").await;
    found.extend(look(b, size, &format!("{mode}-letter-receipt"), elder).await);
    b.click("a#status-link").await;
    assert!(
        b.path().await.starts_with("/track/"),
        "{mode}: the status link opens /track"
    );
    found.extend(look(b, size, &format!("{mode}-track-letter"), elder).await);
    found
}

/// `/track` empty and refused, the application form and its receipt.
async fn other_pages(b: &Browser, app: &TestApp, size: (u32, u32), mode: &str, elder: bool) -> Vec<String> {
    let mut found = Vec::new();
    b.size(size).await;
    b.client.goto(&app.url("/track")).await.unwrap();
    found.extend(look(b, size, &format!("{mode}-track"), elder).await);
    // In elderly mode on a phone the menu is folded: opened, it is looked at too.
    let fold = b.client.find(fantoccini::Locator::Css(".nav-fold > summary")).await;
    if let Ok(fold) = fold {
        if fold.is_displayed().await.unwrap() {
            fold.click().await.unwrap();
            found.extend(look(b, size, &format!("{mode}-menu"), elder).await);
        }
    }
    b.fill("#f-code", "ABCD-1234").await;
    b.click("form[action='/track'] button[type=submit]").await;
    assert!(!b.text("#e-code").await.is_empty(), "{mode}: a wrong code is refused");
    found.extend(look(b, size, &format!("{mode}-track-refused"), elder).await);
    b.client.goto(&app.url("/mediation/apply")).await.unwrap();
    found.extend(look(b, size, &format!("{mode}-apply"), elder).await);
    // Sent empty: refused, the page opens at the first error.
    b.click("form[action='/mediation/apply'] button.button-primary").await;
    assert!(
        !b.text("#e-applicant_name").await.is_empty(),
        "{mode}: the applicant's name is asked for"
    );
    found.extend(look(b, size, &format!("{mode}-apply-refused"), elder).await);
    apply(b).await;
    b.find(".qr svg").await;
    found.extend(look(b, size, &format!("{mode}-apply-receipt"), elder).await);
    found
}

/// The application form (already open) filled in and sent.
async fn apply(b: &Browser) {
    b.fill("#f-applicant_name", "张秀英").await;
    b.fill("#f-applicant_phone", "13812345678").await;
    b.fill("#f-respondent_name_1", "王建国").await;
    b.find("#f-dispute_type option[value=neighbour]")
        .await
        .click()
        .await
        .unwrap();
    b.fill("#f-summary", "楼上卫生间漏水，我家天花板发霉脱落。").await;
    b.fill("#f-requests", "修复漏水").await;
    b.find("#f-street_id option:nth-child(4)").await.click().await.unwrap();
    b.find("#f-ack_rights").await.click().await.unwrap();
    b.find("#f-consent_privacy").await.click().await.unwrap();
    b.click("form[action='/mediation/apply'] button.button-primary").await;
}

/// Switches the language or elderly mode from the header's buttons.
async fn toggle(b: &Browser, app: &TestApp, form: &str) {
    b.client.goto(&app.url("/track")).await.unwrap();
    b.click(&format!("form[action='{form}'] button")).await;
}

pub(crate) const MODES: [(&str, bool); 4] = [("zh", false), ("zh", true), ("en", true), ("en", false)];

/// After each mode, the one switch that leads to the next:
/// zh → zh elder → en elder → en → zh.
pub(crate) async fn next_mode(b: &Browser, app: &TestApp, (lang, elder): (&str, bool)) {
    match (lang, elder) {
        ("zh", true) | ("en", false) => toggle(b, app, "/prefs/lang").await,
        _ => toggle(b, app, "/prefs/elder").await,
    }
}

pub(crate) fn mode_name((lang, elder): (&str, bool)) -> String {
    format!("{lang}{}", if elder { "-elder" } else { "" })
}

#[tokio::test]
async fn resident_pages_in_every_language_mode_and_width() {
    let app = spawn_app().await;
    yuanba::demo::seed_demo(&mut app.conn()).unwrap();
    let b = Browser::start().await;
    let mut found = Vec::new();
    for mode in MODES {
        for (width, size) in [("phone", PHONE), ("desktop", DESKTOP)] {
            let name = format!("{width}-{}", mode_name(mode));
            found.extend(letter_pages(&b, &app, size, &name, mode.1).await);
            found.extend(other_pages(&b, &app, size, &name, mode.1).await);
        }
        next_mode(&b, &app, mode).await;
    }
    // `/me` of the demo's resident, who has letters and cases of their own.
    b.client.goto(&app.url("/login")).await.unwrap();
    b.fill("#f-username", "13800000001").await;
    b.fill("#f-password", yuanba::demo::DEMO_PASSWORD).await;
    b.click("form[action='/login'] button[type=submit]").await;
    assert_eq!(b.path().await, "/me");
    b.client.goto(&app.url("/mediation/apply")).await.unwrap();
    apply(&b).await;
    // A letter of their own, which `/me` lists and opens.
    b.client.goto(&app.url("/letters/new")).await.unwrap();
    pick_place(&b).await;
    fill_letter(&b).await;
    b.click("form[action='/letters/new'] button.button-primary").await;
    for mode in MODES {
        for (width, size) in [("phone", PHONE), ("desktop", DESKTOP)] {
            let name = format!("{width}-{}-me", mode_name(mode));
            for (item, link) in [("", ""), ("-letter", ".my-letter a"), ("-case", ".my-case a")] {
                b.client.goto(&app.url("/me")).await.unwrap();
                if !link.is_empty() {
                    b.click(link).await;
                }
                found.extend(look(&b, size, &format!("{name}{item}"), mode.1).await);
            }
        }
        next_mode(&b, &app, mode).await;
    }
    b.close().await;
    assert!(found.is_empty(), "pages that look wrong:\n{}", found.join("\n"));
}
