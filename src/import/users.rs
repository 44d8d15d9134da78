//! `user import`: validation of a school's or UMKM registry's user list, password
//! generation, and argon2 hashing spread over every core.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rand::Rng;
use rand::rngs::OsRng;

use super::{CsvTable, LineError, check_text, check_username};
use crate::auth::pap::{Argon2Params, hash_password};
use crate::auth::seal::Sealer;
use crate::store::{NewUser, UserExtra};

/// Columns that must be in the header.
pub const REQUIRED: &[&str] = &["username", "full_name", "plan", "area"];
/// Columns that may be in the header.
pub const OPTIONAL: &[&str] = &["password", "school_or_business", "id"];
/// Columns `user export` writes that import ignores, so an export can be re-imported.
pub const IGNORED: &[&str] = &["status", "expires_at", "chap_capable", "created_at"];

/// A valid row, ready to hash.
#[derive(Debug, Clone)]
pub struct UserRow {
    pub line: usize,
    pub username: String,
    pub full_name: Option<String>,
    pub plan: String,
    pub area: Option<String>,
    /// `None`: generate one.
    pub password: Option<Vec<u8>>,
    pub school_or_business: Option<String>,
    pub external_id: Option<String>,
}

/// What the database already holds, for validation.
#[derive(Debug, Default)]
pub struct Known {
    pub plans: HashSet<String>,
    /// `None` before any area is imported (areas are then free text).
    pub areas: Option<HashSet<String>>,
    pub usernames: HashSet<String>,
}

fn opt(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// Validates every row; returns the good rows and every bad row's reason.
pub fn validate(table: &CsvTable, known: &Known, generate: bool) -> (Vec<UserRow>, Vec<LineError>) {
    let mut good = Vec::new();
    let mut bad = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let line = match row {
            Ok(l) => l,
            Err(e) => {
                bad.push(e.clone());
                continue;
            }
        };
        let check = || -> Result<UserRow, String> {
            let username = table.get(line, "username");
            check_username(username)?;
            if known.usernames.contains(username) {
                return Err(format!("user '{username}' already exists"));
            }
            if let Some(first) = seen.get(username) {
                return Err(format!(
                    "username '{username}' already appears on line {first}"
                ));
            }
            let full_name = table.get(line, "full_name");
            check_text("full_name", full_name, 128)?;
            let plan = table.get(line, "plan");
            if !known.plans.contains(plan) {
                return Err(format!(
                    "plan '{}' does not exist (see `radkota plan list`)",
                    plan.escape_debug()
                ));
            }
            let area = table.get(line, "area");
            match &known.areas {
                Some(_) if area.is_empty() => {
                    return Err("area is empty (every user belongs to an area)".into());
                }
                Some(areas) if !areas.contains(area) => {
                    return Err(format!(
                        "area '{}' does not exist (see `radkota area list`)",
                        area.escape_debug()
                    ));
                }
                _ => {}
            }
            if !area.is_empty() && !crate::store::areas::valid_area_code(area) {
                return Err(format!(
                    "area '{}' is not a valid code",
                    area.escape_debug()
                ));
            }
            // Passwords are taken as written (spaces included), not trimmed.
            let password = line
                .fields
                .get(table.columns.get("password").copied().unwrap_or(usize::MAX))
                .map(String::as_str)
                .unwrap_or("");
            if password.len() > 128 {
                return Err("password is longer than 128 characters (bytes)".into());
            }
            if password.chars().any(char::is_control) {
                return Err("password contains control characters".into());
            }
            if password.is_empty() && !generate {
                return Err("password is empty (fill it in, or use --generate-passwords)".into());
            }
            let org = table.get(line, "school_or_business");
            check_text("school_or_business", org, 128)?;
            let id = table.get(line, "id");
            check_text("id", id, 64)?;
            Ok(UserRow {
                line: line.line,
                username: username.to_string(),
                full_name: opt(full_name),
                plan: plan.to_string(),
                area: opt(area),
                password: (!password.is_empty()).then(|| password.as_bytes().to_vec()),
                school_or_business: opt(org),
                external_id: opt(id),
            })
        };
        match check() {
            Ok(row) => {
                seen.insert(row.username.clone(), row.line);
                good.push(row);
            }
            Err(reason) => bad.push(LineError {
                line: line.line,
                reason,
            }),
        }
    }
    bad.sort_by_key(|e| e.line);
    (good, bad)
}

/// A 12-character password from an alphabet without look-alikes (0/O, 1/l/I): about 59
/// bits, easy to copy from a printed slip.
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = OsRng;
    (0..12)
        .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
        .collect()
}

/// A row with its credentials protected, and the generated password if there was one.
pub struct Hashed {
    pub user: NewUser,
    pub extra: UserExtra,
    pub generated: Option<String>,
}

/// Hashes every password on `workers` threads; `progress` is bumped once per row so the
/// caller can draw a bar. Stops at the first hashing error.
pub fn hash_all(
    rows: Vec<UserRow>,
    params: &Argon2Params,
    sealer: &Sealer,
    workers: usize,
    progress: &AtomicUsize,
) -> Result<Vec<Hashed>, String> {
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let slots: Vec<Mutex<Option<Result<Hashed, String>>>> =
        rows.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..workers.max(1) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= rows.len() || failed.load(Ordering::Relaxed) {
                        break;
                    }
                    let row = &rows[i];
                    let (password, generated) = match &row.password {
                        Some(p) => (p.clone(), None),
                        None => {
                            let g = generate_password();
                            (g.clone().into_bytes(), Some(g))
                        }
                    };
                    let result = hash_password(&password, params)
                        .map(|hash| Hashed {
                            user: NewUser {
                                username: row.username.clone(),
                                plan: row.plan.clone(),
                                password_hash: hash,
                                sealed_password: Some(sealer.seal(&password)),
                                full_name: row.full_name.clone(),
                                expires_at: None,
                            },
                            extra: UserExtra {
                                area: row.area.clone(),
                                school_or_business: row.school_or_business.clone(),
                                external_id: row.external_id.clone(),
                            },
                            generated,
                        })
                        .map_err(|e| format!("line {}: {e}", row.line));
                    if result.is_err() {
                        failed.store(true, Ordering::Relaxed);
                    }
                    if let Ok(mut slot) = slots[i].lock() {
                        *slot = Some(result);
                    }
                    progress.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    let mut out = Vec::with_capacity(rows.len());
    for slot in slots {
        match slot.into_inner().ok().flatten() {
            Some(Ok(h)) => out.push(h),
            Some(Err(e)) => return Err(e),
            None => return Err("password hashing stopped early".into()),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Known {
        Known {
            plans: ["student".to_string()].into(),
            areas: Some(["rw01".to_string()].into()),
            usernames: ["old".to_string()].into(),
        }
    }

    #[test]
    fn reports_each_bad_line() {
        let csv = "username,full_name,plan,area,password\n\
                   a,A,student,rw01,pw\n\
                   a,A2,student,rw01,pw\n\
                   old,O,student,rw01,pw\n\
                   b,B,gold,rw01,pw\n\
                   c,C,student,rw99,pw\n\
                   d d,D,student,rw01,pw\n\
                   e,E,student,rw01,\n";
        let t = CsvTable::parse(csv.as_bytes(), REQUIRED, OPTIONAL, IGNORED).unwrap();
        let (good, bad) = validate(&t, &known(), false);
        assert_eq!(good.len(), 1);
        let lines: Vec<_> = bad.iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 4, 5, 6, 7, 8]);
        let (good, bad) = validate(&t, &known(), true);
        assert_eq!((good.len(), bad.len()), (2, 5));
    }

    #[test]
    fn generated_passwords() {
        let p = generate_password();
        assert_eq!(p.len(), 12);
        assert_ne!(p, generate_password());
    }
}
