//! Every role-restricted page refuses the other roles (403) and anonymous
//! visitors (redirect to login).

use crate::helpers::*;
use reqwest::StatusCode;
use yuanba::domain::role::{MediatorLevel, Role};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    Anonymous,
    Admin,
    Coordinator,
    Trainee,
    Senior,
    Resident,
}

const EVERYONE: [Who; 6] = [
    Who::Anonymous,
    Who::Admin,
    Who::Coordinator,
    Who::Trainee,
    Who::Senior,
    Who::Resident,
];

/// (path, who may open it)
fn pages() -> Vec<(&'static str, Vec<Who>)> {
    vec![
        ("/admin", vec![Who::Admin]),
        ("/admin/users", vec![Who::Admin]),
        ("/admin/users/new", vec![Who::Admin]),
        ("/admin/audit", vec![Who::Admin]),
        ("/staff/area", vec![Who::Coordinator]),
        ("/staff/cases/new", vec![Who::Coordinator]),
        (
            "/staff/cases",
            vec![Who::Admin, Who::Coordinator, Who::Trainee, Who::Senior],
        ),
        ("/staff", vec![Who::Admin, Who::Coordinator, Who::Trainee, Who::Senior]),
        ("/me", vec![Who::Resident]),
        (
            "/account/password",
            vec![Who::Admin, Who::Coordinator, Who::Trainee, Who::Senior, Who::Resident],
        ),
    ]
}

async fn client_for(app: &TestApp, who: Who) -> reqwest::Client {
    let client = new_client();
    let username = match who {
        Who::Anonymous => return client,
        Who::Admin => "admin",
        Who::Coordinator => "coord",
        Who::Trainee => "xiaoma",
        Who::Senior => "laoma",
        Who::Resident => "13900000001",
    };
    let password = if who == Who::Admin {
        ADMIN_PASSWORD
    } else {
        USER_PASSWORD
    };
    let res = login(&client, &app.address, username, password).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{who:?} logs in");
    client
}

#[tokio::test]
async fn each_role_sees_only_its_own_pages() {
    let app = spawn_app().await;
    app.create_user("coord", Role::Coordinator, None, Some("观音桥街道"));
    app.create_user("xiaoma", Role::Mediator, Some(MediatorLevel::Trainee), None);
    app.create_user("laoma", Role::Mediator, Some(MediatorLevel::Senior), None);
    app.create_user("13900000001", Role::Resident, None, None);
    for who in EVERYONE {
        let client = client_for(&app, who).await;
        for (path, allowed) in pages() {
            let res = get(&client, &app.url(path)).await;
            let status = res.status();
            if allowed.contains(&who) {
                // Admins are sent from the staff workbench to their own home.
                let ok =
                    status == StatusCode::OK || (who == Who::Admin && path == "/staff" && location(&res) == "/admin");
                assert!(ok, "{who:?} should open {path}, got {status}");
            } else if who == Who::Anonymous {
                assert_eq!(status, StatusCode::SEE_OTHER, "anonymous on {path}");
                assert!(
                    location(&res).starts_with("/login?next="),
                    "anonymous on {path} goes to login"
                );
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{who:?} must be refused {path}");
            }
        }
    }
}

#[tokio::test]
async fn admin_actions_are_refused_to_other_roles_and_change_nothing() {
    let app = spawn_app().await;
    let target = app.create_user("target", Role::Coordinator, None, Some("观音桥街道"));
    app.create_user("coord", Role::Coordinator, None, Some("五里店街道"));
    let coordinator = client_for(&app, Who::Coordinator).await;
    for action in ["disable", "reset-password"] {
        let res = post_form(
            &coordinator,
            &app.address,
            &format!("/admin/users/{target}/{action}"),
            &[],
        )
        .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{action}");
    }
    let res = post_form(
        &coordinator,
        &app.address,
        "/admin/users/new",
        &[("username", "sneaky"), ("display_name", "x"), ("role", "admin")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.audit_count("user.disable"), 0);
    assert_eq!(app.audit_count("user.password_reset"), 0);
    assert_eq!(
        app.audit_count("user.create"),
        3,
        "only the bootstrap admin and the two test users"
    );
    // The target can still log in with the old password.
    assert_eq!(app.login("target", USER_PASSWORD).await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_navigation_offers_only_what_the_role_may_open() {
    let app = spawn_app().await;
    app.create_user("coord", Role::Coordinator, None, Some("观音桥街道"));
    let coordinator = client_for(&app, Who::Coordinator).await;
    let (_, html) = get_html(&coordinator, &app.url("/staff")).await;
    let links = select_text(&html, ".main-nav a");
    assert!(links.contains(&"辖区".to_owned()), "{links:?}");
    assert!(!links.iter().any(|l| l == "用户管理" || l == "审计日志"), "{links:?}");
    app.login_admin().await;
    let (_, html) = app.get_html("/admin").await;
    let links = select_text(&html, ".main-nav a");
    assert!(
        links.contains(&"用户管理".to_owned()) && links.contains(&"审计日志".to_owned()),
        "{links:?}"
    );
}
