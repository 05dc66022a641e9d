//! Every route of the router, called by every role (route × role), and every
//! form fed random and malformed values (no 5xx). The routes come from
//! `yuanba::web::router::ROUTES`, the table the app itself is built from, so
//! a new route without a line in `helpers/routes/table.rs` fails here.

use std::collections::HashMap;

use crate::helpers::routes::fuzz::{Body, Fuzzer};
use crate::helpers::routes::world::{EVERYONE, Who, World};
use crate::helpers::routes::{Session, call, fingerprint, multipart_bytes, outcome, samples, table, tables};
use crate::helpers::*;
use reqwest::StatusCode;
use yuanba::web::router::ROUTES;

#[test]
fn every_route_has_a_line_in_the_table_and_every_line_a_route() {
    let mut missing = Vec::new();
    for spec in ROUTES {
        if table::expected(spec.method.as_str(), spec.path).is_none() {
            missing.push(format!("(\"{}\", \"{}\", \"???????\"),", spec.method, spec.path));
        }
    }
    assert!(
        missing.is_empty(),
        "routes without a line in tests/api/helpers/routes/table.rs:\n{}",
        missing.join("\n")
    );
    for (method, path, letters) in table::EXPECTED {
        assert!(
            ROUTES.iter().any(|r| r.method.as_str() == *method && r.path == *path),
            "{method} {path} is in the table but not a route"
        );
        assert_eq!(letters.chars().count(), EVERYONE.len(), "{method} {path}");
    }
}

async fn sessions(app: &TestApp, world: &World) -> HashMap<String, Session> {
    let mut sessions = HashMap::new();
    for who in EVERYONE {
        let client = world.client(app, who).await;
        sessions.insert(format!("{who:?}"), Session::open(app, client).await);
    }
    sessions
}

#[tokio::test]
async fn every_route_answers_every_role_as_the_table_says_and_a_refused_post_changes_nothing() {
    let app = spawn_app().await;
    let world = crate::helpers::routes::world::seed(&app).await;
    let mut sessions = sessions(&app, &world).await;
    let tables = tables(&app);
    let (mut wrong, mut observed) = (Vec::new(), Vec::new());
    for spec in ROUTES {
        let method = spec.method.as_str();
        let expected = table::expected(method, spec.path).expect("every route has a line (see the test above)");
        let path = world.fill(spec.path);
        assert!(!path.contains('{'), "no id for {path}");
        let mut seen = String::new();
        for (who, want) in EVERYONE.into_iter().zip(expected.chars()) {
            let form = (method == "POST").then(|| samples::sample(&app, &world, spec.path));
            let before = form.as_ref().map(|_| fingerprint(&app, &world, &tables));
            let session = &sessions[&format!("{who:?}")];
            let res = call(&app, session, method, &path, form.as_ref()).await;
            let (status, got) = (res.status(), outcome(&res));
            seen.push(got);
            if got != want {
                wrong.push(format!("{method} {path} as {who:?}: expected {want}, got {status}"));
            }
            if let Some(before) = before.filter(|_| matches!(got, 'L' | 'F' | 'N')) {
                if before != fingerprint(&app, &world, &tables) {
                    wrong.push(format!(
                        "{method} {path} as {who:?} was refused ({status}) but changed the data"
                    ));
                }
            }
            // Logging out ends the role's session: log in again.
            if spec.path == "/logout" {
                let client = world.client(&app, who).await;
                sessions.insert(format!("{who:?}"), Session::open(&app, client).await);
            }
        }
        observed.push(format!("(\"{method}\", \"{}\", \"{seen}\"),", spec.path));
    }
    assert!(
        wrong.is_empty(),
        "{}\n\nobserved table:\n{}",
        wrong.join("\n"),
        observed.join("\n")
    );
}

/// Requests per form; with ~60 forms this keeps the test to seconds.
/// `ROUTES_FUZZ_CASES=500` runs a deeper search by hand.
fn cases_per_form() -> u64 {
    std::env::var("ROUTES_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(12)
}
const SEED: u64 = 0x5941_4e42_4100_0001;

/// The role the property test posts a form as: one the table lets through,
/// so that the handler itself runs. Logging out is done anonymously so that
/// the other forms keep their sessions. `None` for the forms only the
/// case's mentor (a 老马) or an organisation's user may post: neither has
/// a column of the table.
fn poster(method: &str, path: &str) -> Option<Who> {
    if path == "/logout" {
        return Some(Who::Anonymous);
    }
    let letters: Vec<char> = table::expected(method, path).unwrap().chars().collect();
    let preference = [
        Who::CaseMediator,
        Who::Coordinator,
        Who::Admin,
        Who::Resident,
        Who::Anonymous,
        // The world's mentor: only they tick a plan and propose graduation.
        Who::OtherMediator,
    ];
    let letter = |who: &Who| letters[EVERYONE.iter().position(|w| w == who).unwrap()];
    // Failing that, one the handler answers "not found" (a record the
    // table's world does not hold): the handler still runs.
    let allowed = preference.into_iter().find(|who| letter(who) == 'O');
    allowed.or_else(|| preference.into_iter().find(|who| letter(who) == 'N'))
}

#[tokio::test]
async fn no_form_answers_5xx_to_random_and_malformed_values() {
    let app = spawn_app().await;
    let world = crate::helpers::routes::world::seed(&app).await;
    let sessions = sessions(&app, &world).await;
    let mentor = Session::open(&app, crate::helpers::mediation::logged_in(&app, "laoma").await).await;
    // A receiving organisation's user, who has no column of the table either.
    app.create_org_user("org-fuzzer", &crate::referrals::property_committee(&app));
    let org_staff = Session::open(&app, crate::helpers::mediation::logged_in(&app, "org-fuzzer").await).await;
    let ids = world.ids.all();
    let mut failures = Vec::new();
    for (index, spec) in ROUTES.iter().enumerate().filter(|(_, r)| r.method.as_str() == "POST") {
        let path = world.fill(spec.path);
        let session = match poster("POST", spec.path) {
            Some(who) => &sessions[&format!("{who:?}")],
            None if spec.path.starts_with("/org/") => &org_staff,
            None => &mentor,
        };
        let seed = SEED + index as u64;
        let mut fuzzer = Fuzzer::new(seed, ids.clone());
        let mut reached = false;
        for case in 0..cases_per_form() {
            let sample = samples::sample(&app, &world, spec.path);
            let body = fuzzer.body(&session.csrf, &sample);
            let (content_type, bytes) = match body {
                Body::UrlEncoded(bytes) => ("application/x-www-form-urlencoded".to_owned(), bytes),
                Body::Multipart(fields, files) => multipart_bytes(&session.csrf, &fields, &files),
            };
            let res = session
                .client
                .post(app.url(&path))
                .header("content-type", content_type)
                .body(bytes.clone())
                .send()
                .await
                .expect("request sent");
            // 403 is also the CSRF guard's answer: some other status shows
            // the handler itself ran.
            reached |= res.status() != StatusCode::FORBIDDEN;
            if res.status().is_server_error() {
                let shown = String::from_utf8_lossy(&bytes[..bytes.len().min(600)]).into_owned();
                failures.push(format!(
                    "POST {path} (seed {seed}, case {case}) → {}: {shown}",
                    res.status()
                ));
            }
        }
        assert!(reached, "every fuzzed POST {path} was refused: the handler never ran");
    }
    let health = app.get("/healthz").await;
    assert_eq!(health.status(), StatusCode::OK, "the server still answers");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
