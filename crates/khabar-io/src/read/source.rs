//! What readers hand the pipeline: raw records, rejects, and a report per input.

use std::sync::Arc;

use khabar_core::{Reject, RejectReason};

use super::member_cache::{CacheRole, MemberCache};

/// Limits that keep one bad input from taking the machine down.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// A record larger than this is rejected as `record_too_large` without being held whole.
    pub max_record_bytes: usize,
    /// The most bytes one archive member or compressed stream may expand to.
    pub max_expanded_bytes: u64,
    /// The most a ZIP member may expand relative to its compressed size (zip bombs).
    pub max_expansion_ratio: u64,
    /// Decompressed ZIP members kept between two reads of the same inputs, and whether
    /// this read keeps or takes them.
    pub member_cache: Option<(Arc<MemberCache>, CacheRole)>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            max_record_bytes: 32 << 20,
            max_expanded_bytes: 16 << 30,
            max_expansion_ratio: 200,
            member_cache: None,
        }
    }
}

/// One record's bytes (a JSON value), before parsing.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRecord {
    /// The input path as given; `archive.zip!/member.json` for an archive member.
    pub input_file: Arc<str>,
    /// The 0-based record number within `input_file`.
    pub input_index: u64,
    /// The record's byte offset within the (decompressed) input.
    pub byte_offset: Option<u64>,
    /// The record's bytes: one JSON value, possibly malformed.
    pub bytes: Vec<u8>,
}

/// What a reader emits, in input order.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadItem {
    /// A record to parse.
    Record(RawRecord),
    /// A record (or the rest of an input) that could not be read.
    Reject(Reject),
}

/// How far an input was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputStatus {
    /// Read to its end.
    Complete,
    /// Some of it could not be read (truncated, corrupt, unreadable); the reason says why.
    Incomplete(String),
}

/// What reading one input found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputReport {
    /// The input as named on the command line (or found in a walk).
    pub name: String,
    /// Size on disk, where known.
    pub bytes: Option<u64>,
    /// Records emitted (documents-to-be and rejects, one each).
    pub records: u64,
    /// Complete, or why not.
    pub status: InputStatus,
}

/// Emits items for one logical input file (a plain file or one archive member).
pub(crate) struct Emitter<'a> {
    pub(crate) name: Arc<str>,
    pub(crate) next_index: u64,
    pub(crate) sink: &'a mut dyn FnMut(ReadItem),
    pub(crate) options: &'a ReadOptions,
    /// Set when this input could not be read to its end.
    pub(crate) incomplete: Option<String>,
}

impl<'a> Emitter<'a> {
    pub(crate) fn new(
        name: &str,
        sink: &'a mut dyn FnMut(ReadItem),
        options: &'a ReadOptions,
    ) -> Self {
        Self {
            name: Arc::from(name),
            next_index: 0,
            sink,
            options,
            incomplete: None,
        }
    }

    pub(crate) fn record(&mut self, byte_offset: Option<u64>, bytes: Vec<u8>) {
        let item = ReadItem::Record(RawRecord {
            input_file: Arc::clone(&self.name),
            input_index: self.next_index,
            byte_offset,
            bytes,
        });
        self.next_index += 1;
        (self.sink)(item);
    }

    pub(crate) fn reject(
        &mut self,
        byte_offset: Option<u64>,
        reason: RejectReason,
        detail: String,
        raw: &[u8],
    ) {
        let reject = Reject::new(
            &self.name,
            self.next_index,
            byte_offset,
            reason,
            detail,
            raw,
        );
        self.next_index += 1;
        (self.sink)(ReadItem::Reject(reject));
    }

    /// Records that the rest of this input is unreadable: one `corrupt_archive` reject.
    pub(crate) fn fail_rest(&mut self, byte_offset: Option<u64>, detail: String, raw: &[u8]) {
        self.incomplete.get_or_insert_with(|| detail.clone());
        self.reject(byte_offset, RejectReason::CorruptArchive, detail, raw);
    }

    pub(crate) fn mark_incomplete(&mut self, why: String) {
        self.incomplete.get_or_insert(why);
    }
}
