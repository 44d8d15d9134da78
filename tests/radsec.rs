//! RadSec (RFC 6614) against the real server: logins, accounting, Status-Server and
//! duplicates over TLS with answers equal to UDP's; the router known by its certificate from
//! any address; certificates from another CA, expired, unknown or revoked refused (a
//! revocation also closes open connections); 600 connections held at once; a flood of
//! half-open connections leaving UDP logins and established connections answered.

mod common;
mod radsec_client;

use std::net::IpAddr;
use std::time::Duration;

use common::{Acct, Client, Db, START, code, final_counter, rate_limit, session_timeout};
use radkota::protocol::Code;
use radsec_client as rs;

const ROUTER: &str = "rw02-radsec";

/// A packet builder for RadSec: secret "radsec"; the UDP socket is never used to send.
fn radsec_packets() -> Client {
    Client::new("127.0.0.1:0", "127.0.0.1:9".parse().unwrap(), b"radsec")
}

fn tls_matches_udp(db: Db) {
    let s = rs::prepare(db, "");
    let (cert, key) = rs::add_router(&s, ROUTER, "192.0.2.20");
    let s = s.start();
    let addr = rs::radsec_addr(&s);
    let config = rs::client_config(&rs::ca_dir(&s).join("ca.crt"), &cert, &key);
    let udp = s.client();
    let p = radsec_packets();
    common::runtime().block_on(async {
        // From 127.0.0.2: the NAS is registered at 192.0.2.20, so only the certificate
        // can have identified it.
        let local: IpAddr = "127.0.0.2".parse().unwrap();
        let mut tls = rs::connect(addr, config, Some(local))
            .await
            .expect("handshake");

        let status = rs::status_server(200);
        let reply = rs::exchange(&mut tls, &status)
            .await
            .expect("Status-Server answered");
        p.verify_reply(&status, &reply);
        assert_eq!(code(&reply), Code::AccessAccept);

        for (user, password, expect) in [
            ("siswa", "rahasia-siswa", Code::AccessAccept),
            (
                "warung",
                "Malang-RW07-hotspot-passphrase-37-oct",
                Code::AccessAccept,
            ),
            ("siswa", "wrong-password", Code::AccessReject),
        ] {
            let req = p.pap_request(user, password, true);
            let over_tls = rs::exchange(&mut tls, &req).await.expect("reply over TLS");
            p.verify_reply(&req, &over_tls);
            let over_udp = udp.login(user, password).expect("reply over UDP");
            assert_eq!(code(&over_tls), expect, "{user} over TLS");
            assert_eq!(code(&over_udp), expect, "{user} over UDP");
            assert_eq!(
                rate_limit(&over_tls),
                rate_limit(&over_udp),
                "{user}: same rate limit"
            );
            assert_eq!(
                session_timeout(&over_tls),
                session_timeout(&over_udp),
                "{user}"
            );

            // A retransmission on the same connection gets the very same reply.
            if expect == Code::AccessAccept {
                let again = rs::exchange(&mut tls, &req)
                    .await
                    .expect("duplicate answered");
                assert_eq!(again, over_tls, "duplicate answered from the cache");
            }
        }

        let start = Acct {
            status: START,
            session: "radsec-s1",
            user: "siswa",
            mac: Some("AA-BB-CC-00-00-01"),
            ..Default::default()
        }
        .request(&p);
        let reply = rs::exchange(&mut tls, &start)
            .await
            .expect("Accounting-Response");
        p.verify_reply(&start, &reply);
        assert_eq!(code(&reply), Code::AccountingResponse);
        let store = s.store().await;
        let sessions = store
            .list_sessions(&radkota::store::SessionFilter {
                username: Some("siswa".into()),
                nas_id: None,
                open_only: true,
                limit: 10,
            })
            .await
            .unwrap();
        let row = sessions
            .iter()
            .find(|r| r.acct_session_id == "radsec-s1")
            .expect("the session is stored");
        assert_eq!(
            row.nas_name.as_deref(),
            Some(ROUTER),
            "recorded under the certificate's NAS"
        );
        store.close().await;
    });
}

both_backends!(tls_matches_udp);

type Tls = tokio_rustls::client::TlsStream<tokio::net::TcpStream>;

/// A connection with `config` that got a Status-Server answered, if any.
async fn answering(
    addr: std::net::SocketAddr,
    config: std::sync::Arc<rustls::ClientConfig>,
) -> Option<Tls> {
    let mut tls = rs::connect(addr, config, None).await.ok()?;
    let status = rs::status_server(1);
    match tokio::time::timeout(Duration::from_secs(5), rs::exchange(&mut tls, &status)).await {
        Ok(Ok(_)) => Some(tls),
        _ => None,
    }
}

/// Whether a connection with `config` gets a Status-Server answered.
async fn answered(
    addr: std::net::SocketAddr,
    config: std::sync::Arc<rustls::ClientConfig>,
) -> bool {
    answering(addr, config).await.is_some()
}

#[test]
fn refused_certificates_and_revocation() {
    let s = rs::prepare(Db::Sqlite, "");
    let (cert, key) = rs::add_router(&s, ROUTER, "192.0.2.21");
    s.cli(&[
        "nas",
        "add",
        "rw03-expired",
        "--address",
        "192.0.2.22",
        "--secret",
        "udp-secret-2",
    ]);
    let mut s = s.start();
    let addr = rs::radsec_addr(&s);
    let ca_pem = std::fs::read(rs::ca_dir(&s).join("ca.crt")).unwrap();
    let good = rs::client_config(&rs::ca_dir(&s).join("ca.crt"), &cert, &key);
    let authority = radkota::ca::load(&radkota::ca::CaPaths::new(rs::ca_dir(&s))).unwrap();
    common::runtime().block_on(async {
        assert!(
            answered(addr, good.clone()).await,
            "the router's own certificate works"
        );

        // A NAS with no certificate on record takes any certificate of the client CA that
        // names it (an operator's own PKI): the control for the refusals below.
        let fresh = authority.issue_nas("rw03-expired", 30).unwrap();
        let unrecorded =
            rs::client_config_pem(&ca_pem, fresh.cert_pem.as_bytes(), fresh.key_pem.as_bytes());
        assert!(
            answered(addr, unrecorded.clone()).await,
            "the control is accepted"
        );

        // Another CA's certificate with the same name.
        let other_dir = tempfile::tempdir().unwrap();
        let other = radkota::ca::CaPaths::new(other_dir.path().join("ca"));
        let stranger = radkota::ca::init(&other, "not the city", &["x".into()]).unwrap();
        let forged = stranger.issue_nas("rw03-expired", 30).unwrap();
        let forged = rs::client_config_pem(
            &ca_pem,
            forged.cert_pem.as_bytes(),
            forged.key_pem.as_bytes(),
        );
        assert!(
            !answered(addr, forged).await,
            "another CA's certificate is refused"
        );

        // Expired, and recorded for its NAS: only the date is wrong with it.
        let now = time::OffsetDateTime::now_utc();
        let old = authority
            .issue_nas_between(
                "rw03-expired",
                now - time::Duration::days(30),
                now - time::Duration::days(1),
            )
            .unwrap();
        let store = s.store().await;
        store
            .record_nas_cert(
                "rw03-expired",
                &radkota::store::NewNasCert {
                    serial: old.serial.clone(),
                    fingerprint: old.fingerprint.clone(),
                    not_after: old.not_after,
                },
                &radkota::store::Actor::system(),
            )
            .await
            .unwrap();
        store.close().await;
        let expired =
            rs::client_config_pem(&ca_pem, old.cert_pem.as_bytes(), old.key_pem.as_bytes());
        assert!(
            !answered(addr, expired).await,
            "an expired certificate is refused"
        );

        // Now that the NAS has one on record, an unrecorded one is refused (after the
        // server's next reload, within nas_refresh_secs).
        let mut refused = false;
        for _ in 0..40 {
            if !answered(addr, unrecorded.clone()).await {
                refused = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        assert!(
            refused,
            "an unrecorded certificate is refused once the NAS has one on record"
        );

        // Ours, for no NAS.
        let nobody = authority.issue_nas("no-such-nas", 30).unwrap();
        let nobody = rs::client_config_pem(
            &ca_pem,
            nobody.cert_pem.as_bytes(),
            nobody.key_pem.as_bytes(),
        );
        assert!(
            !answered(addr, nobody).await,
            "a certificate naming no NAS is refused"
        );

        // Revocation: the open connection is closed and the certificate refused from then on.
        let mut open = rs::connect(addr, good.clone(), None).await.unwrap();
        rs::exchange(&mut open, &rs::status_server(9))
            .await
            .expect("answered before");
        let out = s.cli(&["nas", "cert", "revoke", ROUTER]);
        assert!(out.contains("revoked 1 certificate"), "{out}");
        let closed =
            tokio::time::timeout(Duration::from_secs(15), rs::read_packet(&mut open)).await;
        assert!(
            matches!(closed, Ok(Err(_))),
            "the open connection is closed: {closed:?}"
        );
        assert!(
            !answered(addr, good).await,
            "a revoked certificate is refused"
        );
    });
    let log = s.stop();
    assert!(log.contains("radsec_refused_cert="), "{log}");
    let refused = final_counter(&log, "radsec_refused_cert");
    assert!(refused >= 5, "every refusal counted: {refused}\n{log}");
    assert_eq!(final_counter(&log, "radsec_closed_peer_changed"), 1);
}

#[test]
fn six_hundred_connections_stay_up() {
    const N: usize = 600;
    let s = rs::prepare(Db::Sqlite, "max_connections = 610\nmax_handshakes = 16");
    let (cert, key) = rs::add_router(&s, ROUTER, "192.0.2.23");
    let mut s = s.start();
    let addr = rs::radsec_addr(&s);
    let config = rs::client_config(&rs::ca_dir(&s).join("ca.crt"), &cert, &key);
    common::runtime().block_on(async {
        let mut conns = Vec::with_capacity(N);
        for i in 0..N {
            let mut c = rs::connect(addr, config.clone(), None)
                .await
                .unwrap_or_else(|e| panic!("connection {i}: {e}"));
            rs::exchange(&mut c, &rs::status_server((i % 256) as u8))
                .await
                .unwrap_or_else(|e| panic!("connection {i} answered: {e}"));
            conns.push(c);
        }
        // Every one of them is still open and answers.
        for (i, c) in conns.iter_mut().enumerate() {
            rs::exchange(c, &rs::status_server(((i + 7) % 256) as u8))
                .await
                .unwrap_or_else(|e| panic!("connection {i} still up: {e}"));
        }
        // The bound: beyond max_connections a connection is closed at once.
        let mut extra = Vec::new();
        for _ in 0..20 {
            if let Some(c) = answering(addr, config.clone()).await {
                extra.push(c);
            }
        }
        assert_eq!(
            extra.len(),
            10,
            "connections over the bound (610) are refused"
        );
        drop(conns);
    });
    let log = s.stop();
    assert!(final_counter(&log, "radsec_established") >= N as u64);
    assert!(final_counter(&log, "radsec_over_limit") >= 10);
}

#[test]
fn half_open_flood_leaves_udp_and_established_answered() {
    let s = rs::prepare(
        Db::Sqlite,
        "max_connections = 400\nmax_handshakes = 4\nhandshake_timeout_secs = 3",
    );
    let (cert, key) = rs::add_router(&s, ROUTER, "192.0.2.24");
    let mut s = s.start();
    let addr = rs::radsec_addr(&s);
    let config = rs::client_config(&rs::ca_dir(&s).join("ca.crt"), &cert, &key);
    let udp = s.client();
    common::runtime().block_on(async {
        let mut established = rs::connect(addr, config.clone(), None).await.unwrap();
        rs::exchange(&mut established, &rs::status_server(1))
            .await
            .unwrap();

        // 1,000 connections that never finish a handshake: half say nothing, half send the
        // start of a ClientHello record and stall.
        let mut flood = Vec::new();
        for i in 0..1000 {
            let Ok(mut tcp) = tokio::net::TcpStream::connect(addr).await else {
                continue;
            };
            if i % 2 == 0 {
                use tokio::io::AsyncWriteExt;
                let _ = tcp.write_all(&[0x16, 0x03, 0x01, 0x02, 0x00, 0x01]).await;
            }
            flood.push(tcp);
        }
        for n in 0..20 {
            let reply = udp
                .login("siswa", "rahasia-siswa")
                .expect("UDP login answered during the flood");
            assert_eq!(code(&reply), Code::AccessAccept, "login {n}");
            rs::exchange(&mut established, &rs::status_server(2 + n))
                .await
                .expect("the established connection answers during the flood");
        }
        // Once the stalled handshakes time out, new routers get in again.
        tokio::time::sleep(Duration::from_secs(4)).await;
        assert!(
            answered(addr, config.clone()).await,
            "a new handshake after the flood"
        );
        drop(flood);
    });
    let log = s.stop();
    assert!(
        final_counter(&log, "radsec_over_limit") > 0,
        "the bound held"
    );
    assert!(
        final_counter(&log, "radsec_handshake_timeout") > 0,
        "stalled handshakes timed out"
    );
}
