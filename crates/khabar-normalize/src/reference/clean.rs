//! (Reference copy, before the window fast paths.)
//! Layer 1: one pass of the filters, and the loop that runs passes to a fixed point.
//!
//! A pass is `markup -> nfc -> characters + whitespace`. The first two run only when a cheap
//! pre-check says they can change something. The last one writes the output string and the
//! origin of every output character directly, so the common edits (trimming, NBSP, tatweel,
//! bidi marks) cost one walk over the text.

use super::stable::{kept_run, scan};
use crate::chars::{Action, action, ends_emoji, expand_presentation, is_pictograph};
use crate::html::{decode_markup, may_have_markup};
use crate::nfc::nfc;
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
pub(crate) fn clean(text: &str, orth: Orthography) -> Cleaned {
    let first = scan(text, orth);
    let input_len = first.chars;
    if first.stable {
        return Cleaned {
            text: text.to_owned(),
            origins: None,
            input_len,
        };
    }
    let (mut current, mut origins, mut settled) = pass(text, orth, first.needs_nfc);
    for _ in 1..MAX_PASSES {
        if settled {
            break;
        }
        let again = scan(&current, orth);
        if again.stable {
            break;
        }
        let (next, step, next_settled) = pass(&current, orth, again.needs_nfc);
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
fn pass(text: &str, orth: Orthography, needs_nfc: bool) -> (String, Vec<u32>, bool) {
    let markup = may_have_markup(text);
    // A decoded reference can be a combining mark, so markup implies an NFC step.
    let composition = markup || needs_nfc;
    let mut writer = Writer::with_capacity(text.len());
    if composition {
        let items: Vec<Item> = if markup {
            decode_markup(text.chars().zip(0..))
        } else {
            text.chars().zip(0..).collect()
        };
        writer.write_all(nfc(&items).into_iter(), orth);
    } else {
        writer.write_text(text, orth);
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
    fn with_capacity(bytes: usize) -> Self {
        Self {
            text: String::with_capacity(bytes),
            origins: Vec::with_capacity(bytes / 2),
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

    /// Writes plain text: runs that need nothing are copied whole, the rest char by char.
    fn write_text(&mut self, text: &str, orth: Orthography) {
        let bytes = text.as_bytes();
        let mut at = 0usize;
        let mut index = 0u32;
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
