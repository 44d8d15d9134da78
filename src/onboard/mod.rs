//! Router onboarding: what an operator pastes into a new hotspot controller so that it
//! talks to this server. One file per router family (MikroTik RouterOS 7 today); this file
//! gathers a script's inputs from the NAS row, the configuration and the CA directory, the
//! same for the CLI and the admin API.

pub mod eap_profile;
pub mod mikrotik;

use std::net::IpAddr;

use crate::config::Config;
use crate::store::NasRecord;
use mikrotik::{ScriptInput, Transport};

/// The hotspot profile's login methods unless asked otherwise: CHAP keeps the password
/// off the air without HTTPS on the router; cookies spare a returning phone the form.
pub const DEFAULT_LOGIN_BY: &str = "mac,http-chap,cookie";

/// The RouterOS hotspot login methods a `login_by` list may name.
pub const LOGIN_METHODS: &[&str] = &[
    "http-chap",
    "http-pap",
    "https",
    "cookie",
    "mac",
    "mac-cookie",
    "trial",
];

/// How a script is asked for.
#[derive(Debug, Clone, Default)]
pub struct ScriptRequest {
    /// The server's address for the router; else `radsec.server_address`.
    pub server: Option<IpAddr>,
    /// UDP (with Message-Authenticator) instead of RadSec.
    pub udp: bool,
    /// `login-by` methods; else [`DEFAULT_LOGIN_BY`].
    pub login_by: Option<String>,
}

/// A script that cannot be made, phrased for the operator.
#[derive(Debug, thiserror::Error)]
pub enum ScriptError {
    #[error(
        "the server's address for the router is unknown: give --server IP (API: ?server=IP) \
         or set radsec.server_address"
    )]
    NoServer,
    #[error("login-by '{0}' is not a list of RouterOS login methods")]
    LoginBy(String),
}

/// The script's inputs for `nas`.
pub fn mikrotik_input(
    config: &Config,
    nas: &NasRecord,
    req: &ScriptRequest,
) -> Result<ScriptInput, ScriptError> {
    let server = req
        .server
        .or_else(|| config.radsec.server_address.parse().ok())
        .ok_or(ScriptError::NoServer)?;
    let login_by = req
        .login_by
        .clone()
        .unwrap_or_else(|| DEFAULT_LOGIN_BY.into());
    if login_by.split(',').any(|m| !LOGIN_METHODS.contains(&m)) {
        return Err(ScriptError::LoginBy(login_by));
    }
    let first_port = |addrs: Vec<std::net::SocketAddr>, default: u16| {
        addrs.first().map_or(default, std::net::SocketAddr::port)
    };
    let transport = if req.udp {
        Transport::Udp {
            auth_port: first_port(config.auth_addrs(), 1812),
            acct_port: first_port(config.acct_addrs(), 1813),
        }
    } else {
        let passphrase = config.ca_dir().ok().and_then(|dir| {
            crate::ca::read_passphrase(&crate::ca::CaPaths::new(dir).nas_dir(), &nas.name)
        });
        Transport::Radsec {
            port: first_port(config.radsec_addrs(), 2083),
            passphrase,
        }
    };
    Ok(ScriptInput {
        nas_name: nas.name.clone(),
        server,
        transport,
        interim_secs: config.accounting.interim_interval_secs,
        coa_port: u16::try_from(nas.coa_port).unwrap_or(3799),
        login_by,
    })
}
