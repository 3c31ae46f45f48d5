//! Aggregation speed on real `SaudiNewsNet` text: `MinHash` signatures, exact hashes, the
//! boilerplate pre-pass, and a whole `CorpusState` add + finish.
//!
//! Run: `cargo bench --bench aggregate -- --warm-up-time 1 --measurement-time 3`

#![allow(missing_docs)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark may stop on bad setup

#[path = "../tests/common/corpus.rs"]
mod corpus;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use khabar_aggregate::{
    AggregateOptions, CorpusState, DEFAULT_MIN_DOCS, DEFAULT_MIN_FRACTION, DocFacts, LineStats,
    MinHasher, exact_hash, words,
};
use rayon::prelude::*;
use std::hint::black_box;

/// Search-folded contents of the first day (read and folded once, before timing).
fn folded_texts() -> (Vec<(Option<String>, String)>, u64) {
    let texts: Vec<(Option<String>, String)> = corpus::saudinewsnet_sourced_contents(1)
        .into_iter()
        .filter(|(_, c)| !c.trim().is_empty())
        .map(|(s, c)| (s, khabar_normalize::search_key(&c)))
        .collect();
    let bytes = texts.iter().map(|(_, t)| t.len() as u64).sum();
    (texts, bytes)
}

fn bench_hashes(c: &mut Criterion) {
    let (texts, bytes) = folded_texts();
    let n = texts.len();
    let mut group = c.benchmark_group("hash");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    for (perms, shingle) in [(128, 5), (64, 5), (128, 3)] {
        let hasher = MinHasher::new(perms, shingle);
        group.bench_function(format!("minhash_{perms}x{shingle}w_1thread"), |b| {
            b.iter(|| {
                let sigs: Vec<_> = texts.iter().map(|(_, t)| hasher.signature(t)).collect();
                assert_eq!(sigs.len(), n);
                assert!(
                    sigs.iter()
                        .all(|s| s.0.len() == perms && !s.is_empty_text())
                );
                black_box(sigs)
            });
        });
    }
    let hasher = MinHasher::default();
    group.bench_function("minhash_128x5w_rayon", |b| {
        b.iter(|| {
            let sigs: Vec<_> = texts.par_iter().map(|(_, t)| hasher.signature(t)).collect();
            assert_eq!(sigs.len(), n);
            black_box(sigs)
        });
    });
    group.bench_function("exact_hash", |b| {
        b.iter(|| {
            let distinct: std::collections::HashSet<u64> =
                texts.iter().map(|(_, t)| exact_hash(t)).collect();
            assert!(distinct.len() > n / 2 && distinct.len() <= n);
            black_box(distinct)
        });
    });
    group.bench_function("line_stats_prepass", |b| {
        b.iter(|| {
            let mut stats = LineStats::new();
            for (source, text) in &texts {
                stats.add_document(source.as_deref(), text);
            }
            let set = stats.decide(DEFAULT_MIN_DOCS, DEFAULT_MIN_FRACTION);
            assert!(stats.distinct_lines() > 0);
            black_box(set)
        });
    });
    group.finish();
}

fn bench_state(c: &mut Criterion) {
    let (texts, _) = folded_texts();
    let hasher = MinHasher::default();
    let docs: Vec<DocFacts> = texts
        .iter()
        .take(3000)
        .enumerate()
        .map(|(i, (source, t))| DocFacts {
            order: (0, i as u64),
            doc_id: format!("d{i}"),
            source: source.clone(),
            published: Some(1_437_436_800_000_000),
            chars: t.chars().count() as u64,
            exact_hash: exact_hash(t),
            minhash: Some(hasher.signature(t)),
            terms: words(t).collect(),
            entities: Vec::new(),
        })
        .collect();
    let bytes: u64 = texts.iter().take(3000).map(|(_, t)| t.len() as u64).sum();
    let mut group = c.benchmark_group("state");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    group.bench_function("add_finish_3000_docs", |b| {
        b.iter(|| {
            let mut state = CorpusState::new();
            for d in docs.iter().cloned() {
                state.add(d);
            }
            let tables = state.finish(&AggregateOptions::default());
            assert_eq!(state.documents(), docs.len());
            assert!(!tables.terms.is_empty() && !tables.clusters.is_empty());
            black_box(tables)
        });
    });
    group.bench_function("add_finish_3000_docs_two_shards_merged", |b| {
        b.iter(|| {
            let (left, right) = docs.split_at(docs.len() / 2);
            let (mut a, b2) = rayon::join(
                || {
                    let mut s = CorpusState::new();
                    left.iter().cloned().for_each(|d| s.add(d));
                    s
                },
                || {
                    let mut s = CorpusState::new();
                    right.iter().cloned().for_each(|d| s.add(d));
                    s
                },
            );
            a.merge(b2);
            let tables = a.finish(&AggregateOptions::default());
            assert_eq!(a.documents(), docs.len());
            black_box(tables)
        });
    });
    // The pipeline's per-batch path (khabar-cli run.rs): a Rayon fold + reduce over a batch
    // of 512 documents, then a merge into the run's state. As above, cloning the facts is
    // part of the timed work.
    let batches: Vec<Vec<DocFacts>> = docs.chunks(512).map(<[DocFacts]>::to_vec).collect();
    group.bench_function("add_merge_batches_of_512", |b| {
        b.iter(|| {
            let mut global = CorpusState::new();
            for batch in batches.iter().cloned() {
                let state = batch
                    .into_par_iter()
                    .fold(CorpusState::new, |mut s, f| {
                        s.add(f);
                        s
                    })
                    .reduce(CorpusState::new, |mut a, b| {
                        a.merge(b);
                        a
                    });
                global.merge(state);
            }
            assert_eq!(global.documents(), docs.len());
            black_box(global)
        });
    });
    group.finish();
}

criterion_group!(benches, bench_hashes, bench_state);
criterion_main!(benches);
