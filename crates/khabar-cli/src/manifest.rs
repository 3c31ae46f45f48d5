//! `manifest.json`: what a run read, what it wrote, and with which options.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// One input's line in the manifest.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct InputEntry {
    /// The input as named.
    pub name: String,
    /// Size on disk; for standard input and pipes, the bytes read from them.
    pub bytes: Option<u64>,
    /// Records read from it.
    pub records: u64,
    /// Of those, documents.
    pub documents: u64,
    /// Of those, rejects.
    pub rejected: u64,
    /// `complete` or `incomplete`.
    pub status: String,
    /// Why the input is incomplete.
    pub error: Option<String>,
}

/// Run totals. Invariant: `records_read == documents + rejected`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Totals {
    /// Every record read.
    pub records_read: u64,
    /// Rows of documents/.
    pub documents: u64,
    /// Rows of rejects/.
    pub rejected: u64,
    /// Rejects per reason code.
    pub rejected_by_reason: BTreeMap<String, u64>,
    /// Documents whose date field was present but unparseable (published is null).
    pub unparsed_dates: u64,
    /// Documents whose id field repeated an earlier one (made unique with `#N`).
    pub duplicate_ids: u64,
    /// Bytes of input on disk.
    pub input_bytes: u64,
    /// Bytes of the text field, as read (uncompressed).
    pub text_bytes: u64,
}

/// The whole manifest.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    /// Always `khabar`.
    pub tool: String,
    /// khabar's version.
    pub version: String,
    /// Start time, RFC 3339 UTC.
    pub started_at: String,
    /// End time, RFC 3339 UTC.
    pub finished_at: String,
    /// Wall-clock seconds.
    pub elapsed_seconds: f64,
    /// Worker threads.
    pub threads: usize,
    /// Every option of the run, as given or defaulted.
    pub options: BTreeMap<String, serde_json::Value>,
    /// Every input, in reading order.
    pub inputs: Vec<InputEntry>,
    /// Inputs that could not be read to their end.
    pub failed_inputs: Vec<String>,
    /// Totals.
    pub totals: Totals,
    /// Part files per table, relative to the output directory.
    pub tables: BTreeMap<String, Vec<String>>,
}

impl Manifest {
    /// Writes the manifest atomically (temporary file, then rename).
    pub fn write(&self, out_dir: &Path) -> std::io::Result<()> {
        let tmp = out_dir.join(".manifest.json.tmp");
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        std::fs::write(&tmp, json)?;
        std::fs::rename(&tmp, out_dir.join("manifest.json"))
    }

    /// Reads a manifest back.
    pub fn read(out_dir: &Path) -> std::io::Result<Self> {
        let bytes = std::fs::read(out_dir.join("manifest.json"))?;
        serde_json::from_slice(&bytes).map_err(std::io::Error::other)
    }
}
