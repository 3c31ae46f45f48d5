//! The [`Document`]: one article as it flows reader -> normalize -> extract -> sinks.

use crate::OffsetMap;

/// One article, owned and plain.
///
/// Readers fill the metadata; the normalizer fills `text` and `offsets` from the text field
/// as read; the extractors read `text` and never change it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// Unique within a run: the id field where present and unique, else a stable hash.
    pub doc_id: String,
    /// The outlet or site the article came from.
    pub source: Option<String>,
    /// The article's URL, as given.
    pub url: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// The byline, as given.
    pub author: Option<String>,
    /// Publication time in microseconds since the Unix epoch, UTC.
    pub published: Option<i64>,
    /// True when a date field was present but could not be parsed.
    pub published_unparsed: bool,
    /// Bytes of the text field as read (UTF-8). The field itself is dropped once cleaned:
    /// nothing downstream reads it, and freeing it on the thread that made it is cheaper.
    pub raw_text_bytes: u64,
    /// The cleaned text (`documents.text`); every offset of every table counts code points in it.
    pub text: String,
    /// Maps code points of `text` back to code points of the text field as read.
    pub offsets: OffsetMap,
    /// ISO 639-3 language code, `None` when unsure.
    pub lang: Option<String>,
    /// The input path as given; for an archive member, `archive.zip!/member.json`.
    pub input_file: String,
    /// The 0-based record number within `input_file`.
    pub input_index: u64,
    /// Byte offset of the record in its (decompressed) input, where known.
    pub byte_offset: Option<u64>,
    /// Every input field not mapped to a column, as one JSON object string.
    pub extra: Option<String>,
    /// Tokens in `text`.
    pub n_tokens: u32,
    /// Sentences in `text`.
    pub n_sentences: u32,
    /// Hash of the search-folded, whitespace-folded text: equal for exact duplicates.
    pub content_hash: u64,
    /// The MinHash signature (little-endian u32s), when near-duplicate detection ran.
    pub minhash: Option<Vec<u8>>,
}
