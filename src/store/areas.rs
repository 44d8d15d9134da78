//! Areas: kecamatan > kelurahan > RW. Every NAS belongs to an RW and every user to an area;
//! operators are scoped to one area's subtree.

use serde_json::json;
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, AnyConnection, Executor, Row};

use super::audit::{Actor, AuditedTx};
use super::{Store, StoreError, now};

/// Level of an area in the hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AreaLevel {
    Kecamatan,
    Kelurahan,
    Rw,
}

impl AreaLevel {
    /// The stored text.
    pub fn as_str(self) -> &'static str {
        match self {
            AreaLevel::Kecamatan => "kecamatan",
            AreaLevel::Kelurahan => "kelurahan",
            AreaLevel::Rw => "rw",
        }
    }

    /// Parses the stored text.
    pub fn parse(s: &str) -> Option<AreaLevel> {
        match s {
            "kecamatan" => Some(AreaLevel::Kecamatan),
            "kelurahan" => Some(AreaLevel::Kelurahan),
            "rw" => Some(AreaLevel::Rw),
            _ => None,
        }
    }
}

/// An area row.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AreaRecord {
    pub code: String,
    pub name: String,
    pub level: AreaLevel,
    pub parent: Option<String>,
    /// Codes from the kecamatan down, joined by '/'.
    pub path: String,
}

impl AreaRecord {
    fn from_row(row: &AnyRow) -> Result<AreaRecord, StoreError> {
        let level: String = row.try_get("level")?;
        let code: String = row.try_get("code")?;
        let level = AreaLevel::parse(&level).ok_or_else(|| {
            StoreError::Invalid(format!("area '{code}' has unknown level '{level}'"))
        })?;
        Ok(AreaRecord {
            code,
            name: row.try_get("name")?,
            level,
            parent: row.try_get("parent")?,
            path: row.try_get("path")?,
        })
    }
}

/// An area to create or rename; parents must come before children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewArea {
    pub code: String,
    pub name: String,
    pub level: AreaLevel,
    pub parent: Option<String>,
}

/// Whether `code` is a valid area code: 1 to 32 letters, digits, '.' or '-' (no '/', '%' or
/// '_', which would confuse the subtree match).
pub fn valid_area_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 32
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
}

/// Which rows a caller may see and change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Everything (admin, CLI).
    All,
    /// The subtree under the area with this path.
    Subtree(String),
}

impl Scope {
    /// SQL condition on `column` holding an area code, with its two text parameters at
    /// `$n` and `$n+1`; bind them with [`Scope::binds`].
    pub(crate) fn condition(&self, column: &str, n: usize) -> String {
        // One form for both cases: `All` binds an empty path, which short-circuits.
        format!(
            "(${n} = '' OR {column} IN (SELECT code FROM areas WHERE path = ${n} OR path LIKE ${}))",
            n + 1
        )
    }

    /// The two parameters of [`Scope::condition`].
    pub(crate) fn binds(&self) -> (String, String) {
        match self {
            Scope::All => (String::new(), String::new()),
            Scope::Subtree(path) => (path.clone(), format!("{path}/%")),
        }
    }

    /// Binds the two parameters of [`Scope::condition`] next in `q`.
    pub(crate) fn bind<'q>(
        &self,
        q: Query<'q, Any, AnyArguments<'q>>,
    ) -> Query<'q, Any, AnyArguments<'q>> {
        let (p1, p2) = self.binds();
        q.bind(p1).bind(p2)
    }

    /// Whether an area with this path is inside the scope.
    pub fn contains_path(&self, path: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Subtree(root) => {
                path == root
                    || path
                        .strip_prefix(root.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            }
        }
    }
}

fn area_json(a: &AreaRecord) -> serde_json::Value {
    json!({"code": a.code, "name": a.name, "level": a.level, "parent": a.parent})
}

impl Store {
    /// All areas, ordered by path (so each parent comes before its children).
    pub async fn list_areas(&self) -> Result<Vec<AreaRecord>, StoreError> {
        let rows = sqlx::query("SELECT code, name, level, parent, path FROM areas ORDER BY path")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(AreaRecord::from_row).collect()
    }

    /// One area by code.
    pub async fn get_area(&self, code: &str) -> Result<Option<AreaRecord>, StoreError> {
        area_in(&self.pool, code).await
    }

    /// How many areas exist (0 on a fresh install: areas are then free text).
    pub async fn count_areas(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM areas")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }

    /// Checks an area given to a user (`for_nas` false: any level) or a NAS (an RW). Before
    /// any area has been imported every value is accepted, so a fresh install works as
    /// before; afterwards the area must exist.
    pub async fn check_area(&self, code: Option<&str>, for_nas: bool) -> Result<(), StoreError> {
        if self.count_areas().await? == 0 {
            return Ok(());
        }
        let what = if for_nas {
            "an RW (--rw, \"rw\")"
        } else {
            "an area (--area, \"area\")"
        };
        let Some(code) = code else {
            return Err(StoreError::Invalid(format!(
                "{what} is required once areas are imported (see `radkota area list`)"
            )));
        };
        match self.get_area(code).await? {
            None => Err(StoreError::NotFound {
                kind: "area",
                name: code.to_string(),
            }),
            Some(a) if for_nas && a.level != AreaLevel::Rw => Err(StoreError::Invalid(format!(
                "area '{code}' is a {}; a NAS belongs to an RW",
                a.level.as_str()
            ))),
            Some(_) => Ok(()),
        }
    }

    /// Inserts new areas and renames existing ones (same code, level and parent), in one
    /// transaction with one audit row per change; returns (added, renamed).
    pub async fn upsert_areas(
        &self,
        areas: &[NewArea],
        actor: &Actor,
    ) -> Result<(usize, usize), StoreError> {
        let mut audit = AuditedTx::begin(&self.pool, actor).await?;
        let (mut added, mut renamed) = (0, 0);
        let now = now();
        for a in areas {
            match upsert_area(&mut audit, a, now).await? {
                Upserted::Added => added += 1,
                Upserted::Renamed => renamed += 1,
                Upserted::Unchanged => {}
            }
        }
        audit.commit().await?;
        Ok((added, renamed))
    }
}

/// One area by code, from the pool or inside a transaction.
async fn area_in<'e>(
    e: impl Executor<'e, Database = Any>,
    code: &str,
) -> Result<Option<AreaRecord>, StoreError> {
    let row = sqlx::query("SELECT code, name, level, parent, path FROM areas WHERE code = $1")
        .bind(code)
        .fetch_optional(e)
        .await?;
    row.map(|r| AreaRecord::from_row(&r)).transpose()
}

/// What [`upsert_area`] did.
enum Upserted {
    Added,
    Renamed,
    Unchanged,
}

/// The area `a` would be once stored: its path comes from its parent, which must exist.
async fn area_record(tx: &mut AnyConnection, a: &NewArea) -> Result<AreaRecord, StoreError> {
    let path = match &a.parent {
        None => a.code.clone(),
        Some(p) => {
            let row = sqlx::query("SELECT path FROM areas WHERE code = $1")
                .bind(p)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| StoreError::NotFound {
                    kind: "parent area",
                    name: p.clone(),
                })?;
            format!("{}/{}", row.try_get::<String, _>("path")?, a.code)
        }
    };
    Ok(AreaRecord {
        code: a.code.clone(),
        name: a.name.clone(),
        level: a.level,
        parent: a.parent.clone(),
        path,
    })
}

/// Inserts or renames one area with its audit row; moving an area is refused.
async fn upsert_area(
    audit: &mut AuditedTx<'_>,
    a: &NewArea,
    now: i64,
) -> Result<Upserted, StoreError> {
    let existing = area_in(&mut *audit.tx, &a.code).await?;
    let new = area_record(&mut audit.tx, a).await?;
    let target = format!("area:{}", a.code);
    match existing {
        Some(old) if old == new => Ok(Upserted::Unchanged),
        Some(old) => {
            if old.level != new.level || old.parent != new.parent {
                return Err(StoreError::Invalid(format!(
                    "area '{}' already exists as a {} under {}; moving areas is not supported",
                    a.code,
                    old.level.as_str(),
                    old.parent.as_deref().unwrap_or("-")
                )));
            }
            sqlx::query("UPDATE areas SET name = $1, updated_at = $2 WHERE code = $3")
                .bind(&a.name)
                .bind(now)
                .bind(&a.code)
                .execute(&mut *audit.tx)
                .await?;
            let (before, after) = (area_json(&old), area_json(&new));
            audit
                .record("area.update", &target, Some(&before), Some(&after))
                .await?;
            Ok(Upserted::Renamed)
        }
        None => {
            sqlx::query(
                "INSERT INTO areas (code, name, level, parent, path, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $6)",
            )
            .bind(&a.code)
            .bind(&a.name)
            .bind(a.level.as_str())
            .bind(a.parent.clone())
            .bind(&new.path)
            .bind(now)
            .execute(&mut *audit.tx)
            .await?;
            audit
                .record("area.add", &target, None, Some(&area_json(&new)))
                .await?;
            Ok(Upserted::Added)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert!(valid_area_code("3171-07"));
        assert!(valid_area_code("kel.sukamaju"));
        assert!(!valid_area_code("a/b"));
        assert!(!valid_area_code("a_b"));
        assert!(!valid_area_code("a%"));
        assert!(!valid_area_code(""));
    }

    #[test]
    fn scope_paths() {
        let s = Scope::Subtree("k1/l1".into());
        assert!(s.contains_path("k1/l1"));
        assert!(s.contains_path("k1/l1/rw07"));
        assert!(!s.contains_path("k1/l10"));
        assert!(!s.contains_path("k1"));
        assert!(Scope::All.contains_path("x"));
    }
}
