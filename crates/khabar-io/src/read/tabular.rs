//! Warehouse exports: CSV/TSV with a header row, and Parquet files. Each row becomes a JSON
//! object so that every format meets the same record parser.

use std::io::BufRead;
use std::path::Path;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, TimestampMicrosecondType,
    TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType, UInt8Type, UInt16Type,
    UInt32Type, UInt64Type,
};
use arrow_array::{Array, RecordBatch};
use arrow_schema::{DataType, TimeUnit};
use serde_json::{Map, Value};

use super::source::Emitter;

/// Reads CSV (or TSV) with a header row; every row becomes one record.
pub(crate) fn read_delimited(reader: impl BufRead, delimiter: u8, emitter: &mut Emitter<'_>) {
    let mut csv_reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(true)
        .from_reader(reader);
    let headers = match csv_reader.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            emitter.fail_rest(Some(0), format!("CSV header unreadable: {e}"), &[]);
            return;
        }
    };
    let mut row = csv::ByteRecord::new();
    loop {
        let offset = csv_reader.position().byte();
        match csv_reader.read_byte_record(&mut row) {
            Ok(false) => break,
            Ok(true) => {
                let mut object = Map::new();
                let mut raw = Vec::new();
                let mut bad_utf8 = false;
                for (key, value) in headers.iter().zip(row.iter()) {
                    raw.extend_from_slice(value);
                    raw.push(delimiter);
                    match (std::str::from_utf8(key), std::str::from_utf8(value)) {
                        (Ok(k), Ok(v)) => {
                            object.insert(k.to_owned(), Value::String(v.to_owned()));
                        }
                        _ => bad_utf8 = true,
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
                    return;
                }
            }
        }
    }
}

fn emit_object(emitter: &mut Emitter<'_>, offset: Option<u64>, object: Map<String, Value>) {
    match serde_json::to_vec(&Value::Object(object)) {
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
            if let Some(value) = cell_value(column.as_ref(), row) {
                object.insert(field.name().clone(), value);
            }
        }
        emit_object(emitter, None, object);
    }
}

fn timestamp_value(micros: i64) -> Value {
    Value::String(crate::timestamp::format_rfc3339_micros(micros))
}

/// One cell as JSON; `None` for nulls and types a news record has no use for.
fn cell_value(column: &dyn Array, row: usize) -> Option<Value> {
    if column.is_null(row) {
        return None;
    }
    let value = match column.data_type() {
        DataType::Utf8 => Value::from(column.as_string::<i32>().value(row)),
        DataType::LargeUtf8 => Value::from(column.as_string::<i64>().value(row)),
        DataType::Utf8View => Value::from(column.as_string_view().value(row)),
        DataType::Boolean => Value::from(column.as_boolean().value(row)),
        DataType::Int8 => Value::from(column.as_primitive::<Int8Type>().value(row)),
        DataType::Int16 => Value::from(column.as_primitive::<Int16Type>().value(row)),
        DataType::Int32 => Value::from(column.as_primitive::<Int32Type>().value(row)),
        DataType::Int64 => Value::from(column.as_primitive::<Int64Type>().value(row)),
        DataType::UInt8 => Value::from(column.as_primitive::<UInt8Type>().value(row)),
        DataType::UInt16 => Value::from(column.as_primitive::<UInt16Type>().value(row)),
        DataType::UInt32 => Value::from(column.as_primitive::<UInt32Type>().value(row)),
        DataType::UInt64 => Value::from(column.as_primitive::<UInt64Type>().value(row)),
        DataType::Float32 => {
            Value::from(f64::from(column.as_primitive::<Float32Type>().value(row)))
        }
        DataType::Float64 => Value::from(column.as_primitive::<Float64Type>().value(row)),
        DataType::Timestamp(unit, _) => {
            let micros = match unit {
                TimeUnit::Second => column
                    .as_primitive::<TimestampSecondType>()
                    .value(row)
                    .saturating_mul(1_000_000),
                TimeUnit::Millisecond => column
                    .as_primitive::<TimestampMillisecondType>()
                    .value(row)
                    .saturating_mul(1000),
                TimeUnit::Microsecond => {
                    column.as_primitive::<TimestampMicrosecondType>().value(row)
                }
                TimeUnit::Nanosecond => {
                    column.as_primitive::<TimestampNanosecondType>().value(row) / 1000
                }
            };
            timestamp_value(micros)
        }
        DataType::Date32 => {
            let days = column
                .as_primitive::<arrow_array::types::Date32Type>()
                .value(row);
            timestamp_value(i64::from(days) * 86_400_000_000)
        }
        _ => return None,
    };
    Some(value)
}
