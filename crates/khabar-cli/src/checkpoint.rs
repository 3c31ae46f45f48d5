//! Checkpoints: what a killed run had committed, so `--resume` can go on from there.
//!
//! At input boundaries, once enough records have passed, the writer commits every table's
//! current part (rename from the hidden temporary name) and then writes
//! `_checkpoint/state.json` atomically. A resumed run deletes any part not listed there,
//! restores the counters and id state, and starts at the first input not done. Part
//! boundaries follow the same rule in every run, so a resumed run writes the same files
//! as an uninterrupted one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::ids::IdAssigner;
use crate::manifest::{InputEntry, Totals};

/// The checkpoint folder inside the output directory.
pub const CHECKPOINT_DIR: &str = "_checkpoint";

/// The aggregate state file of the checkpoint taken after `inputs_done` inputs: one name per
/// checkpoint, so the file the last committed `state.json` names is never overwritten.
#[must_use]
pub fn aggregate_file(inputs_done: usize) -> String {
    format!("corpus-{inputs_done:06}.bin")
}

/// The inputs-done count an [`aggregate_file`] name holds.
fn aggregate_number(name: &str) -> Option<usize> {
    name.strip_prefix("corpus-")?
        .strip_suffix(".bin")?
        .parse()
        .ok()
}

/// Everything a resumed run needs.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Checkpoint {
    /// Every input of the run, by name: a resume must name the same inputs.
    pub inputs: Vec<String>,
    /// `K/N` when the run is a shard.
    pub shard: Option<String>,
    /// How many leading inputs (of this shard's) are fully committed.
    pub inputs_done: usize,
    /// Manifest entries of every input (the ones not done are still zero).
    pub entries: Vec<InputEntry>,
    /// Totals so far.
    pub totals: Totals,
    /// Inputs that could not be read to their end, so far.
    pub failed_inputs: Vec<String>,
    /// The id assigner's state.
    pub ids: IdAssigner,
    /// Committed part files per table, relative to the output directory.
    pub parts: BTreeMap<String, Vec<String>>,
    /// Opaque corpus-aggregate state file name inside the checkpoint folder, if any.
    pub aggregate_state: Option<String>,
    /// The options that shape the tables (see [`RESUME_OPTIONS`]), as `manifest.json` records
    /// them: a resume must run with the same ones. Empty in checkpoints written before they
    /// were recorded.
    #[serde(default)]
    pub options: BTreeMap<String, serde_json::Value>,
}

/// Options whose change would make a resumed run's tables differ from an uninterrupted
/// run's (the rows before the checkpoint were made with the old ones).
pub const RESUME_OPTIONS: &[&str] = &[
    "documents_only",
    "ner",
    "dedup",
    "boilerplate",
    "fields",
    "max_record_bytes",
];

/// The first option in [`RESUME_OPTIONS`] on which `saved` (a checkpoint's) and `now`
/// differ, with both values. A checkpoint without recorded options matches any.
#[must_use]
pub fn first_option_difference(
    saved: &BTreeMap<String, serde_json::Value>,
    now: &BTreeMap<String, serde_json::Value>,
) -> Option<(&'static str, String, String)> {
    if saved.is_empty() {
        return None;
    }
    let show = |v: Option<&serde_json::Value>| {
        v.map_or_else(|| "(not set)".to_owned(), ToString::to_string)
    };
    RESUME_OPTIONS.iter().find_map(|&key| {
        let (a, b) = (saved.get(key), now.get(key));
        (a != b).then(|| (key, show(a), show(b)))
    })
}

impl Checkpoint {
    fn path(out: &Path) -> PathBuf {
        out.join(CHECKPOINT_DIR).join("state.json")
    }

    /// Writes the checkpoint atomically.
    pub fn write(&self, out: &Path) -> Result<()> {
        let dir = out.join(CHECKPOINT_DIR);
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let tmp = dir.join(".state.json.tmp");
        let bytes = serde_json::to_vec(self)?;
        std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
        let file = std::fs::File::open(&tmp)?;
        file.sync_all()?;
        std::fs::rename(&tmp, Self::path(out))
            .with_context(|| format!("committing {}", Self::path(out).display()))?;
        Ok(())
    }

    /// Removes the aggregate state files of checkpoints older than `keep` (an
    /// [`aggregate_file`] name). Newer ones stay: the collector may already have saved the
    /// state of a later checkpoint that the writer has not committed yet.
    pub fn remove_stale_aggregates(out: &Path, keep: &str) -> Result<()> {
        let Some(kept) = aggregate_number(keep) else {
            return Ok(());
        };
        let dir = out.join(CHECKPOINT_DIR);
        let entries =
            std::fs::read_dir(&dir).with_context(|| format!("listing {}", dir.display()))?;
        for entry in entries {
            let entry = entry.with_context(|| format!("listing {}", dir.display()))?;
            let name = entry.file_name();
            if aggregate_number(&name.to_string_lossy()).is_some_and(|n| n < kept) {
                std::fs::remove_file(entry.path())
                    .with_context(|| format!("removing {}", entry.path().display()))?;
            }
        }
        Ok(())
    }

    /// Reads the checkpoint of an output directory, if it has one.
    pub fn read(out: &Path) -> Result<Option<Self>> {
        let path = Self::path(out);
        match std::fs::read(&path) {
            Ok(bytes) => Ok(Some(
                serde_json::from_slice(&bytes)
                    .with_context(|| format!("reading {}", path.display()))?,
            )),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
        }
    }

    /// Removes the checkpoint folder (a fresh run starts without one).
    ///
    /// Only khabar's own files go (`state.json`, the aggregate state files and their
    /// temporary names); the folder itself only when that leaves it empty, so a user's file
    /// kept there survives like any other file of theirs in the output directory.
    pub fn remove(out: &Path) -> Result<()> {
        let dir = out.join(CHECKPOINT_DIR);
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e).with_context(|| format!("listing {}", dir.display())),
        };
        for entry in entries {
            let entry = entry.with_context(|| format!("listing {}", dir.display()))?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let own = name == "state.json"
                || aggregate_number(&name).is_some()
                || (name.starts_with('.') && name.ends_with(".tmp"));
            if own && entry.file_type().is_ok_and(|t| t.is_file()) {
                std::fs::remove_file(entry.path())
                    .with_context(|| format!("removing {}", entry.path().display()))?;
            }
        }
        let emptied = std::fs::read_dir(&dir)
            .with_context(|| format!("listing {}", dir.display()))?
            .next()
            .is_none();
        if emptied {
            std::fs::remove_dir(&dir).with_context(|| format!("removing {}", dir.display()))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn option_differences_are_named() {
        let saved: BTreeMap<String, serde_json::Value> = [
            ("ner".to_owned(), serde_json::json!("gazetteer")),
            ("threads".to_owned(), serde_json::json!(2)),
        ]
        .into();
        let mut now = saved.clone();
        now.insert("threads".to_owned(), serde_json::json!(1));
        assert_eq!(first_option_difference(&saved, &now), None);
        now.insert("ner".to_owned(), serde_json::json!("off"));
        assert_eq!(
            first_option_difference(&saved, &now),
            Some(("ner", "\"gazetteer\"".to_owned(), "\"off\"".to_owned()))
        );
        assert_eq!(first_option_difference(&BTreeMap::new(), &now), None);
    }

    /// An output directory whose checkpoint folder holds `names`, and that folder.
    fn checkpoint_folder_with(names: &[String]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join(CHECKPOINT_DIR);
        std::fs::create_dir_all(&folder).unwrap();
        for name in names {
            std::fs::write(folder.join(name), b"x").unwrap();
        }
        (dir, folder)
    }

    #[test]
    fn removing_the_checkpoint_keeps_a_users_file() {
        let (dir, folder) = checkpoint_folder_with(&[
            aggregate_file(2),
            ".corpus-000003.bin.tmp".to_owned(),
            "state.json".to_owned(),
        ]);
        Checkpoint::remove(dir.path()).unwrap();
        assert!(!folder.exists(), "khabar's own files only: the folder goes");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("state.json"), b"x").unwrap();
        std::fs::write(folder.join("my-notes.txt"), b"mine").unwrap();
        Checkpoint::remove(dir.path()).unwrap();
        assert!(!folder.join("state.json").exists());
        assert_eq!(std::fs::read(folder.join("my-notes.txt")).unwrap(), b"mine");
        Checkpoint::remove(&dir.path().join("absent")).unwrap();
    }

    #[test]
    fn stale_aggregates_are_the_older_ones_only() {
        let (dir, folder) = checkpoint_folder_with(&[
            aggregate_file(1),
            aggregate_file(3),
            aggregate_file(5),
            ".corpus-000002.bin.tmp".to_owned(),
            "state.json".to_owned(),
        ]);
        Checkpoint::remove_stale_aggregates(dir.path(), &aggregate_file(3)).unwrap();
        let mut left: Vec<String> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        // The state of a later checkpoint, saved before this one was committed, stays.
        assert_eq!(
            left,
            [
                ".corpus-000002.bin.tmp",
                "corpus-000003.bin",
                "corpus-000005.bin",
                "state.json"
            ]
        );
    }
}
