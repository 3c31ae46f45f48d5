//! khabar-extract throughput on real articles (SaudiNewsNet), one thread.
//!
//! Side by side: the date, quote and amount extractors run separately (each folds and
//! scans the text itself) and together through `Extractor` (one fold, one cue scan);
//! sentences plus tokens (`analyze`), their counts alone (`count_sentences_and_tokens`) and
//! language identification on their own. Every
//! benchmark checks its output count, so a fast wrong answer fails.

// A benchmark that cannot load its corpus should stop loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/common/corpus.rs"]
mod corpus;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use khabar_extract::{
    AmountExtractor, Analysis, DateExtractor, Extractor, QuoteExtractor, analyze,
    count_sentences_and_tokens, detect_language,
};
use std::hint::black_box;

/// Daily ZIPs to load: about 14 MB of article text.
const ZIPS: usize = 2;

/// Noon UTC on 2015-07-21, the first day of the archive: anchors relative dates.
const PUBLISHED: Option<i64> = Some(1_437_480_000_000_000);

fn bench_extract(c: &mut Criterion) {
    let texts = corpus::saudinewsnet_contents(ZIPS);
    let bytes: u64 = texts.iter().map(|t| t.len() as u64).sum();
    let analyses: Vec<Analysis> = texts.iter().map(|t| analyze(t)).collect();
    let dates = DateExtractor::new();
    let quotes = QuoteExtractor::new();
    let amounts = AmountExtractor::new();
    let extractor = Extractor::new();

    // Reference counts, computed once; every iteration must reproduce them.
    let count_separate = || -> usize {
        texts
            .iter()
            .zip(&analyses)
            .map(|(t, a)| {
                dates.extract(black_box(t), PUBLISHED, Some("ara")).len()
                    + quotes.extract(t, a, &[]).len()
                    + amounts.extract(t, a).len()
            })
            .sum()
    };
    let expected = count_separate();
    assert!(
        expected > texts.len(),
        "too few dates, quotes and amounts: {expected}"
    );
    // Some records are empty or a stray word: language needs about 200 bytes of text.
    let long = texts.iter().filter(|t| t.trim().len() >= 200).count();
    let expected_arabic = texts
        .iter()
        .filter(|t| detect_language(t) == Some("ara"))
        .count();
    assert!(
        expected_arabic * 100 >= long * 98,
        "{expected_arabic} of {long}"
    );
    let expected_tokens: usize = analyses.iter().map(|a| a.tokens.len()).sum();
    assert!(expected_tokens > texts.len() * 100);
    let expected_sentences: usize = analyses.iter().map(|a| a.sentences.len()).sum();

    let mut group = c.benchmark_group("extract");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes));

    group.bench_function("dates+quotes+amounts/separate", |b| {
        b.iter(|| assert_eq!(count_separate(), expected));
    });
    group.bench_function("dates+quotes+amounts/combined", |b| {
        b.iter(|| {
            let n: usize = texts
                .iter()
                .zip(&analyses)
                .map(|(t, a)| {
                    let r = extractor.extract(black_box(t), a, PUBLISHED, Some("ara"), &[]);
                    r.dates.len() + r.quotes.len() + r.amounts.len()
                })
                .sum();
            assert_eq!(n, expected);
        });
    });
    group.bench_function("sentences+tokens", |b| {
        b.iter(|| {
            let n: usize = texts
                .iter()
                .map(|t| analyze(black_box(t)).tokens.len())
                .sum();
            assert_eq!(n, expected_tokens);
        });
    });
    group.bench_function("sentence+token counts", |b| {
        b.iter(|| {
            let (sentences, tokens) = texts
                .iter()
                .map(|t| count_sentences_and_tokens(black_box(t)))
                .fold((0usize, 0usize), |(s, n), (ds, dn)| {
                    (s + ds as usize, n + dn as usize)
                });
            assert_eq!((sentences, tokens), (expected_sentences, expected_tokens));
        });
    });
    group.bench_function("language", |b| {
        b.iter(|| {
            let n = texts
                .iter()
                .filter(|t| detect_language(black_box(t)) == Some("ara"))
                .count();
            assert_eq!(n, expected_arabic);
        });
    });
    group.finish();
}

criterion_group!(benches, bench_extract);
criterion_main!(benches);
