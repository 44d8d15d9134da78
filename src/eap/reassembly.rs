//! EAP over RADIUS (RFC 3579 §3.1): an EAP packet travels as consecutive EAP-Message
//! attributes of at most 253 octets each; this joins them on the way in and splits them on
//! the way out.

use crate::protocol::attr;
use crate::protocol::{EncodeError, Packet, PacketBuilder};

/// Largest value of one RADIUS attribute.
const CHUNK: usize = 253;

/// The EAP packet carried by a RADIUS packet: its EAP-Message attributes joined in order,
/// or `None` when it has none. Attributes of other types between them are not allowed
/// by RFC 3579, but are tolerated (FreeRADIUS joins them the same way).
pub fn join(packet: &Packet<'_>) -> Option<Vec<u8>> {
    join_values(packet.attrs(attr::EAP_MESSAGE))
}

/// Joins EAP-Message values; what `join` does, over any list of values (fuzzed).
pub fn join_values<'a>(values: impl Iterator<Item = &'a [u8]>) -> Option<Vec<u8>> {
    let mut out: Option<Vec<u8>> = None;
    for v in values {
        out.get_or_insert_with(Vec::new).extend_from_slice(v);
    }
    out
}

/// Adds `eap` to a reply as EAP-Message attributes of at most 253 octets.
pub fn split_into(builder: &mut PacketBuilder, eap: &[u8]) -> Result<(), EncodeError> {
    for chunk in eap.chunks(CHUNK) {
        builder.add(attr::EAP_MESSAGE, chunk)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_joins_a_long_message() {
        let eap: Vec<u8> = (0..1100u32).map(|i| i as u8).collect();
        let mut b = PacketBuilder::new(crate::protocol::Code::AccessChallenge, 1);
        split_into(&mut b, &eap).unwrap();
        let raw = b.finish_reply(&[0; 16], b"s", true).unwrap();
        let packet = Packet::decode(&raw).unwrap();
        assert_eq!(packet.attrs(attr::EAP_MESSAGE).count(), 5);
        assert_eq!(join(&packet).unwrap(), eap);
        assert_eq!(join_values(std::iter::empty()), None);
    }
}
