//! `nas import`: the city's hotspot controllers (one per RW) from CSV. Secrets are sealed
//! and never appear in a message.

use std::collections::{HashMap, HashSet};

use super::{CsvLine, CsvTable, LineError};
use crate::auth::seal::Sealer;
use crate::store::{NewNas, RequireMa};

/// Columns that must be in the header.
pub const REQUIRED: &[&str] = &["name", "address", "secret", "rw"];
/// Columns that may be in the header.
pub const OPTIONAL: &[&str] = &["vendor", "require_message_authenticator", "coa_port"];

/// Vendor dialects the policy layer renders.
pub const VENDORS: &[&str] = &["mikrotik", "wispr", "chillispot", "generic"];

/// What the database already holds, for validation.
#[derive(Debug, Default)]
pub struct Known {
    pub names: HashSet<String>,
    pub addresses: HashSet<String>,
    /// RW codes; `None` before any area is imported.
    pub rws: Option<HashSet<String>>,
}

/// NAS names appear in logs and reports, so they are kept to a safe, typeable alphabet.
pub fn check_name(name: &str) -> Result<(), String> {
    let ok_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    if name.is_empty() || name.len() > 64 || !name.chars().all(ok_char) {
        return Err(format!(
            "NAS name '{}' is not valid: use 1 to 64 letters, digits, '.', '_' or '-' (e.g. rw07-hotspot)",
            name.escape_debug()
        ));
    }
    Ok(())
}

/// Validates an address or CIDR block and returns its canonical text, so that the same
/// address typed two ways is caught as a duplicate.
pub fn parse_address(s: &str) -> Result<String, String> {
    use ipnet::IpNet;
    use std::net::IpAddr;
    let s = s.trim();
    if let Ok(ip) = s.parse::<IpAddr>() {
        return Ok(ip.to_string());
    }
    let Ok(net) = s.parse::<IpNet>() else {
        return Err(format!(
            "'{}' is not an IP address or CIDR network (examples: 10.7.0.1, 10.7.0.0/24, 2001:db8::1)",
            s.escape_debug()
        ));
    };
    if net.prefix_len() == 0 {
        return Err(format!(
            "'{s}' would accept requests from any address; give the controller's address"
        ));
    }
    if net.addr() != net.network() {
        return Err(format!(
            "'{s}' is not a network address; did you mean {} (or the single address {})?",
            net.trunc(),
            net.addr()
        ));
    }
    if net.prefix_len() == net.max_prefix_len() {
        return Ok(net.addr().to_string());
    }
    Ok(net.to_string())
}

/// Validates every row and seals the good rows' secrets.
pub fn validate(table: &CsvTable, known: &Known, sealer: &Sealer) -> (Vec<NewNas>, Vec<LineError>) {
    let mut good = Vec::new();
    let mut bad = Vec::new();
    let mut seen = Seen::default();
    for row in &table.rows {
        let line = match row {
            Ok(l) => l,
            Err(e) => {
                bad.push(e.clone());
                continue;
            }
        };
        match check_row(table, line, known, &seen, sealer) {
            Ok(nas) => {
                seen.names.insert(nas.name.clone(), line.line);
                seen.addresses.insert(nas.address.clone(), line.line);
                good.push(nas);
            }
            Err(reason) => bad.push(LineError {
                line: line.line,
                reason,
            }),
        }
    }
    bad.sort_by_key(|e| e.line);
    (good, bad)
}

/// Names and addresses of the good rows so far, with the line each was first on.
#[derive(Default)]
struct Seen {
    names: HashMap<String, usize>,
    addresses: HashMap<String, usize>,
}

/// One row as a NAS with its secret sealed, or the first thing wrong with it.
fn check_row(
    table: &CsvTable,
    line: &CsvLine,
    known: &Known,
    seen: &Seen,
    sealer: &Sealer,
) -> Result<NewNas, String> {
    let name = table.get(line, "name");
    check_name(name)?;
    if known.names.contains(name) {
        return Err(format!("NAS '{name}' already exists"));
    }
    if let Some(first) = seen.names.get(name) {
        return Err(format!("NAS name '{name}' already appears on line {first}"));
    }
    let address = parse_address(table.get(line, "address"))?;
    if known.addresses.contains(&address) {
        return Err(format!("NAS address '{address}' already exists"));
    }
    if let Some(first) = seen.addresses.get(&address) {
        return Err(format!(
            "address '{address}' already appears on line {first}"
        ));
    }
    // Taken as written: a secret may legitimately start or end with a space.
    let secret = line
        .fields
        .get(table.columns.get("secret").copied().unwrap_or(usize::MAX))
        .map(String::as_str)
        .unwrap_or("");
    if secret.is_empty() || secret.len() > 128 {
        return Err("secret must be 1 to 128 characters (bytes)".into());
    }
    let rw = table.get(line, "rw");
    check_rw(rw, known)?;
    let vendor = vendor(table.get(line, "vendor"))?;
    let require_ma = require_ma(table.get(line, "require_message_authenticator"))?;
    let coa_port = coa_port(table.get(line, "coa_port"))?;
    Ok(NewNas {
        name: name.to_string(),
        address,
        sealed_secret: sealer.seal(secret.as_bytes()),
        vendor: vendor.to_string(),
        rw: (!rw.is_empty()).then(|| rw.to_string()),
        require_ma,
        coa_port,
    })
}

/// The RW must be a known RW area once areas are imported.
fn check_rw(rw: &str, known: &Known) -> Result<(), String> {
    if known.rws.as_ref().is_some_and(|rws| !rws.contains(rw)) {
        return Err(format!(
            "rw '{}' is not an RW area (see `radkota area list`)",
            rw.escape_debug()
        ));
    }
    super::check_text("rw", rw, 32)
}

/// The `vendor` column; empty means MikroTik.
fn vendor(v: &str) -> Result<&str, String> {
    match v {
        "" => Ok("mikrotik"),
        v if VENDORS.contains(&v) => Ok(v),
        v => Err(format!(
            "vendor '{}' is not one of {}",
            v.escape_debug(),
            VENDORS.join(", ")
        )),
    }
}

/// The `require_message_authenticator` column; empty means auto.
fn require_ma(v: &str) -> Result<RequireMa, String> {
    match v {
        "" => Ok(RequireMa::Auto),
        v => RequireMa::parse(v).ok_or_else(|| {
            format!(
                "require_message_authenticator '{}' is not auto, yes or no",
                v.escape_debug()
            )
        }),
    }
}

/// The `coa_port` column; empty means 3799 (RFC 5176).
fn coa_port(v: &str) -> Result<i64, String> {
    match v {
        "" => Ok(3799),
        v => match v.parse::<u16>() {
            Ok(p) if p > 0 => Ok(i64::from(p)),
            _ => Err(format!("coa_port '{}' is not a port", v.escape_debug())),
        },
    }
}
