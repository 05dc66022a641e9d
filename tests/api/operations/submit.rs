//! What residents send, spoken to a server by its address alone (the
//! binary under test is another process): letters with a photo,
//! mediation applications, and following a receipt on `/track`.

use reqwest::{Client, StatusCode};
use scraper::Html;
use yuanba::db::DbConn;
use yuanba::db::places;
use yuanba::domain::place::PlaceKind;

use crate::helpers::mailbox::{Upload, multipart_body, png};
use crate::helpers::{first_attr, new_client, select_text};

pub const STREET: &str = "观音桥街道";

/// Where the submissions of these tests are about.
#[derive(Clone)]
pub struct Target {
    pub address: String,
    pub compound_id: String,
    pub street_id: String,
}

impl Target {
    /// 塔坪小区 under 观音桥街道 (made once, straight in the database).
    pub fn prepare(conn: &mut DbConn, address: &str) -> Self {
        let street_id = places::find_street_by_name(conn, STREET).unwrap().unwrap().id;
        let community = places::ensure(conn, Some(&street_id), PlaceKind::Community, "塔坪社区", None, 0).unwrap();
        let grid = places::ensure(conn, Some(&community), PlaceKind::Grid, "一网格", None, 0).unwrap();
        let compound_id = places::ensure(conn, Some(&grid), PlaceKind::Compound, "塔坪小区", None, 0).unwrap();
        Target {
            address: address.to_owned(),
            compound_id,
            street_id,
        }
    }

    pub fn at(&self, address: &str) -> Self {
        Target {
            address: address.to_owned(),
            ..self.clone()
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }
}

/// How one submission ended, as its sender saw it.
#[derive(Debug)]
pub enum Outcome {
    /// A receipt page: the submission was acknowledged.
    Receipt(String),
    /// No HTTP answer at all (refused, reset): nothing was acknowledged.
    NoAnswer(String),
    /// An HTTP answer that is not a receipt: a failure.
    Failed(StatusCode),
}

/// The CSRF token and one-time form token of the form at `path`.
pub async fn open_form(client: &Client, target: &Target, path: &str) -> Result<(String, String), String> {
    let res = client.get(target.url(path)).send().await.map_err(|e| e.to_string())?;
    let html = Html::parse_document(&res.text().await.map_err(|e| e.to_string())?);
    Ok((
        first_attr(&html, "input[name=csrf]", "value"),
        first_attr(&html, "input[name=form_token]", "value"),
    ))
}

/// The multipart body of a letter with one photo; (content type, body).
pub fn letter_body(target: &Target, tokens: &(String, String)) -> (String, Vec<u8>) {
    let fields = [
        ("form_token", tokens.1.as_str()),
        ("category", "facilities"),
        ("compound_id", target.compound_id.as_str()),
        ("place_detail", "3 栋门口"),
        ("body", "3 栋门口的雨棚破了，下雨天老人进出很不方便，希望尽快修缮。"),
        ("contact_name", "李秀兰"),
        ("contact_phone", "13812345678"),
        ("consent", "yes"),
    ];
    let photo = Upload {
        field: "photo_1",
        filename: "rain-canopy.png",
        content_type: "image/png",
        data: png(24, 12),
    };
    multipart_body(&tokens.0, &fields, &[photo])
}

pub async fn send_letter(client: &Client, target: &Target) -> Outcome {
    let tokens = match open_form(client, target, "/letters/new").await {
        Ok(tokens) => tokens,
        Err(e) => return Outcome::NoAnswer(e),
    };
    let (content_type, body) = letter_body(target, &tokens);
    let sent = client
        .post(target.url("/letters/new"))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await;
    outcome(sent).await
}

pub async fn send_application(client: &Client, target: &Target) -> Outcome {
    let (csrf, token) = match open_form(client, target, "/mediation/apply").await {
        Ok(tokens) => tokens,
        Err(e) => return Outcome::NoAnswer(e),
    };
    let fields = [
        ("csrf", csrf.as_str()),
        ("form_token", token.as_str()),
        ("applicant_name", "张秀英"),
        ("applicant_phone", "13812345678"),
        ("respondent_name_1", "王建国"),
        ("respondent_phone_1", "13987654321"),
        ("dispute_type", "neighbour"),
        ("summary", "楼上卫生间漏水，我家天花板发霉脱落，多次沟通未果。"),
        ("requests", "修复漏水\n赔偿天花板维修费 3000 元"),
        ("street_id", target.street_id.as_str()),
        ("ack_rights", "yes"),
        ("consent_privacy", "yes"),
    ];
    let sent = client.post(target.url("/mediation/apply")).form(&fields).send().await;
    outcome(sent).await
}

async fn outcome(sent: reqwest::Result<reqwest::Response>) -> Outcome {
    let res = match sent {
        Ok(res) => res,
        Err(e) => return Outcome::NoAnswer(e.to_string()),
    };
    let status = res.status();
    match res.text().await {
        Ok(text) if status == StatusCode::OK => match receipt_in(&text) {
            Some(code) => Outcome::Receipt(code),
            None => Outcome::Failed(status),
        },
        Ok(_) => Outcome::Failed(status),
        // Headers came, the body did not: the answer was cut off.
        Err(e) => Outcome::NoAnswer(e.to_string()),
    }
}

pub fn receipt_in(page: &str) -> Option<String> {
    select_text(&Html::parse_document(page), ".receipt code").pop()
}

/// Follows `code` on `/track`: its status and page.
pub async fn track(target: &Target, code: &str) -> (StatusCode, String) {
    let client = new_client();
    let (csrf, _) = open_form(&client, target, "/track").await.expect("track form");
    let res = client
        .post(target.url("/track"))
        .form(&[("csrf", csrf.as_str()), ("code", code)])
        .send()
        .await
        .expect("track answers");
    let status = res.status();
    (status, res.text().await.unwrap())
}
