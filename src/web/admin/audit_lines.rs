//! Audit rows as sentences for the admin home and the audit log viewer:
//! who (their name), what (words from `domain::audit_wording`) and on what
//! (the case number, the person, the letter…, linked to its page).

use std::collections::HashMap;

use crate::dates::datetime;
use crate::db::audit::AuditEntry;
use crate::db::{
    DbConn, DbError, cases, dispute_types, letter_categories, letters, menu_items, places, projects, users,
};
use crate::domain::audit_wording::{self, Phrase};
use crate::domain::mediation::CaseEventKind;
use crate::i18n::has_key;
use crate::web::context::PageCtx;

/// The object an audit row is about, as a person reads it.
#[derive(Clone)]
pub struct Target {
    pub text: String,
    /// Its page, when it has one the admin can open.
    pub href: Option<String>,
}

pub struct AuditLine {
    pub at: String,
    pub who: String,
    pub does: String,
    /// The stored action code, kept as data for filtering scripts and tests;
    /// never shown (issue 14 item 16: no machine text in human places).
    pub code: String,
    pub target: Option<Target>,
    pub detail: String,
    pub ip: String,
}

/// Looks each actor and target up once per page (a page is at most 50 rows).
#[derive(Default)]
struct Lookups {
    people: HashMap<String, String>,
    targets: HashMap<(String, String), Target>,
}

impl Lookups {
    fn person(&mut self, conn: &mut DbConn, id: &str) -> Result<Option<String>, DbError> {
        if let Some(name) = self.people.get(id) {
            return Ok(Some(name.clone()));
        }
        let name = users::find(conn, id)?.map(|u| u.display_name);
        if let Some(name) = &name {
            self.people.insert(id.to_owned(), name.clone());
        }
        Ok(name)
    }

    fn target(&mut self, ctx: &PageCtx, conn: &mut DbConn, kind: &str, id: &str) -> Result<Target, DbError> {
        let key = (kind.to_owned(), id.to_owned());
        if let Some(t) = self.targets.get(&key) {
            return Ok(t.clone());
        }
        let found = describe(ctx, conn, kind, id)?;
        self.targets.insert(key, found.clone());
        Ok(found)
    }
}

/// The last eight characters of an id: UUIDv7 ids start with the time.
fn short(id: &str) -> String {
    format!("…{}", &id[id.len().saturating_sub(8)..])
}

fn describe(ctx: &PageCtx, conn: &mut DbConn, kind: &str, id: &str) -> Result<Target, DbError> {
    let link = |text: String, href: String| Target { text, href: Some(href) };
    Ok(match kind {
        "case" => match cases::find(conn, id)? {
            Some(c) => link(
                c.case_number.unwrap_or_else(|| ctx.t("cases.unnumbered")),
                format!("/staff/cases/{id}"),
            ),
            None => Target {
                text: short(id),
                href: None,
            },
        },
        "user" => match users::find(conn, id)? {
            Some(u) => link(u.display_name, format!("/admin/users/{id}")),
            None => Target {
                text: short(id),
                href: None,
            },
        },
        "letter" if letters::find(conn, id)?.is_some() => link(
            format!("{} {}", ctx.t("audit.target.letter"), short(id)),
            format!("/staff/letters/{id}"),
        ),
        "project" => match projects::find(conn, id)? {
            Some(p) => link(p.title, format!("/staff/projects/{id}")),
            None => Target {
                text: short(id),
                href: None,
            },
        },
        "place" => match places::find(conn, id)? {
            Some(p) => link(p.name, format!("/admin/places/{id}")),
            None => Target {
                text: short(id),
                href: None,
            },
        },
        "menu_item" => match menu_items::find(conn, id)? {
            Some(m) => link(m.name, format!("/admin/menu/{id}")),
            None => Target {
                text: short(id),
                href: None,
            },
        },
        "letter_category" => match letter_categories::find(conn, id)? {
            Some(c) => link(c.name(ctx.lang).to_owned(), format!("/admin/letter-categories/{id}")),
            None => Target {
                text: id.to_owned(),
                href: None,
            },
        },
        "dispute_type" => match dispute_types::find(conn, id)? {
            Some(t) => link(t.name(ctx.lang).to_owned(), format!("/admin/dispute-types/{id}")),
            None => Target {
                text: id.to_owned(),
                href: None,
            },
        },
        "screening" => link(ctx.t("screening.title"), "/staff/screenings".to_owned()),
        "pairing" => link(ctx.t("audit.target.pairing"), format!("/mentoring/pairings/{id}")),
        "holiday" => link(
            id.to_owned(),
            format!("/admin/holidays?year={}", &id[..id.len().min(4)]),
        ),
        _ => Target {
            text: format!("{} {}", kind, short(id)),
            href: None,
        },
    })
}

fn words(ctx: &PageCtx, e: &AuditEntry) -> String {
    match audit_wording::phrase(&e.action, &e.detail, |key| has_key(ctx.lang, key)) {
        Phrase::Fixed(key) => ctx.t(key),
        Phrase::CaseMoved(from, to) => {
            let text = ctx.t_with("audit.does.case_moved", "from", &ctx.label(&from));
            text.replace("%{to}", &ctx.label(&to))
        }
        Phrase::Other(code) => ctx.t_with("audit.does.other", "code", &code),
    }
}

/// A case event's detail is its timeline note: the same words as there; a
/// `name=value` detail is its sentence with each value in words (issue 14
/// item 16); anything else is already text a person wrote or reads.
fn detail_words(ctx: &PageCtx, conn: &mut DbConn, e: &AuditEntry) -> Result<String, DbError> {
    if let Some(kind) = e.action.strip_prefix("case.").and_then(CaseEventKind::parse) {
        return Ok(crate::web::staff::cases::view::note_words(ctx, kind, &e.detail));
    }
    if let Some(moved) = moved_words(ctx, &e.action, &e.detail) {
        return Ok(moved);
    }
    let older = audit_wording::older_detail(&e.action, &e.detail);
    let stored = older.as_deref().unwrap_or(&e.detail);
    let Some((key, pairs)) = audit_wording::pair_detail(&e.action, stored) else {
        return Ok(e.detail.clone());
    };
    if !has_key(ctx.lang, &key) {
        return Ok(e.detail.clone());
    }
    let mut text = ctx.t(&key);
    for (name, value) in pairs {
        text = text.replace(&format!("%{{{name}}}"), &value_words(ctx, conn, name, value)?);
    }
    Ok(text)
}

/// A letter's or a project's move, stored as `from->to` codes (a project
/// leaving voting adds its ballot anchor, kept as it is): the two labels.
fn moved_words(ctx: &PageCtx, action: &str, detail: &str) -> Option<String> {
    use crate::domain::letters::LetterStatus;
    use crate::domain::renovation::Stage;
    let (moved, rest) = detail.split_once(' ').unwrap_or((detail, ""));
    let (from, to) = moved.split_once("->")?;
    if action == "holiday.add" {
        return holiday_words(ctx, detail);
    }
    let (from, to) = match action {
        "letter.status" => (
            ctx.label(&LetterStatus::parse(from)?),
            ctx.label(&LetterStatus::parse(to)?),
        ),
        "project.stage" => (ctx.label(&Stage::parse(from)?), ctx.label(&Stage::parse(to)?)),
        _ => return None,
    };
    Some(format!("{from} → {to} {rest}").trim_end().to_owned())
}

/// A calendar entry, stored as "day kind name": the kind in words.
fn holiday_words(ctx: &PageCtx, detail: &str) -> Option<String> {
    let mut parts = detail.splitn(3, ' ');
    let (day, kind, name) = (parts.next()?, parts.next()?, parts.next().unwrap_or(""));
    let kind = crate::domain::legal_period::DayKind::parse(kind)?;
    Some(format!("{day} {} {name}", ctx.label(&kind)).trim_end().to_owned())
}

/// One value of a `name=value` detail as a person reads it: a vocabulary's
/// label, a household's address, a menu item's name; counts as they are.
fn value_words(ctx: &PageCtx, conn: &mut DbConn, name: &str, value: &str) -> Result<String, DbError> {
    use crate::domain::consensus::DecisionRule;
    use crate::domain::renovation::Channel;
    use crate::domain::role::{MediatorLevel, Role};
    let label = |found: Option<String>| found.unwrap_or_else(|| value.to_owned());
    // "-" stands for "none" (no level, no organisation).
    if value == "-" {
        return Ok(ctx.t("audit_detail.none"));
    }
    // A change stores the old value as `from_<name>`: said the same way.
    let name = name.strip_prefix("from_").unwrap_or(name);
    Ok(match name {
        "area" => label(places::find(conn, value)?.map(|p| p.name)),
        "role" => label(Role::parse(value).map(|r| ctx.label(&r))),
        "level" => label(MediatorLevel::parse(value).map(|l| ctx.label(&l))),
        "org" => label(crate::db::resolution_orgs::find(conn, value)?.map(|o| o.name)),
        "channel" => label(Channel::parse(value).map(|c| ctx.label(&c))),
        "rule" => label(DecisionRule::parse(value).map(|r| ctx.label(&r))),
        "menu" => label(menu_items::find(conn, value)?.map(|m| m.name)),
        // A leading code with words of its own (a purge's kind).
        "lead" => {
            let key = format!("audit_detail.lead.{value}");
            if has_key(ctx.lang, &key) {
                ctx.t(key)
            } else {
                value.to_owned()
            }
        }
        "unit" => Some(crate::renovation::places::household_address(conn, value)?)
            .filter(|a| !a.is_empty())
            .unwrap_or_else(|| value.to_owned()),
        _ => value.to_owned(),
    })
}

/// The rows as sentences, in the given order.
pub fn lines(ctx: &PageCtx, conn: &mut DbConn, entries: &[AuditEntry]) -> Result<Vec<AuditLine>, DbError> {
    let mut lookups = Lookups::default();
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        let who = match &e.actor_id {
            Some(id) => lookups.person(conn, id)?.unwrap_or_else(|| e.actor_label.clone()),
            None if e.actor_label == "system" => ctx.t("audit.system"),
            None => e.actor_label.clone(),
        };
        let target = match (&e.target_kind, &e.target_id) {
            // Signing in or changing one's own password: the actor is the object.
            (Some(kind), Some(id)) if kind == "user" && e.actor_id.as_ref() == Some(id) => None,
            (Some(kind), Some(id)) => Some(lookups.target(ctx, conn, kind, id)?),
            _ => None,
        };
        out.push(AuditLine {
            at: datetime(e.at),
            who,
            does: words(ctx, e),
            code: e.action.clone(),
            target,
            detail: if audit_wording::detail_worth_showing(&e.action) {
                detail_words(ctx, conn, e)?
            } else {
                String::new()
            },
            ip: e.ip.clone().unwrap_or_default(),
        });
    }
    Ok(out)
}

/// An action's words for the filter list (the code stays in the option's
/// value, out of sight); an action nobody wrote words for reads as "other
/// action" with its code, as in the log itself.
pub fn action_label(ctx: &PageCtx, code: &str) -> String {
    let key = audit_wording::key_of(code);
    if has_key(ctx.lang, &key) {
        ctx.t(key)
    } else {
        ctx.t_with("audit.does.other", "code", code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::mediation::CaseEventKind;
    use crate::i18n::Lang;

    /// Every timeline event is audited as `case.<code>`: each has words in
    /// both languages, so the log never falls back to a code for them.
    #[test]
    fn every_case_event_action_has_words_in_both_languages() {
        for lang in Lang::ALL {
            for kind in CaseEventKind::ALL {
                let key = audit_wording::key_of(&format!("case.{}", kind.code()));
                assert!(has_key(lang, &key), "{key} in {}", lang.code());
            }
            for key in ["audit.does.case_moved", "audit.does.other", "audit.system"] {
                assert!(has_key(lang, key), "{key} in {}", lang.code());
            }
        }
    }
}
