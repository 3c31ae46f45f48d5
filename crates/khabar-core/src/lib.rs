//! The shared vocabulary of khabar.
//!
//! Every stage of the pipeline speaks in the types defined here:
//!
//! ```text
//! reader (khabar-io) -> Document -> normalize -> extract / ner -> aggregate -> sinks (khabar-io)
//! ```
//!
//! - [`Document`]: one article as it flows through the stages, plain and owned.
//! - [`OffsetMap`]: maps code-point offsets in normalized text back to the original text.
//! - [`EntityKind`], and the row types of the per-document tables ([`Mention`], [`DateMention`],
//!   [`Quote`], [`Amount`]).
//! - [`Reject`] and [`RejectReason`]: a bad record is data, never a crash.
//! - [`stable_hash64`]: ids and content hashes that never change between runs or versions.
//!
//! ```
//! use khabar_core::{OffsetMapBuilder, stable_hash64};
//!
//! // "a_b" with the underscore deleted becomes "ab"; 'b' came from input offset 2.
//! let mut map = OffsetMapBuilder::new();
//! map.emit(0);
//! map.emit(2);
//! let map = map.finish(3);
//! assert_eq!(map.to_raw(1), 2);
//! assert_eq!(map.raw_span(0, 2), (0, 3));
//! assert_eq!(stable_hash64(b"khabar"), stable_hash64(b"khabar"));
//! ```

pub mod civil;
mod document;
mod entity;
mod error;
mod hash;
mod offsets;
mod records;
mod reject;
mod text;

pub use document::Document;
pub use entity::EntityKind;
pub use error::CoreError;
pub use hash::{StableHasher, hex64, stable_hash64};
pub use offsets::{OffsetMap, OffsetMapBuilder};
pub use records::{Amount, Calendar, DateMention, DatePrecision, Mention, Quote};
pub use reject::{RAW_PREFIX_BYTES, Reject, RejectReason};
pub use text::{Sentence, Token};
