//! The schema of every output table, in one place. `khabar schema` prints these.

use std::fmt::Write as _;
use std::sync::Arc;

use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};

/// Every table khabar writes, each under `<out>/<name>/part-NNNNN.parquet`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Table {
    /// One row per document.
    Documents,
    /// One row per rejected record.
    Rejects,
    /// Named-entity mentions.
    Mentions,
    /// Date expressions resolved to ISO values.
    Dates,
    /// Quotations with their speakers.
    Quotes,
    /// Numbers with units.
    Amounts,
    /// One row per entity: dimension and corpus statistics.
    Entities,
    /// Duplicate and near-duplicate clusters.
    Clusters,
    /// Lines removed as site furniture.
    Boilerplate,
    /// Entity pairs mentioned together.
    Cooccurrence,
    /// Term document and occurrence counts.
    Terms,
    /// Documents and characters per day and source.
    Daily,
}

impl Table {
    /// Every table, in the order `khabar schema` prints them.
    pub const ALL: [Self; 12] = [
        Self::Documents,
        Self::Rejects,
        Self::Mentions,
        Self::Dates,
        Self::Quotes,
        Self::Amounts,
        Self::Entities,
        Self::Clusters,
        Self::Boilerplate,
        Self::Cooccurrence,
        Self::Terms,
        Self::Daily,
    ];

    /// The table's folder name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Documents => "documents",
            Self::Rejects => "rejects",
            Self::Mentions => "mentions",
            Self::Dates => "dates",
            Self::Quotes => "quotes",
            Self::Amounts => "amounts",
            Self::Entities => "entities",
            Self::Clusters => "clusters",
            Self::Boilerplate => "boilerplate",
            Self::Cooccurrence => "cooccurrence",
            Self::Terms => "terms",
            Self::Daily => "daily",
        }
    }

    /// The Arrow schema of the table.
    #[must_use]
    pub fn schema(self) -> SchemaRef {
        let fields = match self {
            Self::Documents => vec![
                utf8("doc_id", false),
                utf8("source", true),
                utf8("url", true),
                utf8("title", true),
                utf8("author", true),
                timestamp("published"),
                utf8("lang", true),
                utf8("text", false),
                int64("n_chars"),
                int64("n_tokens"),
                int64("n_sentences"),
                utf8("content_hash", false),
                Field::new("minhash", DataType::Binary, true),
                utf8("input_file", false),
                int64("input_index"),
                utf8("extra", true),
            ],
            Self::Rejects => vec![
                utf8("input_file", false),
                int64("input_index"),
                Field::new("byte_offset", DataType::Int64, true),
                utf8("reason", false),
                utf8("detail", false),
                Field::new("raw", DataType::Binary, false),
            ],
            Self::Mentions => with_span(vec![
                utf8("text", false),
                utf8("kind", false),
                utf8("entity_id", true),
                utf8("canonical", true),
                int32("sentence"),
            ]),
            Self::Dates => with_span(vec![
                utf8("text", false),
                utf8("value", true),
                utf8("precision", false),
                utf8("calendar", false),
                Field::new("date", DataType::Date32, true),
                Field::new("relative", DataType::Boolean, false),
            ]),
            Self::Quotes => with_span(vec![
                utf8("text", false),
                utf8("speaker", true),
                utf8("speaker_entity_id", true),
                utf8("verb", true),
                int32("sentence"),
            ]),
            Self::Amounts => vec![
                utf8("doc_id", false),
                int32("start"),
                int32("end"),
                utf8("text", false),
                Field::new("value", DataType::Float64, false),
                utf8("unit", true),
                utf8("object", true),
            ],
            Self::Entities => vec![
                utf8("entity_id", false),
                utf8("kind", false),
                utf8("canonical", true),
                utf8("country_code", true),
                Field::new("latitude", DataType::Float64, true),
                Field::new("longitude", DataType::Float64, true),
                Field::new("population", DataType::Int64, true),
                int64("mentions"),
                int64("documents"),
                int64("sources"),
                timestamp("first_published"),
                timestamp("last_published"),
            ],
            Self::Clusters => vec![
                utf8("doc_id", false),
                utf8("cluster_id", false),
                utf8("kind", false),
                Field::new("similarity", DataType::Float64, false),
            ],
            Self::Boilerplate => vec![
                utf8("source", true),
                utf8("line", false),
                int64("documents"),
            ],
            Self::Cooccurrence => vec![
                utf8("entity_a", false),
                utf8("entity_b", false),
                int64("documents"),
                int64("sentences"),
            ],
            Self::Terms => vec![
                utf8("term", false),
                int64("documents"),
                int64("occurrences"),
            ],
            Self::Daily => vec![
                Field::new("day", DataType::Date32, false),
                utf8("source", true),
                int64("documents"),
                int64("chars"),
            ],
        };
        Arc::new(Schema::new(fields))
    }
}

fn utf8(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::Utf8, nullable)
}

fn int64(name: &str) -> Field {
    Field::new(name, DataType::Int64, false)
}

fn int32(name: &str) -> Field {
    Field::new(name, DataType::Int32, false)
}

fn timestamp(name: &str) -> Field {
    Field::new(
        name,
        DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
        true,
    )
}

/// `doc_id, start, end, raw_start, raw_end` then the table's own columns.
fn with_span(rest: Vec<Field>) -> Vec<Field> {
    let mut fields = vec![
        utf8("doc_id", false),
        int32("start"),
        int32("end"),
        int32("raw_start"),
        int32("raw_end"),
    ];
    fields.extend(rest);
    fields
}

/// The schema of every table as text, for `khabar schema` and the README.
#[must_use]
pub fn describe_schemas() -> String {
    let mut out = String::new();
    for table in Table::ALL {
        out.push_str(table.name());
        out.push_str("/\n");
        for field in table.schema().fields() {
            let null = if field.is_nullable() { "" } else { " not null" };
            let _ = writeln!(out, "  {:<18} {}{}", field.name(), field.data_type(), null);
        }
    }
    out
}
