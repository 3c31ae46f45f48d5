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
    pub terms: TermList,
    /// One per entity mention.
    pub entities: Vec<EntityOccurrence>,
}

/// A document's terms in one buffer: a few hundred per document, so one allocation instead
/// of one string each.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TermList {
    text: String,
    ends: Vec<u32>,
}

impl TermList {
    /// An empty list.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends one term.
    pub fn push(&mut self, term: &str) {
        self.text.push_str(term);
        self.ends.push(self.text.len() as u32);
    }

    /// How many terms the list holds.
    #[must_use]
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when the list holds no term.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The terms in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(start, &end)| self.text.get(start as usize..end as usize).unwrap_or(""))
    }
}

impl<'a> FromIterator<&'a str> for TermList {
    fn from_iter<I: IntoIterator<Item = &'a str>>(terms: I) -> Self {
        let mut list = Self::new();
        for term in terms {
            list.push(term);
        }
        list
    }
}

#[cfg(test)]
mod tests {
    use super::TermList;

    #[test]
    fn a_term_list_gives_its_terms_back_in_order() {
        let list: TermList = ["نفط", "", "price", "نفط"].into_iter().collect();
        assert_eq!(list.len(), 4);
        assert_eq!(list.iter().collect::<Vec<_>>(), ["نفط", "", "price", "نفط"]);
        let empty = TermList::new();
        assert!(empty.is_empty());
        assert_eq!(empty.iter().count(), 0);
    }
}
