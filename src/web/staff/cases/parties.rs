//! POST handlers for a case's parties: adding one (with an optional identity
//! number, sealed at rest) and recording notice and consent.

use crate::domain::mediation::PartyRole;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::change::{CaseRequest, Seen};
use crate::db::case_parties::Party;
use crate::domain::id_number::IdNumber;
use crate::domain::phone;
use crate::mediation::actions;
use crate::web::error::AppError;
use crate::web::forms::bounded;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NoticeForm {
    #[serde(flatten)]
    seen: Seen,
    served: String,
    consent: String,
}

pub async fn party_notice(
    r: CaseRequest,
    path: web::Path<(String, String)>,
    form: web::Form<NoticeForm>,
) -> Result<HttpResponse, AppError> {
    let (_, party_id) = path.into_inner();
    let form = form.into_inner();
    let served = form.served == "yes";
    let key = format!("party-{party_id}");
    r.change(
        form.seen,
        &key,
        Box::new(move |conn, change| {
            actions::record_notice_and_consent(conn, change, &party_id, served, &form.consent)
        }),
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PartyForm {
    #[serde(flatten)]
    seen: Seen,
    party_role: String,
    name: String,
    phone: String,
    id_number: String,
}

/// The add-party form's name on the case page (its draft and its refusals).
const ADD_PARTY: &str = "add-party";

impl PartyForm {
    fn kept(&self) -> Vec<(String, String)> {
        [
            ("party_role", &self.party_role),
            ("name", &self.name),
            ("phone", &self.phone),
            ("id_number", &self.id_number),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }
}

pub async fn add_party(r: CaseRequest, form: web::Form<PartyForm>) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let mut errors: Vec<(&'static str, &'static str)> = Vec::new();
    let name = bounded(&form.name, 40);
    let role = PartyRole::parse(&form.party_role);
    if name.is_none() || role.is_none() {
        errors.push(("name", "case.error.party_input"));
    }
    let id_number = form.id_number.trim();
    let id = IdNumber::parse(id_number);
    if id.is_none() && !id_number.is_empty() {
        errors.push(("id_number", "case.error.id_number"));
    }
    let phone = phone::optional(&form.phone).unwrap_or_else(|e| {
        errors.push(("phone", e.message_key()));
        String::new()
    });
    let (Some(name), Some(role), true) = (name, role, errors.is_empty()) else {
        // Every field is kept, each refusal next to its own field.
        return r.refused_fields(ADD_PARTY, form.kept(), &errors).await;
    };
    let mut party = Party::new("", role, &name, &phone, 0);
    party.id_number_enc = id.map_or_else(String::new, |id| r.state.field_cipher.seal(id.as_str()));
    r.change(
        form.seen,
        ADD_PARTY,
        Box::new(move |conn, change| actions::add_party(conn, change, party)),
    )
    .await
}
