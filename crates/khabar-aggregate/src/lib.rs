//! Mergeable corpus aggregates for khabar: duplicate clusters, boilerplate lines, entity,
//! term and daily statistics.
//!
//! Place in the flow:
//!
//! ```text
//! reader -> normalize -> extract / ner -> aggregate (this crate) -> sinks
//! ```
//!
//! The pipeline reduces each document to [`DocFacts`] and folds them into a
//! [`CorpusState`] per worker; states merge in any order (also across processes, through
//! [`CorpusState::to_bytes`]) and [`CorpusState::finish`] turns the merged state into
//! [`CorpusTables`]. Before that, a fast pre-pass fills [`LineStats`] per source, which
//! decides the [`BoilerplateSet`] that [`strip_boilerplate`] removes from each text.
//!
//! ```
//! use khabar_aggregate::{AggregateOptions, CorpusState, DocFacts, DuplicateKind, MinHasher, exact_hash};
//!
//! let hasher = MinHasher::default();
//! let texts = ["the minister opened the new port in jeddah today", "the  minister opened the new port in jeddah today"];
//! let mut shards = vec![CorpusState::new(), CorpusState::new()];
//! for (i, text) in texts.iter().enumerate() {
//!     shards[i].add(DocFacts {
//!         order: (0, i as u64),
//!         doc_id: format!("d{i}"),
//!         exact_hash: exact_hash(text),
//!         minhash: Some(hasher.signature(text)),
//!         chars: text.chars().count() as u64,
//!         ..DocFacts::default()
//!     });
//! }
//! let mut state = shards.pop().unwrap();
//! state.merge(shards.pop().unwrap());
//! let tables = state.finish(&AggregateOptions::default());
//! assert_eq!(tables.clusters.len(), 2);
//! assert_eq!(tables.clusters[1].cluster_id, "d0");
//! assert_eq!(tables.clusters[1].kind, DuplicateKind::Exact);
//! ```
//!
//! Near-duplicate parameters: 5-word shingles over the search-folded text, 128 `MinHash`
//! permutations derived from one hash per shingle, LSH with 16 bands of 8 rows and a 0.8
//! estimated-Jaccard threshold (see [`MinHasher`] and [`ClusterOptions`]).

mod boilerplate;
mod clusters;
mod codec;
mod error;
mod exact;
mod facts;
mod minhash;
mod state;
mod stats;
mod stopwords;

pub use boilerplate::{
    BoilerplateRow, BoilerplateSet, DEFAULT_MAX_LINE_CHARS, DEFAULT_MIN_DOCS, DEFAULT_MIN_FRACTION,
    LineStats, Stripped, line_key, strip_boilerplate,
};
pub use clusters::{ClusterOptions, ClusterRow, DuplicateKind};
pub use error::AggregateError;
pub use exact::{empty_text_hash, exact_hash, fold_whitespace};
pub use facts::{DocFacts, EntityOccurrence};
pub use minhash::{
    DEFAULT_NUM_HASHES, DEFAULT_SHINGLE_WORDS, MINHASH_VERSION, MinHasher, Signature, words,
};
pub use state::{AggregateOptions, CorpusState, CorpusTables, StateSize};
pub use stats::{CooccurrenceRow, DailyRow, EntityStatRow, TermRow, day_of};
pub use stopwords::{is_content_term, is_stop_word, stop_word_count};

#[cfg(test)]
mod send_sync {
    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn public_types_cross_threads() {
        assert_send_sync::<crate::MinHasher>();
        assert_send_sync::<crate::CorpusState>();
        assert_send_sync::<crate::LineStats>();
        assert_send_sync::<crate::BoilerplateSet>();
    }
}
