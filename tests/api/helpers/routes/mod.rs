//! Helpers of the route tests: the seeded world, the expectation table, a
//! sample form per POST route, the form fuzzer, and a fingerprint of the
//! stored state to prove a refused POST changed nothing.

mod catalogue_samples;
pub mod fuzz;
pub mod samples;
pub mod table;
pub mod world;

use diesel::RunQueryDsl;
use diesel::sql_types::{BigInt, Text};
use reqwest::{Client, Response, StatusCode};

use crate::helpers::*;
use samples::{File, Form};
use world::World;

/// A logged-in (or anonymous) browser and the CSRF token of its session.
pub struct Session {
    pub client: Client,
    pub csrf: String,
}

impl Session {
    pub async fn open(app: &TestApp, client: Client) -> Self {
        let csrf = csrf_token(&client, &app.address).await;
        Session { client, csrf }
    }
}

/// Calls `path` as the page would: a GET, or a POST of `form` (url-encoded
/// or multipart) with the session's CSRF token first.
pub async fn call(app: &TestApp, session: &Session, method: &str, path: &str, form: Option<&Form>) -> Response {
    let url = app.url(path);
    let request = match (method, form) {
        ("GET", _) => session.client.get(url),
        (_, Some(Form { fields, files: None })) => {
            let mut all = vec![("csrf".to_owned(), session.csrf.clone())];
            all.extend(fields.iter().cloned());
            session.client.post(url).form(&all)
        }
        (
            _,
            Some(Form {
                fields,
                files: Some(files),
            }),
        ) => {
            let (content_type, body) = multipart(&session.csrf, fields, files);
            session.client.post(url).header("content-type", content_type).body(body)
        }
        (_, None) => panic!("a POST needs a form"),
    };
    request.send().await.expect("request sent")
}

const BOUNDARY: &str = "----yuanba-routes-boundary-3f9a1c";

/// A multipart body; the values are raw bytes, so they may be invalid UTF-8.
pub fn multipart_bytes(csrf: &str, fields: &[(String, Vec<u8>)], files: &[File]) -> (String, Vec<u8>) {
    let mut body = Vec::new();
    let mut part = |head: String, data: &[u8]| {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n{head}\r\n\r\n").as_bytes());
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    };
    part("Content-Disposition: form-data; name=\"csrf\"".into(), csrf.as_bytes());
    for (name, value) in fields {
        part(format!("Content-Disposition: form-data; name=\"{name}\""), value);
    }
    for (field, filename, content_type, data) in files {
        let head = format!(
            "Content-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\nContent-Type: {content_type}"
        );
        part(head, data);
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={BOUNDARY}"), body)
}

fn multipart(csrf: &str, fields: &[(String, String)], files: &[File]) -> (String, Vec<u8>) {
    let fields: Vec<(String, Vec<u8>)> = fields
        .iter()
        .map(|(k, v)| (k.clone(), v.clone().into_bytes()))
        .collect();
    multipart_bytes(csrf, &fields, files)
}

/// The letter of the expectation table that a response stands for.
pub fn outcome(res: &Response) -> char {
    let status = res.status();
    if status.is_redirection() && location(res).starts_with("/login") {
        'L'
    } else if status.is_success()
        || status.is_redirection()
        || [
            StatusCode::UNAUTHORIZED,
            StatusCode::CONFLICT,
            StatusCode::UNPROCESSABLE_ENTITY,
        ]
        .contains(&status)
    {
        'O'
    } else if status == StatusCode::FORBIDDEN {
        'F'
    } else if status == StatusCode::NOT_FOUND {
        'N'
    } else {
        // Anything else (400, 5xx, …) matches no letter and fails the test.
        '?'
    }
}

#[derive(diesel::QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(diesel::QueryableByName, Debug, PartialEq)]
struct Count {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Every table of the database (the migrations' bookkeeping aside).
pub fn tables(app: &TestApp) -> Vec<String> {
    let sql = if app.is_postgres() {
        "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'"
    } else {
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    };
    let names: Vec<Name> = diesel::sql_query(sql).load(&mut *app.conn()).unwrap();
    let mut names: Vec<String> = names
        .into_iter()
        .map(|n| n.name)
        .filter(|n| n != "__diesel_schema_migrations")
        .collect();
    names.sort();
    names
}

/// The row count of every table, and the full content of every record a
/// route can change in place (versions, states, roles, flags).
pub fn fingerprint(app: &TestApp, w: &World, tables: &[String]) -> String {
    let union = tables
        .iter()
        .map(|t| format!("SELECT '{t}' AS name, COUNT(*) AS n FROM {t}"))
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let mut conn = app.conn();
    let counts: Vec<Count> = diesel::sql_query(union).load(&mut *conn).unwrap();
    let live_codes: Vec<Count> =
        diesel::sql_query("SELECT 'live_codes' AS name, COUNT(*) AS n FROM household_codes WHERE revoked_at IS NULL")
            .load(&mut *conn)
            .unwrap();
    use yuanba::db::*;
    format!(
        "{counts:?}\n{live_codes:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        cases::find(&mut conn, &w.ids.case).unwrap(),
        case_parties::for_case(&mut conn, &w.ids.case).unwrap(),
        letters::find(&mut conn, &w.ids.letter).unwrap(),
        projects::find(&mut conn, &w.ids.project).unwrap(),
        users::list_all(&mut conn, 1000).unwrap(),
        committees::all_with_street(&mut conn).unwrap(),
        letter_categories::all(&mut conn).unwrap(),
        menu_items::all(&mut conn).unwrap(),
    )
}
