//! A small fast hasher for the crate's in-memory maps and feature hashing.
//!
//! The keys are short folded words; `SipHash`'s resistance to flooding buys nothing for an
//! embedded gazetteer and costs time on every token.

use std::hash::Hasher;

const MUL: u64 = 0x9E37_79B9_7F4A_7C15;

/// An FxHash-style multiplicative hasher over 8-byte words.
#[derive(Debug, Default, Clone, Copy)]
pub struct FastHasher {
    state: u64,
}

impl FastHasher {
    /// A hasher started from `seed` (one seed per feature template).
    #[must_use]
    pub fn with_seed(seed: u64) -> Self {
        Self {
            state: seed.wrapping_mul(MUL),
        }
    }

    #[inline]
    fn add(&mut self, word: u64) {
        self.state = (self.state.rotate_left(5) ^ word).wrapping_mul(MUL);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        // The 0-7 bytes little-endian, assembled in registers (a variable-length copy into
        // an array called `memcpy` for every word hashed).
        let word = rest
            .iter()
            .rev()
            .fold(0u64, |w, &b| (w << 8) | u64::from(b));
        self.add(word ^ ((rest.len() as u64) << 59));
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // A final avalanche so the low bits (used as bucket index) depend on every input bit.
        let mut h = self.state;
        h ^= h >> 33;
        h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
        h ^ (h >> 29)
    }
}

/// A pass-through hasher for keys that are already good 64-bit hashes.
#[derive(Debug, Default, Clone, Copy)]
pub struct PrehashedHasher {
    state: u64,
}

impl Hasher for PrehashedHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.state = self.state.rotate_left(8) ^ u64::from(b);
        }
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.state = i;
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.state
    }
}

#[cfg(test)]
mod tests {
    /// Feature buckets and the shipped model depend on these values.
    #[test]
    fn word_hashes_are_pinned() {
        let pinned = [
            ("", 0x137a_0543_132f_5077_u64),
            ("a", 0x33a1_3dbf_41d5_61f0),
            ("abcdefg", 0x183b_fc8e_e918_5a52),
            ("abcdefgh", 0x8ba8_8d1f_f63b_4e7e),
            ("abcdefghi", 0xaad7_a7ca_fec3_0306),
            ("خبر", 0xe239_a31a_4b1f_9816),
            ("الولايات المتحدة", 0xa79b_0ee2_bcc6_b26b),
        ];
        for (word, hash) in pinned {
            assert_eq!(crate::prepare::hash_str(word), hash, "{word:?}");
        }
    }
}
