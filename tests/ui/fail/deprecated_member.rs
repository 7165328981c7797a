//! Graph's deprecations reach Rust: the synchronizationSecret enum is deprecated.
#![deny(deprecated)]

use graph_sync::beta::models::SynchronizationSecret;

fn main() {
    let _ = SynchronizationSecret::Password;
}
