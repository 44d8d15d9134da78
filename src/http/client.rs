//! Who the client is: the TCP peer, or, only when the peer is a trusted reverse proxy, the
//! rightmost address in `Forwarded` (RFC 7239) / `X-Forwarded-For` that is not itself a
//! trusted proxy. Anyone can send those headers, so from any other peer they are ignored.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use ipnet::IpNet;

/// The networks whose forwarding headers are believed (`trusted_proxies`).
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Parses CIDRs or bare addresses; the error names the entry.
    pub fn parse(list: &[String]) -> Result<TrustedProxies, String> {
        list.iter()
            .map(|s| {
                let s = s.trim();
                s.parse::<IpNet>()
                    .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("'{s}' is not an IP address or CIDR"))
            })
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }

    /// Whether `ip` is a trusted proxy (an IPv4-mapped IPv6 peer counts as its IPv4 address).
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// Whether no proxy is trusted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many networks are trusted.
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The client's address of a request from `peer`: the peer itself unless it is trusted;
/// then, walking the forwarding chain from the right, the first hop that is not a trusted
/// proxy. A hop that cannot be read (`unknown`, an obfuscated name, garbage) ends the walk
/// at the last address known, so a malformed header never yields an address of its own.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &TrustedProxies) -> IpAddr {
    let mut current = canonical(peer);
    if trusted.is_empty() || !trusted.contains(current) {
        return current;
    }
    let hops = forwarded_hops(headers);
    for hop in hops.iter().rev() {
        if !trusted.contains(current) {
            break;
        }
        match parse_hop(hop) {
            Some(ip) => current = canonical(ip),
            None => break,
        }
    }
    current
}

/// The hops of `Forwarded` (its `for=` parameters) when present, else of `X-Forwarded-For`,
/// in header order (every header line, each split at commas).
fn forwarded_hops(headers: &HeaderMap) -> Vec<String> {
    let forwarded: Vec<String> = headers
        .get_all(axum::http::header::FORWARDED)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|element| {
            element.split(';').find_map(|pair| {
                let (k, v) = pair.split_once('=')?;
                k.trim()
                    .eq_ignore_ascii_case("for")
                    .then(|| v.trim().to_string())
            })
        })
        .collect();
    if !forwarded.is_empty() {
        return forwarded;
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|s| s.trim().to_string())
        .collect()
}

/// An address from one hop: `192.0.2.1`, `192.0.2.1:4711`, `"[2001:db8::1]:4711"`,
/// `2001:db8::1`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim().trim_matches('"');
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Ok(sa) = hop.parse::<SocketAddr>() {
        return Some(sa.ip());
    }
    let inner = hop.strip_prefix('[')?.split(']').next()?;
    inner.parse().ok()
}

/// The client's address, set on every request by the listener (see [`client_address`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<ClientAddr, Infallible> {
        Ok(client_of(parts))
    }
}

/// The client of a request: what the listener recorded, else the TCP peer (a router driven
/// in-process has neither: 0.0.0.0).
pub fn client_of(parts: &Parts) -> ClientAddr {
    if let Some(c) = parts.extensions.get::<ClientAddr>() {
        return *c;
    }
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip());
    ClientAddr(canonical(peer))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn trusted(list: &[&str]) -> TrustedProxies {
        TrustedProxies::parse(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn untrusted_peer_is_the_client_whatever_it_sends() {
        let h = headers(&[("x-forwarded-for", "198.51.100.7")]);
        assert_eq!(
            client_address(ip("192.0.2.1"), &h, &trusted(&[])),
            ip("192.0.2.1")
        );
        let t = trusted(&["10.0.0.0/8"]);
        assert_eq!(client_address(ip("192.0.2.1"), &h, &t), ip("192.0.2.1"));
    }

    #[test]
    fn rightmost_untrusted_hop_wins() {
        let t = trusted(&["10.0.0.0/8", "127.0.0.1"]);
        // A client that forges a hop on the left cannot choose its address.
        let h = headers(&[("x-forwarded-for", "1.2.3.4, 198.51.100.7, 10.0.0.2")]);
        assert_eq!(client_address(ip("127.0.0.1"), &h, &t), ip("198.51.100.7"));
        let h = headers(&[
            ("x-forwarded-for", "1.2.3.4"),
            ("x-forwarded-for", "10.1.1.1"),
        ]);
        assert_eq!(client_address(ip("10.0.0.1"), &h, &t), ip("1.2.3.4"));
        // Everything trusted: the leftmost.
        let h = headers(&[("x-forwarded-for", "10.0.0.5, 10.0.0.6")]);
        assert_eq!(client_address(ip("10.0.0.1"), &h, &t), ip("10.0.0.5"));
        // No header: the proxy itself.
        assert_eq!(
            client_address(ip("10.0.0.1"), &HeaderMap::new(), &t),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn forwarded_header_forms() {
        let t = trusted(&["127.0.0.1"]);
        let h = headers(&[(
            "forwarded",
            "for=192.0.2.60;proto=https, For=\"[2001:db8:cafe::17]:4711\"",
        )]);
        assert_eq!(
            client_address(ip("127.0.0.1"), &h, &t),
            ip("2001:db8:cafe::17")
        );
        let h = headers(&[("forwarded", "for=unknown"), ("x-forwarded-for", "1.2.3.4")]);
        assert_eq!(client_address(ip("127.0.0.1"), &h, &t), ip("127.0.0.1"));
        let h = headers(&[("x-forwarded-for", "garbage, 198.51.100.7:5555")]);
        assert_eq!(client_address(ip("127.0.0.1"), &h, &t), ip("198.51.100.7"));
        let mapped = ip("::ffff:127.0.0.1");
        let h = headers(&[("x-forwarded-for", "198.51.100.7")]);
        assert_eq!(client_address(mapped, &h, &t), ip("198.51.100.7"));
    }

    #[test]
    fn bad_entries_are_named() {
        let e = TrustedProxies::parse(&["10.0.0.0/8".into(), "proxy".into()]).unwrap_err();
        assert!(e.contains("proxy"), "{e}");
    }
}
