//! The letter form's kept photos (issue 14 item 4): stored when the form is
//! refused or only changed (a photo removed, a place picked), shown as
//! thumbnails, and served only to the browser that sent them: the token key
//! mixes the form token with this browser's session, so the same token from
//! another browser names no photos.

use actix_web::{HttpRequest, HttpResponse, web};

use crate::db::letter_pending_photos::PendingPhoto;
use crate::domain::letters::MAX_PHOTOS;
use crate::mailbox::pending;
use crate::uploads::{CleanPhoto, Folder};
use crate::web::error::AppError;
use crate::web::files;
use crate::web::forms::bind_form_token;
use crate::web::state::AppState;

/// A kept photo as the form shows it.
pub struct Kept {
    pub id: String,
    /// 1-based, for the thumbnail's text alternative and the remove button.
    pub n: usize,
    pub url: String,
}

pub fn shown(form_token: &str, photos: &[PendingPhoto]) -> Vec<Kept> {
    photos
        .iter()
        .enumerate()
        .map(|(i, p)| Kept {
            id: p.id.clone(),
            n: i + 1,
            url: format!("/letters/new/photos/{form_token}/{}", p.id),
        })
        .collect()
}

pub async fn of_form(state: &AppState, key: &str) -> Result<Vec<PendingPhoto>, AppError> {
    let key = key.to_owned();
    state.db(move |conn| Ok(pending::of_form(conn, &key)?)).await
}

/// Keeps `photos` for the form if they all fit next to those kept already;
/// false when they do not (nothing is kept then). Purges expired photos on
/// the way: this path is rare and its caller already writes.
pub async fn keep(state: &AppState, key: &str, photos: Vec<CleanPhoto>) -> Result<bool, AppError> {
    if photos.is_empty() {
        return Ok(true);
    }
    let count = photos.len();
    if of_form(state, key).await?.len() + count > MAX_PHOTOS {
        return Ok(false);
    }
    let staged = files::stage(state, Folder::Pending, photos).await?;
    let stored = staged.files().to_vec();
    let (key, uploads) = (key.to_owned(), state.uploads_dir.clone());
    let fitted = state
        .db(move |conn| {
            let fitted = pending::keep(conn, &key, &stored)?;
            if let Err(error) = pending::purge(conn, &uploads) {
                tracing::warn!(%error, "expired pending photos not purged");
            }
            Ok(fitted)
        })
        .await?;
    match fitted == count {
        true => staged.keep(),
        // A concurrent post of the same form took the slots first.
        false => drop(staged),
    }
    Ok(fitted == count)
}

pub async fn remove(state: &AppState, key: &str, id: &str) -> Result<(), AppError> {
    let (key, id, uploads) = (key.to_owned(), id.to_owned(), state.uploads_dir.clone());
    state
        .db(move |conn| Ok(pending::remove(conn, &uploads, &key, &id)?))
        .await
}

/// `GET /letters/new/photos/{token}/{id}`: a kept photo's thumbnail, for
/// the browser that sent the form only (404 for any other).
pub async fn thumbnail(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (token, id) = path.into_inner();
    let bound = bind_form_token(&req, &state.secret, &token).map_err(|_| AppError::NotFound)?;
    let photo = of_form(&state, &bound.key)
        .await?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(AppError::NotFound)?;
    files::serve(&state, Folder::Pending, photo.stored_name, photo.mime).await
}
