//! Rows to Arrow: each function builds one table's `RecordBatch` against its schema.

use std::sync::Arc;

use arrow_array::builder::{
    BinaryBuilder, BooleanBuilder, Date32Builder, Float64Builder, Int32Builder, Int64Builder,
    StringBuilder, TimestampMicrosecondBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::ArrowError;
use khabar_core::{Amount, DateMention, Document, Mention, Quote, Reject, hex64};

use super::schema::Table;

fn batch(table: Table, columns: Vec<ArrayRef>) -> Result<RecordBatch, ArrowError> {
    RecordBatch::try_new(table.schema(), columns)
}

fn utc_timestamps(len: usize) -> TimestampMicrosecondBuilder {
    TimestampMicrosecondBuilder::with_capacity(len).with_timezone("UTC")
}

/// `documents/` rows.
pub fn documents_batch(docs: &[&Document]) -> Result<RecordBatch, ArrowError> {
    let n = docs.len();
    let text_bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mut doc_id = StringBuilder::with_capacity(n, n * 24);
    let mut source = StringBuilder::new();
    let mut url = StringBuilder::new();
    let mut title = StringBuilder::new();
    let mut author = StringBuilder::new();
    let mut published = utc_timestamps(n);
    let mut lang = StringBuilder::new();
    let mut text = StringBuilder::with_capacity(n, text_bytes);
    let mut n_chars = Int64Builder::with_capacity(n);
    let mut n_tokens = Int64Builder::with_capacity(n);
    let mut n_sentences = Int64Builder::with_capacity(n);
    let mut content_hash = StringBuilder::with_capacity(n, n * 16);
    let mut minhash = BinaryBuilder::new();
    let mut input_file = StringBuilder::new();
    let mut input_index = Int64Builder::with_capacity(n);
    let mut extra = StringBuilder::new();
    for d in docs {
        doc_id.append_value(&d.doc_id);
        source.append_option(d.source.as_deref());
        url.append_option(d.url.as_deref());
        title.append_option(d.title.as_deref());
        author.append_option(d.author.as_deref());
        published.append_option(d.published);
        lang.append_option(d.lang.as_deref());
        text.append_value(&d.text);
        n_chars.append_value(d.offsets.output_len() as i64);
        n_tokens.append_value(i64::from(d.n_tokens));
        n_sentences.append_value(i64::from(d.n_sentences));
        content_hash.append_value(hex64(d.content_hash));
        minhash.append_option(d.minhash.as_deref());
        input_file.append_value(&d.input_file);
        input_index.append_value(d.input_index as i64);
        extra.append_option(d.extra.as_deref());
    }
    batch(
        Table::Documents,
        vec![
            Arc::new(doc_id.finish()),
            Arc::new(source.finish()),
            Arc::new(url.finish()),
            Arc::new(title.finish()),
            Arc::new(author.finish()),
            Arc::new(published.finish()),
            Arc::new(lang.finish()),
            Arc::new(text.finish()),
            Arc::new(n_chars.finish()),
            Arc::new(n_tokens.finish()),
            Arc::new(n_sentences.finish()),
            Arc::new(content_hash.finish()),
            Arc::new(minhash.finish()),
            Arc::new(input_file.finish()),
            Arc::new(input_index.finish()),
            Arc::new(extra.finish()),
        ],
    )
}

/// `rejects/` rows.
pub fn rejects_batch(rejects: &[Reject]) -> Result<RecordBatch, ArrowError> {
    let mut input_file = StringBuilder::new();
    let mut input_index = Int64Builder::new();
    let mut byte_offset = Int64Builder::new();
    let mut reason = StringBuilder::new();
    let mut detail = StringBuilder::new();
    let mut raw = BinaryBuilder::new();
    for r in rejects {
        input_file.append_value(&r.input_file);
        input_index.append_value(r.input_index as i64);
        byte_offset.append_option(r.byte_offset.map(|o| o as i64));
        reason.append_value(r.reason.code());
        detail.append_value(&r.detail);
        raw.append_value(&r.raw);
    }
    batch(
        Table::Rejects,
        vec![
            Arc::new(input_file.finish()),
            Arc::new(input_index.finish()),
            Arc::new(byte_offset.finish()),
            Arc::new(reason.finish()),
            Arc::new(detail.finish()),
            Arc::new(raw.finish()),
        ],
    )
}

/// The five leading columns of the span tables.
struct SpanColumns {
    doc_id: StringBuilder,
    start: Int32Builder,
    end: Int32Builder,
    raw_start: Int32Builder,
    raw_end: Int32Builder,
}

impl SpanColumns {
    fn new() -> Self {
        Self {
            doc_id: StringBuilder::new(),
            start: Int32Builder::new(),
            end: Int32Builder::new(),
            raw_start: Int32Builder::new(),
            raw_end: Int32Builder::new(),
        }
    }

    fn append(&mut self, doc_id: &str, start: u32, end: u32, raw_start: u32, raw_end: u32) {
        self.doc_id.append_value(doc_id);
        self.start.append_value(start as i32);
        self.end.append_value(end as i32);
        self.raw_start.append_value(raw_start as i32);
        self.raw_end.append_value(raw_end as i32);
    }

    fn finish(mut self, rest: Vec<ArrayRef>) -> Vec<ArrayRef> {
        let mut columns: Vec<ArrayRef> = vec![
            Arc::new(self.doc_id.finish()),
            Arc::new(self.start.finish()),
            Arc::new(self.end.finish()),
            Arc::new(self.raw_start.finish()),
            Arc::new(self.raw_end.finish()),
        ];
        columns.extend(rest);
        columns
    }
}

/// `mentions/` rows, each with its document id.
pub fn mentions_batch<'a>(
    rows: impl IntoIterator<Item = (&'a str, &'a Mention)>,
) -> Result<RecordBatch, ArrowError> {
    let mut span = SpanColumns::new();
    let mut text = StringBuilder::new();
    let mut kind = StringBuilder::new();
    let mut entity_id = StringBuilder::new();
    let mut canonical = StringBuilder::new();
    let mut sentence = Int32Builder::new();
    for (doc_id, m) in rows {
        span.append(doc_id, m.start, m.end, m.raw_start, m.raw_end);
        text.append_value(&m.text);
        kind.append_value(m.kind.as_str());
        entity_id.append_option(m.entity_id.as_deref());
        canonical.append_option(m.canonical.as_deref());
        sentence.append_value(m.sentence as i32);
    }
    let rest: Vec<ArrayRef> = vec![
        Arc::new(text.finish()),
        Arc::new(kind.finish()),
        Arc::new(entity_id.finish()),
        Arc::new(canonical.finish()),
        Arc::new(sentence.finish()),
    ];
    batch(Table::Mentions, span.finish(rest))
}

/// `dates/` rows, each with its document id.
pub fn dates_batch<'a>(
    rows: impl IntoIterator<Item = (&'a str, &'a DateMention)>,
) -> Result<RecordBatch, ArrowError> {
    let mut span = SpanColumns::new();
    let mut text = StringBuilder::new();
    let mut value = StringBuilder::new();
    let mut precision = StringBuilder::new();
    let mut calendar = StringBuilder::new();
    let mut date = Date32Builder::new();
    let mut relative = BooleanBuilder::new();
    for (doc_id, d) in rows {
        span.append(doc_id, d.start, d.end, d.raw_start, d.raw_end);
        text.append_value(&d.text);
        value.append_option(d.value.as_deref());
        precision.append_value(d.precision.as_str());
        calendar.append_value(d.calendar.as_str());
        date.append_option(d.date);
        relative.append_value(d.relative);
    }
    let rest: Vec<ArrayRef> = vec![
        Arc::new(text.finish()),
        Arc::new(value.finish()),
        Arc::new(precision.finish()),
        Arc::new(calendar.finish()),
        Arc::new(date.finish()),
        Arc::new(relative.finish()),
    ];
    batch(Table::Dates, span.finish(rest))
}

/// `quotes/` rows, each with its document id.
pub fn quotes_batch<'a>(
    rows: impl IntoIterator<Item = (&'a str, &'a Quote)>,
) -> Result<RecordBatch, ArrowError> {
    let mut span = SpanColumns::new();
    let mut text = StringBuilder::new();
    let mut speaker = StringBuilder::new();
    let mut speaker_entity_id = StringBuilder::new();
    let mut verb = StringBuilder::new();
    let mut sentence = Int32Builder::new();
    for (doc_id, q) in rows {
        span.append(doc_id, q.start, q.end, q.raw_start, q.raw_end);
        text.append_value(&q.text);
        speaker.append_option(q.speaker.as_deref());
        speaker_entity_id.append_option(q.speaker_entity_id.as_deref());
        verb.append_option(q.verb.as_deref());
        sentence.append_value(q.sentence as i32);
    }
    let rest: Vec<ArrayRef> = vec![
        Arc::new(text.finish()),
        Arc::new(speaker.finish()),
        Arc::new(speaker_entity_id.finish()),
        Arc::new(verb.finish()),
        Arc::new(sentence.finish()),
    ];
    batch(Table::Quotes, span.finish(rest))
}

/// `amounts/` rows, each with its document id.
pub fn amounts_batch<'a>(
    rows: impl IntoIterator<Item = (&'a str, &'a Amount)>,
) -> Result<RecordBatch, ArrowError> {
    let mut doc_id = StringBuilder::new();
    let mut start = Int32Builder::new();
    let mut end = Int32Builder::new();
    let mut text = StringBuilder::new();
    let mut value = Float64Builder::new();
    let mut unit = StringBuilder::new();
    let mut object = StringBuilder::new();
    for (id, a) in rows {
        doc_id.append_value(id);
        start.append_value(a.start as i32);
        end.append_value(a.end as i32);
        text.append_value(&a.text);
        value.append_value(a.value);
        unit.append_option(a.unit.as_deref());
        object.append_option(a.object.as_deref());
    }
    batch(
        Table::Amounts,
        vec![
            Arc::new(doc_id.finish()),
            Arc::new(start.finish()),
            Arc::new(end.finish()),
            Arc::new(text.finish()),
            Arc::new(value.finish()),
            Arc::new(unit.finish()),
            Arc::new(object.finish()),
        ],
    )
}
