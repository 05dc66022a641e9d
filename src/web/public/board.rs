//! The public board of a street or community: handled letters without any
//! personal details, their official reply and the "我也是" count.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::auth::tokens::hmac_hex;
use crate::dates::date;
use crate::db::{letter_categories, letter_events, letters, places};
use crate::domain::letters::excerpt;
use crate::mailbox::support;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::render::{self, see_other};
use crate::web::session::ANON_COOKIE;
use crate::web::state::AppState;

const BOARD_SIZE: i64 = 50;
/// Long letters are cut on the board; the whole text is for staff.
const BOARD_EXCERPT: usize = 200;

pub struct BoardRow {
    pub id: String,
    pub date: String,
    pub category: String,
    pub status_key: String,
    pub text: String,
    pub reply: String,
    pub supports: i32,
}

#[derive(Template)]
#[template(path = "public/board.html")]
struct BoardPage {
    ctx: PageCtx,
    place_id: String,
    place_name: String,
    rows: Vec<BoardRow>,
}

pub async fn board(
    ctx: PageCtx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let place_id = path.into_inner();
    let (id, lang) = (place_id.clone(), ctx.lang);
    let (place_name, rows) = state
        .db(move |conn| {
            let place = places::find(conn, &id)?.ok_or(AppError::NotFound)?;
            let cats = letter_categories::all(conn)?;
            let mut rows = Vec::new();
            for l in letters::public_for_place(conn, &id, BOARD_SIZE)? {
                let reply = letter_events::latest_reply(conn, &l.id)?
                    .map(|e| e.body)
                    .unwrap_or_default();
                rows.push(BoardRow {
                    category: cats
                        .iter()
                        .find(|c| c.code == l.category)
                        .map(|c| c.name(lang).to_owned())
                        .unwrap_or_default(),
                    status_key: l.status().label_key(),
                    text: excerpt(&l.body, BOARD_EXCERPT),
                    date: date(l.created_at),
                    supports: l.support_count,
                    id: l.id,
                    reply,
                });
            }
            Ok((place.name, rows))
        })
        .await?;
    render::page(&BoardPage {
        ctx,
        place_id,
        place_name,
        rows,
    })
}

/// One support per account, else per browser: the key is a keyed hash of
/// the anonymous cookie, so the stored value cannot be turned back into it.
fn supporter_key(req: &HttpRequest, ctx: &PageCtx, secret: &[u8]) -> Option<String> {
    if let Some(user) = &ctx.user {
        return Some(format!("user:{}", user.id));
    }
    let anon = req.cookie(ANON_COOKIE)?;
    Some(format!(
        "anon:{}",
        hmac_hex(secret, &format!("support|{}", anon.value()))
    ))
}

pub async fn support(
    req: HttpRequest,
    ctx: PageCtx,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (place_id, letter_id) = path.into_inner();
    let key = supporter_key(&req, &ctx, &state.secret).ok_or(AppError::BadRequest)?;
    state
        .db(move |conn| Ok(support::support(conn, &letter_id, &key)?))
        .await?;
    Ok(see_other(&format!("/board/{place_id}")))
}
