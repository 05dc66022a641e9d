//! The mailbox (群众信箱) over HTTP: submission with photos, bad input,
//! double submit, tracking, the staff queue and letter page, scope, the
//! status rules and the public board.

use crate::helpers::mailbox::*;
use crate::helpers::*;
use reqwest::StatusCode;
use scraper::{Html, Selector};
use yuanba::db::letters;
use yuanba::domain::role::Role;

/// A NUL in a multipart text field is refused (400) before any handler:
/// PostgreSQL cannot store it (it was a 500 there).
#[tokio::test]
async fn a_nul_in_a_letter_field_is_refused_and_stores_nothing() {
    let app = spawn_app().await;
    let resident = new_client();
    let tokens = open_form(&resident, &app).await;
    let mut fields = basic_fields(&compound_id(&app, GYQ));
    fields[3].1 = "雨棚破了\0请修".to_owned();
    let res = post_letter(&resident, &app, &tokens, &as_refs(&fields), &[]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(all_letters(&app).is_empty());
}

/// Residents' photos are readable by the service's own user only.
#[cfg(unix)]
#[tokio::test]
async fn stored_photos_and_their_folder_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let app = spawn_app().await;
    send_letter(&app, GYQ, &[png_upload("photo_1")]).await;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let files = stored_files(&app);
    assert_eq!(files.len(), 1);
    assert_eq!(mode(&files[0]), 0o600);
    assert_eq!(mode(files[0].parent().unwrap()), 0o700);
    assert_eq!(mode(&app.config.data_dir.join("uploads")), 0o700);
}

#[tokio::test]
async fn a_letter_with_photos_is_stored_without_exif_and_its_code_tracks_it() {
    let app = spawn_app().await;
    let files = [
        png_upload("photo_1"),
        Upload {
            field: "photo_2",
            filename: "IMG_0001.JPG",
            content_type: "image/jpeg",
            data: jpeg_with_exif(),
        },
    ];
    let (letter, code) = send_letter(&app, GYQ, &files).await;
    assert!(
        code.chars().filter(|c| c.is_ascii_alphanumeric()).count() >= 26,
        "≥128 bits"
    );
    assert_eq!(letter.status.code(), "received");
    assert_ne!(letter.receipt_hash, code, "only the hash is stored");
    let photos = yuanba::db::letter_photos::for_letter(&mut app.conn(), &letter.id).unwrap();
    assert_eq!(photos.len(), 2);
    assert_eq!(
        (photos[0].mime.as_str(), photos[1].mime.as_str()),
        ("image/png", "image/jpeg")
    );
    let files = stored_files(&app);
    assert_eq!(files.len(), 2);
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        assert!(
            !contains(&bytes, b"Exif") && !contains(&bytes, SECRET_MARK),
            "{path:?} keeps EXIF"
        );
        assert!(!path.to_string_lossy().contains("rain-canopy"), "random names only");
    }
    let (status, body) = track(&app, &code).await;
    assert_eq!(status, StatusCode::OK);
    let html = Html::parse_document(&body);
    assert_eq!(select_text(&html, ".letter-status .tag-state"), vec!["已收到"]);
    assert!(
        !body.contains("13812345678") && !body.contains("李秀兰"),
        "no contact details"
    );
}

#[tokio::test]
async fn bad_input_is_answered_next_to_the_field_and_nothing_is_stored() {
    let app = spawn_app().await;
    let street = compound_id(&app, GYQ);
    let resident = new_client();
    let tokens = open_form(&resident, &app).await;
    let fields = basic_fields(&street);
    let text_as_jpg = Upload {
        field: "photo_1",
        filename: "photo.jpg",
        content_type: "image/jpeg",
        data: b"this is a text file, not a photo".to_vec(),
    };
    let res = post_letter(&resident, &app, &tokens, &as_refs(&fields), &[text_as_jpg]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(
        select_text(&html, "#e-photo_1"),
        vec!["只能上传 JPEG 或 PNG 格式的照片。"]
    );
    assert_eq!(attr(&html, "#f-body", "id"), "f-body");
    assert!(
        select_text(&html, "#f-body").pop().unwrap().contains("雨棚"),
        "text kept"
    );

    let mut huge = vec![0u8; 6 * 1024 * 1024];
    huge[..3].copy_from_slice(&[0xFF, 0xD8, 0xFF]);
    let six_mb = Upload {
        field: "photo_2",
        filename: "big.jpg",
        content_type: "image/jpeg",
        data: huge,
    };
    let res = post_letter(
        &resident,
        &app,
        &tokens,
        &as_refs(&fields),
        &[png_upload("photo_1"), six_mb],
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "an error next to the field, not 413"
    );
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&html, "#e-photo_2"), vec!["每张照片不能超过 5 MB。"]);

    let mut empty = basic_fields(&street);
    empty[3].1 = "   ".to_owned();
    empty.push(("contact_phone", "13812345678".to_owned()));
    let res = post_letter(&resident, &app, &tokens, &as_refs(&empty), &[]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&html, "#e-body"), vec!["此项为必填项。"]);
    assert_eq!(
        select_text(&html, "#e-consent").len(),
        1,
        "contact details need consent"
    );

    let mut long = basic_fields(&street);
    long[3].1 = "字".repeat(2001);
    let en = new_client();
    let _ = post_form(&en, &app.address, "/prefs/lang", &[("lang", "en"), ("next", "/")]).await;
    let en_tokens = open_form(&en, &app).await;
    let res = post_letter(&en, &app, &en_tokens, &as_refs(&long), &[]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(
        select_text(&html, "#e-body"),
        vec!["Please keep your letter within 2,000 characters."]
    );

    assert!(all_letters(&app).is_empty(), "nothing stored");
    assert!(stored_files(&app).is_empty(), "no files left behind");
}

#[tokio::test]
async fn a_double_submit_creates_one_letter_and_shows_the_same_code() {
    let app = spawn_app().await;
    let resident = new_client();
    let tokens = open_form(&resident, &app).await;
    let fields = basic_fields(&compound_id(&app, GYQ));
    let mut codes = Vec::new();
    for _ in 0..2 {
        let res = post_letter(&resident, &app, &tokens, &as_refs(&fields), &[png_upload("photo_1")]).await;
        assert_eq!(res.status(), StatusCode::OK);
        let html = Html::parse_document(&res.text().await.unwrap());
        codes.push(select_text(&html, ".receipt code").pop().unwrap());
    }
    assert_eq!(codes[0], codes[1]);
    assert_eq!(all_letters(&app).len(), 1);
    assert_eq!(stored_files(&app).len(), 1, "the repeat wrote no photo");
}

#[tokio::test]
async fn two_racing_posts_of_one_form_create_one_letter() {
    let app = spawn_app().await;
    let resident = new_client();
    let tokens = open_form(&resident, &app).await;
    let fields = basic_fields(&compound_id(&app, GYQ));
    let refs = as_refs(&fields);
    let (photo_a, photo_b) = ([png_upload("photo_1")], [png_upload("photo_1")]);
    let (a, b) = tokio::join!(
        post_letter(&resident, &app, &tokens, &refs, &photo_a),
        post_letter(&resident, &app, &tokens, &refs, &photo_b),
    );
    assert_eq!((a.status(), b.status()), (StatusCode::OK, StatusCode::OK));
    let code_of = |body: String| select_text(&Html::parse_document(&body), ".receipt code").pop();
    let (a, b) = (code_of(a.text().await.unwrap()), code_of(b.text().await.unwrap()));
    assert!(a.is_some() && a == b, "{a:?} {b:?}");
    assert_eq!(all_letters(&app).len(), 1);
    assert_eq!(stored_files(&app).len(), 1, "the loser's photo was removed");
}

#[tokio::test]
async fn tracking_shows_public_replies_and_status_but_never_internal_notes() {
    let app = spawn_app().await;
    let (letter, code) = send_letter(&app, GYQ, &[]).await;
    let staff = coordinator(&app, "gyq-coord", GYQ).await;
    let reply = "已联系物业，本周五前修复雨棚。";
    let note = "物业经理电话 023-1234567，内部协调用";
    assert_eq!(
        act(&staff, &app, &letter.id, "reply", &[("body", reply)])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        act(&staff, &app, &letter.id, "note", &[("body", note)]).await.status(),
        StatusCode::SEE_OTHER
    );
    let res = act(
        &staff,
        &app,
        &letter.id,
        "status",
        &[("to", "in_progress"), ("reason", "已派人查看")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    let (status, body) = track(&app, &code).await;
    assert_eq!(status, StatusCode::OK);
    let html = Html::parse_document(&body);
    assert_eq!(select_text(&html, ".letter-status .tag-state"), vec!["处理中"]);
    let replies = select_text(&html, ".public-reply");
    assert!(
        replies.contains(&reply.to_owned()) && replies.contains(&"已派人查看".to_owned()),
        "{replies:?}"
    );
    assert!(
        !body.contains("023-1234567") && !body.contains("内部"),
        "internal notes never shown"
    );
    assert!(!body.contains("13812345678"));

    // Staff see the note, marked internal; the reply acknowledged the letter.
    let (_, page) = get_html(&staff, &app.url(&format!("/staff/letters/{}", letter.id))).await;
    assert!(
        select_text(&page, ".event-internal")
            .iter()
            .any(|t| t.contains("023-1234567"))
    );
    let stored = letters::find(&mut app.conn(), &letter.id).unwrap().unwrap();
    assert!(stored.acknowledged_at.is_some() && stored.resolved_at.is_none());
    assert_eq!(stored.version, 4);
    assert_eq!(app.audit_count("letter.status"), 1);

    let (status, _) = track(&app, "0000-0000-0000-0000-0000-0000-0000-0000").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn another_streets_coordinator_residents_and_visitors_are_refused_everywhere() {
    let app = spawn_app().await;
    let (letter, _) = send_letter(&app, GYQ, &[png_upload("photo_1")]).await;
    let own = coordinator(&app, "gyq-coord", GYQ).await;
    let other = coordinator(&app, "wld-coord", WLD).await;
    let page = format!("/staff/letters/{}", letter.id);
    let photo = format!("{page}/photos/1");

    let res = get(&own, &app.url(&photo)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert!(res.headers()["cache-control"].to_str().unwrap().contains("no-store"));

    assert_eq!(get(&other, &app.url(&page)).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(get(&other, &app.url(&photo)).await.status(), StatusCode::FORBIDDEN);
    let posts: [(&str, &[(&str, &str)]); 5] = [
        ("reply", &[("body", "越权答复")]),
        ("note", &[("body", "越权备注")]),
        ("assign", &[("assignee", "")]),
        ("status", &[("to", "declined"), ("reason", "越权")]),
        ("contact", &[]),
    ];
    for (action, fields) in posts {
        let mut form = vec![("version", "1")];
        form.extend_from_slice(fields);
        let res = post_form(&other, &app.address, &format!("{page}/{action}"), &form).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{action}");
    }
    let (_, list) = get_html(&other, &app.url("/staff/letters")).await;
    assert!(
        select_text(&list, ".letter-row").is_empty(),
        "another street's queue is empty"
    );

    app.create_user("13900000001", Role::Resident, None, None);
    let resident = new_client();
    login(&resident, &app.address, "13900000001", USER_PASSWORD).await;
    assert_eq!(get(&resident, &app.url(&photo)).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        get(&resident, &app.url("/staff/letters")).await.status(),
        StatusCode::FORBIDDEN
    );
    let anonymous = get(&new_client(), &app.url(&photo)).await;
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    assert!(location(&anonymous).starts_with("/login"));

    let unchanged = letters::find(&mut app.conn(), &letter.id).unwrap().unwrap();
    assert_eq!((unchanged.version, unchanged.status.code()), (1, "received"));
    let events = yuanba::db::letter_events::for_letter(&mut app.conn(), &letter.id).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(app.audit_count("letter.contact_view"), 0);
}

#[tokio::test]
async fn declining_needs_a_reason_a_duplicate_needs_its_original_and_stale_forms_conflict() {
    let app = spawn_app().await;
    let (first, _) = send_letter(&app, GYQ, &[]).await;
    let (second, _) = send_letter(&app, GYQ, &[]).await;
    let staff = coordinator(&app, "gyq-coord", GYQ).await;

    let res = act(
        &staff,
        &app,
        &second.id,
        "status",
        &[("to", "declined"), ("reason", " ")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&html, "#e-reason").len(), 1);
    let res = act(&staff, &app, &second.id, "status", &[("to", "duplicate")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&html, "#e-duplicate_of").len(), 1);
    let stored = letters::find(&mut app.conn(), &second.id).unwrap().unwrap();
    assert_eq!((stored.status.code(), stored.version), ("received", 1));

    let res = act(
        &staff,
        &app,
        &second.id,
        "status",
        &[("to", "duplicate"), ("duplicate_of", &first.id)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let stored = letters::find(&mut app.conn(), &second.id).unwrap().unwrap();
    assert_eq!(stored.status.code(), "duplicate");
    assert_eq!(stored.duplicate_of.as_deref(), Some(first.id.as_str()));
    assert!(stored.resolved_at.is_some());

    let res = act(
        &staff,
        &app,
        &first.id,
        "status",
        &[("to", "declined"), ("reason", "不属于社区职责范围")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // A final status cannot be left; the page offers no status form any more.
    let res = post_form(
        &staff,
        &app.address,
        &format!("/staff/letters/{}/status", first.id),
        &[("version", "2"), ("to", "in_progress")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A form from before someone else's change is a conflict, and changes nothing.
    let res = post_form(
        &staff,
        &app.address,
        &format!("/staff/letters/{}/note", first.id),
        &[("version", "1"), ("body", "旧页面上的备注")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(app.audit_count("letter.status"), 2);
}

#[tokio::test]
async fn the_queue_filters_flags_overdue_letters_and_contact_views_are_audited() {
    let app = spawn_app().await;
    let (late, _) = send_letter(&app, GYQ, &[]).await;
    let (fresh, _) = send_letter(&app, GYQ, &[]).await;
    app.run_sql(&format!(
        "UPDATE letters SET ack_due_at = 1000, resolve_due_at = 2000 WHERE id = '{}'",
        late.id
    ))
    .unwrap();
    let staff = coordinator(&app, "gyq-coord", GYQ).await;
    let (_, html) = get_html(&staff, &app.url("/staff/letters")).await;
    assert_eq!(select_text(&html, ".letter-row").len(), 2);
    assert_eq!(select_text(&html, ".letter-row .tag-overdue").len(), 1);
    let (_, html) = get_html(&staff, &app.url("/staff/letters?overdue=1")).await;
    let links: Vec<String> = html
        .select(&Selector::parse(".letter-row a").unwrap())
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect();
    assert_eq!(links, vec![format!("/staff/letters/{}", late.id)]);
    act(&staff, &app, &fresh.id, "status", &[("to", "in_progress")]).await;
    let (_, html) = get_html(&staff, &app.url("/staff/letters?status=in_progress")).await;
    assert_eq!(select_text(&html, ".letter-row").len(), 1);
    // Contacts are masked in the list and on the page until revealed.
    assert!(select_text(&html, ".letter-row").iter().all(|r| !r.contains("李秀兰")));
    let page = format!("/staff/letters/{}", fresh.id);
    let (_, html) = get_html(&staff, &app.url(&page)).await;
    assert_eq!(select_text(&html, ".contact-phone"), vec!["138****5678"]);
    let res = post_form(&staff, &app.address, &format!("{page}/contact"), &[]).await;
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&html, ".contact-phone"), vec!["13812345678"]);
    assert_eq!(app.audit_count("letter.contact_view"), 1);
}

#[tokio::test]
async fn the_board_shows_handled_letters_anonymised_and_counts_one_support_per_browser() {
    let app = spawn_app().await;
    let (handled, _) = send_letter(&app, GYQ, &[]).await;
    let (unread, _) = send_letter(&app, GYQ, &[]).await;
    let staff = coordinator(&app, "gyq-coord", GYQ).await;
    act(&staff, &app, &handled.id, "status", &[("to", "in_progress")]).await;
    act(
        &staff,
        &app,
        &handled.id,
        "reply",
        &[("body", "雨棚已列入本月微整形项目。")],
    )
    .await;
    let board = format!("/board/{}", compound_id(&app, GYQ));

    let visitor = new_client();
    let (status, html) = get_html(&visitor, &app.url(&board)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        select_text(&html, ".board-letter").len(),
        1,
        "unread letters are not published"
    );
    assert_eq!(
        select_text(&html, ".official-reply p"),
        vec!["雨棚已列入本月微整形项目。"]
    );
    let body = get(&visitor, &app.url(&board)).await.text().await.unwrap();
    assert!(!body.contains("李秀兰") && !body.contains("13812345678"));

    let support = format!("{board}/letters/{}/support", handled.id);
    for _ in 0..2 {
        let res = post_form(&visitor, &app.address, &support, &[]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
    }
    let other = new_client();
    post_form(&other, &app.address, &support, &[]).await;
    // An unread letter cannot be supported through a guessed URL either.
    post_form(
        &other,
        &app.address,
        &format!("{board}/letters/{}/support", unread.id),
        &[],
    )
    .await;
    let count = |id: &str| letters::find(&mut app.conn(), id).unwrap().unwrap().support_count;
    assert_eq!((count(&handled.id), count(&unread.id)), (2, 0));
    assert_eq!(
        get(&visitor, &app.url("/board/no-such-place")).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_logged_in_residents_letters_are_listed_on_their_page() {
    let app = spawn_app().await;
    app.create_user("13900000003", Role::Resident, None, None);
    let resident = new_client();
    login(&resident, &app.address, "13900000003", USER_PASSWORD).await;
    let tokens = open_form(&resident, &app).await;
    let fields = basic_fields(&compound_id(&app, GYQ));
    let res = post_letter(&resident, &app, &tokens, &as_refs(&fields), &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let (_, html) = get_html(&resident, &app.url("/me")).await;
    let mine = select_text(&html, ".my-letter");
    assert_eq!(mine.len(), 1);
    assert!(mine[0].contains("已收到") && mine[0].contains("雨棚"), "{mine:?}");
    // Anonymous letters belong to nobody's page until attached with their code.
    let (_, code) = send_letter(&app, GYQ, &[]).await;
    let (_, html) = get_html(&resident, &app.url("/me")).await;
    assert_eq!(select_text(&html, ".my-letter").len(), 1);
    let res = post_form(&resident, &app.address, "/me/letters/attach", &[("code", "0000-1111")]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(select_text(&html, "#e-code").len(), 1);
    let res = post_form(&resident, &app.address, "/me/letters/attach", &[("code", &code)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = get_html(&resident, &app.url("/me")).await;
    assert_eq!(select_text(&html, ".my-letter").len(), 2);
    // Once attached, nobody else can take it.
    app.create_user("13900000004", Role::Resident, None, None);
    let someone = new_client();
    login(&someone, &app.address, "13900000004", USER_PASSWORD).await;
    let res = post_form(&someone, &app.address, "/me/letters/attach", &[("code", &code)]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.audit_count("letter.attach"), 1);
}

#[tokio::test]
async fn demo_letters_come_in_several_states_and_seeding_twice_adds_nothing() {
    let app = spawn_app().await;
    for _ in 0..2 {
        yuanba::demo::seed_demo(&mut app.conn()).unwrap();
    }
    let mut statuses: Vec<String> = all_letters(&app)
        .into_iter()
        .map(|l| l.status.code().to_owned())
        .collect();
    statuses.sort();
    assert_eq!(statuses, ["adopted", "declined", "done", "duplicate", "received"]);
    // They are about the demo compound, whose board shows the handled ones
    // and the project the adopted one went into.
    let compound = all_letters(&app)[0].compound_id.clone().expect("placed at a compound");
    assert_eq!(
        yuanba::db::places::find(&mut app.conn(), &compound)
            .unwrap()
            .unwrap()
            .name,
        "塔坪小区"
    );
    let (status, board) = get_html(&new_client(), &app.url(&format!("/board/{compound}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(select_text(&board, ".board-letter").len(), 3);
    assert_eq!(select_text(&board, ".board-project a"), vec!["塔坪小区“微整形”改造"]);
}

#[tokio::test]
async fn admins_set_category_clocks_which_apply_to_new_letters() {
    let app = spawn_app().await;
    let staff = coordinator(&app, "gyq-coord", GYQ).await;
    assert_eq!(
        get(&staff, &app.url("/admin/letter-categories")).await.status(),
        StatusCode::FORBIDDEN
    );
    app.login_admin().await;
    let edit = |ack: &'static str, resolve: &'static str, version: &'static str| {
        [
            ("name_zh", "公共设施"),
            ("name_en", "Public facilities"),
            ("ack_days", ack),
            ("resolve_days", resolve),
            ("sort_order", "3"),
            ("version", version),
        ]
    };
    let res = app
        .post_form("/admin/letter-categories/facilities", &edit("10", "5", "0"))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&res.text().await.unwrap());
    assert_eq!(
        select_text(&html, "#e-resolve_days"),
        vec!["办结时限不能短于受理时限。"]
    );
    let res = app
        .post_form("/admin/letter-categories/facilities", &edit("2", "10", "0"))
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("letter_category.update"), 1);
    let (letter, _) = send_letter(&app, GYQ, &[]).await;
    assert_eq!(letter.ack_due_at - letter.created_at, 2 * 86_400);
    assert_eq!(letter.resolve_due_at - letter.created_at, 10 * 86_400);
    // A retired category is no longer offered, nor accepted.
    let res = app
        .post_form(
            "/admin/letter-categories/facilities/retire",
            &[("retired", "yes"), ("version", "1")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, form) = get_html(&new_client(), &app.url("/letters/new")).await;
    assert!(attr(&form, "#f-category option[value=facilities]", "value").is_empty());
    assert_eq!(attr(&form, "#f-category option[value=safety]", "value"), "safety");
}

#[tokio::test]
async fn an_adopted_letter_keeps_its_project_when_done() {
    let app = spawn_app().await;
    let (letter, code) = send_letter(&app, GYQ, &[]).await;
    let project = make_project(&app, GYQ, &compound_id(&app, GYQ), "塔坪小区雨棚");
    let staff = coordinator(&app, "gyq-coord", GYQ).await;
    let fields = [
        ("to", "adopted"),
        ("reason", "纳入微整形项目"),
        ("project_id", project.as_str()),
    ];
    assert_eq!(
        act(&staff, &app, &letter.id, "status", &fields).await.status(),
        StatusCode::SEE_OTHER
    );
    let done = [
        ("to", "done"),
        ("reason", "雨棚已安装"),
        ("duplicate_of", letter.id.as_str()),
    ];
    assert_eq!(
        act(&staff, &app, &letter.id, "status", &done).await.status(),
        StatusCode::SEE_OTHER
    );
    let stored = letters::find(&mut app.conn(), &letter.id).unwrap().unwrap();
    assert_eq!(stored.status.code(), "done");
    assert_eq!(stored.project_id.as_deref(), Some(project.as_str()));
    assert_eq!(stored.duplicate_of, None, "a link is only kept for duplicates");
    let (_, body) = track(&app, &code).await;
    let html = Html::parse_document(&body);
    assert_eq!(
        select_text(&html, ".letter-timeline strong"),
        vec!["已收到", "已采纳", "已落实"]
    );
    assert_eq!(attr(&html, "#letter-project a", "href"), format!("/projects/{project}"));
}

mod form_tokens;
mod images;
mod kept_photos;
mod my_letters;
mod picker;
mod places;
mod public_text;
mod submission_limit;
