//! One case: facts, parties, team, records, the next steps this user may
//! take, and the full timeline.

use crate::domain::case_file;
use crate::domain::transition_form::{self, StepForm};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::agreement_view::{self, AgreementView, TermDraft};
use super::viewer;
use crate::dates::{date, datetime};
use crate::db::case_events::{self, CaseEvent};
use crate::db::case_parties::{self, Party};
use crate::db::case_records::{self, CaseRecord};
use crate::db::cases::{self, Case};
use crate::db::judicial::{self, JudicialConfirmation};
use crate::db::{audit, users};
use crate::domain::archive_items::as_needed_on_file;
use crate::domain::id_number::mask_id_number;
use crate::domain::masking::{mask_name, mask_phone};
use crate::domain::mediation::{Consent, JudicialResult, NotAcceptedReason, RecordKind, RiskLevel};
use crate::domain::mediation_workflow::{self as workflow, CaseState};
use crate::domain::role::{MediatorLevel, Role};
use crate::mediation::access::access;
use crate::mediation::details::{self, CaseDetails};
use crate::mediation::transitions::{TransitionInput, archive_items_on_file};
use crate::web::auth::{SessionUser, Staff, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, choices, vocabulary_choices};
use crate::web::render;
use crate::web::state::AppState;

pub struct PartyRow {
    pub id: String,
    pub role_key: &'static str,
    pub name: String,
    pub phone: String,
    pub served: bool,
    pub consent: Consent,
    /// The consent select, with the recorded answer chosen.
    pub consents: Vec<crate::web::forms::Choice>,
    /// Masked, or in full on the audited unmasked view; "" when not recorded.
    pub id_number: String,
    /// Sex, age, occupation, address and agent, as one shows them.
    pub extra: super::detail::PartyExtra,
}

/// One line of the timeline.
pub struct EventRow {
    pub at: String,
    pub actor: String,
    pub label_key: String,
    pub note: String,
    pub from_key: String,
}

pub fn event_rows(events: Vec<CaseEvent>) -> Vec<EventRow> {
    let state_key = |s: &Option<CaseState>| s.map(|s| s.label_key().to_owned()).unwrap_or_default();
    events
        .into_iter()
        .map(|e| EventRow {
            at: datetime(e.at),
            label_key: if e.to_state.is_some() {
                state_key(&e.to_state)
            } else {
                e.kind.label_key().to_owned()
            },
            from_key: state_key(&e.from_state),
            actor: e.actor_label,
            note: e.note,
        })
        .collect()
}

pub struct Step {
    pub to: CaseState,
    pub label_key: &'static str,
    pub form: StepForm,
    /// A step back from a review: the form asks why.
    pub needs_return_reason: bool,
}

/// What the case file may receive now, from `domain::case_file`: the page
/// offers exactly what the write path accepts.
pub struct FileActions {
    /// Record kinds the generic record form offers.
    pub record_kinds: Vec<RecordKind>,
    pub judicial: bool,
    /// Risk, escalation, hold and extension can still change.
    pub flags: bool,
    pub follow_up: bool,
    pub performance: bool,
    pub drafting: bool,
    pub report: bool,
}

impl FileActions {
    fn new(state: CaseState, can_edit: bool, can_record: bool) -> Self {
        FileActions {
            record_kinds: if can_record {
                case_file::record_kinds_in(state)
            } else {
                Vec::new()
            },
            judicial: can_edit && case_file::judicial_allowed(state),
            flags: can_edit && case_file::is_editable(state),
            follow_up: case_file::follow_up_allowed(state),
            performance: case_file::performance_open(state),
            drafting: can_record && case_file::agreement_drafting_allowed(state),
            report: transition_form::report_printable(state),
        }
    }
}

#[derive(Template)]
#[template(path = "staff/cases/page.html")]
pub struct CasePage {
    pub ctx: PageCtx,
    pub case: Case,
    pub state_key: &'static str,
    pub type_key: &'static str,
    pub source_key: &'static str,
    pub created: String,
    pub deadline: String,
    pub overdue: bool,
    pub parties: Vec<PartyRow>,
    pub unmasked: bool,
    pub lead: String,
    pub mentor: String,
    pub records: Vec<CaseRecord>,
    pub agreements: Vec<AgreementView>,
    /// The term form as last sent (empty unless shown again with errors).
    pub term_draft: TermDraft,
    /// Parties a term can bind, and team mediators who can sign.
    pub obligors: Vec<Choice>,
    pub team_mediators: Vec<Choice>,
    pub judicial: Vec<JudicialConfirmation>,
    /// Follow-up visits, performance status and proofs.
    pub details: CaseDetails,
    pub events: Vec<EventRow>,
    pub last_event: String,
    pub steps: Vec<Step>,
    pub can_edit: bool,
    pub can_record: bool,
    pub file: FileActions,
    pub missing_archive: Vec<String>,
    /// As-needed archive items on file (investigation, proofs, follow-up).
    pub as_needed_archive: Vec<String>,
    pub mediators: Vec<Choice>,
    pub seniors: Vec<Choice>,
    pub reasons: Vec<Choice>,
    pub risks: Vec<Choice>,
    pub judicial_results: Vec<Choice>,
    /// A refused action: (form key, message), shown at that form.
    pub error: (String, String),
}

impl CasePage {
    pub fn error_for(&self, form: impl AsRef<str>) -> String {
        let form = form.as_ref();
        if self.error.0 == form {
            self.error.1.clone()
        } else {
            String::new()
        }
    }
}

/// The page with personal data masked. A GET never unmasks: a link from
/// another site must not make the user's browser write an audit row.
pub async fn show(
    req: HttpRequest,
    ctx: PageCtx,
    Staff(user): Staff,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let page = load(&req, ctx, &user, &state, path.into_inner(), false).await?;
    render::page(&page)
}

/// The audited unmasked view: a POST with the CSRF token.
pub async fn unmask(
    req: HttpRequest,
    ctx: PageCtx,
    Staff(user): Staff,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let page = load(&req, ctx, &user, &state, path.into_inner(), true).await?;
    render::page(&page)
}

/// Builds the page; also used to show it again with an error.
pub async fn load(
    req: &HttpRequest,
    ctx: PageCtx,
    user: &SessionUser,
    state: &AppState,
    case_id: String,
    unmask: bool,
) -> Result<CasePage, AppError> {
    let viewer = viewer(user);
    let actor = audit_actor(req, Some(user));
    let cipher = crate::auth::field_crypto::FieldCipher::from_secret(&state.secret);
    let data = state
        .db(move |conn| {
            let case = cases::find(conn, &case_id)?.ok_or_else(AppError::not_found)?;
            let access = access(conn, &viewer, &case)?;
            if !access.can_view {
                return Err(AppError::forbidden());
            }
            if unmask {
                audit::record(conn, &actor, "case.unmask", Some(("case", &case.id)), "parties")?;
            }
            let name_of = |conn: &mut _, id: &Option<String>| -> Result<String, AppError> {
                Ok(match id {
                    Some(id) => users::find(conn, id)?.map(|u| u.display_name).unwrap_or_default(),
                    None => String::new(),
                })
            };
            let lead = name_of(conn, &case.lead_mediator_id)?;
            let mentor = name_of(conn, &case.mentor_id)?;
            let parties = case_parties::for_case(conn, &case.id)?;
            let ids = parties
                .iter()
                .filter(|p| !p.id_number_enc.is_empty())
                .map(|p| (p.id.clone(), cipher.open(&p.id_number_enc).unwrap_or_default()))
                .collect();
            let (missing, as_needed) = if case.state() == CaseState::ClosureReview {
                let on_file = archive_items_on_file(conn, &case, &TransitionInput::default(), &parties)
                    .map_err(AppError::internal)?;
                let agreement_reached = workflow::agreement_reached(case.previous_state);
                (
                    workflow::missing_archive_items(&on_file, agreement_reached),
                    as_needed_on_file(&on_file),
                )
            } else {
                (Vec::new(), Vec::new())
            };
            let mut team = Vec::new();
            let co = cases::co_mediators(conn, &case.id)?;
            for id in case
                .lead_mediator_id
                .iter()
                .chain(co.iter())
                .chain(case.mentor_id.iter())
            {
                team.push((id.clone(), name_of(conn, &Some(id.clone()))?));
            }
            let mediators = users::list_all(conn, 2000)?
                .into_iter()
                .filter(|u| u.role() == Role::Mediator && !u.disabled)
                .collect::<Vec<_>>();
            Ok(Loaded {
                records: case_records::for_case(conn, &case.id)?,
                agreements: agreement_view::load(conn, &case, &parties, unmask)?,
                team,
                judicial: judicial::for_case(conn, &case.id)?,
                details: details::case_details(conn, &case.id)?,
                events: case_events::for_case(conn, &case.id)?,
                case,
                access,
                parties,
                lead,
                mentor,
                missing,
                as_needed,
                mediators,
                ids,
            })
        })
        .await?;
    Ok(build(ctx, data, unmask))
}

struct Loaded {
    case: Case,
    access: crate::mediation::access::CaseAccess,
    parties: Vec<Party>,
    lead: String,
    mentor: String,
    records: Vec<CaseRecord>,
    agreements: Vec<AgreementView>,
    /// (user id, name) of the lead, co-mediators and mentor.
    team: Vec<(String, String)>,
    judicial: Vec<JudicialConfirmation>,
    details: CaseDetails,
    events: Vec<CaseEvent>,
    missing: Vec<String>,
    as_needed: Vec<String>,
    mediators: Vec<users::User>,
    /// (party id, identity number opened from its sealed form).
    ids: Vec<(String, String)>,
}

fn build(ctx: PageCtx, d: Loaded, unmask: bool) -> CasePage {
    let now = crate::db::now_ts();
    let state = d.case.state();
    let actor = &d.access.actor;
    let may_fire = workflow::may_fire(state, actor);
    let steps = if may_fire {
        workflow::allowed_targets(state)
            .iter()
            .map(|to| Step {
                to: *to,
                label_key: to.label_key(),
                form: transition_form::step_form(state, *to),
                needs_return_reason: transition_form::is_return(state, *to),
            })
            .collect()
    } else {
        Vec::new()
    };
    let can_edit = case_file::may_edit(actor);
    let can_record = case_file::may_record(actor);
    let parties = d
        .parties
        .iter()
        .map(|p| PartyRow {
            id: p.id.clone(),
            role_key: p.party_role.label_key(),
            name: if unmask { p.name.clone() } else { mask_name(&p.name) },
            phone: if unmask { p.phone.clone() } else { mask_phone(&p.phone) },
            served: p.rights_notice_served,
            consent: p.consent,
            consents: crate::web::forms::vocabulary_choices::<Consent>(&ctx, p.consent.code()),
            id_number: d
                .ids
                .iter()
                .find(|(id, _)| *id == p.id)
                .map(|(_, n)| if unmask { n.clone() } else { mask_id_number(n) })
                .unwrap_or_default(),
            extra: super::detail::party_extra(&ctx, p, unmask),
        })
        .collect();
    let mediator_choice = |u: &users::User| {
        (
            u.id.clone(),
            format!(
                "{} · {}",
                u.display_name,
                ctx.t(u.level().map_or("role.mediator", MediatorLevel::label_key))
            ),
        )
    };
    let mediators = choices(
        d.mediators.iter().map(mediator_choice),
        d.case.lead_mediator_id.as_deref().unwrap_or(""),
    );
    let seniors = choices(
        d.mediators
            .iter()
            .filter(|u| u.level() == Some(MediatorLevel::Senior))
            .map(mediator_choice),
        d.case.mentor_id.as_deref().unwrap_or(""),
    );
    CasePage {
        state_key: state.label_key(),
        type_key: d.case.dispute_type.label_key(),
        source_key: d.case.source.label_key(),
        created: datetime(d.case.created_at),
        deadline: d.case.deadline_at.map(date).unwrap_or_default(),
        overdue: d.case.is_overdue(now),
        last_event: d.events.last().map(|e| e.id.clone()).unwrap_or_default(),
        events: event_rows(d.events),
        reasons: choices(
            NotAcceptedReason::ALL.iter().map(|r| (r.code(), ctx.t(r.label_key()))),
            "",
        ),
        risks: vocabulary_choices::<RiskLevel>(&ctx, d.case.risk_level.map_or("", RiskLevel::code)),
        judicial_results: vocabulary_choices::<JudicialResult>(&ctx, ""),
        obligors: choices(
            d.parties.iter().map(|p| {
                let name = if unmask { p.name.clone() } else { mask_name(&p.name) };
                let role = ctx.t(format!("party.role.{}", p.party_role));
                (p.id.clone(), format!("{role} {name}"))
            }),
            "",
        ),
        team_mediators: choices(d.team.iter().map(|(id, name)| (id.clone(), name.clone())), ""),
        term_draft: TermDraft::default(),
        case: d.case,
        parties,
        unmasked: unmask,
        lead: d.lead,
        mentor: d.mentor,
        records: d.records,
        agreements: d.agreements,
        judicial: d.judicial,
        details: d.details,
        steps,
        file: FileActions::new(state, can_edit, can_record),
        can_edit,
        can_record,
        missing_archive: d.missing,
        as_needed_archive: d.as_needed,
        mediators,
        seniors,
        error: (String::new(), String::new()),
        ctx,
    }
}
