//! [`CorpusState`]: the mergeable partial aggregate, and [`CorpusTables`], its result.

use crate::clusters::{ClusterOptions, ClusterRow, DocRecord, Signatures, cluster_rows};
use crate::codec::{Reader, Writer};
use crate::stats::{CooccurrenceRow, DailyRow, EntityStatRow, Stats, TermRow};
use crate::{AggregateError, DocFacts};

// Version 2 stores each content hash's signature once, after the documents.
const MAGIC: &[u8; 8] = b"KHAGGST2";

/// Options applied when a state is finished into tables.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AggregateOptions {
    /// Duplicate clustering parameters.
    pub clusters: ClusterOptions,
    /// Terms found in fewer documents are left out of the `terms` table (default 2).
    pub min_df: u64,
    /// Entity pairs co-mentioned in fewer documents are left out of `cooccurrence` (default 1).
    pub min_cooccurrence_documents: u64,
}

impl Default for AggregateOptions {
    fn default() -> Self {
        Self {
            clusters: ClusterOptions::default(),
            min_df: 2,
            min_cooccurrence_documents: 1,
        }
    }
}

/// The corpus tables, each sorted deterministically.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct CorpusTables {
    /// Duplicate clusters, by representative `(published is null, published, order)`, then
    /// member in the same rank; the representative's row first.
    pub clusters: Vec<ClusterRow>,
    /// Entity statistics, by entity key.
    pub entities: Vec<EntityStatRow>,
    /// Entity pairs, by `(entity_a, entity_b)`.
    pub cooccurrence: Vec<CooccurrenceRow>,
    /// Terms, by term.
    pub terms: Vec<TermRow>,
    /// Daily counts, by `(day, source)`; undated documents are not counted.
    pub daily: Vec<DailyRow>,
}

/// Approximate memory held by a state, for sizing runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateSize {
    /// Documents held for clustering.
    pub documents: usize,
    /// Heap and inline bytes of the per-document clustering records (ids and signatures).
    pub document_bytes: usize,
    /// Distinct entity keys.
    pub entities: usize,
    /// Distinct co-mentioned entity pairs.
    pub pairs: usize,
    /// Distinct terms (before `min_df`).
    pub terms: usize,
    /// Approximate bytes of the term map.
    pub term_bytes: usize,
    /// Distinct (day, source) cells.
    pub daily: usize,
}

/// The mergeable partial aggregate: fold [`DocFacts`] in with [`CorpusState::add`], combine
/// shards with [`CorpusState::merge`] in any order, then [`CorpusState::finish`].
///
/// Counters are sums and minima, and the per-document records are sorted by input order
/// before clustering, so `finish` of merged shards equals `finish` of one state built from
/// every document, whatever the sharding and merge order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CorpusState {
    docs: Vec<DocRecord>,
    signatures: Signatures,
    stats: Stats,
}

impl CorpusState {
    /// An empty state.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Documents added so far (over all merged shards).
    #[must_use]
    pub fn documents(&self) -> usize {
        self.docs.len()
    }

    /// Folds one document in.
    pub fn add(&mut self, facts: DocFacts) {
        let DocFacts {
            order,
            doc_id,
            source,
            published,
            chars,
            exact_hash,
            minhash,
            terms,
            entities,
        } = facts;
        self.stats
            .add_entities(order, source.as_deref(), published, &entities);
        self.stats.add_terms(&terms);
        self.stats.add_daily(published, source.as_deref(), chars);
        if let Some(minhash) = minhash {
            self.signatures
                .entry(exact_hash)
                .or_insert_with(|| minhash.0.into_boxed_slice());
        }
        self.docs.push(DocRecord {
            order,
            doc_id,
            published,
            exact_hash,
        });
    }

    /// Folds another shard's state in.
    pub fn merge(&mut self, other: CorpusState) {
        self.docs.extend(other.docs);
        for (hash, signature) in other.signatures {
            self.signatures.entry(hash).or_insert(signature);
        }
        self.stats.merge(other.stats);
    }

    /// The tables. [`CorpusState::clusters`], [`CorpusState::entities`] and the other
    /// per-table methods give the same rows one table at a time, which keeps the peak memory
    /// of writing them lower.
    #[must_use]
    pub fn finish(&self, options: &AggregateOptions) -> CorpusTables {
        CorpusTables {
            clusters: self.clusters(&options.clusters),
            entities: self.entities(),
            cooccurrence: self.cooccurrence(options.min_cooccurrence_documents),
            terms: self.terms(options.min_df),
            daily: self.daily(),
        }
    }

    /// The `clusters` rows.
    #[must_use]
    pub fn clusters(&self, options: &ClusterOptions) -> Vec<ClusterRow> {
        let mut order: Vec<&DocRecord> = self.docs.iter().collect();
        order.sort_by(|a, b| (a.order, &a.doc_id).cmp(&(b.order, &b.doc_id)));
        cluster_rows(&order, &self.signatures, options)
    }

    /// The `entities` statistics rows.
    #[must_use]
    pub fn entities(&self) -> Vec<EntityStatRow> {
        self.stats.entity_rows()
    }

    /// The `cooccurrence` rows of pairs co-mentioned in at least `min_documents` documents.
    #[must_use]
    pub fn cooccurrence(&self, min_documents: u64) -> Vec<CooccurrenceRow> {
        self.stats.cooccurrence_rows(min_documents)
    }

    /// The rows of [`CorpusState::cooccurrence`], in order, handed to `each` at most
    /// `chunk_rows` at a time (it may take them out of the vector), so that a large table is
    /// written without all its rows in memory at once.
    pub fn cooccurrence_chunks<E>(
        &self,
        min_documents: u64,
        chunk_rows: usize,
        each: impl FnMut(&mut Vec<CooccurrenceRow>) -> Result<(), E>,
    ) -> Result<(), E> {
        self.stats
            .cooccurrence_chunks(min_documents, chunk_rows, each)
    }

    /// The `terms` rows with document frequency at least `min_df`.
    #[must_use]
    pub fn terms(&self, min_df: u64) -> Vec<TermRow> {
        self.stats.term_rows(min_df)
    }

    /// The `daily` rows.
    #[must_use]
    pub fn daily(&self) -> Vec<DailyRow> {
        self.stats.daily_rows()
    }

    /// Approximate memory held, by part.
    #[must_use]
    pub fn size(&self) -> StateSize {
        let record_bytes: usize = self
            .docs
            .iter()
            .map(|d| std::mem::size_of::<DocRecord>() + d.doc_id.capacity())
            .sum();
        let signature_bytes: usize = self
            .signatures
            .values()
            .map(|s| 8 + std::mem::size_of::<Box<[u32]>>() + s.len() * 4)
            .sum();
        let document_bytes = record_bytes + signature_bytes;
        let (entities, pairs, terms, daily) = self.stats.key_counts();
        StateSize {
            documents: self.docs.len(),
            document_bytes,
            entities,
            pairs,
            terms,
            term_bytes: self.stats.term_bytes(),
            daily,
        }
    }

    /// A versioned binary encoding, for merging states across processes. Deterministic:
    /// equal states give equal bytes.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::with_header(*MAGIC);
        self.encode(&mut w);
        w.finish()
    }

    /// Streams the bytes of [`CorpusState::to_bytes`] to `sink` without building them in
    /// memory first.
    pub fn write_to(&self, sink: &mut dyn std::io::Write) -> std::io::Result<()> {
        let mut w = Writer::streaming(*MAGIC, sink);
        self.encode(&mut w);
        w.finish_stream()
    }

    fn encode(&self, w: &mut Writer<'_>) {
        let mut docs: Vec<&DocRecord> = self.docs.iter().collect();
        docs.sort_by(|a, b| (a.order, &a.doc_id).cmp(&(b.order, &b.doc_id)));
        w.len(docs.len());
        for d in docs {
            w.u32(d.order.0);
            w.u64(d.order.1);
            w.str(&d.doc_id);
            w.opt_i64(d.published);
            w.u64(d.exact_hash);
        }
        let mut signatures: Vec<(&u64, &Box<[u32]>)> = self.signatures.iter().collect();
        signatures.sort_unstable_by_key(|(hash, _)| **hash);
        w.len(signatures.len());
        for (hash, sig) in signatures {
            w.u64(*hash);
            w.len(sig.len());
            for v in sig {
                w.u32(*v);
            }
        }
        self.stats.write(w);
    }

    /// Reads back [`CorpusState::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, AggregateError> {
        let mut r = Reader::with_header(bytes, *MAGIC, "corpus state")?;
        let n = r.len(29, "document count")?;
        let mut docs = Vec::with_capacity(n);
        for _ in 0..n {
            let order = (r.u32("order")?, r.u64("order")?);
            let doc_id = r.string("doc_id")?;
            let published = r.opt_i64("published")?;
            let exact_hash = r.u64("exact hash")?;
            docs.push(DocRecord {
                order,
                doc_id,
                published,
                exact_hash,
            });
        }
        let n = r.len(16, "signature count")?;
        let mut signatures = Signatures::default();
        signatures.reserve(n);
        for _ in 0..n {
            let hash = r.u64("signature hash")?;
            let len = r.len(4, "signature length")?;
            let mut sig = Vec::with_capacity(len);
            for _ in 0..len {
                sig.push(r.u32("signature")?);
            }
            signatures.insert(hash, sig.into_boxed_slice());
        }
        let stats = Stats::read(&mut r)?;
        r.finish()?;
        Ok(Self {
            docs,
            signatures,
            stats,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::{EntityOccurrence, MinHasher, exact_hash};
    use khabar_core::EntityKind;
    use proptest::prelude::*;

    const WORDS: [&str; 12] = [
        "نفط",
        "سعر",
        "الرياض",
        "وزير",
        "قال",
        "في",
        "oil",
        "price",
        "the",
        "جدة",
        "اجتماع",
        "2015",
    ];
    const KEYS: [&str; 5] = ["Q1", "Q2", "Q3", "سلمان", "جدة"];
    const KINDS: [EntityKind; 3] = [EntityKind::Per, EntityKind::Loc, EntityKind::Org];

    /// A generated document: base text index, edits, source, date, entities.
    #[derive(Debug, Clone)]
    struct GenDoc {
        base: usize,
        edits: Vec<(usize, usize)>,
        source: Option<u8>,
        published: Option<i64>,
        entities: Vec<(usize, usize, Option<u8>, u32)>,
        shard: usize,
    }

    fn gen_doc() -> impl Strategy<Value = GenDoc> {
        (
            0usize..4,
            proptest::collection::vec((0usize..40, 0usize..12), 0..3),
            proptest::option::of(0u8..3),
            proptest::option::of(prop_oneof![
                Just(0i64),
                Just(86_400_000_000),
                Just(90_000_000_000),
                Just(-5)
            ]),
            proptest::collection::vec(
                (0usize..5, 0usize..3, proptest::option::of(0u8..2), 0u32..3),
                0..6,
            ),
            0usize..4,
        )
            .prop_map(|(base, edits, source, published, entities, shard)| GenDoc {
                base,
                edits,
                source,
                published,
                entities,
                shard,
            })
    }

    fn facts_of(i: usize, g: &GenDoc, hasher: &MinHasher) -> DocFacts {
        // Four base texts of 40 words; edits make near duplicates.
        let mut words: Vec<&str> = (0..40)
            .map(|k| WORDS[(k * (g.base + 1) + g.base * 7) % WORDS.len()])
            .collect();
        for &(at, w) in &g.edits {
            words[at] = WORDS[w];
        }
        let text = words.join(" ");
        DocFacts {
            order: ((i / 7) as u32, (i % 7) as u64),
            doc_id: format!("doc{i}"),
            source: g.source.map(|s| format!("src{s}")),
            published: g.published,
            chars: text.chars().count() as u64,
            exact_hash: exact_hash(&text),
            minhash: Some(hasher.signature(&text)),
            terms: {
                let keys: Vec<String> = words
                    .iter()
                    .map(|w| khabar_normalize::search_key(w))
                    .collect();
                keys.iter().map(String::as_str).collect()
            },
            entities: g
                .entities
                .iter()
                .map(|&(k, kind, canon, sentence)| EntityOccurrence {
                    key: KEYS[k].to_owned(),
                    kind: KINDS[kind],
                    canonical: canon.map(|c| format!("name{c}")),
                    sentence,
                })
                .collect(),
        }
    }

    fn options() -> AggregateOptions {
        AggregateOptions {
            clusters: ClusterOptions {
                threshold: 0.7,
                bands: 8,
                rows: 2,
                max_bucket_comparisons: 4,
            },
            min_df: 2,
            min_cooccurrence_documents: 1,
        }
    }

    proptest! {
        #[test]
        fn merge_of_shards_equals_one_run(
            docs in proptest::collection::vec(gen_doc(), 0..40),
            merge_order in Just(vec![0usize, 1, 2, 3]).prop_shuffle(),
            via_bytes in proptest::collection::vec(any::<bool>(), 4),
        ) {
            let hasher = MinHasher::new(16, 3);
            let facts: Vec<DocFacts> = docs.iter().enumerate().map(|(i, g)| facts_of(i, g, &hasher)).collect();
            let mut whole = CorpusState::new();
            for f in facts.iter().cloned() {
                whole.add(f);
            }
            let mut shards = [CorpusState::new(), CorpusState::new(), CorpusState::new(), CorpusState::new()];
            for (g, f) in docs.iter().zip(facts) {
                shards[g.shard].add(f);
            }
            let mut merged = CorpusState::new();
            for &s in &merge_order {
                let shard = std::mem::take(&mut shards[s]);
                let shard = if via_bytes[s] { CorpusState::from_bytes(&shard.to_bytes()).unwrap() } else { shard };
                // Alternate sides so both merge(a, b) and merge(b, a) are exercised.
                if s % 2 == 0 {
                    merged.merge(shard);
                } else {
                    let mut shard = shard;
                    shard.merge(merged);
                    merged = shard;
                }
            }
            prop_assert_eq!(merged.documents(), whole.documents());
            prop_assert_eq!(merged.to_bytes(), whole.to_bytes());
            prop_assert_eq!(merged.finish(&options()), whole.finish(&options()));
        }
    }

    #[test]
    fn tables_have_expected_contents() {
        let hasher = MinHasher::new(16, 3);
        let g = |base, published, shard| GenDoc {
            base,
            edits: vec![],
            source: Some(0),
            published,
            entities: vec![(0, 0, Some(1), 0), (1, 1, None, 0)],
            shard,
        };
        let docs = [
            g(0, Some(86_400_000_000), 0),
            g(0, Some(0), 1),
            g(1, None, 0),
        ];
        let mut state = CorpusState::new();
        for (i, d) in docs.iter().enumerate() {
            state.add(facts_of(i, d, &hasher));
        }
        let t = state.finish(&options());
        let clusters: Vec<(&str, &str)> = t
            .clusters
            .iter()
            .map(|r| (r.doc_id.as_str(), r.cluster_id.as_str()))
            .collect();
        assert_eq!(clusters, [("doc1", "doc1"), ("doc0", "doc1")]);
        assert_eq!(t.entities.len(), 2);
        assert_eq!(
            (
                t.entities[0].entity.as_str(),
                t.entities[0].documents,
                t.entities[0].canonical.as_deref()
            ),
            ("Q1", 3, Some("name1"))
        );
        assert_eq!(t.cooccurrence.len(), 1);
        assert_eq!(
            (t.cooccurrence[0].documents, t.cooccurrence[0].sentences),
            (3, 3)
        );
        let days: Vec<(i32, u64)> = t.daily.iter().map(|d| (d.day, d.documents)).collect();
        assert_eq!(days, [(0, 1), (1, 1)]);
        assert!(
            t.terms
                .iter()
                .all(|r| r.documents >= 2 && crate::is_content_term(&r.term))
        );
        assert!(
            !t.terms
                .iter()
                .any(|r| r.term == khabar_normalize::search_key("في"))
        );
    }

    #[test]
    fn corrupt_state_bytes_are_errors() {
        let mut state = CorpusState::new();
        state.add(DocFacts {
            doc_id: "a".into(),
            terms: ["نفط"].into_iter().collect(),
            ..DocFacts::default()
        });
        let bytes = state.to_bytes();
        for cut in [0, 4, 9, bytes.len() - 1] {
            assert!(CorpusState::from_bytes(&bytes[..cut]).is_err(), "cut {cut}");
        }
        let mut extra = bytes.clone();
        extra.push(0);
        assert!(matches!(
            CorpusState::from_bytes(&extra),
            Err(AggregateError::TrailingBytes { .. })
        ));
        assert_eq!(CorpusState::from_bytes(&bytes).unwrap(), state);
    }

    #[test]
    fn copies_share_one_signature_and_streaming_gives_the_same_bytes() {
        let hasher = MinHasher::new(128, 5);
        let mut state = CorpusState::new();
        // 8,000 documents over 2,000 texts: more than a megabyte of state, so the
        // streaming writer spills several times.
        for i in 0..8_000u64 {
            let text = format!("خبر رقم {} عن سعر النفط في الرياض اليوم", i % 2_000);
            state.add(DocFacts {
                order: (0, i),
                doc_id: format!("doc-{i}"),
                exact_hash: exact_hash(&text),
                minhash: Some(hasher.signature(&text)),
                terms: [format!("t{}", i % 300).as_str()].into_iter().collect(),
                ..DocFacts::default()
            });
        }
        assert_eq!(state.signatures.len(), 2_000);
        let bytes = state.to_bytes();
        assert!(bytes.len() > 1 << 20, "{} bytes", bytes.len());
        let mut streamed = Vec::new();
        state.write_to(&mut streamed).unwrap();
        assert!(streamed == bytes, "streamed bytes differ");
        let back = CorpusState::from_bytes(&bytes).unwrap();
        assert_eq!(back, state);
        let options = AggregateOptions::default();
        assert_eq!(back.finish(&options), state.finish(&options));
        // Every copy is an exact member of its text's cluster.
        assert_eq!(state.clusters(&options.clusters).len(), 8_000);
    }
}
