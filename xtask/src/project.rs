//! Where the project's files are: one folder of metadata per Graph version
//! (`metadata/beta/`, `metadata/v1.0/`), each generating one crate
//! (`generated/beta/`, `generated/v1/`: `graph-sync-beta`, `graph-sync-v1`),
//! which the facade `graph-sync` (`generated/`) re-exports as a module.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The files `cargo xtask` reads and writes, below one workspace root (the
/// real one, or a copy in tests).
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
}

/// One Graph version the crate covers, as its folder in `metadata/` names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphVersion {
    /// As Graph writes it in URLs: `beta`, `v1.0`.
    pub name: String,
    /// Its module and Cargo feature in the facade, and its crate's folder: `beta`, `v1`.
    pub module: String,
}

impl GraphVersion {
    fn new(name: &str) -> Result<Self, String> {
        let module = codegen::naming::version_module(name).ok_or_else(|| {
            format!("metadata/{name}/: a version folder is named as Graph writes the version (`beta`, `v1.0`)")
        })?;
        Ok(Self { name: name.to_owned(), module })
    }

    /// The slice settings, relative to the root.
    pub fn settings(&self) -> String {
        format!("metadata/{}/slice.toml", self.name)
    }

    /// The committed CSDL slice, relative to the root, as generated headers name it.
    pub fn slice_document(&self) -> String {
        format!("metadata/{}/synchronization.csdl", self.name)
    }

    /// The schema-change log, newest first, relative to the root.
    pub fn changes(&self) -> String {
        format!("metadata/{}/CHANGES.md", self.name)
    }

    /// The package of the crate it is generated into: `graph-sync-v1`.
    pub fn package(&self) -> String {
        format!("graph-sync-{}", self.module)
    }

    /// That crate's library, as Rust code names it: `graph_sync_v1`.
    pub fn library(&self) -> String {
        self.package().replace('-', "_")
    }

    /// That crate's folder, relative to the root: `generated/v1`.
    pub fn crate_dir(&self) -> PathBuf {
        Path::new("generated").join(&self.module)
    }

    /// That crate's manifest, relative to the root (generated too).
    pub fn manifest(&self) -> PathBuf {
        self.crate_dir().join("Cargo.toml")
    }

    /// That crate's sources, relative to the root: `generated/v1/src`.
    pub fn generated(&self) -> PathBuf {
        self.crate_dir().join("src")
    }
}

impl Project {
    /// The workspace this xtask belongs to (the parent of `xtask/`).
    pub fn workspace() -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace");
        Self { root: root.to_path_buf() }
    }

    /// Every version with slice settings in `metadata/`, in name order.
    pub fn versions(&self) -> Result<Vec<GraphVersion>, String> {
        let folder = self.root.join("metadata");
        let entries = std::fs::read_dir(&folder).map_err(|e| format!("cannot read {}: {e}", folder.display()))?;
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|entry| entry.path().join("slice.toml").is_file())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        if names.is_empty() {
            return Err(format!("{} has no version folder with a slice.toml", folder.display()));
        }
        names.iter().map(|name| GraphVersion::new(name)).collect()
    }

    /// The version named `name` (`beta`, `v1.0`), which must have a folder.
    pub fn version(&self, name: &str) -> Result<GraphVersion, String> {
        let versions = self.versions()?;
        versions.iter().find(|v| v.name == name).cloned().ok_or_else(|| {
            let known: Vec<&str> = versions.iter().map(|v| v.name.as_str()).collect();
            format!("no version `{name}` in metadata/ (there are: {})", known.join(", "))
        })
    }

    /// A path relative to the root, made absolute.
    pub fn path(&self, relative: impl AsRef<Path>) -> PathBuf {
        self.root.join(relative)
    }
}

/// The cargo that runs `cargo xtask` (`$CARGO`), else the one on the path:
/// every command xtask starts runs with the same toolchain.
pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}
