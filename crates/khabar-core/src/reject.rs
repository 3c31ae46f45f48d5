//! Rejects: a record that cannot become a document is kept as data, with a reason code.

use std::fmt;

/// How many bytes of the raw record a reject keeps.
pub const RAW_PREFIX_BYTES: usize = 4096;

/// Why a record was rejected. The codes are stable: warehouse queries filter on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum RejectReason {
    /// The record is not valid JSON (or CSV).
    InvalidJson,
    /// The record's bytes are not valid UTF-8, or it holds a lone surrogate escape.
    InvalidUtf8,
    /// The record is valid JSON but not an object.
    NotAnObject,
    /// No text field was found.
    MissingText,
    /// The text field is a number, array, object or null.
    WrongType,
    /// The text is empty or only whitespace and invisible characters.
    EmptyText,
    /// The record is larger than `--max-record-bytes`.
    RecordTooLarge,
    /// The rest of an archive could not be read (truncated, corrupt, over the size cap).
    CorruptArchive,
    /// The input could not be opened or read at all.
    UnreadableInput,
    /// A file found in a directory, glob or archive whose name says it holds no records
    /// (`README.txt`, `LICENSE`, `.html`): skipped, one row per file.
    NotData,
}

impl RejectReason {
    /// Every reason, in code order.
    pub const ALL: [Self; 10] = [
        Self::InvalidJson,
        Self::InvalidUtf8,
        Self::NotAnObject,
        Self::MissingText,
        Self::WrongType,
        Self::EmptyText,
        Self::RecordTooLarge,
        Self::CorruptArchive,
        Self::UnreadableInput,
        Self::NotData,
    ];

    /// The stable `snake_case` code written to `rejects.reason`.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::InvalidJson => "invalid_json",
            Self::InvalidUtf8 => "invalid_utf8",
            Self::NotAnObject => "not_an_object",
            Self::MissingText => "missing_text",
            Self::WrongType => "wrong_type",
            Self::EmptyText => "empty_text",
            Self::RecordTooLarge => "record_too_large",
            Self::CorruptArchive => "corrupt_archive",
            Self::UnreadableInput => "unreadable_input",
            Self::NotData => "not_data",
        }
    }
}

impl fmt::Display for RejectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One row of the `rejects/` table.
#[derive(Debug, Clone, PartialEq)]
pub struct Reject {
    /// The input path as given; `archive.zip!/member.json` for an archive member.
    pub input_file: String,
    /// The 0-based record number within `input_file`.
    pub input_index: u64,
    /// Byte offset of the record in the (decompressed) input, where known.
    pub byte_offset: Option<u64>,
    /// The stable reason code.
    pub reason: RejectReason,
    /// A message for a person.
    pub detail: String,
    /// The first [`RAW_PREFIX_BYTES`] bytes of the record.
    pub raw: Vec<u8>,
}

impl Reject {
    /// A reject that keeps at most [`RAW_PREFIX_BYTES`] of `raw`.
    #[must_use]
    pub fn new(
        input_file: &str,
        input_index: u64,
        byte_offset: Option<u64>,
        reason: RejectReason,
        detail: impl Into<String>,
        raw: &[u8],
    ) -> Self {
        Self {
            input_file: input_file.to_owned(),
            input_index,
            byte_offset,
            reason,
            detail: detail.into(),
            raw: raw[..raw.len().min(RAW_PREFIX_BYTES)].to_vec(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case() {
        let mut codes: Vec<_> = RejectReason::ALL.iter().map(|r| r.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), RejectReason::ALL.len());
        assert!(codes.iter().all(|c| {
            c.chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_')
        }));
    }

    #[test]
    fn raw_is_capped() {
        let big = vec![b'x'; RAW_PREFIX_BYTES * 2];
        let r = Reject::new("f", 0, None, RejectReason::RecordTooLarge, "big", &big);
        assert_eq!(r.raw.len(), RAW_PREFIX_BYTES);
    }
}
