//! Photos of a letter, served only to those who may handle the letter.

use actix_web::http::header;
use actix_web::{HttpResponse, web};

use super::{mailbox_error, viewer};
use crate::db::letter_photos;
use crate::mailbox::{actions, photos};
use crate::web::auth::LetterDesk;
use crate::web::error::AppError;
use crate::web::state::AppState;

pub async fn photo(
    LetterDesk(user): LetterDesk,
    state: web::Data<AppState>,
    path: web::Path<(String, i32)>,
) -> Result<HttpResponse, AppError> {
    let (id, position) = path.into_inner();
    let v = viewer(&user);
    let photo = state
        .db(move |conn| {
            let letter = actions::load_for(conn, &v, &id).map_err(mailbox_error)?;
            letter_photos::find(conn, &letter.id, position)?.ok_or(AppError::NotFound)
        })
        .await?;
    let uploads = state.uploads_dir.clone();
    let name = photo.stored_name.clone();
    let bytes = crate::web::state::block(move || photos::read(&uploads, &name))
        .await?
        .map_err(AppError::internal)?;
    // Private: personal photos must not sit in shared caches.
    Ok(HttpResponse::Ok()
        .content_type(photo.mime)
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .insert_header((header::CONTENT_DISPOSITION, "inline"))
        .body(bytes))
}
