//! Builds the corpus label lexicon `data/ner/autolex.tsv` (see `khabar_ner::AutoLexicon`):
//! a context-only tagger trained on ANERcorp tags every SaudiNewsNet article.
//!
//! ```text
//! cargo run --release -p khabar-ner --example autolex -- ../shared/ner/anercorp-train.conll ../shared/corpora/saudinewsnet data/ner/autolex.tsv
//! ```
//! `--slice K` trains the context tagger without tenth `K` (0-9) of the `CoNLL` file, for an
//! honest held-out score of that tenth: `train --slice K --autolex FILE` (for the last-10%
//! dev split, `--slice 9` with `train --dev --autolex FILE`). The shipped table's context
//! tagger saw all of the training file, so it flatters a score on any part of it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Instant;

use khabar_ner::{AutoLexicon, TrainOptions, dev_split};

const USAGE: &str = "usage: autolex <conll> <saudinewsnet dir> <out.tsv> [--slice K]...";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let conll = std::fs::read_to_string(args.first().expect(USAGE)).expect("read conll");
    let dir = args.get(1).expect(USAGE);
    let out = args.get(2).expect(USAGE);
    // `--slice` may repeat: every tenth named is left out (an inner fold of the first 90%
    // for choosing settings is `--slice K --slice 9`).
    let mut slices: Vec<usize> = args
        .windows(2)
        .filter(|w| w[0] == "--slice")
        .map(|w| w[1].parse::<usize>().expect("--slice K (0..=9)"))
        .collect();
    slices.sort_unstable();
    slices.dedup();
    let at = |k: usize| {
        if k == 0 {
            0
        } else {
            dev_split(&conll, 1.0 - k as f64 / 10.0).0.len()
        }
    };
    let train_part: String = (0..10)
        .filter(|k| !slices.contains(k))
        .map(|k| &conll[at(k)..if k == 9 { conll.len() } else { at(k + 1) }])
        .collect();
    let started = Instant::now();
    let mut lexicon = AutoLexicon::train(&train_part, &TrainOptions::default()).expect("train");
    eprintln!("context tagger trained in {:.1?}", started.elapsed());
    let mut documents = 0usize;
    common::for_each_article(&common::zips(dir), |content| {
        lexicon.add_text(content);
        documents += 1;
    });
    let tsv = lexicon.to_tsv(3);
    std::fs::write(out, &tsv).expect("write table");
    eprintln!(
        "{documents} documents tagged in {:.1?}; {} words written to {out}",
        started.elapsed(),
        tsv.lines().count() - 1
    );
}
