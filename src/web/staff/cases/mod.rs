//! Case queues, registration, the case page and its actions (`/staff/cases`).

pub mod actions;
pub mod agreement_view;
pub mod agreements;
pub mod detail;
pub mod followup;
pub mod judicial;
pub mod list;
pub mod page;
pub mod parties;
pub mod party_edit;
pub mod print;
pub mod proofs;
pub mod records;
pub mod register;

use crate::mediation::access::Viewer;
use crate::web::auth::SessionUser;

pub fn viewer(user: &SessionUser) -> Viewer {
    Viewer {
        id: user.id.clone(),
        role: user.role,
        area_id: user.area_id.clone(),
    }
}
