//! The staff member looking at a case or a letter. One type for both use-case
//! layers, so the web layer builds it once from the session (a copy per
//! feature drifted into two structs with the same fields).

use crate::domain::role::Role;

#[derive(Debug, Clone)]
pub struct Viewer {
    pub id: String,
    pub role: Role,
    pub area_id: Option<String>,
}
