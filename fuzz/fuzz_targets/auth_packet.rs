//! Fuzz target: `radkota::fuzzing::auth_packet` (see fuzz/README.md).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| radkota::fuzzing::auth_packet(data));
