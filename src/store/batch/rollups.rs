//! PostgreSQL's form of a batch's rollup and peak writes: several tables' upserts in one
//! statement through data-modifying `WITH` clauses. Through the pool a batch pays per
//! round trip, and one per table was most of an accounting batch's time. (SQLite has no
//! data-modifying `WITH`; its executors write table by table.)

use sqlx::AnyConnection;

use super::plan::{Rollup, Step, Val};
use super::statements::{peaks_counted_sql, sum_upsert_sql_from};
use crate::store::StoreError;

/// Parameters in one combined statement at most; a batch with more writes table by table.
const MAX_PARAMS: usize = 20_000;

/// Adds the rows of consecutive `AddUsage` steps in one statement. Returns false, having
/// written nothing, when they are too many for one statement.
pub(crate) async fn add_together(
    conn: &mut AnyConnection,
    steps: &[Step<'_>],
) -> Result<bool, StoreError> {
    let mut parts = Vec::with_capacity(steps.len());
    let mut next = 1;
    for step in steps {
        let Step::AddUsage { table, rows } = step else {
            return Ok(false);
        };
        parts.push(sum_upsert_sql_from(table, rows.len(), next));
        next += rows.len() * (table.columns.len() + 4);
    }
    if next - 1 > MAX_PARAMS {
        return Ok(false);
    }
    let Some((primary, ctes)) = parts.split_last() else {
        return Ok(true);
    };
    // Each table is written by one part only: a row changed twice in one statement is
    // not allowed, and none is.
    let with: Vec<String> = ctes
        .iter()
        .enumerate()
        .map(|(i, sql)| format!("u{i} AS ({sql})"))
        .collect();
    let sql = format!("WITH {} {primary}", with.join(", "));
    let mut q = sqlx::query(&sql);
    for step in steps {
        if let Step::AddUsage { rows, .. } = step {
            q = bind_rollups(q, rows);
        }
    }
    q.execute(&mut *conn).await?;
    Ok(true)
}

/// The hour's and the day's peaks of `nas` in one statement.
pub(crate) async fn peaks_together(
    conn: &mut AnyConnection,
    day: &str,
    hour: i64,
    nas: &[i64],
) -> Result<(), StoreError> {
    let [hourly, daily] = peaks_counted_sql(nas);
    // The daily part binds only the day, as $1 like the hourly part.
    let sql = format!("WITH h AS ({hourly}) {daily}");
    sqlx::query(&sql)
        .bind(day)
        .bind(hour)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Binds rollup rows in the order `sum_upsert_sql` numbers them: each row's key columns,
/// then its four sums.
pub(crate) fn bind_rollups<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    rows: &'q [(Vec<Val<'_>>, Rollup)],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for (vals, d) in rows {
        for v in vals {
            q = match v {
                Val::Int(i) => q.bind(*i),
                Val::Text(s) => q.bind(*s),
            };
        }
        for sum in d.sums() {
            q = q.bind(sum);
        }
    }
    q
}
