//! The per-record pipeline: raw record -> parsed fields -> clean text -> extractions.
//!
//! [`Pipeline::process`] is a pure function of one record, so Rayon can run it over a
//! batch in any order and the output stays the same. Ids, corpus aggregates and writing
//! happen after, in input order.

use khabar_core::{
    Amount, DateMention, Document, Mention, Quote, Reject, RejectReason, stable_hash64,
};
use khabar_io::read::RawRecord;
use khabar_io::{FieldMap, parse_record};

/// Everything one document produced.
#[derive(Debug, Clone, Default)]
pub struct Processed {
    /// The document row (its `doc_id` is assigned later, in input order).
    pub doc: Document,
    /// The id field of the record, if it had one.
    pub id_field: Option<String>,
    /// Entity mentions.
    pub mentions: Vec<Mention>,
    /// Dates.
    pub dates: Vec<DateMention>,
    /// Quotes.
    pub quotes: Vec<Quote>,
    /// Amounts.
    pub amounts: Vec<Amount>,
}

/// What one record became.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// A document with its extractions.
    Document(Box<Processed>),
    /// A reject row.
    Reject(Reject),
}

/// Options of the per-record stages.
#[derive(Debug, Clone, Default)]
pub struct PipelineOptions {
    /// Which input fields fill which column.
    pub fields: FieldMap,
}

/// The stages, built once per run and shared by every worker.
#[derive(Debug)]
pub struct Pipeline {
    options: PipelineOptions,
}

/// Runs of whitespace folded to one space, for content hashes that ignore layout.
fn whitespace_folded_hash(text: &str) -> u64 {
    let mut folded = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !folded.is_empty() {
            folded.push(' ');
        }
        folded.push_str(word);
    }
    stable_hash64(folded.as_bytes())
}

fn clean_metadata(value: Option<String>) -> Option<String> {
    let value = value?;
    let cleaned = khabar_normalize::clean(&value, None).text;
    if cleaned.is_empty() {
        None
    } else {
        Some(cleaned)
    }
}

impl Pipeline {
    /// Builds the stages.
    #[must_use]
    pub fn new(options: PipelineOptions) -> Self {
        Self { options }
    }

    /// Processes one record.
    #[must_use]
    pub fn process(&self, raw: &RawRecord) -> Outcome {
        let parsed = match parse_record(raw, &self.options.fields) {
            Ok(parsed) => parsed,
            Err(reject) => return Outcome::Reject(reject),
        };
        let lang = khabar_extract::detect_language(&parsed.text);
        let cleaned = khabar_normalize::clean(&parsed.text, lang);
        if cleaned.text.is_empty() {
            let detail = if parsed.text.is_empty() {
                "the text field is empty".to_owned()
            } else {
                format!(
                    "the text field holds only whitespace or invisible characters ({} bytes)",
                    parsed.text.len()
                )
            };
            return Outcome::Reject(Reject::new(
                &raw.input_file,
                raw.input_index,
                raw.byte_offset,
                RejectReason::EmptyText,
                detail,
                &raw.bytes,
            ));
        }
        let analysis = khabar_extract::analyze(&cleaned.text);
        let search = khabar_normalize::search_key(&cleaned.text);
        let doc = Document {
            doc_id: String::new(),
            source: parsed.source,
            url: parsed.url,
            title: clean_metadata(parsed.title),
            author: clean_metadata(parsed.author),
            published: parsed.published,
            published_unparsed: parsed.published_unparsed,
            raw_text: parsed.text,
            text: cleaned.text,
            offsets: cleaned.offsets,
            lang: lang.map(str::to_owned),
            input_file: raw.input_file.to_string(),
            input_index: raw.input_index,
            byte_offset: raw.byte_offset,
            extra: parsed.extra,
            n_tokens: analysis.tokens.len() as u32,
            n_sentences: analysis.sentences.len() as u32,
            content_hash: whitespace_folded_hash(&search),
            minhash: None,
        };
        Outcome::Document(Box::new(Processed {
            doc,
            id_field: parsed.id,
            ..Processed::default()
        }))
    }
}
