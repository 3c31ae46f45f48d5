//! The corpus label lexicon: how a context-only tagger tags each word across a large
//! unlabelled corpus, as a tagger feature.
//!
//! A sentence-level tagger sees one context of a name; the corpus has hundreds. A tagger
//! trained on ANERcorp with [`crate::features::context_features`] alone (the words around a
//! token, never the token's own spelling or training tags) tags every sentence of the corpus,
//! and each word's tag counts are summed up in one byte, as the label lexicon does for the
//! training data ([`crate::lexicon`]). Because that tagger never sees the word itself, its
//! verdict on a name from the training data is no better informed than on a new one, so the
//! main tagger learns how far to trust the byte without cross-validation. The shipped table is
//! `data/ner/autolex.tsv`, made by `examples/autolex.rs`.

use std::collections::HashMap;

use crate::NerError;
use crate::conll::entities;
use crate::features::context_features;
use crate::gazetteer::Gazetteer;
use crate::model::{Model, TAGS, TYPES, tag_parts};
use crate::prepare::{Prepared, sentence_ranges};
use crate::train::{TrainOptions, train_context};

/// Counts a context-only tagger's tags of every word over unlabelled text.
#[derive(Debug)]
pub struct AutoLexicon {
    model: Model,
    gazetteer: Gazetteer,
    prep: Prepared,
    counts: HashMap<String, [u32; TAGS]>,
    features: Vec<u32>,
    scores: Vec<[f32; TAGS]>,
}

impl AutoLexicon {
    /// Trains the context tagger on ANERcorp-style `CoNLL` text.
    pub fn train(conll: &str, options: &TrainOptions) -> Result<Self, NerError> {
        let gazetteer = Gazetteer::embedded()?;
        let mut model = train_context(conll, options, &gazetteer)?;
        model.freeze();
        Ok(Self {
            model,
            gazetteer,
            prep: Prepared::default(),
            counts: HashMap::new(),
            features: Vec::new(),
            scores: Vec::new(),
        })
    }

    /// Tags one document of raw Arabic text and counts the tags of its words.
    pub fn add_text(&mut self, raw: &str) {
        let cleaned = khabar_normalize::clean(raw, Some("ara"));
        let text = cleaned.text.as_str();
        let analysis = khabar_extract::analyze(text);
        let tokens = &analysis.tokens;
        self.prep.fill(text, tokens, &self.gazetteer);
        self.prep.apply_lexicon(&self.model.lexicon);
        let (mut back, mut tags) = (Vec::new(), Vec::new());
        let mask = self.model.mask();
        for (lo, hi) in sentence_ranges(tokens) {
            self.scores.clear();
            for i in lo..hi {
                self.features.clear();
                context_features(&self.prep, i, lo, hi, mask, &mut self.features);
                let mut s = [0f32; TAGS];
                self.model.emit(&self.features, &mut s);
                self.scores.push(s);
            }
            self.model.viterbi(&self.scores, &mut back, &mut tags);
            // Whole entities only: a tag inside a span the Viterbi path left broken is noise.
            let mut whole = vec![0usize; tags.len()];
            for (first, end, tag) in entities(&tags) {
                for slot in whole.iter_mut().take(end).skip(first) {
                    *slot = tag;
                }
            }
            for (n, &tag) in whole.iter().enumerate() {
                let word = self.prep.word(lo + n);
                if word.chars().any(char::is_alphabetic)
                    && let Some(slot) = self.counts.entry(word.to_owned()).or_default().get_mut(tag)
                {
                    *slot += 1;
                }
            }
        }
    }

    /// The table of words seen at least `min_count` times and tagged as part of an entity
    /// at least once: `word<TAB>code` lines sorted by word, after a comment header.
    #[must_use]
    pub fn to_tsv(&self, min_count: u32) -> String {
        let mut rows: Vec<(&str, u16)> = self
            .counts
            .iter()
            .filter(|(_, c)| c.iter().sum::<u32>() >= min_count && c[0] < c.iter().sum::<u32>())
            .map(|(w, c)| (w.as_str(), share_code(c)))
            .collect();
        rows.sort_unstable();
        let mut out = String::from(
            "# word\tcode: the context tagger's tags of the word over SaudiNewsNet (khabar_ner::AutoLexicon), made by examples/autolex.rs\n",
        );
        for (word, code) in rows {
            out.push_str(word);
            out.push('\t');
            out.push_str(&code.to_string());
            out.push('\n');
        }
        out
    }
}

/// One number from a word's tag counts: for each of PER, LOC, ORG and MISC (in that order,
/// base 5) the bucketed share of its occurrences inside an entity of that type.
fn share_code(counts: &[u32; TAGS]) -> u16 {
    let total: u32 = counts.iter().sum::<u32>().max(1);
    let mut per_type = [0u32; TYPES];
    for (t, &n) in counts.iter().enumerate() {
        if let Some((ty, _)) = tag_parts(t)
            && let Some(slot) = per_type.get_mut(ty)
        {
            *slot += n;
        }
    }
    let mut out = 0u16;
    for &n in per_type.iter().rev() {
        let bucket = match n * 100 / total {
            0 if n == 0 => 0,
            0..=9 => 1,
            10..=29 => 2,
            30..=59 => 3,
            _ => 4,
        };
        out = out * 5 + bucket;
    }
    out
}

/// The share bucket (0-4) of entity type `t` (0 = PER .. 3 = MISC) in a [`share_code`].
#[must_use]
pub(crate) fn share_of(code: u16, t: u32) -> u16 {
    code / 5u16.pow(t) % 5
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::fmt::Write;

    #[test]
    fn share_codes_keep_each_type_apart() {
        // 10 occurrences: 7 as a person (B, I, E or S), 2 as a place, 1 plain.
        let mut counts = [0u32; TAGS];
        counts[0] = 1;
        counts[1..5].copy_from_slice(&[3, 1, 2, 1]);
        counts[5] = 1;
        counts[8] = 1;
        let code = share_code(&counts);
        assert_eq!(
            (0..4).map(|t| share_of(code, t)).collect::<Vec<_>>(),
            [4, 2, 0, 0]
        );
        let mut misc = [0u32; TAGS];
        misc[0] = 19;
        misc[TAGS - 1] = 1;
        assert_eq!(share_code(&misc), 125, "5% MISC");
    }

    #[test]
    fn context_tagger_names_an_unseen_word_from_its_context() {
        let mut conll = String::new();
        for name in ["زيدان", "كرمول", "فتوان", "سمرقان", "بلهاد", "طرفاوي"]
        {
            for place in ["قرطوبة", "زنبقة", "مرجانة"] {
                let _ = write!(
                    conll,
                    "استقبل O\nالسيد O\n{name} B-PERS\nفي O\nمدينة O\n{place} B-LOC\n. O\n"
                );
            }
        }
        let options = TrainOptions {
            epochs: 5,
            bits: 14,
            seed: 1,
            runs: 1,
            dropout: 0,
            bias: [0.0; 4],
        };
        let mut lexicon = AutoLexicon::train(&conll, &options).unwrap();
        for _ in 0..3 {
            lexicon.add_text("استقبل السيد قمحاني في مدينة بسقان .");
        }
        let tsv = lexicon.to_tsv(3);
        let code_of = |word: &str| -> u16 {
            tsv.lines()
                .find_map(|l| l.strip_prefix(&format!("{word}\t")))
                .unwrap()
                .parse()
                .unwrap()
        };
        assert_eq!(share_of(code_of("قمحاني"), 0), 4, "{tsv}");
        assert_eq!(share_of(code_of("بسقان"), 1), 4, "{tsv}");
        assert!(!tsv.contains("استقبل"), "never an entity: not listed");
        assert_eq!(lexicon.to_tsv(3), tsv, "sorted, so deterministic");
    }
}
