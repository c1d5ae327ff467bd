//! Integration tests live in tests/. The README is included here so that its Rust example is
//! compiled by `cargo test` (as a doctest) and cannot drift from the generated API.
#![doc = include_str!("../../README.md")]
