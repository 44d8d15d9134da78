//! A decoded packet: a validated, borrowed view over the datagram, with attribute iteration.

use super::wire::RawAttrs;
use super::{Code, DecodeError, MAX_PACKET_LEN, MIN_PACKET_LEN, attr};

/// One attribute as it is on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attribute<'a> {
    /// Attribute type.
    pub typ: u8,
    /// Value octets, without the type and length octets.
    pub value: &'a [u8],
}

/// One vendor-specific sub-attribute (RFC 2865 §5.26, the recommended format).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VendorAttribute<'a> {
    /// SMI Network Management Private Enterprise Code of the vendor.
    pub vendor: u32,
    /// Vendor-Type of the sub-attribute.
    pub typ: u8,
    /// Value octets, without the vendor type and length octets.
    pub value: &'a [u8],
}

/// A packet whose header and attribute framing have been checked.
#[derive(Debug, Clone, Copy)]
pub struct Packet<'a> {
    /// Packet code.
    pub code: Code,
    /// Identifier that pairs replies with requests.
    pub identifier: u8,
    /// Request or Response Authenticator as received.
    pub authenticator: [u8; 16],
    /// Exactly `Length` octets: trailing datagram octets are cut off.
    raw: &'a [u8],
}

impl<'a> Packet<'a> {
    /// Decodes and validates a datagram (RFC 2865 §3).
    pub fn decode(datagram: &'a [u8]) -> Result<Packet<'a>, DecodeError> {
        let header = datagram
            .get(..MIN_PACKET_LEN)
            .ok_or(DecodeError::TooShort(datagram.len()))?;
        let (code, identifier, len_hi, len_lo) = match header {
            [c, i, h, l, ..] => (*c, *i, *h, *l),
            _ => return Err(DecodeError::TooShort(datagram.len())),
        };
        let length = usize::from(u16::from_be_bytes([len_hi, len_lo]));
        if !(MIN_PACKET_LEN..=MAX_PACKET_LEN).contains(&length) || length > datagram.len() {
            return Err(DecodeError::BadLength {
                length,
                datagram: datagram.len(),
            });
        }
        // RFC 2865 §3: octets beyond Length are padding and are ignored.
        let raw = datagram.get(..length).ok_or(DecodeError::BadLength {
            length,
            datagram: datagram.len(),
        })?;
        let mut authenticator = [0u8; 16];
        if let Some(a) = raw.get(4..MIN_PACKET_LEN) {
            authenticator.copy_from_slice(a);
        }
        let body = raw.get(MIN_PACKET_LEN..).unwrap_or(&[]);
        if let Some((offset, length)) = RawAttrs::first_error(body) {
            return Err(DecodeError::BadAttribute {
                offset: offset + MIN_PACKET_LEN,
                length,
            });
        }
        Ok(Packet {
            code: Code::from_u8(code),
            identifier,
            authenticator,
            raw,
        })
    }

    /// The packet bytes (exactly `Length` octets).
    pub fn raw(&self) -> &'a [u8] {
        self.raw
    }

    /// All attributes in wire order.
    pub fn attributes(&self) -> impl Iterator<Item = Attribute<'a>> + use<'a> {
        RawAttrs::new(self.raw.get(MIN_PACKET_LEN..).unwrap_or(&[]))
            .map(|(_, typ, value)| Attribute { typ, value })
    }

    /// Every value of a type, in wire order (e.g. Proxy-State, EAP-Message fragments).
    pub fn attrs(&self, typ: u8) -> impl Iterator<Item = &'a [u8]> + use<'a> {
        self.attributes()
            .filter(move |a| a.typ == typ)
            .map(|a| a.value)
    }

    /// The first attribute of a type.
    pub fn attr(&self, typ: u8) -> Option<&'a [u8]> {
        self.attributes().find(|a| a.typ == typ).map(|a| a.value)
    }

    /// The first attribute of a type as a big-endian u32, if it is exactly 4 octets.
    pub fn attr_u32(&self, typ: u8) -> Option<u32> {
        let value: [u8; 4] = self.attr(typ)?.try_into().ok()?;
        Some(u32::from_be_bytes(value))
    }

    /// Every well-formed vendor-specific sub-attribute, in wire order.
    pub fn vendor_attributes(&self) -> impl Iterator<Item = VendorAttribute<'a>> + use<'a> {
        self.attributes()
            .filter(|a| a.typ == attr::VENDOR_SPECIFIC)
            .flat_map(|a| vendor_sub_attributes(a.value))
    }

    /// The first vendor-specific sub-attribute of a vendor and type.
    pub fn vendor_attr(&self, vendor: u32, typ: u8) -> Option<&'a [u8]> {
        self.vendor_attributes()
            .find(|a| a.vendor == vendor && a.typ == typ)
            .map(|a| a.value)
    }
}

impl Packet<'_> {
    /// A copy that owns its octets, so a request can move into a task without being
    /// decoded again.
    pub fn to_owned_packet(&self) -> OwnedPacket {
        OwnedPacket {
            code: self.code,
            identifier: self.identifier,
            authenticator: self.authenticator,
            raw: self.raw.into(),
        }
    }

    /// Where `value`, a slice borrowed from this packet (an attribute's value, say), lies
    /// in `raw()`; `None` for a slice from anywhere else.
    pub fn span_of(&self, value: &[u8]) -> Option<std::ops::Range<usize>> {
        // Addresses only, compared and never dereferenced: the slice is found again by
        // offset in an owned copy of the same octets.
        let start = (value.as_ptr() as usize).checked_sub(self.raw.as_ptr() as usize)?;
        let end = start.checked_add(value.len())?;
        (end <= self.raw.len()).then_some(start..end)
    }
}

/// A decoded packet that owns its octets (see `Packet::to_owned_packet`).
#[derive(Debug, Clone)]
pub struct OwnedPacket {
    code: Code,
    identifier: u8,
    authenticator: [u8; 16],
    /// Exactly what `Packet::decode` validated.
    raw: Box<[u8]>,
}

impl OwnedPacket {
    /// The packet, as decoded before; nothing is checked again.
    pub fn packet(&self) -> Packet<'_> {
        Packet {
            code: self.code,
            identifier: self.identifier,
            authenticator: self.authenticator,
            raw: &self.raw,
        }
    }
}

/// The sub-attributes of one Vendor-Specific value in the RFC 2865 §5.26 recommended format.
/// A body that does not follow that format yields nothing: vendors are free to use their own
/// layout, and a half-parsed VSA is worse than none.
fn vendor_sub_attributes<'a>(value: &'a [u8]) -> impl Iterator<Item = VendorAttribute<'a>> + 'a {
    let parsed = match (value.get(..4), value.get(4..)) {
        (Some(id), Some(body)) if !body.is_empty() && RawAttrs::first_error(body).is_none() => {
            let mut vendor = [0u8; 4];
            vendor.copy_from_slice(id);
            Some((u32::from_be_bytes(vendor), body))
        }
        _ => None,
    };
    parsed.into_iter().flat_map(|(vendor, body)| {
        RawAttrs::new(body).map(move |(_, typ, value)| VendorAttribute { vendor, typ, value })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 2865 §7.1: Access-Request from NAS 192.168.1.16 for "nemo".
    const RFC_7_1_REQUEST: &str = "010000380f403f9473978057bd83d5cb98f4227a01066e656d6f02120dbe708d93d413ce3196e43f782a0aee0406c0a80110050600000003";

    fn header(length: u16) -> Vec<u8> {
        let mut p = vec![1, 7];
        p.extend_from_slice(&length.to_be_bytes());
        p.extend_from_slice(&[0xaa; 16]);
        p
    }

    #[test]
    fn decodes_rfc2865_7_1_request() {
        let raw = hex::decode(RFC_7_1_REQUEST).unwrap();
        let p = Packet::decode(&raw).unwrap();
        assert_eq!(p.code, Code::AccessRequest);
        assert_eq!(p.identifier, 0);
        assert_eq!(p.raw(), &raw[..]);
        assert_eq!(p.attr(attr::USER_NAME), Some(&b"nemo"[..]));
        assert_eq!(p.attr(attr::NAS_IP_ADDRESS), Some(&[192, 168, 1, 16][..]));
        assert_eq!(p.attr_u32(attr::NAS_PORT), Some(3));
        assert_eq!(
            p.attr_u32(attr::USER_NAME),
            Some(u32::from_be_bytes(*b"nemo"))
        );
        assert_eq!(p.attr_u32(attr::USER_PASSWORD), None);
        assert_eq!(p.attr(attr::STATE), None);
        let types: Vec<u8> = p.attributes().map(|a| a.typ).collect();
        assert_eq!(types, [1, 2, 4, 5]);
    }

    #[test]
    fn too_short() {
        for n in 0..20 {
            assert_eq!(
                Packet::decode(&vec![1; n]).unwrap_err(),
                DecodeError::TooShort(n)
            );
        }
    }

    #[test]
    fn length_field_below_20() {
        let p = header(19);
        assert_eq!(
            Packet::decode(&p).unwrap_err(),
            DecodeError::BadLength {
                length: 19,
                datagram: 20
            }
        );
    }

    #[test]
    fn length_field_past_datagram() {
        let p = header(24);
        assert_eq!(
            Packet::decode(&p).unwrap_err(),
            DecodeError::BadLength {
                length: 24,
                datagram: 20
            }
        );
    }

    #[test]
    fn length_field_over_4096() {
        let mut p = header(4097);
        p.resize(5000, 0);
        assert_eq!(
            Packet::decode(&p).unwrap_err(),
            DecodeError::BadLength {
                length: 4097,
                datagram: 5000
            }
        );
    }

    #[test]
    fn attribute_length_zero_and_one() {
        for bad in [0u8, 1] {
            let mut p = header(24);
            p.extend_from_slice(&[1, bad, 0, 0]);
            assert_eq!(
                Packet::decode(&p).unwrap_err(),
                DecodeError::BadAttribute {
                    offset: 20,
                    length: usize::from(bad)
                }
            );
        }
    }

    #[test]
    fn attribute_running_past_the_end() {
        let mut p = header(26);
        p.extend_from_slice(&[1, 3, b'a', 2, 4, b'b']);
        assert_eq!(
            Packet::decode(&p).unwrap_err(),
            DecodeError::BadAttribute {
                offset: 23,
                length: 4
            }
        );
        // A lone type octet with no length octet.
        let mut p = header(21);
        p.push(1);
        assert_eq!(
            Packet::decode(&p).unwrap_err(),
            DecodeError::BadAttribute {
                offset: 20,
                length: 0
            }
        );
    }

    #[test]
    fn attribute_past_length_field_but_inside_datagram() {
        // The attribute fits the datagram but not the Length: it is still refused.
        let mut p = header(22);
        p.extend_from_slice(&[1, 4, b'a', b'b']);
        assert!(matches!(
            Packet::decode(&p),
            Err(DecodeError::BadAttribute { offset: 20, .. })
        ));
    }

    #[test]
    fn trailing_octets_are_ignored() {
        let mut raw = hex::decode(RFC_7_1_REQUEST).unwrap();
        let len = raw.len();
        raw.extend_from_slice(&[0xff, 0x00, 0x01]);
        let p = Packet::decode(&raw).unwrap();
        assert_eq!(p.raw().len(), len);
        assert_eq!(p.attributes().count(), 4);
    }

    #[test]
    fn empty_attribute_value_is_allowed() {
        let mut p = header(22);
        p.extend_from_slice(&[18, 2]);
        let p = Packet::decode(&p).unwrap();
        assert_eq!(p.attr(18), Some(&b""[..]));
    }

    #[test]
    fn vendor_attributes_and_malformed_vsa() {
        let mut body = Vec::new();
        // Mikrotik-Rate-Limit "2M/4M" (from the corpus).
        body.extend_from_slice(&hex::decode("1a0d00003a8c0807324d2f344d").unwrap());
        // A VSA with two sub-attributes.
        body.extend_from_slice(&[26, 14, 0, 0, 1, 55, 16, 3, 0xab, 17, 3, 0xcd, 1, 2]);
        // Malformed: sub-attribute length 1, then one running past the end, then too short.
        body.extend_from_slice(&[26, 8, 0, 0, 0, 9, 1, 1]);
        body.extend_from_slice(&[26, 9, 0, 0, 0, 9, 1, 5, 0]);
        body.extend_from_slice(&[26, 5, 0, 0, 0]);
        body.extend_from_slice(&[26, 6, 0, 0, 0, 9]);
        let mut p = header(u16::try_from(20 + body.len()).unwrap());
        p.extend_from_slice(&body);
        let p = Packet::decode(&p).unwrap();
        let v: Vec<VendorAttribute> = p.vendor_attributes().collect();
        assert_eq!(
            v,
            [
                VendorAttribute {
                    vendor: attr::VENDOR_MIKROTIK,
                    typ: 8,
                    value: b"2M/4M"
                },
                VendorAttribute {
                    vendor: 311,
                    typ: 16,
                    value: &[0xab]
                },
                VendorAttribute {
                    vendor: 311,
                    typ: 17,
                    value: &[0xcd]
                },
                VendorAttribute {
                    vendor: 311,
                    typ: 1,
                    value: &[]
                },
            ]
        );
        assert_eq!(p.vendor_attr(311, 17), Some(&[0xcd][..]));
        assert_eq!(p.vendor_attr(9, 1), None);
    }

    #[test]
    fn owned_packet_and_spans_find_the_same_values() {
        let raw = hex::decode(RFC_7_1_REQUEST).unwrap();
        let p = Packet::decode(&raw).unwrap();
        let name = p.attr(attr::USER_NAME).unwrap();
        let span = p.span_of(name).unwrap();
        let owned = p.to_owned_packet();
        let q = owned.packet();
        assert_eq!(
            (q.code, q.identifier, q.authenticator),
            (p.code, p.identifier, p.authenticator)
        );
        assert_eq!(q.raw(), p.raw());
        assert_eq!(q.raw().get(span), Some(&b"nemo"[..]));
        // A slice from elsewhere, even an equal one, has no span.
        assert_eq!(p.span_of(b"nemo"), None);
        assert_eq!(p.span_of(&p.authenticator), None);
    }
}
