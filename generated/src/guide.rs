//! Guides beyond the quick start, one page each; the README links them as
//! files. Their examples are compiled by `cargo test` (the `graph-sync-tests`
//! package includes each page, with the features they use), so this module
//! is built for documentation only.

#[doc = include_str!("guide/production.md")]
pub mod production {}

#[doc = include_str!("guide/inbound.md")]
pub mod inbound {}

#[doc = include_str!("guide/testing.md")]
pub mod testing {}
