//! The case page as one view: facts, parties, team, records, the next steps
//! this user may take, and the full timeline. Built from the use-case
//! layer's case file, already masked or revealed; this module only formats.

use std::collections::HashMap;

use actix_web::HttpRequest;
use askama::Template;

pub use super::draft::{EndingRow, FormDraft, ending_rows};
use crate::dates::datetime;
use crate::db::case_events::CaseEvent;
use crate::db::case_parties::Party;
use crate::db::case_records::CaseRecord;
use crate::db::cases::Case;
use crate::db::dispute_types::DisputeTypes;
use crate::db::judicial::JudicialConfirmation;
use crate::db::{DbConn, DbError, users};
use crate::domain::agreement::TermInput;
use crate::domain::archive_items::CoverLine;
use crate::domain::case_file;
use crate::domain::ending_notice::{NoticeMethod, Remedy};
use crate::domain::event_note::{self, EventNote};
use crate::domain::mediation::{
    CaseEventKind, Consent, Escalation, JudicialResult, NotAcceptedReason, RecordKind, RiskLevel,
};
use crate::domain::mediation_workflow::{self as workflow, CaseState};
use crate::domain::role::MediatorLevel;
use crate::domain::transition_form::{self, StepForm};
use crate::mediation::agreement_view::AgreementView;
use crate::mediation::case_file_view::{self, CaseFile, Purpose};
use crate::mediation::details::CaseDetails;
use crate::mediation::review_gaps::{self, ReviewGaps};
use crate::reveal::Reveal;
use crate::web::auth::{SessionUser, audit_actor};
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::forms::{Choice, FieldErrors, choices, vocabulary_choices};
use crate::web::state::AppState;

pub struct PartyRow {
    pub id: String,
    pub role_key: &'static str,
    pub name: String,
    pub phone: String,
    pub served: bool,
    pub consent: Consent,
    /// The consent select, with the recorded answer chosen.
    pub consents: Vec<Choice>,
    /// Masked, or in full on the audited unmasked view; "" when not recorded.
    pub id_number: String,
    /// Sex, age, occupation, address and agent, as one shows them.
    pub extra: PartyExtra,
}

/// One line of the timeline.
pub struct EventRow {
    pub at: String,
    pub actor: String,
    pub label_key: String,
    pub note: String,
    pub from_key: String,
}

/// The timeline in the reader's words (issue 14 item 16): people by their
/// display names (see [`name_actors`]), a resident applying online as such,
/// and the workflow's notes as sentences.
pub fn event_rows(ctx: &PageCtx, events: Vec<CaseEvent>) -> Vec<EventRow> {
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
            note: note_words(ctx, e.kind, &e.note),
            actor: match (&e.actor_id, e.actor_label.as_str()) {
                (None, "anonymous") => ctx.t("timeline.online"),
                (None, "system") => ctx.t("audit.system"),
                _ => e.actor_label,
            },
        })
        .collect()
}

/// A workflow note as a sentence (the audit log shows the same notes).
pub fn note_words(ctx: &PageCtx, kind: CaseEventKind, note: &str) -> String {
    match event_note::read(kind, note) {
        EventNote::Text(text) => text,
        EventNote::Notice { served, consent } => {
            let notice = ctx.t(if served {
                "timeline.served"
            } else {
                "timeline.not_served"
            });
            format!("{notice}{}{}", ctx.t("timeline.sep"), ctx.label(&consent))
        }
        EventNote::Agreement { version, kind } => format!(
            "{}{}{}",
            ctx.t_with("agreement.version_n", "n", &version),
            ctx.t("timeline.sep"),
            ctx.t(format!("agreement.{kind}"))
        ),
        EventNote::Term { version, term, amount } => {
            let text = ctx.t_with("timeline.term", "version", &version);
            text.replace("%{term}", &term).replace("%{amount}", &amount)
        }
    }
}

/// Replaces each event's stored login label with the person's display
/// name, looking each person up once.
fn name_actors(conn: &mut DbConn, events: &mut [CaseEvent]) -> Result<(), DbError> {
    let mut names: HashMap<String, Option<String>> = HashMap::new();
    for e in events.iter_mut() {
        let Some(id) = &e.actor_id else { continue };
        if !names.contains_key(id) {
            names.insert(id.clone(), users::find(conn, id)?.map(|u| u.display_name));
        }
        if let Some(Some(name)) = names.get(id) {
            e.actor_label = name.clone();
        }
    }
    Ok(())
}

pub struct Step {
    pub to: CaseState,
    pub label_key: &'static str,
    /// The step named as what the user does (`step.verb.*`).
    pub verb_key: &'static str,
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

/// The error key of a refusal that belongs to no form: shown at the top.
pub const PAGE_ERROR: &str = "page";

#[derive(Template)]
#[template(path = "staff/cases/page.html")]
pub struct CasePage {
    pub ctx: PageCtx,
    pub case: Case,
    pub state_key: &'static str,
    /// The dispute type's label as admins name it (`dispute_types`).
    pub type_label: String,
    pub source_key: &'static str,
    pub created: String,
    /// Where the dispute happened, street down.
    pub location: String,
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
    /// Extensions of the period with each party's consent.
    pub extensions: Vec<super::extension::ExtensionRow>,
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
    pub escalations: Vec<Choice>,
    pub judicial_results: Vec<Choice>,
    /// A refused action: (form key, message), shown at that form.
    pub error: (String, String),
    /// A refused form shown again: what was typed and each field's error.
    pub draft: FormDraft,
    /// The cover list (卷宗目录) from the closure review on.
    pub cover: Vec<CoverLine>,
    /// The other remedies the parties were told of, per ending.
    pub endings: Vec<EndingRow>,
    /// Reviews with their comments, debriefs, the oral agreement's review.
    pub mentoring: super::mentorship::MentoringView,
    /// What the sign-off still lacks, and who acts next.
    pub gaps: ReviewGaps,
    /// The confirmation after a step was taken ("已受理，案号 …"), or "".
    pub done: String,
    /// A court-entrusted case's court facts (issue 16).
    pub court: Option<crate::mediation::court::CourtView>,
}

impl CasePage {
    /// What the user typed into `field` of `form`, when it is shown again.
    pub fn kept(&self, form: impl AsRef<str>, field: &str) -> String {
        if self.draft.form != form.as_ref() {
            return String::new();
        }
        let value = self.draft.values.iter().find(|(f, _)| f == field);
        value.map(|(_, v)| v.clone()).unwrap_or_default()
    }

    /// Whether `value` was among the ticked values of the repeated `field`
    /// (the co-mediators) of `form`, when it is shown again.
    pub fn ticked(&self, form: impl AsRef<str>, field: &str, value: &str) -> bool {
        self.draft.form == form.as_ref() && self.draft.values.iter().any(|(f, v)| f == field && v == value)
    }

    /// The error next to `field` of `form`, or "".
    pub fn field_error(&self, form: impl AsRef<str>, field: &str) -> String {
        if self.draft.form != form.as_ref() {
            return String::new();
        }
        self.draft.errors.get(field)
    }

    /// `form` is being shown again, so its section opens.
    pub fn reopened(&self, form: impl AsRef<str>) -> bool {
        self.draft.form == form.as_ref() || self.error.0 == form.as_ref()
    }

    /// How the parties were told, as select options, the typed one chosen.
    pub fn told_hows(&self, form: impl AsRef<str>) -> Vec<Choice> {
        vocabulary_choices::<NoticeMethod>(&self.ctx, &self.kept(form, "told_how"))
    }

    /// Who the case waits for, named where the page knows the person;
    /// "" for a case that waits for nobody.
    pub fn next_text(&self) -> String {
        let role = self.ctx.t(self.gaps.next.label_key());
        let name = match self.gaps.next {
            workflow::NextActor::Nobody => return String::new(),
            workflow::NextActor::Team => &self.lead,
            workflow::NextActor::Mentor => &self.mentor,
            _ => "",
        };
        if name.is_empty() {
            role
        } else {
            format!("{role} {name}")
        }
    }

    /// One line of the missing list: what is missing (with the archive
    /// items it names) and who supplies it.
    pub fn missing_text(&self, m: &workflow::Missing) -> String {
        let mut what = self.ctx.t(m.error.message_key());
        if let workflow::GuardError::ArchiveIncomplete(items) = &m.error {
            let names: Vec<String> = items.iter().map(|i| self.ctx.t(format!("archive.{i}"))).collect();
            what.push_str(&self.ctx.t_with("archive.missing_named", "items", &names.join("、")));
        }
        what
    }

    /// The refused step shown again, as (its verb, its form's anchor):
    /// the summary at the top of the page names it and links to it.
    pub fn refused_step(&self) -> Option<(String, String)> {
        self.steps.iter().find_map(|step| {
            let key = format!("step-{}", step.to);
            (self.error.0 == key || self.draft.form == key).then(|| (self.ctx.t(step.verb_key), key))
        })
    }

    /// The options of a step's select (`reason_code`, `lead_mediator_id`,
    /// `mentor_id`), the value sent chosen when the form is shown again
    /// after a refusal (else the preset one).
    pub fn kept_choices(&self, form: impl AsRef<str>, field: &str) -> Vec<Choice> {
        let options = match field {
            "reason_code" => &self.reasons,
            "lead_mediator_id" => &self.mediators,
            _ => &self.seniors,
        };
        let form = form.as_ref();
        let sent = (self.draft.form == form).then(|| self.kept(form, field));
        options
            .iter()
            .map(|c| Choice {
                value: c.value.clone(),
                label: c.label.clone(),
                selected: sent.as_ref().map_or(c.selected, |v| *v == c.value),
            })
            .collect()
    }

    /// A field of the court form: as sent when shown again, else as stored.
    pub fn court_value(&self, field: &str) -> String {
        if self.draft.form == "court" {
            return self.kept("court", field);
        }
        let Some(court) = &self.court else {
            return String::new();
        };
        match field {
            "case_number" => court.case_number.clone(),
            "court_deadline" => court.deadline.clone(),
            _ => court.court_org_id.clone(),
        }
    }

    pub fn error_for(&self, form: impl AsRef<str>) -> String {
        let form = form.as_ref();
        if self.error.0 == form {
            self.error.1.clone()
        } else {
            String::new()
        }
    }
}

/// Builds the page; also used to show it again with an error. `unmask`
/// reads the file in full, audited, in the use-case layer.
pub async fn load(
    req: &HttpRequest,
    ctx: PageCtx,
    user: &SessionUser,
    state: &AppState,
    case_id: String,
    unmask: bool,
) -> Result<CasePage, AppError> {
    let viewer = user.viewer();
    let actor = audit_actor(req, Some(user));
    let cipher = crate::auth::field_crypto::FieldCipher::from_secret(&state.secret);
    let lang = ctx.lang;
    let (file, mediators, type_label) = state
        .db(move |conn| {
            let reveal = if unmask {
                Reveal::Unmasked { actor: &actor }
            } else {
                Reveal::Masked
            };
            let mut file = case_file_view::open(conn, &viewer, &case_id)?.load(conn, reveal, Purpose::Page, &cipher)?;
            name_actors(conn, &mut file.events)?;
            let type_label =
                DisputeTypes::load(conn)?.case_label(lang, file.case.dispute_type, file.case.local_type.as_deref());
            let gaps = review_gaps::for_case(conn, &file.case, &viewer)?;
            let mediators = case_file_view::assignable_mediators(conn, file.case.state)?;
            Ok((file, (mediators, gaps), type_label))
        })
        .await?;
    Ok(build(ctx, file, mediators, type_label))
}

fn build(ctx: PageCtx, d: CaseFile, (mediators, gaps): (Vec<users::User>, ReviewGaps), type_label: String) -> CasePage {
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
                verb_key: transition_form::verb_key(state, *to),
                form: transition_form::step_form(state, *to),
                needs_return_reason: transition_form::is_return(state, *to),
            })
            .collect()
    } else {
        Vec::new()
    };
    let mentoring = super::mentorship::MentoringView::new(&d.mentoring, actor, &d.records, ctx.lang.code());
    let can_edit = case_file::may_edit(actor);
    let can_record = case_file::may_record(actor);
    let parties = d
        .parties
        .iter()
        .map(|p| PartyRow {
            id: p.id.clone(),
            role_key: p.party_role.label_key(),
            name: p.name.clone(),
            phone: p.phone.clone(),
            served: p.rights_notice_served,
            consent: p.consent,
            consents: vocabulary_choices::<Consent>(&ctx, p.consent.code()),
            id_number: d
                .id_numbers
                .iter()
                .find(|(id, _)| *id == p.id)
                .map(|(_, n)| n.clone())
                .unwrap_or_default(),
            extra: party_extra(&ctx, p),
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
    let mediator_choices = choices(
        mediators.iter().map(mediator_choice),
        d.case.lead_mediator_id.as_deref().unwrap_or(""),
    );
    let seniors = choices(
        mediators
            .iter()
            .filter(|u| u.level() == Some(MediatorLevel::Senior))
            .map(mediator_choice),
        d.case.mentor_id.as_deref().unwrap_or(""),
    );
    CasePage {
        state_key: state.label_key(),
        type_label,
        source_key: d.case.source.label_key(),
        created: datetime(d.case.created_at),
        location: d.location.clone(),
        deadline: d.case.deadline_text(),
        overdue: d.case.is_overdue(now),
        last_event: d.last_event(),
        events: event_rows(&ctx, d.events),
        reasons: choices(
            NotAcceptedReason::ALL.iter().map(|r| (r.code(), ctx.t(r.label_key()))),
            "",
        ),
        risks: vocabulary_choices::<RiskLevel>(&ctx, d.case.risk_level.map_or("", RiskLevel::code)),
        escalations: vocabulary_choices::<Escalation>(&ctx, d.case.escalation.map_or("", Escalation::code)),
        judicial_results: vocabulary_choices::<JudicialResult>(&ctx, ""),
        obligors: choices(
            d.parties.iter().map(|p| {
                let role = ctx.t(format!("party.role.{}", p.party_role));
                (p.id.clone(), format!("{role} {}", p.name))
            }),
            "",
        ),
        team_mediators: choices(d.team.iter().map(|(id, name)| (id.clone(), name.clone())), ""),
        unmasked: d.unmasked,
        term_draft: TermDraft::default(),
        case: d.case,
        parties,
        lead: d.lead,
        mentor: d.mentor,
        records: d.records,
        agreements: d.agreements,
        judicial: d.judicial,
        extensions: super::extension::extension_rows(&d.details.extensions, &d.parties),
        details: d.details,
        steps,
        file: FileActions::new(state, can_edit, can_record),
        can_edit,
        can_record,
        missing_archive: d.missing_archive,
        as_needed_archive: d.as_needed_archive,
        mediators: mediator_choices,
        seniors,
        error: (String::new(), String::new()),
        draft: FormDraft::default(),
        cover: d.cover,
        endings: ending_rows(&ctx, &d.endings),
        mentoring,
        gaps,
        done: String::new(),
        court: d.court,
        ctx,
    }
}

/// The term form as sent, with its errors, when it is shown again.
#[derive(Default)]
pub struct TermDraft {
    pub values: TermInput,
    pub errors: FieldErrors,
}

impl TermDraft {
    pub fn error(&self, field: &str) -> String {
        self.errors.get(field)
    }
}

/// The case's number, or "unnumbered", for page titles.
pub fn title(ctx: &PageCtx, case: &Case) -> String {
    case.case_number.clone().unwrap_or_else(|| ctx.t("cases.unnumbered"))
}

/// A party's details as the case page shows them, from a party the case
/// file has already masked (agent masked, address left out) or revealed.
pub struct PartyExtra {
    /// "女 · 68 岁 · 退休职工"; "" when nothing is recorded.
    pub summary: String,
    pub address: String,
    /// "委托代理人 李*（女婿）138****1234"; "" without an agent.
    pub agent: String,
}

fn party_extra(ctx: &PageCtx, p: &Party) -> PartyExtra {
    let mut summary = Vec::new();
    if p.kind == "organisation" {
        summary.push(ctx.t("party.kind.organisation"));
    }
    if !p.sex.is_empty() {
        summary.push(ctx.t(format!("party.sex.{}", p.sex)));
    }
    if let Some(age) = p.age {
        summary.push(ctx.t_with("party.age_n", "n", &age.to_string()));
    }
    if !p.occupation.is_empty() {
        summary.push(p.occupation.clone());
    }
    let agent = if p.agent.is_empty() {
        String::new()
    } else {
        let mut text = format!("{} {}", ctx.t(format!("party.agent_kind.{}", p.agent_kind)), p.agent);
        if !p.agent_relation.is_empty() {
            text.push_str(&format!("（{}）", p.agent_relation));
        }
        if !p.agent_phone.is_empty() {
            text.push_str(&format!(" {}", p.agent_phone));
        }
        text
    };
    PartyExtra {
        summary: summary.join(" · "),
        address: p.address.clone(),
        agent,
    }
}
