//! `POST /admin/places/{id}/contact` (issue 14 item 1): the admin sets the
//! phone, address and opening hours residents see in the portal footer for
//! a street or community. Refused input comes back next to its field with
//! what was typed; a contact someone saved meanwhile is a conflict (409)
//! showing what is stored now.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::domain::place_contact::check;
use crate::places::{Change, contact};
use crate::web::admin::places::{ContactForm, NodeQuery, Outcome, show};
use crate::web::auth::{Admin, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::render::see_other;
use crate::web::state::AppState;

pub async fn save(
    req: HttpRequest,
    ctx: PageCtx,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<ContactForm>,
) -> Result<HttpResponse, AppError> {
    let (id, form) = (path.into_inner(), form.into_inner());
    let mut outcome = Outcome::plain(&ctx);
    let checked = match check(&form.phone, &form.address, &form.hours) {
        Ok(checked) => checked,
        Err(problems) => {
            problems
                .into_iter()
                .for_each(|(field, key)| outcome.errors.add(field, key));
            outcome.status = StatusCode::UNPROCESSABLE_ENTITY;
            outcome.contact = Some(form);
            return show(ctx, &state, id, NodeQuery::default(), outcome).await;
        }
    };
    // A garbled version can match no row: it is answered as a conflict.
    let seen = match form.version.trim() {
        "" => None,
        v => Some(v.parse().unwrap_or(-1)),
    };
    let actor = audit_actor(&req, Some(&admin));
    let place = id.clone();
    let change = state
        .db(move |conn| Ok(contact::set(conn, &actor, &place, seen, &checked)?))
        .await?;
    match change {
        Change::Done => Ok(see_other(&format!("/admin/places/{id}?saved=contact#contact"))),
        Change::NotFound | Change::Refused(..) => Err(AppError::not_found()),
        Change::Conflict => {
            outcome.status = StatusCode::CONFLICT;
            outcome.contact_conflict = true;
            show(ctx, &state, id, NodeQuery::default(), outcome).await
        }
    }
}
