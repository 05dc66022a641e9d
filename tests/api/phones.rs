//! Issue 14 item 6: a 7-digit number was accepted and printed on an
//! agreement. Every form that takes a phone now accepts a mainland mobile
//! or a landline with its area code, stores it in one form, and refuses
//! anything else next to the field, in the user's language, keeping the
//! rest of what was typed and storing nothing.

use reqwest::StatusCode;
use scraper::Html;

use crate::helpers::mailbox::{self, GYQ, as_refs, basic_fields, open_form, post_letter};
use crate::helpers::mediation::{apply_online, attr, cast, post_case};
use crate::helpers::*;

const AREA_CODE_ZH: &str = "固定电话请加上区号，例如 023-67781234。";
const AREA_CODE_EN: &str = "Add the area code to a landline number, e.g. 023-67781234.";

async fn html_of(res: reqwest::Response) -> (StatusCode, Html) {
    let status = res.status();
    (status, Html::parse_document(&res.text().await.unwrap()))
}

#[tokio::test]
async fn a_letter_refuses_a_number_without_area_code_and_stores_a_mobile_as_its_digits() {
    let app = spawn_app().await;
    let compound = mailbox::compound_id(&app, GYQ);
    let resident = new_client();
    let tokens = open_form(&resident, &app).await;
    let mut fields = basic_fields(&compound);
    fields.push(("contact_name", "李秀兰".to_owned()));
    fields.push(("contact_phone", "6778123".to_owned()));
    fields.push(("consent", "yes".to_owned()));
    let (status, html) = html_of(post_letter(&resident, &app, &tokens, &as_refs(&fields), &[]).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(select_text(&html, "#e-contact_phone"), vec![AREA_CODE_ZH]);
    assert_eq!(attr(&html, "#f-contact_phone", "value"), "6778123", "kept to correct");
    assert_eq!(attr(&html, "#f-contact_name", "value"), "李秀兰");
    assert!(
        select_text(&html, "#f-body").join("").contains("雨棚破了"),
        "the letter is kept"
    );
    assert!(mailbox::all_letters(&app).is_empty(), "nothing stored");

    fields.pop();
    fields.pop();
    fields.push(("contact_phone", "+86 138-1234-5678".to_owned()));
    fields.push(("consent", "yes".to_owned()));
    let tokens = open_form(&resident, &app).await;
    let res = post_letter(&resident, &app, &tokens, &as_refs(&fields), &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let stored = mailbox::all_letters(&app);
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].contact_phone, "13812345678");
}

#[tokio::test]
async fn a_mediation_application_says_what_is_wrong_in_english_and_keeps_the_form() {
    let app = spawn_app().await;
    let resident = new_client();
    post_form(&resident, &app.address, "/prefs/lang", &[("lang", "en"), ("next", "/")]).await;
    let (_, form) = get_html(&resident, &app.url("/mediation/apply")).await;
    let token = attr(&form, "input[name=form_token]", "value");
    let street = mailbox::street_id(&app, GYQ);
    let mut fields = vec![
        ("form_token", token.as_str()),
        ("applicant_name", "张秀英"),
        ("applicant_phone", "6778 1234"),
        ("respondent_name_1", "王建国"),
        ("respondent_phone_1", "call later"),
        ("dispute_type", "neighbour"),
        ("summary", "楼上卫生间漏水，我家天花板发霉脱落，多次沟通未果。"),
        ("requests", "修复漏水"),
        ("street_id", street.as_str()),
        ("ack_rights", "yes"),
        ("consent_privacy", "yes"),
    ];
    let (status, html) = html_of(post_form(&resident, &app.address, "/mediation/apply", &fields).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(select_text(&html, "#e-applicant_phone"), vec![AREA_CODE_EN]);
    assert_eq!(
        select_text(&html, "#e-respondent_phone_1"),
        vec!["A phone number holds only digits, spaces and dashes; write an extension after \"ext\"."]
    );
    assert_eq!(attr(&html, "#f-applicant_name", "value"), "张秀英");
    assert_eq!(attr(&html, "#f-respondent_name_1", "value"), "王建国");
    assert_eq!(attr(&html, "#f-applicant_phone", "value"), "6778 1234");
    let cases = yuanba::db::cases::list(
        &mut app.conn(),
        &yuanba::db::cases::CaseScope::All,
        &Default::default(),
        10,
    )
    .unwrap();
    assert!(cases.is_empty(), "nothing stored");

    fields[2] = ("applicant_phone", "(023) 6778-1234 ext. 801");
    fields[4] = ("respondent_phone_1", "＋86 139 8765 4321");
    let (status, receipt) = html_of(post_form(&resident, &app.address, "/mediation/apply", &fields).await).await;
    assert_eq!(status, StatusCode::OK);
    let code = select_text(&receipt, ".receipt code").pop().expect("receipt code");
    let hash = yuanba::receipts::receipt_hash(&code).unwrap();
    let case = yuanba::db::cases::find_by_receipt(&mut app.conn(), &hash)
        .unwrap()
        .unwrap();
    let mut phones: Vec<String> = yuanba::db::case_parties::for_case(&mut app.conn(), &case.id)
        .unwrap()
        .into_iter()
        .map(|p| p.phone)
        .collect();
    phones.sort();
    assert_eq!(phones, ["023-67781234转801", "13987654321"]);
}

#[tokio::test]
async fn staff_adding_a_party_keep_what_they_typed_when_the_number_is_refused() {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    let case_id = apply_online(&app, GYQ).await;
    let parties = || yuanba::db::case_parties::for_case(&mut app.conn(), &case_id).unwrap();
    let before = parties().len();
    let third = [("party_role", "third_party"), ("name", "赵六"), ("phone", "6778123")];
    let res = post_case(&cast.coordinator, &app, &case_id, "/parties", &third).await;
    let (status, html) = html_of(res).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(select_text(&html, "#e-phone"), vec![AREA_CODE_ZH]);
    assert_eq!(attr(&html, "#f-name", "value"), "赵六", "the name is kept");
    assert_eq!(
        attr(&html, "#f-party_role option[selected]", "value"),
        "third_party",
        "so is the role"
    );
    assert_eq!(
        select_text(&html, "#parties details[open]").len(),
        1,
        "the form is open"
    );
    assert_eq!(parties().len(), before, "nothing stored");

    let third = [
        ("party_role", "third_party"),
        ("name", "赵六"),
        ("phone", "0755 2345 678"),
    ];
    let res = post_case(&cast.coordinator, &app, &case_id, "/parties", &third).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let added = parties().into_iter().find(|p| p.name == "赵六").unwrap();
    assert_eq!(added.phone, "0755-2345678");
}

#[tokio::test]
async fn a_resident_registers_and_logs_in_with_their_mobile_written_any_way() {
    let app = spawn_app().await;
    let res = app
        .post_form(
            "/register",
            &[
                ("phone", "+86 139 0000 0003"),
                ("name", "张阿姨"),
                ("password", "a long enough password"),
                ("password_confirm", "a long enough password"),
                ("consent", "yes"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(
        yuanba::db::users::find_by_username(&mut app.conn(), "13900000003")
            .unwrap()
            .is_some(),
        "stored as the 11 digits"
    );
    let client = new_client();
    let res = login(&client, &app.address, "139-0000-0003", "a long enough password").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (status, _) = get_html(&client, &app.url("/me")).await;
    assert_eq!(status, StatusCode::OK);
}
