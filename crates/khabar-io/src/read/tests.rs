//! Reader tests: every format, and every way an input can be damaged.

#![allow(clippy::unwrap_used)]

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
fn data_after_a_json_array_is_a_reject_not_lost() {
    let dir = tempfile::tempdir().unwrap();
    // Whitespace after the array is fine.
    let (items, report) = read(&write(dir.path(), "ws.json", b"[{\"text\":\"a\"}]  \n\n"));
    assert_eq!(records(&items).len(), 1);
    assert!(reasons(&items).is_empty());
    assert_eq!(report.status, InputStatus::Complete);
    // A second array, or junk: one invalid_json reject at its offset, the input incomplete.
    let two = b"[{\"text\":\"a\"}]\n[{\"text\":\"b\"}]\n";
    let (items, report) = read(&write(dir.path(), "two.json", two));
    assert_eq!(records(&items), vec!["{\"text\":\"a\"}"]);
    assert_eq!(reasons(&items), vec![RejectReason::InvalidJson]);
    let ReadItem::Reject(reject) = &items[1] else {
        panic!("expected a reject")
    };
    assert_eq!(reject.byte_offset, Some(15));
    assert!(reject.raw.starts_with(b"[{\"text\":\"b\"}]"));
    assert!(matches!(report.status, InputStatus::Incomplete(_)));
    assert_eq!(report.records, 2);
    let (items, _) = read(&write(dir.path(), "junk.json", b"[5] garbage"));
    assert_eq!(records(&items), vec!["5"]);
    assert_eq!(reasons(&items), vec![RejectReason::InvalidJson]);
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
    assert_cut_streams_keep_records_then_fail(dir.path(), &body, "a.jsonl");
}

/// `body` of 20,000 records, gzipped as `{name}.gz` and zstd-compressed as `{name}.zst`,
/// each cut in half: records before the cut, then one `corrupt_archive` reject.
fn assert_cut_streams_keep_records_then_fail(dir: &Path, body: &str, name: &str) {
    let gz = gzip(body.as_bytes());
    let (items, report) = read(&write(dir, &format!("{name}.gz"), &gz[..gz.len() / 2]));
    let kept = records(&items).len();
    assert!(kept > 100 && kept < 20000, "kept {kept}");
    assert_eq!(reasons(&items), vec![RejectReason::CorruptArchive]);
    assert!(matches!(report.status, InputStatus::Incomplete(_)));
    let zst = zstd::encode_all(body.as_bytes(), 1).unwrap();
    let (items, report) = read(&write(dir, &format!("{name}.zst"), &zst[..zst.len() / 2]));
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

/// A deflated member is inflated whole when it checks out; when it does not, it is
/// streamed as before: the records before the damage are read, then one `corrupt_archive`.
#[test]
fn zip_member_damaged_midway_keeps_the_records_before_the_damage() {
    let dir = tempfile::tempdir().unwrap();
    let mut body = String::new();
    for i in 0..20000 {
        let _ = writeln!(body, "{{\"text\":\"record {i} of a member read whole\"}}");
    }
    let whole = zip_of(&[("a.jsonl", body.as_bytes())]);
    let (items, report) = read(&write(dir.path(), "whole.zip", &whole));
    assert_eq!(records(&items).len(), 20000);
    assert!(reasons(&items).is_empty());
    assert!(matches!(report.status, InputStatus::Complete));
    // Damage the compressed data in the middle of the member.
    let mut damaged = whole.clone();
    let middle = damaged.len() / 2;
    for b in &mut damaged[middle..middle + 64] {
        *b ^= 0x5a;
    }
    let (items, report) = read(&write(dir.path(), "damaged.zip", &damaged));
    let kept = records(&items).len();
    assert!(kept > 100 && kept < 20000, "kept {kept}");
    assert_eq!(reasons(&items), vec![RejectReason::CorruptArchive]);
    assert!(matches!(report.status, InputStatus::Incomplete(_)));
}

/// A member whose bytes inflate cleanly but do not match the CRC its headers declare is
/// not taken as read: it is streamed, and the CRC check there rejects it.
#[test]
fn zip_member_with_a_wrong_crc_is_a_corrupt_archive() {
    let dir = tempfile::tempdir().unwrap();
    let body = "{\"text\":\"ok\"}\n".repeat(50);
    let mut bytes = zip_of(&[("a.jsonl", body.as_bytes())]);
    // The CRC sits 14 bytes into the local header and 16 into the central directory entry.
    let mut crc_at = Vec::new();
    for (signature, offset) in [(b"PK\x03\x04", 14), (b"PK\x01\x02", 16)] {
        let at = bytes.windows(4).position(|w| w == signature).unwrap();
        crc_at.push(at + offset);
    }
    for at in crc_at {
        bytes[at] ^= 0xff;
    }
    let (items, report) = read(&write(dir.path(), "crc.zip", &bytes));
    assert!(reasons(&items).contains(&RejectReason::CorruptArchive));
    assert!(matches!(report.status, InputStatus::Incomplete(_)));
}

/// A quote that never closes swallowed every later row into one value, silently: now the
/// row it opened in is one reject (its first line), and the rows after it are read.
#[test]
fn csv_quote_never_closed_rejects_its_line_and_reads_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let body = "id,text\r\n1,\"ok \"\"quoted\"\" value\"\r\n2,\"multi\r\nline\"\r\n3,\"never closed\r\n4,after\r\n5,last\r\n";
    let (items, report) = read(&write(dir.path(), "a.csv", body.as_bytes()));
    let texts: Vec<String> = records(&items)
        .iter()
        .map(|r| serde_json::from_str::<serde_json::Value>(r).unwrap()["text"].to_string())
        .collect();
    assert_eq!(
        texts,
        [
            "\"ok \\\"quoted\\\" value\"",
            "\"multi\\r\\nline\"",
            "\"after\"",
            "\"last\""
        ]
    );
    assert_eq!(reasons(&items), vec![RejectReason::InvalidJson]);
    let reject = items
        .iter()
        .find_map(|i| match i {
            ReadItem::Reject(r) => Some(r),
            ReadItem::Record(_) => None,
        })
        .unwrap();
    assert_eq!(reject.input_index, 2);
    assert_eq!(reject.raw, b"3,\"never closed");
    assert!(reject.detail.contains("never closed"), "{}", reject.detail);
    assert!(matches!(report.status, InputStatus::Complete));
    // Quoted fields that do close, over several lines, are rows like any other.
    let closed = "id,text\n1,\"a\nb\"\n2,\"c\"\"\"\n";
    let (items, _) = read(&write(dir.path(), "b.csv", closed.as_bytes()));
    assert_eq!(records(&items).len(), 2);
    assert!(reasons(&items).is_empty());
}

#[test]
fn zip_members_in_zstd_are_read_and_an_unknown_method_names_its_member() {
    let dir = tempfile::tempdir().unwrap();
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut w = zip::ZipWriter::new(&mut buf);
    for (name, method) in [
        ("z.jsonl", zip::CompressionMethod::Zstd),
        ("b.jsonl", zip::CompressionMethod::Stored),
    ] {
        let opts = zip::write::SimpleFileOptions::default().compression_method(method);
        w.start_file(name, opts).unwrap();
        w.write_all(b"{\"text\":\"x\"}\n").unwrap();
    }
    w.finish().unwrap();
    let mut bytes = buf.into_inner();
    // Mark the stored member as bzip2 (method 12), which is not built in, in its local
    // header and its central directory entry.
    let local = bytes
        .windows(4)
        .enumerate()
        .filter(|(_, w)| *w == b"PK\x03\x04")
        .map(|(i, _)| i)
        .nth(1)
        .unwrap();
    bytes[local + 8] = 12;
    let central = bytes
        .windows(4)
        .enumerate()
        .filter(|(_, w)| *w == b"PK\x01\x02")
        .map(|(i, _)| i)
        .nth(1)
        .unwrap();
    bytes[central + 10] = 12;
    let (items, report) = read(&write(dir.path(), "m.zip", &bytes));
    assert_eq!(records(&items).len(), 1, "the zstd member");
    assert!(matches!(report.status, InputStatus::Incomplete(_)));
    let detail = items
        .iter()
        .find_map(|i| match i {
            ReadItem::Reject(r) => Some(format!("{} {}", r.input_file, r.detail)),
            ReadItem::Record(_) => None,
        })
        .unwrap();
    assert!(detail.contains("m.zip!/b.jsonl"), "{detail}");
}

/// Windows PowerShell 5 writes UTF-16: every record was an `invalid_utf8` reject.
#[test]
fn utf16_json_lines_and_csv_are_read_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let utf16le = |text: &str| -> Vec<u8> {
        "\u{FEFF}"
            .encode_utf16()
            .chain(text.encode_utf16())
            .flat_map(u16::to_le_bytes)
            .collect()
    };
    let lines = utf16le("{\"text\": \"نص 😀\"}\r\n{\"text\": \"b\"}\r\n");
    let (items, report) = read(&write(dir.path(), "ps.jsonl", &lines));
    assert_eq!(reasons(&items), vec![]);
    assert_eq!(report.status, InputStatus::Complete);
    let texts: Vec<String> = items
        .iter()
        .filter_map(|i| match i {
            ReadItem::Record(r) => crate::parse_record(r, &crate::FieldMap::default())
                .ok()
                .map(|p| p.text),
            ReadItem::Reject(_) => None,
        })
        .collect();
    assert_eq!(texts, vec!["نص 😀", "b"]);
    let (items, _) = read(&write(
        dir.path(),
        "ps.csv.gz",
        &gzip(&utf16le("text,title\r\nنص,t\r\n")),
    ));
    assert_eq!(records(&items).len(), 1);
    assert_eq!(reasons(&items), vec![]);
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
                raw_text_bytes: text.len() as u64,
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

fn write_parquet(dir: &Path, name: &str, batch: &arrow_array::RecordBatch) -> PathBuf {
    let path = dir.join(name);
    let file = std::fs::File::create(&path).unwrap();
    let mut writer = parquet::arrow::ArrowWriter::try_new(file, batch.schema(), None).unwrap();
    writer.write(batch).unwrap();
    writer.close().unwrap();
    path
}

fn parquet_rows(path: &Path) -> Vec<serde_json::Value> {
    let (items, report) = read(path);
    assert_eq!(report.status, InputStatus::Complete);
    assert!(reasons(&items).is_empty(), "{items:?}");
    json_rows(&items)
}

/// The records of `items` as JSON values.
fn json_rows(items: &[ReadItem]) -> Vec<serde_json::Value> {
    records(items)
        .iter()
        .map(|r| serde_json::from_str(r).unwrap())
        .collect()
}

/// QA D1: pandas `category` / `dictionary_encode()` columns were dropped as if absent.
#[test]
fn parquet_dictionary_columns_read_as_their_values() {
    use arrow_array::types::{Int8Type, Int32Type};
    use arrow_array::{ArrayRef, DictionaryArray, RecordBatch, StringArray};
    use std::sync::Arc;
    let dir = tempfile::tempdir().unwrap();
    let text: DictionaryArray<Int32Type> =
        vec!["خبر أول", "خبر ثان", "خبر أول"].into_iter().collect();
    let source: DictionaryArray<Int8Type> =
        vec![Some("sabq"), None, Some("okaz")].into_iter().collect();
    let batch = RecordBatch::try_from_iter([
        (
            "id",
            Arc::new(StringArray::from(vec!["d1", "d2", "d3"])) as ArrayRef,
        ),
        ("text", Arc::new(text) as ArrayRef),
        ("source", Arc::new(source) as ArrayRef),
    ])
    .unwrap();
    let path = write_parquet(dir.path(), "dict.parquet", &batch);
    let rows = parquet_rows(&path);
    assert_eq!(
        rows,
        vec![
            serde_json::json!({"id": "d1", "text": "خبر أول", "source": "sabq"}),
            serde_json::json!({"id": "d2", "text": "خبر ثان"}),
            serde_json::json!({"id": "d3", "text": "خبر أول", "source": "okaz"}),
        ]
    );
    let ReadItem::Record(first) = &read(&path).0[0] else {
        panic!()
    };
    let parsed = crate::parse_record(first, &crate::FieldMap::default()).unwrap();
    assert_eq!(parsed.source.as_deref(), Some("sabq"));
}

/// QA D2: list, struct, map, decimal and binary columns vanished from `extra`.
#[test]
fn parquet_nested_decimal_and_binary_columns_are_kept() {
    use arrow_array::builder::{Int32Builder, ListBuilder, MapBuilder, StringBuilder};
    use arrow_array::{
        Array, ArrayRef, BinaryArray, Decimal128Array, Int64Array, RecordBatch, StructArray,
    };
    use arrow_schema::{DataType, Field};
    use std::sync::Arc;
    let dir = tempfile::tempdir().unwrap();
    let mut tags = ListBuilder::new(StringBuilder::new());
    tags.values().append_value("سياسة");
    tags.values().append_null();
    tags.append(true);
    tags.append(false);
    let tags = tags.finish();
    let meta = StructArray::from(vec![
        (
            Arc::new(Field::new("words", DataType::Int64, true)),
            Arc::new(Int64Array::from(vec![Some(120), None])) as ArrayRef,
        ),
        (
            Arc::new(Field::new("lang", DataType::Utf8, true)),
            Arc::new(arrow_array::StringArray::from(vec!["ar", "fa"])) as ArrayRef,
        ),
    ]);
    let mut map = MapBuilder::new(None, StringBuilder::new(), Int32Builder::new());
    map.keys().append_value("a");
    map.values().append_value(1);
    map.append(true).unwrap();
    map.append(true).unwrap();
    let map = map.finish();
    let price = Decimal128Array::from(vec![Some(1999), None])
        .with_precision_and_scale(10, 2)
        .unwrap();
    let blob = BinaryArray::from(vec![&b"\xff\x00"[..], &b"ok"[..]]);
    let text = BinaryArray::from(vec!["نص أول".as_bytes(), "نص ثان".as_bytes()]);
    let batch = RecordBatch::try_from_iter([
        ("text", Arc::new(text) as ArrayRef),
        ("tags", Arc::new(tags) as ArrayRef),
        ("meta", Arc::new(meta) as ArrayRef),
        ("m", Arc::new(map) as ArrayRef),
        ("price", Arc::new(price) as ArrayRef),
        ("blob", Arc::new(blob) as ArrayRef),
    ])
    .unwrap();
    assert!(batch.column(1).is_null(1));
    let path = write_parquet(dir.path(), "nested.parquet", &batch);
    let rows = parquet_rows(&path);
    assert_eq!(
        rows,
        vec![
            serde_json::json!({
                "text": "نص أول",
                "tags": ["سياسة", null],
                "meta": {"words": 120, "lang": "ar"},
                "m": {"a": 1},
                "price": 19.99,
                "blob": {"base64": "/wA="},
            }),
            serde_json::json!({
                "text": "نص ثان",
                "meta": {"words": null, "lang": "fa"},
                "m": {},
                "blob": "ok",
            }),
        ]
    );
    let ReadItem::Record(first) = &read(&path).0[0] else {
        panic!()
    };
    let parsed = crate::parse_record(first, &crate::FieldMap::default()).unwrap();
    assert_eq!(parsed.text, "نص أول");
    let extra: serde_json::Value = serde_json::from_str(parsed.extra.as_deref().unwrap()).unwrap();
    assert_eq!(extra["tags"], serde_json::json!(["سياسة", null]));
    // Binary junk in the text column is a wrong type, not a document of base64.
    let junk = arrow_array::RecordBatch::try_from_iter([(
        "text",
        Arc::new(BinaryArray::from(vec![&b"\xff\xfe"[..]])) as ArrayRef,
    )])
    .unwrap();
    let (items, _) = read(&write_parquet(dir.path(), "junk.parquet", &junk));
    let ReadItem::Record(junk) = &items[0] else {
        panic!()
    };
    let err = crate::parse_record(junk, &crate::FieldMap::default()).unwrap_err();
    assert_eq!(err.reason, RejectReason::WrongType);
}

/// What `read_source` does with standard input: the stream, unnamed, sniffed.
fn read_stdin_bytes(bytes: &[u8], options: &ReadOptions) -> (Vec<ReadItem>, InputReport) {
    let mut items = Vec::new();
    let mut sink = |i| items.push(i);
    let mut emitter = Emitter::new("-", &mut sink, options);
    read_stream(
        Box::new(std::io::Cursor::new(bytes.to_vec())),
        "-",
        Format::Unknown,
        &mut emitter,
    );
    let report = finish_report("-".to_owned(), None, &emitter);
    drop(emitter);
    (items, report)
}

/// QA D3: a BOM before the first JSON Lines record made it an `invalid_json` reject.
#[test]
fn json_lines_skip_a_leading_bom() {
    let dir = tempfile::tempdir().unwrap();
    let body = format!("\u{feff}{LINES}");
    let want = vec!["{\"text\":\"a\"}", "{\"text\":\"b\"}", "{\"text\":\"c\"}"];
    let (items, _) = read(&write(dir.path(), "bom.jsonl", body.as_bytes()));
    assert_eq!(records(&items), want);
    let ReadItem::Record(first) = &items[0] else {
        panic!()
    };
    assert_eq!(first.byte_offset, Some(3));
    let (items, _) = read(&write(dir.path(), "bom.jsonl.gz", &gzip(body.as_bytes())));
    assert_eq!(records(&items), want);
    let (items, _) = read(&write(dir.path(), "bom.json", body.as_bytes()));
    assert_eq!(records(&items), want);
    let (items, _) = read_stdin_bytes(body.as_bytes(), &ReadOptions::default());
    assert_eq!(records(&items), want);
}

/// Windows exports joined with `cat` (or as gzip members) carry a BOM at the start of
/// each: the first record of every file but the first was `invalid_json`.
#[test]
fn json_lines_skip_a_bom_inside_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let one = "\u{feff}{\"text\":\"a\"}\r\n";
    let two = "\u{feff}{\"text\":\"b\"}\r\n{\"text\":\"c\"}\r\n";
    let want = vec!["{\"text\":\"a\"}", "{\"text\":\"b\"}", "{\"text\":\"c\"}"];
    let joined = format!("{one}{two}");
    let (items, _) = read(&write(dir.path(), "cat.jsonl", joined.as_bytes()));
    assert_eq!(records(&items), want);
    let ReadItem::Record(second) = &items[1] else {
        panic!()
    };
    assert_eq!(second.byte_offset, Some(one.len() as u64 + 3));
    let mut members = gzip(one.as_bytes());
    members.extend(gzip(two.as_bytes()));
    let (items, _) = read(&write(dir.path(), "cat.jsonl.gz", &members));
    assert_eq!(records(&items), want);
    // A line holding only a BOM is blank.
    let (items, _) = read(&write(
        dir.path(),
        "blank.jsonl",
        "{\"text\":\"a\"}\n\u{feff}\n".as_bytes(),
    ));
    assert_eq!(records(&items), vec!["{\"text\":\"a\"}"]);
    assert!(reasons(&items).is_empty());
}

/// A tar archive gave an `invalid_json` reject per header, lost every file in it, and
/// counted as read to its end.
#[test]
fn a_tar_archive_is_one_unreadable_input() {
    let dir = tempfile::tempdir().unwrap();
    let mut tar = vec![0u8; 1024];
    tar[..8].copy_from_slice(b"a.jsonl\0");
    tar[257..263].copy_from_slice(b"ustar\0");
    tar[512..524].copy_from_slice(b"{\"text\":\"a\"}");
    for (name, compressed) in [("day.tar", false), ("day.tar.gz", true), ("noext", false)] {
        let bytes = if compressed { gzip(&tar) } else { tar.clone() };
        let (items, report) = read(&write(dir.path(), name, &bytes));
        assert_eq!(
            reasons(&items),
            vec![RejectReason::UnreadableInput],
            "{name}"
        );
        assert!(
            matches!(report.status, InputStatus::Incomplete(_)),
            "{name}"
        );
    }
    // A `.json` is never a tar, and JSON Lines long enough to reach byte 257 still read.
    let long = format!("{{\"text\":\"{}\"}}\n", "x".repeat(300));
    let (items, _) = read(&write(dir.path(), "long", long.as_bytes()));
    assert_eq!(records(&items).len(), 1);
}

const PRETTY: &str = "\u{feff}\n{\n  \"id\": \"single\",\n  \"maintext\": \"مقال واحد\",\n  \"tags\": [\n    \"a\"\n  ]\n}\n";

/// QA D4: a `.json` file holding one pretty-printed object gave one reject per line.
#[test]
fn json_file_with_one_pretty_object_is_one_record() {
    let dir = tempfile::tempdir().unwrap();
    let (items, report) = read(&write(dir.path(), "single.json", PRETTY.as_bytes()));
    assert_eq!(reasons(&items), vec![]);
    assert_eq!(report.records, 1);
    assert_eq!(report.status, InputStatus::Complete);
    let ReadItem::Record(record) = &items[0] else {
        panic!()
    };
    assert_eq!(record.byte_offset, Some(4));
    assert_eq!(
        record.bytes,
        PRETTY.trim_start_matches('\u{feff}').trim().as_bytes()
    );
    let parsed = crate::parse_record(record, &crate::FieldMap::default()).unwrap();
    assert_eq!(parsed.text, "مقال واحد");
    // Gzipped, and on stdin.
    let (items, _) = read(&write(
        dir.path(),
        "single.json.gz",
        &gzip(PRETTY.as_bytes()),
    ));
    assert_eq!(records(&items).len(), 1);
    let (items, _) = read_stdin_bytes(PRETTY.as_bytes(), &ReadOptions::default());
    assert_eq!(records(&items).len(), 1);
    // Concatenated pretty objects (`jq .` output): one record each, at its own offset.
    let two = "{\n \"text\": \"a\"\n}\n{\n \"text\": \"b\"\n}\n";
    let (items, _) = read(&write(dir.path(), "two.json", two.as_bytes()));
    assert_eq!(
        records(&items),
        vec!["{\n \"text\": \"a\"\n}", "{\n \"text\": \"b\"\n}"]
    );
    let ReadItem::Record(second) = &items[1] else {
        panic!()
    };
    assert_eq!(second.byte_offset, Some(17));
    // Damage after a good object: the good one is kept, the rest is one record.
    let (items, _) = read(&write(
        dir.path(),
        "cut.json",
        b"{\n \"text\": \"a\"\n}\n{\n \"te",
    ));
    assert_eq!(records(&items).len(), 2);
    let ReadItem::Record(cut) = &items[1] else {
        panic!()
    };
    assert!(crate::parse_record(cut, &crate::FieldMap::default()).is_err());
    // A pretty object cut short: one record that fails to parse, and an incomplete input.
    let (items, report) = read(&write(
        dir.path(),
        "truncated.json",
        b"{\n  \"text\": \"pretty\",\n  \"title\": \"t\"\n",
    ));
    assert_eq!(records(&items).len(), 1);
    assert!(matches!(report.status, InputStatus::Incomplete(_)));
    // JSON Lines in a `.json` file are still JSON Lines.
    let (items, _) = read(&write(dir.path(), "lines.json", LINES.as_bytes()));
    assert_eq!(records(&items).len(), 3);
}

#[test]
fn pretty_object_over_the_record_limit_is_one_reject() {
    let dir = tempfile::tempdir().unwrap();
    let options = ReadOptions {
        max_record_bytes: 40,
        ..ReadOptions::default()
    };
    let (items, report) = read_path(&write(dir.path(), "big.json", PRETTY.as_bytes()), &options);
    assert_eq!(reasons(&items), vec![RejectReason::RecordTooLarge]);
    assert_eq!(report.records, 1);
    let ReadItem::Reject(reject) = &items[0] else {
        panic!()
    };
    assert_eq!(reject.byte_offset, Some(4));
    assert!(
        reject.detail.contains(&PRETTY.len().to_string()),
        "{}",
        reject.detail
    );
}

/// QA D4/D8: standard input is sniffed: gzip, zstd and pretty-printed arrays.
#[test]
fn stdin_is_sniffed() {
    let options = ReadOptions::default();
    let (items, _) = read_stdin_bytes(&gzip(LINES.as_bytes()), &options);
    assert_eq!(records(&items).len(), 3);
    let (items, _) = read_stdin_bytes(&zstd::encode_all(ARRAY.as_bytes(), 3).unwrap(), &options);
    assert_eq!(records(&items).len(), 5);
    let pretty_array = "[\n  {\n    \"text\": \"a\"\n  },\n  {\n    \"text\": \"b\"\n  }\n]\n";
    let (items, _) = read_stdin_bytes(pretty_array.as_bytes(), &options);
    assert_eq!(reasons(&items), vec![]);
    assert_eq!(records(&items).len(), 2);
    let (items, report) = read_stdin_bytes(&zip_of(&[("a.jsonl", b"{}")]), &options);
    assert_eq!(reasons(&items), vec![RejectReason::UnreadableInput]);
    assert!(matches!(report.status, InputStatus::Incomplete(_)));
}

/// QA D9: non-data files in a ZIP or a folder give one reject each, not one per line.
#[test]
fn non_data_files_give_one_reject_each() {
    let dir = tempfile::tempdir().unwrap();
    let readme = "# Archive\nThis folder holds a day of news.\nLicensed CC-BY.\n";
    let bytes = zip_of(&[
        ("README.txt", readme.as_bytes()),
        ("day.jsonl", LINES.as_bytes()),
        ("docs/LICENSE", readme.as_bytes()),
    ]);
    let (items, report) = read(&write(dir.path(), "mix.zip", &bytes));
    assert_eq!(records(&items).len(), 3);
    assert_eq!(
        reasons(&items),
        vec![RejectReason::NotData, RejectReason::NotData]
    );
    assert_eq!(report.records, 5);
    assert_eq!(report.status, InputStatus::Complete);
    let ReadItem::Reject(first) = &items[0] else {
        panic!()
    };
    assert!(first.input_file.ends_with("mix.zip!/README.txt"));
    assert!(first.detail.starts_with("skipped:"), "{}", first.detail);

    let notes = write(dir.path(), "notes.txt", readme.as_bytes());
    let mut items = Vec::new();
    let report = read_source(
        &InputSource::NotData(notes.clone()),
        &ReadOptions::default(),
        None,
        &mut |i| items.push(i),
    );
    assert_eq!(reasons(&items), vec![RejectReason::NotData]);
    assert_eq!((report.records, report.status), (1, InputStatus::Complete));
    // Named explicitly, it is read as what it holds.
    let (items, _) = read(&notes);
    assert_eq!(reasons(&items).len(), 0);
    assert_eq!(records(&items).len(), 3);
}

/// QA D12: in CRLF CSV, `byte_offset` pointed at the `\n` before the row.
#[test]
fn csv_offsets_point_at_the_row_with_crlf_and_blank_lines() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "id,text\r\nc1,\"one\r\nline two\"\r\nc2,two\r\n\r\nc3,three\r\n";
    let (items, _) = read(&write(dir.path(), "a.csv", csv.as_bytes()));
    let offsets: Vec<Option<u64>> = items
        .iter()
        .map(|i| match i {
            ReadItem::Record(r) => r.byte_offset,
            ReadItem::Reject(r) => r.byte_offset,
        })
        .collect();
    let want: Vec<Option<u64>> = ["c1,", "c2,", "c3,"]
        .iter()
        .map(|row| csv.find(row).map(|i| i as u64))
        .collect();
    assert_eq!(offsets, want);
    let (items, _) = read(&write(dir.path(), "a.tsv", b"id\ttext\n\n\nt1\tx\n"));
    let ReadItem::Record(first) = &items[0] else {
        panic!()
    };
    assert_eq!(first.byte_offset, Some(10));
}

/// A UTF-8 BOM (Excel's "CSV UTF-8") stayed in the first column's name: a first column
/// `text` was not the text field, and every row was `missing_text`.
#[test]
fn csv_skips_a_leading_bom() {
    let dir = tempfile::tempdir().unwrap();
    for (name, csv) in [
        ("bom.csv", "\u{feff}text,id\r\nx,1\r\ny,2\r\n"),
        ("quoted.csv", "\u{feff}\"text\",\"id\"\r\nx,1\r\ny,2\r\n"),
        ("bom.tsv", "\u{feff}text\tid\r\nx\t1\r\ny\t2\r\n"),
    ] {
        let (items, _) = read(&write(dir.path(), name, csv.as_bytes()));
        let rows = json_rows(&items);
        assert_eq!(
            rows,
            vec![
                serde_json::json!({"text": "x", "id": "1"}),
                serde_json::json!({"text": "y", "id": "2"}),
            ],
            "{name}"
        );
        let ReadItem::Record(second) = &items[1] else {
            panic!()
        };
        assert_eq!(
            second.byte_offset,
            csv.find('y').map(|i| i as u64),
            "{name}"
        );
    }
}

/// A CSV in a gzip stream cut short ended in an `invalid_json` reject, not the
/// `corrupt_archive` every other format gives for a damaged layer.
#[test]
fn truncated_compressed_csv_is_a_corrupt_archive() {
    let dir = tempfile::tempdir().unwrap();
    let mut body = String::from("id,text\n");
    for i in 0..20000 {
        let _ = writeln!(body, "{i},record {i} with some words to make it longer");
    }
    assert_cut_streams_keep_records_then_fail(dir.path(), &body, "a.csv");
}

/// CSV and Parquet rows over `--max-record-bytes` went through whole, where a line or an
/// array element that size is `record_too_large`.
#[test]
fn tabular_rows_over_the_record_limit_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let options = ReadOptions {
        max_record_bytes: 1000,
        ..ReadOptions::default()
    };
    let big = "x".repeat(5000);
    let csv = format!("id,text\n1,{big}\n2,small\n");
    let (items, report) = read_path(&write(dir.path(), "big.csv", csv.as_bytes()), &options);
    assert_eq!(records(&items), vec![r#"{"id":"2","text":"small"}"#]);
    assert_eq!(reasons(&items), vec![RejectReason::RecordTooLarge]);
    assert_eq!(report.records, 2);
    let ReadItem::Reject(reject) = &items[0] else {
        panic!()
    };
    assert_eq!((reject.input_index, reject.byte_offset), (0, Some(8)));
    let batch = arrow_array::RecordBatch::try_from_iter([(
        "text",
        Arc::new(arrow_array::StringArray::from(vec![big.as_str(), "small"]))
            as arrow_array::ArrayRef,
    )])
    .unwrap();
    let path = write_parquet(dir.path(), "big.parquet", &batch);
    let (items, _) = read_path(&path, &options);
    assert_eq!(records(&items), vec![r#"{"text":"small"}"#]);
    assert_eq!(reasons(&items), vec![RejectReason::RecordTooLarge]);
}

/// A header naming a column twice kept only the last column's value: the first was lost
/// without a trace.
#[test]
fn csv_repeated_header_names_keep_every_value() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "text,text,title,text,text_2\nA,B,t,C,D\n";
    let (items, _) = read(&write(dir.path(), "dup.csv", csv.as_bytes()));
    let rows = json_rows(&items);
    assert_eq!(
        rows,
        vec![
            serde_json::json!({"text": "A", "text_3": "B", "title": "t", "text_4": "C", "text_2": "D"})
        ]
    );
}

/// A ZIP made on a Mac holds `__MACOSX/._member.json` resource forks and `.DS_Store`:
/// each was read as data and gave `invalid_utf8` / `invalid_json` rejects.
#[test]
fn zip_macos_metadata_members_are_skipped_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let fork = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \x00\x02\x00\x00\x00\t";
    let bytes = zip_of(&[
        ("day/one.jsonl", b"{\"text\":\"a\"}\n"),
        ("__MACOSX/day/._one.jsonl", fork),
        (".DS_Store", b"\x00\x00\x00\x01Bud1\x00\x00\x10\x00"),
    ]);
    let (items, report) = read(&write(dir.path(), "mac.zip", &bytes));
    assert_eq!(records(&items), vec!["{\"text\":\"a\"}"]);
    assert_eq!(
        reasons(&items),
        vec![RejectReason::NotData, RejectReason::NotData]
    );
    for item in &items {
        if let ReadItem::Reject(r) = item {
            assert!(r.detail.starts_with("skipped:"), "{}", r.detail);
        }
    }
    assert_eq!(report.status, InputStatus::Complete);
}

/// A header name that is not UTF-8 (a Latin-1 `T\xedtle`) made every row of the file an
/// `invalid_utf8` reject.
#[test]
fn csv_header_name_not_utf8_loses_no_row() {
    let dir = tempfile::tempdir().unwrap();
    let csv = b"text,T\xedtle\nx,a\ny,b\n";
    let (items, _) = read(&write(dir.path(), "latin1.csv", csv));
    assert!(reasons(&items).is_empty());
    let rows = json_rows(&items);
    assert_eq!(
        rows,
        vec![
            serde_json::json!({"text": "x", "T\u{fffd}tle": "a"}),
            serde_json::json!({"text": "y", "T\u{fffd}tle": "b"}),
        ]
    );
}

/// QA D12: values past the header's columns were silently dropped.
#[test]
fn csv_values_past_the_header_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "id,text,_extra_1\nq1,one\nq2,two,x,extra,more\n";
    let (items, _) = read(&write(dir.path(), "ragged.csv", csv.as_bytes()));
    let rows = json_rows(&items);
    assert_eq!(
        rows,
        vec![
            serde_json::json!({"id": "q1", "text": "one"}),
            serde_json::json!({"id": "q2", "text": "two", "_extra_1": "x", "_extra_2": "extra", "_extra_3": "more"}),
        ]
    );
}

/// QA D5: a directory that cannot be listed is one `unreadable_input` reject and an
/// incomplete input, not the end of the run.
#[test]
fn an_unlisted_directory_is_one_reject() {
    let mut items = Vec::new();
    let report = read_source(
        &InputSource::Unlisted {
            path: PathBuf::from("archive/locked"),
            error: "Permission denied (os error 13)".to_owned(),
        },
        &ReadOptions::default(),
        None,
        &mut |i| items.push(i),
    );
    assert_eq!(reasons(&items), vec![RejectReason::UnreadableInput]);
    let ReadItem::Reject(reject) = &items[0] else {
        panic!()
    };
    assert_eq!(reject.input_file, "archive/locked");
    assert!(
        reject.detail.contains("Permission denied"),
        "{}",
        reject.detail
    );
    assert!(matches!(report.status, InputStatus::Incomplete(_)));
}

/// A second read through the member cache gives what a plain read gives, member by member:
/// kept members (read from memory) and members that were not kept (damaged, over the cap,
/// not data, over the budget) alike.
#[test]
fn reads_through_the_member_cache_give_the_plain_read() {
    let dir = tempfile::tempdir().unwrap();
    let good = "{\"text\":\"ok\"}\n".repeat(50);
    let array = format!("{ARRAY}\n\n");
    // The format is sniffed from the first chunk a reader gives: here all white space (it
    // compresses badly, so inflating gives it in several chunks), so the member is read as
    // JSON Lines, through the cache as without it.
    let mut state = 7u32;
    let white: String = (0..100_000)
        .map(|_| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            [' ', '\n', '\t', '\r'][(state >> 16) as usize % 4]
        })
        .collect();
    let spaced = format!("{white}{ARRAY}");
    let mut bytes = zip_of(&[
        ("damaged.jsonl", good.as_bytes()),
        ("array.json", array.as_bytes()),
        ("spaced.json", spaced.as_bytes()),
        ("README.txt", b"not records"),
        ("big.jsonl", " ".repeat(8 << 20).as_bytes()),
        ("lines.jsonl", LINES.as_bytes()),
    ]);
    for b in &mut bytes[45..60] {
        *b ^= 0x5a;
    }
    let path = write(dir.path(), "a.zip", &bytes);
    let name = path.to_string_lossy().into_owned();
    let limits = ReadOptions {
        max_expanded_bytes: 4 << 20,
        ..ReadOptions::default()
    };
    let plain = read_path(&path, &limits);
    let with = |cache: &Arc<MemberCache>, role| ReadOptions {
        member_cache: Some((Arc::clone(cache), role)),
        ..limits.clone()
    };
    for budget in [1 << 30, 100] {
        let cache = Arc::new(MemberCache::new(budget, [name.clone()]));
        let first = read_path(&path, &with(&cache, CacheRole::Fill));
        assert_eq!(format!("{first:?}"), format!("{plain:?}"));
        let second = read_path(&path, &with(&cache, CacheRole::Take));
        assert_eq!(format!("{second:?}"), format!("{plain:?}"));
    }
    // What was kept: the two clean members, and only within the budget.
    let cache = Arc::new(MemberCache::new(1 << 30, [name.clone()]));
    read_path(&path, &with(&cache, CacheRole::Fill));
    for (member, kept) in [
        ("array.json", true),
        ("spaced.json", true),
        ("lines.jsonl", true),
        ("damaged.jsonl", false),
        ("big.jsonl", false),
        ("README.txt", false),
    ] {
        let got = cache.take(&format!("{name}!/{member}"));
        assert_eq!(got.is_some(), kept, "{member}");
    }
    let small = Arc::new(MemberCache::new(10, [name.clone()]));
    read_path(&path, &with(&small, CacheRole::Fill));
    assert!(small.take(&format!("{name}!/lines.jsonl")).is_none());
    // An archive the second read will not read is not kept.
    let other = Arc::new(MemberCache::new(1 << 30, ["other.zip".to_owned()]));
    read_path(&path, &with(&other, CacheRole::Fill));
    assert!(other.take(&format!("{name}!/lines.jsonl")).is_none());
}
