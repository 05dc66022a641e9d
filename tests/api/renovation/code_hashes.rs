//! Security review, item 12: household codes are stored as a keyed hash,
//! and codes issued under the old unsalted SHA-256 keep working and are
//! rewritten to the keyed hash when used.

use sha2::{Digest, Sha256};

use super::*;
use crate::helpers::*;

fn sha256_of_code(code: &str) -> String {
    let canonical: String = code.chars().filter(|c| *c != '-').collect();
    hex::encode(Sha256::digest(canonical.as_bytes()))
}

/// (code_hash, hash_scheme) of the unit's live code.
fn stored(app: &TestApp, unit_id: &str) -> (String, String) {
    use yuanba::db::schema::household_codes as hc;
    hc::table
        .filter(hc::unit_id.eq(unit_id))
        .filter(hc::revoked_at.is_null())
        .select((hc::code_hash, hc::hash_scheme))
        .first(&mut app.conn())
        .unwrap()
}

fn unit_id(app: &TestApp, w: &World, unit: &str) -> String {
    child(app, &child(app, &child(app, &w.compound, "1栋"), "1单元"), unit)
}

#[tokio::test]
async fn new_codes_are_stored_keyed_and_legacy_ones_still_vote_and_are_rehashed() {
    let app = spawn_app().await;
    let w = world(&app).await;
    for (unit, code) in &w.codes {
        let (hash, scheme) = stored(&app, &unit_id(&app, &w, unit));
        assert_eq!(scheme, "hmac-v1");
        assert_ne!(hash, sha256_of_code(code), "not the unsalted SHA-256");
    }
    // A slip printed before the change: its row holds the plain SHA-256.
    let legacy_unit = unit_id(&app, &w, "201");
    let legacy_hash = sha256_of_code(&w.code("201"));
    app.run_sql(&format!(
        "UPDATE household_codes SET code_hash = '{legacy_hash}', hash_scheme = 'sha256' \
         WHERE unit_id = '{legacy_unit}' AND revoked_at IS NULL"
    ))
    .unwrap();
    let (status, body) = respond(&app, &w, "201", &w.code("201"), "want").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(result_of(&body), "counted", "the old slip still votes");
    let (hash, scheme) = stored(&app, &legacy_unit);
    assert_eq!(scheme, "hmac-v1", "rewritten on use");
    assert_ne!(hash, legacy_hash);
    // And it keeps working under its new hash.
    let (status, body) = respond(&app, &w, "201", &w.code("201"), "dont").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(result_of(&body), "counted");
}
