//! The real `yuanba` binary as a child process, on a data folder (and, when
//! TEST_DATABASE_URL is set, a PostgreSQL database) that outlives each run,
//! so a test can stop, kill and restart it like an operator would.

use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::sync::{Arc, Mutex};

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use yuanba::db::{self, DbConn};

use crate::helpers::{ADMIN_PASSWORD, create_pg_database};

pub const BINARY: &str = env!("CARGO_BIN_EXE_yuanba");

/// One installation: its data folder and database, started as often as a
/// test likes. Dropped, it removes both.
pub struct Deployment {
    pub data_dir: PathBuf,
    /// Set on PostgreSQL: (database name, URL) of the one in use.
    pg: Option<(String, String)>,
    /// Databases used before [`Deployment::fresh_database`], dropped too.
    old_pg: Vec<String>,
}

impl Deployment {
    pub fn new() -> Self {
        let data_dir = std::env::temp_dir().join(format!("yuanba-ops-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&data_dir).expect("temp dir");
        let pg = std::env::var("TEST_DATABASE_URL")
            .ok()
            .filter(|u| !u.is_empty())
            .map(|url| create_pg_database(&url));
        Deployment {
            data_dir,
            pg,
            old_pg: Vec::new(),
        }
    }

    /// PostgreSQL: from now on, a new empty database (as an operator would
    /// `createdb` one to restore into). The old one is kept until drop.
    pub fn fresh_database(&mut self) {
        let admin_url = std::env::var("TEST_DATABASE_URL").expect("PostgreSQL only");
        let old = self
            .pg
            .replace(create_pg_database(&admin_url))
            .expect("PostgreSQL only");
        self.old_pg.push(old.0);
    }

    /// PostgreSQL: the name of the database in use.
    pub fn pg_name(&self) -> Option<String> {
        self.pg.as_ref().map(|(name, _)| name.clone())
    }

    pub fn is_postgres(&self) -> bool {
        self.pg.is_some()
    }

    pub fn database_url(&self) -> String {
        match &self.pg {
            Some((_, url)) => url.clone(),
            None => self.data_dir.join("yuanba.db").to_string_lossy().into_owned(),
        }
    }

    /// A direct connection, as an operator's `sqlite3` or `psql` would have.
    pub fn conn(&self) -> DbConn {
        db::establish(&self.database_url()).expect("database opens")
    }

    /// The binary with this deployment's settings and `args`, not started.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(BINARY);
        cmd.args(args)
            .env("YUANBA_DATA_DIR", &self.data_dir)
            .env("DATABASE_URL", self.database_url())
            .env("YUANBA_BIND", "127.0.0.1:0")
            .env("YUANBA_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("YUANBA_WORKERS", "2")
            .env("YUANBA_DB_POOL", "4")
            .env("YUANBA_DB_POOL_WAIT_MS", "10000")
            // Every client of these tests is 127.0.0.1.
            .env("YUANBA_SUBMISSIONS_PER_ADDRESS", "100000")
            .env("YUANBA_LOG", "info")
            .env_remove("YUANBA_LOG_FORMAT")
            .env_remove("YUANBA_METRICS_ADDR")
            .stdin(Stdio::null())
            .kill_on_drop(true);
        cmd
    }

    /// Runs a one-shot command (`backup`, `restore`, `migrate` …) to its end.
    pub async fn run(&self, args: &[&str]) -> std::process::Output {
        self.command(args).output().await.expect("binary runs")
    }

    pub async fn start(&self) -> Server {
        self.start_with(&[]).await
    }

    /// Starts `serve` with extra environment variables and waits until it
    /// says where it listens.
    pub async fn start_with(&self, env: &[(&str, &str)]) -> Server {
        let mut cmd = self.command(&["serve"]);
        for (key, value) in env {
            cmd.env(key, value);
        }
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("binary starts");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let mut stdout = BufReader::new(child.stdout.take().unwrap()).lines();
        let port = loop {
            let line = stdout
                .next_line()
                .await
                .expect("reads the log")
                .unwrap_or_else(|| panic!("the server exited before listening: {:?}", lines.lock().unwrap()));
            lines.lock().unwrap().push(line.clone());
            if let Some(port) = listening_port(&line) {
                break port;
            }
        };
        drain(stdout, lines.clone());
        drain(BufReader::new(child.stderr.take().unwrap()).lines(), lines.clone());
        Server {
            child,
            address: format!("http://127.0.0.1:{port}"),
            lines,
        }
    }
}

impl Drop for Deployment {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.data_dir);
        let names = self.pg.iter().map(|(name, _)| name).chain(&self.old_pg);
        if let Ok(admin_url) = std::env::var("TEST_DATABASE_URL") {
            if let Ok(mut conn) = PgConnection::establish(&admin_url) {
                for name in names {
                    let _ = conn.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
                }
            }
        }
    }
}

/// The port in the "Yuanba is listening" line, text or JSON format.
fn listening_port(line: &str) -> Option<u16> {
    if !line.contains("Yuanba is listening") {
        return None;
    }
    let at = line
        .find("port=")
        .map(|i| i + 5)
        .or_else(|| line.find("\"port\":").map(|i| i + 7))?;
    let digits: String = line[at..].chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

fn drain<R>(mut lines: tokio::io::Lines<R>, into: Arc<Mutex<Vec<String>>>)
where
    R: tokio::io::AsyncBufRead + Unpin + Send + 'static,
{
    tokio::spawn(async move {
        while let Ok(Some(line)) = lines.next_line().await {
            into.lock().unwrap().push(line);
        }
    });
}

/// A running `yuanba serve`.
pub struct Server {
    child: Child,
    pub address: String,
    /// Everything it wrote to stdout and stderr so far.
    pub lines: Arc<Mutex<Vec<String>>>,
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub fn pid(&self) -> u32 {
        self.child.id().expect("still running")
    }

    /// What systemd sends on `systemctl stop`.
    pub fn terminate(&self) {
        signal(self.pid(), "TERM");
    }

    /// SIGKILL, as the kernel's OOM killer or a power cut would end it.
    pub async fn kill9(mut self) {
        self.child.kill().await.expect("SIGKILL delivered");
    }

    pub async fn wait(mut self) -> ExitStatus {
        self.child.wait().await.expect("waits for the child")
    }

    pub fn log(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }
}

fn signal(pid: u32, name: &str) {
    let status = std::process::Command::new("kill")
        .args([&format!("-{name}"), &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill -{name} {pid}");
}

/// Size and bytes of every file under `dir`, by path relative to it.
pub fn files_under(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(relative, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// Copies the files under `from` into a new folder `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    for (relative, bytes) in files_under(from) {
        let dest = to.join(relative);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::write(dest, bytes).unwrap();
    }
}
