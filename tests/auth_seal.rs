//! Sealed secrets: AEAD round trip and tamper detection, and the key file's format,
//! permissions and reload behaviour.

use std::os::unix::fs::PermissionsExt;

use radkota::auth::seal::{SealError, Sealer};

#[test]
fn round_trip_and_fresh_nonces() {
    let s = Sealer::from_key([7u8; 32]);
    let a = s.seal(b"chap-secret");
    let b = s.seal(b"chap-secret");
    assert_ne!(a, b, "nonce must be random");
    assert_eq!(a.len(), 24 + 11 + 16);
    assert_eq!(s.open(&a).unwrap(), b"chap-secret");
    assert_eq!(s.open(&s.seal(b"")).unwrap(), b"");
}

#[test]
fn tampering_and_wrong_key_are_detected() {
    let s = Sealer::from_key([7u8; 32]);
    let sealed = s.seal(b"nas shared secret");
    for i in 0..sealed.len() {
        let mut t = sealed.clone();
        t[i] ^= 0x01;
        assert!(matches!(s.open(&t), Err(SealError::Open)), "flip at {i}");
    }
    assert!(matches!(
        Sealer::from_key([8u8; 32]).open(&sealed),
        Err(SealError::Open)
    ));
    for n in 0..40 {
        assert!(matches!(s.open(&sealed[..n]), Err(SealError::Open)));
    }
}

#[test]
fn debug_does_not_print_the_key() {
    let s = Sealer::from_key([0xab; 32]);
    let d = format!("{s:?}");
    assert!(
        !d.contains("171") && !d.to_lowercase().contains("ab,"),
        "{d}"
    );
}

#[test]
fn key_file_created_0600_and_reloaded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/dir/seal.key");
    let first = Sealer::load_or_create(&path).unwrap();
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    assert_eq!(meta.len(), 32);

    let sealed = first.seal(b"pass00008");
    let second = Sealer::load_or_create(&path).unwrap();
    assert_eq!(second.open(&sealed).unwrap(), b"pass00008");
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 32, "not rewritten");
}

#[test]
fn concurrent_creators_agree() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("seal.key");
    let sealers: Vec<Sealer> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| s.spawn(|| Sealer::load_or_create(&path).unwrap()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let sealed = sealers[0].seal(b"x");
    for s in &sealers {
        assert_eq!(s.open(&sealed).unwrap(), b"x");
    }
}

fn write_key(path: &std::path::Path, bytes: &[u8], mode: u32) {
    std::fs::write(path, bytes).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn wrong_size_key_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    for len in [0usize, 31, 33, 65] {
        let path = dir.path().join(format!("k{len}"));
        let secret = vec![0x5a; len];
        write_key(&path, &secret, 0o600);
        let err = Sealer::load_or_create(&path).unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, SealError::KeyFile { .. }), "{msg}");
        assert!(msg.contains("32"), "{msg}");
        // The file's path is random (a temporary directory) and may itself hold "5a".
        let without_path = msg.replace(&path.display().to_string(), "");
        assert!(
            !without_path.contains("5a") && !without_path.contains("90"),
            "leaks key: {msg}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), secret, "file left alone");
    }
}

#[test]
fn readable_key_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for mode in [0o644, 0o640, 0o604, 0o660] {
        let path = dir.path().join(format!("k{mode:o}"));
        write_key(&path, &[1u8; 32], mode);
        let err = Sealer::load_or_create(&path).unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, SealError::KeyFile { .. }));
        assert!(msg.contains("chmod 600"), "{msg}");
    }
    let path = dir.path().join("ok");
    write_key(&path, &[1u8; 32], 0o600);
    let ok = Sealer::load_or_create(&path).unwrap();
    let same = Sealer::from_key([1u8; 32]);
    assert_eq!(same.open(&ok.seal(b"y")).unwrap(), b"y");
}
