//! A stable 64-bit hash: the same bytes give the same value on every machine, run and version.
//!
//! `std`'s `DefaultHasher` makes no such promise, and ids and content hashes are written to
//! tables that outlive the binary, so khabar keeps its own small hash: 8-byte words mixed
//! with a folded 128-bit multiply, then the murmur3 finalizer.

use std::hash::Hasher;

const SEED: u64 = 0x9E37_79B9_7F4A_7C15;
const MUL: u64 = 0xA076_1D64_78BD_642F;

#[inline]
fn folded_multiply(a: u64, b: u64) -> u64 {
    let full = u128::from(a) * u128::from(b);
    (full as u64) ^ ((full >> 64) as u64)
}

#[inline]
fn finalize(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^ (h >> 33)
}

/// A streaming stable hasher; [`stable_hash64`] is the one-shot form.
#[derive(Debug, Clone)]
pub struct StableHasher {
    state: u64,
    len: u64,
}

impl StableHasher {
    /// A hasher with the default seed.
    #[must_use]
    pub fn new() -> Self {
        Self::with_seed(0)
    }

    /// A hasher whose output is independent of the one with another seed.
    #[must_use]
    pub fn with_seed(seed: u64) -> Self {
        Self {
            state: SEED ^ finalize(seed.wrapping_add(1)),
            len: 0,
        }
    }
}

impl Default for StableHasher {
    fn default() -> Self {
        Self::new()
    }
}

impl Hasher for StableHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.state = folded_multiply(self.state ^ u64::from_le_bytes(word), MUL);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // The 1-7 bytes little-endian, assembled in registers (a variable-length copy
            // into an array called `memcpy` for every short word).
            let word = rest
                .iter()
                .rev()
                .fold(0u64, |w, &b| (w << 8) | u64::from(b));
            // The tail length goes into the word so "a" and "a\0" differ.
            let tagged = word ^ ((rest.len() as u64) << 59);
            self.state = folded_multiply(self.state ^ tagged, MUL);
        }
        self.len = self.len.wrapping_add(bytes.len() as u64);
    }

    fn finish(&self) -> u64 {
        finalize(self.state ^ self.len)
    }
}

/// The stable 64-bit hash of `bytes`.
#[must_use]
pub fn stable_hash64(bytes: &[u8]) -> u64 {
    let mut hasher = StableHasher::new();
    hasher.write(bytes);
    hasher.finish()
}

/// Sixteen lowercase hex digits.
#[must_use]
pub fn hex64(value: u64) -> String {
    format!("{value:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_pinned_across_versions() {
        // These are written to tables; a change here breaks every stored id.
        let pinned = [
            ("", "2d0a2cc335cd72a7"),
            ("a", "908be2ba2296d99a"),
            ("a\0", "7f9199bcfa4c9905"),
            ("abcdefgh", "99d4623c44a212fc"),
            ("abcdefghi", "12049584918ed578"),
            ("1234567", "c0f762de627f5988"),
            ("خبر", "9ba130c0a07edee1"),
            ("وزارة الخارجية السعودية", "3dc463742d492ad0"),
        ];
        for (text, hex) in pinned {
            assert_eq!(hex64(stable_hash64(text.as_bytes())), hex, "{text:?}");
        }
        assert_ne!(stable_hash64(b"a"), stable_hash64(b"a\0"));
        assert_ne!(stable_hash64(b"abcdefgh"), stable_hash64(b"abcdefgi"));
        assert_ne!(stable_hash64(b""), stable_hash64(b"\0"));
    }

    #[test]
    fn streaming_equals_one_shot_for_whole_words() {
        let mut h = StableHasher::new();
        h.write(b"12345678");
        h.write(b"abcdefgh");
        assert_eq!(h.finish(), stable_hash64(b"12345678abcdefgh"));
    }

    #[test]
    fn seeds_separate() {
        let mut a = StableHasher::with_seed(1);
        let mut b = StableHasher::with_seed(2);
        a.write(b"x");
        b.write(b"x");
        assert_ne!(a.finish(), b.finish());
    }

    #[test]
    fn hex_is_sixteen_digits() {
        assert_eq!(hex64(255), "00000000000000ff");
    }
}
