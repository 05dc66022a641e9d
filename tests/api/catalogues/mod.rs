//! The admin catalogues over HTTP (issue 13, "Admin data management"): the
//! renovation menu, the letter categories and the dispute types are edited,
//! retired and restored; a retired entry leaves the forms that create new
//! records while existing records keep showing theirs; a stale edit is a
//! conflict, not a silent overwrite; bad input comes back next to its field.

mod dispute_types;
mod letter_categories;
mod local_dispute_types;
mod menu;

use crate::helpers::*;
use reqwest::StatusCode;
use scraper::Html;

/// The value of the first element `css` selects, or "".
fn value(html: &Html, css: &str) -> String {
    first_attr(html, css, "value")
}

/// The page a refused post answered with, after checking its status.
async fn refused(res: reqwest::Response, status: StatusCode) -> Html {
    assert_eq!(res.status(), status);
    Html::parse_document(&res.text().await.unwrap())
}

/// The option values of the select `css`, blank option left out.
fn options(html: &Html, css: &str) -> Vec<String> {
    let selector = scraper::Selector::parse(&format!("{css} option")).unwrap();
    html.select(&selector)
        .filter_map(|o| o.value().attr("value"))
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}
