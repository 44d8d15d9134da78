//! Sealed secrets at rest: reversible secrets (CHAP/MS-CHAP passwords, NAS shared secrets)
//! are stored encrypted with an AEAD key kept in a separate key file, never in cleartext.
//!
//! Key file format: exactly 32 raw octets (no encoding, no newline), mode 0600. Back it up
//! with the database: without it, sealed values cannot be opened.
//! Sealed format: 24-octet random nonce || XChaCha20-Poly1305 ciphertext || 16-octet tag.
//!
//! The database records a check value of its key ([`Sealer::check_value`]), so a process
//! with the wrong key file is refused (see `key_bind`); `radkota key rotate` replaces the
//! file while servers run, and a sealer that was loaded from a file notices the new one.

use std::fs::{self, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use rand::rngs::OsRng;
use sha2::Sha256;

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
///
/// Clones share one key ring: when the key file is replaced (`radkota key rotate`) every
/// clone seals with the new key and still opens values sealed with the old one.
#[derive(Clone)]
pub struct Sealer {
    ring: Arc<RwLock<Ring>>,
}

/// The keys a sealer knows and the file they came from.
struct Ring {
    current: [u8; KEY_LEN],
    /// Keys replaced while this process ran, newest first (values sealed before a rotation
    /// that this process read earlier, and rows of a rotation still being committed).
    older: Vec<[u8; KEY_LEN]>,
    source: Option<Source>,
}

/// The key file a ring was loaded from, and what it looked like then.
struct Source {
    path: PathBuf,
    stamp: Option<Stamp>,
    /// Last re-read after a failed open, so a flood of bad values cannot hammer the disk.
    last_reread: Option<Instant>,
}

/// Identity of a key file's contents as far as `stat` tells: a rename changes the inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    dev: u64,
    ino: u64,
    len: u64,
    mtime_ns: i64,
}

fn stamp(path: &Path) -> Option<Stamp> {
    let m = fs::metadata(path).ok()?;
    Some(Stamp {
        dev: m.dev(),
        ino: m.ino(),
        len: m.len(),
        mtime_ns: m.mtime().saturating_mul(1_000_000_000) + m.mtime_nsec(),
    })
}

/// Label of the check value: HMAC-SHA256(key, label). Versioned so a later scheme can
/// coexist.
const CHECK_LABEL: &[u8] = b"radkota key check v1";

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

/// Writes a fresh key to `path` (which must not exist): mode 0600, fsynced, parent
/// directories created 0700. `None` when another process created the file first.
pub fn create_key_file_new(path: &Path) -> Result<Option<[u8; KEY_LEN]>, SealError> {
    create_key_file(path)
}

/// Reads an existing key file (mode 0600, exactly 32 octets).
pub fn read_existing_key(path: &Path) -> Result<[u8; KEY_LEN], SealError> {
    load_existing(path)
}

/// A fresh random key.
pub fn random_key() -> Result<[u8; KEY_LEN], SealError> {
    let mut key = [0u8; KEY_LEN];
    OsRng
        .try_fill_bytes(&mut key)
        .map_err(|e| SealError::KeyFile {
            path: String::new(),
            reason: format!("no randomness for a new key: {e}"),
        })?;
    Ok(key)
}

/// The check value of `key`: hex HMAC-SHA256 of a fixed label. It tells whether a key is
/// the database's without revealing the key.
pub fn check_value_of(key: &[u8; KEY_LEN]) -> String {
    use hmac::{Hmac, Mac};
    let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(key) else {
        // HMAC takes keys of any length; this branch cannot be reached with 32 octets.
        return String::new();
    };
    mac.update(CHECK_LABEL);
    hex::encode(mac.finalize().into_bytes())
}

/// The short form of a check value shown to operators ("key id").
pub fn key_id(check_value: &str) -> &str {
    check_value.get(..12).unwrap_or(check_value)
}

impl Sealer {
    /// Loads the 32-octet key file, creating it (mode 0600, parent directories too) when it
    /// does not exist. Does not look at any database: processes that open the store use
    /// `key_bind::bind`, which creates a key only together with a new database.
    pub fn load_or_create(path: &Path) -> Result<Sealer, SealError> {
        match fs::symlink_metadata(path) {
            Ok(_) => return Sealer::load(path),
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => return Err(key_file_error(path, format!("cannot stat: {e}"))),
        }
        match create_key_file(path)? {
            Some(key) => Ok(Sealer::from_file_key(key, path)),
            None => Sealer::load(path),
        }
    }

    /// Loads an existing key file; the sealer follows the file when it is replaced.
    pub fn load(path: &Path) -> Result<Sealer, SealError> {
        load_existing(path).map(|key| Sealer::from_file_key(key, path))
    }

    /// A sealer with `key`, read from `path` (followed when the file is replaced).
    pub fn from_file_key(key: [u8; KEY_LEN], path: &Path) -> Sealer {
        Sealer::with_ring(Ring {
            current: key,
            older: Vec::new(),
            source: Some(Source {
                path: path.to_path_buf(),
                stamp: stamp(path),
                last_reread: None,
            }),
        })
    }

    /// A sealer with a given key and no file (tests, in-memory databases).
    pub fn from_key(key: [u8; 32]) -> Sealer {
        Sealer::with_ring(Ring {
            current: key,
            older: Vec::new(),
            source: None,
        })
    }

    fn with_ring(ring: Ring) -> Sealer {
        Sealer {
            ring: Arc::new(RwLock::new(ring)),
        }
    }

    fn current(&self) -> [u8; KEY_LEN] {
        match self.ring.read() {
            Ok(r) => r.current,
            Err(poisoned) => poisoned.into_inner().current,
        }
    }

    /// The check value of the key this sealer seals with (see [`check_value_of`]).
    pub fn check_value(&self) -> String {
        check_value_of(&self.current())
    }

    /// The keyed hash a MAC binding is stored under (issue 22): hex HMAC-SHA-256 under the
    /// current key of a fixed label and the six octets, so the table holds no MAC and a
    /// copy of the database alone cannot tell which devices were seen. A key rotation makes
    /// old bindings unfindable: each device logs in with its password once more.
    pub fn mac_hash(&self, mac: &[u8; 6]) -> String {
        use hmac::{Hmac, Mac};
        let Ok(mut h) = <Hmac<Sha256> as Mac>::new_from_slice(&self.current()) else {
            return String::new();
        };
        h.update(b"radkota mac binding v1\0");
        h.update(mac);
        hex::encode(h.finalize().into_bytes())
    }

    /// Re-reads the key file if it was replaced since it was read; `force` re-reads at most
    /// once a second whatever the file looks like (after a value failed to open).
    fn follow_file(&self, force: bool) -> bool {
        let mut guard = match self.ring.write() {
            Ok(r) => r,
            Err(poisoned) => poisoned.into_inner(),
        };
        let ring = &mut *guard;
        let Some(source) = ring.source.as_mut() else {
            return false;
        };
        let now_stamp = stamp(&source.path);
        let changed = now_stamp.is_some() && now_stamp != source.stamp;
        let may_force = force
            && source
                .last_reread
                .is_none_or(|t| t.elapsed() >= Duration::from_secs(1));
        if !changed && !may_force {
            return false;
        }
        if force {
            source.last_reread = Some(Instant::now());
        }
        // A file being replaced is renamed into place whole, so a short read here means a
        // broken file, which is left for the next start to report.
        let Ok(key) = read_key_file(&source.path) else {
            return false;
        };
        source.stamp = now_stamp;
        if key == ring.current {
            return false;
        }
        let old = std::mem::replace(&mut ring.current, key);
        ring.older.retain(|k| *k != key);
        ring.older.insert(0, old);
        ring.older.truncate(4);
        tracing::info!(key_file = %source.path.display(), "key file replaced; sealing with the new key");
        true
    }

    fn cipher(key: &[u8; KEY_LEN]) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(key.into())
    }

    /// Encrypts with a fresh random nonce; output is nonce || ciphertext || tag.
    pub fn seal(&self, plaintext: &[u8]) -> Vec<u8> {
        self.follow_file(false);
        self.seal_with_current(plaintext)
    }

    fn seal_with_current(&self, plaintext: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_LEN];
        OsRng.fill_bytes(&mut nonce);
        let ciphertext = Self::cipher(&self.current())
            .encrypt(XNonce::from_slice(&nonce), plaintext)
            // The AEAD refuses only plaintexts over ~256 GiB, which no secret approaches.
            .expect("XChaCha20-Poly1305 encryption of an in-memory secret");
        let mut out = Vec::with_capacity(NONCE_LEN + ciphertext.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ciphertext);
        out
    }

    /// Decrypts a value made by `seal` with this sealer's key or one it replaced; a value
    /// no known key opens makes it look for a replaced key file once before failing.
    pub fn open(&self, sealed: &[u8]) -> Result<Vec<u8>, SealError> {
        if sealed.len() < NONCE_LEN + TAG_LEN {
            return Err(SealError::Open);
        }
        if let Some(plain) = self.try_open(sealed) {
            return Ok(plain);
        }
        if self.follow_file(true) {
            if let Some(plain) = self.try_open(sealed) {
                return Ok(plain);
            }
        }
        Err(SealError::Open)
    }

    /// Decrypts with the current key only (key rotation checks each old value with it).
    pub fn open_current(&self, sealed: &[u8]) -> Result<Vec<u8>, SealError> {
        open_with(&self.current(), sealed).ok_or(SealError::Open)
    }

    fn try_open(&self, sealed: &[u8]) -> Option<Vec<u8>> {
        let keys: Vec<[u8; KEY_LEN]> = match self.ring.read() {
            Ok(r) => std::iter::once(r.current)
                .chain(r.older.iter().copied())
                .collect(),
            Err(p) => {
                let r = p.into_inner();
                std::iter::once(r.current)
                    .chain(r.older.iter().copied())
                    .collect()
            }
        };
        keys.iter().find_map(|k| open_with(k, sealed))
    }
}

fn open_with(key: &[u8; KEY_LEN], sealed: &[u8]) -> Option<Vec<u8>> {
    if sealed.len() < NONCE_LEN + TAG_LEN {
        return None;
    }
    let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
    Sealer::cipher(key)
        .decrypt(XNonce::from_slice(nonce), ciphertext)
        .ok()
}
