//! Every route of the application, as one table. The app is built from it
//! and the route × role test reads it, so a new route cannot go untested.
//! Each handler states its permission with a typed extractor; there is no
//! route-level guard to forget.
//!
//! The table is grouped by resource, one `web::scope` each, following
//! DESIGN.md §11's URL map; a scope nests inside the longest other scope
//! that is a prefix of it (`/staff/cases` inside `/staff`), so the mounted
//! tree is the folder tree of `web/`. Routes keep their full paths in
//! [`ROUTES`] for the tests. New areas take their own prefix here:
//! `/mentoring` (`web/mentoring/`), `/admin/stats` (`web/admin/stats/`)
//! and `/api` (`web/api/`, JSON errors).
//!
//! Order matters inside a scope: a literal segment (`/new`) must come
//! before the pattern that would also match it (`/{id}`). Across scopes it
//! does not: a request goes to the deepest scope that is a prefix of it.

use actix_web::http::Method;
use actix_web::{Route, web};

use super::{account, admin, api, assets, centre, mentoring, org, public, resident, staff};

/// One route: its method, its full path pattern and the handler it mounts.
pub struct RouteSpec {
    pub method: Method,
    pub path: &'static str,
    /// The scope it is mounted in; `path` starts with it.
    scope: &'static str,
    mount: fn(Route) -> Route,
}

/// `"/scope" { GET "/path" => handler, ... }` per resource.
macro_rules! route_table {
    ($($scope:literal { $($method:ident $path:literal => $handler:path,)* })*) => {
        &[$($(RouteSpec {
            method: Method::$method,
            path: concat!($scope, $path),
            scope: $scope,
            mount: |r| r.to($handler),
        },)*)*]
    };
}

pub const ROUTES: &[RouteSpec] = route_table! {
    // The resident portal's own pages, login and health.
    "" {
        GET "/healthz" => public::health::healthz,
        GET "/readyz" => public::health::readyz,
        GET "/" => public::home::home,
        GET "/login" => public::login::login_form,
        POST "/login" => public::login::login,
        POST "/logout" => public::login::logout,
        GET "/register" => public::register::form,
        POST "/register" => public::register::register,
    }
    // Stylesheets, compiled into the binary.
    "/static" {
        GET "/css/app.css" => assets::app_css,
        GET "/css/print.css" => assets::print_css,
    }
    "/prefs" {
        POST "/lang" => public::prefs::set_lang,
        POST "/elder" => public::prefs::set_elder,
        POST "/compound" => public::home::set_compound,
    }
    "/account" {
        GET "/password" => account::password_form,
        POST "/password" => account::change_password,
    }
    "/mediation" {
        GET "/apply" => public::mediation::apply_form,
        POST "/apply" => public::mediation::apply,
    }
    "/letters" {
        GET "/new" => public::letters::new_form,
        POST "/new" => public::letters::submit,
        GET "/new/photos/{token}/{id}" => public::kept_photos::thumbnail,
    }
    // A compound's public board of letters.
    "/board" {
        GET "/{place}" => public::board::board,
        POST "/{place}/letters/{id}/support" => public::board::support,
    }
    "/track" {
        GET "" => public::track::track_form,
        POST "" => public::track::track,
        GET "/{code}" => public::track::track_link,
    }
    "/me" {
        GET "" => resident::me,
        POST "/letters/attach" => resident::attach::attach,
        GET "/letters/{id}" => public::track::my_letter,
        GET "/cases/{id}" => public::track::my_case,
        POST "/notifications" => resident::notify_setting::save,
    }
    // Stopping notifications from the link in a message (token-based).
    "/notifications" {
        GET "/stop/{token}" => public::notify_stop::confirm,
        POST "/stop/{token}" => public::notify_stop::stop,
        POST "/stop/{token}/resume" => public::notify_stop::resume,
    }
    // Renovation projects and the demand-intention form.
    "/projects" {
        GET "" => public::projects::list,
        GET "/{id}" => public::projects::show,
        GET "/{id}/respond" => public::respond::form,
        POST "/{id}/respond" => public::respond::submit,
        GET "/{id}/notice" => public::vote_notice::notice,
    }
    // Staff: the dashboard, then one scope per resource.
    "/staff" {
        GET "" => staff::dashboard::dashboard,
        GET "/area" => staff::area::my_area,
    }
    // Cases, with their details: party edit, follow-up visits, performance and proofs.
    "/staff/stats" {
        GET "/me" => staff::stats::my_figures,
    }
    "/staff/library" {
        GET "" => staff::library::library,
    }
    "/staff/cases" {
        GET "" => staff::cases::list::list,
        GET "/new" => staff::cases::register::form,
        POST "/new" => staff::cases::register::register,
        GET "/export.csv" => staff::cases::export::csv,
        GET "/export.xlsx" => staff::cases::export::xlsx,
        GET "/export" => staff::cases::export::form,
        POST "/export" => staff::cases::export::unmasked,
        GET "/{id}" => staff::cases::page::show,
        GET "/{id}/handoff.json" => staff::cases::handoff::ask,
        POST "/{id}/handoff.json" => staff::cases::handoff::handoff,
        POST "/{id}/unmask" => staff::cases::page::unmask,
        POST "/{id}/transition" => staff::cases::transition::transition,
        POST "/{id}/parties" => staff::cases::parties::add_party,
        POST "/{id}/parties/{party}" => staff::cases::parties::party_notice,
        POST "/{id}/parties/{party}/open" => staff::cases::party_edit::form,
        POST "/{id}/records" => staff::cases::records::add_record,
        POST "/{id}/oral-review" => staff::cases::mentorship::review_oral,
        POST "/{id}/tags" => staff::cases::mentorship::tag_case,
        POST "/{id}/debriefs" => staff::cases::mentorship::write_debrief,
        POST "/{id}/debriefs/{debrief}/comment" => staff::cases::mentorship::comment_debrief,
        POST "/{id}/agreements" => staff::cases::agreements::add_agreement,
        POST "/{id}/agreement/terms" => staff::cases::agreements::add_term,
        POST "/{id}/agreement/signatures" => staff::cases::agreements::sign,
        POST "/{id}/court" => staff::cases::court::save,
        POST "/{id}/flags" => staff::cases::flags::set_flags,
        POST "/{id}/hold" => staff::cases::flags::set_hold,
        GET "/{id}/extension" => staff::cases::extension::form,
        POST "/{id}/extension" => staff::cases::extension::save,
        POST "/{id}/judicial" => staff::cases::judicial::record,
        GET "/{id}/print/{doc}" => staff::cases::print::ask,
        POST "/{id}/print/{doc}" => staff::cases::print::print,
        GET "/{id}/parties/{party}/edit" => staff::cases::party_edit::ask,
        POST "/{id}/parties/{party}/edit" => staff::cases::party_edit::save,
        GET "/{id}/follow-ups" => staff::cases::follow_ups::form,
        POST "/{id}/follow-ups" => staff::cases::follow_ups::save,
        GET "/{id}/performance" => staff::cases::performance::page,
        POST "/{id}/performance" => staff::cases::performance::record_status,
        POST "/{id}/proofs" => staff::cases::performance::upload,
        GET "/{id}/proofs/{n}" => staff::cases::performance::proof,
    }
    "/staff/screenings" {
        GET "" => staff::screenings::list,
        POST "" => staff::screenings::add,
    }
    "/staff/places" {
        GET "" => staff::places::root,
        GET "/{id}" => staff::places::browse,
        POST "/{id}/unmask" => staff::places::unmask,
        POST "/{id}/children" => staff::places::add_child,
        GET "/{id}/import" => staff::places_import::form,
        POST "/{id}/import" => staff::places_import::import,
        POST "/{id}/import/file" => staff::places_import::import_file,
        GET "/{id}/codes" => staff::codes::status,
        POST "/{id}/codes" => staff::codes::issue,
    }
    "/staff/codes" {
        POST "/{unit}/revoke" => staff::codes::revoke,
        POST "/{unit}/reissue" => staff::codes::reissue,
    }
    "/staff/projects" {
        GET "" => staff::projects::list::list,
        GET "/new" => staff::projects::list::new_form,
        POST "/new" => staff::projects::list::create,
        GET "/{id}" => staff::projects::page::page,
        POST "/{id}/items" => staff::projects::page::add_item,
        POST "/{id}/stage" => staff::projects::page::advance,
        POST "/{id}/schedule" => staff::projects::page::set_schedule,
        POST "/{id}/opinions/{opinion}/contact" => staff::projects::page::reveal_contact,
        GET "/{id}/opinions/{opinion}/evidence" => staff::projects::evidence::serve,
        GET "/{id}/meetings/new" => staff::projects::offline::meeting_form,
        POST "/{id}/meetings/new" => staff::projects::offline::create_meeting,
        GET "/{id}/opinions/new" => staff::projects::offline::opinion_form,
        POST "/{id}/opinions/new" => staff::projects::offline::record_opinion,
    }
    "/staff/ballots" {
        GET "/verify" => staff::ballots::verify,
    }
    "/staff/letters" {
        GET "" => staff::letters::list::list,
        GET "/export.csv" => staff::letters::export::csv,
        GET "/export.xlsx" => staff::letters::export::xlsx,
        GET "/export" => staff::letters::export::form,
        POST "/export" => staff::letters::export::unmasked,
        GET "/{id}" => staff::letters::page::show,
        POST "/{id}/contact" => staff::letters::page::reveal_contact,
        GET "/{id}/photos/{n}" => staff::letters::photos::photo,
        POST "/{id}/reply" => staff::letters::actions::reply,
        POST "/{id}/note" => staff::letters::actions::note,
        POST "/{id}/assign" => staff::letters::actions::assign,
        POST "/{id}/status" => staff::letters::actions::change_status,
        POST "/{id}/publish" => staff::letters::actions::publish,
    }
    // The resolution centre (issue 16): triage of a case, referrals and their steps.
    "/centre" {
        GET "" => centre::board::show,
    }
    "/centre/cases" {
        GET "/{id}/refer" => centre::refer::form,
        POST "/{id}/refer" => centre::refer::send,
    }
    "/centre/referrals" {
        GET "" => centre::referrals::list,
        GET "/export.csv" => centre::export::csv,
        GET "/export.xlsx" => centre::export::xlsx,
        GET "/{id}" => centre::referrals::detail,
        POST "/{id}/{action}" => centre::referrals::step,
    }
    // A receiving organisation's own staff (issue 16): its referrals only.
    "/org" {
        GET "" => org::referrals::list,
        GET "/referrals/{id}" => org::referrals::detail,
        // Before the step route, whose {action} would also match it.
        POST "/referrals/{id}/contact" => org::contacts::reveal,
        POST "/referrals/{id}/{action}" => org::referrals::step,
    }
    // 老马带小马: the dashboards, pairings, training records, own profile.
    "/mentoring" {
        GET "" => mentoring::dashboard::dashboard,
        GET "/profile" => mentoring::profile::show,
        POST "/profile" => mentoring::profile::save,
    }
    "/mentoring/pairings" {
        GET "/new" => mentoring::pairings::new_form,
        POST "/new" => mentoring::pairings::create,
        GET "/{id}" => mentoring::pairings::show,
        POST "/{id}/end" => mentoring::pairings::end,
        POST "/{id}/plan" => mentoring::pairings::tick,
        POST "/{id}/propose" => mentoring::pairings::propose,
        POST "/{id}/approve" => mentoring::pairings::approve,
    }
    "/mentoring/mediators" {
        GET "/{id}" => mentoring::mediators::show,
        POST "/{id}/training" => mentoring::mediators::add_training,
        POST "/{id}/incidents" => mentoring::mediators::add_incident,
    }
    // Administration.
    "/admin" {
        GET "" => admin::home::home,
        GET "/audit" => admin::audit::list,
        GET "/menu" => admin::menu::list,
        POST "/menu" => admin::menu::create,
        GET "/menu/{id}" => admin::menu::edit,
        POST "/menu/{id}" => admin::menu::save,
        POST "/menu/{id}/retire" => admin::menu::retire,
    }
    "/admin/users" {
        GET "" => admin::users::list,
        GET "/new" => admin::user_form::new_form,
        POST "/new" => admin::user_form::create,
        GET "/{id}" => admin::users::show,
        POST "/{id}/role" => admin::user_actions::change_role,
        POST "/{id}/disable" => admin::user_actions::disable,
        POST "/{id}/enable" => admin::user_actions::enable,
        POST "/{id}/reset-password" => admin::user_actions::reset_password,
        GET "/{id}/profile" => admin::profiles::form,
        POST "/{id}/profile" => admin::profiles::save,
    }
    // 老马带小马: studios and the programme's settings.
    "/admin/stats" {
        GET "" => admin::stats::dashboard,
        GET "/report" => admin::stats::report::page,
        GET "/report.xlsx" => admin::stats::report::spreadsheet,
        GET "/export/{table}" => admin::stats::export::download,
    }
    "/admin/studios" {
        GET "" => admin::studios::list,
        POST "" => admin::studios::create,
    }
    "/admin/mentoring" {
        GET "" => admin::mentoring_settings::show,
        POST "" => admin::mentoring_settings::save,
    }
    "/admin/committees" {
        GET "" => admin::committees::list,
        POST "/{id}" => admin::committees::update,
    }
    "/admin/method-tags" {
        GET "" => admin::method_tags::list,
        POST "" => admin::method_tags::add,
        POST "/{id}/retire" => admin::method_tags::retire,
    }
    // The notification outbox: counts, failures, retry.
    "/admin/notifications" {
        GET "" => admin::notifications::outbox,
        POST "/{id}/retry" => admin::notifications::retry,
    }
    // The organisations the centre refers disputes to (issue 16).
    "/admin/triage" {
        GET "" => admin::triage::list,
        POST "" => admin::triage::create,
        GET "/{id}" => admin::triage::edit,
        POST "/{id}" => admin::triage::save,
        POST "/{id}/delete" => admin::triage::delete,
    }
    "/admin/orgs" {
        GET "" => admin::orgs::list,
        POST "" => admin::orgs::create,
        GET "/{id}" => admin::orgs::edit,
        POST "/{id}" => admin::orgs::save,
    }
    "/admin/holidays" {
        GET "" => admin::holidays::list,
        POST "" => admin::holidays::add,
        POST "/{day}/remove" => admin::holidays::remove,
    }
    // Open data, read-only (JSON errors).
    "/api/open311/v2" {
        GET "/services.json" => api::open311::services,
        GET "/requests.json" => api::open311::requests,
        GET "/requests/{id}.json" => api::open311::request,
    }
    "/admin/letter-categories" {
        GET "" => admin::letter_categories::list,
        POST "" => admin::letter_categories::create,
        GET "/{code}" => admin::letter_categories::edit,
        POST "/{code}" => admin::letter_categories::save,
        POST "/{code}/retire" => admin::letter_categories::retire,
    }
    "/admin/dispute-types" {
        GET "" => admin::dispute_types::list,
        POST "" => admin::dispute_types::create,
        GET "/{type}" => admin::dispute_types::edit,
        POST "/{type}" => admin::dispute_types::save,
        POST "/{type}/retire" => admin::dispute_types::retire,
    }
    // The place hierarchy: browse, import, rename, move, retire (issue 13).
    "/admin/places" {
        GET "" => admin::places::root,
        GET "/import" => admin::place_import::form,
        POST "/import" => admin::place_import::upload,
        GET "/import/example.csv" => admin::place_import::example,
        GET "/{id}" => admin::places::node,
        POST "/{id}/contact" => admin::place_contact::save,
        POST "/{id}/rename" => admin::place_edit::rename,
        POST "/{id}/move" => admin::place_edit::move_place,
        POST "/{id}/retire" => admin::place_edit::retire,
    }
};

/// The scopes of [`ROUTES`], in order of first appearance.
fn scopes() -> impl Iterator<Item = &'static str> {
    ROUTES
        .iter()
        .enumerate()
        .filter(|(i, spec)| ROUTES[..*i].iter().all(|earlier| earlier.scope != spec.scope))
        .map(|(_, spec)| spec.scope)
}

/// Whether `path` lies under `scope`, ending at a segment boundary, as
/// actix matches a scope's prefix.
fn under(path: &str, scope: &str) -> bool {
    path.strip_prefix(scope)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// The scope `scope` nests in: the longest other scope that is its prefix
/// ("" for the top level, None for "" itself).
fn parent(scope: &str) -> Option<&'static str> {
    scopes()
        .filter(|s| *s != scope && under(scope, s))
        .max_by_key(|s| s.len())
}

/// Mounts every route of [`ROUTES`], each in its scope.
pub fn configure(cfg: &mut web::ServiceConfig) {
    mount(cfg, "");
}

/// Mounts the routes of `scope` (in table order), then the scopes nested in it.
fn mount(cfg: &mut web::ServiceConfig, scope: &'static str) {
    for spec in ROUTES.iter().filter(|s| s.scope == scope) {
        let route = (spec.mount)(web::route().method(spec.method.clone()));
        cfg.route(&spec.path[scope.len()..], route);
    }
    for child in scopes().filter(|s| parent(s) == Some(scope)) {
        cfg.service(web::scope(&child[scope.len()..]).configure(move |c| mount(c, child)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No route is shadowed: the deepest scope a path lies under is the one
    /// it is mounted in, since actix does not fall back from a scope that
    /// matched the prefix to a later one.
    #[test]
    fn every_route_sits_in_the_deepest_scope_of_its_path() {
        for spec in ROUTES {
            let deepest = scopes().filter(|s| under(spec.path, s)).max_by_key(|s| s.len());
            assert_eq!(deepest, Some(spec.scope), "{} {}", spec.method, spec.path);
        }
    }

    #[test]
    fn scopes_nest_by_prefix_and_paths_are_unique() {
        assert_eq!(parent(""), None);
        assert_eq!(parent("/staff"), Some(""));
        assert_eq!(parent("/staff/cases"), Some("/staff"));
        assert_eq!(parent("/admin/users"), Some("/admin"));
        for (i, a) in ROUTES.iter().enumerate() {
            assert!(
                ROUTES[i + 1..]
                    .iter()
                    .all(|b| (&b.method, b.path) != (&a.method, a.path)),
                "{} {} twice",
                a.method,
                a.path
            );
        }
    }
}
