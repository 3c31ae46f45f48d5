//! Warehouse exports: CSV/TSV with a header row, and Parquet files. Each row becomes a JSON
//! object so that every format meets the same record parser.

use std::io::BufRead;
use std::path::Path;

use arrow_array::RecordBatch;
use serde_json::{Map, Value};

use super::arrow_json::cell_value;
use super::source::Emitter;

/// Remembers the bytes the CSV parser has read but not yet passed, so a row's offset can
/// skip the line ends the parser counts as part of the row before (the `\n` of `\r\n`,
/// blank lines).
struct LineEndWindow<R> {
    inner: R,
    /// Input offset of `bytes[0]`.
    base: u64,
    bytes: Vec<u8>,
}

impl<R: std::io::Read> std::io::Read for LineEndWindow<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

impl<R> LineEndWindow<R> {
    /// The offset of the first byte at or after `offset` that is not a line end; forgets
    /// the bytes before it.
    fn row_start(&mut self, offset: u64) -> u64 {
        let skip = offset
            .saturating_sub(self.base)
            .min(self.bytes.len() as u64) as usize;
        let ends = self.bytes[skip..]
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        let start = skip + ends;
        self.bytes.drain(..start);
        self.base += start as u64;
        self.base.max(offset)
    }
}

/// The key for the `n`th value past the header's columns: `_extra_1`, `_extra_2`, ...
/// (the next free number when the header already has that name).
fn extra_key(object: &Map<String, Value>, n: &mut usize) -> String {
    loop {
        *n += 1;
        let key = format!("_extra_{n}");
        if !object.contains_key(&key) {
            return key;
        }
    }
}

/// The object key of each column: its header name (bytes that are not UTF-8, a Latin-1
/// `Títle`, as U+FFFD: a bad name is no reason to lose every row). A name the header
/// repeats is kept for its first column; the later ones become `name_2`, `name_3`, ...
/// (the next that no column takes), so no value overwrites another.
fn header_keys(headers: &csv::ByteRecord) -> Vec<String> {
    let names: Vec<String> = headers
        .iter()
        .map(|name| String::from_utf8_lossy(name).into_owned())
        .collect();
    let mut taken: std::collections::HashSet<String> = names.iter().cloned().collect();
    let mut first_seen = std::collections::HashSet::new();
    names
        .iter()
        .map(|name| {
            if first_seen.insert(name.as_str()) {
                return name.clone();
            }
            let mut n = 1;
            loop {
                n += 1;
                let key = format!("{name}_{n}");
                if taken.insert(key.clone()) {
                    return key;
                }
            }
        })
        .collect()
}

/// Reads CSV (or TSV) with a header row; every row becomes one record. Values past the
/// header's last column are kept as `_extra_1`, `_extra_2`, ...
pub(crate) fn read_delimited(mut reader: impl BufRead, delimiter: u8, emitter: &mut Emitter<'_>) {
    // A UTF-8 byte order mark (Excel's "CSV UTF-8") is not part of the first column's name,
    // which the CSV parser would keep it in; offsets still count it.
    let mut bom = 0;
    if let Ok(head) = reader.fill_buf()
        && head.starts_with(super::lines::BOM)
    {
        bom = super::lines::BOM.len();
        reader.consume(bom);
    }
    let bom = bom as u64;
    let mut csv_reader = csv_reader_of(reader, delimiter, true);
    let headers = match csv_reader.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            emitter.fail_rest(Some(0), format!("CSV header unreadable: {e}"), &[]);
            return;
        }
    };
    let keys = header_keys(&headers);
    let mut unclosed = read_rows(&mut csv_reader, &keys, delimiter, bom, emitter);
    // A quote that never closes makes the parser read the rest of the input into one
    // field: the rows after it would vanish into that value. The row it opened in is
    // rejected up to its first line end, and the rows after that line are read again.
    while let Some(Unclosed { offset, bytes }) = unclosed {
        let line_end = memchr::memchr(b'\n', &bytes).unwrap_or(bytes.len());
        let detail = format!(
            "CSV row at byte {offset}: a quoted field is never closed, so the parser read the \
             rest of the input ({} bytes) into it; this line is rejected and the lines after \
             it are read as rows",
            bytes.len()
        );
        let first_line = bytes.get(..line_end).unwrap_or_default();
        let first_line = first_line.strip_suffix(b"\r").unwrap_or(first_line);
        emitter.reject(
            Some(offset),
            khabar_core::RejectReason::InvalidJson,
            detail,
            first_line,
        );
        let rest = bytes.get(line_end + 1..).unwrap_or_default().to_vec();
        if rest.is_empty() {
            break;
        }
        let rest_offset = offset + line_end as u64 + 1;
        let mut csv_reader = csv_reader_of(std::io::Cursor::new(rest), delimiter, false);
        unclosed = read_rows(&mut csv_reader, &keys, delimiter, rest_offset, emitter);
    }
}

/// A CSV parser over `reader` (flexible: rows may have more or fewer values than the
/// header), through a [`LineEndWindow`] so that each row's bytes are at hand.
fn csv_reader_of<R: std::io::Read>(
    reader: R,
    delimiter: u8,
    has_headers: bool,
) -> csv::Reader<LineEndWindow<R>> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(has_headers)
        .flexible(true)
        .from_reader(LineEndWindow {
            inner: reader,
            base: 0,
            bytes: Vec::new(),
        })
}

/// The last row of an input, whose quoted field was still open at the end: its input
/// offset and its bytes (from its start to the end of the input).
struct Unclosed {
    offset: u64,
    bytes: Vec<u8>,
}

/// True when `row` (a row's bytes as the parser read them) ends inside a quoted field: a
/// quote opens a field only at its start, and `""` inside one is a quote, as the parser
/// reads them. A row the parser ended there can only have ended at the end of the input.
fn ends_inside_quotes(row: &[u8], delimiter: u8) -> bool {
    if memchr::memchr(b'"', row).is_none() {
        return false;
    }
    let mut inside = false;
    let mut field_start = true;
    let mut at = 0;
    while let Some(&b) = row.get(at) {
        if inside {
            if b == b'"' {
                if row.get(at + 1) == Some(&b'"') {
                    at += 1;
                } else {
                    inside = false;
                }
            }
        } else if b == b'"' && field_start {
            inside = true;
            field_start = false;
        } else {
            field_start = b == delimiter || b == b'\n' || b == b'\r';
        }
        at += 1;
    }
    inside
}

/// Reads the rows of `csv_reader` into records (`base` is the input offset of its first
/// byte); returns the last row instead when its quoted field never closed.
fn read_rows<R: std::io::Read>(
    csv_reader: &mut csv::Reader<LineEndWindow<R>>,
    keys: &[String],
    delimiter: u8,
    base: u64,
    emitter: &mut Emitter<'_>,
) -> Option<Unclosed> {
    let mut row = csv::ByteRecord::new();
    loop {
        let position = csv_reader.position().byte();
        let result = csv_reader.read_byte_record(&mut row);
        let offset = csv_reader.get_mut().row_start(position) + base;
        match result {
            Ok(false) => return None,
            Ok(true) => {
                let window = csv_reader.get_ref();
                let end = csv_reader.position().byte().saturating_sub(window.base);
                let bytes = window.bytes.get(..end as usize).unwrap_or_default();
                if ends_inside_quotes(bytes, delimiter) {
                    let bytes = window.bytes.clone();
                    return Some(Unclosed { offset, bytes });
                }
                let mut object = Map::new();
                let mut raw = Vec::new();
                let mut bad_utf8 = false;
                let mut extras = 0;
                for (i, value) in row.iter().enumerate() {
                    raw.extend_from_slice(value);
                    raw.push(delimiter);
                    let key = match keys.get(i) {
                        Some(key) => key.clone(),
                        None => extra_key(&object, &mut extras),
                    };
                    match std::str::from_utf8(value) {
                        Ok(v) => {
                            object.insert(key, Value::String(v.to_owned()));
                        }
                        Err(_) => bad_utf8 = true,
                    }
                }
                if bad_utf8 {
                    emitter.reject(
                        Some(offset),
                        khabar_core::RejectReason::InvalidUtf8,
                        "CSV row is not valid UTF-8".to_owned(),
                        &raw,
                    );
                } else {
                    emit_object(emitter, Some(offset), object);
                }
            }
            // The bytes under the parser could not be read (a gzip or zstd stream cut
            // short, a ZIP member with a bad CRC): the rest is unreadable, as in every
            // other format.
            Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_)) => {
                emitter.fail_rest(
                    Some(offset),
                    format!("read error after byte {offset}: {e}"),
                    &[],
                );
                return None;
            }
            Err(e) => {
                emitter.reject(
                    Some(offset),
                    khabar_core::RejectReason::InvalidJson,
                    format!("CSV row: {e}"),
                    &[],
                );
                if !matches!(
                    e.kind(),
                    csv::ErrorKind::UnequalLengths { .. } | csv::ErrorKind::Utf8 { .. }
                ) {
                    emitter.mark_incomplete(format!("CSV unreadable after byte {offset}: {e}"));
                    return None;
                }
            }
        }
    }
}

/// Emits one row as a JSON object; a row over `--max-record-bytes` (measured as the JSON
/// it becomes) is a `record_too_large` reject, as a line or an array element would be.
fn emit_object(emitter: &mut Emitter<'_>, offset: Option<u64>, object: Map<String, Value>) {
    let max = emitter.options.max_record_bytes;
    match serde_json::to_vec(&Value::Object(object)) {
        Ok(bytes) if bytes.len() > max => {
            let detail = format!(
                "row of {} bytes (as JSON) is over --max-record-bytes {max}",
                bytes.len()
            );
            emitter.reject(
                offset,
                khabar_core::RejectReason::RecordTooLarge,
                detail,
                &bytes,
            );
        }
        Ok(bytes) => emitter.record(offset, bytes),
        Err(e) => emitter.reject(
            offset,
            khabar_core::RejectReason::InvalidJson,
            e.to_string(),
            &[],
        ),
    }
}

/// Reads a Parquet file; every row becomes one record.
pub(crate) fn read_parquet(path: &Path, emitter: &mut Emitter<'_>) {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            emitter.fail_rest(None, format!("cannot open: {e}"), &[]);
            return;
        }
    };
    let builder = match parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
    {
        Ok(b) => b,
        Err(e) => {
            emitter.fail_rest(None, format!("not a readable Parquet file: {e}"), &[]);
            return;
        }
    };
    let reader = match builder.with_batch_size(4096).build() {
        Ok(r) => r,
        Err(e) => {
            emitter.fail_rest(None, format!("Parquet: {e}"), &[]);
            return;
        }
    };
    for batch in reader {
        match batch {
            Ok(batch) => emit_batch(&batch, emitter),
            Err(e) => {
                emitter.fail_rest(None, format!("Parquet row group unreadable: {e}"), &[]);
                return;
            }
        }
    }
}

fn emit_batch(batch: &RecordBatch, emitter: &mut Emitter<'_>) {
    let schema = batch.schema();
    for row in 0..batch.num_rows() {
        let mut object = Map::new();
        for (field, column) in schema.fields().iter().zip(batch.columns()) {
            // Every column is kept (nested values as JSON, see `arrow_json`); a null is
            // left out, as an absent field.
            match cell_value(column.as_ref(), row) {
                Value::Null => {}
                value => {
                    object.insert(field.name().clone(), value);
                }
            }
        }
        emit_object(emitter, None, object);
    }
}
