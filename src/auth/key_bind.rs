//! The sealing key bound to its database: every process that opens the store checks its key
//! file against the check value the database recorded, creates a key only for a new
//! database, and `radkota key rotate` replaces the key and re-seals every secret at once.

use std::fs;
use std::io::{ErrorKind, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use super::seal::{
    KEY_LEN, SealError, Sealer, check_value_of, create_key_file_new, key_id, random_key,
    read_existing_key,
};
use crate::config::KeyLocation;
use crate::store::{Actor, ResealCounts, Store, StoreError};

/// Sealed values tried on a database that has no check value yet.
const SAMPLE: i64 = 64;

/// Why a process may not use the key it found with the database it opened.
#[derive(Debug, thiserror::Error)]
pub enum KeyBindError {
    /// The key file is not the one the database's secrets were sealed with.
    #[error(
        "key file {key} does not belong to database {db} (the database was sealed with key \
         id {db_key_id}, the file holds key id {file_key_id}); set auth.key_file \
         (RADKOTA_KEY_FILE) to this database's key file, or use the database of this key"
    )]
    Mismatch {
        key: String,
        db: String,
        db_key_id: String,
        file_key_id: String,
    },
    /// An existing database without a check value whose sealed rows the key does not open.
    #[error(
        "key file {key} does not open the sealed secrets of database {db} ({failed} of \
         {tried} tried); set auth.key_file (RADKOTA_KEY_FILE) to this database's key file"
    )]
    DoesNotOpen {
        key: String,
        db: String,
        failed: usize,
        tried: usize,
    },
    /// The database has sealed secrets (or a check value) and the key file is missing.
    #[error(
        "database {db} holds sealed secrets but key file {key} does not exist; a new key is \
         made only for a new database: restore the key file there or set auth.key_file \
         (RADKOTA_KEY_FILE) to where it is{hint}"
    )]
    Missing {
        key: String,
        db: String,
        /// Where earlier versions kept the key, when a file is there.
        hint: String,
    },
    /// PostgreSQL without `auth.key_file`.
    #[error(
        "database {db} is PostgreSQL: set auth.key_file (or RADKOTA_KEY_FILE) to the absolute \
         path of its key file; radkota does not guess one from the working directory"
    )]
    Unset { db: String },
    /// The key file could not be read or written.
    #[error(transparent)]
    Seal(#[from] SealError),
    /// The database failed.
    #[error("database {db}: {source}")]
    Store {
        db: String,
        #[source]
        source: StoreError,
    },
}

/// The database a store was opened on, as named in errors (password redacted).
pub fn database_label(url: &str) -> String {
    match crate::store::sqlite_path_of(url) {
        Some(path) => path.display().to_string(),
        None => crate::store::redact_url(url),
    }
}

/// The key file a location names, or the error for PostgreSQL without one.
pub fn key_path(location: &KeyLocation, db: &str) -> Result<Option<PathBuf>, KeyBindError> {
    match location {
        KeyLocation::Configured(p) | KeyLocation::BesideDatabase(p) => Ok(Some(p.clone())),
        KeyLocation::Ephemeral => Ok(None),
        KeyLocation::Unset => Err(KeyBindError::Unset { db: db.into() }),
    }
}

/// The `.old` copy kept while `key rotate` commits.
pub fn old_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(".old");
    PathBuf::from(name)
}

/// The key for `store` as `config` places it, checked against the database; the error
/// names the key file and the database.
pub async fn bind_config(
    config: &crate::config::Config,
    store: &Store,
) -> Result<Sealer, KeyBindError> {
    let db = database_label(&config.database_url());
    let legacy = config.data_dir.join("radkota.key");
    bind(store, &config.key_location(), &db, Some(&legacy)).await
}

/// Loads the key for the opened `store` and checks it against the database; creates a key
/// file only when the database is new (no check value, no sealed value). `legacy` is where
/// earlier versions kept the key, named in the error when a file is there.
pub async fn bind(
    store: &Store,
    location: &KeyLocation,
    db: &str,
    legacy: Option<&Path>,
) -> Result<Sealer, KeyBindError> {
    let db_err = |source: StoreError| KeyBindError::Store {
        db: db.to_string(),
        source,
    };
    let Some(path) = key_path(location, db)? else {
        // An in-memory database dies with the process, and so does its key.
        let sealer = Sealer::from_key(random_key()?);
        store
            .record_key_check(&sealer.check_value())
            .await
            .map_err(db_err)?;
        return Ok(sealer);
    };
    let recorded = store.key_check().await.map_err(db_err)?;
    let key = match fs::symlink_metadata(&path) {
        Ok(_) => Some(read_existing_key(&path)?),
        Err(e) if e.kind() == ErrorKind::NotFound => None,
        Err(e) => {
            return Err(SealError::KeyFile {
                path: path.display().to_string(),
                reason: format!("cannot stat: {e}"),
            }
            .into());
        }
    };
    match (key, recorded) {
        (Some(key), Some(check)) => matching(&path, key, &check, db),
        (Some(key), None) => adopt(store, &path, key, db).await,
        (None, recorded) => create(store, &path, recorded, db, legacy).await,
    }
}

/// An existing key and a recorded check value: they must agree. A key file that does not
/// match while its `.old` does is a rotation that stopped before its commit: the old key
/// is still the database's.
fn matching(
    path: &Path,
    key: [u8; KEY_LEN],
    check: &str,
    db: &str,
) -> Result<Sealer, KeyBindError> {
    if check_value_of(&key) == check {
        return Ok(Sealer::from_file_key(key, path));
    }
    let old = old_path(path);
    if let Ok(old_key) = read_existing_key(&old) {
        if check_value_of(&old_key) == check {
            tracing::warn!(
                key_file = %path.display(),
                "the database still uses the key in {} (a key rotation did not finish); \
                 using it", old.display()
            );
            return Ok(Sealer::from_key(old_key));
        }
    }
    Err(KeyBindError::Mismatch {
        key: path.display().to_string(),
        db: db.to_string(),
        db_key_id: key_id(check).to_string(),
        file_key_id: key_id(&check_value_of(&key)).to_string(),
    })
}

/// An existing key and a database without a check value (new, or from before the check):
/// recorded when the key opens every sampled sealed value.
async fn adopt(
    store: &Store,
    path: &Path,
    key: [u8; KEY_LEN],
    db: &str,
) -> Result<Sealer, KeyBindError> {
    let db_err = |source: StoreError| KeyBindError::Store {
        db: db.to_string(),
        source,
    };
    let sealer = Sealer::from_file_key(key, path);
    let (_, sample) = store.sealed_sample(SAMPLE).await.map_err(db_err)?;
    let failed = sample
        .iter()
        .filter(|v| sealer.open_current(v).is_err())
        .count();
    if failed > 0 {
        return Err(KeyBindError::DoesNotOpen {
            key: path.display().to_string(),
            db: db.to_string(),
            failed,
            tried: sample.len(),
        });
    }
    let recorded = store
        .record_key_check(&sealer.check_value())
        .await
        .map_err(db_err)?;
    matching(path, key, &recorded, db)
}

/// No key file: one is made only for a database with no check value and no sealed value.
async fn create(
    store: &Store,
    path: &Path,
    recorded: Option<String>,
    db: &str,
    legacy: Option<&Path>,
) -> Result<Sealer, KeyBindError> {
    let db_err = |source: StoreError| KeyBindError::Store {
        db: db.to_string(),
        source,
    };
    let missing = || {
        let hint = legacy
            .filter(|l| *l != path && l.exists())
            .map(|l| {
                format!(
                    " (earlier versions kept the key in the data directory: {} exists)",
                    l.display()
                )
            })
            .unwrap_or_default();
        KeyBindError::Missing {
            key: path.display().to_string(),
            db: db.to_string(),
            hint,
        }
    };
    if recorded.is_some() {
        return Err(missing());
    }
    let (sealed, _) = store.sealed_sample(0).await.map_err(db_err)?;
    if sealed > 0 {
        return Err(missing());
    }
    let Some(key) = create_key_file_new(path)? else {
        // Another process created it between our look and our create: use it as found.
        let key = read_existing_key(path)?;
        return adopt(store, path, key, db).await;
    };
    let sealer = Sealer::from_file_key(key, path);
    let recorded = store
        .record_key_check(&sealer.check_value())
        .await
        .map_err(db_err)?;
    if recorded != sealer.check_value() {
        // Another process bound the database to its key first (at another path): the file
        // just made belongs to nothing, so it goes.
        let _ = fs::remove_file(path);
        return Err(KeyBindError::Mismatch {
            key: path.display().to_string(),
            db: db.to_string(),
            db_key_id: key_id(&recorded).to_string(),
            file_key_id: key_id(&sealer.check_value()).to_string(),
        });
    }
    Ok(sealer)
}

/// What `key rotate` did.
#[derive(Debug, Clone)]
pub struct Rotated {
    /// Values re-sealed.
    pub counts: ResealCounts,
    /// Key ids (short check values) before and after.
    pub old_key_id: String,
    pub new_key_id: String,
}

/// Replaces the key of `store` (bound to `current`, read from `path`): the new key is
/// written beside the old (fsynced), the old file kept as `<key>.old`, the new one renamed
/// into place, then every sealed value is re-sealed and the check value replaced in one
/// audited transaction. On failure the old file is put back; after the commit `.old` is
/// removed.
pub async fn rotate(
    store: &Store,
    current: &Sealer,
    path: &Path,
    actor: &Actor,
) -> Result<Rotated, anyhow::Error> {
    let new_key = random_key()?;
    let new_sealer = Sealer::from_key(new_key);
    let old_check = current.check_value();
    let new_check = new_sealer.check_value();
    let old = old_path(path);
    replace_file(path, &old, &new_key)?;
    let result = store
        .reseal_all(actor, &old_check, &new_check, |sealed| {
            // A server that saw the new file already may have sealed a value with it.
            if new_sealer.open_current(sealed).is_ok() {
                return Ok(sealed.to_vec());
            }
            let plain = current
                .open_current(sealed)
                .map_err(|_| "cannot be opened with the current key".to_string())?;
            Ok(new_sealer.seal(&plain))
        })
        .await;
    match result {
        Ok(counts) => {
            // The database now names the new key; the old one is of no further use.
            let _ = fs::remove_file(&old);
            Ok(Rotated {
                counts,
                old_key_id: key_id(&old_check).to_string(),
                new_key_id: key_id(&new_check).to_string(),
            })
        }
        Err(e) => {
            let restored = fs::rename(&old, path).and_then(|()| sync_dir(path));
            if let Err(r) = restored {
                anyhow::bail!(
                    "key rotation failed and nothing in the database changed ({e}), but the \
                     old key could not be put back ({r}): move {} to {} by hand",
                    old.display(),
                    path.display()
                );
            }
            Err(anyhow::Error::new(e).context("key rotation failed; nothing changed"))
        }
    }
}

/// Writes `key` to `<path>.new` (0600, fsynced), keeps the current file as `old` (a hard
/// link, so `path` never stops existing) and renames the new file over `path`.
fn replace_file(path: &Path, old: &Path, key: &[u8; KEY_LEN]) -> Result<(), SealError> {
    let err = |p: &Path, what: &str, e: std::io::Error| SealError::KeyFile {
        path: p.display().to_string(),
        reason: format!("{what}: {e}"),
    };
    let mut tmp_name = path.as_os_str().to_os_string();
    tmp_name.push(".new");
    let tmp = PathBuf::from(tmp_name);
    let _ = fs::remove_file(&tmp);
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&tmp)
        .map_err(|e| err(&tmp, "cannot create", e))?;
    if let Err(e) = file.write_all(key).and_then(|()| file.sync_all()) {
        let _ = fs::remove_file(&tmp);
        return Err(err(&tmp, "cannot write", e));
    }
    if let Err(e) = fs::remove_file(old) {
        if e.kind() != ErrorKind::NotFound {
            let _ = fs::remove_file(&tmp);
            return Err(err(old, "cannot remove a previous copy", e));
        }
    }
    if let Err(e) = fs::hard_link(path, old) {
        let _ = fs::remove_file(&tmp);
        return Err(err(old, "cannot keep the old key", e));
    }
    if let Err(e) = fs::rename(&tmp, path) {
        let _ = fs::remove_file(&tmp);
        let _ = fs::remove_file(old);
        return Err(err(path, "cannot replace", e));
    }
    sync_dir(path).map_err(|e| err(path, "cannot sync its directory", e))
}

/// Makes a rename in `path`'s directory durable.
fn sync_dir(path: &Path) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    fs::File::open(dir)?.sync_all()
}
