//! The sentence splitter and tokenizer as they were before the byte-level scanners: the
//! reference the faster code is tested against. Test-only.

use crate::chars::{is_arabic_letter, is_arabic_mark, is_closer, is_digit, is_latin_letter};
use khabar_core::{Sentence, Token};

/// Sentences and tokens of `text`, computed the straightforward way.
pub(crate) fn analyze(text: &str) -> crate::Analysis {
    let cs = Chars::new(text);
    let mut sentences = Vec::new();
    for_each_sentence(&cs, |sentence| sentences.push(sentence));
    let mut tokens = Vec::new();
    for (index, sentence) in sentences.iter().enumerate() {
        tokens_in(&cs, sentence, index as u32, |token| tokens.push(token));
    }
    crate::Analysis { sentences, tokens }
}

/// Tokens of `text` inside the given sentences, as `tokens::tokenize` was.
pub(crate) fn tokenize(text: &str, sentences: &[Sentence]) -> Vec<Token> {
    let cs = Chars::new(text);
    let mut out = Vec::with_capacity(cs.chars.len() / 4);
    for (index, sentence) in sentences.iter().enumerate() {
        tokens_in(&cs, sentence, index as u32, |token| out.push(token));
    }
    out
}

const LATIN_ABBREVIATIONS: &[&str] = &[
    "Dr", "Mr", "Mrs", "Ms", "Prof", "St", "Jr", "Sr", "vs", "Inc", "Ltd", "Co", "Corp", "Gen",
    "Col", "Lt", "Sgt", "Capt", "Gov", "Sen", "Rep", "Mt", "Ave", "Jan", "Feb", "Mar", "Apr",
    "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "No", "Fig", "Vol", "pp", "cf",
    "approx", "Messrs", "Rev", "Hon", "Gens",
];

/// A text as code points with their byte offsets, for look-behind and look-ahead.
struct Chars {
    chars: Vec<char>,
    /// `bytes[i]` is the byte offset of `chars[i]`; `bytes[chars.len()]` is the text length.
    bytes: Vec<u32>,
}

impl Chars {
    fn new(text: &str) -> Self {
        let n = text.chars().count();
        let mut chars = Vec::with_capacity(n);
        let mut bytes = Vec::with_capacity(n + 1);
        for (b, ch) in text.char_indices() {
            chars.push(ch);
            bytes.push(b as u32);
        }
        bytes.push(text.len() as u32);
        Self { chars, bytes }
    }

    #[inline]
    fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }
}

fn for_each_sentence(cs: &Chars, mut emit: impl FnMut(Sentence)) {
    let n = cs.chars.len();
    let mut seg_start = 0usize;
    let mut i = 0usize;
    while i < n {
        let ch = cs.chars[i];
        let end = match ch {
            '\n' | '\r' | '\u{2029}' => Some(i),
            '!' | '?' | '؟' | '۔'
                if !cs
                    .at(i + 1)
                    .is_some_and(|n| n.is_alphanumeric() && !is_arabic_letter(n)) =>
            {
                Some(after_end_mark(cs, i))
            }
            '.' if dot_ends_sentence(cs, seg_start, i) => Some(after_end_mark(cs, i)),
            _ => None,
        };
        if let Some(end) = end {
            push_trimmed(cs, seg_start, end, &mut emit);
            seg_start = end.max(i + 1);
            i = seg_start;
        } else {
            i += 1;
        }
    }
    push_trimmed(cs, seg_start, n, &mut emit);
}

/// One past the end mark at `i`, its repeats (`?!`) and the closing quotes after it.
fn after_end_mark(cs: &Chars, i: usize) -> usize {
    let mut j = i + 1;
    while cs
        .at(j)
        .is_some_and(|c| matches!(c, '!' | '?' | '؟' | '۔' | '.'))
    {
        j += 1;
    }
    while cs.at(j).is_some_and(is_closer) {
        j += 1;
    }
    j
}

fn push_trimmed(cs: &Chars, mut start: usize, mut end: usize, emit: &mut impl FnMut(Sentence)) {
    while start < end && cs.chars[start].is_whitespace() {
        start += 1;
    }
    while end > start && cs.chars[end - 1].is_whitespace() {
        end -= 1;
    }
    if start < end {
        emit(Sentence {
            start: start as u32,
            end: end as u32,
            byte_start: cs.bytes[start],
            byte_end: cs.bytes[end],
        });
    }
}

/// Whether the `.` at `i` ends a sentence; `seg_start` is where the current one began.
fn dot_ends_sentence(cs: &Chars, seg_start: usize, i: usize) -> bool {
    let prev = if i > 0 { cs.at(i - 1) } else { None };
    let next = cs.at(i + 1);
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
    // The word before the dot: word characters and inner dots.
    let mut w = i;
    while w > seg_start && (is_word_char(cs.chars[w - 1]) || cs.chars[w - 1] == '.') {
        w -= 1;
    }
    let word = &cs.chars[w..i];
    if word.is_empty() {
        return true;
    }
    let letters = word
        .iter()
        .filter(|c| !is_digit(**c) && **c != '.' && !is_arabic_mark(**c) && **c != 'ـ')
        .count();
    let digits = word.iter().filter(|c| is_digit(**c)).count();
    if letters == 0 {
        // A list number at the start of a line: "1. ".
        let at_line_start = cs.chars[seg_start..w].iter().all(|c| c.is_whitespace());
        return !(at_line_start && digits <= 2);
    }
    if digits > 0 {
        // 2015م. / 1436هـ. and other number-led words.
        return true;
    }
    if word.contains(&'.')
        && word.split(|c| *c == '.').all(|part| {
            part.iter()
                .filter(|c| !is_digit(**c) && !is_arabic_mark(**c) && **c != 'ـ')
                .count()
                <= 2
        })
    {
        // أ.د. ق.م. ص.ب. U.S. e.g.; a longer part makes a domain (spa.gov.sa.).
        return false;
    }
    if letters == 1 || (letters == 2 && word.ends_with(&['ـ'])) || is_hijri_marker(word) {
        return year_suffix_after_number(cs, seg_start, w, word);
    }
    let latin_word: String = word.iter().collect();
    if LATIN_ABBREVIATIONS.contains(&latin_word.as_str()) {
        return false;
    }
    // "... approx. five" and other Latin continuations in lower case.
    let mut k = i + 1;
    while cs.at(k).is_some_and(|c| c.is_whitespace() || is_closer(c)) {
        k += 1;
    }
    let arabic = word.last().is_some_and(|&c| is_arabic_letter(c));
    !cs.at(k)
        .is_some_and(|c| c.is_lowercase() || (is_digit(c) && !arabic))
}

fn is_hijri_marker(word: &[char]) -> bool {
    matches!(word, ['ه', 'ـ'] | ['ه'])
}

/// A one-letter word before a dot is an initial, unless it is the year marker م or هـ
/// written after a number.
fn year_suffix_after_number(cs: &Chars, seg_start: usize, w: usize, word: &[char]) -> bool {
    if !matches!(word.first(), Some('م' | 'ه')) {
        return false;
    }
    let mut k = w;
    while k > seg_start && cs.chars[k - 1].is_whitespace() {
        k -= 1;
    }
    k > seg_start && is_digit(cs.chars[k - 1])
}

fn tokens_in(cs: &Chars, sentence: &Sentence, index: u32, mut emit: impl FnMut(Token)) {
    let base = sentence.start as usize;
    let (Some(chars), Some(bytes)) = (
        cs.chars.get(base..sentence.end as usize),
        cs.bytes.get(base..=sentence.end as usize),
    ) else {
        return;
    };
    let n = chars.len();
    let char_at = |i: usize| chars.get(i).copied();
    let mut i = 0usize;
    while i < n {
        let ch = chars[i];
        if ch.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if is_word_char(ch) {
            i += 1;
            loop {
                match char_at(i) {
                    Some(c) if is_word_char(c) => i += 1,
                    Some(c) if joins(c, char_at(i.wrapping_sub(1)), char_at(i + 1)) => i += 2,
                    _ => break,
                }
            }
        } else if is_emoji_start(ch) {
            i = emoji_end(chars, i);
        } else {
            i += 1;
        }
        let end = i.min(n);
        emit(Token {
            start: (base + start) as u32,
            end: (base + end) as u32,
            byte_start: bytes[start],
            byte_end: bytes[end],
            sentence: index,
        });
    }
}

fn is_emoji_start(ch: char) -> bool {
    matches!(ch, '\u{2300}'..='\u{23FF}' | '\u{2600}'..='\u{27BF}' | '\u{2B00}'..='\u{2BFF}' | '\u{1F000}'..='\u{1FAFF}')
}

/// One past the emoji that starts at `i`: its modifiers and ZWJ-joined pictographs, or the
/// two regional indicators of a flag.
fn emoji_end(chars: &[char], i: usize) -> usize {
    let flag = |c: char| ('\u{1F1E6}'..='\u{1F1FF}').contains(&c);
    let at = |k: usize| chars.get(k).copied();
    if at(i).is_some_and(flag) {
        return if at(i + 1).is_some_and(flag) {
            i + 2
        } else {
            i + 1
        };
    }
    let mut j = i + 1;
    loop {
        match at(j) {
            Some('\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0020}'..='\u{E007F}') => j += 1,
            Some('\u{200D}') if at(j + 1).is_some_and(|c| is_emoji_start(c) && !flag(c)) => j += 2,
            _ => return j,
        }
    }
}

/// Whether the separator `c` between `prev` and `next` stays inside the token.
fn joins(c: char, prev: Option<char>, next: Option<char>) -> bool {
    let (Some(p), Some(n)) = (prev, next) else {
        return false;
    };
    match c {
        '.' | ',' | '٫' | '٬' | '/' | ':' => is_digit(p) && is_digit(n),
        '\'' | '’' | '-' => is_latin_letter(p) && is_latin_letter(n),
        _ => false,
    }
}

/// Characters that continue a word (the original test order).
fn is_word_char(ch: char) -> bool {
    if ch.is_ascii() {
        return ch.is_ascii_alphanumeric();
    }
    is_arabic_letter(ch)
        || is_arabic_mark(ch)
        || is_digit(ch)
        || matches!(ch, '\u{0640}' | '\u{200C}' | '\u{200D}')
        || ch.is_alphanumeric()
        || is_combining(ch)
}

/// General combining marks outside the Arabic block (Latin accents in NFD text).
#[inline]
fn is_combining(ch: char) -> bool {
    matches!(ch, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

mod tests {
    #[test]
    fn word_chars_are_unchanged() {
        for ch in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(
                crate::chars::is_word_char(ch),
                super::is_word_char(ch),
                "{ch:?}"
            );
        }
    }
}
