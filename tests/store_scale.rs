//! Costs that must not grow with history: the statements a login runs read only the
//! user's open sessions and the period's usage rows, shown by each backend's query plan
//! (issue 24), and the login directory drops only the users a change touches.

mod common;

use radkota::store::Store;
use radkota::store::testing::{
    PgSchema, Statement, accounting_lookup_plan, login_usage_plan, postgres_url, statement_plan,
};

fn assert_plan_reads_no_history(plan: &[String]) {
    let text = plan.join("\n");
    // Open sessions through the index that holds only open sessions ...
    assert!(
        text.contains("sessions_open_user"),
        "open sessions are not counted through sessions_open_user:\n{text}"
    );
    // ... never through the index of the user's whole history, nor a scan of the table.
    assert!(
        !text.contains("sessions_username"),
        "open sessions counted through the history index:\n{text}"
    );
    assert!(
        !text.contains("SCAN s") && !text.contains("Seq Scan on sessions"),
        "sessions scanned:\n{text}"
    );
    // Usage rows by the keys (day, username) and (month, username), searched with both:
    // the period's rows, not the user's history.
    for line in plan
        .iter()
        .filter(|l| l.contains("usage_daily_user") || l.contains("usage_monthly_user"))
    {
        assert!(
            line.contains("SEARCH") || line.contains("Index Scan") || line.contains("Index Only"),
            "usage rows not read by an index: {line}\n{text}"
        );
    }
    for line in plan
        .iter()
        .filter(|l| l.contains("Index Cond") && (l.contains("day") || l.contains("month")))
    {
        assert!(
            line.contains("username"),
            "usage read without the user: {line}\n{text}"
        );
    }
    for line in plan.iter().filter(|l| l.contains("SEARCH d")) {
        assert!(
            line.contains("username=?") && (line.contains("day=?") || line.contains("month=?")),
            "usage read without the user or the period: {line}\n{text}"
        );
    }
    // The month is one row of the monthly rollup (migration 0027), not the month's days.
    assert!(
        text.contains("usage_daily_user") && text.contains("usage_monthly_user"),
        "plan does not read the day's and the month's usage:\n{text}"
    );
}

/// The plan of a per-user statement: through `index`, searched by the user, never a scan
/// of the table nor (SQLite) a sort of the user's whole history.
fn assert_per_user(which: Statement, plan: &[String], index: &str) {
    let text = plan.join("\n");
    assert!(
        text.contains(index),
        "{which:?} does not use {index}:\n{text}"
    );
    assert!(
        !text.contains("SCAN s") && !text.contains("Seq Scan") && !text.contains("SCAN usage"),
        "{which:?} scans a table:\n{text}"
    );
    // A page of the user's whole history comes in index order; open sessions (a few)
    // may be sorted. PostgreSQL 15 cannot keep an index's order across the values of an
    // `IN` list, so there a user's sessions, read by their start days, are sorted: only
    // that user's rows, since each day is searched with the username.
    let by_day_on_postgres = which == Statement::SessionsOfUser && text.contains("Index Cond");
    if by_day_on_postgres {
        assert!(
            plan.iter()
                .any(|l| l.contains("Index Cond") && l.contains("86400") && l.contains("username")),
            "{which:?} does not search each day by the user:\n{text}"
        );
    }
    if which != Statement::OpenSessionsOfUser && !by_day_on_postgres {
        // PostgreSQL may finish the order of equal start times (`Incremental Sort`).
        let full_sort = plan.iter().any(|l| {
            l.trim_start()
                .trim_start_matches("->  ")
                .starts_with("Sort")
        });
        assert!(
            !text.contains("TEMP B-TREE") && !full_sort,
            "{which:?} sorts what it read:\n{text}"
        );
    }
}

/// A history for the planner to weigh: 20,000 sessions of 200 users over 100 days, one in
/// fifty still open, analysed. On an empty table PostgreSQL (with sequential scans off) would rather
/// walk the whole of `sessions_key` by its last column than seek 400 days, which it never
/// does on a table with rows. Written in SQL: only the plan is asked of it.
async fn give_postgres_a_history(store: &Store) {
    sqlx::query(
        "INSERT INTO sessions (nas_id, acct_session_id, username, started_at, last_update_at, \
         stopped_at, seen_at, interim_interval, state) \
         SELECT 1, 'h' || i, 'u' || (i % 200), 1728000000 + i * 432, 1728000000 + i * 432, \
         CASE WHEN i % 50 = 0 THEN NULL ELSE 1728000000 + i * 432 + 60 END, \
         1728000000 + i * 432, 300, CASE WHEN i % 50 = 0 THEN 'open' ELSE 'closed' END \
         FROM generate_series(1, 20000) AS i",
    )
    .execute(store.pool())
    .await
    .expect("history");
    sqlx::query("ANALYZE sessions")
        .execute(store.pool())
        .await
        .expect("analyze");
}

async fn check_per_user_statements(store: &Store) {
    for (which, index) in [
        (Statement::SessionsOfUser, "sessions_day_username"),
        (Statement::OpenSessionsOfUser, "sessions_open_user"),
        (Statement::UsageOfUser, "usage_daily_user"),
    ] {
        let plan = statement_plan(store, which).await.expect("plan");
        assert_per_user(which, &plan, index);
    }
    // Accounting-On/Off reads the NAS's open and stale sessions through the index that
    // holds only those (migrations 0026 and 0028), not the NAS's history.
    let plan = statement_plan(store, Statement::CloseNas)
        .await
        .expect("plan")
        .join("\n");
    assert!(
        plan.contains("sessions_open_nas"),
        "Accounting-On/Off does not read sessions_open_nas:\n{plan}"
    );
    assert!(
        !plan.contains("SCAN sessions") && !plan.contains("Seq Scan"),
        "Accounting-On/Off scans the sessions:\n{plan}"
    );
}

#[test]
fn sqlite_per_user_lists_read_by_the_user() {
    common::runtime().block_on(async {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}/radkota.db", dir.path().display());
        let store = Store::connect(&url).await.expect("connect");
        store.migrate().await.expect("migrate");
        check_per_user_statements(&store).await;
        store.close().await;
    });
}

#[test]
fn postgres_per_user_lists_read_by_the_user() {
    let Some(base) = postgres_url() else { return };
    common::runtime().block_on(async {
        let schema = PgSchema::create(&base).await.expect("schema");
        let store = schema.store().await.expect("store");
        give_postgres_a_history(&store).await;
        check_per_user_statements(&store).await;
        store.close().await;
        schema.drop().await.expect("drop");
    });
}

#[test]
fn sqlite_login_reads_only_open_sessions_and_the_periods_usage() {
    common::runtime().block_on(async {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}/radkota.db", dir.path().display());
        let store = Store::connect(&url).await.expect("connect");
        store.migrate().await.expect("migrate");
        let plan = login_usage_plan(&store).await.expect("plan");
        assert_plan_reads_no_history(&plan);
        store.close().await;
    });
}

#[test]
fn postgres_login_reads_only_open_sessions_and_the_periods_usage() {
    let Some(base) = postgres_url() else { return };
    common::runtime().block_on(async {
        let schema = PgSchema::create(&base).await.expect("schema");
        let store = schema.store().await.expect("store");
        let plan = login_usage_plan(&store).await.expect("plan");
        assert_plan_reads_no_history(&plan);
        store.close().await;
        schema.drop().await.expect("drop");
    });
}

/// An accounting batch on PostgreSQL reads its sessions by their unique key, one probe per
/// record, even on a small table the planner has no statistics for (a new database before
/// autovacuum's first ANALYZE), where a plan is made and then kept while the table grows.
/// There, before migration 0026, the planner took the index of every session per NAS and
/// filtered the NAS's whole history for each record; with that index gone, it scanned the
/// table for each record, unless the batch's transaction turns scans off.
#[test]
fn postgres_accounting_lookup_probes_the_key_without_statistics() {
    let Some(base) = postgres_url() else {
        return;
    };
    common::runtime().block_on(async {
        let schema = PgSchema::create(&base).await.expect("schema");
        let store = schema.store().await.expect("store");
        // Two hundred sessions of one NAS, most closed, never analysed.
        sqlx::query(
            "INSERT INTO sessions (nas_id, acct_session_id, username, started_at, \
             last_update_at, stopped_at, seen_at, interim_interval, state) \
             SELECT 1, 'h' || i, 'u' || (i % 200), 1728000000 + i, 1728000000 + i, \
             CASE WHEN i % 50 = 0 THEN NULL ELSE 1728000060 + i END, 1728000000 + i, 300, \
             CASE WHEN i % 50 = 0 THEN 'open' ELSE 'closed' END \
             FROM generate_series(1, 200) AS i",
        )
        .execute(store.pool())
        .await
        .expect("history");
        let plan = accounting_lookup_plan(&store)
            .await
            .expect("plan")
            .join("\n");
        assert!(
            plan.contains("Index Scan using sessions_key on sessions"),
            "the batch's sessions are not read by their key:\n{plan}"
        );
        assert!(
            !plan.contains("Seq Scan on sessions") && !plan.contains("sessions_open_nas"),
            "the batch's lookup reads more than the key:\n{plan}"
        );
        store.close().await;
        schema.drop().await.expect("drop");
    });
}
