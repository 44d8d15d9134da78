//! radkota: a RADIUS authentication and accounting server for city-scale public WiFi.
//!
//! Dependencies point downward: app -> server -> auth | accounting | coa -> store -> domain;
//! auth and coa also use policy (decisions, rendering), which uses domain and dictionary.
//! The store never calls policy; `protocol` depends on nothing of ours.

pub mod accounting;
pub mod admin;
pub mod app;
pub mod auth;
pub mod ca;
pub mod cli;
pub mod coa;
pub mod config;
pub mod console;
pub mod demo;
pub mod dictionary;
pub mod doctor;
pub mod domain;
pub mod eap;
#[doc(hidden)]
pub mod fuzzing;
pub mod http;
pub mod import;
pub mod linger;
pub mod loadgen;
pub mod logging;
pub mod messages;
pub mod metrics;
pub mod monitor;
pub mod onboard;
pub mod policy;
pub mod portal;
pub mod protocol;
pub mod radsec;
pub mod reports;
pub mod server;
pub mod staff;
pub mod store;
pub mod trace;
pub mod vouchers;
pub mod web;
