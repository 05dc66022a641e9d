//! Cookies, CSRF tokens and the client's address.

use std::net::IpAddr;

use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite, time::Duration};

use crate::auth::tokens;

pub const SESSION_COOKIE: &str = "yb_session";
/// A random per-browser value for visitors without a login; it keys their
/// CSRF token and (later) one-support-per-browser counting.
pub const ANON_COOKIE: &str = "yb_anon";
pub const LANG_COOKIE: &str = "yb_lang";
pub const ELDER_COOKIE: &str = "yb_elder";

/// The CSRF token is an HMAC of the browser's session (or anonymous) cookie,
/// so it is per session, rotates at login, and needs no storage.
pub fn csrf_token(secret: &[u8], session_value: &str) -> String {
    tokens::hmac_hex(secret, &format!("csrf|{session_value}"))
}

/// The cookie value a CSRF token is bound to for this request.
pub fn csrf_binding(req: &HttpRequest, fresh_anon: Option<&str>) -> Option<String> {
    if let Some(c) = req.cookie(SESSION_COOKIE) {
        return Some(c.value().to_owned());
    }
    req.cookie(ANON_COOKIE)
        .map(|c| c.value().to_owned())
        .or_else(|| fresh_anon.map(str::to_owned))
}

pub fn session_cookie(token: &str, secure: bool) -> Cookie<'static> {
    Cookie::build(SESSION_COOKIE, token.to_owned())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .finish()
}

pub fn expired_session_cookie(secure: bool) -> Cookie<'static> {
    let mut c = session_cookie("", secure);
    c.make_removal();
    c
}

pub fn anon_cookie(value: &str, secure: bool) -> Cookie<'static> {
    Cookie::build(ANON_COOKIE, value.to_owned())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(Duration::days(365))
        .finish()
}

/// Preferences the page should remember (language, elderly mode).
pub fn preference_cookie(name: &'static str, value: &str, secure: bool) -> Cookie<'static> {
    Cookie::build(name, value.to_owned())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(Duration::days(365))
        .finish()
}

/// The peer address, or the proxy's X-Forwarded-For when the peer is the
/// configured trusted proxy. Never trusts client-set headers otherwise.
pub fn client_ip(req: &HttpRequest, trusted_proxy: Option<IpAddr>) -> Option<IpAddr> {
    let peer = req.peer_addr().map(|a| a.ip())?;
    if Some(peer) != trusted_proxy {
        return Some(peer);
    }
    let forwarded = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
    forwarded
        .and_then(|v| v.rsplit(',').next())
        .and_then(|last| last.trim().parse().ok())
        .or(Some(peer))
}

/// Only local paths may be redirect targets, so `next=` cannot send a user
/// to another site.
pub fn safe_next(next: Option<&str>) -> Option<String> {
    let next = next?.trim();
    let local = next.starts_with('/') && !next.starts_with("//") && !next.contains('\\');
    (local && !next.contains("://")).then(|| next.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_safe_redirects() {
        assert_eq!(safe_next(Some("/admin/users")), Some("/admin/users".to_owned()));
        assert_eq!(safe_next(Some("//evil.example")), None);
        assert_eq!(safe_next(Some("https://evil.example")), None);
        assert_eq!(safe_next(Some("/\\evil.example")), None);
        assert_eq!(safe_next(None), None);
    }

    #[test]
    fn csrf_tokens_depend_on_the_session() {
        assert_ne!(csrf_token(b"k", "a"), csrf_token(b"k", "b"));
        assert_eq!(csrf_token(b"k", "a"), csrf_token(b"k", "a"));
    }
}
