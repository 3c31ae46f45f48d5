//! Token counts over runs of the commonest characters, a block of bytes at a time, for
//! scans that need only counts.
//!
//! Most of a cleaned Arabic article is basic Arabic letters (U+0620..U+0669: letters,
//! tatweel, harakat, Arabic-Indic digits; two bytes each), ASCII letters and digits and
//! the ASCII space. Inside a run of only these characters nothing but the token count
//! changes: none is a sentence end, a joiner or an emoji, every one but the space is a word
//! character, so a token starts exactly at a non-space byte after a space. That is bit
//! arithmetic on masks built from the bytes, with no serial dependence on character
//! widths, where the general scan decodes and branches per character.

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
/// end of the text (each block reads a byte before it and two after): the caller's
/// general scan takes those.
#[inline]
pub(crate) fn word_run(bytes: &[u8], pos: usize, in_word: bool) -> Run {
    let mut run = Run {
        in_word,
        ..Run::default()
    };
    while let Some(window) = pos
        .checked_sub(1)
        .and_then(|before| bytes.get(before + run.bytes..))
        .and_then(|rest| rest.first_chunk::<WINDOW>())
    {
        let block = Block::of(window);
        let before = (block.word << 8) | u128::from(run.in_word);
        if block.plain == ONES {
            let (starts, continuations) = lane_sums(block.word & !before, block.continuation);
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
            let (starts, continuations) =
                lane_sums(block.word & !before & prefix, block.continuation & prefix);
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

/// Bytes read per block: the block, one byte before it and two after it.
const WINDOW: usize = BLOCK + 3;

/// Bit 0 of every lane: a block's lanes are the bytes of a `u128`, one per byte of the
/// block, each 0 or 1.
const ONES: u128 = u128::from_le_bytes([1; BLOCK]);

/// What each byte of a block is, as lanes of 0 or 1.
struct Block {
    /// A space, an ASCII letter or digit, or either byte of a basic Arabic character
    /// (whose continuation byte may be just past the block).
    plain: u128,
    /// A plain byte other than the space: part of a word character.
    word: u128,
    /// The continuation byte of a basic Arabic character.
    continuation: u128,
}

impl Block {
    /// Classifies the block `window[1..=BLOCK]`.
    #[inline]
    fn of(window: &[u8; WINDOW]) -> Self {
        let lanes = classify(window);
        let continuation = (lanes >> CONTINUATION_BIT) & ONES;
        // A lead byte is plain when the byte after it is a plain continuation; the block's
        // last byte looks past the block.
        let last = window[BLOCK];
        let after = window[BLOCK + 1];
        let lead =
            (continuation >> 8) | (u128::from(basic_arabic(last, after)) << (8 * (BLOCK - 1)));
        Self {
            plain: (lanes & ONES) | lead,
            word: ((lanes >> WORD_BIT) & ONES) | lead,
            continuation,
        }
    }
}

/// Lane bit of a space, an ASCII letter or digit, or a continuation byte below.
const PLAIN_BIT: u32 = 0;
/// Lane bit of an ASCII letter or digit or a continuation byte below.
const WORD_BIT: u32 = 1;
/// Lane bit of the continuation byte of a basic Arabic character.
const CONTINUATION_BIT: u32 = 2;

/// One lane per byte of the block `window[1..=BLOCK]` with the bits above, from byte-wise
/// compares and masks the compiler turns into SSE2 instructions: each byte is compared
/// with the one before it loaded at an offset, not shifted across lanes, and no compare
/// short-circuits. Lead bytes are left to the caller, which sees their continuations.
#[inline]
fn classify(window: &[u8; WINDOW]) -> u128 {
    let mut lanes = [0u8; BLOCK];
    for (i, out) in lanes.iter_mut().enumerate() {
        // Signed, as SSE2 compares bytes: 0x80..=0xFF are negative, ASCII is not.
        let (prev, b) = (window[i] as i8, window[i + 1] as i8);
        let space = mask(b == 0x20);
        let lower = b | 0x20;
        let letter = mask(lower > 0x60) & mask(lower < 0x7B);
        let digit = mask(b > 0x2F) & mask(b < 0x3A);
        // 0xD8 then 0xA0..=0xBF (U+0620..U+063F), or 0xD9 then 0x80..=0xA9
        // (U+0640..U+0669).
        let continuation = (mask(prev == 0xD8_u8 as i8) & mask(b > -0x61) & mask(b < -0x40))
            | (mask(prev == 0xD9_u8 as i8) & mask(b < -0x56));
        let word = letter | digit | continuation;
        *out = ((space | word) & (1 << PLAIN_BIT))
            | (word & (1 << WORD_BIT))
            | (continuation & (1 << CONTINUATION_BIT));
    }
    u128::from_le_bytes(lanes)
}

/// All ones for true, as a vector compare leaves a lane.
#[inline]
fn mask(on: bool) -> u8 {
    0u8.wrapping_sub(u8::from(on))
}

/// Whether `lead` and `cont` are the bytes of a basic Arabic character: the scalar
/// `classify`, without branches (a block's last byte is a lead about half the time).
#[inline]
#[allow(clippy::needless_bitwise_bool)] // on purpose: a lazy `&&` compiles to branches
fn basic_arabic(lead: u8, cont: u8) -> bool {
    ((lead == 0xD8) & (cont & 0xE0 == 0xA0)) | ((lead == 0xD9) & (cont.wrapping_sub(0x80) < 0x2A))
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
