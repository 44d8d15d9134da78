//! What only a SQLite file gets: reads in place on the request's own thread (`reads`,
//! `login`, with the user directory), and the writer thread's own connection (`writer`,
//! `batch`, with what it remembers between batches in `cache`). Nothing outside the store
//! names rusqlite or these types.

pub(crate) mod batch;
pub(crate) mod cache;
pub(crate) mod commits;
pub(crate) mod login;
pub(crate) mod reads;
pub(crate) mod writer;

pub(crate) use reads::Fast;
