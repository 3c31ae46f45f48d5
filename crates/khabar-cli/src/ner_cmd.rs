//! `khabar train-ner` and `khabar eval-ner`.

use anyhow::{Context, Result, bail};
use khabar_ner::{
    EntityRecognizer, Model, NerMode, TrainOptions, dev_split, evaluate_passages,
    train as train_model,
};

use crate::args::{EvalNerArgs, NerArg, TrainNerArgs};

/// The share of the CoNLL file kept as the dev split (its end).
const DEV_FRACTION: f64 = 0.1;

/// Reads a CoNLL file. A path that names no readable file is a usage error (exit 2), as a
/// missing input is for `khabar run`; text that is not UTF-8 is named by its line.
fn read_conll(path: &std::path::Path) -> Result<String> {
    let usage = |why: String| crate::UsageError::Message(format!("{}: {why}", path.display()));
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            return Err(usage("is a directory, not a CoNLL file".to_owned()).into());
        }
        Ok(_) => {}
        Err(e) => return Err(usage(e.to_string()).into()),
    }
    let bytes = std::fs::read(path).map_err(|e| usage(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        // The valid text before the bad byte, split at newlines: its last piece is the
        // bad line's start.
        let before: Vec<&[u8]> = bytes[..valid].split(|&b| b == b'\n').collect();
        let line = before.len();
        let column = before.last().map_or(0, |piece| piece.len());
        anyhow::anyhow!(
            "{}:{line}: invalid UTF-8 at byte {column} of the line (CoNLL files are UTF-8)",
            path.display()
        )
    })
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
    if report.tokens == 0 {
        bail!(
            "{}: no labelled tokens to score{} (expected `token TAG` lines, tags O, B-PERS, I-LOC, ...)",
            args.conll.display(),
            if args.dev {
                " in its dev split (the last 10%, from a sentence end)"
            } else {
                ""
            }
        );
    }
    print!("{report}");
    Ok(crate::EXIT_OK)
}
