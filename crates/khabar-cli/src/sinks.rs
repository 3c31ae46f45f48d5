//! The run's table sinks, fed in input order by the writer thread.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use arrow_array::RecordBatch;
use khabar_core::Reject;
use khabar_io::write::{
    ParquetSink, Table, amounts_batch, dates_batch, documents_batch, mentions_batch, quotes_batch,
    rejects_batch,
};

use crate::pipeline::Processed;

/// The rows of one extraction table, each with its document's id.
fn rows<'a, T: 'a>(
    processed: &'a [Processed],
    pick: impl Fn(&'a Processed) -> &'a [T] + 'a,
) -> impl Iterator<Item = (&'a str, &'a T)> {
    processed
        .iter()
        .flat_map(move |p| pick(p).iter().map(move |row| (p.doc.doc_id.as_str(), row)))
}

/// One sink per per-document table the run writes.
pub struct TableSinks {
    sinks: BTreeMap<Table, ParquetSink>,
}

impl TableSinks {
    /// Every per-document table.
    pub const TABLES: [Table; 6] = [
        Table::Documents,
        Table::Rejects,
        Table::Mentions,
        Table::Dates,
        Table::Quotes,
        Table::Amounts,
    ];

    /// The tables of a `--documents-only` run.
    pub const DOCUMENTS_ONLY: [Table; 2] = [Table::Documents, Table::Rejects];

    /// Opens a sink for each of `tables` under `out`, continuing after the parts a
    /// checkpoint committed.
    pub fn open(
        out: &Path,
        tables: &[Table],
        committed: &BTreeMap<Table, Vec<PathBuf>>,
    ) -> Result<Self> {
        let mut sinks = BTreeMap::new();
        for &table in tables {
            let parts = committed.get(&table).cloned().unwrap_or_default();
            sinks.insert(table, ParquetSink::resume(out, table, parts)?);
        }
        Ok(Self { sinks })
    }

    /// Commits every table's current part; returns the committed parts per table.
    pub fn commit(&mut self) -> Result<BTreeMap<Table, Vec<PathBuf>>> {
        let mut committed = BTreeMap::new();
        for (table, sink) in &mut self.sinks {
            sink.commit()?;
            committed.insert(*table, sink.committed_parts().to_vec());
        }
        Ok(committed)
    }

    /// Writes the batch `build` makes to `table`, when this run writes that table.
    fn write<E>(
        &mut self,
        table: Table,
        build: impl FnOnce() -> Result<RecordBatch, E>,
    ) -> Result<()>
    where
        E: std::error::Error + Send + Sync + 'static,
    {
        let Some(sink) = self.sinks.get_mut(&table) else {
            return Ok(());
        };
        let batch = build().with_context(|| format!("building a {} batch", table.name()))?;
        sink.write(&batch)?;
        Ok(())
    }

    /// Writes a batch of documents and their extraction rows.
    pub fn write_documents(&mut self, processed: &[Processed]) -> Result<()> {
        if processed.is_empty() {
            return Ok(());
        }
        self.write(Table::Documents, || {
            let docs: Vec<_> = processed.iter().map(|p| &p.doc).collect();
            documents_batch(&docs)
        })?;
        self.write(Table::Mentions, || {
            mentions_batch(rows(processed, |p| &p.mentions))
        })?;
        self.write(Table::Dates, || dates_batch(rows(processed, |p| &p.dates)))?;
        self.write(Table::Quotes, || {
            quotes_batch(rows(processed, |p| &p.quotes))
        })?;
        self.write(Table::Amounts, || {
            amounts_batch(rows(processed, |p| &p.amounts))
        })
    }

    /// Writes reject rows.
    pub fn write_rejects(&mut self, rejects: &[Reject]) -> Result<()> {
        if rejects.is_empty() {
            return Ok(());
        }
        self.write(Table::Rejects, || rejects_batch(rejects))
    }

    /// Closes every table; each gets at least an empty part file.
    pub fn finish(self) -> Result<BTreeMap<Table, Vec<PathBuf>>> {
        let mut tables = BTreeMap::new();
        for (table, sink) in self.sinks {
            tables.insert(table, sink.finish()?);
        }
        Ok(tables)
    }
}
