//! Whether a `.` ends a sentence: the abbreviation, initial, decimal, list-number and
//! year-suffix rules of [`split_sentences`](crate::split_sentences), on byte offsets into
//! the text for the one-pass byte scan of `sentence_scan`.

use crate::chars::{is_arabic_letter, is_arabic_mark, is_closer, is_digit, is_word_char};
use crate::scan::{char_at, char_before};

/// Latin abbreviations that take a dot inside a sentence (compared case-sensitively).
/// All are ASCII and at most six bytes long (a test checks it).
const LATIN_ABBREVIATIONS: &[&str] = &[
    "Dr", "Mr", "Mrs", "Ms", "Prof", "St", "Jr", "Sr", "vs", "Inc", "Ltd", "Co", "Corp", "Gen",
    "Col", "Lt", "Sgt", "Capt", "Gov", "Sen", "Rep", "Mt", "Ave", "Jan", "Feb", "Mar", "Apr",
    "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "No", "Fig", "Vol", "pp", "cf",
    "approx", "Messrs", "Rev", "Hon", "Gens",
];

/// Whether the `!`, `?` or `؟` that ends right before byte `after` of `text` ends a
/// sentence: not when a letter of another script than Arabic, or a digit, follows it with
/// no space, as in a URL's query (`news?id=5`); Arabic prose may drop that space (`حضر؟وقال`).
#[inline]
pub(crate) fn mark_ends_sentence(text: &str, after: usize) -> bool {
    char_at(text, after).is_none_or(|n| !n.is_alphanumeric() || is_arabic_letter(n))
}

/// Whether the `.` at byte `dot` of `text` ends a sentence; `seg_start` is the byte where
/// the current sentence began (the look-behind stops there, the look-ahead does not).
pub(crate) fn dot_ends_sentence(text: &str, seg_start: usize, dot: usize) -> bool {
    let prev = char_before(text, dot);
    let after = dot + 1;
    let next = char_at(text, after);
    // Ellipsis written with dots.
    if prev == Some('.') || next == Some('.') {
        return false;
    }
    // Decimal or dotted date: 3.5, 12.5.2024.
    if prev.is_some_and(is_digit) && next.is_some_and(is_digit) {
        return false;
    }
    // A dot glued to the next word: only Arabic prose drops the space after a full stop.
    if let Some(n) = next
        && !n.is_whitespace()
        && !is_closer(n)
    {
        let arabic_join =
            is_arabic_letter(n) && prev.is_some_and(|p| is_arabic_letter(p) || is_arabic_mark(p));
        if !arabic_join {
            return false;
        }
    }
    // The word before the dot: word characters and inner dots, back to `seg_start`; its
    // letters (not digits, dots, harakat or tatweel) and digits, in the same pass.
    let (mut w, mut letters, mut digits) = (dot, 0usize, 0usize);
    for c in text.get(seg_start..dot).unwrap_or_default().chars().rev() {
        if is_digit(c) {
            digits += 1;
        } else if c == '.' || is_arabic_mark(c) || c == 'ـ' {
            // Inside the word, but not a letter.
        } else if is_word_char(c) {
            letters += 1;
        } else {
            break;
        }
        w -= c.len_utf8();
    }
    let word = text.get(w..dot).unwrap_or_default();
    if word.is_empty() {
        return true;
    }
    let lead = text.get(seg_start..w).unwrap_or_default();
    if letters == 0 {
        // A list number at the start of a line: "1. ".
        let at_line_start = lead.chars().all(char::is_whitespace);
        return !(at_line_start && digits <= 2);
    }
    if digits > 0 {
        // 2015م. / 1436هـ. and other number-led words.
        return true;
    }
    if word.contains('.') && word.split('.').all(|part| letters_in(part) <= 2) {
        // أ.د. ق.م. ص.ب. U.S. e.g. Ph.D. A longer part makes a name with dots (a
        // domain: spa.gov.sa., an address: info@spa.gov.sa.), read as a word below.
        return false;
    }
    if letters == 1 || (letters == 2 && word.ends_with('ـ')) || is_hijri_marker(word) {
        return year_suffix_after_number(lead, word);
    }
    // Every abbreviation is ASCII and at most six bytes long.
    if word.len() <= 6 && word.is_ascii() && LATIN_ABBREVIATIONS.contains(&word) {
        return false;
    }
    // "... approx. five" and other Latin continuations in lower case; after a Latin word a
    // digit continues too ("ca. 5"), after an Arabic one it starts the next sentence
    // ("بلغ عددهم 12 شخصا. 5 منهم").
    let arabic = word.chars().next_back().is_some_and(is_arabic_letter);
    let continuation = text
        .get(after..)
        .unwrap_or_default()
        .chars()
        .find(|&c| !(c.is_whitespace() || is_closer(c)));
    !continuation.is_some_and(|c| c.is_lowercase() || (is_digit(c) && !arabic))
}

/// The letters of `part` (not digits, harakat or tatweel).
fn letters_in(part: &str) -> usize {
    part.chars()
        .filter(|&c| !is_digit(c) && !is_arabic_mark(c) && c != 'ـ')
        .count()
}

fn is_hijri_marker(word: &str) -> bool {
    matches!(word, "هـ" | "ه")
}

/// A one-letter word before a dot is an initial, unless it is the year marker م or هـ
/// written after a number; `lead` is the sentence so far, up to the word.
fn year_suffix_after_number(lead: &str, word: &str) -> bool {
    if !word.starts_with(['م', 'ه']) {
        return false;
    }
    lead.chars()
        .rev()
        .find(|c| !c.is_whitespace())
        .is_some_and(is_digit)
}

#[cfg(test)]
mod tests {
    use super::LATIN_ABBREVIATIONS;

    #[test]
    fn abbreviations_are_short_ascii() {
        for a in LATIN_ABBREVIATIONS {
            assert!(a.len() <= 6 && a.is_ascii(), "{a}");
        }
    }
}
