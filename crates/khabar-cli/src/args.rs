//! The command line, as clap sees it. `--help` is the user's manual: keep it teaching.

// Doc comments here are the `--help` text, printed verbatim: backticks would show.
#![allow(clippy::doc_markdown)]

use std::path::PathBuf;

use clap::builder::TypedValueParser as _;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// khabar: news archives to warehouse-ready Parquet tables, Arabic first.
#[derive(Debug, Parser)]
#[command(
    name = "khabar",
    version,
    about = "News archives to warehouse-ready Parquet tables, Arabic first.",
    after_help = "Start here:\n  khabar run data/sample --out out/sample     write every table for the sample corpus\n  khabar schema                               what each table holds\n  khabar run --help                           inputs, field mapping, stage switches, shards",
    propagate_version = true
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant)] // Parsed once per process; boxing buys nothing.
pub enum Command {
    /// Read article archives and write the Parquet tables and manifest.json to --out.
    ///
    /// Every record lands in exactly one row of documents/ or rejects/. Exit codes: 0 every
    /// input read to its end, 3 some input could not be read to its end, 2 usage error,
    /// 1 fatal error.
    #[command(
        after_help = "Examples:\n  khabar run data/sample --out out/sample\n  khabar run ../shared/corpora/saudinewsnet/*.zip --out out/snn --threads 2\n  zcat day.jsonl.gz | khabar run - --out out/day --text-field body\n  khabar run archive/ --out out/shard-1 --shard 1/3   then: khabar merge out/shard-* --out out/all"
    )]
    Run(RunArgs),
    /// Print the schema of every output table.
    Schema,
    /// Normalize text lines: a Unix filter, one output line per input line.
    ///
    /// Example: echo 'ﻷ ﷲ  أخبار' | khabar normalize --profile search
    Normalize(NormalizeArgs),
    /// Combine the corpus tables of shard outputs (`khabar run --shard K/N`) into one.
    ///
    /// The result equals one run over all inputs: clusters, entities, cooccurrence, terms,
    /// daily and boilerplate. Per-document tables stay in the shard folders.
    #[command(
        after_help = "Example:\n  khabar merge out/shard-1 out/shard-2 out/shard-3 --out out/all"
    )]
    Merge(MergeArgs),
    /// Train the entity tagger on ANERcorp-style CoNLL (`token TAG` lines, BIO tags).
    ///
    /// Example: khabar train-ner ../shared/ner/anercorp-train.conll --out data/ner/model.bin
    TrainNer(TrainNerArgs),
    /// Score entity recognition on CoNLL gold text through the same path as `khabar run`.
    ///
    /// Prints precision, recall and F1 per type (PERS, LOC, ORG, MISC) and micro-averaged.
    #[command(after_help = "Example:\n  khabar eval-ner ../shared/ner/anercorp-train.conll --dev")]
    EvalNer(EvalNerArgs),
    /// Read, decompress and parse the inputs and do nothing else: the speed limit that
    /// `benches/compare.sh` measures `khabar run` against.
    #[command(hide = true)]
    ParseOnly(ParseOnlyArgs),
}

/// Options of `khabar parse-only`.
#[derive(Debug, Args)]
pub struct ParseOnlyArgs {
    /// Inputs, as for `khabar run`.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Threads (inputs are read in parallel, one file a thread; default, or 0: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
}

/// `--ner`: which entity recognizers run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NerArg {
    /// Gazetteers, rules and the trained tagger.
    Model,
    /// Gazetteers and rules only (faster).
    Gazetteer,
    /// No entities.
    Off,
}

/// `--dedup`: which duplicates are clustered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DedupArg {
    /// Exact and near duplicates (MinHash + LSH).
    Near,
    /// Exact duplicates only (content hash).
    Exact,
    /// No clusters.
    Off,
}

/// `--boilerplate`: which lines are removed from documents.text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BoilerplateArg {
    /// Known footer lines plus lines frequent within a source (a pre-pass over the inputs).
    Auto,
    /// Only the known footer and share lines in data/boilerplate.
    Known,
    /// Nothing.
    Off,
}

/// `--shard K/N`: this run's share of the inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based shard number.
    pub index: u32,
    /// Number of shards.
    pub count: u32,
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (k, n) = s
            .split_once('/')
            .ok_or_else(|| format!("expected K/N, got {s:?}"))?;
        let index: u32 = k
            .trim()
            .parse()
            .map_err(|_| format!("bad shard number {k:?}"))?;
        let count: u32 = n
            .trim()
            .parse()
            .map_err(|_| format!("bad shard count {n:?}"))?;
        if count == 0 {
            return Err(format!(
                "shard {index}/{count}: N, the number of shards, must be at least 1"
            ));
        }
        if index == 0 || index > count {
            return Err(format!("shard {index}/{count}: K must be between 1 and N"));
        }
        Ok(Self { index, count })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// Options of `khabar merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Output folders of `khabar run --shard K/N`.
    #[arg(required = true, value_name = "DIR")]
    pub shards: Vec<PathBuf>,
    /// Where the merged corpus tables go.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out: PathBuf,
    /// Write into a non-empty directory that holds no khabar manifest.
    #[arg(long)]
    pub overwrite: bool,
    /// Terms in fewer documents are left out of terms/ (default: the `--min-df` the shards
    /// were run with, when they agree; else 2).
    #[arg(long, value_name = "N")]
    pub min_df: Option<u64>,
}

/// Options of `khabar train-ner`.
#[derive(Debug, Args)]
pub struct TrainNerArgs {
    /// CoNLL training file: one `token TAG` pair a line.
    #[arg(value_name = "CONLL")]
    pub conll: PathBuf,
    /// Where to write the model.
    #[arg(
        long,
        short = 'o',
        value_name = "FILE",
        default_value = "data/ner/model.bin"
    )]
    pub out: PathBuf,
    /// Train on the first 90% only, keeping the last 10% as the dev split.
    #[arg(long)]
    pub dev: bool,
    /// Passes over the data.
    #[arg(long, default_value_t = 12)]
    pub epochs: usize,
}

/// Options of `khabar eval-ner`.
#[derive(Debug, Args)]
pub struct EvalNerArgs {
    /// CoNLL gold file.
    #[arg(value_name = "CONLL")]
    pub conll: PathBuf,
    /// Score only the last 10% of the file (the dev split `train-ner --dev` leaves out).
    #[arg(long)]
    pub dev: bool,
    /// A model file to score instead of the shipped one.
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// Recognizers to score.
    #[arg(long, value_enum, default_value_t = NerArg::Model)]
    pub ner: NerArg,
    /// Consecutive sentences recognised as one text, as an article is in `khabar run`
    /// (1: every sentence alone).
    #[arg(long, value_name = "N", default_value_t = khabar_ner::PASSAGE_SENTENCES,
        value_parser = clap::value_parser!(u16).range(1..).map(usize::from))]
    pub passage: usize,
}

/// Options of `khabar run`.
#[derive(Debug, Args)]
#[allow(clippy::struct_excessive_bools)] // on/off command-line flags, each its own switch
pub struct RunArgs {
    /// Files, directories (walked recursively in sorted order), globs, or `-` for stdin.
    /// Formats: .jsonl/.ndjson, .json (array, lines or pretty-printed objects), .gz, .zst,
    /// .zip, .parquet, .csv, .tsv; unknown names and stdin are sniffed. README, LICENSE,
    /// .txt, .md, .html ... found in folders and ZIPs are skipped (one `not_data` reject each).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,

    /// Output directory; created if missing. A non-empty directory that is not a khabar
    /// output is refused unless --overwrite is given.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out: PathBuf,

    /// Write into a non-empty directory that holds no khabar manifest. Only khabar's own
    /// table files are replaced; other files are never deleted.
    #[arg(long)]
    pub overwrite: bool,

    /// Worker threads (default, or 0: all cores). Output is identical whatever the count.
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,

    /// Hide the progress bar (it is also hidden when stderr is not a terminal).
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Records larger than this many bytes are rejected as record_too_large.
    #[arg(long, value_name = "BYTES", default_value_t = 32 << 20)]
    pub max_record_bytes: usize,

    /// Go on from the checkpoint of an earlier run into the same --out that was killed:
    /// inputs it recorded as complete are skipped, and the result is the same as one
    /// uninterrupted run. Without a checkpoint the run starts from the beginning.
    #[arg(long)]
    pub resume: bool,

    /// Commit parts and a checkpoint at the first input boundary after this many records.
    #[arg(long, value_name = "N", default_value_t = 200_000)]
    pub checkpoint_records: u64,

    /// Entity recognition: gazetteers, rules and the trained tagger (model), the first two
    /// only (gazetteer, faster), or none (off).
    #[arg(long, value_enum, default_value_t = NerArg::Model)]
    pub ner: NerArg,

    /// The foundation stage alone, at the highest speed: read, clean (with --boilerplate),
    /// language, sentence and token counts and content hash; only documents/, rejects/ and
    /// manifest.json are written. For feeding a warehouse with clean text. No entities,
    /// dates, quotes, amounts or corpus tables, so the output cannot be merged.
    #[arg(long, conflicts_with_all = ["ner", "dedup", "min_df", "shard"])]
    pub documents_only: bool,

    /// Duplicate clusters: exact and near (MinHash), exact only, or none.
    #[arg(long, value_enum, default_value_t = DedupArg::Near)]
    pub dedup: DedupArg,

    /// Boilerplate removal: known lines plus lines frequent within a source (auto, a
    /// pre-pass over the inputs; stdin and named pipes, which can be read only once, fall
    /// back to known), known lines only, or none.
    #[arg(long, value_enum, default_value_t = BoilerplateArg::Auto)]
    pub boilerplate: BoilerplateArg,

    /// Terms in fewer documents are left out of terms/.
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub min_df: u64,

    /// Process shard K of N: every Nth input in sorted order, starting at the Kth. The
    /// output holds the shard's aggregate state for `khabar merge`.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,

    /// Records per processing batch (memory is bounded by a few batches).
    #[arg(long, value_name = "N", default_value_t = 512, hide = true)]
    pub batch_size: usize,

    /// Which input fields fill which columns.
    #[command(flatten)]
    pub fields: FieldArgs,
}

/// A field name: not empty, no surrounding spaces.
fn field_name(value: &str) -> Result<String, String> {
    let name = value.trim();
    if name.is_empty() {
        Err("a field name cannot be empty".to_owned())
    } else {
        Ok(name.to_owned())
    }
}

/// Which input fields fill which column. Each takes a comma-separated list tried in order.
#[derive(Debug, Args)]
pub struct FieldArgs {
    /// Text field [default: text,content,body,maintext,article]
    #[arg(long, value_delimiter = ',', value_name = "NAME", value_parser = field_name)]
    pub text_field: Vec<String>,
    /// Title field [default: title,headline]
    #[arg(long, value_delimiter = ',', value_name = "NAME", value_parser = field_name)]
    pub title_field: Vec<String>,
    /// Publication date field [default: published,date_publish,date,pubdate,date_extracted]
    #[arg(long, value_delimiter = ',', value_name = "NAME", value_parser = field_name)]
    pub date_field: Vec<String>,
    /// Source field [default: source,source_domain,domain,site]
    #[arg(long, value_delimiter = ',', value_name = "NAME", value_parser = field_name)]
    pub source_field: Vec<String>,
    /// URL field [default: url,link]
    #[arg(long, value_delimiter = ',', value_name = "NAME", value_parser = field_name)]
    pub url_field: Vec<String>,
    /// Id field [default: id,doc_id,guid,url]
    #[arg(long, value_delimiter = ',', value_name = "NAME", value_parser = field_name)]
    pub id_field: Vec<String>,
    /// Author field [default: author,authors,byline]
    #[arg(long, value_delimiter = ',', value_name = "NAME", value_parser = field_name)]
    pub author_field: Vec<String>,
}

impl FieldArgs {
    /// The field map: defaults, overridden per field where given.
    #[must_use]
    pub fn field_map(&self) -> khabar_io::FieldMap {
        let mut map = khabar_io::FieldMap::default();
        for (given, slot) in [
            (&self.text_field, &mut map.text),
            (&self.title_field, &mut map.title),
            (&self.date_field, &mut map.date),
            (&self.source_field, &mut map.source),
            (&self.url_field, &mut map.url),
            (&self.id_field, &mut map.id),
            (&self.author_field, &mut map.author),
        ] {
            if !given.is_empty() {
                slot.clone_from(given);
            }
        }
        map
    }
}

/// The normalization layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProfileArg {
    /// The text a reader sees, only cleaner (documents.text).
    Clean,
    /// The folding key for matching, dedup and terms.
    Search,
}

/// Options of `khabar normalize`.
#[derive(Debug, Args)]
pub struct NormalizeArgs {
    /// Files to read; standard input when none.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Which layer to apply.
    #[arg(long, value_enum, default_value_t = ProfileArg::Clean)]
    pub profile: ProfileArg,
    /// The text's language as ISO 639-3 (ara, fas, urd, eng, ...).
    #[arg(long, default_value = "ara")]
    pub lang: String,
    /// Replace invalid UTF-8 with U+FFFD instead of stopping with exit code 1.
    #[arg(long)]
    pub lossy: bool,
}
