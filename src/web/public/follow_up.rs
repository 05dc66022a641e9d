//! Following a submission up without copying its code (issue 14 item 1,
//! DESIGN.md §4.5): the receipt page gives a personal status link
//! (`/track/{code}`) to bookmark or share, its QR code, a slip that prints
//! on one page, and a nudge to keep it in an account.
//!
//! The code stays the 160-bit secret it was: the link only carries it. So
//! the link page is sent with `Referrer-Policy: no-referrer` (a link on it
//! never tells another site the code) and the request log masks it
//! (`middleware::request_log`).

use actix_web::HttpRequest;
use qrcode::QrCode;
use qrcode::render::svg;

use crate::domain::role::Role;
use crate::web::context::PageCtx;

/// What the receipt and status pages show to come back later.
pub struct FollowUp {
    /// The code as issued (groups of four), for people who do copy it.
    pub code: String,
    /// `/track/{code}`: the link itself, relative for the page.
    pub path: String,
    /// The same link with scheme and host: what is shared and printed.
    pub url: String,
    /// The QR code of `url` as an SVG element, rendered with `|safe`: the
    /// `qrcode` crate writes only the module grid in our constant colours,
    /// never the link's text (a unit test checks), so nothing a visitor
    /// typed can reach this markup.
    pub qr_svg: String,
    /// Whom the nudge speaks to: a resident already logged in has it on
    /// "我的" (it was sent from their account or can be attached).
    pub resident_logged_in: bool,
    /// The login page, coming back to the status link.
    pub login_href: String,
}

impl FollowUp {
    pub fn new(req: &HttpRequest, ctx: &PageCtx, code: &str) -> Self {
        let path = status_path(code);
        let url = format!("{}{path}", site_address(req));
        FollowUp {
            code: code.to_owned(),
            qr_svg: qr_svg(&url),
            login_href: format!("/login?next={path}"),
            path,
            url,
            resident_logged_in: ctx.user.as_ref().is_some_and(|u| u.role == Role::Resident),
        }
    }
}

/// The site's address for a link that is printed or scanned: the
/// configured public URL, else this request's `Host` with the scheme the
/// deployment says. `connection_info()` is not used: it believes
/// `X-Forwarded-Host`/`-Proto`, which any client can send, and a slip
/// must never carry the secret code to someone else's host or over plain
/// http when the site is behind TLS.
pub fn site_address(req: &HttpRequest) -> String {
    let state = req.app_data::<actix_web::web::Data<crate::web::state::AppState>>();
    if let Some(url) = state.and_then(|s| s.public_url.clone()) {
        return url;
    }
    let scheme = if state.is_some_and(|s| s.secure_cookies) {
        "https"
    } else {
        "http"
    };
    let host = req
        .headers()
        .get(actix_web::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    format!("{scheme}://{host}")
}

/// The personal status link of a receipt code. Codes are Crockford base32
/// in dashed groups: nothing in them needs escaping in a path.
pub fn status_path(code: &str) -> String {
    format!("/track/{code}")
}

/// Printed and on screen the code should scan from arm's length: 6 px per
/// module is about 4 cm for a link of this length.
const QR_MODULE_PX: u32 = 6;

/// The QR code of `url` as an inline `<svg>` (no XML declaration), hidden
/// from screen readers: the link beside it says the same in words.
pub fn qr_svg(url: &str) -> String {
    let Ok(code) = QrCode::new(url.as_bytes()) else {
        // Longer than a QR code holds: only a misconfigured host could do
        // this; the link in words is still there.
        return String::new();
    };
    let image = code
        .render::<svg::Color>()
        .module_dimensions(QR_MODULE_PX, QR_MODULE_PX)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    let svg_start = image.find("<svg").unwrap_or(0);
    image[svg_start..].replacen(
        "<svg ",
        r#"<svg aria-hidden="true" focusable="false" class="qr-code" "#,
        1,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_qr_code_is_an_inline_svg_without_text() {
        let svg = qr_svg("https://yuanba.example/track/ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789");
        assert!(svg.starts_with(r#"<svg aria-hidden="true""#), "{}", &svg[..60]);
        assert!(svg.ends_with("</svg>"));
        assert!(!svg.contains("ABCD") && !svg.contains("<?xml"));
    }

    #[test]
    fn the_status_path_carries_the_code_as_issued() {
        assert_eq!(status_path("ABCD-EFGH"), "/track/ABCD-EFGH");
    }
}
