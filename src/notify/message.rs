//! The text a resident receives: a template from the message catalogue
//! filled with the row's codes, a link to the tracking page and a link
//! that stops further messages. Always in Chinese: a message is sent
//! after a staff member's action, when the resident's own choice of
//! language is not known (the pages they open follow their choice).

use crate::db::notifications::Notification;
use crate::domain::letters::LetterStatus;
use crate::i18n::{Lang, t, t_with};

/// A message ready for a channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The e-mail subject (SMS has none).
    pub subject: String,
    pub text: String,
}

/// Where the links in a message point.
pub struct Links<'a> {
    /// The site's public address, without a trailing slash.
    pub base_url: &'a str,
    /// The row's opt-out token (`opt_out::link_token`).
    pub stop_token: &'a str,
}

pub fn render(row: &Notification, links: &Links<'_>) -> Rendered {
    let lang = Lang::Zh;
    let params: serde_json::Value = serde_json::from_str(&row.params).unwrap_or_default();
    let param = |name: &str| params.get(name).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
    let status = LetterStatus::parse(&param("status")).map_or_else(String::new, |s| t(lang, s.label_key()));
    let track = format!("{}/track", links.base_url);
    let stop = format!("{}/notifications/stop/{}", links.base_url, links.stop_token);
    let key = format!("notify.text.{}", row.template.code());
    let case_number = param("case_number");
    let text = t_with(
        lang,
        &key,
        &[
            ("status", &status),
            ("case_number", &case_number),
            ("track", &track),
            ("stop", &stop),
        ],
    );
    Rendered {
        subject: t(lang, "notify.subject"),
        text,
    }
}
