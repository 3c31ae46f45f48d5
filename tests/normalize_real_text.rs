//! khabar-normalize on real articles: the SaudiNewsNet archive in `../shared`.
//!
//! Every category of layer 1 and layer 2 is checked on what real scraped news contains:
//! the output is a fixed point, carries none of the noise layer 1 removes, maps back to the
//! characters it came from, and the amount of change is plausible.

// Tests may panic on a broken fixture: that is the point of a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/corpus.rs"]
mod corpus;

use khabar_normalize::{clean, search, search_key};
use std::fmt::Write as _;

/// Two daily ZIPs: a few thousand articles, enough for every category to occur.
const ZIPS: usize = 2;

fn articles() -> Vec<String> {
    let articles = corpus::saudinewsnet_contents(ZIPS);
    assert!(
        articles.len() > 2_000,
        "expected thousands of articles, got {}",
        articles.len()
    );
    articles
}

/// A presentation form that has a compatibility decomposition (the ornate parentheses ﴾ ﴿,
/// U+FD40–FD4F, U+FDCF and U+FDFD–FDFF have none, and layer 1 keeps them).
fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}')
        && !matches!(c, '\u{FD3E}'..='\u{FD4F}' | '\u{FDCF}' | '\u{FDFD}'..='\u{FDFF}')
}

/// Arabic marks removed by layer 2.
fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
}

fn is_layer1_noise(c: char) -> bool {
    matches!(
        c,
        '\u{0640}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{061C}'
            | '\u{2060}'
            | '\u{FEFF}'
            | '\u{00AD}'
            | '\u{00A0}'
            | '\t'
            | '\r'
    ) || is_presentation_form(c)
}

/// Characters that layer 2 always folds away.
fn is_unfolded(c: char) -> bool {
    matches!(
        c,
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ى' | 'ة' | 'ؤ' | 'ئ' | '،' | '؟' | '«' | '»'
    ) || is_arabic_mark(c)
        || ('\u{0660}'..='\u{0669}').contains(&c)
}

/// How an output character may legitimately differ from the input character it maps to.
fn explained(source: char, out: char) -> bool {
    source == out
        || out == ' '
        || out == '\n'
        || source == '&'
        || is_presentation_form(source)
        // NFC composed a hamza or madda onto the letter at this offset.
        || matches!(out, 'أ' | 'إ' | 'آ' | 'ؤ' | 'ئ' | 'ۀ' | 'ۂ' | 'ۓ')
        // Persian/Urdu keyboard letters in Arabic text.
        || matches!(
            (source, out),
            ('ک', 'ك') | ('ی' | 'ے', 'ي') | ('ۀ' | 'ۂ', 'ة') | ('ہ' | 'ھ', 'ه') | ('ۓ', 'ئ')
        )
}

#[test]
fn clean_is_idempotent_and_noise_free_on_real_articles() {
    let articles = articles();
    let mut changed = 0usize;
    let mut noisy = 0usize;
    let (mut chars_in, mut chars_out) = (0usize, 0usize);
    for raw in &articles {
        let once = clean(raw, Some("ara"));
        let twice = clean(&once.text, Some("ara"));
        assert_eq!(
            twice.text,
            once.text,
            "clean is not idempotent on {:?}",
            &raw.chars().take(80).collect::<String>()
        );
        assert!(twice.offsets.is_identity());
        assert!(!once.text.chars().any(is_layer1_noise));
        assert!(!once.text.contains("  ") && !once.text.contains("\n\n\n"));
        assert!(!once.text.contains(" \n") && !once.text.contains("\n "));
        assert_eq!(once.text.trim(), once.text);
        changed += usize::from(once.text != *raw);
        noisy += usize::from(raw.chars().any(is_layer1_noise));
        chars_in += raw.chars().count();
        chars_out += once.text.chars().count();
    }
    // SaudiNewsNet: most articles carry edge whitespace, thousands carry NBSP or tatweel.
    assert!(
        changed * 2 > articles.len(),
        "only {changed} of {} articles changed",
        articles.len()
    );
    assert!(noisy * 10 > articles.len(), "only {noisy} noisy articles");
    // Cleaning removes noise, not content: well under 5 % of the characters.
    assert!(
        chars_out < chars_in && chars_out * 100 > chars_in * 95,
        "{chars_out} of {chars_in}"
    );
}

#[test]
fn clean_offsets_point_at_the_source_characters_of_real_articles() {
    let articles = articles();
    let mut checked = 0usize;
    for raw in articles
        .iter()
        .filter(|a| a.chars().any(is_layer1_noise))
        .take(500)
    {
        let input: Vec<char> = raw.chars().collect();
        let out = clean(raw, None);
        assert_eq!(out.offsets.input_len(), input.len());
        assert_eq!(out.offsets.output_len(), out.text.chars().count());
        let mut last = 0usize;
        for (o, c) in out.text.chars().enumerate() {
            let i = out.offsets.to_raw(o);
            let source = input[i];
            assert!(
                explained(source, c),
                "output {o} {c:?} maps to input {i} {source:?}"
            );
            // Clean never reorders letters: offsets only move forward. Marks may step back,
            // NFC puts them in canonical order (shadda + fatha -> fatha + shadda).
            if !is_arabic_mark(c) {
                assert!(i >= last, "offset went back at {o}");
                last = i;
            }
            checked += 1;
        }
    }
    assert!(checked > 100_000, "checked only {checked} characters");
}

#[test]
fn presentation_forms_and_bidi_marks_of_real_articles_are_resolved() {
    let articles = articles();
    let with_forms: Vec<&String> = articles
        .iter()
        .filter(|a| a.chars().any(is_presentation_form))
        .collect();
    assert!(
        !with_forms.is_empty(),
        "the archive has presentation forms: the fixture changed"
    );
    for raw in with_forms {
        let out = clean(raw, None).text;
        let forms = raw.chars().filter(|c| is_presentation_form(*c)).count();
        assert!(!out.chars().any(is_presentation_form));
        // Every presentation form becomes at least one base letter.
        let base_letters = out
            .chars()
            .filter(|c| ('\u{0621}'..='\u{064A}').contains(c))
            .count();
        assert!(base_letters >= forms);
    }
    let with_rlm = articles.iter().filter(|a| a.contains('\u{200F}')).count();
    assert!(
        with_rlm > 0,
        "the archive has RLM marks: the fixture changed"
    );
}

#[test]
fn search_is_idempotent_and_folded_on_real_articles() {
    let articles = articles();
    for raw in articles.iter().take(1_500) {
        let cleaned = clean(raw, None);
        let key = search(raw, None);
        assert_eq!(search(&key.text, None).text, key.text);
        assert_eq!(search_key(&cleaned.text), key.text);
        assert_eq!(key.offsets.input_len(), raw.chars().count());
        assert!(
            !key.text.chars().any(is_unfolded),
            "unfolded characters left in {:?}",
            key.text.chars().take(80).collect::<String>()
        );
        // Only diacritics go away in layer 2 (with at most one space each) and `…` grows.
        let (n_clean, n_key) = (cleaned.text.chars().count(), key.text.chars().count());
        let marks = cleaned.text.chars().filter(|&c| is_arabic_mark(c)).count();
        let ellipses = cleaned.text.matches('…').count();
        assert!(
            n_key + 2 * marks >= n_clean,
            "{n_key} vs {n_clean} with {marks} marks"
        );
        assert!(n_key <= n_clean + 2 * ellipses, "{n_key} vs {n_clean}");
    }
}

/// Adds, to a real article, the noise of every layer-1 category that the archive itself
/// lacks or rarely has. Each edit is one `clean` undoes, so `clean(dirty) == clean(raw)`.
fn dirty(raw: &str) -> String {
    let mut out = String::new();
    let mut letters = 0usize;
    for (i, c) in raw.chars().enumerate() {
        match c {
            // Decomposed hamza and madda (NFD), as some editors store them.
            'أ' => out.push_str("\u{0627}\u{0654}"),
            'إ' => out.push_str("\u{0627}\u{0655}"),
            'آ' => out.push_str("\u{0627}\u{0653}"),
            'ؤ' => out.push_str("\u{0648}\u{0654}"),
            'ئ' => out.push_str("\u{064A}\u{0654}"),
            // Persian keyboard letters in Arabic text.
            'ك' => out.push('ک'),
            'ي' if i % 2 == 0 => out.push('ی'),
            ' ' if i % 3 == 0 => out.push('\u{00A0}'),
            ' ' if i % 3 == 1 => out.push_str(" \u{200F} "),
            '\n' if i % 2 == 0 => out.push_str("<br>"),
            '\n' => out.push_str("\r\n"),
            '\u{0621}'..='\u{064A}' => {
                letters += 1;
                match letters % 11 {
                    // Numeric references, decimal and hex.
                    0 => write!(out, "&#{};", c as u32).unwrap(),
                    5 => write!(out, "&#x{:x};", c as u32).unwrap(),
                    _ => out.push(c),
                }
                // Tatweel, ZWJ and soft hyphens inside words.
                match letters % 7 {
                    0 => out.push('\u{0640}'),
                    3 => out.push('\u{200D}'),
                    4 => out.push_str("&shy;"),
                    _ => {}
                }
            }
            _ => out.push(c),
        }
    }
    // Presentation forms, in logical order as real data stores them.
    let out = out.replace("لا", "\u{FEFB}").replace("الله", "\u{FDF2}");
    format!("\u{FEFF}<p>&nbsp;{out}</p>\r\n\r\n\r\n")
}

#[test]
fn clean_undoes_every_category_of_noise_on_real_articles() {
    let articles = articles();
    let mut checked = 0usize;
    // Articles with their own `&` or `<` could read differently once references are mixed in.
    for raw in articles
        .iter()
        .filter(|a| !a.contains(['&', '<']))
        .take(300)
    {
        let want = clean(raw, None).text;
        let noisy = dirty(raw);
        let got = clean(&noisy, None);
        assert_eq!(
            got.text,
            want,
            "dirty article cleaned differently: {:?}",
            raw.chars().take(80).collect::<String>()
        );
        assert_eq!(got.offsets.input_len(), noisy.chars().count());
        assert_eq!(search(&noisy, None).text, search(raw, None).text);
        checked += 1;
    }
    assert!(checked == 300, "only {checked} articles without markup");
}

#[test]
fn clean_keeps_digits_punctuation_and_diacritics_of_real_articles() {
    let kept = |c: char| {
        matches!(c, '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}' | '0'..='9' | '،' | '؛' | '؟' | 'ى' | 'ٱ' | '%' | '°' | '€' | '…' | '«' | '»' | '"')
            || is_arabic_mark(c)
    };
    let articles = articles();
    let mut total = 0usize;
    for raw in articles
        .iter()
        .filter(|a| !a.chars().any(is_presentation_form))
    {
        let out = clean(raw, None).text;
        let before = raw.chars().filter(|&c| kept(c)).count();
        assert_eq!(out.chars().filter(|&c| kept(c)).count(), before);
        total += before;
    }
    assert!(total > 10_000, "only {total} kept characters seen");
}
