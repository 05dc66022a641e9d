//! The mailbox form (群众信箱): a letter with up to three photos, no account
//! needed, and its receipt code, shown once after COMMIT.

use super::follow_up::FollowUp;
use crate::domain::place::PlaceKind;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::db::{form_tokens, letter_categories, places};
use crate::domain::letters::{CompoundArea, Known, LetterForm, MAX_PHOTOS};
use crate::domain::role::Role;
use crate::mailbox::submit::{self, Submission};
use crate::receipts::{new_form_token, receipt_for_token};
use crate::uploads::{CleanPhoto, Folder, PhotoError};
use crate::web::auth::audit_actor;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::files;
use crate::web::forms::{Choice, FieldErrors, bind_form_token, choices};
use crate::web::multipart::{self, Part};
use crate::web::render;
use crate::web::shared::places::community_label;
use crate::web::state::AppState;

const PHOTO_FIELDS: [&str; MAX_PHOTOS] = ["photo_1", "photo_2", "photo_3"];

#[derive(Template)]
#[template(path = "public/letter_new.html")]
struct LetterNewPage {
    ctx: PageCtx,
    form: LetterForm,
    errors: FieldErrors,
    categories: Vec<Choice>,
    /// Compounds grouped by "street · community" (an `<optgroup>` each).
    compound_groups: Vec<(String, Vec<Choice>)>,
    /// Files cannot be put back into a form: ask to choose them again.
    photos_again: bool,
    photo_slots: [(&'static str, &'static str); MAX_PHOTOS],
}

#[derive(Template)]
#[template(path = "public/letter_receipt.html")]
struct LetterReceiptPage {
    ctx: PageCtx,
    follow: FollowUp,
}

impl LetterReceiptPage {
    fn new(req: &HttpRequest, ctx: PageCtx, receipt_code: &str) -> Self {
        let follow = FollowUp::new(req, &ctx, receipt_code);
        LetterReceiptPage { ctx, follow }
    }
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

/// One `<optgroup>` per community (or street, for compounds outside any).
fn compound_groups(compounds: &[places::CompoundRow], selected: &str) -> Vec<(String, Vec<Choice>)> {
    let mut groups: Vec<(String, Vec<Choice>)> = Vec::new();
    for c in compounds {
        let label = match c.community_name.is_empty() {
            true => c.street_name.clone(),
            false => community_label(&c.street_name, &c.community_name),
        };
        let choice = Choice {
            value: c.id.clone(),
            label: c.name.clone(),
            selected: c.id == selected,
        };
        match groups.last_mut() {
            Some((last, list)) if *last == label => list.push(choice),
            _ => groups.push((label, vec![choice])),
        }
    }
    groups
}

pub async fn new_form(ctx: PageCtx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let form = LetterForm {
        form_token: new_form_token(),
        ..Default::default()
    };
    let places = load_places(&state, "").await?;
    let errors = FieldErrors::new(ctx.lang);
    show(ctx, &places, form, errors, false, StatusCode::OK)
}

fn show(
    ctx: PageCtx,
    places: &Places,
    form: LetterForm,
    errors: FieldErrors,
    photos_again: bool,
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
    let compound_groups = compound_groups(&places.compounds, form.compound_id.trim());
    let page = LetterNewPage {
        ctx,
        form,
        errors,
        categories,
        compound_groups,
        photos_again,
        photo_slots: [
            ("photo_1", "letter.new.photo_1"),
            ("photo_2", "letter.new.photo_2"),
            ("photo_3", "letter.new.photo_3"),
        ],
    };
    render::page_with_status(status, &page)
}

fn form_of(parts: &[Part]) -> LetterForm {
    let field = |name| multipart::text(parts, name);
    LetterForm {
        category: field("category"),
        compound_id: field("compound_id"),
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
    let parsed = form.parse(&places);
    if let Err(problems) = &parsed {
        for &(field, key) in problems {
            errors.add(field, key);
        }
    }
    let mut clean = Vec::new();
    for (field, result) in clean_photos(&state, &parts).await? {
        match result {
            Ok(photo) => clean.push(photo),
            Err(e) => errors.add(field, e.key()),
        }
    }
    let input = match parsed {
        Ok(input) if errors.is_empty() => input,
        _ => {
            let again = !clean.is_empty() || PHOTO_FIELDS.iter().any(|f| !errors.get(f).is_empty());
            return show(ctx, &places, form, errors, again, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let receipt_code = receipt_for_token(&state.secret, &bound.binding, &form.form_token);
    // A re-post of a form this browser sent shows its code again and writes
    // no files; from another browser the same token is another form.
    if token_used(&state, &bound.key).await? {
        return render::page(&LetterReceiptPage::new(&req, ctx, &receipt_code));
    }
    let staged = files::stage(&state, Folder::Letters, clean).await?;
    let stored = staged.files().to_vec();
    let actor = audit_actor(&req, ctx.user.as_ref());
    let submitted_by = ctx
        .user
        .as_ref()
        .filter(|u| u.role == Role::Resident)
        .map(|u| u.id.clone());
    let (token, code) = (bound.key.clone(), receipt_code.clone());
    let result = state
        .db(move |conn| {
            let submission = Submission {
                input: &input,
                photos: &stored,
                form_token: &token,
                receipt_code: &code,
                submitted_by: submitted_by.as_deref(),
                actor: &actor,
            };
            Ok(submit::submit(conn, submission)?)
        })
        .await;
    match &result {
        Ok(done) if !done.repeated => staged.keep(),
        // Nothing of this attempt was committed: its files go too.
        _ => drop(staged),
    }
    // Two clicks racing on PostgreSQL: the loser hits the token's UNIQUE
    // constraint; the winner's letter is stored, so show the same code.
    if let Err(e) = result {
        if !token_used(&state, &bound.key).await? {
            return Err(e);
        }
    }
    render::page(&LetterReceiptPage::new(&req, ctx, &receipt_code))
}

async fn token_used(state: &AppState, token: &str) -> Result<bool, AppError> {
    let token = token.to_owned();
    let found = state.db(move |conn| Ok(form_tokens::find(conn, &token)?)).await?;
    Ok(found.is_some())
}
