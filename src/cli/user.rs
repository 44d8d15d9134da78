//! `radkota user ...`: WiFi accounts. Passwords are stored twice: an argon2id hash (for PAP)
//! and a sealed copy (for CHAP and MS-CHAPv2, which need the cleartext); neither is printed.

use anyhow::bail;
use clap::{Args, Subcommand};

use super::{Ctx, fmt_time, print_table, read_secret_stdin};
use crate::auth::pap::hash_password;
use crate::store::{Actor, NewUser, Scope, UserExtra, UserRecord, UserStatus};

/// Help epilogue for `user`.
pub(super) const AFTER_HELP: &str = "\
Examples:
  echo 'rahasia123' | radkota user add siti --plan student --password-stdin \\
      --full-name 'Siti Aminah'
  radkota user show siti
  radkota user list --plan umkm
  radkota user disable siti
  radkota user enable siti
  echo 'baru456' | radkota user passwd siti --password-stdin
  radkota user delete siti
  radkota user forget siti --yes        remove a person's data (UU PDP)

See the plans with: radkota plan list";

const ADD_AFTER_HELP: &str = "\
Examples:
  echo 'rahasia123' | radkota user add siti --plan student --password-stdin
  radkota user add toko-budi --plan umkm --password 'rahasia123' \\
      --full-name 'Toko Budi' --expires 2026-12-31

Prefer --password-stdin: a password typed on the command line stays in the shell history.
--expires: the account works until the end of that day (this machine's time zone).";

/// User subcommands.
#[derive(Debug, Subcommand)]
pub(super) enum UserCommand {
    /// Create an account.
    #[command(after_help = ADD_AFTER_HELP)]
    Add(AddArgs),
    /// Show one account's details (never the password).
    #[command(after_help = "Example:\n  radkota user show siti")]
    Show {
        /// The username.
        username: String,
    },
    /// List accounts by username.
    #[command(
        after_help = "Examples:\n  radkota user list\n  radkota user list --plan student --limit 50 --offset 50"
    )]
    List(ListArgs),
    /// Block an account from logging in (it is kept and can be enabled again).
    #[command(after_help = "Example:\n  radkota user disable siti")]
    Disable {
        /// The username.
        username: String,
    },
    /// Allow a disabled account to log in again.
    #[command(after_help = "Example:\n  radkota user enable siti")]
    Enable {
        /// The username.
        username: String,
    },
    /// Set a new password for an account.
    #[command(
        after_help = "Example:\n  echo 'baru456' | radkota user passwd siti --password-stdin"
    )]
    Passwd(PasswdArgs),
    /// Override plan limits for one account (only the options given change).
    #[command(after_help = SET_AFTER_HELP)]
    Set(Box<SetArgs>),
    /// Delete an account for good.
    #[command(
        after_help = "Example:\n  radkota user delete siti\n\nTo block an account but keep it, use `radkota user disable` instead."
    )]
    Delete {
        /// The username.
        username: String,
    },
    /// Remove a person's data for good (UU PDP): account, sessions, login log, name in usage.
    #[command(after_help = FORGET_AFTER_HELP)]
    Forget {
        /// The username.
        username: String,
        /// Do not ask for confirmation (for scripts).
        #[arg(long)]
        yes: bool,
    },
    /// End a user's roaming bindings (all devices, or one MAC).
    #[command(after_help = super::roaming::UNBIND_AFTER_HELP)]
    Unbind {
        /// The username.
        username: String,
        /// One device's MAC (any spelling); without it, every device.
        mac: Option<String>,
    },
    /// List the devices bound to a user for roaming (never the MAC).
    Devices {
        /// The username.
        username: String,
    },
    /// Create many accounts from a CSV file (a school's or UMKM registry's list).
    #[command(after_help = super::import::USER_IMPORT_AFTER_HELP)]
    Import(super::import::UserImportArgs),
    /// Write every account as CSV (never passwords or hashes).
    #[command(
        after_help = "Examples:\n  radkota user export > users.csv\n  radkota user export --output users.csv"
    )]
    Export(super::import::UserExportArgs),
}

const FORGET_AFTER_HELP: &str = "\
Example:
  radkota user forget siti --yes

Deletes the account, its limits, its sessions and login log rows (with device MAC
addresses), and replaces the username in the daily usage rollups with #<user id>, so the
person cannot be linked to them any more while every total and unique-user count in the
reports stays the same. Earlier audit rows about the account lose the name and personal
fields and the audit chain is re-hashed; the new `user.forget` row (target user#<id>, no
name) lists those rows and the previous chain head. Cannot be undone. Refused while the
user has an open session: disable the account and let the session end first. See
docs/privacy.md.";

/// How the password is given.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub(super) struct PasswordArgs {
    /// The password (1 to 128 characters). Visible in shell history: prefer --password-stdin.
    #[arg(long, value_name = "PASSWORD", allow_hyphen_values = true)]
    password: Option<String>,

    /// Read the password from standard input (first line).
    #[arg(long)]
    password_stdin: bool,
}

/// Arguments of `user add`.
#[derive(Debug, Args)]
pub(super) struct AddArgs {
    /// The login name (1 to 64 characters, no spaces), e.g. siti or toko-budi.
    username: String,

    /// The plan, e.g. student or umkm (see `radkota plan list`).
    #[arg(long)]
    plan: String,

    #[command(flatten)]
    password: PasswordArgs,

    /// The person's or business's name, for your records.
    #[arg(long, value_name = "NAME")]
    full_name: Option<String>,

    /// Last day the account works, as YYYY-MM-DD. Default: never expires.
    #[arg(long, value_name = "YYYY-MM-DD")]
    expires: Option<String>,

    /// The area (kecamatan, kelurahan or RW code) the account belongs to; required once
    /// areas are imported (see `radkota area list`).
    #[arg(long, value_name = "CODE")]
    area: Option<String>,
}

/// Arguments of `user list`.
#[derive(Debug, Args)]
pub(super) struct ListArgs {
    /// Only accounts on this plan.
    #[arg(long)]
    plan: Option<String>,

    /// Show at most this many accounts.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(i64).range(1..=100_000))]
    limit: i64,

    /// Skip this many accounts first (for the next page).
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(i64).range(0..))]
    offset: i64,
}

const SET_AFTER_HELP: &str = "\
Examples:
  radkota user set siti --daily-quota 3GB --hours 'mon-sat 05:00-22:00'
  radkota user set toko-budi --max-sessions 3 --rate 10M/20M
  radkota user set siti --unset daily-quota      (back to the plan's value)
  radkota user set siti --daily-quota none       (no daily quota for siti)

Units: rates 2M/4M, sizes 2GB or 6GiB, durations 90m or 1h30m, hours 05:00-21:00.";

/// Arguments of `user set`.
#[derive(Debug, Args)]
pub(super) struct SetArgs {
    /// The username.
    username: String,
    #[command(flatten)]
    limits: super::limits::LimitArgs,
}

/// Arguments of `user passwd`.
#[derive(Debug, Args)]
pub(super) struct PasswdArgs {
    /// The username.
    username: String,

    #[command(flatten)]
    password: PasswordArgs,
}

/// Runs a user subcommand.
pub(super) async fn run(ctx: &Ctx, cmd: UserCommand) -> anyhow::Result<()> {
    match cmd {
        UserCommand::Add(args) => add(ctx, args).await,
        UserCommand::Import(args) => super::import::user_import(ctx, args).await,
        UserCommand::Export(args) => super::import::user_export(ctx, args).await,
        UserCommand::Show { username } => show(ctx, &username).await,
        UserCommand::List(args) => list(ctx, args).await,
        UserCommand::Disable { username } => {
            set_status(ctx, &username, UserStatus::Disabled).await?;
            println!("disabled user {username}");
            super::session::disconnect_after_disable(ctx, &username).await;
            Ok(())
        }
        UserCommand::Enable { username } => {
            set_status(ctx, &username, UserStatus::Active).await?;
            println!("enabled user {username}");
            Ok(())
        }
        UserCommand::Passwd(args) => passwd(ctx, args).await,
        UserCommand::Set(args) => set_limits(ctx, *args).await,
        UserCommand::Delete { username } => {
            let store = ctx.store().await?;
            let result = store
                .delete_user_audited(&username, &Scope::All, &Actor::cli())
                .await;
            store.close().await;
            result?;
            println!("deleted user {username}");
            Ok(())
        }
        UserCommand::Forget { username, yes } => forget(ctx, &username, yes).await,
        UserCommand::Unbind { username, mac } => {
            super::roaming::unbind(ctx, &username, mac.as_deref()).await
        }
        UserCommand::Devices { username } => super::roaming::devices(ctx, &username).await,
    }
}

/// `user forget`: asks for the username again on a terminal unless `--yes`.
async fn forget(ctx: &Ctx, username: &str, yes: bool) -> anyhow::Result<()> {
    use std::io::{BufRead, IsTerminal, Write};
    if !yes {
        if !std::io::stdin().is_terminal() {
            bail!("`user forget` cannot be undone: add --yes to confirm");
        }
        eprint!("This removes {username}'s data for good. Type the username to confirm: ");
        let _ = std::io::stderr().flush();
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        if line.trim() != username {
            bail!("not confirmed; nothing was changed");
        }
    }
    let store = ctx.store().await?;
    let result = store.forget_user(username, &Actor::cli()).await;
    store.close().await;
    let s = result?;
    println!(
        "forgot user {username} (now #{}): {} sessions and {} login log rows deleted, \
         {} + {} + {} usage rows pseudonymised, {} audit rows redacted",
        s.user_id,
        s.sessions_deleted,
        s.auth_log_deleted,
        s.usage_user_pseudonymised,
        s.usage_user_nas_pseudonymised,
        s.usage_user_months_pseudonymised,
        s.audit_rows_redacted
    );
    Ok(())
}

async fn add(ctx: &Ctx, args: AddArgs) -> anyhow::Result<()> {
    check_username(&args.username)?;
    let full_name = match args.full_name.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(n) if n.chars().count() > 128 || n.chars().any(char::is_control) => {
            bail!("--full-name must be at most 128 printable characters")
        }
        Some(n) => Some(n.to_string()),
    };
    let expires_at = args.expires.as_deref().map(parse_expiry).transpose()?;
    let store = ctx.store().await?;
    // Checked before the slow hashing, so a typo in the plan fails fast; the insert checks
    // again atomically.
    if store.get_plan(&args.plan).await?.is_none() {
        store.close().await;
        bail!(
            "plan '{}' does not exist (see `radkota plan list`)",
            args.plan.escape_debug()
        );
    }
    if store.get_user(&args.username).await?.is_some() {
        store.close().await;
        bail!("user '{}' already exists", args.username);
    }
    if let Err(e) = store.check_area(args.area.as_deref(), false).await {
        store.close().await;
        return Err(e.into());
    }
    let password = read_password(&args.password)?;
    let (password_hash, sealed_password) = protect(ctx, password).await?;
    let new = NewUser {
        username: args.username,
        plan: args.plan,
        password_hash,
        sealed_password: Some(sealed_password),
        full_name,
        expires_at,
    };
    let extra = UserExtra {
        area: args.area,
        ..UserExtra::default()
    };
    let result = store.add_user_audited(&new, &extra, &Actor::cli()).await;
    store.close().await;
    let user = result?;
    println!("added user {} (plan {})", user.username, user.plan);
    Ok(())
}

async fn show(ctx: &Ctx, username: &str) -> anyhow::Result<()> {
    let store = ctx.store().await?;
    let user = store.get_user(username).await;
    let overrides = match &user {
        Ok(Some(u)) => store.user_limits(u.id).await,
        _ => Ok(Default::default()),
    };
    let view = store.get_user_view(username, &Scope::All).await;
    store.close().await;
    let Some(u) = user? else {
        bail!("user '{}' does not exist", username.escape_debug());
    };
    let v = view?;
    let extra = |f: fn(&crate::store::UserView) -> Option<String>| {
        v.as_ref().and_then(f).unwrap_or_else(|| "-".into())
    };
    let rows = [
        ("username", u.username.clone()),
        ("plan", u.plan.clone()),
        ("status", status_text(&u)),
        ("expires", u.expires_at.map_or("never".into(), fmt_time)),
        (
            "full name",
            u.full_name.clone().unwrap_or_else(|| "-".into()),
        ),
        ("area", extra(|v| v.area.clone())),
        ("school/biz", extra(|v| v.school_or_business.clone())),
        ("registry id", extra(|v| v.external_id.clone())),
        (
            "CHAP/MS-CHAP",
            if u.sealed_password.is_some() {
                "possible"
            } else {
                "no (PAP only)"
            }
            .into(),
        ),
        ("created", fmt_time(u.created_at)),
        ("updated", fmt_time(u.updated_at)),
    ];
    for (k, v) in rows {
        println!("{k:<13} {v}");
    }
    for (k, v) in super::limits::describe(&overrides?) {
        println!("{k:<13} {v} (own limit)");
    }
    Ok(())
}

async fn list(ctx: &Ctx, args: ListArgs) -> anyhow::Result<()> {
    let store = ctx.store().await?;
    let page = store
        .list_users(args.plan.as_deref(), args.limit, args.offset)
        .await;
    let total = store.count_users(args.plan.as_deref()).await;
    store.close().await;
    let (page, total) = (page?, total?);
    if page.is_empty() {
        match (&args.plan, total) {
            (Some(p), 0) => println!("no users on plan {p}"),
            (None, 0) => println!(
                "no users yet; add one with: radkota user add NAME --plan student --password-stdin"
            ),
            _ => println!("no users after offset {} (there are {total})", args.offset),
        }
        return Ok(());
    }
    let rows: Vec<Vec<String>> = page
        .iter()
        .map(|u| {
            vec![
                u.username.clone(),
                u.plan.clone(),
                status_text(u),
                u.expires_at.map_or("never".into(), fmt_time),
                u.full_name.clone().unwrap_or_default(),
            ]
        })
        .collect();
    print_table(
        &["USERNAME", "PLAN", "STATUS", "EXPIRES", "FULL NAME"],
        &rows,
    );
    let shown_to = args.offset + page.len() as i64;
    if args.offset > 0 || shown_to < total {
        println!(
            "({}-{shown_to} of {total}; next page: --offset {shown_to})",
            args.offset + 1
        );
    }
    Ok(())
}

async fn set_status(ctx: &Ctx, username: &str, status: UserStatus) -> anyhow::Result<()> {
    let store = ctx.store().await?;
    let result = store
        .set_user_status_audited(username, status, &Scope::All, &Actor::cli())
        .await;
    store.close().await;
    Ok(result?)
}

async fn passwd(ctx: &Ctx, args: PasswdArgs) -> anyhow::Result<()> {
    let store = ctx.store().await?;
    // Checked first so an unknown name does not cost a password prompt and an argon2 hash.
    if store.get_user(&args.username).await?.is_none() {
        store.close().await;
        bail!("user '{}' does not exist", args.username.escape_debug());
    }
    let password = read_password(&args.password)?;
    let (hash, sealed) = protect(ctx, password).await?;
    let result = store
        .set_user_password_audited(
            &args.username,
            &hash,
            Some(&sealed),
            &Scope::All,
            &Actor::cli(),
        )
        .await;
    store.close().await;
    result?;
    println!("changed password of user {}", args.username);
    Ok(())
}

async fn set_limits(ctx: &Ctx, args: SetArgs) -> anyhow::Result<()> {
    if !args.limits.any() {
        bail!("nothing to change: give at least one option (see --help)");
    }
    let dict = ctx.dictionary()?;
    let store = ctx.store().await?;
    let result = async {
        let Some(user) = store.get_user(&args.username).await? else {
            bail!("user '{}' does not exist", args.username.escape_debug());
        };
        let mut limits = store.user_limits(user.id).await?;
        args.limits.apply(&mut limits, &dict)?;
        // The merged result must be valid too (e.g. a burst threshold against the plan's
        // burst rate).
        if let Some(plan) = store.get_plan(&user.plan).await? {
            crate::policy::Policy::from_limits(&limits.over(&plan.limits))
                .map_err(|e| anyhow::anyhow!("with plan {}: {e}", plan.name))?;
        }
        store
            .set_user_limits_audited(user.id, &limits, &Actor::cli())
            .await?;
        Ok(())
    }
    .await;
    store.close().await;
    result?;
    println!("changed limits of user {}", args.username);
    Ok(())
}

/// "active", "disabled", or "expired" when an active account is past its expiry.
fn status_text(u: &UserRecord) -> String {
    let expired = u
        .expires_at
        .is_some_and(|t| t <= chrono::Utc::now().timestamp());
    match u.status {
        UserStatus::Active if expired => "expired".into(),
        s => s.as_str().into(),
    }
}

fn read_password(p: &PasswordArgs) -> anyhow::Result<Vec<u8>> {
    let pw = match &p.password {
        Some(pw) => pw.clone().into_bytes(),
        None => read_secret_stdin("password")?,
    };
    if pw.is_empty() {
        bail!("the password is empty");
    }
    if pw.len() > 128 {
        bail!("the password is longer than 128 characters (bytes)");
    }
    Ok(pw)
}

/// The argon2id hash and the sealed copy of a password; hashing runs off the async workers.
async fn protect(ctx: &Ctx, password: Vec<u8>) -> anyhow::Result<(String, Vec<u8>)> {
    let sealer = ctx.sealer().await?;
    let params = ctx.config.auth.argon2;
    let (hash, password) =
        tokio::task::spawn_blocking(move || (hash_password(&password, &params), password)).await?;
    Ok((hash?, sealer.seal(&password)))
}

/// Usernames are what people type on a captive portal: printable and without spaces.
fn check_username(name: &str) -> anyhow::Result<()> {
    if crate::import::check_username(name).is_err() {
        bail!(
            "username '{}' is not valid: use 1 to 64 characters without spaces",
            name.escape_debug()
        );
    }
    Ok(())
}

/// "YYYY-MM-DD" to the first second after that day ends, in this machine's time zone.
fn parse_expiry(s: &str) -> anyhow::Result<i64> {
    use chrono::{Local, NaiveDate, TimeZone};
    let Ok(day) = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d") else {
        bail!(
            "--expires '{}' is not a date like 2026-12-31",
            s.escape_debug()
        );
    };
    let Some(next) = day.succ_opt().and_then(|d| d.and_hms_opt(0, 0, 0)) else {
        bail!("--expires '{s}' is out of range");
    };
    let Some(end) = Local.from_local_datetime(&next).earliest() else {
        bail!("--expires '{s}' does not exist in this time zone");
    };
    let end = end.timestamp();
    if end <= chrono::Utc::now().timestamp() {
        bail!("--expires {s} is in the past");
    }
    Ok(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert!(check_username("siti").is_ok());
        assert!(check_username("toko-budi@umkm").is_ok());
        assert!(check_username("").is_err());
        assert!(check_username("siti aminah").is_err());
        assert!(check_username("a\u{7}").is_err());
        assert!(check_username(&"x".repeat(64)).is_ok());
        assert!(check_username(&"x".repeat(65)).is_err());
    }

    #[test]
    fn expiry() {
        assert!(parse_expiry("2999-12-31").is_ok());
        assert!(parse_expiry("2000-01-01").is_err());
        assert!(parse_expiry("31-12-2999").is_err());
        assert!(parse_expiry("2999-02-30").is_err());
    }
}
