//! [`ParquetSink`]: one table's part files, each visible under its final name only when
//! complete (written to a hidden temporary name, then renamed).

use std::fs::File;
use std::path::{Path, PathBuf};

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::schema::types::ColumnPath;

use super::schema::Table;
use crate::IoError;

/// Rows in one part file before the sink starts the next.
pub const ROWS_PER_PART: u64 = 1_000_000;

/// Writes one table as `part-00000.parquet`, `part-00001.parquet`, ...
pub struct ParquetSink {
    dir: PathBuf,
    schema: SchemaRef,
    props: WriterProperties,
    writer: Option<(ArrowWriter<File>, PathBuf)>,
    part: u32,
    rows_in_part: u64,
    rows_per_part: u64,
    parts: Vec<PathBuf>,
}

fn parquet_error(path: &Path, e: &impl std::fmt::Display) -> IoError {
    IoError::Parquet {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// Writer settings: zstd, page statistics, row groups sized for scans.
fn writer_properties(table: Table) -> WriterProperties {
    let rows_per_group = match table {
        // About 50 MB of article text a group.
        Table::Documents => 16 * 1024,
        Table::Rejects => 4 * 1024,
        _ => 128 * 1024,
    };
    let mut builder = WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::try_new(1).unwrap_or_default()))
        .set_statistics_enabled(EnabledStatistics::Page)
        .set_max_row_group_row_count(Some(rows_per_group))
        .set_max_row_group_bytes(Some(128 << 20))
        .set_created_by(format!("khabar {}", env!("CARGO_PKG_VERSION")));
    // Long unique texts gain nothing from a dictionary and cost a hash table.
    for column in ["text", "raw", "extra", "minhash", "detail"] {
        builder = builder.set_column_dictionary_enabled(ColumnPath::from(column), false);
    }
    if table == Table::Documents {
        // One row per document: ids, urls, titles, hashes, counts and positions are
        // (nearly) unique; only the columns below repeat enough for a dictionary to pay.
        builder = builder.set_dictionary_enabled(false);
        for column in ["source", "author", "lang", "input_file"] {
            builder = builder.set_column_dictionary_enabled(ColumnPath::from(column), true);
        }
    }
    builder.build()
}

impl ParquetSink {
    /// A sink for `table` under `out_dir/<table name>/`.
    pub fn create(out_dir: &Path, table: Table) -> Result<Self, IoError> {
        let dir = out_dir.join(table.name());
        std::fs::create_dir_all(&dir).map_err(|e| IoError::with_path(&dir, e))?;
        Ok(Self {
            dir,
            schema: table.schema(),
            props: writer_properties(table),
            writer: None,
            part: 0,
            rows_in_part: 0,
            rows_per_part: ROWS_PER_PART,
            parts: Vec::new(),
        })
    }

    /// A sink that continues after `parts` already committed by an earlier run.
    pub fn resume(out_dir: &Path, table: Table, parts: Vec<PathBuf>) -> Result<Self, IoError> {
        let mut sink = Self::create(out_dir, table)?;
        sink.part = parts.len() as u32;
        sink.parts = parts;
        Ok(sink)
    }

    /// Closes the current part now, so that everything written so far is committed.
    pub fn commit(&mut self) -> Result<(), IoError> {
        self.close_part()
    }

    /// The parts committed so far.
    #[must_use]
    pub fn committed_parts(&self) -> &[PathBuf] {
        &self.parts
    }

    /// Sets the rotation size (tests use a small one).
    #[must_use]
    pub fn with_rows_per_part(mut self, rows: u64) -> Self {
        self.rows_per_part = rows.max(1);
        self
    }

    fn final_path(&self, part: u32) -> PathBuf {
        self.dir.join(format!("part-{part:05}.parquet"))
    }

    fn open_part(&mut self) -> Result<(), IoError> {
        let tmp = self.dir.join(format!(".part-{:05}.parquet.tmp", self.part));
        let file = File::create(&tmp).map_err(|e| IoError::with_path(&tmp, e))?;
        let writer = ArrowWriter::try_new(file, self.schema.clone(), Some(self.props.clone()))
            .map_err(|e| parquet_error(&tmp, &e))?;
        self.writer = Some((writer, tmp));
        self.rows_in_part = 0;
        Ok(())
    }

    fn close_part(&mut self) -> Result<(), IoError> {
        if let Some((writer, tmp)) = self.writer.take() {
            let file = writer.into_inner().map_err(|e| parquet_error(&tmp, &e))?;
            file.sync_all().map_err(|e| IoError::with_path(&tmp, e))?;
            drop(file);
            let target = self.final_path(self.part);
            std::fs::rename(&tmp, &target).map_err(|e| IoError::with_path(&target, e))?;
            self.parts.push(target);
            self.part += 1;
        }
        Ok(())
    }

    /// Appends a batch, starting a new part file when the current one is full.
    pub fn write(&mut self, batch: &RecordBatch) -> Result<(), IoError> {
        if batch.num_rows() == 0 {
            return Ok(());
        }
        if self.writer.is_none() {
            self.open_part()?;
        }
        if let Some((writer, tmp)) = self.writer.as_mut() {
            writer.write(batch).map_err(|e| parquet_error(tmp, &e))?;
        }
        self.rows_in_part += batch.num_rows() as u64;
        if self.rows_in_part >= self.rows_per_part {
            self.close_part()?;
        }
        Ok(())
    }

    /// Closes the last part; a table with no rows still gets an empty `part-00000.parquet`.
    pub fn finish(mut self) -> Result<Vec<PathBuf>, IoError> {
        if self.writer.is_none() && self.parts.is_empty() {
            self.open_part()?;
        }
        self.close_part()?;
        Ok(self.parts)
    }
}
