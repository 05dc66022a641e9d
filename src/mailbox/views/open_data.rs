//! The open-data read model (DESIGN.md §10): public letters as Open311
//! GeoReport v2 service requests, and letter categories as its services.
//!
//! Only public data leaves here: a letter staff handled and approved a
//! public text for (`domain::open311::is_public`), that text and the latest
//! public official reply with phone and identity numbers masked, its status,
//! its category and the name of its place. Never the text as the resident
//! sent it, their name or number, the street address they typed, photos,
//! internal notes or who handles it.

use std::collections::HashMap;

use serde::Serialize;

use crate::db::letter_categories::{self, Category};
use crate::db::letters::{self, Letter, PublicFilter};
use crate::db::{DbConn, letter_events, places};
use crate::domain::open311::{OpenStatus, RequestFilter, is_public, iso_time};
use crate::domain::public_text::mask_personal_numbers;
use crate::i18n::{Lang, t_with};

/// A GeoReport v2 service: one letter category.
#[derive(Debug, Clone, Serialize)]
pub struct Service {
    pub service_code: String,
    pub service_name: String,
    pub description: String,
    pub metadata: bool,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub keywords: String,
    pub group: &'static str,
}

/// A GeoReport v2 service request: one public letter. Absent values are
/// `null`, as the specification shows them.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceRequest {
    pub service_request_id: String,
    pub status: &'static str,
    /// The latest public official reply, numbers masked.
    pub status_notes: String,
    /// The mailbox's own status code (GeoReport's `detailed_status` extension).
    pub detailed_status: String,
    pub service_name: String,
    pub service_code: String,
    /// The text staff approved for the public, numbers masked.
    pub description: String,
    pub agency_responsible: String,
    pub service_notice: String,
    pub requested_datetime: String,
    pub updated_datetime: String,
    /// When an answer is due, while the request is open.
    pub expected_datetime: Option<String>,
    /// The place's name (compound, else community, else street), never a
    /// street address.
    pub address: String,
    pub address_id: Option<String>,
    pub zipcode: Option<String>,
    pub lat: Option<f64>,
    pub long: Option<f64>,
    pub media_url: Option<String>,
}

/// The categories residents may choose now.
pub fn services(conn: &mut DbConn, lang: Lang) -> diesel::QueryResult<Vec<Service>> {
    Ok(letter_categories::all(conn)?
        .into_iter()
        .filter(|c| c.active)
        .map(|c| Service {
            description: notice(&c, lang),
            service_name: c.name(lang).to_owned(),
            service_code: c.code,
            metadata: false,
            kind: "realtime",
            keywords: String::new(),
            group: "mailbox",
        })
        .collect())
}

/// One page of public letters, newest first.
pub fn requests(conn: &mut DbConn, filter: &RequestFilter, lang: Lang) -> diesel::QueryResult<Vec<ServiceRequest>> {
    let statuses = filter
        .statuses
        .iter()
        .flat_map(|s| s.letter_statuses().iter().copied())
        .collect();
    let selection = PublicFilter {
        categories: filter.service_codes.clone(),
        statuses,
        created_from: filter.start,
        created_before: filter.end_before,
    };
    let found = letters::public_page(conn, &selection, filter.page_size, filter.offset())?;
    build(conn, found, lang)
}

/// One public letter; `None` when there is no such letter or it is not public.
pub fn request(conn: &mut DbConn, id: &str, lang: Lang) -> diesel::QueryResult<Option<ServiceRequest>> {
    let Some(letter) = letters::find(conn, id)? else {
        return Ok(None);
    };
    if !is_public(letter.status(), letter.public_body.is_some()) {
        return Ok(None);
    }
    Ok(build(conn, vec![letter], lang)?.pop())
}

fn build(conn: &mut DbConn, found: Vec<Letter>, lang: Lang) -> diesel::QueryResult<Vec<ServiceRequest>> {
    let categories = letter_categories::all(conn)?;
    let mut names = PlaceNames::default();
    let ids: Vec<String> = found.iter().map(|l| l.id.clone()).collect();
    let replies = letter_events::latest_replies(conn, &ids)?;
    let mut out = Vec::with_capacity(found.len());
    for letter in found {
        let reply = replies
            .iter()
            .find(|(id, _)| *id == letter.id)
            .map(|(_, body)| mask_personal_numbers(body))
            .unwrap_or_default();
        let place = letter
            .compound_id
            .as_ref()
            .or(letter.community_id.as_ref())
            .unwrap_or(&letter.street_id);
        let address = names.name(conn, place)?;
        let agency = names.name(conn, &letter.street_id)?;
        out.push(request_of(letter, &categories, reply, address, agency, lang));
    }
    Ok(out)
}

fn request_of(
    l: Letter,
    categories: &[Category],
    reply: String,
    address: String,
    agency: String,
    lang: Lang,
) -> ServiceRequest {
    let category = categories.iter().find(|c| c.code == l.category);
    let status = OpenStatus::of(l.status());
    ServiceRequest {
        status: status.code(),
        status_notes: reply,
        detailed_status: l.status().code().to_uppercase(),
        service_name: category.map(|c| c.name(lang).to_owned()).unwrap_or_default(),
        service_notice: category.map(|c| notice(c, lang)).unwrap_or_default(),
        service_code: l.category.clone(),
        description: mask_personal_numbers(l.public_body.as_deref().unwrap_or_default()),
        agency_responsible: agency,
        requested_datetime: iso_time(l.created_at),
        updated_datetime: iso_time(l.updated_at),
        expected_datetime: (status == OpenStatus::Open && l.resolved_at.is_none()).then(|| iso_time(l.resolve_due_at)),
        address,
        address_id: None,
        zipcode: None,
        lat: None,
        long: None,
        media_url: None,
        service_request_id: l.id,
    }
}

/// "受理时限 3 日，答复时限 15 日".
fn notice(category: &Category, lang: Lang) -> String {
    t_with(
        lang,
        "open311.notice",
        &[
            ("ack", &category.ack_days.to_string()),
            ("resolve", &category.resolve_days.to_string()),
        ],
    )
}

/// Place names looked up once per request.
#[derive(Default)]
struct PlaceNames(HashMap<String, String>);

impl PlaceNames {
    fn name(&mut self, conn: &mut DbConn, id: &str) -> diesel::QueryResult<String> {
        if let Some(name) = self.0.get(id) {
            return Ok(name.clone());
        }
        let name = places::find(conn, id)?.map(|p| p.name).unwrap_or_default();
        self.0.insert(id.to_owned(), name.clone());
        Ok(name)
    }
}
