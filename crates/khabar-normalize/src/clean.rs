//! Layer 1: one pass of the filters, and the loop that runs passes to a fixed point.
//!
//! A pass is `markup -> nfc -> characters + whitespace`. The first two run only when a cheap
//! pre-check says they can change something. The last one writes the output string and the
//! origin of every output character directly, so the common edits (trimming, NBSP, tatweel,
//! bidi marks) cost one walk over the text.

use crate::chars::{Action, action, ends_emoji, expand_presentation, is_pictograph};
use crate::html::{decode_markup, may_have_markup};
use crate::nfc::{boundary_byte, is_boundary, nfc};
use crate::stable::{Scan, kept_run, needs_nfc, scan};
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
pub(crate) fn map_of(origins: &[u32], input_len: usize) -> OffsetMap {
    let mut builder = OffsetMapBuilder::new();
    for &origin in origins {
        builder.emit(origin as usize);
    }
    builder.finish(input_len)
}

/// Layer 1 of `text` (see the crate docs for the table of what it does).
///
/// Nearly every document needs a pass, so the first one runs without a scan to ask
/// whether it is needed: only the NFC question is asked first ([`needs_nfc`], a fraction of
/// a scan). A text the pass leaves as it was (identity origins) keeps no origins, as a
/// text the scan found stable did.
pub(crate) fn clean(text: &str, orth: Orthography) -> Cleaned {
    let input_len = text.chars().count();
    let first = Scan {
        stable: false,
        needs_nfc: needs_nfc(text),
        chars: input_len,
    };
    let (mut current, mut origins, mut settled) = pass(text, orth, first);
    if current == text {
        // The origins are the identity, whose map is the identity map.
        return Cleaned {
            text: current,
            origins: None,
            input_len,
        };
    }
    for _ in 1..MAX_PASSES {
        if settled {
            break;
        }
        let again = scan(&current, orth);
        if again.stable {
            break;
        }
        let (next, step, next_settled) = pass(&current, orth, again);
        settled = next_settled;
        if next == current {
            break;
        }
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

/// One pass of every layer-1 filter: the text, the origin of each of its characters, and
/// whether the text is known to be a fixed point already (so no scan has to confirm it).
///
/// A pass without markup and NFC settles unless a deletion put a combining mark next to a
/// new neighbour (NFC could reorder it), a presentation form expanded, or a deletion happened
/// in a text with `&` or `<` (it could complete a reference or a tag).
fn pass(text: &str, orth: Orthography, scanned: Scan) -> (String, Vec<u32>, bool) {
    let needs_nfc = scanned.needs_nfc;
    let markup = may_have_markup(text);
    // A decoded reference can be a combining mark, so markup implies an NFC step.
    let composition = markup || needs_nfc;
    let mut writer = Writer::with_capacity(text.len(), scanned.chars);
    if markup {
        let items = decode_markup(text.chars().zip(0..));
        writer.write_all(nfc(&items).into_iter(), orth);
    } else if needs_nfc {
        writer.write_composed(text, orth);
    } else {
        writer.write_text(text, 0, orth);
    }
    let settled = !composition
        && !writer.unsettled
        && (!writer.deleted || memchr::memchr2(b'&', b'<', text.as_bytes()).is_none());
    (writer.text, writer.origins, settled)
}

/// Writes layer-1 characters, collapsing and trimming whitespace on the way.
// The flags are independent facts about one streaming pass, not states of one machine.
#[allow(clippy::struct_excessive_bools)]
struct Writer {
    text: String,
    origins: Vec<u32>,
    /// Origin of the first space of a pending run (emitted only before more text).
    space: Option<u32>,
    /// Origins of the first two pending line breaks.
    newlines: [u32; 2],
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
    zwj: Option<u32>,
}

impl Writer {
    /// A writer sized for an input of `bytes` bytes and `chars` characters (the output is
    /// rarely longer: growing the origins a doubling at a time copied them).
    fn with_capacity(bytes: usize, chars: usize) -> Self {
        Self {
            text: String::with_capacity(bytes),
            origins: Vec::with_capacity(chars),
            space: None,
            newlines: [0; 2],
            newline_count: 0,
            started: false,
            after_cr: false,
            deleted: false,
            deleted_just_now: false,
            unsettled: false,
            zwj: None,
        }
    }

    fn write_all(&mut self, items: impl Iterator<Item = Item>, orth: Orthography) {
        for (c, origin) in items {
            match action(c, orth) {
                Action::Keep => self.visible(c, origin),
                Action::Replace(to) => self.visible(to, origin),
                Action::Delete => {
                    self.zwj = (c == '\u{200D}'
                        && self.space.is_none()
                        && self.newline_count == 0
                        && self.text.chars().next_back().is_some_and(ends_emoji))
                    .then_some(origin);
                    self.deleted = true;
                    self.deleted_just_now = true;
                    continue;
                }
                Action::Space => self.space(origin),
                Action::Newline if c == '\n' && self.after_cr => {}
                Action::Newline => self.newline(origin),
                Action::CarriageReturn => {
                    self.newline(origin);
                    self.after_cr = true;
                    continue;
                }
                Action::Paragraph => {
                    self.newline(origin);
                    self.newline(origin);
                }
                Action::Presentation => {
                    self.unsettled = true;
                    let mut parts = Vec::new();
                    expand_presentation(c, |d| parts.push(d));
                    for d in parts {
                        match action(d, orth) {
                            Action::Keep => self.visible(d, origin),
                            Action::Replace(to) => self.visible(to, origin),
                            Action::Space => self.space(origin),
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
                self.write_text(before, written.1, orth);
            }
            let segment: Vec<Item> = text
                .get(boundary.0..end)
                .unwrap_or_default()
                .chars()
                .zip(boundary.1..)
                .collect();
            self.write_all(nfc(&segment).into_iter(), orth);
            (at, index) = (end, end_index);
            written = (end, end_index);
            boundary = written;
        }
        if let Some(rest) = text.get(written.0..) {
            self.write_text(rest, written.1, orth);
        }
    }

    /// Writes text that needs no NFC, whose first character has input offset `first`: runs
    /// that need nothing are copied whole, the rest char by char.
    fn write_text(&mut self, text: &str, first: u32, orth: Orthography) {
        let bytes = text.as_bytes();
        let mut at = 0usize;
        let mut index = first;
        while at < bytes.len() {
            let (end, count) = kept_run(bytes, at, orth);
            if count > 0 {
                if let Some(run) = text.get(at..end) {
                    self.visible_run(run, index, count);
                }
                at = end;
                index += count as u32;
                self.after_cr = false;
            }
            let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            self.write_all(std::iter::once((c, index)), orth);
            at += c.len_utf8();
            index += 1;
        }
    }

    /// Copies `count` characters that layer 1 keeps, starting at input offset `origin`.
    fn visible_run(&mut self, run: &str, origin: u32, count: usize) {
        let mut chars = run.chars();
        if let Some(first) = chars.next() {
            self.visible(first, origin);
            self.text.push_str(chars.as_str());
            self.origins.extend(origin + 1..origin + count as u32);
        }
    }

    fn visible(&mut self, c: char, origin: u32) {
        if self.deleted_just_now {
            self.deleted_just_now = false;
            self.unsettled |= canonical_combining_class(c) != 0;
        }
        if self.started {
            if self.newline_count > 0 {
                let newlines = self.newlines;
                for &nl in newlines.iter().take(self.newline_count) {
                    self.emit('\n', nl);
                }
            } else if let Some(space) = self.space {
                self.emit(' ', space);
            }
        }
        self.space = None;
        self.newline_count = 0;
        self.started = true;
        if let Some(zwj) = self.zwj.take()
            && is_pictograph(c)
        {
            self.emit('\u{200D}', zwj);
        }
        self.emit(c, origin);
    }

    fn space(&mut self, origin: u32) {
        self.zwj = None;
        if self.started && self.newline_count == 0 && self.space.is_none() {
            self.space = Some(origin);
        }
    }

    fn newline(&mut self, origin: u32) {
        self.zwj = None;
        if !self.started {
            return;
        }
        self.space = None;
        if let Some(slot) = self.newlines.get_mut(self.newline_count) {
            *slot = origin;
            self.newline_count += 1;
        }
    }

    #[inline]
    fn emit(&mut self, c: char, origin: u32) {
        self.text.push(c);
        self.origins.push(origin);
    }
}
