//! `count_sentences_and_tokens` on real articles: the first SaudiNewsNet articles give the
//! same counts as `analyze`, article by article.

// Test code: a missing corpus or a wrong count should stop loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/corpus.rs"]
mod corpus;

use khabar_extract::{analyze, count_sentences_and_tokens};

/// Articles to check, from the start of the first daily archive.
const ARTICLES: usize = 500;

#[test]
fn counts_equal_analyze_on_the_first_articles() {
    let texts = corpus::saudinewsnet_contents(1);
    assert!(
        texts.len() >= ARTICLES,
        "expected at least {ARTICLES} articles, got {}",
        texts.len()
    );
    let (mut sentences, mut tokens) = (0u64, 0u64);
    for (i, text) in texts.iter().take(ARTICLES).enumerate() {
        let analysis = analyze(text);
        let want = (
            analysis.sentences.len() as u32,
            analysis.tokens.len() as u32,
        );
        assert_eq!(count_sentences_and_tokens(text), want, "article {i}");
        sentences += u64::from(want.0);
        tokens += u64::from(want.1);
    }
    // Lower bounds measured on this archive, so a scan that finds nothing fails too.
    assert!(sentences > 10_000, "{sentences} sentences");
    assert!(tokens > 400_000, "{tokens} tokens");
}
