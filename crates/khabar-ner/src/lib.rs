//! khabar-ner: Arabic (and some English) named entities, linked to GeoNames and project ids.
//!
//! Place in the flow: reader -> normalize -> extract / **ner** -> aggregate -> sinks. The
//! recogniser reads the cleaned `documents.text` and the tokens `khabar_extract::analyze`
//! cut from it, and returns [`khabar_core::Mention`]s in the ANERcorp scheme (PER, LOC, ORG,
//! MISC) plus demonyms as NORP. Spans are code points into the text and leave out attached
//! proclitics (و ف ب ل ك); places link to `geonames:<id>` (countries `iso:<alpha2>`),
//! listed organisations to `khabar:org:<slug>`, listed persons (`data/gazetteer/persons.tsv`)
//! to `khabar:per:<slug>`; other persons and organisations have no id.
//!
//! Three layers, all embedded in the binary (about 6 MB of data): gazetteers built by
//! `scripts/build_gazetteer.py` from GeoNames and CLDR, trigger rules (a person after
//! a title, an organisation after `وزارة`/`جامعة`/...), and an averaged-perceptron BIOES tagger
//! trained on ANERcorp with [`train`] and shipped as `data/ner/model.bin`. The tagger's
//! features include gazetteer hits, word clusters learnt from SaudiNewsNet
//! (`data/ner/clusters.tsv`, made by `examples/clusters.rs`), a label lexicon of the
//! training words' tags (cross-validated while training, shipped inside the model), a corpus
//! label lexicon (how a context-only tagger tagged each word across SaudiNewsNet,
//! `data/ner/autolex.tsv`, see [`AutoLexicon`]) and bag-of-words context three and four words
//! out. Training hides a random fifth of each token's features on every visit (feature dropout).
//!
//! [`NerMode::Model`] (the default) lets the tagger decide spans and types, mends two
//! systematic slips (a person cut after بن/آل/أبو grows over the next word; a one-word
//! club tagged apart from its city, دينامو كييف, becomes one organisation), gives a lone
//! surname of a person named in full elsewhere in the text that person's tag, then links them
//! to the gazetteers and adds gazetteer names it missed (countries, large places, names of
//! two words or more) and demonyms as NORP. [`NerMode::Gazetteer`] uses the gazetteers,
//! listed persons' names and rules only. Text in another language than Arabic gets gazetteer
//! and listed-person matches only (English names must be capitalised; acronyms such as `US`
//! must be in capitals).
//!
//! ```
//! use khabar_core::EntityKind;
//! use khabar_ner::{EntityRecognizer, NerMode};
//!
//! let recognizer = EntityRecognizer::new(NerMode::Gazetteer)?;
//! let text = "وصل المبعوث الخاص ريتشارد نورلاند إلى بنغازي";
//! let analysis = khabar_extract::analyze(text);
//! let mentions = recognizer.recognize(text, &analysis, Some("ara"));
//! let benghazi = mentions.iter().find(|m| m.kind == EntityKind::Loc).unwrap();
//! assert_eq!(benghazi.text, "بنغازي");
//! assert_eq!(benghazi.entity_id.as_deref(), Some("geonames:88319"));
//! assert!(mentions.iter().any(|m| m.kind == EntityKind::Per && m.text == "ريتشارد نورلاند"));
//! # Ok::<(), khabar_ner::NerError>(())
//! ```

mod autolex;
mod conll;
mod eval;
mod features;
mod fold;
mod gazetteer;
mod hashing;
mod lexicon;
mod model;
mod prepare;
mod recognizer;
mod rules;
mod train;

pub use autolex::AutoLexicon;
pub use conll::dev_split;
pub use eval::{
    Counts, EvalReport, PASSAGE_SENTENCES, evaluate, evaluate_on_gold_tokens, evaluate_passages,
};
pub use fold::fold_key;
pub use gazetteer::EntityRecord;
pub use model::Model;
pub use recognizer::{EntityRecognizer, NerMode};
pub use train::{DEFAULT_BIAS, TrainOptions, train, train_with_autolex};

/// Errors of the NER stage.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NerError {
    /// An embedded data file has a malformed line.
    #[error("malformed line {line} in data file {file}")]
    Data {
        /// File name under `data/`.
        file: &'static str,
        /// 1-based line number.
        line: usize,
    },
    /// A model file could not be read.
    #[error("bad NER model: {0}")]
    Model(String),
    /// The `CoNLL` text held no labelled tokens.
    #[error("no labelled tokens in the training data")]
    EmptyTrainingData,
}

#[cfg(test)]
mod tests {
    use super::EntityRecognizer;

    #[test]
    fn recognizer_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<EntityRecognizer>();
    }
}
