//! Costs that must not grow with history: the statements a login runs read only the
//! user's open sessions and the period's usage rows, shown by each backend's query plan
//! (issue 24), and the login directory drops only the users a change touches.

mod common;

use radkota::store::Store;
use radkota::store::testing::{PgSchema, login_usage_plan, postgres_url};

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
    // Usage rows by an index on (username, day) or (day, username), searched with both:
    // the period's rows, not the user's history.
    for line in plan.iter().filter(|l| l.contains("usage_daily_user")) {
        assert!(
            line.contains("SEARCH") || line.contains("Index Scan") || line.contains("Index Only"),
            "usage rows not read by an index: {line}\n{text}"
        );
    }
    for line in plan
        .iter()
        .filter(|l| l.contains("Index Cond") && l.contains("day"))
    {
        assert!(
            line.contains("username"),
            "usage read without the user: {line}\n{text}"
        );
    }
    for line in plan.iter().filter(|l| l.contains("SEARCH d")) {
        assert!(
            line.contains("username=?") && line.contains("day"),
            "usage read without the user or the day: {line}\n{text}"
        );
    }
    assert!(
        text.contains("usage_daily_user"),
        "plan does not mention usage at all:\n{text}"
    );
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
