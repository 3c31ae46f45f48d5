//! Scoring against `CoNLL` gold labels through the pipeline's own code path.
//!
//! Gold sentences are joined with spaces into passages of consecutive sentences (as an
//! article reaches `khabar run`: the recogniser uses what it saw earlier in the text, such
//! as a person's full name before the surname alone), cleaned by `khabar_normalize::clean`,
//! analysed by `khabar_extract::analyze` and passed to [`EntityRecognizer::recognize`]. A
//! predicted mention covers the gold tokens it overlaps (so a left-out clitic is tolerated);
//! an entity counts when its tokens and type match exactly, within one sentence. NORP
//! predictions are ignored.

use std::fmt;

use khabar_core::EntityKind;

use crate::conll::{entities, parse_conll};
use crate::model::tag_kind;
use crate::recognizer::EntityRecognizer;

const KINDS: [EntityKind; 4] = [
    EntityKind::Per,
    EntityKind::Loc,
    EntityKind::Org,
    EntityKind::Misc,
];

/// Counts for one entity type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Predicted and gold.
    pub true_positives: usize,
    /// Predicted, not gold.
    pub false_positives: usize,
    /// Gold, not predicted.
    pub false_negatives: usize,
}

impl Counts {
    /// Precision in percent.
    #[must_use]
    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    /// Recall in percent.
    #[must_use]
    pub fn recall(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }

    /// F1 in percent.
    #[must_use]
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// Per-type and micro-averaged scores.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EvalReport {
    /// PER, LOC, ORG, MISC in that order.
    pub per_kind: Vec<(EntityKind, Counts)>,
    /// Sum over the four types.
    pub micro: Counts,
    /// Gold sentences scored.
    pub sentences: usize,
    /// Gold tokens scored.
    pub tokens: usize,
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} sentences, {} tokens", self.sentences, self.tokens)?;
        writeln!(
            f,
            "{:<6} {:>7} {:>7} {:>7} {:>6} {:>6} {:>6}",
            "type", "P", "R", "F1", "tp", "fp", "fn"
        )?;
        let rows = self.per_kind.iter().map(|(k, c)| {
            (
                if *k == EntityKind::Per {
                    "PERS"
                } else {
                    k.as_str()
                },
                c,
            )
        });
        for (label, c) in rows.chain(std::iter::once(("micro", &self.micro))) {
            writeln!(
                f,
                "{:<6} {:>7.2} {:>7.2} {:>7.2} {:>6} {:>6} {:>6}",
                label,
                c.precision(),
                c.recall(),
                c.f1(),
                c.true_positives,
                c.false_positives,
                c.false_negatives
            )?;
        }
        Ok(())
    }
}

/// Consecutive gold sentences recognised as one text by [`evaluate`]: about a news
/// article, since `CoNLL` files keep the articles' sentence order but not their borders.
pub const PASSAGE_SENTENCES: usize = 20;

/// Scores `recognizer` on `CoNLL` gold text, [`PASSAGE_SENTENCES`] sentences at a time.
#[must_use]
pub fn evaluate(recognizer: &EntityRecognizer, conll: &str) -> EvalReport {
    evaluate_passages(recognizer, conll, PASSAGE_SENTENCES)
}

/// Like [`evaluate`], with `passage` consecutive gold sentences recognised as one text
/// (`1`: each sentence alone, without the context of its neighbours).
#[must_use]
pub fn evaluate_passages(recognizer: &EntityRecognizer, conll: &str, passage: usize) -> EvalReport {
    let mut counts = [Counts::default(); 4];
    let mut report = EvalReport::default();
    let sentences = parse_conll(conll);
    for group in sentences.chunks(passage.max(1)) {
        // The group's text, and for each of its tokens the span and (sentence, token).
        let mut raw = String::new();
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let mut owner: Vec<(usize, usize)> = Vec::new();
        let mut gold: Vec<(usize, usize, usize, EntityKind)> = Vec::new();
        for (si, sentence) in group.iter().enumerate() {
            report.sentences += 1;
            report.tokens += sentence.words.len();
            if si > 0 {
                raw.push(' ');
            }
            let base = raw.chars().count();
            let (text, sentence_spans) = sentence.joined();
            raw.push_str(&text);
            for (k, (a, b)) in sentence_spans.into_iter().enumerate() {
                spans.push((a + base, b + base));
                owner.push((si, k));
            }
            gold.extend(
                entities(&sentence.tags)
                    .into_iter()
                    .filter_map(|(s, e, t)| tag_kind(t).map(|(k, _)| (si, s, e, k))),
            );
        }
        let cleaned = khabar_normalize::clean(&raw, Some("ara"));
        let analysis = khabar_extract::analyze(&cleaned.text);
        let mut predicted: Vec<(usize, usize, usize, EntityKind)> = recognizer
            .recognize(&cleaned.text, &analysis, Some("ara"))
            .into_iter()
            .filter(|m| m.kind != EntityKind::Norp)
            .filter_map(|m| {
                let (s, e) = cleaned.offsets.raw_span(m.start as usize, m.end as usize);
                let first = spans.iter().position(|&(a, b)| a < e && s < b)?;
                let last = spans.iter().rposition(|&(a, b)| a < e && s < b)?;
                let ((sf, kf), (sl, kl)) = (owner[first], owner[last]);
                // A mention across a sentence end counts in its first sentence, cut there.
                let end = if sf == sl {
                    kl + 1
                } else {
                    group.get(sf).map_or(kf + 1, |g| g.words.len())
                };
                Some((sf, kf, end, m.kind))
            })
            .collect();
        predicted.sort_by_key(|&(si, s, e, k)| (si, s, e, k));
        predicted.dedup();
        add_counts(&mut counts, &gold, &predicted);
    }
    finish(report, counts)
}

/// Like [`evaluate`], but with the gold tokenisation instead of `khabar_extract`'s: the
/// difference between the two isolates tokenisation errors from tagging errors.
#[must_use]
pub fn evaluate_on_gold_tokens(recognizer: &EntityRecognizer, conll: &str) -> EvalReport {
    let mut counts = [Counts::default(); 4];
    let mut report = EvalReport::default();
    for sentence in parse_conll(conll) {
        report.sentences += 1;
        report.tokens += sentence.words.len();
        let (raw, spans) = sentence.joined();
        let (_, tokens) = sentence.as_tokens();
        let analysis = khabar_extract::Analysis {
            sentences: Vec::new(),
            tokens,
        };
        let mut predicted: Vec<(usize, usize, usize, EntityKind)> = recognizer
            .recognize(&raw, &analysis, Some("ara"))
            .into_iter()
            .filter(|m| m.kind != EntityKind::Norp)
            .filter_map(|m| {
                let (s, e) = (m.start as usize, m.end as usize);
                let first = spans.iter().position(|&(a, b)| a < e && s < b)?;
                let last = spans.iter().rposition(|&(a, b)| a < e && s < b)?;
                Some((0, first, last + 1, m.kind))
            })
            .collect();
        predicted.sort_by_key(|&(si, s, e, k)| (si, s, e, k));
        predicted.dedup();
        let gold: Vec<(usize, usize, usize, EntityKind)> = entities(&sentence.tags)
            .into_iter()
            .filter_map(|(s, e, t)| tag_kind(t).map(|(k, _)| (0, s, e, k)))
            .collect();
        add_counts(&mut counts, &gold, &predicted);
    }
    finish(report, counts)
}

/// Adds one text's true and false positives per type.
fn add_counts(
    counts: &mut [Counts; 4],
    gold: &[(usize, usize, usize, EntityKind)],
    predicted: &[(usize, usize, usize, EntityKind)],
) {
    for (k, kind) in KINDS.iter().enumerate() {
        let g: Vec<_> = gold.iter().filter(|x| x.3 == *kind).collect();
        let p: Vec<_> = predicted.iter().filter(|x| x.3 == *kind).collect();
        let tp = p.iter().filter(|x| g.contains(x)).count();
        counts[k].true_positives += tp;
        counts[k].false_positives += p.len() - tp;
        counts[k].false_negatives += g.len() - tp;
    }
}

fn finish(mut report: EvalReport, counts: [Counts; 4]) -> EvalReport {
    for (kind, c) in KINDS.iter().zip(counts) {
        report.micro.true_positives += c.true_positives;
        report.micro.false_positives += c.false_positives;
        report.micro.false_negatives += c.false_negatives;
        report.per_kind.push((*kind, c));
    }
    report
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::NerMode;

    /// Two sentences: a place, then a full name, then a place again.
    const GOLD: &str =
        "زار O\nالمبعوث O\nبنغازي B-LOC\nأمس O\n. O\nوصل O\nالوفد O\nإلى O\nطرابلس B-LOC\n. O\n";

    #[test]
    fn passages_score_every_sentence_once() {
        let recognizer = EntityRecognizer::new(NerMode::Gazetteer).unwrap();
        for passage in [1, 2, 20] {
            let report = evaluate_passages(&recognizer, GOLD, passage);
            assert_eq!(
                (report.sentences, report.tokens),
                (2, 10),
                "passage {passage}"
            );
            let loc = report.per_kind[1].1;
            assert_eq!(report.per_kind[1].0, EntityKind::Loc);
            assert_eq!(
                (loc.true_positives, loc.false_positives, loc.false_negatives),
                (2, 0, 0),
                "passage {passage}"
            );
        }
    }

    #[test]
    fn gold_tokens_score_the_same_sentences() {
        let recognizer = EntityRecognizer::new(NerMode::Gazetteer).unwrap();
        let report = evaluate_on_gold_tokens(&recognizer, GOLD);
        assert_eq!(report.micro.true_positives, 2);
        assert_eq!(report.micro.false_negatives, 0);
    }
}
