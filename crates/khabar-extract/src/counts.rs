//! Sentence and token counts in one pass over the UTF-8 bytes, without building spans.
//!
//! Equal to `analyze(text).sentences.len()` and `.tokens.len()` for every text:
//! - sentences end where [`split_sentences`](crate::split_sentences) ends them (line
//!   breaks, `!?؟` and their run of marks and closers, and the dots that
//!   [`dot_ends_sentence`] accepts); a sentence counts when it has a non-space character;
//! - tokens never cross a sentence end (the last character before one is a line break, an
//!   end mark or a closer, none of which is in a word or joins one), and every non-space
//!   character lies in a sentence, so the tokens of the whole text are counted in one
//!   scan: a word (word characters, and a joiner between two digits or two Latin letters)
//!   is one token, any other non-space character is a token of its own.

use crate::char_flags::{
    CLASSES, CLOSER, Classes, DIGIT, DIGIT_JOINER, DOT, END_MARK, LATIN, LATIN_JOINER, LINE_BREAK,
    OPENS_TOKEN_SHIFT, WORD, flags_at, flags_before,
};
use crate::dot_rule::dot_ends_sentence;

/// Characters that need more than the plain token step: sentence ends and joiners.
const SPECIAL: u16 = LINE_BREAK | END_MARK | DOT | DIGIT_JOINER | LATIN_JOINER;

/// The number of sentences and tokens `analyze(text)` finds.
pub(crate) fn count_sentences_and_tokens(text: &str) -> (u32, u32) {
    let classes = &*CLASSES;
    let mut scan = Scan {
        text,
        classes,
        tokens: 0,
        in_word: 0,
    };
    let mut sentences = 0u32;
    // The current sentence: its first byte, and the token count when it began (it has
    // text exactly when it has a token).
    let (mut start, mut tokens_before) = (0usize, 0u32);
    let mut pos = 0usize;
    while let Some((flags, width)) = flags_at(text, classes, pos) {
        if flags & SPECIAL == 0 {
            scan.plain(flags);
            pos += width;
            if scan.in_word != 0 {
                pos = skip_word_chars(text.as_bytes(), classes, pos);
            }
            continue;
        }
        scan.step(flags, pos, pos + width);
        if flags & LINE_BREAK != 0 {
            sentences += u32::from(scan.tokens != tokens_before);
            pos += width;
            (start, tokens_before) = (pos, scan.tokens);
            continue;
        }
        pos += width;
        if flags & END_MARK != 0
            || (flags & DOT != 0 && dot_ends_sentence(text, start, pos - width))
        {
            sentences += 1;
            // Further marks (`?!`, `...`), then closing quotes and brackets, stay with it.
            let mut absorbs = END_MARK | DOT | CLOSER;
            while let Some((flags, width)) = flags_at(text, classes, pos) {
                if flags & absorbs == 0 {
                    break;
                }
                if flags & (END_MARK | DOT) == 0 {
                    absorbs = CLOSER;
                }
                scan.step(flags, pos, pos + width);
                pos += width;
            }
            (start, tokens_before) = (pos, scan.tokens);
        }
    }
    sentences += u32::from(scan.tokens != tokens_before);
    (sentences, scan.tokens)
}

/// The first byte at or after `pos` that does not start a one- or two-byte word character.
/// Inside a word these change nothing (word characters are never joiners or sentence
/// ends), so the scan steps over them without updating its state.
#[inline]
fn skip_word_chars(bytes: &[u8], classes: &Classes, mut pos: usize) -> usize {
    // Look at two bytes while two remain; a last one-byte character is left to the caller.
    let two_remain = bytes.len().saturating_sub(1);
    while pos < two_remain {
        let (lead, cont) = (bytes[pos], bytes[pos + 1]);
        if lead & 0xE0 == 0xC0 && classes.is_two_byte_word(lead, cont) {
            pos += 2;
        } else if lead.is_ascii_alphanumeric() {
            pos += 1;
        } else {
            break;
        }
    }
    pos
}

/// The token count and the tokenizer's state at the current character.
struct Scan<'a> {
    text: &'a str,
    classes: &'a Classes,
    tokens: u32,
    /// 1 when the previous character belongs to a word token, else 0.
    in_word: u16,
}

impl Scan<'_> {
    /// Steps over a character that is neither a joiner nor a sentence end.
    #[inline]
    fn plain(&mut self, flags: u16) {
        self.tokens += u32::from((flags >> (OPENS_TOKEN_SHIFT + self.in_word)) & 1);
        self.in_word = u16::from(flags & WORD != 0);
    }

    /// Steps over any character, which spans the bytes `at..next`.
    #[inline]
    fn step(&mut self, flags: u16, at: usize, next: usize) {
        if self.in_word != 0 && flags & (DIGIT_JOINER | LATIN_JOINER) != 0 {
            let before = flags_before(self.text, self.classes, at);
            let after = flags_at(self.text, self.classes, next).map_or(0, |(f, _)| f);
            if joins(flags, before, after) {
                // The joiner and the digit or letter after it stay in the word.
                return;
            }
        }
        self.plain(flags);
    }
}

/// Whether a joiner with class bits `flags` stays inside the token between `prev` and
/// `next` (see the tokenizer's rules).
#[inline]
fn joins(flags: u16, prev: u16, next: u16) -> bool {
    (flags & DIGIT_JOINER != 0 && prev & next & DIGIT != 0)
        || (flags & LATIN_JOINER != 0 && prev & next & LATIN != 0)
}

#[cfg(test)]
#[path = "counts_tests.rs"]
mod tests;
