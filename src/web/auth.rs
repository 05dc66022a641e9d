//! Typed permission extractors. A handler that takes `Admin` cannot run for
//! anyone else: anonymous visitors are sent to the login page, other roles
//! get 403. Deny by default.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};

use tokio::sync::OnceCell;

use super::error::AppError;
use super::session::{client_ip, session_token};
use super::state::AppState;
use crate::auth::tokens::sha256_hex;
use crate::db::{audit::AuditActor, sessions};
use crate::domain::role::{MediatorLevel, Role};

/// The logged-in account behind this request.
#[derive(Debug, Clone)]
pub struct SessionUser {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub level: Option<MediatorLevel>,
    pub area_id: Option<String>,
    /// The receiving organisation of an `OrgStaff` account.
    pub org_id: Option<String>,
    pub must_change_password: bool,
    pub session_token: String,
}

/// The session's user, looked up once per request. A handler's extractors
/// (its page context and its permission) are polled together, so a plain
/// "already loaded?" check would let each start its own lookup; they share
/// this cell and the second waits for the first.
#[derive(Clone, Default)]
struct LoadedUser(Rc<OnceCell<Option<SessionUser>>>);

/// Loads the session's user, once per request.
pub async fn current_user(req: &HttpRequest) -> Result<Option<SessionUser>, AppError> {
    let cell = {
        let mut extensions = req.extensions_mut();
        match extensions.get::<LoadedUser>() {
            Some(loaded) => loaded.0.clone(),
            None => {
                let loaded = LoadedUser::default();
                extensions.insert(loaded.clone());
                loaded.0
            }
        }
    };
    cell.get_or_try_init(|| load_user(req)).await.cloned()
}

async fn load_user(req: &HttpRequest) -> Result<Option<SessionUser>, AppError> {
    let Some(token) = session_token(req) else {
        return Ok(None);
    };
    let state = app_state(req)?;
    let hash = sha256_hex(&token);
    let found = state.db(move |conn| Ok(sessions::load_active(conn, &hash)?)).await?;
    Ok(found.map(|(_, u)| SessionUser {
        role: u.role(),
        level: u.level(),
        id: u.id,
        username: u.username,
        display_name: u.display_name,
        area_id: u.area_id,
        org_id: u.org_id,
        must_change_password: u.must_change_password,
        session_token: token,
    }))
}

pub fn app_state(req: &HttpRequest) -> Result<web::Data<AppState>, AppError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| AppError::internal("AppState missing"))
}

/// Where to come back to after logging in.
fn login_required(req: &HttpRequest) -> AppError {
    let next = match req.query_string() {
        "" => req.path().to_owned(),
        q => format!("{}?{q}", req.path()),
    };
    AppError::LoginRequired { next }
}

/// Any logged-in account; also used by the password-change page itself.
pub struct AnyUser(pub SessionUser);

async fn require(req: HttpRequest, allowed: fn(&SessionUser) -> bool) -> Result<SessionUser, AppError> {
    let user = current_user(&req).await?.ok_or_else(|| login_required(&req))?;
    // A temporary password must be replaced before anything else is done.
    if user.must_change_password {
        return Err(AppError::PasswordChangeRequired);
    }
    if allowed(&user) {
        Ok(user)
    } else {
        Err(AppError::forbidden())
    }
}

type Fut<T> = Pin<Box<dyn Future<Output = Result<T, AppError>>>>;

impl FromRequest for AnyUser {
    type Error = AppError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let user = current_user(&req).await?.ok_or_else(|| login_required(&req))?;
            Ok(AnyUser(user))
        })
    }
}

/// Declares an extractor that admits the users `allowed` accepts.
macro_rules! role_extractor {
    ($(#[$doc:meta])* $name:ident, $allowed:expr) => {
        $(#[$doc])*
        pub struct $name(pub SessionUser);

        impl FromRequest for $name {
            type Error = AppError;
            type Future = Fut<Self>;

            fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
                let req = req.clone();
                Box::pin(async move { require(req, $allowed).await.map($name) })
            }
        }
    };
}

role_extractor!(
    /// Any governance-centre staff member: coordinator, mediator or admin.
    Staff,
    |u| u.role.is_staff()
);
role_extractor!(
    /// A coordinator (street or community staff).
    Coordinator,
    |u| u.role == Role::Coordinator
);
role_extractor!(
    /// Who manages places, households and renovation projects: a coordinator
    /// (own street only, checked per record) or an admin (everywhere).
    PlaceManager,
    |u| u.role == Role::Coordinator || u.role == Role::Admin
);
role_extractor!(
    /// Who answers mailbox letters: coordinators (their street) and admins.
    LetterDesk,
    |u| matches!(u.role, Role::Coordinator | Role::Admin)
);
role_extractor!(
    /// Who works the resolution centre's intake and referrals: coordinators
    /// (their street's governance centre) and admins (the district centre).
    CentreDesk,
    |u| matches!(u.role, Role::Coordinator | Role::Admin)
);
role_extractor!(
    /// A mediator of either level.
    Mediator,
    |u| u.role == Role::Mediator
);
role_extractor!(
    /// A 老马: a senior mediator who may mentor and sign off.
    SeniorMediator,
    |u| u.role == Role::Mediator && u.level == Some(MediatorLevel::Senior)
);
role_extractor!(
    /// Who uses the mentorship pages: mediators of either level and admins.
    MentoringUser,
    |u| matches!(u.role, Role::Mediator | Role::Admin)
);
role_extractor!(
    /// Who reads the statistics dashboard: admins (the district) and
    /// coordinators (their own street only, enforced by the handler).
    StatsReader,
    |u| matches!(u.role, Role::Coordinator | Role::Admin)
);
/// A receiving organisation's staff member with their organisation: they
/// act only on the referrals sent to it (checked per referral).
pub struct OrgUser {
    pub user: SessionUser,
    pub org_id: String,
}

impl FromRequest for OrgUser {
    type Error = AppError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let user = require(req, |u| u.role == Role::OrgStaff && u.org_id.is_some()).await?;
            let org_id = user.org_id.clone().unwrap_or_default();
            Ok(OrgUser { user, org_id })
        })
    }
}

role_extractor!(
    /// A district administrator.
    Admin,
    |u| u.role == Role::Admin
);
role_extractor!(
    /// A resident with an account.
    Resident,
    |u| u.role == Role::Resident
);

/// The actor of an audit row, from the request and (if any) its user.
pub fn audit_actor(req: &HttpRequest, user: Option<&SessionUser>) -> AuditActor {
    let state = req.app_data::<web::Data<AppState>>();
    let ip = client_ip(req, state.and_then(|s| s.trusted_proxy)).map(|ip| ip.to_string());
    AuditActor {
        user_id: user.map(|u| u.id.clone()),
        label: user
            .map(|u| crate::domain::masking::mask_login(&u.username))
            .unwrap_or_else(|| "anonymous".to_owned()),
        ip,
        request_id: req
            .extensions()
            .get::<super::middleware::RequestId>()
            .map(|r| r.0.clone()),
    }
}

impl SessionUser {
    /// The user as the use-case layers see them when they open a case.
    pub fn viewer(&self) -> crate::domain::viewer::Viewer {
        crate::domain::viewer::Viewer {
            id: self.id.clone(),
            role: self.role,
            area_id: self.area_id.clone(),
        }
    }

    /// The places and projects this user may manage.
    pub fn renovation_scope(&self) -> crate::renovation::Scope {
        crate::renovation::Scope::new(self.role == Role::Admin, self.area_id.as_deref())
    }
}
