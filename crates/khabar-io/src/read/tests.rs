//! Reader tests: every format, and every way an input can be damaged.

#![allow(clippy::unwrap_used)]

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use khabar_core::RejectReason;

use super::*;

fn read_path(path: &Path, options: &ReadOptions) -> (Vec<ReadItem>, InputReport) {
    let mut items = Vec::new();
    let report = read_source(
        &InputSource::File(path.to_path_buf()),
        options,
        None,
        &mut |i| items.push(i),
    );
    (items, report)
}

fn read(path: &Path) -> (Vec<ReadItem>, InputReport) {
    read_path(path, &ReadOptions::default())
}

fn records(items: &[ReadItem]) -> Vec<String> {
    items
        .iter()
        .filter_map(|i| match i {
            ReadItem::Record(r) => Some(String::from_utf8_lossy(&r.bytes).into_owned()),
            ReadItem::Reject(_) => None,
        })
        .collect()
}

fn reasons(items: &[ReadItem]) -> Vec<RejectReason> {
    items
        .iter()
        .filter_map(|i| match i {
            ReadItem::Reject(r) => Some(r.reason),
            ReadItem::Record(_) => None,
        })
        .collect()
}

const LINES: &str = "{\"text\":\"a\"}\n\n{\"text\":\"b\"}\r\n{\"text\":\"c\"}";
const ARRAY: &str =
    " [ {\"text\":\"a ] } [\"}, {\"text\":\"b\\\"]\"} ,\n{\"n\":[1,{\"x\":2}]}, 5, \"s\" ] ";

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut w = zip::ZipWriter::new(&mut buf);
    for (name, bytes) in members {
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        w.start_file(*name, opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap();
    buf.into_inner()
}

#[test]
fn json_lines_skip_blank_lines_and_strip_cr() {
    let dir = tempfile::tempdir().unwrap();
    let (items, report) = read(&write(dir.path(), "a.jsonl", LINES.as_bytes()));
    assert_eq!(
        records(&items),
        vec!["{\"text\":\"a\"}", "{\"text\":\"b\"}", "{\"text\":\"c\"}"]
    );
    assert_eq!(report.records, 3);
    assert_eq!(report.status, InputStatus::Complete);
    let ReadItem::Record(second) = &items[1] else {
        panic!()
    };
    assert_eq!((second.input_index, second.byte_offset), (1, Some(14)));
}

#[test]
fn json_array_streams_elements_with_brackets_in_strings() {
    let dir = tempfile::tempdir().unwrap();
    let (items, report) = read(&write(dir.path(), "a.json", ARRAY.as_bytes()));
    assert_eq!(
        records(&items),
        vec![
            "{\"text\":\"a ] } [\"}",
            "{\"text\":\"b\\\"]\"}",
            "{\"n\":[1,{\"x\":2}]}",
            "5",
            "\"s\""
        ]
    );
    assert_eq!(report.status, InputStatus::Complete);
}

#[test]
fn json_without_array_is_read_as_lines() {
    let dir = tempfile::tempdir().unwrap();
    let (items, _) = read(&write(dir.path(), "a.json", LINES.as_bytes()));
    assert_eq!(records(&items).len(), 3);
}

#[test]
fn gzip_and_zstd_layers() {
    let dir = tempfile::tempdir().unwrap();
    let (items, _) = read(&write(dir.path(), "a.jsonl.gz", &gzip(LINES.as_bytes())));
    assert_eq!(records(&items).len(), 3);
    let zst = zstd::encode_all(ARRAY.as_bytes(), 3).unwrap();
    let (items, _) = read(&write(dir.path(), "a.json.zst", &zst));
    assert_eq!(records(&items).len(), 5);
    // No extension: the magic bytes decide.
    let (items, _) = read(&write(dir.path(), "noext", &gzip(ARRAY.as_bytes())));
    assert_eq!(records(&items).len(), 5);
}

#[test]
fn zip_members_are_named_archive_bang_member() {
    let dir = tempfile::tempdir().unwrap();
    let gz = gzip(LINES.as_bytes());
    let bytes = zip_of(&[
        ("day/one.json", ARRAY.as_bytes()),
        ("two.jsonl.gz", &gz),
        ("dir/", b""),
    ]);
    let path = write(dir.path(), "a.zip", &bytes);
    let (items, report) = read(&path);
    assert_eq!(records(&items).len(), 8);
    assert_eq!(report.records, 8);
    let ReadItem::Record(last) = items.last().unwrap() else {
        panic!()
    };
    assert_eq!(
        &*last.input_file,
        format!("{}!/two.jsonl.gz", path.display())
    );
    assert_eq!(last.input_index, 2);
}

#[test]
fn csv_and_tsv_rows_become_objects() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "id,text,source\n1,\"نص, مع فاصلة\",spa\n2,\"second \"\"quoted\"\"\",\n";
    let (items, _) = read(&write(dir.path(), "a.csv", csv.as_bytes()));
    let rows = records(&items);
    assert_eq!(rows.len(), 2);
    let first: serde_json::Value = serde_json::from_str(&rows[0]).unwrap();
    assert_eq!(first["text"], "نص, مع فاصلة");
    let second: serde_json::Value = serde_json::from_str(&rows[1]).unwrap();
    assert_eq!(second["text"], "second \"quoted\"");
    let (items, _) = read(&write(dir.path(), "a.tsv", b"text\tid\nx\t1\n"));
    assert_eq!(records(&items), vec!["{\"id\":\"1\",\"text\":\"x\"}"]);
}

#[test]
fn truncated_array_keeps_earlier_records_and_rejects_the_cut_one() {
    let dir = tempfile::tempdir().unwrap();
    let (items, report) = read(&write(
        dir.path(),
        "a.json",
        b"[{\"text\":\"a\"},{\"text\":\"b",
    ));
    assert_eq!(records(&items), vec!["{\"text\":\"a\"}"]);
    assert_eq!(reasons(&items), vec![RejectReason::InvalidJson]);
    assert!(matches!(report.status, InputStatus::Incomplete(_)));
}

#[test]
fn truncated_gzip_keeps_records_before_the_damage() {
    let dir = tempfile::tempdir().unwrap();
    let mut body = String::new();
    for i in 0..20000 {
        let _ = writeln!(
            body,
            "{{\"text\":\"record {i} with some words to make it longer\"}}"
        );
    }
    let gz = gzip(body.as_bytes());
    let (items, report) = read(&write(dir.path(), "a.jsonl.gz", &gz[..gz.len() / 2]));
    let kept = records(&items).len();
    assert!(kept > 100 && kept < 20000, "kept {kept}");
    assert_eq!(reasons(&items), vec![RejectReason::CorruptArchive]);
    assert!(matches!(report.status, InputStatus::Incomplete(_)));
    let zst = zstd::encode_all(body.as_bytes(), 1).unwrap();
    let (items, report) = read(&write(dir.path(), "a.jsonl.zst", &zst[..zst.len() / 2]));
    assert!(!records(&items).is_empty());
    assert_eq!(reasons(&items), vec![RejectReason::CorruptArchive]);
    assert!(matches!(report.status, InputStatus::Incomplete(_)));
}

#[test]
fn zip_with_a_corrupt_member_goes_on_with_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let good = "{\"text\":\"ok\"}\n".repeat(50);
    let mut bytes = zip_of(&[("a.jsonl", good.as_bytes()), ("b.jsonl", good.as_bytes())]);
    // Damage the first member's compressed data (just after its 30-byte header and name).
    for b in &mut bytes[45..60] {
        *b ^= 0x5a;
    }
    let (items, report) = read(&write(dir.path(), "a.zip", &bytes));
    assert!(reasons(&items).contains(&RejectReason::CorruptArchive));
    assert!(matches!(report.status, InputStatus::Incomplete(_)));
    let from_b = items
        .iter()
        .filter(|i| matches!(i, ReadItem::Record(r) if r.input_file.ends_with("b.jsonl")))
        .count();
    assert_eq!(from_b, 50);
}

#[test]
fn zip_bomb_is_capped() {
    let dir = tempfile::tempdir().unwrap();
    let zeros = vec![b' '; 8 << 20];
    let bytes = zip_of(&[("bomb.jsonl", &zeros), ("ok.jsonl", b"{\"text\":\"x\"}\n")]);
    let options = ReadOptions {
        max_expansion_ratio: 100,
        max_expanded_bytes: 4 << 20,
        ..ReadOptions::default()
    };
    let (items, report) = read_path(&write(dir.path(), "bomb.zip", &bytes), &options);
    assert_eq!(reasons(&items), vec![RejectReason::CorruptArchive]);
    assert_eq!(records(&items).len(), 1);
    assert!(matches!(report.status, InputStatus::Incomplete(_)));
}

#[test]
fn oversized_line_is_rejected_without_holding_it() {
    let dir = tempfile::tempdir().unwrap();
    let big = format!(
        "{{\"text\":\"{}\"}}\n{{\"text\":\"after\"}}\n",
        "x".repeat(100_000)
    );
    let options = ReadOptions {
        max_record_bytes: 1000,
        ..ReadOptions::default()
    };
    let (items, _) = read_path(&write(dir.path(), "a.jsonl", big.as_bytes()), &options);
    assert_eq!(reasons(&items), vec![RejectReason::RecordTooLarge]);
    assert_eq!(records(&items), vec!["{\"text\":\"after\"}"]);
    let ReadItem::Reject(r) = &items[0] else {
        panic!()
    };
    assert_eq!(r.raw.len(), khabar_core::RAW_PREFIX_BYTES.min(1001));
    let array = format!(
        "[{{\"text\":\"{}\"}}, {{\"text\":\"after\"}}]",
        "y".repeat(5000)
    );
    let (items, _) = read_path(&write(dir.path(), "b.json", array.as_bytes()), &options);
    assert_eq!(reasons(&items), vec![RejectReason::RecordTooLarge]);
    assert_eq!(records(&items), vec!["{\"text\":\"after\"}"]);
}

#[test]
fn empty_and_missing_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let (items, report) = read(&write(dir.path(), "empty.jsonl", b""));
    assert!(items.is_empty());
    assert_eq!(report.status, InputStatus::Complete);
    let (items, report) = read(&dir.path().join("gone.jsonl"));
    assert_eq!(reasons(&items), vec![RejectReason::UnreadableInput]);
    assert!(matches!(report.status, InputStatus::Incomplete(_)));
    let (items, report) = read(&write(dir.path(), "junk.zip", b"PK\x03\x04garbage"));
    assert_eq!(reasons(&items), vec![RejectReason::CorruptArchive]);
    assert!(matches!(report.status, InputStatus::Incomplete(_)));
}

#[test]
fn binary_junk_becomes_records_that_fail_to_parse_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let junk: Vec<u8> = (0..5000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let (items, report) = read(&write(dir.path(), "junk.jsonl", &junk));
    assert_eq!(report.records as usize, items.len());
    for item in &items {
        if let ReadItem::Record(r) = item {
            assert!(crate::parse_record(r, &crate::FieldMap::default()).is_err());
        }
    }
}

#[test]
fn parquet_exports_are_read_row_by_row() {
    use khabar_core::{Document, OffsetMap};
    let dir = tempfile::tempdir().unwrap();
    let docs: Vec<Document> = (0..3)
        .map(|i| {
            let text = format!("نص رقم {i}");
            Document {
                doc_id: format!("d{i}"),
                source: Some("spa".into()),
                published: Some(1_437_447_092_000_000),
                offsets: OffsetMap::identity(text.chars().count()),
                raw_text: text.clone(),
                text,
                input_file: "x".into(),
                ..Document::default()
            }
        })
        .collect();
    let refs: Vec<&Document> = docs.iter().collect();
    let mut sink =
        crate::write::ParquetSink::create(dir.path(), crate::write::Table::Documents).unwrap();
    sink.write(&crate::write::documents_batch(&refs).unwrap())
        .unwrap();
    let parts = sink.finish().unwrap();
    let (items, report) = read(&parts[0]);
    assert_eq!(report.records, 3);
    let parsed: Vec<_> = items
        .iter()
        .map(|i| match i {
            ReadItem::Record(r) => crate::parse_record(r, &crate::FieldMap::default()).unwrap(),
            ReadItem::Reject(r) => panic!("{r:?}"),
        })
        .collect();
    assert_eq!(parsed[2].text, "نص رقم 2");
    assert_eq!(parsed[0].id.as_deref(), Some("d0"));
    assert_eq!(parsed[0].source.as_deref(), Some("spa"));
    assert_eq!(parsed[0].published, Some(1_437_447_092_000_000));
}

/// Found by the `jsonl_reader` fuzz target: a too-large line that began with more
/// whitespace than the cap vanished without a reject.
#[test]
fn oversized_line_starting_with_whitespace_is_still_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let line = format!("{}{{\"text\":\"a\"}}\n{{\"text\":\"b\"}}\n", " ".repeat(80));
    let options = ReadOptions {
        max_record_bytes: 64,
        ..ReadOptions::default()
    };
    let (items, report) = read_path(&write(dir.path(), "ws.jsonl", line.as_bytes()), &options);
    assert_eq!(reasons(&items), vec![RejectReason::RecordTooLarge]);
    assert_eq!(records(&items), vec!["{\"text\":\"b\"}"]);
    assert_eq!(report.records, 2);
}
