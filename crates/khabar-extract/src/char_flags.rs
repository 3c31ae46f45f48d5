//! The classes of [`chars`](crate::chars) packed as bits per code point, with a table for
//! every one- and two-byte UTF-8 character (ASCII, Latin, combining marks, the Arabic
//! block), so a byte-level scanner classifies most characters with one load.

use crate::chars::{is_closer, is_digit, is_latin_letter, is_pictograph, is_word_char};
use std::sync::LazyLock;

/// White space (`char::is_whitespace`).
pub(crate) const SPACE: u16 = 1;
/// Continues a word ([`is_word_char`]).
pub(crate) const WORD: u16 = 1 << 1;
/// Always ends a sentence: `\n`, `\r`, U+2029.
pub(crate) const LINE_BREAK: u16 = 1 << 2;
/// Ends a sentence: `!`, `?`, `؟`, and the Urdu full stop `۔`.
pub(crate) const END_MARK: u16 = 1 << 3;
/// The full stop `.`.
pub(crate) const DOT: u16 = 1 << 4;
/// A closing quote or bracket ([`is_closer`]).
pub(crate) const CLOSER: u16 = 1 << 5;
/// Stays inside a token between two digits: `.` `,` `٫` `٬` `/` `:`.
pub(crate) const DIGIT_JOINER: u16 = 1 << 6;
/// Stays inside a token between two Latin letters: `'` `’` `-`.
pub(crate) const LATIN_JOINER: u16 = 1 << 7;
/// A digit ([`is_digit`]).
pub(crate) const DIGIT: u16 = 1 << 8;
/// A Latin letter ([`is_latin_letter`]).
pub(crate) const LATIN: u16 = 1 << 9;
/// Bit of [`OPENS_TOKEN`]: the tokenizer's step reads it at `OPENS_TOKEN_SHIFT + in_word`.
pub(crate) const OPENS_TOKEN_SHIFT: u16 = 10;
/// Starts a token after white space or punctuation: not white space.
pub(crate) const OPENS_TOKEN: u16 = 1 << OPENS_TOKEN_SHIFT;
/// Starts a token right after a word character: neither white space nor a word character
/// (joiners aside).
pub(crate) const OPENS_TOKEN_IN_WORD: u16 = 1 << (OPENS_TOKEN_SHIFT + 1);

/// A pictograph ([`is_pictograph`]): starts an emoji token that takes its modifiers and
/// ZWJ-joined pictographs.
pub(crate) const EMOJI: u16 = 1 << 12;

/// Code points below this have a table entry: every one- and two-byte UTF-8 character.
pub(crate) const TABLE_LEN: usize = 0x800;

/// Class bits of the one- and two-byte characters.
pub(crate) struct Classes {
    /// The class bits of every code point below [`TABLE_LEN`], by [`flags_of`].
    pub(crate) flags: [u16; TABLE_LEN],
    /// Bit `cp % 64` of `words[cp / 64]` is set when code point `cp` has [`WORD`]: for a
    /// two-byte character `110xxxxx 10yyyyyy` that is bit `yyyyyy` of `words[xxxxx]`.
    pub(crate) words: [u64; TABLE_LEN / 64],
}

/// The classes, computed once.
pub(crate) static CLASSES: LazyLock<Classes> = LazyLock::new(|| {
    let mut flags = [0u16; TABLE_LEN];
    let mut words = [0u64; TABLE_LEN / 64];
    for (cp, slot) in flags.iter_mut().enumerate() {
        if let Some(ch) = char::from_u32(cp as u32) {
            *slot = flags_of(ch);
            if *slot & WORD != 0 {
                words[cp / 64] |= 1 << (cp % 64);
            }
        }
    }
    Classes { flags, words }
});

impl Classes {
    /// Whether the two-byte character with these bytes is a word character.
    #[inline]
    pub(crate) fn is_two_byte_word(&self, lead: u8, cont: u8) -> bool {
        (self.words[usize::from(lead & 0x1F)] >> (cont & 0x3F)) & 1 != 0
    }
}

/// The class bits of `ch`.
pub(crate) fn flags_of(ch: char) -> u16 {
    let mut flags = 0;
    let mut set = |bit: u16, on: bool| {
        if on {
            flags |= bit;
        }
    };
    set(SPACE, ch.is_whitespace());
    set(WORD, is_word_char(ch));
    set(LINE_BREAK, matches!(ch, '\n' | '\r' | '\u{2029}'));
    set(END_MARK, matches!(ch, '!' | '?' | '؟' | '۔'));
    set(DOT, ch == '.');
    set(CLOSER, is_closer(ch));
    set(
        DIGIT_JOINER,
        matches!(ch, '.' | ',' | '٫' | '٬' | '/' | ':'),
    );
    set(LATIN_JOINER, matches!(ch, '\'' | '’' | '-'));
    set(DIGIT, is_digit(ch));
    set(LATIN, is_latin_letter(ch));
    set(EMOJI, is_pictograph(ch));
    set(OPENS_TOKEN, !ch.is_whitespace());
    set(
        OPENS_TOKEN_IN_WORD,
        !ch.is_whitespace() && !is_word_char(ch),
    );
    flags
}

/// The class bits and UTF-8 width of the character starting at byte `pos` of `text`, or
/// `None` at the end (or, never for a `&str`, inside a character).
#[inline]
pub(crate) fn flags_at(text: &str, classes: &Classes, pos: usize) -> Option<(u16, usize)> {
    let table = &classes.flags;
    let bytes = text.as_bytes();
    let lead = *bytes.get(pos)?;
    if lead < 0x80 {
        return Some((table[usize::from(lead)], 1));
    }
    if lead < 0xE0 {
        // Two bytes: 110xxxxx 10yyyyyy is the code point xxxxxyyyyyy, below 0x800.
        let cont = *bytes.get(pos + 1)?;
        let cp = (usize::from(lead & 0x1F) << 6) | usize::from(cont & 0x3F);
        return Some((table[cp], 2));
    }
    let ch = text.get(pos..)?.chars().next()?;
    Some((flags_of(ch), ch.len_utf8()))
}

/// The class bits of the character ending at byte `pos` of `text` (0 at the start).
pub(crate) fn flags_before(text: &str, classes: &Classes, pos: usize) -> u16 {
    crate::scan::char_before(text, pos).map_or(0, |ch| {
        classes
            .flags
            .get(ch as usize)
            .copied()
            .unwrap_or_else(|| flags_of(ch))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_chars() -> impl Iterator<Item = char> {
        (0..=u32::from(char::MAX)).filter_map(char::from_u32)
    }

    #[test]
    fn table_and_decoder_agree_with_flags_of_every_char() {
        let table = &*CLASSES;
        let mut text = String::new();
        let all: Vec<char> = all_chars().collect();
        for &ch in &all {
            text.push(ch);
        }
        let mut pos = 0;
        for &ch in &all {
            assert_eq!(
                flags_at(&text, table, pos),
                Some((flags_of(ch), ch.len_utf8())),
                "{ch:?}"
            );
            pos += ch.len_utf8();
            assert_eq!(flags_before(&text, table, pos), flags_of(ch), "{ch:?}");
        }
        assert_eq!(flags_at(&text, table, pos), None);
        assert_eq!(flags_before(&text, table, 0), 0);
    }

    #[test]
    fn two_byte_word_bits_agree_with_the_flags() {
        let mut buf = [0u8; 4];
        for ch in (0x80..0x800).filter_map(char::from_u32) {
            let [lead, cont] = *ch.encode_utf8(&mut buf).as_bytes() else {
                panic!("{ch:?} is not two bytes");
            };
            let word = flags_of(ch) & WORD != 0;
            assert_eq!(CLASSES.is_two_byte_word(lead, cont), word, "{ch:?}");
        }
    }

    #[test]
    fn word_chars_are_never_joiners_or_sentence_ends() {
        // The byte scan steps over word characters without testing for either.
        let special = LINE_BREAK | END_MARK | DOT | DIGIT_JOINER | LATIN_JOINER | SPACE;
        for ch in all_chars() {
            let f = flags_of(ch);
            assert!(f & WORD == 0 || f & special == 0, "{ch:?}");
        }
    }

    #[test]
    fn joined_neighbours_are_word_chars() {
        // The tokenizer steps over the digit or letter after a joiner without testing it:
        // the byte scan relies on that character being a word char.
        for ch in all_chars() {
            let f = flags_of(ch);
            if f & (DIGIT | LATIN) != 0 {
                assert!(f & WORD != 0, "{ch:?}");
            }
        }
    }
}
