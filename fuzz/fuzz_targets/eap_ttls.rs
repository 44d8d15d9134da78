//! Fuzz target: `radkota::eap::fuzz::ttls_avps` (see fuzz/README.md).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| radkota::eap::fuzz::ttls_avps(data));
