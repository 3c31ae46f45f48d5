//! Per-document preparation shared by the tagger, the rules and training: folded words and
//! gazetteer matches, computed once into reusable buffers.

use std::hash::Hasher;

use khabar_core::Token;

use crate::fold::{clitic_readings, fold_into, light_stem};
use crate::gazetteer::{Gazetteer, NO_CLUSTER, Target, Trigger, WordClass};
use crate::hashing::FastHasher;
use crate::lexicon::LabelLexicon;

/// A gazetteer match over tokens `first..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GazMatch {
    /// First token.
    pub first: usize,
    /// One past the last token.
    pub end: usize,
    /// Code points of proclitics on the first token, left out of the mention.
    pub clitics: usize,
    /// What matched.
    pub target: Target,
}

/// Bits of [`Prepared::gaz_bits`]: what the gazetteers say about one token.
pub mod bits {
    /// First word of a place name.
    pub const LOC_B: u16 = 1;
    /// Later word of a place name.
    pub const LOC_I: u16 = 1 << 1;
    /// First word of an organisation name.
    pub const ORG_B: u16 = 1 << 2;
    /// Later word of an organisation name.
    pub const ORG_I: u16 = 1 << 3;
    /// A demonym.
    pub const NORP: u16 = 1 << 4;
    /// Part of a country name.
    pub const COUNTRY: u16 = 1 << 5;
    /// A known given name.
    pub const FIRST_NAME: u16 = 1 << 6;
    /// A title word.
    pub const TITLE: u16 = 1 << 7;
    /// A word that heads organisation names.
    pub const ORG_HEAD: u16 = 1 << 8;
    /// A word that heads place names.
    pub const LOC_HEAD: u16 = 1 << 9;
    /// Number of bits in use.
    pub const COUNT: u32 = 10;
}

/// Hashes of one token's parts, computed once so features only mix numbers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TokenHashes {
    /// The folded word.
    pub word: u64,
    /// Its light stem.
    pub stem: u64,
    /// Its first 1, 2 and 3 characters (0 when the word is not longer).
    pub prefix: [u64; 3],
    /// Its last 1, 2 and 3 characters.
    pub suffix: [u64; 3],
    /// A coarse shape: script, digits, punctuation, length.
    pub shape: u64,
}

impl TokenHashes {
    /// The word and stem hashes, plus the affix and shape hashes when `features` is set
    /// (only the tagger reads those).
    fn of(word: &str, stem: &str, features: bool) -> Self {
        let word_hash = hash_str(word);
        let mut out = Self {
            word: word_hash,
            stem: if stem == word {
                word_hash
            } else {
                hash_str(stem)
            },
            ..Self::default()
        };
        if features {
            out.shape = shape(word);
            affixes(word, &mut out.prefix, &mut out.suffix);
        }
        out
    }
}

/// Hashes of the first and last `1..=N` characters of `word` into `prefix`/`suffix`
/// (left 0 where the word is not longer than the affix).
fn affixes<const N: usize>(word: &str, prefix: &mut [u64; N], suffix: &mut [u64; N]) {
    let count = word.chars().count();
    for (n, (b, _)) in word.char_indices().skip(1).take(N).enumerate() {
        if count > n + 1 {
            prefix[n] = hash_str(word.get(..b).unwrap_or(""));
        }
    }
    for (n, (b, _)) in word.char_indices().rev().take(N).enumerate() {
        if count > n + 1 {
            suffix[n] = hash_str(word.get(b..).unwrap_or(""));
        }
    }
}

/// The hash of a string, as every feature template sees it.
#[must_use]
pub fn hash_str(s: &str) -> u64 {
    let mut h = FastHasher::with_seed(0x5EED);
    h.write(s.as_bytes());
    h.finish()
}

/// A coarse word shape: script, digits, punctuation, length bucket.
fn shape(word: &str) -> u64 {
    let (mut arabic, mut latin, mut digit, mut other) = (false, false, false, false);
    let mut len = 0u64;
    for c in word.chars() {
        len += 1;
        if crate::fold::is_arabic(c) {
            arabic = true;
        } else if c.is_ascii_digit() {
            digit = true;
        } else if c.is_alphabetic() {
            latin = true;
        } else {
            other = true;
        }
    }
    u64::from(arabic)
        | u64::from(latin) << 1
        | u64::from(digit) << 2
        | u64::from(other) << 3
        | len.min(8) << 4
}

/// The token ranges `(lo, hi)` of each sentence of `tokens`, in order.
pub(crate) fn sentence_ranges(tokens: &[Token]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut lo = 0;
    std::iter::from_fn(move || {
        let sentence = tokens.get(lo)?.sentence;
        let start = lo;
        lo += tokens[start..]
            .iter()
            .take_while(|t| t.sentence == sentence)
            .count();
        Some((start, lo))
    })
}

/// The folded words and gazetteer facts of one text's tokens.
#[derive(Debug, Default)]
pub struct Prepared {
    folded: String,
    spans: Vec<(u32, u32)>,
    /// Gazetteer matches, left to right, not overlapping.
    pub matches: Vec<GazMatch>,
    /// Per token, a set of [`bits`].
    pub gaz_bits: Vec<u16>,
    /// Per token, the word class of the word as written ([`NO_CLUSTER`] unless filled
    /// with `features`).
    pub clusters: Vec<WordClass>,
    /// Per token, the word class of its light stem ([`NO_CLUSTER`] unless filled with
    /// `features`).
    pub stem_clusters: Vec<WordClass>,
    /// Per token, hashes of its word, stem and affixes for the tagger's features.
    pub hashes: Vec<TokenHashes>,
    /// Per token, the label-lexicon codes of its word and stem (see [`crate::lexicon`]);
    /// zeros until [`Prepared::apply_lexicon`] or training fills them.
    pub lex: Vec<[u8; 2]>,
    /// Per token, the corpus label-lexicon codes of its word and stem (see
    /// [`crate::autolex`]; zeros unless filled with `features`).
    pub auto: Vec<[u16; 2]>,
    /// Per token, its clitic readings (see [`clitic_readings`]), worked out once: the
    /// gazetteer match, listed persons and currency tests all ask for them.
    readings: Vec<CachedReadings>,
    /// The elided-article stems of `readings` (لل + X read as الX).
    elided: String,
    key: String,
    scratch: String,
}

/// Up to four clitic readings of one token: clitic characters and the stem's byte range,
/// in `Prepared::folded`, or in `Prepared::elided` when `in_elided`.
#[derive(Debug, Default, Clone, Copy)]
struct CachedReadings {
    len: u8,
    items: [(u8, u32, u32, bool); 4],
}

impl Prepared {
    /// The folded form of token `i` (empty when out of range).
    #[must_use]
    pub fn word(&self, i: usize) -> &str {
        self.spans
            .get(i)
            .and_then(|&(s, e)| self.folded.get(s as usize..e as usize))
            .unwrap_or("")
    }

    /// Folds and matches `tokens` of `text`, reusing this value's buffers.
    pub fn fill(&mut self, text: &str, tokens: &[Token], gazetteer: &Gazetteer) {
        self.fill_for(text, tokens, gazetteer, true);
    }

    /// [`Prepared::fill`], leaving the tagger's affix and shape hashes, word classes and
    /// corpus label codes empty unless `features` is set: the gazetteers and rules need
    /// only words, stems, matches, triggers and given names.
    pub fn fill_for(
        &mut self,
        text: &str,
        tokens: &[Token],
        gazetteer: &Gazetteer,
        features: bool,
    ) {
        self.folded.clear();
        self.spans.clear();
        self.matches.clear();
        self.gaz_bits.clear();
        self.clusters.clear();
        self.stem_clusters.clear();
        self.hashes.clear();
        self.auto.clear();
        self.readings.clear();
        self.elided.clear();
        self.lex.clear();
        self.lex.resize(tokens.len(), [0; 2]);
        // Sized once: growing these a push at a time copied them over and over.
        let n = tokens.len();
        self.folded
            .reserve(tokens.iter().map(|t| t.text(text).len()).sum());
        self.spans.reserve(n);
        self.clusters.reserve(n);
        self.stem_clusters.reserve(n);
        self.hashes.reserve(n);
        self.auto.reserve(n);
        for token in tokens {
            let start = self.folded.len() as u32;
            fold_into(token.text(text), &mut self.folded);
            self.spans.push((start, self.folded.len() as u32));
        }
        self.cache_readings();
        self.gaz_bits.resize(tokens.len(), 0);
        self.find_matches(text, tokens, gazetteer);
        for i in 0..tokens.len() {
            let word = self.word(i);
            let stem = light_stem(word);
            let hashes = TokenHashes::of(word, stem, features);
            let lookup = |hash: u64| {
                if features {
                    gazetteer.lexeme_by_hash(hash)
                } else {
                    gazetteer.listed_by_hash(hash)
                }
            };
            let lexeme = lookup(hashes.word);
            let stem_lexeme = if stem == word {
                lexeme
            } else {
                lookup(hashes.stem)
            };
            let mut trigger = lexeme.trigger;
            if trigger.is_none() && word.starts_with('و') {
                trigger = lookup(hash_str(strip_conjunction(word))).trigger;
            }
            let mut b = match trigger {
                Some(Trigger::Title) => bits::TITLE,
                Some(Trigger::Org) => bits::ORG_HEAD,
                Some(Trigger::Loc) => bits::LOC_HEAD,
                None => 0,
            };
            if lexeme.first_name || stem_lexeme.first_name {
                b |= bits::FIRST_NAME;
            }
            let cluster = if lexeme.class == NO_CLUSTER {
                stem_lexeme.class
            } else {
                lexeme.class
            };
            self.gaz_bits[i] |= b;
            self.clusters.push(cluster);
            self.stem_clusters.push(stem_lexeme.class);
            self.hashes.push(hashes);
            self.auto.push([lexeme.auto, stem_lexeme.auto]);
        }
    }

    /// Works out every token's clitic readings once.
    fn cache_readings(&mut self) {
        let mut scratch = std::mem::take(&mut self.scratch);
        self.readings.reserve(self.spans.len());
        for &(s, e) in &self.spans {
            let word = self.folded.get(s as usize..e as usize).unwrap_or("");
            let mut cached = CachedReadings::default();
            for (slot, &(clitics, stem)) in cached
                .items
                .iter_mut()
                .zip(clitic_readings(word, &mut scratch).as_slice())
            {
                // A stem is a tail of the word, or else the elided form built in `scratch`.
                *slot = if word.ends_with(stem) {
                    (clitics as u8, e - stem.len() as u32, e, false)
                } else {
                    let at = self.elided.len() as u32;
                    self.elided.push_str(stem);
                    (clitics as u8, at, self.elided.len() as u32, true)
                };
                cached.len += 1;
            }
            self.readings.push(cached);
        }
        self.scratch = scratch;
    }

    /// The clitic readings of token `i`, as [`clitic_readings`] gives them: `(clitic
    /// characters, stem)`, most literal first.
    pub fn readings(&self, i: usize) -> impl Iterator<Item = (usize, &str)> {
        let cached = self.readings.get(i).copied().unwrap_or_default();
        (0..usize::from(cached.len)).map(move |k| {
            let (clitics, start, end, in_elided) = cached.items[k];
            let source = if in_elided {
                &self.elided
            } else {
                &self.folded
            };
            (
                usize::from(clitics),
                source.get(start as usize..end as usize).unwrap_or(""),
            )
        })
    }

    /// Looks every token's word and stem up in `lexicon`.
    pub fn apply_lexicon(&mut self, lexicon: &LabelLexicon) {
        for (slot, h) in self.lex.iter_mut().zip(&self.hashes) {
            *slot = lexicon.codes(h.word, h.stem);
        }
    }

    fn find_matches(&mut self, text: &str, tokens: &[Token], gazetteer: &Gazetteer) {
        let mut i = 0;
        while i < tokens.len() {
            match self.longest_match_at(i, text, tokens, gazetteer) {
                Some(found) => {
                    let (begin, inside) = match found.target {
                        Target::Entity(r) => match gazetteer.record(r).map(|r| r.kind) {
                            Some(khabar_core::EntityKind::Org) => (bits::ORG_B, bits::ORG_I),
                            _ => (bits::LOC_B, bits::LOC_I),
                        },
                        Target::Demonym(_) | Target::Prefix => (bits::NORP, bits::NORP),
                    };
                    let country = match found.target {
                        Target::Entity(r) => gazetteer
                            .record(r)
                            .is_some_and(|r| r.entity_id.starts_with("iso:")),
                        _ => false,
                    };
                    for t in found.first..found.end {
                        if let Some(slot) = self.gaz_bits.get_mut(t) {
                            *slot |= if t == found.first { begin } else { inside };
                            if country {
                                *slot |= bits::COUNTRY;
                            }
                        }
                    }
                    self.matches.push(found);
                    i = found.end;
                }
                None => i += 1,
            }
        }
    }

    /// The longest name starting at token `i` (under any clitic reading of it).
    fn longest_match_at(
        &mut self,
        i: usize,
        text: &str,
        tokens: &[Token],
        gazetteer: &Gazetteer,
    ) -> Option<GazMatch> {
        let sentence = tokens.get(i)?.sentence;
        let mut key = std::mem::take(&mut self.key);
        let mut best: Option<GazMatch> = None;
        for (clitics, stem) in self.readings(i) {
            key.clear();
            key.push_str(stem);
            let mut end = i + 1;
            loop {
                match gazetteer.phrase(&key) {
                    None => break,
                    Some(Target::Prefix) => {}
                    Some(target) => {
                        let longer = best.is_none_or(|b| end > b.end);
                        if longer && latin_case_ok(&key, text, &tokens[i..end]) {
                            best = Some(GazMatch {
                                first: i,
                                end,
                                clitics,
                                target,
                            });
                        }
                    }
                }
                if end - i >= gazetteer.max_words
                    || tokens.get(end).is_none_or(|t| t.sentence != sentence)
                {
                    break;
                }
                let (ns, ne) = self.spans.get(end).copied().unwrap_or((0, 0));
                key.push(' ');
                key.push_str(self.folded.get(ns as usize..ne as usize).unwrap_or(""));
                end += 1;
            }
        }
        self.key = key;
        best
    }
}

fn strip_conjunction(word: &str) -> &str {
    word.strip_prefix('و')
        .filter(|w| w.chars().count() >= 3)
        .unwrap_or(word)
}

/// English names match only when written as names: capitalised, and short acronyms
/// (`US`, `UN`) only in capitals, so "us" and "un" stay words.
pub(crate) fn latin_case_ok(key: &str, text: &str, tokens: &[Token]) -> bool {
    if !key.is_ascii() {
        return true;
    }
    let short = key.len() <= 3;
    tokens.iter().all(|t| {
        let word = t.text(text);
        let mut chars = word.chars().filter(|c| c.is_alphabetic());
        let capital = chars.next().is_some_and(char::is_uppercase);
        capital
            && (!short
                || word
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase))
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    static GAZETTEER: std::sync::LazyLock<Gazetteer> =
        std::sync::LazyLock::new(|| Gazetteer::embedded().unwrap());

    proptest::proptest! {
        #[test]
        fn cached_readings_equal_clitic_readings(
            words in proptest::collection::vec(
                "(و|ف|ب|ل|ك|لل|ال|ولل|فب){0,2}(ليبيا|ولايات|الدولار|لبنان|يورو|ل|ب|x|Rome)",
                1..12,
            )
        ) {
            let text = words.join(" ");
            let analysis = khabar_extract::analyze(&text);
            let mut prep = Prepared::default();
            prep.fill(&text, &analysis.tokens, &GAZETTEER);
            let mut scratch = String::new();
            for i in 0..analysis.tokens.len() {
                let want: Vec<(usize, String)> = clitic_readings(prep.word(i), &mut scratch)
                    .as_slice()
                    .iter()
                    .map(|&(c, s)| (c, s.to_owned()))
                    .collect();
                let got: Vec<(usize, String)> =
                    prep.readings(i).map(|(c, s)| (c, s.to_owned())).collect();
                proptest::prop_assert_eq!(got, want);
            }
        }
    }
}
