#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| precis_fuzz::checks::html(data));
