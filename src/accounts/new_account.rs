//! One parser for a new account's fields, shared by the admin form, the
//! `create-user` command and the tests, so the three cannot accept
//! different accounts.

use crate::db::places::Place;
use crate::domain::account::{AccountInputError, DisplayName, Username};
use crate::domain::role::{MediatorLevel, Role};

/// A validated account, before any password is attached to it.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub username: Username,
    pub display_name: DisplayName,
    pub role: Role,
    pub level: Option<MediatorLevel>,
    pub area_id: Option<String>,
    /// The receiving organisation of an `OrgStaff` account; `None` for any other.
    pub org_id: Option<String>,
}

/// The role with what it needs: a level, an area, an organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleChoice {
    pub role: Role,
    pub level: Option<MediatorLevel>,
    pub area_id: Option<String>,
    pub org_id: Option<String>,
}

/// The fields as typed (form) or given (command line).
#[derive(Debug, Clone, Copy, Default)]
pub struct AccountFields<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    /// A `Role` code.
    pub role: &'a str,
    /// A `MediatorLevel` code; only read for mediators.
    pub level: &'a str,
    /// A place id; must be one of the streets and towns passed to `parse`.
    pub area_id: &'a str,
    /// A resolution organisation id; only read for `OrgStaff` (checked to
    /// exist when the account is written).
    pub org_id: &'a str,
}

/// What was wrong, field by field, as catalogue keys. The first problem of
/// a field is the one to show.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FieldProblems(Vec<(&'static str, &'static str)>);

impl FieldProblems {
    pub fn add(&mut self, field: &'static str, key: &'static str) {
        self.0.push((field, key));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `(field, catalogue key)` pairs in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
        self.0.iter().copied()
    }

    /// Records the error of a parse result and returns its value, if any.
    pub fn check<T>(&mut self, field: &'static str, result: Result<T, AccountInputError>) -> Option<T> {
        result.map_err(|e| self.add(field, e.message_key())).ok()
    }
}

impl NewAccount {
    /// `areas` are the streets and towns an account may be assigned to.
    pub fn parse(fields: &AccountFields<'_>, areas: &[Place]) -> Result<NewAccount, FieldProblems> {
        let mut problems = FieldProblems::default();
        let role_fields = parse_role(&mut problems, fields, areas);
        // A resident logs in with a mobile number; anyone else with a name.
        let username = match role_fields.as_ref().map(|r| r.role) {
            Some(Role::Resident) => Username::parse_phone(fields.username),
            _ => Username::parse(fields.username),
        };
        let username = problems.check("username", username);
        let display_name = problems.check("display_name", DisplayName::parse(fields.display_name));
        match (role_fields, username, display_name) {
            (Some(choice), Some(username), Some(display_name)) => Ok(NewAccount {
                username,
                display_name,
                role: choice.role,
                level: choice.level,
                area_id: choice.area_id,
                org_id: choice.org_id,
            }),
            _ => Err(problems),
        }
    }
}

/// Checks role, level, area and organisation together: a mediator needs a
/// level, a coordinator a street or town, an organisation's staff member
/// their organisation. Anyone else keeps an area only when it is a known
/// one, and never a level or an organisation. Reads only the role fields.
pub fn parse_role(problems: &mut FieldProblems, fields: &AccountFields<'_>, areas: &[Place]) -> Option<RoleChoice> {
    let (level, area_id) = (fields.level, fields.area_id);
    let Some(role) = Role::parse(fields.role) else {
        problems.add("role", "admin.users.error.role");
        return None;
    };
    let level = if role.needs_level() {
        let parsed = MediatorLevel::parse(level);
        if parsed.is_none() {
            problems.add("level", "admin.users.error.level");
        }
        Some(parsed?)
    } else {
        None
    };
    let known = areas.iter().any(|a| a.id == area_id);
    let area = if role.needs_area() {
        if !known {
            problems.add("area_id", "admin.users.error.area");
            return None;
        }
        Some(area_id.to_owned())
    } else {
        known.then(|| area_id.to_owned())
    };
    let org_id = fields.org_id.trim();
    let org = if role.needs_org() {
        if org_id.is_empty() {
            problems.add("org_id", "admin.users.error.org");
            return None;
        }
        Some(org_id.to_owned())
    } else {
        None
    };
    Some(RoleChoice {
        role,
        level,
        area_id: area,
        org_id: org,
    })
}
