//! The RouterOS 7 script for one hotspot controller (`radkota nas mikrotik-script`, and
//! `GET /api/v1/nas/{name}/mikrotik-script`): certificate import, the `/radius` entry
//! (RadSec, or UDP with `require-message-auth`), accounting with its interim interval,
//! incoming CoA/Disconnect, the hotspot profile's `login-by`, and `/system identity`.
//! Pure text from its inputs; the caller finds them (NAS row, config, CA directory).

use std::fmt::Write;
use std::net::IpAddr;

/// How the router reaches the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transport {
    /// RADIUS over TLS on `port`; `passphrase` of the PKCS#12 bundle if known.
    Radsec {
        port: u16,
        passphrase: Option<String>,
    },
    /// RADIUS over UDP with Message-Authenticator required both ways.
    Udp { auth_port: u16, acct_port: u16 },
}

/// What the script is made of.
#[derive(Debug, Clone)]
pub struct ScriptInput {
    /// The NAS name (router identity, certificate common name).
    pub nas_name: String,
    /// The server's address as the router reaches it (RouterOS wants an IP address).
    pub server: IpAddr,
    pub transport: Transport,
    /// Seconds between Interim-Updates.
    pub interim_secs: u32,
    /// The UDP port the router listens on for CoA and Disconnect.
    pub coa_port: u16,
    /// The hotspot profile's `login-by` methods.
    pub login_by: String,
}

/// Placeholder for a value the server does not hand out (it is sealed or unknown).
const SECRET_PLACEHOLDER: &str = "GANTI-DENGAN-SHARED-SECRET/REPLACE-WITH-SHARED-SECRET";
const PASSPHRASE_PLACEHOLDER: &str = "GANTI-DENGAN-PASSPHRASE/REPLACE-WITH-PASSPHRASE";

/// Quotes a value for RouterOS: inside double quotes, `"`, `\` and `$` are escaped.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if matches!(c, '"' | '\\' | '$') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// The script text.
pub fn script(input: &ScriptInput) -> String {
    let name = &input.nas_name;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# radkota: RouterOS 7 setup for hotspot controller {name}"
    );
    let _ = writeln!(
        s,
        "# Jalankan di terminal router / run in the router's terminal. The router's clock must be\n\
         # right (NTP): certificates are checked against it."
    );
    let _ = writeln!(s, "/system identity set name={}", quoted(name));
    match &input.transport {
        Transport::Radsec { port, passphrase } => {
            radsec(&mut s, input, *port, passphrase.as_deref())
        }
        Transport::Udp {
            auth_port,
            acct_port,
        } => udp(&mut s, input, *auth_port, *acct_port),
    }
    let _ = writeln!(
        s,
        "# CoA / Disconnect from radkota (UDP to this router's registered address)\n\
         /radius incoming set accept=yes port={}",
        input.coa_port
    );
    let _ = writeln!(
        s,
        "# Hotspot: every hotspot server profile asks radkota, with accounting and interim updates\n\
         /ip hotspot profile set [find] use-radius=yes radius-accounting=yes \
         radius-interim-update={} login-by={}",
        interval(input.interim_secs),
        input.login_by
    );
    person(&mut s, input);
    s
}

/// What the person at the hotspot sees (issue 22): MAC roaming and the refusal texts.
fn person(s: &mut String, input: &ScriptInput) {
    if input.login_by.split(',').any(|m| m == "mac") {
        let _ = writeln!(
            s,
            "# Roaming: a device that logged in once with its password logs in by its MAC at every\n\
             # RW for its plan's roaming period (the router sends the MAC as username and password)\n\
             /ip hotspot profile set [find] mac-auth-mode=mac-as-username-and-password"
        );
    }
    let _ = writeln!(
        s,
        "# Alasan penolakan / why a login was refused: radkota sends a Reply-Message; the login\n\
         # page shows it when hotspot/errors.txt has the line\n\
         #   radius-reply = $(error-orig)\n\
         # and hotspot/login.html shows errors with\n\
         #   $(if error)<p class=\"info alert\">$(error)</p>$(endif)"
    );
}

fn radsec(s: &mut String, input: &ScriptInput, port: u16, passphrase: Option<&str>) {
    let name = &input.nas_name;
    let pass = passphrase.unwrap_or(PASSPHRASE_PLACEHOLDER);
    let _ = writeln!(
        s,
        "# 1. Upload {name}.p12 (from `radkota nas cert {name}`) to Files, then import it:\n\
         /certificate import file-name={} passphrase={}",
        quoted(&format!("{name}.p12")),
        quoted(pass)
    );
    let _ = writeln!(
        s,
        "# 2. RadSec (RADIUS over TLS, port {port}); the shared secret is fixed to \"radsec\"\n\
         /radius remove [find comment=\"radkota\"]\n\
         /radius add comment=\"radkota\" service=hotspot protocol=radsec address={} \
         authentication-port={port} accounting-port={port} secret=\"radsec\" \
         certificate=[/certificate get [find common-name={} private-key=yes] name] timeout=3s",
        input.server,
        quoted(name)
    );
}

fn udp(s: &mut String, input: &ScriptInput, auth_port: u16, acct_port: u16) {
    let _ = writeln!(
        s,
        "# RADIUS over UDP: put the NAS's shared secret in place of the placeholder; every\n\
         # request and response carries a Message-Authenticator (BlastRADIUS, RouterOS 7.15+)\n\
         /radius remove [find comment=\"radkota\"]\n\
         /radius add comment=\"radkota\" service=hotspot protocol=udp address={} \
         authentication-port={auth_port} accounting-port={acct_port} secret={} \
         require-message-auth=yes-for-request-resp timeout=3s",
        input.server,
        quoted(SECRET_PLACEHOLDER)
    );
}

/// RouterOS time: `5m`, `90s`, `1h`.
fn interval(secs: u32) -> String {
    match secs {
        s if s >= 3600 && s % 3600 == 0 => format!("{}h", s / 3600),
        s if s >= 60 && s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(transport: Transport) -> ScriptInput {
        ScriptInput {
            nas_name: "rw07-hotspot".into(),
            server: "192.0.2.10".parse().unwrap(),
            transport,
            interim_secs: 300,
            coa_port: 3799,
            login_by: "http-chap,cookie".into(),
        }
    }

    #[test]
    fn radsec_script_has_every_part() {
        let text = script(&input(Transport::Radsec {
            port: 2083,
            passphrase: Some("abc$\"x".into()),
        }));
        assert!(text.contains("/system identity set name=\"rw07-hotspot\""));
        assert!(text.contains(
            "/certificate import file-name=\"rw07-hotspot.p12\" passphrase=\"abc\\$\\\"x\""
        ));
        assert!(text.contains("protocol=radsec address=192.0.2.10 authentication-port=2083"));
        assert!(text.contains("secret=\"radsec\""));
        assert!(text.contains("/radius incoming set accept=yes port=3799"));
        assert!(text.contains("radius-interim-update=5m login-by=http-chap,cookie"));
        assert!(!text.contains("require-message-auth"));
        assert!(text.contains("radius-reply = $(error-orig)"));
        assert!(!text.contains("mac-auth-mode"), "no mac in login-by");
        let mut with_mac = input(Transport::Udp {
            auth_port: 1812,
            acct_port: 1813,
        });
        with_mac.login_by = "mac,http-chap".into();
        assert!(script(&with_mac).contains("mac-auth-mode=mac-as-username-and-password"));
    }

    #[test]
    fn udp_script_requires_message_authenticator() {
        let text = script(&input(Transport::Udp {
            auth_port: 1812,
            acct_port: 1813,
        }));
        assert!(text.contains(
            "protocol=udp address=192.0.2.10 authentication-port=1812 accounting-port=1813"
        ));
        assert!(text.contains("require-message-auth=yes-for-request-resp"));
        assert!(!text.contains("certificate import"));
    }

    #[test]
    fn intervals() {
        assert_eq!(interval(300), "5m");
        assert_eq!(interval(3600), "1h");
        assert_eq!(interval(90), "90s");
    }
}
