//! Whether a read model shows personal data in full (DESIGN.md §8).
//!
//! Lists, exports, printed documents and the open-data API load the same
//! read models; each takes a [`Reveal`] and masks in one place. Showing the
//! data in full is a sensitive action: [`Reveal::audit`] writes its audit
//! row, in the same transaction that loads the data, so nobody sees an
//! unmasked value without a trace.

use crate::db::DbConn;
use crate::db::audit::{self, AuditActor};
use crate::domain::masking::{mask_name, mask_phone};

#[derive(Debug, Clone, Copy)]
pub enum Reveal<'a> {
    /// The default everywhere: names and numbers masked.
    Masked,
    /// In full, for a user who asked and may: audited.
    Unmasked { actor: &'a AuditActor },
}

impl Reveal<'_> {
    pub fn is_unmasked(&self) -> bool {
        matches!(self, Reveal::Unmasked { .. })
    }

    pub fn name(&self, name: &str) -> String {
        if self.is_unmasked() {
            name.to_owned()
        } else {
            mask_name(name)
        }
    }

    pub fn phone(&self, phone: &str) -> String {
        if self.is_unmasked() {
            phone.to_owned()
        } else {
            mask_phone(phone)
        }
    }

    /// Writes the audit row of an unmasked view (`action` on `subject`,
    /// with `detail` saying which view); nothing when masked.
    pub fn audit(
        &self,
        conn: &mut DbConn,
        action: &str,
        subject: (&str, &str),
        detail: &str,
    ) -> diesel::QueryResult<()> {
        match self {
            Reveal::Masked => Ok(()),
            Reveal::Unmasked { actor } => audit::record(conn, actor, action, Some(subject), detail),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masked_unless_revealed() {
        let actor = AuditActor {
            user_id: None,
            label: "test".into(),
            ip: None,
            request_id: None,
        };
        assert_eq!(Reveal::Masked.name("张三丰"), mask_name("张三丰"));
        assert_eq!(Reveal::Masked.phone("13800001234"), mask_phone("13800001234"));
        let full = Reveal::Unmasked { actor: &actor };
        assert_eq!(full.name("张三丰"), "张三丰");
        assert_eq!(full.phone("13800001234"), "13800001234");
        assert!(full.is_unmasked() && !Reveal::Masked.is_unmasked());
    }
}
