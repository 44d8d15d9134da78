//! `radkota ca init`, `radkota ca server-cert`, `radkota nas cert NAME`, `radkota nas cert
//! revoke NAME` and `radkota nas mikrotik-script NAME`: the city CA, router onboarding for
//! RadSec, and the certificates of the HTTPS listeners.

use std::net::IpAddr;
use std::path::PathBuf;

use anyhow::{Context as _, bail};
use clap::{Args, Subcommand};

use super::Ctx;
use crate::ca::{self, CaPaths};
use crate::onboard::{self, ScriptRequest};
use crate::store::{Actor, NewNasCert};

/// Help epilogue for `ca`.
pub(super) const CA_AFTER_HELP: &str = "\
Examples:
  radkota ca init --server-name 203.0.113.5 --server-name radius.kota.example
  radkota ca server-cert --server-name console.kota.example   (HTTPS: admin API, console)
  radkota nas cert rw07-hotspot
  radkota nas mikrotik-script rw07-hotspot --server 203.0.113.5

The CA lives in radsec.ca_dir, by default beside the key file (data/radkota-ca/ for the
default SQLite database): ca.crt, ca.key (mode 0600), server.crt and server.key (the RadSec
listener's own certificate), nas/ (router certificates). Keep ca.key as safe as the key
file: whoever has it can make router certificates.";

/// Help epilogue for `nas cert`.
pub(super) const CERT_AFTER_HELP: &str = "\
Examples:
  radkota nas cert rw07-hotspot               issue NAME.crt, NAME.key, NAME.p12 (+ .p12.pass)
  radkota nas cert rw07-hotspot --out /tmp/x  write them elsewhere
  radkota nas cert revoke rw07-hotspot        refuse its certificates from now on

The certificate's common name is the NAS name: that, not the address, is how RadSec knows
the router. Once a NAS has a certificate on record only recorded, unrevoked ones are
accepted. A revocation reaches running servers within server.nas_refresh_secs and closes
the router's open connections.";

/// `ca` subcommands.
#[derive(Debug, Subcommand)]
pub(super) enum CaCommand {
    /// Create the city CA and the RadSec listener's certificate (once).
    Init {
        /// The CA's name (certificate common name).
        #[arg(long, default_value = "radkota city CA")]
        name: String,
        /// A host name or IP address routers use to reach this server (repeatable); it
        /// goes into the listener's certificate.
        #[arg(
            long = "server-name",
            value_name = "NAME|IP",
            default_value = "radkota"
        )]
        server_names: Vec<String>,
    },
    /// Issue (or renew) the certificate of an HTTPS listener, such as the admin API or the
    /// console, from the city CA; a running server picks a renewed one up by itself.
    ServerCert {
        /// A host name or IP address browsers and clients use (repeatable); the first is
        /// also the common name.
        #[arg(long = "server-name", value_name = "NAME|IP", required = true)]
        server_names: Vec<String>,
        /// Days the certificate is valid.
        #[arg(long, default_value_t = ca::HTTPS_DAYS)]
        days: u32,
        /// Certificate file to write (default: https.crt in the CA directory).
        #[arg(long, value_name = "FILE")]
        cert: Option<PathBuf>,
        /// Private key file to write, mode 0600 (default: https.key in the CA directory).
        #[arg(long, value_name = "FILE")]
        key: Option<PathBuf>,
    },
}

/// Arguments of `nas cert`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub(super) struct CertArgs {
    #[command(subcommand)]
    action: Option<CertAction>,
    /// The controller's name as shown by `radkota nas list`.
    #[arg(required = true)]
    name: Option<String>,
    /// Days the certificate is valid.
    #[arg(long, default_value_t = ca::DEFAULT_DAYS)]
    days: u32,
    /// Directory for the files (default: the CA's nas/ directory).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// `nas cert` subcommands.
#[derive(Debug, Subcommand)]
enum CertAction {
    /// Revoke every certificate of a controller; its open RadSec connections are closed.
    Revoke {
        /// The controller's name.
        name: String,
    },
}

/// Arguments of `nas mikrotik-script`.
#[derive(Debug, Args)]
pub(super) struct ScriptArgs {
    /// The controller's name.
    name: String,
    /// This server's IP address as the router reaches it (default: radsec.server_address).
    #[arg(long, value_name = "IP")]
    server: Option<IpAddr>,
    /// RADIUS over UDP with Message-Authenticator instead of RadSec.
    #[arg(long)]
    udp: bool,
    /// The hotspot profile's login methods.
    #[arg(long, value_name = "METHODS", default_value = onboard::DEFAULT_LOGIN_BY)]
    login_by: String,
}

/// Runs `ca init`.
pub(super) fn run_ca(ctx: &Ctx, cmd: CaCommand) -> anyhow::Result<()> {
    match cmd {
        CaCommand::Init { name, server_names } => {
            let paths = CaPaths::new(ctx.config.ca_dir()?);
            ca::init(&paths, &name, &server_names)?;
            println!("created the CA in {}", paths.dir.display());
            println!(
                "  {}  (give routers this one to trust)",
                paths.ca_cert().display()
            );
            println!("  {}  (keep secret)", paths.ca_key().display());
            println!(
                "  {}, {}  (the RadSec listener's)",
                paths.server_cert().display(),
                paths.server_key().display()
            );
            println!("next: radkota nas cert NAME, then set [radsec] enabled = true");
            Ok(())
        }
        CaCommand::ServerCert {
            server_names,
            days,
            cert,
            key,
        } => {
            if days == 0 || days > 36_500 {
                bail!("--days must be between 1 and 36500");
            }
            let paths = CaPaths::new(ctx.config.ca_dir()?);
            let authority = ca::load(&paths)?;
            let issued = authority.issue_server(&server_names, days)?;
            let cert = cert.unwrap_or_else(|| paths.https_cert());
            let key = key.unwrap_or_else(|| paths.https_key());
            ca::write_server_pair(&cert, &key, &issued)?;
            println!(
                "issued a server certificate for {} (serial {}, valid {days} days)",
                server_names.join(", "),
                issued.serial
            );
            println!("  {}", cert.display());
            println!("  {}  (keep secret)", key.display());
            println!(
                "set [admin] tls_cert = \"{}\" and tls_key = \"{}\"; clients trust {}",
                cert.display(),
                key.display(),
                paths.ca_cert().display()
            );
            Ok(())
        }
    }
}

/// Runs `nas cert ...`.
pub(super) async fn run_cert(ctx: &Ctx, args: CertArgs) -> anyhow::Result<()> {
    if let Some(CertAction::Revoke { name }) = args.action {
        let store = ctx.store().await?;
        let result = store.revoke_nas_certs(&name, &Actor::cli()).await;
        store.close().await;
        let n = result?;
        if n == 0 {
            println!("NAS {name} has no certificate to revoke");
        } else {
            println!(
                "revoked {n} certificate(s) of NAS {name}; running servers close its connections within seconds"
            );
        }
        return Ok(());
    }
    let Some(name) = args.name else {
        bail!("give the NAS name: radkota nas cert NAME");
    };
    if args.days == 0 || args.days > 36_500 {
        bail!("--days must be between 1 and 36500");
    }
    let paths = CaPaths::new(ctx.config.ca_dir()?);
    let authority = ca::load(&paths)?;
    let store = ctx.store().await?;
    let recorded = async {
        if store.get_nas(&name).await?.is_none() {
            bail!("no NAS named {name}: add it first with radkota nas add");
        }
        let issued = authority.issue_nas(&name, args.days)?;
        let cert = NewNasCert {
            serial: issued.serial.clone(),
            fingerprint: issued.fingerprint.clone(),
            not_after: issued.not_after,
        };
        // Recorded before the files exist: a file nobody can use is harmless, a
        // certificate in a router that the table does not know is not.
        store.record_nas_cert(&name, &cert, &Actor::cli()).await?;
        anyhow::Ok(issued)
    }
    .await;
    store.close().await;
    let issued = recorded?;
    let dir = args.out.unwrap_or_else(|| paths.nas_dir());
    let files = ca::write_nas_files(&dir, &name, &issued, &authority).with_context(|| {
        format!(
            "the certificate is recorded but its files could not be written to {}",
            dir.display()
        )
    })?;
    println!(
        "issued a certificate for NAS {name} (serial {}, valid until {})",
        issued.serial,
        super::fmt_time(issued.not_after)
    );
    for f in files {
        println!("  {}", f.display());
    }
    println!("upload {name}.p12 to the router, then run: radkota nas mikrotik-script {name}");
    Ok(())
}

/// Runs `nas mikrotik-script`.
pub(super) async fn run_script(ctx: &Ctx, args: ScriptArgs) -> anyhow::Result<()> {
    let store = ctx.store().await?;
    let nas = store.get_nas(&args.name).await;
    store.close().await;
    let Some(nas) = nas? else {
        bail!("no NAS named {}", args.name);
    };
    let req = ScriptRequest {
        server: args.server,
        udp: args.udp,
        login_by: Some(args.login_by),
    };
    let input = onboard::mikrotik_input(&ctx.config, &nas, &req)?;
    print!("{}", onboard::mikrotik::script(&input));
    Ok(())
}
