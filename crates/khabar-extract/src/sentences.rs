//! Sentence splitting that knows abbreviations, initials, decimals and ellipses.
//!
//! Rules, in order:
//! - a line break (`\n`, `\r`, U+2029) always ends a sentence: news paragraphs are lines;
//! - `!`, `?`, `؟` and the Urdu full stop `۔` end a sentence (a run such as `?!` stays together), unless a Latin
//!   letter or a digit follows with no space, as in a URL's query (`news?id=5`);
//! - `.` ends a sentence unless it is part of an ellipsis (`..`, `...`; `…` never ends one),
//!   a decimal (`3.5`), an abbreviation written with inner dots, each part at most two
//!   letters (`أ.د.`, `ق.م.`, `ص.ب.`, `U.S.`, `e.g.`, `Ph.D.`; a domain such as `spa.gov.sa.`
//!   or `info@spa.gov.sa.` is a word like any other), an initial or one-letter abbreviation (`د.`, `م.`, `ج.`, `J. K.`,
//!   `ع. م`), a known Latin abbreviation (`Dr.`, `Mr.`, `Feb.`), a list number at the start
//!   of a line (`1. `), or is followed by a lower-case Latin word, or by a digit after a
//!   Latin word (`ca. 5`; after an Arabic word a digit starts the next sentence);
//! - the year suffixes `م.` and `هـ.` end a sentence when they follow a number
//!   (`عام 2015م.` and `عام 2015 م.`): a lone `م.` after a number is the year marker at a
//!   sentence end far more often than an abbreviation;
//! - quotes and brackets right after the end mark belong to the sentence.
//!
//! Sentences are trimmed of surrounding white space; empty ones are dropped.
//!
//! The rules run in [`sentence_scan`](crate::sentence_scan), one pass over the bytes that
//! finds the tokens too.

use khabar_core::Sentence;

/// Sentences of `text`, in order, covering every non-space character, trimmed of
/// surrounding white space.
#[must_use]
pub fn split_sentences(text: &str) -> Vec<Sentence> {
    crate::analyze(text).sentences
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn texts(text: &str) -> Vec<&str> {
        split_sentences(text).iter().map(|s| s.text(text)).collect()
    }

    #[test]
    fn splits_and_keeps_abbreviations() {
        let cases: &[(&str, &[&str])] = &[
            (
                "قال الرئيس. وأضاف الوزير.",
                &["قال الرئيس.", "وأضاف الوزير."],
            ),
            ("هل جاء؟ نعم!", &["هل جاء؟", "نعم!"]),
            (
                "التقى د. محمد أ.د. علي في ص.ب. 12.",
                &["التقى د. محمد أ.د. علي في ص.ب. 12."],
            ),
            (
                "بلغ النمو 3.5 في المئة. وقال",
                &["بلغ النمو 3.5 في المئة.", "وقال"],
            ),
            ("بلغ ٣٫٥ بالمئة. ثم", &["بلغ ٣٫٥ بالمئة.", "ثم"]),
            (
                "كتب J. K. Rowling روايته. ثم",
                &["كتب J. K. Rowling روايته.", "ثم"],
            ),
            ("وقال ع. م الحسن إن", &["وقال ع. م الحسن إن"]),
            ("انتظر... ثم قال… نعم.", &["انتظر... ثم قال… نعم."]),
            (
                "وقع ذلك عام 2015م. وقال الوزير",
                &["وقع ذلك عام 2015م.", "وقال الوزير"],
            ),
            (
                "وقع ذلك عام 2015 م. وقال الوزير",
                &["وقع ذلك عام 2015 م.", "وقال الوزير"],
            ),
            ("في عام 500 ق.م. بنيت", &["في عام 500 ق.م. بنيت"]),
            (
                "قال: «انتهى الأمر.» ثم غادر.",
                &["قال: «انتهى الأمر.»", "ثم غادر."],
            ),
            (
                "Dr. Smith met Mr. Jones in the U.S. yesterday. Then he left.",
                &[
                    "Dr. Smith met Mr. Jones in the U.S. yesterday.",
                    "Then he left.",
                ],
            ),
            ("السطر الأول\nالسطر الثاني", &["السطر الأول", "السطر الثاني"]),
            (
                "1. البند الأول\n2. البند الثاني",
                &["1. البند الأول", "2. البند الثاني"],
            ),
            ("انتهى الأمر.وقال الوزير", &["انتهى الأمر.", "وقال الوزير"]),
            ("  \n  ", &[]),
            ("example.com is a site.", &["example.com is a site."]),
            (
                "زوروا الموقع spa.gov.sa. وقال المتحدث",
                &["زوروا الموقع spa.gov.sa.", "وقال المتحدث"],
            ),
            (
                "راسلونا على info@spa.gov.sa. ثم",
                &["راسلونا على info@spa.gov.sa.", "ثم"],
            ),
            ("He got a Ph.D. in 2001.", &["He got a Ph.D. in 2001."]),
            (
                "بلغ عدد المصابين 12 شخصا. 5 منهم في حالة خطرة. Then ca. 5 left.",
                &[
                    "بلغ عدد المصابين 12 شخصا.",
                    "5 منهم في حالة خطرة.",
                    "Then ca. 5 left.",
                ],
            ),
            (
                "پاکستان میں بارش ہوئی۔ حکومت نے کہا۔",
                &["پاکستان میں بارش ہوئی۔", "حکومت نے کہا۔"],
            ),
            (
                "الرابط https://spa.gov.sa/news?id=5&x=1 ثم! وماذا؟وقال",
                &[
                    "الرابط https://spa.gov.sa/news?id=5&x=1 ثم!",
                    "وماذا؟",
                    "وقال",
                ],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(texts(text), *want, "{text}");
        }
    }

    #[test]
    fn offsets_are_code_points_and_bytes() {
        let text = "أهلا. Hi.";
        let s = split_sentences(text);
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].start, s[0].end), (0, 5));
        assert_eq!((s[1].start, s[1].end), (6, 9));
        assert_eq!(s[1].text(text), "Hi.");
    }

    proptest! {
        #[test]
        fn sentences_cover_every_non_space_char(text in "[اب م د\\.؟!«»\" 0-9٣\n…a-zA-Z]{0,60}") {
            let sentences = split_sentences(&text);
            let chars: Vec<char> = text.chars().collect();
            let mut covered = vec![false; chars.len()];
            let mut last_end = 0;
            for s in &sentences {
                prop_assert!(s.start < s.end && s.start >= last_end);
                last_end = s.end;
                let slice: String = chars[s.start as usize..s.end as usize].iter().collect();
                prop_assert_eq!(s.text(&text), slice.as_str());
                prop_assert_eq!(slice.trim(), slice.as_str());
                for c in &mut covered[s.start as usize..s.end as usize] { *c = true; }
            }
            for (i, c) in chars.iter().enumerate() {
                prop_assert!(covered[i] || c.is_whitespace(), "uncovered {:?} at {}", c, i);
            }
        }
    }
}
