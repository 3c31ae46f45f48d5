//! The foundation end to end on the SaudiNewsNet archive, side by side:
//! read + parse only (the limit), Parquet write only, `khabar run` on 1 and 2 threads, and
//! the foundation stage alone (`--documents-only`, with and without the corpus-wide
//! boilerplate pre-pass).
//!
//! Throughput is bytes of article text (uncompressed), the unit the bars use.
//! Run: `cargo bench --bench pipeline`

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/common/corpus.rs"]
mod corpus;

use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use khabar_cli::args::{FieldArgs, RunArgs};
use khabar_cli::pipeline::{Outcome, Pipeline, PipelineOptions};
use khabar_io::read::{InputSource, ReadItem, ReadOptions, read_source};
use khabar_io::write::{ParquetSink, Table, documents_batch};
use khabar_io::{FieldMap, parse_record};

const RECORDS: usize = 31_030;

fn inputs() -> Vec<InputSource> {
    corpus::saudinewsnet_zips()
        .into_iter()
        .map(InputSource::File)
        .collect()
}

fn read_all() -> Vec<ReadItem> {
    let mut items = Vec::with_capacity(RECORDS);
    for source in inputs() {
        read_source(&source, &ReadOptions::default(), None, &mut |item| {
            items.push(item);
        });
    }
    items
}

fn text_bytes(items: &[ReadItem]) -> u64 {
    items
        .iter()
        .filter_map(|i| match i {
            ReadItem::Record(r) => parse_record(r, &FieldMap::default())
                .ok()
                .map(|p| p.text.len() as u64),
            ReadItem::Reject(_) => None,
        })
        .sum()
}

fn run_args(
    out: &std::path::Path,
    threads: usize,
    documents_only: bool,
    boilerplate: khabar_cli::args::BoilerplateArg,
) -> RunArgs {
    RunArgs {
        inputs: vec![corpus::saudinewsnet_dir().to_string_lossy().into_owned()],
        out: out.to_path_buf(),
        overwrite: true,
        threads: Some(threads),
        quiet: true,
        max_record_bytes: 32 << 20,
        batch_size: 512,
        resume: false,
        ner: khabar_cli::args::NerArg::Model,
        documents_only,
        dedup: khabar_cli::args::DedupArg::Near,
        boilerplate,
        min_df: 2,
        shard: None,
        checkpoint_records: 200_000,
        fields: FieldArgs {
            text_field: vec![],
            title_field: vec![],
            date_field: vec![],
            source_field: vec![],
            url_field: vec![],
            id_field: vec![],
            author_field: vec![],
        },
    }
}

fn bench(c: &mut Criterion) {
    // Read once before timing: the page cache does not stay warm on these machines.
    let items = read_all();
    assert_eq!(items.len(), RECORDS);
    let bytes = text_bytes(&items);

    let mut group = c.benchmark_group("foundation");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Bytes(bytes));

    group.bench_function("limit: read + unzip + parse JSON", |b| {
        b.iter(|| {
            let mut parsed = 0usize;
            for source in inputs() {
                read_source(&source, &ReadOptions::default(), None, &mut |item| {
                    if let ReadItem::Record(r) = item {
                        parsed += usize::from(parse_record(&r, &FieldMap::default()).is_ok());
                    }
                });
            }
            assert_eq!(parsed, RECORDS);
        });
    });

    let pipeline = Pipeline::new(PipelineOptions::default()).unwrap();
    let docs: Vec<_> = items
        .iter()
        .filter_map(|i| match i {
            ReadItem::Record(r) => match pipeline.process(r) {
                Outcome::Document(p) => Some(p.doc),
                Outcome::Reject(_) => None,
            },
            ReadItem::Reject(_) => None,
        })
        .collect();
    assert_eq!(docs.len(), 30_676);
    let dir = tempfile::tempdir().unwrap();
    group.bench_function("parquet write of documents (zstd 1)", |b| {
        b.iter(|| {
            let mut sink = ParquetSink::create(dir.path(), Table::Documents).unwrap();
            for chunk in docs.chunks(512) {
                let refs: Vec<_> = chunk.iter().collect();
                sink.write(&documents_batch(&refs).unwrap()).unwrap();
            }
            assert_eq!(sink.finish().unwrap().len(), 1);
        });
    });

    let (auto, known) = (
        khabar_cli::args::BoilerplateArg::Auto,
        khabar_cli::args::BoilerplateArg::Known,
    );
    for (threads, documents_only, boilerplate) in [
        (1, false, auto),
        (2, false, auto),
        (2, true, auto),
        (2, true, known),
    ] {
        let name = match (documents_only, boilerplate) {
            (true, khabar_cli::args::BoilerplateArg::Known) => {
                format!("khabar run --documents-only --boilerplate known, {threads} thread(s)")
            }
            (true, _) => format!("khabar run --documents-only, {threads} thread(s)"),
            (false, _) => format!("khabar run, {threads} thread(s)"),
        };
        group.bench_function(name, |b| {
            b.iter(|| {
                let out = dir.path().join(format!("run{threads}-{documents_only}"));
                let args = run_args(&out, threads, documents_only, boilerplate);
                let outcome = khabar_cli::run::run(&args).unwrap();
                assert_eq!(outcome.status, khabar_cli::run::RunStatus::Complete);
                let manifest = khabar_cli::Manifest::read(&out).unwrap();
                assert_eq!(manifest.totals.documents, 30_676);
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
