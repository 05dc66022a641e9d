//! The HTTP layer: routes, extractors, middleware, pages per area.

pub mod account;
pub mod admin;
pub mod assets;
pub mod auth;
pub mod context;
pub mod error;
pub mod forms;
pub mod middleware;
pub mod multipart;
pub mod public;
pub mod render;
pub mod resident;
pub mod session;
pub mod staff;
pub mod state;

use actix_web::web;

/// Every route of the application. Each handler states its permission with
/// a typed extractor; there is no route-level guard to forget.
pub fn routes(cfg: &mut web::ServiceConfig) {
    assets::routes(cfg);
    cfg.route("/healthz", web::get().to(public::health::healthz))
        .route("/", web::get().to(public::home::home))
        .route("/login", web::get().to(public::login::login_form))
        .route("/login", web::post().to(public::login::login))
        .route("/logout", web::post().to(public::login::logout))
        .route("/prefs/lang", web::post().to(public::prefs::set_lang))
        .route("/prefs/elder", web::post().to(public::prefs::set_elder))
        .route("/account/password", web::get().to(account::password_form))
        .route("/account/password", web::post().to(account::change_password))
        .route("/mediation/apply", web::get().to(public::mediation::apply_form))
        .route("/mediation/apply", web::post().to(public::mediation::apply))
        .route("/letters/new", web::get().to(public::letters::new_form))
        .route("/letters/new", web::post().to(public::letters::submit))
        .route("/board/{place}", web::get().to(public::board::board))
        .route(
            "/board/{place}/letters/{id}/support",
            web::post().to(public::board::support),
        )
        .route("/track", web::get().to(public::track::track_form))
        .route("/track", web::post().to(public::track::track))
        .route("/me", web::get().to(resident::me))
        .route("/me/letters/attach", web::post().to(resident::attach::attach))
        .route("/staff", web::get().to(staff::dashboard::dashboard))
        .route("/staff/area", web::get().to(staff::area::my_area));
    case_routes(cfg);
    letter_routes(cfg);
    admin_routes(cfg);
}

fn letter_routes(cfg: &mut web::ServiceConfig) {
    use staff::letters::{actions, list, page, photos};
    cfg.route("/staff/letters", web::get().to(list::list))
        .route("/staff/letters/{id}", web::get().to(page::show))
        .route("/staff/letters/{id}/contact", web::post().to(page::reveal_contact))
        .route("/staff/letters/{id}/photos/{n}", web::get().to(photos::photo))
        .route("/staff/letters/{id}/reply", web::post().to(actions::reply))
        .route("/staff/letters/{id}/note", web::post().to(actions::note))
        .route("/staff/letters/{id}/assign", web::post().to(actions::assign))
        .route("/staff/letters/{id}/status", web::post().to(actions::change_status));
}

fn case_routes(cfg: &mut web::ServiceConfig) {
    use staff::cases::{actions, list, page, records, register};
    cfg.route("/staff/cases", web::get().to(list::list))
        .route("/staff/cases/new", web::get().to(register::form))
        .route("/staff/cases/new", web::post().to(register::register))
        .route("/staff/cases/{id}", web::get().to(page::show))
        .route("/staff/cases/{id}/transition", web::post().to(actions::transition))
        .route("/staff/cases/{id}/parties", web::post().to(records::add_party))
        .route(
            "/staff/cases/{id}/parties/{party}",
            web::post().to(records::party_notice),
        )
        .route("/staff/cases/{id}/records", web::post().to(records::add_record))
        .route("/staff/cases/{id}/agreements", web::post().to(records::add_agreement))
        .route("/staff/cases/{id}/flags", web::post().to(records::set_flags))
        .route("/staff/cases/{id}/hold", web::post().to(records::set_hold))
        .route("/staff/cases/{id}/extension", web::post().to(records::extend));
}

fn admin_routes(cfg: &mut web::ServiceConfig) {
    use admin::{audit, home, user_actions, user_form, users};
    cfg.route("/admin", web::get().to(home::home))
        .route("/admin/users", web::get().to(users::list))
        .route("/admin/users/new", web::get().to(user_form::new_form))
        .route("/admin/users/new", web::post().to(user_form::create))
        .route("/admin/users/{id}", web::get().to(users::show))
        .route("/admin/users/{id}/role", web::post().to(user_actions::change_role))
        .route("/admin/users/{id}/disable", web::post().to(user_actions::disable))
        .route("/admin/users/{id}/enable", web::post().to(user_actions::enable))
        .route(
            "/admin/users/{id}/reset-password",
            web::post().to(user_actions::reset_password),
        )
        .route("/admin/audit", web::get().to(audit::list))
        .route(
            "/admin/letter-categories",
            web::get().to(admin::letter_categories::list),
        )
        .route(
            "/admin/letter-categories/{code}",
            web::post().to(admin::letter_categories::update),
        );
}
