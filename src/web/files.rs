//! The web side of [`crate::uploads`]: its blocking steps run off the async
//! workers, and stored files are served back privately.

use actix_web::HttpResponse;
use actix_web::http::header;

use super::error::AppError;
use super::state::{AppState, block};
use crate::uploads::{CleanPhoto, Folder, PhotoError, Staged};

/// Checks and re-encodes uploads through the image gate, in order.
pub async fn clean(state: &AppState, raws: Vec<Vec<u8>>) -> Result<Vec<Result<CleanPhoto, PhotoError>>, AppError> {
    let gate = state.image_gate.clone();
    Ok(block(move || raws.iter().map(|raw| gate.clean(raw)).collect()).await?)
}

/// [`clean`] for a form with one file.
pub async fn clean_one(state: &AppState, raw: Vec<u8>) -> Result<Result<CleanPhoto, PhotoError>, AppError> {
    let gate = state.image_gate.clone();
    Ok(block(move || gate.clean(&raw)).await?)
}

/// Writes cleaned photos before the transaction that records them; see
/// [`Staged`] for what happens to them when it does not commit.
pub async fn stage(state: &AppState, folder: Folder, photos: Vec<CleanPhoto>) -> Result<Staged, AppError> {
    let uploads = state.uploads_dir.clone();
    block(move || Staged::write(&uploads, folder, &photos))
        .await?
        .map_err(AppError::internal)
}

/// Copies stored files into another folder before the transaction that
/// records the copies; see [`Staged::copy`].
pub async fn copy(
    state: &AppState,
    from: Folder,
    to: Folder,
    stored: Vec<crate::uploads::StoredFile>,
) -> Result<Staged, AppError> {
    let uploads = state.uploads_dir.clone();
    block(move || Staged::copy(&uploads, from, to, &stored))
        .await?
        .map_err(AppError::internal)
}

/// A stored file as the response body. The caller has checked that the user
/// may see its owner, and `stored_name` and `mime` come from the owner's row.
/// Private: residents' photos, sign-in sheets and bank screenshots carry
/// personal data and must not sit in shared caches.
pub async fn serve(
    state: &AppState,
    folder: Folder,
    stored_name: String,
    mime: String,
) -> Result<HttpResponse, AppError> {
    let uploads = state.uploads_dir.clone();
    let bytes = block(move || crate::uploads::read(&uploads, folder, &stored_name))
        .await?
        .map_err(AppError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type(mime)
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .insert_header((header::CONTENT_DISPOSITION, "inline"))
        .body(bytes))
}
