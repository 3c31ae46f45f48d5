//! khabar-ner throughput on real articles (SaudiNewsNet), one thread.
//!
//! Side by side: the model mode (gazetteers + rules + tagger) and the gazetteer mode, each
//! on pre-computed tokens (`recognize` alone) and from text (`analyze` + `recognize`, what
//! the pipeline pays for entities). Every benchmark checks its mention count, so a fast
//! wrong answer fails.

// A benchmark that cannot load its corpus should stop loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[path = "../tests/common/corpus.rs"]
mod corpus;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use khabar_extract::{Analysis, analyze};
use khabar_ner::{EntityRecognizer, NerMode};
use std::hint::black_box;

/// Daily ZIPs to load: about 7 MB of article text.
const ZIPS: usize = 1;

fn bench_ner(c: &mut Criterion) {
    let texts = corpus::saudinewsnet_contents(ZIPS);
    let bytes: u64 = texts.iter().map(|t| t.len() as u64).sum();
    let analyses: Vec<Analysis> = texts.iter().map(|t| analyze(t)).collect();
    let mut group = c.benchmark_group("ner");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    for (name, mode, min_mentions) in [
        ("model", NerMode::Model, 50_000),
        ("gazetteer", NerMode::Gazetteer, 35_000),
    ] {
        let recognizer = EntityRecognizer::new(mode).unwrap();
        group.bench_function(format!("{name}/recognize"), |b| {
            b.iter(|| {
                let n: usize = texts
                    .iter()
                    .zip(&analyses)
                    .map(|(t, a)| recognizer.recognize(t, a, Some("ara")).len())
                    .sum();
                assert!(n > min_mentions, "{name}: {n} mentions");
                black_box(n)
            });
        });
        group.bench_function(format!("{name}/analyze+recognize"), |b| {
            b.iter(|| {
                let n: usize = texts
                    .iter()
                    .map(|t| recognizer.recognize(t, &analyze(t), Some("ara")).len())
                    .sum();
                assert!(n > min_mentions, "{name}: {n} mentions");
                black_box(n)
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench_ner);
criterion_main!(benches);
