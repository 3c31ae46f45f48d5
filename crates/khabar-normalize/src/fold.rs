//! Layer 2: the folding key of already-clean text.
//!
//! A per-character fold: ASCII and the Arabic block go through lookup tables, everything
//! else through a short punctuation table and then NFKC + lowercase. Offsets are tracked as
//! runs, because nearly every fold is one character to one character (أ -> ا, ة -> ه, ٣ -> 3)
//! and keeps the output in step with the input; only deleted diacritics and `…` -> `...`
//! add anchors.

use crate::window::{Window, arabic_continuation, in_range, is_arabic_lead};
use khabar_core::{OffsetMap, OffsetMapBuilder};
use unicode_normalization::UnicodeNormalization;

/// What layer 2 does with one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fold {
    Keep,
    Delete,
    To(char),
}

/// The fold of U+0600..U+06FF, indexed by `cp - 0x600`.
pub(crate) static ARABIC: [Fold; 256] = arabic_table();

pub(crate) const fn arabic_table() -> [Fold; 256] {
    let mut table = [Fold::Keep; 256];
    let mut cp = 0x600u32;
    while cp < 0x700 {
        let i = (cp - 0x600) as usize;
        table[i] = match cp {
            // Harakat, tanween, shadda, sukun, madda/hamza marks, dagger alef, Quranic marks;
            // tatweel too, so a key of text that skipped layer 1 still matches.
            0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED | 0x0640 => Fold::Delete,
            0x0622 | 0x0623 | 0x0625 | 0x0671 | 0x0672 | 0x0673 => Fold::To('\u{0627}'),
            0x0649 | 0x0626 => Fold::To('\u{064A}'),
            0x0629 => Fold::To('\u{0647}'),
            0x0624 => Fold::To('\u{0648}'),
            0x0660..=0x0669 => Fold::To(digit(cp - 0x0660)),
            0x06F0..=0x06F9 => Fold::To(digit(cp - 0x06F0)),
            0x066B => Fold::To('.'),
            0x066C | 0x060C => Fold::To(','),
            0x066A => Fold::To('%'),
            0x061B => Fold::To(';'),
            0x061F => Fold::To('?'),
            _ => Fold::Keep,
        };
        cp += 1;
    }
    table
}

const fn digit(value: u32) -> char {
    match char::from_u32('0' as u32 + value) {
        Some(c) => c,
        None => '0',
    }
}

/// Quotes, dashes and the ellipsis, outside the Arabic block.
pub(crate) fn punctuation(c: char) -> Option<&'static str> {
    Some(match c {
        '“' | '”' | '„' | '‟' | '«' | '»' => "\"",
        '‘' | '’' | '‚' | '‛' | '‹' | '›' => "'",
        '–' | '—' | '‐' | '‑' | '‒' | '―' | '−' => "-",
        '…' => "...",
        _ => return None,
    })
}

/// Where a fold's output characters came from.
pub(crate) trait Track {
    /// One output character from the current input character.
    fn copy(&mut self);
    /// `count` output characters (0 = deleted) from the current input character.
    fn replace(&mut self, count: usize);
    /// `count` input characters copied as they are.
    fn copy_many(&mut self, count: usize) {
        for _ in 0..count {
            self.copy();
        }
    }
}

/// Folding with offsets: in-step runs are flushed as one `emit_run`.
struct RunTrack {
    builder: OffsetMapBuilder,
    input: usize,
    run_start: usize,
}

impl RunTrack {
    fn flush(&mut self) {
        self.builder
            .emit_run(self.run_start, self.input - self.run_start);
    }
}

impl Track for RunTrack {
    #[inline]
    fn copy(&mut self) {
        self.input += 1;
    }

    #[inline]
    fn copy_many(&mut self, count: usize) {
        self.input += count;
    }

    fn replace(&mut self, count: usize) {
        self.flush();
        for _ in 0..count {
            self.builder.emit(self.input);
        }
        self.input += 1;
        self.run_start = self.input;
    }
}

/// Folding with offsets through the origins of a cleaned text: O(1) a character.
struct OriginTrack<'a> {
    builder: OffsetMapBuilder,
    origins: &'a [u32],
    input: usize,
}

impl OriginTrack<'_> {
    #[inline]
    fn origin(&self) -> usize {
        self.origins.get(self.input).map_or(0, |&o| o as usize)
    }
}

impl Track for OriginTrack<'_> {
    #[inline]
    fn copy(&mut self) {
        self.builder.emit(self.origin());
        self.input += 1;
    }

    fn replace(&mut self, count: usize) {
        for _ in 0..count {
            self.builder.emit(self.origin());
        }
        self.input += 1;
    }
}

/// Folds `text`, returning the key and the map back to `text`, plus whether the key may not
/// be a fixed point of `clean` + fold (see [`fold_into`]).
///
/// With `origins` (the input offset of every char of `text`), the map goes through them
/// to that input of `input_len` code points instead.
pub(crate) fn fold_with_offsets(
    text: &str,
    origins: Option<&[u32]>,
    input_len: usize,
) -> (String, OffsetMap, bool) {
    let mut out = String::with_capacity(text.len());
    if let Some(origins) = origins {
        let mut track = OriginTrack {
            builder: OffsetMapBuilder::new(),
            origins,
            input: 0,
        };
        let unsettled = fold_into(text, &mut out, &mut track);
        return (out, track.builder.finish(input_len), unsettled);
    }
    let mut track = RunTrack {
        builder: OffsetMapBuilder::new(),
        input: 0,
        run_start: 0,
    };
    let unsettled = fold_into(text, &mut out, &mut track);
    track.flush();
    (out, track.builder.finish(input_len), unsettled)
}

/// The fold loop. Returns true when the output might change under another `clean` + fold:
/// a deletion with whitespace or a text edge on both sides (it leaves a double or edge
/// space), a deletion right before a character outside the tables (a mark it unblocks), a
/// change in a text with `&` or `<` (a folded digit or `؛` could complete a reference), or a
/// change made by NFKC/lowercasing outside the tables. Callers then run to a fixed point.
///
/// Runs of characters that fold to themselves (see [`folds_to_itself`]) are skipped sixteen
/// bytes at a time and copied whole with the next change.
fn fold_into<T: Track>(text: &str, out: &mut String, track: &mut T) -> bool {
    let bytes = text.as_bytes();
    let mut state = FoldState::new();
    let mut at = 0usize;
    while let Some(&lead) = bytes.get(at) {
        // Right after a deletion the next character decides `unsettled`: no skipping.
        if !state.after_delete && (lead < 0x80 || is_arabic_lead(lead)) {
            loop {
                let run = Window::at(bytes, at, 0).prefix(folds_to_itself);
                if run.bytes == 0 {
                    break;
                }
                track.copy_many(run.chars);
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
        state.fold_char(text, at, c, out, track);
        at += c.len_utf8();
    }
    state.finish(text, out)
}

/// A track that records nothing, for the fold without offsets.
pub(crate) struct NoTrack;

impl Track for NoTrack {
    #[inline]
    fn copy(&mut self) {}
    #[inline]
    fn replace(&mut self, _count: usize) {}
    #[inline]
    fn copy_many(&mut self, _count: usize) {}
}

/// What a fold loop knows of the text folded so far; shared by the loop with offsets here
/// and the one without in [`crate::key`], which skip unchanged runs their own ways and fold
/// every other character with [`FoldState::fold_char`].
// The flags are independent facts about one streaming pass, not states of one machine.
#[allow(clippy::struct_excessive_bools)]
pub(crate) struct FoldState {
    unsettled: bool,
    changed: bool,
    /// True at the start and after whitespace: a deletion there may expose an edge space.
    pub(crate) after_space: bool,
    pub(crate) after_delete: bool,
    /// Unchanged characters are copied as whole runs from here.
    pub(crate) run_start: usize,
}

impl FoldState {
    pub(crate) fn new() -> Self {
        Self {
            unsettled: false,
            changed: false,
            after_space: true,
            after_delete: false,
            run_start: 0,
        }
    }

    /// Notes a change made outside [`FoldState::fold_char`] (a letter folded in a window).
    pub(crate) fn note_change(&mut self) {
        self.changed = true;
    }

    /// Folds the character `c` that starts at byte `at` of `text`, writing what the fold
    /// changes (and the unchanged run before it) to `out`.
    #[inline]
    pub(crate) fn fold_char<T: Track, O: Out>(
        &mut self,
        text: &str,
        at: usize,
        c: char,
        out: &mut O,
        track: &mut T,
    ) {
        let cp = c as u32;
        let next = at + c.len_utf8();
        if cp < 0x80 {
            let byte = cp as u8;
            let space = byte == b' ' || byte == b'\n';
            self.unsettled |= self.after_delete && self.after_space && space;
            self.after_space = space;
            self.after_delete = false;
            if byte.is_ascii_uppercase() {
                copy_run(out, text, self.run_start, at);
                out.push(char::from(byte.to_ascii_lowercase()));
                self.run_start = next;
                self.changed = true;
            }
            track.copy();
            return;
        }
        match ARABIC.get((cp as usize).wrapping_sub(0x600)) {
            Some(Fold::Keep) => {
                track.copy();
                self.after_space = false;
                self.after_delete = false;
            }
            Some(&Fold::To(to)) => {
                copy_run(out, text, self.run_start, at);
                out.push(to);
                self.run_start = next;
                track.copy();
                self.changed = true;
                self.after_space = false;
                self.after_delete = false;
            }
            Some(Fold::Delete) => {
                // `after_space` keeps describing what precedes the deleted run.
                copy_run(out, text, self.run_start, at);
                self.run_start = next;
                track.replace(0);
                self.changed = true;
                self.after_delete = true;
            }
            None => {
                self.unsettled |= self.after_delete;
                self.after_delete = false;
                self.after_space = false;
                if let Some(folded) = punctuation(c) {
                    copy_run(out, text, self.run_start, at);
                    out.push_str(folded);
                    self.run_start = next;
                    track.replace(folded.chars().count());
                    self.changed = true;
                } else if let Some(folded) = fold_other(c) {
                    copy_run(out, text, self.run_start, at);
                    out.push_str(&folded);
                    self.run_start = next;
                    track.replace(folded.chars().count());
                    self.changed = true;
                    self.unsettled = true;
                } else {
                    track.copy();
                }
            }
        }
    }

    /// Copies the last unchanged run and returns whether the output may not be a fixed
    /// point (see [`fold_into`]).
    pub(crate) fn finish(self, text: &str, out: &mut impl Out) -> bool {
        copy_run(out, text, self.run_start, text.len());
        // Every `&` and `<` of the text counts, wherever it stands.
        let markup = || memchr::memchr2(b'&', b'<', text.as_bytes()).is_some();
        self.unsettled || (self.after_delete && self.after_space) || (self.changed && markup())
    }
}

/// A byte of a character that layer 2 leaves as it is, for [`Window::prefix`]: ASCII but
/// the capitals, and the U+0600..U+067F characters the [`ARABIC`] table keeps (checked
/// against the table in the tests).
#[inline]
// Non-short-circuit `&` and `|` on purpose: branch-free lanes vectorize.
#[allow(clippy::needless_bitwise_bool)]
fn folds_to_itself(previous: u8, byte: u8) -> bool {
    let ascii = (byte < 0x80) & !in_range(byte, b'A', 26);
    // U+0600..U+063F: all but ، ؛ ؟ and آ أ ؤ إ ئ ة.
    let low = |b: u8| (b != 0x8C) & (b != 0x9B) & (b != 0x9F) & !in_range(b, 0xA2, 5) & (b != 0xA9);
    // U+0640..U+067F: the letters but ى, U+066D..U+066F and U+0674..U+067F.
    let high = |b: u8| in_range(b, 0x81, 8) | (b == 0x8A) | in_range(b, 0xAD, 3) | (b >= 0xB4);
    ascii | is_arabic_lead(byte) | arabic_continuation(previous, byte, low, high)
}

/// Appends the unchanged characters `text[start..end]`.
#[inline]
pub(crate) fn copy_run(out: &mut impl Out, text: &str, start: usize, end: usize) {
    out.push_str(text.get(start..end).unwrap_or_default());
}

/// Where a fold writes its output: a `String`, or the byte buffer of [`crate::key`], which
/// also stores whole windows of folded bytes and so cannot be a `String` without `unsafe`.
/// Only whole characters are written through this trait, so the bytes stay UTF-8.
pub(crate) trait Out {
    /// Appends `s`.
    fn push_str(&mut self, s: &str);
    /// Appends `c`.
    fn push(&mut self, c: char);
}

impl Out for String {
    #[inline]
    fn push_str(&mut self, s: &str) {
        String::push_str(self, s);
    }

    #[inline]
    fn push(&mut self, c: char) {
        String::push(self, c);
    }
}

impl Out for Vec<u8> {
    #[inline]
    fn push_str(&mut self, s: &str) {
        self.extend_from_slice(s.as_bytes());
    }

    #[inline]
    fn push(&mut self, c: char) {
        self.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
    }
}

/// NFKC then lowercase, then the table folds; `None` when `c` is its own key.
pub(crate) fn fold_other(c: char) -> Option<String> {
    let mut lower = c.to_lowercase();
    let lowercase_stable = lower.len() == 1 && lower.next() == Some(c);
    let compatible = unicode_normalization::is_nfkc_quick(std::iter::once(c))
        == unicode_normalization::IsNormalized::Yes;
    if lowercase_stable && compatible {
        return None;
    }
    let mut folded = String::new();
    for d in std::iter::once(c).nfkc().flat_map(char::to_lowercase) {
        let cp = d as u32;
        match ARABIC.get((cp as usize).wrapping_sub(0x600)) {
            Some(Fold::Delete) => {}
            Some(Fold::To(to)) => folded.push(*to),
            Some(Fold::Keep) => folded.push(d),
            None => folded.push_str(punctuation(d).unwrap_or(d.encode_utf8(&mut [0; 4]))),
        }
    }
    if folded.len() == c.len_utf8() && folded.starts_with(c) {
        return None;
    }
    Some(folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_follow_deletions_and_expansions() {
        let (key, map, _) = fold_with_offsets("بَاب…x", None, 6);
        assert_eq!(key, "باب...x");
        let origins: Vec<usize> = (0..key.chars().count()).map(|o| map.to_raw(o)).collect();
        assert_eq!(origins, vec![0, 2, 3, 4, 4, 4, 5]);
        let (_, through, _) = fold_with_offsets("بَا", Some(&[5, 7, 9]), 10);
        assert_eq!(
            (through.to_raw(0), through.to_raw(1), through.input_len()),
            (5, 9, 10)
        );
    }

    #[test]
    fn one_to_one_folds_keep_the_identity_map() {
        let (key, map, unsettled) = fold_with_offsets("أحمد في المدينة ١٢", None, 18);
        assert_eq!(key, "احمد في المدينه 12");
        assert!(map.is_identity());
        assert!(!unsettled);
    }

    #[test]
    fn unsettled_cases_are_flagged() {
        assert!(crate::key::fold_key("a \u{064E} b").1);
        assert!(crate::key::fold_key("\u{064E}").1);
        assert!(crate::key::fold_key("a\n\u{064E}\n\nb").1);
        assert!(crate::key::fold_key("&#١٢٣;").1);
        assert!(crate::key::fold_key("Ａ").1);
        assert!(!crate::key::fold_key("كَتَبَ الولد").1);
    }
}
