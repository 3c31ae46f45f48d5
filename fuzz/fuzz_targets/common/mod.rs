//! Shared by the reader targets: a scratch file per process, the read, and the invariants.

#![allow(dead_code)] // each target uses a different subset

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use khabar_core::{RAW_PREFIX_BYTES, RejectReason};
use khabar_io::read::{InputReport, InputSource, InputStatus, ReadItem, ReadOptions, read_source};
use khabar_io::{FieldMap, parse_record};

/// The largest expansion a compressed layer may have in these targets.
pub const MAX_EXPANDED: u64 = 1 << 20;

/// A scratch directory made once per process, in tmpfs where the machine has one.
fn scratch_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let shm = PathBuf::from("/dev/shm");
        let base = if shm.is_dir() { shm } else { std::env::temp_dir() };
        let dir = base.join(format!("khabar-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch dir");
        dir
    })
}

/// Writes `bytes` to the scratch file `name` (overwritten on every call).
pub fn scratch_file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = scratch_dir().join(name);
    std::fs::write(&path, bytes).expect("write scratch file");
    path
}

/// Small limits, so the too-large paths are reachable with small inputs. The record cap
/// follows the input's length parity: 4096 (the reject prefix size) or a tiny 64.
pub fn options_for(data: &[u8]) -> ReadOptions {
    ReadOptions {
        max_record_bytes: if data.len() % 2 == 0 { 4096 } else { 64 },
        max_expanded_bytes: MAX_EXPANDED,
        ..ReadOptions::default()
    }
}

/// One item reduced to what does not depend on the scratch path, for differential checks.
#[derive(Debug, Clone, PartialEq)]
pub enum Seen {
    Record { index: u64, offset: Option<u64>, bytes: Vec<u8> },
    Reject { index: u64, offset: Option<u64>, reason: RejectReason, raw: Vec<u8> },
}

/// Reads `path` and checks the invariants every reader must keep; returns the items.
///
/// `restarts_allowed`: a ZIP archive may hold two members of the same name, each of which
/// numbers its records from 0.
pub fn read_and_check(path: PathBuf, options: &ReadOptions, restarts_allowed: bool) -> (InputReport, Vec<ReadItem>) {
    let mut items = Vec::new();
    let report = read_source(&InputSource::File(path), options, None, &mut |item| items.push(item));
    check(&report, &items, options, restarts_allowed);
    (report, items)
}

pub fn check(report: &InputReport, items: &[ReadItem], options: &ReadOptions, restarts_allowed: bool) {
    assert_eq!(report.records, items.len() as u64, "report.records != items emitted");
    // Per input_file: the next index expected, and the last byte offset seen.
    let mut next: HashMap<String, (u64, Option<u64>)> = HashMap::new();
    let mut corrupt = false;
    for item in items {
        let (file, index, offset) = match item {
            ReadItem::Record(r) => {
                assert!(
                    r.bytes.len() <= options.max_record_bytes,
                    "a record of {} bytes passed max_record_bytes {}",
                    r.bytes.len(),
                    options.max_record_bytes
                );
                (r.input_file.to_string(), r.input_index, r.byte_offset)
            }
            ReadItem::Reject(j) => {
                assert!(j.raw.len() <= RAW_PREFIX_BYTES, "reject keeps {} raw bytes", j.raw.len());
                corrupt |= j.reason == RejectReason::CorruptArchive;
                (j.input_file.clone(), j.input_index, j.byte_offset)
            }
        };
        let entry = next.entry(file.clone()).or_insert((0, None));
        if restarts_allowed && index == 0 && entry.0 > 0 {
            *entry = (0, None);
        }
        assert_eq!(index, entry.0, "{file}: index {index}, expected {}", entry.0);
        if let (Some(prev), Some(now)) = (entry.1, offset) {
            assert!(now >= prev, "{file}: byte offset {now} after {prev}");
        }
        *entry = (index + 1, offset.or(entry.1));
    }
    if corrupt {
        assert!(
            matches!(report.status, InputStatus::Incomplete(_)),
            "a corrupt_archive reject but status Complete"
        );
    }
}

/// Parses every record, as the pipeline would; a reject must keep the record's place.
pub fn parse_all(items: &[ReadItem]) {
    let fields = FieldMap::default();
    for item in items {
        if let ReadItem::Record(r) = item {
            match parse_record(r, &fields) {
                Ok(parsed) => {
                    // Accepted means valid JSON (an object) holding the text field.
                    let value: Box<serde_json::value::RawValue> = serde_json::from_slice(&r.bytes)
                        .unwrap_or_else(|e| panic!("parse_record accepted invalid JSON: {e}"));
                    assert!(value.get().starts_with('{'), "parse_record accepted a non-object");
                    let _ = parsed;
                }
                Err(reject) => {
                    assert!(reject.raw.len() <= RAW_PREFIX_BYTES);
                    assert_eq!(reject.input_index, r.input_index);
                    assert_eq!(&*reject.input_file, &*r.input_file);
                }
            }
        }
    }
}

pub fn seen(items: &[ReadItem]) -> Vec<Seen> {
    items
        .iter()
        .map(|item| match item {
            ReadItem::Record(r) => Seen::Record {
                index: r.input_index,
                offset: r.byte_offset,
                bytes: r.bytes.clone(),
            },
            ReadItem::Reject(j) => Seen::Reject {
                index: j.input_index,
                offset: j.byte_offset,
                reason: j.reason,
                raw: j.raw.clone(),
            },
        })
        .collect()
}
