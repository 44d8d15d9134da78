//! The RADIUS wire protocol: bytes <-> packets, authenticators, attribute hiding.
//!
//! Pure functions, no I/O. Every length is checked before it is read; malformed input is an
//! `Err`, never a panic.

pub mod attr;
pub mod builder;
pub mod code;
pub mod crypto;
pub mod error;
pub mod packet;
mod wire;

pub use builder::PacketBuilder;
pub use code::Code;
pub use error::{DecodeError, EncodeError};
pub use packet::{Attribute, OwnedPacket, Packet, VendorAttribute};

/// Smallest legal RADIUS packet: the 20-octet header (RFC 2865 §3).
pub const MIN_PACKET_LEN: usize = 20;
/// Largest legal RADIUS packet (RFC 2865 §3).
pub const MAX_PACKET_LEN: usize = 4096;
/// Largest attribute value: 255 minus the type and length octets.
pub const MAX_ATTR_VALUE_LEN: usize = 253;
