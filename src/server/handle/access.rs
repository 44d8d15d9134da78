//! Access-Request: Message-Authenticator policy, duplicate-cache claim, the decision (on the
//! receive loop when it needs no await, in a task otherwise) and the signed, logged reply.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use crate::auth::argon2_pool::Shed;
use crate::auth::decision::{
    self, AccessInput, Credentials, Decision, Now, Pending, Unanswered, reason,
};
use crate::policy::ReplyAttribute;
use crate::protocol::attr::{self, ms};
use crate::protocol::crypto::{MessageAuthenticator, check_message_authenticator};
use crate::protocol::{Code, Packet, PacketBuilder};
use crate::server::auth_log_writer::AuthEvent;
use crate::server::context::Context;
use crate::server::counters::Counters;
use crate::server::dedup::RequestKey;
use crate::server::registry::Nas;
use crate::server::request::{
    OwnedRequest, Request, claim, copy_proxy_state, drops, printable, report_bad_authenticator,
};
use crate::store::AuthLogEntry;
use crate::trace::{Block, Outcome, Probe, Stopwatch};

/// What the receive loop does with an Access-Request.
#[derive(Debug)]
pub enum Step {
    /// Answered: send this reply, if any.
    Reply(Option<Vec<u8>>),
    /// Claimed, and left for a task.
    Later(Task),
    /// Claimed, carries EAP: left for `eap::answer` in a task.
    Eap(OwnedRequest),
}

/// A claimed Access-Request whose decision needs an await, with what was found in its
/// attributes and what its decision has read, so neither is done again in the task. Kept
/// small (spans, not slices; its claim is found again from the request) because it is
/// moved from the receive loop into the task.
#[derive(Debug)]
pub struct Task {
    request: OwnedRequest,
    fields: Fields<Span>,
    pending: Pending,
    watch: Stopwatch,
}

/// Where an attribute value lies in its packet (packets are at most 4096 octets).
#[derive(Debug, Clone, Copy)]
struct Span {
    start: u16,
    end: u16,
}

impl Span {
    fn of(packet: &Packet<'_>, value: &[u8]) -> Option<Span> {
        let range = packet.span_of(value)?;
        Some(Span {
            start: u16::try_from(range.start).ok()?,
            end: u16::try_from(range.end).ok()?,
        })
    }

    fn get(self, raw: &[u8]) -> Option<&[u8]> {
        raw.get(usize::from(self.start)..usize::from(self.end))
    }
}

/// Answers an Access-Request on the receive loop, or claims it and returns what its task
/// needs.
pub fn now(ctx: &Context, req: Request<'_>) -> Step {
    let mut watch = Stopwatch::start(&ctx.trace);
    let key = match authentic_and_claimed(ctx, &req) {
        Ok(key) => key,
        Err(answer) => return Step::Reply(answer),
    };
    watch.lap("check");
    if req.packet.attr(attr::EAP_MESSAGE).is_some() {
        return Step::Eap(req.into_owned());
    }
    let fields = Fields::read(&req.packet);
    let decision = match input(&req, &fields) {
        Err(rejected) => rejected,
        Ok(input) => match ctx.authenticator.decide_now(&input) {
            Now::Decided(decision) => decision,
            Now::Later(pending) => {
                watch.lap("read");
                let packet = req.packet;
                return Step::Later(Task {
                    fields: fields.map(|value| Span::of(&packet, value)),
                    request: req.into_owned(),
                    pending,
                    watch,
                });
            }
        },
    };
    watch.lap("decide");
    Step::Reply(reply(ctx, &req, &fields, key, Ok(decision), watch))
}

/// Finishes an Access-Request `now` left for later.
pub async fn later(ctx: &Context, task: Task) -> Option<Vec<u8>> {
    let mut watch = task.watch;
    watch.lap("wait for task");
    let req = task.request.view();
    let raw = req.packet.raw();
    let fields = task.fields.map(|span| span.get(raw));
    let decision = match input(&req, &fields) {
        Err(rejected) => Ok(rejected),
        Ok(input) => ctx.authenticator.decide(&input, task.pending).await,
    };
    watch.lap("decide");
    reply(ctx, &req, &fields, req.key(), decision, watch)
}

/// The attributes an Access-Request's decision, reply and log read, found in one pass
/// over the packet: as values (`&[u8]`), or where they lie in it (`Range`) while the
/// request waits for its task.
#[derive(Debug, Clone, Copy, Default)]
struct Fields<T> {
    user_name: Option<T>,
    user_password: Option<T>,
    chap_password: Option<T>,
    chap_challenge: Option<T>,
    ms_chap_challenge: Option<T>,
    ms_chap2_response: Option<T>,
    calling_station_id: Option<T>,
    nas_identifier: Option<T>,
}

impl<'a> Fields<&'a [u8]> {
    /// The first of each attribute, as `Packet::attr` finds it.
    fn read(packet: &Packet<'a>) -> Self {
        let mut f = Fields::default();
        let mut vendor_specific = false;
        for a in packet.attributes() {
            let slot = match a.typ {
                attr::USER_NAME => &mut f.user_name,
                attr::USER_PASSWORD => &mut f.user_password,
                attr::CHAP_PASSWORD => &mut f.chap_password,
                attr::CHAP_CHALLENGE => &mut f.chap_challenge,
                attr::CALLING_STATION_ID => &mut f.calling_station_id,
                attr::NAS_IDENTIFIER => &mut f.nas_identifier,
                attr::VENDOR_SPECIFIC => {
                    vendor_specific = true;
                    continue;
                }
                _ => continue,
            };
            slot.get_or_insert(a.value);
        }
        // Only MS-CHAPv2 needs the vendor attributes, and only without PAP or CHAP.
        if vendor_specific && f.user_password.is_none() && f.chap_password.is_none() {
            f.ms_chap_challenge = packet.vendor_attr(attr::VENDOR_MICROSOFT, ms::MS_CHAP_CHALLENGE);
            f.ms_chap2_response = packet.vendor_attr(attr::VENDOR_MICROSOFT, ms::MS_CHAP2_RESPONSE);
        }
        f
    }

    fn credentials<'p>(&self, authenticator: &'p [u8; 16]) -> Credentials<'p>
    where
        'a: 'p,
    {
        if let Some(hidden) = self.user_password {
            return Credentials::Pap { hidden };
        }
        if let Some(response) = self.chap_password {
            // MikroTik http-chap sends CHAP-Challenge; without it the Request Authenticator
            // is the challenge (RFC 2865 §2.2).
            let challenge = self.chap_challenge.unwrap_or(authenticator.as_slice());
            return Credentials::Chap {
                response,
                challenge,
            };
        }
        if let (Some(challenge), Some(response)) = (self.ms_chap_challenge, self.ms_chap2_response)
        {
            return Credentials::MsChapV2 {
                challenge,
                response,
            };
        }
        Credentials::Missing
    }
}

impl<T> Fields<T> {
    /// Each field through `f`; a field `f` gives `None` for is dropped.
    fn map<U>(self, mut f: impl FnMut(T) -> Option<U>) -> Fields<U> {
        let mut g = |v: Option<T>| v.and_then(&mut f);
        Fields {
            user_name: g(self.user_name),
            user_password: g(self.user_password),
            chap_password: g(self.chap_password),
            chap_challenge: g(self.chap_challenge),
            ms_chap_challenge: g(self.ms_chap_challenge),
            ms_chap2_response: g(self.ms_chap2_response),
            calling_station_id: g(self.calling_station_id),
            nas_identifier: g(self.nas_identifier),
        }
    }
}

/// Checks the Message-Authenticator policy of an Access-Request; false means drop.
fn authentic(ctx: &Context, nas: &Nas, packet: &Packet<'_>) -> bool {
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
            drops::note(&nas.name, drops::Reason::BadMessageAuthenticator);
            false
        }
        MessageAuthenticator::Absent => {
            // RFC 3579 §3.2: EAP-Message without Message-Authenticator is always dropped.
            if nas.requires_message_authenticator() || packet.attr(attr::EAP_MESSAGE).is_some() {
                Counters::inc(&ctx.counters.missing_message_authenticator);
                drops::note(&nas.name, drops::Reason::MissingMessageAuthenticator);
                false
            } else {
                true
            }
        }
    }
}

/// Checks an Access-Request's Message-Authenticator and claims it in the duplicate cache;
/// `Err` carries the answer instead (nothing, or the cached reply of a retransmission).
fn authentic_and_claimed(ctx: &Context, req: &Request<'_>) -> Result<RequestKey, Option<Vec<u8>>> {
    if !authentic(ctx, &req.nas, &req.packet) {
        if ctx.trace.on() {
            trace_drop(ctx, req);
        }
        return Err(None);
    }
    claim(ctx, req)
}

/// What the decision needs from an Access-Request, or the reject of one without a usable
/// User-Name.
fn input<'p>(req: &'p Request<'_>, fields: &Fields<&'p [u8]>) -> Result<AccessInput<'p>, Decision> {
    let username = fields
        .user_name
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
        credentials: fields.credentials(&req.packet.authenticator),
        request_authenticator: &req.packet.authenticator,
        secret: &req.nas.secret,
        vendor: req.nas.vendor,
        calling_station_id: fields
            .calling_station_id
            .and_then(|v| std::str::from_utf8(v).ok()),
        nas_id: req.nas.id,
    })
}

/// Signs the reply to a claimed Access-Request, completes its claim and logs the outcome;
/// a store failure or a shed PAP check leaves the request unanswered (and its claim
/// released) so the NAS retries.
fn reply(
    ctx: &Context,
    req: &Request<'_>,
    fields: &Fields<&[u8]>,
    key: RequestKey,
    decision: Result<Decision, Unanswered>,
    mut watch: Stopwatch,
) -> Option<Vec<u8>> {
    let (nas, packet) = (&req.nas, &req.packet);
    let decision = match decision {
        Ok(d) => ctx.authenticator.worded(d),
        Err(Unanswered::Store(e)) => {
            Counters::inc(&ctx.counters.store_errors);
            tracing::error!(error = %e, "store unavailable; Access-Request left unanswered so the NAS retries");
            ctx.dedup.abandon(key);
            trace(
                ctx,
                req,
                fields,
                Outcome::Unanswered("store unavailable"),
                &[],
                watch,
            );
            return None;
        }
        Err(Unanswered::Shed(shed)) => {
            ctx.dedup.abandon(key);
            log_shed(ctx, req, fields, shed);
            trace(
                ctx,
                req,
                fields,
                Outcome::Unanswered(shed.reason()),
                &[],
                watch,
            );
            return None;
        }
    };
    let reply = match encode(ctx, packet, &nas.secret, &decision) {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "reply could not be encoded; dropped");
            ctx.dedup.abandon(key);
            return None;
        }
    };
    ctx.dedup.complete(key, Arc::new(reply.clone()));
    watch.lap("sign reply");
    log(ctx, req, fields, &decision);
    if watch.running() {
        let outcome = match decision.accept {
            true => Outcome::Accept,
            false => Outcome::Reject(decision.reason),
        };
        trace(ctx, req, fields, outcome, &decision.attributes, watch);
    }
    Some(reply)
}

/// A request dropped for its Message-Authenticator, for the attached traces: the usual
/// sign of a shared secret that differs between the NAS and radkota.
fn trace_drop(ctx: &Context, req: &Request<'_>) {
    let fields = Fields::read(&req.packet);
    let verdict = match req.packet.attr(attr::MESSAGE_AUTHENTICATOR) {
        Some(_) => "INVALID: the NAS and radkota have different shared secrets",
        None => "missing, and this NAS must send one",
    };
    let probe = Probe {
        user: fields.user_name,
        nas: &req.nas.name,
        mac: fields.calling_station_id,
        accepted: false,
    };
    ctx.trace.offer(&probe, || Block {
        message_authenticator: verdict,
        ..block(
            req,
            &fields,
            Outcome::Unanswered("dropped for its Message-Authenticator"),
            &[],
            Vec::new(),
        )
    });
}

/// Hands the request to the attached traces (`watch` runs only while one is attached);
/// copies nothing unless a filter matches. Never the password or the secret.
fn trace(
    ctx: &Context,
    req: &Request<'_>,
    fields: &Fields<&[u8]>,
    outcome: Outcome,
    attributes: &[ReplyAttribute],
    watch: Stopwatch,
) {
    if !watch.running() {
        return;
    }
    let probe = Probe {
        user: fields.user_name,
        nas: &req.nas.name,
        mac: fields.calling_station_id,
        accepted: outcome == Outcome::Accept,
    };
    ctx.trace.offer(&probe, || {
        block(req, fields, outcome, attributes, watch.stages())
    });
}

/// What a trace shows of a request: copied, never the password or the secret.
fn block(
    req: &Request<'_>,
    fields: &Fields<&[u8]>,
    outcome: Outcome,
    attributes: &[ReplyAttribute],
    stages: Vec<(&'static str, std::time::Duration)>,
) -> Block {
    Block {
        at_ms: chrono::Utc::now().timestamp_millis(),
        policy_now: crate::policy::clock::now(),
        source: req.source,
        identifier: req.packet.identifier,
        nas: req.nas.name.clone(),
        vendor: req.nas.vendor.as_str(),
        message_authenticator: match req.packet.attr(attr::MESSAGE_AUTHENTICATOR) {
            Some(_) => "valid",
            None => "absent (this NAS is not required to send one)",
        },
        user: fields.user_name.map(printable),
        mac: fields.calling_station_id.map(printable),
        method: fields.credentials(&req.packet.authenticator).method(),
        outcome,
        attributes: attributes.to_vec(),
        stages,
    }
}

/// The signed Access-Accept or Access-Reject for a decision.
fn encode(
    ctx: &Context,
    packet: &Packet<'_>,
    secret: &[u8],
    decision: &Decision,
) -> Result<Vec<u8>, crate::protocol::EncodeError> {
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
    copy_proxy_state(packet, &mut builder);
    builder.finish_reply(&packet.authenticator, secret, true)
}

/// Counts a request left unanswered because its PAP check was shed, and hands it to the
/// auth log with the reason, so a flood's losses are visible rather than silent.
fn log_shed(ctx: &Context, req: &Request<'_>, fields: &Fields<&[u8]>, shed: Shed) {
    Counters::inc(&ctx.counters.argon2_shed);
    if shed == Shed::TooOld {
        Counters::inc(&ctx.counters.argon2_shed_too_old);
    }
    // Debug: under a flood this is one line per datagram; the counters carry the total.
    tracing::debug!(nas = %req.nas.name, reason = shed.reason(), "Access-Request left unanswered");
    auth_log(ctx, req, fields, false, shed.reason(), None);
}

/// Counts the outcome and hands it to the auth log; never blocks the request path.
fn log(ctx: &Context, req: &Request<'_>, fields: &Fields<&[u8]>, decision: &Decision) {
    let nas = &req.nas;
    let method = fields.credentials(&req.packet.authenticator).method();
    let shown = printable(fields.user_name.unwrap_or_default());
    if decision.accept {
        Counters::inc(&ctx.counters.access_accepts);
        tracing::debug!(user = %shown, nas = %nas.name, method, "Access-Accept");
    } else {
        Counters::inc(&ctx.counters.access_rejects);
        ctx.counters.reject_reasons.count(decision.reason);
        match decision.reason {
            reason::THROTTLED => Counters::inc(&ctx.counters.auth_throttled),
            reason::REPEATED_BAD_PASSWORD | reason::REPEATED_UNKNOWN_USER => {
                Counters::inc(&ctx.counters.pap_repeated_failures);
            }
            _ => {}
        }
        tracing::info!(user = %shown, nas = %nas.name, method, reason = decision.reason, "Access-Reject");
    }
    // The text the person was shown, beside the reason (issue 22).
    let shown = decision.attributes.iter().find_map(|a| match a.parts() {
        (0, attr::REPLY_MESSAGE, text) => Some(String::from_utf8_lossy(text).into_owned()),
        _ => None,
    });
    auth_log(ctx, req, fields, decision.accept, decision.reason, shown);
}

/// Hands one outcome to the auth-log writer; a full channel drops it and counts the drop.
fn auth_log(
    ctx: &Context,
    req: &Request<'_>,
    fields: &Fields<&[u8]>,
    accepted: bool,
    reason: &str,
    message: Option<String>,
) {
    let nas = &req.nas;
    let username = String::from_utf8_lossy(fields.user_name.unwrap_or_default());
    let method = fields.credentials(&req.packet.authenticator).method();
    let entry = AuthLogEntry {
        at: decision::now(),
        username: username.into_owned(),
        nas_id: Some(nas.id),
        method: method.to_string(),
        accepted,
        reason: reason.to_string(),
        calling_station_id: fields
            .calling_station_id
            .map(|v| String::from_utf8_lossy(v).into_owned()),
        message,
    };
    let event = AuthEvent::Login {
        entry,
        nas_identifier: fields
            .nas_identifier
            .map(|v| String::from_utf8_lossy(v).into_owned()),
    };
    if ctx.auth_log.try_send(event).is_err() {
        Counters::inc(&ctx.counters.auth_log_dropped);
    }
}
