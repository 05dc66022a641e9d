//! Roles of DESIGN.md §2 and the mediator levels of §6.

use super::vocabulary::vocabulary;

vocabulary! {
    /// The roles of DESIGN.md §2.
    pub enum Role: "role." {
        Admin = "admin", Coordinator = "coordinator", Mediator = "mediator", Resident = "resident",
        /// A receiving organisation's staff (issue 16): answers its own
        /// organisation's referrals and sees nothing else.
        OrgStaff = "org_staff",
    }
}

impl Role {
    /// Staff work inside the governance centre; residents only use the portal.
    pub fn is_staff(self) -> bool {
        !matches!(self, Role::Resident | Role::OrgStaff)
    }

    /// A receiving organisation's account belongs to exactly one organisation.
    pub fn needs_org(self) -> bool {
        matches!(self, Role::OrgStaff)
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
            Role::OrgStaff => "/org",
        }
    }
}

vocabulary! {
    /// 小马 (trainee) works under a mentor; 老马 (senior) may mentor and sign off.
    pub enum MediatorLevel: "level." { Trainee = "trainee", Senior = "senior" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        crate::domain::vocabulary::assert_well_formed::<Role>();
        crate::domain::vocabulary::assert_well_formed::<MediatorLevel>();
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
        assert!(!Role::OrgStaff.is_staff());
        assert!(Role::OrgStaff.needs_org() && !Role::Admin.needs_org());
    }
}
