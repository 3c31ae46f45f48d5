//! Parquet round trips: what is written reads back equal, parts rotate, temp files hide.

#![allow(clippy::unwrap_used)]

use arrow_array::RecordBatch;
use khabar_core::{
    Calendar, DateMention, DatePrecision, Document, EntityKind, Mention, OffsetMap, Reject,
    RejectReason,
};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use super::*;

fn doc(i: usize) -> Document {
    let text = format!("خبر رقم {i} من الرياض");
    Document {
        doc_id: format!("d{i}"),
        source: Some("spa".into()),
        url: i.is_multiple_of(2).then(|| format!("https://x/{i}")),
        title: Some("عنوان".into()),
        author: None,
        published: Some(1_437_447_092_000_000 + i as i64),
        offsets: OffsetMap::identity(text.chars().count()),
        raw_text_bytes: text.len() as u64,
        text,
        lang: Some("ara".into()),
        input_file: "a.zip!/a.json".into(),
        input_index: i as u64,
        extra: Some("{\"k\":1}".into()),
        n_tokens: 5,
        n_sentences: 1,
        content_hash: i as u64 * 7,
        minhash: Some(vec![1, 2, 3, 4]),
        ..Document::default()
    }
}

fn read_back(paths: &[std::path::PathBuf]) -> Vec<RecordBatch> {
    paths
        .iter()
        .flat_map(|p| {
            let file = std::fs::File::open(p).unwrap();
            ParquetRecordBatchReaderBuilder::try_new(file)
                .unwrap()
                .build()
                .unwrap()
                .map(Result::unwrap)
                .collect::<Vec<_>>()
        })
        .collect()
}

fn concat(batches: &[RecordBatch]) -> Vec<String> {
    // Compare through a stable text form, cell by cell.
    batches
        .iter()
        .flat_map(|b| {
            (0..b.num_rows()).map(move |row| {
                b.columns()
                    .iter()
                    .map(|c| format!("{:?}", c.slice(row, 1)))
                    .collect::<Vec<_>>()
                    .join("|")
            })
        })
        .collect()
}

#[test]
fn documents_write_then_read_is_equal() {
    let dir = tempfile::tempdir().unwrap();
    let docs: Vec<Document> = (0..100).map(doc).collect();
    let refs: Vec<&Document> = docs.iter().collect();
    let batch = documents_batch(&refs).unwrap();
    let mut sink = ParquetSink::create(dir.path(), Table::Documents).unwrap();
    sink.write(&batch).unwrap();
    let parts = sink.finish().unwrap();
    assert_eq!(parts, vec![dir.path().join("documents/part-00000.parquet")]);
    let back = read_back(&parts);
    assert_eq!(back[0].schema(), Table::Documents.schema());
    assert_eq!(concat(&back), concat(&[batch]));
}

#[test]
fn span_tables_and_rejects_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let m = Mention {
        start: 8,
        end: 14,
        raw_start: 9,
        raw_end: 15,
        text: "الرياض".into(),
        kind: EntityKind::Loc,
        entity_id: Some("geonames:108410".into()),
        canonical: Some("الرياض".into()),
        sentence: 0,
    };
    let d = DateMention {
        start: 0,
        end: 10,
        raw_start: 0,
        raw_end: 10,
        text: "٥ مارس ٢٠١٥".into(),
        value: Some("2015-03-05".into()),
        precision: DatePrecision::Day,
        calendar: Calendar::Gregorian,
        date: Some(16_499),
        relative: false,
    };
    let r = Reject::new(
        "f.jsonl",
        3,
        Some(99),
        RejectReason::InvalidJson,
        "bad",
        b"{oops",
    );
    for (table, batch) in [
        (
            Table::Mentions,
            mentions_batch([("d1", &m), ("d2", &m)]).unwrap(),
        ),
        (Table::Dates, dates_batch([("d1", &d)]).unwrap()),
        (Table::Rejects, rejects_batch(&[r.clone(), r]).unwrap()),
    ] {
        let mut sink = ParquetSink::create(dir.path(), table).unwrap();
        sink.write(&batch).unwrap();
        let back = read_back(&sink.finish().unwrap());
        assert_eq!(concat(&back), concat(&[batch]), "{}", table.name());
    }
}

#[test]
fn parts_rotate_and_empty_tables_still_get_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let docs: Vec<Document> = (0..10).map(doc).collect();
    let mut sink = ParquetSink::create(dir.path(), Table::Documents)
        .unwrap()
        .with_rows_per_part(4);
    for chunk in docs.chunks(2) {
        let refs: Vec<&Document> = chunk.iter().collect();
        sink.write(&documents_batch(&refs).unwrap()).unwrap();
    }
    let parts = sink.finish().unwrap();
    assert_eq!(parts.len(), 3);
    assert_eq!(
        read_back(&parts)
            .iter()
            .map(RecordBatch::num_rows)
            .sum::<usize>(),
        10
    );

    let empty = ParquetSink::create(dir.path(), Table::Quotes)
        .unwrap()
        .finish()
        .unwrap();
    assert_eq!(empty.len(), 1);
    assert_eq!(
        read_back(&empty)
            .iter()
            .map(RecordBatch::num_rows)
            .sum::<usize>(),
        0
    );
    // No temporary file is left behind under any name.
    for table in ["documents", "quotes"] {
        for entry in std::fs::read_dir(dir.path().join(table)).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            assert!(
                name.starts_with("part-") && name.ends_with(".parquet"),
                "{name}"
            );
        }
    }
}

#[test]
fn an_open_part_is_invisible_until_committed() {
    let dir = tempfile::tempdir().unwrap();
    let docs: Vec<Document> = (0..3).map(doc).collect();
    let refs: Vec<&Document> = docs.iter().collect();
    let mut sink = ParquetSink::create(dir.path(), Table::Documents).unwrap();
    sink.write(&documents_batch(&refs).unwrap()).unwrap();
    let visible: Vec<_> = std::fs::read_dir(dir.path().join("documents"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert!(visible.is_empty(), "{visible:?}");
    sink.commit().unwrap();
    assert!(dir.path().join("documents/part-00000.parquet").exists());
}

#[test]
fn schema_text_names_every_table() {
    let text = describe_schemas();
    for table in Table::ALL {
        assert!(text.contains(&format!("{}/", table.name())));
    }
}
