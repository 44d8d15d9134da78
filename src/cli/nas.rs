//! `radkota nas ...`: the hotspot controllers (NAS) allowed to send requests, with their
//! shared secrets sealed before they reach the database.

use std::net::IpAddr;

use anyhow::bail;
use clap::{Args, Subcommand, ValueEnum};
use ipnet::IpNet;

use super::{Ctx, print_table, read_secret_stdin};
use crate::store::{Actor, NasChange, NewNas, RequireMa, Scope};

/// Help epilogue for `nas`.
pub(super) const AFTER_HELP: &str = "\
Examples:
  radkota nas add rw07-hotspot --address 10.7.0.1 --rw 07 --secret-stdin
  radkota nas list
  radkota nas set rw07-hotspot --address 10.7.0.2
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

const SET_AFTER_HELP: &str = "\
Examples:
  radkota nas set rw07-hotspot --address 10.7.0.2
  echo 'new-long-random-secret' | radkota nas set rw07-hotspot --secret-stdin
  radkota nas set rw07-hotspot --rename rw07-balai --rw 07
  radkota nas set rw07-hotspot --disable

Only what is given changes. A new secret must be set on the router at the same time
(MikroTik: /radius set [find] secret=...); until then its requests are dropped as having
a wrong secret.";

/// NAS subcommands.
#[derive(Debug, Subcommand)]
pub(super) enum NasCommand {
    /// Allow a hotspot controller to use this server.
    #[command(after_help = ADD_AFTER_HELP)]
    Add(AddArgs),
    /// Change a controller: any of its settings, a new name or a new secret.
    #[command(after_help = SET_AFTER_HELP)]
    Set(SetArgs),
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

/// Arguments of `nas set`: only what is given changes.
#[derive(Debug, Args)]
pub(super) struct SetArgs {
    /// The controller's name as shown by `radkota nas list`.
    name: String,

    /// A new name (letters, digits, . _ -).
    #[arg(long, value_name = "NAME")]
    rename: Option<String>,

    /// A new address or CIDR network.
    #[arg(long, value_name = "IP|CIDR")]
    address: Option<String>,

    /// A new shared secret (prefer --secret-stdin).
    #[arg(
        long,
        value_name = "SECRET",
        conflicts_with = "secret_stdin",
        allow_hyphen_values = true
    )]
    secret: Option<String>,

    /// Read a new shared secret from standard input (first line).
    #[arg(long)]
    secret_stdin: bool,

    /// A new kind of controller.
    #[arg(long, value_enum)]
    vendor: Option<Vendor>,

    /// A new RW code (must exist once areas are imported).
    #[arg(long, value_name = "CODE")]
    rw: Option<String>,

    /// A new Message-Authenticator rule.
    #[arg(
        long = "require-message-authenticator",
        value_enum,
        value_name = "WHEN"
    )]
    require_ma: Option<MaArg>,

    /// A new CoA port.
    #[arg(long, value_name = "PORT", value_parser = clap::value_parser!(u16).range(1..))]
    coa_port: Option<u16>,

    /// Accept the controller's requests again.
    #[arg(long, conflicts_with = "disable")]
    enable: bool,

    /// Refuse the controller's requests until enabled again (it stays configured).
    #[arg(long)]
    disable: bool,
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
        NasCommand::Set(args) => set(ctx, args).await,
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

/// `--rw`, checked: 1 to 32 printable characters.
fn rw_arg(rw: Option<&str>) -> anyhow::Result<Option<String>> {
    Ok(match rw.map(str::trim) {
        None => None,
        Some(rw)
            if rw.is_empty() || rw.chars().count() > 32 || rw.chars().any(char::is_control) =>
        {
            bail!("--rw must be 1 to 32 printable characters, e.g. 07")
        }
        Some(rw) => Some(rw.to_string()),
    })
}

/// The shared secret of `--secret` or standard input, checked and sealed.
async fn sealed_secret(ctx: &Ctx, secret: Option<String>) -> anyhow::Result<Vec<u8>> {
    let secret = match secret {
        Some(s) => s.into_bytes(),
        None => read_secret_stdin("shared secret")?,
    };
    if secret.is_empty() {
        bail!("the shared secret is empty");
    }
    if secret.len() > 128 {
        bail!("the shared secret is longer than 128 characters (bytes)");
    }
    Ok(ctx.sealer().await?.seal(&secret))
}

async fn add(ctx: &Ctx, args: AddArgs) -> anyhow::Result<()> {
    check_name(&args.name)?;
    let address = parse_address(&args.address)?;
    let rw = rw_arg(args.rw.as_deref())?;
    let sealed_secret = sealed_secret(ctx, args.secret).await?;
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

async fn set(ctx: &Ctx, args: SetArgs) -> anyhow::Result<()> {
    if let Some(name) = &args.rename {
        check_name(name)?;
    }
    let address = args.address.as_deref().map(parse_address).transpose()?;
    let rw = rw_arg(args.rw.as_deref())?;
    let sealed_secret = if args.secret.is_some() || args.secret_stdin {
        Some(sealed_secret(ctx, args.secret).await?)
    } else {
        None
    };
    let store = ctx.store().await?;
    let result = async {
        let Some(current) = store.get_nas_view(&args.name, &Scope::All).await? else {
            bail!("no NAS named '{}' (see `radkota nas list`)", args.name);
        };
        if rw.is_some() {
            store.check_area(rw.as_deref(), true).await?;
        }
        let require_ma = match args.require_ma {
            Some(m) => m.into(),
            None => {
                RequireMa::parse(&current.require_message_authenticator).unwrap_or(RequireMa::Auto)
            }
        };
        let change = NasChange {
            name: args.rename.unwrap_or(current.name),
            address: address.unwrap_or(current.address),
            sealed_secret,
            vendor: args
                .vendor
                .map_or(current.vendor, |v| v.as_str().to_string()),
            rw: rw.or(current.rw),
            require_ma,
            coa_port: args.coa_port.map_or(current.coa_port, i64::from),
            enabled: (current.enabled || args.enable) && !args.disable,
        };
        Ok(store
            .update_nas_audited(&args.name, &change, &Scope::All, &Actor::cli())
            .await?)
    }
    .await;
    store.close().await;
    let nas = result?;
    println!(
        "changed NAS {} ({}, {}, {})",
        nas.name,
        nas.address,
        nas.vendor,
        if nas.enabled { "enabled" } else { "disabled" }
    );
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
