//! POST handlers for a case's parties: adding one (with an optional identity
//! number, sealed at rest) and recording notice and consent.

use crate::domain::mediation::PartyRole;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::change::{CaseRequest, Seen};
use crate::db::case_parties::Party;
use crate::domain::id_number::IdNumber;
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

pub async fn add_party(r: CaseRequest, form: web::Form<PartyForm>) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let (Some(name), Some(role)) = (bounded(&form.name, 40), PartyRole::parse(&form.party_role)) else {
        return r.refused("add-party-name", "case.error.party_input").await;
    };
    let id_number = form.id_number.trim();
    let sealed = match IdNumber::parse(id_number) {
        Some(id) => r.state.field_cipher.seal(id.as_str()),
        None if id_number.is_empty() => String::new(),
        None => {
            return r.refused("add-party-id", "case.error.id_number").await;
        }
    };
    let mut party = Party::new("", role, &name, form.phone.trim(), 0);
    party.id_number_enc = sealed;
    r.change(
        form.seen,
        "add-party-name",
        Box::new(move |conn, change| actions::add_party(conn, change, party)),
    )
    .await
}
