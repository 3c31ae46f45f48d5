//! `khabar train-ner` and `khabar eval-ner`.

use anyhow::{Context, Result};
use khabar_ner::{
    EntityRecognizer, Model, NerMode, TrainOptions, dev_split, evaluate_passages,
    train as train_model,
};

use crate::args::{EvalNerArgs, NerArg, TrainNerArgs};

/// The share of the CoNLL file kept as the dev split (its end).
const DEV_FRACTION: f64 = 0.1;

fn read_conll(path: &std::path::Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

/// Trains the tagger and writes the model file.
pub fn train(args: &TrainNerArgs) -> Result<u8> {
    let conll = read_conll(&args.conll)?;
    let data = if args.dev {
        dev_split(&conll, DEV_FRACTION).0
    } else {
        conll.as_str()
    };
    let options = TrainOptions {
        epochs: args.epochs,
        ..TrainOptions::default()
    };
    let started = std::time::Instant::now();
    let model = train_model(data, &options)
        .with_context(|| format!("training on {}", args.conll.display()))?;
    let bytes = model.to_bytes();
    if let Some(dir) = args.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    crate::corpus::write_atomic(&args.out, &bytes)?;
    eprintln!(
        "khabar: trained on {} lines of {} in {:.1} s; wrote {} ({} bytes)",
        data.lines().count(),
        args.conll.display(),
        started.elapsed().as_secs_f64(),
        args.out.display(),
        bytes.len()
    );
    Ok(crate::EXIT_OK)
}

/// Scores the recognizer on CoNLL gold text and prints the table.
pub fn eval(args: &EvalNerArgs) -> Result<u8> {
    let conll = read_conll(&args.conll)?;
    let data = if args.dev {
        dev_split(&conll, DEV_FRACTION).1
    } else {
        conll.as_str()
    };
    let recognizer = match (&args.model, args.ner) {
        (Some(path), _) => {
            let bytes =
                std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
            let model =
                Model::from_bytes(&bytes).with_context(|| format!("loading {}", path.display()))?;
            EntityRecognizer::with_model(model)?
        }
        (None, NerArg::Model) => EntityRecognizer::new(NerMode::Model)?,
        (None, NerArg::Gazetteer) => EntityRecognizer::new(NerMode::Gazetteer)?,
        (None, NerArg::Off) => EntityRecognizer::new(NerMode::Off)?,
    };
    let report = evaluate_passages(&recognizer, data, args.passage.max(1));
    print!("{report}");
    Ok(crate::EXIT_OK)
}
