//! Attribute type numbers and vendor ids that the code refers to by name.
//!
//! The full name <-> number tables live in `dictionaries/`; these constants are the ones the
//! server itself must understand to do its job.

/// User-Name (RFC 2865).
pub const USER_NAME: u8 = 1;
/// User-Password (RFC 2865).
pub const USER_PASSWORD: u8 = 2;
/// CHAP-Password (RFC 2865).
pub const CHAP_PASSWORD: u8 = 3;
/// NAS-IP-Address (RFC 2865).
pub const NAS_IP_ADDRESS: u8 = 4;
/// NAS-Port (RFC 2865).
pub const NAS_PORT: u8 = 5;
/// Service-Type (RFC 2865).
pub const SERVICE_TYPE: u8 = 6;
/// Framed-Protocol (RFC 2865).
pub const FRAMED_PROTOCOL: u8 = 7;
/// Framed-IP-Address (RFC 2865).
pub const FRAMED_IP_ADDRESS: u8 = 8;
/// Reply-Message (RFC 2865).
pub const REPLY_MESSAGE: u8 = 18;
/// State (RFC 2865).
pub const STATE: u8 = 24;
/// Class (RFC 2865).
pub const CLASS: u8 = 25;
/// Vendor-Specific (RFC 2865).
pub const VENDOR_SPECIFIC: u8 = 26;
/// Session-Timeout (RFC 2865).
pub const SESSION_TIMEOUT: u8 = 27;
/// Idle-Timeout (RFC 2865).
pub const IDLE_TIMEOUT: u8 = 28;
/// Called-Station-Id (RFC 2865).
pub const CALLED_STATION_ID: u8 = 30;
/// Calling-Station-Id (RFC 2865).
pub const CALLING_STATION_ID: u8 = 31;
/// NAS-Identifier (RFC 2865).
pub const NAS_IDENTIFIER: u8 = 32;
/// Proxy-State (RFC 2865).
pub const PROXY_STATE: u8 = 33;
/// Acct-Status-Type (RFC 2866).
pub const ACCT_STATUS_TYPE: u8 = 40;
/// Acct-Delay-Time (RFC 2866).
pub const ACCT_DELAY_TIME: u8 = 41;
/// Acct-Input-Octets (RFC 2866).
pub const ACCT_INPUT_OCTETS: u8 = 42;
/// Acct-Output-Octets (RFC 2866).
pub const ACCT_OUTPUT_OCTETS: u8 = 43;
/// Acct-Session-Id (RFC 2866).
pub const ACCT_SESSION_ID: u8 = 44;
/// Acct-Authentic (RFC 2866).
pub const ACCT_AUTHENTIC: u8 = 45;
/// Acct-Session-Time (RFC 2866).
pub const ACCT_SESSION_TIME: u8 = 46;
/// Acct-Input-Packets (RFC 2866).
pub const ACCT_INPUT_PACKETS: u8 = 47;
/// Acct-Output-Packets (RFC 2866).
pub const ACCT_OUTPUT_PACKETS: u8 = 48;
/// Acct-Terminate-Cause (RFC 2866).
pub const ACCT_TERMINATE_CAUSE: u8 = 49;
/// Acct-Multi-Session-Id (RFC 2866).
pub const ACCT_MULTI_SESSION_ID: u8 = 50;
/// Acct-Input-Gigawords (RFC 2869).
pub const ACCT_INPUT_GIGAWORDS: u8 = 52;
/// Acct-Output-Gigawords (RFC 2869).
pub const ACCT_OUTPUT_GIGAWORDS: u8 = 53;
/// Event-Timestamp (RFC 2869).
pub const EVENT_TIMESTAMP: u8 = 55;
/// CHAP-Challenge (RFC 2865).
pub const CHAP_CHALLENGE: u8 = 60;
/// NAS-Port-Type (RFC 2865).
pub const NAS_PORT_TYPE: u8 = 61;
/// EAP-Message (RFC 3579).
pub const EAP_MESSAGE: u8 = 79;
/// Message-Authenticator (RFC 3579).
pub const MESSAGE_AUTHENTICATOR: u8 = 80;
/// Acct-Interim-Interval (RFC 2869).
pub const ACCT_INTERIM_INTERVAL: u8 = 85;
/// NAS-Port-Id (RFC 2869).
pub const NAS_PORT_ID: u8 = 87;
/// Error-Cause (RFC 5176).
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
    /// MS-CHAP-Response sub-attribute type.
    pub const MS_CHAP_RESPONSE: u8 = 1;
    /// MS-CHAP-Error sub-attribute type.
    pub const MS_CHAP_ERROR: u8 = 2;
    /// MS-MPPE-Encryption-Policy sub-attribute type.
    pub const MS_MPPE_ENCRYPTION_POLICY: u8 = 7;
    /// MS-MPPE-Encryption-Types sub-attribute type.
    pub const MS_MPPE_ENCRYPTION_TYPES: u8 = 8;
    /// MS-CHAP-Challenge sub-attribute type.
    pub const MS_CHAP_CHALLENGE: u8 = 11;
    /// MS-CHAP-MPPE-Keys sub-attribute type.
    pub const MS_CHAP_MPPE_KEYS: u8 = 12;
    /// MS-MPPE-Send-Key sub-attribute type.
    pub const MS_MPPE_SEND_KEY: u8 = 16;
    /// MS-MPPE-Recv-Key sub-attribute type.
    pub const MS_MPPE_RECV_KEY: u8 = 17;
    /// MS-CHAP2-Response sub-attribute type.
    pub const MS_CHAP2_RESPONSE: u8 = 25;
    /// MS-CHAP2-Success sub-attribute type.
    pub const MS_CHAP2_SUCCESS: u8 = 26;
}

/// MikroTik vendor attribute types.
pub mod mikrotik {
    /// Recv-Limit sub-attribute type.
    pub const RECV_LIMIT: u8 = 1;
    /// Xmit-Limit sub-attribute type.
    pub const XMIT_LIMIT: u8 = 2;
    /// Group sub-attribute type.
    pub const GROUP: u8 = 3;
    /// Rate-Limit sub-attribute type.
    pub const RATE_LIMIT: u8 = 8;
    /// Realm sub-attribute type.
    pub const REALM: u8 = 9;
    /// Host-Ip sub-attribute type.
    pub const HOST_IP: u8 = 10;
    /// Total-Limit sub-attribute type.
    pub const TOTAL_LIMIT: u8 = 17;
    /// Total-Limit-Gigawords sub-attribute type.
    pub const TOTAL_LIMIT_GIGAWORDS: u8 = 18;
}

/// WISPr vendor attribute types.
pub mod wispr {
    /// Location-Id sub-attribute type.
    pub const LOCATION_ID: u8 = 1;
    /// Location-Name sub-attribute type.
    pub const LOCATION_NAME: u8 = 2;
    /// Session-Terminate-Time sub-attribute type.
    pub const SESSION_TERMINATE_TIME: u8 = 9;
    /// Bandwidth-Max-Up sub-attribute type.
    pub const BANDWIDTH_MAX_UP: u8 = 7;
    /// Bandwidth-Max-Down sub-attribute type.
    pub const BANDWIDTH_MAX_DOWN: u8 = 8;
}

/// ChilliSpot vendor attribute types.
pub mod chillispot {
    /// Max-Input-Octets sub-attribute type.
    pub const MAX_INPUT_OCTETS: u8 = 1;
    /// Max-Output-Octets sub-attribute type.
    pub const MAX_OUTPUT_OCTETS: u8 = 2;
    /// Max-Total-Octets sub-attribute type.
    pub const MAX_TOTAL_OCTETS: u8 = 3;
    /// Bandwidth-Max-Up sub-attribute type.
    pub const BANDWIDTH_MAX_UP: u8 = 4;
    /// Bandwidth-Max-Down sub-attribute type.
    pub const BANDWIDTH_MAX_DOWN: u8 = 5;
    /// Max-Total-Gigawords sub-attribute type (CoovaChilli).
    pub const MAX_TOTAL_GIGAWORDS: u8 = 23;
}
