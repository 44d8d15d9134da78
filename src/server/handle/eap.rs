//! Access-Requests carrying EAP-Message (RFC 3579): finds the conversation by its State,
//! runs a round, asks the ordinary access decision about every credential under the inner
//! identity, and answers with an Access-Challenge, or the Access-Accept (the plan's
//! attributes, the inner User-Name, the MPPE keys) or Access-Reject that ends it.

use std::sync::atomic::Ordering;

use rand::Rng;

use crate::auth::decision::{AccessInput, Credentials, Decision, Now, Unanswered};
use crate::eap::check::{Check, Credential, Granted, Keys};
use crate::eap::conversation::{Action, Conversation};
use crate::eap::packet::{self, Eap, code, typ};
use crate::eap::{Server, reassembly};
use crate::policy::ReplyAttribute;
use crate::protocol::attr::{self, ms};
use crate::protocol::crypto::{decrypt_mppe_key, encrypt_mppe_key, hide_password};
use crate::protocol::{Code, PacketBuilder};
use crate::server::auth_log_writer::AuthEvent;
use crate::server::context::Context;
use crate::server::counters::Counters;
use crate::server::dedup::RequestKey;
use crate::server::request::{Request, copy_proxy_state, printable};
use crate::store::AuthLogEntry;

/// How a conversation ended, for the reply and the log.
enum End {
    Accept {
        eap: Vec<u8>,
        keys: Option<Keys>,
        conv: Box<Conversation>,
    },
    Reject {
        eap: Vec<u8>,
        reason: &'static str,
        user: String,
        method: &'static str,
    },
}

/// Answers one EAP Access-Request that `access::now` claimed.
pub async fn answer(ctx: &Context, req: &Request<'_>) -> Option<Vec<u8>> {
    let key = req.key();
    let Some(server) = ctx.eap.as_deref() else {
        return finish(ctx, req, key, failure(0, "EAP is not enabled", "eap"));
    };
    let Some(eap) = reassembly::join(&req.packet) else {
        return abandon(ctx, key);
    };
    let eap = match Eap::decode(&eap) {
        Ok(e) => e,
        Err(_) => return finish(ctx, req, key, failure(0, "malformed EAP-Message", "eap")),
    };
    let drops = &server.drops;
    let state = req.packet.attr(attr::STATE);
    let (mut conv, mut action) = match state {
        None if eap.code == code::RESPONSE && eap.typ == Some(typ::IDENTITY) => {
            let (c, a) = Conversation::start(server, &eap);
            (Box::new(c), a)
        }
        None => {
            return finish(
                ctx,
                req,
                key,
                failure(eap.id, "EAP without Identity", "eap"),
            );
        }
        Some(s) => match server.table.take(s) {
            Some(c) => match step(ctx, c, &eap).await {
                Some(stepped) => stepped,
                None => return abandon(ctx, key),
            },
            None => {
                drops.unknown_state.fetch_add(1, Ordering::Relaxed);
                return abandon(ctx, key);
            }
        },
    };
    let mut reason = "refused";
    loop {
        action = match action {
            Action::Check(check) => match decide(ctx, req, &check).await {
                Ok(decision) => {
                    reason = decision.reason;
                    if !decision.accept {
                        conv.refusal = Some(decision.reason);
                    }
                    conv.checked(granted(req, decision))
                }
                Err(e) => return unanswered(ctx, server, key, state, conv, e),
            },
            Action::Challenge(eap) => return challenge(ctx, server, req, key, conv, &eap),
            Action::Accept { eap, keys } => {
                return finish(ctx, req, key, End::Accept { eap, keys, conv });
            }
            Action::Reject { eap, reason: why } => {
                let why = match why {
                    "refused" => conv.refusal.unwrap_or(reason),
                    other => other,
                };
                let user = conv.user.clone().unwrap_or_else(|| conv.outer.clone());
                let method = conv.method_name();
                return finish(
                    ctx,
                    req,
                    key,
                    End::Reject {
                        eap,
                        reason: why,
                        user,
                        method,
                    },
                );
            }
            Action::Ignore => {
                drops.stale.fetch_add(1, Ordering::Relaxed);
                if let Some(s) = state.and_then(|s| <[u8; 16]>::try_from(s).ok()) {
                    server.table.put(s, conv);
                }
                return abandon(ctx, key);
            }
        };
    }
}

/// One round of a conversation. A TLS round may sign with the server key or run a key
/// exchange (a millisecond or more of CPU), so it runs on the blocking pool, off the
/// threads that answer PAP, CHAP and accounting (DESIGN rule 6).
async fn step(
    ctx: &Context,
    mut conv: Box<Conversation>,
    eap: &Eap<'_>,
) -> Option<(Box<Conversation>, Action)> {
    let server = ctx.eap.clone()?;
    if !conv.in_tls() {
        let action = conv.step(&server, eap);
        return Some((conv, action));
    }
    let raw = packet::encode(eap.code, eap.id, eap.typ?, eap.data)?;
    let stepped = tokio::task::spawn_blocking(move || {
        let eap = Eap::decode(&raw).ok()?;
        let action = conv.step(&server, &eap);
        Some((conv, action))
    })
    .await;
    stepped.ok().flatten()
}

fn failure(id: u8, reason: &'static str, method: &'static str) -> End {
    End::Reject {
        eap: packet::outcome(false, id),
        reason,
        user: String::new(),
        method,
    }
}

fn abandon(ctx: &Context, key: RequestKey) -> Option<Vec<u8>> {
    ctx.dedup.abandon(key);
    None
}

/// The store failed or the PAP check was shed: no answer, and the conversation waits
/// under its State for the NAS's retry, which asks the decision again.
fn unanswered(
    ctx: &Context,
    server: &Server,
    key: RequestKey,
    state: Option<&[u8]>,
    conv: Box<Conversation>,
    e: Unanswered,
) -> Option<Vec<u8>> {
    if let Unanswered::Store(e) = &e {
        Counters::inc(&ctx.counters.store_errors);
        tracing::error!(error = %e, "store unavailable; EAP round left unanswered so the NAS retries");
    }
    if let Some(s) = state.and_then(|s| <[u8; 16]>::try_from(s).ok()) {
        server.table.put(s, conv);
    }
    abandon(ctx, key)
}

/// Asks the ordinary decision about a credential found inside the conversation.
async fn decide(ctx: &Context, req: &Request<'_>, check: &Check) -> Result<Decision, Unanswered> {
    let authenticator = &req.packet.authenticator;
    let hidden;
    let credentials = match &check.credential {
        // Hidden with this request's authenticator so that TTLS's inner PAP takes the
        // PAP path unchanged: password cache, failure cache, fair argon2 queue, back-off.
        Credential::Pap(pw) => match hide_password(pw, &req.nas.secret, authenticator) {
            Ok(h) => {
                hidden = h;
                Credentials::Pap { hidden: &hidden }
            }
            Err(_) => Credentials::Missing,
        },
        Credential::MsChapV2 {
            challenge,
            response,
        } => Credentials::MsChapV2 {
            challenge,
            response,
        },
        Credential::Resumed => Credentials::EapResumed,
    };
    let calling_station_id = req
        .packet
        .attr(attr::CALLING_STATION_ID)
        .and_then(|v| std::str::from_utf8(v).ok());
    let input = AccessInput {
        username: &check.user,
        credentials,
        request_authenticator: authenticator,
        secret: &req.nas.secret,
        vendor: req.nas.vendor,
        calling_station_id,
        nas_id: req.nas.id,
    };
    match ctx.authenticator.decide_now(&input) {
        Now::Decided(d) => Ok(d),
        Now::Later(pending) => ctx.authenticator.decide(&input, pending).await,
    }
}

/// What an accepting decision grants the conversation: the plan's attributes without the
/// MS-CHAPv2 ones (EAP carries its own success message and keys), MS-CHAPv2's
/// authenticator response, and its MPPE keys opened again (they were hidden with this
/// round's authenticator; the Access-Accept comes a round later).
fn granted(req: &Request<'_>, decision: Decision) -> Option<Granted> {
    if !decision.accept {
        return None;
    }
    let mut g = Granted::default();
    let (mut recv, mut send) = (None, None);
    let open = |v: &[u8]| decrypt_mppe_key(v, &req.nas.secret, &req.packet.authenticator);
    for a in decision.attributes {
        match a.parts() {
            (attr::VENDOR_MICROSOFT, ms::MS_CHAP2_SUCCESS, v) => {
                g.authenticator_response = v.get(1..).map(<[u8]>::to_vec);
            }
            (attr::VENDOR_MICROSOFT, ms::MS_MPPE_RECV_KEY, v) => recv = open(v),
            (attr::VENDOR_MICROSOFT, ms::MS_MPPE_SEND_KEY, v) => send = open(v),
            (attr::VENDOR_MICROSOFT, _, _) => {}
            _ => g.attributes.push(a),
        }
    }
    if let (Some(recv), Some(send)) = (recv, send) {
        g.keys = Some(Keys { recv, send });
    }
    Some(g)
}

/// Keeps the conversation under a new State and sends its request.
fn challenge(
    ctx: &Context,
    server: &Server,
    req: &Request<'_>,
    key: RequestKey,
    conv: Box<Conversation>,
    eap: &[u8],
) -> Option<Vec<u8>> {
    let Some(state) = server.table.insert(conv) else {
        server.drops.table_full.fetch_add(1, Ordering::Relaxed);
        tracing::warn!("EAP conversation table full; round dropped");
        return abandon(ctx, key);
    };
    let mut b = PacketBuilder::new(Code::AccessChallenge, req.packet.identifier);
    let built =
        reassembly::split_into(&mut b, eap).and_then(|_| b.add(attr::STATE, &state).map(|_| ()));
    copy_proxy_state(&req.packet, &mut b);
    let reply =
        built.and_then(|_| b.finish_reply(&req.packet.authenticator, &req.nas.secret, true));
    sign_and_cache(ctx, key, reply)
}

fn sign_and_cache(
    ctx: &Context,
    key: RequestKey,
    reply: Result<Vec<u8>, crate::protocol::EncodeError>,
) -> Option<Vec<u8>> {
    match reply {
        Ok(r) => {
            ctx.dedup.complete(key, std::sync::Arc::new(r.clone()));
            Some(r)
        }
        Err(e) => {
            tracing::error!(error = %e, "EAP reply could not be encoded; dropped");
            abandon(ctx, key)
        }
    }
}

/// Ends the conversation with an Access-Accept or Access-Reject, and logs it.
fn finish(ctx: &Context, req: &Request<'_>, key: RequestKey, end: End) -> Option<Vec<u8>> {
    let (reply, user, method, accepted, reason) = match end {
        End::Accept { eap, keys, conv } => {
            let user = conv.user.clone().unwrap_or_default();
            if let (Some(server), Some(id)) = (ctx.eap.as_deref(), conv.session_id()) {
                server.sessions.bind(id, &user);
            }
            let granted = conv.granted.clone().unwrap_or_default();
            let keys = keys.or(granted.keys.clone());
            let reply = accept(ctx, req, &user, &granted.attributes, keys.as_ref(), &eap);
            (reply, user, conv.method_name(), true, "ok")
        }
        End::Reject {
            eap,
            reason,
            user,
            method,
        } => {
            let mut b = PacketBuilder::new(Code::AccessReject, req.packet.identifier);
            let built = reassembly::split_into(&mut b, &eap);
            copy_proxy_state(&req.packet, &mut b);
            let reply = built
                .and_then(|_| b.finish_reply(&req.packet.authenticator, &req.nas.secret, true));
            (reply, user, method, false, reason)
        }
    };
    log(ctx, req, &user, method, accepted, reason);
    sign_and_cache(ctx, key, reply)
}

/// The Access-Accept: EAP-Success, the inner User-Name (so the NAS accounts the session
/// to the user, not to the anonymous outer identity), the plan's attributes and the keys.
fn accept(
    ctx: &Context,
    req: &Request<'_>,
    user: &str,
    attributes: &[ReplyAttribute],
    keys: Option<&Keys>,
    eap: &[u8],
) -> Result<Vec<u8>, crate::protocol::EncodeError> {
    let (secret, auth) = (&req.nas.secret, &req.packet.authenticator);
    let mut b = PacketBuilder::new(Code::AccessAccept, req.packet.identifier);
    b.add(attr::USER_NAME, user.as_bytes())?;
    for a in attributes {
        let added = match a {
            ReplyAttribute::Standard { typ, value } => b.add(*typ, value).map(|_| ()),
            ReplyAttribute::Vendor { vendor, typ, value } => {
                b.add_vendor(*vendor, *typ, value).map(|_| ())
            }
        };
        if let Err(e) = added {
            tracing::warn!(error = %e, "reply attribute skipped");
        }
    }
    if !attributes
        .iter()
        .any(|a| matches!(a.parts(), (0, attr::ACCT_INTERIM_INTERVAL, _)))
    {
        b.add_u32(attr::ACCT_INTERIM_INTERVAL, ctx.accounting.interim_interval)?;
    }
    if let Some(k) = keys {
        // RFC 2548 §2.4.2: each key gets its own salt with the high bit set.
        let salt: u16 = rand::thread_rng().r#gen::<u16>() | 0x8000;
        let recv = encrypt_mppe_key(&k.recv, secret, auth, salt);
        let send = encrypt_mppe_key(&k.send, secret, auth, salt.wrapping_add(1) | 0x8000);
        b.add_vendor(attr::VENDOR_MICROSOFT, ms::MS_MPPE_RECV_KEY, &recv)?;
        b.add_vendor(attr::VENDOR_MICROSOFT, ms::MS_MPPE_SEND_KEY, &send)?;
    }
    reassembly::split_into(&mut b, eap)?;
    copy_proxy_state(&req.packet, &mut b);
    b.finish_reply(auth, secret, true)
}

/// Counts the outcome and hands it to the auth log under the inner identity.
fn log(
    ctx: &Context,
    req: &Request<'_>,
    user: &str,
    method: &'static str,
    accepted: bool,
    reason: &'static str,
) {
    let shown = printable(user.as_bytes());
    if accepted {
        Counters::inc(&ctx.counters.access_accepts);
        tracing::debug!(user = %shown, nas = %req.nas.name, method, "Access-Accept");
    } else {
        Counters::inc(&ctx.counters.access_rejects);
        ctx.counters.reject_reasons.count(reason);
        tracing::info!(user = %shown, nas = %req.nas.name, method, reason, "Access-Reject");
    }
    let attr_text = |t| {
        req.packet
            .attr(t)
            .map(|v| String::from_utf8_lossy(v).into_owned())
    };
    let event = AuthEvent::Login {
        entry: AuthLogEntry {
            at: crate::auth::decision::now(),
            username: user.to_string(),
            nas_id: Some(req.nas.id),
            method: method.to_string(),
            accepted,
            reason: reason.to_string(),
            calling_station_id: attr_text(attr::CALLING_STATION_ID),
            // EAP refusals end in EAP-Failure; supplicants show no Reply-Message.
            message: None,
        },
        nas_identifier: attr_text(attr::NAS_IDENTIFIER),
    };
    if ctx.auth_log.try_send(event).is_err() {
        Counters::inc(&ctx.counters.auth_log_dropped);
    }
}
