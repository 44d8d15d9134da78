//! EAP-MSCHAPv2 messages (draft-kamath-pppext-eap-mschapv2): the Challenge, Success and
//! Failure requests we send and the peer's Response and acknowledgements. The credential
//! itself is checked by `auth::mschapv2` through the ordinary decision.

/// MS-CHAPv2 op codes.
mod op {
    /// Challenge (server to peer).
    pub const CHALLENGE: u8 = 1;
    /// Response (peer to server).
    pub const RESPONSE: u8 = 2;
    /// Success request, and the peer's acknowledgement.
    pub const SUCCESS: u8 = 3;
    /// Failure request, and the peer's acknowledgement.
    pub const FAILURE: u8 = 4;
}

/// The name we give in Challenge requests (peers show or ignore it).
const SERVER_NAME: &[u8] = b"radkota";

/// What the peer sent, after the EAP type octet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// A Response: the RADIUS-style MS-CHAP2-Response (ident, flags, peer challenge,
    /// reserved, NT-Response: 50 octets) and the name the peer hashed.
    Response { response: [u8; 50], name: Vec<u8> },
    /// The peer accepted our Success request.
    SuccessAck,
    /// The peer acknowledged our Failure request.
    FailureAck,
}

/// Why a peer's message was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MsChapError {
    #[error("EAP-MSCHAPv2 message too short")]
    Short,
    #[error("EAP-MSCHAPv2 op code {0} not expected from a peer")]
    OpCode(u8),
    #[error("EAP-MSCHAPv2 Response value size is not 49")]
    ValueSize,
}

/// Parses the peer's message (what follows the EAP type octet).
pub fn parse(data: &[u8]) -> Result<Reply, MsChapError> {
    let (&opcode, rest) = data.split_first().ok_or(MsChapError::Short)?;
    match opcode {
        op::SUCCESS => Ok(Reply::SuccessAck),
        op::FAILURE => Ok(Reply::FailureAck),
        op::RESPONSE => {
            // ident, MS-Length (2), Value-Size, Value (49), Name.
            let header = rest.get(..4).ok_or(MsChapError::Short)?;
            let ident = header[0];
            if header[3] != 49 {
                return Err(MsChapError::ValueSize);
            }
            let value = rest.get(4..53).ok_or(MsChapError::Short)?;
            let mut response = [0u8; 50];
            response[0] = ident;
            // The EAP value is peer challenge, reserved, NT-Response, flags; RADIUS's
            // MS-CHAP2-Response puts the flags second.
            response[1] = value[48];
            response[2..50].copy_from_slice(&value[..48]);
            Ok(Reply::Response {
                response,
                name: rest[53..].to_vec(),
            })
        }
        other => Err(MsChapError::OpCode(other)),
    }
}

/// One MS-CHAPv2 packet: op code, MS-CHAPv2-ID, MS-Length (from the op code on), body.
fn message(opcode: u8, ms_id: u8, body: &[u8]) -> Vec<u8> {
    let len = u16::try_from(4 + body.len()).unwrap_or(u16::MAX);
    let mut out = Vec::with_capacity(4 + body.len());
    out.push(opcode);
    out.push(ms_id);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(body);
    out
}

/// A Challenge request (what follows the EAP type octet).
pub fn challenge(ms_id: u8, challenge: &[u8; 16]) -> Vec<u8> {
    let mut body = Vec::with_capacity(17 + SERVER_NAME.len());
    body.push(16);
    body.extend_from_slice(challenge);
    body.extend_from_slice(SERVER_NAME);
    message(op::CHALLENGE, ms_id, &body)
}

/// A Success request carrying the authenticator response ("S=<40 hex>").
pub fn success(ms_id: u8, authenticator_response: &[u8]) -> Vec<u8> {
    let mut body = authenticator_response.to_vec();
    body.extend_from_slice(b" M=OK");
    message(op::SUCCESS, ms_id, &body)
}

/// A Failure request: wrong password, not retryable (E=691 R=0).
pub fn failure(ms_id: u8, challenge: &[u8; 16]) -> Vec<u8> {
    let text = format!(
        "E=691 R=0 C={} V=3 M=Authentication rejected",
        hex::encode_upper(challenge)
    );
    message(op::FAILURE, ms_id, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_becomes_the_radius_layout() {
        let mut data = vec![op::RESPONSE, 9, 0, 0, 49];
        data.extend((0..49).map(|i| i as u8));
        data.extend_from_slice(b"siti");
        let Reply::Response { response, name } = parse(&data).unwrap() else {
            panic!("not a response")
        };
        assert_eq!(response[0], 9);
        assert_eq!(response[1], 48, "flags");
        assert_eq!(response[2], 0, "peer challenge first");
        assert_eq!(response[49], 47, "NT-Response last");
        assert_eq!(name, b"siti");
        assert_eq!(parse(&data[..20]), Err(MsChapError::Short));
        assert_eq!(parse(&[op::CHALLENGE]), Err(MsChapError::OpCode(1)));
        assert_eq!(parse(&[op::SUCCESS]), Ok(Reply::SuccessAck));
        assert_eq!(challenge(1, &[0; 16]).len(), 4 + 17 + SERVER_NAME.len());
    }
}
