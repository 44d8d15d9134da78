//! The PKCS#12 bundle a router imports (certificate, key and the CA, under a passphrase).
//! Written with 3DES and an HMAC-SHA1 MAC, the legacy PKCS#12 profile that every RouterOS 7
//! release imports; the passphrase only protects the file on its way to the router.

use p12_keystore::{
    Certificate, EncryptionAlgorithm, KeyStore, KeyStoreEntry, MacAlgorithm, PrivateKeyChain,
};
use rand::Rng;

use super::{CaError, Issued};

/// A random passphrase of 20 letters and digits (about 119 bits), easy to paste.
pub fn passphrase() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    (0..20)
        .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
        .collect()
}

/// The bundle of `issued` with the CA certificate `ca_der`, named `alias`.
pub fn pkcs12(
    alias: &str,
    issued: &Issued,
    ca_der: &[u8],
    passphrase: &str,
) -> Result<Vec<u8>, CaError> {
    let err = |e: p12_keystore::error::Error| CaError::Certificate(format!("PKCS#12: {e}"));
    let leaf = Certificate::from_der(&issued.cert_der).map_err(err)?;
    let ca = Certificate::from_der(ca_der).map_err(err)?;
    let key_id = hex::decode(&issued.fingerprint).unwrap_or_default();
    let chain = PrivateKeyChain::new(&issued.key_der, key_id, [leaf, ca]);
    let mut store = KeyStore::new();
    store.add_entry(alias, KeyStoreEntry::PrivateKeyChain(chain));
    store
        .writer(passphrase)
        .encryption_algorithm(EncryptionAlgorithm::PbeWithShaAnd3KeyTripleDesCbc)
        .mac_algorithm(MacAlgorithm::HmacSha1)
        .write()
        .map_err(err)
}
