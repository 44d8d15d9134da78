//! `radkota staff ...`: the people who log in to the web console (issue 18), with the API's
//! roles and areas, argon2 passwords and optional TOTP; `staff check` tries a login exactly
//! as the console does (failures count towards the back-off).

use super::token::RoleArg;
use anyhow::bail;
use clap::{Args, Subcommand, ValueEnum};

use super::{Ctx, fmt_time, print_table, read_secret_stdin};
use crate::staff::{self, Attempt, Gate, totp};
use crate::store::{Actor, Role};

/// Help epilogue for `staff`.
pub(super) const AFTER_HELP: &str = "\
Examples:
  echo 'kata-sandi-panjang' | radkota staff add budi --role admin --password-stdin
  echo 'kata-sandi-panjang' | radkota staff add sari --role operator --area 35.73.02.1001 \\
      --password-stdin
  radkota staff list
  radkota staff totp budi enable        prints the otpauth:// link and the secret once
  radkota staff disable sari
  echo 'baru-dan-panjang' | radkota staff passwd sari --password-stdin
  echo 'kata-sandi-panjang' | radkota staff check budi --password-stdin --totp 123456

Roles as for API tokens: admin (everything), operator (users and NAS of one area and the
areas under it), auditor (read-only). From the tenth failed login in a row an account
waits 30 seconds before the next try, then 60, 120, ... up to an hour; `staff passwd` or
`staff enable` lifts the wait.";

/// Staff subcommands.
#[derive(Debug, Subcommand)]
pub(super) enum StaffCommand {
    /// Create a console account.
    Add(AddArgs),
    /// Show every account (never a password or secret).
    List,
    /// Stop an account from logging in (kept; `enable` undoes it).
    Disable {
        /// The staff name.
        name: String,
    },
    /// Allow a disabled account again (and lift a back-off).
    Enable {
        /// The staff name.
        name: String,
    },
    /// Set a new password (and lift a back-off).
    Passwd(PasswdArgs),
    /// Turn the second factor (TOTP, RFC 6238) on or off for an account.
    Totp {
        /// The staff name.
        name: String,
        /// enable: a new secret, printed once; disable: password only.
        #[arg(value_enum)]
        action: TotpAction,
    },
    /// Try a console login (it counts as one: a failure counts towards the back-off).
    Check(CheckArgs),
}

/// `staff totp` actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum TotpAction {
    Enable,
    Disable,
}

/// Arguments of `staff add`.
#[derive(Debug, Args)]
pub(super) struct AddArgs {
    /// Login name: letters, digits, '.', '_', '-', '@' (at most 64).
    name: String,
    /// What the person may do.
    #[arg(long, value_enum)]
    role: RoleArg,
    /// The area an operator is limited to (a kecamatan, kelurahan or RW code).
    #[arg(long, value_name = "CODE")]
    area: Option<String>,
    /// Read the password from standard input (first line).
    #[arg(long, required = true)]
    password_stdin: bool,
}

/// Arguments of `staff passwd`.
#[derive(Debug, Args)]
pub(super) struct PasswdArgs {
    /// The staff name.
    name: String,
    /// Read the password from standard input (first line).
    #[arg(long, required = true)]
    password_stdin: bool,
}

/// Arguments of `staff check`.
#[derive(Debug, Args)]
pub(super) struct CheckArgs {
    /// The staff name.
    name: String,
    /// Read the password from standard input (first line).
    #[arg(long, required = true)]
    password_stdin: bool,
    /// The 6-digit code from the authenticator app.
    #[arg(long, value_name = "CODE")]
    totp: Option<String>,
    /// Language of the refusal: id or en.
    #[arg(long, default_value = "id")]
    lang: String,
}

/// Console passwords are typed by people who also hold admin rights: at least 10.
const MIN_PASSWORD: usize = 10;

fn read_password() -> anyhow::Result<Vec<u8>> {
    let pw = read_secret_stdin("password")?;
    if pw.len() < MIN_PASSWORD || pw.len() > 128 {
        bail!("a staff password must be {MIN_PASSWORD} to 128 characters (bytes)");
    }
    Ok(pw)
}

/// Runs a staff subcommand.
pub(super) async fn run(ctx: &Ctx, cmd: StaffCommand) -> anyhow::Result<()> {
    let store = ctx.store().await?;
    let result = run_with(ctx, &store, cmd).await;
    store.close().await;
    result
}

async fn run_with(ctx: &Ctx, store: &crate::store::Store, cmd: StaffCommand) -> anyhow::Result<()> {
    let params = ctx.config.auth.argon2;
    match cmd {
        StaffCommand::Add(args) => {
            if !staff::valid_name(&args.name) {
                bail!(
                    "staff name '{}' is not valid: letters, digits, '.', '_', '-', '@', at most 64",
                    args.name.escape_debug()
                );
            }
            let role = Role::from(args.role);
            match (role, &args.area) {
                (Role::Operator, None) => bail!("an operator needs --area CODE"),
                (Role::Operator, Some(code)) if store.get_area(code).await?.is_none() => bail!(
                    "area '{}' does not exist (import areas first: radkota area import)",
                    code.escape_debug()
                ),
                (Role::Operator, Some(_)) => {}
                (_, Some(_)) => bail!("--area applies to operators only"),
                (_, None) => {}
            }
            let hash = staff::hash(read_password()?, params).await?;
            let rec = store
                .add_staff(&args.name, role, args.area.as_deref(), &hash, &Actor::cli())
                .await?;
            println!("added staff {} ({})", rec.name, rec.role.as_str());
        }
        StaffCommand::List => list(store).await?,
        StaffCommand::Disable { name } => {
            store.set_staff_disabled(&name, true, &Actor::cli()).await?;
            println!("disabled staff {name}");
        }
        StaffCommand::Enable { name } => {
            store
                .set_staff_disabled(&name, false, &Actor::cli())
                .await?;
            println!("enabled staff {name}");
        }
        StaffCommand::Passwd(args) => {
            if store.staff_secrets(&args.name).await?.is_none() {
                bail!(
                    "staff account '{}' does not exist",
                    args.name.escape_debug()
                );
            }
            let hash = staff::hash(read_password()?, params).await?;
            store
                .set_staff_password(&args.name, &hash, &Actor::cli())
                .await?;
            println!("changed password of staff {}", args.name);
        }
        StaffCommand::Totp { name, action } => match action {
            TotpAction::Enable => {
                let secret = totp::new_secret();
                let Some(uri) = totp::otpauth_uri(&secret, &name) else {
                    bail!("cannot make a TOTP link for '{}'", name.escape_debug());
                };
                let sealed = ctx.sealer().await?.seal(&secret);
                store
                    .set_staff_totp(&name, Some(&sealed), &Actor::cli())
                    .await?;
                println!("{uri}");
                println!("secret: {}", totp::secret_base32(&secret));
                eprintln!(
                    "TOTP enabled for {name}: add the link or the secret to an authenticator app \
                     now; it is shown only this once / hanya ditampilkan sekali"
                );
            }
            TotpAction::Disable => {
                store.set_staff_totp(&name, None, &Actor::cli()).await?;
                println!("TOTP disabled for staff {name}");
            }
        },
        StaffCommand::Check(args) => check(ctx, store, args).await?,
    }
    Ok(())
}

async fn list(store: &crate::store::Store) -> anyhow::Result<()> {
    let all = store.list_staff().await?;
    if all.is_empty() {
        println!(
            "no staff yet; add one with: radkota staff add NAME --role admin --password-stdin"
        );
        return Ok(());
    }
    let now = crate::store::now();
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|s| {
            let state = match (s.disabled_at, s.locked_until.filter(|&t| t > now)) {
                (Some(_), _) => "disabled".to_string(),
                (None, Some(t)) => format!("waiting until {}", fmt_time(t)),
                (None, None) => "active".to_string(),
            };
            vec![
                s.name.clone(),
                s.role.as_str().to_string(),
                s.area.clone().unwrap_or_else(|| "-".into()),
                if s.totp { "yes" } else { "no" }.to_string(),
                state,
                s.failed_logins.to_string(),
                s.last_login_at.map_or("-".into(), fmt_time),
            ]
        })
        .collect();
    print_table(
        &[
            "NAME",
            "ROLE",
            "AREA",
            "TOTP",
            "STATE",
            "FAILED",
            "LAST LOGIN",
        ],
        &rows,
    );
    Ok(())
}

async fn check(ctx: &Ctx, store: &crate::store::Store, args: CheckArgs) -> anyhow::Result<()> {
    let password = read_secret_stdin("password")?;
    let argon2 =
        crate::auth::argon2_pool::Argon2Pool::new(crate::auth::argon2_pool::PoolSettings {
            workers: 1,
            queue_per_nas: 4,
            max_wait: std::time::Duration::from_secs(60),
        })?;
    let gate = Gate::new(
        store.clone(),
        ctx.sealer().await?,
        std::sync::Arc::new(argon2),
        ctx.config.auth.argon2,
    )
    .await?;
    let attempt = Attempt {
        name: &args.name,
        password: &password,
        totp: args.totp.as_deref(),
        client_ip: std::net::IpAddr::from([127, 0, 0, 1]),
    };
    match gate.login(&attempt, crate::store::now()).await {
        Ok(caller) => {
            let area = match &caller.scope {
                crate::store::Scope::All => "all areas".to_string(),
                crate::store::Scope::Subtree(path) => format!("area {path}"),
            };
            println!(
                "ok: {} ({}, {area})",
                caller.actor.name,
                caller.actor.role.as_str()
            );
            Ok(())
        }
        Err(refusal) => bail!("{}", refusal.words(&args.lang)),
    }
}
