//! PAP: passwords stored as argon2id PHC strings, verified on a bounded blocking pool.

use serde::{Deserialize, Serialize};

/// Argon2id cost parameters; the default is OWASP's (19 MiB, 2 passes, 1 lane).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Argon2Params {
    /// Memory cost in KiB.
    pub memory_kib: u32,
    /// Number of passes.
    pub iterations: u32,
    /// Degree of parallelism (lanes).
    pub parallelism: u32,
}

impl Default for Argon2Params {
    fn default() -> Self {
        Argon2Params {
            memory_kib: 19 * 1024,
            iterations: 2,
            parallelism: 1,
        }
    }
}

/// Errors from hashing (bad parameters); verification failures are `false`, not errors.
#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(pub String);

/// Hashes a password into an argon2id PHC string with a fresh random salt.
pub fn hash_password(password: &[u8], params: &Argon2Params) -> Result<String, HashError> {
    let _ = (password, params);
    todo!("auth helper")
}

/// Checks a password against a PHC string; a malformed PHC string is `false`.
pub fn verify_password(password: &[u8], phc: &str) -> bool {
    let _ = (password, phc);
    todo!("auth helper")
}
