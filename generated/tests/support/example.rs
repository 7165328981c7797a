//! Where `cargo test` put an example's binary (it builds the examples before
//! it runs the tests), for the tests that run an example as a user does.

use std::path::PathBuf;

/// The built example `name`; fails the test when it is not built.
pub fn example(name: &str) -> PathBuf {
    let deps = std::env::current_exe().unwrap().parent().unwrap().to_path_buf();
    let path = deps.parent().unwrap().join("examples").join(name);
    assert!(path.exists(), "{} is not built: `cargo test -p graph-sync` builds the examples first", path.display());
    path
}
