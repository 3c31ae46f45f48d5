//! Stop words, matched in folded form, excluded from the `terms` table.
//!
//! Arabic: `data/stopwords/ar.txt`, curated from the MIT-licensed list by Mohamed Taher
//! Alrefaie (see `data/stopwords/SOURCES.md`). English: `data/stopwords/en.txt`, written
//! for khabar. Both are folded with `khabar_normalize::search_key` when first used, so they
//! match terms folded the same way.

use crate::fasthash::FastSet;
use std::sync::OnceLock;

const ARABIC: &str = include_str!("../../../data/stopwords/ar.txt");
const ENGLISH: &str = include_str!("../../../data/stopwords/en.txt");

fn list_entries(list: &str) -> impl Iterator<Item = &str> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn stop_words() -> &'static FastSet<String> {
    static SET: OnceLock<FastSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        list_entries(ARABIC)
            .chain(list_entries(ENGLISH))
            .map(|w| khabar_normalize::search_key(w).trim().to_owned())
            .filter(|w| !w.is_empty())
            .collect()
    })
}

/// True when a folded term is a stop word.
#[must_use]
pub fn is_stop_word(folded_term: &str) -> bool {
    stop_words().contains(folded_term)
}

/// True when a folded term belongs in the `terms` table: at least two characters, at
/// least one of them a letter, and not a stop word.
#[must_use]
pub fn is_content_term(folded_term: &str) -> bool {
    let mut chars = folded_term.chars();
    let long_enough = chars.next().is_some() && chars.next().is_some();
    long_enough
        && folded_term.chars().any(|c| {
            c.is_ascii_alphabetic()
                || ('\u{0621}'..='\u{064A}').contains(&c)
                || (!c.is_ascii() && c.is_alphabetic())
        })
        && !is_stop_word(folded_term)
}

/// The stop words, folded, in no particular order: for callers that count terms in another
/// form (light stems) and must leave stop words out in that form too.
pub fn folded_stop_words() -> impl Iterator<Item = &'static str> {
    stop_words().iter().map(String::as_str)
}

/// How many stop words are loaded (after folding and de-duplication).
#[must_use]
pub fn stop_word_count() -> usize {
    stop_words().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_terms_table() {
        let cases = [
            ("في", false),
            ("التي", false),
            ("the", false),
            ("and", false),
            ("الوزير", true),
            ("oil", true),
            ("2015", false),
            ("س", false),
            ("", false),
            ("--", false),
        ];
        for (term, want) in cases {
            let folded = khabar_normalize::search_key(term);
            assert_eq!(is_content_term(&folded), want, "term {term}");
        }
    }

    #[test]
    fn curated_list_dropped_content_words() {
        // Removed from the source list on purpose: months and currencies are content here.
        for word in ["يناير", "أغسطس", "دولار", "ريال", "حبيب"] {
            assert!(
                !is_stop_word(&khabar_normalize::search_key(word)),
                "{word} must not be a stop word"
            );
        }
        assert!(stop_word_count() > 400);
    }
}
