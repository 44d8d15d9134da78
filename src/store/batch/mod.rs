//! An accounting batch: records (`record`) applied to their session rows (`row`) by pure
//! code into a write plan (`plan`), whose SQL (`statements`) one of two executors carries
//! out: the pool (`pooled`, sqlx) or the SQLite writer thread (`store::sqlite::batch`).

pub(crate) mod plan;
pub(crate) mod pooled;
pub mod record;
pub(crate) mod row;
pub(crate) mod statements;
pub(crate) mod work;
