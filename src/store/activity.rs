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
/// then username (`$3`), NAS name (`$4`) and state (`$5`), each empty for "any".
fn session_where(scope: &Scope) -> String {
    format!(
        "{} AND ($3 = '' OR s.username = $3) AND ($4 = '' OR n.name = $4) \
         AND ($5 = '' OR s.state = $5)",
        scope.condition("n.rw", 1)
    )
}

/// Binds the parameters of [`session_where`], `$1` to `$5`.
fn bind_session_where<'q>(
    sql: Query<'q, Any, AnyArguments<'q>>,
    scope: &Scope,
    q: &SessionQuery,
) -> Query<'q, Any, AnyArguments<'q>> {
    scope
        .bind(sql)
        .bind(q.username.clone().unwrap_or_default())
        .bind(q.nas.clone().unwrap_or_default())
        .bind(if q.open_only { state::OPEN } else { "" })
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
        let sql = format!(
            "SELECT {SESSION_COLUMNS} FROM sessions s LEFT JOIN nas n ON n.id = s.nas_id \
             WHERE {} ORDER BY s.started_at DESC, s.id DESC LIMIT $6 OFFSET $7",
            session_where(scope)
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
        let sql = format!(
            "SELECT COUNT(*) AS n FROM sessions s LEFT JOIN nas n ON n.id = s.nas_id WHERE {}",
            session_where(scope)
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
