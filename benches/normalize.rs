//! khabar-normalize throughput on real articles (SaudiNewsNet), one thread.
//!
//! Side by side: layer 1 on raw text (the filters run), layer 1 on text that is already clean
//! (the fast path copies), layer 2 with offsets, layer 2 key without offsets, and the naive
//! `unicode-normalization` NFC for reference. Every benchmark checks its output size, so a
//! fast wrong answer fails.

// A benchmark that cannot load its corpus should stop loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/common/corpus.rs"]
mod corpus;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use khabar_normalize::{clean, reference_nfc, search, search_key};
use std::hint::black_box;

/// Daily ZIPs to load: about 14 MB of article text.
const ZIPS: usize = 2;

fn total_bytes(texts: &[String]) -> u64 {
    texts.iter().map(|t| t.len() as u64).sum()
}

fn bench_normalize(c: &mut Criterion) {
    let raw = corpus::saudinewsnet_contents(ZIPS);
    let cleaned: Vec<String> = raw.iter().map(|t| clean(t, None).text).collect();
    let raw_bytes = total_bytes(&raw);
    let clean_bytes = total_bytes(&cleaned);
    let key_bytes: u64 = cleaned.iter().map(|t| search_key(t).len() as u64).sum();
    let nfc_bytes: u64 = raw.iter().map(|t| reference_nfc(t).len() as u64).sum();
    assert!(clean_bytes < raw_bytes && key_bytes < clean_bytes);

    let mut group = c.benchmark_group("normalize");
    group.sample_size(10);

    group.throughput(Throughput::Bytes(raw_bytes));
    group.bench_function("clean/raw", |b| {
        b.iter(|| {
            let out: u64 = raw
                .iter()
                .map(|t| clean(black_box(t), None).text.len() as u64)
                .sum();
            assert_eq!(out, clean_bytes);
        });
    });

    group.throughput(Throughput::Bytes(clean_bytes));
    group.bench_function("clean/already_clean", |b| {
        b.iter(|| {
            let out: u64 = cleaned
                .iter()
                .map(|t| {
                    let n = clean(black_box(t), None);
                    assert!(n.offsets.is_identity());
                    n.text.len() as u64
                })
                .sum();
            assert_eq!(out, clean_bytes);
        });
    });

    group.throughput(Throughput::Bytes(raw_bytes));
    group.bench_function("search/raw", |b| {
        b.iter(|| {
            let out: u64 = raw
                .iter()
                .map(|t| search(black_box(t), None).text.len() as u64)
                .sum();
            assert_eq!(out, key_bytes);
        });
    });

    group.throughput(Throughput::Bytes(clean_bytes));
    group.bench_function("search/already_clean", |b| {
        b.iter(|| {
            let out: u64 = cleaned
                .iter()
                .map(|t| search(black_box(t), None).text.len() as u64)
                .sum();
            assert_eq!(out, key_bytes);
        });
    });

    group.throughput(Throughput::Bytes(clean_bytes));
    group.bench_function("search_key/already_clean", |b| {
        b.iter(|| {
            let out: u64 = cleaned
                .iter()
                .map(|t| search_key(black_box(t)).len() as u64)
                .sum();
            assert_eq!(out, key_bytes);
        });
    });

    group.throughput(Throughput::Bytes(raw_bytes));
    group.bench_function("reference_nfc/raw", |b| {
        b.iter(|| {
            let out: u64 = raw
                .iter()
                .map(|t| reference_nfc(black_box(t)).len() as u64)
                .sum();
            assert_eq!(out, nfc_bytes);
        });
    });
    group.finish();
}

criterion_group!(benches, bench_normalize);
criterion_main!(benches);
