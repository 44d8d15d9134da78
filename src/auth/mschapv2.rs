//! MS-CHAPv2 (RFC 2759) with the MPPE master keys of RFC 3079, as carried in RADIUS (RFC 2548).

/// What a successful MS-CHAPv2 check yields for the Access-Accept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsChapV2Success {
    /// The MS-CHAP2-Success value: the response's ident octet followed by "S=<40 hex>".
    pub success: Vec<u8>,
    /// MPPE send key (server -> client), 16 octets, before RFC 2548 encryption.
    pub send_key: [u8; 16],
    /// MPPE receive key (client -> server), 16 octets, before RFC 2548 encryption.
    pub recv_key: [u8; 16],
}

/// NT password hash: MD4 of the UTF-16LE password.
pub fn nt_password_hash(password: &str) -> [u8; 16] {
    let _ = password;
    todo!("auth helper")
}

/// Verifies an MS-CHAP2-Response (50 octets: ident, flags, peer challenge 16, reserved 8,
/// NT-Response 24) for `username` against the authenticator challenge (MS-CHAP-Challenge,
/// 16 octets). `None` when it does not match or is malformed.
pub fn verify_mschapv2(
    username: &[u8],
    password: &str,
    authenticator_challenge: &[u8],
    response: &[u8],
) -> Option<MsChapV2Success> {
    let _ = (username, password, authenticator_challenge, response);
    todo!("auth helper")
}

/// The MS-CHAP-Error value for a rejected MS-CHAPv2 login: ident + "E=691 R=0 C=<32 hex> V=3 M=...".
pub fn error_value(ident: u8, authenticator_challenge: &[u8]) -> Vec<u8> {
    let _ = (ident, authenticator_challenge);
    todo!("auth helper")
}
