//! Fuzz target: `radkota::eap::fuzz::mschapv2` (see fuzz/README.md).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| radkota::eap::fuzz::mschapv2(data));
