//! The output directory: refused when it holds someone else's files, and cleaned of
//! khabar's own table files (and nothing else) before a new run writes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use khabar_io::IoError;
use khabar_io::read::InputSource;
use khabar_io::write::Table;

/// The marker khabar leaves in every output directory it writes to.
pub const MARKER: &str = ".khabar-output";

fn is_khabar_output(dir: &Path) -> bool {
    dir.join("manifest.json").is_file() || dir.join(MARKER).is_file()
}

fn is_empty_dir(dir: &Path) -> Result<bool, IoError> {
    let mut entries = std::fs::read_dir(dir).map_err(|e| IoError::with_path(dir, e))?;
    Ok(entries.next().is_none())
}

/// Creates `dir`, or checks that it may be written, then removes khabar's own part files
/// except those in `keep` (the parts a resumed run has already committed).
pub fn prepare(dir: &Path, overwrite: bool, keep: &BTreeSet<PathBuf>) -> Result<(), IoError> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(IoError::with_path(
                dir,
                std::io::Error::other("exists and is not a directory"),
            ));
        }
        if !overwrite && !is_khabar_output(dir) && !is_empty_dir(dir)? {
            return Err(IoError::ForeignOutputDir {
                path: dir.to_path_buf(),
            });
        }
    } else {
        std::fs::create_dir_all(dir).map_err(|e| IoError::with_path(dir, e))?;
    }
    std::fs::write(dir.join(MARKER), b"khabar output directory\n")
        .map_err(|e| IoError::with_path(dir, e))?;
    let manifest = dir.join("manifest.json");
    if manifest.is_file() {
        std::fs::remove_file(&manifest).map_err(|e| IoError::with_path(&manifest, e))?;
    }
    for table in Table::ALL {
        let table_dir = dir.join(table.name());
        remove_parts(&table_dir, keep)?;
        remove_if_empty(&table_dir);
    }
    // The aggregate state of an earlier run: rewritten by a run that keeps one, and stale in
    // the output of one that does not (`--documents-only`).
    let state = dir.join(crate::corpus::STATE_DIR);
    for name in [crate::corpus::CORPUS_STATE, crate::corpus::LINE_STATS] {
        let path = state.join(name);
        if path.is_file() {
            std::fs::remove_file(&path).map_err(|e| IoError::with_path(&path, e))?;
        }
    }
    remove_if_empty(&state);
    Ok(())
}

/// The paths inside `out` that khabar itself writes: the table folders, the checkpoint and
/// state folders and `manifest.json` (hidden files are never inputs of a walk).
fn own_output_paths(out: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = Table::ALL.iter().map(|t| out.join(t.name())).collect();
    paths.push(out.join(crate::checkpoint::CHECKPOINT_DIR));
    paths.push(out.join(crate::corpus::STATE_DIR));
    paths.push(out.join("manifest.json"));
    paths
}

/// The real path of `path` (symbolic links resolved), or `None` when it cannot be resolved.
fn real(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}

/// Takes khabar's own output out of the inputs: an output folder inside an input folder (or
/// the input folder itself) would otherwise be read back on the next run, its Parquet parts
/// as records and its checkpoint as junk, while this run deletes and rewrites them. Files
/// a walk or a glob found there are left out; an input named on the command line that lies
/// there is a usage error.
pub fn without_own_output(
    inputs: Vec<InputSource>,
    named: &[String],
    out: &Path,
) -> Result<Vec<InputSource>, crate::UsageError> {
    let Some(out_real) = real(out) else {
        // A folder that does not exist yet holds nothing an input walk could have found.
        return Ok(inputs);
    };
    let own = own_output_paths(&out_real);
    let is_own = |path: &Path| real(path).is_some_and(|p| own.iter().any(|o| p.starts_with(o)));
    for arg in named {
        if arg != "-" && is_own(Path::new(arg)) {
            return Err(crate::UsageError::Message(format!(
                "{arg}: this input is part of the output folder {} (khabar's own tables, checkpoint or manifest), which the run rewrites; read a copy, or write to another --out",
                out.display()
            )));
        }
    }
    Ok(inputs
        .into_iter()
        .filter(|source| match source {
            InputSource::File(path)
            | InputSource::NotData(path)
            | InputSource::Unlisted { path, .. } => !is_own(path),
            InputSource::Stdin => true,
        })
        .collect())
}

/// Removes `dir` when it exists and is empty (a table folder of an earlier run that this
/// run does not write); a folder holding anything else stays.
fn remove_if_empty(dir: &Path) {
    if is_empty_dir(dir).unwrap_or(false) {
        // A failure leaves an empty folder behind, which is harmless.
        let _ = std::fs::remove_dir(dir);
    }
}

/// Removes `part-*.parquet` (but those in `keep`) and `.part-*.tmp` from a table folder,
/// nothing else.
fn remove_parts(table_dir: &Path, keep: &BTreeSet<PathBuf>) -> Result<(), IoError> {
    let Ok(entries) = std::fs::read_dir(table_dir) else {
        return Ok(());
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = (name.starts_with("part-") && name.ends_with(".parquet"))
            || (name.starts_with(".part-") && name.ends_with(".tmp"));
        let path = entry.path();
        if ours && !keep.contains(&path) {
            std::fs::remove_file(&path).map_err(|e| IoError::with_path(&path, e))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn foreign_directories_are_refused_and_user_files_kept() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        assert!(matches!(
            prepare(&out, false, &BTreeSet::new()),
            Err(IoError::ForeignOutputDir { .. })
        ));
        prepare(&out, true, &BTreeSet::new()).unwrap();
        std::fs::create_dir_all(out.join("documents")).unwrap();
        std::fs::write(out.join("documents/part-00000.parquet"), "old").unwrap();
        std::fs::write(out.join("documents/mine.txt"), "keep").unwrap();
        std::fs::create_dir_all(out.join("mentions")).unwrap();
        std::fs::write(out.join("mentions/part-00000.parquet"), "old").unwrap();
        std::fs::create_dir_all(out.join("state")).unwrap();
        std::fs::write(out.join("state/corpus.bin"), "old").unwrap();
        prepare(&out, false, &BTreeSet::new()).unwrap();
        assert!(!out.join("documents/part-00000.parquet").exists());
        assert!(out.join("documents/mine.txt").exists());
        assert!(out.join("notes.txt").exists());
        // Folders left empty by the removal go; folders with a user's file stay.
        assert!(!out.join("mentions").exists());
        assert!(!out.join("state").exists());
    }
}
