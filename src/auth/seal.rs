//! Sealed secrets at rest: reversible secrets (CHAP/MS-CHAP passwords, NAS shared secrets)
//! are stored encrypted with an AEAD key kept in a separate key file, never in cleartext.
//!
//! Key file format: exactly 32 raw octets (no encoding, no newline), mode 0600. Back it up
//! with the database: without it, sealed values cannot be opened.
//! Sealed format: 24-octet random nonce || XChaCha20-Poly1305 ciphertext || 16-octet tag.

use std::fs::{self, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;
use std::time::Duration;

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use rand::rngs::OsRng;

/// Key length in octets; also the exact size of the key file.
pub const KEY_LEN: usize = 32;
/// Nonce length in octets (XChaCha20-Poly1305: long enough for random nonces).
pub const NONCE_LEN: usize = 24;
/// Authentication tag length in octets.
pub const TAG_LEN: usize = 16;

/// Why the key file or a sealed value could not be used.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    /// The key file is missing, unreadable, the wrong size or too widely readable.
    #[error("key file {path}: {reason}")]
    KeyFile {
        /// Path of the key file.
        path: String,
        /// What is wrong, and what the operator should do; never contains key material.
        reason: String,
    },
    /// Authentication failed; deliberately says nothing about why.
    #[error("sealed value is corrupt or was sealed with another key")]
    Open,
}

/// Seals and opens secrets with the installation's key.
#[derive(Clone)]
pub struct Sealer {
    key: [u8; 32],
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer(..)")
    }
}

fn key_file_error(path: &Path, reason: impl Into<String>) -> SealError {
    SealError::KeyFile {
        path: path.display().to_string(),
        reason: reason.into(),
    }
}

/// Why reading an existing key file failed; `Short` may be a concurrent creator mid-write.
enum ReadError {
    Short(usize),
    Fatal(SealError),
}

fn read_key_file(path: &Path) -> Result<[u8; KEY_LEN], ReadError> {
    let file = fs::File::open(path)
        .map_err(|e| ReadError::Fatal(key_file_error(path, format!("cannot open: {e}"))))?;
    let meta = file
        .metadata()
        .map_err(|e| ReadError::Fatal(key_file_error(path, format!("cannot stat: {e}"))))?;
    if !meta.is_file() {
        return Err(ReadError::Fatal(key_file_error(path, "not a regular file")));
    }
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(ReadError::Fatal(key_file_error(
            path,
            format!(
                "is accessible by group or others (mode {mode:04o}); run `chmod 600 {}`",
                path.display()
            ),
        )));
    }
    // Read one octet more than needed so an oversized file is detected without reading
    // an arbitrarily large file into memory.
    let mut buf = Vec::with_capacity(KEY_LEN + 1);
    file.take(KEY_LEN as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| ReadError::Fatal(key_file_error(path, format!("cannot read: {e}"))))?;
    if buf.len() < KEY_LEN {
        return Err(ReadError::Short(buf.len()));
    }
    let key: [u8; KEY_LEN] = buf.as_slice().try_into().map_err(|_| {
        ReadError::Fatal(key_file_error(
            path,
            format!("expected exactly {KEY_LEN} raw octets, found more"),
        ))
    })?;
    Ok(key)
}

fn wrong_size(path: &Path, found: usize) -> SealError {
    key_file_error(
        path,
        format!("expected exactly {KEY_LEN} raw octets, found {found}"),
    )
}

/// Reads an existing key file, giving a concurrent creator a moment to finish writing.
fn load_existing(path: &Path) -> Result<[u8; KEY_LEN], SealError> {
    let mut last = 0;
    for _ in 0..20 {
        match read_key_file(path) {
            Ok(key) => return Ok(key),
            Err(ReadError::Fatal(e)) => return Err(e),
            Err(ReadError::Short(n)) => {
                last = n;
                std::thread::sleep(Duration::from_millis(25));
            }
        }
    }
    Err(wrong_size(path, last))
}

fn create_key_file(path: &Path) -> Result<Option<[u8; KEY_LEN]>, SealError> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(parent)
            .map_err(|e| key_file_error(path, format!("cannot create directory: {e}")))?;
    }
    // create_new: if another process wins the race, we load its key instead of
    // overwriting it (which would orphan everything it has sealed).
    let mut file = match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::AlreadyExists => return Ok(None),
        Err(e) => return Err(key_file_error(path, format!("cannot create: {e}"))),
    };
    let mut key = [0u8; KEY_LEN];
    OsRng
        .try_fill_bytes(&mut key)
        .map_err(|e| key_file_error(path, format!("no randomness for a new key: {e}")))?;
    let written = file.write_all(&key).and_then(|()| file.sync_all());
    if let Err(e) = written {
        // A partial key file would fail every later start; remove it so a retry is clean.
        let _ = fs::remove_file(path);
        return Err(key_file_error(path, format!("cannot write: {e}")));
    }
    Ok(Some(key))
}

impl Sealer {
    /// Loads the 32-octet key file, creating it (mode 0600, parent directories too) when it
    /// does not exist.
    pub fn load_or_create(path: &Path) -> Result<Sealer, SealError> {
        match fs::symlink_metadata(path) {
            Ok(_) => return load_existing(path).map(Sealer::from_key),
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => return Err(key_file_error(path, format!("cannot stat: {e}"))),
        }
        match create_key_file(path)? {
            Some(key) => Ok(Sealer::from_key(key)),
            None => load_existing(path).map(Sealer::from_key),
        }
    }

    /// A sealer with a given key (tests).
    pub fn from_key(key: [u8; 32]) -> Sealer {
        Sealer { key }
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new((&self.key).into())
    }

    /// Encrypts with a fresh random nonce; output is nonce || ciphertext || tag.
    pub fn seal(&self, plaintext: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_LEN];
        OsRng.fill_bytes(&mut nonce);
        let ciphertext = self
            .cipher()
            .encrypt(XNonce::from_slice(&nonce), plaintext)
            // The AEAD refuses only plaintexts over ~256 GiB, which no secret approaches.
            .expect("XChaCha20-Poly1305 encryption of an in-memory secret");
        let mut out = Vec::with_capacity(NONCE_LEN + ciphertext.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ciphertext);
        out
    }

    /// Decrypts a value made by `seal`.
    pub fn open(&self, sealed: &[u8]) -> Result<Vec<u8>, SealError> {
        if sealed.len() < NONCE_LEN + TAG_LEN {
            return Err(SealError::Open);
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
        self.cipher()
            .decrypt(XNonce::from_slice(nonce), ciphertext)
            .map_err(|_| SealError::Open)
    }
}
