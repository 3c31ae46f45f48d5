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
//! # Decisions
//!
//! - **Exact duplicates**: [`exact_hash`] of the search-folded text after whitespace folding
//!   (runs of whitespace are one space, trimmed). Texts empty after folding never cluster.
//! - **Near duplicates**: 5-word shingles over the search-folded text, one stable hash per
//!   shingle and 128 `MinHash` permutations derived from it (`(h ^ s_i) * m_i`, xor-shift),
//!   LSH with 16 bands of 8 rows, verified at an estimated Jaccard of at least 0.8, then
//!   union-find (see [`MinHasher`] and [`ClusterOptions`]). The signature is 512 bytes,
//!   [`Signature::to_bytes`], for the `documents.minhash` column.
//! - **Representative** (`cluster_id`): the earliest member by `(published is null,
//!   published, order)`, so undated documents sort after dated ones and ties fall to input
//!   order. Singletons are not listed; the representative's row is listed with similarity
//!   1.0 and kind `exact` when another member is an exact copy of it, else `near`. Other
//!   members are `exact` (same folded text as the representative, similarity 1.0) or
//!   `near` (estimated Jaccard to the representative, which may be below the threshold for
//!   members linked through a chain).
//! - **Boilerplate**: known lines from `data/boilerplate/known.txt`, plus lines found in at
//!   least 5 documents and 1% of their source's documents ([`DEFAULT_MIN_DOCS`],
//!   [`DEFAULT_MIN_FRACTION`]); only lines of at most 200 characters are candidates, and
//!   frequent lines holding a year (datelines) are kept for date extraction.
//! - **Entities** are keyed by [`EntityOccurrence::key`]; the kind is the most frequent kind
//!   of its mentions, the canonical name that of the earliest mention (by input order) that
//!   has one. **Co-occurrence** pairs are distinct keys of one document, `entity_a <
//!   entity_b`. **Terms** drop stop words (`data/stopwords/`), one-character terms and terms
//!   without a letter; `min_df` defaults to 2. **Daily** counts skip undated documents; the
//!   day is days since 1970-01-01 UTC (`Date32`).
//! - **Memory**: the clustering state is one record per document (order, id, date, content
//!   hash: 64 bytes plus the id) and one 512-byte signature per distinct folded text, shared
//!   by its exact copies: about 580 bytes per document on `SaudiNewsNet`, about 70 plus the
//!   id for each further copy of a text. Every other part is one entry per distinct key
//!   ([`CorpusState::size`]). Saving a state streams it ([`CorpusState::write_to`]) instead
//!   of building a second copy in memory.

mod boilerplate;
mod clusters;
mod codec;
mod error;
mod exact;
mod facts;
mod fasthash;
mod keyed;
mod lines;
mod minhash;
mod state;
mod stats;
mod stopwords;

pub use boilerplate::{
    BoilerplateRow, BoilerplateSet, DEFAULT_MAX_LINE_CHARS, DEFAULT_MIN_DOCS, DEFAULT_MIN_FRACTION,
    LineStats, Stripped, line_key, may_be_candidate, strip_boilerplate, strip_boilerplate_keyed,
};
pub use clusters::{ClusterOptions, ClusterRow, DuplicateKind};
pub use error::AggregateError;
pub use exact::{empty_text_hash, exact_hash, fold_whitespace};
pub use facts::{DocFacts, EntityOccurrence, TermList};
pub use minhash::{
    DEFAULT_NUM_HASHES, DEFAULT_SHINGLE_WORDS, MINHASH_VERSION, MinHasher, Signature, words,
};
pub use state::{AggregateOptions, CorpusState, CorpusTables, StateSize};
pub use stats::{CooccurrenceRow, DailyRow, EntityStatRow, TermRow, day_of};
pub use stopwords::{folded_stop_words, is_content_term, is_stop_word, stop_word_count};

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
