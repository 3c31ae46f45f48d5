//! `khabar run`: inputs -> reader thread -> Rayon over batches -> writer thread -> tables.
//!
//! The reader emits batches in input order through a bounded channel, so memory stays at
//! a few batches whatever the input size. Each batch is processed in parallel, then ids
//! are assigned and rows written in input order: output never depends on `--threads`.
//! At input boundaries the writer commits parts and a checkpoint (see [`crate::checkpoint`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use khabar_core::Reject;
use khabar_io::read::{InputReport, InputSource, InputStatus, ReadItem, ReadOptions, read_source};
use khabar_io::write::Table;
use rayon::prelude::*;

use crate::args::RunArgs;
use crate::checkpoint::Checkpoint;
use crate::manifest::{InputEntry, Manifest, Totals};
use crate::pipeline::{Outcome, Pipeline, PipelineOptions, Processed};
use crate::progress::{Progress, summary_line};
use crate::sinks::TableSinks;

/// What the reader thread sends.
enum Message {
    /// Items in input order, each with the ordinal of its input.
    Batch(Vec<(u32, ReadItem)>),
    /// An input has been read to its end (or as far as it could be).
    InputDone(u32, InputReport),
}

/// How a run ended, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunStatus {
    /// Every input was read to its end.
    Complete,
    /// The run finished but some input could not be read to its end.
    InputsIncomplete,
}

/// How a run ended and the one-line summary for the person waiting.
#[derive(Debug, Clone)]
pub struct RunOutcome {
    /// Complete, or some input incomplete.
    pub status: RunStatus,
    /// `khabar: N documents, M rejects, ...`
    pub summary: String,
}

fn now_micros() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as i64)
}

fn spawn_reader(
    inputs: Vec<InputSource>,
    first: usize,
    options: ReadOptions,
    batch_size: usize,
    bytes_read: Arc<AtomicU64>,
    tx: SyncSender<Message>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let mut batch: Vec<(u32, ReadItem)> = Vec::with_capacity(batch_size);
        for (ordinal, source) in inputs.iter().enumerate().skip(first) {
            let ordinal = ordinal as u32;
            let mut closed = false;
            let report = read_source(source, &options, Some(&bytes_read), &mut |item| {
                if closed {
                    return;
                }
                batch.push((ordinal, item));
                if batch.len() >= batch_size {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(batch_size));
                    closed = tx.send(Message::Batch(full)).is_err();
                }
            });
            if !batch.is_empty() {
                let rest = std::mem::replace(&mut batch, Vec::with_capacity(batch_size));
                if tx.send(Message::Batch(rest)).is_err() {
                    return;
                }
            }
            if closed || tx.send(Message::InputDone(ordinal, report)).is_err() {
                return;
            }
        }
    })
}

/// Work for the writer thread, in input order.
enum WriteJob {
    /// Rows of one batch.
    Rows {
        docs: Vec<Processed>,
        rejects: Vec<Reject>,
    },
    /// Commit every table's part, then write this checkpoint.
    Checkpoint(Box<Checkpoint>),
}

fn relative(out: &Path, parts: &[PathBuf]) -> Vec<String> {
    parts
        .iter()
        .map(|p| {
            p.strip_prefix(out)
                .unwrap_or(p)
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

fn spawn_writer(
    out: PathBuf,
    mut sinks: TableSinks,
    rx: Receiver<WriteJob>,
) -> std::thread::JoinHandle<Result<TableSinks>> {
    std::thread::spawn(move || {
        for job in rx {
            match job {
                WriteJob::Rows { docs, rejects } => {
                    sinks.write_documents(&docs)?;
                    sinks.write_rejects(&rejects)?;
                }
                WriteJob::Checkpoint(mut checkpoint) => {
                    let committed = sinks.commit()?;
                    checkpoint.parts = committed
                        .iter()
                        .map(|(table, parts)| (table.name().to_owned(), relative(&out, parts)))
                        .collect();
                    checkpoint.write(&out)?;
                }
            }
        }
        Ok(sinks)
    })
}

/// The run's state that a checkpoint saves and a resume restores.
struct RunState {
    entries: Vec<InputEntry>,
    totals: Totals,
    failed_inputs: Vec<String>,
    ids: crate::ids::IdAssigner,
    inputs_done: usize,
    records_since_checkpoint: u64,
}

impl RunState {
    fn fresh(inputs: &[InputSource]) -> Self {
        let entries = inputs
            .iter()
            .map(|s| InputEntry {
                name: s.display_name(),
                bytes: s.size_hint(),
                ..InputEntry::default()
            })
            .collect();
        Self {
            entries,
            totals: Totals::default(),
            failed_inputs: Vec::new(),
            ids: crate::ids::IdAssigner::default(),
            inputs_done: 0,
            records_since_checkpoint: 0,
        }
    }

    fn from_checkpoint(checkpoint: Checkpoint) -> Self {
        Self {
            entries: checkpoint.entries,
            totals: checkpoint.totals,
            failed_inputs: checkpoint.failed_inputs,
            ids: checkpoint.ids,
            inputs_done: checkpoint.inputs_done,
            records_since_checkpoint: 0,
        }
    }

    fn checkpoint(&self, input_names: &[String]) -> Checkpoint {
        Checkpoint {
            inputs: input_names.to_vec(),
            inputs_done: self.inputs_done,
            entries: self.entries.clone(),
            totals: self.totals.clone(),
            failed_inputs: self.failed_inputs.clone(),
            ids: self.ids.clone(),
            parts: BTreeMap::new(),
            aggregate_state: None,
        }
    }

    /// Counts one batch's outcomes in input order and turns them into rows.
    fn absorb(&mut self, ordinals: Vec<u32>, outcomes: Vec<Outcome>) -> WriteJob {
        let mut docs = Vec::new();
        let mut rejects = Vec::new();
        for (ordinal, outcome) in ordinals.into_iter().zip(outcomes) {
            let entry = &mut self.entries[ordinal as usize];
            self.totals.records_read += 1;
            self.records_since_checkpoint += 1;
            match outcome {
                Outcome::Document(mut processed) => {
                    let id_field = processed.id_field.take();
                    processed.doc.doc_id = self.ids.assign(
                        id_field,
                        &processed.doc.input_file,
                        processed.doc.input_index,
                    );
                    entry.documents += 1;
                    self.totals.documents += 1;
                    self.totals.text_bytes += processed.doc.raw_text.len() as u64;
                    self.totals.unparsed_dates += u64::from(processed.doc.published_unparsed);
                    docs.push(*processed);
                }
                Outcome::Reject(reject) => {
                    entry.rejected += 1;
                    self.totals.rejected += 1;
                    *self
                        .totals
                        .rejected_by_reason
                        .entry(reject.reason.code().to_owned())
                        .or_insert(0) += 1;
                    rejects.push(reject);
                }
            }
        }
        WriteJob::Rows { docs, rejects }
    }

    fn input_done(&mut self, ordinal: u32, report: InputReport) {
        let entry = &mut self.entries[ordinal as usize];
        entry.records = report.records;
        match report.status {
            InputStatus::Complete => entry.status = "complete".to_owned(),
            InputStatus::Incomplete(why) => {
                entry.status = "incomplete".to_owned();
                entry.error = Some(why);
                self.failed_inputs.push(entry.name.clone());
            }
        }
        self.inputs_done = ordinal as usize + 1;
    }
}

/// Loads the checkpoint for `--resume`, checking that it belongs to the same inputs.
fn load_resume(args: &RunArgs, input_names: &[String]) -> Result<Option<Checkpoint>> {
    if !args.resume {
        return Ok(None);
    }
    let Some(checkpoint) = Checkpoint::read(&args.out)? else {
        return Ok(None);
    };
    if checkpoint.inputs != input_names {
        bail!(crate::UsageError::from(
            khabar_io::IoError::ResumeMismatch {
                path: args.out.clone()
            }
        ));
    }
    Ok(Some(checkpoint))
}

/// Runs `khabar run` and returns how it ended.
pub fn run(args: &RunArgs) -> Result<RunOutcome> {
    let started = Instant::now();
    let started_at = now_micros();
    let inputs = khabar_io::read::expand_inputs(&args.inputs).map_err(crate::UsageError::from)?;
    let input_names: Vec<String> = inputs.iter().map(InputSource::display_name).collect();
    let resumed = load_resume(args, &input_names)?;
    let committed: BTreeMap<Table, Vec<PathBuf>> =
        resumed.as_ref().map_or_else(BTreeMap::new, |c| {
            TableSinks::TABLES
                .iter()
                .map(|t| {
                    (
                        *t,
                        c.parts.get(t.name()).map_or_else(Vec::new, |p| {
                            p.iter().map(|p| args.out.join(p)).collect()
                        }),
                    )
                })
                .collect()
        });
    let keep: BTreeSet<PathBuf> = committed.values().flatten().cloned().collect();
    crate::outdir::prepare(&args.out, args.overwrite || resumed.is_some(), &keep)
        .map_err(crate::UsageError::from)?;
    if resumed.is_none() {
        Checkpoint::remove(&args.out)?;
    }
    let mut state = resumed.map_or_else(|| RunState::fresh(&inputs), RunState::from_checkpoint);

    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
        .max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("building the thread pool")?;
    let pipeline = Pipeline::new(PipelineOptions {
        fields: args.fields.field_map(),
    });
    let read_options = ReadOptions {
        max_record_bytes: args.max_record_bytes,
        ..ReadOptions::default()
    };
    let total_bytes: Option<u64> = inputs
        .iter()
        .skip(state.inputs_done)
        .map(InputSource::size_hint)
        .sum();
    let progress = Progress::new(total_bytes, args.quiet);
    let bytes_read = Arc::new(AtomicU64::new(0));

    let (tx, rx) = sync_channel::<Message>(4);
    let reader = spawn_reader(
        inputs.clone(),
        state.inputs_done,
        read_options,
        args.batch_size.max(1),
        Arc::clone(&bytes_read),
        tx,
    );
    let (write_tx, write_rx) = sync_channel::<WriteJob>(2);
    let writer = spawn_writer(
        args.out.clone(),
        TableSinks::open(&args.out, &committed)?,
        write_rx,
    );

    for message in rx {
        let job = match message {
            Message::Batch(items) => {
                let ordinals: Vec<u32> = items.iter().map(|(o, _)| *o).collect();
                let outcomes: Vec<Outcome> = pool.install(|| {
                    items
                        .into_par_iter()
                        .map(|(_, item)| match item {
                            ReadItem::Record(raw) => pipeline.process(&raw),
                            ReadItem::Reject(reject) => Outcome::Reject(reject),
                        })
                        .collect()
                });
                let job = state.absorb(ordinals, outcomes);
                progress.update(
                    bytes_read.load(Ordering::Relaxed),
                    state.totals.documents,
                    state.totals.rejected,
                );
                job
            }
            Message::InputDone(ordinal, report) => {
                state.input_done(ordinal, report);
                let last = state.inputs_done == inputs.len();
                if !last && state.records_since_checkpoint < args.checkpoint_records {
                    continue;
                }
                state.records_since_checkpoint = 0;
                WriteJob::Checkpoint(Box::new(state.checkpoint(&input_names)))
            }
        };
        if write_tx.send(job).is_err() {
            break;
        }
    }
    drop(write_tx);
    reader
        .join()
        .map_err(|_| anyhow::anyhow!("the reader thread panicked"))?;
    let sinks = writer
        .join()
        .map_err(|_| anyhow::anyhow!("the writer thread panicked"))??;
    let tables = sinks.finish()?;
    progress.finish();

    state.totals.duplicate_ids = state.ids.duplicates;
    state.totals.input_bytes = state.entries.iter().filter_map(|e| e.bytes).sum();
    let status = if state.failed_inputs.is_empty() {
        RunStatus::Complete
    } else {
        RunStatus::InputsIncomplete
    };
    let elapsed = started.elapsed().as_secs_f64();
    let summary = summary_line(
        state.totals.documents,
        state.totals.rejected,
        elapsed,
        state.totals.text_bytes,
    );
    let manifest = Manifest {
        tool: "khabar".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        started_at: khabar_io::timestamp::format_rfc3339_micros(started_at),
        finished_at: khabar_io::timestamp::format_rfc3339_micros(now_micros()),
        elapsed_seconds: elapsed,
        threads,
        options: options_map(args),
        inputs: state.entries,
        failed_inputs: state.failed_inputs,
        totals: state.totals,
        tables: tables
            .iter()
            .map(|(t, parts)| (t.name().to_owned(), relative(&args.out, parts)))
            .collect(),
    };
    manifest
        .write(&args.out)
        .with_context(|| format!("writing {}/manifest.json", args.out.display()))?;
    Ok(RunOutcome { status, summary })
}

fn options_map(args: &RunArgs) -> BTreeMap<String, serde_json::Value> {
    let fields = args.fields.field_map();
    let mut map = BTreeMap::new();
    map.insert("inputs".to_owned(), serde_json::json!(args.inputs));
    map.insert(
        "out".to_owned(),
        serde_json::json!(args.out.to_string_lossy()),
    );
    map.insert("overwrite".to_owned(), serde_json::json!(args.overwrite));
    map.insert("resume".to_owned(), serde_json::json!(args.resume));
    map.insert(
        "max_record_bytes".to_owned(),
        serde_json::json!(args.max_record_bytes),
    );
    map.insert("batch_size".to_owned(), serde_json::json!(args.batch_size));
    map.insert(
        "checkpoint_records".to_owned(),
        serde_json::json!(args.checkpoint_records),
    );
    map.insert(
        "fields".to_owned(),
        serde_json::json!({
            "text": fields.text, "title": fields.title, "date": fields.date, "source": fields.source,
            "url": fields.url, "id": fields.id, "author": fields.author,
        }),
    );
    map
}
