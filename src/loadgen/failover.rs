//! `radkota bench --servers A,B`: several servers tried the way a RouterOS hotspot tries its
//! RADIUS servers (each request goes to the first; after a timeout the same request goes to
//! the next), and the accounting records that a server acknowledged, kept so that a test or
//! script can check each one was stored exactly once.

use std::net::{IpAddr, SocketAddr};

use crate::protocol::{Packet, attr};

/// One server: its authentication and accounting addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub auth: SocketAddr,
    pub acct: SocketAddr,
}

/// Parses `--servers`: comma-separated `HOST`, `HOST:AUTH:ACCT` or `[V6]:AUTH:ACCT`; a
/// bare host uses `auth_port` and `acct_port`.
pub fn parse_servers(list: &str, auth_port: u16, acct_port: u16) -> anyhow::Result<Vec<Target>> {
    let mut targets = Vec::new();
    for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let (host, ports) = match item.strip_prefix('[') {
            Some(rest) => {
                let (host, ports) = rest
                    .split_once(']')
                    .ok_or_else(|| anyhow::anyhow!("server '{item}': missing ']'"))?;
                (host, ports.strip_prefix(':'))
            }
            None if item.parse::<IpAddr>().is_ok() => (item, None),
            None => match item.split_once(':') {
                Some((host, ports)) => (host, Some(ports)),
                None => (item, None),
            },
        };
        let ip: IpAddr = host
            .parse()
            .map_err(|_| anyhow::anyhow!("server '{item}': '{host}' is not an IP address"))?;
        let (auth, acct) = match ports {
            None => (auth_port, acct_port),
            Some(p) => {
                let (a, b) = p.split_once(':').ok_or_else(|| {
                    anyhow::anyhow!("server '{item}': give both ports, HOST:AUTH:ACCT")
                })?;
                let port = |s: &str| {
                    s.parse::<u16>()
                        .map_err(|_| anyhow::anyhow!("server '{item}': '{s}' is not a port"))
                };
                (port(a)?, port(b)?)
            }
        };
        targets.push(Target {
            auth: SocketAddr::new(ip, auth),
            acct: SocketAddr::new(ip, acct),
        });
    }
    anyhow::ensure!(!targets.is_empty(), "--servers names no server");
    Ok(targets)
}

/// An accounting record a server acknowledged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acked {
    pub session: String,
    pub status: u32,
    pub input_octets: u64,
    pub output_octets: u64,
    /// Which server (0-based, in `--servers` order) answered.
    pub server: usize,
}

impl Acked {
    /// The record in `request` (an Accounting-Request we built), answered by `server`.
    pub fn of(request: &[u8], server: usize) -> Option<Acked> {
        let p = Packet::decode(request).ok()?;
        let octets = |lo, hi| {
            let lo = u64::from(p.attr_u32(lo).unwrap_or(0));
            let hi = u64::from(p.attr_u32(hi).unwrap_or(0));
            hi << 32 | lo
        };
        Some(Acked {
            session: String::from_utf8_lossy(p.attr(attr::ACCT_SESSION_ID)?).into_owned(),
            status: p.attr_u32(attr::ACCT_STATUS_TYPE)?,
            input_octets: octets(attr::ACCT_INPUT_OCTETS, attr::ACCT_INPUT_GIGAWORDS),
            output_octets: octets(attr::ACCT_OUTPUT_OCTETS, attr::ACCT_OUTPUT_GIGAWORDS),
            server,
        })
    }

    /// One line of `--acked-log`: session, status type, input and output octets, server.
    pub fn line(&self) -> String {
        format!(
            "{} {} {} {} {}",
            self.session, self.status, self.input_octets, self.output_octets, self.server
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_lists() {
        let t = parse_servers("127.0.0.1, 127.0.0.2:2812:2813,[::1]:1:2", 1812, 1813).unwrap();
        assert_eq!(t[0].auth, "127.0.0.1:1812".parse().unwrap());
        assert_eq!(t[0].acct, "127.0.0.1:1813".parse().unwrap());
        assert_eq!(t[1].acct, "127.0.0.2:2813".parse().unwrap());
        assert_eq!(t[2].auth, "[::1]:1".parse().unwrap());
        assert_eq!(
            parse_servers("::1", 1, 2).unwrap()[0].acct,
            "[::1]:2".parse().unwrap()
        );
        for bad in [
            "",
            "radius.example",
            "127.0.0.1:1812",
            "[::1",
            "1.2.3.4:x:1",
        ] {
            assert!(parse_servers(bad, 1812, 1813).is_err(), "{bad}");
        }
    }
}
