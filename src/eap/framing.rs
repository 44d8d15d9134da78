//! The EAP-TLS record layer shared by PEAP and TTLS (RFC 5216 §2.1.5, §3.1): the flags
//! octet (L length included, M more fragments, S start, low bits the method version),
//! reassembly of a peer's fragmented TLS message and fragmentation of ours, one fragment
//! per Access-Challenge, each acknowledged by an empty response.

/// Length-included flag.
pub const FLAG_L: u8 = 0x80;
/// More-fragments flag.
pub const FLAG_M: u8 = 0x40;
/// Start flag.
pub const FLAG_S: u8 = 0x20;

/// Largest TLS message a peer may send in fragments: a client certificate chain is not
/// expected (PEAP and TTLS authenticate the user inside), so 64 KiB is generous.
pub const MAX_MESSAGE: usize = 65_536;

/// Why a peer's fragment was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FramingError {
    #[error("EAP-TLS data without its flags octet")]
    Empty,
    #[error("EAP-TLS L flag without the four length octets")]
    NoLength,
    #[error("EAP-TLS message larger than announced or than the limit")]
    TooLong,
}

/// What one of the peer's fragments completed.
#[derive(Debug, PartialEq, Eq)]
pub enum Inbound {
    /// A fragment with M set: acknowledge it and wait for the rest.
    More,
    /// An empty message: the acknowledgement of our fragment, or (with nothing left to
    /// send) of our last flight.
    Ack,
    /// A whole TLS message.
    Message(Vec<u8>),
}

/// Both directions of fragmentation for one conversation.
#[derive(Debug)]
pub struct Framing {
    incoming: Vec<u8>,
    announced: Option<usize>,
    outgoing: Vec<u8>,
    sent: usize,
    fragment: usize,
}

impl Framing {
    /// Fragments of at most `fragment` TLS octets are sent.
    pub fn new(fragment: usize) -> Framing {
        Framing {
            incoming: Vec::new(),
            announced: None,
            outgoing: Vec::new(),
            sent: 0,
            fragment: fragment.max(64),
        }
    }

    /// Takes one of the peer's EAP-TLS payloads (flags octet first).
    pub fn receive(&mut self, data: &[u8]) -> Result<Inbound, FramingError> {
        let (&flags, mut rest) = data.split_first().ok_or(FramingError::Empty)?;
        if flags & FLAG_L != 0 {
            let len = rest.get(..4).ok_or(FramingError::NoLength)?;
            let total = u32::from_be_bytes([len[0], len[1], len[2], len[3]]) as usize;
            if total > MAX_MESSAGE {
                return Err(FramingError::TooLong);
            }
            // Only the first fragment must carry it; a repeat is tolerated.
            self.announced.get_or_insert(total);
            rest = &rest[4..];
        }
        if self.incoming.len() + rest.len() > self.announced.unwrap_or(MAX_MESSAGE) {
            return Err(FramingError::TooLong);
        }
        self.incoming.extend_from_slice(rest);
        if flags & FLAG_M != 0 {
            return Ok(Inbound::More);
        }
        self.announced = None;
        let message = std::mem::take(&mut self.incoming);
        if message.is_empty() {
            Ok(Inbound::Ack)
        } else {
            Ok(Inbound::Message(message))
        }
    }

    /// Queues TLS octets to send.
    pub fn queue(&mut self, bytes: &[u8]) {
        if self.sent == self.outgoing.len() {
            self.outgoing.clear();
            self.sent = 0;
        }
        self.outgoing.extend_from_slice(bytes);
    }

    /// True while queued octets have not all been sent.
    pub fn pending(&self) -> bool {
        self.sent < self.outgoing.len()
    }

    /// The next EAP-TLS payload to send (flags octet first), or an empty
    /// acknowledgement (`version` alone) when nothing is queued.
    pub fn next_payload(&mut self, version: u8) -> Vec<u8> {
        let left = self.outgoing.len() - self.sent;
        if left == 0 {
            return vec![version];
        }
        let first = self.sent == 0;
        let take = left.min(self.fragment);
        let more = take < left;
        let mut flags = version;
        let mut out = Vec::with_capacity(take + 5);
        if first && more {
            flags |= FLAG_L;
        }
        if more {
            flags |= FLAG_M;
        }
        out.push(flags);
        if first && more {
            let total = u32::try_from(self.outgoing.len()).unwrap_or(u32::MAX);
            out.extend_from_slice(&total.to_be_bytes());
        }
        out.extend_from_slice(&self.outgoing[self.sent..self.sent + take]);
        self.sent += take;
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_round_trip() {
        let mut tx = Framing::new(100);
        let data: Vec<u8> = (0..250u32).map(|i| i as u8).collect();
        tx.queue(&data);
        let mut rx = Framing::new(100);
        let mut got = None;
        while tx.pending() {
            match rx.receive(&tx.next_payload(0)).unwrap() {
                Inbound::More => {}
                Inbound::Message(m) => got = Some(m),
                Inbound::Ack => panic!("ack"),
            }
        }
        assert_eq!(got.unwrap(), data);
        assert_eq!(rx.receive(&[0]).unwrap(), Inbound::Ack);
    }

    #[test]
    fn refuses_lies() {
        let mut rx = Framing::new(100);
        assert_eq!(rx.receive(&[]), Err(FramingError::Empty));
        assert_eq!(rx.receive(&[FLAG_L, 0]), Err(FramingError::NoLength));
        assert_eq!(
            rx.receive(&[FLAG_L | FLAG_M, 0, 0, 0, 1, 1, 2]),
            Err(FramingError::TooLong)
        );
        assert_eq!(
            rx.receive(&[FLAG_L, 0xff, 0, 0, 0]),
            Err(FramingError::TooLong)
        );
    }
}
