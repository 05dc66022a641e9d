//! Black-box test harness: the real application on port 0 with a fresh
//! database (SQLite always; PostgreSQL when TEST_DATABASE_URL is set).

use std::path::PathBuf;

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use reqwest::{Client, Response, StatusCode, redirect};
use scraper::{Html, Selector};
use yuanba::accounts::{self, AccountFields, AccountSpec, NewAccount};
use yuanba::config::Config;
use yuanba::db::{DbConn, DbPool, audit::AuditActor, places};
use yuanba::domain::role::{MediatorLevel, Role};
use yuanba::startup::Application;

pub const ADMIN_PASSWORD: &str = "test-admin-password-2026";
/// Known password for accounts made by `create_user`.
pub const USER_PASSWORD: &str = "user-password-2026";

pub struct TestApp {
    pub address: String,
    pub client: Client,
    pub pool: DbPool,
    pub config: Config,
    data_dir: PathBuf,
    pg_database: Option<(String, String)>,
}

/// A browser-like client: keeps cookies, does not follow redirects (tests
/// assert on them).
pub fn new_client() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(redirect::Policy::none())
        .build()
        .expect("client")
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Like `spawn_app`, with settings changed first (secure cookies, say).
pub async fn spawn_app_with(tweak: impl FnOnce(&mut Config)) -> TestApp {
    let data_dir = std::env::temp_dir().join(format!("yuanba-test-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&data_dir).expect("temp dir");
    let pg_database = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
        .map(|url| create_pg_database(&url));
    let mut config = Config::for_data_dir(&data_dir, pg_database.as_ref().map(|(_, url)| url.clone()));
    config.admin_password = Some(ADMIN_PASSWORD.to_owned());
    tweak(&mut config);
    let app = Application::build(&config).expect("application builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let pool = app.pool();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        client: new_client(),
        pool,
        config,
        data_dir,
        pg_database,
    }
}

/// A fresh database per test, created through the server named in the URL.
pub fn create_pg_database(admin_url: &str) -> (String, String) {
    let name = format!("yuanba_test_{}", uuid::Uuid::new_v4().simple());
    let mut conn = PgConnection::establish(admin_url).expect("TEST_DATABASE_URL must point at a running PostgreSQL");
    conn.batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("create test database");
    let base = admin_url
        .rsplit_once('/')
        .map(|(b, _)| b)
        .expect("URL with a database name");
    (name.clone(), format!("{base}/{name}"))
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.data_dir);
        if let (Some((name, _)), Ok(admin_url)) = (&self.pg_database, std::env::var("TEST_DATABASE_URL")) {
            if let Ok(mut conn) = PgConnection::establish(&admin_url) {
                let _ = conn.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub fn is_postgres(&self) -> bool {
        self.pg_database.is_some()
    }

    pub fn conn(&self) -> yuanba::db::PooledConn {
        self.pool.get().expect("pooled connection")
    }

    pub async fn get(&self, path: &str) -> Response {
        get(&self.client, &self.url(path)).await
    }

    pub async fn get_html(&self, path: &str) -> (StatusCode, Html) {
        get_html(&self.client, &self.url(path)).await
    }

    /// POSTs a form with the CSRF token of this client's session.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        post_form(&self.client, &self.address, path, fields).await
    }

    pub async fn login(&self, username: &str, password: &str) -> Response {
        login(&self.client, &self.address, username, password).await
    }

    pub async fn login_admin(&self) {
        let res = self.login("admin", ADMIN_PASSWORD).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "admin login");
    }

    /// Makes an account directly in the database, with `USER_PASSWORD`,
    /// through the parser the admin form and the CLI use.
    pub fn create_user(
        &self,
        username: &str,
        role: Role,
        level: Option<MediatorLevel>,
        street: Option<&str>,
    ) -> String {
        let mut conn = self.conn();
        let areas = places::streets_and_towns(&mut conn).unwrap();
        let area_id = street.map_or("", |s| {
            let named = |p: &&places::Place| p.name == s || p.short_name.as_deref() == Some(s);
            areas.iter().find(named).expect("street exists").id.as_str()
        });
        let fields = AccountFields {
            username,
            display_name: "测试用户",
            role: role.code(),
            level: level.map_or("", MediatorLevel::code),
            area_id,
            org_id: "",
        };
        let spec = AccountSpec {
            account: NewAccount::parse(&fields, &areas).expect("valid account"),
            password_hash: yuanba::auth::password::hash(USER_PASSWORD).unwrap(),
            must_change_password: false,
        };
        accounts::create(&mut conn, &spec, &AuditActor::system()).expect("create user")
    }

    /// Makes a receiving organisation's staff account for `org_id`, with
    /// `USER_PASSWORD`, through the same parser.
    pub fn create_org_user(&self, username: &str, org_id: &str) -> String {
        let mut conn = self.conn();
        let fields = AccountFields {
            username,
            display_name: "机构用户",
            role: Role::OrgStaff.code(),
            org_id,
            ..Default::default()
        };
        let spec = AccountSpec {
            account: NewAccount::parse(&fields, &[]).expect("valid account"),
            password_hash: yuanba::auth::password::hash(USER_PASSWORD).unwrap(),
            must_change_password: false,
        };
        accounts::create(&mut conn, &spec, &AuditActor::system()).expect("create org user")
    }

    pub fn audit_count(&self, action: &str) -> i64 {
        yuanba::db::audit::count_action(&mut self.conn(), action).unwrap()
    }

    pub fn run_sql(&self, sql: &str) -> Result<(), diesel::result::Error> {
        let mut conn = self.conn();
        let conn: &mut DbConn = &mut conn;
        conn.batch_execute(sql)
    }
}

pub async fn get(client: &Client, url: &str) -> Response {
    client.get(url).send().await.expect("request sent")
}

pub async fn get_html(client: &Client, url: &str) -> (StatusCode, Html) {
    let res = get(client, url).await;
    let status = res.status();
    (status, Html::parse_document(&res.text().await.unwrap()))
}

/// The CSRF token this client's pages carry.
pub async fn csrf_token(client: &Client, address: &str) -> String {
    let (_, html) = get_html(client, &format!("{address}/login")).await;
    let selector = Selector::parse("input[name=csrf]").unwrap();
    html.select(&selector)
        .next()
        .and_then(|e| e.value().attr("value"))
        .expect("page has a csrf field")
        .to_owned()
}

pub async fn post_form(client: &Client, address: &str, path: &str, fields: &[(&str, &str)]) -> Response {
    let token = csrf_token(client, address).await;
    let mut form: Vec<(&str, &str)> = vec![("csrf", &token)];
    form.extend_from_slice(fields);
    client
        .post(format!("{address}{path}"))
        .form(&form)
        .send()
        .await
        .expect("request sent")
}

pub async fn login(client: &Client, address: &str, username: &str, password: &str) -> Response {
    post_form(
        client,
        address,
        "/login",
        &[("username", username), ("password", password)],
    )
    .await
}

pub fn select_text(html: &Html, css: &str) -> Vec<String> {
    let selector = Selector::parse(css).unwrap_or_else(|_| panic!("bad selector {css}"));
    html.select(&selector)
        .map(|e| e.text().collect::<String>().trim().to_owned())
        .collect()
}

pub fn location(res: &Response) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

pub fn cookie_value(res: &Response, name: &str) -> Option<String> {
    res.cookies().find(|c| c.name() == name).map(|c| c.value().to_owned())
}

/// The attribute `name` of the first element matching `css`, or "".
pub fn first_attr(html: &Html, css: &str, name: &str) -> String {
    let selector = Selector::parse(css).unwrap_or_else(|_| panic!("bad selector {css}"));
    html.select(&selector)
        .next()
        .and_then(|e| e.value().attr(name))
        .unwrap_or_default()
        .to_owned()
}
