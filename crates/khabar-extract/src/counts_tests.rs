//! The counts equal what `analyze` finds, and `analyze` equals the reference splitter and
//! tokenizer it replaced, on generated text built to hit every splitting rule.

use super::count_sentences_and_tokens;
use crate::{analyze, reference_analysis};
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
];

fn pieces() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|p| p.concat())
}

fn check(text: &str) -> Result<(), TestCaseError> {
    let analysis = analyze(text);
    prop_assert_eq!(&analysis, &reference_analysis::analyze(text), "{:?}", text);
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
    fn counts_equal_analyze_on_glued_pieces(text in pieces()) {
        check(&text)?;
    }

    #[test]
    fn counts_equal_analyze_on_mixed_chars(
        text in "[ابتمهـدعقصأپ\u{64E}\u{651}a-zA-Z0-9٣۵éß \\.!?؟…«»\"“”'’\\-,،٫٬/:%()\n\r\t\u{A0}\u{2029}]{0,80}"
    ) {
        check(&text)?;
    }

    #[test]
    fn counts_equal_analyze_on_any_text(text in any::<String>()) {
        check(&text)?;
    }
}

#[test]
fn counts_on_the_splitter_cases() {
    for text in [
        "",
        "  \n  ",
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
    ] {
        let analysis = analyze(text);
        assert_eq!(
            count_sentences_and_tokens(text),
            (
                analysis.sentences.len() as u32,
                analysis.tokens.len() as u32
            ),
            "{text:?}"
        );
        assert_eq!(analysis, reference_analysis::analyze(text), "{text:?}");
    }
}
