//! The mailbox form (群众信箱): a letter with up to three photos, no account
//! needed, and its receipt code, shown once after COMMIT.

use super::follow_up::FollowUp;
use super::kept_photos::{self, Kept};
use super::place_picker::{Chosen, Picker};
use crate::domain::place::PlaceKind;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::db::{form_tokens, letter_categories, places};
use crate::domain::letters::{CompoundArea, Known, LetterForm, MAX_PHOTOS};
use crate::domain::role::Role;
use crate::mailbox::submit::{self, Submission};
use crate::mailbox::views::public_status::{self as letter_status, LetterStatusView};
use crate::receipts::{new_form_token, receipt_for_token, receipt_hash};
use crate::uploads::{CleanPhoto, Folder, PhotoError};
use crate::web::auth::audit_actor;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::files;
use crate::web::forms::{Choice, FieldErrors, bind_form_token, choices};
use crate::web::multipart::{self, Part};
use crate::web::render;
use crate::web::state::AppState;

const PHOTO_FIELDS: [&str; MAX_PHOTOS] = ["photo_1", "photo_2", "photo_3"];
/// Numbered after the kept photos, so the first free input says "照片 2"
/// when one photo is kept.
const PHOTO_LABELS: [&str; MAX_PHOTOS] = ["letter.new.photo_1", "letter.new.photo_2", "letter.new.photo_3"];

#[derive(Template)]
#[template(path = "public/letter_new.html")]
struct LetterNewPage {
    ctx: PageCtx,
    form: LetterForm,
    errors: FieldErrors,
    categories: Vec<Choice>,
    /// Street → community → compound, narrowed by the choices so far.
    picker: Picker,
    /// A photo was refused: ask to choose that one again.
    photos_again: bool,
    /// Photos kept from earlier posts of this form, with remove buttons.
    kept: Vec<Kept>,
    /// File inputs for the photos still free (kept ones take a slot each).
    photo_slots: Vec<(&'static str, &'static str)>,
}

#[derive(Template)]
#[template(path = "public/letter_receipt.html")]
struct LetterReceiptPage {
    ctx: PageCtx,
    follow: FollowUp,
    /// What was sent and when to expect an answer (issue 14 item 3), as
    /// `/track` shows it.
    sent: Option<LetterStatusView>,
}

/// The receipt of the letter `receipt_code` opens (also for a re-post).
async fn receipt(
    req: &HttpRequest,
    ctx: PageCtx,
    state: &AppState,
    receipt_code: &str,
) -> Result<HttpResponse, AppError> {
    let hash = receipt_hash(receipt_code).unwrap_or_default();
    let sent = state
        .db(move |conn| Ok(letter_status::by_receipt(conn, &hash)?))
        .await?;
    let follow = FollowUp::new(req, &ctx, receipt_code);
    render::page(&LetterReceiptPage { ctx, follow, sent })
}

/// The categories and places a letter may name; `buildings` are those of
/// the compound that was posted, if any.
struct Places {
    categories: Vec<letter_categories::Category>,
    compounds: Vec<places::CompoundRow>,
    buildings: Vec<places::Place>,
}

impl Known for Places {
    fn category(&self, code: &str) -> bool {
        self.categories.iter().any(|c| c.code == code && c.active)
    }
    fn compound(&self, id: &str) -> Option<CompoundArea> {
        self.compounds.iter().find(|c| c.id == id).map(|c| CompoundArea {
            street_id: c.street_id.clone(),
            community_id: c.community_id.clone(),
        })
    }
    fn community_street(&self, id: &str) -> Option<String> {
        self.compounds
            .iter()
            .find(|c| c.community_id.as_deref() == Some(id))
            .map(|c| c.street_id.clone())
    }
    fn building_in(&self, compound: &str, name: &str) -> Option<String> {
        self.buildings
            .iter()
            .find(|b| b.kind == PlaceKind::Building && b.parent_id.as_deref() == Some(compound) && b.name == name)
            .map(|b| b.id.clone())
    }
}

async fn load_places(state: &AppState, compound: &str) -> Result<Places, AppError> {
    let compound = compound.trim().to_owned();
    state
        .db(move |conn| {
            let buildings = match compound.is_empty() {
                true => Vec::new(),
                false => places::children(conn, &compound)?,
            };
            // Retired places (and what lies in them) take no new letters.
            let hidden = crate::db::place_admin::hidden(conn)?;
            let mut compounds = places::compounds_with_area(conn)?;
            compounds.retain(|c| !hidden.contains(&c.id));
            let mut buildings = buildings;
            buildings.retain(|b| !hidden.contains(&b.id));
            Ok(Places {
                categories: letter_categories::all(conn)?,
                compounds,
                buildings,
            })
        })
        .await
}

pub async fn new_form(ctx: PageCtx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let form = LetterForm {
        form_token: new_form_token(),
        ..Default::default()
    };
    let places = load_places(&state, "").await?;
    let errors = FieldErrors::new(ctx.lang);
    show(ctx, &places, form, errors, Photos::default(), StatusCode::OK)
}

/// What the form shows about photos.
#[derive(Default)]
struct Photos {
    again: bool,
    kept: Vec<Kept>,
}

fn show(
    ctx: PageCtx,
    places: &Places,
    form: LetterForm,
    errors: FieldErrors,
    photos: Photos,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let categories = choices(
        places
            .categories
            .iter()
            .filter(|c| c.active)
            .map(|c| (c.code.clone(), c.name(ctx.lang).to_owned())),
        &form.category,
    );
    let chosen = Chosen {
        street: &form.street_id,
        community: &form.community_id,
        compound: form.compound_id.trim(),
        query: &form.compound_q,
    };
    let picker = Picker::new(&places.compounds, chosen);
    let page = LetterNewPage {
        ctx,
        form,
        errors,
        categories,
        picker,
        photos_again: photos.again,
        photo_slots: PHOTO_FIELDS
            .iter()
            .zip(PHOTO_LABELS)
            .skip(photos.kept.len())
            .map(|(f, l)| (*f, l))
            .collect(),
        kept: photos.kept,
    };
    render::page_with_status(status, &page)
}

fn form_of(parts: &[Part]) -> LetterForm {
    let field = |name| multipart::text(parts, name);
    LetterForm {
        category: field("category"),
        street_id: field("street_id"),
        community_id: field("community_id"),
        compound_id: field("compound_id"),
        compound_q: field("compound_q"),
        building: field("building"),
        place_detail: field("place_detail"),
        body: field("body"),
        contact_name: field("contact_name"),
        contact_phone: field("contact_phone"),
        consent: field("consent"),
        form_token: field("form_token"),
    }
}

/// Checks and re-encodes the chosen photos off the async workers.
async fn clean_photos(
    state: &AppState,
    parts: &[Part],
) -> Result<Vec<(&'static str, Result<CleanPhoto, PhotoError>)>, AppError> {
    let (fields, raws): (Vec<&'static str>, Vec<Vec<u8>>) = PHOTO_FIELDS
        .iter()
        .filter_map(|field| multipart::file(parts, field).map(|p| (*field, p.data.clone())))
        .unzip();
    Ok(fields.into_iter().zip(files::clean(state, raws).await?).collect())
}

/// What a post of the form asks for: to send the letter, or only to change
/// the form (remove a kept photo, pick a place) and show it again.
enum Intent {
    Send,
    Remove(String),
    Change,
}

fn intent(parts: &[Part]) -> Intent {
    let remove = multipart::text(parts, "remove_photo");
    match (remove.is_empty(), multipart::text(parts, "pick").is_empty()) {
        (false, _) => Intent::Remove(remove),
        (true, false) => Intent::Change,
        (true, true) => Intent::Send,
    }
}

pub async fn submit(
    req: HttpRequest,
    ctx: PageCtx,
    state: web::Data<AppState>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    crate::web::attempts::count_submission(&state, &req).await?;
    let parts = multipart::read(&req, payload).await?;
    let form = form_of(&parts);
    let bound = bind_form_token(&req, &state.secret, &form.form_token)?;
    let places = load_places(&state, &form.compound_id).await?;
    let mut errors = FieldErrors::new(ctx.lang);
    let mut clean = Vec::new();
    for (field, result) in clean_photos(&state, &parts).await? {
        match result {
            Ok(photo) => clean.push((field, photo)),
            Err(e) => errors.add(field, e.key()),
        }
    }
    let intent = intent(&parts);
    let parsed = form.parse(&places);
    let input = match (&intent, parsed) {
        (Intent::Send, Ok(input)) if errors.is_empty() => input,
        (intent, parsed) => {
            if let (Intent::Send, Err(problems)) = (intent, parsed) {
                for &(field, key) in &problems {
                    errors.add(field, key);
                }
            }
            if let Intent::Remove(id) = intent {
                kept_photos::remove(&state, &bound.key, id).await?;
            }
            let status = match intent {
                Intent::Send => StatusCode::UNPROCESSABLE_ENTITY,
                _ => StatusCode::OK,
            };
            return refuse(ctx, &state, &places, form, (&bound.key, clean), errors, status).await;
        }
    };
    let kept = kept_photos::of_form(&state, &bound.key).await?;
    if kept.len() + clean.len() > MAX_PHOTOS {
        errors.add("photos", "letter.error.photo_many");
        return refuse(
            ctx,
            &state,
            &places,
            form,
            (&bound.key, Vec::new()),
            errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let receipt_code = receipt_for_token(&state.secret, &bound.binding, &form.form_token);
    // A re-post of a form this browser sent shows its code again and writes
    // no files; from another browser the same token is another form.
    if token_used(&state, &bound.key).await? {
        return receipt(&req, ctx, &state, &receipt_code).await;
    }
    let kept_files: Vec<_> = kept.iter().map(|p| p.file()).collect();
    let kept_ids: Vec<String> = kept.iter().map(|p| p.id.clone()).collect();
    let copies = files::copy(&state, Folder::Pending, Folder::Letters, kept_files).await?;
    let staged = files::stage(&state, Folder::Letters, clean.into_iter().map(|(_, p)| p).collect()).await?;
    let stored: Vec<_> = copies.files().iter().chain(staged.files()).cloned().collect();
    let actor = audit_actor(&req, ctx.user.as_ref());
    let submitted_by = ctx
        .user
        .as_ref()
        .filter(|u| u.role == Role::Resident)
        .map(|u| u.id.clone());
    let (token, code, ids) = (bound.key.clone(), receipt_code.clone(), kept_ids);
    let result = state
        .db(move |conn| {
            let submission = Submission {
                input: &input,
                photos: &stored,
                pending_ids: &ids,
                form_token: &token,
                receipt_code: &code,
                submitted_by: submitted_by.as_deref(),
                actor: &actor,
            };
            Ok(submit::submit(conn, submission)?)
        })
        .await;
    match &result {
        Ok(done) if !done.repeated => {
            staged.keep();
            copies.keep();
            // The rows are gone with the letter's commit: now their files.
            let names: Vec<String> = kept.iter().map(|p| p.stored_name.clone()).collect();
            crate::uploads::remove(&state.uploads_dir, Folder::Pending, &names);
        }
        // Nothing of this attempt was committed: its files go too.
        _ => drop((staged, copies)),
    }
    // Two clicks racing on PostgreSQL: the loser hits the token's UNIQUE
    // constraint; the winner's letter is stored, so show the same code.
    if let Err(e) = result {
        if token_used(&state, &bound.key).await? {
            return receipt(&req, ctx, &state, &receipt_code).await;
        }
        let now: Vec<String> = kept_photos::of_form(&state, &bound.key)
            .await?
            .into_iter()
            .map(|p| p.id)
            .collect();
        if now == kept.iter().map(|p| p.id.clone()).collect::<Vec<_>>() {
            return Err(e);
        }
        // A kept photo changed under this post: show the form again.
        let mut errors = FieldErrors::new(ctx.lang);
        errors.add("photos", "letter.error.photos_changed");
        return refuse(
            ctx,
            &state,
            &places,
            form,
            (&bound.key, Vec::new()),
            errors,
            StatusCode::CONFLICT,
        )
        .await;
    }
    receipt(&req, ctx, &state, &receipt_code).await
}

/// Shows the form again, keeping the photos of this post that passed the
/// check (an error next to the first one when they no longer fit).
async fn refuse(
    ctx: PageCtx,
    state: &AppState,
    places: &Places,
    form: LetterForm,
    (key, clean): (&str, Vec<(&'static str, CleanPhoto)>),
    mut errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let fitted = kept_photos::keep(state, key, clean.into_iter().map(|(_, p)| p).collect()).await?;
    if !fitted {
        errors.add("photos", "letter.error.photo_many");
    }
    let again = PHOTO_FIELDS.iter().any(|f| !errors.get(f).is_empty());
    let kept = kept_photos::shown(&form.form_token, &kept_photos::of_form(state, key).await?);
    let status = match (status, errors.is_empty()) {
        (StatusCode::OK, false) => StatusCode::UNPROCESSABLE_ENTITY,
        (status, _) => status,
    };
    show(ctx, places, form, errors, Photos { again, kept }, status)
}

async fn token_used(state: &AppState, token: &str) -> Result<bool, AppError> {
    let token = token.to_owned();
    let found = state.db(move |conn| Ok(form_tokens::find(conn, &token)?)).await?;
    Ok(found.is_some())
}
