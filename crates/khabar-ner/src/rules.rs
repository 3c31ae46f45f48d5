//! Trigger rules: a person's name after a title, an organisation headed by `وزارة`/`جامعة`/...
//!
//! They give the gazetteer mode its persons and unlisted organisations. In model mode the
//! tagger decides (it knows ANERcorp's idea of a name better); the title rule only lets a
//! tagged person grow over rare words to the end of the name (يونس بك يفكيروف).

use khabar_core::EntityKind;

use crate::prepare::{Prepared, bits};

/// A candidate entity over tokens `first..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleSpan {
    /// First token.
    pub first: usize,
    /// One past the last token.
    pub end: usize,
    /// PER or ORG.
    pub kind: EntityKind,
}

/// Function words that never start or continue a name (folded).
const STOP: &[&str] = &[
    "في",
    "من",
    "الي",
    "علي",
    "عن",
    "مع",
    "ان",
    "انه",
    "انها",
    "قد",
    "لقد",
    "كان",
    "كانت",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "التي",
    "الذي",
    "الذين",
    "و",
    "او",
    "ثم",
    "لا",
    "لم",
    "لن",
    "ما",
    "ماذا",
    "هل",
    "بعد",
    "قبل",
    "عند",
    "حيث",
    "كما",
    "لكن",
    "بين",
    "خلال",
    "حول",
    "ضد",
    "منذ",
    "حتي",
    "امس",
    "اليوم",
    "غدا",
    "الان",
    "هو",
    "هي",
    "هم",
    "يوم",
    "عام",
    "قال",
    "وقال",
    "اكد",
    "واكد",
    "اضاف",
    "واضاف",
    "اوضح",
    "واوضح",
    "اعلن",
    "واعلن",
    "الذي",
    "ايضا",
    "كل",
    "بعض",
    "غير",
    "عبر",
    "لدي",
    "فيه",
    "فيها",
    "منه",
    "منها",
    "له",
    "لها",
    "به",
    "بها",
    "عليه",
    "عليها",
    "اليه",
    "اليها",
    "الا",
    "اذا",
    "لان",
    "بان",
    "وان",
    "فان",
    "باسم",
    "بن",
];

/// Words that extend a title rather than start a name: وزير خارجية فرنسا, رئيس مجلس ...
const TITLE_WORDS: &[&str] = &[
    "خارجيه",
    "داخليه",
    "دفاع",
    "عام",
    "عامه",
    "اول",
    "سابق",
    "سابقه",
    "مساعد",
    "شوون",
    "مجلس",
    "وزراء",
    "حكومه",
    "اركان",
    "باسم",
    "الناطق",
    "الرسمي",
    "جمهوريه",
    "دوله",
];

fn is_stop(word: &str) -> bool {
    STOP.contains(&word)
        || word
            .chars()
            .all(|c| !(crate::fold::is_arabic(c) || c.is_alphabetic()))
}

/// Spans found by the trigger rules in tokens `lo..hi` (one sentence).
pub fn rule_spans(prep: &Prepared, lo: usize, hi: usize, out: &mut Vec<RuleSpan>) {
    let mut i = lo;
    while i < hi {
        let b = prep.gaz_bits.get(i).copied().unwrap_or(0);
        let span = if b & bits::TITLE != 0 {
            person_after_title(prep, i, hi)
        } else if b & bits::ORG_HEAD != 0
            && b & (bits::ORG_B | bits::ORG_I | bits::LOC_B | bits::LOC_I) == 0
        {
            org_after_head(prep, i, hi)
        } else {
            None
        };
        if let Some(span) = span {
            i = span.end;
            out.push(span);
            continue;
        }
        i += 1;
    }
}

fn person_after_title(prep: &Prepared, title: usize, hi: usize) -> Option<RuleSpan> {
    // Skip the rest of the title: more title words, definite modifiers (الدفاع الروسي),
    // places and demonyms.
    let mut j = title + 1;
    while j < hi {
        let word = prep.word(j);
        let b = prep.gaz_bits.get(j).copied().unwrap_or(0);
        let titleish = b
            & (bits::TITLE
                | bits::ORG_HEAD
                | bits::LOC_B
                | bits::LOC_I
                | bits::NORP
                | bits::ORG_B
                | bits::ORG_I)
            != 0
            || TITLE_WORDS.contains(&word)
            || TITLE_WORDS
                .iter()
                .any(|t| word.strip_prefix("ال") == Some(t))
            || (word.starts_with("ال") && b & bits::FIRST_NAME == 0)
            || word.starts_with("لل");
        if !titleish || is_stop(word) {
            break;
        }
        j += 1;
    }
    let start = j;
    let mut end = j;
    while end < hi && end - start < 4 {
        let word = prep.word(end);
        let b = prep.gaz_bits.get(end).copied().unwrap_or(0);
        let joins_article =
            end > start && matches!(prep.word(end - 1), "عبد" | "ابو" | "بن" | "ابن");
        let clitic_article = ["بال", "وال", "فال", "كال", "لل"]
            .iter()
            .any(|p| word.starts_with(p));
        if is_stop(word)
            || clitic_article
            || (word.starts_with("ال") && !joins_article)
            || b & (bits::TITLE | bits::ORG_HEAD | bits::LOC_B | bits::NORP) != 0
            || !word.chars().all(crate::fold::is_arabic)
        {
            break;
        }
        end += 1;
    }
    if end == start {
        return None;
    }
    let first_known = prep
        .gaz_bits
        .get(start)
        .is_some_and(|b| b & bits::FIRST_NAME != 0);
    (first_known || end - start >= 2).then_some(RuleSpan {
        first: start,
        end,
        kind: EntityKind::Per,
    })
}

fn org_after_head(prep: &Prepared, head: usize, hi: usize) -> Option<RuleSpan> {
    let mut end = head + 1;
    while end < hi && end - head <= 3 {
        let word = prep.word(end);
        let b = prep.gaz_bits.get(end).copied().unwrap_or(0);
        let fits = word.starts_with("ال")
            || word.starts_with("لل")
            || b & (bits::LOC_B | bits::LOC_I | bits::FIRST_NAME) != 0;
        if !fits || is_stop(word) || b & bits::TITLE != 0 && end > head + 1 {
            break;
        }
        end += 1;
    }
    (end > head + 1).then_some(RuleSpan {
        first: head,
        end,
        kind: EntityKind::Org,
    })
}
