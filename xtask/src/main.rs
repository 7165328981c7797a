//! `cargo xtask`: the project's own commands (a thin clap front end over `codegen`).

mod project;
mod regen;
mod slice;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Commands that maintain the generated graph-sync crate")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the `generated` crate from the committed slice in `metadata/`.
    Regen {
        /// Change nothing; fail and list the stale files if the committed
        /// generated code differs from what the generator would write.
        #[arg(long)]
        check: bool,
    },
    /// Select the synchronization slice of a full Graph `$metadata` document and
    /// write it to `metadata/` as a self-contained CSDL document.
    Slice {
        /// The full CSDL document (e.g. a downloaded beta `$metadata`).
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Regen { check } => regen::run(check),
        Command::Slice { from } => slice::run(&from),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
