//! Typed errors of the codec: why a datagram was refused or a packet could not be built.

/// Why a datagram is not a RADIUS packet we accept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("datagram of {0} octets is shorter than the 20-octet header")]
    TooShort(usize),
    #[error(
        "Length field {length} is outside 20..=4096 or larger than the datagram ({datagram} octets)"
    )]
    BadLength { length: usize, datagram: usize },
    #[error("attribute at offset {offset} has invalid length {length}")]
    BadAttribute { offset: usize, length: usize },
}

/// Why a packet or attribute could not be encoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    #[error("attribute value of {0} octets exceeds 253")]
    ValueTooLong(usize),
    #[error("packet would exceed 4096 octets")]
    PacketTooLong,
    #[error("password of {0} octets exceeds 128")]
    PasswordTooLong(usize),
}
