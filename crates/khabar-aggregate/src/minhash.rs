//! `MinHash` signatures over word shingles, for near-duplicate detection.
//!
//! Parameters (see the crate docs for the reasoning):
//! - words: maximal runs of characters that are neither whitespace nor punctuation, in the
//!   search-folded text;
//! - shingles: [`DEFAULT_SHINGLE_WORDS`] = 5 consecutive words; a text with fewer words is
//!   one shingle;
//! - one 64-bit stable hash per word, combined into one 32-bit hash per shingle;
//! - [`DEFAULT_NUM_HASHES`] = 128 derived permutations `x = (h ^ s_i) * m_i; x ^ (x >> 15)`
//!   (odd `m_i`, so each is a bijection of `u32`), kept as the minimum per permutation.
//!
//! The coefficients come from a fixed seed: signatures are written to `documents.minhash`
//! and compared across runs, so any change here must bump [`MINHASH_VERSION`].

use crate::AggregateError;
use khabar_core::stable_hash64;

/// Permutations per signature by default.
pub const DEFAULT_NUM_HASHES: usize = 128;
/// Words per shingle by default.
pub const DEFAULT_SHINGLE_WORDS: usize = 5;
/// Bumped whenever the signature of a given text would change.
pub const MINHASH_VERSION: u32 = 1;

const COEFFICIENT_SEED: u64 = 0x6B68_6162_6172_4D48; // "khabarMH"

/// A `MinHash` signature: one minimum per permutation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Signature(pub Vec<u32>);

impl Signature {
    /// Little-endian `u32`s, 4 bytes per permutation: the `documents.minhash` column.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    /// Reads back [`Signature::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, AggregateError> {
        if !bytes.len().is_multiple_of(4) {
            return Err(AggregateError::Invalid {
                what: "minhash signature length",
                offset: bytes.len(),
            });
        }
        let values = bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        Ok(Self(values))
    }

    /// The fraction of equal positions: an unbiased estimate of the Jaccard similarity of
    /// the two shingle sets. Signatures of different lengths compare as 0.
    #[must_use]
    pub fn estimated_jaccard(&self, other: &Signature) -> f64 {
        estimated_jaccard(&self.0, &other.0)
    }

    /// True for the signature of a text without words (every slot still at `u32::MAX`).
    #[must_use]
    pub fn is_empty_text(&self) -> bool {
        self.0.iter().all(|&v| v == u32::MAX)
    }
}

pub(crate) fn estimated_jaccard(a: &[u32], b: &[u32]) -> f64 {
    if a.len() != b.len() || a.is_empty() {
        return 0.0;
    }
    let equal = a.iter().zip(b).filter(|(x, y)| x == y).count();
    equal as f64 / a.len() as f64
}

/// Computes [`Signature`]s; cheap to share between threads (`Send + Sync`, read-only).
#[derive(Debug, Clone)]
pub struct MinHasher {
    xors: Vec<u32>,
    mults: Vec<u32>,
    shingle_words: usize,
}

impl Default for MinHasher {
    fn default() -> Self {
        Self::new(DEFAULT_NUM_HASHES, DEFAULT_SHINGLE_WORDS)
    }
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl MinHasher {
    /// A hasher with `num_hashes` permutations (at least 1) over shingles of
    /// `shingle_words` words (at least 1).
    #[must_use]
    pub fn new(num_hashes: usize, shingle_words: usize) -> Self {
        let num_hashes = num_hashes.max(1);
        let mut state = COEFFICIENT_SEED;
        let mut xors = Vec::with_capacity(num_hashes);
        let mut mults = Vec::with_capacity(num_hashes);
        for _ in 0..num_hashes {
            let r = splitmix64(&mut state);
            xors.push(r as u32);
            mults.push(((r >> 32) as u32) | 1);
        }
        Self {
            xors,
            mults,
            shingle_words: shingle_words.max(1),
        }
    }

    /// Permutations per signature.
    #[must_use]
    pub fn num_hashes(&self) -> usize {
        self.xors.len()
    }

    /// Words per shingle.
    #[must_use]
    pub fn shingle_words(&self) -> usize {
        self.shingle_words
    }

    /// The signature of a search-folded text.
    #[must_use]
    pub fn signature(&self, search_text: &str) -> Signature {
        let mut mins = vec![u32::MAX; self.xors.len()];
        // Sized for the words of a typical text (Arabic news has about one word in every 10
        // bytes), so the vector is rarely grown and copied.
        let mut word_hashes: Vec<u64> = Vec::with_capacity(search_text.len() / 6 + 1);
        word_hashes.extend(words(search_text).map(|w| stable_hash64(w.as_bytes())));
        if word_hashes.len() < self.shingle_words {
            if !word_hashes.is_empty() {
                self.absorb(&mut mins, shingle_hash(&word_hashes));
            }
        } else {
            for window in word_hashes.windows(self.shingle_words) {
                self.absorb(&mut mins, shingle_hash(window));
            }
        }
        Signature(mins)
    }

    #[inline]
    fn absorb(&self, mins: &mut [u32], h: u32) {
        // Written as a plain zip so the compiler vectorizes it.
        for ((m, &x), &a) in mins.iter_mut().zip(&self.xors).zip(&self.mults) {
            let mut v = (h ^ x).wrapping_mul(a);
            v ^= v >> 15;
            *m = (*m).min(v);
        }
    }
}

/// Combines the word hashes of one shingle, in order.
#[inline]
fn shingle_hash(window: &[u64]) -> u32 {
    let mut h: u64 = 0x243F_6A88_85A3_08D3;
    for &w in window {
        h = (h ^ w).wrapping_mul(0x9FB2_1C65_1E98_DF25).rotate_left(29);
    }
    h ^= h >> 32;
    h = h.wrapping_mul(0xD6E8_FEB8_6659_FD93);
    (h >> 32) as u32
}

/// A character that separates words: ASCII whitespace, punctuation and controls, Unicode
/// whitespace, Arabic punctuation (، ؛ ؟ ٪ ٫ ٬ ۔), guillemets and the General Punctuation
/// block (U+2000-U+206F).
#[inline]
fn is_separator(c: char) -> bool {
    let u = c as u32;
    if u < 0x80 {
        return ASCII_SEPARATOR[u as usize];
    }
    if (0x0621..=0x064A).contains(&u) {
        return false; // Arabic letters: the common case
    }
    matches!(u, 0x85 | 0xA0 | 0xAB | 0xBB | 0x060C | 0x061B | 0x061F | 0x066A..=0x066C | 0x06D4 | 0x1680 | 0x2000..=0x206F | 0x3000)
}

/// ASCII characters that separate words.
const ASCII_SEPARATOR: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = c.is_ascii_whitespace() || c.is_ascii_punctuation() || c.is_ascii_control();
        b += 1;
    }
    table
};

/// The words of a text, as used for shingles: maximal runs of non-separator characters.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(is_separator).filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use proptest::prelude::*;

    /// The rule `is_separator` implements with fast paths.
    fn reference_separator(c: char) -> bool {
        if c.is_ascii() {
            return c.is_ascii_whitespace() || c.is_ascii_punctuation() || c.is_ascii_control();
        }
        c.is_whitespace()
            || matches!(c, '،' | '؛' | '؟' | '«' | '»' | '٪' | '۔' | '٫' | '٬')
            || ('\u{2000}'..='\u{206F}').contains(&c)
    }

    fn naive_words(text: &str) -> Vec<&str> {
        text.split(reference_separator)
            .filter(|w| !w.is_empty())
            .collect()
    }

    #[test]
    fn separator_fast_paths_match_the_rule_on_every_char() {
        for c in (0..=0x0010_FFFF_u32).filter_map(char::from_u32) {
            assert_eq!(
                is_separator(c),
                reference_separator(c),
                "U+{:04X}",
                c as u32
            );
        }
    }

    proptest! {
        #[test]
        fn words_equal_the_reference_split(chars in proptest::collection::vec(prop_oneof![
            Just('a'), Just(' '), Just('.'), Just('\n'), Just('ب'), Just('،'), Just('؟'), Just('«'), Just('\u{00A0}'),
            Just('\u{2014}'), Just('\u{200F}'), Just('\u{3000}'), Just('é'), Just('\u{1680}'), Just('😀'), Just('\u{064E}'),
            Just('٣'), Just('\u{0085}'), Just('¬'), Just('ـ'), Just('٪'), Just('٫'), Just('٬'), Just('۔'), Just('؛'),
            Just('\u{2070}'), Just('\u{1681}'), Just('\u{3001}'), Just('»'), Just('\u{00AD}'), Just('\u{206F}'), Just('ؠ'),
        ], 0..40)) {
            let text: String = chars.into_iter().collect();
            prop_assert_eq!(words(&text).collect::<Vec<_>>(), naive_words(&text));
        }
    }

    #[test]
    fn words_split_on_punctuation() {
        let got: Vec<&str> = words("قال، الوزير: «نعم» - yes...ok").collect();
        assert_eq!(got, ["قال", "الوزير", "نعم", "yes", "ok"]);
    }

    #[test]
    fn signatures_are_pinned() {
        // Stored in documents.minhash: a change here must bump MINHASH_VERSION.
        let h = MinHasher::default();
        let sig = h.signature("a b c d e f");
        assert_eq!(sig.0.len(), 128);
        assert_eq!(sig, MinHasher::default().signature("a  b c\nd e f"));
        assert_ne!(sig, h.signature("a b c d e g"));
    }

    #[test]
    fn short_and_empty_texts() {
        let h = MinHasher::new(16, 5);
        assert!(h.signature("").is_empty_text());
        assert!(h.signature(" ، ").is_empty_text());
        assert!(!h.signature("كلمة").is_empty_text());
        assert_ne!(h.signature("كلمة"), h.signature("كلمتان"));
    }

    #[test]
    fn bytes_round_trip_and_reject_bad_lengths() {
        let sig = MinHasher::new(8, 3).signature("one two three four");
        let bytes = sig.to_bytes();
        assert_eq!(bytes.len(), 32);
        assert_eq!(Signature::from_bytes(&bytes).unwrap(), sig);
        assert!(Signature::from_bytes(&bytes[..5]).is_err());
    }

    fn text_of(words: &[u16]) -> String {
        words
            .iter()
            .map(|w| format!("w{w}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn true_jaccard(left: &[u16], right: &[u16], width: usize) -> f64 {
        use std::collections::BTreeSet;
        let shingles =
            |v: &[u16]| -> BTreeSet<Vec<u16>> { v.windows(width).map(<[u16]>::to_vec).collect() };
        let (ls, rs) = (shingles(left), shingles(right));
        let inter = ls.intersection(&rs).count() as f64;
        let union = ls.union(&rs).count() as f64;
        inter / union
    }

    proptest! {
        #[test]
        fn estimate_tracks_true_jaccard(
            base in proptest::collection::vec(0u16..5000, 60..200),
            edits in proptest::collection::vec((0usize..200, 0u16..5000), 0..20),
        ) {
            let mut other = base.clone();
            for (at, w) in edits {
                let i = at % other.len();
                other[i] = w;
            }
            let h = MinHasher::new(256, 3);
            let est = h.signature(&text_of(&base)).estimated_jaccard(&h.signature(&text_of(&other)));
            let truth = true_jaccard(&base, &other, 3);
            // 256 permutations: standard error <= 0.032; allow ~5 sigma.
            prop_assert!((est - truth).abs() < 0.16, "est {est} truth {truth}");
        }
    }
}
