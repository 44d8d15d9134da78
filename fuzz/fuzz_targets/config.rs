//! Fuzz target: `radkota::fuzzing::config` (see fuzz/README.md).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| radkota::fuzzing::config(data));
