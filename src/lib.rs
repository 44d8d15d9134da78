//! radkota: a RADIUS authentication and accounting server for city-scale public WiFi.
//!
//! Dependencies point downward: server -> auth -> policy -> store -> protocol.
//! `protocol` depends on nothing of ours.

pub mod admin;
pub mod auth;
pub mod cli;
pub mod config;
pub mod import;
pub mod logging;
pub mod policy;
pub mod protocol;
pub mod server;
pub mod store;
