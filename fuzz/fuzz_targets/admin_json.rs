//! Fuzz target: `radkota::fuzzing::admin_json` (see fuzz/README.md).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| radkota::fuzzing::admin_json(data));
