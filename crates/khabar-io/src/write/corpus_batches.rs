//! Corpus tables to Arrow: clusters, entities, boilerplate, cooccurrence, terms, daily.

use std::sync::Arc;

use arrow_array::builder::{
    Date32Builder, Float64Builder, Int64Builder, StringBuilder, TimestampMicrosecondBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::ArrowError;
use khabar_aggregate::{
    BoilerplateRow, ClusterRow, CooccurrenceRow, DailyRow, EntityStatRow, TermRow,
};

use super::schema::Table;

fn count(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// What the entity dimension adds to a statistics row: where a place is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EntityPlace {
    /// ISO 3166 country code.
    pub country_code: Option<String>,
    /// Latitude, degrees.
    pub latitude: Option<f64>,
    /// Longitude, degrees.
    pub longitude: Option<f64>,
    /// Population, where known.
    pub population: Option<i64>,
}

/// `clusters/` rows.
pub fn clusters_batch(rows: &[ClusterRow]) -> Result<RecordBatch, ArrowError> {
    let mut doc_id = StringBuilder::new();
    let mut cluster_id = StringBuilder::new();
    let mut kind = StringBuilder::new();
    let mut similarity = Float64Builder::new();
    for r in rows {
        doc_id.append_value(&r.doc_id);
        cluster_id.append_value(&r.cluster_id);
        kind.append_value(r.kind.as_str());
        similarity.append_value(r.similarity);
    }
    let columns: Vec<ArrayRef> = vec![
        Arc::new(doc_id.finish()),
        Arc::new(cluster_id.finish()),
        Arc::new(kind.finish()),
        Arc::new(similarity.finish()),
    ];
    RecordBatch::try_new(Table::Clusters.schema(), columns)
}

/// `entities/` rows: statistics joined with the dimension's place columns.
pub fn entities_batch(rows: &[(EntityStatRow, EntityPlace)]) -> Result<RecordBatch, ArrowError> {
    let mut entity_id = StringBuilder::new();
    let mut kind = StringBuilder::new();
    let mut canonical = StringBuilder::new();
    let mut country_code = StringBuilder::new();
    let mut latitude = Float64Builder::new();
    let mut longitude = Float64Builder::new();
    let mut population = Int64Builder::new();
    let mut mentions = Int64Builder::new();
    let mut documents = Int64Builder::new();
    let mut sources = Int64Builder::new();
    let mut first = TimestampMicrosecondBuilder::new().with_timezone("UTC");
    let mut last = TimestampMicrosecondBuilder::new().with_timezone("UTC");
    for (r, place) in rows {
        entity_id.append_value(&r.entity);
        kind.append_value(r.kind.as_str());
        canonical.append_option(r.canonical.as_deref());
        country_code.append_option(place.country_code.as_deref());
        latitude.append_option(place.latitude);
        longitude.append_option(place.longitude);
        population.append_option(place.population);
        mentions.append_value(count(r.mentions));
        documents.append_value(count(r.documents));
        sources.append_value(count(r.sources));
        first.append_option(r.first_published);
        last.append_option(r.last_published);
    }
    let columns: Vec<ArrayRef> = vec![
        Arc::new(entity_id.finish()),
        Arc::new(kind.finish()),
        Arc::new(canonical.finish()),
        Arc::new(country_code.finish()),
        Arc::new(latitude.finish()),
        Arc::new(longitude.finish()),
        Arc::new(population.finish()),
        Arc::new(mentions.finish()),
        Arc::new(documents.finish()),
        Arc::new(sources.finish()),
        Arc::new(first.finish()),
        Arc::new(last.finish()),
    ];
    RecordBatch::try_new(Table::Entities.schema(), columns)
}

/// `boilerplate/` rows.
pub fn boilerplate_batch(rows: &[BoilerplateRow]) -> Result<RecordBatch, ArrowError> {
    let mut source = StringBuilder::new();
    let mut line = StringBuilder::new();
    let mut documents = Int64Builder::new();
    for r in rows {
        source.append_option(r.source.as_deref());
        line.append_value(&r.line);
        documents.append_value(count(r.documents));
    }
    let columns: Vec<ArrayRef> = vec![
        Arc::new(source.finish()),
        Arc::new(line.finish()),
        Arc::new(documents.finish()),
    ];
    RecordBatch::try_new(Table::Boilerplate.schema(), columns)
}

/// `cooccurrence/` rows.
pub fn cooccurrence_batch(rows: &[CooccurrenceRow]) -> Result<RecordBatch, ArrowError> {
    let mut a = StringBuilder::new();
    let mut b = StringBuilder::new();
    let mut documents = Int64Builder::new();
    let mut sentences = Int64Builder::new();
    for r in rows {
        a.append_value(&r.entity_a);
        b.append_value(&r.entity_b);
        documents.append_value(count(r.documents));
        sentences.append_value(count(r.sentences));
    }
    let columns: Vec<ArrayRef> = vec![
        Arc::new(a.finish()),
        Arc::new(b.finish()),
        Arc::new(documents.finish()),
        Arc::new(sentences.finish()),
    ];
    RecordBatch::try_new(Table::Cooccurrence.schema(), columns)
}

/// `terms/` rows.
pub fn terms_batch(rows: &[TermRow]) -> Result<RecordBatch, ArrowError> {
    let mut term = StringBuilder::new();
    let mut documents = Int64Builder::new();
    let mut occurrences = Int64Builder::new();
    for r in rows {
        term.append_value(&r.term);
        documents.append_value(count(r.documents));
        occurrences.append_value(count(r.occurrences));
    }
    let columns: Vec<ArrayRef> = vec![
        Arc::new(term.finish()),
        Arc::new(documents.finish()),
        Arc::new(occurrences.finish()),
    ];
    RecordBatch::try_new(Table::Terms.schema(), columns)
}

/// `daily/` rows.
pub fn daily_batch(rows: &[DailyRow]) -> Result<RecordBatch, ArrowError> {
    let mut day = Date32Builder::new();
    let mut source = StringBuilder::new();
    let mut documents = Int64Builder::new();
    let mut chars = Int64Builder::new();
    for r in rows {
        day.append_value(r.day);
        source.append_option(r.source.as_deref());
        documents.append_value(count(r.documents));
        chars.append_value(count(r.chars));
    }
    let columns: Vec<ArrayRef> = vec![
        Arc::new(day.finish()),
        Arc::new(source.finish()),
        Arc::new(documents.finish()),
        Arc::new(chars.finish()),
    ];
    RecordBatch::try_new(Table::Daily.schema(), columns)
}
