//! The demo's local dispute types (issue 13): names a Jiangbei street
//! office uses every day, each counted as a statutory type. A demo case
//! whose summary names the matter is filed under the local type, so the
//! case page, the resident's status page and the hand-off show both.

use crate::db::DbConn;
use crate::db::audit::AuditActor;
use crate::domain::mediation::{DisputeGroup, DisputeType};
use crate::settings::dispute_types::{DisputeTypeEdit, create};

struct LocalType {
    code: &'static str,
    /// Found in a demo case's summary: that case is filed under this type.
    keyword: &'static str,
    maps_to: DisputeType,
    group: DisputeGroup,
    name: (&'static str, &'static str),
    hint: (&'static str, &'static str),
}

const LOCAL_TYPES: [LocalType; 2] = [
    LocalType {
        code: "lift",
        keyword: "电梯",
        maps_to: DisputeType::PropertyManagement,
        group: DisputeGroup::HomeLand,
        name: ("电梯纠纷", "Lift disputes"),
        hint: (
            "电梯停运、维修费分摊、加装电梯",
            "lifts out of service, sharing repair costs, adding a lift",
        ),
    },
    LocalType {
        code: "fumes_noise",
        keyword: "油烟",
        maps_to: DisputeType::Neighbour,
        group: DisputeGroup::FamilyNeighbours,
        name: ("油烟噪音扰民", "Cooking fumes and noise"),
        hint: (
            "楼下餐馆油烟、夜间经营噪音",
            "fumes from a restaurant below, noise late at night",
        ),
    },
];

/// Adds the demo's local types; those already there are left as they are.
pub fn seed(conn: &mut DbConn) -> Result<(), crate::db::DbError> {
    for t in &LOCAL_TYPES {
        let edit = DisputeTypeEdit {
            name_zh: t.name.0.into(),
            name_en: t.name.1.into(),
            sort_order: 500,
            group: t.group,
            hint_zh: t.hint.0.into(),
            hint_en: t.hint.1.into(),
        };
        create(conn, t.code, t.maps_to, &edit, &AuditActor::system())?;
    }
    Ok(())
}

/// The local type a demo case of `statutory` with `summary` is filed under.
pub fn for_case(statutory: DisputeType, summary: &str) -> Option<String> {
    LOCAL_TYPES
        .iter()
        .find(|t| t.maps_to == statutory && summary.contains(t.keyword))
        .map(|t| t.code.to_owned())
}
