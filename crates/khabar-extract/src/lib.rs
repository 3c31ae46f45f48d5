//! khabar-extract: per-document extraction of language, sentences, tokens, dates, quotes
//! and amounts.
//!
//! Place in the flow: reader -> normalize -> **extract** / ner -> aggregate -> sinks.
//! Everything here works on the cleaned `documents.text`; spans are code points into it
//! (tokens and sentences also carry byte offsets), and `raw_start`/`raw_end` are left at
//! zero for the pipeline to map through the document's `OffsetMap`.
//!
//! - [`detect_language`]: ISO 639-3 code, a script count for Arabic/Persian/Urdu, whatlang
//!   for the rest.
//! - [`split_sentences`], [`tokenize`], [`analyze`]: sentences that know abbreviations and
//!   decimals; `ANERcorp`-style tokens for the NER tagger.
//! - [`light_stem`]: clitic-aware light stem for term statistics.
//! - [`DateExtractor`], [`QuoteExtractor`], [`AmountExtractor`]: the `dates/`, `quotes/`
//!   and `amounts/` rows; [`Extractor`] runs the three sharing one fold and one cue scan.
//!
//! ```
//! use khabar_extract::{Extractor, analyze, detect_language};
//!
//! let text = "قال د. محمد إن النمو بلغ 3.5 في المئة. وأضاف: «سنواصل العمل حتى نهاية العام».";
//! assert_eq!(detect_language(text), Some("ara"));
//! let analysis = analyze(text);
//! assert_eq!(analysis.sentences.len(), 2);
//! assert_eq!(analysis.tokens[0].text(text), "قال");
//!
//! // 2024-03-20 12:00 UTC, in microseconds.
//! let published = Some(1_710_936_000_000_000);
//! let found = Extractor::new().extract(text, &analysis, published, Some("ara"), &[]);
//! assert_eq!(found.amounts[0].unit.as_deref(), Some("%"));
//! assert_eq!(found.quotes[0].text, "سنواصل العمل حتى نهاية العام");
//! assert!(found.dates.is_empty());
//! ```

mod amount_cues;
mod amounts;
mod analysis;
mod calendar;
mod char_flags;
mod chars;
mod counts;
mod cue_scan;
mod date_cues;
mod dates;
mod dot_rule;
mod extractor;
mod fold;
mod language;
mod quotes;
#[cfg(test)]
mod reference_analysis;
mod scan;
mod sentence_scan;
mod sentences;
#[cfg(test)]
mod snippet_score;
mod stem;
mod tokens;
mod word_runs;

pub use amounts::AmountExtractor;
pub use analysis::{Analysis, analyze};
pub use dates::DateExtractor;
pub use extractor::{Extracted, Extractor};
pub use language::detect_language;
pub use quotes::QuoteExtractor;
pub use sentences::split_sentences;
pub use stem::light_stem;
pub use tokens::tokenize;

/// The number of sentences and tokens [`analyze`] finds in `text`, for callers that need
/// only the counts.
#[must_use]
pub fn count_sentences_and_tokens(text: &str) -> (u32, u32) {
    counts::count_sentences_and_tokens(text)
}
