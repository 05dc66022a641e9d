//! Key journeys in a real headless Chromium (Debian's chromium and
//! chromium-driver). Screenshots land in target/screenshots/ for review.
//! The driver is here; the journeys live one module per area.

// The same harness as the API tests, compiled into this binary too; the
// journeys use only part of it, hence the allowance for unused helpers here.
mod accessibility;
mod agreement_print;
#[path = "../api/helpers/harness.rs"]
#[allow(dead_code)]
mod common;
mod forms;
mod mediation;
mod notify_shots;
mod party_ids;
mod people_shots;
mod portal;
mod referrals;
mod resident;
mod resident_shots;
mod review_shots;
mod staff;

use std::net::TcpListener;
use std::process::Stdio;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use yuanba::domain::role::Role;

pub const PHONE: (u32, u32) = (390, 844);
pub const DESKTOP: (u32, u32) = (1280, 900);

pub struct Browser {
    pub client: Client,
    driver: tokio::process::Child,
}

impl Browser {
    pub async fn start() -> Browser {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let driver = tokio::process::Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("chromedriver must be installed (Debian package chromium-driver)");
        let mut caps = serde_json::Map::new();
        let args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--lang=zh-CN",
        ];
        caps.insert(
            "goog:chromeOptions".into(),
            json!({ "binary": "/usr/bin/chromium", "args": args }),
        );
        let url = format!("http://127.0.0.1:{port}");
        for _ in 0..50 {
            if let Ok(client) = ClientBuilder::new(HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                return Browser { client, driver };
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!("could not start a Chromium session through chromedriver");
    }

    pub async fn size(&self, (w, h): (u32, u32)) {
        self.client.set_window_size(w, h).await.unwrap();
    }

    pub async fn shot(&self, name: &str) {
        let png = self.client.screenshot().await.unwrap();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }

    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        let wait = self.client.wait().at_most(Duration::from_secs(10));
        wait.for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|_| panic!("{css} not on page"))
    }

    pub async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.unwrap()
    }

    pub async fn fill(&self, css: &str, value: &str) {
        let field = self.find(css).await;
        field.clear().await.unwrap();
        field.send_keys(value).await.unwrap();
    }

    /// Clicks something that loads a new page and waits until it has: the
    /// old document's root goes stale once the browser has navigated.
    pub async fn click(&self, css: &str) {
        let old_root = self.find("html").await;
        self.find(css).await.click().await.unwrap();
        for _ in 0..100 {
            if old_root.tag_name().await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("clicking {css} did not load a page");
    }

    /// Signs in through the login form; the next page is loaded.
    pub async fn log_in(&self, app: &common::TestApp, user: &str, password: &str) {
        self.client.goto(&app.url("/login")).await.unwrap();
        self.fill("#f-username", user).await;
        self.fill("#f-password", password).await;
        self.click("form[action='/login'] button[type=submit]").await;
    }

    pub async fn path(&self) -> String {
        self.client.current_url().await.unwrap().path().to_owned()
    }

    pub async fn close(mut self) {
        let _ = self.client.close().await;
        let _ = self.driver.kill().await;
    }
}

/// The demo's cases in `state` (up to 50), for journeys that start from one.
pub fn demo_cases_in(
    app: &common::TestApp,
    state: yuanba::domain::mediation_workflow::CaseState,
) -> Vec<yuanba::db::cases::Case> {
    let filter = yuanba::db::cases::CaseFilter {
        states: vec![state],
        ..Default::default()
    };
    yuanba::db::cases::list(&mut app.conn(), &yuanba::db::cases::CaseScope::All, &filter, 50).unwrap()
}
