//! What each role gets from each route: one line per route of
//! `yuanba::web::router::ROUTES`. A route missing here fails the test.
//!
//! Columns, in order: anonymous, resident, coordinator of another street,
//! mediator not on the case, the case's mediator, the records' coordinator,
//! admin. Letters:
//! - `O` allowed: the handler ran: 2xx, a redirect other than to the login
//!   page, or its own refusal of the input (401 for a wrong password, 409
//!   for a stale version, 422 for a field error);
//! - `L` sent to the login page;
//! - `F` 403 forbidden;
//! - `N` 404 not found (a case's proof that does not exist).
//!
//! A record outside the caller's area or role answers 403 throughout.

#[rustfmt::skip]
pub const EXPECTED: &[(&str, &str, &str)] = &[
    ("GET", "/static/css/app.css", "OOOOOOO"),
    ("GET", "/static/css/print.css", "OOOOOOO"),
    ("GET", "/healthz", "OOOOOOO"),
    ("GET", "/", "OOOOOOO"),
    ("GET", "/login", "OOOOOOO"),
    ("POST", "/login", "OOOOOOO"),
    ("POST", "/logout", "OOOOOOO"),
    ("GET", "/register", "OOOOOOO"),
    ("POST", "/register", "OOOOOOO"),
    ("POST", "/prefs/lang", "OOOOOOO"),
    ("POST", "/prefs/elder", "OOOOOOO"),
    ("GET", "/account/password", "LOOOOOO"),
    ("POST", "/account/password", "LOOOOOO"),
    ("GET", "/mediation/apply", "OOOOOOO"),
    ("POST", "/mediation/apply", "OOOOOOO"),
    ("GET", "/letters/new", "OOOOOOO"),
    ("POST", "/letters/new", "OOOOOOO"),
    ("GET", "/board/{place}", "OOOOOOO"),
    ("POST", "/board/{place}/letters/{id}/support", "OOOOOOO"),
    ("GET", "/track", "OOOOOOO"),
    ("POST", "/track", "OOOOOOO"),
    ("GET", "/me", "LOFFFFF"),
    ("POST", "/me/letters/attach", "LOFFFFF"),
    ("GET", "/staff", "LFOOOOO"),
    ("GET", "/staff/area", "LFOFFOF"),
    ("GET", "/staff/cases", "LFOOOOO"),
    ("GET", "/staff/cases/new", "LFOFFOF"),
    ("POST", "/staff/cases/new", "LFOFFOF"),
    ("GET", "/staff/cases/{id}", "LFFFOOO"),
    ("POST", "/staff/cases/{id}/unmask", "LFFFOOO"),
    ("POST", "/staff/cases/{id}/transition", "LFFFOOO"),
    ("POST", "/staff/cases/{id}/parties", "LFFFOOO"),
    ("POST", "/staff/cases/{id}/parties/{party}", "LFFFOOO"),
    ("POST", "/staff/cases/{id}/records", "LFFFOOO"),
    // Only the case's mentor reviews the oral agreement and comments a
    // debrief; only the 小马 lead writes one (the case mediator here).
    ("POST", "/staff/cases/{id}/oral-review", "LFFFFFF"),
    ("POST", "/staff/cases/{id}/debriefs", "LFFFOFF"),
    ("POST", "/staff/cases/{id}/debriefs/{debrief}/comment", "LFFFFFF"),
    ("POST", "/staff/cases/{id}/agreements", "LFFFOFF"),
    ("POST", "/staff/cases/{id}/agreement/terms", "LFFFOFF"),
    ("POST", "/staff/cases/{id}/agreement/signatures", "LFFFOFF"),
    ("POST", "/staff/cases/{id}/flags", "LFFFOOO"),
    ("POST", "/staff/cases/{id}/hold", "LFFFOOO"),
    ("GET", "/staff/cases/{id}/extension", "LFFFOOO"),
    ("POST", "/staff/cases/{id}/extension", "LFFFOOO"),
    ("POST", "/staff/cases/{id}/judicial", "LFFFOOO"),
    // The GET only leads to the case page's print buttons (which check access).
    ("GET", "/staff/cases/{id}/print/{doc}", "LFOOOOO"),
    ("POST", "/staff/cases/{id}/print/{doc}", "LFFFOOO"),
    ("POST", "/staff/cases/{id}/parties/{party}/open", "LFFFOOO"),
    ("GET", "/staff/cases/{id}/parties/{party}/edit", "LFFFOOO"),
    ("POST", "/staff/cases/{id}/parties/{party}/edit", "LFFFOOO"),
    ("GET", "/staff/cases/{id}/follow-ups", "LFFFOFF"),
    ("POST", "/staff/cases/{id}/follow-ups", "LFFFOFF"),
    ("GET", "/staff/cases/{id}/performance", "LFFFOFF"),
    ("POST", "/staff/cases/{id}/performance", "LFFFOFF"),
    ("POST", "/staff/cases/{id}/proofs", "LFFFOFF"),
    ("GET", "/staff/cases/{id}/proofs/{n}", "LFFFNNN"),
    ("GET", "/projects", "OOOOOOO"),
    ("GET", "/projects/{id}", "OOOOOOO"),
    ("GET", "/projects/{id}/respond", "OOOOOOO"),
    ("POST", "/projects/{id}/respond", "OOOOOOO"),
    // The result notice exists once voting has closed; the sample project is still open.
    ("GET", "/projects/{id}/notice", "NNNNNNN"),
    ("GET", "/staff/places", "LFOFFOO"),
    ("GET", "/staff/places/{id}", "LFFFFOO"),
    ("POST", "/staff/places/{id}/unmask", "LFFFFOO"),
    ("POST", "/staff/places/{id}/children", "LFFFFOO"),
    ("GET", "/staff/places/{id}/import", "LFFFFOO"),
    ("POST", "/staff/places/{id}/import", "LFFFFOO"),
    ("POST", "/staff/places/{id}/import/file", "LFFFFOO"),
    ("GET", "/staff/places/{id}/codes", "LFFFFOO"),
    ("POST", "/staff/places/{id}/codes", "LFFFFOO"),
    ("POST", "/staff/codes/{unit}/revoke", "LFFFFOO"),
    ("POST", "/staff/codes/{unit}/reissue", "LFFFFOO"),
    ("GET", "/staff/projects", "LFOFFOO"),
    ("GET", "/staff/projects/new", "LFFFFOO"),
    ("POST", "/staff/projects/new", "LFFFFOO"),
    ("GET", "/staff/projects/{id}", "LFFFFOO"),
    ("POST", "/staff/projects/{id}/items", "LFFFFOO"),
    ("POST", "/staff/projects/{id}/stage", "LFFFFOO"),
    ("POST", "/staff/projects/{id}/schedule", "LFFFFOO"),
    ("POST", "/staff/projects/{id}/opinions/{opinion}/contact", "LFFFFOO"),
    ("GET", "/staff/projects/{id}/opinions/{opinion}/evidence", "LFFFFOO"),
    ("GET", "/staff/projects/{id}/meetings/new", "LFFFFOO"),
    ("POST", "/staff/projects/{id}/meetings/new", "LFFFFOO"),
    ("GET", "/staff/projects/{id}/opinions/new", "LFFFFOO"),
    ("POST", "/staff/projects/{id}/opinions/new", "LFFFFOO"),
    ("GET", "/staff/ballots/verify", "LFOOOOO"),
    ("GET", "/admin/menu", "LFFFFFO"),
    ("POST", "/admin/menu", "LFFFFFO"),
    ("GET", "/staff/letters", "LFOFFOO"),
    ("GET", "/staff/letters/{id}", "LFFFFOO"),
    ("POST", "/staff/letters/{id}/contact", "LFFFFOO"),
    ("GET", "/staff/letters/{id}/photos/{n}", "LFFFFOO"),
    ("POST", "/staff/letters/{id}/reply", "LFFFFOO"),
    ("POST", "/staff/letters/{id}/note", "LFFFFOO"),
    ("POST", "/staff/letters/{id}/assign", "LFFFFOO"),
    ("POST", "/staff/letters/{id}/status", "LFFFFOO"),
    ("POST", "/staff/letters/{id}/publish", "LFFFFOO"),
    ("GET", "/admin", "LFFFFFO"),
    ("GET", "/admin/users", "LFFFFFO"),
    ("GET", "/admin/users/new", "LFFFFFO"),
    ("POST", "/admin/users/new", "LFFFFFO"),
    ("GET", "/admin/users/{id}", "LFFFFFO"),
    ("POST", "/admin/users/{id}/role", "LFFFFFO"),
    ("POST", "/admin/users/{id}/disable", "LFFFFFO"),
    ("POST", "/admin/users/{id}/enable", "LFFFFFO"),
    ("POST", "/admin/users/{id}/reset-password", "LFFFFFO"),
    ("GET", "/admin/audit", "LFFFFFO"),
    ("GET", "/admin/committees", "LFFFFFO"),
    ("GET", "/admin/holidays", "LFFFFFO"),
    ("POST", "/admin/holidays", "LFFFFFO"),
    ("POST", "/admin/holidays/{day}/remove", "LFFFFFO"),
    ("POST", "/admin/committees/{id}", "LFFFFFO"),
    ("GET", "/admin/letter-categories", "LFFFFFO"),
    ("POST", "/admin/letter-categories/{code}", "LFFFFFO"),
];

/// The expected letters of a route, if it has a line.
pub fn expected(method: &str, path: &str) -> Option<&'static str> {
    EXPECTED
        .iter()
        .find(|(m, p, _)| *m == method && *p == path)
        .map(|(_, _, e)| *e)
}
