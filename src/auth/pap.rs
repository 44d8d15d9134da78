//! PAP: passwords stored as argon2id PHC strings, verified on a bounded blocking pool.

use argon2::password_hash::PasswordHasher;
use argon2::password_hash::phc::{Output, PasswordHash};
use argon2::{Algorithm, Argon2, Block, Params, Version};
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

/// Largest memory cost (KiB, 1 GiB) a stored PHC string may ask for at verification time.
///
/// Verification takes its costs from the stored string, so a corrupt or hostile row could
/// otherwise make the server try to allocate gigabytes (or abort) on every login.
pub const MAX_VERIFY_MEMORY_KIB: u32 = 1024 * 1024;

/// Largest number of passes a stored PHC string may ask for, for the same reason.
pub const MAX_VERIFY_ITERATIONS: u32 = 64;

/// Hashes a password into an argon2id PHC string with a fresh random salt.
pub fn hash_password(password: &[u8], params: &Argon2Params) -> Result<String, HashError> {
    let params = Params::new(
        params.memory_kib,
        params.iterations,
        params.parallelism,
        None,
    )
    .map_err(|e| HashError(format!("invalid argon2 parameters: {e}")))?;
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
    // `hash_password` draws a fresh salt from the OS generator.
    let hash = argon2
        .hash_password(password)
        .map_err(|e| HashError(e.to_string()))?;
    Ok(hash.to_string())
}

/// Checks a password against a PHC string; a malformed PHC string is `false`.
pub fn verify_password(password: &[u8], phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return false;
    };
    if params.m_cost() > MAX_VERIFY_MEMORY_KIB || params.t_cost() > MAX_VERIFY_ITERATIONS {
        return false;
    }
    // Algorithm, version and costs come from the PHC string, not from our settings.
    let (Some(salt), Some(expected)) = (&parsed.salt, &parsed.hash) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm.as_str()) else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from) {
        None => Version::V0x13,
        Some(Ok(v)) => v,
        Some(Err(_)) => return false,
    };
    let blocks = params.block_count();
    let argon2 = Argon2::new(algorithm, version, params);
    let mut out = vec![0u8; expected.len()];
    let hashed = BLOCKS.with_borrow_mut(|memory| {
        if memory.len() < blocks {
            if memory.capacity() < blocks {
                *memory = Vec::with_capacity(blocks.max(BUFFER_FLOOR_BLOCKS));
            }
            memory.resize(blocks, Block::default());
        }
        argon2.hash_password_into_with_memory(
            password,
            salt.as_ref(),
            &mut out,
            &mut memory[..blocks],
        )
    });
    // `Output`'s equality is constant time.
    hashed.is_ok() && Output::new(&out).is_ok_and(|computed| computed == *expected)
}

/// The least capacity of a thread's argon2 buffer, in 1 KiB blocks: above glibc's largest
/// dynamic mmap threshold (32 MiB), so the buffer is always a mapping of its own and
/// `release_memory` hands it back to the OS at once. Only the pages argon2 touches (19 MiB
/// at OWASP cost) ever become resident. Below it, glibc kept every freed buffer: two
/// argon2 threads held 40 MiB for good after the first PAP burst, measured.
const BUFFER_FLOOR_BLOCKS: usize = 33 * 1024;

thread_local! {
    // argon2 allocates its memory zeroed on every call: a 19 MiB memset that was a tenth
    // of a verification in profiles. Every block is written before it is read, so each
    // thread that verifies keeps one buffer and reuses it.
    static BLOCKS: std::cell::RefCell<Vec<Block>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Gives back this thread's argon2 memory (until its next verification).
pub fn release_memory() {
    BLOCKS.with_borrow_mut(|memory| *memory = Vec::new());
}
