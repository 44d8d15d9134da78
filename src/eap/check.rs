//! What a conversation hands to the access decision (a credential under the inner
//! identity) and what it keeps of the answer (the plan's attributes, MS-CHAPv2's
//! authenticator response and keys) until its Access-Accept.

use crate::policy::ReplyAttribute;

/// A credential for the access decision, found inside the conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// TTLS inner PAP: the cleartext password.
    Pap(Vec<u8>),
    /// MS-CHAPv2: the authenticator challenge and the RADIUS-style response.
    MsChapV2 {
        challenge: [u8; 16],
        response: [u8; 50],
    },
    /// A resumed TLS session whose first login checked the password.
    Resumed,
}

/// A check the decision must make before the conversation goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// The inner identity: the user whose plan applies (never the outer identity).
    pub user: String,
    /// What to check.
    pub credential: Credential,
}

/// MSK halves sent as MS-MPPE-Recv-Key and MS-MPPE-Send-Key (RFC 2548, RFC 5216 §2.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keys {
    /// MS-MPPE-Recv-Key (the NAS's receive key).
    pub recv: Vec<u8>,
    /// MS-MPPE-Send-Key (the NAS's send key).
    pub send: Vec<u8>,
}

/// What the decision made of a check.
#[derive(Debug, Clone, Default)]
pub struct Granted {
    /// The plan's reply attributes, for the Access-Accept.
    pub attributes: Vec<ReplyAttribute>,
    /// MS-CHAPv2's authenticator response ("S=<40 hex>").
    pub authenticator_response: Option<Vec<u8>>,
    /// MS-CHAPv2's MPPE keys (plain EAP-MSCHAPv2 has no TLS to derive them from).
    pub keys: Option<Keys>,
}
