//! Token counts over runs of the commonest characters, a block of bytes at a time, for
//! scans that need only counts.
//!
//! Most of a cleaned Arabic article is basic Arabic letters (U+0620..U+0669: letters,
//! tatweel, harakat, Arabic-Indic digits; two bytes each), ASCII letters and digits, the
//! space, and a few punctuation marks that are tokens of their own (`،`, `«`, `»`, `"`,
//! brackets). Inside a run of only these characters nothing but the token count changes:
//! none is a sentence end, a joiner or an emoji, so a token starts at each mark and at
//! each word byte after a byte that is not in a word. That is bit arithmetic on lanes
//! built from the bytes, with no serial dependence on character widths, where the
//! general scan decodes and branches per character.

/// Bytes classified per step: one SSE2 register, which is baseline on x86-64.
const BLOCK: usize = 16;

/// What a run covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Run {
    /// Bytes in the run; it ends on a character boundary.
    pub(crate) bytes: usize,
    /// Code points in the run.
    pub(crate) chars: u32,
    /// Tokens that start in the run.
    pub(crate) tokens: u32,
    /// Whether the run's last character is a word character (unchanged for an empty run).
    pub(crate) in_word: bool,
}

/// The longest run of spaces and common word characters at byte `pos` of `bytes`, which
/// must be a character boundary of UTF-8 text; `in_word` tells whether the character
/// before `pos` is in a word. It stops before a character that is not plain, or near either
/// end of the text (each block reads a byte on either side of it): the caller's
/// general scan takes those.
#[inline]
pub(crate) fn word_run(bytes: &[u8], pos: usize, in_word: bool) -> Run {
    let mut run = Run {
        in_word,
        ..Run::default()
    };
    // A block costs about as much as a few characters of the general scan: not worth it
    // where the first byte already stops the run, as in text of other scripts.
    if !bytes
        .get(pos)
        .is_some_and(|&b| MAY_BE_PLAIN[usize::from(b)])
    {
        return run;
    }
    while let Some(window) = pos
        .checked_sub(1)
        .and_then(|before| bytes.get(before + run.bytes..))
        .and_then(|rest| rest.first_chunk::<WINDOW>())
    {
        let block = Block::of(window);
        let before = (block.word << 8) | u128::from(run.in_word);
        let starts = (block.word & !before) | block.own;
        if block.plain == ONES {
            let (starts, continuations) = lane_sums(starts, block.continuation);
            run.tokens += starts;
            run.chars += BLOCK as u32 - continuations;
            run.bytes += BLOCK;
            run.in_word = block.word >> (8 * (BLOCK - 1)) != 0;
            continue;
        }
        // Every byte of the prefix is plain. A plain lead byte has its continuation after
        // it, so the prefix ends on a character boundary.
        let len = (!block.plain & ONES).trailing_zeros() / 8;
        if len > 0 {
            let prefix = u128::MAX >> (128 - 8 * len);
            let (starts, continuations) = lane_sums(starts & prefix, block.continuation & prefix);
            run.tokens += starts;
            run.chars += len - continuations;
            run.bytes += len as usize;
            run.in_word = (block.word >> (8 * (len - 1))) & 1 != 0;
        }
        break;
    }
    // A full block may end between the two bytes of a character, and the text with it;
    // the continuation byte counts as nothing.
    if bytes
        .get(pos + run.bytes)
        .is_some_and(|&b| b & 0xC0 == 0x80)
    {
        run.bytes += 1;
    }
    run
}

/// The bytes that may start a plain character: the lead bytes of the ones
/// [`Block::of`] accepts.
const MAY_BE_PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = byte.is_ascii_alphanumeric()
            || matches!(
                byte,
                b' ' | b'"' | b'%' | b'(' | b')' | b'*' | 0xC2 | 0xD8 | 0xD9
            );
        b += 1;
    }
    table
};

/// Bytes read per block: the block, one byte before it and one after it.
const WINDOW: usize = BLOCK + 2;

/// Bit 0 of every lane: a block's lanes are the bytes of a `u128`, one per byte of the
/// block, each 0 or 1.
const ONES: u128 = u128::from_le_bytes([1; BLOCK]);

/// What each byte of a block is, as lanes of 0 or 1.
struct Block {
    /// A byte of a plain character (whose other byte may be just outside the block).
    plain: u128,
    /// A byte of a word character.
    word: u128,
    /// A continuation byte.
    continuation: u128,
    /// The first byte of a token of its own: `"` `%` `(` `)` `*` `،` `«` `»`.
    own: u128,
}

impl Block {
    /// Classifies the block `window[1..=BLOCK]` with byte-wise compares and masks the
    /// compiler turns into SSE2 instructions: each byte is compared with the ones before
    /// and after it, loaded at offsets rather than shifted across lanes, no compare
    /// short-circuits, and each class comes out as its own vector of lanes.
    ///
    /// The plain characters: the space and U+00A0; ASCII letters and digits and
    /// U+0620..U+0669 (Arabic letters, tatweel, harakat, Arabic-Indic digits), which are
    /// word characters; and `"` `%` `(` `)` `*` `،` `«` `»`, each a token of its own. None
    /// is a sentence end, a joiner or an emoji (a test checks them against the scan's
    /// classes).
    #[inline]
    fn of(window: &[u8; WINDOW]) -> Self {
        let mut plain = [0u8; BLOCK];
        let mut word = [0u8; BLOCK];
        let mut continuation = [0u8; BLOCK];
        let mut own = [0u8; BLOCK];
        for i in 0..BLOCK {
            // Signed, as SSE2 compares bytes: 0x80..=0xFF are negative, ASCII is not.
            let (prev, b, next) = (window[i] as i8, window[i + 1] as i8, window[i + 2] as i8);
            let lower = b | 0x20;
            let ascii_word =
                (mask(lower > 0x60) & mask(lower < 0x7B)) | (mask(b > 0x2F) & mask(b < 0x3A));
            let ascii_own = mask(b == 0x22) | mask(b == 0x25) | (mask(b > 0x27) & mask(b < 0x2B));
            let word_cont = word_pair(prev, b);
            let is_word = ascii_word | word_cont | word_pair(b, next);
            let is_own = ascii_own | own_pair(b, next);
            let is_continuation = word_cont | own_pair(prev, b) | space_pair(prev, b);
            let is_plain =
                mask(b == 0x20) | is_word | is_own | is_continuation | space_pair(b, next);
            plain[i] = is_plain & 1;
            word[i] = is_word & 1;
            continuation[i] = is_continuation & 1;
            own[i] = is_own & 1;
        }
        Self {
            plain: u128::from_le_bytes(plain),
            word: u128::from_le_bytes(word),
            continuation: u128::from_le_bytes(continuation),
            own: u128::from_le_bytes(own),
        }
    }
}

/// `0xD8` `0xA0..=0xBF` (U+0620..U+063F) or `0xD9` `0x80..=0xA9` (U+0640..U+0669), as
/// signed bytes.
#[inline]
fn word_pair(lead: i8, cont: i8) -> u8 {
    (mask(lead == 0xD8_u8 as i8) & mask(cont > -0x61) & mask(cont < -0x40))
        | (mask(lead == 0xD9_u8 as i8) & mask(cont < -0x56))
}

/// `،` (`0xD8 0x8C`), `«` (`0xC2 0xAB`) or `»` (`0xC2 0xBB`).
#[inline]
fn own_pair(lead: i8, cont: i8) -> u8 {
    (mask(lead == 0xD8_u8 as i8) & mask(cont == 0x8C_u8 as i8))
        | (mask(lead == 0xC2_u8 as i8)
            & (mask(cont == 0xAB_u8 as i8) | mask(cont == 0xBB_u8 as i8)))
}

/// U+00A0 (`0xC2 0xA0`).
#[inline]
fn space_pair(lead: i8, cont: i8) -> u8 {
    mask(lead == 0xC2_u8 as i8) & mask(cont == 0xA0_u8 as i8)
}

/// All ones for true, as a vector compare leaves a lane.
#[inline]
fn mask(on: bool) -> u8 {
    0u8.wrapping_sub(u8::from(on))
}

/// The sums of the lanes of `a` and of `b`, each lane 0 or 1. One multiply per half adds
/// its eight lanes into the top byte (there is no `popcnt` on baseline x86-64); `a` sums in
/// the low nibble and `b` in the high one, neither over 8.
#[inline]
fn lane_sums(a: u128, b: u128) -> (u32, u32) {
    const ONES_64: u64 = u64::from_le_bytes([1; 8]);
    let packed = a | (b << 4);
    let half = |h: u64| (h.wrapping_mul(ONES_64) >> 56) as u32;
    let (low, high) = (half(packed as u64), half((packed >> 64) as u64));
    ((low & 0xF) + (high & 0xF), (low >> 4) + (high >> 4))
}

#[cfg(test)]
#[path = "word_runs_tests.rs"]
mod tests;
