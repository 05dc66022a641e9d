//! The public board of a compound (`/board/{compound_id}`, DESIGN.md §11):
//! handled letters without any personal details (their text only in the
//! version staff approved, numbers masked), their official reply, the
//! project an adopted letter went into, and the "我也是" count. Older board
//! links to a street or community list that area's compound boards; a
//! building's link goes to its compound's board.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::auth::tokens::hmac_hex;
use crate::dates::date;
use crate::db::{DbConn, letter_categories, letter_events, letters, places, projects};
use crate::domain::letters::excerpt;
use crate::domain::public_text::mask_personal_numbers;
use crate::i18n::Lang;
use crate::mailbox::support;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::render::{self, see_other};
use crate::web::session::anon_value;
use crate::web::state::AppState;

const BOARD_SIZE: i64 = 50;
/// Long letters are cut on the board; the whole text is for staff.
const BOARD_EXCERPT: usize = 200;

pub struct BoardRow {
    pub id: String,
    pub date: String,
    pub category: String,
    pub status_key: &'static str,
    pub text: String,
    pub reply: String,
    pub supports: i32,
    /// (project id, title) of an adopted letter.
    pub project: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "public/board.html")]
struct BoardPage {
    ctx: PageCtx,
    place_id: String,
    place_name: String,
    rows: Vec<BoardRow>,
}

/// A street's or community's board: links to its compounds' boards.
#[derive(Template)]
#[template(path = "public/board_index.html")]
struct IndexPage {
    ctx: PageCtx,
    place_name: String,
    compounds: Vec<(String, String)>,
}

/// What a board address leads to.
enum Board {
    Compound(String, Vec<BoardRow>),
    Index(String, Vec<(String, String)>),
    Moved(String),
}

pub async fn board(
    ctx: PageCtx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let place_id = path.into_inner();
    let (id, lang) = (place_id.clone(), ctx.lang);
    let found = state.db(move |conn| board_of(conn, lang, &id)).await?;
    match found {
        Board::Compound(place_name, rows) => render::page(&BoardPage {
            ctx,
            place_id,
            place_name,
            rows,
        }),
        Board::Index(place_name, compounds) => render::page(&IndexPage {
            ctx,
            place_name,
            compounds,
        }),
        Board::Moved(compound) => Ok(HttpResponse::PermanentRedirect()
            .insert_header(("location", format!("/board/{compound}")))
            .finish()),
    }
}

fn board_of(conn: &mut DbConn, lang: Lang, id: &str) -> Result<Board, AppError> {
    let lineage = places::lineage(conn, id)?;
    let place = lineage.first().ok_or(AppError::NotFound)?;
    match place.kind.as_str() {
        "compound" => Ok(Board::Compound(place.name.clone(), rows(conn, lang, id)?)),
        "building" | "entrance" | "unit" => {
            let compound = lineage
                .iter()
                .find(|p| p.kind == "compound")
                .ok_or(AppError::NotFound)?;
            Ok(Board::Moved(compound.id.clone()))
        }
        _ => {
            let compounds = places::compounds_with_area(conn)?
                .into_iter()
                .filter(|c| place.kind == "district" || c.street_id == id || c.community_id.as_deref() == Some(id))
                .map(|c| (c.id, c.name))
                .collect();
            Ok(Board::Index(place.name.clone(), compounds))
        }
    }
}

fn rows(conn: &mut DbConn, lang: Lang, compound_id: &str) -> Result<Vec<BoardRow>, AppError> {
    let cats = letter_categories::all(conn)?;
    let mut rows = Vec::new();
    for l in letters::public_for_compound(conn, compound_id, BOARD_SIZE)? {
        let reply = letter_events::latest_reply(conn, &l.id)?
            .map(|e| mask_personal_numbers(&e.body))
            .unwrap_or_default();
        let project = match &l.project_id {
            Some(p) => projects::find(conn, p)?.map(|p| (p.id, p.title)),
            None => None,
        };
        rows.push(BoardRow {
            category: cats
                .iter()
                .find(|c| c.code == l.category)
                .map(|c| c.name(lang).to_owned())
                .unwrap_or_default(),
            status_key: l.status().label_key(),
            // Only a version staff approved, never the letter as sent; and
            // phone and identity numbers masked in all public text.
            text: l
                .public_body
                .as_deref()
                .map(|t| excerpt(&mask_personal_numbers(t), BOARD_EXCERPT))
                .unwrap_or_default(),
            date: date(l.created_at),
            supports: l.support_count,
            id: l.id,
            reply,
            project,
        });
    }
    Ok(rows)
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
