//! Building packets: attributes, vendor attributes, Message-Authenticator and authenticators.

use super::crypto::header_digest;
use super::wire::{has_computed_request_authenticator, hmac_md5};
use super::{Code, EncodeError, MAX_ATTR_VALUE_LEN, MAX_PACKET_LEN, MIN_PACKET_LEN, attr};

/// Octets of a Message-Authenticator attribute: type, length and 16 octets of HMAC-MD5.
const MA_ATTR_LEN: usize = 18;
/// [`MA_ATTR_LEN`] as the attribute's length octet.
const MA_ATTR_LEN_OCTET: u8 = 18;

/// Largest sub-attribute value in a Vendor-Specific attribute: 253 minus the vendor id and
/// the sub-attribute's type and length octets.
pub const MAX_VENDOR_VALUE_LEN: usize = MAX_ATTR_VALUE_LEN - 6;

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
    ///
    /// Attributes keep the order they are added in (Proxy-State must be echoed in order,
    /// RFC 2865 §5.33). A Message-Authenticator should not be added here: `finish_*` adds
    /// and signs it, and a second one makes the packet invalid.
    pub fn add(&mut self, typ: u8, value: &[u8]) -> Result<&mut Self, EncodeError> {
        let len = u8::try_from(value.len() + 2)
            .ok()
            .filter(|_| value.len() <= MAX_ATTR_VALUE_LEN)
            .ok_or(EncodeError::ValueTooLong(value.len()))?;
        if MIN_PACKET_LEN + self.attrs.len() + value.len() + 2 > MAX_PACKET_LEN {
            return Err(EncodeError::PacketTooLong);
        }
        self.attrs.push(typ);
        self.attrs.push(len);
        self.attrs.extend_from_slice(value);
        Ok(self)
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
        if value.len() > MAX_VENDOR_VALUE_LEN {
            // Report the size of the whole Vendor-Specific value, which is what overflows.
            return Err(EncodeError::ValueTooLong(value.len() + 6));
        }
        let sub_len = u8::try_from(value.len() + 2)
            .map_err(|_| EncodeError::ValueTooLong(value.len() + 6))?;
        let mut vsa = Vec::with_capacity(value.len() + 6);
        vsa.extend_from_slice(&vendor.to_be_bytes());
        vsa.push(typ);
        vsa.push(sub_len);
        vsa.extend_from_slice(value);
        self.add(attr::VENDOR_SPECIFIC, &vsa)
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

    /// The code of the packet being built.
    pub fn code(&self) -> Code {
        self.code
    }

    /// The encoded attributes added so far, without the header.
    pub fn attribute_bytes(&self) -> &[u8] {
        &self.attrs
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
        let mut buf = self.unsigned(request_authenticator, secret, message_authenticator)?;
        let response = header_digest(&buf, request_authenticator, secret);
        set_authenticator(&mut buf, &response);
        Ok(buf)
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
        if has_computed_request_authenticator(self.code.as_u8()) {
            // RFC 5176 §3.5: the MA is computed over a zeroed authenticator field, and the
            // Request Authenticator then covers the finished MA.
            let mut buf = self.unsigned(&[0; 16], secret, message_authenticator)?;
            let request = header_digest(&buf, &[0; 16], secret);
            set_authenticator(&mut buf, &request);
            Ok(buf)
        } else {
            self.unsigned(authenticator, secret, message_authenticator)
        }
    }

    /// Header + attributes with `vector` in the authenticator field and, when asked, a signed
    /// Message-Authenticator as the first attribute.
    fn unsigned(
        &self,
        vector: &[u8; 16],
        secret: &[u8],
        message_authenticator: bool,
    ) -> Result<Vec<u8>, EncodeError> {
        let ma_len = if message_authenticator {
            MA_ATTR_LEN
        } else {
            0
        };
        let total = MIN_PACKET_LEN + ma_len + self.attrs.len();
        let length = u16::try_from(total)
            .ok()
            .filter(|_| total <= MAX_PACKET_LEN)
            .ok_or(EncodeError::PacketTooLong)?;
        let mut buf = Vec::with_capacity(total);
        buf.push(self.code.as_u8());
        buf.push(self.identifier);
        buf.extend_from_slice(&length.to_be_bytes());
        buf.extend_from_slice(vector);
        if message_authenticator {
            buf.push(attr::MESSAGE_AUTHENTICATOR);
            buf.push(MA_ATTR_LEN_OCTET);
            buf.extend_from_slice(&[0; 16]);
        }
        buf.extend_from_slice(&self.attrs);
        if message_authenticator {
            let mac = hmac_md5(secret, &buf);
            if let Some(slot) = buf.get_mut(MIN_PACKET_LEN + 2..MIN_PACKET_LEN + MA_ATTR_LEN) {
                slot.copy_from_slice(&mac);
            }
        }
        Ok(buf)
    }
}

/// Writes the 16-octet authenticator field of an encoded packet.
fn set_authenticator(buf: &mut [u8], authenticator: &[u8; 16]) {
    if let Some(field) = buf.get_mut(4..MIN_PACKET_LEN) {
        field.copy_from_slice(authenticator);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::crypto::{self, MessageAuthenticator};
    use crate::protocol::{Attribute, Packet, VendorAttribute};

    #[test]
    fn rebuilds_rfc2865_7_1_accept_byte_for_byte() {
        let request_auth: [u8; 16] = hex::decode("0f403f9473978057bd83d5cb98f4227a")
            .unwrap()
            .try_into()
            .unwrap();
        let mut b = PacketBuilder::new(Code::AccessAccept, 0);
        b.add_u32(attr::SERVICE_TYPE, 1).unwrap();
        b.add_u32(15, 0).unwrap();
        b.add(14, &[192, 168, 1, 3]).unwrap();
        let raw = b.finish_reply(&request_auth, b"xyzzy5461", false).unwrap();
        assert_eq!(
            hex::encode(raw),
            "0200002686fe220e7624ba2a1005f6bf9b55e0b20606000000010f06000000000e06c0a80103"
        );
    }

    #[test]
    fn refuses_254_octet_values() {
        let mut b = PacketBuilder::new(Code::AccessAccept, 1);
        assert!(b.add(attr::CLASS, &[0; 253]).is_ok());
        assert_eq!(
            b.add(attr::CLASS, &[0; 254]).unwrap_err(),
            EncodeError::ValueTooLong(254)
        );
        assert!(b.add_vendor(311, 1, &[0; 247]).is_ok());
        assert!(matches!(
            b.add_vendor(311, 1, &[0; 248]),
            Err(EncodeError::ValueTooLong(_))
        ));
    }

    #[test]
    fn refuses_packets_over_4096() {
        let mut b = PacketBuilder::new(Code::AccessChallenge, 1);
        // 16 attributes of 255 octets = 4080 + 20 = 4100: the last one must fail.
        for _ in 0..15 {
            b.add(attr::EAP_MESSAGE, &[0; 253]).unwrap();
        }
        // 20 + 3825 = 3845; room for 251 more octets.
        assert_eq!(
            b.add(attr::EAP_MESSAGE, &[0; 253]).unwrap_err(),
            EncodeError::PacketTooLong
        );
        b.add(attr::EAP_MESSAGE, &[0; 249]).unwrap();
        assert_eq!(b.finish_reply(&[0; 16], b"s", false).unwrap().len(), 4096);
        // The Message-Authenticator no longer fits.
        assert_eq!(
            b.finish_reply(&[0; 16], b"s", true).unwrap_err(),
            EncodeError::PacketTooLong
        );
    }

    #[test]
    fn vendor_attribute_layout() {
        let mut b = PacketBuilder::new(Code::AccessAccept, 1);
        b.add_vendor(attr::VENDOR_MIKROTIK, attr::mikrotik::RATE_LIMIT, b"2M/4M")
            .unwrap();
        b.add_vendor_u32(attr::VENDOR_WISPR, attr::wispr::BANDWIDTH_MAX_UP, 1024)
            .unwrap();
        assert_eq!(
            hex::encode(b.attribute_bytes()),
            "1a0d00003a8c0807324d2f344d1a0c0000372a070600000400"
        );
        let raw = b.finish_reply(&[0; 16], b"s", false).unwrap();
        let p = Packet::decode(&raw).unwrap();
        assert_eq!(
            p.vendor_attributes().collect::<Vec<_>>(),
            [
                VendorAttribute {
                    vendor: attr::VENDOR_MIKROTIK,
                    typ: 8,
                    value: b"2M/4M"
                },
                VendorAttribute {
                    vendor: attr::VENDOR_WISPR,
                    typ: 7,
                    value: &[0, 0, 4, 0]
                },
            ]
        );
    }

    #[test]
    fn message_authenticator_goes_first() {
        let mut b = PacketBuilder::new(Code::AccessChallenge, 5);
        b.add(attr::EAP_MESSAGE, &[1, 5, 0, 5, 1]).unwrap();
        b.add(attr::STATE, b"st").unwrap();
        let raw = b.finish_reply(&[9; 16], b"s", true).unwrap();
        let p = Packet::decode(&raw).unwrap();
        let attrs: Vec<Attribute> = p.attributes().collect();
        assert_eq!(attrs.len(), 3);
        assert_eq!(attrs[0].typ, attr::MESSAGE_AUTHENTICATOR);
        assert_eq!(attrs[0].value.len(), 16);
        assert_eq!(attrs[1].typ, attr::EAP_MESSAGE);
        assert_eq!(
            crypto::check_message_authenticator(&raw, b"s", Some(&[9; 16])),
            MessageAuthenticator::Valid
        );
        assert!(crypto::verify_response_authenticator(&raw, &[9; 16], b"s"));
    }

    #[test]
    fn access_request_keeps_given_authenticator() {
        let raw = PacketBuilder::new(Code::AccessRequest, 2)
            .finish_request(&[0x42; 16], b"s", false)
            .unwrap();
        assert_eq!(raw.len(), 20);
        assert_eq!(Packet::decode(&raw).unwrap().authenticator, [0x42; 16]);
    }
}
