//! The per-record pipeline: raw record -> parsed fields -> clean text -> extractions.
//!
//! [`Pipeline::process`] is a pure function of one record, so Rayon can run it over a
//! batch in any order and the output stays the same. Ids, corpus aggregates and writing
//! happen after, in input order.

use khabar_aggregate::{
    BoilerplateSet, DocFacts, EntityOccurrence, MinHasher, TermList, exact_hash, strip_boilerplate,
    strip_boilerplate_keyed,
};
use khabar_core::{
    Amount, DateMention, Document, EntityKind, Mention, OffsetMap, Quote, Reject, RejectReason,
};
use khabar_extract::Extractor;
use khabar_io::read::RawRecord;
use khabar_io::{FieldMap, ParsedRecord, parse_record};
use khabar_ner::{EntityRecognizer, NerMode};

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
    /// What the corpus aggregates need (order and id are filled in input order).
    pub facts: DocFacts,
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
#[derive(Debug, Clone)]
pub struct PipelineOptions {
    /// Which input fields fill which column.
    pub fields: FieldMap,
    /// Which entity recognizers run.
    pub ner: NerMode,
    /// Compute MinHash signatures for near-duplicate clusters.
    pub near_dedup: bool,
    /// Lines removed from documents.text.
    pub boilerplate: BoilerplateSet,
    /// The documents row only: no extractions and no aggregate facts.
    pub documents_only: bool,
}

impl Default for PipelineOptions {
    fn default() -> Self {
        Self {
            fields: FieldMap::default(),
            ner: NerMode::Model,
            near_dedup: true,
            boilerplate: BoilerplateSet::known_only(),
            documents_only: false,
        }
    }
}

/// The stages, built once per run and shared by every worker.
#[derive(Debug)]
pub struct Pipeline {
    options: PipelineOptions,
    recognizer: Option<EntityRecognizer>,
    extractor: Extractor,
    minhasher: MinHasher,
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

/// `char::is_alphabetic` with the Arabic and ASCII letters answered before its slow table.
#[inline]
fn is_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || ('\u{0621}'..='\u{064A}').contains(&c)
        || (!c.is_ascii() && c.is_alphabetic())
}

/// Light stems of the words of the search-folded text, for `terms/` (numbers and
/// symbols are no terms).
fn terms(search: &str) -> TermList {
    khabar_aggregate::words(search)
        .filter(|word| word.chars().next().is_some_and(is_letter))
        .map(khabar_extract::light_stem)
        .filter(|stem| !stem.is_empty())
        .collect()
}

/// The entity id of the mention that covers a quote's speaker.
fn speaker_entity(mentions: &[Mention], span: Option<(u32, u32)>) -> Option<String> {
    let (start, end) = span?;
    mentions
        .iter()
        .filter(|m| {
            matches!(m.kind, EntityKind::Per | EntityKind::Org) && m.start < end && start < m.end
        })
        .find_map(|m| m.entity_id.clone())
}

/// What the pipeline made of a record's text, for its documents row.
struct Body {
    text: String,
    offsets: OffsetMap,
    n_tokens: u32,
    n_sentences: u32,
    content_hash: u64,
    minhash: Option<Vec<u8>>,
}

/// The documents row of a record (its `doc_id` is assigned later, in input order), and the
/// record's id field.
fn document_row(
    raw: &RawRecord,
    parsed: ParsedRecord,
    lang: Option<&str>,
    body: Body,
) -> (Document, Option<String>) {
    let doc = Document {
        doc_id: String::new(),
        source: parsed.source,
        url: parsed.url,
        title: clean_metadata(parsed.title),
        author: clean_metadata(parsed.author),
        published: parsed.published,
        published_unparsed: parsed.published_unparsed,
        raw_text_bytes: parsed.text.len() as u64,
        text: body.text,
        offsets: body.offsets,
        lang: lang.map(str::to_owned),
        input_file: raw.input_file.to_string(),
        input_index: raw.input_index,
        byte_offset: raw.byte_offset,
        extra: parsed.extra,
        n_tokens: body.n_tokens,
        n_sentences: body.n_sentences,
        content_hash: body.content_hash,
        minhash: body.minhash,
    };
    (doc, parsed.id)
}

fn map_raw(offsets: &OffsetMap, start: u32, end: u32) -> (u32, u32) {
    let (raw_start, raw_end) = offsets.raw_span(start as usize, end as usize);
    (raw_start as u32, raw_end as u32)
}

impl Pipeline {
    /// Builds the stages (loads the entity model and gazetteers once).
    pub fn new(options: PipelineOptions) -> Result<Self, khabar_ner::NerError> {
        let recognizer = match options.ner {
            NerMode::Off => None,
            mode => Some(EntityRecognizer::new(mode)?),
        };
        Ok(Self {
            options,
            recognizer,
            extractor: Extractor::new(),
            minhasher: MinHasher::default(),
        })
    }

    /// Sets the lines removed from documents.text (decided by the pre-pass, which runs after
    /// the stages are built so that a broken model fails fast).
    #[must_use]
    pub fn with_boilerplate(mut self, boilerplate: BoilerplateSet) -> Self {
        self.options.boilerplate = boilerplate;
        self
    }

    /// The entity recognizer, when entities are on (for the entities/ dimension).
    #[must_use]
    pub fn recognizer(&self) -> Option<&EntityRecognizer> {
        self.recognizer.as_ref()
    }

    fn empty_text(raw: &RawRecord, text_len: usize) -> Outcome {
        let detail = if text_len == 0 {
            "the text field is empty".to_owned()
        } else {
            format!(
                "the text field holds only whitespace, invisible characters or boilerplate ({text_len} bytes)"
            )
        };
        Outcome::Reject(Reject::new(
            &raw.input_file,
            raw.input_index,
            raw.byte_offset,
            RejectReason::EmptyText,
            detail,
            &raw.bytes,
        ))
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
        // The search key is folded once: boilerplate lines are recognised by its lines, and
        // the stripped text's key is its kept lines (see `search_key_by_lines`).
        let (key, by_lines) = khabar_normalize::search_key_by_lines(&cleaned.text);
        let source = parsed.source.as_deref();
        let boilerplate = &self.options.boilerplate;
        let stripped = if by_lines {
            strip_boilerplate_keyed(&cleaned.text, &key, source, boilerplate)
        } else {
            strip_boilerplate(&cleaned.text, source, boilerplate)
        };
        let (text, offsets, search) = match stripped {
            Some(stripped) => {
                let search = stripped
                    .key
                    .unwrap_or_else(|| khabar_normalize::search_key(&stripped.text));
                (
                    stripped.text,
                    cleaned.offsets.then(&stripped.offsets),
                    search,
                )
            }
            None => (cleaned.text, cleaned.offsets, key),
        };
        if text.is_empty() {
            return Self::empty_text(raw, parsed.text.len());
        }
        if self.options.documents_only {
            let (n_sentences, n_tokens) = khabar_extract::count_sentences_and_tokens(&text);
            let content_hash = exact_hash(&search);
            let body = Body {
                text,
                offsets,
                n_tokens,
                n_sentences,
                content_hash,
                minhash: None,
            };
            let (doc, id_field) = document_row(raw, parsed, lang, body);
            return Outcome::Document(Box::new(Processed {
                doc,
                id_field,
                ..Processed::default()
            }));
        }
        let analysis = khabar_extract::analyze(&text);
        let mut mentions = match &self.recognizer {
            Some(recognizer) => recognizer.recognize(&text, &analysis, lang),
            None => Vec::new(),
        };
        let speakers: Vec<(u32, u32, EntityKind)> = mentions
            .iter()
            .filter(|m| matches!(m.kind, EntityKind::Per | EntityKind::Org))
            .map(|m| (m.start, m.end, m.kind))
            .collect();
        // Relative dates count from the article's own (local) day where its date field
        // gave an offset: "yesterday" in an article of 01:30+03:00 is the local day before.
        let published_local = parsed
            .published
            .map(|utc| utc.saturating_add(parsed.published_offset_secs.saturating_mul(1_000_000)));
        let mut extracted =
            self.extractor
                .extract(&text, &analysis, published_local, lang, &speakers);
        for m in &mut mentions {
            (m.raw_start, m.raw_end) = map_raw(&offsets, m.start, m.end);
        }
        for d in &mut extracted.dates {
            (d.raw_start, d.raw_end) = map_raw(&offsets, d.start, d.end);
        }
        for q in &mut extracted.quotes {
            (q.raw_start, q.raw_end) = map_raw(&offsets, q.start, q.end);
            q.speaker_entity_id = speaker_entity(&mentions, q.speaker_span);
        }

        let content_hash = exact_hash(&search);
        let minhash = self
            .options
            .near_dedup
            .then(|| self.minhasher.signature(&search));
        let facts = DocFacts {
            order: (0, 0),
            doc_id: String::new(),
            source: parsed.source.clone(),
            published: parsed.published,
            chars: offsets.output_len() as u64,
            exact_hash: content_hash,
            minhash: minhash.clone(),
            terms: terms(&search),
            entities: mentions
                .iter()
                .map(|m| EntityOccurrence {
                    key: m
                        .entity_id
                        .clone()
                        .unwrap_or_else(|| khabar_normalize::search_key(&m.text)),
                    kind: m.kind,
                    canonical: m.canonical.clone(),
                    sentence: m.sentence,
                })
                .collect(),
        };
        let body = Body {
            text,
            offsets,
            n_tokens: analysis.tokens.len() as u32,
            n_sentences: analysis.sentences.len() as u32,
            content_hash,
            minhash: minhash.map(|s| s.to_bytes()),
        };
        let (doc, id_field) = document_row(raw, parsed, lang, body);
        Outcome::Document(Box::new(Processed {
            doc,
            id_field,
            mentions,
            dates: extracted.dates,
            quotes: extracted.quotes,
            amounts: extracted.amounts,
            facts,
        }))
    }
}
