//! The `khabar` command line: argument parsing, progress, exit codes.
//!
//! The library crates do the work; this crate wires them into commands:
//!
//! - `khabar run INPUT... --out DIR`: the pipeline, reader -> normalize -> extract -> sinks.
//! - `khabar schema`: the schema of every table.
//! - `khabar normalize`: the normalizer as a Unix filter.
//! - `khabar merge DIR... --out DIR`: the corpus tables of `khabar run --shard K/N` outputs,
//!   combined as one run over all inputs would have written them.
//! - `khabar train-ner` and `khabar eval-ner`: train the entity tagger on CoNLL text, and
//!   score it through the same path as `run`.
//!
//! Exit codes: 0 success; 3 when the run finished but some input could not be read to its
//! end; 2 for a usage error; 1 for any other fatal error.
//!
//! ```no_run
//! // The binary is a one-liner over this function.
//! let code = khabar_cli::main();
//! ```

#![warn(missing_docs)]

pub mod args;
mod checkpoint;
mod corpus;
mod ids;
mod manifest;
mod merge_cmd;
mod ner_cmd;
mod normalize_cmd;
mod outdir;
pub mod pipeline;
mod progress;
pub mod run;
mod sinks;

use std::process::ExitCode;

use clap::Parser;

pub use manifest::{InputEntry, Manifest, Totals};

/// An error that is the user's to fix: exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    /// An input or output path problem found by the readers.
    #[error(transparent)]
    Io(#[from] khabar_io::IoError),
    /// Anything else the user has to change: the message says what.
    #[error("{0}")]
    Message(String),
}

/// Exit code: every input read to its end.
pub const EXIT_OK: u8 = 0;
/// Exit code: a fatal error stopped the run.
pub const EXIT_FATAL: u8 = 1;
/// Exit code: a usage error.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: the run finished, but some input could not be read to its end.
pub const EXIT_INPUT_INCOMPLETE: u8 = 3;

/// `khabar parse-only`: reads and parses every record in parallel over files, then prints
/// the counts: documents, bytes of article text, bytes of the records' JSON (the
/// uncompressed input) and rejects.
fn parse_only(args: &args::ParseOnlyArgs) -> anyhow::Result<u8> {
    use rayon::prelude::*;
    let inputs = khabar_io::read::expand_inputs(&args.inputs).map_err(UsageError::from)?;
    let threads = args
        .threads
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()?;
    let fields = khabar_io::FieldMap::default();
    let options = khabar_io::read::ReadOptions::default();
    let (documents, text_bytes, record_bytes, rejects) = pool.install(|| {
        inputs
            .par_iter()
            .map(|source| {
                let mut counts = (0u64, 0u64, 0u64, 0u64);
                khabar_io::read::read_source(source, &options, None, &mut |item| match item {
                    khabar_io::read::ReadItem::Record(raw) => {
                        counts.2 += raw.bytes.len() as u64;
                        match khabar_io::parse_record(&raw, &fields) {
                            Ok(parsed) => {
                                counts.0 += 1;
                                counts.1 += parsed.text.len() as u64;
                            }
                            Err(_) => counts.3 += 1,
                        }
                    }
                    khabar_io::read::ReadItem::Reject(_) => counts.3 += 1,
                });
                counts
            })
            .reduce(
                || (0, 0, 0, 0),
                |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2, a.3 + b.3),
            )
    });
    println!(
        "documents {documents}\ntext_bytes {text_bytes}\nrecord_bytes {record_bytes}\nrejects {rejects}"
    );
    Ok(EXIT_OK)
}

/// Runs the command line and returns the process exit code.
#[must_use]
pub fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help and version to stdout with exit 0, usage errors to stderr.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_USAGE } else { EXIT_OK });
        }
    };
    let result = match &cli.command {
        args::Command::Run(run_args) => run::run(run_args).map(|outcome| {
            eprintln!("{}", outcome.summary);
            match outcome.status {
                run::RunStatus::Complete => EXIT_OK,
                run::RunStatus::InputsIncomplete => EXIT_INPUT_INCOMPLETE,
            }
        }),
        args::Command::Schema => {
            print!("{}", khabar_io::write::describe_schemas());
            Ok(EXIT_OK)
        }
        args::Command::Normalize(normalize_args) => normalize_cmd::normalize(normalize_args),
        args::Command::Merge(merge_args) => merge_cmd::merge(merge_args),
        args::Command::TrainNer(train_args) => ner_cmd::train(train_args),
        args::Command::EvalNer(eval_args) => ner_cmd::eval(eval_args),
        args::Command::ParseOnly(parse_args) => parse_only(parse_args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("khabar: error: {}", error_message(&e));
            let usage = e
                .chain()
                .any(|cause| cause.downcast_ref::<UsageError>().is_some());
            ExitCode::from(if usage { EXIT_USAGE } else { EXIT_FATAL })
        }
    }
}

/// The error and its causes joined by `: `, leaving out a cause whose text the message
/// already ends with (an error that prints its source would otherwise say it twice).
fn error_message(error: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if message.ends_with(&text) {
            continue;
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&text);
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_messages_do_not_repeat_a_printed_source() {
        let io = std::io::Error::other("Permission denied");
        let error = anyhow::Error::new(io).context("data/x: Permission denied");
        assert_eq!(error_message(&error), "data/x: Permission denied");
        let error = anyhow::anyhow!("disk full").context("writing out/a");
        assert_eq!(error_message(&error), "writing out/a: disk full");
    }
}
