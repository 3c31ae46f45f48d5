//! Sentences and tokens in one pass over the UTF-8 bytes: the splitter's and the
//! tokenizer's rules as one scan, reporting to a [`Sink`] that counts them or builds spans.
//!
//! - Sentences end where [`split_sentences`](crate::split_sentences) documents: at a line
//!   break, and after `!?؟۔` that [`mark_ends_sentence`] accepts or a dot that
//!   [`dot_ends_sentence`] accepts, together with the
//!   run of marks and closers that follows.
//! - Tokens never cross a sentence end (the last character before one is a line break, an
//!   end mark or a closer, none of which is in a word or joins one), so the tokens of the
//!   whole text come from one scan: a word (word characters, and a joiner between two
//!   digits or two Latin letters) is one token, an emoji with its modifiers, ZWJ-joined
//!   pictographs or flag pair is one token, any other non-space character is a token of its
//!   own.
//! - Every non-space character is in exactly one token and no token holds white space, so
//!   a trimmed sentence runs from the start of its first token to the end of its last, and
//!   a sentence exists exactly when it has a token.

use crate::char_flags::{
    CLASSES, CLOSER, Classes, DIGIT, DIGIT_JOINER, DOT, EMOJI, END_MARK, LATIN, LATIN_JOINER,
    LINE_BREAK, OPENS_TOKEN_SHIFT, WORD, flags_at, flags_before,
};
use crate::chars::emoji_rest;
use crate::dot_rule::{dot_ends_sentence, mark_ends_sentence};
use crate::word_runs::Run;

/// Characters that need more than the plain token step: sentence ends and joiners.
const SPECIAL: u16 = LINE_BREAK | END_MARK | DOT | DIGIT_JOINER | LATIN_JOINER;

/// A place in the text: the code points and the bytes before it.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Pos {
    /// Code points before this place.
    pub(crate) char: u32,
    /// Bytes before this place.
    pub(crate) byte: u32,
}

/// What a scan reports, in text order.
pub(crate) trait Sink {
    /// A token starts at `at`: a word, which [`word_end`](Sink::word_end) closes later,
    /// when `flags` has [`WORD`], else the one character that ends at `next`.
    fn token(&mut self, flags: u16, at: Pos, next: Pos);
    /// The word that started last ends at `at`.
    fn word_end(&mut self, at: Pos);
    /// The sentence ends; it holds the tokens reported since the previous end (maybe
    /// none). Every word is closed by then.
    fn sentence_end(&mut self);
    /// Steps over the run of spaces and common word characters at byte `pos` (see
    /// [`word_run`](crate::word_runs::word_run)), counting its tokens, when the sink
    /// needs no place inside such a run; `None`, stepping over nothing, by default.
    #[inline]
    fn word_run(&mut self, _bytes: &[u8], _pos: usize, _in_word: bool) -> Option<Run> {
        None
    }
}

/// Reports the tokens and sentence ends of `text` to `sink`.
#[inline]
pub(crate) fn scan(text: &str, sink: &mut impl Sink) {
    let classes = &*CLASSES;
    let bytes = text.as_bytes();
    let mut words = Words {
        text,
        classes,
        in_word: 0,
    };
    // The byte where the current sentence began: the dot rule looks back to it.
    let mut start = 0usize;
    let mut pos = 0usize;
    let mut chars = 0u32;
    loop {
        // A sink that needs no places steps over spaces and plain words a block at a
        // time; they change nothing but the token count.
        if let Some(run) = sink.word_run(bytes, pos, words.in_word != 0) {
            (chars, pos) = (chars + run.chars, pos + run.bytes);
            words.in_word = u16::from(run.in_word);
        }
        let Some((flags, width)) = flags_at(text, classes, pos) else {
            break;
        };
        let at = place(chars, pos);
        (chars, pos) = (chars + 1, pos + width);
        if flags & SPECIAL == 0 {
            if flags & EMOJI != 0 {
                // An emoji with its modifiers and ZWJ-joined pictographs is one token.
                let first = text.get(at.byte as usize..).and_then(|r| r.chars().next());
                let rest = text.get(pos..).unwrap_or_default();
                let (more, width) = first.map_or((0, 0), |first| emoji_rest(first, rest));
                (chars, pos) = (chars + more, pos + width);
            }
            words.plain(flags, at, place(chars, pos), sink);
            if words.in_word != 0 {
                (chars, pos) = skip_word_chars(bytes, classes, chars, pos);
            }
            continue;
        }
        words.step(flags, at, place(chars, pos), sink);
        if flags & LINE_BREAK != 0 {
            sink.sentence_end();
            start = pos;
            continue;
        }
        if (flags & END_MARK != 0 && mark_ends_sentence(text, pos))
            || (flags & DOT != 0 && dot_ends_sentence(text, start, at.byte as usize))
        {
            // Further marks (`?!`, `...`), then closing quotes and brackets, stay with it.
            let mut absorbs = END_MARK | DOT | CLOSER;
            while let Some((flags, width)) = flags_at(text, classes, pos) {
                if flags & absorbs == 0 {
                    break;
                }
                if flags & (END_MARK | DOT) == 0 {
                    absorbs = CLOSER;
                }
                let at = place(chars, pos);
                (chars, pos) = (chars + 1, pos + width);
                words.step(flags, at, place(chars, pos), sink);
            }
            sink.sentence_end();
            start = pos;
        }
    }
    if words.in_word != 0 {
        sink.word_end(place(chars, pos));
    }
    sink.sentence_end();
}

/// The place `chars` code points and `byte` bytes into the text.
#[inline]
fn place(chars: u32, byte: usize) -> Pos {
    Pos {
        char: chars,
        byte: byte as u32,
    }
}

/// The first place at or after `chars`/`pos` that does not start a one- or two-byte word
/// character. Inside a word these change nothing (word characters are never joiners or
/// sentence ends), so the scan steps over them without reporting.
#[inline]
fn skip_word_chars(
    bytes: &[u8],
    classes: &Classes,
    mut chars: u32,
    mut pos: usize,
) -> (u32, usize) {
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
        chars += 1;
    }
    (chars, pos)
}

/// The tokenizer's state at the current character.
struct Words<'a> {
    text: &'a str,
    classes: &'a Classes,
    /// 1 when the previous character belongs to a word token, else 0.
    in_word: u16,
}

impl Words<'_> {
    /// Steps over the character at `at`, which is neither a joiner nor a sentence end.
    #[inline]
    fn plain(&mut self, flags: u16, at: Pos, next: Pos, sink: &mut impl Sink) {
        if self.in_word != 0 && flags & WORD == 0 {
            sink.word_end(at);
        }
        if (flags >> (OPENS_TOKEN_SHIFT + self.in_word)) & 1 != 0 {
            sink.token(flags, at, next);
        }
        self.in_word = u16::from(flags & WORD != 0);
    }

    /// Steps over any character, which spans `at..next`.
    #[inline]
    fn step(&mut self, flags: u16, at: Pos, next: Pos, sink: &mut impl Sink) {
        if self.in_word != 0 && flags & (DIGIT_JOINER | LATIN_JOINER) != 0 {
            let before = flags_before(self.text, self.classes, at.byte as usize);
            let after = flags_at(self.text, self.classes, next.byte as usize).map_or(0, |(f, _)| f);
            if joins(flags, before, after) {
                // The joiner and the digit or letter after it stay in the word.
                return;
            }
        }
        self.plain(flags, at, next, sink);
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
#[path = "sentence_scan_tests.rs"]
mod tests;
