//! Where the project's files are.

use std::path::{Path, PathBuf};

/// The workspace root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

/// The slice settings.
pub fn slice_settings() -> PathBuf {
    root().join("metadata/slice.toml")
}

/// The committed CSDL slice.
pub fn slice_document() -> PathBuf {
    root().join("metadata/synchronization.csdl")
}
