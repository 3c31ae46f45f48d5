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
    /// Opens the sinks under `out`.
    pub fn create(out: &Path) -> Result<Self> {
        Ok(Self {
            documents: ParquetSink::create(out, Table::Documents)?,
            rejects: ParquetSink::create(out, Table::Rejects)?,
            mentions: ParquetSink::create(out, Table::Mentions)?,
            dates: ParquetSink::create(out, Table::Dates)?,
            quotes: ParquetSink::create(out, Table::Quotes)?,
            amounts: ParquetSink::create(out, Table::Amounts)?,
        })
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
        tables.insert(Table::Documents, self.documents.finish()?);
        tables.insert(Table::Rejects, self.rejects.finish()?);
        tables.insert(Table::Mentions, self.mentions.finish()?);
        tables.insert(Table::Dates, self.dates.finish()?);
        tables.insert(Table::Quotes, self.quotes.finish()?);
        tables.insert(Table::Amounts, self.amounts.finish()?);
        Ok(tables)
    }
}
