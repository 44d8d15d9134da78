//! Status-Server (RFC 5997): a signed "I am alive" on either port.

use crate::protocol::crypto::{MessageAuthenticator, check_message_authenticator};
use crate::protocol::{Code, PacketBuilder};
use crate::server::context::Context;
use crate::server::counters::Counters;
use crate::server::request::{PortKind, Request};

/// The reply to a Status-Server, or `None` (counted) when it is not authentic.
pub fn answer(ctx: &Context, req: &Request<'_>) -> Option<Vec<u8>> {
    let (nas, packet) = (&req.nas, &req.packet);
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
    let code = match req.port {
        PortKind::Auth => Code::AccessAccept,
        PortKind::Acct => Code::AccountingResponse,
    };
    let builder = PacketBuilder::new(code, packet.identifier);
    builder
        .finish_reply(&packet.authenticator, &nas.secret, true)
        .ok()
}
