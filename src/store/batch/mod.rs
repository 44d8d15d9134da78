//! An accounting batch: records (`record`) applied to their session rows (`row`) by pure
//! code into a write plan (`plan`), whose SQL (`statements`) one of two executors carries
//! out: the pool (`pooled`, sqlx) or the SQLite writer thread (`store::sqlite::batch`);
//! what it changed of the users' usage goes to the ledger (`changes`).

pub(crate) mod changes;
pub(crate) mod open_counts;
pub(crate) mod pg_rows;
pub(crate) mod plan;
pub(crate) mod pooled;
pub mod record;
pub(crate) mod rollups;
pub(crate) mod row;
pub(crate) mod single;
pub(crate) mod statements;
pub(crate) mod usage_rows;
pub(crate) mod who_queue;
pub(crate) mod work;
