//! Evidence files of opinions staff enter (a scanned paper form, a meeting's
//! sign-in sheet): read from the opinion form, cleaned and stored through
//! the shared upload pipeline (JPEG/PNG only, re-encoded, EXIF and GPS
//! dropped, kept outside the web root), and served only to staff of the
//! project's area.

use std::collections::HashMap;

use actix_web::web::{self, BytesMut};
use actix_web::{HttpMessage, HttpRequest, HttpResponse};
use futures_util::StreamExt;

use crate::db::{opinion_evidence, opinions};
use crate::renovation::projects::scoped;
use crate::uploads::{Folder, PhotoError, Staged};
use crate::web::auth::PlaceManager;
use crate::web::error::AppError;
use crate::web::files;
use crate::web::multipart;
use crate::web::state::AppState;

/// A plain form without a file is small; this bounds it.
const URLENCODED_LIMIT: usize = 64 * 1024;

/// The posted fields and the chosen file's bytes. The page posts multipart
/// (it may carry a file); a urlencoded post still works without one.
pub async fn read_form(
    req: &HttpRequest,
    mut payload: web::Payload,
) -> Result<(HashMap<String, String>, Option<Vec<u8>>), AppError> {
    if req.content_type() == "multipart/form-data" {
        let parts = multipart::read(req, payload).await?;
        let file = multipart::file(&parts, "evidence_file").map(|p| p.data.clone());
        let fields = parts
            .into_iter()
            .filter(|p| p.filename.is_none())
            .filter_map(|p| Some((p.name, String::from_utf8(p.data).ok()?)))
            .collect();
        return Ok((fields, file));
    }
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| AppError::BadRequest)?;
        if body.len() + chunk.len() > URLENCODED_LIMIT {
            return Err(AppError::PayloadTooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).map_err(|_| AppError::BadRequest)?;
    Ok((pairs.into_iter().collect(), None))
}

/// Checks and writes the file off the async workers; Ok(Err) names the
/// problem for the form. Nothing is written when the check fails.
pub async fn store(state: &AppState, raw: Vec<u8>) -> Result<Result<Staged, PhotoError>, AppError> {
    match files::clean_one(state, raw).await? {
        Ok(clean) => Ok(Ok(files::stage(state, Folder::Opinions, vec![clean]).await?)),
        Err(e) => Ok(Err(e)),
    }
}

/// The file of an opinion of a project in the viewer's area (403 outside).
pub async fn serve(
    PlaceManager(user): PlaceManager,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (project_id, opinion_id) = path.into_inner();
    let scope = user.renovation_scope();
    let evidence = state
        .db(move |conn| {
            let project = scoped(conn, &scope, &project_id)?;
            let opinion = opinions::find(conn, &opinion_id)?
                .filter(|o| o.project_id == project.id)
                .ok_or(AppError::NotFound)?;
            opinion_evidence::find(conn, &opinion.id)?.ok_or(AppError::NotFound)
        })
        .await?;
    // Forms and sign-in sheets carry names.
    files::serve(&state, Folder::Opinions, evidence.stored_name, evidence.mime).await
}
