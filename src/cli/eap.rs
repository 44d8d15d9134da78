//! `radkota eap profile`: onboarding phones and laptops for the WPA-Enterprise SSID: an
//! Apple .mobileconfig, and the Android and Windows settings printed.

use std::path::PathBuf;

use anyhow::Context as _;
use clap::Subcommand;

use super::Ctx;
use crate::onboard::eap_profile::{self, ProfileInput};

/// Help epilogue for `eap`.
pub(super) const AFTER_HELP: &str = "\
Examples:
  radkota eap profile --ssid Kota-Sekolah
  radkota eap profile --ssid Kota-Kantor --method ttls --out kantor.mobileconfig

The profile installs the CA of [eap] ca_certificate (by default the city CA made by
`radkota ca init`) and tells devices to check the server name of the EAP certificate
(eap.server_name, else its first DNS name). Serve it over HTTPS or mail it; iOS and macOS
open it from Settings > Profile Downloaded.";

/// `eap` subcommands.
#[derive(Debug, Subcommand)]
pub(super) enum EapCommand {
    /// Write an Apple .mobileconfig for an SSID and print the Android and Windows settings.
    Profile {
        /// The WPA-Enterprise network's name.
        #[arg(long)]
        ssid: String,
        /// `peap` (PEAP/MSCHAPv2, what Windows and most phones default to) or `ttls`
        /// (TTLS/PAP).
        #[arg(long, default_value = "peap", value_parser = ["peap", "ttls"])]
        method: String,
        /// The outer identity devices send in clear (never used for policy).
        #[arg(long, default_value = "anonymous")]
        outer_identity: String,
        /// Where to write the profile; default `<SSID>.mobileconfig`.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// Runs an `eap` subcommand.
pub(super) fn run(ctx: &Ctx, cmd: EapCommand) -> anyhow::Result<()> {
    let EapCommand::Profile {
        ssid,
        method,
        outer_identity,
        out,
    } = cmd;
    let (cert, _, ca) = ctx.config.eap_files()?;
    let ca_pem = std::fs::read_to_string(&ca)
        .with_context(|| format!("cannot read the CA certificate {}", ca.display()))?;
    let server_name = if ctx.config.eap.server_name.is_empty() {
        let cert_pem = std::fs::read_to_string(&cert)
            .with_context(|| format!("cannot read the EAP certificate {}", cert.display()))?;
        eap_profile::server_name(&cert_pem)
            .with_context(|| format!("{}: no DNS name or common name", cert.display()))?
    } else {
        ctx.config.eap.server_name.clone()
    };
    let ca_name = crate::ca::inspect::first_pem_der(&ca_pem)
        .and_then(|der| crate::ca::inspect::common_name(&der))
        .unwrap_or_else(|| "radkota CA".into());
    let input = ProfileInput {
        ssid: &ssid,
        method: &method,
        server_name: &server_name,
        ca_pem: &ca_pem,
        ca_name: &ca_name,
        outer_identity: &outer_identity,
    };
    let out = out.unwrap_or_else(|| PathBuf::from(format!("{ssid}.mobileconfig")));
    std::fs::write(&out, eap_profile::mobileconfig(&input))
        .with_context(|| format!("cannot write {}", out.display()))?;
    println!("wrote {} (iOS, iPadOS, macOS)\n", out.display());
    print!(
        "{}",
        eap_profile::manual_settings(&input, &ca.display().to_string())
    );
    Ok(())
}
