//! "Must hold" of issue 14: axe-core runs on the key pages, in normal and
//! in elderly mode, and any `serious` or `critical` violation fails the
//! build. axe-core comes from the npm registry (`.ci/run` installs it under
//! target/axe-core); it is injected with WebDriver's execute-script, never
//! loaded from a CDN. Without the file this test fails: it never skips.

use serde_json::Value;

use crate::common::*;
use crate::*;

/// Where `.ci/run` puts axe-core, unless `AXE_CORE_JS` names another file.
const DEFAULT_AXE: &str = "target/axe-core/node_modules/axe-core/axe.min.js";

fn axe_source() -> String {
    let path = std::env::var("AXE_CORE_JS").unwrap_or_else(|_| format!("{}/{DEFAULT_AXE}", env!("CARGO_MANIFEST_DIR")));
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "axe-core is missing ({path}: {e}). Install it with \
             `npm install --prefix target/axe-core axe-core@4` (as .ci/run does) \
             or point AXE_CORE_JS at axe.min.js."
        )
    })
}

/// Runs axe on the page shown; returns its serious and critical violations,
/// one line each. The page's first screen is saved for review too.
async fn violations(b: &Browser, axe: &str, page: &str) -> Vec<String> {
    let name: String = page
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    b.shot(&format!("a11y-{}", name.trim_matches('-'))).await;
    let script = format!(
        "{axe}\n;const done = arguments[arguments.length - 1];\
         axe.run(document, {{ resultTypes: ['violations'] }})\
         .then(r => done({{ passes: r.passes.length, found: r.violations\
         .filter(v => v.impact === 'serious' || v.impact === 'critical')\
         .map(v => ({{ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')) }})) }}))\
         .catch(e => done({{ passes: 0, found: [], error: String(e) }}));"
    );
    let result = b.client.execute_async(&script, vec![]).await.expect("axe ran");
    // A run that checked nothing would find nothing: make sure it checked.
    assert!(
        result["passes"].as_u64().unwrap_or(0) > 0,
        "{page}: axe did not run: {result}"
    );
    let Value::Array(list) = &result["found"] else {
        panic!("axe returned {result}")
    };
    let mut found: Vec<String> = list
        .iter()
        .map(|v| {
            format!(
                "{page}: [{}] {} — {} at {}",
                v["impact"], v["id"], v["help"], v["nodes"]
            )
        })
        .collect();
    found.extend(sideways(b, page).await);
    found
}

/// A page wider than the phone scrolls sideways as a whole (the elderly
/// lose the left edge): names the elements that stick out, if any.
pub(crate) async fn sideways(b: &Browser, page: &str) -> Vec<String> {
    let script = "const w = document.documentElement.clientWidth;\
        if (document.documentElement.scrollWidth <= w) return [];\
        return [...document.querySelectorAll('body *')]\
          .filter(e => e.getBoundingClientRect().right > w + 1)\
          .filter(e => { for (let p = e.parentElement; p; p = p.parentElement) {\
            if (getComputedStyle(p).overflowX !== 'visible') return false; } return true; })\
          .slice(0, 8)\
          .map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + [...e.classList].join('.') + ' ' + Math.round(e.getBoundingClientRect().right))\
          .concat(['page ' + document.documentElement.scrollWidth + ' px wide']);";
    let wide = b.client.execute(script, vec![]).await.expect("width measured");
    match wide {
        Value::Array(list) if !list.is_empty() => vec![format!("{page}: the page scrolls sideways: {list:?}")],
        _ => Vec::new(),
    }
}

/// The application form filled in and sent: the receipt page follows.
async fn apply(b: &Browser, app: &TestApp) {
    b.client.goto(&app.url("/mediation/apply")).await.unwrap();
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
    b.find(".receipt code").await;
}

/// Signs in as a demo account.
async fn log_in(b: &Browser, app: &TestApp, user: &str) {
    b.log_in(app, user, yuanba::demo::DEMO_PASSWORD).await;
}

/// Logs out from the menu; in elderly mode on a phone the menu is folded
/// behind its button, which is opened first.
async fn log_out(b: &Browser) {
    if let Ok(fold) = b
        .client
        .find(fantoccini::Locator::Css(".nav-fold:not([open]) > summary"))
        .await
    {
        if fold.is_displayed().await.unwrap() {
            fold.click().await.unwrap();
        }
    }
    b.click("form[action='/logout'] button").await;
}

/// Every key page in the mode the browser is in; `mode` names it in the report.
async fn walk(b: &Browser, app: &TestApp, axe: &str, mode: &str) -> Vec<String> {
    let mut found = Vec::new();
    for path in ["/", "/letters/new", "/mediation/apply", "/track", "/login"] {
        b.client.goto(&app.url(path)).await.unwrap();
        found.extend(violations(b, axe, &format!("{mode} {path}")).await);
    }
    apply(b, app).await;
    found.extend(violations(b, axe, &format!("{mode} receipt")).await);
    log_in(b, app, "demo-coordinator-wld").await;
    b.client.goto(&app.url("/staff/cases?queue=all")).await.unwrap();
    found.extend(violations(b, axe, &format!("{mode} /staff/cases")).await);
    b.click("tbody tr:first-child a").await;
    found.extend(violations(b, axe, &format!("{mode} case page")).await);
    // The rest of the case page, a screen at a time, to see every control.
    for part in ["parties", "steps", "documents"] {
        let js = format!("document.getElementById('{part}').scrollIntoView()");
        b.client.execute(&js, vec![]).await.unwrap();
        b.shot(&format!("a11y-{mode}-case-page-{part}")).await;
    }
    log_out(b).await;
    log_in(b, app, "demo-admin").await;
    b.client.goto(&app.url("/admin")).await.unwrap();
    found.extend(violations(b, axe, &format!("{mode} /admin")).await);
    // Screens to look at, and to fit the phone (issue 14, item 9): an admin list and the audit log.
    for path in ["/admin/users", "/admin/audit"] {
        b.client.goto(&app.url(path)).await.unwrap();
        b.shot(&format!("a11y-{mode}{}", path.replace('/', "-"))).await;
        found.extend(sideways(b, &format!("{mode} {path}")).await);
    }
    log_out(b).await;
    log_in(b, app, "13800000001").await;
    found.extend(violations(b, axe, &format!("{mode} /me")).await);
    log_out(b).await;
    found
}

#[tokio::test]
async fn key_pages_have_no_serious_or_critical_axe_violations_in_either_mode() {
    let axe = axe_source();
    let app = spawn_app().await;
    yuanba::demo::seed_demo(&mut app.conn()).unwrap();
    let b = Browser::start().await;
    b.size(PHONE).await;
    let mut found = walk(&b, &app, &axe, "normal").await;
    b.client.goto(&app.url("/")).await.unwrap();
    b.click("form[action='/prefs/elder'] button").await;
    let class = b.find("html").await.attr("class").await.unwrap();
    assert_eq!(class.as_deref(), Some("elder"), "elderly mode is on");
    found.extend(walk(&b, &app, &axe, "elderly").await);
    b.close().await;
    assert!(
        found.is_empty(),
        "axe found {} serious or critical violations:\n{}",
        found.len(),
        found.join("\n")
    );
}
