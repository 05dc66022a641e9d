//! Reference data: what every instance needs before anyone logs in, as
//! opposed to the demo content of `seed-demo` (`crate::demo`). The district
//! and its 九街三镇 (DESIGN.md §1), one people's mediation committee per
//! street or town, and the first admin. Start-up ensures all of it on every
//! run; each step only adds what is missing, so several instances starting
//! at once agree.

use crate::accounts::{self, AccountError, AccountSpec, NewAccount};
use crate::auth::{password, tokens};
use crate::db::committees::{self, Committee};
use crate::db::{DbConn, DbError, audit, new_id, now_ts, places, users};
use crate::domain::account::{DisplayName, Username};
use crate::domain::place::PlaceKind;
use crate::domain::role::Role;

pub const DISTRICT: &str = "江北区";

/// 九街三镇: (name, short name used in case numbers, kind).
pub const STREETS_AND_TOWNS: [(&str, &str, PlaceKind); 12] = [
    ("观音桥街道", "观音桥", PlaceKind::Street),
    ("华新街街道", "华新街", PlaceKind::Street),
    ("五里店街道", "五里店", PlaceKind::Street),
    ("江北城街道", "江北城", PlaceKind::Street),
    ("石马河街道", "石马河", PlaceKind::Street),
    ("大石坝街道", "大石坝", PlaceKind::Street),
    ("寸滩街道", "寸滩", PlaceKind::Street),
    ("郭家沱街道", "郭家沱", PlaceKind::Street),
    ("铁山坪街道", "铁山坪", PlaceKind::Street),
    ("鱼嘴镇", "鱼嘴", PlaceKind::Town),
    ("复盛镇", "复盛", PlaceKind::Town),
    ("五宝镇", "五宝", PlaceKind::Town),
];

/// Everything start-up ensures. Returns the first admin's generated password
/// (to print once) when this run created that account without one configured.
pub fn ensure(conn: &mut DbConn, admin_password: Option<&str>) -> Result<Option<String>, AccountError> {
    ensure_district(conn)?;
    ensure_first_admin(conn, admin_password)
}

/// The district, its streets and towns, and their committees. Returns the
/// district's place id.
pub fn ensure_district(conn: &mut DbConn) -> Result<String, DbError> {
    let district = match crate::db::place_admin::district(conn)? {
        // An admin may have renamed the district: it is still the district.
        Some(d) => d.id,
        None => places::ensure(conn, None, PlaceKind::District, DISTRICT, Some("江北"), 0)?,
    };
    // Only a new district gets the streets: once there are some, an admin
    // manages them (a renamed street must not come back under its old name).
    let has_streets = places::children(conn, &district)?
        .iter()
        .any(|p| p.kind.is_street_level());
    if !has_streets {
        for (i, (name, short, kind)) in STREETS_AND_TOWNS.iter().enumerate() {
            places::ensure(conn, Some(&district), *kind, name, Some(short), i as i32)?;
        }
    }
    ensure_committees(conn)?;
    Ok(district)
}

/// Every street and town gets its committee, named after it; one an admin
/// has renamed or given a head is left as it is.
fn ensure_committees(conn: &mut DbConn) -> Result<(), DbError> {
    for street in places::streets_and_towns(conn)? {
        if committees::for_street(conn, &street.id)?.is_some() {
            continue;
        }
        let short = street.short_name.clone().unwrap_or_else(|| street.name.clone());
        let row = Committee {
            id: new_id(),
            name: format!("{}人民调解委员会", street.name),
            short_name: short,
            street_id: street.id,
            head_user_id: None,
            created_at: now_ts(),
        };
        committees::insert(conn, &row)?;
    }
    Ok(())
}

/// First run: when no admin exists, create `admin`. Returns the generated
/// password (to print once) when none was configured. Safe to call on every
/// start and from several instances at once: the unique username decides.
pub fn ensure_first_admin(conn: &mut DbConn, configured: Option<&str>) -> Result<Option<String>, AccountError> {
    if users::count_by_role(conn, Role::Admin)? > 0 {
        return Ok(None);
    }
    let generated = configured.is_none().then(tokens::random_password);
    let plain = configured.or(generated.as_deref()).unwrap_or_default();
    let hash = password::hash(plain).map_err(|e| DbError::Migration(e.to_string()))?;
    let spec = AccountSpec {
        account: NewAccount {
            username: Username::parse("admin").expect("'admin' is a valid username"),
            display_name: DisplayName::parse("系统管理员").expect("valid display name"),
            role: Role::Admin,
            level: None,
            area_id: None,
            org_id: None,
        },
        password_hash: hash,
        must_change_password: generated.is_some(),
    };
    match accounts::create(conn, &spec, &audit::AuditActor::system()) {
        Ok(_) => Ok(generated),
        Err(AccountError::UsernameTaken) => Ok(None),
        Err(e) => Err(e),
    }
}
