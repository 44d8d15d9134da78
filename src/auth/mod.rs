//! Credential checks and the access decision. Returns decisions; never touches sockets.

pub mod argon2_pool;
mod binder;
pub mod cache;
pub mod chap;
pub mod decision;
mod evaluate;
pub mod failures;
pub mod fair_queue;
pub mod key_bind;
pub mod mschapv2;
pub mod pap;
pub mod pap_check;
pub mod seal;
