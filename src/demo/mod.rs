//! The demo content of `seed-demo`: accounts, communities, a renovation
//! compound, letters and cases in every state. Idempotent, and built through
//! the real use cases. Reference data that every instance needs (the
//! district's streets, committees, the first admin) is `crate::reference`.

use crate::accounts::{self, AccountError, AccountSpec, NewAccount};
use crate::auth::password;
use crate::db::holidays::Holiday;
use crate::db::{DbConn, DbError, audit, places, users};
use crate::domain::account::{DisplayName, Username};
use crate::domain::legal_period::DayKind;
use crate::domain::place_csv;
use crate::domain::role::{MediatorLevel, Role};
use crate::reference;

mod letters;
mod local_types;
mod mediation;
mod mentoring;
mod renovation;
pub(crate) mod resolution;

/// The password of every demo account (listed in README.md).
pub const DEMO_PASSWORD: &str = "yuanba-demo-2026";

struct DemoAccount {
    username: &'static str,
    display_name: &'static str,
    role: Role,
    level: Option<MediatorLevel>,
    street: Option<&'static str>,
}

const DEMO_ACCOUNTS: [DemoAccount; 11] = [
    DemoAccount {
        username: "demo-admin",
        display_name: "区中心管理员",
        role: Role::Admin,
        level: None,
        street: None,
    },
    DemoAccount {
        username: "demo-coordinator",
        display_name: "李网格",
        role: Role::Coordinator,
        level: None,
        street: Some("观音桥街道"),
    },
    DemoAccount {
        username: "demo-coordinator-wld",
        display_name: "陈调度",
        role: Role::Coordinator,
        level: None,
        street: Some("五里店街道"),
    },
    DemoAccount {
        username: "demo-laoma",
        display_name: "马建国",
        role: Role::Mediator,
        level: Some(MediatorLevel::Senior),
        street: Some("五里店街道"),
    },
    DemoAccount {
        username: "demo-xiaoma",
        display_name: "王小溪",
        role: Role::Mediator,
        level: Some(MediatorLevel::Trainee),
        street: Some("五里店街道"),
    },
    DemoAccount {
        username: "13800000001",
        display_name: "张大爷",
        role: Role::Resident,
        level: None,
        street: None,
    },
    // 老马带小马: a second 老马 and four more 小马 of the 五里店老马工作室.
    DemoAccount {
        username: "demo-laoma2",
        display_name: "刘德厚",
        role: Role::Mediator,
        level: Some(MediatorLevel::Senior),
        street: None,
    },
    DemoAccount {
        username: "demo-xiaoma2",
        display_name: "陈小禾",
        role: Role::Mediator,
        level: Some(MediatorLevel::Trainee),
        street: None,
    },
    DemoAccount {
        username: "demo-xiaoma3",
        display_name: "赵小川",
        role: Role::Mediator,
        level: Some(MediatorLevel::Trainee),
        street: None,
    },
    DemoAccount {
        username: "demo-xiaoma4",
        display_name: "孙小满",
        role: Role::Mediator,
        level: Some(MediatorLevel::Trainee),
        street: None,
    },
    DemoAccount {
        username: "demo-xiaoma5",
        display_name: "周小宁",
        role: Role::Mediator,
        level: Some(MediatorLevel::Trainee),
        street: None,
    },
];

/// The district's shape (issue 13): 9 streets and 3 towns, their
/// communities and villages and 1,379 grids, written by
/// `scripts/jiangbei_places.py` and fed through the admin's own importer.
const DISTRICT_CSV: &str = include_str!("jiangbei_places.csv");

/// Imports the district's places; a second run finds them all present.
fn seed_places(conn: &mut DbConn) -> Result<(), DbError> {
    let rows = place_csv::parse(DISTRICT_CSV.as_bytes()).map_err(|e| DbError::Migration(format!("{e:?}")))?;
    match crate::places::import::import(conn, &rows, &audit::AuditActor::system())? {
        crate::places::import::Outcome::Done(_) => Ok(()),
        crate::places::import::Outcome::Rejected(e) => Err(DbError::Migration(format!("{e:?}"))),
    }
}

/// 元旦 2027 in the holiday calendar, entered by the demo admin, so the
/// demo shows a mediation period moved past a holiday (Civil Code Art. 203).
/// An entry already there is kept.
fn seed_holidays(conn: &mut DbConn) -> Result<(), DbError> {
    let Some(admin) = users::find_by_username(conn, "demo-admin")? else {
        return Ok(());
    };
    let row = Holiday {
        day: "2027-01-01".into(),
        kind: DayKind::Holiday,
        name: "元旦".into(),
        created_by: admin.id,
        created_at: crate::db::now_ts(),
    };
    crate::settings::holidays::add(conn, &row, &audit::AuditActor::system())?;
    Ok(())
}

/// Returns how many demo accounts were created (existing ones are kept).
pub fn seed_demo(conn: &mut DbConn) -> Result<usize, AccountError> {
    reference::ensure_district(conn)?;
    seed_places(conn)?;
    renovation::seed(conn)?;
    let hash = password::hash(DEMO_PASSWORD).map_err(|e| DbError::Migration(e.to_string()))?;
    let mut created = 0;
    for account in &DEMO_ACCOUNTS {
        let area_id = match account.street {
            Some(name) if account.role.needs_area() => places::find_street_by_name(conn, name)?.map(|p| p.id),
            _ => None,
        };
        let spec = AccountSpec {
            account: NewAccount {
                username: Username::parse(account.username).expect("demo usernames are valid"),
                display_name: DisplayName::parse(account.display_name).expect("demo names are valid"),
                role: account.role,
                level: account.level,
                area_id,
                org_id: None,
            },
            password_hash: hash.clone(),
            must_change_password: false,
        };
        match accounts::create(conn, &spec, &audit::AuditActor::system()) {
            Ok(_) => created += 1,
            Err(AccountError::UsernameTaken) => {}
            Err(e) => return Err(e),
        }
    }
    seed_holidays(conn)?;
    local_types::seed(conn)?;
    mediation::seed(conn)?;
    letters::seed(conn).map_err(|e| DbError::Migration(e.to_string()))?;
    mentoring::seed(conn)?;
    resolution::seed(conn)?;
    created += resolution::seed_staff(conn, &hash)?;
    Ok(created)
}
