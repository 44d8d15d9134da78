//! Sends one Disconnect-Request or CoA-Request to a NAS and waits for its ACK or NAK:
//! retransmits with exponential backoff, and believes only a reply from the NAS's address
//! and port whose Identifier, Response Authenticator and Message-Authenticator check out.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use tokio::net::UdpSocket;
use tokio::time::Instant;

use super::CoaError;
use super::error_cause::describe_error_cause;
use crate::policy::ReplyAttribute;
use crate::protocol::crypto::{
    MessageAuthenticator, check_message_authenticator, verify_response_authenticator,
};
use crate::protocol::{Code, MAX_PACKET_LEN, Packet, PacketBuilder, attr};

/// Retry schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CoaSettings {
    /// Sends before giving up, the first included.
    pub attempts: u32,
    /// Wait after the first send; doubled after each unanswered one.
    pub first_timeout: Duration,
}

impl Default for CoaSettings {
    fn default() -> Self {
        CoaSettings::from_config(&crate::config::CoaConfig::default())
    }
}

impl CoaSettings {
    /// The schedule configured in `[coa]`.
    pub fn from_config(c: &crate::config::CoaConfig) -> CoaSettings {
        CoaSettings {
            attempts: c.attempts.max(1),
            first_timeout: Duration::from_millis(c.timeout_ms.max(1)),
        }
    }

    /// The longest a request can take when the NAS never answers.
    pub fn total_wait(&self) -> Duration {
        (0..self.attempts).fold(Duration::ZERO, |acc, i| {
            acc + self.first_timeout * 2u32.saturating_pow(i)
        })
    }
}

/// Which RFC 5176 request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestKind {
    /// Disconnect-Request (40): end the session.
    Disconnect,
    /// CoA-Request (43): change the session's authorization (e.g. its rate).
    Coa,
}

impl RequestKind {
    fn code(self) -> Code {
        match self {
            RequestKind::Disconnect => Code::DisconnectRequest,
            RequestKind::Coa => Code::CoaRequest,
        }
    }

    fn replies(self) -> (Code, Code) {
        match self {
            RequestKind::Disconnect => (Code::DisconnectAck, Code::DisconnectNak),
            RequestKind::Coa => (Code::CoaAck, Code::CoaNak),
        }
    }
}

/// Where a request goes: the NAS's own address and CoA port, and its shared secret.
#[derive(Clone)]
pub struct Destination {
    pub nas_name: String,
    pub addr: SocketAddr,
    pub secret: Vec<u8>,
}

impl std::fmt::Debug for Destination {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The secret is left out so a debug log cannot leak it.
        f.debug_struct("Destination")
            .field("nas_name", &self.nas_name)
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

/// What the NAS answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Disconnect-ACK or CoA-ACK.
    Ack(RequestKind),
    /// Disconnect-NAK or CoA-NAK, with its Error-Cause when it sent one.
    Nak {
        kind: RequestKind,
        error_cause: Option<u32>,
    },
    /// No valid answer after every attempt.
    NoAnswer { attempts: u32, waited: Duration },
}

impl Outcome {
    /// Whether the NAS did what was asked.
    pub fn is_ack(&self) -> bool {
        matches!(self, Outcome::Ack(_))
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Ack(kind) => f.write_str(kind.replies().0.name()),
            Outcome::Nak { kind, error_cause } => {
                f.write_str(kind.replies().1.name())?;
                match error_cause {
                    Some(c) => write!(f, " (Error-Cause {})", describe_error_cause(*c)),
                    None => f.write_str(" (no Error-Cause)"),
                }
            }
            Outcome::NoAnswer { attempts, waited } => write!(
                f,
                "no answer after {attempts} attempts ({:.1} s); is the NAS's CoA port open \
                 to this server and the secret the same?",
                waited.as_secs_f64()
            ),
        }
    }
}

/// Seconds since the epoch by the real clock, for Event-Timestamp.
fn epoch_now() -> u32 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| u32::try_from(d.as_secs()).ok())
        .unwrap_or(0)
}

/// Encodes a request: the given attributes, Event-Timestamp (RFC 5176 §3: replay
/// protection), and a Message-Authenticator; the Request Authenticator is computed.
pub fn encode_request(
    kind: RequestKind,
    identifier: u8,
    attributes: &[ReplyAttribute],
    secret: &[u8],
    event_timestamp: u32,
) -> Result<Vec<u8>, CoaError> {
    let mut b = PacketBuilder::new(kind.code(), identifier);
    for a in attributes {
        match a {
            ReplyAttribute::Standard { typ, value } => b.add(*typ, value)?,
            ReplyAttribute::Vendor { vendor, typ, value } => b.add_vendor(*vendor, *typ, value)?,
        };
    }
    b.add_u32(attr::EVENT_TIMESTAMP, event_timestamp)?;
    Ok(b.finish_request(&[0; 16], secret, true)?)
}

/// Why a datagram was not taken as the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ignored {
    Malformed,
    OtherIdentifier,
    UnexpectedCode,
    BadAuthenticator,
    BadMessageAuthenticator,
}

/// Checks a datagram against the request it should answer.
fn check_reply(
    raw: &[u8],
    kind: RequestKind,
    identifier: u8,
    request_authenticator: &[u8; 16],
    secret: &[u8],
) -> Result<Outcome, Ignored> {
    let packet = Packet::decode(raw).map_err(|_| Ignored::Malformed)?;
    if packet.identifier != identifier {
        return Err(Ignored::OtherIdentifier);
    }
    let (ack, nak) = kind.replies();
    if packet.code != ack && packet.code != nak {
        return Err(Ignored::UnexpectedCode);
    }
    if !verify_response_authenticator(raw, request_authenticator, secret) {
        return Err(Ignored::BadAuthenticator);
    }
    if check_message_authenticator(raw, secret, Some(request_authenticator))
        == MessageAuthenticator::Invalid
    {
        return Err(Ignored::BadMessageAuthenticator);
    }
    if packet.code == ack {
        Ok(Outcome::Ack(kind))
    } else {
        Ok(Outcome::Nak {
            kind,
            error_cause: packet.attr_u32(attr::ERROR_CAUSE),
        })
    }
}

/// Sends a request to `dest` and waits for a verified ACK or NAK, retransmitting the same
/// packet (same Identifier, so the NAS can recognise the retry) with doubling waits.
pub async fn send(
    dest: &Destination,
    kind: RequestKind,
    attributes: &[ReplyAttribute],
    settings: &CoaSettings,
) -> Result<Outcome, CoaError> {
    let identifier: u8 = rand::random();
    let packet = encode_request(kind, identifier, attributes, &dest.secret, epoch_now())?;
    let mut request_authenticator = [0u8; 16];
    if let Some(a) = packet.get(4..20) {
        request_authenticator.copy_from_slice(a);
    }
    let local = match dest.addr.ip() {
        IpAddr::V4(_) => SocketAddr::from((Ipv4Addr::UNSPECIFIED, 0)),
        IpAddr::V6(_) => SocketAddr::from((Ipv6Addr::UNSPECIFIED, 0)),
    };
    let socket = UdpSocket::bind(local).await.map_err(CoaError::Io)?;
    // Connected: the kernel drops datagrams from any other address or port, so only the
    // NAS itself can answer.
    socket.connect(dest.addr).await.map_err(CoaError::Io)?;
    let started = Instant::now();
    let mut wait = settings.first_timeout;
    let mut buf = vec![0u8; MAX_PACKET_LEN];
    for attempt in 1..=settings.attempts.max(1) {
        let deadline = Instant::now() + wait;
        match socket.send(&packet).await {
            Ok(_) => tracing::debug!(nas = %dest.nas_name, addr = %dest.addr, attempt,
                code = kind.code().name(), "RFC 5176 request sent"),
            Err(e) => {
                tracing::debug!(nas = %dest.nas_name, error = %e, attempt, "send failed")
            }
        }
        loop {
            match tokio::time::timeout_at(deadline, socket.recv(&mut buf)).await {
                Err(_) => break,
                Ok(Err(e)) => {
                    // ICMP port unreachable shows up here at once; wait out the attempt
                    // rather than spin, as the NAS may be restarting its CoA listener.
                    tracing::debug!(nas = %dest.nas_name, error = %e, "receive failed");
                    tokio::time::sleep_until(deadline).await;
                    break;
                }
                Ok(Ok(n)) => {
                    let raw = buf.get(..n).unwrap_or(&[]);
                    match check_reply(raw, kind, identifier, &request_authenticator, &dest.secret) {
                        Ok(outcome) => return Ok(outcome),
                        Err(why) => tracing::info!(nas = %dest.nas_name, reason = ?why,
                            "datagram on the CoA socket ignored"),
                    }
                }
            }
        }
        wait = wait.saturating_mul(2);
    }
    Ok(Outcome::NoAnswer {
        attempts: settings.attempts.max(1),
        waited: started.elapsed(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::crypto::verify_request_authenticator;

    const SECRET: &[u8] = b"coa-secret";

    fn ident() -> Vec<ReplyAttribute> {
        vec![
            ReplyAttribute::Standard {
                typ: attr::USER_NAME,
                value: b"siti".to_vec(),
            },
            ReplyAttribute::Standard {
                typ: attr::ACCT_SESSION_ID,
                value: b"81000001".to_vec(),
            },
        ]
    }

    #[test]
    fn request_is_signed_per_rfc5176() {
        let raw =
            encode_request(RequestKind::Disconnect, 7, &ident(), SECRET, 1_750_000_000).unwrap();
        let p = Packet::decode(&raw).unwrap();
        assert_eq!(p.code, Code::DisconnectRequest);
        assert_eq!(p.identifier, 7);
        assert!(verify_request_authenticator(&raw, SECRET));
        assert!(!verify_request_authenticator(&raw, b"other"));
        assert_eq!(
            check_message_authenticator(&raw, SECRET, None),
            MessageAuthenticator::Valid
        );
        assert_eq!(p.attr(attr::USER_NAME), Some(&b"siti"[..]));
        assert_eq!(p.attr(attr::ACCT_SESSION_ID), Some(&b"81000001"[..]));
        assert_eq!(p.attr_u32(attr::EVENT_TIMESTAMP), Some(1_750_000_000));
        let coa = encode_request(RequestKind::Coa, 1, &[], SECRET, 0).unwrap();
        assert_eq!(coa[0], 43);
    }

    fn reply(code: Code, id: u8, req: &[u8; 16], secret: &[u8], cause: Option<u32>) -> Vec<u8> {
        let mut b = PacketBuilder::new(code, id);
        if let Some(c) = cause {
            b.add_u32(attr::ERROR_CAUSE, c).unwrap();
        }
        b.finish_reply(req, secret, true).unwrap()
    }

    #[test]
    fn replies_are_checked() {
        let req = [3u8; 16];
        let k = RequestKind::Disconnect;
        let ok = reply(Code::DisconnectAck, 9, &req, SECRET, None);
        assert_eq!(check_reply(&ok, k, 9, &req, SECRET), Ok(Outcome::Ack(k)));
        let nak = reply(Code::DisconnectNak, 9, &req, SECRET, Some(503));
        assert_eq!(
            check_reply(&nak, k, 9, &req, SECRET),
            Ok(Outcome::Nak {
                kind: k,
                error_cause: Some(503)
            })
        );
        assert_eq!(
            check_reply(&ok, k, 8, &req, SECRET),
            Err(Ignored::OtherIdentifier)
        );
        assert_eq!(
            check_reply(&ok, RequestKind::Coa, 9, &req, SECRET),
            Err(Ignored::UnexpectedCode)
        );
        let forged = reply(Code::DisconnectAck, 9, &req, b"guess", None);
        assert_eq!(
            check_reply(&forged, k, 9, &req, SECRET),
            Err(Ignored::BadAuthenticator)
        );
        // A right Response Authenticator over a wrong Message-Authenticator: re-sign the
        // header after spoiling the MA.
        let mut bad_ma = ok.clone();
        bad_ma[22] ^= 1;
        let resp = crate::protocol::crypto::header_digest(&bad_ma, &req, SECRET);
        bad_ma[4..20].copy_from_slice(&resp);
        assert_eq!(
            check_reply(&bad_ma, k, 9, &req, SECRET),
            Err(Ignored::BadMessageAuthenticator)
        );
        assert_eq!(
            check_reply(&[1, 2, 3], k, 9, &req, SECRET),
            Err(Ignored::Malformed)
        );
    }

    #[test]
    fn outcome_text() {
        let nak = Outcome::Nak {
            kind: RequestKind::Disconnect,
            error_cause: Some(503),
        };
        assert_eq!(
            nak.to_string(),
            "Disconnect-NAK (Error-Cause 503 Session Context Not Found)"
        );
        assert_eq!(Outcome::Ack(RequestKind::Coa).to_string(), "CoA-ACK");
        let s = CoaSettings::default();
        assert_eq!(s.total_wait(), Duration::from_secs(7));
    }

    #[tokio::test]
    async fn retries_then_takes_the_verified_answer() {
        let nas = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let dest = Destination {
            nas_name: "t".into(),
            addr: nas.local_addr().unwrap(),
            secret: SECRET.to_vec(),
        };
        let settings = CoaSettings {
            attempts: 3,
            first_timeout: Duration::from_millis(100),
        };
        let task =
            tokio::spawn(
                async move { send(&dest, RequestKind::Disconnect, &ident(), &settings).await },
            );
        let mut buf = [0u8; 4096];
        // Ignore the first send; answer the retransmission, first with garbage.
        let (n1, _) = nas.recv_from(&mut buf).await.unwrap();
        let first = buf[..n1].to_vec();
        let (n2, from) = nas.recv_from(&mut buf).await.unwrap();
        assert_eq!(
            &buf[..n2],
            &first[..],
            "a retransmission is the same packet"
        );
        let req: [u8; 16] = first[4..20].try_into().unwrap();
        nas.send_to(&[0xff; 30], from).await.unwrap();
        let nak = reply(Code::DisconnectNak, first[1], &req, SECRET, Some(503));
        nas.send_to(&nak, from).await.unwrap();
        let outcome = task.await.unwrap().unwrap();
        assert_eq!(
            outcome,
            Outcome::Nak {
                kind: RequestKind::Disconnect,
                error_cause: Some(503)
            }
        );
    }

    #[tokio::test]
    async fn silence_is_no_answer_after_every_attempt() {
        let nas = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let dest = Destination {
            nas_name: "t".into(),
            addr: nas.local_addr().unwrap(),
            secret: SECRET.to_vec(),
        };
        let settings = CoaSettings {
            attempts: 2,
            first_timeout: Duration::from_millis(50),
        };
        let outcome = send(&dest, RequestKind::Disconnect, &ident(), &settings)
            .await
            .unwrap();
        assert!(matches!(outcome, Outcome::NoAnswer { attempts: 2, .. }));
        let mut buf = [0u8; 4096];
        let mut got = 0;
        while let Ok(Ok(_)) =
            tokio::time::timeout(Duration::from_millis(20), nas.recv_from(&mut buf)).await
        {
            got += 1;
        }
        assert_eq!(got, 2);
    }
}
