//! The public board of a compound (`/board/{compound_id}`, DESIGN.md §11)
//! and its "我也是" button. What the board shows, and what it masks, is the
//! read model `mailbox::views::board`; older board links to a street or
//! community list that area's compound boards, a building's link redirects.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::auth::tokens::hmac_hex;
use crate::db::letters;
use crate::mailbox::support;
use crate::mailbox::views::board::{self, Board, BoardEntry, CompoundLink};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::render::{self, see_other};
use crate::web::session::anon_value;
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "public/board.html")]
struct BoardPage {
    ctx: PageCtx,
    place_id: String,
    place_name: String,
    rows: Vec<BoardEntry>,
}

/// A street's or community's board: links to its compounds' boards.
#[derive(Template)]
#[template(path = "public/board_index.html")]
struct IndexPage {
    ctx: PageCtx,
    place_name: String,
    compounds: Vec<CompoundLink>,
}

pub async fn board(
    ctx: PageCtx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let place_id = path.into_inner();
    let id = place_id.clone();
    let found = state.db(move |conn| Ok(board::board_of(conn, &id)?)).await?;
    match found.ok_or(AppError::NotFound)? {
        Board::Compound { name, entries } => render::page(&BoardPage {
            ctx,
            place_id,
            place_name: name,
            rows: entries,
        }),
        Board::Index { name, compounds } => render::page(&IndexPage {
            ctx,
            place_name: name,
            compounds,
        }),
        Board::Moved { compound_id } => Ok(HttpResponse::PermanentRedirect()
            .insert_header(("location", format!("/board/{compound_id}")))
            .finish()),
    }
}

/// One support per account, else per browser: the key is a keyed hash of
/// the anonymous cookie, so the stored value cannot be turned back into it.
fn supporter_key(req: &HttpRequest, ctx: &PageCtx, secret: &[u8]) -> Option<String> {
    if let Some(user) = &ctx.user {
        return Some(format!("user:{}", user.id));
    }
    let anon = anon_value(req)?;
    Some(format!("anon:{}", hmac_hex(secret, &format!("support|{anon}"))))
}

pub async fn support(
    req: HttpRequest,
    ctx: PageCtx,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    crate::web::attempts::count_submission(&state, &req).await?;
    let (place_id, letter_id) = path.into_inner();
    let key = supporter_key(&req, &ctx, &state.secret).ok_or(AppError::BadRequest)?;
    let compound = state
        .db(move |conn| {
            support::support(conn, &letter_id, &key)?;
            Ok(letters::find(conn, &letter_id)?.and_then(|l| l.compound_id))
        })
        .await?;
    // Back to the letter's own board, never to an address taken from the URL.
    Ok(see_other(&format!("/board/{}", compound.unwrap_or(place_id))))
}
