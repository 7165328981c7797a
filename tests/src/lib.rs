//! Test-only package: the trybuild cases and integration tests of the
//! generated `graph-sync` crate live in `tests/`. The README's examples are
//! compiled here as doctests.

#![doc = include_str!("../../README.md")]
