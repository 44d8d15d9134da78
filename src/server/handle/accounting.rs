//! Accounting-Request: authenticate, claim in the duplicate cache, wait until the record is
//! committed, then answer. Anything short of a commit leaves the request unanswered, so the
//! NAS keeps the record and retries (RFC 2866 §4.1).

use std::sync::Arc;

use crate::accounting::{AcctError, RecordError};
use crate::auth::decision::now;
use crate::protocol::crypto::{
    MessageAuthenticator, check_message_authenticator, verify_request_authenticator,
};
use crate::protocol::{Code, Packet, PacketBuilder, attr};
use crate::server::context::Context;
use crate::server::counters::Counters;
use crate::server::request::{Request, claim, copy_proxy_state, drops, report_bad_authenticator};
use crate::store::AcctKind;

/// The Accounting-Response once the record is committed; `None` (counted) otherwise.
/// Checked and claimed here, in the request's task rather than on the receive loop: an
/// accounting socket has one loop, which should only receive.
pub async fn answer(ctx: &Context, req: &Request<'_>) -> Option<Vec<u8>> {
    let (nas, packet) = (&req.nas, &req.packet);
    if !verify_request_authenticator(packet.raw(), &nas.secret) {
        Counters::inc(&ctx.counters.bad_authenticator);
        report_bad_authenticator(ctx, nas);
        drops::note(&nas.name, drops::Reason::BadAuthenticator);
        return None;
    }
    if check_message_authenticator(packet.raw(), &nas.secret, None) == MessageAuthenticator::Invalid
    {
        Counters::inc(&ctx.counters.bad_message_authenticator);
        report_bad_authenticator(ctx, nas);
        drops::note(&nas.name, drops::Reason::BadMessageAuthenticator);
        return None;
    }
    let key = match claim(ctx, req) {
        Ok(key) => key,
        Err(cached) => return cached,
    };
    let kind = match ctx.accounting.record(packet, nas.id, now()).await {
        Ok(kind) => kind,
        Err(e) => {
            let counter = match &e {
                AcctError::Invalid(_) => &ctx.counters.acct_invalid,
                AcctError::NotRecorded(RecordError::QueueFull) => &ctx.counters.acct_queue_full,
                AcctError::NotRecorded(_) => &ctx.counters.acct_not_recorded,
            };
            Counters::inc(counter);
            tracing::debug!(nas = %nas.name, error = %e, "Accounting-Request not answered");
            ctx.dedup.abandon(key);
            return None;
        }
    };
    let mut builder = PacketBuilder::new(Code::AccountingResponse, packet.identifier);
    copy_proxy_state(packet, &mut builder);
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
