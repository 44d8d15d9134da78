//! PostgreSQL's peak writes (the hour's and the day's in one statement through a
//! data-modifying `WITH`), and the binding of rollup rows for the pooled SQLite path. The
//! rollups themselves go with `pg_rows` on PostgreSQL. (SQLite has no data-modifying
//! `WITH`; its executors write table by table.)

use sqlx::AnyConnection;

use super::plan::{Rollup, Val};
use super::statements::peaks_counted_sql;
use crate::store::StoreError;

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
