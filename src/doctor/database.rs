//! Doctor checks of the database: reachable, migrations current, PostgreSQL settings that
//! lose acknowledged records, and disk space where a SQLite file lives.

use super::{Check, connect, sqlite_missing};
use crate::config::Config;
use crate::store::{Backend, Store, redact_url};

/// Free space below this is a failure: SQLite cannot even checkpoint its WAL (40 MiB).
const DISK_FAIL_BYTES: u64 = 200 * 1024 * 1024;
/// Below this, a warning.
const DISK_WARN_BYTES: u64 = 1024 * 1024 * 1024;

/// Opens the database without creating it; `None` (with the check that says why) when it
/// cannot be opened, so the checks that need it are skipped.
pub(super) async fn open(config: &Config, out: &mut Vec<Check>) -> Option<Store> {
    let url = config.database_url();
    if let Some(file) = sqlite_missing(config) {
        out.push(Check::warn(
            "database",
            format!(
                "{} does not exist yet; key file and NAS not checked",
                file.display()
            ),
            "run `radkota migrate` (or `radkota serve`, which creates it)",
        ));
        return None;
    }
    match connect(config).await {
        Ok(store) => {
            out.push(Check::ok(
                "database",
                format!("{} reachable", redact_url(&url)),
            ));
            Some(store)
        }
        Err(e) => {
            out.push(Check::fail(
                "database",
                format!("cannot open {}: {e}", redact_url(&url)),
                "check database.url (RADKOTA_DATABASE_URL) and that the database server runs",
            ));
            None
        }
    }
}

/// The checks that need an open database.
pub(super) async fn checks(config: &Config, store: &Store) -> Vec<Check> {
    let mut out = vec![migrations(store).await];
    if store.backend() == Backend::Postgres {
        out.extend(pg_settings(store).await);
    }
    if let Some(file) = crate::store::sqlite_path_of(&config.database_url()) {
        out.push(disk_space(&file));
    }
    out
}

async fn migrations(store: &Store) -> Check {
    match store.migration_status().await {
        Ok((_, unknown)) if !unknown.is_empty() => Check::fail(
            "migrations",
            format!(
                "the database has migrations this program does not know ({}): a newer radkota wrote it",
                join(unknown.iter().map(i64::to_string))
            ),
            "run the radkota version that migrated this database, or a newer one",
        ),
        Ok((pending, _)) if pending.is_empty() => Check::ok("migrations", "current"),
        Ok((pending, _)) => Check::warn(
            "migrations",
            format!("{} not applied: {}", pending.len(), join(pending)),
            "run `radkota migrate` (serve applies them at start)",
        ),
        Err(e) => Check::fail(
            "migrations",
            format!("cannot read the migration table: {e}"),
            "check the database",
        ),
    }
}

fn join(items: impl IntoIterator<Item = String>) -> String {
    items.into_iter().collect::<Vec<_>>().join(", ")
}

/// `fsync=off` and `synchronous_commit=off` let PostgreSQL acknowledge a commit it may
/// lose, and radkota answers an Accounting-Request only after its commit.
async fn pg_settings(store: &Store) -> Vec<Check> {
    let mut out = Vec::new();
    for (name, fix) in [
        ("fsync", "set fsync = on in postgresql.conf and reload"),
        (
            "synchronous_commit",
            "set synchronous_commit = on (or remote_write/remote_apply) and reload",
        ),
    ] {
        out.push(match store.pg_setting(name).await {
            Ok(Some(v)) if v == "off" => Check::fail(
                "postgresql settings",
                format!("{name} = off: acknowledged accounting records can be lost in a crash"),
                fix,
            ),
            Ok(Some(v)) => Check::ok("postgresql settings", format!("{name} = {v}")),
            Ok(None) => continue,
            Err(e) => Check::warn(
                "postgresql settings",
                format!("cannot read {name}: {e}"),
                "check the database user's rights",
            ),
        });
    }
    out
}

/// Free space on the file system that holds the SQLite file: at least 1 GiB, and at least
/// the database's own size (a vacuum or a large retention purge writes a copy's worth).
fn disk_space(file: &std::path::Path) -> Check {
    let dir = file.parent().unwrap_or(std::path::Path::new("."));
    let stat = match rustix::fs::statvfs(dir) {
        Ok(s) => s,
        Err(e) => {
            return Check::warn(
                "disk space",
                format!("cannot read free space of {}: {e}", dir.display()),
                "check the directory",
            );
        }
    };
    let free = stat.f_bavail.saturating_mul(stat.f_frsize);
    let size: u64 = ["", "-wal"]
        .iter()
        .filter_map(|suffix| {
            std::fs::metadata(crate::store::sqlite_companion(file, suffix))
                .ok()
                .map(|m| m.len())
        })
        .sum();
    let shown = format!(
        "{} free where {} lives (database {})",
        gib(free),
        file.display(),
        gib(size)
    );
    if free < DISK_FAIL_BYTES {
        Check::fail(
            "disk space",
            shown,
            "free space now: accounting stops being acknowledged when the disk is full",
        )
    } else if free < DISK_WARN_BYTES || free < size {
        Check::warn(
            "disk space",
            shown,
            "free space or lower retention (retention.session_days)",
        )
    } else {
        Check::ok("disk space", shown)
    }
}

/// Octets in GiB with two decimals: a disk is read in GiB.
fn gib(n: u64) -> String {
    format!("{:.2} GiB", n as f64 / (1024.0 * 1024.0 * 1024.0))
}
