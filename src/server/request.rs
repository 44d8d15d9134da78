//! One datagram as the handlers see it: the port it came in on, its NAS and its packet,
//! decoded once by the listener; the owned form a request takes into a task; and what the
//! handlers share (the duplicate-cache claim, the report of a wrong secret).

pub mod drops;

use std::net::SocketAddr;
use std::sync::Arc;

use super::auth_log_writer::AuthEvent;
use super::context::Context;
use super::counters::Counters;
use super::dedup::{Lookup, RequestKey};
use super::registry::Nas;
use crate::auth::decision::now;
use crate::protocol::{OwnedPacket, Packet, PacketBuilder, attr};

/// Which port a datagram arrived on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortKind {
    Auth,
    Acct,
}

impl PortKind {
    /// For logs.
    pub fn as_str(self) -> &'static str {
        match self {
            PortKind::Auth => "auth",
            PortKind::Acct => "acct",
        }
    }
}

/// A datagram from a known NAS, decoded.
#[derive(Debug)]
pub struct Request<'a> {
    pub port: PortKind,
    pub source: SocketAddr,
    pub nas: Arc<Nas>,
    pub packet: Packet<'a>,
}

impl<'a> Request<'a> {
    /// The request a datagram holds; `None` (counted) when its NAS is unknown or the packet
    /// is malformed.
    pub fn receive(
        ctx: &Context,
        port: PortKind,
        datagram: &'a [u8],
        source: SocketAddr,
    ) -> Option<Request<'a>> {
        let counters = &ctx.counters;
        let Some(nas) = ctx.registry.lookup(source.ip()) else {
            Counters::inc(&counters.unknown_client);
            drops::note(&source.ip().to_string(), drops::Reason::UnknownClient);
            return None;
        };
        match Packet::decode(datagram) {
            Ok(packet) => Some(Request {
                port,
                source,
                nas,
                packet,
            }),
            Err(e) => {
                Counters::inc(&counters.malformed);
                tracing::trace!(nas = %nas.name, error = %e, "malformed packet dropped");
                drops::note(&nas.name, drops::Reason::Malformed);
                None
            }
        }
    }

    /// What identifies this request in the duplicate cache.
    pub fn key(&self) -> RequestKey {
        RequestKey {
            source: self.source,
            identifier: self.packet.identifier,
            authenticator: self.packet.authenticator,
        }
    }

    /// The same request owning its packet's octets, for a task of its own.
    pub fn into_owned(self) -> OwnedRequest {
        OwnedRequest {
            port: self.port,
            source: self.source,
            nas: self.nas,
            packet: self.packet.to_owned_packet(),
        }
    }
}

/// A request that owns its packet (see `Request::into_owned`).
#[derive(Debug)]
pub struct OwnedRequest {
    port: PortKind,
    source: SocketAddr,
    nas: Arc<Nas>,
    packet: OwnedPacket,
}

impl OwnedRequest {
    /// The request, without decoding its packet again.
    pub fn view(&self) -> Request<'_> {
        Request {
            port: self.port,
            source: self.source,
            nas: self.nas.clone(),
            packet: self.packet.packet(),
        }
    }
}

/// Claims a request in the duplicate cache (RFC 5080 §2.2.2). `Err` carries what to do
/// instead of working on it: resend the cached reply, or drop a copy still in progress.
pub fn claim(ctx: &Context, req: &Request<'_>) -> Result<RequestKey, Option<Vec<u8>>> {
    let key = req.key();
    match ctx.dedup.begin(key) {
        Lookup::New => Ok(key),
        Lookup::InProgress => {
            Counters::inc(&ctx.counters.duplicates_in_progress);
            Err(None)
        }
        Lookup::Answered(bytes) => {
            Counters::inc(&ctx.counters.duplicates_answered);
            Err(Some(bytes.as_ref().clone()))
        }
    }
}

/// Counts a wrong-secret request for the hotspot report; never blocks the request path.
pub fn report_bad_authenticator(ctx: &Context, nas: &Nas) {
    let event = AuthEvent::BadAuthenticator {
        nas_id: nas.id,
        at: now(),
    };
    if ctx.auth_log.try_send(event).is_err() {
        Counters::inc(&ctx.counters.auth_log_dropped);
    }
}

/// Proxy-State comes back unchanged and in order (RFC 2865 §5.33).
pub fn copy_proxy_state(packet: &Packet<'_>, builder: &mut PacketBuilder) {
    for a in packet.attributes().filter(|a| a.typ == attr::PROXY_STATE) {
        let _ = builder.add(attr::PROXY_STATE, a.value);
    }
}

/// A name from a packet (User-Name, NAS-Identifier) fit for a log line: invalid UTF-8
/// replaced, control characters escaped so that a crafted name cannot forge or hide lines.
pub fn printable(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}
