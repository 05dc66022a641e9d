//! Photos of a letter, served only to those who may handle the letter.

use actix_web::{HttpResponse, web};

use crate::db::letter_photos;
use crate::mailbox::actions;
use crate::uploads::Folder;
use crate::web::auth::LetterDesk;
use crate::web::error::AppError;
use crate::web::files;
use crate::web::state::AppState;

pub async fn photo(
    LetterDesk(user): LetterDesk,
    state: web::Data<AppState>,
    path: web::Path<(String, i32)>,
) -> Result<HttpResponse, AppError> {
    let (id, position) = path.into_inner();
    let v = user.viewer();
    let photo = state
        .db(move |conn| {
            let letter = actions::load_for(conn, &v, &id).map_err(AppError::from)?;
            letter_photos::find(conn, &letter.id, position)?.ok_or(AppError::NotFound)
        })
        .await?;
    // Personal photos.
    files::serve(&state, Folder::Letters, photo.stored_name, photo.mime).await
}
