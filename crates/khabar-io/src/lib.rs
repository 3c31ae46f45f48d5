//! Archive readers and Parquet sinks: the only place khabar builds Arrow.
//!
//! ```text
//! [read] INPUT... -> InputSource -> ReadItem (RawRecord | Reject) -> parse_record -> Document
//!        ... normalize, extract, aggregate ...
//! [write] rows -> RecordBatch (one schema per Table) -> ParquetSink -> <out>/<table>/part-NNNNN.parquet
//! ```
//!
//! Readers handle JSON Lines, JSON arrays (streamed, never parsed whole), gzip and zstd
//! layers, ZIP archives, CSV/TSV with a header and Parquet. Each input becomes records in
//! input order; anything unreadable becomes a [`Reject`](khabar_core::Reject) with a reason.
//!
//! ```
//! use khabar_io::read::{InputSource, ReadItem, ReadOptions, read_source};
//! use khabar_io::{FieldMap, parse_record};
//!
//! let dir = tempfile::tempdir()?;
//! let path = dir.path().join("day.json");
//! std::fs::write(&path, r#"[{"content": "خبر", "source": "spa"}, 7]"#)?;
//! let mut items = Vec::new();
//! let report = read_source(&InputSource::File(path), &ReadOptions::default(), None, &mut |item| items.push(item));
//! assert_eq!(report.records, 2);
//! let ReadItem::Record(first) = &items[0] else { panic!() };
//! assert_eq!(parse_record(first, &FieldMap::default()).map(|r| r.text).ok(), Some("خبر".to_owned()));
//! # Ok::<(), std::io::Error>(())
//! ```

#![warn(missing_docs)]

mod error;
pub mod read;
mod record;
pub mod timestamp;
pub mod write;

pub use error::IoError;
pub use record::{FieldMap, ParsedRecord, parse_record};
