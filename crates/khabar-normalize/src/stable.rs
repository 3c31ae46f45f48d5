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
use crate::window::{
    WIDTH, Window, arabic_continuation, in_range, is_arabic_lead, is_continuation,
};
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

/// The character starting with `lead` at `bytes[at]`: its code point, length and class
/// (from `table` in the BMP).
#[inline]
fn class_at(table: &[u8], bytes: &[u8], at: usize, lead: u8) -> (u32, usize, u8) {
    let (cp, len) = if lead < 0x80 {
        (u32::from(lead), 1)
    } else {
        decode(bytes, at, lead)
    };
    let class = match table.get(cp as usize) {
        Some(&class) => class,
        None => char::from_u32(cp).map_or(CHANGED, classify),
    };
    (cp, len, class)
}

/// True when a character starting with `lead` may pass [`plain_byte`]: worth a window.
#[inline]
fn may_start_plain(lead: u8) -> bool {
    in_range(lead, 0x20, 0x5F) || is_arabic_lead(lead)
}

/// The bytes of "plain" text, which layer 1 keeps and which need no context beyond one
/// space: printable ASCII (`&` and `<` only if `markup_ok`), a space after anything but a
/// space, and the U+0600..U+067F characters of class [`STARTER`] (letters, digits, `،`
/// `؛` `؟`; not marks, tatweel or the Arabic letter mark).
///
/// `previous` is the byte before; the tests check the Arabic sets against the class table.
#[inline]
// Non-short-circuit `&` and `|` on purpose: branch-free lanes vectorize.
#[allow(clippy::needless_bitwise_bool)]
pub(crate) fn plain_byte(previous: u8, byte: u8, markup_ok: bool) -> bool {
    let ascii = in_range(byte, 0x21, 0x5E) & (markup_ok | ((byte != b'&') & (byte != b'<')));
    let space = (byte == b' ') & (previous != b' ');
    // U+0600..U+063F: all but the marks U+0610..U+061A and U+061C.
    let low = |b: u8| !in_range(b, 0x90, 0x0D) | (b == 0x9B);
    // U+0640..U+067F: letters U+0641..U+064A, digits and signs U+0660..U+066F, U+0671..
    let high = |b: u8| in_range(b, 0x81, 10) | in_range(b, 0xA0, 16) | (b >= 0xB1);
    ascii | space | is_arabic_lead(byte) | arabic_continuation(previous, byte, low, high)
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
        while may_start_plain(lead) {
            // A space is fine first only after text; the predicate sees a letter or a space.
            let before = if layout == Layout::Text { b'a' } else { b' ' };
            let run = Window::at(bytes, at, before).prefix(|p, b| plain_byte(p, b, false));
            if run.bytes == 0 {
                break;
            }
            at += run.bytes;
            chars += run.chars;
            layout = if run.last == b' ' {
                Layout::Space
            } else {
                Layout::Text
            };
            last_class = 0;
            if !run.whole {
                break;
            }
        }
        let Some(&lead) = bytes.get(at) else {
            break;
        };
        chars += 1;
        let (cp, len, class) = class_at(table, bytes, at, lead);
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

/// The `needs_nfc` answer of [`scan`] without the rest of the scan: whether `text` holds a
/// character NFC may change, or two adjacent marks out of canonical order. Characters that
/// are NFC boundaries (see [`crate::nfc::boundary_byte`]) are skipped a window at a time; they are never
/// marks, so each one ends a run of marks as it does in [`scan`].
///
/// `clean` answers this inside its first pass (see [`kept_run`]); this separate scan is the
/// specification the tests hold that answer to.
#[cfg(test)]
pub(crate) fn needs_nfc(text: &str) -> bool {
    use crate::nfc::boundary_byte;
    use crate::window::{BLOCK, passes_block};
    let table = bmp_table();
    let bytes = text.as_bytes();
    let mut last_class = 0u8;
    let mut at = 0usize;
    while at < bytes.len() {
        if passes_block(bytes, at, 0, boundary_byte) {
            at += BLOCK;
            last_class = 0;
            continue;
        }
        let run = Window::at(bytes, at, 0).prefix(boundary_byte);
        if run.bytes > 0 {
            at += run.bytes;
            last_class = 0;
            if run.whole {
                continue;
            }
        }
        let Some(&lead) = bytes.get(at) else {
            break;
        };
        let (_, len, class) = class_at(table, bytes, at, lead);
        match class {
            NFC_UNSAFE => return true,
            1..=240 => {
                if last_class > class {
                    return true;
                }
                last_class = class;
            }
            _ => last_class = 0,
        }
        at += len;
    }
    false
}

/// A run of characters that layer 1 copies as they are (see [`kept_run`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KeptRun {
    /// The byte after the run.
    pub(crate) end: usize,
    /// Its length in characters.
    pub(crate) chars: usize,
    /// The run holds two adjacent marks out of canonical order, or ends before a character
    /// NFC may change: the [`needs_nfc`] answer for the run and the character after it.
    pub(crate) needs_nfc: bool,
}

/// The run of characters from byte `at` that layer 1 copies as they are (kept starters and
/// marks, `&` and `<` when the text has no markup, single spaces between them). Only for a
/// pass without markup, or for the stretches between the segments that NFC rewrites.
///
/// It also answers the NFC question on the way, so a pass needs no [`needs_nfc`] scan
/// first: the runs and the characters they stop at cover the text, and each run starts after
/// a character that is not a mark (or at the start), so marks never pair across runs. A run
/// stops before the second of two marks out of order, with `needs_nfc` set.
pub(crate) fn kept_run(bytes: &[u8], mut at: usize, orth: Orthography) -> KeptRun {
    let table = bmp_table();
    let mut count = 0usize;
    // Byte offset and count just before a trailing space, which the run must not end with.
    let mut before_space = (at, 0usize);
    let mut after_space = true;
    let mut last_class = 0u8;
    let mut needs_nfc = false;
    while let Some(&lead) = bytes.get(at) {
        if may_start_plain(lead) {
            // Whole windows at a fixed stride first, so the next load does not wait for
            // where this window's run ends (as in the layer-2 key). A window may end inside
            // a two-byte character: the next one sees its lead as the byte before.
            let start = at;
            let mut before = if after_space { b' ' } else { b'a' };
            loop {
                let window = Window::at(bytes, at, before);
                if !window.all(|p, b| plain_byte(p, b, true)) {
                    break;
                }
                at += WIDTH;
                count += window.char_starts();
                before = window.bytes[WIDTH - 1];
                if before == b' ' {
                    before_space = (at - 1, count - 1);
                }
                after_space = before == b' ';
                last_class = 0;
            }
            // Back to the start of a character: a lead in the last lane goes again.
            if at > start && bytes.get(at).copied().is_some_and(is_continuation) {
                at -= 1;
                count -= 1;
                after_space = bytes.get(at - 1) == Some(&b' ');
                if after_space {
                    before_space = (at - 1, count - 1);
                }
            }
        }
        while may_start_plain(lead) {
            let before = if after_space { b' ' } else { b'a' };
            let run = Window::at(bytes, at, before).prefix(|p, b| plain_byte(p, b, true));
            if run.bytes == 0 {
                break;
            }
            if run.last == b' ' {
                before_space = (at + run.bytes - 1, count + run.chars - 1);
            }
            after_space = run.last == b' ';
            at += run.bytes;
            count += run.chars;
            // Plain characters are starters: they end any run of marks.
            last_class = 0;
            if !run.whole {
                break;
            }
        }
        let Some(&lead) = bytes.get(at) else {
            break;
        };
        let (cp, len, class) = class_at(table, bytes, at, lead);
        let kept = match class {
            1..=240 => {
                if last_class > class {
                    needs_nfc = true;
                    break;
                }
                last_class = class;
                after_space = false;
                at += len;
                count += 1;
                continue;
            }
            STARTER | AMPERSAND | LESS_THAN => true,
            SPACE => {
                if after_space {
                    break;
                }
                before_space = (at, count);
                after_space = true;
                last_class = 0;
                at += len;
                count += 1;
                continue;
            }
            DEPENDS => char::from_u32(cp).is_some_and(|c| action(c, orth) == Action::Keep),
            NFC_UNSAFE => {
                needs_nfc = true;
                false
            }
            _ => false,
        };
        if !kept {
            break;
        }
        last_class = 0;
        after_space = false;
        at += len;
        count += 1;
    }
    let (end, chars) = if after_space && count > 0 {
        before_space
    } else {
        (at, count)
    };
    KeptRun {
        end,
        chars,
        needs_nfc,
    }
}

/// True when `clean(text, orth)` is guaranteed to return `text` unchanged.
#[cfg(test)]
pub(crate) fn is_stable(text: &str, orth: Orthography) -> bool {
    scan(text, orth).stable
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_runs_stop_at_changes_and_double_spaces() {
        let cases = [
            ("abc", (3, 3)),
            ("ab cd", (5, 5)),
            ("ab  cd", (2, 2)),
            ("ab ", (2, 2)),
            (" ab", (0, 0)),
            ("نصـ", (4, 2)),
            ("a&b<c", (5, 5)),
            ("a\nb", (1, 1)),
        ];
        for (text, want) in cases {
            let run = kept_run(text.as_bytes(), 0, Orthography::Arabic);
            assert_eq!((run.end, run.chars), want, "{text:?}");
            assert!(!run.needs_nfc, "{text:?}");
        }
    }

    /// A whole window whose last lane leads a character that fails in the next window: the
    /// run backs up to that lead, and drops the space before it too.
    #[test]
    fn kept_runs_back_up_to_a_character_start() {
        let ascii = |n: usize| "a".repeat(n);
        let cases = [
            (format!("{} ـبب", ascii(14)), (14, 14)),
            (format!("{}ـب", ascii(15)), (15, 15)),
            (format!("{}ببـ", ascii(15)), (19, 17)),
            (format!("{} ب ـ", ascii(30)), (33, 32)),
            (ascii(31) + "\u{0651}\u{064E}", (33, 32)),
            (ascii(40), (40, 40)),
        ];
        for (text, want) in cases {
            let run = kept_run(text.as_bytes(), 0, Orthography::Arabic);
            assert_eq!((run.end, run.chars), want, "{text:?}");
        }
        let marks = ascii(31) + "\u{0651}\u{064E}";
        assert!(kept_run(marks.as_bytes(), 0, Orthography::Arabic).needs_nfc);
    }

    #[test]
    fn whitespace_layout() {
        let cases = [
            ("", true),
            ("نص", true),
            ("a b\nc\n\nd", true),
            (" a", false),
            ("a ", false),
            ("a  b", false),
            ("a \nb", false),
            ("a\n b", false),
            ("a\n\n\nb", false),
            ("a\r\nb", false),
            ("a\tb", false),
            ("a\n", false),
            ("AT&T", true),
            ("&amp;", false),
            ("3 < 5", true),
            ("<b>", false),
            ("\u{0628}\u{064E}\u{0651}", true),
            ("\u{0628}\u{0651}\u{064E}", false),
            ("\u{0627}\u{0654}", false),
            ("ـ", false),
        ];
        for (text, want) in cases {
            assert_eq!(is_stable(text, Orthography::Arabic), want, "{text:?}");
            assert_eq!(scan(text, Orthography::Arabic).chars, text.chars().count());
        }
        assert!(scan("\u{0627}\u{0654}", Orthography::Arabic).needs_nfc);
        assert!(scan("ب\u{0651}\u{064E}", Orthography::Arabic).needs_nfc);
        assert!(!scan("ب\u{064E}\u{0651} ـ", Orthography::Arabic).needs_nfc);
        assert_eq!(
            scan("a😀b", Orthography::Arabic),
            Scan {
                stable: true,
                needs_nfc: false,
                chars: 3
            }
        );
        assert!(is_stable("می\u{200C}خواهم", Orthography::Persian));
        assert!(!is_stable("می\u{200C}خواهم", Orthography::Arabic));
    }
}
