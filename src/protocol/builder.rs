//! Building packets: attributes, vendor attributes, Message-Authenticator and authenticators.

use super::{Code, EncodeError};

/// Builds one packet; `finish_*` signs it.
#[derive(Debug, Clone)]
pub struct PacketBuilder {
    code: Code,
    identifier: u8,
    attrs: Vec<u8>,
}

impl PacketBuilder {
    /// A packet with no attributes yet.
    pub fn new(code: Code, identifier: u8) -> Self {
        PacketBuilder {
            code,
            identifier,
            attrs: Vec::new(),
        }
    }

    /// Appends an attribute; values over 253 octets are an error.
    pub fn add(&mut self, typ: u8, value: &[u8]) -> Result<&mut Self, EncodeError> {
        let _ = (typ, value);
        todo!("protocol helper")
    }

    /// Appends a 32-bit integer attribute.
    pub fn add_u32(&mut self, typ: u8, value: u32) -> Result<&mut Self, EncodeError> {
        self.add(typ, &value.to_be_bytes())
    }

    /// Appends one Vendor-Specific attribute holding one sub-attribute.
    pub fn add_vendor(
        &mut self,
        vendor: u32,
        typ: u8,
        value: &[u8],
    ) -> Result<&mut Self, EncodeError> {
        let _ = (vendor, typ, value);
        todo!("protocol helper")
    }

    /// Appends a vendor-specific 32-bit integer.
    pub fn add_vendor_u32(
        &mut self,
        vendor: u32,
        typ: u8,
        value: u32,
    ) -> Result<&mut Self, EncodeError> {
        self.add_vendor(vendor, typ, &value.to_be_bytes())
    }

    /// Encodes a reply (Access-Accept/Reject/Challenge, Accounting-Response, CoA/Disconnect
    /// ACK/NAK) to a request with `request_authenticator`. With `message_authenticator`, a
    /// Message-Authenticator is put first and computed per RFC 3579 §3.2; then the Response
    /// Authenticator is computed.
    pub fn finish_reply(
        &self,
        request_authenticator: &[u8; 16],
        secret: &[u8],
        message_authenticator: bool,
    ) -> Result<Vec<u8>, EncodeError> {
        let _ = (
            request_authenticator,
            secret,
            message_authenticator,
            self.code,
            self.identifier,
            &self.attrs,
        );
        todo!("protocol helper")
    }

    /// Encodes a request. Access-Request and Status-Server use `authenticator` as the random
    /// Request Authenticator; Accounting-Request, CoA-Request and Disconnect-Request compute it
    /// (RFC 2866 §3, RFC 5176 §3.5) and ignore `authenticator`.
    pub fn finish_request(
        &self,
        authenticator: &[u8; 16],
        secret: &[u8],
        message_authenticator: bool,
    ) -> Result<Vec<u8>, EncodeError> {
        let _ = (authenticator, secret, message_authenticator);
        todo!("protocol helper")
    }
}
