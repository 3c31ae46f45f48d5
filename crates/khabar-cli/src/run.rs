//! `khabar run`: inputs -> reader thread -> Rayon over batches -> writer thread -> tables.
//!
//! The reader emits batches in input order through a bounded channel, so memory stays at
//! a few batches whatever the input size. Each batch is processed in parallel, then ids
//! are assigned and rows written in input order: output never depends on `--threads`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result};
use khabar_core::{Reject, hex64, stable_hash64};
use khabar_io::read::{InputReport, InputSource, InputStatus, ReadItem, ReadOptions, read_source};
use khabar_io::write::Table;
use rayon::prelude::*;

use crate::args::RunArgs;
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

fn now_micros() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as i64)
}

fn spawn_reader(
    inputs: Vec<InputSource>,
    options: ReadOptions,
    batch_size: usize,
    bytes_read: Arc<AtomicU64>,
    tx: SyncSender<Message>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let mut batch: Vec<(u32, ReadItem)> = Vec::with_capacity(batch_size);
        for (ordinal, source) in inputs.iter().enumerate() {
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

/// Assigns unique document ids in input order: the id field where present, else a
/// stable hash of input file and index; a repeated id gets `#2`, `#3`, ... appended.
#[derive(Default)]
struct IdAssigner {
    seen: HashSet<String>,
    next_suffix: HashMap<String, u32>,
    duplicates: u64,
}

impl IdAssigner {
    fn assign(&mut self, processed: &mut Processed) {
        let base = processed.id_field.take().unwrap_or_else(|| {
            let key = format!(
                "{}\u{0}{}",
                processed.doc.input_file, processed.doc.input_index
            );
            hex64(stable_hash64(key.as_bytes()))
        });
        if self.seen.insert(base.clone()) {
            processed.doc.doc_id = base;
            return;
        }
        self.duplicates += 1;
        let suffix = self.next_suffix.entry(base.clone()).or_insert(1);
        loop {
            *suffix += 1;
            let candidate = format!("{base}#{suffix}");
            if self.seen.insert(candidate.clone()) {
                processed.doc.doc_id = candidate;
                return;
            }
        }
    }
}

/// One batch for the writer thread.
struct WriteJob {
    docs: Vec<Processed>,
    rejects: Vec<Reject>,
}

fn spawn_writer(
    mut sinks: TableSinks,
    rx: Receiver<WriteJob>,
) -> std::thread::JoinHandle<Result<TableSinks>> {
    std::thread::spawn(move || {
        for job in rx {
            sinks.write_documents(&job.docs)?;
            sinks.write_rejects(&job.rejects)?;
        }
        Ok(sinks)
    })
}

/// How a run ended and the one-line summary for the person waiting.
#[derive(Debug, Clone)]
pub struct RunOutcome {
    /// Complete, or some input incomplete.
    pub status: RunStatus,
    /// `khabar: N documents, M rejects, ...`
    pub summary: String,
}

/// Runs `khabar run` and returns how it ended.
pub fn run(args: &RunArgs) -> Result<RunOutcome> {
    let started = Instant::now();
    let started_at = now_micros();
    let inputs = khabar_io::read::expand_inputs(&args.inputs).map_err(crate::UsageError::from)?;
    crate::outdir::prepare(&args.out, args.overwrite).map_err(crate::UsageError::from)?;
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
    let total_bytes: Option<u64> = inputs.iter().map(InputSource::size_hint).sum();
    let progress = Progress::new(total_bytes, args.quiet);
    let bytes_read = Arc::new(AtomicU64::new(0));

    let (tx, rx) = sync_channel::<Message>(4);
    let reader = spawn_reader(
        inputs.clone(),
        read_options,
        args.batch_size.max(1),
        Arc::clone(&bytes_read),
        tx,
    );
    let (write_tx, write_rx) = sync_channel::<WriteJob>(2);
    let writer = spawn_writer(TableSinks::create(&args.out)?, write_rx);

    let mut entries: Vec<InputEntry> = inputs
        .iter()
        .map(|s| InputEntry {
            name: s.display_name(),
            bytes: s.size_hint(),
            ..InputEntry::default()
        })
        .collect();
    let mut totals = Totals::default();
    let mut ids = IdAssigner::default();
    let mut status = RunStatus::Complete;
    let mut failed_inputs = Vec::new();

    for message in rx {
        match message {
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
                let mut job = WriteJob {
                    docs: Vec::new(),
                    rejects: Vec::new(),
                };
                for (ordinal, outcome) in ordinals.into_iter().zip(outcomes) {
                    let entry = &mut entries[ordinal as usize];
                    totals.records_read += 1;
                    match outcome {
                        Outcome::Document(mut processed) => {
                            ids.assign(&mut processed);
                            entry.documents += 1;
                            totals.documents += 1;
                            totals.text_bytes += processed.doc.raw_text.len() as u64;
                            totals.unparsed_dates += u64::from(processed.doc.published_unparsed);
                            job.docs.push(*processed);
                        }
                        Outcome::Reject(reject) => {
                            entry.rejected += 1;
                            totals.rejected += 1;
                            *totals
                                .rejected_by_reason
                                .entry(reject.reason.code().to_owned())
                                .or_insert(0) += 1;
                            job.rejects.push(reject);
                        }
                    }
                }
                progress.update(
                    bytes_read.load(Ordering::Relaxed),
                    totals.documents,
                    totals.rejected,
                );
                if write_tx.send(job).is_err() {
                    break;
                }
            }
            Message::InputDone(ordinal, report) => {
                let entry = &mut entries[ordinal as usize];
                entry.records = report.records;
                match report.status {
                    InputStatus::Complete => entry.status = "complete".to_owned(),
                    InputStatus::Incomplete(why) => {
                        entry.status = "incomplete".to_owned();
                        entry.error = Some(why);
                        failed_inputs.push(entry.name.clone());
                        status = RunStatus::InputsIncomplete;
                    }
                }
            }
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

    totals.duplicate_ids = ids.duplicates;
    totals.input_bytes = entries.iter().filter_map(|e| e.bytes).sum();
    let elapsed = started.elapsed().as_secs_f64();
    let manifest = Manifest {
        tool: "khabar".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        started_at: khabar_io::timestamp::format_rfc3339_micros(started_at),
        finished_at: khabar_io::timestamp::format_rfc3339_micros(now_micros()),
        elapsed_seconds: elapsed,
        threads,
        options: options_map(args),
        inputs: entries,
        failed_inputs,
        totals: totals.clone(),
        tables: relative_tables(&args.out, tables),
    };
    manifest
        .write(&args.out)
        .with_context(|| format!("writing {}/manifest.json", args.out.display()))?;
    let summary = summary_line(totals.documents, totals.rejected, elapsed, totals.text_bytes);
    Ok(RunOutcome { status, summary })
}

fn relative_tables(
    out: &std::path::Path,
    tables: BTreeMap<Table, Vec<PathBuf>>,
) -> BTreeMap<String, Vec<String>> {
    tables
        .into_iter()
        .map(|(table, parts)| {
            let parts = parts
                .iter()
                .map(|p| {
                    p.strip_prefix(out)
                        .unwrap_or(p)
                        .to_string_lossy()
                        .into_owned()
                })
                .collect();
            (table.name().to_owned(), parts)
        })
        .collect()
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
    map.insert(
        "max_record_bytes".to_owned(),
        serde_json::json!(args.max_record_bytes),
    );
    map.insert("batch_size".to_owned(), serde_json::json!(args.batch_size));
    map.insert(
        "fields".to_owned(),
        serde_json::json!({
            "text": fields.text, "title": fields.title, "date": fields.date, "source": fields.source,
            "url": fields.url, "id": fields.id, "author": fields.author,
        }),
    );
    map
}
