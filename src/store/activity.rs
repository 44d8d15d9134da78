//! Area-scoped reads of sessions and daily usage for the admin API: an operator sees only
//! the sessions and usage of NAS inside their area subtree.

use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, Row};

use super::areas::Scope;
use super::sessions::{SESSION_COLUMNS, SessionRecord, state};
use super::{Store, StoreError};

/// Filters of [`Store::list_session_views`].
#[derive(Debug, Clone, Default)]
pub struct SessionQuery {
    /// Exact username.
    pub username: Option<String>,
    /// Exact NAS name.
    pub nas: Option<String>,
    /// Only sessions in state `open`.
    pub open_only: bool,
}

/// The WHERE clause shared by the list and its count: scope on the NAS's RW (`$1`, `$2`),
/// then only the filters asked for, numbered from `$3`, and how many parameters it has.
/// A filter left out of the SQL (rather than `$3 = '' OR ...`) lets the planner use the
/// index it needs: a user's sessions by start day and username (`days`, from
/// `Store::user_history_days`), open ones by the index of open sessions; with `OR`
/// SQLite scanned every session ever stored.
fn session_where(scope: &Scope, q: &SessionQuery, days: Option<&str>) -> (String, usize) {
    let mut sql = scope.condition("n.rw", 1);
    let mut n = 2;
    if q.username.is_some() {
        n += 1;
        sql.push_str(&format!(" AND s.username = ${n}"));
        if let Some(days) = days {
            sql.push_str(&format!(" AND {days}"));
        }
    }
    if q.nas.is_some() {
        n += 1;
        sql.push_str(&format!(" AND n.name = ${n}"));
    }
    if q.open_only {
        // A literal, so a partial index on open sessions applies.
        sql.push_str(&format!(" AND s.state = '{}'", state::OPEN));
    }
    (sql, n)
}

/// Binds the parameters of [`session_where`].
fn bind_session_where<'q>(
    sql: Query<'q, Any, AnyArguments<'q>>,
    scope: &Scope,
    q: &SessionQuery,
) -> Query<'q, Any, AnyArguments<'q>> {
    let mut sql = scope.bind(sql);
    if let Some(user) = &q.username {
        sql = sql.bind(user.clone());
    }
    if let Some(nas) = &q.nas {
        sql = sql.bind(nas.clone());
    }
    sql
}

impl Store {
    /// Sessions whose NAS is inside `scope`, newest first, one page.
    pub async fn list_session_views(
        &self,
        scope: &Scope,
        q: &SessionQuery,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<SessionRecord>, StoreError> {
        let days = self
            .user_history_days(q.username.is_some(), q.open_only)
            .await?;
        let (filter, n) = session_where(scope, q, days.as_deref());
        // By day first when read by day: the same order, read backwards from the index
        // (see `sessions::session_list_sql`).
        let day_first = if days.is_some() {
            "s.started_at / 86400 DESC, "
        } else {
            ""
        };
        let sql = format!(
            "SELECT {SESSION_COLUMNS} FROM sessions s LEFT JOIN nas n ON n.id = s.nas_id \
             WHERE {filter} ORDER BY {day_first}s.started_at DESC, s.id DESC \
             LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        );
        let rows = bind_session_where(sqlx::query(&sql), scope, q)
            .bind(limit.max(0))
            .bind(offset.max(0))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(SessionRecord::from_row)
            .collect::<Result<_, _>>()?)
    }

    /// How many sessions [`Store::list_session_views`] would return without paging.
    pub async fn count_session_views(
        &self,
        scope: &Scope,
        q: &SessionQuery,
    ) -> Result<i64, StoreError> {
        let days = self
            .user_history_days(q.username.is_some(), q.open_only)
            .await?;
        let (filter, _) = session_where(scope, q, days.as_deref());
        let sql = format!(
            "SELECT COUNT(*) AS n FROM sessions s LEFT JOIN nas n ON n.id = s.nas_id WHERE {filter}"
        );
        let row = bind_session_where(sqlx::query(&sql), scope, q)
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }

    /// One session whose NAS is inside `scope` (`None` also when it exists outside).
    pub async fn get_session_view(
        &self,
        id: i64,
        scope: &Scope,
    ) -> Result<Option<SessionRecord>, StoreError> {
        let sql = format!(
            "SELECT {SESSION_COLUMNS} FROM sessions s LEFT JOIN nas n ON n.id = s.nas_id \
             WHERE s.id = $3 AND {}",
            scope.condition("n.rw", 1)
        );
        let row = scope
            .bind(sqlx::query(&sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| SessionRecord::from_row(&r)).transpose()?)
    }

    /// The id of a NAS inside `scope`.
    pub async fn nas_id_in(&self, name: &str, scope: &Scope) -> Result<Option<i64>, StoreError> {
        let sql = format!(
            "SELECT id FROM nas WHERE name = $3 AND {}",
            scope.condition("rw", 1)
        );
        let row = scope
            .bind(sqlx::query(&sql))
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.try_get("id")).transpose()?)
    }
}
