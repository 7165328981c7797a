//! `cargo xtask`: the project's own commands (a thin clap front end over `codegen`).

mod changelog;
mod corpus_check;
mod diff;
mod download;
mod files;
mod project;
mod regen;
mod release;
mod scale_check;
mod slice;
mod version;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::project::Project;

/// Generation builds and drops millions of small token and syntax-tree nodes:
/// mimalloc does that far more cheaply than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    about = "Commands that maintain the generated graph-sync crate"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the `generated` crate from the committed slice in `metadata/`.
    ///
    /// Every Graph version with a folder in `metadata/` (`beta`, `v1.0`) is
    /// generated into its crate (`generated/beta/`, `generated/v1/`).
    ///
    /// With `--metadata FILE` (or URL), first re-select one version's slice
    /// from a full `$metadata` document (a file, `-` for standard input, or a
    /// URL such as `https://graph.microsoft.com/v1.0/$metadata`, downloaded
    /// with a progress bar into `target/metadata-download/` and reused from
    /// there when the service cannot be reached), update
    /// `metadata/{version}/synchronization.csdl`, and report the schema
    /// changes (also written to `metadata/{version}/CHANGES.md`). The version
    /// is the one `--version` names, or the one the URL's path names; a
    /// document does not say its version, so it is never guessed. Nothing is
    /// written unless everything was generated.
    Regen {
        /// Change nothing; fail and list the stale files if the committed
        /// slice or generated code differ from what the generator would write.
        #[arg(long)]
        check: bool,
        /// A full CSDL `$metadata` document to take the slice from: a file,
        /// `-` for standard input, or an `https://` URL.
        #[arg(long, value_name = "FILE|URL")]
        metadata: Option<String>,
        /// The Graph version the `--metadata` document is (`beta`, `v1.0`).
        #[arg(long, value_name = "VERSION", requires = "metadata")]
        version: Option<String>,
    },
    /// Generate a whole CSDL document (every type, no slice) into a scratch
    /// crate under `target/scale-check/` (never committed) and `cargo check`
    /// it with warnings denied. Prints counts and timings.
    ScaleCheck {
        /// The CSDL document.
        document: PathBuf,
        /// Run `cargo build --release` instead of `cargo check`.
        #[arg(long)]
        release: bool,
    },
    /// Print the schema-change report between two CSDL documents (full or
    /// slices), selected with `metadata/{version}/slice.toml`. Writes nothing.
    Diff {
        /// The older document.
        old: PathBuf,
        /// The newer document.
        new: PathBuf,
        /// Whose slice settings select (`beta`, `v1.0`); needed when there are several.
        #[arg(long, value_name = "VERSION")]
        version: Option<String>,
    },
    /// Read every real Graph document in DIR, generate the slice of each one
    /// that has the synchronization API, and every valid document of the
    /// OData corpus whole, and compile them all (with the code of the hostile
    /// golden fixture) with warnings denied in one scratch workspace under
    /// `target/corpus-check/`; rustdoc must find no doctest in the hostile
    /// crate. Run by CI.
    CorpusCheck {
        /// The folder of documents (default: `$GRAPH_METADATA_DIR` or `../shared/graph-metadata`).
        dir: Option<PathBuf>,
        /// The folder of OData documents written outside Graph (default:
        /// `$ODATA_CORPUS_DIR` or `../shared/odata-corpus`).
        #[arg(long, value_name = "DIR")]
        odata: Option<PathBuf>,
    },
    /// Set the version of the next release: the workspace's version (every
    /// crate that moves together takes it) and CHANGELOG.md's unreleased section.
    Version {
        /// The version, `major.minor.patch`, after the last release.
        version: String,
    },
    /// Package every publishable crate and build each from its package
    /// (`cargo package`). Run by CI.
    Package {
        /// Package uncommitted changes too.
        #[arg(long)]
        allow_dirty: bool,
    },
    /// Check the hand-written crates' API (graph-sync, its runtime, its fake)
    /// against the last release (its tag `vX.Y.Z`) with cargo-semver-checks:
    /// a change the workspace's version does not allow fails. Run by CI.
    Semver,
    /// Release the unreleased section of CHANGELOG.md: the semver and package
    /// checks, then the changelog dated today, a commit and a tag `vX.Y.Z`.
    /// Publishing and pushing are left to you (MAINTAINING.md).
    Release {
        /// The version to release (default: the one the unreleased section names).
        version: Option<String>,
    },
    /// Select the synchronization slice of a full Graph `$metadata` document and
    /// write it to `metadata/{version}/` as a self-contained CSDL document.
    Slice {
        /// The full CSDL document (e.g. a downloaded beta `$metadata`).
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
        /// The Graph version the document is (`beta`, `v1.0`); needed when there are several.
        #[arg(long, value_name = "VERSION")]
        version: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let project = Project::workspace();
    let result = match cli.command {
        Command::Regen { check, metadata, version } => {
            regen::run(&project, check, metadata.as_deref(), version.as_deref())
        }
        Command::Diff { old, new, version } => diff::run(&project, &old, &new, version.as_deref()),
        Command::ScaleCheck { document, release } => scale_check::run(&project, &document, release),
        Command::Slice { from, version } => slice::run(&project, &from, version.as_deref()),
        Command::Version { version } => release::set_version(&project, &version),
        Command::Package { allow_dirty } => release::package(&project, allow_dirty),
        Command::Semver => release::semver(&project, None, false),
        Command::Release { version } => release::release(&project, version.as_deref()),
        Command::CorpusCheck { dir, odata } => {
            let dir = dir.unwrap_or_else(|| corpus_check::default_dir(&project));
            let odata = odata.unwrap_or_else(|| corpus_check::default_odata_dir(&project));
            corpus_check::run(&project, &dir, &odata)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
