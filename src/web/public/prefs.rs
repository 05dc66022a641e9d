//! Language and elderly-mode switches: plain forms, remembered in cookies.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::i18n::Lang;
use crate::web::render::see_other;
use crate::web::session::{ELDER_COOKIE, LANG_COOKIE, preference_cookie, safe_next};
use crate::web::state::AppState;

#[derive(Deserialize)]
pub struct LangForm {
    lang: String,
    next: Option<String>,
}

pub async fn set_lang(form: web::Form<LangForm>, state: web::Data<AppState>) -> HttpResponse {
    let lang = Lang::parse(&form.lang).unwrap_or_default();
    let mut res = see_other(&safe_next(form.next.as_deref()).unwrap_or_else(|| "/".to_owned()));
    let _ = res.add_cookie(&preference_cookie(LANG_COOKIE, lang.code(), state.secure_cookies));
    res
}

#[derive(Deserialize)]
pub struct ElderForm {
    elder: String,
    next: Option<String>,
}

pub async fn set_elder(form: web::Form<ElderForm>, state: web::Data<AppState>) -> HttpResponse {
    let value = if form.elder == "1" { "1" } else { "0" };
    let mut res = see_other(&safe_next(form.next.as_deref()).unwrap_or_else(|| "/".to_owned()));
    let _ = res.add_cookie(&preference_cookie(ELDER_COOKIE, value, state.secure_cookies));
    res
}
