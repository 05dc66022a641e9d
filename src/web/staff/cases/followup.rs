//! The follow-up visit (回访) form, `/staff/cases/{id}/follow-ups`: date,
//! visitor, method, performance found, satisfaction 1–5, remaining risk and
//! measures, each with its error beside it.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::actions::{Seen, conflict};
use super::detail::{self, change, done, form_view};
use crate::dates::{china_day, date};
use crate::db::now_ts;
use crate::domain::follow_up::{FollowUpInput, Performance, VisitMethod};
use crate::mediation::actions::may_record;
use crate::mediation::{ChangeOutcome, details};
use crate::web::auth::{SessionUser, Staff};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, FieldErrors, vocabulary_choices};
use crate::web::render;
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "staff/cases/follow_up.html")]
struct FollowUpPage {
    ctx: PageCtx,
    case_id: String,
    title: String,
    form: FollowUpInput,
    errors: FieldErrors,
    seen: Seen,
    methods: Vec<Choice>,
    performances: Vec<Choice>,
    error: String,
}

impl FollowUpPage {
    fn new(ctx: PageCtx, case_id: String, title: String, form: FollowUpInput, seen: Seen) -> Self {
        FollowUpPage {
            methods: vocabulary_choices::<VisitMethod>(&ctx, &form.method),
            performances: vocabulary_choices::<Performance>(&ctx, &form.performance),
            errors: FieldErrors::new(ctx.lang),
            error: String::new(),
            case_id,
            title,
            form,
            seen,
            ctx,
        }
    }
}

/// The case's title and version; 403 unless the user is on the team.
async fn load(state: &AppState, user: &SessionUser, ctx: &PageCtx, case_id: &str) -> Result<(String, Seen), AppError> {
    let view = form_view(state, user, case_id).await?;
    if !may_record(&view.access.actor) {
        return Err(AppError::forbidden());
    }
    let seen = Seen {
        version: view.case.version.to_string(),
        seen_event: view.last_event,
    };
    Ok((detail::title(ctx, &view.case), seen))
}

pub async fn form(
    ctx: PageCtx,
    Staff(user): Staff,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let case_id = path.into_inner();
    let (title, seen) = load(&state, &user, &ctx, &case_id).await?;
    // Most visits are recorded the day they happen, by the one who made them.
    let input = FollowUpInput {
        visited_on: date(now_ts()),
        visitor: user.display_name.clone(),
        ..Default::default()
    };
    render::page(&FollowUpPage::new(ctx, case_id, title, input, seen))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct VisitForm {
    #[serde(flatten)]
    seen: Seen,
    visited_on: String,
    visitor: String,
    method: String,
    performance: String,
    satisfaction: String,
    remaining_risk: String,
    measures: String,
}

pub async fn save(
    req: HttpRequest,
    ctx: PageCtx,
    Staff(user): Staff,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<VisitForm>,
) -> Result<HttpResponse, AppError> {
    let case_id = path.into_inner();
    let form = form.into_inner();
    let (title, _) = load(&state, &user, &ctx, &case_id).await?;
    let input = FollowUpInput {
        visited_on: form.visited_on,
        visitor: form.visitor,
        method: form.method,
        performance: form.performance,
        satisfaction: form.satisfaction,
        remaining_risk: form.remaining_risk,
        measures: form.measures,
    };
    let mut page = FollowUpPage::new(ctx, case_id.clone(), title, input.clone(), form.seen.clone());
    let visit = match input.parse(china_day(now_ts())) {
        Ok(visit) => visit,
        Err(problems) => {
            for (field, key) in problems {
                page.errors.add(field, key);
            }
            return render::page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let outcome = change(
        &req,
        &user,
        &state,
        &case_id,
        form.seen,
        Box::new(move |conn, change| details::add_follow_up(conn, change, visit)),
    )
    .await?;
    match outcome {
        ChangeOutcome::Done(()) => Ok(done(&case_id, "follow-ups")),
        ChangeOutcome::Conflict(events) => conflict(page.ctx, case_id, events),
        ChangeOutcome::Refused(key) => {
            page.error = page.ctx.t(key);
            render::page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}
