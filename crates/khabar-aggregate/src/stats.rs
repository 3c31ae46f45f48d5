//! Entity, co-occurrence, term and daily statistics: additive maps keyed by distinct keys.

use crate::codec::{Reader, Writer};
use crate::fasthash::FastMap;
use crate::keyed::{KeyedMap, QuickKey, SmallKey};
use crate::{AggregateError, EntityOccurrence};
use khabar_core::{EntityKind, stable_hash64};

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

/// Document and occurrence counts of one term.
#[derive(Debug, Clone, Copy)]
struct TermCounts {
    documents: u64,
    occurrences: u64,
    /// The [`Stats::next_doc`] stamp of the last document counted, so that a document is
    /// counted once without a per-document map. Not part of the value.
    last_doc: u64,
    /// False for stop words and other non-terms: cached so that the test runs once per
    /// distinct word of a state; such entries count nothing and are never output.
    content: bool,
}

impl Default for TermCounts {
    fn default() -> Self {
        Self {
            documents: 0,
            occurrences: 0,
            last_doc: u64::MAX,
            content: true,
        }
    }
}

impl TermCounts {
    /// Counts one occurrence in the document stamped `doc`.
    #[inline]
    fn count(&mut self, doc: u64) {
        if !self.content {
            return;
        }
        if self.last_doc != doc {
            self.last_doc = doc;
            self.documents += 1;
        }
        self.occurrences += 1;
    }
}

/// One distinct entity key of a document.
struct DocEntity<'a> {
    hash: u64,
    key: &'a str,
    kind_counts: [u64; 5],
    mentions: u64,
    /// The first mention's canonical name, in mention order.
    canonical: Option<&'a String>,
    /// Range of this key's sorted, distinct sentences in the shared buffer.
    sentences: std::ops::Range<usize>,
}

/// Distinct common values of two sorted, distinct slices.
fn shared_count(left: &[u32], right: &[u32]) -> u64 {
    let (mut at_left, mut at_right, mut shared) = (0, 0, 0);
    while at_left < left.len() && at_right < right.len() {
        match left[at_left].cmp(&right[at_right]) {
            std::cmp::Ordering::Less => at_left += 1,
            std::cmp::Ordering::Greater => at_right += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                at_left += 1;
                at_right += 1;
            }
        }
    }
    shared
}

/// The statistics part of a corpus state.
#[derive(Debug, Clone, Default)]
pub(crate) struct Stats {
    entities: KeyedMap<EntityAgg>,
    /// Keyed by the stable hashes of the two entity keys, smaller hash first.
    cooccurrence: FastMap<(u64, u64), (u64, u64)>,
    /// Content terms, and cached non-content words (see [`TermCounts::content`]).
    terms: KeyedMap<TermCounts, QuickKey>,
    /// Day -> (source, documents, chars); a day has few sources.
    daily: FastMap<i32, Vec<(Option<String>, u64, u64)>>,
    /// Stamp of the next document added; above every stamp in `terms`.
    next_doc: u64,
}

impl PartialEq for Stats {
    fn eq(&self, other: &Self) -> bool {
        self.entities == other.entities
            && self.cooccurrence == other.cooccurrence
            && self.term_list() == other.term_list()
            && self.daily_sorted() == other.daily_sorted()
    }
}

impl Eq for Stats {}

impl Stats {
    pub(crate) fn add_entities(
        &mut self,
        order: (u32, u64),
        source: Option<&str>,
        published: Option<i64>,
        occurrences: &[EntityOccurrence],
    ) {
        if occurrences.is_empty() {
            return;
        }
        // Group the mentions by key: a stable sort keeps mention order within a key.
        let mut mentions: Vec<(u64, &EntityOccurrence)> = occurrences
            .iter()
            .map(|o| (stable_hash64(o.key.as_bytes()), o))
            .collect();
        mentions.sort_by(|a, b| (a.0, a.1.key.as_str()).cmp(&(b.0, b.1.key.as_str())));
        let mut sentences: Vec<u32> = Vec::with_capacity(mentions.len());
        let mut keys: Vec<DocEntity<'_>> = Vec::new();
        for group in mentions.chunk_by(|a, b| a.0 == b.0 && a.1.key == b.1.key) {
            let start = sentences.len();
            let mut entity = DocEntity {
                hash: group[0].0,
                key: &group[0].1.key,
                kind_counts: [0; 5],
                mentions: group.len() as u64,
                canonical: None,
                sentences: 0..0,
            };
            for (_, occ) in group {
                entity.kind_counts[kind_index(occ.kind)] += 1;
                if entity.canonical.is_none() {
                    entity.canonical = occ.canonical.as_ref();
                }
                sentences.push(occ.sentence);
            }
            sentences[start..].sort_unstable();
            let mut end = start;
            for k in start..sentences.len() {
                if k == start || sentences[k] != sentences[end - 1] {
                    sentences[end] = sentences[k];
                    end += 1;
                }
            }
            sentences.truncate(end);
            entity.sentences = start..end;
            keys.push(entity);
        }
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                if a.hash == b.hash {
                    continue;
                }
                let shared = shared_count(
                    &sentences[a.sentences.clone()],
                    &sentences[b.sentences.clone()],
                );
                let pair = if a.hash < b.hash {
                    (a.hash, b.hash)
                } else {
                    (b.hash, a.hash)
                };
                let entry = self.cooccurrence.entry(pair).or_default();
                entry.0 += 1;
                entry.1 += shared;
            }
        }
        let source_hash = source.map(|s| stable_hash64(s.as_bytes()));
        for entity in &keys {
            let agg = self
                .entities
                .entry_with(entity.hash, entity.key, EntityAgg::default);
            for (a, b) in agg.kind_counts.iter_mut().zip(entity.kind_counts) {
                *a += b;
            }
            agg.mentions += entity.mentions;
            agg.documents += 1;
            if let Some(h) = source_hash
                && let Err(at) = agg.sources.binary_search(&h)
            {
                agg.sources.insert(at, h);
            }
            agg.first_published = min_opt(agg.first_published, published);
            agg.last_published = max_opt(agg.last_published, published);
            if let Some(name) = entity.canonical {
                let earlier = agg
                    .canonical
                    .as_ref()
                    .is_none_or(|(o, c)| (order, name.as_str()) < (*o, c.as_str()));
                if earlier {
                    agg.canonical = Some((order, name.clone()));
                }
            }
        }
    }

    pub(crate) fn add_terms(&mut self, terms: &crate::TermList) {
        let doc = self.next_doc;
        self.next_doc += 1;
        for term in terms.iter() {
            let hash = KeyedMap::<TermCounts, QuickKey>::hash(term);
            self.terms
                .entry_with(hash, term, || TermCounts {
                    content: crate::stopwords::is_content_term(term),
                    ..TermCounts::default()
                })
                .count(doc);
        }
    }

    /// Content terms sorted, with (documents, occurrences).
    fn term_list(&self) -> Vec<(&str, u64, u64)> {
        let mut terms: Vec<(&str, u64, u64)> = self
            .terms
            .iter()
            .filter(|(_, c)| c.content)
            .map(|(t, c)| (t, c.documents, c.occurrences))
            .collect();
        terms.sort_unstable();
        terms
    }

    pub(crate) fn add_daily(&mut self, published: Option<i64>, source: Option<&str>, chars: u64) {
        if let Some(p) = published {
            let cells = self.daily.entry(day_of(p)).or_default();
            match cells.iter_mut().find(|c| c.0.as_deref() == source) {
                Some(cell) => {
                    cell.1 += 1;
                    cell.2 += chars;
                }
                None => cells.push((source.map(str::to_owned), 1, chars)),
            }
        }
    }

    pub(crate) fn merge(&mut self, mut other: Stats) {
        // Move the smaller state's entries into the larger one.
        if other.terms.len() + other.cooccurrence.len() > self.terms.len() + self.cooccurrence.len()
        {
            std::mem::swap(self, &mut other);
        }
        self.next_doc = self.next_doc.max(other.next_doc) + 1;
        self.entities
            .merge(other.entities, |_| true, EntityAgg::merge);
        for (pair, (d, s)) in other.cooccurrence {
            let e = self.cooccurrence.entry(pair).or_default();
            e.0 += d;
            e.1 += s;
        }
        self.terms.merge(
            other.terms,
            |c| c.content,
            |a, b| {
                a.documents += b.documents;
                a.occurrences += b.occurrences;
                a.last_doc = a.last_doc.min(b.last_doc);
            },
        );
        for (day, cells) in other.daily {
            for (source, d, c) in cells {
                let mine = self.daily.entry(day).or_default();
                match mine.iter_mut().find(|m| m.0 == source) {
                    Some(m) => {
                        m.1 += d;
                        m.2 += c;
                    }
                    None => mine.push((source, d, c)),
                }
            }
        }
    }

    fn daily_sorted(&self) -> Vec<(i32, &Option<String>, u64, u64)> {
        let mut cells: Vec<_> = self
            .daily
            .iter()
            .flat_map(|(day, cells)| cells.iter().map(move |(s, d, c)| (*day, s, *d, *c)))
            .collect();
        cells.sort_unstable();
        cells
    }

    /// Distinct keys held: (entities, co-occurring pairs, terms, daily cells).
    pub(crate) fn key_counts(&self) -> (usize, usize, usize, usize) {
        (
            self.entities.len(),
            self.cooccurrence.len(),
            self.terms.iter().filter(|(_, c)| c.content).count(),
            self.daily.values().map(Vec::len).sum(),
        )
    }

    /// Approximate heap bytes of the term map: per entry the key's bytes plus the entry.
    pub(crate) fn term_bytes(&self) -> usize {
        let entry = std::mem::size_of::<(u64, (SmallKey, TermCounts))>() + 1; // + hashbrown control byte
        self.terms
            .iter()
            .map(|(k, _)| k.len() + entry)
            .sum::<usize>()
            + self.terms.spare_capacity() * entry
    }

    pub(crate) fn entity_rows(&self) -> Vec<EntityStatRow> {
        self.entities
            .sorted()
            .into_iter()
            .map(|(key, agg)| EntityStatRow {
                entity: key.to_owned(),
                kind: agg.kind(),
                canonical: agg.canonical.as_ref().map(|(_, c)| c.clone()),
                mentions: agg.mentions,
                documents: agg.documents,
                sources: agg.sources.len() as u64,
                first_published: agg.first_published,
                last_published: agg.last_published,
            })
            .collect()
    }

    pub(crate) fn cooccurrence_rows(&self, min_documents: u64) -> Vec<CooccurrenceRow> {
        let mut rows = Vec::new();
        let all: Result<(), std::convert::Infallible> =
            self.cooccurrence_chunks(min_documents, usize::MAX, |chunk| {
                rows.append(chunk);
                Ok(())
            });
        let Ok(()) = all;
        rows
    }

    /// The rows of [`Stats::cooccurrence_rows`], in order, handed to `each` at most
    /// `chunk_rows` at a time: only the sorted pairs of name ranks (24 bytes a pair) are
    /// held, not a row with two strings for every pair. `each` may take the rows out of the
    /// vector it is given.
    pub(crate) fn cooccurrence_chunks<E>(
        &self,
        min_documents: u64,
        chunk_rows: usize,
        mut each: impl FnMut(&mut Vec<CooccurrenceRow>) -> Result<(), E>,
    ) -> Result<(), E> {
        // Sort the names once and the pairs by name rank: no string compares in the big sort.
        let mut names: Vec<(&str, u64)> =
            self.entities.iter_hashed().map(|(h, k)| (k, h)).collect();
        names.sort_unstable();
        let rank: FastMap<u64, u32> = names
            .iter()
            .enumerate()
            .map(|(i, &(_, h))| (h, i as u32))
            .collect();
        let mut pairs: Vec<(u32, u32, u64, u64)> = self
            .cooccurrence
            .iter()
            .filter(|(_, (d, _))| *d >= min_documents)
            .filter_map(|((ha, hb), &(documents, sentences))| {
                let (a, b) = (*rank.get(ha)?, *rank.get(hb)?);
                let (a, b) = if a <= b { (a, b) } else { (b, a) };
                Some((a, b, documents, sentences))
            })
            .collect();
        drop(rank);
        pairs.sort_unstable();
        let name = |i: u32| names.get(i as usize).map_or("", |n| n.0).to_owned();
        let mut rows = Vec::with_capacity(chunk_rows.min(pairs.len()));
        for chunk in pairs.chunks(chunk_rows.max(1)) {
            rows.clear();
            rows.extend(
                chunk
                    .iter()
                    .map(|&(a, b, documents, sentences)| CooccurrenceRow {
                        entity_a: name(a),
                        entity_b: name(b),
                        documents,
                        sentences,
                    }),
            );
            each(&mut rows)?;
        }
        Ok(())
    }

    pub(crate) fn term_rows(&self, min_df: u64) -> Vec<TermRow> {
        let mut rows: Vec<TermRow> = self
            .terms
            .iter()
            .filter(|(_, c)| c.content && c.documents >= min_df)
            .map(|(term, c)| TermRow {
                term: term.to_owned(),
                documents: c.documents,
                occurrences: c.occurrences,
            })
            .collect();
        rows.sort_by(|a, b| a.term.cmp(&b.term));
        rows
    }

    pub(crate) fn daily_rows(&self) -> Vec<DailyRow> {
        self.daily_sorted()
            .into_iter()
            .map(|(day, source, documents, chars)| DailyRow {
                day,
                source: source.clone(),
                documents,
                chars,
            })
            .collect()
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) {
        let entities = self.entities.sorted();
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
        let terms = self.term_list();
        w.len(terms.len());
        for (t, d, o) in terms {
            w.str(t);
            w.u64(d);
            w.u64(o);
        }
        let daily = self.daily_sorted();
        w.len(daily.len());
        for (day, source, d, c) in daily {
            w.i64(i64::from(day));
            w.opt_str(source.as_deref());
            w.u64(d);
            w.u64(c);
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
            let hash = stable_hash64(key.as_bytes());
            stats
                .entities
                .merge_with(hash, SmallKey::new(&key), agg, |old, new| *old = new);
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
            let counts = TermCounts {
                documents: r.u64("term documents")?,
                occurrences: r.u64("term occurrences")?,
                last_doc: 0,
                content: true,
            };
            let hash = KeyedMap::<TermCounts, QuickKey>::hash(&term);
            stats
                .terms
                .merge_with(hash, SmallKey::new(&term), counts, |old, new| *old = new);
        }
        let n = r.len(25, "daily count")?;
        for _ in 0..n {
            let day = r.i64("day")? as i32;
            let source = r.opt_string("daily source")?;
            let documents = r.u64("daily documents")?;
            let chars = r.u64("daily chars")?;
            let cells = stats.daily.entry(day).or_default();
            match cells.iter_mut().find(|m| m.0 == source) {
                Some(m) => (m.1, m.2) = (documents, chars),
                None => cells.push((source, documents, chars)),
            }
        }
        stats.next_doc = 1;
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
    fn cooccurrence_chunks_cut_the_sorted_rows() {
        let mut s = Stats::default();
        let names = ["d", "a", "e", "c", "b"];
        for (n, pair) in names.windows(2).enumerate() {
            let doc = [
                occ(pair[0], EntityKind::Per, 0),
                occ(pair[1], EntityKind::Loc, 0),
                occ("f", EntityKind::Org, 1),
            ];
            s.add_entities((0, n as u64), None, None, &doc);
        }
        let all = s.cooccurrence_rows(1);
        assert_eq!(all.len(), 9); // four neighbour pairs, and each of five names with f
        assert!(
            all.windows(2)
                .all(|w| (&w[0].entity_a, &w[0].entity_b) < (&w[1].entity_a, &w[1].entity_b))
        );
        for chunk_rows in [1, 3, 9, 100] {
            let mut chunks = Vec::new();
            let done: Result<(), ()> = s.cooccurrence_chunks(1, chunk_rows, |rows| {
                chunks.push(rows.clone());
                Ok(())
            });
            assert_eq!(done, Ok(()));
            assert!(
                chunks
                    .iter()
                    .all(|c| !c.is_empty() && c.len() <= chunk_rows)
            );
            assert_eq!(chunks.len(), all.len().div_ceil(chunk_rows));
            assert_eq!(chunks.concat(), all, "{chunk_rows} rows a chunk");
        }
        // An error from `each` stops the walk and is returned.
        let mut calls = 0;
        let stopped = s.cooccurrence_chunks(1, 2, |_| {
            calls += 1;
            Err("full disk")
        });
        assert_eq!((stopped, calls), (Err("full disk"), 1));
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
    fn adding_after_a_merge_counts_each_document_once() {
        let t = |v: &[&str]| v.iter().copied().collect::<crate::TermList>();
        let docs = [
            t(&["oil", "oil", "price"]),
            t(&["oil", "the"]),
            t(&["price", "oil", "oil"]),
            t(&["oil"]),
        ];
        let mut whole = Stats::default();
        for d in &docs {
            whole.add_terms(d);
        }
        // Shards of different sizes, merged both ways, then more documents added.
        for swap in [false, true] {
            let (mut a, mut b) = (Stats::default(), Stats::default());
            a.add_terms(&docs[0]);
            b.add_terms(&docs[1]);
            b.add_terms(&docs[2]);
            if swap {
                std::mem::swap(&mut a, &mut b);
            }
            a.merge(b);
            a.add_terms(&docs[3]);
            assert_eq!(a.term_rows(1), whole.term_rows(1), "swap {swap}");
            assert_eq!(a, whole);
        }
        let oil = whole.term_rows(1);
        assert_eq!(
            (oil[0].term.as_str(), oil[0].documents, oil[0].occurrences),
            ("oil", 4, 6)
        );
    }

    #[test]
    fn terms_drop_stop_words_and_respect_min_df() {
        let mut s = Stats::default();
        let t = |v: &[&str]| {
            let keys: Vec<String> = v.iter().map(|x| khabar_normalize::search_key(x)).collect();
            keys.iter().map(String::as_str).collect::<crate::TermList>()
        };
        s.add_terms(&t(&["نفط", "نفط", "في", "سعر", "12"]));
        s.add_terms(&t(&["نفط", "قمح"]));
        let rows = s.term_rows(2);
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].documents, rows[0].occurrences), (2, 3));
        assert_eq!(s.term_rows(1).len(), 3);
    }
}
