//! Bodies of the fuzz targets in `fuzz/`, kept in the library so that `tests/fuzz_corpus.rs`
//! replays every committed corpus file through exactly the code libFuzzer runs, without
//! libFuzzer. Each function takes arbitrary bytes, must never panic, and panics (a finding)
//! when an invariant of the code under test is broken.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::accounting::DayZone;
use crate::accounting::request::{ParseContext, parse as parse_acct};
use crate::auth::chap::verify_chap;
use crate::auth::mschapv2::verify_mschapv2;
use crate::auth::seal::Sealer;
use crate::config::Config;
use crate::dictionary::Dictionary;
use crate::import::{CsvTable, areas, nas, users};
use crate::protocol::crypto::{
    MessageAuthenticator, check_message_authenticator, hide_password, unhide_password,
    verify_request_authenticator,
};
use crate::protocol::{Code, Packet, PacketBuilder, attr};

/// The shared secret the packet targets verify and re-sign with.
pub const SECRET: &[u8] = b"testing123";
/// The password the CHAP and MS-CHAPv2 checks are run against (the corpus's test user's).
const PASSWORD: &str = "password";

/// Decode, then every check the auth port makes before a decision: Message-Authenticator,
/// User-Password recovery, CHAP and MS-CHAPv2. The packet is then re-signed with [`SECRET`]
/// so that the verified path is reached too, and the signed copy must verify.
pub fn auth_packet(data: &[u8]) {
    let Some(packet) = decoded(data) else {
        return;
    };
    credentials(&packet);
    let with_ma = packet.attr(attr::MESSAGE_AUTHENTICATOR).is_some();
    let Some(signed) = resign(&packet, Code::AccessRequest, with_ma) else {
        return;
    };
    let Ok(signed_packet) = Packet::decode(&signed) else {
        panic!("a packet the builder signed does not decode");
    };
    let want = if with_ma {
        MessageAuthenticator::Valid
    } else {
        MessageAuthenticator::Absent
    };
    assert_eq!(
        check_message_authenticator(&signed, SECRET, None),
        want,
        "re-signed Access-Request"
    );
    same_attributes(&packet, &signed_packet);
    credentials(&signed_packet);
}

/// Decode, Request Authenticator and Message-Authenticator checks, then the accounting
/// parser on a copy re-signed with [`SECRET`], which must verify.
pub fn acct_packet(data: &[u8]) {
    let Some(packet) = decoded(data) else {
        return;
    };
    let _ = verify_request_authenticator(packet.raw(), SECRET);
    let with_ma = packet.attr(attr::MESSAGE_AUTHENTICATOR).is_some();
    let Some(signed) = resign(&packet, Code::AccountingRequest, with_ma) else {
        return;
    };
    assert!(
        verify_request_authenticator(&signed, SECRET),
        "re-signed Accounting-Request fails its Request Authenticator"
    );
    assert_ne!(
        check_message_authenticator(&signed, SECRET, None),
        MessageAuthenticator::Invalid,
        "re-signed Accounting-Request fails its Message-Authenticator"
    );
    let Ok(signed_packet) = Packet::decode(&signed) else {
        panic!("a packet the builder signed does not decode");
    };
    same_attributes(&packet, &signed_packet);
    let zone = DayZone::parse("Asia/Jakarta").unwrap_or_else(|e| panic!("{e}"));
    let cx = ParseContext {
        nas_id: 1,
        received_at: 1_767_225_600,
        zone: &zone,
        interim_interval: 300,
    };
    if let Ok(record) = parse_acct(&signed_packet, &cx) {
        for (what, v) in [
            ("input_octets", record.input_octets),
            ("output_octets", record.output_octets),
            ("session_time", record.session_time),
            ("input_packets", record.input_packets),
            ("output_packets", record.output_packets),
        ] {
            assert!(v >= 0, "{what} is negative: {v}");
        }
        assert!((0..24).contains(&record.hour), "hour {}", record.hour);
    }
}

/// Decodes a datagram; an undecodable one must fail every verification.
fn decoded(data: &[u8]) -> Option<Packet<'_>> {
    match Packet::decode(data) {
        Ok(p) => {
            // Framing was checked by decode, so walking it again must not fail or loop.
            let n = p.attributes().count();
            assert!(n <= crate::protocol::MAX_PACKET_LEN / 2);
            let _ = p.vendor_attributes().count();
            Some(p)
        }
        Err(_) => {
            assert!(!verify_request_authenticator(data, SECRET));
            assert_eq!(
                check_message_authenticator(data, SECRET, None),
                MessageAuthenticator::Invalid
            );
            None
        }
    }
}

/// Runs the credential checks an Access-Request's attributes lead to.
fn credentials(packet: &Packet<'_>) {
    let _ = check_message_authenticator(packet.raw(), SECRET, None);
    if let Some(hidden) = packet.attr(attr::USER_PASSWORD) {
        if let Some(clear) = unhide_password(hidden, SECRET, &packet.authenticator) {
            // Hiding what was recovered gives back the same cleartext (padding aside).
            let again = hide_password(&clear, SECRET, &packet.authenticator)
                .unwrap_or_else(|e| panic!("recovered password cannot be hidden again: {e}"));
            assert_eq!(
                unhide_password(&again, SECRET, &packet.authenticator),
                Some(clear)
            );
        }
    }
    if let Some(response) = packet.attr(attr::CHAP_PASSWORD) {
        let challenge = packet
            .attr(attr::CHAP_CHALLENGE)
            .unwrap_or(&packet.authenticator);
        let _ = verify_chap(response, challenge, PASSWORD.as_bytes());
    }
    let ms = |typ| packet.vendor_attr(attr::VENDOR_MICROSOFT, typ);
    if let (Some(challenge), Some(response)) = (
        ms(attr::ms::MS_CHAP_CHALLENGE),
        ms(attr::ms::MS_CHAP2_RESPONSE),
    ) {
        let user = packet.attr(attr::USER_NAME).unwrap_or_default();
        let _ = verify_mschapv2(user, PASSWORD, challenge, response);
    }
}

/// The packet's attributes (its Message-Authenticator left out) in a request of `code`
/// signed with [`SECRET`]; `None` when they do not fit a packet with one added.
fn resign(packet: &Packet<'_>, code: Code, with_ma: bool) -> Option<Vec<u8>> {
    let mut b = PacketBuilder::new(code, packet.identifier);
    for a in packet.attributes() {
        if a.typ != attr::MESSAGE_AUTHENTICATOR {
            b.add(a.typ, a.value)
                .unwrap_or_else(|e| panic!("a decoded attribute cannot be re-encoded: {e}"));
        }
    }
    b.finish_request(&packet.authenticator, SECRET, with_ma)
        .ok()
}

/// The signed copy holds the same attributes in the same order, less Message-Authenticator.
fn same_attributes(original: &Packet<'_>, signed: &Packet<'_>) {
    let keep = |p: &Packet<'_>| {
        p.attributes()
            .filter(|a| a.typ != attr::MESSAGE_AUTHENTICATOR)
            .map(|a| (a.typ, a.value.to_vec()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        keep(original),
        keep(signed),
        "attributes changed by re-signing"
    );
}

/// The dictionary parser on one file, in a private directory next to copies of the shipped
/// dictionaries (so `$INCLUDE dictionary.rfc2865` resolves). Inputs naming a path with `/`
/// are skipped: an `$INCLUDE` of a device such as /dev/zero is the operator's own file, and
/// a fuzzer must not read the host.
pub fn dictionary(data: &[u8]) {
    if data.contains(&b'/') || data.windows(2).any(|w| w == b"..") {
        return;
    }
    let dir = dictionary_dir();
    let path = dir.join("fuzzed");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    if let Ok(dict) = Dictionary::load(&path) {
        // Every name the parser accepted must be found again, by name and by number.
        for name in ["User-Name", "Mikrotik-Rate-Limit", "fuzzed"] {
            if let Some(def) = dict.attr(name) {
                let _ = dict.name_of(def.vendor, def.number);
                let _ = def.format(b"\x00\x00\x00\x01");
                let _ = def.encode("1");
            }
        }
    }
}

fn dictionary_dir() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("radkota-fuzz-dict-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let shipped = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dictionaries");
        if let Ok(entries) = std::fs::read_dir(shipped) {
            for e in entries.flatten() {
                let _ = std::fs::copy(e.path(), dir.join(e.file_name()));
            }
        }
        dir
    })
    .clone()
}

/// The config loader: TOML parse, then validation, then the derived values the server
/// reads at start-up.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(cfg) = Config::from_toml(text, "fuzzed.toml") else {
        return;
    };
    if cfg.validate().is_ok() {
        let _ = cfg.auth_addrs();
        let _ = cfg.acct_addrs();
        let _ = cfg.argon2_workers();
        let _ = cfg.database_url();
        let _ = cfg.day_zone();
        let _ = cfg.purge_cutoffs(1_767_225_600);
    }
}

/// The users CSV importer: header and line parsing, then row validation.
pub fn import_users(data: &[u8]) {
    let Ok(table) = CsvTable::parse(data, users::REQUIRED, users::OPTIONAL, users::IGNORED) else {
        return;
    };
    let known = users::Known {
        plans: HashSet::from(["pelajar".to_string(), "umkm".to_string()]),
        areas: Some(HashSet::from(["3273-01-001-01".to_string()])),
        usernames: HashSet::from(["siti".to_string()]),
    };
    let (good, bad) = users::validate(&table, &known, false);
    assert_eq!(good.len() + bad.len(), table.rows.len(), "a row was lost");
    for row in &good {
        assert!(crate::import::check_username(&row.username).is_ok());
    }
}

/// The NAS CSV importer: parsing, validation and sealing of each secret.
pub fn import_nas(data: &[u8]) {
    let Ok(table) = CsvTable::parse(data, nas::REQUIRED, nas::OPTIONAL, &[]) else {
        return;
    };
    let known = nas::Known {
        names: HashSet::from(["rw01-hotspot".to_string()]),
        addresses: HashSet::from(["10.7.0.1".to_string()]),
        rws: None,
    };
    let sealer = Sealer::from_key([7; 32]);
    let (good, bad) = nas::validate(&table, &known, &sealer);
    assert_eq!(good.len() + bad.len(), table.rows.len(), "a row was lost");
    for n in &good {
        assert!(nas::check_name(&n.name).is_ok());
        // What was sealed must open again with the same key.
        let _ = sealer
            .open(&n.sealed_secret)
            .unwrap_or_else(|e| panic!("{e}"));
    }
}

/// The areas CSV importer: parsing and validation of the kecamatan > kelurahan > RW tree.
pub fn import_areas(data: &[u8]) {
    let Ok(table) = CsvTable::parse(data, areas::REQUIRED, areas::OPTIONAL, &[]) else {
        return;
    };
    let _ = areas::validate(&table);
}

/// The admin API's JSON bodies through the real router (axum's JSON extractor, validation,
/// the store on a private SQLite file), as an admin token would send them. The first octet
/// picks the endpoint, the rest is the body. No body may cause a server error, and every
/// refusal is an RFC 9457 problem document.
pub fn admin_json(data: &[u8]) {
    use axum::body::Body;
    use axum::http::{Method, Request, header};
    use tower::ServiceExt;

    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let (method, path) = match pick % 3 {
        0 => (Method::POST, "/api/v1/users"),
        1 => (Method::PATCH, "/api/v1/users/siti"),
        _ => (Method::POST, "/api/v1/nas"),
    };
    let api = admin_api();
    let Ok(request) = Request::builder()
        .method(method)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {ADMIN_TOKEN}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_vec()))
    else {
        return;
    };
    let router = crate::admin::router(api.state.clone());
    api.runtime.block_on(async move {
        let Ok(response) = router.oneshot(request).await;
        let status = response.status();
        let problem = response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v == "application/problem+json");
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap_or_else(|e| panic!("response body: {e}"));
        assert!(
            !status.is_server_error(),
            "{path}: {status}: {}",
            String::from_utf8_lossy(&bytes)
        );
        if !status.is_success() {
            assert!(problem, "{path}: {status} is not problem+json");
            let doc: serde_json::Value = serde_json::from_slice(&bytes)
                .unwrap_or_else(|e| panic!("{path}: problem document is not JSON: {e}"));
            assert_eq!(doc["status"], status.as_u16());
        }
    });
}

const ADMIN_TOKEN: &str = "fuzz-admin-token-0123456789abcdef";

struct AdminApi {
    runtime: tokio::runtime::Runtime,
    state: crate::admin::AppState,
    /// Holds the database's directory for the life of the process.
    _dir: tempfile_dir::Dir,
}

fn admin_api() -> &'static AdminApi {
    static API: std::sync::OnceLock<AdminApi> = std::sync::OnceLock::new();
    API.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap_or_else(|e| panic!("runtime: {e}"));
        let dir = tempfile_dir::Dir::new("radkota-fuzz-admin");
        let url = format!("sqlite://{}?mode=rwc", dir.0.join("fuzz.db").display());
        let state = runtime.block_on(async {
            let store = crate::store::Store::connect(&url)
                .await
                .unwrap_or_else(|e| panic!("store: {e}"));
            store
                .migrate()
                .await
                .unwrap_or_else(|e| panic!("migrate: {e}"));
            let hash = crate::admin::auth::token_hash(ADMIN_TOKEN);
            store
                .create_token(
                    "fuzz",
                    crate::store::Role::Admin,
                    None,
                    &hash,
                    &crate::store::Actor::cli(),
                )
                .await
                .unwrap_or_else(|e| panic!("token: {e}"));
            let config = Config::default();
            crate::admin::AppState::new(crate::admin::Inner {
                store,
                sealer: Sealer::from_key([7; 32]),
                // The cheapest argon2 there is: the fuzzer is after the parsing, not the hash.
                argon2: crate::auth::pap::Argon2Params {
                    memory_kib: 8,
                    iterations: 1,
                    parallelism: 1,
                },
                limiter: crate::http::backoff::Backoff::default(),
                coa: crate::coa::CoaSettings::from_config(&config.coa),
                zone: config.day_zone(),
                reports: config.reports.clone(),
                config: std::sync::Arc::new(config.clone()),
                trace: None,
            })
        });
        AdminApi {
            runtime,
            state,
            _dir: dir,
        }
    })
}

/// A directory under the system's temporary directory, removed when dropped.
mod tempfile_dir {
    use std::path::PathBuf;

    pub struct Dir(pub PathBuf);

    impl Dir {
        pub fn new(prefix: &str) -> Dir {
            let path = std::env::temp_dir().join(format!("{prefix}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&path);
            let _ = std::fs::create_dir_all(&path);
            Dir(path)
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}
