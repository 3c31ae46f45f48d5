//! (Reference copy, before the window fast paths.)
//! The fast path of layer 1: decides, in one scan, whether `clean` would leave a text as is.
//!
//! Most text that reaches `clean` a second time (or comes from a tidy source) needs nothing.
//! A per-character class table for the BMP, derived from the same per-char rules `clean`
//! uses, plus a little context (whitespace runs, combining-mark order, markup starts) lets
//! such text be copied instead of rebuilt. The scan is conservative: `true` guarantees that
//! `clean(text) == text`; `false` only means "run the filters".

use crate::Orthography;
use crate::chars::{Action, action, keyboard_letter};
use crate::html::{amp_candidate, lt_candidate};
use std::sync::OnceLock;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, is_nfc_quick};

/// Class of a starter that layer 1 keeps (combining classes 1..=240 are marks it keeps).
const STARTER: u8 = 0;
/// Characters that NFC may change: composition candidates and excluded decompositions.
const NFC_UNSAFE: u8 = 249;
const SPACE: u8 = 250;
const NEWLINE: u8 = 251;
const AMPERSAND: u8 = 252;
const LESS_THAN: u8 = 253;
/// Kept or changed depending on the orthography (ZWNJ, keyboard letters).
const DEPENDS: u8 = 254;
/// Deleted, replaced or expanded by layer 1.
const CHANGED: u8 = 255;

/// The class of `c` (see the constants above).
pub(crate) fn classify(c: char) -> u8 {
    match c {
        ' ' => return SPACE,
        '\n' => return NEWLINE,
        '&' => return AMPERSAND,
        '<' => return LESS_THAN,
        '\u{200C}' => return DEPENDS,
        _ if keyboard_letter(c).is_some() => return DEPENDS,
        _ => {}
    }
    if action(c, Orthography::Arabic) != Action::Keep {
        return CHANGED;
    }
    if is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes {
        return NFC_UNSAFE;
    }
    canonical_combining_class(c)
}

fn bmp_table() -> &'static [u8] {
    static TABLE: OnceLock<Vec<u8>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0u32..0x1_0000)
            .map(|cp| char::from_u32(cp).map_or(CHANGED, classify))
            .collect()
    })
}

/// Where the scan stands with respect to whitespace.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    Start,
    Space,
    OneNewline,
    TwoNewlines,
    Text,
}

/// What one scan learns about a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scan {
    /// `clean(text) == text` is guaranteed.
    pub(crate) stable: bool,
    /// The text holds a character NFC may change, or marks out of canonical order.
    pub(crate) needs_nfc: bool,
    /// Length in code points.
    pub(crate) chars: usize,
}

/// Decodes the code point starting at `bytes[at]` of valid UTF-8, and its length.
#[inline]
fn decode(bytes: &[u8], at: usize, lead: u8) -> (u32, usize) {
    let cont = |k: usize| u32::from(bytes.get(at + k).copied().unwrap_or(0x80) & 0x3F);
    if lead < 0xE0 {
        ((u32::from(lead & 0x1F) << 6) | cont(1), 2)
    } else if lead < 0xF0 {
        ((u32::from(lead & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3)
    } else {
        (
            (u32::from(lead & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        )
    }
}

/// One pass over `text`: is it stable under `clean`, does it need NFC, how long is it.
pub(crate) fn scan(text: &str, orth: Orthography) -> Scan {
    let table = bmp_table();
    let bytes = text.as_bytes();
    let mut stable = true;
    let mut needs_nfc = false;
    let mut chars = 0usize;
    let mut layout = Layout::Start;
    let mut last_class = 0u8;
    let mut at = 0usize;
    while let Some(&lead) = bytes.get(at) {
        chars += 1;
        let (cp, len) = if lead < 0x80 {
            (u32::from(lead), 1)
        } else {
            decode(bytes, at, lead)
        };
        let class = match table.get(cp as usize) {
            Some(&class) => class,
            None => char::from_u32(cp).map_or(CHANGED, classify),
        };
        if class == STARTER {
            layout = Layout::Text;
            last_class = 0;
            at += len;
            continue;
        }
        match class {
            1..=240 => {
                if last_class > class {
                    stable = false;
                    needs_nfc = true;
                }
                layout = Layout::Text;
                last_class = class;
            }
            SPACE => {
                stable &= layout == Layout::Text;
                layout = Layout::Space;
                last_class = 0;
            }
            NEWLINE => {
                layout = match layout {
                    Layout::Text => Layout::OneNewline,
                    Layout::OneNewline => Layout::TwoNewlines,
                    _ => {
                        stable = false;
                        layout
                    }
                };
                last_class = 0;
            }
            AMPERSAND | LESS_THAN => {
                let markup = if class == AMPERSAND {
                    amp_candidate(bytes, at)
                } else {
                    lt_candidate(bytes, at)
                };
                stable &= !markup;
                layout = Layout::Text;
                last_class = 0;
            }
            NFC_UNSAFE => {
                stable = false;
                needs_nfc = true;
                layout = Layout::Text;
                last_class = 0;
            }
            DEPENDS => {
                let kept = char::from_u32(cp).is_some_and(|c| action(c, orth) == Action::Keep);
                stable &= kept;
                layout = Layout::Text;
                last_class = 0;
            }
            _ => {
                stable = false;
                layout = Layout::Text;
                last_class = 0;
            }
        }
        at += len;
    }
    stable &= matches!(layout, Layout::Start | Layout::Text);
    Scan {
        stable,
        needs_nfc,
        chars,
    }
}

/// The run of characters from byte `at` that layer 1 copies as they are (kept starters and
/// marks, `&` and `<` when the text has no markup, single spaces between them); returns the
/// end byte and the number of characters. Only for a pass without markup or NFC.
pub(crate) fn kept_run(bytes: &[u8], mut at: usize, orth: Orthography) -> (usize, usize) {
    let table = bmp_table();
    let mut count = 0usize;
    // Byte offset and count just before a trailing space, which the run must not end with.
    let mut before_space = (at, 0usize);
    let mut after_space = true;
    while let Some(&lead) = bytes.get(at) {
        let (cp, len) = if lead < 0x80 {
            (u32::from(lead), 1)
        } else {
            decode(bytes, at, lead)
        };
        let class = match table.get(cp as usize) {
            Some(&class) => class,
            None => char::from_u32(cp).map_or(CHANGED, classify),
        };
        let kept = match class {
            STARTER | 1..=240 | AMPERSAND | LESS_THAN => true,
            SPACE => {
                if after_space {
                    break;
                }
                before_space = (at, count);
                after_space = true;
                at += len;
                count += 1;
                continue;
            }
            DEPENDS => char::from_u32(cp).is_some_and(|c| action(c, orth) == Action::Keep),
            _ => false,
        };
        if !kept {
            break;
        }
        after_space = false;
        at += len;
        count += 1;
    }
    if after_space && count > 0 {
        return before_space;
    }
    (at, count)
}
