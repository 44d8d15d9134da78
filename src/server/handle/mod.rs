//! The handlers, one file per packet code: `now` answers on the receive loop what needs no
//! await and hands the rest, owning what it needs, to `later` in a task of its own.
//! Anything that fails a check is dropped silently and counted (RFC 2865 §3, DESIGN rule 4).

pub mod access;
pub mod accounting;
pub mod eap;
pub mod status;

use super::context::Context;
use super::counters::Counters;
use super::request::{OwnedRequest, PortKind, Request};
use crate::protocol::Code;

/// What the receive loop does with a request.
#[derive(Debug)]
pub enum Step {
    /// Handled: send this reply, if any.
    Reply(Option<Vec<u8>>),
    /// Needs an await: hand it to `later` in a task of its own.
    Later(Later),
}

/// A request left for a task, with everything it needs.
#[derive(Debug)]
pub enum Later {
    /// Claimed, with what its decision has read so far.
    Access(access::Task),
    /// Waits for its record to be committed.
    Accounting(OwnedRequest),
    /// One round of an EAP conversation.
    Eap(OwnedRequest),
}

/// Answers what can be answered without waiting (Status-Server, and Access-Requests that
/// `Authenticator::decide_now` can decide) on the receive loop itself: a task per login
/// and the wake-up of another worker thread cost more than the login's own work.
pub fn now(ctx: &Context, req: Request<'_>) -> Step {
    match (req.port, req.packet.code) {
        (_, Code::StatusServer) => Step::Reply(status::answer(ctx, &req)),
        (PortKind::Auth, Code::AccessRequest) => match access::now(ctx, req) {
            access::Step::Reply(reply) => Step::Reply(reply),
            access::Step::Later(task) => Step::Later(Later::Access(task)),
            access::Step::Eap(req) => Step::Later(Later::Eap(req)),
        },
        (PortKind::Acct, Code::AccountingRequest) => {
            Step::Later(Later::Accounting(req.into_owned()))
        }
        _ => Step::Reply(unsupported(ctx, &req)),
    }
}

/// Finishes a request `now` left for later; returns the reply to send, if any.
pub async fn later(ctx: &Context, later: Later) -> Option<Vec<u8>> {
    match later {
        Later::Access(task) => access::later(ctx, task).await,
        Later::Accounting(req) => accounting::answer(ctx, &req.view()).await,
        Later::Eap(req) => eap::answer(ctx, &req.view()).await,
    }
}

fn unsupported(ctx: &Context, req: &Request<'_>) -> Option<Vec<u8>> {
    Counters::inc(&ctx.counters.unsupported_code);
    tracing::trace!(nas = %req.nas.name, code = req.packet.code.as_u8(), "unsupported code on this port dropped");
    super::request::drops::note(
        &req.nas.name,
        super::request::drops::Reason::UnsupportedCode,
    );
    None
}
