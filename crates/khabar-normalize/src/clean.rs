//! Layer 1: one pass of the filters, and the loop that runs passes to a fixed point.
//!
//! A pass is `markup -> nfc -> characters + whitespace`. Markup decoding runs only when a
//! cheap pre-check finds a reference or tag start; NFC only when the pass meets a character
//! that needs it (it then starts again through NFC). The last step writes the output string
//! and the origin of every output character directly, so the common edits (trimming, NBSP,
//! tatweel, bidi marks) cost one walk over the text, and a text it leaves unchanged is never
//! copied (see [`Output`]).

use crate::chars::{Action, action, ends_emoji, expand_presentation, is_pictograph};
use crate::html::{decode_markup, may_have_markup};
use crate::nfc::{boundary_byte, is_boundary, nfc};
use crate::output::Output;
use crate::stable::{kept_run, scan};
use crate::window::Window;
use crate::{Item, Orthography};
use khabar_core::{OffsetMap, OffsetMapBuilder};
use unicode_normalization::char::canonical_combining_class;

/// Passes after which `clean` stops even if a further pass would still change the text.
/// Real text needs one pass, rarely two; the bound only stops adversarial input.
const MAX_PASSES: usize = 8;

/// Layer-1 text with the input offset of every character (`None`: the input, unchanged).
///
/// Kept as a plain vector inside the crate so layer 2 can compose with it in O(1) a char.
pub(crate) struct Cleaned {
    pub(crate) text: String,
    pub(crate) origins: Option<Vec<u32>>,
    pub(crate) input_len: usize,
}

impl Cleaned {
    /// The public offset map.
    pub(crate) fn offset_map(&self) -> OffsetMap {
        match &self.origins {
            None => OffsetMap::identity(self.input_len),
            Some(origins) => map_of(origins, self.input_len),
        }
    }
}

/// Builds an [`OffsetMap`] from per-character origins.
///
/// Origins are mostly long runs of consecutive offsets (copied text): each run is measured
/// by a comparison loop that stays in registers and recorded with one `emit_run`. Emitting
/// character by character kept the builder's counters in memory, a store and a reload per
/// character, and cost a seventh of `clean` on raw articles.
pub(crate) fn map_of(origins: &[u32], input_len: usize) -> OffsetMap {
    let mut builder = OffsetMapBuilder::new();
    let mut rest = origins;
    while let Some(&first) = rest.first() {
        let len = consecutive(rest, first);
        builder.emit_run(first as usize, len);
        rest = rest.get(len..).unwrap_or_default();
    }
    builder.finish(input_len)
}

/// The length of the run `first, first + 1, first + 2, ...` at the start of `origins`,
/// tested eight at a time (a branch-free fold per chunk) and then one at a time.
fn consecutive(origins: &[u32], first: u32) -> usize {
    const CHUNK: usize = 8;
    let mut len = 0usize;
    for chunk in origins.chunks_exact(CHUNK) {
        let base = first.wrapping_add(len as u32);
        let in_step = chunk.iter().zip(0u32..).fold(true, |all, (&origin, i)| {
            all & (origin == base.wrapping_add(i))
        });
        if !in_step {
            break;
        }
        len += CHUNK;
    }
    while origins
        .get(len)
        .is_some_and(|&origin| origin == first.wrapping_add(len as u32))
    {
        len += 1;
    }
    len
}

/// Layer 1 of `text` (see the crate docs for the table of what it does).
///
/// Nearly every document needs a pass, so the first one runs without a scan to ask
/// whether it is needed, and without asking first whether it needs NFC: the pass answers
/// that on the way (see [`pass`]). A text the pass leaves as it was keeps no origins, as a
/// text the scan found stable did.
pub(crate) fn clean(text: &str, orth: Orthography) -> Cleaned {
    let first = pass(text, orth, None);
    let input_len = first.input_chars;
    let Some((mut current, mut origins)) = first.written else {
        // The origins are the identity, whose map is the identity map.
        return Cleaned {
            text: text.to_owned(),
            origins: None,
            input_len,
        };
    };
    let mut settled = first.settled;
    for _ in 1..MAX_PASSES {
        if settled {
            break;
        }
        let again = scan(&current, orth);
        if again.stable {
            break;
        }
        let next = pass(&current, orth, Some(again.needs_nfc));
        settled = next.settled;
        let Some((next, step)) = next.written else {
            break;
        };
        // A character of the next pass came from `step[k]` of this one.
        origins = step
            .iter()
            .map(|&k| origins.get(k as usize).copied().unwrap_or(0))
            .collect();
        current = next;
    }
    Cleaned {
        text: current,
        origins: Some(origins),
        input_len,
    }
}

/// The NFC answer of the optimistic first pass: true when it stops for NFC (see [`pass`]).
#[cfg(test)]
pub(crate) fn plain_pass_needs_nfc(text: &str, orth: Orthography) -> bool {
    Writer::new(text).write_text(text, 0, orth, true).is_none()
}

/// What one pass wrote.
struct Pass {
    /// The text and the origin of each of its characters; `None` when the pass left the
    /// text exactly as it was.
    written: Option<(String, Vec<u32>)>,
    /// The text written is known to be a fixed point already (no scan has to confirm it).
    settled: bool,
    /// The number of characters of the input.
    input_chars: usize,
}

/// One pass of every layer-1 filter over `text`. `needs_nfc` is the answer of a scan when
/// one ran; without it the pass first writes the text as if it needed no NFC, and starts
/// again through NFC only if a kept run meets a character NFC may change or marks out of
/// canonical order (a few percent of news articles), which costs less than a separate scan
/// of every text for them.
///
/// A pass without markup and NFC settles unless a deletion put a combining mark next to a
/// new neighbour (NFC could reorder it), a presentation form expanded, or a deletion happened
/// in a text with `&` or `<` (it could complete a reference or a tag).
fn pass(text: &str, orth: Orthography, needs_nfc: Option<bool>) -> Pass {
    // One search for `&` and `<` answers both questions for nearly every text (few have
    // either): whether markup may be there, and whether a deletion could complete it.
    let amp_or_lt = memchr::memchr2(b'&', b'<', text.as_bytes()).is_some();
    let markup = amp_or_lt && may_have_markup(text);
    if !markup && needs_nfc != Some(true) {
        let mut writer = Writer::new(text);
        if let Some(chars) = writer.write_text(text, 0, orth, true) {
            let settled = !writer.unsettled && (!writer.deleted || !amp_or_lt);
            return Pass {
                written: writer.finish(),
                settled,
                input_chars: chars as usize,
            };
        }
    }
    // A decoded reference can be a combining mark, so markup implies an NFC step: neither
    // settles.
    let mut writer = Writer::new(text);
    if markup {
        let items = decode_markup(text.chars().zip(0..));
        writer.write_all(nfc(&items).into_iter(), orth, false);
    } else {
        writer.write_composed(text, orth);
    }
    Pass {
        written: writer.finish(),
        settled: false,
        input_chars: text.chars().count(),
    }
}

/// Writes layer-1 characters, collapsing and trimming whitespace on the way.
///
/// Every character is written with whether it is exactly the input character it came from
/// (see [`Output::push`]); pending whitespace and ZWJs remember that too.
// The flags are independent facts about one streaming pass, not states of one machine.
#[allow(clippy::struct_excessive_bools)]
struct Writer<'a> {
    out: Output<'a>,
    /// Origin of the first space of a pending run (emitted only before more text), and
    /// whether that input character is a plain space.
    space: Option<(u32, bool)>,
    /// Origins of the first two pending line breaks, and whether each is a plain `\n`.
    newlines: [(u32, bool); 2],
    newline_count: usize,
    /// False until the first visible character (leading whitespace is dropped).
    started: bool,
    /// The previous character was `\r`, so a following `\n` belongs to it.
    after_cr: bool,
    /// Some visible character was deleted.
    deleted: bool,
    /// A visible character was deleted since the last one written.
    deleted_just_now: bool,
    /// The output may not be a fixed point (see [`pass`]).
    unsettled: bool,
    /// Origin of a ZWJ right after an emoji: written only if a pictograph follows, so emoji
    /// ZWJ sequences (👨‍👩‍👧) survive while every other ZWJ goes.
    zwj: Option<(u32, bool)>,
}

impl<'a> Writer<'a> {
    /// A writer of a pass over `input`.
    fn new(input: &'a str) -> Self {
        Self {
            out: Output::new(input),
            space: None,
            newlines: [(0, false); 2],
            newline_count: 0,
            started: false,
            after_cr: false,
            deleted: false,
            deleted_just_now: false,
            unsettled: false,
            zwj: None,
        }
    }

    /// The text and origins written, `None` when they are the input unchanged.
    fn finish(self) -> Option<(String, Vec<u32>)> {
        self.out.finish()
    }

    /// Writes `items`; `exact` says that each item is an input character and its offset
    /// (not the output of NFC or markup decoding).
    fn write_all(&mut self, items: impl Iterator<Item = Item>, orth: Orthography, exact: bool) {
        for (c, origin) in items {
            match action(c, orth) {
                Action::Keep => self.visible(c, origin, exact),
                Action::Replace(to) => self.visible(to, origin, false),
                Action::Delete => {
                    self.zwj = (c == '\u{200D}'
                        && self.space.is_none()
                        && self.newline_count == 0
                        && self.out.last_char().is_some_and(ends_emoji))
                    .then_some((origin, exact));
                    self.deleted = true;
                    self.deleted_just_now = true;
                    continue;
                }
                Action::Space => self.space(origin, exact && c == ' '),
                Action::Newline if c == '\n' && self.after_cr => {}
                Action::Newline => self.newline(origin, exact && c == '\n'),
                Action::CarriageReturn => {
                    self.newline(origin, false);
                    self.after_cr = true;
                    continue;
                }
                Action::Paragraph => {
                    self.newline(origin, false);
                    self.newline(origin, false);
                }
                Action::Presentation => {
                    self.unsettled = true;
                    let mut parts = Vec::new();
                    expand_presentation(c, |d| parts.push(d));
                    for d in parts {
                        match action(d, orth) {
                            Action::Keep => self.visible(d, origin, false),
                            Action::Replace(to) => self.visible(to, origin, false),
                            Action::Space => self.space(origin, false),
                            _ => {}
                        }
                    }
                }
            }
            self.after_cr = false;
        }
    }

    /// Writes the NFC of `text` (which has no markup): only the segments NFC can change go
    /// through [`nfc`], the rest through [`Writer::write_text`].
    ///
    /// NFC never reaches across a character that [`is_boundary`] accepts: it can neither
    /// combine with what precedes it nor be reordered with it. So the NFC of the text is the
    /// NFC of its pieces cut before such characters, and a piece made only of one of them
    /// is its own NFC. A segment runs from the last boundary before a character that is not
    /// one to the next boundary after it.
    fn write_composed(&mut self, text: &str, orth: Orthography) {
        let bytes = text.as_bytes();
        // Byte offset and character index of: what is written so far, the latest boundary.
        let mut written = (0usize, 0u32);
        let mut boundary = (0usize, 0u32);
        let mut at = 0usize;
        let mut index = 0u32;
        while at < bytes.len() {
            loop {
                let run = Window::at(bytes, at, 0).prefix(boundary_byte);
                if run.bytes == 0 {
                    break;
                }
                boundary = (at + run.last_char, index + run.chars as u32 - 1);
                at += run.bytes;
                index += run.chars as u32;
                if !run.whole {
                    break;
                }
            }
            let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            if is_boundary(c) {
                boundary = (at, index);
                at += c.len_utf8();
                index += 1;
                continue;
            }
            let (mut end, mut end_index) = (at + c.len_utf8(), index + 1);
            while let Some(next) = text.get(end..).and_then(|rest| rest.chars().next()) {
                if is_boundary(next) {
                    break;
                }
                end += next.len_utf8();
                end_index += 1;
            }
            if let Some(before) = text.get(written.0..boundary.0) {
                self.write_text(before, written.1, orth, false);
            }
            let segment: Vec<Item> = text
                .get(boundary.0..end)
                .unwrap_or_default()
                .chars()
                .zip(boundary.1..)
                .collect();
            self.write_all(nfc(&segment).into_iter(), orth, false);
            (at, index) = (end, end_index);
            written = (end, end_index);
            boundary = written;
        }
        if let Some(rest) = text.get(written.0..) {
            self.write_text(rest, written.1, orth, false);
        }
    }

    /// Writes text that needs no NFC, whose first character has input offset `first`: runs
    /// that need nothing are copied whole, the rest char by char. Returns the offset after
    /// its last character, or, when `stop_for_nfc` is set, `None` as soon as a kept run
    /// finds that the text needs NFC after all (the caller starts again through NFC).
    fn write_text(
        &mut self,
        text: &str,
        first: u32,
        orth: Orthography,
        stop_for_nfc: bool,
    ) -> Option<u32> {
        let bytes = text.as_bytes();
        let mut at = 0usize;
        let mut index = first;
        while at < bytes.len() {
            let run = kept_run(bytes, at, orth);
            if run.needs_nfc && stop_for_nfc {
                return None;
            }
            if run.chars > 0 {
                if let Some(copy) = text.get(at..run.end) {
                    self.visible_run(copy, index, run.chars as u32);
                }
                at = run.end;
                index += run.chars as u32;
                self.after_cr = false;
            }
            let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            self.write_all(std::iter::once((c, index)), orth, true);
            at += c.len_utf8();
            index += 1;
        }
        Some(index)
    }

    /// Copies `count` input characters that layer 1 keeps, starting at input offset `origin`.
    fn visible_run(&mut self, run: &str, origin: u32, count: u32) {
        let mut chars = run.chars();
        if let Some(first) = chars.next() {
            self.visible(first, origin, true);
            self.out.push_run(chars.as_str(), origin + 1, count - 1);
        }
    }

    fn visible(&mut self, c: char, origin: u32, exact: bool) {
        if self.deleted_just_now {
            self.deleted_just_now = false;
            self.unsettled |= canonical_combining_class(c) != 0;
        }
        if self.started {
            if self.newline_count > 0 {
                let newlines = self.newlines;
                for &(nl, exact) in newlines.iter().take(self.newline_count) {
                    self.out.push('\n', nl, exact);
                }
            } else if let Some((space, exact)) = self.space {
                self.out.push(' ', space, exact);
            }
        }
        self.space = None;
        self.newline_count = 0;
        self.started = true;
        if let Some((zwj, exact)) = self.zwj.take()
            && is_pictograph(c)
        {
            self.out.push('\u{200D}', zwj, exact);
        }
        self.out.push(c, origin, exact);
    }

    fn space(&mut self, origin: u32, exact: bool) {
        self.zwj = None;
        if self.started && self.newline_count == 0 && self.space.is_none() {
            self.space = Some((origin, exact));
        }
    }

    fn newline(&mut self, origin: u32, exact: bool) {
        self.zwj = None;
        if !self.started {
            return;
        }
        self.space = None;
        if let Some(slot) = self.newlines.get_mut(self.newline_count) {
            *slot = (origin, exact);
            self.newline_count += 1;
        }
    }
}

#[cfg(test)]
mod map_tests {
    use super::*;
    use proptest::prelude::*;

    /// The map of per-character origins, one `emit` each, as it was built before runs.
    fn map_by_chars(origins: &[u32], input_len: usize) -> OffsetMap {
        let mut builder = OffsetMapBuilder::new();
        for &origin in origins {
            builder.emit(origin as usize);
        }
        builder.finish(input_len)
    }

    proptest! {
        #[test]
        fn runs_give_the_map_of_characters(
            steps in proptest::collection::vec(prop_oneof![8 => Just(1u32), 1 => 0u32..4], 0..80),
            start in 0u32..3,
        ) {
            let origins: Vec<u32> = steps
                .iter()
                .scan(start, |at, &step| {
                    let origin = *at;
                    *at += step;
                    Some(origin)
                })
                .collect();
            let input_len = origins.last().map_or(0, |&o| o as usize + 1);
            prop_assert_eq!(map_of(&origins, input_len), map_by_chars(&origins, input_len));
        }

        /// Origins in any order (NFC moves marks), repeated or skipped.
        #[test]
        fn any_origins_give_the_map_of_characters(
            origins in proptest::collection::vec(0u32..40, 0..40),
        ) {
            prop_assert_eq!(map_of(&origins, 40), map_by_chars(&origins, 40));
        }
    }

    #[test]
    fn runs_across_chunks() {
        let origins: Vec<u32> = (0..20).chain(25..40).chain([39, 41]).collect();
        assert_eq!(consecutive(&origins, 0), 20);
        assert_eq!(consecutive(&origins[20..], 25), 15);
        assert_eq!(map_of(&origins, 42), map_by_chars(&origins, 42));
    }
}
