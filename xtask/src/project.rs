//! Where the project's files are.

use std::path::{Path, PathBuf};

/// The files `cargo xtask` reads and writes, below one workspace root (the
/// real one, or a copy in tests).
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
}

/// The slice document's path relative to the root, as named in generated headers.
pub const SLICE_DOCUMENT: &str = "metadata/synchronization.csdl";

impl Project {
    /// The workspace this xtask belongs to (the parent of `xtask/`).
    pub fn workspace() -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace");
        Self { root: root.to_path_buf() }
    }

    /// The slice settings.
    pub fn slice_settings(&self) -> PathBuf {
        self.root.join("metadata/slice.toml")
    }

    /// The committed CSDL slice.
    pub fn slice_document(&self) -> PathBuf {
        self.root.join(SLICE_DOCUMENT)
    }

    /// The schema-change log, newest first.
    pub fn changes(&self) -> PathBuf {
        self.root.join("metadata/CHANGES.md")
    }
}
