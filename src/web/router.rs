//! Every route of the application, as one table. The app is built from it
//! and the route × role test reads it, so a new route cannot go untested.
//! Each handler states its permission with a typed extractor; there is no
//! route-level guard to forget.
//!
//! Order matters: a literal segment (`/staff/cases/new`) must come before
//! the pattern that would also match it (`/staff/cases/{id}`).

use actix_web::http::Method;
use actix_web::{Route, web};

use super::{account, admin, assets, public, resident, staff};

/// One route: its method, its path pattern and the handler it mounts.
pub struct RouteSpec {
    pub method: Method,
    pub path: &'static str,
    mount: fn(Route) -> Route,
}

/// `GET "/path" => handler,` per line.
macro_rules! route_table {
    ($($method:ident $path:literal => $handler:path,)*) => {
        &[$(RouteSpec { method: Method::$method, path: $path, mount: |r| r.to($handler) },)*]
    };
}

pub const ROUTES: &[RouteSpec] = route_table![
    GET "/static/css/app.css" => assets::app_css,
    GET "/static/css/print.css" => assets::print_css,
    GET "/healthz" => public::health::healthz,
    GET "/" => public::home::home,
    GET "/login" => public::login::login_form,
    POST "/login" => public::login::login,
    POST "/logout" => public::login::logout,
    GET "/register" => public::register::form,
    POST "/register" => public::register::register,
    POST "/prefs/lang" => public::prefs::set_lang,
    POST "/prefs/elder" => public::prefs::set_elder,
    GET "/account/password" => account::password_form,
    POST "/account/password" => account::change_password,
    GET "/mediation/apply" => public::mediation::apply_form,
    POST "/mediation/apply" => public::mediation::apply,
    GET "/letters/new" => public::letters::new_form,
    POST "/letters/new" => public::letters::submit,
    GET "/board/{place}" => public::board::board,
    POST "/board/{place}/letters/{id}/support" => public::board::support,
    GET "/track" => public::track::track_form,
    POST "/track" => public::track::track,
    GET "/me" => resident::me,
    POST "/me/letters/attach" => resident::attach::attach,
    GET "/staff" => staff::dashboard::dashboard,
    GET "/staff/area" => staff::area::my_area,
    // Cases.
    GET "/staff/cases" => staff::cases::list::list,
    GET "/staff/cases/new" => staff::cases::register::form,
    POST "/staff/cases/new" => staff::cases::register::register,
    GET "/staff/cases/{id}" => staff::cases::page::show,
    POST "/staff/cases/{id}/unmask" => staff::cases::page::unmask,
    POST "/staff/cases/{id}/transition" => staff::cases::actions::transition,
    POST "/staff/cases/{id}/parties" => staff::cases::parties::add_party,
    POST "/staff/cases/{id}/parties/{party}" => staff::cases::parties::party_notice,
    POST "/staff/cases/{id}/parties/{party}/open" => staff::cases::party_edit::form,
    POST "/staff/cases/{id}/records" => staff::cases::records::add_record,
    POST "/staff/cases/{id}/agreements" => staff::cases::records::add_agreement,
    POST "/staff/cases/{id}/agreement/terms" => staff::cases::agreements::add_term,
    POST "/staff/cases/{id}/agreement/signatures" => staff::cases::agreements::sign,
    POST "/staff/cases/{id}/flags" => staff::cases::records::set_flags,
    POST "/staff/cases/{id}/hold" => staff::cases::records::set_hold,
    POST "/staff/cases/{id}/extension" => staff::cases::records::extend,
    POST "/staff/cases/{id}/judicial" => staff::cases::judicial::record,
    GET "/staff/cases/{id}/print/{doc}" => staff::cases::print::ask,
    POST "/staff/cases/{id}/print/{doc}" => staff::cases::print::print,
    // A case's details: party edit, follow-up visits, performance and proofs.
    GET "/staff/cases/{id}/parties/{party}/edit" => staff::cases::party_edit::ask,
    POST "/staff/cases/{id}/parties/{party}/edit" => staff::cases::party_edit::save,
    GET "/staff/cases/{id}/follow-ups" => staff::cases::followup::form,
    POST "/staff/cases/{id}/follow-ups" => staff::cases::followup::save,
    GET "/staff/cases/{id}/performance" => staff::cases::proofs::page,
    POST "/staff/cases/{id}/performance" => staff::cases::proofs::record_status,
    POST "/staff/cases/{id}/proofs" => staff::cases::proofs::upload,
    GET "/staff/cases/{id}/proofs/{n}" => staff::cases::proofs::proof,
    // Renovation: projects, places and household codes.
    GET "/projects" => public::projects::list,
    GET "/projects/{id}" => public::projects::show,
    GET "/projects/{id}/respond" => public::respond::form,
    POST "/projects/{id}/respond" => public::respond::submit,
    GET "/staff/places" => staff::places::root,
    GET "/staff/places/{id}" => staff::places::browse,
    POST "/staff/places/{id}/unmask" => staff::places::unmask,
    POST "/staff/places/{id}/children" => staff::places::add_child,
    GET "/staff/places/{id}/import" => staff::places_import::form,
    POST "/staff/places/{id}/import" => staff::places_import::import,
    POST "/staff/places/{id}/import/file" => staff::places_import::import_file,
    GET "/staff/places/{id}/codes" => staff::codes::status,
    POST "/staff/places/{id}/codes" => staff::codes::issue,
    POST "/staff/codes/{unit}/revoke" => staff::codes::revoke,
    POST "/staff/codes/{unit}/reissue" => staff::codes::reissue,
    GET "/staff/projects" => staff::projects::list::list,
    GET "/staff/projects/new" => staff::projects::list::new_form,
    POST "/staff/projects/new" => staff::projects::list::create,
    GET "/staff/projects/{id}" => staff::projects::page::page,
    POST "/staff/projects/{id}/items" => staff::projects::page::add_item,
    POST "/staff/projects/{id}/stage" => staff::projects::page::advance,
    POST "/staff/projects/{id}/schedule" => staff::projects::page::set_schedule,
    POST "/staff/projects/{id}/opinions/{opinion}/contact" => staff::projects::page::reveal_contact,
    GET "/staff/projects/{id}/opinions/{opinion}/evidence" => staff::projects::evidence::serve,
    GET "/staff/projects/{id}/meetings/new" => staff::projects::offline::meeting_form,
    POST "/staff/projects/{id}/meetings/new" => staff::projects::offline::create_meeting,
    GET "/staff/projects/{id}/opinions/new" => staff::projects::offline::opinion_form,
    POST "/staff/projects/{id}/opinions/new" => staff::projects::offline::record_opinion,
    GET "/staff/ballots/verify" => staff::ballots::verify,
    GET "/admin/menu" => admin::menu::list,
    POST "/admin/menu" => admin::menu::create,
    // The letters desk.
    GET "/staff/letters" => staff::letters::list::list,
    GET "/staff/letters/{id}" => staff::letters::page::show,
    POST "/staff/letters/{id}/contact" => staff::letters::page::reveal_contact,
    GET "/staff/letters/{id}/photos/{n}" => staff::letters::photos::photo,
    POST "/staff/letters/{id}/reply" => staff::letters::actions::reply,
    POST "/staff/letters/{id}/note" => staff::letters::actions::note,
    POST "/staff/letters/{id}/assign" => staff::letters::actions::assign,
    POST "/staff/letters/{id}/status" => staff::letters::actions::change_status,
    POST "/staff/letters/{id}/publish" => staff::letters::actions::publish,
    // Administration.
    GET "/admin" => admin::home::home,
    GET "/admin/users" => admin::users::list,
    GET "/admin/users/new" => admin::user_form::new_form,
    POST "/admin/users/new" => admin::user_form::create,
    GET "/admin/users/{id}" => admin::users::show,
    POST "/admin/users/{id}/role" => admin::user_actions::change_role,
    POST "/admin/users/{id}/disable" => admin::user_actions::disable,
    POST "/admin/users/{id}/enable" => admin::user_actions::enable,
    POST "/admin/users/{id}/reset-password" => admin::user_actions::reset_password,
    GET "/admin/audit" => admin::audit::list,
    GET "/admin/committees" => admin::committees::list,
    POST "/admin/committees/{id}" => admin::committees::update,
    GET "/admin/letter-categories" => admin::letter_categories::list,
    POST "/admin/letter-categories/{code}" => admin::letter_categories::update,
];

/// Mounts every route of [`ROUTES`], in order.
pub fn configure(cfg: &mut web::ServiceConfig) {
    for spec in ROUTES {
        cfg.route(spec.path, (spec.mount)(web::route().method(spec.method.clone())));
    }
}
