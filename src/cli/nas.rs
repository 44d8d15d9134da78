//! `radkota nas ...`: the hotspot controllers (NAS) allowed to send requests, with their
//! shared secrets sealed before they reach the database.

use std::net::IpAddr;

use anyhow::bail;
use clap::{Args, Subcommand, ValueEnum};
use ipnet::IpNet;

use super::{Ctx, print_table, read_secret_stdin};
use crate::store::{Actor, NewNas, RequireMa, Scope};

/// Help epilogue for `nas`.
pub(super) const AFTER_HELP: &str = "\
Examples:
  radkota nas add rw07-hotspot --address 10.7.0.1 --rw 07 --secret-stdin
  radkota nas list
  radkota nas remove rw07-hotspot

A running server picks up changes within a few seconds; no restart is needed.";

const ADD_AFTER_HELP: &str = "\
Examples:
  echo 'long-random-secret' | radkota nas add rw07-hotspot --address 10.7.0.1 \\
      --rw 07 --secret-stdin
  radkota nas add kel-sukamaju --address 10.20.0.0/24 --vendor chillispot \\
      --secret 'long-random-secret'

The secret must be the same as on the router (MikroTik: /radius add secret=...). Prefer
--secret-stdin: a secret typed on the command line stays in the shell history.
--address accepts one IP address or a network in CIDR form when a controller sends from
several addresses.";

/// NAS subcommands.
#[derive(Debug, Subcommand)]
pub(super) enum NasCommand {
    /// Allow a hotspot controller to use this server.
    #[command(after_help = ADD_AFTER_HELP)]
    Add(AddArgs),
    /// Show every controller (never the secrets).
    #[command(after_help = "Example:\n  radkota nas list\n\n\
MSG-AUTH is the Message-Authenticator requirement (protection against BlastRADIUS):\n\
auto = required once the controller has sent one (shown as \"auto (seen)\").")]
    List,
    /// Stop accepting requests from a controller and forget it.
    #[command(after_help = "Example:\n  radkota nas remove rw07-hotspot")]
    Remove {
        /// The controller's name as shown by `radkota nas list`.
        name: String,
    },
    /// Add many controllers from a CSV file (name, address, secret, rw, ...).
    #[command(after_help = super::import::NAS_IMPORT_AFTER_HELP)]
    Import(super::import::NasImportArgs),
    /// Issue a controller's RadSec certificate (PEM and PKCS#12), or revoke it.
    #[command(after_help = super::ca::CERT_AFTER_HELP)]
    Cert(super::ca::CertArgs),
    /// Print the RouterOS 7 script that sets a controller up for this server.
    #[command(
        after_help = "Examples:\n  radkota nas mikrotik-script rw07-hotspot --server 203.0.113.5\n  \
radkota nas mikrotik-script rw07-hotspot --udp"
    )]
    MikrotikScript(super::ca::ScriptArgs),
}

/// Arguments of `nas add`.
#[derive(Debug, Args)]
pub(super) struct AddArgs {
    /// A short name for the controller, e.g. rw07-hotspot (letters, digits, . _ -).
    name: String,

    /// The IP address the controller sends from (e.g. 10.7.0.1), or a network in CIDR form
    /// (e.g. 10.7.0.0/24).
    #[arg(long, value_name = "IP|CIDR")]
    address: String,

    /// The RADIUS shared secret, as configured on the controller (1 to 128 characters).
    #[arg(
        long,
        value_name = "SECRET",
        required_unless_present = "secret_stdin",
        conflicts_with = "secret_stdin",
        allow_hyphen_values = true
    )]
    secret: Option<String>,

    /// Read the shared secret from standard input (first line) instead of --secret.
    #[arg(long)]
    secret_stdin: bool,

    /// The controller's kind, which decides the bandwidth attributes sent to it.
    #[arg(long, value_enum, default_value_t = Vendor::Mikrotik)]
    vendor: Vendor,

    /// The RW (neighbourhood unit) code this controller serves, e.g. 07. Once areas are
    /// imported it is required and must be an RW from `radkota area list`.
    #[arg(long, value_name = "CODE")]
    rw: Option<String>,

    /// Whether requests must carry a Message-Authenticator (BlastRADIUS protection): auto =
    /// required once the controller has sent one.
    #[arg(
        long = "require-message-authenticator",
        value_enum,
        value_name = "WHEN",
        default_value_t = MaArg::Auto
    )]
    require_ma: MaArg,

    /// The port on the controller for disconnect and change-of-authorization requests.
    #[arg(long, value_name = "PORT", default_value_t = 3799,
          value_parser = clap::value_parser!(u16).range(1..))]
    coa_port: u16,
}

/// Vendor dialects the policy layer can render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Vendor {
    /// MikroTik RouterOS hotspot (Mikrotik-Rate-Limit).
    Mikrotik,
    /// WISPr-capable controllers (WISPr-Bandwidth-Max-Up/Down).
    Wispr,
    /// CoovaChilli / ChilliSpot (ChilliSpot-Bandwidth-Max-Up/Down).
    Chillispot,
    /// Standard RADIUS attributes only (no bandwidth limits).
    Generic,
}

impl Vendor {
    fn as_str(self) -> &'static str {
        match self {
            Vendor::Mikrotik => "mikrotik",
            Vendor::Wispr => "wispr",
            Vendor::Chillispot => "chillispot",
            Vendor::Generic => "generic",
        }
    }
}

/// `--require-message-authenticator` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum MaArg {
    /// Required once the controller has sent one.
    Auto,
    /// Always required (requests without it are dropped).
    Yes,
    /// Never required (only for old controllers that cannot send it).
    No,
}

impl From<MaArg> for RequireMa {
    fn from(m: MaArg) -> RequireMa {
        match m {
            MaArg::Auto => RequireMa::Auto,
            MaArg::Yes => RequireMa::Yes,
            MaArg::No => RequireMa::No,
        }
    }
}

/// Runs a NAS subcommand.
pub(super) async fn run(ctx: &Ctx, cmd: NasCommand) -> anyhow::Result<()> {
    match cmd {
        NasCommand::Add(args) => add(ctx, args).await,
        NasCommand::List => list(ctx).await,
        NasCommand::Import(args) => super::import::nas_import(ctx, args).await,
        NasCommand::Cert(args) => super::ca::run_cert(ctx, args).await,
        NasCommand::MikrotikScript(args) => super::ca::run_script(ctx, args).await,
        NasCommand::Remove { name } => {
            let store = ctx.store().await?;
            let result = store
                .remove_nas_audited(&name, &Scope::All, &Actor::cli())
                .await;
            store.close().await;
            result?;
            println!("removed NAS {name}");
            Ok(())
        }
    }
}

async fn add(ctx: &Ctx, args: AddArgs) -> anyhow::Result<()> {
    check_name(&args.name)?;
    let address = parse_address(&args.address)?;
    let rw = match args.rw.as_deref().map(str::trim) {
        None => None,
        Some(rw)
            if rw.is_empty() || rw.chars().count() > 32 || rw.chars().any(char::is_control) =>
        {
            bail!("--rw must be 1 to 32 printable characters, e.g. 07")
        }
        Some(rw) => Some(rw.to_string()),
    };
    let secret = match args.secret {
        Some(s) => s.into_bytes(),
        None => read_secret_stdin("shared secret")?,
    };
    if secret.is_empty() {
        bail!("the shared secret is empty");
    }
    if secret.len() > 128 {
        bail!("the shared secret is longer than 128 characters (bytes)");
    }
    let sealed_secret = ctx.sealer().await?.seal(&secret);
    let new = NewNas {
        name: args.name,
        address,
        sealed_secret,
        vendor: args.vendor.as_str().to_string(),
        rw,
        require_ma: args.require_ma.into(),
        coa_port: i64::from(args.coa_port),
    };
    let store = ctx.store().await?;
    if let Err(e) = store.check_area(new.rw.as_deref(), true).await {
        store.close().await;
        return Err(e.into());
    }
    let result = store.add_nas_audited(&new, &Actor::cli()).await;
    store.close().await;
    let nas = result?;
    println!("added NAS {} ({}, {})", nas.name, nas.address, nas.vendor);
    Ok(())
}

async fn list(ctx: &Ctx) -> anyhow::Result<()> {
    let store = ctx.store().await?;
    let all = store.list_nas().await;
    store.close().await;
    let all = all?;
    if all.is_empty() {
        println!("no NAS yet; add one with: radkota nas add NAME --address IP --secret-stdin");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|n| {
            let ma = match (n.require_ma, n.ma_seen) {
                (RequireMa::Auto, true) => "auto (seen)".to_string(),
                (m, _) => m.as_str().to_string(),
            };
            vec![
                n.name.clone(),
                n.address.clone(),
                n.vendor.clone(),
                n.rw.clone().unwrap_or_else(|| "-".into()),
                ma,
                if n.enabled { "yes" } else { "no" }.to_string(),
            ]
        })
        .collect();
    print_table(
        &["NAME", "ADDRESS", "VENDOR", "RW", "MSG-AUTH", "ENABLED"],
        &rows,
    );
    Ok(())
}

/// NAS names appear in logs and reports, so they are kept to a safe, typeable alphabet.
fn check_name(name: &str) -> anyhow::Result<()> {
    let ok_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    if name.is_empty() || name.len() > 64 || !name.chars().all(ok_char) {
        bail!(
            "NAS name '{}' is not valid: use 1 to 64 letters, digits, '.', '_' or '-' (e.g. rw07-hotspot)",
            name.escape_debug()
        );
    }
    Ok(())
}

/// Validates an address or CIDR block and returns its canonical text, so that the same
/// address typed two ways is caught as a duplicate.
fn parse_address(s: &str) -> anyhow::Result<String> {
    let s = s.trim();
    if let Ok(ip) = s.parse::<IpAddr>() {
        return Ok(ip.to_string());
    }
    let Ok(net) = s.parse::<IpNet>() else {
        bail!(
            "'{}' is not an IP address or CIDR network (examples: 10.7.0.1, 10.7.0.0/24, 2001:db8::1)",
            s.escape_debug()
        );
    };
    if net.prefix_len() == 0 {
        bail!("'{s}' would accept requests from any address; give the controller's address");
    }
    if net.addr() != net.network() {
        bail!(
            "'{s}' is not a network address; did you mean {} (or the single address {})?",
            net.trunc(),
            net.addr()
        );
    }
    if net.prefix_len() == net.max_prefix_len() {
        return Ok(net.addr().to_string());
    }
    Ok(net.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert_eq!(parse_address("10.7.0.1").unwrap(), "10.7.0.1");
        assert_eq!(parse_address(" 10.7.0.0/24 ").unwrap(), "10.7.0.0/24");
        assert_eq!(parse_address("10.7.0.1/32").unwrap(), "10.7.0.1");
        assert_eq!(parse_address("2001:DB8::1").unwrap(), "2001:db8::1");
        assert_eq!(parse_address("2001:db8::/64").unwrap(), "2001:db8::/64");
        assert!(parse_address("10.7.0.5/24").is_err());
        assert!(parse_address("0.0.0.0/0").is_err());
        assert!(parse_address("10.7.0").is_err());
        assert!(parse_address("rw07.local").is_err());
    }

    #[test]
    fn names() {
        assert!(check_name("rw07-hotspot").is_ok());
        assert!(check_name("kel.sukamaju_1").is_ok());
        assert!(check_name("").is_err());
        assert!(check_name("rw 07").is_err());
        assert!(check_name(&"a".repeat(65)).is_err());
    }
}
