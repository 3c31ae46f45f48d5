//! One Aho-Corasick pass over the folded text finds the cues of both the date and the
//! amount extractor, so a document is scanned once when both run.

use crate::amount_cues::{AmountCue, amount_patterns};
use crate::date_cues::{Cue, date_patterns};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::collections::BTreeMap;

/// What a matched pattern means to each extractor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Hit {
    /// Folded byte where the pattern starts.
    pub(crate) start: usize,
    /// Folded byte one past its end.
    pub(crate) end: usize,
    /// The date cue, if the pattern is one.
    pub(crate) date: Option<Cue>,
    /// The amount cue, if the pattern is one.
    pub(crate) amount: Option<AmountCue>,
}

/// The compiled union of date and amount cues.
#[derive(Debug, Clone)]
pub(crate) struct CueScanner {
    /// `None` only if building failed (fixed patterns: never in practice); no cues are
    /// found then.
    automaton: Option<AhoCorasick>,
    entries: Vec<(Option<Cue>, Option<AmountCue>)>,
}

impl CueScanner {
    pub(crate) fn new() -> Self {
        let mut table: BTreeMap<String, (Option<Cue>, Option<AmountCue>)> = BTreeMap::new();
        for (pattern, cue) in date_patterns() {
            table.entry(pattern).or_default().0 = Some(cue);
        }
        for (pattern, cue) in amount_patterns() {
            table.entry(pattern).or_default().1 = Some(cue);
        }
        let (patterns, entries): (Vec<String>, Vec<_>) = table.into_iter().unzip();
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            // A DFA: one pass a document, and Arabic text defeats the byte prefilters.
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
            .ok();
        Self { automaton, entries }
    }

    /// Every cue in the folded text, leftmost-longest, in order (word boundaries are
    /// checked by each extractor, which knows its proclitics).
    pub(crate) fn scan(&self, folded: &str) -> Vec<Hit> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        automaton
            .find_iter(folded)
            .filter_map(|m| {
                let &(date, amount) = self.entries.get(m.pattern().as_usize())?;
                Some(Hit {
                    start: m.start(),
                    end: m.end(),
                    date,
                    amount,
                })
            })
            .collect()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn shared_patterns_carry_both_cues() {
        let scanner = CueScanner::new();
        let hits = scanner.scan("في مارس دفع مليون");
        assert_eq!(hits.len(), 2);
        assert!(hits[0].date.is_some() && hits[0].amount == Some(AmountCue::DateWord));
        assert!(
            hits[1].date.is_none() && matches!(hits[1].amount, Some(AmountCue::Multiplier { .. }))
        );
    }
}
