//! The household-code slip (issue 14 item 7): compound, building, unit,
//! project title, the form's address and a QR code per slip; the form takes
//! the code from its address and fills it in.

use super::*;

#[tokio::test]
async fn each_slip_names_place_project_and_form_and_the_form_takes_the_code_from_its_address() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let building = child(&app, &w.compound, "1栋");
    // The status page offers the compound's project for the slips.
    let (status, page) = get_html(&w.coord, &app.url(&format!("/staff/places/{building}/codes"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(attr(&page, "#f-project option[selected]", "value"), w.project);
    let fields = [("project", w.project.as_str()), ("replace_all", "yes")];
    let (status, body) = post(&app, &w.coord, &format!("/staff/places/{building}/codes"), &fields).await;
    assert_eq!(status, StatusCode::OK);
    let sheet = Html::parse_document(&body);
    let form_url = format!("{}/projects/{}/respond", app.address, w.project);
    let slip = Selector::parse(".code-slip").unwrap();
    let slips: Vec<_> = sheet.select(&slip).collect();
    assert_eq!(slips.len(), 4, "one slip per unit of building 1");
    let mut units = Vec::new();
    for s in &slips {
        let text = |css: &str| {
            let sel = Selector::parse(css).unwrap();
            s.select(&sel)
                .next()
                .map(|e| e.text().collect::<String>())
                .unwrap_or_default()
        };
        assert_eq!(text(".slip-place strong"), "塔坪小区");
        assert_eq!(text(".slip-building"), "1栋");
        assert_eq!(text(".slip-entrance"), "1单元");
        assert_eq!(text(".slip-title"), "塔坪小区微整形");
        assert_eq!(text(".slip-url"), form_url);
        assert!(!text(".slip-code").is_empty());
        assert!(
            s.select(&Selector::parse(".slip-qr svg").unwrap()).next().is_some(),
            "a QR code"
        );
        units.push(text(".slip-unit"));
    }
    units.sort();
    assert_eq!(units, ["101", "102", "201", "202"]);
    // What the QR code opens: the form with the code filled in.
    let code = select_text(&sheet, ".slip-code").remove(0);
    let resident = new_client();
    let res = get(&resident, &format!("{form_url}?code={code}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["referrer-policy"], "no-referrer");
    let form = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(attr(&form, "input[name=code]", "value"), code);
    // Without a code the field is empty, and a slip without a project
    // points to the project list and carries no QR code.
    let (_, form) = get_html(&resident, &form_url).await;
    assert_eq!(attr(&form, "input[name=code]", "value"), "");
    let (status, body) = post(
        &app,
        &w.coord,
        &format!("/staff/places/{building}/codes"),
        &[("replace_all", "yes")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let sheet = Html::parse_document(&body);
    assert_eq!(select_text(&sheet, ".slip-url")[0], format!("{}/projects", app.address));
    assert!(select_text(&sheet, ".slip-qr").is_empty());
}

#[tokio::test]
async fn a_project_of_another_compound_is_not_named_on_a_slip() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let building = child(&app, &w.compound, "2栋");
    let fields = [("project", "not-a-project-of-this-compound")];
    let (status, body) = post(&app, &w.coord, &format!("/staff/places/{building}/codes"), &fields).await;
    assert_eq!(status, StatusCode::OK);
    let sheet = Html::parse_document(&body);
    assert!(select_text(&sheet, ".slip-title").is_empty());
    assert_eq!(select_text(&sheet, ".slip-url"), [format!("{}/projects", app.address)]);
}
