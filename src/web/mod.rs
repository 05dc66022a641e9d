//! The HTTP layer: routes, extractors, middleware, pages per area.

pub mod account;
pub mod admin;
pub mod assets;
pub mod attempts;
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
pub mod tally_view;
pub mod upload;

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
        .route("/register", web::get().to(public::register::form))
        .route("/register", web::post().to(public::register::register))
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
    case_detail_routes(cfg);
    renovation_routes(cfg);
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
        .route("/staff/letters/{id}/status", web::post().to(actions::change_status))
        .route("/staff/letters/{id}/publish", web::post().to(actions::publish));
}

fn case_routes(cfg: &mut web::ServiceConfig) {
    use staff::cases::{actions, agreements, judicial, list, page, parties, print, records, register};
    cfg.route("/staff/cases", web::get().to(list::list))
        .route("/staff/cases/new", web::get().to(register::form))
        .route("/staff/cases/new", web::post().to(register::register))
        .route("/staff/cases/{id}", web::get().to(page::show))
        .route("/staff/cases/{id}/unmask", web::post().to(page::unmask))
        .route("/staff/cases/{id}/transition", web::post().to(actions::transition))
        .route("/staff/cases/{id}/parties", web::post().to(parties::add_party))
        .route(
            "/staff/cases/{id}/parties/{party}",
            web::post().to(parties::party_notice),
        )
        .route("/staff/cases/{id}/records", web::post().to(records::add_record))
        .route("/staff/cases/{id}/agreements", web::post().to(records::add_agreement))
        .route(
            "/staff/cases/{id}/agreement/terms",
            web::post().to(agreements::add_term),
        )
        .route(
            "/staff/cases/{id}/agreement/signatures",
            web::post().to(agreements::sign),
        )
        .route("/staff/cases/{id}/flags", web::post().to(records::set_flags))
        .route("/staff/cases/{id}/hold", web::post().to(records::set_hold))
        .route("/staff/cases/{id}/extension", web::post().to(records::extend))
        .route("/staff/cases/{id}/judicial", web::post().to(judicial::record))
        .route("/staff/cases/{id}/print/{doc}", web::get().to(print::ask))
        .route("/staff/cases/{id}/print/{doc}", web::post().to(print::print));
}

/// A case's details: party edit, follow-up visits, performance and proofs.
fn case_detail_routes(cfg: &mut web::ServiceConfig) {
    use staff::cases::{followup, party_edit, proofs};
    let party = "/staff/cases/{id}/parties/{party}/edit";
    cfg.route(party, web::get().to(party_edit::ask))
        .route(party, web::post().to(party_edit::save))
        .route(
            "/staff/cases/{id}/parties/{party}/open",
            web::post().to(party_edit::form),
        )
        .route("/staff/cases/{id}/follow-ups", web::get().to(followup::form))
        .route("/staff/cases/{id}/follow-ups", web::post().to(followup::save))
        .route("/staff/cases/{id}/performance", web::get().to(proofs::page))
        .route("/staff/cases/{id}/performance", web::post().to(proofs::record_status))
        .route("/staff/cases/{id}/proofs", web::post().to(proofs::upload))
        .route("/staff/cases/{id}/proofs/{n}", web::get().to(proofs::proof));
}

fn renovation_routes(cfg: &mut web::ServiceConfig) {
    use staff::projects::{list, offline, page};
    use staff::{ballots, codes, places, places_import};
    cfg.route("/projects", web::get().to(public::projects::list))
        .route("/projects/{id}", web::get().to(public::projects::show))
        .route("/projects/{id}/respond", web::get().to(public::respond::form))
        .route("/projects/{id}/respond", web::post().to(public::respond::submit))
        .route("/staff/places", web::get().to(places::root))
        .route("/staff/places/{id}", web::get().to(places::browse))
        .route("/staff/places/{id}/children", web::post().to(places::add_child))
        .route("/staff/places/{id}/unmask", web::post().to(places::unmask))
        .route("/staff/places/{id}/import", web::get().to(places_import::form))
        .route("/staff/places/{id}/import", web::post().to(places_import::import))
        .route(
            "/staff/places/{id}/import/file",
            web::post().to(places_import::import_file),
        )
        .route("/staff/places/{id}/codes", web::get().to(codes::status))
        .route("/staff/places/{id}/codes", web::post().to(codes::issue))
        .route("/staff/codes/{unit}/revoke", web::post().to(codes::revoke))
        .route("/staff/codes/{unit}/reissue", web::post().to(codes::reissue))
        .route("/staff/projects", web::get().to(list::list))
        .route("/staff/projects/new", web::get().to(list::new_form))
        .route("/staff/projects/new", web::post().to(list::create))
        .route("/staff/projects/{id}", web::get().to(page::page))
        .route("/staff/projects/{id}/items", web::post().to(page::add_item))
        .route("/staff/projects/{id}/stage", web::post().to(page::advance))
        .route("/staff/projects/{id}/schedule", web::post().to(page::set_schedule))
        .route(
            "/staff/projects/{id}/opinions/{opinion}/contact",
            web::post().to(page::reveal_contact),
        )
        .route(
            "/staff/projects/{id}/opinions/{opinion}/evidence",
            web::get().to(staff::projects::evidence::serve),
        )
        .route(
            "/staff/projects/{id}/meetings/new",
            web::get().to(offline::meeting_form),
        )
        .route(
            "/staff/projects/{id}/meetings/new",
            web::post().to(offline::create_meeting),
        )
        .route(
            "/staff/projects/{id}/opinions/new",
            web::get().to(offline::opinion_form),
        )
        .route(
            "/staff/projects/{id}/opinions/new",
            web::post().to(offline::record_opinion),
        )
        .route("/staff/ballots/verify", web::get().to(ballots::verify))
        .route("/admin/menu", web::get().to(admin::menu::list))
        .route("/admin/menu", web::post().to(admin::menu::create));
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
        .route("/admin/committees", web::get().to(admin::committees::list))
        .route("/admin/committees/{id}", web::post().to(admin::committees::update))
        .route(
            "/admin/letter-categories",
            web::get().to(admin::letter_categories::list),
        )
        .route(
            "/admin/letter-categories/{code}",
            web::post().to(admin::letter_categories::update),
        );
}
