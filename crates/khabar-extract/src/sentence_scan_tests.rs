//! The byte scan against the Chars-based splitter and tokenizer it replaced
//! (`reference_analysis`): `analyze`, `split_sentences` and `tokenize` give the same
//! spans, every field, and the counts equal what `analyze` finds, on generated text built
//! to hit every splitting and tokenizing rule.

use crate::counts::count_sentences_and_tokens;
use crate::{analyze, reference_analysis, split_sentences, tokenize};
use khabar_core::Sentence;
use proptest::prelude::*;

/// Pieces that trigger the splitter's and tokenizer's rules when glued together.
const PIECES: &[&str] = &[
    // Words and numbers.
    "قال",
    "الرئيس",
    "وبنغازي",
    "مُحَمَّـد",
    "ـ",
    "م",
    "ه",
    "هـ",
    "د",
    "ع",
    "ق",
    "ص",
    "ب",
    "أ",
    "2015",
    "12",
    "1",
    "3",
    "٣",
    "۵",
    "٢٠١٥",
    "x",
    "J",
    "K",
    "e",
    "g",
    "U",
    "S",
    "Dr",
    "Mr",
    "approx",
    "Sept",
    "vs",
    "Gens",
    "Smith",
    "the",
    "yesterday",
    "co",
    "op",
    "don",
    "t",
    "é",
    "E\u{301}",
    "ß",
    "İ",
    "Ω",
    "中",
    "پ",
    "ڤ",
    "\u{66E}",
    "\u{200C}",
    "\u{200D}",
    "\u{670}",
    "\u{6E5}",
    "\u{600}",
    "\u{64B}",
    "ـ\u{651}",
    // Joined and dotted forms, whole.
    "3.5",
    "٣٫٥",
    "1,000",
    "12/5/2024",
    "10:30",
    "U.S",
    "U.S.",
    "e.g.",
    "e-mail",
    "don't",
    "al-Sisi",
    "أ.د.",
    "ق.م.",
    "Inc",
    "No",
    // Emoji and other astral or three-byte characters.
    "😀",
    "👍🏽",
    "\u{1F3FD}",
    "\u{FE0F}",
    "\u{E0067}",
    "❤",
    "\u{1F1F8}",
    "\u{200D}",
    "\u{1F1F8}\u{1F1E6}",
    "𝐀",
    "𝟑",
    "𐎀",
    "\u{FEFF}",
    "\u{200B}",
    "€",
    "ﻻ",
    "ﷲ",
    // Punctuation and joiners.
    ".",
    ".",
    ".",
    "..",
    "...",
    "…",
    "!",
    "?",
    "؟",
    "?!",
    "!!",
    "؟!",
    "?»",
    ".\"",
    "!)",
    "،",
    "؛",
    ",",
    "٫",
    "٬",
    "/",
    ":",
    "'",
    "’",
    "-",
    "%",
    "«",
    "»",
    "\"",
    "“",
    "”",
    "‘",
    "›",
    ")",
    "(",
    "]",
    "}",
    "۔",
    "\u{6D4}",
    // White space and line breaks.
    " ",
    " ",
    " ",
    "  ",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\u{A0}",
    "\u{2029}",
    "\u{2028}",
    "\u{3000}",
    "\u{B}",
    "\u{85}",
    "\u{2003}",
    "\u{202F}",
    "\u{1680}",
];

fn pieces() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|p| p.concat())
}

/// Plain words, spaces and marks the counts step over a block at a time, long enough to fill
/// blocks, with the pieces above in between.
const PLAIN_PIECES: &[&str] = &[
    " ",
    " ",
    "  ",
    "قال",
    "الرئيس",
    "وبنغازي",
    "مُحَمَّـد",
    "٢٠١٥",
    "2015",
    "Smith",
    "x",
    "ب",
    "ءآأؤإئابةتثجحخدذرزسشصضطظعغ",
    "ـفقكلمنهوىي\u{64B}\u{65F}\u{660}\u{669}",
    "،",
    "«",
    "»",
    "\"",
    "(",
    ")",
    "*",
    "%",
    "\u{A0}",
];

fn long_pieces() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        6 => prop::sample::select(PLAIN_PIECES),
        1 => prop::sample::select(PIECES),
    ];
    prop::collection::vec(piece, 0..120).prop_map(|p| p.concat())
}

/// Every span-building entry point equals the reference, and the counts equal the spans.
fn check(text: &str) -> Result<(), TestCaseError> {
    let analysis = analyze(text);
    let reference = reference_analysis::analyze(text);
    prop_assert_eq!(&analysis, &reference, "{:?}", text);
    prop_assert_eq!(&split_sentences(text), &reference.sentences, "{:?}", text);
    prop_assert_eq!(
        &tokenize(text, &reference.sentences),
        &reference.tokens,
        "{:?}",
        text
    );
    prop_assert_eq!(
        count_sentences_and_tokens(text),
        (
            analysis.sentences.len() as u32,
            analysis.tokens.len() as u32
        ),
        "{:?}",
        text
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn spans_equal_reference_on_glued_pieces(text in pieces()) {
        check(&text)?;
    }

    #[test]
    fn spans_equal_reference_on_long_plain_runs(text in long_pieces()) {
        check(&text)?;
    }

    #[test]
    fn spans_equal_reference_on_mixed_chars(
        text in "[ابتمهـدعقصأپ\u{64E}\u{651}a-zA-Z0-9٣۵éß \\.!?؟…«»\"“”'’\\-,،٫٬/:%()\n\r\t\u{A0}\u{2029}]{0,80}"
    ) {
        check(&text)?;
    }

    #[test]
    fn spans_equal_reference_on_any_text(text in any::<String>()) {
        check(&text)?;
    }

    #[test]
    fn tokenize_equals_reference_on_any_spans(
        text in pieces(),
        spans in prop::collection::vec((0u32..120, 0u32..120), 0..6),
    ) {
        // Code-point spans that may cut words, overlap, run backwards or past the end; the
        // byte offsets are ignored, as they always were.
        let sentences: Vec<Sentence> = spans
            .iter()
            .map(|&(start, end)| Sentence { start, end, byte_start: 7, byte_end: 3 })
            .collect();
        prop_assert_eq!(
            tokenize(&text, &sentences),
            reference_analysis::tokenize(&text, &sentences),
            "{:?} {:?}",
            text,
            spans
        );
    }
}

#[test]
fn spans_and_counts_on_the_splitter_cases() {
    for text in [
        "",
        "  \n  ",
        " ",
        "\r\n",
        "\u{3000}\u{A0}\t\u{2029}\u{85}",
        "😀",
        "x😀y 3.😀 👍🏽!",
        "قال الرئيس. وأضاف الوزير.",
        "هل جاء؟ نعم!",
        "التقى د. محمد أ.د. علي في ص.ب. 12.",
        "بلغ النمو 3.5 في المئة. وقال",
        "كتب J. K. Rowling روايته. ثم",
        "انتظر... ثم قال… نعم.",
        "وقع ذلك عام 2015م. وقال الوزير",
        "وقع ذلك عام 2015 م. وقال الوزير",
        "قال: «انتهى الأمر.» ثم غادر.",
        "Dr. Smith met Mr. Jones in the U.S. yesterday. Then he left.",
        "1. البند الأول\n2. البند الثاني",
        "انتهى الأمر.وقال الوزير",
        "example.com is a site.",
        "don't al-Sisi co-op 1,000 12/5/2024 10:30، ٣٫٥",
        "?»!\"x. 3.",
        "3.5 U.S e-mail e.g. x",
        "a'b'c 1.2.3 1..2 x-",
        "د.\r\nم. 2015م.\n",
    ] {
        if let Err(e) = check(text) {
            panic!("{text:?}: {e}");
        }
    }
}

// The workspace's loader of the SaudiNewsNet archive beside the repository (`../shared`);
// it stops loudly when the archive is missing.
#[allow(clippy::expect_used)]
#[path = "../../../tests/common/corpus.rs"]
mod corpus;

/// At least this many real articles are compared with the reference: every article of
/// the first two daily archives.
const REAL_ARTICLES: usize = 2_500;

#[test]
fn spans_equal_reference_on_real_articles() {
    let texts = corpus::saudinewsnet_contents(2);
    assert!(
        texts.len() >= REAL_ARTICLES,
        "expected at least {REAL_ARTICLES} articles, got {}",
        texts.len()
    );
    let (mut sentences, mut tokens) = (0usize, 0usize);
    for (i, text) in texts.iter().enumerate() {
        if let Err(e) = check(text) {
            panic!("article {i}: {e}");
        }
        let analysis = analyze(text);
        sentences += analysis.sentences.len();
        tokens += analysis.tokens.len();
    }
    // Lower bounds measured on this archive, so a scan that finds nothing fails too.
    assert!(sentences > 50_000, "{sentences} sentences");
    assert!(tokens > 1_800_000, "{tokens} tokens");
}
