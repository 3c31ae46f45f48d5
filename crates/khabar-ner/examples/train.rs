//! Trains the NER tagger until the CLI's `khabar train-ner` is wired.
//!
//! ```text
//! cargo run --release -p khabar-ner --example train -- ../shared/ner/anercorp-train.conll --dev
//! cargo run --release -p khabar-ner --example train -- ../shared/ner/anercorp-train.conll --out data/ner/model.bin
//! ```
//! `--dev` trains on the first 90% and prints P/R/F1 on the last 10%; `--slice K` does the
//! same with tenth `K` (0-9) held out; `--cv` holds out each tenth in turn and pools the
//! counts (with the shipped `autolex.tsv`, whose context tagger saw every tenth: slightly
//! optimistic); `--autolex FILE` trains and scores with another corpus label lexicon (see
//! `examples/autolex.rs`); `--out` trains on everything and writes the model; `--bias
//! P,L,O,M` replaces the per-run decision biases; `--tune-bias PATTERN` chooses them by
//! cross-validation inside the first 90% (see `tune_bias`), never looking at the dev split,
//! and `--inner PATTERN` prints that cross-validation's pooled score at the given biases:
//! ```text
//! for k in 0 1 2 3 4 5 6 7 8; do cargo run --release -p khabar-ner --example autolex -- ../shared/ner/anercorp-train.conll ../shared/corpora/saudinewsnet al_in$k.tsv --slice $k --slice 9; done
//! cargo run --release -p khabar-ner --example train -- ../shared/ner/anercorp-train.conll --tune-bias 'al_in{K}.tsv'
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use khabar_ner::{
    EntityRecognizer, EvalReport, Model, NerMode, TrainOptions, dev_split, evaluate, train,
    train_with_autolex,
};

/// Byte range of tenth `k` (0-9) of `conll`, on sentence boundaries as `dev_split` cuts.
fn tenth(conll: &str, k: usize) -> (usize, usize) {
    let at = |k: usize| {
        if k == 0 {
            0
        } else {
            dev_split(conll, 1.0 - k as f64 / 10.0).0.len()
        }
    };
    (at(k), at(k + 1))
}

/// Adds `report`'s counts to `pooled`.
fn add_report(pooled: &mut EvalReport, report: &EvalReport) {
    if pooled.per_kind.is_empty() {
        pooled.per_kind.clone_from(&report.per_kind);
    } else {
        for ((_, p), (_, r)) in pooled.per_kind.iter_mut().zip(&report.per_kind) {
            p.true_positives += r.true_positives;
            p.false_positives += r.false_positives;
            p.false_negatives += r.false_negatives;
        }
    }
    pooled.micro.true_positives += report.micro.true_positives;
    pooled.micro.false_positives += report.micro.false_positives;
    pooled.micro.false_negatives += report.micro.false_negatives;
    pooled.sentences += report.sentences;
    pooled.tokens += report.tokens;
}

/// Chooses the per-run decision biases without the dev split (the last tenth): each tenth
/// `K` of the first nine is held out in turn, the tagger trained on the other eight with the
/// corpus label lexicon `pattern` with `{K}` replaced by `K` (made by `autolex --slice K
/// --slice 9`), and the biases raised one type at a time while the pooled micro F1 of the
/// nine held-out tenths rises.
/// With `tune` unset, only prints the nine folds' pooled score at `options.bias` (`--inner
/// PATTERN`): a comparison of two settings that never looks at the dev split.
fn tune_bias(conll: &str, options: &TrainOptions, pattern: &str, tune: bool) {
    let dev_start = tenth(conll, 9).0;
    let unbiased = TrainOptions {
        bias: [0.0; 4],
        ..*options
    };
    let mut folds: Vec<(EntityRecognizer, &str)> = Vec::new();
    for k in 0..9 {
        let (start, end) = tenth(conll, k);
        let train_part = format!("{}{}", &conll[..start], &conll[end..dev_start]);
        let table = std::fs::read_to_string(pattern.replace("{K}", &k.to_string()))
            .expect("read the fold's autolex table");
        let model = train_with_autolex(&train_part, &unbiased, &table).expect("train");
        let recognizer =
            EntityRecognizer::with_model_and_autolex(model, &table).expect("recognizer");
        folds.push((recognizer, &conll[start..end]));
    }
    let runs = options.runs.max(1) as f32;
    let mut pooled_at = |bias: [f32; 4]| {
        let mut pooled = EvalReport::default();
        for (recognizer, part) in &mut folds {
            recognizer.set_bias(bias.map(|b| b * runs));
            add_report(&mut pooled, &evaluate(recognizer, part));
        }
        pooled
    };
    let grid: Vec<f32> =
        flag_list("--grid").unwrap_or_else(|| vec![-0.5, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0]);
    if !tune {
        println!(
            "inner 9-fold pooled, per-run bias {:?}:\n{}",
            options.bias,
            pooled_at(options.bias)
        );
        return;
    }
    let mut current = [0f32; 4];
    let start = pooled_at(current);
    println!("inner 9-fold pooled, no bias:\n{start}");
    let mut best = start.micro.f1();
    for round in 0..3 {
        let mut moved = false;
        for t in 0..4 {
            for &v in &grid {
                let mut candidate = current;
                candidate[t] = v;
                if v.to_bits() == current[t].to_bits() {
                    continue;
                }
                let f1 = pooled_at(candidate).micro.f1();
                eprintln!("round {round} bias {candidate:?}: micro F1 {f1:.2}");
                if f1 > best + 1e-9 {
                    best = f1;
                    current = candidate;
                    moved = true;
                }
            }
        }
        if !moved {
            break;
        }
    }
    println!(
        "chosen per-run bias {current:?}; inner 9-fold pooled:\n{}",
        pooled_at(current)
    );
}

/// The comma-separated numbers after flag `name`, if given.
fn flag_list(name: &str) -> Option<Vec<f32>> {
    let args: Vec<String> = std::env::args().collect();
    let i = args.iter().position(|a| a == name)?;
    Some(
        args.get(i + 1)?
            .split(',')
            .map(|v| v.parse().expect("comma-separated numbers"))
            .collect(),
    )
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let conll = std::fs::read_to_string(
        args.first()
            .expect("usage: train <conll> [--dev|--slice K|--cv|--tune-bias PATTERN] [--out FILE] [--epochs N] [--bits B] [--runs R] [--dropout PERCENT] [--bias P,L,O,M] [--autolex FILE]"),
    )
    .expect("read conll");
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let mut options = TrainOptions::default();
    if let Some(e) = flag("--epochs") {
        options.epochs = e.parse().expect("--epochs N");
    }
    if let Some(r) = flag("--runs") {
        options.runs = r.parse().expect("--runs N");
    }
    if let Some(b) = flag("--bits") {
        options.bits = b.parse().expect("--bits B");
    }
    if let Some(d) = flag("--dropout") {
        options.dropout = d.parse().expect("--dropout PERCENT");
    }
    if let Some(b) = flag("--bias") {
        // Per-run decision biases PER,LOC,ORG,MISC instead of the shipped ones.
        let values: Vec<f32> = b
            .split(',')
            .map(|v| v.parse().expect("--bias P,L,O,M"))
            .collect();
        options.bias = values.try_into().expect("--bias takes four numbers");
    }
    // Another corpus label lexicon than the shipped one (`examples/autolex.rs --slice K`
    // writes one whose context tagger never saw tenth K): for an honest held-out score.
    let autolex = flag("--autolex").map(|p| std::fs::read_to_string(p).expect("read autolex"));
    let train = |conll: &str, options: &TrainOptions| match &autolex {
        Some(table) => train_with_autolex(conll, options, table),
        None => train(conll, options),
    };
    let recognizer_of = |model: Model| match &autolex {
        Some(table) => EntityRecognizer::with_model_and_autolex(model, table),
        None => EntityRecognizer::with_model(model),
    };
    if let Some(k) = flag("--slice") {
        // Another tenth as dev (0 = the first 10%), trained on the other 90%: a second
        // opinion on a change, since the last tenth alone is a small sample.
        let k: usize = k.parse().expect("--slice K (0..=9)");
        let (start, end) = tenth(&conll, k);
        let train_part = format!("{}{}", &conll[..start], &conll[end..]);
        let model = train(&train_part, &options).expect("train");
        let recognizer = recognizer_of(model).expect("recognizer");
        println!(
            "dev slice {k} (tenth {k} of 10), model mode:\n{}",
            evaluate(&recognizer, &conll[start..end])
        );
    }
    if args.iter().any(|a| a == "--cv") {
        // All ten tenths held out in turn, counts pooled: the least noisy comparison of
        // two settings (every sentence is scored once, by a model that never saw it).
        let mut pooled = EvalReport::default();
        for k in 0..10 {
            let (start, end) = tenth(&conll, k);
            let train_part = format!("{}{}", &conll[..start], &conll[end..]);
            let model = train(&train_part, &options).expect("train");
            let recognizer = recognizer_of(model).expect("recognizer");
            let report = evaluate(&recognizer, &conll[start..end]);
            println!("slice {k}: micro F1 {:.2}", report.micro.f1());
            add_report(&mut pooled, &report);
        }
        println!("10-fold pooled, model mode:\n{pooled}");
    }
    if let Some(pattern) = flag("--tune-bias") {
        tune_bias(&conll, &options, &pattern, true);
    }
    if let Some(pattern) = flag("--inner") {
        tune_bias(&conll, &options, &pattern, false);
    }
    if args.iter().any(|a| a == "--dev") {
        let (train_part, dev_part) = dev_split(&conll, 0.1);
        let started = Instant::now();
        let model = train(train_part, &options).expect("train");
        eprintln!(
            "trained on 90% in {:.1?}, {} bytes",
            started.elapsed(),
            model.to_bytes().len()
        );
        let recognizer = recognizer_of(Model::from_bytes(&model.to_bytes()).expect("round trip"))
            .expect("recognizer");
        println!(
            "dev split (last 10%), model mode:\n{}",
            evaluate(&recognizer, dev_part)
        );
        println!(
            "dev split, model mode, gold tokens:\n{}",
            khabar_ner::evaluate_on_gold_tokens(&recognizer, dev_part)
        );
        if let Some(dump) = flag("--dump") {
            // One line per dev sentence: the predicted mentions, for error analysis.
            let mut out = String::new();
            for sentence in dev_part.split_inclusive("\n. O\n") {
                let words: Vec<&str> = sentence
                    .lines()
                    .filter_map(|l| l.split_whitespace().next())
                    .collect();
                let text = words.join(" ");
                let analysis = khabar_extract::analyze(&text);
                let mentions = recognizer.recognize(&text, &analysis, Some("ara"));
                let parts: Vec<String> = mentions
                    .iter()
                    .map(|m| format!("{}:{}", m.kind, m.text))
                    .collect();
                out.push_str(&parts.join(" | "));
                out.push('\n');
            }
            std::fs::write(dump, out).expect("write dump");
        }
        if args.iter().any(|a| a == "--train-score") {
            println!(
                "train part (memorised):\n{}",
                evaluate(&recognizer, train_part)
            );
        }
        let gazetteer = EntityRecognizer::new(NerMode::Gazetteer).expect("recognizer");
        println!(
            "dev split, gazetteer mode:\n{}",
            evaluate(&gazetteer, dev_part)
        );
    }
    if let Some(out) = flag("--out") {
        let started = Instant::now();
        let model = train(&conll, &options).expect("train");
        let bytes = model.to_bytes();
        std::fs::write(&out, &bytes).expect("write model");
        eprintln!(
            "trained on 100% in {:.1?}, wrote {} bytes to {out}",
            started.elapsed(),
            bytes.len()
        );
    }
}
