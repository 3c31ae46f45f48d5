//! Layer 2 without offsets (`search_key`): the fold of [`crate::fold`], a window at a time.
//!
//! The key of a document is built for every document (its content hash) and for every
//! boilerplate line, so this is the hot path of layer 2. Nearly all of its input is ASCII
//! and the two-byte characters U+0600..U+067F, and nearly every fold there keeps the length
//! of the character: one two-byte letter to another (أ -> ا, ة -> ه, ى -> ي), a capital to
//! its lowercase. Such text is folded sixteen bytes at a time without a branch per
//! character: [`same_length`] finds the run of them at the start of the window,
//! [`fold_byte`] rewrites every byte of the window at once, and the rewritten window is
//! stored whole. Everything else (the folds that change the length, ، ٣ -> `,` `3`, the
//! deletions, the other characters) goes through the per-character rules of
//! [`crate::fold`].
//!
//! The key is built in a byte buffer, because a `String` cannot take a rewritten window
//! without `unsafe` (forbidden in this workspace); the buffer is checked as UTF-8 once at
//! the end with a vectorized check and copied into the key.

use crate::fold::{FoldState, NoTrack, copy_run};
use crate::window::{
    WIDTH, Window, arabic_continuation, in_range, is_arabic_lead, is_continuation,
};

/// The layer-2 key of `text` and whether it may not be a fixed point of `clean` + fold
/// (the same answers as `fold_with_offsets`).
pub(crate) fn fold_key(text: &str) -> (String, bool) {
    thread_local! {
        // Reused per thread: the key costs one allocation, the `String` it returns.
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUFFER.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buffer) => {
            let key = fold_key_with(text, &mut buffer);
            if buffer.capacity() > 1 << 22 {
                *buffer = Vec::new(); // do not keep one huge document's buffer alive
            }
            key
        }
        Err(_) => fold_key_with(text, &mut Vec::new()),
    })
}

/// [`fold_key`], building the key in `out`.
fn fold_key_with(text: &str, out: &mut Vec<u8>) -> (String, bool) {
    let unsettled = fold_key_bytes(text, out);
    if let Ok(key) = simdutf8::basic::from_utf8(out) {
        return (key.to_owned(), unsettled);
    }
    // Not reached: every write is whole characters (see `fold_byte`). Should it be, the
    // fold with offsets gives the same key, slower; the tests (the equivalence ones too)
    // would not see that, so there it fails loudly.
    #[cfg(test)]
    panic!("fold_key wrote bytes that are not UTF-8 for {text:?}");
    #[cfg(not(test))]
    {
        let (key, _, unsettled) = crate::fold::fold_with_offsets(text, None, text.chars().count());
        (key, unsettled)
    }
}

/// The key of `text` as bytes in `out`, and whether it may not be a fixed point.
fn fold_key_bytes(text: &str, out: &mut Vec<u8>) -> bool {
    let bytes = text.as_bytes();
    out.clear();
    // Room for the whole window stored past the end of the last run.
    out.reserve(text.len() + WIDTH);
    let mut state = FoldState::new();
    // The lanes that a window fold changed, or-ed together.
    let mut folded = [0u8; WIDTH];
    let mut at = 0usize;
    while let Some(&lead) = bytes.get(at) {
        // Right after a deletion the next character decides `unsettled`: no window.
        if !state.after_delete && (lead < 0x80 || is_arabic_lead(lead)) {
            // Windows are stored whole: the unchanged run before them goes first.
            copy_run(out, text, state.run_start, at);
            let start = at;
            loop {
                // Whole windows at a fixed stride, so the next load does not wait for this
                // window's answer (runs of whole characters end at 15 or 16 bytes, and the
                // next window's address waited on the vector compares). Such a window may
                // start or end inside a two-byte character: `before` is the real byte before
                // it, and a lead byte in the last lane sees its continuation as next byte.
                let before = at.checked_sub(1).and_then(|i| bytes.get(i)).copied();
                let window = Window::at(bytes, at, before.unwrap_or(0));
                if window.all(same_length) {
                    let lanes = window.map(fold_byte);
                    out.extend_from_slice(&lanes);
                    note_differences(&mut folded, window.differs(&lanes, WIDTH));
                    at += WIDTH;
                    continue;
                }
                // Back to a character start: the lead byte stored last goes again, with
                // its character.
                if bytes.get(at).copied().is_some_and(is_continuation) {
                    at -= 1;
                    out.pop();
                }
                let window = Window::at(bytes, at, 0);
                let run = window.prefix(same_length);
                if run.bytes == 0 {
                    break;
                }
                let lanes = window.map(fold_byte);
                let end = out.len() + run.bytes;
                // All sixteen bytes, then cut back to the run: one fixed-size store.
                out.extend_from_slice(&lanes);
                out.truncate(end);
                note_differences(&mut folded, window.differs(&lanes, run.bytes));
                at += run.bytes;
                if !run.whole {
                    break;
                }
            }
            state.run_start = at;
            if at > start {
                state.after_space = matches!(bytes.get(at - 1), Some(b' ' | b'\n'));
            }
        }
        let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        state.fold_char(text, at, c, out, &mut NoTrack);
        at += c.len_utf8();
    }
    if folded != [0; WIDTH] {
        state.note_change();
    }
    state.finish(text, out)
}

/// Ors the changed bytes of one window into `folded`.
#[inline]
fn note_differences(folded: &mut [u8; WIDTH], differ: [u8; WIDTH]) {
    for (acc, d) in folded.iter_mut().zip(differ) {
        *acc |= d;
    }
}

/// A byte of a character the window folds: ASCII, and the U+0600..U+067F characters the
/// [`crate::fold::ARABIC`] table keeps or folds to another two-byte character. Not the
/// deleted tatweel and marks, nor the folds that shorten the text: ، ؛ ؟ (U+060C, U+061B,
/// U+061F) and the Arabic-Indic digits and signs U+0660..U+066C, which become ASCII.
/// Checked against the table in the tests.
#[inline]
// Non-short-circuit `&` and `|` on purpose: branch-free lanes vectorize.
#[allow(clippy::needless_bitwise_bool)]
fn same_length(previous: u8, byte: u8) -> bool {
    // U+0600..U+063F: all but ، ؛ ؟.
    let low = |b: u8| (b != 0x8C) & (b != 0x9B) & (b != 0x9F);
    // U+0641..U+064A, U+066D..U+066F, U+0671..U+067F.
    let high = |b: u8| in_range(b, 0x81, 10) | in_range(b, 0xAD, 3) | (b >= 0xB1);
    (byte < 0x80) | is_arabic_lead(byte) | arabic_continuation(previous, byte, low, high)
}

/// The byte of the folded text at a lane that [`same_length`] accepted, from the byte, the
/// one before and the one after: a capital gets its lowercase bit; آ أ إ ٱ ٲ ٳ -> ا,
/// ؤ -> و, ئ ى -> ي, ة -> ه rewrite their continuation byte (seen after its lead) and,
/// where the fold crosses from U+06[0-3]x to U+06[4-7]x or back, their lead byte (seen
/// before its continuation). Every two-byte character stays two bytes, so the rewritten
/// run is whole characters, UTF-8. Checked against the table in the tests.
#[inline]
// Non-short-circuit `&` and `|` on purpose: branch-free lanes vectorize.
#[allow(clippy::needless_bitwise_bool)]
fn fold_byte(previous: u8, byte: u8, next: u8) -> u8 {
    let pick = |when: bool, then: u8, otherwise: u8| if when { then } else { otherwise };
    let after_d8 = previous == 0xD8;
    let after_d9 = previous == 0xD9;
    // ASCII: lowercase.
    let mut out = byte | (u8::from(in_range(byte, b'A', 26)) << 5);
    // Continuation bytes.
    let to_alef = (after_d8 & (in_range(byte, 0xA2, 2) | (byte == 0xA5)))
        | (after_d9 & in_range(byte, 0xB1, 3));
    out = pick(to_alef, 0xA7, out);
    out = pick(after_d8 & (byte == 0xA4), 0x88, out);
    out = pick(
        (after_d8 & (byte == 0xA6)) | (after_d9 & (byte == 0x89)),
        0x8A,
        out,
    );
    out = pick(after_d8 & (byte == 0xA9), 0x87, out);
    // Lead bytes: ؤ ئ ة move to U+064x, ٱ ٲ ٳ to U+062x.
    let up = (byte == 0xD8) & ((next == 0xA4) | (next == 0xA6) | (next == 0xA9));
    out = pick(up, 0xD9, out);
    pick((byte == 0xD9) & in_range(next, 0xB1, 3), 0xD8, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold::{ARABIC, Fold};

    /// Every one- and two-byte character, at every lane of a window and with every kind of
    /// neighbour: the window takes exactly the ones whose fold keeps their length, and
    /// rewrites them exactly as the table says.
    #[test]
    fn window_lanes_match_the_fold_table() {
        for cp in 0u32..0x800 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let table = ARABIC.get((cp as usize).wrapping_sub(0x600)).copied();
            let want = match table {
                Some(Fold::To(to)) => to,
                _ => c.to_ascii_lowercase(),
            };
            let want_window = cp < 0x80
                || ((0x600..0x680).contains(&cp)
                    && match table {
                        Some(Fold::Keep) => true,
                        Some(Fold::To(to)) => to.len_utf8() == 2,
                        _ => false,
                    });
            // Near the start of the text (a padded copy) and inside it (direct loads).
            for (lead, tail) in [("", ""), ("x", "                 ")] {
                for before in ["", "a", "ب", "aب", "ة"] {
                    for after in ["", "b", "ة", "ٱ"] {
                        check_lane(cp, c, want, want_window, lead, before, after, tail);
                    }
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn check_lane(
        cp: u32,
        c: char,
        want: char,
        want_window: bool,
        lead: &str,
        before: &str,
        after: &str,
        tail: &str,
    ) {
        let text = format!("{lead}{before}{c}{after}{tail}");
        let window = Window::at(text.as_bytes(), lead.len(), 0);
        let run = window.prefix(same_length);
        let c_end = before.len() + c.len_utf8();
        assert_eq!(run.bytes >= c_end, want_window, "U+{cp:04X} in {text:?}");
        if !want_window {
            assert_eq!(run.bytes, before.len(), "U+{cp:04X} in {text:?}");
            return;
        }
        let lanes = window.map(fold_byte);
        let rest = format!("{after}{tail}");
        let expected = format!(
            "{}{want}{}",
            crate::reference::fold_key(before).0,
            crate::reference::fold_key(&rest).0
        );
        let got = &lanes[..run.bytes];
        assert_eq!(
            got,
            &expected.as_bytes()[..run.bytes],
            "U+{cp:04X} in {text:?}"
        );
        assert!(std::str::from_utf8(got).is_ok(), "U+{cp:04X} in {text:?}");
    }

    /// Every character of the Arabic block (and a few others) at every offset of the first
    /// two windows, so that two-byte characters straddle a window edge: the fixed-stride
    /// windows that end inside a character give back its lead byte when the character
    /// does not fold in a window (tatweel, marks, ، ٣) and keep it when it does.
    #[test]
    fn characters_across_window_edges() {
        let others = ['A', 'z', ' ', '\n', '…', '«', 'é', 'ﷺ', '😀'];
        let arabic = (0x600u32..0x700).filter_map(char::from_u32);
        for c in arabic.chain(others) {
            for k in 0..=2 * WIDTH + 1 {
                for filler in ["a", "ة"] {
                    let text = format!("{}{c}{}{c}x", "a".repeat(k), filler.repeat(12));
                    let (want, want_unsettled) = crate::reference::fold_key(&text);
                    // The bytes themselves, not through the UTF-8 check and its fallback.
                    let mut out = Vec::new();
                    let unsettled = fold_key_bytes(&text, &mut out);
                    let at = format!("U+{:04X} at {k} in {text:?}", c as u32);
                    assert_eq!(String::from_utf8_lossy(&out), want, "{at}");
                    assert_eq!(unsettled, want_unsettled, "{at}");
                }
            }
        }
    }

    /// Keys built in the byte buffer and through it again (a nested call on the same
    /// thread uses its own buffer).
    #[test]
    fn keys_fold_whole_windows_and_the_rest() {
        let text = "أحمد في المدينة ١٢، ALPHA ومستشفى  ٱلقرية…»";
        let want = crate::reference::fold_key(text);
        assert_eq!(fold_key(text), want);
        let long = text.repeat(40);
        assert_eq!(fold_key(&long), crate::reference::fold_key(&long));
        assert_eq!(fold_key_with(text, &mut Vec::new()), want);
    }
}
