//! `radkota migrate`: create the database or bring its schema up to date.

use super::Ctx;

/// Help epilogue for `migrate`.
pub(super) const AFTER_HELP: &str = "\
Example:
  radkota migrate

Creates the SQLite file (or the tables in PostgreSQL) on a fresh machine and applies any
newer schema changes after an upgrade. Safe to run many times; existing data and plan
changes are kept. Other commands do this by themselves, so this is mostly for install
scripts.";

/// Applies migrations and seeds the built-in plans.
pub(super) async fn migrate(ctx: &Ctx) -> anyhow::Result<()> {
    let store = ctx.store().await?;
    store.close().await;
    println!(
        "database is up to date ({})",
        super::redact_url(&ctx.config.database_url())
    );
    Ok(())
}
