//! The commands that operate on an installation's data: backup, restore,
//! purge, statistics checks and the demo and benchmark seeds.

use super::{CliResult, connect};
use crate::config::Config;
use crate::db::{self, audit};

pub(super) fn backup(config: &Config, path: &std::path::Path) -> CliResult {
    let manifest = crate::backup::create(config, path).map_err(|e| e.to_string())?;
    let bytes: u64 = manifest.files.iter().map(|f| f.size).sum();
    println!(
        "backup written to {} ({} files, {bytes} bytes, schema {})",
        path.display(),
        manifest.files.len(),
        manifest.schema_version
    );
    Ok(())
}

pub(super) fn restore(config: &Config, path: &std::path::Path) -> CliResult {
    let started = std::time::Instant::now();
    let done = crate::backup::restore(config, path).map_err(|e| format!("restore refused: {e}"))?;
    let m = &done.manifest;
    println!(
        "restored {} ({} files, schema {}, made {} by {}) in {:.1} s",
        path.display(),
        m.files.len(),
        m.schema_version,
        m.created_at,
        m.app_version,
        started.elapsed().as_secs_f64()
    );
    for old in &done.kept_aside {
        println!("kept aside: {}", old.display());
    }
    if config.session_secret.is_some() && path.join(crate::backup::SESSION_KEY).is_file() {
        println!("note: YUANBA_SESSION_SECRET is set, so the restored session.key is not used");
    }
    Ok(())
}

pub(super) fn seed_demo(config: &Config) -> CliResult {
    let mut conn = connect(config)?;
    let created = crate::demo::seed_demo(&mut conn).map_err(|e| e.to_string())?;
    println!(
        "demo content ready ({created} new accounts; password: {})",
        crate::demo::DEMO_PASSWORD
    );
    Ok(())
}

pub(super) fn purge(config: &Config, dry_run: bool) -> CliResult {
    let policy = crate::domain::retention::RetentionPolicy::from_env().map_err(|e| e.to_string())?;
    let mut conn = connect(config)?;
    let now = db::now_ts();
    let report = if dry_run {
        crate::retention::dry_run(&mut conn, &policy, now)
    } else {
        let actor = audit::AuditActor {
            label: "purge".into(),
            ..Default::default()
        };
        crate::retention::run(&mut conn, &policy, now, &config.data_dir.join("uploads"), &actor)
    }
    .map_err(|e| e.to_string())?;
    for line in crate::retention::report_lines(&report, dry_run) {
        println!("{line}");
    }
    Ok(())
}

pub(super) fn check_stats(config: &Config, rebuild: bool) -> CliResult {
    use crate::renovation::headline;
    use crate::statistics::index;
    let mut conn = connect(config)?;
    let mut found = index::differences(&mut conn).map_err(|e| e.to_string())?;
    // The portal's consultation headlines are counters too (issue 14 item 3).
    found.extend(headline::differences(&mut conn).map_err(|e| e.to_string())?);
    // And the centre's board (issue 16).
    found.extend(crate::resolution::counts::differences(&mut conn).map_err(|e| e.to_string())?);
    for line in &found {
        println!("{line}");
    }
    if rebuild && !found.is_empty() {
        index::rebuild(&mut conn).map_err(|e| e.to_string())?;
        headline::rebuild(&mut conn).map_err(|e| e.to_string())?;
        crate::resolution::counts::rebuild(&mut conn).map_err(|e| e.to_string())?;
        println!(
            "check-stats: {} differences; counters rebuilt from the cases, letters and referrals",
            found.len()
        );
        return Ok(());
    }
    if found.is_empty() {
        println!("check-stats: the counters agree with the cases and letters");
        Ok(())
    } else {
        Err(format!("check-stats: {} counters differ from the recount", found.len()))
    }
}

pub(super) fn seed_bench(config: &Config, options: &crate::bench_seed::Options) -> CliResult {
    use crate::bench_seed::{self, BENCH_ACCOUNTS, BENCH_PASSWORD};
    let mut conn = connect(config)?;
    let done = bench_seed::generate(&mut conn, options).map_err(|e| e.to_string())?;
    let c = &done.cases;
    println!(
        "seed-bench: {} cases ({} open, {} overdue), {} parties, {} case events, {} co-mediators, {} letters, {} letter events in {:.1} s",
        c.cases,
        c.open,
        c.overdue,
        c.parties,
        c.events,
        c.co_mediators,
        done.letters.letters,
        done.letters.events,
        done.seconds
    );
    let m = &done.mentoring;
    println!(
        "mentoring: {} studios, {} active and {} ended pairings, {} graduations",
        m.studios, m.active_pairings, m.ended_pairings, m.graduations
    );
    let r = &done.referrals;
    println!(
        "referrals: {} ({} with an organisation now, {} of them overdue)",
        r.referrals, r.open, r.overdue
    );
    println!("bench accounts (password: {BENCH_PASSWORD}):");
    for (username, what) in BENCH_ACCOUNTS {
        println!("  {username}: {what}");
    }
    Ok(())
}
