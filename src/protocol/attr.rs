//! Attribute type numbers and vendor ids that the code refers to by name.
//!
//! The full name <-> number tables live in `dictionaries/`; these constants are the ones the
//! server itself must understand to do its job.

pub const USER_NAME: u8 = 1;
pub const USER_PASSWORD: u8 = 2;
pub const CHAP_PASSWORD: u8 = 3;
pub const NAS_IP_ADDRESS: u8 = 4;
pub const NAS_PORT: u8 = 5;
pub const SERVICE_TYPE: u8 = 6;
pub const FRAMED_PROTOCOL: u8 = 7;
pub const FRAMED_IP_ADDRESS: u8 = 8;
pub const REPLY_MESSAGE: u8 = 18;
pub const STATE: u8 = 24;
pub const CLASS: u8 = 25;
pub const VENDOR_SPECIFIC: u8 = 26;
pub const SESSION_TIMEOUT: u8 = 27;
pub const IDLE_TIMEOUT: u8 = 28;
pub const CALLED_STATION_ID: u8 = 30;
pub const CALLING_STATION_ID: u8 = 31;
pub const NAS_IDENTIFIER: u8 = 32;
pub const PROXY_STATE: u8 = 33;
pub const ACCT_STATUS_TYPE: u8 = 40;
pub const ACCT_DELAY_TIME: u8 = 41;
pub const ACCT_INPUT_OCTETS: u8 = 42;
pub const ACCT_OUTPUT_OCTETS: u8 = 43;
pub const ACCT_SESSION_ID: u8 = 44;
pub const ACCT_AUTHENTIC: u8 = 45;
pub const ACCT_SESSION_TIME: u8 = 46;
pub const ACCT_INPUT_PACKETS: u8 = 47;
pub const ACCT_OUTPUT_PACKETS: u8 = 48;
pub const ACCT_TERMINATE_CAUSE: u8 = 49;
pub const ACCT_MULTI_SESSION_ID: u8 = 50;
pub const ACCT_INPUT_GIGAWORDS: u8 = 52;
pub const ACCT_OUTPUT_GIGAWORDS: u8 = 53;
pub const EVENT_TIMESTAMP: u8 = 55;
pub const CHAP_CHALLENGE: u8 = 60;
pub const NAS_PORT_TYPE: u8 = 61;
pub const EAP_MESSAGE: u8 = 79;
pub const MESSAGE_AUTHENTICATOR: u8 = 80;
pub const ACCT_INTERIM_INTERVAL: u8 = 85;
pub const NAS_PORT_ID: u8 = 87;
pub const ERROR_CAUSE: u8 = 101;

/// Microsoft (RFC 2548).
pub const VENDOR_MICROSOFT: u32 = 311;
/// MikroTik RouterOS.
pub const VENDOR_MIKROTIK: u32 = 14988;
/// Wi-Fi Alliance WISPr.
pub const VENDOR_WISPR: u32 = 14122;
/// ChilliSpot / CoovaChilli.
pub const VENDOR_CHILLISPOT: u32 = 14559;

/// Microsoft vendor attribute types (RFC 2548).
pub mod ms {
    pub const MS_CHAP_RESPONSE: u8 = 1;
    pub const MS_CHAP_ERROR: u8 = 2;
    pub const MS_MPPE_ENCRYPTION_POLICY: u8 = 7;
    pub const MS_MPPE_ENCRYPTION_TYPES: u8 = 8;
    pub const MS_CHAP_CHALLENGE: u8 = 11;
    pub const MS_CHAP_MPPE_KEYS: u8 = 12;
    pub const MS_MPPE_SEND_KEY: u8 = 16;
    pub const MS_MPPE_RECV_KEY: u8 = 17;
    pub const MS_CHAP2_RESPONSE: u8 = 25;
    pub const MS_CHAP2_SUCCESS: u8 = 26;
}

/// MikroTik vendor attribute types.
pub mod mikrotik {
    pub const RECV_LIMIT: u8 = 1;
    pub const XMIT_LIMIT: u8 = 2;
    pub const GROUP: u8 = 3;
    pub const RATE_LIMIT: u8 = 8;
    pub const REALM: u8 = 9;
    pub const HOST_IP: u8 = 10;
    pub const TOTAL_LIMIT: u8 = 17;
    pub const TOTAL_LIMIT_GIGAWORDS: u8 = 18;
}

/// WISPr vendor attribute types.
pub mod wispr {
    pub const LOCATION_ID: u8 = 1;
    pub const LOCATION_NAME: u8 = 2;
    pub const SESSION_TERMINATE_TIME: u8 = 9;
    pub const BANDWIDTH_MAX_UP: u8 = 7;
    pub const BANDWIDTH_MAX_DOWN: u8 = 8;
}

/// ChilliSpot vendor attribute types.
pub mod chillispot {
    pub const MAX_INPUT_OCTETS: u8 = 1;
    pub const MAX_OUTPUT_OCTETS: u8 = 2;
    pub const MAX_TOTAL_OCTETS: u8 = 3;
    pub const BANDWIDTH_MAX_UP: u8 = 4;
    pub const BANDWIDTH_MAX_DOWN: u8 = 5;
}
