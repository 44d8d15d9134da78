//! TLS inside EAP: a rustls `ServerConnection` driven over buffers (no socket), fed whole
//! TLS messages that `framing` reassembled and drained into `framing` for sending, plus
//! the keys PEAP and TTLS derive from the TLS master secret.

use std::io::{Cursor, Read, Write};
use std::sync::Arc;

use rustls::{HandshakeKind, ServerConfig, ServerConnection};

use super::framing::{Framing, FramingError, Inbound};
use super::sessions;

/// Plaintext the peer may send in one message before we refuse it (phase 2 messages are
/// a few hundred octets).
const MAX_PLAINTEXT: usize = 16_384;

/// Why the tunnel failed; the conversation ends with an EAP-Failure.
#[derive(Debug, thiserror::Error)]
pub enum TunnelError {
    #[error("{0}")]
    Framing(#[from] FramingError),
    #[error("TLS: {0}")]
    Tls(#[from] rustls::Error),
    #[error("TLS buffer: {0}")]
    Io(#[from] std::io::Error),
    #[error("phase 2 message too long")]
    TooLong,
}

/// What a peer's EAP-TLS payload led to.
#[derive(Debug, PartialEq, Eq)]
pub enum Progress {
    /// Send the next fragment (or an acknowledgement) as the next request.
    Send,
    /// The handshake is done and nothing is queued: phase 2 goes on with this plaintext
    /// (empty for an acknowledgement).
    Inner(Vec<u8>),
}

/// One TLS tunnel.
pub struct Tunnel {
    conn: ServerConnection,
    framing: Framing,
    /// The TLS session id rustls stored or resumed for this connection.
    pub session_id: Option<Vec<u8>>,
    started: bool,
}

impl std::fmt::Debug for Tunnel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tunnel")
            .field("handshaking", &self.conn.is_handshaking())
            .finish_non_exhaustive()
    }
}

impl Tunnel {
    /// A new server-side tunnel sending fragments of at most `fragment` octets.
    pub fn new(config: Arc<ServerConfig>, fragment: usize) -> Result<Tunnel, TunnelError> {
        Ok(Tunnel {
            conn: ServerConnection::new(config)?,
            framing: Framing::new(fragment),
            session_id: None,
            started: false,
        })
    }

    /// Takes one EAP-TLS payload of the peer (flags octet first).
    pub fn receive(&mut self, data: &[u8]) -> Result<Progress, TunnelError> {
        self.started = true;
        let message = match self.framing.receive(data)? {
            Inbound::More => return Ok(Progress::Send),
            Inbound::Ack if self.framing.pending() => return Ok(Progress::Send),
            Inbound::Ack => Vec::new(),
            Inbound::Message(m) => m,
        };
        let plaintext = if message.is_empty() {
            Vec::new()
        } else {
            self.absorb(&message)?
        };
        self.flush()?;
        if self.framing.pending() || self.conn.is_handshaking() {
            return Ok(Progress::Send);
        }
        Ok(Progress::Inner(plaintext))
    }

    /// Feeds a whole TLS message to rustls; returns the application data it carried.
    fn absorb(&mut self, message: &[u8]) -> Result<Vec<u8>, TunnelError> {
        let mut input = Cursor::new(message);
        let mut plaintext = Vec::new();
        while (input.position() as usize) < message.len() {
            if self.conn.read_tls(&mut input)? == 0 {
                break;
            }
            sessions::take_seen();
            let state = self.conn.process_new_packets();
            if let Some(id) = sessions::take_seen() {
                self.session_id = Some(id);
            }
            let state = match state {
                Ok(s) => s,
                Err(e) => {
                    // Let the peer see the alert rustls queued, as far as it goes.
                    let _ = self.flush();
                    return Err(e.into());
                }
            };
            let n = state.plaintext_bytes_to_read();
            if plaintext.len() + n > MAX_PLAINTEXT {
                return Err(TunnelError::TooLong);
            }
            let start = plaintext.len();
            plaintext.resize(start + n, 0);
            self.conn.reader().read_exact(&mut plaintext[start..])?;
        }
        Ok(plaintext)
    }

    /// Moves what rustls wants to send into the fragment queue.
    fn flush(&mut self) -> Result<(), TunnelError> {
        let mut out = Vec::new();
        while self.conn.wants_write() {
            self.conn.write_tls(&mut out)?;
        }
        self.framing.queue(&out);
        Ok(())
    }

    /// Encrypts phase 2 plaintext and queues it.
    pub fn send(&mut self, plaintext: &[u8]) -> Result<(), TunnelError> {
        self.conn.writer().write_all(plaintext)?;
        self.flush()
    }

    /// The next EAP-TLS payload to send for `version` (flags octet first).
    pub fn next_payload(&mut self, version: u8) -> Vec<u8> {
        self.framing.next_payload(version)
    }

    /// True once the peer sent anything over this tunnel (a Nak is then too late).
    pub fn started(&self) -> bool {
        self.started
    }

    /// True when this handshake resumed an earlier session.
    pub fn resumed(&self) -> bool {
        self.conn.handshake_kind() == Some(HandshakeKind::Resumed)
    }

    /// TLS-PRF(master secret, `label`, client random + server random) (RFC 5216 §2.3;
    /// for TLS 1.2 this is what the RFC 5705 exporter without context computes).
    pub fn prf<const N: usize>(&self, label: &[u8]) -> Result<[u8; N], TunnelError> {
        Ok(self.conn.export_keying_material([0u8; N], label, None)?)
    }
}
