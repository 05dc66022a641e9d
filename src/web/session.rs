//! Cookies, CSRF tokens and the client's address.

use std::net::IpAddr;

use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite, time::Duration};

use crate::auth::tokens;

pub const SESSION_COOKIE: &str = "yb_session";
/// Behind TLS the session and anonymous cookies carry the `__Host-` prefix:
/// the browser then accepts them only with Secure, Path=/ and no Domain, so
/// a sibling subdomain or a plain-HTTP page cannot plant or overwrite them.
const HOST_SESSION_COOKIE: &str = "__Host-yb_session";
const HOST_ANON_COOKIE: &str = "__Host-yb_anon";
/// A random per-browser value for visitors without a login; it keys their
/// CSRF token and (later) one-support-per-browser counting.
pub const ANON_COOKIE: &str = "yb_anon";
pub const LANG_COOKIE: &str = "yb_lang";
pub const ELDER_COOKIE: &str = "yb_elder";
/// The compound a resident chose on the portal (a place id, not personal).
pub const COMPOUND_COOKIE: &str = "yb_compound";

/// The CSRF token is an HMAC of the browser's session (or anonymous) cookie,
/// so it is per session, rotates at login, and needs no storage.
pub fn csrf_token(secret: &[u8], session_value: &str) -> String {
    tokens::hmac_hex(secret, &format!("csrf|{session_value}"))
}

/// The cookie value a CSRF token is bound to for this request.
pub fn csrf_binding(req: &HttpRequest, fresh_anon: Option<&str>) -> Option<String> {
    session_token(req)
        .or_else(|| anon_value(req))
        .or_else(|| fresh_anon.map(str::to_owned))
}

pub fn session_cookie_name(secure: bool) -> &'static str {
    if secure { HOST_SESSION_COOKIE } else { SESSION_COOKIE }
}

pub fn anon_cookie_name(secure: bool) -> &'static str {
    if secure { HOST_ANON_COOKIE } else { ANON_COOKIE }
}

/// Whether this instance sets Secure cookies (and so reads `__Host-` ones).
fn secure_cookies(req: &HttpRequest) -> bool {
    req.app_data::<actix_web::web::Data<crate::web::state::AppState>>()
        .is_some_and(|s| s.secure_cookies)
}

/// The session token this browser sent, under the name this instance uses.
pub fn session_token(req: &HttpRequest) -> Option<String> {
    req.cookie(session_cookie_name(secure_cookies(req)))
        .map(|c| c.value().to_owned())
}

/// The anonymous-visitor value this browser sent.
pub fn anon_value(req: &HttpRequest) -> Option<String> {
    req.cookie(anon_cookie_name(secure_cookies(req)))
        .map(|c| c.value().to_owned())
}

pub fn session_cookie(token: &str, secure: bool) -> Cookie<'static> {
    Cookie::build(session_cookie_name(secure), token.to_owned())
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
    Cookie::build(anon_cookie_name(secure), value.to_owned())
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

/// Only plain local paths may be redirect targets, so `next=` cannot send a
/// user to another site. Browsers drop tabs and newlines from URLs, so
/// `/<TAB>/evil.example` would become `//evil.example`: any control
/// character, backslash or second leading slash refuses the value, and so
/// does anything that could not be a header value.
pub fn safe_next(next: Option<&str>) -> Option<String> {
    let next = next?;
    let plain = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.contains("://")
        && !next.chars().any(|c| c.is_control() || c.is_whitespace())
        && next.len() <= MAX_NEXT_BYTES;
    plain.then(|| next.to_owned())
}

/// A longer `next` is not a page of ours.
const MAX_NEXT_BYTES: usize = 2048;

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
    fn control_characters_and_disguised_hosts_are_refused() {
        for bad in [
            "/\t/evil.example",
            "/\n/evil.example",
            "/a\rb",
            "/a\x0bb",
            "/\u{7f}x",
            "/ /evil.example",
            "/\u{3000}x",
            "\\\\evil.example",
            "/a/../\\evil",
            "javascript:alert(1)",
            "evil.example",
            "",
        ] {
            assert_eq!(safe_next(Some(bad)), None, "{bad:?}");
        }
        assert_eq!(
            safe_next(Some("/staff/cases?q=a&page=2")),
            Some("/staff/cases?q=a&page=2".to_owned())
        );
        assert_eq!(safe_next(Some(&format!("/{}", "a".repeat(4000)))), None);
    }

    #[test]
    fn csrf_tokens_depend_on_the_session() {
        assert_ne!(csrf_token(b"k", "a"), csrf_token(b"k", "b"));
        assert_eq!(csrf_token(b"k", "a"), csrf_token(b"k", "a"));
    }
}
