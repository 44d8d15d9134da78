//! A hotspot's CoA port for the page tests (the person's page, the console): acknowledges
//! every signed Disconnect-Request and hands each to the test. Included by path.

use std::net::UdpSocket;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use radkota::protocol::crypto::{MessageAuthenticator, check_message_authenticator};
use radkota::protocol::{Code, Packet, PacketBuilder, attr};

/// The shared secret of the test NAS (as `common::SECRET`).
const SECRET: &[u8] = b"testing123";

/// A hotspot's CoA port: acknowledges every Disconnect-Request and hands each to the test.
pub struct TestNas {
    /// The CoA port it listens on (127.0.0.1).
    pub port: u16,
    received: mpsc::Receiver<Vec<u8>>,
    stop: Arc<AtomicBool>,
}

impl TestNas {
    pub fn start() -> TestNas {
        let socket = UdpSocket::bind("127.0.0.1:0").expect("bind test NAS");
        socket
            .set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        let port = socket.local_addr().unwrap().port();
        let (tx, received) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while !stopping.load(Ordering::Relaxed) {
                let Ok((n, from)) = socket.recv_from(&mut buf) else {
                    continue;
                };
                let raw = buf[..n].to_vec();
                let Ok(p) = Packet::decode(&raw) else {
                    continue;
                };
                let ok =
                    check_message_authenticator(&raw, SECRET, None) == MessageAuthenticator::Valid;
                if p.code == Code::DisconnectRequest && ok {
                    let b = PacketBuilder::new(Code::DisconnectAck, p.identifier);
                    if let Ok(reply) = b.finish_reply(&p.authenticator, SECRET, true) {
                        let _ = socket.send_to(&reply, from);
                    }
                }
                if tx.send(raw).is_err() {
                    break;
                }
            }
        });
        TestNas {
            port,
            received,
            stop,
        }
    }

    /// The Acct-Session-Id of the next request, waiting up to `secs`.
    pub fn next_session(&self, secs: u64) -> Option<String> {
        let raw = self.received.recv_timeout(Duration::from_secs(secs)).ok()?;
        let p = Packet::decode(&raw).ok()?;
        p.attr(attr::ACCT_SESSION_ID)
            .map(|v| String::from_utf8_lossy(v).into_owned())
    }
}

impl Drop for TestNas {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
