//! [`KeyedMap`]: a map from string keys that hashes each key once, with `stable_hash64`.
//!
//! The aggregator looks every term and entity key up at least twice (in the worker's
//! state, then in the run's state on merge); keying the map by a 64-bit hash of the key,
//! computed once per occurrence, makes the merge lookups hash-free. The key string is kept
//! beside the value and compared on every hit, so two keys whose hashes collide still count
//! apart: the second one lives in a small ordered side map.

use crate::fasthash::FastMap;
use std::collections::BTreeMap;
use std::collections::hash_map::Entry;
use std::marker::PhantomData;

/// How a [`KeyedMap`] hashes its keys.
pub(crate) trait KeyHash {
    /// The hash of `key`.
    fn hash(key: &str) -> u64;
}

/// `khabar_core::stable_hash64`: for keys whose hashes are stored (entity keys).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct StableKey;

impl KeyHash for StableKey {
    #[inline]
    fn hash(key: &str) -> u64 {
        khabar_core::stable_hash64(key.as_bytes())
    }
}

/// [`quick_hash`]: for keys whose hashes never leave the process (terms).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct QuickKey;

impl KeyHash for QuickKey {
    #[inline]
    fn hash(key: &str) -> u64 {
        quick_hash(key.as_bytes())
    }
}

#[inline]
fn folded_multiply(a: u64, b: u64) -> u64 {
    let full = u128::from(a) * u128::from(b);
    (full as u64) ^ ((full >> 64) as u64)
}

/// A fast in-process hash of a short byte string: one folded multiply per 8 bytes.
#[inline]
pub(crate) fn quick_hash(bytes: &[u8]) -> u64 {
    const M: u64 = 0xA076_1D64_78BD_642F;
    let mut h = 0x2D35_8DCC_AA6C_78A5 ^ (bytes.len() as u64);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let word: [u8; 8] = chunk.try_into().unwrap_or_default();
        h = folded_multiply(h ^ u64::from_le_bytes(word), M);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        h = folded_multiply(h ^ tail_word(rest), 0xE703_7ED1_A0B4_28DB);
    }
    h
}

/// The 1-7 bytes of `rest` as one word, without a `memcpy` call; with the length, the
/// word determines the bytes (two overlapping 4-byte reads, or first, middle and last).
#[inline]
pub(crate) fn tail_word(rest: &[u8]) -> u64 {
    let n = rest.len();
    if n >= 4 {
        let lo: [u8; 4] = rest[..4].try_into().unwrap_or_default();
        let hi: [u8; 4] = rest[n - 4..].try_into().unwrap_or_default();
        u64::from(u32::from_le_bytes(lo)) | (u64::from(u32::from_le_bytes(hi)) << 32)
    } else if n > 0 {
        u64::from(rest[0]) | (u64::from(rest[n / 2]) << 8) | (u64::from(rest[n - 1]) << 16)
    } else {
        0
    }
}

/// Byte equality without a `memcmp` call for short keys.
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    if a.len() > 32 {
        return a == b;
    }
    let mut ca = a.chunks_exact(8);
    let mut cb = b.chunks_exact(8);
    for (x, y) in (&mut ca).zip(&mut cb) {
        let x: [u8; 8] = x.try_into().unwrap_or_default();
        let y: [u8; 8] = y.try_into().unwrap_or_default();
        if x != y {
            return false;
        }
    }
    ca.remainder() == cb.remainder()
}

/// Bytes a [`SmallKey`] holds without an allocation: most words and entity ids fit.
const INLINE: usize = 22;

/// A key string, inline when short: no allocation per new key, no pointer to follow when
/// keys are compared on merge.
#[derive(Debug, Clone)]
pub(crate) enum SmallKey {
    /// Up to [`INLINE`] bytes.
    Inline(u8, [u8; INLINE]),
    /// Longer keys.
    Heap(Box<str>),
}

impl SmallKey {
    #[inline]
    pub(crate) fn new(key: &str) -> Self {
        let b = key.as_bytes();
        if b.len() <= INLINE {
            let mut bytes = [0u8; INLINE];
            bytes[..b.len()].copy_from_slice(b);
            SmallKey::Inline(b.len() as u8, bytes)
        } else {
            SmallKey::Heap(key.into())
        }
    }

    #[inline]
    fn as_bytes(&self) -> &[u8] {
        match self {
            SmallKey::Inline(len, bytes) => &bytes[..usize::from(*len)],
            SmallKey::Heap(s) => s.as_bytes(),
        }
    }

    #[inline]
    fn as_str(&self) -> &str {
        match self {
            // Always a whole UTF-8 key, so this never falls back.
            SmallKey::Inline(len, bytes) => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or("")
            }
            SmallKey::Heap(s) => s,
        }
    }

    #[inline]
    fn is(&self, key: &str) -> bool {
        same(self.as_bytes(), key.as_bytes())
    }

    fn into_boxed(self) -> Box<str> {
        match self {
            SmallKey::Inline(..) => self.as_str().into(),
            SmallKey::Heap(s) => s,
        }
    }
}

/// String-keyed values, indexed by the hash `H` of the key.
#[derive(Debug, Clone)]
pub(crate) struct KeyedMap<V, H = StableKey> {
    main: FastMap<u64, (SmallKey, V)>,
    /// Keys whose hash is taken in `main` by another key: practically always empty.
    collided: BTreeMap<Box<str>, V>,
    hash: PhantomData<H>,
}

impl<V, H> Default for KeyedMap<V, H> {
    fn default() -> Self {
        Self {
            main: FastMap::default(),
            collided: BTreeMap::new(),
            hash: PhantomData,
        }
    }
}

impl<V: PartialEq, H: KeyHash> PartialEq for KeyedMap<V, H> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl<V: Eq, H: KeyHash> Eq for KeyedMap<V, H> {}

impl<V, H: KeyHash> KeyedMap<V, H> {
    /// The hash this map keys `key` by.
    #[inline]
    pub(crate) fn hash(key: &str) -> u64 {
        H::hash(key)
    }

    /// Distinct keys.
    pub(crate) fn len(&self) -> usize {
        self.main.len() + self.collided.len()
    }

    /// Free slots of the main table (for size estimates).
    pub(crate) fn spare_capacity(&self) -> usize {
        self.main.capacity() - self.main.len()
    }

    /// The value of `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&V> {
        match self.main.get(&H::hash(key)) {
            Some((k, v)) if k.is(key) => Some(v),
            Some(_) => self.collided.get(key),
            None => None,
        }
    }

    /// The value of `key` (whose hash is `hash`), inserted with `make` when absent.
    #[inline]
    pub(crate) fn entry_with(&mut self, hash: u64, key: &str, make: impl FnOnce() -> V) -> &mut V {
        match self.main.entry(hash) {
            Entry::Occupied(o) => {
                if o.get().0.is(key) {
                    return &mut o.into_mut().1;
                }
            }
            Entry::Vacant(v) => return &mut v.insert((SmallKey::new(key), make())).1,
        }
        self.collided.entry(key.into()).or_insert_with(make)
    }

    /// Folds `value` in under `key` (hash `hash`) with `combine`, moving the key when new.
    #[inline]
    pub(crate) fn merge_with(
        &mut self,
        hash: u64,
        key: SmallKey,
        value: V,
        combine: impl FnOnce(&mut V, V),
    ) {
        match self.main.entry(hash) {
            Entry::Occupied(mut o) => {
                let (k, v) = o.get_mut();
                if same(k.as_bytes(), key.as_bytes()) {
                    combine(v, value);
                    return;
                }
            }
            Entry::Vacant(v) => {
                v.insert((key, value));
                return;
            }
        }
        match self.collided.entry(key.into_boxed()) {
            std::collections::btree_map::Entry::Occupied(mut o) => combine(o.get_mut(), value),
            std::collections::btree_map::Entry::Vacant(v) => {
                v.insert(value);
            }
        }
    }

    /// Moves every entry of `other` in, combining values of equal keys. Entries of `other`
    /// for which `keep` is false are dropped.
    pub(crate) fn merge(
        &mut self,
        other: KeyedMap<V, H>,
        keep: impl Fn(&V) -> bool,
        mut combine: impl FnMut(&mut V, V),
    ) {
        for (hash, (key, value)) in other.main {
            if keep(&value) {
                self.merge_with(hash, key, value, &mut combine);
            }
        }
        for (key, value) in other.collided.into_iter().filter(|(_, v)| keep(v)) {
            let hash = H::hash(&key);
            self.merge_with(hash, SmallKey::Heap(key), value, &mut combine);
        }
    }

    /// Entries in no particular order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.main
            .values()
            .map(|(k, v)| (k.as_str(), v))
            .chain(self.collided.iter().map(|(k, v)| (&**k, v)))
    }

    /// Entries with their hashes, in no particular order.
    pub(crate) fn iter_hashed(&self) -> impl Iterator<Item = (u64, &str)> {
        self.main
            .iter()
            .map(|(h, (k, _))| (*h, k.as_str()))
            .chain(self.collided.keys().map(|k| (H::hash(k), &**k)))
    }

    /// Entries sorted by key.
    pub(crate) fn sorted(&self) -> Vec<(&str, &V)> {
        let mut entries: Vec<(&str, &V)> = self.iter().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        entries
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colliding_hashes_keep_keys_apart() {
        let mut m: KeyedMap<u64, QuickKey> = KeyedMap::default();
        *m.entry_with(7, "a", || 0) += 1;
        *m.entry_with(7, "b", || 0) += 10;
        *m.entry_with(7, "a", || 0) += 1;
        let mut other: KeyedMap<u64, QuickKey> = KeyedMap::default();
        other.merge_with(7, SmallKey::new("b"), 5, |a, b| *a += b);
        other.merge_with(7, SmallKey::new("c"), 100, |a, b| *a += b);
        // `merge` rehashes collided keys with the real hash; use real hashes there.
        let mut real: KeyedMap<u64> = KeyedMap::default();
        real.merge_with(
            khabar_core::stable_hash64(b"a"),
            SmallKey::new("a"),
            3,
            |a, b| *a += b,
        );
        assert_eq!(m.len(), 2);
        let got: Vec<(&str, u64)> = m.sorted().into_iter().map(|(k, v)| (k, *v)).collect();
        assert_eq!(got, [("a", 2), ("b", 10)]);
        other.merge_with(7, SmallKey::new("b"), 1, |a, b| *a += b);
        let got: Vec<(&str, u64)> = other.sorted().into_iter().map(|(k, v)| (k, *v)).collect();
        assert_eq!(got, [("b", 6), ("c", 100)]);
        assert_eq!(real.get("a"), Some(&3));
        assert_eq!(real.get("z"), None);
        assert!(
            same(b"", b"") && same(b"abcdefghi", b"abcdefghi") && !same(b"abcdefghi", b"abcdefghj")
        );
        assert!(!same(b"a", b"ab") && same("x".repeat(40).as_bytes(), "x".repeat(40).as_bytes()));
        for key in ["", "a", "خبر عاجل", &"طويل".repeat(10)] {
            assert_eq!(SmallKey::new(key).as_str(), key);
            assert!(SmallKey::new(key).is(key));
        }
        assert_ne!(quick_hash(b"a"), quick_hash(b"a\0"));
    }
}
