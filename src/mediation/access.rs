//! Who may see a case and in which capacities they act on it.

use crate::db::cases::Case;
use crate::db::{DbConn, cases, committees, users};
use crate::domain::mediation_workflow::{ActorContext, ActorRole};
use crate::domain::role::{MediatorLevel, Role};

pub use crate::domain::viewer::Viewer;

#[derive(Debug, Clone)]
pub struct CaseAccess {
    pub can_view: bool,
    pub actor: ActorContext,
}

/// Deny by default: admins see all cases, coordinators those of their
/// street, mediators those they are on (lead, co-mediator, mentor) or whose
/// committee they head.
pub fn access(conn: &mut DbConn, viewer: &Viewer, case: &Case) -> diesel::QueryResult<CaseAccess> {
    let mut roles = Vec::new();
    match viewer.role {
        Role::Admin => roles.push(ActorRole::Admin),
        Role::Coordinator if viewer.area_id.as_deref() == Some(case.street_id.as_str()) => {
            roles.push(ActorRole::Coordinator)
        }
        Role::Mediator => {
            if case.lead_mediator_id.as_deref() == Some(viewer.id.as_str()) {
                roles.push(ActorRole::LeadMediator);
            }
            if case.mentor_id.as_deref() == Some(viewer.id.as_str()) {
                roles.push(ActorRole::Mentor);
            }
            if cases::co_mediators(conn, &case.id)?.contains(&viewer.id) {
                roles.push(ActorRole::CoMediator);
            }
            let committee = committees::find(conn, &case.committee_id)?;
            if committee.and_then(|c| c.head_user_id).as_deref() == Some(viewer.id.as_str()) {
                roles.push(ActorRole::CommitteeHead);
            }
        }
        _ => {}
    }
    let lead_is_trainee = match &case.lead_mediator_id {
        Some(lead) => users::find(conn, lead)?.and_then(|u| u.level()) == Some(MediatorLevel::Trainee),
        None => false,
    };
    Ok(CaseAccess {
        can_view: !roles.is_empty(),
        actor: ActorContext::new(&roles, lead_is_trainee),
    })
}
