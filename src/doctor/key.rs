//! Doctor checks of the sealing key file: present, mode 0600, and the key of this database
//! (the same check value `auth::key_bind` compares at every start, read here without
//! creating or recording anything).

use std::os::unix::fs::PermissionsExt;

use super::Check;
use crate::auth::key_bind::{database_label, key_path};
use crate::auth::seal::{KEY_LEN, Sealer, check_value_of, key_id};
use crate::config::Config;
use crate::store::Store;

/// Checks the key file; returns the sealer when the key is this database's, so the NAS
/// checks can open the shared secrets.
pub(super) async fn checks(config: &Config, store: &Store, out: &mut Vec<Check>) -> Option<Sealer> {
    let db = database_label(&config.database_url());
    let path = match key_path(&config.key_location(), &db) {
        Ok(Some(p)) => p,
        Ok(None) => {
            out.push(Check::ok(
                "key file",
                "in-memory database: its key lives and dies with the process",
            ));
            return None;
        }
        Err(e) => {
            out.push(Check::fail(
                "key file",
                e.to_string(),
                "set auth.key_file to an absolute path",
            ));
            return None;
        }
    };
    let shown = path.display().to_string();
    let meta = match std::fs::metadata(&path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            out.push(missing(store, &shown, &db).await);
            return None;
        }
        Err(e) => {
            out.push(Check::fail(
                "key file",
                format!("cannot read {shown}: {e}"),
                "check the path and its permissions",
            ));
            return None;
        }
    };
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        out.push(Check::fail(
            "key file permissions",
            format!(
                "{shown} is mode {mode:04o}: others can read the key that opens every CHAP password and NAS secret; the server refuses it"
            ),
            format!("chmod 600 {shown}"),
        ));
    } else {
        out.push(Check::ok(
            "key file permissions",
            format!("{shown} mode {mode:04o}"),
        ));
    }
    let key = match std::fs::read(&path).map(<[u8; KEY_LEN]>::try_from) {
        Ok(Ok(k)) => k,
        Ok(Err(bytes)) => {
            out.push(Check::fail(
                "key binding",
                format!(
                    "{shown} holds {} octets, not {KEY_LEN}: not a radkota key file",
                    bytes.len()
                ),
                "restore the key file from the backup made with the database",
            ));
            return None;
        }
        Err(e) => {
            out.push(Check::fail(
                "key binding",
                format!("cannot read {shown}: {e}"),
                "check the file's owner (the server's user must read it)",
            ));
            return None;
        }
    };
    bound(store, key, &shown, &db, out).await
}

/// Whether the key is the one the database recorded.
async fn bound(
    store: &Store,
    key: [u8; KEY_LEN],
    shown: &str,
    db: &str,
    out: &mut Vec<Check>,
) -> Option<Sealer> {
    let file_check = check_value_of(&key);
    match store.key_check().await {
        Ok(Some(recorded)) if recorded == file_check => {
            out.push(Check::ok(
                "key binding",
                format!("{shown} is the key of {db} (key id {})", key_id(&recorded)),
            ));
            Some(Sealer::from_key(key))
        }
        Ok(Some(recorded)) => {
            out.push(Check::fail(
                "key binding",
                format!(
                    "{shown} (key id {}) is not the key of {db} (sealed with key id {}): CHAP, MS-CHAPv2 and every NAS fail, and the server refuses to start",
                    key_id(&file_check),
                    key_id(&recorded)
                ),
                "set auth.key_file (RADKOTA_KEY_FILE) to this database's key file, or restore it from the backup",
            ));
            None
        }
        Ok(None) => {
            out.push(Check::ok(
                "key binding",
                format!("{db} has no key check yet; the next start records {shown}'s"),
            ));
            Some(Sealer::from_key(key))
        }
        Err(e) => {
            out.push(Check::fail(
                "key binding",
                format!("cannot read the database's key check: {e}"),
                "check the database",
            ));
            None
        }
    }
}

/// No key file: fine for a database that seals nothing yet (the next start makes one).
async fn missing(store: &Store, shown: &str, db: &str) -> Check {
    let recorded = store.key_check().await.ok().flatten();
    let sealed = store.sealed_sample(0).await.map(|(n, _)| n).unwrap_or(0);
    if recorded.is_some() || sealed > 0 {
        Check::fail(
            "key file",
            format!("{shown} does not exist, and {db} holds sealed secrets"),
            "restore the key file from the backup made with the database, or set auth.key_file",
        )
    } else {
        Check::ok(
            "key file",
            format!("{shown} does not exist yet; the next start creates it"),
        )
    }
}
