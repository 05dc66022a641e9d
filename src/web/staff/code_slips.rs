//! The printable household-code sheet (issue 14 item 7): A4, several slips
//! a page, each with the compound, building, unit, the project, the address
//! of its intention form and a QR code that opens the form with the code
//! filled in. The site address comes from `YUANBA_PUBLIC_URL` or the
//! request's own `Host`, never from forwarded headers (`follow_up`).

use actix_web::HttpRequest;

use crate::db::places::Place;
use crate::db::projects::Project;
use crate::renovation::codes::SlipLine;
use crate::web::public::follow_up::{qr_svg, site_address};

/// One slip as printed.
pub struct SlipView {
    pub entrance: String,
    pub unit: String,
    pub code: String,
    /// The form's address in words, without the code (that is printed
    /// large on its own line, for typing).
    pub form_url: String,
    /// The QR code of the form's address with `?code=`; empty without a
    /// project (there is no form to open then).
    pub qr_svg: String,
}

/// The sheet's heading facts, shared by every slip on it.
pub struct SheetHead {
    pub compound: String,
    pub building: String,
    pub project_title: String,
}

pub fn sheet(
    req: &HttpRequest,
    compound: Option<Place>,
    building: &Place,
    project: Option<&Project>,
    lines: Vec<SlipLine>,
) -> (SheetHead, Vec<SlipView>) {
    let site = site_address(req);
    let form_url = match project {
        Some(p) => format!("{site}/projects/{}/respond", p.id),
        None => format!("{site}/projects"),
    };
    let slips = lines
        .into_iter()
        .map(|line| SlipView {
            // Codes are upper-case letters, digits and dashes: nothing to
            // escape in a query string.
            qr_svg: match project {
                Some(_) => qr_svg(&format!("{form_url}?code={}", line.code)),
                None => String::new(),
            },
            form_url: form_url.clone(),
            entrance: line.entrance,
            unit: line.unit,
            code: line.code,
        })
        .collect();
    let head = SheetHead {
        compound: compound.map(|c| c.name).unwrap_or_default(),
        building: building.name.clone(),
        project_title: project.map(|p| p.title.clone()).unwrap_or_default(),
    };
    (head, slips)
}
