//! Reading khabar's output tables back, for end-to-end tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use arrow_array::RecordBatch;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

/// The tables written per document (and per rejected record).
pub const PER_DOCUMENT_TABLES: [&str; 6] = [
    "documents",
    "rejects",
    "mentions",
    "dates",
    "quotes",
    "amounts",
];

/// Every table of a run's output folder.
pub const ALL_TABLES: [&str; 12] = [
    "documents",
    "rejects",
    "mentions",
    "dates",
    "quotes",
    "amounts",
    "entities",
    "clusters",
    "boilerplate",
    "cooccurrence",
    "terms",
    "daily",
];

/// The part files of one table, sorted.
pub fn parts(out: &Path, table: &str) -> Vec<PathBuf> {
    let mut parts: Vec<PathBuf> = std::fs::read_dir(out.join(table))
        .unwrap_or_else(|e| panic!("{}/{table}: {e}", out.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "parquet"))
        .collect();
    parts.sort();
    parts
}

/// Every row of a table, as record batches.
pub fn read_table(out: &Path, table: &str) -> Vec<RecordBatch> {
    let mut batches = Vec::new();
    for part in parts(out, table) {
        let file = std::fs::File::open(&part).expect("open part");
        let reader = ParquetRecordBatchReaderBuilder::try_new(file)
            .expect("parquet")
            .build()
            .expect("reader");
        for batch in reader {
            batches.push(batch.expect("batch"));
        }
    }
    batches
}

/// The number of rows in a table.
pub fn row_count(out: &Path, table: &str) -> usize {
    read_table(out, table)
        .iter()
        .map(RecordBatch::num_rows)
        .sum()
}

/// One string column of a table, nulls as `None`.
pub fn string_column(out: &Path, table: &str, column: &str) -> Vec<Option<String>> {
    use arrow_array::Array;
    use arrow_array::cast::AsArray;
    let mut values = Vec::new();
    for batch in read_table(out, table) {
        let array = batch
            .column_by_name(column)
            .unwrap_or_else(|| panic!("{table}.{column} missing"));
        let strings = array.as_string::<i32>();
        for i in 0..strings.len() {
            values.push(if strings.is_null(i) {
                None
            } else {
                Some(strings.value(i).to_owned())
            });
        }
    }
    values
}

/// The bytes of every part file of a table, concatenated.
pub fn table_bytes(out: &Path, table: &str) -> Vec<u8> {
    parts(out, table)
        .iter()
        .flat_map(|p| std::fs::read(p).expect("read part"))
        .collect()
}

/// manifest.json as JSON.
pub fn manifest(out: &Path) -> serde_json::Value {
    let bytes = std::fs::read(out.join("manifest.json")).expect("manifest.json");
    serde_json::from_slice(&bytes).expect("manifest is JSON")
}

/// One integer column (Int32 or Int64) of a table.
pub fn int_column(out: &Path, table: &str, column: &str) -> Vec<i64> {
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Int32Type, Int64Type};
    let mut values = Vec::new();
    for batch in read_table(out, table) {
        let array = batch
            .column_by_name(column)
            .unwrap_or_else(|| panic!("{table}.{column} missing"));
        match array.data_type() {
            arrow_schema::DataType::Int32 => values.extend(
                array
                    .as_primitive::<Int32Type>()
                    .values()
                    .iter()
                    .map(|v| i64::from(*v)),
            ),
            _ => values.extend(array.as_primitive::<Int64Type>().values().iter().copied()),
        }
    }
    values
}
