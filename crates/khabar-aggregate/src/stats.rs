//! Entity, co-occurrence, term and daily statistics: additive maps keyed by distinct keys.

use crate::codec::{Reader, Writer};
use crate::fasthash::FastMap;
use crate::{AggregateError, EntityOccurrence};
use khabar_core::{EntityKind, stable_hash64};
use std::collections::{BTreeMap, BTreeSet};

const KINDS: [EntityKind; 5] = [
    EntityKind::Per,
    EntityKind::Loc,
    EntityKind::Org,
    EntityKind::Misc,
    EntityKind::Norp,
];

fn kind_index(kind: EntityKind) -> usize {
    KINDS.iter().position(|&k| k == kind).unwrap_or(0)
}

/// Microseconds per day.
const MICROS_PER_DAY: i64 = 86_400_000_000;

/// The UTC day of a timestamp, as days since 1970-01-01 (Parquet `Date32`).
#[must_use]
pub fn day_of(published_micros: i64) -> i32 {
    published_micros.div_euclid(MICROS_PER_DAY) as i32
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde passes fields by reference
fn serialize_kind<S: serde::Serializer>(
    kind: &EntityKind,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(kind.as_str())
}

/// One row of the `entities` table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EntityStatRow {
    /// The entity id, or the folded surface when mentions carry no id.
    pub entity: String,
    /// The most frequent kind among the mentions (ties: the first in PER, LOC, ORG, MISC, NORP).
    #[serde(serialize_with = "serialize_kind")]
    pub kind: EntityKind,
    /// The canonical name of the earliest mention (by input order) that has one.
    pub canonical: Option<String>,
    /// Mentions.
    pub mentions: u64,
    /// Documents with at least one mention.
    pub documents: u64,
    /// Distinct sources of those documents.
    pub sources: u64,
    /// Earliest publication time of those documents (micros, UTC).
    pub first_published: Option<i64>,
    /// Latest publication time of those documents (micros, UTC).
    pub last_published: Option<i64>,
}

/// One row of the `cooccurrence` table; `entity_a < entity_b`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CooccurrenceRow {
    /// The smaller key.
    pub entity_a: String,
    /// The larger key.
    pub entity_b: String,
    /// Documents that mention both.
    pub documents: u64,
    /// (document, sentence) pairs that mention both.
    pub sentences: u64,
}

/// One row of the `terms` table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TermRow {
    /// The folded light stem.
    pub term: String,
    /// Document frequency.
    pub documents: u64,
    /// Occurrences over all documents.
    pub occurrences: u64,
}

/// One row of the `daily` table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DailyRow {
    /// UTC day of publication, days since 1970-01-01.
    pub day: i32,
    /// The outlet.
    pub source: Option<String>,
    /// Documents published that day.
    pub documents: u64,
    /// Their code points.
    pub chars: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct EntityAgg {
    kind_counts: [u64; 5],
    /// (order, canonical) of the earliest mention with a canonical name.
    canonical: Option<((u32, u64), String)>,
    mentions: u64,
    documents: u64,
    /// Sorted, distinct stable hashes of source names.
    sources: Vec<u64>,
    first_published: Option<i64>,
    last_published: Option<i64>,
}

fn min_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

fn max_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    a.max(b)
}

fn earlier_canonical(
    a: Option<((u32, u64), String)>,
    b: Option<((u32, u64), String)>,
) -> Option<((u32, u64), String)> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

impl EntityAgg {
    fn merge(&mut self, other: EntityAgg) {
        for (a, b) in self.kind_counts.iter_mut().zip(other.kind_counts) {
            *a += b;
        }
        self.canonical = earlier_canonical(self.canonical.take(), other.canonical);
        self.mentions += other.mentions;
        self.documents += other.documents;
        self.sources.extend(other.sources);
        self.sources.sort_unstable();
        self.sources.dedup();
        self.first_published = min_opt(self.first_published, other.first_published);
        self.last_published = max_opt(self.last_published, other.last_published);
    }

    fn kind(&self) -> EntityKind {
        let mut best = 0;
        for (i, &c) in self.kind_counts.iter().enumerate() {
            if c > self.kind_counts[best] {
                best = i;
            }
        }
        KINDS[best]
    }
}

/// The statistics part of a corpus state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Stats {
    entities: FastMap<String, EntityAgg>,
    /// Keyed by the stable hashes of the two entity keys, smaller hash first.
    cooccurrence: FastMap<(u64, u64), (u64, u64)>,
    terms: FastMap<String, (u64, u64)>,
    daily: FastMap<(i32, Option<String>), (u64, u64)>,
}

impl Stats {
    pub(crate) fn add_entities(
        &mut self,
        order: (u32, u64),
        source: Option<&str>,
        published: Option<i64>,
        occurrences: &[EntityOccurrence],
    ) {
        // Per document: key -> (aggregate of this doc's mentions, sentences it occurs in).
        let mut per_doc: BTreeMap<&str, (EntityAgg, BTreeSet<u32>)> = BTreeMap::new();
        for occ in occurrences {
            let (agg, sentences) = per_doc.entry(occ.key.as_str()).or_default();
            agg.kind_counts[kind_index(occ.kind)] += 1;
            agg.mentions += 1;
            if agg.canonical.is_none() {
                agg.canonical = occ.canonical.clone().map(|c| (order, c));
            }
            sentences.insert(occ.sentence);
        }
        let source_hash = source.map(|s| stable_hash64(s.as_bytes()));
        let keys: Vec<(u64, &BTreeSet<u32>)> = per_doc
            .iter()
            .map(|(k, (_, s))| (stable_hash64(k.as_bytes()), s))
            .collect();
        for (i, &(ha, sa)) in keys.iter().enumerate() {
            for &(hb, sb) in keys.iter().skip(i + 1) {
                if ha == hb {
                    continue;
                }
                let shared = sa.intersection(sb).count() as u64;
                let pair = if ha < hb { (ha, hb) } else { (hb, ha) };
                let entry = self.cooccurrence.entry(pair).or_default();
                entry.0 += 1;
                entry.1 += shared;
            }
        }
        for (key, (mut agg, _)) in per_doc {
            agg.documents = 1;
            agg.sources = source_hash.into_iter().collect();
            agg.first_published = published;
            agg.last_published = published;
            match self.entities.get_mut(key) {
                Some(existing) => existing.merge(agg),
                None => {
                    self.entities.insert(key.to_owned(), agg);
                }
            }
        }
    }

    pub(crate) fn add_terms(&mut self, terms: &[String]) {
        let mut per_doc: FastMap<&str, u64> = FastMap::default();
        for term in terms {
            *per_doc.entry(term.as_str()).or_default() += 1;
        }
        // The stop-word test runs once per distinct term of the document.
        for (term, count) in per_doc {
            if !crate::stopwords::is_content_term(term) {
                continue;
            }
            match self.terms.get_mut(term) {
                Some(entry) => {
                    entry.0 += 1;
                    entry.1 += count;
                }
                None => {
                    self.terms.insert(term.to_owned(), (1, count));
                }
            }
        }
    }

    pub(crate) fn add_daily(&mut self, published: Option<i64>, source: Option<&str>, chars: u64) {
        if let Some(p) = published {
            let entry = self
                .daily
                .entry((day_of(p), source.map(str::to_owned)))
                .or_default();
            entry.0 += 1;
            entry.1 += chars;
        }
    }

    pub(crate) fn merge(&mut self, other: Stats) {
        for (key, agg) in other.entities {
            match self.entities.get_mut(&key) {
                Some(existing) => existing.merge(agg),
                None => {
                    self.entities.insert(key, agg);
                }
            }
        }
        for (pair, (d, s)) in other.cooccurrence {
            let e = self.cooccurrence.entry(pair).or_default();
            e.0 += d;
            e.1 += s;
        }
        for (term, (d, o)) in other.terms {
            let e = self.terms.entry(term).or_default();
            e.0 += d;
            e.1 += o;
        }
        for (key, (d, c)) in other.daily {
            let e = self.daily.entry(key).or_default();
            e.0 += d;
            e.1 += c;
        }
    }

    /// Distinct keys held: (entities, co-occurring pairs, terms, daily cells).
    pub(crate) fn key_counts(&self) -> (usize, usize, usize, usize) {
        (
            self.entities.len(),
            self.cooccurrence.len(),
            self.terms.len(),
            self.daily.len(),
        )
    }

    /// Approximate heap bytes of the term map: per entry the key's bytes plus the entry.
    pub(crate) fn term_bytes(&self) -> usize {
        let entry = std::mem::size_of::<(String, (u64, u64))>() + 1; // + hashbrown control byte
        self.terms
            .keys()
            .map(|k| k.capacity() + entry)
            .sum::<usize>()
            + (self.terms.capacity() - self.terms.len()) * entry
    }

    pub(crate) fn entity_rows(&self) -> Vec<EntityStatRow> {
        let mut rows: Vec<EntityStatRow> = self
            .entities
            .iter()
            .map(|(key, agg)| EntityStatRow {
                entity: key.clone(),
                kind: agg.kind(),
                canonical: agg.canonical.as_ref().map(|(_, c)| c.clone()),
                mentions: agg.mentions,
                documents: agg.documents,
                sources: agg.sources.len() as u64,
                first_published: agg.first_published,
                last_published: agg.last_published,
            })
            .collect();
        rows.sort_by(|a, b| a.entity.cmp(&b.entity));
        rows
    }

    pub(crate) fn cooccurrence_rows(&self, min_documents: u64) -> Vec<CooccurrenceRow> {
        let names: FastMap<u64, &str> = self
            .entities
            .keys()
            .map(|k| (stable_hash64(k.as_bytes()), k.as_str()))
            .collect();
        let mut rows: Vec<CooccurrenceRow> = self
            .cooccurrence
            .iter()
            .filter(|(_, (d, _))| *d >= min_documents)
            .filter_map(|((ha, hb), &(documents, sentences))| {
                let (a, b) = (*names.get(ha)?, *names.get(hb)?);
                let (a, b) = if a <= b { (a, b) } else { (b, a) };
                Some(CooccurrenceRow {
                    entity_a: a.to_owned(),
                    entity_b: b.to_owned(),
                    documents,
                    sentences,
                })
            })
            .collect();
        rows.sort_by(|x, y| (&x.entity_a, &x.entity_b).cmp(&(&y.entity_a, &y.entity_b)));
        rows
    }

    pub(crate) fn term_rows(&self, min_df: u64) -> Vec<TermRow> {
        let mut rows: Vec<TermRow> = self
            .terms
            .iter()
            .filter(|(_, (d, _))| *d >= min_df)
            .map(|(term, &(documents, occurrences))| TermRow {
                term: term.clone(),
                documents,
                occurrences,
            })
            .collect();
        rows.sort_by(|a, b| a.term.cmp(&b.term));
        rows
    }

    pub(crate) fn daily_rows(&self) -> Vec<DailyRow> {
        let mut rows: Vec<DailyRow> = self
            .daily
            .iter()
            .map(|((day, source), &(documents, chars))| DailyRow {
                day: *day,
                source: source.clone(),
                documents,
                chars,
            })
            .collect();
        rows.sort_by(|a, b| (a.day, &a.source).cmp(&(b.day, &b.source)));
        rows
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        let mut entities: Vec<_> = self.entities.iter().collect();
        entities.sort_by(|a, b| a.0.cmp(b.0));
        w.len(entities.len());
        for (key, agg) in entities {
            w.str(key);
            for c in agg.kind_counts {
                w.u64(c);
            }
            match &agg.canonical {
                Some(((file, rec), name)) => {
                    w.u8(1);
                    w.u32(*file);
                    w.u64(*rec);
                    w.str(name);
                }
                None => w.u8(0),
            }
            w.u64(agg.mentions);
            w.u64(agg.documents);
            w.len(agg.sources.len());
            for s in &agg.sources {
                w.u64(*s);
            }
            w.opt_i64(agg.first_published);
            w.opt_i64(agg.last_published);
        }
        let mut pairs: Vec<_> = self.cooccurrence.iter().collect();
        pairs.sort_unstable();
        w.len(pairs.len());
        for ((a, b), (d, s)) in pairs {
            w.u64(*a);
            w.u64(*b);
            w.u64(*d);
            w.u64(*s);
        }
        let mut terms: Vec<_> = self.terms.iter().collect();
        terms.sort_unstable();
        w.len(terms.len());
        for (t, (d, o)) in terms {
            w.str(t);
            w.u64(*d);
            w.u64(*o);
        }
        let mut daily: Vec<_> = self.daily.iter().collect();
        daily.sort_unstable();
        w.len(daily.len());
        for ((day, source), (d, c)) in daily {
            w.i64(i64::from(*day));
            w.opt_str(source.as_deref());
            w.u64(*d);
            w.u64(*c);
        }
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Self, AggregateError> {
        let mut stats = Stats::default();
        let n = r.len(8, "entity count")?;
        for _ in 0..n {
            let key = r.string("entity key")?;
            let mut agg = EntityAgg::default();
            for c in &mut agg.kind_counts {
                *c = r.u64("entity kind count")?;
            }
            if r.u8("entity canonical flag")? == 1 {
                let file = r.u32("canonical order")?;
                let rec = r.u64("canonical order")?;
                agg.canonical = Some(((file, rec), r.string("canonical")?));
            }
            agg.mentions = r.u64("entity mentions")?;
            agg.documents = r.u64("entity documents")?;
            let ns = r.len(8, "entity sources")?;
            for _ in 0..ns {
                agg.sources.push(r.u64("entity source")?);
            }
            agg.first_published = r.opt_i64("entity first published")?;
            agg.last_published = r.opt_i64("entity last published")?;
            stats.entities.insert(key, agg);
        }
        let n = r.len(32, "pair count")?;
        for _ in 0..n {
            let pair = (r.u64("pair")?, r.u64("pair")?);
            let counts = (r.u64("pair documents")?, r.u64("pair sentences")?);
            stats.cooccurrence.insert(pair, counts);
        }
        let n = r.len(24, "term count")?;
        for _ in 0..n {
            let term = r.string("term")?;
            let counts = (r.u64("term documents")?, r.u64("term occurrences")?);
            stats.terms.insert(term, counts);
        }
        let n = r.len(25, "daily count")?;
        for _ in 0..n {
            let day = r.i64("day")? as i32;
            let source = r.opt_string("daily source")?;
            let counts = (r.u64("daily documents")?, r.u64("daily chars")?);
            stats.daily.insert((day, source), counts);
        }
        Ok(stats)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn occ(key: &str, kind: EntityKind, sentence: u32) -> EntityOccurrence {
        EntityOccurrence {
            key: key.to_owned(),
            kind,
            canonical: None,
            sentence,
        }
    }

    #[test]
    fn days_are_utc_floor() {
        let cases = [
            (0, 0),
            (MICROS_PER_DAY - 1, 0),
            (MICROS_PER_DAY, 1),
            (-1, -1),
            (1_437_436_800_000_000, 16_637),
        ];
        for (micros, day) in cases {
            assert_eq!(day_of(micros), day, "micros {micros}");
        }
    }

    #[test]
    fn cooccurrence_counts_documents_and_shared_sentences() {
        let mut s = Stats::default();
        let doc = [
            occ("a", EntityKind::Per, 0),
            occ("b", EntityKind::Loc, 0),
            occ("b", EntityKind::Loc, 1),
            occ("a", EntityKind::Per, 1),
            occ("c", EntityKind::Org, 2),
        ];
        s.add_entities((0, 0), Some("x"), Some(5), &doc);
        s.add_entities(
            (0, 1),
            Some("y"),
            Some(9),
            &[occ("a", EntityKind::Loc, 0), occ("b", EntityKind::Loc, 3)],
        );
        let rows = s.cooccurrence_rows(1);
        let ab = rows
            .iter()
            .find(|r| r.entity_a == "a" && r.entity_b == "b")
            .map(|r| (r.documents, r.sentences));
        assert_eq!(ab, Some((2, 2)));
        let ac = rows
            .iter()
            .find(|r| r.entity_a == "a" && r.entity_b == "c")
            .map(|r| (r.documents, r.sentences));
        assert_eq!(ac, Some((1, 0)));
        let ents = s.entity_rows();
        let a = &ents[0];
        assert_eq!(
            (
                a.entity.as_str(),
                a.kind,
                a.mentions,
                a.documents,
                a.sources
            ),
            ("a", EntityKind::Per, 3, 2, 2)
        );
        assert_eq!((a.first_published, a.last_published), (Some(5), Some(9)));
    }

    #[test]
    fn terms_drop_stop_words_and_respect_min_df() {
        let mut s = Stats::default();
        let t = |v: &[&str]| {
            v.iter()
                .map(|x| khabar_normalize::search_key(x))
                .collect::<Vec<_>>()
        };
        s.add_terms(&t(&["نفط", "نفط", "في", "سعر", "12"]));
        s.add_terms(&t(&["نفط", "قمح"]));
        let rows = s.term_rows(2);
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].documents, rows[0].occurrences), (2, 3));
        assert_eq!(s.term_rows(1).len(), 3);
    }
}
