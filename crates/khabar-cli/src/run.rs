//! `khabar run`: inputs -> reader thread -> Rayon over batches -> collector thread ->
//! writer thread -> tables.
//!
//! The reader emits batches in input order through a bounded channel, so memory stays at
//! a few batches whatever the input size. Each batch is a task on the pool, processed in
//! parallel, with a few batches in flight at once; the collector takes them back in input
//! order, assigns ids, adds aggregate facts and passes rows on: output never depends on
//! `--threads`. At input boundaries the writer commits parts and a checkpoint (see
//! [`crate::checkpoint`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, channel, sync_channel};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use khabar_aggregate::{
    AggregateOptions, BoilerplateSet, ClusterOptions, CorpusState, DEFAULT_MIN_DOCS,
    DEFAULT_MIN_FRACTION, LineStats,
};
use khabar_core::Reject;
use khabar_io::read::{
    CacheRole, InputReport, InputSource, InputStatus, MemberCache, ReadItem, ReadOptions,
    read_source,
};
use khabar_io::write::Table;
use khabar_ner::NerMode;
use rayon::prelude::*;

use crate::args::{BoilerplateArg, DedupArg, NerArg, RunArgs, Shard};
use crate::checkpoint::{
    CHECKPOINT_DIR, Checkpoint, RESUME_OPTIONS, aggregate_file, first_option_difference,
};
use crate::corpus::CorpusTablesOptions;
use crate::ids::IdAssigner;
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

/// Microseconds since the Unix epoch, now.
pub(crate) fn now_micros() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as i64)
}

fn spawn_reader(
    inputs: Vec<(u32, InputSource)>,
    first: usize,
    options: ReadOptions,
    batch_size: usize,
    bytes_read: Arc<AtomicU64>,
    tx: SyncSender<Message>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let mut batch: Vec<(u32, ReadItem)> = Vec::with_capacity(batch_size);
        for (ordinal, source) in inputs.iter().skip(first) {
            let ordinal = *ordinal;
            let mut closed = false;
            let before = bytes_read.load(Ordering::Relaxed);
            let mut report = read_source(source, &options, Some(&bytes_read), &mut |item| {
                if closed {
                    return;
                }
                batch.push((ordinal, item));
                if batch.len() >= batch_size {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(batch_size));
                    closed = tx.send(Message::Batch(full)).is_err();
                }
            });
            // Standard input and pipes have no size on disk: their size is what was read
            // (only this thread adds to the counter).
            if read_once(source) {
                report.bytes = Some(bytes_read.load(Ordering::Relaxed) - before);
            }
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
    /// Commit the parts written so far and the checkpoint naming them; the collector has
    /// already saved the aggregate state as `aggregate_file` in the checkpoint folder.
    Checkpoint {
        checkpoint: Box<Checkpoint>,
        aggregate_file: String,
    },
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
                WriteJob::Checkpoint {
                    mut checkpoint,
                    aggregate_file,
                } => {
                    let committed = sinks.commit()?;
                    checkpoint.parts = committed
                        .iter()
                        .map(|(table, parts)| (table.name().to_owned(), relative(&out, parts)))
                        .collect();
                    checkpoint.write(&out)?;
                    Checkpoint::remove_stale_aggregates(&out, &aggregate_file)?;
                }
            }
        }
        Ok(sinks)
    })
}

/// The run's state that a checkpoint saves and a resume restores.
struct RunState {
    /// Global input ordinal -> position in `entries` (a shard holds a subset of the inputs).
    positions: BTreeMap<u32, usize>,
    entries: Vec<InputEntry>,
    totals: Totals,
    failed_inputs: Vec<String>,
    ids: IdAssigner,
    inputs_done: usize,
    records_since_checkpoint: u64,
}

fn positions(inputs: &[(u32, InputSource)]) -> BTreeMap<u32, usize> {
    inputs
        .iter()
        .enumerate()
        .map(|(position, (ordinal, _))| (*ordinal, position))
        .collect()
}

impl RunState {
    fn fresh(inputs: &[(u32, InputSource)]) -> Self {
        let entries = inputs
            .iter()
            .map(|(_, s)| InputEntry {
                name: s.display_name(),
                bytes: s.size_hint(),
                ..InputEntry::default()
            })
            .collect();
        Self {
            positions: positions(inputs),
            entries,
            totals: Totals::default(),
            failed_inputs: Vec::new(),
            ids: IdAssigner::default(),
            inputs_done: 0,
            records_since_checkpoint: 0,
        }
    }

    fn from_checkpoint(inputs: &[(u32, InputSource)], checkpoint: Checkpoint) -> Self {
        Self {
            positions: positions(inputs),
            entries: checkpoint.entries,
            totals: checkpoint.totals,
            failed_inputs: checkpoint.failed_inputs,
            ids: checkpoint.ids,
            inputs_done: checkpoint.inputs_done,
            records_since_checkpoint: 0,
        }
    }

    fn checkpoint(&self, input_names: &[String], shard: Option<Shard>) -> Checkpoint {
        Checkpoint {
            inputs: input_names.to_vec(),
            shard: shard.map(|s| s.to_string()),
            inputs_done: self.inputs_done,
            entries: self.entries.clone(),
            totals: self.totals.clone(),
            failed_inputs: self.failed_inputs.clone(),
            ids: self.ids.clone(),
            parts: BTreeMap::new(),
            aggregate_state: None,
            options: BTreeMap::new(),
        }
    }

    /// Counts one batch's outcomes in input order and splits them into rows; documents get
    /// their ids, and their aggregate facts the global order, here.
    fn absorb(
        &mut self,
        ordinals: Vec<u32>,
        outcomes: Vec<Outcome>,
    ) -> (Vec<Processed>, Vec<Reject>) {
        let mut docs = Vec::new();
        let mut rejects = Vec::new();
        for (ordinal, outcome) in ordinals.into_iter().zip(outcomes) {
            let position = self.positions.get(&ordinal).copied().unwrap_or_default();
            let entry = &mut self.entries[position];
            let record_in_input = entry.documents + entry.rejected;
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
                    processed.facts.doc_id.clone_from(&processed.doc.doc_id);
                    processed.facts.order = (ordinal, record_in_input);
                    entry.documents += 1;
                    self.totals.documents += 1;
                    self.totals.text_bytes += processed.doc.raw_text_bytes;
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
        (docs, rejects)
    }

    fn input_done(&mut self, ordinal: u32, report: InputReport) {
        let position = self.positions.get(&ordinal).copied().unwrap_or_default();
        let entry = &mut self.entries[position];
        entry.records = report.records;
        if report.bytes.is_some() {
            entry.bytes = report.bytes;
        }
        match report.status {
            InputStatus::Complete => "complete".clone_into(&mut entry.status),
            InputStatus::Incomplete(why) => {
                "incomplete".clone_into(&mut entry.status);
                entry.error = Some(why);
                self.failed_inputs.push(entry.name.clone());
            }
        }
        self.inputs_done = position + 1;
    }
}

/// Each file once, at its first place, however it was named: `data/a.jsonl`,
/// `./data/a.jsonl`, a symbolic link to it and a folder walk that finds it are one file
/// (khabar-io folds only paths spelled alike). A file a walk skipped as not data is read
/// when it is also named as a file.
fn each_file_once(inputs: Vec<InputSource>) -> Vec<InputSource> {
    let identity = |path: &Path| std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let named: BTreeSet<PathBuf> = inputs
        .iter()
        .filter_map(|source| match source {
            InputSource::File(path) => Some(identity(path)),
            _ => None,
        })
        .collect();
    let mut seen = BTreeSet::new();
    inputs
        .into_iter()
        .map(|source| match source {
            InputSource::NotData(path) if named.contains(&identity(&path)) => {
                InputSource::File(path)
            }
            other => other,
        })
        .filter(|source| match source {
            InputSource::File(path) | InputSource::NotData(path) => seen.insert(identity(path)),
            InputSource::Stdin | InputSource::Unlisted { .. } => true,
        })
        .collect()
}

/// The inputs of this run: all, or every Nth for `--shard K/N`, with their global ordinals.
fn select_shard(inputs: &[InputSource], shard: Option<Shard>) -> Vec<(u32, InputSource)> {
    inputs
        .iter()
        .enumerate()
        .filter(|(i, _)| shard.is_none_or(|s| *i as u32 % s.count == s.index - 1))
        .map(|(i, source)| (i as u32, source.clone()))
        .collect()
}

/// The pipeline's options from the command line (boilerplate decided later).
fn pipeline_options(args: &RunArgs) -> PipelineOptions {
    let ner = match args.ner {
        NerArg::Model => NerMode::Model,
        NerArg::Gazetteer => NerMode::Gazetteer,
        NerArg::Off => NerMode::Off,
    };
    PipelineOptions {
        fields: args.fields.field_map(),
        ner: if args.documents_only {
            NerMode::Off
        } else {
            ner
        },
        near_dedup: args.dedup == DedupArg::Near && !args.documents_only,
        boilerplate: BoilerplateSet::empty(),
        documents_only: args.documents_only,
    }
}

/// The per-document tables this run writes.
fn run_tables(args: &RunArgs) -> &'static [Table] {
    if args.documents_only {
        &TableSinks::DOCUMENTS_ONLY
    } else {
        &TableSinks::TABLES
    }
}

/// The boilerplate set, running the pre-pass over every input (not only this shard's)
/// when `--boilerplate auto`.
fn decide_boilerplate(
    args: &RunArgs,
    inputs: &[InputSource],
    read: &ReadOptions,
) -> (BoilerplateSet, Option<LineStats>) {
    match args.boilerplate {
        BoilerplateArg::Off => (BoilerplateSet::empty(), None),
        BoilerplateArg::Known => (BoilerplateSet::known_only(), None),
        BoilerplateArg::Auto if only_stdin(inputs) => (BoilerplateSet::known_only(), None),
        BoilerplateArg::Auto => {
            let rereadable: Vec<InputSource> =
                inputs.iter().filter(|s| !read_once(s)).cloned().collect();
            let lines = crate::corpus::scan_lines(&rereadable, &args.fields.field_map(), read);
            (
                lines.decide(DEFAULT_MIN_DOCS, DEFAULT_MIN_FRACTION),
                Some(lines),
            )
        }
    }
}

/// Adds a batch's facts to the run's state, in input order. This runs on the collector
/// thread, beside the workers processing the next batch: adding straight into one state
/// costs far less than folding per-worker states and merging them.
fn aggregate(corpus: &mut CorpusState, docs: &mut [Processed]) {
    for processed in docs {
        corpus.add(std::mem::take(&mut processed.facts));
    }
}

/// Batches the workers may hold at once (taken from the reader, not yet collected).
const BATCHES_IN_FLIGHT: usize = 3;

/// The most records one worker takes from a batch at a time, so that the last batch of a
/// run ends on all workers close together (4 and 64 measured the same on whole runs).
const RECORDS_PER_TASK: usize = 64;

/// A processed batch or an input boundary, with its place in input order, for the collector.
enum Collected {
    /// The ordinals of a batch's items and what each became.
    Batch(Vec<u32>, Vec<Outcome>),
    /// The batch's task panicked: the collector stops, and the pool re-raises the panic.
    Panicked,
    /// An input has been read to its end (or as far as it could be).
    InputDone(u32, InputReport),
}

/// What the collector thread works with, borrowed from [`run`].
struct Collector<'a> {
    args: &'a RunArgs,
    input_names: &'a [String],
    inputs: usize,
    progress: &'a Progress,
    bytes_read: &'a AtomicU64,
    write_tx: SyncSender<WriteJob>,
    /// Given back for each batch taken (see [`BATCHES_IN_FLIGHT`]).
    tokens: SyncSender<()>,
}

/// What the collector hands back when the workers are done.
struct Collection {
    /// The run's counts and ids.
    state: RunState,
    /// The corpus state.
    corpus: CorpusState,
    /// The writer's channel, for the last checkpoint.
    write_tx: SyncSender<WriteJob>,
    /// The last input was finished in this run: its checkpoint is still to take.
    reached_last: bool,
    /// The writer stopped taking jobs (it failed; its join says why), so the corpus state
    /// may be short of documents.
    writer_gone: bool,
}

impl Collector<'_> {
    /// Assigns ids, counts, adds aggregate facts and takes checkpoints in input order,
    /// handing rows and checkpoints to the writer. Batches may arrive out of order (they
    /// are processed side by side); each waits until those before it are taken.
    fn run(
        self,
        rx: Receiver<(u64, Collected)>,
        mut state: RunState,
        mut corpus: CorpusState,
    ) -> Result<Collection> {
        let mut reached_last = false;
        let mut writer_gone = false;
        let mut waiting: BTreeMap<u64, Collected> = BTreeMap::new();
        let mut next = 0u64;
        'receiving: for (seq, collected) in rx {
            waiting.insert(seq, collected);
            while let Some(collected) = waiting.remove(&next) {
                next += 1;
                let job = self.take(collected, &mut state, &mut corpus, &mut reached_last)?;
                if let Some(job) = job
                    && self.write_tx.send(job).is_err()
                {
                    writer_gone = true;
                    break 'receiving;
                }
            }
        }
        Ok(Collection {
            state,
            corpus,
            write_tx: self.write_tx,
            reached_last,
            writer_gone,
        })
    }

    /// Takes the next item in input order: the writer's job for it, if any.
    fn take(
        &self,
        collected: Collected,
        state: &mut RunState,
        corpus: &mut CorpusState,
        reached_last: &mut bool,
    ) -> Result<Option<WriteJob>> {
        let args = self.args;
        match collected {
            Collected::Batch(ordinals, outcomes) => {
                let (mut docs, rejects) = state.absorb(ordinals, outcomes);
                // The main thread waits for this token only while it holds a batch, and
                // the channel holds as many tokens as there are: this never blocks.
                let _ = self.tokens.send(());
                if !args.documents_only {
                    aggregate(corpus, &mut docs);
                }
                self.progress.update(
                    self.bytes_read.load(Ordering::Relaxed),
                    state.totals.documents,
                    state.totals.rejected,
                );
                Ok(Some(WriteJob::Rows { docs, rejects }))
            }
            Collected::Panicked => bail!("a worker thread panicked"),
            Collected::InputDone(ordinal, report) => {
                state.input_done(ordinal, report);
                if state.inputs_done == self.inputs {
                    // The last checkpoint is taken by `run`, beside the corpus tables.
                    *reached_last = true;
                    return Ok(None);
                }
                if state.records_since_checkpoint < args.checkpoint_records {
                    return Ok(None);
                }
                state.records_since_checkpoint = 0;
                let (job, _) = checkpoint_job(args, self.input_names, state, corpus)?;
                Ok(Some(job))
            }
        }
    }
}

/// Saves the aggregate state of `corpus` in the checkpoint folder and returns the writer's
/// job that commits the parts and the checkpoint naming that file, with the file's path.
/// The state streams to its file here instead of being copied into a buffer for the
/// writer: no second copy of a large state.
fn checkpoint_job(
    args: &RunArgs,
    input_names: &[String],
    state: &RunState,
    corpus: &CorpusState,
) -> Result<(WriteJob, PathBuf)> {
    let dir = args.out.join(CHECKPOINT_DIR);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let aggregate_file = aggregate_file(state.inputs_done);
    let aggregate_path = dir.join(&aggregate_file);
    crate::corpus::write_atomic_with(&aggregate_path, |w| corpus.write_to(w))?;
    let mut checkpoint = state.checkpoint(input_names, args.shard);
    checkpoint.aggregate_state = Some(aggregate_file.clone());
    checkpoint.options = resume_options(args);
    let job = WriteJob::Checkpoint {
        checkpoint: Box::new(checkpoint),
        aggregate_file,
    };
    Ok((job, aggregate_path))
}

/// The options a resume must repeat ([`RESUME_OPTIONS`]), recorded as `manifest.json`
/// records them (`boilerplate` as given: both runs read the same inputs).
fn resume_options(args: &RunArgs) -> BTreeMap<String, serde_json::Value> {
    let mut options = options_map(args, &[]);
    options.insert(
        "boilerplate".to_owned(),
        serde_json::json!(format!("{:?}", args.boilerplate).to_lowercase()),
    );
    options.retain(|key, _| RESUME_OPTIONS.contains(&key.as_str()));
    options
}

/// What differs between a checkpoint's inputs and shard and this run's, for a person; `None`
/// when nothing does.
fn inputs_difference(
    saved: &[String],
    now: &[String],
    saved_shard: Option<&str>,
    shard: Option<&str>,
) -> Option<String> {
    let show = |s: Option<&str>| s.unwrap_or("none").to_owned();
    if saved_shard != shard {
        return Some(format!(
            "shard {} there, {} here",
            show(saved_shard),
            show(shard)
        ));
    }
    if let Some(i) = (0..saved.len().max(now.len())).find(|&i| saved.get(i) != now.get(i)) {
        let name = |list: &[String]| {
            list.get(i)
                .map_or_else(|| "no input".to_owned(), |n| format!("{n:?}"))
        };
        return Some(format!(
            "{} inputs there, {} here; input {} is {} there, {} here",
            saved.len(),
            now.len(),
            i + 1,
            name(saved),
            name(now)
        ));
    }
    None
}

/// Loads the checkpoint for `--resume`, checking that it belongs to the same inputs and
/// options.
fn load_resume(args: &RunArgs, input_names: &[String]) -> Result<Option<Checkpoint>> {
    if !args.resume {
        return Ok(None);
    }
    let Some(checkpoint) = Checkpoint::read(&args.out)? else {
        return Ok(None);
    };
    let shard = args.shard.map(|s| s.to_string());
    if let Some(difference) = inputs_difference(
        &checkpoint.inputs,
        input_names,
        checkpoint.shard.as_deref(),
        shard.as_deref(),
    ) {
        bail!(crate::UsageError::from(
            khabar_io::IoError::ResumeMismatch {
                path: args.out.clone(),
                difference,
            }
        ));
    }
    if let Some((key, saved, now)) =
        first_option_difference(&checkpoint.options, &resume_options(args))
    {
        bail!(crate::UsageError::Message(format!(
            "{}: the checkpoint there was written with {key} = {saved}, but this run has {key} = {now}; resume with the same options, or drop --resume to start over",
            args.out.display()
        )));
    }
    Ok(Some(checkpoint))
}

fn restore_corpus(out: &Path, checkpoint: Option<&Checkpoint>) -> Result<CorpusState> {
    let Some(name) = checkpoint.and_then(|c| c.aggregate_state.as_ref()) else {
        return Ok(CorpusState::new());
    };
    let path = out.join(CHECKPOINT_DIR).join(name);
    let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
    CorpusState::from_bytes(&bytes).with_context(|| format!("decoding {}", path.display()))
}

/// Decompressed bytes of archive members the boilerplate pre-pass may keep for the main
/// pass (a day of `SaudiNewsNet` is 6 to 12 MB, all of it 107 MB): the main pass then reads
/// them without inflating them again. Bounded, so memory stays flat however large the
/// input: a larger input keeps no more than this.
const MEMBER_CACHE_BYTES: u64 = 128 << 20;

/// Runs `khabar run` and returns how it ended.
pub fn run(args: &RunArgs) -> Result<RunOutcome> {
    let started = Instant::now();
    let started_at = now_micros();
    let all_inputs =
        khabar_io::read::expand_inputs(&args.inputs).map_err(crate::UsageError::from)?;
    let all_inputs = crate::outdir::without_own_output(all_inputs, &args.inputs, &args.out)?;
    let all_inputs = each_file_once(all_inputs);
    let inputs = select_shard(&all_inputs, args.shard);
    let input_names: Vec<String> = all_inputs.iter().map(InputSource::display_name).collect();
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
    let corpus = restore_corpus(&args.out, resumed.as_ref())?;
    let state = match resumed {
        Some(checkpoint) => RunState::from_checkpoint(&inputs, checkpoint),
        None => RunState::fresh(&inputs),
    };
    // What a resumed run's checkpoint had done already: not this run's work, for its rates.
    let (documents_before, text_bytes_before) = (state.totals.documents, state.totals.text_bytes);

    let threads = args
        .threads
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
        .max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("building the thread pool")?;
    let mut read_options = ReadOptions {
        max_record_bytes: args.max_record_bytes,
        ..ReadOptions::default()
    };
    let pipeline =
        Pipeline::new(pipeline_options(args)).context("loading the entity recognizer")?;
    // The pre-pass keeps the archive members it inflates for the main pass to read again.
    let member_cache = Arc::new(MemberCache::new(
        MEMBER_CACHE_BYTES,
        inputs
            .iter()
            .skip(state.inputs_done)
            .map(|(_, source)| source.display_name()),
    ));
    let prepass_options = ReadOptions {
        member_cache: Some((Arc::clone(&member_cache), CacheRole::Fill)),
        ..read_options.clone()
    };
    let (boilerplate, line_stats) =
        pool.install(|| decide_boilerplate(args, &all_inputs, &prepass_options));
    // Only a run whose pre-pass read the inputs has members to take.
    if line_stats.is_some() {
        read_options.member_cache = Some((member_cache, CacheRole::Take));
    }
    let boilerplate_rows = boilerplate.rows().to_vec();
    let pipeline = pipeline.with_boilerplate(boilerplate);
    let total_bytes: Option<u64> = inputs
        .iter()
        .skip(state.inputs_done)
        .map(|(_, s)| s.size_hint())
        .sum();
    let progress = Progress::new(total_bytes, args.quiet, documents_before);
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
        TableSinks::open(&args.out, run_tables(args), &committed)?,
        write_rx,
    );

    // The main thread hands batches to the workers; a collector thread takes the results
    // back in input order (ids, counts, aggregates, checkpoints) while the workers go on.
    let (collect_tx, collect_rx) = channel::<(u64, Collected)>();
    // A batch takes a token before the workers start on it and the collector gives it
    // back once the batch is taken in order: memory stays at a few batches.
    let (token_tx, token_rx) = sync_channel::<()>(BATCHES_IN_FLIGHT);
    for _ in 0..BATCHES_IN_FLIGHT {
        let _ = token_tx.send(());
    }
    let collector = Collector {
        args,
        input_names: &input_names,
        inputs: inputs.len(),
        progress: &progress,
        bytes_read: &bytes_read,
        write_tx,
        tokens: token_tx,
    };
    let collected = std::thread::scope(|scope| {
        let collecting = scope.spawn(move || collector.run(collect_rx, state, corpus));
        // The main thread hands each batch to the pool as a task of its own, so a worker
        // that has finished its share of one batch starts on the next instead of waiting
        // for the other's last record.
        pool.in_place_scope(|tasks| {
            for (seq, message) in (0u64..).zip(rx) {
                match message {
                    Message::Batch(items) => {
                        if token_rx.recv().is_err() {
                            break;
                        }
                        let collect_tx = collect_tx.clone();
                        let pipeline = &pipeline;
                        tasks.spawn(move |_| {
                            let work = std::panic::AssertUnwindSafe(|| {
                                let ordinals: Vec<u32> = items.iter().map(|(o, _)| *o).collect();
                                let outcomes: Vec<Outcome> = items
                                    .into_par_iter()
                                    .with_max_len(RECORDS_PER_TASK)
                                    .map(|(_, item)| match item {
                                        ReadItem::Record(raw) => pipeline.process(&raw),
                                        ReadItem::Reject(reject) => Outcome::Reject(reject),
                                    })
                                    .collect();
                                Collected::Batch(ordinals, outcomes)
                            });
                            match std::panic::catch_unwind(work) {
                                // A closed channel means the collector stopped; its join says why.
                                Ok(batch) => drop(collect_tx.send((seq, batch))),
                                Err(panic) => {
                                    // Without this the collector waits for `seq` forever and
                                    // keeps the tokens, and the main thread waits for one.
                                    drop(collect_tx.send((seq, Collected::Panicked)));
                                    std::panic::resume_unwind(panic);
                                }
                            }
                        });
                    }
                    Message::InputDone(ordinal, report) => {
                        let done = Collected::InputDone(ordinal, report);
                        if collect_tx.send((seq, done)).is_err() {
                            break;
                        }
                    }
                }
            }
        });
        drop(collect_tx);
        collecting
            .join()
            .map_err(|_| anyhow::anyhow!("the collector thread panicked"))
    });
    let Collection {
        mut state,
        corpus,
        write_tx,
        reached_last,
        writer_gone,
    } = collected??;
    // Two chains at once: the last checkpoint, the writer's last parts and the saved state;
    // and the corpus tables. Both only read the corpus state. A failed first chain stops the
    // second from starting (with one thread they run in turn), so a failed run does not
    // spend its time on tables from a partial state.
    let documents_failed = AtomicBool::new(writer_gone);
    let finish = || -> Result<BTreeMap<Table, Vec<PathBuf>>> {
        let final_aggregate = if reached_last {
            let (job, path) = checkpoint_job(args, &input_names, &state, &corpus)?;
            // A closed channel means the writer failed: its join below says why.
            let _ = write_tx.send(job);
            Some(path)
        } else {
            None
        };
        drop(write_tx);
        reader
            .join()
            .map_err(|_| anyhow::anyhow!("the reader thread panicked"))?;
        let sinks = writer
            .join()
            .map_err(|_| anyhow::anyhow!("the writer thread panicked"))??;
        let tables = sinks.finish()?;
        if !args.documents_only {
            crate::corpus::write_state(
                &args.out,
                &corpus,
                final_aggregate.as_deref(),
                line_stats.as_ref(),
            )?;
        }
        Ok(tables)
    };
    let finish_documents = || {
        let finished = finish();
        if finished.is_err() {
            documents_failed.store(true, Ordering::Relaxed);
        }
        finished
    };
    let corpus_tables = || -> Result<BTreeMap<Table, Vec<PathBuf>>> {
        if args.documents_only || documents_failed.load(Ordering::Relaxed) {
            return Ok(BTreeMap::new());
        }
        let corpus_options = CorpusTablesOptions {
            aggregate: AggregateOptions {
                min_df: args.min_df,
                ..AggregateOptions::default()
            },
            clusters: args.dedup != DedupArg::Off,
            boilerplate: &boilerplate_rows,
            recognizer: pipeline.recognizer(),
        };
        crate::corpus::write_corpus_tables(&args.out, &corpus, &corpus_options)
    };
    let (documents, corpus_written) = pool.install(|| rayon::join(finish_documents, corpus_tables));
    let mut tables = documents?;
    tables.extend(corpus_written?);
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
        text_bytes_before,
    );
    let manifest = Manifest {
        tool: "khabar".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        started_at: khabar_io::timestamp::format_rfc3339_micros(started_at),
        finished_at: khabar_io::timestamp::format_rfc3339_micros(now_micros()),
        elapsed_seconds: elapsed,
        threads,
        options: options_map(args, &all_inputs),
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

/// Whether an input can only be read once: standard input, and a named pipe, a process
/// substitution (`<(zcat feed.gz)`) or a device named as a file. The boilerplate pre-pass
/// leaves these out: reading one would consume it, and the main pass would then wait
/// forever for a writer (a pipe) or read nothing.
fn read_once(source: &InputSource) -> bool {
    match source {
        InputSource::Stdin => true,
        InputSource::File(path) => std::fs::metadata(path).is_ok_and(|m| !m.is_file()),
        InputSource::NotData(_) | InputSource::Unlisted { .. } => false,
    }
}

/// Whether every input can only be read once (see [`read_once`]), where `--boilerplate
/// auto` has no pre-pass to run and falls back to `known`.
fn only_stdin(inputs: &[InputSource]) -> bool {
    inputs.iter().all(read_once)
}

fn options_map(args: &RunArgs, inputs: &[InputSource]) -> BTreeMap<String, serde_json::Value> {
    let fields = args.fields.field_map();
    let clusters = ClusterOptions::default();
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
    // The stages that ran: --documents-only runs neither entities nor clusters.
    let (ner, dedup) = if args.documents_only {
        (NerArg::Off, DedupArg::Off)
    } else {
        (args.ner, args.dedup)
    };
    map.insert(
        "documents_only".to_owned(),
        serde_json::json!(args.documents_only),
    );
    map.insert(
        "ner".to_owned(),
        serde_json::json!(format!("{ner:?}").to_lowercase()),
    );
    map.insert(
        "dedup".to_owned(),
        serde_json::json!(format!("{dedup:?}").to_lowercase()),
    );
    // The mode that ran: `auto` on standard input alone ran as `known`.
    let boilerplate = match args.boilerplate {
        BoilerplateArg::Auto if only_stdin(inputs) => BoilerplateArg::Known,
        mode => mode,
    };
    map.insert(
        "boilerplate".to_owned(),
        serde_json::json!(format!("{boilerplate:?}").to_lowercase()),
    );
    map.insert("min_df".to_owned(), serde_json::json!(args.min_df));
    map.insert(
        "shard".to_owned(),
        serde_json::json!(args.shard.map(|s| s.to_string())),
    );
    map.insert(
        "near_duplicates".to_owned(),
        serde_json::json!({
            "shingle_words": khabar_aggregate::DEFAULT_SHINGLE_WORDS,
            "permutations": khabar_aggregate::DEFAULT_NUM_HASHES,
            "threshold": clusters.threshold,
            "bands": clusters.bands,
            "rows": clusters.rows,
        }),
    );
    map.insert(
        "boilerplate_thresholds".to_owned(),
        serde_json::json!({ "min_documents": DEFAULT_MIN_DOCS, "min_fraction_of_source": DEFAULT_MIN_FRACTION }),
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
