//! The command line: parsing, dispatch to one file per command group, and error printing
//! (one `error: ...` line, exit code 1; clap's usage errors keep exit code 2).

mod area;
mod audit;
mod bench;
mod ca;
mod db;
mod demo;
mod doctor;
mod eap;
mod generate;
mod import;
mod key;
mod limits;
mod nas;
mod plan;
mod policy;
mod report;
mod retention;
mod roaming;
mod session;
mod session_who;
mod staff;
mod token;
mod trace;
mod usage;
mod user;
mod voucher;

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use crate::auth::seal::Sealer;
use crate::config::Config;
use crate::store::{Store, redact_url};

const TOP_AFTER_HELP: &str = "\
Examples:
  radkota migrate                      create or update the database
  radkota nas add rw07-hotspot --address 10.7.0.1 --secret-stdin
  radkota user add siti --plan student --password-stdin
  radkota plan list
  radkota session list --open          sessions the hotspots report as open
  radkota usage siti                   a user's data and time per day
  radkota user import students.csv --generate-passwords slips.csv
  radkota audit verify
  radkota report weekly                every RW this week against last week
  radkota report usage --format html --output report.html
  radkota user forget siti             erase a person, keep the aggregates (UU PDP)
  radkota key rotate                   new sealing key, every secret re-sealed
  radkota serve                        run the RADIUS server

The configuration file is config/radkota.toml unless --config or RADKOTA_CONFIG says
otherwise; when that file is missing, /etc/radkota/radkota.toml (installed by the Debian
package: database and key file in /var/lib/radkota), and when that is missing too,
built-in defaults (database and key file in ./data). Every command that uses the database creates or updates it first and
checks the key file against it (the key file is next to a SQLite database, e.g.
data/radkota.key, unless auth.key_file says otherwise; PostgreSQL needs auth.key_file).";

/// radkota: RADIUS authentication and accounting for city public WiFi.
#[derive(Debug, Parser)]
#[command(name = "radkota", version, after_help = TOP_AFTER_HELP)]
pub struct Cli {
    /// Configuration file (TOML). Default: config/radkota.toml if it exists, else
    /// /etc/radkota/radkota.toml if it exists, else built-in defaults.
    #[arg(long, global = true, env = "RADKOTA_CONFIG", value_name = "PATH")]
    config: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the RADIUS server (authentication and accounting) until stopped.
    #[command(
        after_help = "Example:\n  radkota serve\n  radkota serve --debug                 every request explained on the terminal (a lab)\n  radkota --config /etc/radkota/radkota.toml serve\n\nStop it with Ctrl-C or SIGTERM; requests in progress are finished first."
    )]
    Serve {
        /// Print every Access-Request to standard output as `radkota trace` shows it: NAS,
        /// Message-Authenticator, password verdict, policy figures, reply, time per stage.
        /// For a lab: on a busy server use `radkota trace` with a filter instead.
        #[arg(long)]
        debug: bool,
    },
    /// Watch the running server's Access-Requests as they arrive, one block each (through
    /// the admin API, with an admin token).
    #[command(after_help = trace::AFTER_HELP)]
    Trace(trace::TraceArgs),
    /// Create the database or bring it up to date (safe to run any time).
    #[command(after_help = db::AFTER_HELP)]
    Migrate,
    /// Hotspot controllers (NAS) allowed to ask this server: add, list, remove.
    #[command(subcommand, after_help = nas::AFTER_HELP)]
    Nas(nas::NasCommand),
    /// WiFi user accounts: add, show, list, disable, enable, change password, delete.
    #[command(subcommand, after_help = user::AFTER_HELP)]
    User(user::UserCommand),
    /// Plans (speed and time limits that users get).
    #[command(subcommand, after_help = plan::AFTER_HELP)]
    Plan(plan::PlanCommand),
    /// What the policy would answer: the exact attributes a user gets, and why.
    #[command(subcommand, after_help = policy::AFTER_HELP)]
    Policy(policy::PolicyCommand),
    /// Load-test a RADIUS server: requests/s, latency percentiles, timeouts, rejects.
    #[command(after_help = bench::AFTER_HELP)]
    Bench(bench::BenchArgs),
    /// Accounting sessions reported by the hotspots: list, show, disconnect.
    #[command(subcommand, after_help = session::AFTER_HELP)]
    Session(session::SessionCommand),
    /// A user's data and time per day.
    #[command(after_help = usage::AFTER_HELP)]
    Usage(usage::UsageArgs),
    /// Areas (kecamatan > kelurahan > RW): import from CSV, list.
    #[command(subcommand, after_help = area::AFTER_HELP)]
    Area(area::AreaCommand),
    /// The tamper-evident audit log of every change: verify, list.
    #[command(subcommand, after_help = audit::AFTER_HELP)]
    Audit(audit::AuditCommand),
    /// Web console accounts (people): add, list, disable, password, TOTP.
    #[command(subcommand, after_help = staff::AFTER_HELP)]
    Staff(staff::StaffCommand),
    /// Voucher batches: create, list, print slips with QR codes, export, extend, disable.
    #[command(subcommand, after_help = voucher::AFTER_HELP)]
    Voucher(voucher::VoucherCommand),
    /// Bearer tokens for the admin HTTP API: create, list, revoke.
    #[command(subcommand, after_help = token::AFTER_HELP)]
    Token(token::TokenCommand),
    /// Usage, hotspot-health and weekly reports: table, CSV or JSON.
    #[command(subcommand, after_help = report::AFTER_HELP)]
    Report(report::ReportCommand),
    /// Personal-data retention: purge what is past its period now.
    #[command(subcommand, after_help = retention::AFTER_HELP)]
    Retention(retention::RetentionCommand),
    /// Synthetic demo data (areas, NAS, users, a year of usage) for trying reports.
    #[command(subcommand, after_help = demo::AFTER_HELP)]
    Demo(demo::DemoCommand),
    /// The sealing key of the database: show, rotate.
    #[command(subcommand, after_help = key::AFTER_HELP)]
    Key(key::KeyCommand),
    /// The admin HTTP API on its own.
    #[command(subcommand, after_help = token::ADMIN_AFTER_HELP)]
    Admin(token::AdminCommand),
    /// Shell completions (bash, zsh, fish, ...) on standard output.
    #[command(after_help = generate::COMPLETIONS_AFTER_HELP)]
    Completions(generate::CompletionsArgs),
    /// The man page, radkota(1), in roff on standard output.
    #[command(after_help = "Example:\n  radkota manpage | man -l -")]
    Manpage,
    /// The city CA for RadSec: create it once (router certificates: `nas cert`).
    #[command(subcommand, after_help = ca::CA_AFTER_HELP)]
    Ca(ca::CaCommand),
    /// WPA-Enterprise onboarding: device profiles for the EAP SSID.
    #[command(subcommand, after_help = eap::AFTER_HELP)]
    Eap(eap::EapCommand),
    /// Check the setup (config, database, key file, ports, NAS) without changing anything.
    #[command(after_help = doctor::AFTER_HELP)]
    Doctor(doctor::DoctorArgs),
}

/// What every command needs: the loaded configuration, and the sealing key once the
/// database has been opened and the key checked against it.
pub(crate) struct Ctx {
    config: Config,
    sealer: std::sync::OnceLock<Sealer>,
}

impl Ctx {
    /// Opens the database, brings its schema up to date (so a fresh machine just works) and
    /// checks the key file against it: a command never runs with a key that is not the
    /// database's.
    async fn store(&self) -> anyhow::Result<Store> {
        let url = self.config.database_url();
        let store = Store::connect_with(&url, self.config.database.max_connections)
            .await
            .with_context(|| format!("cannot open database {}", redact_url(&url)))?;
        let ready = async {
            store
                .migrate()
                .await
                .with_context(|| format!("cannot update database {}", redact_url(&url)))?;
            if self.sealer.get().is_none() {
                let sealer = crate::auth::key_bind::bind_config(&self.config, &store).await?;
                let _ = self.sealer.set(sealer);
            }
            anyhow::Ok(())
        }
        .await;
        if let Err(e) = ready {
            store.close().await;
            return Err(e);
        }
        Ok(store)
    }

    /// The dictionary named by `policy.dictionary` (built-in when the default is missing).
    fn dictionary(&self) -> anyhow::Result<crate::dictionary::Dictionary> {
        Ok(self.config.dictionary()?.0)
    }

    /// The sealer for reversible secrets: the database's key (opens and checks the
    /// database first when no command has yet).
    async fn sealer(&self) -> anyhow::Result<Sealer> {
        if let Some(s) = self.sealer.get() {
            return Ok(s.clone());
        }
        self.store().await?.close().await;
        self.sealer
            .get()
            .cloned()
            .context("the sealing key was not loaded")
    }
}

/// Parses arguments and runs the chosen command; returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version also arrive here, with exit code 0.
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    // A bug must still end in one readable line, not a backtrace; panic messages never carry
    // secrets because secrets are never formatted into them.
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".into());
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        crate::logging::stderr_line(&format!(
            "error: internal error (please report it): {}{place}",
            one_line(&msg)
        ));
    }));
    match std::panic::catch_unwind(|| run(cli)) {
        Ok(Ok(code)) => code,
        Ok(Err(e)) => {
            crate::logging::stderr_line(&format!("error: {}", one_line(&error_chain(&e))));
            ExitCode::from(1)
        }
        Err(_) => ExitCode::from(1),
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match &cli.command {
        // Generated from the definitions alone: no configuration is read, so they work
        // anywhere.
        Command::Completions(args) => {
            generate::completions(args)?;
            return Ok(ExitCode::SUCCESS);
        }
        Command::Manpage => {
            generate::manpage()?;
            return Ok(ExitCode::SUCCESS);
        }
        // Before the configuration is loaded: a configuration that does not load is one of
        // the things doctor reports, with exit status 2.
        Command::Doctor(args) => return doctor::run(cli.config.as_deref(), args),
        _ => {}
    }
    let config = Config::load(cli.config.as_deref())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let ctx = Ctx {
        config,
        sealer: std::sync::OnceLock::new(),
    };
    runtime.block_on(async move {
        match cli.command {
            Command::Serve { debug } => {
                crate::app::serve_with(ctx.config, crate::app::Options { debug }).await
            }
            Command::Trace(args) => trace::run(&ctx, args).await,
            Command::Migrate => db::migrate(&ctx).await,
            Command::Bench(args) => bench::run(args).await,
            Command::Nas(cmd) => nas::run(&ctx, cmd).await,
            Command::User(cmd) => user::run(&ctx, cmd).await,
            Command::Plan(cmd) => plan::run(&ctx, cmd).await,
            Command::Policy(cmd) => policy::run(&ctx, cmd).await,
            Command::Session(cmd) => session::run(&ctx, cmd).await,
            Command::Usage(args) => usage::run(&ctx, args).await,
            Command::Area(cmd) => area::run(&ctx, cmd).await,
            Command::Audit(cmd) => audit::run(&ctx, cmd).await,
            Command::Token(cmd) => token::run(&ctx, cmd).await,
            Command::Staff(cmd) => staff::run(&ctx, cmd).await,
            Command::Voucher(cmd) => voucher::run(&ctx, cmd).await,
            Command::Admin(cmd) => token::admin(&ctx, cmd).await,
            Command::Report(cmd) => report::run(&ctx, cmd).await,
            Command::Retention(cmd) => retention::run(&ctx, cmd).await,
            Command::Demo(cmd) => demo::run(&ctx, cmd).await,
            Command::Key(cmd) => key::run(&ctx, cmd).await,
            Command::Completions(_) | Command::Manpage | Command::Doctor(_) => Ok(()),
            Command::Ca(cmd) => ca::run_ca(&ctx, cmd),
            Command::Eap(cmd) => eap::run(&ctx, cmd),
        }
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The error and its causes joined by ": ", leaving out a cause whose text an outer message
/// already repeats (sqlx and thiserror wrappers print their source inside their own text).
fn error_chain(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

/// Joins a multi-line message into one line.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads a secret from standard input: the first line, without its line ending. `what` names
/// it in messages ("password", "shared secret").
fn read_secret_stdin(what: &str) -> anyhow::Result<Vec<u8>> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("{what}: ");
        let _ = std::io::stderr().flush();
    }
    let mut buf = Vec::new();
    // The bound keeps a mistaken pipe (a whole file) from filling memory.
    stdin
        .lock()
        .take(64 * 1024)
        .read_to_end(&mut buf)
        .with_context(|| format!("cannot read the {what} from standard input"))?;
    let line = buf.split(|&b| b == b'\n').next().unwrap_or_default();
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    Ok(line.to_vec())
}

/// Epoch seconds as a local date and time, e.g. "2025-06-01 10:00 +07:00".
fn fmt_time(epoch: i64) -> String {
    use chrono::TimeZone;
    match chrono::Local.timestamp_opt(epoch, 0) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
            t.format("%Y-%m-%d %H:%M %:z").to_string()
        }
        chrono::LocalResult::None => epoch.to_string(),
    }
}

/// Prints rows as a left-aligned table under a header.
fn print_table(header: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut out = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            if i + 1 == cells.len() {
                out.push_str(cell);
            } else {
                out.push_str(&format!("{cell:<w$}  "));
            }
        }
        println!("{}", out.trim_end());
    };
    line(header.to_vec());
    for row in rows {
        line(row.iter().map(String::as_str).collect());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn redacts_passwords_only() {
        assert_eq!(
            redact_url("postgres://radkota:s3cret@db:5432/radkota?sslmode=require"),
            "postgres://radkota:***@db:5432/radkota?sslmode=require"
        );
        assert_eq!(
            redact_url("postgres://postgres@127.0.0.1/test"),
            "postgres://postgres@127.0.0.1/test"
        );
        assert_eq!(
            redact_url("sqlite://data/radkota.db"),
            "sqlite://data/radkota.db"
        );
    }

    #[test]
    fn one_line_joins() {
        assert_eq!(one_line("a\n  b\tc "), "a b c");
    }
}
