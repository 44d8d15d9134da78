//! One datagram's path: find its NAS, decode, verify, consult the duplicate cache, hand it
//! to the right handler, and sign the reply. Anything that fails a check is dropped silently
//! and counted (RFC 2865 §3, DESIGN rule 4).

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use tokio::sync::mpsc;

use super::auth_log_writer::AuthEvent;
use super::counters::Counters;
use super::dedup::{DuplicateCache, Lookup, RequestKey};
use super::listener::PortKind;
use super::registry::{Nas, Registry};
use crate::accounting::{Accounting, AcctError};
use crate::auth::decision::{AccessInput, Authenticator, Credentials, Decision, now};
use crate::policy::ReplyAttribute;
use crate::protocol::attr::{self, ms};
use crate::protocol::crypto::{
    MessageAuthenticator, check_message_authenticator, verify_request_authenticator,
};
use crate::protocol::{Code, Packet, PacketBuilder};
use crate::store::{AcctKind, AuthLogEntry, Store, StoreError};

/// Shared state of the request path.
pub struct Context {
    pub registry: Arc<Registry>,
    pub dedup: DuplicateCache,
    pub counters: Arc<Counters>,
    pub authenticator: Authenticator,
    pub store: Store,
    pub auth_log: mpsc::Sender<AuthEvent>,
    pub accounting: Accounting,
    /// Acts on quotas used up, as seen in committed Interim-Updates.
    pub quota: Arc<crate::coa::QuotaWatch>,
}

/// What the receive loop does with a datagram after `handle_inline`.
#[derive(Debug)]
pub enum Inline {
    /// Handled: send this reply, if any.
    Done(Option<Vec<u8>>),
    /// Needs an await: hand it to `handle_datagram` in a task of its own, with the
    /// duplicate-cache claim already taken, if any.
    Spawn(Option<RequestKey>),
}

/// Answers what can be answered without waiting (Status-Server, and Access-Requests that
/// `Authenticator::decide_now` can decide) on the receive loop itself: a task per login
/// and the wake-up of another worker thread cost more than the login's own work.
pub fn handle_inline(ctx: &Context, kind: PortKind, datagram: &[u8], source: SocketAddr) -> Inline {
    if kind != PortKind::Auth {
        return Inline::Spawn(None);
    }
    let Some((nas, packet)) = identify(ctx, datagram, source) else {
        return Inline::Done(None);
    };
    match packet.code {
        Code::StatusServer => Inline::Done(status_server(ctx, kind, &nas, &packet)),
        Code::AccessRequest => {
            let key = match authentic_and_claimed(ctx, &nas, &packet, source) {
                Ok(key) => key,
                Err(answer) => return Inline::Done(answer),
            };
            let decision = match access_input(&nas, &packet) {
                Err(rejected) => rejected,
                Ok(input) => match ctx.authenticator.decide_now(&input) {
                    Some(decision) => decision,
                    None => return Inline::Spawn(Some(key)),
                },
            };
            Inline::Done(access_reply(ctx, &nas, &packet, key, Ok(decision)))
        }
        _ => Inline::Done(unsupported(ctx, &nas, &packet)),
    }
}

/// Handles one datagram; returns the reply to send, if any. `claimed` is the duplicate
/// cache's claim `handle_inline` took for it, if it did.
pub async fn handle_datagram(
    ctx: &Context,
    kind: PortKind,
    datagram: &[u8],
    source: SocketAddr,
    claimed: Option<RequestKey>,
) -> Option<Vec<u8>> {
    let (nas, packet) = identify(ctx, datagram, source)?;
    match (kind, packet.code) {
        (_, Code::StatusServer) => status_server(ctx, kind, &nas, &packet),
        (PortKind::Auth, Code::AccessRequest) => {
            access_request(ctx, &nas, &packet, source, claimed).await
        }
        (PortKind::Acct, Code::AccountingRequest) => {
            accounting_request(ctx, &nas, &packet, source).await
        }
        _ => unsupported(ctx, &nas, &packet),
    }
}

/// The NAS a datagram came from and the packet it holds; `None` (counted) when either is
/// unknown or malformed.
fn identify<'a>(
    ctx: &Context,
    datagram: &'a [u8],
    source: SocketAddr,
) -> Option<(Arc<Nas>, Packet<'a>)> {
    let counters = &ctx.counters;
    let Some(nas) = ctx.registry.lookup(source.ip()) else {
        Counters::inc(&counters.unknown_client);
        tracing::debug!(%source, "datagram from unknown client dropped");
        return None;
    };
    match Packet::decode(datagram) {
        Ok(p) => Some((nas, p)),
        Err(e) => {
            Counters::inc(&counters.malformed);
            tracing::debug!(nas = %nas.name, error = %e, "malformed packet dropped");
            None
        }
    }
}

fn unsupported(ctx: &Context, nas: &Nas, packet: &Packet<'_>) -> Option<Vec<u8>> {
    Counters::inc(&ctx.counters.unsupported_code);
    tracing::debug!(nas = %nas.name, code = packet.code.as_u8(), "unsupported code on this port dropped");
    None
}

/// Checks the Message-Authenticator policy of an Access-Request; false means drop.
fn access_request_authentic(ctx: &Context, nas: &Nas, packet: &Packet<'_>) -> bool {
    match check_message_authenticator(packet.raw(), &nas.secret, None) {
        MessageAuthenticator::Valid => {
            if !nas.ma_seen.swap(true, Ordering::Relaxed) {
                // Remember across restarts that this NAS signs its requests (BlastRADIUS).
                let store = ctx.store.clone();
                let id = nas.id;
                tokio::spawn(async move {
                    if let Err(e) = store.mark_nas_ma_seen(id).await {
                        tracing::warn!(error = %e, "could not record that the NAS sends Message-Authenticator");
                    }
                });
            }
            true
        }
        MessageAuthenticator::Invalid => {
            Counters::inc(&ctx.counters.bad_message_authenticator);
            report_bad_authenticator(ctx, nas);
            tracing::info!(nas = %nas.name, "bad Message-Authenticator (wrong shared secret?); dropped");
            false
        }
        MessageAuthenticator::Absent => {
            // RFC 3579 §3.2: EAP-Message without Message-Authenticator is always dropped.
            if nas.requires_message_authenticator() || packet.attr(attr::EAP_MESSAGE).is_some() {
                Counters::inc(&ctx.counters.missing_message_authenticator);
                tracing::info!(nas = %nas.name, "Access-Request without required Message-Authenticator; dropped");
                false
            } else {
                true
            }
        }
    }
}

fn status_server(ctx: &Context, kind: PortKind, nas: &Nas, packet: &Packet<'_>) -> Option<Vec<u8>> {
    // RFC 5997 §3: Status-Server without a valid Message-Authenticator is dropped.
    match check_message_authenticator(packet.raw(), &nas.secret, None) {
        MessageAuthenticator::Valid => {}
        MessageAuthenticator::Invalid => {
            Counters::inc(&ctx.counters.bad_message_authenticator);
            return None;
        }
        MessageAuthenticator::Absent => {
            Counters::inc(&ctx.counters.missing_message_authenticator);
            return None;
        }
    }
    Counters::inc(&ctx.counters.status_server);
    let code = match kind {
        PortKind::Auth => Code::AccessAccept,
        PortKind::Acct => Code::AccountingResponse,
    };
    let builder = PacketBuilder::new(code, packet.identifier);
    builder
        .finish_reply(&packet.authenticator, &nas.secret, true)
        .ok()
}

fn credentials<'a>(packet: &Packet<'a>, authenticator: &'a [u8; 16]) -> Credentials<'a> {
    if let Some(hidden) = packet.attr(attr::USER_PASSWORD) {
        return Credentials::Pap { hidden };
    }
    if let Some(response) = packet.attr(attr::CHAP_PASSWORD) {
        // MikroTik http-chap sends CHAP-Challenge; without it the Request Authenticator is
        // the challenge (RFC 2865 §2.2).
        let challenge = packet
            .attr(attr::CHAP_CHALLENGE)
            .unwrap_or(authenticator.as_slice());
        return Credentials::Chap {
            response,
            challenge,
        };
    }
    if let (Some(challenge), Some(response)) = (
        packet.vendor_attr(attr::VENDOR_MICROSOFT, ms::MS_CHAP_CHALLENGE),
        packet.vendor_attr(attr::VENDOR_MICROSOFT, ms::MS_CHAP2_RESPONSE),
    ) {
        return Credentials::MsChapV2 {
            challenge,
            response,
        };
    }
    Credentials::Missing
}

/// Claims a request in the duplicate cache (RFC 5080 §2.2.2). `Err` carries what to do
/// instead of working on it: resend the cached reply, or drop a copy still in progress.
fn claim(
    ctx: &Context,
    packet: &Packet<'_>,
    source: SocketAddr,
) -> Result<RequestKey, Option<Vec<u8>>> {
    let key = RequestKey {
        source,
        identifier: packet.identifier,
        authenticator: packet.authenticator,
    };
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

async fn access_request(
    ctx: &Context,
    nas: &Arc<Nas>,
    packet: &Packet<'_>,
    source: SocketAddr,
    claimed: Option<RequestKey>,
) -> Option<Vec<u8>> {
    let key = match claimed {
        Some(key) => key,
        None => match authentic_and_claimed(ctx, nas, packet, source) {
            Ok(key) => key,
            Err(answer) => return answer,
        },
    };
    let decision = match access_input(nas, packet) {
        Err(rejected) => Ok(rejected),
        Ok(input) => ctx.authenticator.decide(&input).await,
    };
    access_reply(ctx, nas, packet, key, decision)
}

/// Checks an Access-Request's Message-Authenticator and claims it in the duplicate cache;
/// `Err` carries the answer instead (nothing, or the cached reply of a retransmission).
fn authentic_and_claimed(
    ctx: &Context,
    nas: &Nas,
    packet: &Packet<'_>,
    source: SocketAddr,
) -> Result<RequestKey, Option<Vec<u8>>> {
    if !access_request_authentic(ctx, nas, packet) {
        return Err(None);
    }
    claim(ctx, packet, source)
}

/// What the decision needs from an Access-Request, or the reject of one without a usable
/// User-Name.
fn access_input<'p>(nas: &'p Nas, packet: &'p Packet<'_>) -> Result<AccessInput<'p>, Decision> {
    let username = packet
        .attr(attr::USER_NAME)
        .and_then(|raw| std::str::from_utf8(raw).ok())
        .filter(|name| !name.is_empty());
    let Some(username) = username else {
        return Err(Decision {
            accept: false,
            reason: "missing or invalid User-Name",
            attributes: vec![],
        });
    };
    Ok(AccessInput {
        username,
        credentials: credentials(packet, &packet.authenticator),
        request_authenticator: &packet.authenticator,
        secret: &nas.secret,
        vendor: nas.vendor,
        calling_station_id: packet
            .attr(attr::CALLING_STATION_ID)
            .and_then(|v| std::str::from_utf8(v).ok()),
    })
}

/// Signs the reply to a claimed Access-Request, completes its claim and logs the outcome;
/// a store failure leaves the request unanswered so the NAS retries.
fn access_reply(
    ctx: &Context,
    nas: &Nas,
    packet: &Packet<'_>,
    key: RequestKey,
    decision: Result<Decision, StoreError>,
) -> Option<Vec<u8>> {
    let decision = match decision {
        Ok(d) => d,
        Err(e) => {
            Counters::inc(&ctx.counters.store_errors);
            tracing::error!(error = %e, "store unavailable; Access-Request left unanswered so the NAS retries");
            ctx.dedup.abandon(key);
            return None;
        }
    };
    let code = if decision.accept {
        Code::AccessAccept
    } else {
        Code::AccessReject
    };
    let mut builder = PacketBuilder::new(code, packet.identifier);
    for a in &decision.attributes {
        let added = match a {
            ReplyAttribute::Standard { typ, value } => builder.add(*typ, value).map(|_| ()),
            ReplyAttribute::Vendor { vendor, typ, value } => {
                builder.add_vendor(*vendor, *typ, value).map(|_| ())
            }
        };
        if let Err(e) = added {
            tracing::warn!(error = %e, "reply attribute skipped");
        }
    }
    if decision.accept
        && !decision
            .attributes
            .iter()
            .any(|a| matches!(a.parts(), (0, attr::ACCT_INTERIM_INTERVAL, _)))
    {
        // Without it MikroTik sends no Interim-Update unless set on the router by hand; a
        // plan's own interval (already in the attributes) wins over the server default.
        let _ = builder.add_u32(attr::ACCT_INTERIM_INTERVAL, ctx.accounting.interim_interval);
    }
    // Proxy-State comes back unchanged and in order (RFC 2865 §5.33).
    for a in packet.attributes().filter(|a| a.typ == attr::PROXY_STATE) {
        let _ = builder.add(attr::PROXY_STATE, a.value);
    }
    let reply = match builder.finish_reply(&packet.authenticator, &nas.secret, true) {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "reply could not be encoded; dropped");
            ctx.dedup.abandon(key);
            return None;
        }
    };
    ctx.dedup.complete(key, Arc::new(reply.clone()));
    let username = String::from_utf8_lossy(packet.attr(attr::USER_NAME).unwrap_or_default());
    let method = credentials(packet, &packet.authenticator).method();
    if decision.accept {
        Counters::inc(&ctx.counters.access_accepts);
        tracing::debug!(user = %username, nas = %nas.name, method, "Access-Accept");
    } else {
        Counters::inc(&ctx.counters.access_rejects);
        tracing::info!(user = %username, nas = %nas.name, method, reason = decision.reason, "Access-Reject");
    }
    let entry = AuthLogEntry {
        at: now(),
        username: username.into_owned(),
        nas_id: Some(nas.id),
        method: method.to_string(),
        accepted: decision.accept,
        reason: decision.reason.to_string(),
        calling_station_id: packet
            .attr(attr::CALLING_STATION_ID)
            .map(|v| String::from_utf8_lossy(v).into_owned()),
    };
    let event = AuthEvent::Login {
        entry,
        nas_identifier: packet
            .attr(attr::NAS_IDENTIFIER)
            .map(|v| String::from_utf8_lossy(v).into_owned()),
    };
    if ctx.auth_log.try_send(event).is_err() {
        Counters::inc(&ctx.counters.auth_log_dropped);
    }
    Some(reply)
}

/// Counts a wrong-secret request for the hotspot report; never blocks the request path.
fn report_bad_authenticator(ctx: &Context, nas: &Nas) {
    let event = AuthEvent::BadAuthenticator {
        nas_id: nas.id,
        at: now(),
    };
    if ctx.auth_log.try_send(event).is_err() {
        Counters::inc(&ctx.counters.auth_log_dropped);
    }
}

/// Accounting-Request: authenticate, claim in the duplicate cache, wait until the record is
/// committed, then answer. Anything short of a commit leaves the request unanswered, so the
/// NAS keeps the record and retries (RFC 2866 §4.1).
async fn accounting_request(
    ctx: &Context,
    nas: &Arc<Nas>,
    packet: &Packet<'_>,
    source: SocketAddr,
) -> Option<Vec<u8>> {
    if !verify_request_authenticator(packet.raw(), &nas.secret) {
        Counters::inc(&ctx.counters.bad_authenticator);
        report_bad_authenticator(ctx, nas);
        tracing::debug!(nas = %nas.name, "Accounting-Request with bad authenticator dropped");
        return None;
    }
    if check_message_authenticator(packet.raw(), &nas.secret, None) == MessageAuthenticator::Invalid
    {
        Counters::inc(&ctx.counters.bad_message_authenticator);
        report_bad_authenticator(ctx, nas);
        tracing::info!(nas = %nas.name, "Accounting-Request with bad Message-Authenticator dropped");
        return None;
    }
    let key = match claim(ctx, packet, source) {
        Ok(key) => key,
        Err(cached) => return cached,
    };
    let kind = match ctx.accounting.record(packet, nas.id, now()).await {
        Ok(kind) => kind,
        Err(e) => {
            let counter = match &e {
                AcctError::Invalid(_) => &ctx.counters.acct_invalid,
                AcctError::NotRecorded(crate::accounting::RecordError::QueueFull) => {
                    &ctx.counters.acct_queue_full
                }
                AcctError::NotRecorded(_) => &ctx.counters.acct_not_recorded,
            };
            Counters::inc(counter);
            tracing::debug!(nas = %nas.name, error = %e, "Accounting-Request not answered");
            ctx.dedup.abandon(key);
            return None;
        }
    };
    let mut builder = PacketBuilder::new(Code::AccountingResponse, packet.identifier);
    for a in packet.attributes().filter(|a| a.typ == attr::PROXY_STATE) {
        let _ = builder.add(attr::PROXY_STATE, a.value);
    }
    // No Message-Authenticator: FreeRADIUS sends none on Accounting-Response and some NAS
    // reject a reply that has one.
    let reply = match builder.finish_reply(&packet.authenticator, &nas.secret, false) {
        Ok(r) => r,
        Err(e) => {
            // The record is stored; the retransmission is answered once this is fixed.
            tracing::error!(error = %e, "Accounting-Response could not be encoded; dropped");
            ctx.dedup.abandon(key);
            return None;
        }
    };
    ctx.dedup.complete(key, Arc::new(reply.clone()));
    if kind == AcctKind::Interim {
        ctx.quota.after_interim(session_target(packet, nas.id));
    }
    let counter = match kind {
        AcctKind::Start => &ctx.counters.acct_starts,
        AcctKind::Interim => &ctx.counters.acct_interims,
        AcctKind::Stop => &ctx.counters.acct_stops,
        AcctKind::AccountingOn | AcctKind::AccountingOff => &ctx.counters.acct_on_off,
    };
    Counters::inc(counter);
    Some(reply)
}

/// The session an Accounting-Request is about, as a Disconnect/CoA-Request identifies it.
fn session_target(packet: &Packet<'_>, nas_id: i64) -> crate::coa::SessionTarget {
    let text = |typ: u8| {
        packet
            .attr(typ)
            .map(|v| String::from_utf8_lossy(v).into_owned())
    };
    crate::coa::SessionTarget {
        nas_id,
        acct_session_id: text(attr::ACCT_SESSION_ID).unwrap_or_default(),
        username: text(attr::USER_NAME).unwrap_or_default(),
        framed_ip: packet
            .attr(attr::FRAMED_IP_ADDRESS)
            .and_then(|v| <[u8; 4]>::try_from(v).ok())
            .map(|o| std::net::Ipv4Addr::from(o).to_string()),
        calling_station_id: text(attr::CALLING_STATION_ID),
    }
}
