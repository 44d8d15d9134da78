//! A PEAP conversation end to end against a rustls client standing in for the phone (a
//! second opinion beside eapol_test in tests/eap_interop.rs): the handshake over EAP
//! fragments, inner MS-CHAPv2, keys equal on both ends, and a resumed session that still
//! asks the decision (so a user disabled since is refused).

use std::io::{Read, Write};
use std::sync::Arc;
use std::time::Duration;

use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
use rustls::ClientConnection;
use rustls::pki_types::ServerName;

use super::check::{Credential, Granted};
use super::conversation::{Action, Conversation};
use super::framing::{FLAG_L, FLAG_M};
use super::packet::{self, Eap};
use super::sessions::Sessions;
use super::{Method, Server, Settings};
use crate::auth::mschapv2::{authenticator_response, generate_nt_response, nt_password_hash};

const PASSWORD: &str = "rahasia-siswa";

/// A server with a CA-issued certificate for "radius.test", and a client trusting the CA.
fn setup() -> (Server, Arc<rustls::ClientConfig>, tempfile::TempDir) {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec!["radius.test".to_string()])
        .unwrap()
        .signed_by(&key, &ca, &ca_key)
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (cert_path, key_path) = (dir.path().join("c.pem"), dir.path().join("k.pem"));
    std::fs::write(&cert_path, leaf.pem() + &ca.pem()).unwrap();
    std::fs::write(&key_path, key.serialize_pem()).unwrap();
    let sessions = Arc::new(Sessions::new(16, Duration::from_secs(60)));
    let tls = super::tls_config(&cert_path, &key_path, sessions.clone()).unwrap();
    let settings = Settings {
        default_method: Method::Peap,
        methods: vec![Method::Peap],
        fragment_size: 300,
    };
    let server = Server::new(Some(tls), sessions, settings, 16, Duration::from_secs(30));
    let mut roots = rustls::RootCertStore::empty();
    roots.add(ca.der().clone()).unwrap();
    let client = rustls::ClientConfig::builder_with_provider(super::provider())
        .with_protocol_versions(&[&rustls::version::TLS12])
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    (server, Arc::new(client), dir)
}

fn response(id: u8, typ: u8, data: &[u8]) -> Vec<u8> {
    packet::encode(packet::code::RESPONSE, id, typ, data).unwrap()
}

struct Phone {
    tls: ClientConnection,
    inbox: Vec<u8>,
}

impl Phone {
    fn new(config: &Arc<rustls::ClientConfig>) -> Phone {
        let name = ServerName::try_from("radius.test").unwrap();
        Phone {
            tls: ClientConnection::new(config.clone(), name).unwrap(),
            inbox: Vec::new(),
        }
    }

    /// Answers the server's PEAP requests until one carries phase 2 plaintext (returned
    /// with the request's id) or the conversation asks for something else.
    fn drive(
        &mut self,
        server: &Server,
        conv: &mut Conversation,
        mut action: Action,
    ) -> (Action, u8, Vec<u8>) {
        loop {
            let Action::Challenge(req) = &action else {
                return (action, 0, Vec::new());
            };
            let eap = Eap::decode(req).unwrap();
            let id = eap.id;
            let (flags, mut body) = eap.data.split_first().unwrap();
            if flags & FLAG_L != 0 {
                body = &body[4..];
            }
            self.inbox.extend_from_slice(body);
            if flags & FLAG_M != 0 {
                let ack = response(id, 25, &[0]);
                action = conv.step(server, &Eap::decode(&ack).unwrap());
                continue;
            }
            if !self.inbox.is_empty() {
                self.tls.read_tls(&mut &self.inbox[..]).unwrap();
                self.tls.process_new_packets().unwrap();
                self.inbox.clear();
            }
            let mut plain = Vec::new();
            let _ = self.tls.reader().read_to_end(&mut plain);
            if !plain.is_empty() {
                return (action, id, plain);
            }
            action = self.send(server, conv, id, &[]);
        }
    }

    /// Sends phase 2 plaintext (or only what TLS has queued) as the response to `id`.
    fn send(&mut self, server: &Server, conv: &mut Conversation, id: u8, plain: &[u8]) -> Action {
        self.tls.writer().write_all(plain).unwrap();
        let mut data = vec![0u8];
        while self.tls.wants_write() {
            self.tls.write_tls(&mut data).unwrap();
        }
        conv.step(server, &Eap::decode(&response(id, 25, &data)).unwrap())
    }
}

fn start(server: &Server) -> (Conversation, Action) {
    let identity = response(0, packet::typ::IDENTITY, b"anonymous");
    Conversation::start(server, &Eap::decode(&identity).unwrap())
}

#[test]
fn peap_login_keys_and_a_resumption_that_asks_again() {
    let (server, client, _dir) = setup();
    let (mut conv, action) = start(&server);
    let mut phone = Phone::new(&client);
    let (_, id, plain) = phone.drive(&server, &mut conv, action);
    assert_eq!(plain, [packet::typ::IDENTITY], "inner Identity request");
    let action = phone.send(&server, &mut conv, id, b"\x01siswa");
    let (_, id, plain) = phone.drive(&server, &mut conv, action);
    assert_eq!(plain[..2], [26, 1], "inner MS-CHAPv2 Challenge");
    let (ms_id, challenge) = (plain[2], &plain[6..22]);
    let peer = [7u8; 16];
    let nt = generate_nt_response(challenge, &peer, b"siswa", PASSWORD);
    let mut inner = vec![26, 2, ms_id, 0, 59, 49];
    inner.extend_from_slice(&peer);
    inner.extend_from_slice(&[0; 8]);
    inner.extend_from_slice(&nt);
    inner.push(0);
    inner.extend_from_slice(b"siswa");
    let Action::Check(check) = phone.send(&server, &mut conv, id, &inner) else {
        panic!("the response goes to the decision")
    };
    assert_eq!(check.user, "siswa", "the inner identity, not the outer");
    assert!(matches!(check.credential, Credential::MsChapV2 { .. }));
    let s = authenticator_response(&nt_password_hash(PASSWORD), &nt, &peer, challenge, b"siswa");
    let action = conv.checked(Some(Granted {
        authenticator_response: Some(s.into_bytes()),
        ..Granted::default()
    }));
    let (_, id, plain) = phone.drive(&server, &mut conv, action);
    assert_eq!(plain[..2], [26, 3], "inner Success request");
    let action = phone.send(&server, &mut conv, id, &[26, 3]);
    let (_, id, plain) = phone.drive(&server, &mut conv, action);
    assert_eq!(plain[4], packet::typ::TLV, "Result TLV");
    let tlv = [2, plain[1], 0, 11, 33, 0x80, 3, 0, 2, 0, 1];
    let Action::Accept {
        keys: Some(keys), ..
    } = phone.send(&server, &mut conv, id, &tlv)
    else {
        panic!("accepted")
    };
    let msk: [u8; 64] = phone
        .tls
        .export_keying_material([0u8; 64], b"client EAP encryption", None)
        .unwrap();
    assert_eq!((&keys.recv[..], &keys.send[..]), (&msk[..32], &msk[32..]));
    server.sessions.bind(conv.session_id().unwrap(), "siswa");

    // The phone comes back: the session resumes, and the decision is asked again.
    let (mut conv, action) = start(&server);
    let mut phone = Phone::new(&client);
    let (action, _, plain) = phone.drive(&server, &mut conv, action);
    assert!(plain.is_empty());
    assert_eq!(
        phone.tls.handshake_kind(),
        Some(rustls::HandshakeKind::Resumed)
    );
    let Action::Check(check) = action else {
        panic!("a resumed session is checked again: {action:?}")
    };
    assert_eq!(
        (check.user.as_str(), check.credential),
        ("siswa", Credential::Resumed)
    );
    assert!(
        matches!(conv.checked(None), Action::Reject { .. }),
        "refused (a user disabled since) ends the conversation"
    );
}
