//! In-memory hash maps with a cheap multiply-rotate hasher instead of `SipHash`.
//!
//! Keys are words, entity ids, line hashes and already-hashed `u64`s from news text: speed
//! matters more than resistance to crafted collisions, and no iteration order leaks out
//! (tables are sorted, serialized states sort their entries).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

const K: u64 = 0xF135_7AEA_2E62_A9C5;

/// An Fx-style hasher: one rotate, xor and multiply per 8-byte word.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct MixHasher {
    state: u64,
}

impl MixHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.state = (self.state.rotate_left(26) ^ word).wrapping_mul(K);
    }
}

impl Hasher for MixHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            self.add(crate::keyed::tail_word(rest) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_i32(&mut self, i: i32) {
        self.add(u64::from(i as u32));
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
        // hashbrown takes the bucket from the low bits and a tag from the top 7: fold the
        // well-mixed high half of the product down.
        self.state ^ (self.state >> 29)
    }
}

/// A `HashMap` with [`MixHasher`].
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<MixHasher>>;
/// A `HashSet` with [`MixHasher`].
pub(crate) type FastSet<K> = HashSet<K, BuildHasherDefault<MixHasher>>;
