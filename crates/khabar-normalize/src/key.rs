//! Layer 2 without offsets (`search_key`): the fold of [`crate::fold`], a window at a time.
//!
//! The key of a document is built for every document (its content hash) and for every
//! boilerplate line, so this is the hot path of layer 2. Nearly all of its input is ASCII
//! and the two-byte characters U+0600..U+067F, and nearly every fold there is one two-byte
//! letter to another (أ -> ا, ة -> ه, ى -> ي). Such text is tested sixteen bytes at a time
//! (see [`in_window`] and [`changes_in_window`]): unchanged characters stay in the run that
//! is copied whole at the next change, and the letters that fold are replaced through a
//! table without decoding. Everything else goes through the per-character rules of
//! [`crate::fold`].

use crate::fold::{Fold, FoldState, NoTrack, arabic_table};
use crate::window::{Window, arabic_continuation, first_lanes, in_range, is_arabic_lead, lanes};

/// The layer-2 key of `text` and whether it may not be a fixed point of `clean` + fold
/// (the same answers as `fold_with_offsets`).
pub(crate) fn fold_key(text: &str) -> (String, bool) {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut state = FoldState::new();
    let mut at = 0usize;
    while let Some(&lead) = bytes.get(at) {
        // Right after a deletion the next character decides `unsettled`: no window.
        if !state.after_delete && (lead < 0x80 || is_arabic_lead(lead)) {
            loop {
                let window = Window::at(bytes, at, 0);
                let run = window.prefix(in_window);
                if run.bytes == 0 {
                    break;
                }
                let folding = window.marks(changes_in_window) & first_lanes(run.bytes);
                for lane in lanes(folding) {
                    let last = at + lane;
                    let (first, folded) = fold_in_window(bytes, last);
                    copy_run(&mut out, text, state.run_start, first);
                    out.push(folded);
                    state.run_start = last + 1;
                }
                if folding != 0 {
                    state.note_change();
                }
                state.after_space = matches!(run.last, b' ' | b'\n');
                at += run.bytes;
                if !run.whole {
                    break;
                }
            }
        }
        let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        state.fold_char(text, at, c, &mut out, &mut NoTrack);
        at += c.len_utf8();
    }
    let unsettled = state.finish(text, &mut out);
    (out, unsettled)
}

/// Appends the unchanged characters `text[start..end]`.
#[inline]
fn copy_run(out: &mut String, text: &str, start: usize, end: usize) {
    out.push_str(text.get(start..end).unwrap_or_default());
}

/// A byte of a character the window handles: ASCII, and the U+0600..U+067F characters the
/// [`crate::fold::ARABIC`] table keeps or folds to one other character (all but tatweel
/// and the marks, which are deleted). Checked against the table in the tests.
#[inline]
// Non-short-circuit `&` and `|` on purpose: branch-free lanes vectorize.
#[allow(clippy::needless_bitwise_bool)]
fn in_window(previous: u8, byte: u8) -> bool {
    // U+0600..U+063F: all of them.
    let low = |_: u8| true;
    // U+0641..U+064A, U+0660..U+066F, U+0671..U+067F.
    let high = |b: u8| in_range(b, 0x81, 10) | in_range(b, 0xA0, 16) | (b >= 0xB1);
    (byte < 0x80) | is_arabic_lead(byte) | arabic_continuation(previous, byte, low, high)
}

/// The last byte of a character [`in_window`] accepts that folds to another one: a
/// capital, or the continuation byte of آ أ ؤ إ ئ ة ى ٱ ٲ ٳ, of ، ؛ ؟, and of the
/// Arabic-Indic digits and the signs ٪ ٫ ٬.
#[inline]
// Non-short-circuit `&` and `|` on purpose: branch-free lanes vectorize.
#[allow(clippy::needless_bitwise_bool)]
fn changes_in_window(previous: u8, byte: u8) -> bool {
    let low = (previous == 0xD8)
        & (in_range(byte, 0xA2, 5)
            | (byte == 0xA9)
            | (byte == 0x8C)
            | (byte == 0x9B)
            | (byte == 0x9F));
    let high =
        (previous == 0xD9) & ((byte == 0x89) | in_range(byte, 0xB1, 3) | in_range(byte, 0xA0, 13));
    in_range(byte, b'A', 26) | low | high
}

/// The character whose last byte [`changes_in_window`] marked at `last`: its first byte
/// and its fold.
#[inline]
fn fold_in_window(bytes: &[u8], last: usize) -> (usize, char) {
    let byte = bytes.get(last).copied().unwrap_or(0);
    if byte < 0x80 {
        return (last, char::from(byte.to_ascii_lowercase()));
    }
    let lead = bytes.get(last.wrapping_sub(1)).copied().unwrap_or(0);
    let index = usize::from(lead & 1) << 6 | usize::from(byte & 0x3F);
    let folded = FOLDED
        .get(index)
        .copied()
        .unwrap_or(char::REPLACEMENT_CHARACTER);
    (last.saturating_sub(1), folded)
}

/// The fold of U+0600..U+067F, indexed by `cp - 0x600` (which is `(lead & 1) << 6 |
/// (continuation & 0x3F)`): the [`crate::fold::ARABIC`] table where it folds to a character
/// (another letter, or an ASCII digit or sign), the character itself otherwise.
static FOLDED: [char; 128] = folded_letters();

const fn folded_letters() -> [char; 128] {
    let folds = arabic_table();
    let mut letters = ['\0'; 128];
    let mut i = 0;
    while i < 128 {
        letters[i] = match folds[i] {
            Fold::To(to) => to,
            _ => match char::from_u32(0x600 + i as u32) {
                Some(c) => c,
                None => '\0',
            },
        };
        i += 1;
    }
    letters
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every one- and two-byte character the window takes folds exactly as the table says.
    #[test]
    fn window_lanes_match_the_fold_table() {
        for cp in 0u32..0x800 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let text = c.to_string();
            let bytes = text.as_bytes();
            let window = Window::at(bytes, 0, 0);
            let run = window.prefix(in_window);
            let table = crate::fold::ARABIC
                .get((cp as usize).wrapping_sub(0x600))
                .copied();
            let want_window = cp < 0x80
                || ((0x600..0x680).contains(&cp)
                    && matches!(table, Some(Fold::Keep | Fold::To(_))));
            assert_eq!(run.bytes > 0, want_window, "U+{cp:04X}");
            if !want_window {
                continue;
            }
            let want = match table {
                Some(Fold::To(to)) => to,
                _ => c.to_ascii_lowercase(),
            };
            let folding = window.marks(changes_in_window) & first_lanes(run.bytes);
            let got: Vec<(usize, char)> = lanes(folding)
                .map(|lane| fold_in_window(bytes, lane))
                .collect();
            if want == c {
                assert!(got.is_empty(), "U+{cp:04X}");
            } else {
                assert_eq!(got, vec![(0, want)], "U+{cp:04X}");
            }
        }
    }
}
