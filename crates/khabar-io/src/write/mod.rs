//! Parquet output: table schemas, rows-to-Arrow conversion, and crash-safe part files.

mod batches;
mod corpus_batches;
mod schema;
mod sink;

pub use batches::{
    amounts_batch, dates_batch, documents_batch, mentions_batch, quotes_batch, rejects_batch,
};
pub use corpus_batches::{
    EntityPlace, boilerplate_batch, clusters_batch, cooccurrence_batch, daily_batch,
    entities_batch, terms_batch,
};
pub use schema::{Table, describe_schemas};
pub use sink::{ParquetSink, ROWS_PER_PART};

#[cfg(test)]
mod tests;
