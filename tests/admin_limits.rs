//! Resource bounds of the admin API over real TCP, against `radkota serve` with a small
//! `[admin]` configuration: the body size limit, the request timeout (a body that never
//! finishes), the idle timeout (a client that sends nothing), and the caps on connections
//! per address and in total. The failed-token back-off is tested in tests/admin_api.rs.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use common::{Db, Server};

/// The configured request and idle timeout.
const TIMEOUT_SECS: u64 = 2;

fn start() -> (Server, SocketAddr, String) {
    let s = Server::prepare_with(
        Db::Sqlite,
        &format!(
            "[admin]\nenabled = true\nlisten = \"127.0.0.1:0\"\nmax_connections = 4\n\
             max_connections_per_address = 2\nrequest_timeout_secs = {TIMEOUT_SECS}\n"
        ),
    );
    let token = s
        .cli(&["token", "create", "--role", "admin", "--name", "limits"])
        .trim()
        .to_string();
    let s = s.start();
    assert!(
        common::eventually(10, || s.log_contains("admin API listening")),
        "{}",
        s.log()
    );
    let addr = s
        .log()
        .lines()
        .find(|l| l.contains("admin API listening"))
        .and_then(|l| {
            l[l.find("addr=")? + 5..]
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        })
        .expect("admin address");
    (s, addr, token)
}

/// Connects from `local` (another loopback address acts as another client).
fn connect(local: &str, to: SocketAddr) -> TcpStream {
    let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    let local: SocketAddr = format!("{local}:0").parse().unwrap();
    socket.bind(&local.into()).unwrap();
    socket.connect(&to.into()).unwrap();
    let stream: TcpStream = socket.into();
    stream
        .set_read_timeout(Some(Duration::from_secs(TIMEOUT_SECS * 5)))
        .unwrap();
    stream
}

/// Sends `request` and reads until the server closes or the read times out; returns the
/// status line's code (0 when nothing came back) and how long it took.
fn exchange(stream: &mut TcpStream, request: &[u8]) -> (u16, Duration) {
    let t = Instant::now();
    stream.write_all(request).unwrap();
    (read_status(stream), t.elapsed())
}

fn read_status(stream: &mut TcpStream) -> u16 {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                got.extend_from_slice(&buf[..n]);
                if got.windows(4).any(|w| w == b"\r\n\r\n") {
                    break;
                }
            }
        }
    }
    let text = String::from_utf8_lossy(&got);
    text.split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

fn get_users(token: &str) -> Vec<u8> {
    format!(
        "GET /api/v1/users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
    )
    .into_bytes()
}

#[test]
fn body_limit_and_request_timeout() {
    let (_s, addr, token) = start();
    // 100 KiB of JSON: refused before it is parsed.
    let body = format!("{{\"username\":\"{}\"}}", "a".repeat(100 * 1024));
    let req = format!(
        "POST /api/v1/users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let (status, _) = exchange(&mut connect("127.0.0.1", addr), req.as_bytes());
    assert_eq!(status, 413, "oversized body");

    // A body announced and never finished: 408 after the request timeout, not never.
    let req = format!(
        "POST /api/v1/users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{{\"username\":"
    );
    let (status, took) = exchange(&mut connect("127.0.0.1", addr), req.as_bytes());
    assert_eq!(status, 408, "unfinished body");
    assert!(took >= Duration::from_secs(TIMEOUT_SECS) - Duration::from_millis(100));

    // Half a request line and then silence: the connection is closed after the idle time
    // (twice the request timeout).
    let mut slow = connect("127.0.0.1", addr);
    let (status, took) = exchange(&mut slow, b"GET /api/v1/us");
    assert_eq!(status, 0, "nothing is answered to half a request line");
    assert!(
        took >= Duration::from_secs(TIMEOUT_SECS * 2) - Duration::from_millis(200)
            && took < Duration::from_secs(TIMEOUT_SECS * 3),
        "closed after the idle timeout, took {took:?}"
    );

    // And a normal request still works.
    let (status, _) = exchange(&mut connect("127.0.0.1", addr), &get_users(&token));
    assert_eq!(status, 200);
}

#[test]
fn connections_are_capped_per_address_and_in_total() {
    let (_s, addr, token) = start();
    // Two idle connections from 127.0.0.1 use its share; a third is closed unanswered.
    let held: Vec<TcpStream> = (0..2).map(|_| connect("127.0.0.1", addr)).collect();
    std::thread::sleep(Duration::from_millis(200));
    let (status, took) = exchange(&mut connect("127.0.0.1", addr), &get_users(&token));
    assert_eq!(
        status, 0,
        "a third connection from the same address is refused"
    );
    assert!(
        took < Duration::from_secs(TIMEOUT_SECS),
        "refused at once, took {took:?}"
    );
    // Another address is still served.
    let (status, _) = exchange(&mut connect("127.0.0.2", addr), &get_users(&token));
    assert_eq!(status, 200, "another address is served");

    // Four idle connections from two other addresses fill the total of 4: a fifth client
    // waits in the accept queue until the idle ones time out (after twice the request
    // timeout), and is then served.
    drop(held);
    std::thread::sleep(Duration::from_millis(300));
    let more: Vec<TcpStream> = ["127.0.0.3", "127.0.0.3", "127.0.0.5", "127.0.0.5"]
        .into_iter()
        .map(|a| connect(a, addr))
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    let (status, took) = exchange(&mut connect("127.0.0.4", addr), &get_users(&token));
    assert_eq!(status, 200, "served once the idle connections are closed");
    assert!(
        took >= Duration::from_secs(TIMEOUT_SECS * 2) - Duration::from_millis(800),
        "it had to wait for a free connection, took {took:?}"
    );
    drop(more);
}
