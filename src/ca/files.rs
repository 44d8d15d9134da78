//! Writing the CA's files: private keys and bundles are created with mode 0600 (never
//! readable for a moment by others), directories 0700, and nothing is overwritten by
//! accident.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

use super::CaError;

/// Creates `dir` (and parents) with mode 0700 if missing.
pub fn private_dir(dir: &Path) -> Result<(), CaError> {
    if dir.is_dir() {
        return Ok(());
    }
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| CaError::io(dir, e))
}

/// Writes `bytes` to a new file with `mode`; an existing file is an error unless
/// `replace`, and then it is replaced through a temporary file and a rename.
pub fn write_new(path: &Path, bytes: &[u8], mode: u32, replace: bool) -> Result<(), CaError> {
    if path.exists() && !replace {
        return Err(CaError::Exists(path.to_path_buf()));
    }
    let mut tmp = path.as_os_str().to_os_string();
    tmp.push(".tmp");
    let tmp = Path::new(&tmp);
    let _ = fs::remove_file(tmp);
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(tmp)
        .map_err(|e| CaError::io(tmp, e))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| CaError::io(tmp, e))?;
    // The umask may have narrowed the mode at creation; never widened it.
    fs::set_permissions(tmp, fs::Permissions::from_mode(mode)).map_err(|e| CaError::io(tmp, e))?;
    fs::rename(tmp, path).map_err(|e| CaError::io(path, e))
}

/// Reads a text file the CA needs.
pub fn read_text(path: &Path) -> Result<String, CaError> {
    fs::read_to_string(path).map_err(|e| CaError::io(path, e))
}

/// Refuses a private key file that group or others can read, as the sealing key file is.
pub fn check_private(path: &Path) -> Result<(), CaError> {
    let meta = fs::metadata(path).map_err(|e| CaError::io(path, e))?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(CaError::Readable {
            path: path.to_path_buf(),
            mode,
        });
    }
    Ok(())
}
