//! Fuzz target: `radkota::eap::fuzz::peap_inner` (see fuzz/README.md).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| radkota::eap::fuzz::peap_inner(data));
