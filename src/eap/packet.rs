//! EAP packets (RFC 3748 §4): the four-octet header, the method type, and strict,
//! bounds-checked decoding, so that a malformed message is an `Err`, never a panic.

/// EAP codes.
pub mod code {
    /// Request (server to peer).
    pub const REQUEST: u8 = 1;
    /// Response (peer to server).
    pub const RESPONSE: u8 = 2;
    /// Success.
    pub const SUCCESS: u8 = 3;
    /// Failure.
    pub const FAILURE: u8 = 4;
}

/// EAP method types this server speaks or reads.
pub mod typ {
    /// Identity.
    pub const IDENTITY: u8 = 1;
    /// Notification.
    pub const NOTIFICATION: u8 = 2;
    /// Legacy Nak: the peer names the methods it wants instead.
    pub const NAK: u8 = 3;
    /// EAP-TTLS (RFC 5281).
    pub const TTLS: u8 = 21;
    /// PEAP (draft-josefsson-pppext-eap-tls-eap, MS-PEAP).
    pub const PEAP: u8 = 25;
    /// EAP-MSCHAPv2 (draft-kamath-pppext-eap-mschapv2).
    pub const MSCHAPV2: u8 = 26;
    /// EAP-TLV, PEAP's extensions (Result TLV).
    pub const TLV: u8 = 33;
}

/// A decoded EAP packet; borrows its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Eap<'a> {
    /// Request, Response, Success or Failure.
    pub code: u8,
    /// Matches a response to its request.
    pub id: u8,
    /// The method type; `None` for Success and Failure.
    pub typ: Option<u8>,
    /// What follows the type octet (empty for Success and Failure).
    pub data: &'a [u8],
}

/// Why an EAP packet was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EapError {
    #[error("EAP packet shorter than its header")]
    Short,
    #[error("EAP length field disagrees with the message")]
    Length,
    #[error("EAP code {0} unknown")]
    Code(u8),
    #[error("EAP request or response without a type")]
    NoType,
}

impl<'a> Eap<'a> {
    /// Decodes one EAP packet; octets beyond its Length field are refused, as RFC 3579
    /// §3.1 has the whole EAP-Message be one packet.
    pub fn decode(raw: &'a [u8]) -> Result<Eap<'a>, EapError> {
        let header = raw.get(..4).ok_or(EapError::Short)?;
        let len = usize::from(u16::from_be_bytes([header[2], header[3]]));
        if len != raw.len() || len < 4 {
            return Err(EapError::Length);
        }
        let code = header[0];
        let id = header[1];
        match code {
            code::SUCCESS | code::FAILURE => Ok(Eap {
                code,
                id,
                typ: None,
                data: &[],
            }),
            code::REQUEST | code::RESPONSE => {
                let typ = *raw.get(4).ok_or(EapError::NoType)?;
                Ok(Eap {
                    code,
                    id,
                    typ: Some(typ),
                    data: &raw[5..],
                })
            }
            other => Err(EapError::Code(other)),
        }
    }
}

/// Encodes a Request or Response of `typ` carrying `data`; `None` if it does not fit the
/// 16-bit length.
pub fn encode(code: u8, id: u8, typ: u8, data: &[u8]) -> Option<Vec<u8>> {
    let len = u16::try_from(5 + data.len()).ok()?;
    let mut out = Vec::with_capacity(usize::from(len));
    out.extend_from_slice(&[code, id]);
    out.extend_from_slice(&len.to_be_bytes());
    out.push(typ);
    out.extend_from_slice(data);
    Some(out)
}

/// An EAP-Success or EAP-Failure.
pub fn outcome(success: bool, id: u8) -> Vec<u8> {
    let code = if success {
        code::SUCCESS
    } else {
        code::FAILURE
    };
    vec![code, id, 0, 4]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_identity_and_refuses_bad_lengths() {
        let raw = [2, 7, 0, 9, 1, b'a', b'n', b'o', b'n'];
        let eap = Eap::decode(&raw).unwrap();
        assert_eq!((eap.code, eap.id, eap.typ), (2, 7, Some(typ::IDENTITY)));
        assert_eq!(eap.data, b"anon");
        assert_eq!(Eap::decode(&raw[..8]), Err(EapError::Length));
        assert_eq!(Eap::decode(&[2, 7, 0]), Err(EapError::Short));
        assert_eq!(Eap::decode(&[2, 7, 0, 4]), Err(EapError::NoType));
        assert_eq!(Eap::decode(&[9, 7, 0, 4]), Err(EapError::Code(9)));
        assert_eq!(Eap::decode(&outcome(true, 3)).unwrap().typ, None);
    }
}
