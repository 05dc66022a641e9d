//! The follow-up visit (回访) form, `/staff/cases/{id}/follow-ups`: date,
//! visitor, method, performance found, satisfaction 1–5, remaining risk and
//! measures, each with its error beside it.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::change::{CaseRequest, Seen, conflict, done};
use super::view;
use crate::dates::{china_day, date};
use crate::db::now_ts;
use crate::domain::follow_up::{FollowUpInput, Performance, VisitMethod};
use crate::mediation::actions::may_record;
use crate::mediation::{ChangeOutcome, details};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, FieldErrors, vocabulary_choices};
use crate::web::render;

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
async fn load(r: &CaseRequest) -> Result<(String, Seen), AppError> {
    let form = r.form_view().await?;
    if !may_record(&form.access.actor) {
        return Err(AppError::forbidden());
    }
    let seen = Seen {
        version: form.case.version.to_string(),
        seen_event: form.last_event,
    };
    Ok((view::title(&r.ctx, &form.case), seen))
}

pub async fn form(r: CaseRequest) -> Result<HttpResponse, AppError> {
    let (title, seen) = load(&r).await?;
    // Most visits are recorded the day they happen, by the one who made them.
    let input = FollowUpInput {
        visited_on: date(now_ts()),
        visitor: r.user.display_name.clone(),
        ..Default::default()
    };
    render::page(&FollowUpPage::new(r.ctx, r.case_id, title, input, seen))
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

pub async fn save(r: CaseRequest, form: web::Form<VisitForm>) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let (title, _) = load(&r).await?;
    let input = FollowUpInput {
        visited_on: form.visited_on,
        visitor: form.visitor,
        method: form.method,
        performance: form.performance,
        satisfaction: form.satisfaction,
        remaining_risk: form.remaining_risk,
        measures: form.measures,
    };
    let mut page = FollowUpPage::new(
        r.ctx.clone(),
        r.case_id.clone(),
        title,
        input.clone(),
        form.seen.clone(),
    );
    let visit = match input.parse(china_day(now_ts())) {
        Ok(visit) => visit,
        Err(problems) => {
            for (field, key) in problems {
                page.errors.add(field, key);
            }
            return render::page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let outcome = r
        .run(
            form.seen,
            Box::new(move |conn, change| details::add_follow_up(conn, change, visit)),
        )
        .await?;
    match outcome {
        ChangeOutcome::Done(()) => Ok(done(&r.case_id, "follow-ups")),
        ChangeOutcome::Conflict(events) => conflict(page.ctx, r.case_id, events),
        ChangeOutcome::NotPermitted(_) => Err(AppError::forbidden()),
        // A visit before the case was registered: the error sits at its date.
        ChangeOutcome::Refused(key @ "date.error.before_registration") => {
            page.errors.add("visited_on", key);
            render::page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        ChangeOutcome::Refused(key) => {
            page.error = page.ctx.t(key);
            render::page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}
