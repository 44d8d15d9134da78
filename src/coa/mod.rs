//! Dynamic authorization (RFC 5176): Disconnect-Request and CoA-Request sent to a hotspot
//! controller's CoA port, to end a session (operator command, disabled account, quota used
//! up) or to throttle it. Requests only ever go to the NAS's own registered address.

pub mod client;
pub mod error_cause;
pub mod quota;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use ipnet::IpNet;

pub use client::{CoaSettings, Destination, Outcome, RequestKind, send};
pub use quota::QuotaWatch;

use crate::auth::seal::Sealer;
use crate::dictionary::Dictionary;
use crate::policy::{Grant, ReplyAttribute, Vendor, render};
use crate::protocol::{EncodeError, attr};
use crate::store::{NasRecord, SessionRecord};

/// Why a request could not be sent at all.
#[derive(Debug, thiserror::Error)]
pub enum CoaError {
    #[error(
        "NAS {nas} is registered as the block {address}, and the session does not record \
         which address in it the hotspot has; register the hotspot by its own address to \
         send it Disconnect/CoA requests"
    )]
    CidrNas { nas: String, address: String },
    #[error("NAS {nas} has the address '{address}', which is not an IP address")]
    BadAddress { nas: String, address: String },
    #[error("NAS {nas} has CoA port {port}, which is not a UDP port")]
    BadPort { nas: String, port: i64 },
    #[error("the shared secret of NAS {0} cannot be opened with this key file")]
    Secret(String),
    #[error("the session's NAS (#{0}) no longer exists")]
    NasRemoved(i64),
    #[error("NAS {nas} ({vendor}) has no rate attribute to throttle with")]
    NoRateAttribute { nas: String, vendor: String },
    #[error("cannot encode the request: {0}")]
    Encode(#[from] EncodeError),
    #[error("network error: {0}")]
    Io(std::io::Error),
}

/// What identifies one session to its NAS.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SessionTarget {
    pub nas_id: i64,
    pub acct_session_id: String,
    pub username: String,
    pub framed_ip: Option<String>,
    pub calling_station_id: Option<String>,
}

impl From<&SessionRecord> for SessionTarget {
    fn from(s: &SessionRecord) -> SessionTarget {
        SessionTarget {
            nas_id: s.nas_id,
            acct_session_id: s.acct_session_id.clone(),
            username: s.username.clone(),
            framed_ip: s.framed_ip.clone(),
            calling_station_id: s.calling_station_id.clone(),
        }
    }
}

impl SessionTarget {
    /// User-Name, Acct-Session-Id, Framed-IP-Address and Calling-Station-Id, as far as
    /// known (RFC 5176 §3: session identification). MikroTik matches on the first two.
    pub fn identification(&self) -> Vec<ReplyAttribute> {
        let std = |typ: u8, value: Vec<u8>| ReplyAttribute::Standard { typ, value };
        let mut out = Vec::new();
        if !self.username.is_empty() {
            out.push(std(attr::USER_NAME, self.username.as_bytes().to_vec()));
        }
        if !self.acct_session_id.is_empty() {
            out.push(std(
                attr::ACCT_SESSION_ID,
                self.acct_session_id.as_bytes().to_vec(),
            ));
        }
        if let Some(ip) = self
            .framed_ip
            .as_deref()
            .and_then(|s| s.parse::<Ipv4Addr>().ok())
        {
            out.push(std(attr::FRAMED_IP_ADDRESS, ip.octets().to_vec()));
        }
        if let Some(mac) = self.calling_station_id.as_deref().filter(|m| !m.is_empty()) {
            out.push(std(attr::CALLING_STATION_ID, mac.as_bytes().to_vec()));
        }
        out
    }
}

/// The NAS's own address and CoA port, and its opened secret. A NAS registered as a CIDR
/// block is refused: the only address we could use would be a guess.
pub fn destination(nas: &NasRecord, sealer: &Sealer) -> Result<Destination, CoaError> {
    let ip = if let Ok(ip) = nas.address.parse::<IpAddr>() {
        ip
    } else if let Ok(net) = nas.address.parse::<IpNet>() {
        if net.prefix_len() != net.max_prefix_len() {
            return Err(CoaError::CidrNas {
                nas: nas.name.clone(),
                address: nas.address.clone(),
            });
        }
        net.addr()
    } else {
        return Err(CoaError::BadAddress {
            nas: nas.name.clone(),
            address: nas.address.clone(),
        });
    };
    let port = u16::try_from(nas.coa_port)
        .ok()
        .filter(|p| *p != 0)
        .ok_or(CoaError::BadPort {
            nas: nas.name.clone(),
            port: nas.coa_port,
        })?;
    let secret = sealer
        .open(&nas.sealed_secret)
        .map_err(|_| CoaError::Secret(nas.name.clone()))?;
    Ok(Destination {
        nas_name: nas.name.clone(),
        addr: SocketAddr::new(ip, port),
        secret,
    })
}

/// The rate attributes of the NAS's dialect for a throttled rate (bits per second), as
/// Access-Accept would carry them; empty for a generic NAS, which has none.
pub fn throttle_attributes(vendor: Vendor, up: u64, down: u64) -> Vec<ReplyAttribute> {
    let grant = Grant {
        session_timeout: None,
        idle_timeout: None,
        interim_interval: None,
        data_limit: None,
        rate: Some(crate::policy::limits::Rate {
            up,
            down,
            burst: None,
            priority: None,
        }),
        extra: Vec::new(),
        why: Vec::new(),
        starts_validity: false,
    };
    // With no extra attributes the dictionary is never consulted; an empty one avoids
    // parsing the built-in files for every request.
    render(&grant, vendor, &Dictionary::default()).0
}

/// Sends a Disconnect-Request for `session` to `nas`.
pub async fn disconnect(
    nas: &NasRecord,
    sealer: &Sealer,
    settings: &CoaSettings,
    session: &SessionTarget,
) -> Result<Outcome, CoaError> {
    let dest = destination(nas, sealer)?;
    send(
        &dest,
        RequestKind::Disconnect,
        &session.identification(),
        settings,
    )
    .await
}

/// Sends a CoA-Request that sets `session`'s rate to `up`/`down` bits per second.
pub async fn throttle(
    nas: &NasRecord,
    sealer: &Sealer,
    settings: &CoaSettings,
    session: &SessionTarget,
    up: u64,
    down: u64,
) -> Result<Outcome, CoaError> {
    let vendor = Vendor::parse(&nas.vendor).unwrap_or(Vendor::Generic);
    let rate = throttle_attributes(vendor, up, down);
    if rate.is_empty() {
        return Err(CoaError::NoRateAttribute {
            nas: nas.name.clone(),
            vendor: nas.vendor.clone(),
        });
    }
    let dest = destination(nas, sealer)?;
    let mut attributes = session.identification();
    attributes.extend(rate);
    send(&dest, RequestKind::Coa, &attributes, settings).await
}

/// Disconnects each session concurrently (a user's sessions are usually on different
/// hotspots, so one silent NAS must not hold up the others); results in the given order.
pub async fn disconnect_all(
    nas_list: &[NasRecord],
    sealer: &Sealer,
    settings: &CoaSettings,
    sessions: &[SessionTarget],
) -> Vec<Result<Outcome, CoaError>> {
    let mut set = tokio::task::JoinSet::new();
    for (i, s) in sessions.iter().enumerate() {
        let nas = nas_list.iter().find(|n| n.id == s.nas_id).cloned();
        let (sealer, settings, s) = (sealer.clone(), *settings, s.clone());
        set.spawn(async move {
            let r = match nas {
                Some(nas) => disconnect(&nas, &sealer, &settings, &s).await,
                None => Err(CoaError::NasRemoved(s.nas_id)),
            };
            (i, r)
        });
    }
    let mut out: Vec<Option<Result<Outcome, CoaError>>> =
        (0..sessions.len()).map(|_| None).collect();
    while let Some(joined) = set.join_next().await {
        if let Ok((i, r)) = joined {
            if let Some(slot) = out.get_mut(i) {
                *slot = Some(r);
            }
        }
    }
    out.into_iter()
        .map(|r| {
            r.unwrap_or_else(|| Err(CoaError::Io(std::io::Error::other("request task failed"))))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::RequireMa;

    fn nas(address: &str, port: i64, sealer: &Sealer) -> NasRecord {
        NasRecord {
            id: 1,
            name: "rw07".into(),
            address: address.into(),
            sealed_secret: sealer.seal(b"s3cret"),
            vendor: "mikrotik".into(),
            rw: None,
            require_ma: RequireMa::Auto,
            ma_seen: false,
            coa_port: port,
            enabled: true,
            created_at: 0,
        }
    }

    #[test]
    fn destination_is_the_nas_itself() {
        let sealer = Sealer::from_key([7; 32]);
        let d = destination(&nas("10.7.0.1", 3799, &sealer), &sealer).unwrap();
        assert_eq!(d.addr, "10.7.0.1:3799".parse().unwrap());
        assert_eq!(d.secret, b"s3cret");
        let d = destination(&nas("10.7.0.1/32", 1700, &sealer), &sealer).unwrap();
        assert_eq!(d.addr, "10.7.0.1:1700".parse().unwrap());
        let e = destination(&nas("10.7.0.0/24", 3799, &sealer), &sealer).unwrap_err();
        assert!(matches!(e, CoaError::CidrNas { .. }), "{e}");
        assert!(e.to_string().contains("10.7.0.0/24"));
        assert!(matches!(
            destination(&nas("10.7.0.1", 0, &sealer), &sealer),
            Err(CoaError::BadPort { .. })
        ));
        let other = Sealer::from_key([8; 32]);
        assert!(matches!(
            destination(&nas("10.7.0.1", 3799, &sealer), &other),
            Err(CoaError::Secret(_))
        ));
    }

    #[test]
    fn identification_uses_what_is_known() {
        let t = SessionTarget {
            nas_id: 1,
            acct_session_id: "81a0".into(),
            username: "siti".into(),
            framed_ip: Some("10.5.50.21".into()),
            calling_station_id: Some("AA:BB:CC:07:00:21".into()),
        };
        let parts: Vec<(u8, Vec<u8>)> = t
            .identification()
            .iter()
            .map(|a| (a.parts().1, a.parts().2.to_vec()))
            .collect();
        assert_eq!(
            parts,
            [
                (attr::USER_NAME, b"siti".to_vec()),
                (attr::ACCT_SESSION_ID, b"81a0".to_vec()),
                (attr::FRAMED_IP_ADDRESS, vec![10, 5, 50, 21]),
                (attr::CALLING_STATION_ID, b"AA:BB:CC:07:00:21".to_vec()),
            ]
        );
        let bare = SessionTarget {
            framed_ip: Some("not-an-ip".into()),
            calling_station_id: None,
            ..t
        };
        assert_eq!(bare.identification().len(), 2);
    }

    #[test]
    fn throttle_in_each_dialect() {
        let m = throttle_attributes(Vendor::Mikrotik, 256_000, 512_000);
        assert_eq!(
            m,
            [ReplyAttribute::Vendor {
                vendor: attr::VENDOR_MIKROTIK,
                typ: attr::mikrotik::RATE_LIMIT,
                value: b"256k/512k".to_vec()
            }]
        );
        let w = throttle_attributes(Vendor::Wispr, 256_000, 512_000);
        assert_eq!(w.len(), 2);
        assert_eq!(
            w[0].parts(),
            (attr::VENDOR_WISPR, 7, &256_000u32.to_be_bytes()[..])
        );
        let c = throttle_attributes(Vendor::Chillispot, 256_000, 512_000);
        assert_eq!(
            c[1].parts(),
            (attr::VENDOR_CHILLISPOT, 5, &512u32.to_be_bytes()[..])
        );
        assert!(throttle_attributes(Vendor::Generic, 256_000, 512_000).is_empty());
    }
}
