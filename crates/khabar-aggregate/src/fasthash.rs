//! Hash maps keyed with khabar's stable hash instead of `SipHash`.
//!
//! Keys are words, entity ids and line hashes from news text: speed matters more than
//! resistance to crafted collisions, and no iteration order leaks out (tables are sorted).

use khabar_core::StableHasher;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

/// A `HashMap` with the stable hasher.
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<StableHasher>>;
/// A `HashSet` with the stable hasher.
pub(crate) type FastSet<K> = HashSet<K, BuildHasherDefault<StableHasher>>;
