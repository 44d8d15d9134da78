//! Fuzz target: `radkota::fuzzing::import_areas` (see fuzz/README.md).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| radkota::fuzzing::import_areas(data));
