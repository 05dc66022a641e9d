//! Command line: `serve` (default), `migrate`, `create-user`, `backup`, `restore`, `seed-demo`,
//! `check-stats`, `seed-bench`.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

mod operations;

use crate::accounts::{self, AccountFields, AccountSpec, FieldProblems, NewAccount};
use crate::auth::password;
use crate::config::Config;
use crate::db::{self, Backend, DbConn, audit, places};
use crate::domain::account::{NewPassword, PasswordRule};
use crate::domain::role::{MediatorLevel, Role};
use crate::i18n::{self, Lang};
use crate::startup::{Application, prepare_database};

#[derive(Parser)]
#[command(name = "yuanba", version, about = "院坝 Yuanba — Jiangbei grassroots governance")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Start the web server (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create an account. The password is read from standard input.
    CreateUser {
        #[arg(long)]
        username: String,
        #[arg(long)]
        role: CliRole,
        /// Mediators only: trainee (小马) or senior (老马).
        #[arg(long)]
        level: Option<CliLevel>,
        /// Coordinators only: the street or town, e.g. 观音桥街道.
        #[arg(long)]
        area: Option<String>,
        /// Shown name; defaults to the username.
        #[arg(long)]
        display_name: Option<String>,
        /// Read the password from standard input instead of prompting.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Write a backup bundle into the new folder PATH: the database (SQLite
    /// copy or pg_dump), the uploads, the session key and a manifest. Safe
    /// while the server runs.
    Backup { path: PathBuf },
    /// Check the bundle at PATH, then put it in place of the database and
    /// uploads, keeping the old ones aside. The server must be stopped.
    Restore { path: PathBuf },
    /// Anonymise or delete personal data past its retention period
    /// (README, "Retention"); `--dry-run` lists what is due and changes nothing.
    Purge {
        #[arg(long)]
        dry_run: bool,
    },
    /// Add demo places, accounts and content (idempotent).
    SeedDemo,
    /// Recount the statistics counters from the cases and list every
    /// difference (exit status 1 when they differ); `--rebuild` then
    /// replaces the counters with the recount.
    CheckStats {
        #[arg(long)]
        rebuild: bool,
    },
    /// Fill an empty database with a generated three-year history for
    /// benchmarks, and bench accounts with a known password.
    SeedBench {
        #[arg(long, default_value_t = 10_000)]
        cases: u64,
        #[arg(long, default_value_t = 10_000)]
        letters: u64,
        /// The same seed builds the same history.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// 小马 (trainee mediators) in the district; with --seniors. Both 0:
        /// about 60 mediators, half of them trainees, or 300 per 1,000 open
        /// cases when that is more.
        #[arg(long, default_value_t = 0)]
        trainees: u32,
        /// 老马 (senior mediators) in the district.
        #[arg(long, default_value_t = 0)]
        seniors: u32,
    },
}

/// `--role`: clap lists and checks the values; the domain's `Role` stays
/// free of command-line concerns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CliRole {
    Admin,
    Coordinator,
    Mediator,
    Resident,
}

impl From<CliRole> for Role {
    fn from(role: CliRole) -> Role {
        match role {
            CliRole::Admin => Role::Admin,
            CliRole::Coordinator => Role::Coordinator,
            CliRole::Mediator => Role::Mediator,
            CliRole::Resident => Role::Resident,
        }
    }
}

/// `--level`, like `--role`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CliLevel {
    Trainee,
    Senior,
}

impl From<CliLevel> for MediatorLevel {
    fn from(level: CliLevel) -> MediatorLevel {
        match level {
            CliLevel::Trainee => MediatorLevel::Trainee,
            CliLevel::Senior => MediatorLevel::Senior,
        }
    }
}

pub type CliResult = Result<(), String>;

pub fn run(cli: Cli) -> CliResult {
    let config = Config::from_env()?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config),
        Command::Migrate => prepare_database(&config)
            .map(|_| println!("migrations applied"))
            .map_err(|e| e.to_string()),
        Command::CreateUser {
            username,
            role,
            level,
            area,
            display_name,
            password_stdin,
        } => {
            let input = UserInput {
                username,
                role,
                level,
                area,
                display_name,
            };
            create_user(&config, input, password_stdin)
        }
        Command::Backup { path } => operations::backup(&config, &path),
        Command::Restore { path } => operations::restore(&config, &path),
        Command::Purge { dry_run } => operations::purge(&config, dry_run),
        Command::SeedDemo => operations::seed_demo(&config),
        Command::CheckStats { rebuild } => operations::check_stats(&config, rebuild),
        Command::SeedBench {
            cases,
            letters,
            seed,
            trainees,
            seniors,
        } => {
            let people = crate::bench_seed::cast::People { trainees, seniors };
            operations::seed_bench(
                &config,
                &crate::bench_seed::Options {
                    cases,
                    letters,
                    seed,
                    people,
                },
            )
        }
    }
}

fn serve(config: Config) -> CliResult {
    actix_web::rt::System::new().block_on(async move {
        crate::startup::create_private_dir(&config.data_dir).map_err(|e| e.to_string())?;
        // Held until the server exits, so `restore` cannot run under it.
        let _lock = crate::backup::lock::shared(&config.data_dir)
            .map_err(|e| format!("{e}: a restore is running on this data folder"))?;
        let app = Application::build(&config).map_err(|e| e.to_string())?;
        let backend = Backend::from_url(&config.database_url).map_err(|e| e.to_string())?;
        if let Some(metrics_port) = app.metrics_port() {
            tracing::info!(metrics_port, "metrics are served at /metrics");
        }
        tracing::info!(bind = %config.bind, port = app.port(), backend = backend.name(), "Yuanba is listening");
        app.run_until_stopped().await.map_err(|e| e.to_string())
    })
}

fn connect(config: &Config) -> Result<db::PooledConn, String> {
    let pool = prepare_database(config).map_err(|e| e.to_string())?;
    pool.get().map_err(|e| e.to_string())
}

pub struct UserInput {
    pub username: String,
    pub role: CliRole,
    pub level: Option<CliLevel>,
    pub area: Option<String>,
    pub display_name: Option<String>,
}

fn create_user(config: &Config, input: UserInput, from_stdin: bool) -> CliResult {
    let plain = read_password(from_stdin)?;
    let password = checked_password(&input, &plain)?;
    let mut conn = connect(config)?;
    let spec = AccountSpec {
        account: new_account(&mut conn, &input)?,
        password_hash: password::hash(password.expose()).map_err(|e| e.to_string())?,
        must_change_password: false,
    };
    let actor = audit::AuditActor {
        label: "cli".into(),
        ..Default::default()
    };
    accounts::create(&mut conn, &spec, &actor).map_err(|e| e.to_string())?;
    let account = &spec.account;
    println!("created {} ({})", account.username.as_str(), account.role.code());
    Ok(())
}

/// The same policy as the web forms: staff need 12 characters, residents
/// 10, and neither may use a common password.
fn checked_password(input: &UserInput, plain: &str) -> Result<NewPassword, String> {
    NewPassword::parse(plain, PasswordRule::for_role(input.role.into())).map_err(|e| format!("password: {e:?}"))
}

/// The admin form's parser, given the street or town by name.
fn new_account(conn: &mut DbConn, input: &UserInput) -> Result<NewAccount, String> {
    let areas = places::streets_and_towns(conn).map_err(|e| e.to_string())?;
    let area_id = match &input.area {
        Some(name) => {
            let named = |p: &&places::Place| p.name == *name || p.short_name.as_deref() == Some(name.as_str());
            areas
                .iter()
                .find(named)
                .ok_or(format!("no street or town named {name}"))?
                .id
                .as_str()
        }
        None => "",
    };
    let fields = AccountFields {
        username: &input.username,
        display_name: input.display_name.as_deref().unwrap_or(&input.username),
        role: Role::from(input.role).code(),
        level: input.level.map_or("", |l| MediatorLevel::from(l).code()),
        area_id,
        org_id: "",
    };
    NewAccount::parse(&fields, &areas).map_err(|problems| explain(&problems))
}

/// One line per refused field, in English, with the option it came from.
fn explain(problems: &FieldProblems) -> String {
    let lines: Vec<String> = problems
        .iter()
        .map(|(field, key)| {
            let option = match field {
                "area_id" => "--area",
                "level" => "--level",
                "display_name" => "--display-name",
                "username" => "--username",
                _ => "--role",
            };
            format!("{option}: {}", i18n::t(Lang::En, key))
        })
        .collect();
    lines.join("\n")
}

fn read_password(from_stdin: bool) -> Result<String, String> {
    if from_stdin || !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_owned());
    }
    let first = rpassword::prompt_password("Password: ").map_err(|e| e.to_string())?;
    let second = rpassword::prompt_password("Repeat password: ").map_err(|e| e.to_string())?;
    if first != second {
        return Err("the passwords differ".into());
    }
    Ok(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(role: &str) -> UserInput {
        UserInput {
            username: "someone".into(),
            role: CliRole::from_str(role, false).expect("a --role value"),
            level: None,
            area: None,
            display_name: None,
        }
    }

    #[test]
    fn create_user_applies_the_password_policy_of_the_role() {
        assert!(checked_password(&input("coordinator"), "eleven-char").is_err());
        assert!(checked_password(&input("admin"), "qwerty123456").is_err());
        assert!(checked_password(&input("resident"), "1234567890").is_err());
        assert!(checked_password(&input("resident"), "ten-chars!").is_ok());
        assert!(checked_password(&input("mediator"), "twelve-chars").is_ok());
        assert!(checked_password(&input("admin"), crate::demo::DEMO_PASSWORD).is_ok());
    }
}
