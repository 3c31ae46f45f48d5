//! Scoring against `CoNLL` gold labels through the pipeline's own code path.
//!
//! Each gold sentence's tokens are joined with spaces, cleaned by `khabar_normalize::clean`,
//! analysed by `khabar_extract::analyze` and passed to [`EntityRecognizer::recognize`]. A
//! predicted mention covers the gold tokens it overlaps (so a left-out clitic is tolerated);
//! an entity counts when its tokens and type match exactly. NORP predictions are ignored.

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

/// Scores `recognizer` on `CoNLL` gold text.
#[must_use]
pub fn evaluate(recognizer: &EntityRecognizer, conll: &str) -> EvalReport {
    score(recognizer, conll, false)
}

/// Like [`evaluate`], but with the gold tokenisation instead of `khabar_extract`'s: the
/// difference between the two isolates tokenisation errors from tagging errors.
#[must_use]
pub fn evaluate_on_gold_tokens(recognizer: &EntityRecognizer, conll: &str) -> EvalReport {
    score(recognizer, conll, true)
}

fn score(recognizer: &EntityRecognizer, conll: &str, gold_tokens: bool) -> EvalReport {
    let mut counts = [Counts::default(); 4];
    let mut report = EvalReport::default();
    for sentence in parse_conll(conll) {
        report.sentences += 1;
        report.tokens += sentence.words.len();
        let (raw, spans) = sentence.joined();
        let cleaned = if gold_tokens {
            khabar_normalize::Normalized {
                offsets: khabar_core::OffsetMap::identity(raw.chars().count()),
                text: raw,
            }
        } else {
            khabar_normalize::clean(&raw, Some("ara"))
        };
        let analysis = if gold_tokens {
            let (_, tokens) = sentence.as_tokens();
            khabar_extract::Analysis {
                sentences: Vec::new(),
                tokens,
            }
        } else {
            khabar_extract::analyze(&cleaned.text)
        };
        let mut predicted: Vec<(usize, usize, EntityKind)> = recognizer
            .recognize(&cleaned.text, &analysis, Some("ara"))
            .into_iter()
            .filter(|m| m.kind != EntityKind::Norp)
            .filter_map(|m| {
                let (s, e) = cleaned.offsets.raw_span(m.start as usize, m.end as usize);
                let first = spans.iter().position(|&(a, b)| a < e && s < b)?;
                let last = spans.iter().rposition(|&(a, b)| a < e && s < b)?;
                Some((first, last + 1, m.kind))
            })
            .collect();
        predicted.sort_by_key(|&(s, e, k)| (s, e, k));
        predicted.dedup();
        let gold: Vec<(usize, usize, EntityKind)> = entities(&sentence.tags)
            .into_iter()
            .filter_map(|(s, e, t)| tag_kind(t).map(|(k, _)| (s, e, k)))
            .collect();
        for (k, kind) in KINDS.iter().enumerate() {
            let g: Vec<_> = gold.iter().filter(|x| x.2 == *kind).collect();
            let p: Vec<_> = predicted.iter().filter(|x| x.2 == *kind).collect();
            let tp = p.iter().filter(|x| g.contains(x)).count();
            counts[k].true_positives += tp;
            counts[k].false_positives += p.len() - tp;
            counts[k].false_negatives += g.len() - tp;
        }
    }
    for (kind, c) in KINDS.iter().zip(counts) {
        report.micro.true_positives += c.true_positives;
        report.micro.false_positives += c.false_positives;
        report.micro.false_negatives += c.false_negatives;
        report.per_kind.push((*kind, c));
    }
    report
}
