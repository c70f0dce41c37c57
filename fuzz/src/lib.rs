//! Fuzz targets for precis: the invariant checks live in [`checks`], shared with the workspace's
//! regression test; `fuzz_targets/*.rs` only hand libFuzzer's bytes to them.

pub mod checks;
