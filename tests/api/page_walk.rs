//! Issue 14 (item 11 and "must hold"): every page the demo reaches, as
//! each role and in both languages, has unique element ids (a repeated
//! `id="f-served"` made one party's label tick another party's box) and no
//! untranslated message key: neither the catalogue's missing-key mark nor a
//! raw key such as `casepage.served` printed as text.
//!
//! The walk follows every same-site link from each role's start pages. Pages
//! that differ only in a record id are one "shape"; a few of each shape are
//! enough to see what its template does (a case in each state is a different
//! shape of the case page only through its content, so cases get more).

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use reqwest::{Client, StatusCode};
use scraper::{Html, Node, Selector};
use yuanba::i18n::MISSING_MARK;

use crate::helpers::*;

/// Pages of one shape visited per role and language; enough for every
/// state of the demo's cases, few enough for the district's 1,379 grids.
const PER_SHAPE: usize = 40;
/// Shapes whose records differ by content only need a couple of samples.
const PER_OTHER_SHAPE: usize = 3;
/// A walk that goes past this is following a link loop, not pages.
const MAX_PAGES: usize = 700;

struct Role {
    login: Option<&'static str>,
    start: &'static [&'static str],
}

const ROLES: [Role; 7] = [
    Role {
        login: None,
        start: &["/", "/letters/new", "/mediation/apply", "/track", "/register", "/login"],
    },
    Role {
        login: Some("13800000001"),
        start: &["/me", "/"],
    },
    Role {
        login: Some("demo-coordinator"),
        start: &["/staff", "/staff/letters", "/staff/cases/new"],
    },
    Role {
        login: Some("demo-coordinator-wld"),
        start: &["/staff", "/staff/cases?queue=registered"],
    },
    Role {
        login: Some("demo-xiaoma"),
        start: &["/staff", "/staff/cases?queue=mine", "/mentoring"],
    },
    Role {
        login: Some("demo-laoma"),
        start: &["/staff", "/staff/cases?queue=review", "/mentoring"],
    },
    Role {
        login: Some("demo-admin"),
        start: &["/admin", "/staff/cases?queue=all", "/mentoring", "/admin/audit"],
    },
];

#[tokio::test]
async fn every_demo_page_has_unique_ids_and_no_untranslated_key() {
    let app = spawn_app().await;
    yuanba::demo::seed_demo(&mut app.conn()).unwrap();
    let namespaces = catalogue_namespaces();
    let mut problems = Vec::new();
    let mut visited = 0;
    for lang in ["zh-CN", "en"] {
        for role in &ROLES {
            let client = new_client();
            post_form(&client, &app.address, "/prefs/lang", &[("lang", lang), ("next", "/")]).await;
            if let Some(user) = role.login {
                let res = login(&client, &app.address, user, yuanba::demo::DEMO_PASSWORD).await;
                assert_eq!(res.status(), StatusCode::SEE_OTHER, "{user} logs in");
            }
            let who = role.login.unwrap_or("anonymous");
            let walk = walk(&client, &app.address, role.start).await;
            assert!(walk.pages.len() > role.start.len(), "{who} reached no links");
            visited += walk.pages.len();
            eprintln!("{lang} {who}: {} pages", walk.pages.len());
            for (path, status) in &walk.refused {
                problems.push(format!("{lang} {who} {path}: a link answers {status}"));
            }
            for (path, html) in &walk.pages {
                for found in page_problems(html, &namespaces) {
                    problems.push(format!("{lang} {who} {path}: {found}"));
                }
                for found in machine_text(path, &visible_text(html), lang == "zh-CN") {
                    problems.push(format!("{lang} {who} {path}: {found}"));
                }
            }
        }
    }
    assert!(visited > 200, "the walk saw only {visited} pages");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

struct Walk {
    /// Path and parsed page of every HTML page that answered 200.
    pages: Vec<(String, Html)>,
    /// Links that answered an error (a link the app offers must work).
    refused: Vec<(String, StatusCode)>,
}

async fn walk(client: &Client, address: &str, start: &[&str]) -> Walk {
    let mut queue: VecDeque<String> = start.iter().map(|s| s.to_string()).collect();
    let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
    let mut per_shape: HashMap<String, usize> = HashMap::new();
    let mut walk = Walk {
        pages: Vec::new(),
        refused: Vec::new(),
    };
    while let Some(path) = queue.pop_front() {
        assert!(walk.pages.len() < MAX_PAGES, "link loop? {path}");
        let res = get(client, &format!("{address}{path}")).await;
        let status = res.status();
        let is_html = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        if status.is_client_error() || status.is_server_error() {
            walk.refused.push((path, status));
            continue;
        }
        if status != StatusCode::OK || !is_html {
            continue;
        }
        let html = Html::parse_document(&res.text().await.unwrap());
        for link in links(&html) {
            let shape = shape_of(&link);
            let cap = if shape.contains("/cases/{}") || shape.contains("/letters/{}") {
                PER_SHAPE
            } else {
                PER_OTHER_SHAPE
            };
            let count = per_shape.entry(shape).or_default();
            if *count < cap && seen.insert(link.clone()) {
                *count += 1;
                queue.push_back(link);
            }
        }
        walk.pages.push((path, html));
    }
    walk
}

/// Same-site page links (files, downloads and fragments left out).
fn links(html: &Html) -> Vec<String> {
    let selector = Selector::parse("a[href]").unwrap();
    html.select(&selector)
        .filter(|a| a.value().attr("download").is_none())
        .filter_map(|a| a.value().attr("href"))
        .filter(|href| href.starts_with('/') && !href.starts_with("//"))
        .map(|href| href.split('#').next().unwrap_or_default().to_owned())
        .filter(|href| !href.is_empty() && !href.starts_with("/static/"))
        .filter(|href| {
            let path = href.split('?').next().unwrap_or_default();
            ![".csv", ".xlsx", ".json", ".pdf", ".png", ".jpg"]
                .iter()
                .any(|ext| path.ends_with(ext))
        })
        .collect()
}

/// The link with its record ids blanked: `/staff/cases/{}?tab=x`.
fn shape_of(link: &str) -> String {
    let (path, query) = link.split_once('?').unwrap_or((link, ""));
    let blank = |s: &str| {
        if looks_like_id(s) {
            "{}".to_owned()
        } else {
            s.to_owned()
        }
    };
    let path: Vec<String> = path.split('/').map(blank).collect();
    let mut params: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => format!("{k}={}", blank(v)),
            None => p.to_owned(),
        })
        .collect();
    params.sort();
    format!("{}?{}", path.join("/"), params.join("&"))
}

/// Record ids are UUIDs, numbers and codes with digits; words are not.
fn looks_like_id(segment: &str) -> bool {
    let digits = segment.chars().filter(char::is_ascii_digit).count();
    !segment.is_empty() && (digits == segment.len() || (segment.len() >= 8 && digits > 0))
}

/// The first segments of every catalogue key (`casepage`, `letter`, …): a
/// dotted word starting with one of them is a key that was never looked up.
fn catalogue_namespaces() -> BTreeSet<String> {
    yuanba::i18n::catalogue_keys(include_str!("../../locales/en.yml"))
        .iter()
        .filter_map(|k| k.split('.').next())
        .map(str::to_owned)
        .collect()
}

fn page_problems(html: &Html, namespaces: &BTreeSet<String>) -> Vec<String> {
    let mut found = Vec::new();
    for (id, count) in ids(html) {
        if count > 1 {
            found.push(format!("id {id:?} appears {count} times"));
        }
    }
    // A label must name a control that exists, or tapping it does nothing
    // (or, with a repeated id, ticks someone else's box).
    let ids = ids(html);
    for label in html.select(&Selector::parse("label[for]").unwrap()) {
        let target = label.value().attr("for").unwrap_or_default();
        if !ids.contains_key(target) {
            found.push(format!("label for {target:?} names no element"));
        }
    }
    for described in html.select(&Selector::parse("[aria-describedby]").unwrap()) {
        for target in described
            .value()
            .attr("aria-describedby")
            .unwrap_or_default()
            .split_whitespace()
        {
            if !ids.contains_key(target) {
                found.push(format!("aria-describedby {target:?} names no element"));
            }
        }
    }
    // Wide tables scroll sideways inside their wrapper: a keyboard must be
    // able to reach the wrapper (axe "scrollable-region-focusable").
    for wrap in html.select(&Selector::parse(".table-wrap").unwrap()) {
        let wide = wrap
            .select(&Selector::parse("table.terms, table.audit-table").unwrap())
            .next();
        let a = |name| wrap.value().attr(name).unwrap_or_default();
        let reachable = a("tabindex") == "0" && a("role") == "region" && !a("aria-label").trim().is_empty();
        if wide.is_some() && !reachable {
            found.push("a wide table's scroller is not a named, focusable region".to_owned());
        }
    }
    let text = visible_text(html);
    if let Some(at) = text.find(MISSING_MARK) {
        found.push(format!(
            "missing key {}",
            text[at..].chars().take(60).collect::<String>()
        ));
    }
    for key in raw_keys(&text, namespaces) {
        found.push(format!("raw message key {key:?}"));
    }
    found
}

fn ids(html: &Html) -> BTreeMap<String, usize> {
    let mut ids = BTreeMap::new();
    for element in html.select(&Selector::parse("[id]").unwrap()) {
        *ids.entry(element.value().id().unwrap_or_default().to_owned())
            .or_default() += 1;
    }
    ids
}

/// What a reader sees or hears: text outside scripts and styles, and the
/// attributes a screen reader or the page itself shows.
fn visible_text(html: &Html) -> String {
    let mut text = String::new();
    for node in html.root_element().descendants() {
        match node.value() {
            Node::Text(t) => {
                let hidden = node.ancestors().any(|a| {
                    a.value()
                        .as_element()
                        .is_some_and(|e| matches!(e.name(), "script" | "style" | "textarea"))
                });
                if !hidden {
                    text.push_str(t);
                    text.push(' ');
                }
            }
            Node::Element(e) => {
                for attr in ["title", "aria-label", "placeholder", "alt"] {
                    if let Some(v) = e.attr(attr) {
                        text.push_str(v);
                        text.push(' ');
                    }
                }
                if e.name() == "input" && matches!(e.attr("type"), Some("submit" | "button")) {
                    text.push_str(e.attr("value").unwrap_or_default());
                    text.push(' ');
                }
            }
            _ => {}
        }
    }
    text
}

/// Dotted lower-case words whose first part is a catalogue namespace.
fn raw_keys(text: &str, namespaces: &BTreeSet<String>) -> Vec<String> {
    let is_key_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.';
    text.split(|c: char| !is_key_char(c))
        .map(|word| word.trim_matches('.'))
        .filter(|word| word.contains('.') && !word.contains(".."))
        .filter(|word| {
            let first = word.split('.').next().unwrap_or_default();
            namespaces.contains(first)
                && word
                    .split('.')
                    .all(|part| part.starts_with(|c: char| c.is_ascii_lowercase()))
        })
        .map(str::to_owned)
        .collect()
}

/// Issue 14 item 16: machine text in human places. `name=value` pairs,
/// the words "anonymous" and "system" standing for a person, and login
/// names where a display name belongs (the demo's logins start `demo-`;
/// only the account pages, the committee-head picker and the login form
/// show logins, as data). The two English words are machine text only on
/// a Chinese page: on an English one they are ordinary words ("anonymous
/// letters", "the system").
fn machine_text(path: &str, text: &str, chinese: bool) -> Vec<String> {
    let mut found: Vec<String> = text
        .split_whitespace()
        .filter(|word| is_pair(word))
        .map(|word| format!("machine text {word:?}"))
        .collect();
    let words: BTreeSet<&str> = text.split(|c: char| !c.is_ascii_alphanumeric()).collect();
    for word in ["anonymous", "system"] {
        if chinese && words.contains(word) {
            found.push(format!("machine word {word:?}"));
        }
    }
    if text.contains("v1 written") {
        found.push("machine words \"v1 written\"".to_owned());
    }
    let shows_logins = ["/admin/users", "/admin/committees", "/login", "/me/account"]
        .iter()
        .any(|p| path.starts_with(p));
    if !shows_logins && let Some(at) = text.find("demo-") {
        found.push(format!(
            "login name near {:?}",
            text[at..].chars().take(30).collect::<String>()
        ));
    }
    found
}

/// `name=value`: a lower-case name, "=", something after it.
fn is_pair(word: &str) -> bool {
    let word = word.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '=' && c != '_');
    word.split_once('=').is_some_and(|(name, value)| {
        !name.is_empty() && !value.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
    })
}

#[test]
fn machine_text_is_told_from_what_people_write() {
    assert_eq!(
        machine_text("/admin", "共 3 户 rows=3", true),
        ["machine text \"rows=3\""]
    );
    assert_eq!(
        machine_text("/staff/cases/1", "由 anonymous 提交", true),
        ["machine word \"anonymous\""]
    );
    assert_eq!(
        machine_text("/admin", "张三 demo-xiaoma", true),
        ["login name near \"demo-xiaoma\""]
    );
    assert!(machine_text("/admin/users", "demo-xiaoma", true).is_empty());
    assert!(machine_text("/letters/new", "You may write anonymously or as anonymous", false).is_empty());
    assert!(
        machine_text(
            "/staff",
            "1 + 1 = 2 · 案号 (2026)江北 = 第 5 号 · the systemic view",
            true
        )
        .is_empty()
    );
}

#[test]
fn a_raw_key_is_told_from_ordinary_text() {
    let namespaces: BTreeSet<String> = ["casepage", "letter"].map(String::from).into();
    assert_eq!(
        raw_keys("已送达 casepage.served, see letter.status.done.", &namespaces),
        ["casepage.served", "letter.status.done"]
    );
    assert!(raw_keys("yuanba.example.cn 3.5 km casepage", &namespaces).is_empty());
    assert_eq!(shape_of("/staff/cases/0193a2b4-aa?tab=x"), "/staff/cases/{}?tab=x");
    assert_eq!(shape_of("/staff/cases?queue=all"), "/staff/cases?queue=all");
}
