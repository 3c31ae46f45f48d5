//! The block counter against the classes it assumes and against a count one character at
//! a time.

use super::{BLOCK, WINDOW, word_run};
use crate::char_flags::{
    DIGIT_JOINER, DOT, EMOJI, END_MARK, LATIN_JOINER, LINE_BREAK, SPACE, WORD, flags_of,
};
use proptest::prelude::*;

/// The characters the block counter steps over: it must treat them as the scan does.
fn plain_chars() -> impl Iterator<Item = char> {
    (' '..='~')
        .filter(char::is_ascii_alphanumeric)
        .chain('\u{620}'..='\u{669}')
        .chain(SPACES.iter().chain(OWN_TOKENS).copied())
}

/// Plain characters that are white space.
const SPACES: &[char] = &[' ', '\u{A0}'];
/// Plain characters that are a token of their own.
const OWN_TOKENS: &[char] = &['"', '%', '(', ')', '*', '،', '«', '»'];

fn is_plain(ch: char) -> bool {
    plain_chars().any(|p| p == ch)
}

#[test]
fn plain_chars_are_words_spaces_or_own_tokens_and_nothing_special() {
    let special = LINE_BREAK | END_MARK | DOT | DIGIT_JOINER | LATIN_JOINER | EMOJI;
    for ch in plain_chars() {
        let f = flags_of(ch);
        assert_eq!(f & special, 0, "{ch:?}");
        let class = if SPACES.contains(&ch) {
            SPACE
        } else if OWN_TOKENS.contains(&ch) {
            0
        } else {
            WORD
        };
        assert_eq!(f & (WORD | SPACE), class, "{ch:?}");
    }
}

#[test]
fn every_other_char_stops_a_run() {
    for ch in (0..0x3000).filter_map(char::from_u32) {
        // At every offset from the block's start, after a plain prefix.
        for lead in 0..=BLOCK {
            let text = format!("x{}{}{}", "ب".repeat(lead / 2), ch, " ".repeat(2 * BLOCK));
            let run = word_run(text.as_bytes(), 1, false);
            let stop = 1 + lead / 2 * 2;
            if is_plain(ch) {
                assert!(run.bytes > stop, "{ch:?} at {lead}");
            } else {
                assert_eq!(run.bytes + 1, stop, "{ch:?} at {lead}");
            }
        }
    }
}

/// Tokens and code points of `text` counted one character at a time.
fn one_by_one(text: &str, in_word: bool) -> (u32, u32, bool) {
    let (mut tokens, mut in_word) = (0, in_word);
    for ch in text.chars() {
        let word = !SPACES.contains(&ch) && !OWN_TOKENS.contains(&ch);
        tokens += u32::from((word && !in_word) || OWN_TOKENS.contains(&ch));
        in_word = word;
    }
    (tokens, text.chars().count() as u32, in_word)
}

/// Mostly plain characters, so runs fill blocks, and some that stop them.
fn text() -> impl Strategy<Value = String> {
    let plain = prop::sample::select(
        &[
            ' ', '\u{A0}', '"', '(', '*', 'ا', 'ب', 'ـ', 'ً', 'ّ', '٠', '٩', 'a', 'Z', '0', '9',
            '\u{63F}', '\u{640}', '\u{669}',
        ][..],
    );
    let other = prop::sample::select(
        &[
            '،', '؟', '۔', 'ڤ', 'ی', '\u{66A}', '\u{66B}', '\u{600}', '\u{200C}', '.', '\n', '«',
            '»', 'é', '中', '😀', '&', '\'', '؛',
        ][..],
    );
    let ch = prop_oneof![8 => plain, 1 => other];
    prop::collection::vec(ch, 0..100).prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn a_run_counts_what_it_covers(
        text in text(),
        skip in 0usize..4,
        in_word: bool,
    ) {
        // Start at a character boundary past the first byte.
        let pos = (1..=text.len()).filter(|&p| text.is_char_boundary(p)).nth(skip);
        let Some(pos) = pos else { return Ok(()) };
        let run = word_run(text.as_bytes(), pos, in_word);
        let covered = text.get(pos..pos + run.bytes);
        prop_assert!(covered.is_some(), "{:?} {} {}", text, pos, run.bytes);
        let covered = covered.unwrap_or_default();
        prop_assert!(covered.chars().all(is_plain), "{:?}", covered);
        let next = text[pos + run.bytes..].chars().next();
        prop_assert!(
            text.len() - pos - run.bytes + 1 < WINDOW || next.is_some_and(|n| !is_plain(n)),
            "{:?} stops at {}", text, run.bytes
        );
        prop_assert_eq!(
            (run.tokens, run.chars, run.in_word),
            one_by_one(covered, in_word),
            "{:?}", text
        );
    }
}

#[test]
fn the_first_byte_check_lets_every_plain_char_through() {
    let mut buf = [0u8; 4];
    for ch in plain_chars() {
        let lead = ch.encode_utf8(&mut buf).as_bytes()[0];
        assert!(super::MAY_BE_PLAIN[usize::from(lead)], "{ch:?}");
    }
}
