//! Household codes, the intention form, the public tally, double submits and guessing limits.

use super::*;
use crate::helpers::*;

#[tokio::test]
async fn a_coded_answer_is_a_vote_and_an_uncoded_one_only_an_opinion() {
    let app = spawn_app().await;
    let w = world(&app).await;
    assert_eq!(w.codes.len(), 4, "one code per unit of building 1");
    assert_eq!(app.audit_count("household_codes.issue"), 1);
    // No code: kept as an opinion, said plainly, not counted.
    let (status, body) = respond(&app, &w, "101", "", "want").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(result_of(&body), "opinion");
    assert_eq!(count(&app, "ballots"), 0);
    let html = public_item(&app, &w).await;
    assert_eq!(select_text(&html, ".tally-participating"), vec!["0.00 m² · 0"]);
    // With the unit's code: counted (the code may be typed in lower case).
    let (status, body) = respond(&app, &w, "201", &w.code("201").to_lowercase(), "want").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(result_of(&body), "counted");
    assert_eq!(count(&app, "ballots"), 1);
    assert_eq!(count(&app, "opinions"), 2);
}

#[tokio::test]
async fn the_public_page_shows_the_tally_and_what_is_still_needed() {
    let app = spawn_app().await;
    let w = world(&app).await;
    respond(&app, &w, "201", &w.code("201"), "want").await;
    let html = public_item(&app, &w).await;
    assert_eq!(select_text(&html, "#stage"), vec!["征求意见"]);
    assert_eq!(select_text(&html, "#countdown"), vec!["本阶段还剩 7 天"]);
    assert_eq!(select_text(&html, ".item-name"), vec!["雨棚"]);
    assert_eq!(select_text(&html, ".item-cost"), vec!["估算单价 800.00 / 户"]);
    assert_eq!(select_text(&html, ".tally-total"), vec!["420.50 m² · 3"]);
    assert_eq!(select_text(&html, ".tally-participating"), vec!["100.50 m² · 1"]);
    // Turnout needs ⌈2/3 × 420.50⌉ = 280.34 m² and 2 owners.
    assert_eq!(
        select_text(&html, ".tally-turnout"),
        vec!["参与表决还差：179.84 m² 和 1 人"]
    );
    assert_eq!(select_text(&html, ".tally-approval"), vec!["同意票已达标。"]);
    assert_eq!(select_text(&html, ".tally-result"), vec!["尚未通过"]);
    // 张三 votes yes with unit 101's code; their 102 follows (160 m², once).
    respond(&app, &w, "101", &w.code("101"), "want").await;
    let html = public_item(&app, &w).await;
    assert_eq!(select_text(&html, ".tally-participating"), vec!["260.50 m² · 2"]);
    assert_eq!(
        select_text(&html, ".tally-turnout"),
        vec!["参与表决还差：19.84 m²"],
        "only what is still missing is shown"
    );
    // The developer's unit 202 takes part and says no: turnout met, and
    // 260.50 of 420.50 m² and 2 of 3 owners in favour is more than half.
    respond(&app, &w, "202", &w.code("202"), "dont").await;
    let html = public_item(&app, &w).await;
    assert_eq!(select_text(&html, ".tally-turnout"), vec!["参与表决已达三分之二。"]);
    assert_eq!(select_text(&html, ".tally-result"), vec!["通过"]);
    // The latest expression counts once: 张三 changes to no via unit 102.
    respond(&app, &w, "102", &w.code("102"), "dont").await;
    let html = public_item(&app, &w).await;
    assert_eq!(select_text(&html, ".tally-yes"), vec!["100.50 m² · 1"]);
    assert_eq!(select_text(&html, ".tally-result"), vec!["尚未通过"]);
}

#[tokio::test]
async fn a_revoked_code_a_wrong_unit_and_an_unknown_unit_are_refused() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let unit = child(&app, &child(&app, &child(&app, &w.compound, "1栋"), "1单元"), "201");
    let (status, _) = post(&app, &w.coord, &format!("/staff/codes/{unit}/revoke"), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("household_codes.revoke"), 1);
    let (status, body) = respond(&app, &w, "201", &w.code("201"), "want").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_error(&body, "code"), "户码无效或已作废，请核对纸条上的户码。");
    let (status, body) = respond(&app, &w, "909", "", "want").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_error(&body, "unit"), "小区里没有这一户，请检查楼栋、单元和户号。");
    assert_eq!(count(&app, "opinions"), 0);
    assert_eq!(count(&app, "ballots"), 0);
    // A reissued code works again.
    let (status, body) = post(&app, &w.coord, &format!("/staff/codes/{unit}/reissue"), &[]).await;
    assert_eq!(status, StatusCode::OK);
    let code = select_text(&Html::parse_document(&body), ".slip-code").remove(0);
    let (_, body) = respond(&app, &w, "201", &code, "want").await;
    assert_eq!(result_of(&body), "counted");
}

#[tokio::test]
async fn a_double_submit_stores_one_record() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let resident = new_client();
    let (_, form) = get_html(&resident, &app.url(&format!("/projects/{}/respond", w.project))).await;
    let token = attr(&form, "input[name=form_token]", "value");
    let code = w.code("201");
    let (first, second) = tokio::join!(
        respond_with(&app, &resident, &w, &token, "201", &code, "want"),
        respond_with(&app, &resident, &w, &token, "201", &code, "want"),
    );
    assert_eq!(first.0, StatusCode::OK);
    assert_eq!(second.0, StatusCode::OK);
    let mut results = [result_of(&first.1), result_of(&second.1)];
    results.sort();
    assert_eq!(results, ["counted".to_owned(), "duplicate".to_owned()]);
    assert_eq!(count(&app, "opinions"), 1);
    assert_eq!(count(&app, "ballots"), 1);
}

#[tokio::test]
async fn guessing_codes_is_rate_limited_and_projects_are_listed_publicly() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let (_, html) = get_html(&new_client(), &app.url("/projects")).await;
    assert_eq!(
        select_text(&html, "#public-projects a"),
        vec!["塔坪小区 · 塔坪小区微整形"]
    );
    for _ in 0..20 {
        let (status, body) = respond(&app, &w, "201", "AAAA-BBBB-CCCC", "want").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(field_error(&body, "code"), "户码无效或已作废，请核对纸条上的户码。");
    }
    // Now even the right code is refused from this address for a while.
    let (status, body) = respond(&app, &w, "201", &w.code("201"), "want").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_error(&body, "code"), "尝试次数过多，请稍后再试。");
    assert_eq!(count(&app, "ballots"), 0);
    // Without a code an opinion can still be given.
    let (_, body) = respond(&app, &w, "201", "", "want").await;
    assert_eq!(result_of(&body), "opinion");
}

#[tokio::test]
async fn a_unanimity_item_is_decided_by_the_other_owners_of_the_building() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let path = format!("/staff/projects/{}/items", w.project);
    let mut fields = vec![
        ("menu_item_id", "menu-shopfront"),
        ("rule", "unanimity"),
        ("reason", "住改商须经有利害关系的业主一致同意"),
        ("subject", "1栋/1单元/909"),
    ];
    let (status, body) = post(&app, &w.coord, &path, &fields).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_error(&body, "subject"),
        "请填写本小区中存在的房屋：楼栋/单元/户号。"
    );
    fields[3] = ("subject", "1栋/1单元/201");
    let (status, _) = post(&app, &w.coord, &path, &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // Building 1 without 李四;王五 (unit 201): 张三 (160 m²) and the developer (90 m²).
    let html = public_item(&app, &w).await;
    assert_eq!(select_text(&html, ".tally-total")[1], "250.00 m² · 2");
    for unit in ["101", "202"] {
        respond(&app, &w, unit, &w.code(unit), "want").await;
    }
    let html = public_item(&app, &w).await;
    assert_eq!(select_text(&html, ".tally-result"), vec!["通过", "通过"]);
    // One interested owner changes their mind: unanimity fails.
    respond(&app, &w, "102", &w.code("102"), "dont").await;
    let html = public_item(&app, &w).await;
    assert_eq!(select_text(&html, ".tally-result")[1], "尚未通过");
}

/// Issue 8, security defect 2: a household-code guess is reserved before the
/// code is checked, so 40 concurrent wrong codes from one address get at
/// most the limit checked; the rest are told to wait, next to the field.
#[tokio::test]
async fn concurrent_code_guesses_pass_at_most_the_limit() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let limit = yuanba::auth::rate_limit::CODE_MAX_FAILURES as usize;
    let tries = (0..40).map(|_| respond(&app, &w, "201", "AAAA-BBBB-CCCC", "want"));
    let answers = futures_util::future::join_all(tries).await;
    let errors: Vec<String> = answers.iter().map(|(_, body)| field_error(body, "code")).collect();
    let checked = errors
        .iter()
        .filter(|e| *e == "户码无效或已作废，请核对纸条上的户码。")
        .count();
    let refused = errors.iter().filter(|e| *e == "尝试次数过多，请稍后再试。").count();
    assert_eq!((checked, refused), (limit, 40 - limit), "{errors:?}");
    assert!(answers.iter().all(|(s, _)| *s == StatusCode::UNPROCESSABLE_ENTITY));
    assert_eq!(count(&app, "ballots"), 0);
}

/// Issue 11, vote 1: nothing is pre-selected; an item the household leaves
/// unanswered is not counted for that item; an explicit 弃权 takes part
/// without approving; the confirmation repeats the household and each
/// recorded choice.
#[tokio::test]
async fn unanswered_items_are_not_counted_and_an_abstention_takes_part() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let items_path = format!("/staff/projects/{}/items", w.project);
    let fields = [
        ("menu_item_id", "menu-lighting"),
        ("rule", "ordinary"),
        ("reason", "楼道照明属共有部分"),
    ];
    assert_eq!(
        post(&app, &w.coord, &items_path, &fields).await.0,
        StatusCode::SEE_OTHER
    );
    let items = yuanba::db::projects::items(&mut app.conn(), &w.project).unwrap();
    let lighting = items.iter().find(|(i, _)| i.id != w.item).unwrap().0.id.clone();

    let resident = new_client();
    let (_, form) = get_html(&resident, &app.url(&format!("/projects/{}/respond", w.project))).await;
    let checked = Selector::parse("input[type=radio][checked]").unwrap();
    assert_eq!(form.select(&checked).count(), 0, "no answer may be pre-selected");
    assert!(
        select_text(&form, "#answers-hint")
            .join("")
            .contains("不选的项目不计入")
    );
    assert!(select_text(&form, ".field-check .hint").join("").contains("不算同意"));

    let token = attr(&form, "input[name=form_token]", "value");
    let code = w.code("201");
    let (a_canopy, p_canopy, p_light) = (
        format!("a_{}", w.item),
        format!("p_{}", w.item),
        format!("p_{lighting}"),
    );
    let fields = [
        ("form_token", token.as_str()),
        ("building", "1栋"),
        ("entrance", "1单元"),
        ("unit", "201"),
        ("code", code.as_str()),
        (a_canopy.as_str(), "abstain"),
        (p_canopy.as_str(), "1"),
        (p_light.as_str(), "2"),
    ];
    let (status, body) = post_confirmed(&app, &resident, &format!("/projects/{}/respond", w.project), &fields).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(result_of(&body), "counted");
    let done = Html::parse_document(&body);
    assert_eq!(
        select_text(&done, "#recorded-household"),
        vec!["您的房屋：塔坪小区 1栋 1单元 201"]
    );
    assert_eq!(select_text(&done, ".recorded-item"), vec!["雨棚"]);
    assert_eq!(select_text(&done, ".recorded-choice"), vec!["弃权"]);

    // One ballot, on the answered item only, as an abstention.
    let canopy: Vec<_> = yuanba::db::ballots::for_item(&mut app.conn(), &w.item).unwrap();
    assert_eq!(
        canopy.iter().map(|b| b.choice.as_str()).collect::<Vec<_>>(),
        ["abstain"]
    );
    assert!(
        yuanba::db::ballots::for_item(&mut app.conn(), &lighting)
            .unwrap()
            .is_empty()
    );
    // The abstention takes part on the canopy; the lighting has no one.
    let html = public_item(&app, &w).await;
    assert_eq!(
        select_text(&html, ".tally-participating"),
        vec!["100.50 m² · 1", "0.00 m² · 0"]
    );
    // Issue 11, vote 4: an abstention is not approval, nobody is not
    // approval either; each threshold has a bar beside its sentence.
    assert_eq!(
        select_text(&html, ".tally-approval"),
        vec!["同意还差：50.26 m² 和 1 人", "尚无人参与表决。"]
    );
    let bars: Vec<String> = html
        .select(&Selector::parse("progress.tally-bar").unwrap())
        .map(|b| b.value().attr("value").unwrap_or_default().to_owned())
        .collect();
    assert_eq!(bars.len(), 4, "turnout and approval for each item");
    assert_eq!(bars[2..], ["0", "0"], "the lighting has no one");

    // An untouched form is refused next to the answers, nothing stored.
    let (_, form) = get_html(&resident, &app.url(&format!("/projects/{}/respond", w.project))).await;
    let token = attr(&form, "input[name=form_token]", "value");
    let empty = [
        ("form_token", token.as_str()),
        ("building", "1栋"),
        ("entrance", "1单元"),
        ("unit", "101"),
        ("code", ""),
        (p_canopy.as_str(), "2"),
        (p_light.as_str(), "2"),
    ];
    let (status, body) = post(&app, &resident, &format!("/projects/{}/respond", w.project), &empty).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = Html::parse_document(&body);
    assert_eq!(
        select_text(&page, "#e-answers"),
        vec!["请至少回答一项，或者写下您的意见。"]
    );
    assert_eq!(count(&app, "opinions"), 1);

    // The retired pre-selected value is refused next to the item, nothing stored.
    let (_, form) = get_html(&resident, &app.url(&format!("/projects/{}/respond", w.project))).await;
    let token = attr(&form, "input[name=form_token]", "value");
    let mut fields = fields.to_vec();
    fields[0] = ("form_token", token.as_str());
    fields[5] = (a_canopy.as_str(), "none");
    let (status, body) = post(&app, &resident, &format!("/projects/{}/respond", w.project), &fields).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = Html::parse_document(&body);
    assert!(!select_text(&page, &format!("#answer-{} .field-error", w.item)).is_empty());
    assert_eq!(count(&app, "ballots"), 1);
}

/// Issue 11, vote 3: a valid code of a household outside the project's
/// deciding population is not told its vote counted: it is kept as an
/// opinion only and the page says why; staff cannot enter a vote for it.
#[tokio::test]
async fn a_household_outside_the_deciding_population_is_told_and_not_counted() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let building2 = child(&app, &w.compound, "2栋");
    let fields = [
        ("compound_id", w.compound.as_str()),
        ("population_id", building2.as_str()),
        ("title", "2栋雨棚"),
        ("description", "只涉及2栋"),
    ];
    let (status, to) = post(&app, &w.coord, "/staff/projects/new", &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{to}");
    let project = to.trim_start_matches("/staff/projects/").to_owned();
    let fields = [
        ("menu_item_id", "menu-canopy"),
        ("rule", "ordinary"),
        ("reason", "2栋共有部分"),
    ];
    let (status, _) = post(&app, &w.coord, &format!("/staff/projects/{project}/items"), &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let item = yuanba::db::projects::items(&mut app.conn(), &project).unwrap()[0]
        .0
        .id
        .clone();
    let other = World {
        coord: w.coord.clone(),
        compound: w.compound.clone(),
        project: project.clone(),
        item: item.clone(),
        codes: w.codes.clone(),
    };

    // 1栋 201 holds a valid code, but 1栋 does not decide 2栋's project.
    let (status, body) = respond(&app, &other, "201", &w.code("201"), "want").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(result_of(&body), "outside");
    let done = Html::parse_document(&body);
    assert!(
        select_text(&done, "#result")
            .join("")
            .contains("这户不在本项目的表决范围内")
    );
    assert!(
        yuanba::db::ballots::for_item(&mut app.conn(), &item)
            .unwrap()
            .is_empty()
    );
    assert_eq!(count(&app, "opinions"), 1, "kept as an opinion");
    let html = public_item(&app, &other).await;
    assert_eq!(select_text(&html, ".tally-participating"), vec!["0.00 m² · 0"]);

    // Staff entering the same household's form offline are refused at the field.
    let (status, body) = super::evidence::post_opinion(&app, &other, "201", None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("这户不在本项目的表决范围内"));
    assert_eq!(count(&app, "opinions"), 1);
}

/// Issue 11, vote 2: the code alone identifies the household. The form asks
/// for the code only, shows "您的房屋：…" for the resident to confirm, and
/// stores the vote only after the confirmation; without a code, the address
/// may be typed the way people type it ("1", "1", "201").
#[tokio::test]
async fn the_code_alone_identifies_the_household_which_the_resident_confirms() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let path = format!("/projects/{}/respond", w.project);
    let resident = new_client();
    let (_, form) = get_html(&resident, &app.url(&path)).await;
    let token = attr(&form, "input[name=form_token]", "value");
    let code = w.code("201");
    let (a, p) = (format!("a_{}", w.item), format!("p_{}", w.item));
    let fields = [
        ("form_token", token.as_str()),
        ("code", code.as_str()),
        (a.as_str(), "want"),
        (p.as_str(), "1"),
    ];
    // Step 1: the code only. Nothing is stored; the household is shown.
    let (status, body) = post(&app, &resident, &path, &fields).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let page = Html::parse_document(&body);
    assert_eq!(select_text(&page, "#confirm-address"), vec!["塔坪小区 1栋 1单元 201"]);
    assert!(select_text(&page, "#confirm-outside").is_empty());
    assert_eq!(
        attr(&page, &format!("input[name={a}][checked]"), "value"),
        "want",
        "answers kept"
    );
    assert_eq!((count(&app, "opinions"), count(&app, "ballots")), (0, 0));
    // A tampered confirmation (another unit) is asked again, not stored.
    let unit_101 = child(&app, &child(&app, &child(&app, &w.compound, "1栋"), "1单元"), "101");
    let mut tampered = fields.to_vec();
    tampered.push(("confirm_unit", unit_101.as_str()));
    let (status, body) = post(&app, &resident, &path, &tampered).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        select_text(&Html::parse_document(&body), "#confirm-address"),
        vec!["塔坪小区 1栋 1单元 201"]
    );
    assert_eq!(count(&app, "ballots"), 0);
    // Step 2: confirmed as shown, the vote counts for 201.
    let unit = attr(&page, "input[name=confirm_unit]", "value");
    let mut confirmed = fields.to_vec();
    confirmed.push(("confirm_unit", unit.as_str()));
    let (status, body) = post(&app, &resident, &path, &confirmed).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(result_of(&body), "counted");
    assert_eq!(
        select_text(&Html::parse_document(&body), "#recorded-household"),
        vec!["您的房屋：塔坪小区 1栋 1单元 201"]
    );
    let ballots = yuanba::db::ballots::for_item(&mut app.conn(), &w.item).unwrap();
    assert_eq!(ballots.len(), 1);
    assert_eq!(ballots[0].unit_id, unit);

    // Without a code, "1" / "1" / "201" names 1栋 1单元 201 (kept as an opinion).
    let (_, form) = get_html(&resident, &app.url(&path)).await;
    let token = attr(&form, "input[name=form_token]", "value");
    let typed = [
        ("form_token", token.as_str()),
        ("building", "1"),
        ("entrance", "1"),
        ("unit", "２０１"),
        ("code", ""),
        (a.as_str(), "dont"),
        (p.as_str(), "1"),
    ];
    let (status, body) = post(&app, &resident, &path, &typed).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(result_of(&body), "opinion");
    assert_eq!(
        select_text(&Html::parse_document(&body), "#recorded-household"),
        vec!["您的房屋：塔坪小区 1栋 1单元 201"]
    );
    assert_eq!((count(&app, "opinions"), count(&app, "ballots")), (2, 1));
}
