//! The one place that speaks SQL: sqlx `AnyPool` over SQLite (embedded default, WAL) or
//! PostgreSQL, runtime queries with `$N` placeholders, times as epoch seconds.

pub mod activity;
pub mod areas;
pub mod audit;
pub mod auth_log;
pub(crate) mod batch;
pub mod bulk;
pub mod diagnose;
pub(crate) mod directory;
pub mod distinct;
pub mod error;
pub mod health;
pub mod key_check;
pub(crate) mod ledger;
pub mod login;
pub mod nas;
pub mod nas_certs;
mod pg_directory;
mod pg_notices;
pub mod plans;
pub mod privacy;
mod purge;
pub mod readiness;
pub mod reports;
pub mod roaming;
pub(crate) mod row;
mod session_locks;
pub mod sessions;
mod sql;
mod sqlite;
pub mod staff;
#[doc(hidden)]
pub mod testing;
pub mod tokens;
pub mod usage;
pub mod user_admin;
mod user_days;
pub mod users;
pub mod vouchers;
pub mod who;
pub mod writer;

pub use activity::SessionQuery;
pub use areas::{AreaLevel, AreaRecord, NewArea, Scope};
pub use audit::{Actor, AuditFilter, AuditRecord, AuditVerdict, Role};
pub use auth_log::AuthLogEntry;
pub use batch::record::{AcctKind, AcctRecord};
pub use diagnose::NasHeard;
pub use distinct::UserSet;
pub use error::StoreError;
pub use health::{AuthActivity, AuthDaily, NasContact};
pub use key_check::{ResealCounts, redact_url, sqlite_companion, sqlite_path_of};
pub use login::{UsageQuery, UserAuth};
pub use nas::{NasChange, NasRecord, NasView, NewNas, RequireMa};
pub use nas_certs::{NasCert, NewNasCert};
pub use pg_notices::nas_changes;
pub use plans::PlanRecord;
pub use privacy::{ForgetSummary, PurgeCounts, PurgeCutoffs};
pub use purge::{SliceStats, Slicing};
pub use sessions::{SessionFilter, SessionRecord};
pub use staff::{StaffRecord, StaffSecrets};
pub use tokens::TokenRecord;
pub use usage::UsageDay;
pub use user_admin::{UserExtra, UserSearch, UserView};
pub use users::{NewUser, UserRecord, UserStatus};
pub use writer::{QueueError, StoreWriter, WriterSettings};

use std::str::FromStr;
use std::sync::Once;
use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{AnyConnection, AnyPool, Connection, Executor};

/// Pool size used by [`Store::connect`].
pub const DEFAULT_MAX_CONNECTIONS: u32 = 8;

static SQLITE_MIGRATOR: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATOR: Migrator = sqlx::migrate!("migrations/postgres");

/// Which database the URL points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// Recognises the URL scheme.
    pub fn from_url(url: &str) -> Result<Backend, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::Invalid(
                "database URL must start with sqlite:, postgres:// or postgresql://".into(),
            ))
        }
    }
}

/// A handle to the database; cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// In-place reads of a SQLite file for the request path (`None` for PostgreSQL and
    /// in-memory databases).
    fast: Option<std::sync::Arc<sqlite::Fast>>,
    /// Users as logins see them, kept between logins (see `directory`).
    directory: std::sync::Arc<directory::Directory>,
    /// What users have used, kept current by the accounting writer (see `ledger`).
    ledger: std::sync::Arc<ledger::Ledger>,
    /// Keys queued for `session who` since the last move (`batch::who_queue`), shared by
    /// whichever executor writes.
    who_queued: std::sync::Arc<batch::who_queue::Pending>,
    /// On PostgreSQL: the URL to listen on and whether the directory follows changes.
    pg: Option<std::sync::Arc<pg_directory::Follow>>,
}

async fn sqlite_file(pool: &AnyPool) -> Result<Option<std::path::PathBuf>, StoreError> {
    use sqlx::Row;
    let row = sqlx::query("SELECT file FROM pragma_database_list WHERE name = 'main'")
        .fetch_optional(pool)
        .await?;
    let file: String = match row {
        Some(row) => row.try_get("file")?,
        None => String::new(),
    };
    Ok((!file.is_empty()).then(|| std::path::PathBuf::from(file)))
}

fn install_drivers() {
    static DRIVERS: Once = Once::new();
    DRIVERS.call_once(sqlx::any::install_default_drivers);
}

/// The current time in epoch seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// If `e` is a unique-constraint violation, the text that names the constraint (PostgreSQL's
/// constraint name plus the message, which on SQLite reads "UNIQUE constraint failed: t.col").
pub(crate) fn unique_violation(e: &sqlx::Error) -> Option<String> {
    match e {
        sqlx::Error::Database(db) if db.is_unique_violation() => Some(format!(
            "{} {}",
            db.constraint().unwrap_or_default(),
            db.message()
        )),
        _ => None,
    }
}

/// Reads a 0/1 integer column as a bool (booleans are integers on both backends).
pub(crate) fn get_bool(row: &sqlx::any::AnyRow, col: &str) -> Result<bool, sqlx::Error> {
    use sqlx::Row;
    Ok(row.try_get::<i64, _>(col)? != 0)
}

/// The SQLite URL with `mode=rwc` added so a missing file is created, after creating the
/// file's directory.
fn prepare_sqlite_url(url: &str) -> Result<String, StoreError> {
    let opts = SqliteConnectOptions::from_str(url)
        .map_err(|e| StoreError::Invalid(format!("database URL: {e}")))?;
    let file = opts.get_filename();
    if let Some(dir) = file.parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir).map_err(|e| {
                StoreError::Invalid(format!(
                    "cannot create database directory {}: {e}",
                    dir.display()
                ))
            })?;
        }
    }
    create_private_file(file)?;
    let has_mode = url
        .split_once('?')
        .is_some_and(|(_, q)| q.split('&').any(|p| p.starts_with("mode=")));
    Ok(if has_mode {
        url.to_string()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    })
}

/// Creates the database file readable by its owner only (it holds password hashes), unless
/// it exists already.
fn create_private_file(file: &std::path::Path) -> Result<(), StoreError> {
    let mut open = std::fs::OpenOptions::new();
    open.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut open, 0o600);
    match open.open(file) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(StoreError::Invalid(format!(
            "cannot create database file {}: {e}",
            file.display()
        ))),
    }
}

impl Store {
    /// Connects (creating the SQLite file and its directory when missing) without migrating.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        Self::connect_with(url, DEFAULT_MAX_CONNECTIONS).await
    }

    /// As [`Store::connect`], with a pool of at most `max_connections`.
    pub async fn connect_with(url: &str, max_connections: u32) -> Result<Store, StoreError> {
        install_drivers();
        let backend = Backend::from_url(url)?;
        let options = AnyPoolOptions::new()
            .max_connections(max_connections.max(1))
            .acquire_timeout(Duration::from_secs(30));
        let pool = match backend {
            Backend::Sqlite => {
                let url = prepare_sqlite_url(url)?;
                // WAL is a property of the file and switching needs an exclusive lock, so it is
                // set once here rather than racing from every pooled connection.
                let mut conn = AnyConnection::connect(&url).await?;
                conn.execute("PRAGMA busy_timeout = 5000").await?;
                // Only takes effect before the first table exists, i.e. on a new file: the
                // retention purge can then give freed pages back in slices (incremental
                // vacuum). An older file keeps its mode until `radkota retention vacuum`.
                conn.execute("PRAGMA auto_vacuum = INCREMENTAL").await?;
                conn.execute("PRAGMA journal_mode = WAL").await?;
                conn.close().await?;
                options
                    .after_connect(|conn, _meta| {
                        Box::pin(async move {
                            conn.execute(
                                "PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; \
                                 PRAGMA foreign_keys = ON;",
                            )
                            .await?;
                            Ok(())
                        })
                    })
                    .connect(&url)
                    .await?
            }
            Backend::Postgres => {
                // One direct attempt first: the pool retries refused connections until its
                // acquire timeout, which would turn "server down" into a 30-second hang.
                AnyConnection::connect(url).await?.close().await?;
                options.connect(url).await?
            }
        };
        let fast = match backend {
            Backend::Sqlite => sqlite_file(&pool)
                .await?
                .map(|file| std::sync::Arc::new(sqlite::Fast::new(&file))),
            Backend::Postgres => None,
        };
        let pg = match backend {
            Backend::Postgres => Some(std::sync::Arc::new(pg_directory::Follow::new(url))),
            Backend::Sqlite => None,
        };
        Ok(Store {
            pool,
            backend,
            fast,
            directory: Default::default(),
            ledger: Default::default(),
            who_queued: Default::default(),
            pg,
        })
    }

    /// The SQLite file of the store, `None` for PostgreSQL and in-memory databases (which no
    /// second connection can see).
    pub async fn sqlite_file(&self) -> Result<Option<std::path::PathBuf>, StoreError> {
        match self.backend {
            Backend::Sqlite => sqlite_file(&self.pool).await,
            Backend::Postgres => Ok(None),
        }
    }

    /// Applies the migrations of `migrations/<backend>/` (embedded at build time) and seeds
    /// the built-in plans.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATOR,
            Backend::Postgres => &POSTGRES_MIGRATOR,
        };
        migrator
            .run(&self.pool)
            .await
            .map_err(|e| StoreError::Migrate(e.to_string()))?;
        self.seed_plans().await
    }

    /// The backend in use.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The underlying pool (for modules that add their own tables later).
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Closes the pool, waiting for connections to be returned.
    pub async fn close(&self) {
        self.pool.close().await
    }
}
