//! Typed errors of the codec: why a datagram was refused or a packet could not be built.

/// Why a datagram is not a RADIUS packet we accept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// Fewer octets than the header.
    #[error("datagram of {0} octets is shorter than the 20-octet header")]
    TooShort(usize),
    /// The Length field is out of range or claims more octets than were received.
    #[error(
        "Length field {length} is outside 20..=4096 or larger than the datagram ({datagram} octets)"
    )]
    BadLength {
        /// The Length field.
        length: usize,
        /// Octets received.
        datagram: usize,
    },
    /// An attribute is shorter than 2 octets or runs past the packet's end.
    #[error("attribute at offset {offset} has invalid length {length}")]
    BadAttribute {
        /// Offset of the attribute's type octet from the start of the packet.
        offset: usize,
        /// Its length octet (0 when the packet ends before it).
        length: usize,
    },
}

/// Why a packet or attribute could not be encoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    /// An attribute value does not fit the length octet.
    #[error("attribute value of {0} octets exceeds 253")]
    ValueTooLong(usize),
    /// The packet would be longer than RADIUS allows.
    #[error("packet would exceed 4096 octets")]
    PacketTooLong,
    /// User-Password hiding is defined for at most 128 octets.
    #[error("password of {0} octets exceeds 128")]
    PasswordTooLong(usize),
}
