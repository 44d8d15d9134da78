//! PEAPv0 phase 2 framing (MS-PEAP): inner EAP packets travel without their four-octet
//! header, except EAP-TLV (the Result TLV that ends the tunnel), which travels whole.

use super::packet::{code, typ};

/// Result TLV status: success.
pub const RESULT_SUCCESS: u16 = 1;
/// Result TLV status: failure.
pub const RESULT_FAILURE: u16 = 2;

/// What the peer sent inside the tunnel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inner<'a> {
    /// A header-less inner EAP response: its type and data.
    Method { typ: u8, data: &'a [u8] },
    /// An EAP-TLV response with its Result status (0 when it carried none).
    Result(u16),
}

/// Why phase 2 data was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PeapError {
    #[error("empty PEAP phase 2 message")]
    Empty,
    #[error("malformed EAP-TLV")]
    Tlv,
}

/// Reads one phase 2 message of the peer.
pub fn parse(plain: &[u8]) -> Result<Inner<'_>, PeapError> {
    if plain.len() >= 5 && plain[0] == code::RESPONSE && plain[4] == typ::TLV {
        let len = usize::from(u16::from_be_bytes([plain[2], plain[3]]));
        let tlvs = plain.get(5..len).ok_or(PeapError::Tlv)?;
        return Ok(Inner::Result(result_status(tlvs)?));
    }
    let (&typ, data) = plain.split_first().ok_or(PeapError::Empty)?;
    Ok(Inner::Method { typ, data })
}

/// The status of the Result TLV (type 3) among `tlvs`, 0 if absent.
fn result_status(mut tlvs: &[u8]) -> Result<u16, PeapError> {
    let mut status = 0;
    while !tlvs.is_empty() {
        let h = tlvs.get(..4).ok_or(PeapError::Tlv)?;
        let tlv_type = u16::from_be_bytes([h[0] & 0x3f, h[1]]);
        let len = usize::from(u16::from_be_bytes([h[2], h[3]]));
        let value = tlvs.get(4..4 + len).ok_or(PeapError::Tlv)?;
        if tlv_type == 3 && len == 2 {
            status = u16::from_be_bytes([value[0], value[1]]);
        }
        tlvs = &tlvs[4 + len..];
    }
    Ok(status)
}

/// A header-less inner request of `typ`.
pub fn request(typ: u8, data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(1 + data.len());
    out.push(typ);
    out.extend_from_slice(data);
    out
}

/// A whole EAP-TLV request carrying a mandatory Result TLV.
pub fn result_request(id: u8, status: u16) -> Vec<u8> {
    let mut out = vec![code::REQUEST, id, 0, 11, typ::TLV, 0x80, 0x03, 0x00, 0x02];
    out.extend_from_slice(&status.to_be_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_tlv_from_header_less_methods() {
        let mut tlv = result_request(5, RESULT_SUCCESS);
        tlv[0] = code::RESPONSE;
        assert_eq!(parse(&tlv), Ok(Inner::Result(RESULT_SUCCESS)));
        assert_eq!(parse(&[1, b'a']), Ok(Inner::Method { typ: 1, data: b"a" }));
        assert_eq!(parse(&[]), Err(PeapError::Empty));
        tlv[3] = 30;
        assert_eq!(parse(&tlv), Err(PeapError::Tlv));
    }
}
