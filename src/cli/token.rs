//! `radkota token ...` and `radkota admin serve`: bearer tokens for the admin HTTP API, and
//! running the API on its own.

use anyhow::bail;
use clap::{Args, Subcommand, ValueEnum};

use super::{Ctx, fmt_time, print_table};
use crate::store::{Actor, Role};

/// Help epilogue for `token`.
pub(super) const AFTER_HELP: &str = "\
Examples:
  radkota token create --role admin --name ops-laptop
  radkota token create --role operator --area 3171010001 --name kel-selong
  radkota token create --role auditor --name diskominfo
  radkota token list
  radkota token revoke 3

The token is printed once and stored only as a SHA-256 hash; copy it now. Use it as
`Authorization: Bearer TOKEN`. Roles: admin (everything); operator (users and NAS inside
one area and the areas under it); auditor (read-only: auth log, audit log; never a secret).
Token hanya ditampilkan sekali.";

/// Help epilogue for `admin`.
pub(super) const ADMIN_AFTER_HELP: &str = "\
Example:
  radkota admin serve

Runs only the admin HTTP API on [admin].listen (default 127.0.0.1:8080), whether or not
[admin].enabled is set; `radkota serve` runs it beside RADIUS when enabled = true. Stop it
with Ctrl-C or SIGTERM. The API document is at /openapi.json.";

/// Token subcommands.
#[derive(Debug, Subcommand)]
pub(super) enum TokenCommand {
    /// Create a token and print it once.
    Create(CreateArgs),
    /// Show tokens (never the tokens themselves).
    List,
    /// Revoke a token by its id (see `token list`); it stops working at once.
    Revoke {
        /// The token's id.
        id: i64,
    },
}

/// Roles on the command line (of tokens and of staff accounts alike).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum RoleArg {
    /// Everything.
    Admin,
    /// Users and NAS inside one area subtree (needs --area).
    Operator,
    /// Read-only: auth log and audit log; never a secret.
    Auditor,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Role {
        match r {
            RoleArg::Admin => Role::Admin,
            RoleArg::Operator => Role::Operator,
            RoleArg::Auditor => Role::Auditor,
        }
    }
}

/// Arguments of `token create`.
#[derive(Debug, Args)]
pub(super) struct CreateArgs {
    /// What the holder may do.
    #[arg(long, value_enum)]
    role: RoleArg,
    /// The area an operator is limited to (a kecamatan, kelurahan or RW code).
    #[arg(long, value_name = "CODE")]
    area: Option<String>,
    /// A label for `token list` and the audit log, e.g. the holder's name.
    #[arg(long, value_name = "NAME", default_value = "")]
    name: String,
}

/// Admin API subcommands.
#[derive(Debug, Subcommand)]
pub(super) enum AdminCommand {
    /// Run only the admin HTTP API (on [admin].listen, enabled or not) until stopped.
    Serve,
}

/// A new random token: "rk_" and 32 random octets in hex.
pub(crate) fn new_token() -> String {
    use rand::RngCore;
    let mut raw = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut raw);
    format!("rk_{}", hex::encode(raw))
}

/// Runs a token subcommand.
pub(super) async fn run(ctx: &Ctx, cmd: TokenCommand) -> anyhow::Result<()> {
    let store = ctx.store().await?;
    let result = run_with(&store, cmd).await;
    store.close().await;
    result
}

async fn run_with(store: &crate::store::Store, cmd: TokenCommand) -> anyhow::Result<()> {
    match cmd {
        TokenCommand::Create(args) => {
            let role = Role::from(args.role);
            match (role, &args.area) {
                (Role::Operator, None) => bail!("an operator token needs --area CODE"),
                (Role::Operator, Some(code)) => {
                    if store.get_area(code).await?.is_none() {
                        bail!(
                            "area '{}' does not exist (import areas first: radkota area import)",
                            code.escape_debug()
                        );
                    }
                }
                (_, Some(_)) => bail!("--area applies to operator tokens only"),
                (_, None) => {}
            }
            if args.name.chars().count() > 64 || args.name.chars().any(char::is_control) {
                bail!("--name must be at most 64 printable characters");
            }
            let token = new_token();
            let hash = crate::admin::auth::token_hash(&token);
            let rec = store
                .create_token(&args.name, role, args.area.as_deref(), &hash, &Actor::cli())
                .await?;
            println!("{token}");
            eprintln!(
                "token {} ({}) created; it is shown only this once / token hanya ditampilkan sekali",
                rec.id,
                role.as_str()
            );
            Ok(())
        }
        TokenCommand::List => {
            let tokens = store.list_tokens().await?;
            if tokens.is_empty() {
                println!("no tokens yet; create one with: radkota token create --role admin");
                return Ok(());
            }
            let rows: Vec<Vec<String>> = tokens
                .iter()
                .map(|t| {
                    vec![
                        t.id.to_string(),
                        t.name.clone(),
                        t.role.as_str().to_string(),
                        t.area.clone().unwrap_or_else(|| "-".into()),
                        fmt_time(t.created_at),
                        t.revoked_at
                            .map_or("active".into(), |r| format!("revoked {}", fmt_time(r))),
                    ]
                })
                .collect();
            print_table(&["ID", "NAME", "ROLE", "AREA", "CREATED", "STATE"], &rows);
            Ok(())
        }
        TokenCommand::Revoke { id } => {
            store.revoke_token(id, &Actor::cli()).await?;
            println!("revoked token {id}");
            Ok(())
        }
    }
}

/// Runs `admin serve`.
pub(super) async fn admin(ctx: &Ctx, cmd: AdminCommand) -> anyhow::Result<()> {
    match cmd {
        AdminCommand::Serve => {
            crate::logging::init(&ctx.config.log);
            let store = ctx.store().await?;
            let sealer = ctx.sealer().await?;
            let result = async {
                let bound = crate::admin::bind(&ctx.config).await?;
                crate::admin::serve(
                    bound,
                    ctx.config.clone(),
                    store.clone(),
                    sealer,
                    None,
                    None,
                    crate::server::shutdown::signalled(),
                )
                .await
            }
            .await;
            store.close().await;
            result
        }
    }
}
