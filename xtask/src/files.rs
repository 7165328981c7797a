//! The file and input plumbing every command shares: reading a document
//! (a file or standard input), naming it in messages and headers, and
//! replacing a file without ever leaving it half written.

use std::path::{Path, PathBuf};

/// Reads a document from a file, or from standard input for `-`.
pub fn read_input(from: &Path) -> Result<Vec<u8>, String> {
    if from == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        return Ok(bytes);
    }
    std::fs::read(from).map_err(|e| format!("cannot read {}: {e}", from.display()))
}

/// The name used in error locations.
pub fn display_name(from: &Path) -> String {
    if from == Path::new("-") {
        "<standard input>".to_owned()
    } else {
        from.display().to_string()
    }
}

/// The name recorded in the slice's header: a file name, never a machine's path.
pub fn source_name(from: &Path) -> String {
    match from.file_name() {
        Some(name) if from != Path::new("-") => name.to_string_lossy().into_owned(),
        _ => "standard input".to_owned(),
    }
}

/// Every file below `root`, as paths relative to it, sorted. A folder that
/// cannot be read is passed over (as if empty).
pub fn files_below(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![PathBuf::new()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(root.join(&folder)) else { continue };
        for entry in entries.filter_map(Result::ok) {
            let path = folder.join(entry.file_name());
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                folders.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Writes `text` to a temporary file beside `target`, then renames it over `target`.
pub fn write_atomically(target: &Path, text: &str) -> Result<(), String> {
    let folder = target.parent().ok_or_else(|| format!("{} has no parent folder", target.display()))?;
    std::fs::create_dir_all(folder).map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = folder.join(format!(".{name}.regen-tmp"));
    std::fs::write(&temporary, text).map_err(|e| format!("cannot write {}: {e}", temporary.display()))?;
    std::fs::rename(&temporary, target).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        format!("cannot replace {}: {e}", target.display())
    })
}
