//! The run's table sinks, fed in input order by the writer thread.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use khabar_core::Reject;
use khabar_io::write::{
    ParquetSink, Table, amounts_batch, dates_batch, documents_batch, mentions_batch, quotes_batch,
    rejects_batch,
};

use crate::pipeline::Processed;

/// One sink per per-document table.
pub struct TableSinks {
    documents: ParquetSink,
    rejects: ParquetSink,
    mentions: ParquetSink,
    dates: ParquetSink,
    quotes: ParquetSink,
    amounts: ParquetSink,
}

impl TableSinks {
    /// The per-document tables, in the order their sinks are kept.
    pub const TABLES: [Table; 6] = [
        Table::Documents,
        Table::Rejects,
        Table::Mentions,
        Table::Dates,
        Table::Quotes,
        Table::Amounts,
    ];

    /// Opens the sinks under `out`, continuing after the parts a checkpoint committed.
    pub fn open(out: &Path, committed: &BTreeMap<Table, Vec<PathBuf>>) -> Result<Self> {
        let sink = |table: Table| -> Result<ParquetSink> {
            let parts = committed.get(&table).cloned().unwrap_or_default();
            Ok(ParquetSink::resume(out, table, parts)?)
        };
        Ok(Self {
            documents: sink(Table::Documents)?,
            rejects: sink(Table::Rejects)?,
            mentions: sink(Table::Mentions)?,
            dates: sink(Table::Dates)?,
            quotes: sink(Table::Quotes)?,
            amounts: sink(Table::Amounts)?,
        })
    }

    fn sinks_mut(&mut self) -> [(Table, &mut ParquetSink); 6] {
        [
            (Table::Documents, &mut self.documents),
            (Table::Rejects, &mut self.rejects),
            (Table::Mentions, &mut self.mentions),
            (Table::Dates, &mut self.dates),
            (Table::Quotes, &mut self.quotes),
            (Table::Amounts, &mut self.amounts),
        ]
    }

    /// Commits every table's current part; returns the committed parts per table.
    pub fn commit(&mut self) -> Result<BTreeMap<Table, Vec<PathBuf>>> {
        let mut committed = BTreeMap::new();
        for (table, sink) in self.sinks_mut() {
            sink.commit()?;
            committed.insert(table, sink.committed_parts().to_vec());
        }
        Ok(committed)
    }

    /// Writes a batch of documents and their extraction rows.
    pub fn write_documents(&mut self, processed: &[Processed]) -> Result<()> {
        if processed.is_empty() {
            return Ok(());
        }
        let docs: Vec<_> = processed.iter().map(|p| &p.doc).collect();
        self.documents
            .write(&documents_batch(&docs).context("building documents batch")?)?;
        let rows = processed
            .iter()
            .flat_map(|p| p.mentions.iter().map(move |m| (p.doc.doc_id.as_str(), m)));
        self.mentions
            .write(&mentions_batch(rows).context("building mentions batch")?)?;
        let rows = processed
            .iter()
            .flat_map(|p| p.dates.iter().map(move |m| (p.doc.doc_id.as_str(), m)));
        self.dates
            .write(&dates_batch(rows).context("building dates batch")?)?;
        let rows = processed
            .iter()
            .flat_map(|p| p.quotes.iter().map(move |m| (p.doc.doc_id.as_str(), m)));
        self.quotes
            .write(&quotes_batch(rows).context("building quotes batch")?)?;
        let rows = processed
            .iter()
            .flat_map(|p| p.amounts.iter().map(move |m| (p.doc.doc_id.as_str(), m)));
        self.amounts
            .write(&amounts_batch(rows).context("building amounts batch")?)?;
        Ok(())
    }

    /// Writes reject rows.
    pub fn write_rejects(&mut self, rejects: &[Reject]) -> Result<()> {
        if rejects.is_empty() {
            return Ok(());
        }
        self.rejects
            .write(&rejects_batch(rejects).context("building rejects batch")?)?;
        Ok(())
    }

    /// Closes every table; each gets at least an empty part file.
    pub fn finish(self) -> Result<BTreeMap<Table, Vec<PathBuf>>> {
        let mut tables = BTreeMap::new();
        for (table, sink) in [
            (Table::Documents, self.documents),
            (Table::Rejects, self.rejects),
            (Table::Mentions, self.mentions),
            (Table::Dates, self.dates),
            (Table::Quotes, self.quotes),
            (Table::Amounts, self.amounts),
        ] {
            tables.insert(table, sink.finish()?);
        }
        Ok(tables)
    }
}
