//! What every page needs: language, display mode, CSRF token, the user and
//! the navigation for their role.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest};

use super::assets;
use super::auth::{SessionUser, app_state, current_user};
use super::error::AppError;
use super::middleware::{CsrfToken, RequestId};
use super::session::{ELDER_COOKIE, LANG_COOKIE};
use crate::domain::role::Role;
use crate::i18n::{self, Lang};
use crate::mediation::queues;

/// Cloned by the case detail pages, which build their page (for errors)
/// before the change pipeline, which keeps its own, runs.
#[derive(Clone)]
pub struct PageCtx {
    pub lang: Lang,
    pub elder: bool,
    pub csrf: String,
    pub user: Option<SessionUser>,
    /// Path and query of this page, to come back to after a switch.
    pub here: String,
    pub request_id: String,
    /// Cases waiting for this user's action (their review, acceptance,
    /// assignment or overdue work), per queue; their sum is shown beside the
    /// cases link, and the case list reuses them for its tabs.
    pub waiting: queues::Waiting,
    /// Letters in this user's area still awaiting acknowledgement, counted
    /// up to [`LETTERS_CAP`]; shown beside the letters link.
    pub letters_waiting: i64,
    /// The footer's operator and centre contact (configured).
    pub contacts: std::sync::Arc<crate::settings::contacts::SiteContacts>,
    /// The resident's community contact, when a page knows their place
    /// (the portal); the footer adds it.
    pub community: Option<crate::db::place_contacts::PlaceContact>,
}

/// The letters badge counts this far and then says "99+".
pub const LETTERS_CAP: i64 = 100;

pub struct NavItem {
    pub href: &'static str,
    pub label: String,
    pub current: bool,
    /// A count of items waiting behind this link; 0 shows none.
    pub badge: i64,
}

impl NavItem {
    /// The badge as shown: a capped count reads "99+".
    pub fn badge_text(&self) -> String {
        if self.badge >= LETTERS_CAP {
            "99+".to_owned()
        } else {
            self.badge.to_string()
        }
    }

    /// The badge's title and spoken label: letters wait for
    /// acknowledgement, cases for the user's action.
    pub fn badge_keys(&self) -> (&'static str, &'static str) {
        if self.href == "/staff/letters" {
            ("nav.letters_waiting", "nav.letters_waiting_label")
        } else {
            ("nav.waiting", "nav.waiting_label")
        }
    }
}

impl PageCtx {
    /// Everything except the user; used by error pages, which must not touch
    /// the database.
    pub fn anonymous(req: &HttpRequest) -> Self {
        let lang = req
            .cookie(LANG_COOKIE)
            .and_then(|c| Lang::parse(c.value()))
            .unwrap_or_default();
        let here = match req.query_string() {
            "" => req.path().to_owned(),
            q => format!("{}?{q}", req.path()),
        };
        PageCtx {
            lang,
            elder: req.cookie(ELDER_COOKIE).is_some_and(|c| c.value() == "1"),
            csrf: req
                .extensions()
                .get::<CsrfToken>()
                .map(|t| t.0.clone())
                .unwrap_or_default(),
            user: None,
            here,
            request_id: req
                .extensions()
                .get::<RequestId>()
                .map(|r| r.0.clone())
                .unwrap_or_default(),
            waiting: queues::Waiting::default(),
            letters_waiting: 0,
            contacts: req
                .app_data::<actix_web::web::Data<crate::web::state::AppState>>()
                .map(|s| s.contacts.clone())
                .unwrap_or_default(),
            community: None,
        }
    }

    pub fn t(&self, key: impl AsRef<str>) -> String {
        i18n::t(self.lang, key.as_ref())
    }

    /// The display name of any vocabulary value (state, role, stage, …).
    pub fn label<V: crate::domain::vocabulary::Vocabulary>(&self, value: &V) -> String {
        i18n::t(self.lang, value.label_key())
    }

    pub fn t_with(&self, key: &str, name: &str, value: &str) -> String {
        i18n::t_with(self.lang, key, &[(name, value)])
    }

    pub fn css_href(&self) -> &'static str {
        assets::css_href()
    }

    pub fn print_css_href(&self) -> &'static str {
        assets::print_css_href()
    }

    pub fn other_lang(&self) -> &'static str {
        self.lang.other().code()
    }

    pub fn role_label(&self) -> String {
        let Some(user) = &self.user else { return String::new() };
        match user.level {
            Some(level) if user.role == Role::Mediator => self.t(level.label_key()),
            _ => self.t(user.role.label_key()),
        }
    }

    /// The menu's counts together, for the folded menu's button (elderly
    /// mode), behind which the links' own badges are out of sight: empty
    /// when nothing waits, "99+" past the cap.
    pub fn nav_waiting(&self) -> String {
        match self.nav().iter().map(|item| item.badge).sum::<i64>() {
            0 => String::new(),
            n if n >= LETTERS_CAP => "99+".to_owned(),
            n => n.to_string(),
        }
    }

    /// The links this user may follow; nothing is offered that would 403.
    pub fn nav(&self) -> Vec<NavItem> {
        let links: &[(&'static str, &str)] = match self.user.as_ref().map(|u| u.role) {
            None => &[
                ("/", "nav.home"),
                ("/mediation/apply", "nav.apply"),
                ("/letters/new", "nav.letter"),
                ("/projects", "nav.renovation"),
                ("/track", "nav.track"),
                ("/login", "nav.login"),
            ],
            Some(Role::Resident) => &[
                ("/", "nav.home"),
                ("/mediation/apply", "nav.apply"),
                ("/letters/new", "nav.letter"),
                ("/projects", "nav.renovation"),
                ("/track", "nav.track"),
                ("/me", "nav.me"),
            ],
            Some(Role::Coordinator) => &[
                ("/staff", "nav.workbench"),
                ("/staff/cases", "nav.cases"),
                ("/centre", "nav.board"),
                ("/centre/referrals", "nav.referrals"),
                ("/staff/letters", "nav.letters"),
                ("/staff/projects", "nav.projects"),
                ("/staff/places", "nav.places"),
                ("/staff/area", "nav.area"),
                ("/staff/screenings", "nav.screenings"),
                ("/admin/stats", "nav.stats"),
            ],
            Some(Role::Mediator) => &[
                ("/staff", "nav.workbench"),
                ("/staff/cases", "nav.cases"),
                ("/mentoring", "nav.mentoring"),
                ("/staff/library", "nav.library"),
                ("/staff/stats/me", "nav.my_stats"),
            ],
            Some(Role::OrgStaff) => &[("/org", "nav.org_referrals")],
            Some(Role::Admin) => &[
                ("/admin", "nav.admin_home"),
                ("/admin/stats", "nav.stats"),
                ("/staff/cases", "nav.cases"),
                ("/centre", "nav.board"),
                ("/centre/referrals", "nav.referrals"),
                ("/admin/users", "nav.users"),
                ("/mentoring", "nav.mentoring"),
                ("/admin/studios", "nav.studios"),
                ("/staff/letters", "nav.letters"),
                ("/admin/letter-categories", "nav.letter_categories"),
                ("/admin/dispute-types", "nav.dispute_types"),
                ("/admin/committees", "nav.committees"),
                ("/admin/orgs", "nav.orgs"),
                ("/admin/triage", "nav.triage"),
                ("/admin/holidays", "nav.holidays"),
                ("/admin/method-tags", "nav.method_tags"),
                ("/admin/audit", "nav.audit"),
                ("/admin/notifications", "notify.admin.nav"),
                ("/admin/menu", "nav.menu"),
                ("/admin/places", "nav.places"),
                ("/staff/projects", "nav.projects"),
            ],
        };
        let path = self.here.split('?').next().unwrap_or("");
        links
            .iter()
            .map(|(href, key)| NavItem {
                href,
                label: self.t(key),
                current: is_current(href, path),
                badge: match *href {
                    "/staff/cases" => self.waiting.total(),
                    "/staff/letters" => self.letters_waiting,
                    _ => 0,
                },
            })
            .collect()
    }
}

fn is_current(href: &str, path: &str) -> bool {
    if href == "/" || href == "/admin" || href == "/staff" {
        path == href
    } else {
        path == href || path.starts_with(&format!("{href}/"))
    }
}

impl FromRequest for PageCtx {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let mut ctx = PageCtx::anonymous(&req);
            ctx.user = current_user(&req).await?;
            (ctx.waiting, ctx.letters_waiting) = work_waiting(&req, ctx.user.as_ref()).await?;
            Ok(ctx)
        })
    }
}

/// Only people who work cases get the case count, and only those at the
/// letter desk (coordinators for their street, admins for the district) the
/// letter count; both cost a few indexed reads of bounded length, so they
/// are skipped on POSTs, which mostly answer with a redirect.
async fn work_waiting(req: &HttpRequest, user: Option<&SessionUser>) -> Result<(queues::Waiting, i64), AppError> {
    let none = (queues::Waiting::default(), 0);
    if req.method() != actix_web::http::Method::GET {
        return Ok(none);
    }
    let Some(user) = user.filter(|u| matches!(u.role, Role::Coordinator | Role::Mediator | Role::Admin)) else {
        return Ok(none);
    };
    if user.must_change_password {
        return Ok(none);
    }
    let viewer = user.viewer();
    let works_cases = user.role != Role::Admin;
    // A coordinator without a street sees no letters: nothing waits for them.
    let letter_street = match user.role {
        Role::Coordinator => Some(Some(user.area_id.clone().unwrap_or_default())),
        Role::Admin => Some(None),
        _ => None,
    };
    let state = app_state(req)?;
    state
        .db(move |conn| {
            let waiting = if works_cases {
                queues::waiting(conn, &viewer, crate::db::now_ts())?
            } else {
                queues::Waiting::default()
            };
            let letters = match &letter_street {
                Some(street) => crate::db::letters::count_awaiting_ack(conn, street.as_deref(), LETTERS_CAP)?,
                None => 0,
            };
            Ok((waiting, letters))
        })
        .await
}
