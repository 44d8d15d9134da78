//! Fuzz target: `radkota::fuzzing::dictionary` (see fuzz/README.md).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| radkota::fuzzing::dictionary(data));
