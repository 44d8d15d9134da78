//! Sealed secrets at rest: reversible secrets (CHAP/MS-CHAP passwords, NAS shared secrets)
//! are stored encrypted with an AEAD key kept in a separate key file, never in cleartext.

use std::path::Path;

/// Why the key file or a sealed value could not be used.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("key file {path}: {reason}")]
    KeyFile { path: String, reason: String },
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

impl Sealer {
    /// Loads the 32-octet key file, creating it (mode 0600, parent directories too) when it
    /// does not exist.
    pub fn load_or_create(path: &Path) -> Result<Sealer, SealError> {
        let _ = path;
        todo!("auth helper")
    }

    /// A sealer with a given key (tests).
    pub fn from_key(key: [u8; 32]) -> Sealer {
        Sealer { key }
    }

    /// Encrypts with a fresh random nonce; output is nonce || ciphertext || tag.
    pub fn seal(&self, plaintext: &[u8]) -> Vec<u8> {
        let _ = (plaintext, self.key);
        todo!("auth helper")
    }

    /// Decrypts a value made by `seal`.
    pub fn open(&self, sealed: &[u8]) -> Result<Vec<u8>, SealError> {
        let _ = sealed;
        todo!("auth helper")
    }
}
