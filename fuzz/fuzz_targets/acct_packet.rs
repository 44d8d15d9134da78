//! Fuzz target: `radkota::fuzzing::acct_packet` (see fuzz/README.md).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| radkota::fuzzing::acct_packet(data));
