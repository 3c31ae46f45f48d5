//! [`DocFacts`]: what the pipeline hands the aggregator for one document.

use crate::Signature;
use khabar_core::EntityKind;

/// One entity mention, reduced to what the statistics need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityOccurrence {
    /// The entity id, or the folded surface when the mention has no id.
    pub key: String,
    /// The mention's kind.
    pub kind: EntityKind,
    /// The canonical name, where the linker gave one.
    pub canonical: Option<String>,
    /// Index of the sentence that holds the mention.
    pub sentence: u32,
}

/// The per-document facts the corpus aggregates are built from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocFacts {
    /// Global input order: (index of the input file among all inputs in sorted order, record
    /// index within it). The same whether the run is sharded or not; ties are broken by it.
    pub order: (u32, u64),
    /// The document id.
    pub doc_id: String,
    /// The outlet.
    pub source: Option<String>,
    /// Publication time, microseconds since the epoch, UTC.
    pub published: Option<i64>,
    /// Code points of `documents.text`.
    pub chars: u64,
    /// [`crate::exact_hash`] of the search-folded text.
    pub exact_hash: u64,
    /// [`crate::MinHasher::signature`] of the search-folded text; `None` when near-duplicate
    /// detection is off.
    pub minhash: Option<Signature>,
    /// Folded light stems, one per token occurrence; stop words and non-words are dropped
    /// by the aggregator.
    pub terms: Vec<String>,
    /// One per entity mention.
    pub entities: Vec<EntityOccurrence>,
}
