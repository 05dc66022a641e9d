//! Roles of DESIGN.md §2 and the mediator levels of §6.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Admin,
    Coordinator,
    Mediator,
    Resident,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Coordinator, Role::Mediator, Role::Resident];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Coordinator => "coordinator",
            Role::Mediator => "mediator",
            Role::Resident => "resident",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == s)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Role::Admin => "role.admin",
            Role::Coordinator => "role.coordinator",
            Role::Mediator => "role.mediator",
            Role::Resident => "role.resident",
        }
    }

    /// Staff work inside the governance centre; residents only use the portal.
    pub fn is_staff(self) -> bool {
        !matches!(self, Role::Resident)
    }

    /// Only mediators carry a 小马/老马 level.
    pub fn needs_level(self) -> bool {
        matches!(self, Role::Mediator)
    }

    /// Coordinators work inside one street or town; the others are district-wide
    /// (admin) or scoped by their cases (mediator, resident).
    pub fn needs_area(self) -> bool {
        matches!(self, Role::Coordinator)
    }

    /// The landing page after login.
    pub fn home_path(self) -> &'static str {
        match self {
            Role::Admin => "/admin",
            Role::Coordinator | Role::Mediator => "/staff",
            Role::Resident => "/me",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// 小马 (trainee) works under a mentor; 老马 (senior) may mentor and sign off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MediatorLevel {
    Trainee,
    Senior,
}

impl MediatorLevel {
    pub const ALL: [MediatorLevel; 2] = [MediatorLevel::Trainee, MediatorLevel::Senior];

    pub fn code(self) -> &'static str {
        match self {
            MediatorLevel::Trainee => "trainee",
            MediatorLevel::Senior => "senior",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == s)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            MediatorLevel::Trainee => "level.trainee",
            MediatorLevel::Senior => "level.senior",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.code()), Some(role));
        }
        for level in MediatorLevel::ALL {
            assert_eq!(MediatorLevel::parse(level.code()), Some(level));
        }
        assert_eq!(Role::parse("root"), None);
        assert_eq!(MediatorLevel::parse(""), None);
    }

    #[test]
    fn only_mediators_need_a_level_and_only_coordinators_an_area() {
        assert!(Role::Mediator.needs_level());
        assert!(!Role::Admin.needs_level());
        assert!(Role::Coordinator.needs_area());
        assert!(!Role::Resident.needs_area());
        assert!(!Role::Resident.is_staff());
    }
}
