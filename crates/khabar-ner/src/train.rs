//! Training the tagger: an averaged structured perceptron over hashed features.
//!
//! Deterministic: sentences are shuffled with a fixed-seed generator, so the same `CoNLL` and
//! options give the same model bytes.

use crate::NerError;
use crate::conll::{GoldSentence, parse_conll};
use crate::features::{context_features, token_features};
use crate::gazetteer::Gazetteer;
use crate::lexicon::{LabelLexicon, LexiconCounts};
use crate::model::{Model, TAGS};
use crate::prepare::Prepared;

/// Training settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainOptions {
    /// Passes over the data.
    pub epochs: usize,
    /// `2^bits` feature buckets.
    pub bits: u32,
    /// Seed of the sentence shuffle.
    pub seed: u64,
    /// Independent runs (seed, seed + 1, ...) whose averaged weights are summed.
    pub runs: usize,
    /// Percent of a token's features hidden at random each time training visits it.
    pub dropout: u32,
    /// Per-type decision biases (PER, LOC, ORG, MISC) per run: the model adds `bias * runs`
    /// to the decode-time score of every tag of the type (see [`Model::set_bias`]).
    pub bias: [f32; 4],
}

/// The settings of the shipped `data/ner/model.bin`: training is deterministic, so
/// `train(anercorp, &TrainOptions::default())` reproduces its bytes.
impl Default for TrainOptions {
    fn default() -> Self {
        Self {
            epochs: 12,
            bits: 18,
            seed: 7,
            runs: 6,
            dropout: 20,
            bias: DEFAULT_BIAS,
        }
    }
}

/// The shipped per-run decision biases (PER, LOC, ORG, MISC), chosen without the dev split
/// by `examples/train.rs --tune-bias` (nine folds inside the first 90% of ANERcorp, each with
/// its own corpus label lexicon): inner pooled micro F1 77.15 -> 77.47 (BIOES tags, repeats
/// of tagged names added), mostly recall of PER, LOC and ORG. They were chosen before long
/// sentences were cut ([`split_long`]) and not chosen again since. Each run's scores are of
/// the order of a few hundred, so these are small.
pub const DEFAULT_BIAS: [f32; 4] = [5.0, 10.0, 7.5, 0.0];

/// Contiguous folds of the label lexicon's cross-validation: contiguous, so a name
/// repeated within one news story does not leak into its own sentences' codes.
const LEXICON_FOLDS: usize = 10;

/// Training sentences longer than this are cut into pieces (see [`split_long`]).
const LONG_SENTENCE: usize = 100;
/// The length a piece of a long sentence reaches before it may be cut.
const PIECE: usize = 60;

/// Cuts every sentence longer than [`LONG_SENTENCE`] tokens (a story whose file has no
/// sentence ends: ANERcorp holds two of 1,700 tokens and more) into pieces of at least
/// [`PIECE`] tokens, each cut between two O tokens so no entity is split. One such
/// "sentence" is never tagged quite right, so every pass of the perceptron over it updates
/// hundreds of tokens at once; with BIOES tags that made one run of six diverge (its S-ORG
/// weights ran to -1,000 and beyond) and spoiled the summed model.
fn split_long(sentences: Vec<GoldSentence>) -> Vec<GoldSentence> {
    let mut out = Vec::with_capacity(sentences.len());
    for sentence in sentences {
        if sentence.words.len() <= LONG_SENTENCE {
            out.push(sentence);
            continue;
        }
        let mut piece = GoldSentence::default();
        for (word, &tag) in sentence.words.into_iter().zip(&sentence.tags) {
            if piece.words.len() >= PIECE && tag == 0 && piece.tags.last() == Some(&0) {
                out.push(std::mem::take(&mut piece));
            }
            piece.words.push(word);
            piece.tags.push(tag);
        }
        if !piece.words.is_empty() {
            out.push(piece);
        }
    }
    out
}

/// One sentence's features, flattened.
struct Example {
    features: Vec<u32>,
    offsets: Vec<usize>,
    tags: Vec<usize>,
}

/// The feature function a tagger is trained with.
pub(crate) type FeatureFn = fn(&Prepared, usize, usize, usize, u32, &mut Vec<u32>);

/// Trains a tagger on ANERcorp-style `CoNLL` text.
pub fn train(conll: &str, options: &TrainOptions) -> Result<Model, NerError> {
    train_with(conll, options, &Gazetteer::embedded()?, token_features)
}

/// Like [`train`], with `autolex` (the text of an `autolex.tsv`) as the corpus label lexicon
/// instead of the shipped one; score the model with
/// [`crate::EntityRecognizer::with_model_and_autolex`] and the same table.
pub fn train_with_autolex(
    conll: &str,
    options: &TrainOptions,
    autolex: &str,
) -> Result<Model, NerError> {
    train_with(
        conll,
        options,
        &Gazetteer::with_autolex(autolex)?,
        token_features,
    )
}

/// Trains the context-only tagger of [`crate::autolex`].
pub(crate) fn train_context(
    conll: &str,
    options: &TrainOptions,
    gazetteer: &Gazetteer,
) -> Result<Model, NerError> {
    // The context tagger's verdicts feed the main tagger as counts: no decision bias.
    let options = TrainOptions {
        bias: [0.0; 4],
        ..*options
    };
    train_with(conll, &options, gazetteer, context_features)
}

fn train_with(
    conll: &str,
    options: &TrainOptions,
    gazetteer: &Gazetteer,
    features_of: FeatureFn,
) -> Result<Model, NerError> {
    if !(8..=26).contains(&options.bits) {
        return Err(NerError::Model(format!(
            "unsupported bucket bits {}",
            options.bits
        )));
    }
    let sentences = split_long(parse_conll(conll));
    if sentences.is_empty() {
        return Err(NerError::EmptyTrainingData);
    }
    let mut model = Model::zeros(options.bits);
    let mask = model.mask();
    let mut prep = Prepared::default();
    // First pass: word and stem hashes, counted into the label lexicon per fold.
    let hashes: Vec<Vec<(u64, u64)>> = sentences
        .iter()
        .map(|s| {
            let (text, tokens) = s.as_tokens();
            prep.fill(&text, &tokens, gazetteer);
            prep.hashes.iter().map(|h| (h.word, h.stem)).collect()
        })
        .collect();
    let fold_of = |n: usize| n * LEXICON_FOLDS / sentences.len();
    let mut total = LexiconCounts::default();
    let mut folds = vec![LexiconCounts::default(); LEXICON_FOLDS];
    for (n, (s, h)) in sentences.iter().zip(&hashes).enumerate() {
        for (&tag, &(word, stem)) in s.tags.iter().zip(h) {
            total.add(word, stem, tag);
            if let Some(fold) = folds.get_mut(fold_of(n)) {
                fold.add(word, stem, tag);
            }
        }
    }
    let examples: Vec<Example> = sentences
        .iter()
        .enumerate()
        .map(|(n, s)| {
            let (text, tokens) = s.as_tokens();
            prep.fill(&text, &tokens, gazetteer);
            if let Some(fold) = folds.get(fold_of(n)) {
                for (slot, h) in prep.lex.iter_mut().zip(&prep.hashes) {
                    *slot = total.codes_without(fold, h.word, h.stem);
                }
            }
            let mut features = Vec::new();
            let mut offsets = vec![0];
            for i in 0..tokens.len() {
                features_of(&prep, i, 0, tokens.len(), mask, &mut features);
                offsets.push(features.len());
            }
            Example {
                features,
                offsets,
                tags: s.tags.clone(),
            }
        })
        .collect();
    drop(hashes);

    // Summing runs over differently shuffled data is averaging over more perceptron paths:
    // +0.5 F1 on every dev fold tried, for a few seconds of training.
    for run in 0..options.runs.max(1) {
        let one = perceptron(&examples, options, options.seed.wrapping_add(run as u64));
        for (w, x) in model.emission.iter_mut().zip(&one.emission) {
            *w += x;
        }
        for (row, xrow) in model.transition.iter_mut().zip(&one.transition) {
            for (w, x) in row.iter_mut().zip(xrow) {
                *w += x;
            }
        }
    }
    model.lexicon = LabelLexicon::from_counts(&total);
    let runs = options.runs.max(1) as f32;
    model.set_bias(options.bias.map(|b| b * runs));
    Ok(model)
}

/// One averaged-perceptron run over `examples` with sentence order shuffled by `seed`.
fn perceptron(examples: &[Example], options: &TrainOptions, seed: u64) -> Model {
    let mut model = Model::zeros(options.bits);
    // Averaging by the timestamp trick: avg = w - acc / c.
    let mut acc_emission = vec![0f64; model.emission.len()];
    let mut acc_transition = [[0f64; TAGS]; TAGS + 1];
    let mut c = 1f64;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    let (mut scores, mut back, mut predicted) = (Vec::new(), Vec::new(), Vec::new());
    // Feature dropout: each visit of a sentence hides a random `dropout`% of every token's
    // features, so no single cue (a memorised word) can carry a decision alone.
    let drop_below = ((u64::from(options.dropout.min(100)) << 24) / 100) as u32;
    let (mut kept, mut kept_offsets) = (Vec::new(), Vec::new());
    for _ in 0..options.epochs {
        for i in (1..order.len()).rev() {
            rng = rng
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            order.swap(i, (rng >> 33) as usize % (i + 1));
        }
        for &e in &order {
            let ex = &examples[e];
            let (features, offsets) = if drop_below == 0 {
                (&ex.features[..], &ex.offsets[..])
            } else {
                kept.clear();
                kept_offsets.clear();
                kept_offsets.push(0);
                for w in ex.offsets.windows(2) {
                    for &f in &ex.features[w[0]..w[1]] {
                        rng = rng
                            .wrapping_mul(6_364_136_223_846_793_005)
                            .wrapping_add(1_442_695_040_888_963_407);
                        if (rng >> 40) as u32 >= drop_below {
                            kept.push(f);
                        }
                    }
                    kept_offsets.push(kept.len());
                }
                (&kept[..], &kept_offsets[..])
            };
            scores.clear();
            for w in offsets.windows(2) {
                let mut s = [0f32; TAGS];
                model.emit(&features[w[0]..w[1]], &mut s);
                scores.push(s);
            }
            model.viterbi(&scores, &mut back, &mut predicted);
            if predicted != ex.tags {
                for (i, (&gold, &pred)) in ex.tags.iter().zip(&predicted).enumerate() {
                    let prev_gold = if i == 0 { TAGS } else { ex.tags[i - 1] };
                    let prev_pred = if i == 0 { TAGS } else { predicted[i - 1] };
                    if gold != pred {
                        for &f in &features[offsets[i]..offsets[i + 1]] {
                            let base = f as usize * TAGS;
                            model.emission[base + gold] += 1.0;
                            model.emission[base + pred] -= 1.0;
                            acc_emission[base + gold] += c;
                            acc_emission[base + pred] -= c;
                        }
                    }
                    if gold != pred || prev_gold != prev_pred {
                        model.transition[prev_gold][gold] += 1.0;
                        model.transition[prev_pred][pred] -= 1.0;
                        acc_transition[prev_gold][gold] += c;
                        acc_transition[prev_pred][pred] -= c;
                    }
                }
            }
            c += 1.0;
        }
    }
    for (w, a) in model.emission.iter_mut().zip(&acc_emission) {
        *w = (f64::from(*w) - a / c) as f32;
    }
    for (row, acc_row) in model.transition.iter_mut().zip(&acc_transition) {
        for (w, a) in row.iter_mut().zip(acc_row) {
            *w = (f64::from(*w) - a / c) as f32;
        }
    }
    model
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::recognizer::EntityRecognizer;
    use std::fmt::Write;

    /// Template sentences: a person after "التقى", a place after "في", an organisation
    /// after "مع", all from small lists (gazetteer-free, invented names).
    fn synthetic(first: &[&str], last: &[&str], places: &[&str], orgs: &[&str]) -> String {
        let mut out = String::new();
        for (i, f) in first.iter().enumerate() {
            for (j, l) in last.iter().enumerate() {
                let place = places[(i + j) % places.len()];
                let org = orgs[(i * 3 + j) % orgs.len()];
                let _ = write!(
                    out,
                    "التقى O\n{f} B-PERS\n{l} I-PERS\nفي O\n{place} B-LOC\nمع O\nوفد O\n{org} B-ORG\nالجديد O\n. O\n"
                );
            }
        }
        out
    }

    #[test]
    fn a_tiny_model_learns_its_templates() {
        let conll = synthetic(
            &["زيدان", "كرمول", "فتوان", "سمرقان", "بلهاد"],
            &["طرفاوي", "قمحاني", "زعتوري", "بسقاني"],
            &["قرطوبة", "زنبقة", "مرجانة"],
            // Invented names: a real head word alone (رابطة) is never a mention.
            &["نخلستان", "برقادة"],
        );
        let model = train(
            &conll,
            &TrainOptions {
                epochs: 5,
                bits: 16,
                seed: 1,
                runs: 1,
                dropout: 0,
                bias: [0.0; 4],
            },
        )
        .unwrap();
        let recognizer = EntityRecognizer::with_model(model).unwrap();
        let text = "التقى كرمول قمحاني في زنبقة مع وفد برقادة الجديد .";
        let analysis = khabar_extract::analyze(text);
        let got: Vec<(String, khabar_core::EntityKind)> = recognizer
            .recognize(text, &analysis, Some("ara"))
            .into_iter()
            .map(|m| (m.text, m.kind))
            .collect();
        assert_eq!(
            got,
            [
                ("كرمول قمحاني".to_owned(), khabar_core::EntityKind::Per),
                ("زنبقة".to_owned(), khabar_core::EntityKind::Loc),
                ("برقادة".to_owned(), khabar_core::EntityKind::Org),
            ]
        );
        let report = crate::evaluate(&recognizer, &conll);
        assert!(report.micro.f1() > 95.0, "{report}");
    }

    #[test]
    fn long_sentences_are_cut_between_two_plain_words() {
        let long = GoldSentence {
            words: (0..250).map(|i| i.to_string()).collect(),
            // An entity over tokens 59..=61 and another at 130: no cut may fall inside.
            tags: (0..250)
                .map(|i| match i {
                    59 => 1,
                    60 | 61 => 2,
                    130 => 3,
                    _ => 0,
                })
                .collect(),
        };
        let short = GoldSentence {
            words: vec!["a".into(); 100],
            tags: vec![0; 100],
        };
        let pieces = split_long(vec![short.clone(), long.clone()]);
        assert_eq!(pieces[0], short, "100 tokens stay whole");
        let rest = &pieces[1..];
        assert!(rest.len() >= 3, "{}", rest.len());
        assert_eq!(rest.iter().map(|p| p.words.len()).sum::<usize>(), 250);
        let joined: Vec<usize> = rest.iter().flat_map(|p| p.tags.clone()).collect();
        assert_eq!(joined, long.tags, "nothing lost or reordered");
        for p in &rest[..rest.len() - 1] {
            assert!(p.words.len() >= PIECE);
            assert_eq!(p.tags.last(), Some(&0));
        }
        for p in rest.iter().skip(1) {
            assert_eq!(
                p.tags.first(),
                Some(&0),
                "a piece starts outside any entity"
            );
        }
    }

    #[test]
    fn training_is_deterministic_and_rejects_empty_input() {
        let conll = synthetic(&["زيدان", "كرمول"], &["طرفاوي"], &["قرطوبة"], &["جمعية"]);
        let options = TrainOptions {
            epochs: 2,
            bits: 12,
            seed: 3,
            runs: 2,
            dropout: 20,
            bias: [0.0; 4],
        };
        assert_eq!(
            train(&conll, &options).unwrap().to_bytes(),
            train(&conll, &options).unwrap().to_bytes()
        );
        assert!(matches!(
            train("", &options),
            Err(NerError::EmptyTrainingData)
        ));
        assert!(
            train(
                &conll,
                &TrainOptions {
                    bits: 40,
                    ..options
                }
            )
            .is_err()
        );
    }
}
