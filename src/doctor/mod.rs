//! `radkota doctor`: reads the configuration the server would read and checks the setup,
//! one line per check (`ok`, `warn` or `FAIL`, with the fix). Changes nothing: the database
//! is neither created nor migrated, the key file neither made nor bound. One file per group
//! of checks; this one holds the report and runs the groups in order.

mod config;
mod database;
mod key;
mod listen;
mod nas;

use std::path::Path;

use serde::Serialize;

use crate::config::Config;
use crate::store::Store;

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Warn,
    Fail,
}

impl Status {
    /// The word printed at the start of the line.
    pub fn label(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warn => "warn",
            Status::Fail => "FAIL",
        }
    }
}

/// One checked fact.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// A short name of what was checked (`key file`, `nas secrets`, ...), stable for scripts.
    pub check: &'static str,
    pub status: Status,
    /// What was found.
    pub message: String,
    /// What to do about it (none when it is fine).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

impl Check {
    /// A check that passed.
    pub fn ok(check: &'static str, message: impl Into<String>) -> Check {
        Check {
            check,
            status: Status::Ok,
            message: message.into(),
            fix: None,
        }
    }

    /// A check with a warning and its fix.
    pub fn warn(check: &'static str, message: impl Into<String>, fix: impl Into<String>) -> Check {
        Check {
            check,
            status: Status::Warn,
            message: message.into(),
            fix: Some(fix.into()),
        }
    }

    /// A failed check and its fix.
    pub fn fail(check: &'static str, message: impl Into<String>, fix: impl Into<String>) -> Check {
        Check {
            check,
            status: Status::Fail,
            message: message.into(),
            fix: Some(fix.into()),
        }
    }

    /// The line printed for a person: `ok    what` or `FAIL  what: fix`.
    pub fn line(&self) -> String {
        match &self.fix {
            Some(fix) => format!(
                "{:<5} {}: {} (fix: {fix})",
                self.status.label(),
                self.check,
                self.message
            ),
            None => format!(
                "{:<5} {}: {}",
                self.status.label(),
                self.check,
                self.message
            ),
        }
    }
}

/// Every check, in the order run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub checks: Vec<Check>,
}

impl Report {
    /// The worst status of any check.
    pub fn worst(&self) -> Status {
        self.checks
            .iter()
            .map(|c| c.status)
            .max()
            .unwrap_or(Status::Ok)
    }

    /// The process exit status: 0 all fine, 1 warnings, 2 failures.
    pub fn exit_code(&self) -> u8 {
        match self.worst() {
            Status::Ok => 0,
            Status::Warn => 1,
            Status::Fail => 2,
        }
    }

    fn extend(&mut self, checks: impl IntoIterator<Item = Check>) {
        self.checks.extend(checks);
    }
}

/// Runs every check against the configuration at `config_path` (or the default place).
pub async fn run(config_path: Option<&Path>) -> Report {
    let mut report = Report::default();
    let config = match config::load(config_path) {
        Ok((config, check)) => {
            report.checks.push(check);
            config
        }
        Err(check) => {
            // Nothing else can be known without the configuration the server would read.
            report.checks.push(check);
            return report;
        }
    };
    report.extend(config::checks(&config));
    report.extend(listen::checks(&config));
    let Some(store) = database::open(&config, &mut report.checks).await else {
        return report;
    };
    report.extend(database::checks(&config, &store).await);
    let sealer = key::checks(&config, &store, &mut report.checks).await;
    report.extend(nas::checks(&store, sealer.as_ref()).await);
    report.extend(config::clock(&store).await);
    store.close().await;
    report
}

/// The time now, in epoch seconds.
fn now() -> i64 {
    crate::store::now()
}

/// Whether `config` stores in a SQLite file that does not exist yet.
fn sqlite_missing(config: &Config) -> Option<std::path::PathBuf> {
    crate::store::sqlite_path_of(&config.database_url()).filter(|p| !p.exists())
}

/// The store, opened without creating or migrating anything.
async fn connect(config: &Config) -> Result<Store, crate::store::StoreError> {
    Store::connect_with(&config.database_url(), 2).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_code_is_the_worst_status() {
        let mut r = Report::default();
        assert_eq!(r.exit_code(), 0);
        r.checks.push(Check::ok("a", "fine"));
        assert_eq!(r.exit_code(), 0);
        r.checks.push(Check::warn("b", "meh", "do x"));
        assert_eq!(r.exit_code(), 1);
        r.checks.push(Check::fail("c", "bad", "do y"));
        r.checks.push(Check::ok("d", "fine"));
        assert_eq!(r.exit_code(), 2);
        assert_eq!(r.checks[2].line(), "FAIL  c: bad (fix: do y)");
        assert_eq!(r.checks[0].line(), "ok    a: fine");
    }
}
