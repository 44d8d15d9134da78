//! PAP password hashing: argon2id PHC strings round-trip, honour the configured costs and
//! turn malformed input into `false` rather than a panic.

use radkota::auth::pap::{Argon2Params, hash_password, verify_password};

const FAST: Argon2Params = Argon2Params {
    memory_kib: 1024,
    iterations: 1,
    parallelism: 1,
};

#[test]
fn hash_then_verify() {
    let phc = hash_password(b"hunter42", &FAST).unwrap();
    assert!(phc.starts_with("$argon2id$v=19$"), "{phc}");
    assert!(verify_password(b"hunter42", &phc));
    assert!(!verify_password(b"hunter43", &phc));
    assert!(!verify_password(b"", &phc));
}

#[test]
fn salt_is_fresh() {
    let a = hash_password(b"same", &FAST).unwrap();
    let b = hash_password(b"same", &FAST).unwrap();
    assert_ne!(a, b);
    assert!(verify_password(b"same", &a) && verify_password(b"same", &b));
}

#[test]
fn params_are_honoured() {
    let p = Argon2Params {
        memory_kib: 2048,
        iterations: 2,
        parallelism: 2,
    };
    let phc = hash_password(b"pw", &p).unwrap();
    assert!(phc.contains("$m=2048,t=2,p=2$"), "{phc}");
    assert!(verify_password(b"pw", &phc));
    let phc = hash_password(b"pw", &FAST).unwrap();
    assert!(phc.contains("$m=1024,t=1,p=1$"), "{phc}");
}

#[test]
fn invalid_params_are_an_error() {
    let p = Argon2Params {
        memory_kib: 1,
        iterations: 0,
        parallelism: 0,
    };
    assert!(hash_password(b"pw", &p).is_err());
}

#[test]
fn malformed_phc_is_false() {
    let phc = hash_password(b"pw", &FAST).unwrap();
    for bad in [
        "",
        "plaintext",
        "$argon2id$",
        "$argon2id$v=19$m=1024,t=1,p=1$",
        "$scrypt$ln=4,r=8,p=1$c2FsdHNhbHQ$aGFzaA",
        &phc[..phc.len() - 5],
        &phc.replace("$v=19$", "$v=99$"),
        &phc.replace("m=1024", "m=4294967295"),
        &phc.replace("t=1,", "t=4294967295,"),
        &phc.replace("argon2id", "argon2x"),
    ] {
        assert!(!verify_password(b"pw", bad), "{bad}");
    }
}

/// Verification reuses one argon2 memory buffer per thread: hashes of other costs,
/// algorithms and versions, made by the argon2 crate's own allocating path, must still
/// verify, in any order on the same thread.
#[test]
fn verification_across_costs_algorithms_and_versions_on_one_thread() {
    use argon2::password_hash::PasswordHasher;
    use argon2::{Algorithm, Argon2, Params, Version};
    let mut phcs = Vec::new();
    for (m, t, p) in [(2048, 2, 2), (1024, 1, 1), (4096, 1, 1), (1024, 3, 4)] {
        for algorithm in [Algorithm::Argon2id, Algorithm::Argon2i, Algorithm::Argon2d] {
            for version in [Version::V0x13, Version::V0x10] {
                let params = Params::new(m, t, p, None).unwrap();
                let phc = Argon2::new(algorithm, version, params)
                    .hash_password(b"sandi-rw07")
                    .unwrap()
                    .to_string();
                phcs.push(phc);
            }
        }
    }
    for phc in phcs.iter().chain(phcs.iter().rev()) {
        assert!(verify_password(b"sandi-rw07", phc), "{phc}");
        assert!(!verify_password(b"sandi-rw08", phc), "{phc}");
    }
}
