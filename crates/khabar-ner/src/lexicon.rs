//! The label lexicon: what the training data says about a word's tags, as a tagger feature.
//!
//! For every folded word (and, separately, its light stem) seen in training, one byte
//! sums up its tag counts: the most frequent tag, how often it is part of an entity and how
//! often it was seen. The tagger reads that byte for the word and its neighbours, so a name
//! seen as a person once in training is a likely person again.
//!
//! Training computes the codes by cross-validation (a sentence sees the counts of the other
//! folds only); otherwise every training word would look "known" and the tagger would learn
//! to trust the lexicon far more than it deserves on unseen text. The shipped model carries
//! the lexicon of the whole training set.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use crate::hashing::PrehashedHasher;
use crate::model::TAGS;

/// Keys stems apart from words: a stem that is also a word counts separately.
const STEM_SALT: u64 = 0x57E4_57E4_57E4_57E4;

/// A map keyed by hashes that are already well mixed.
type HashKeyed<V> = HashMap<u64, V, BuildHasherDefault<PrehashedHasher>>;

/// Tag counts per word and per stem hash, while building the lexicon.
#[derive(Debug, Default, Clone)]
pub(crate) struct LexiconCounts {
    by_key: HashKeyed<[u32; TAGS]>,
}

impl LexiconCounts {
    /// Counts one token with `word`/`stem` hashes and gold tag `tag`.
    pub(crate) fn add(&mut self, word: u64, stem: u64, tag: usize) {
        for key in [word, stem ^ STEM_SALT] {
            if let Some(slot) = self.by_key.entry(key).or_default().get_mut(tag) {
                *slot += 1;
            }
        }
    }

    /// The counts of `key` (a word hash, or a stem hash with the salt applied).
    fn get(&self, key: u64) -> [u32; TAGS] {
        self.by_key.get(&key).copied().unwrap_or_default()
    }

    /// The codes of a word and its stem as seen by a held-out fold: these totals minus
    /// the fold's own counts `fold`.
    pub(crate) fn codes_without(&self, fold: &Self, word: u64, stem: u64) -> [u8; 2] {
        [word, stem ^ STEM_SALT].map(|key| {
            let (all, own) = (self.get(key), fold.get(key));
            let mut rest = [0u32; TAGS];
            for (r, (a, o)) in rest.iter_mut().zip(all.iter().zip(own)) {
                *r = a.saturating_sub(o);
            }
            code(&rest)
        })
    }
}

/// One byte from a word's tag counts: 0 = never seen; otherwise the best tag, the share of
/// entity tags (four buckets) and the count (three buckets).
pub(crate) fn code(counts: &[u32; TAGS]) -> u8 {
    let total: u32 = counts.iter().sum();
    if total == 0 {
        return 0;
    }
    let best = (0..TAGS).fold(0, |b, t| if counts[t] > counts[b] { t } else { b });
    let entity = total - counts[0];
    let share = match entity * 10 / total {
        0 => 0,
        1..=4 => 1,
        5..=8 => 2,
        _ => 3,
    };
    let seen = match total {
        1 => 0,
        2..=3 => 1,
        _ => 2,
    };
    // At most 1 + 16 * 12 + 3 * 3 + 2 = 204: fits a byte.
    (1 + best * 12 + share * 3 + seen) as u8
}

/// The most frequent tag behind a non-zero [`code`] (0 for unseen words too).
#[must_use]
pub(crate) fn best_tag(code: u8) -> u8 {
    code.saturating_sub(1) / 12
}

/// Whether `code` says the word was seen in training and almost never (< 10%) as an
/// entity: common words that a consistency pass must not turn into names.
#[must_use]
pub(crate) fn mostly_plain(code: u8) -> bool {
    code != 0 && best_tag(code) == 0 && (code - 1) % 12 / 3 == 0
}

/// The shipped lexicon: one code per word or stem hash seen in training.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LabelLexicon {
    codes: HashKeyed<u8>,
}

impl LabelLexicon {
    /// The lexicon of everything counted in `counts`.
    pub(crate) fn from_counts(counts: &LexiconCounts) -> Self {
        Self {
            codes: counts
                .by_key
                .iter()
                .map(|(&k, c)| (k, code(c)))
                .filter(|&(_, c)| c != 0)
                .collect(),
        }
    }

    /// The codes of a word and its stem (0 when unseen).
    #[inline]
    pub(crate) fn codes(&self, word: u64, stem: u64) -> [u8; 2] {
        [word, stem ^ STEM_SALT].map(|key| self.codes.get(&key).copied().unwrap_or(0))
    }

    /// Entries sorted by key, so the model bytes do not depend on map order.
    pub(crate) fn sorted(&self) -> Vec<(u64, u8)> {
        let mut entries: Vec<(u64, u8)> = self.codes.iter().map(|(&k, &c)| (k, c)).collect();
        entries.sort_unstable();
        entries
    }

    /// Adds one entry (reading a model file).
    pub(crate) fn insert(&mut self, key: u64, code: u8) {
        self.codes.insert(key, code);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_sum_up_counts_and_hold_out_a_fold() {
        let mut all = LexiconCounts::default();
        let mut fold = LexiconCounts::default();
        all.add(10, 20, 1);
        all.add(10, 20, 1);
        fold.add(10, 20, 1);
        all.add(10, 21, 0);
        let lexicon = LabelLexicon::from_counts(&all);
        let [word, _] = lexicon.codes(10, 20);
        assert_eq!(best_tag(word), 1);
        assert_eq!(lexicon.codes(99, 98), [0, 0]);
        // Held out, the fold's person reading is gone: 1 person, 1 O.
        let [held, stem] = all.codes_without(&fold, 10, 20);
        assert_ne!(held, word);
        assert_eq!(best_tag(stem), 1);
        assert_eq!(all.codes_without(&all, 10, 20), [0, 0]);
        let [plain, _] = LabelLexicon::from_counts(&all).codes(10, 21);
        assert!(!mostly_plain(plain), "word 10 is two thirds person");
        let mut common = LexiconCounts::default();
        common.add(5, 6, 0);
        assert!(mostly_plain(
            LabelLexicon::from_counts(&common).codes(5, 6)[0]
        ));
    }
}
