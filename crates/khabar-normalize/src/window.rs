//! The byte-level fast path shared by the stable scan, kept runs, NFC segmentation and the
//! layer-2 fold: sixteen bytes of UTF-8 tested at once.
//!
//! Real Arabic news is almost all ASCII and the two-byte letters U+0600..U+067F (lead byte
//! 0xD8 or 0xD9). Deciding per character what to do costs a decode, a table lookup and a
//! branch each; testing sixteen bytes with the same branch-free comparisons lets the compiler
//! use vector instructions, and the per-character code only runs where the test fails.
//!
//! A caller gives a predicate over `(previous byte, byte)`; [`Window::prefix`] returns the
//! longest run of whole characters at the start of the window whose bytes all pass it.
//! Predicates accept continuation bytes only after a 0xD8 / 0xD9 lead (see
//! [`arabic_continuation`]), so the run is always whole one- and two-byte characters.

/// Bytes tested at once.
pub(crate) const WIDTH: usize = 16;

/// Fills the window past the end of the text: never a valid byte of UTF-8, so every
/// predicate rejects it and no run reaches past the text.
const PAD: u8 = 0xFF;

/// Sixteen bytes of text, the byte before each of them, and the byte after them.
///
/// Inside the text the three are loaded straight from it (two overlapping unaligned loads);
/// only near the ends is a padded copy built. A copy into one buffer that the lanes then
/// read back at an offset made every window wait for its own stores.
pub(crate) struct Window {
    /// The byte before each lane (`previous[0]` is the caller's `before`).
    previous: [u8; WIDTH],
    /// The window.
    pub(crate) bytes: [u8; WIDTH],
    /// The byte after each lane (`next[WIDTH - 1]` is the byte after the window).
    next: [u8; WIDTH],
    /// The byte after the window.
    after: u8,
}

/// The run of whole characters at the start of a window that passed a predicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Prefix {
    /// Its length in bytes (0: the first character failed).
    pub(crate) bytes: usize,
    /// Its length in characters.
    pub(crate) chars: usize,
    /// Its last byte (meaningless when empty).
    pub(crate) last: u8,
    /// Byte offset, in the window, of the start of its last character.
    pub(crate) last_char: usize,
    /// Every byte of the window passed: the run only stops because the window ends.
    pub(crate) whole: bool,
}

impl Window {
    /// The window of `text` starting at byte `at`, which must start a character (except for
    /// [`Window::all`] and [`Window::map`], with `before` the real byte before). `before`
    /// stands for the byte before the window: predicates see it as the previous byte of the
    /// first one, so the caller can pass state (for example "after a space") through it.
    #[inline]
    pub(crate) fn at(text: &[u8], at: usize, before: u8) -> Self {
        if let Some(around) = around::<{ WIDTH + 2 }>(text, at) {
            // The common case: three overlapping fixed-size loads, then lane 0's previous
            // byte replaced by `before`. Loaded as whole chunks: built lane by lane, the
            // arrays went through the stack one byte at a time.
            let chunk = |from: usize| around.get(from..).and_then(<[u8]>::first_chunk::<WIDTH>);
            let (previous, bytes, next) = (chunk(0), chunk(1), chunk(2));
            if let (Some(&previous), Some(&bytes), Some(&next)) = (previous, bytes, next) {
                let mut previous: [u8; WIDTH] = previous;
                previous[0] = before;
                return Self {
                    previous,
                    bytes,
                    next,
                    after: around[WIDTH + 1],
                };
            }
        }
        let mut padded = [PAD; WIDTH + 2];
        padded[0] = before;
        for (slot, &byte) in padded
            .iter_mut()
            .skip(1)
            .zip(text.get(at..).unwrap_or_default())
        {
            *slot = byte;
        }
        let mut previous = [PAD; WIDTH];
        previous.copy_from_slice(&padded[..WIDTH]);
        let mut bytes = [PAD; WIDTH];
        bytes.copy_from_slice(&padded[1..=WIDTH]);
        let mut next = [PAD; WIDTH];
        next.copy_from_slice(&padded[2..]);
        Self {
            previous,
            bytes,
            next,
            after: padded[WIDTH + 1],
        }
    }

    /// The longest run of whole characters at the start of the window whose every byte
    /// passes `ok(previous byte, byte)`.
    // Always inlined: the caller's predicate must be compiled into the vector loop, and
    // the parts of the result a caller ignores must be dropped.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    #[allow(clippy::needless_range_loop)] // three arrays, one index: vectorizes
    pub(crate) fn prefix(&self, ok: impl Fn(u8, u8) -> bool) -> Prefix {
        // One byte per lane (0xFF: passed, 1: starts a character), so the loop compiles to
        // vector compares.
        let mut passed = [0u8; WIDTH];
        let mut starts = [0u8; WIDTH];
        for i in 0..WIDTH {
            passed[i] = u8::from(ok(self.previous[i], self.bytes[i])).wrapping_neg();
            starts[i] = u8::from(!is_continuation(self.bytes[i]));
        }
        let failed = !u128::from_le_bytes(passed);
        let starts = u128::from_le_bytes(starts);
        let passing = (failed.trailing_zeros() / 8) as usize;
        // End at a character boundary: the byte after the run must start a character, so
        // the run ends at the last start at or before the first failing byte.
        let bytes = if passing == WIDTH && !is_continuation(self.after) {
            WIDTH
        } else {
            last_lane(starts & first_lanes(passing.min(WIDTH - 1) + 1))
        };
        let run = starts & first_lanes(bytes);
        let last = match bytes.checked_sub(1) {
            Some(lane) => (u128::from_le_bytes(self.bytes) >> (8 * lane)) as u8,
            None => self.previous[0],
        };
        Prefix {
            bytes,
            // Character starts are 0 or 1 per lane: their sum counts the characters.
            chars: byte_sum(run as u64) + byte_sum((run >> 64) as u64),
            last,
            last_char: last_lane(run),
            whole: failed == 0,
        }
    }

    /// True when every byte of the window passes `ok(previous byte, byte)`. Unlike
    /// [`Window::prefix`] this asks nothing of character boundaries, so the window may start
    /// or end inside a character (with `before` the real byte before it).
    // Always inlined: the caller's predicate must be compiled into the vector loop.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    #[allow(clippy::needless_range_loop)] // two arrays, one index: vectorizes
    pub(crate) fn all(&self, ok: impl Fn(u8, u8) -> bool) -> bool {
        let mut passed = [0u8; WIDTH];
        for i in 0..WIDTH {
            passed[i] = u8::from(ok(self.previous[i], self.bytes[i])).wrapping_neg();
        }
        u128::from_le_bytes(passed) == u128::MAX
    }

    /// The number of lanes that start a character (are not continuation bytes): the
    /// characters of a whole window whose first lane may continue the previous one.
    #[inline]
    pub(crate) fn char_starts(&self) -> usize {
        self.bytes
            .iter()
            .map(|&b| usize::from(!is_continuation(b)))
            .sum()
    }

    /// `map(previous byte, byte, next byte)` of every lane: a byte-wise rewrite of the
    /// window that sees whole two-byte characters from either of their bytes.
    // Always inlined: the caller's function must be compiled into the vector loop.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    #[allow(clippy::needless_range_loop)] // three arrays, one index: vectorizes
    pub(crate) fn map(&self, map: impl Fn(u8, u8, u8) -> u8) -> [u8; WIDTH] {
        let mut mapped = [0u8; WIDTH];
        for i in 0..WIDTH {
            mapped[i] = map(self.previous[i], self.bytes[i], self.next[i]);
        }
        mapped
    }

    /// The bytes of `lanes` that differ from the window's, in its first `count` lanes
    /// (non-zero where they differ): or-ed into an accumulator, they say whether a run of
    /// windows changed anything without a branch or a mask extraction per window.
    #[inline]
    #[allow(clippy::needless_range_loop)] // three arrays, one index: vectorizes
    pub(crate) fn differs(&self, lanes: &[u8; WIDTH], count: usize) -> [u8; WIDTH] {
        let first = first_lane_bytes(count);
        let mut differ = [0u8; WIDTH];
        for i in 0..WIDTH {
            differ[i] = (lanes[i] ^ self.bytes[i]) & first[i];
        }
        differ
    }
}

/// 0xFF in the first `count` lanes (`count` <= [`WIDTH`]), 0 in the others: one load from
/// a sliding table.
#[inline]
fn first_lane_bytes(count: usize) -> [u8; WIDTH] {
    static SLIDE: [u8; 2 * WIDTH] = {
        let mut slide = [0u8; 2 * WIDTH];
        let mut i = 0;
        while i < WIDTH {
            slide[i] = 0xFF;
            i += 1;
        }
        slide
    };
    SLIDE
        .get(WIDTH - count.min(WIDTH)..)
        .and_then(<[u8]>::first_chunk::<WIDTH>)
        .copied()
        .unwrap_or([0; WIDTH])
}

/// Bytes [`passes_block`] tests at once.
#[cfg(test)]
pub(crate) const BLOCK: usize = 64;

/// True when all [`BLOCK`] bytes from `at` (a character start) pass `ok(previous byte,
/// byte)`, `before` standing for the byte before the first, and the byte after them starts
/// a character: the common case of a scan whose exceptions are rare (NFC's marks), answered
/// without working out where a run stops. False when a byte fails, and near the ends of the
/// text. Scans whose runs end every few dozen bytes lose more on the failed blocks than
/// they gain; they use [`Window`] alone.
/// Only the NFC specification scan of the tests uses it now: `clean` answers the NFC
/// question inside its pass.
// Always inlined: the caller's predicate must be compiled into the vector loop.
#[cfg(test)]
#[allow(clippy::inline_always)]
#[inline(always)]
#[allow(clippy::needless_range_loop)] // two arrays, one index: vectorizes
pub(crate) fn passes_block(
    text: &[u8],
    at: usize,
    before: u8,
    ok: impl Fn(u8, u8) -> bool,
) -> bool {
    let Some(around) = around::<{ BLOCK + 2 }>(text, at) else {
        return false;
    };
    let mut previous: [u8; BLOCK] = std::array::from_fn(|i| around[i]);
    previous[0] = before;
    let mut passed = [0u8; BLOCK];
    for i in 0..BLOCK {
        passed[i] = u8::from(ok(previous[i], around[i + 1])).wrapping_neg();
    }
    let all = passed.iter().fold(0xFF, |all, &p| all & p) == 0xFF;
    all && !is_continuation(around[BLOCK + 1])
}

/// The `N` bytes of `text` from the byte before `at`: the lanes, the byte before each and
/// the byte after them, when the text holds them all (not at its start or near its end).
#[inline]
fn around<const N: usize>(text: &[u8], at: usize) -> Option<&[u8; N]> {
    at.checked_sub(1)
        .and_then(|from| text.get(from..))
        .and_then(<[u8]>::first_chunk::<N>)
}

/// The highest lane with a non-zero byte in `mask` (0 when there is none).
#[inline]
fn last_lane(mask: u128) -> usize {
    (127u32.saturating_sub(mask.leading_zeros()) / 8) as usize
}

/// The mask of the first `count` lanes (bytes) of a window.
#[inline]
pub(crate) fn first_lanes(count: usize) -> u128 {
    u128::MAX.checked_shr(128 - 8 * count as u32).unwrap_or(0)
}

/// The sum of the eight bytes of `lanes`, each 0 or 1.
#[inline]
fn byte_sum(lanes: u64) -> usize {
    (lanes.wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize
}

/// True for a UTF-8 continuation byte (0x80..=0xBF).
#[inline]
pub(crate) fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

/// True for the lead byte of U+0600..U+067F.
#[inline]
pub(crate) fn is_arabic_lead(byte: u8) -> bool {
    byte & 0xFE == 0xD8
}

/// True when `byte` continues a U+0600..U+067F character (`previous` is its lead) and the
/// character passes `low` (U+0600..U+063F, by continuation byte) or `high` (U+0640..U+067F).
#[inline]
// Non-short-circuit `&` and `|` on purpose: branch-free lanes vectorize.
#[allow(clippy::needless_bitwise_bool)]
pub(crate) fn arabic_continuation(
    previous: u8,
    byte: u8,
    low: impl Fn(u8) -> bool,
    high: impl Fn(u8) -> bool,
) -> bool {
    is_continuation(byte) & (((previous == 0xD8) & low(byte)) | ((previous == 0xD9) & high(byte)))
}

/// True when `byte` lies in `first..first + count` (one comparison, vector friendly).
#[inline]
pub(crate) fn in_range(byte: u8, first: u8, count: u8) -> bool {
    byte.wrapping_sub(first) < count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, before: u8, ok: impl Fn(u8, u8) -> bool) -> Prefix {
        Window::at(text.as_bytes(), 0, before).prefix(ok)
    }

    #[test]
    fn runs_end_at_character_boundaries() {
        let any = |_: u8, b: u8| b != PAD;
        // 8 Arabic letters = 16 bytes: all of them.
        let p = run("بببببببب", 0, any);
        assert_eq!((p.bytes, p.chars, p.last_char), (16, 8, 14));
        // 15 ASCII bytes then a two-byte letter: the letter does not fit.
        let p = run("aaaaaaaaaaaaaaaب", 0, any);
        assert_eq!((p.bytes, p.chars, p.last_char), (15, 15, 14));
        // Short text: padding stops the run.
        let p = run("aب", 0, any);
        assert_eq!((p.bytes, p.chars, p.last, p.last_char), (3, 2, 0xA8, 1));
        let p = run("", 0, any);
        assert_eq!((p.bytes, p.chars), (0, 0));
    }

    #[test]
    fn a_failing_continuation_drops_its_lead() {
        // tatweel (D9 80) is rejected by its continuation byte.
        let ok = |p: u8, b: u8| {
            b < 0x80 || is_arabic_lead(b) || arabic_continuation(p, b, |_| true, |c| c != 0x80)
        };
        let p = run("abـc", 0, ok);
        assert_eq!((p.bytes, p.chars), (2, 2));
        let p = run("نـ", 0, ok);
        assert_eq!((p.bytes, p.chars), (2, 1));
        // A three-byte character is rejected at its lead.
        let p = run("a…", 0, ok);
        assert_eq!((p.bytes, p.chars), (1, 1));
    }

    #[test]
    fn first_lane_bytes_slide() {
        for count in 0..=WIDTH {
            let first = first_lane_bytes(count);
            let want: Vec<u8> = (0..WIDTH)
                .map(|i| if i < count { 0xFF } else { 0 })
                .collect();
            assert_eq!(first.to_vec(), want);
        }
    }

    #[test]
    fn the_byte_before_reaches_the_predicate() {
        let no_double_space = |p: u8, b: u8| b != PAD && !(p == b' ' && b == b' ');
        assert_eq!(run(" a", b' ', no_double_space).bytes, 0);
        assert_eq!(run(" a", b'x', no_double_space).bytes, 2);
    }
}
