//! Quick single-thread throughput check without criterion (the workspace bench is
//! `benches/ner.rs`):
//!
//! ```text
//! cargo run --release -p khabar-ner --example throughput -- ../shared/corpora/saudinewsnet/2015-07-21.zip
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Instant;

/// Seconds this thread has spent on a CPU (Linux `schedstat`), so a busy shared machine
/// does not count against the figure; falls back to wall time elsewhere.
fn cpu_seconds(wall: Instant) -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or_else(|| wall.elapsed().as_secs_f64(), |ns| ns / 1e9)
}

use khabar_ner::{EntityRecognizer, NerMode};

fn modes() -> Vec<NerMode> {
    match std::env::var("MODE").as_deref() {
        Ok("model") => vec![NerMode::Model],
        Ok("gazetteer") => vec![NerMode::Gazetteer],
        _ => vec![NerMode::Model, NerMode::Gazetteer],
    }
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: throughput <saudinewsnet zip>");
    let mut texts: Vec<String> = Vec::new();
    common::for_each_article(&common::zips(&path), |content| {
        texts.push(content.to_owned());
    });
    let bytes: usize = texts.iter().map(String::len).sum();
    let wall = Instant::now();
    let started = cpu_seconds(wall);
    let analyses: Vec<_> = texts.iter().map(|t| khabar_extract::analyze(t)).collect();
    let analyze_secs = cpu_seconds(wall) - started;
    println!(
        "{} articles, {:.1} MB; analyze: {:.1} MB/s",
        texts.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / analyze_secs
    );
    for mode in modes() {
        let recognizer = EntityRecognizer::new(mode).unwrap();
        let started = cpu_seconds(wall);
        let mut count = std::collections::BTreeMap::new();
        for (t, a) in texts.iter().zip(&analyses) {
            for m in recognizer.recognize(t, a, Some("ara")) {
                *count.entry(m.kind.as_str()).or_insert(0usize) += 1;
            }
        }
        let secs = cpu_seconds(wall) - started;
        println!(
            "{mode:?}: recognize {:.1} MB/s, analyze+recognize {:.1} MB/s; mentions {count:?}",
            bytes as f64 / 1e6 / secs,
            bytes as f64 / 1e6 / (secs + analyze_secs)
        );
    }
}
