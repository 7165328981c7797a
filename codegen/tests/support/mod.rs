//! Finding the real Graph documents in `../shared/graph-metadata/`.
//!
//! They live beside the project, not in it. When they are missing, tests that
//! need them print a loud notice and skip, so the core suite passes on a fresh
//! clone; with `GRAPH_SYNC_REQUIRE_SHARED=1` (as `.ci/run` sets) they fail instead.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use codegen::model::Model;

/// The start of a one-schema document (namespace `t`); a body after it starts on line 4.
pub const HEAD: &str = r#"<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
<edmx:DataServices>
<Schema Namespace="t" xmlns="http://docs.oasis-open.org/odata/ns/edm">
"#;

/// The end of a document started with [`HEAD`].
pub const TAIL: &str = "</Schema>\n</edmx:DataServices>\n</edmx:Edmx>\n";

/// A document whose schema body is `body`; the body starts on line 4.
pub fn schema(body: &str) -> String {
    format!("{HEAD}{body}{TAIL}")
}

/// Reads and resolves `text`, expecting an error printed as `bad.xml:{location}: ...{message}...`.
#[track_caller]
pub fn assert_error(text: &str, location: &str, message: &str) {
    let error = Model::from_bytes("bad.xml", text.as_bytes()).expect_err("the document must be refused");
    let printed = error.to_string();
    assert!(printed.starts_with(&format!("bad.xml:{location}: ")), "wrong location in: {printed}");
    assert!(printed.contains(message), "`{message}` not in: {printed}");
}

/// The folder of real CSDL documents: `$GRAPH_METADATA_DIR`, or `../shared/graph-metadata`
/// beside the workspace.
pub fn metadata_dir() -> PathBuf {
    match std::env::var_os("GRAPH_METADATA_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/graph-metadata"),
    }
}

/// The bytes of one real document, or `None` (after a loud notice) when the folder is missing.
pub fn real_document(file: &str) -> Option<(String, Vec<u8>)> {
    let path = metadata_dir().join(file);
    match std::fs::read(&path) {
        Ok(bytes) => Some((path.display().to_string(), bytes)),
        Err(error) => {
            let message = format!(
                "\n==== SKIPPED: real Graph document {} is not available ({error}).\n\
                 ==== This test needs ../shared/graph-metadata beside the workspace \
                 (or GRAPH_METADATA_DIR).\n",
                path.display()
            );
            if std::env::var_os("GRAPH_SYNC_REQUIRE_SHARED").is_some_and(|v| v == "1") {
                panic!("{message}==== GRAPH_SYNC_REQUIRE_SHARED=1, so this is a failure.");
            }
            // Written to the stream itself: `eprintln!` output of a passing test is captured and hidden.
            let _ = std::io::Write::write_all(&mut std::io::stderr(), message.as_bytes());
            None
        }
    }
}

/// The documents of the corpus, as named in `../shared/graph-metadata/README.md`.
pub const CORPUS: &[&str] = &[
    "beta-USNat-2026-08-05.csdl",
    "v1.0-Prod-2026-08.csdl",
    "beta-Prod-2021-07-13.xml",
    "beta-Prod-2021-06-01.xml",
    "beta-GovSG-2026-08.csdl",
    "beta-Review-2026-08.csdl",
    "v1.0-Bleu-2026-08.csdl",
    "v1.0-Delos-2026-08.csdl",
    "v1.0-GovSG-2026-08.csdl",
    "v1.0-USNat-2026-08.csdl",
    "v1.0-USSec-2026-08.csdl",
];

/// The documents of the corpus that hold the synchronization API: each must
/// slice, generate, and compile.
pub const WITH_SYNCHRONIZATION: &[&str] = &[
    "beta-USNat-2026-08-05.csdl",
    "v1.0-Prod-2026-08.csdl",
    "beta-Prod-2021-07-13.xml",
    "beta-Prod-2021-06-01.xml",
    "v1.0-Bleu-2026-08.csdl",
    "v1.0-Delos-2026-08.csdl",
    "v1.0-USNat-2026-08.csdl",
    "v1.0-USSec-2026-08.csdl",
];

/// `count` deterministic mutations of `original` (seeded by `seed`): each
/// truncates, cuts, inserts one of `pieces`, or copies a run of the document
/// into itself, one to three times.
pub fn mutations<'a>(
    original: &'a [u8],
    count: usize,
    pieces: &'a [&'a [u8]],
    seed: u64,
) -> impl Iterator<Item = Vec<u8>> + 'a {
    let mut rng = seed;
    let mut next = move |bound: usize| {
        // xorshift64*: small, seeded, reproducible.
        rng ^= rng >> 12;
        rng ^= rng << 25;
        rng ^= rng >> 27;
        (rng.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % bound.max(1)
    };
    (0..count).map(move |_| {
        let mut bytes = original.to_vec();
        for _ in 0..1 + next(3) {
            let at = next(bytes.len());
            match next(4) {
                0 => bytes.truncate(at),
                1 => {
                    let end = (at + 1 + next(40)).min(bytes.len());
                    bytes.drain(at..end);
                }
                2 => {
                    let piece = pieces[next(pieces.len())];
                    bytes.splice(at..at, piece.iter().copied());
                }
                _ => {
                    let from = next(bytes.len());
                    let len = next(200).min(bytes.len() - from);
                    let copy = bytes[from..from + len].to_vec();
                    bytes.splice(at..at, copy);
                }
            }
        }
        bytes
    })
}

/// Every file below `dir`, by path relative to it.
pub fn files_below(dir: &Path) -> BTreeSet<String> {
    let mut files = BTreeSet::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else {
                files.insert(path.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files
}
