//! A decoded packet: a validated, borrowed view over the datagram, with attribute iteration.

use super::{Code, DecodeError};

/// One attribute as it is on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attribute<'a> {
    pub typ: u8,
    pub value: &'a [u8],
}

/// One vendor-specific sub-attribute (RFC 2865 §5.26, the recommended format).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VendorAttribute<'a> {
    pub vendor: u32,
    pub typ: u8,
    pub value: &'a [u8],
}

/// A packet whose header and attribute framing have been checked.
#[derive(Debug, Clone, Copy)]
pub struct Packet<'a> {
    pub code: Code,
    pub identifier: u8,
    pub authenticator: [u8; 16],
    /// Exactly `Length` octets: trailing datagram octets are cut off.
    raw: &'a [u8],
}

impl<'a> Packet<'a> {
    /// Decodes and validates a datagram (RFC 2865 §3).
    pub fn decode(datagram: &'a [u8]) -> Result<Packet<'a>, DecodeError> {
        let _ = datagram;
        todo!("protocol helper")
    }

    /// The packet bytes (exactly `Length` octets).
    pub fn raw(&self) -> &'a [u8] {
        self.raw
    }

    /// All attributes in wire order.
    pub fn attributes(&self) -> impl Iterator<Item = Attribute<'a>> + 'a {
        std::iter::empty()
    }

    /// The first attribute of a type.
    pub fn attr(&self, typ: u8) -> Option<&'a [u8]> {
        self.attributes().find(|a| a.typ == typ).map(|a| a.value)
    }

    /// The first attribute of a type as a big-endian u32, if it is exactly 4 octets.
    pub fn attr_u32(&self, typ: u8) -> Option<u32> {
        let _ = typ;
        todo!("protocol helper")
    }

    /// Every well-formed vendor-specific sub-attribute, in wire order.
    pub fn vendor_attributes(&self) -> impl Iterator<Item = VendorAttribute<'a>> + 'a {
        std::iter::empty()
    }

    /// The first vendor-specific sub-attribute of a vendor and type.
    pub fn vendor_attr(&self, vendor: u32, typ: u8) -> Option<&'a [u8]> {
        self.vendor_attributes()
            .find(|a| a.vendor == vendor && a.typ == typ)
            .map(|a| a.value)
    }
}
