//! The RADIUS server: transports (UDP listeners), the request type they build, one handler
//! per packet code, NAS registry, duplicate cache, counters, shutdown. Knows nothing about
//! users beyond handing Access-Requests to `auth` and Accounting-Requests to `accounting`;
//! `app` wires it up.

pub mod auth_log_writer;
pub mod context;
pub mod counters;
pub mod dedup;
pub mod handle;
pub mod listener;
pub mod registry;
pub mod request;
pub mod shutdown;
pub mod summary;
