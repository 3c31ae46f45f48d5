//! The fast paths against the reference implementations (`reference.rs`): `clean` (text
//! and offset map), `search_key`, the layer-2 fold and `search` must give exactly the old
//! results, on generated text and on real articles.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::tests::any_lang;
use crate::{clean, key, reference, search_key};
use proptest::prelude::*;

/// Characters of every kind the filters treat differently, weighted by repetition.
const POOL: &[&str] = &[
    // Arabic letters, several times so that long plain runs occur
    "ا",
    "ل",
    "م",
    "ن",
    "ب",
    "ت",
    "س",
    "ي",
    "و",
    "ه",
    "ر",
    "ع",
    "ك",
    "ف",
    "ق",
    "د",
    "ا",
    "ل",
    "م",
    "ن",
    "ي",
    "و",
    "ة",
    "ى",
    "ء",
    "أ",
    "إ",
    "آ",
    "ٱ",
    "ؤ",
    "ئ",
    "ٲ",
    "ٳ",
    "ٴ",
    "ٹ",
    // marks, tatweel, hamza marks, dagger alef, Quranic marks, U+0610..U+061A
    "\u{064B}",
    "\u{064E}",
    "\u{064F}",
    "\u{0650}",
    "\u{0651}",
    "\u{0652}",
    "\u{0653}",
    "\u{0654}",
    "\u{0655}",
    "\u{0656}",
    "\u{065F}",
    "\u{0670}",
    "\u{06D6}",
    "\u{06ED}",
    "\u{0610}",
    "\u{0618}",
    "\u{061A}",
    "ـ",
    "\u{061C}",
    "\u{0600}",
    "\u{0605}",
    // presentation forms
    "ﻷ",
    "ﻻ",
    "ﷲ",
    "ﷺ",
    "ﺑ",
    "ﻋ",
    "\u{FE70}",
    "\u{FE71}",
    "\u{FB50}",
    "\u{FB8E}",
    "﴾",
    "\u{FEFF}",
    // digits and punctuation
    "٠",
    "١",
    "٩",
    "۰",
    "۹",
    "٫",
    "٬",
    "٪",
    "٭",
    "،",
    "؛",
    "؟",
    "«",
    "»",
    "“",
    "”",
    "…",
    "–",
    "—",
    "0",
    "7",
    ".",
    ",",
    "!",
    "?",
    ":",
    ";",
    "\"",
    "'",
    "(",
    ")",
    "-",
    "%",
    // Latin, capitals, accents, compatibility forms, other scripts
    "a",
    "e",
    "z",
    "A",
    "Q",
    "Z",
    "é",
    "e\u{0301}",
    "\u{0301}",
    "\u{0327}",
    "İ",
    "ß",
    "ﬁ",
    "Ａ",
    "²",
    "Ω",
    "ک",
    "ی",
    "ۀ",
    "ہ",
    "ھ",
    "ے",
    "ۓ",
    "پ",
    "گ",
    "한",
    "\u{1100}",
    "\u{1161}",
    "😀",
    // whitespace, controls, zero-width and bidi characters
    " ",
    " ",
    " ",
    " ",
    " ",
    "\n",
    "\n",
    "\r",
    "\r\n",
    "\t",
    "\u{00A0}",
    "\u{202F}",
    "\u{2003}",
    "\u{3000}",
    "\u{2028}",
    "\u{2029}",
    "\u{0085}",
    "\u{000B}",
    "\u{0007}",
    "\u{007F}",
    "\u{0090}",
    "\u{00AD}",
    "\u{200B}",
    "\u{200C}",
    "\u{200D}",
    "\u{200E}",
    "\u{200F}",
    "\u{202B}",
    "\u{202C}",
    "\u{2066}",
    "\u{2069}",
    "\u{2060}",
    // markup
    "&amp;",
    "&quot;",
    "&nbsp;",
    "&#1605;",
    "&#x627;&#x654;",
    "&zwnj;",
    "&lt;b&gt;",
    "&",
    "<",
    ">",
    "<br>",
    "<p>",
    "</p>",
    "<b>",
    "amp;",
    "#",
];

fn mixed_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(POOL), 0..60).prop_map(|p| p.concat())
}

/// Mostly plain Arabic with now and then something else: long runs cross window ends.
fn arabic_text() -> impl Strategy<Value = String> {
    let plain = proptest::sample::select(&POOL[..35]);
    let piece = prop_oneof![8 => plain, 1 => proptest::sample::select(POOL)];
    proptest::collection::vec(piece, 0..120).prop_map(|p| p.concat())
}

fn same_everywhere(text: &str, lang: Option<&str>) -> Result<(), TestCaseError> {
    prop_assert_eq!(clean(text, lang), reference::clean(text, lang));
    prop_assert_eq!(key::fold_key(text), reference::fold_key(text));
    prop_assert_eq!(search_key(text), reference::search_key(text));
    let cleaned = clean(text, lang).text;
    prop_assert_eq!(search_key(&cleaned), reference::search_key(&cleaned));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn mixed_text_gives_the_old_results(text in mixed_text(), lang in any_lang()) {
        same_everywhere(&text, lang)?;
    }

    #[test]
    fn arabic_text_gives_the_old_results(text in arabic_text(), lang in any_lang()) {
        same_everywhere(&text, lang)?;
    }

    #[test]
    fn any_string_gives_the_old_results(text in "\\PC{0,40}", lang in any_lang()) {
        same_everywhere(&text, lang)?;
    }

    /// `clean`'s first pass answers the NFC question on the way: the answer is the scan's.
    #[test]
    fn needs_nfc_answers_as_the_scan(
        text in prop_oneof![mixed_text(), arabic_text(), "\\PC{0,40}"],
        lang in any_lang(),
    ) {
        let orth = crate::Orthography::from_lang(lang);
        let want = crate::stable::scan(&text, orth).needs_nfc;
        prop_assert_eq!(crate::stable::needs_nfc(&text), want);
        prop_assert_eq!(crate::clean::plain_pass_needs_nfc(&text, orth), want);
    }

    /// The pass counts the input and says "unchanged" exactly when its output is the input.
    #[test]
    fn the_pass_counts_and_knows_when_nothing_changed(
        text in prop_oneof![mixed_text(), arabic_text(), "\\PC{0,40}"],
        lang in any_lang(),
    ) {
        let cleaned = crate::clean::clean(&text, crate::Orthography::from_lang(lang));
        prop_assert_eq!(cleaned.input_len, text.chars().count());
        prop_assert_eq!(cleaned.origins.is_none(), cleaned.text == text);
    }
}

/// The NFC question for every BMP character alone and between marks in and out of order.
#[test]
fn needs_nfc_answers_as_the_scan_for_every_bmp_character() {
    for c in (0u32..0x1_0000).filter_map(char::from_u32) {
        for text in [
            c.to_string(),
            format!("ب{c}\u{0650}\u{064E}"),
            format!("ب\u{064E}{c}\u{0650}"),
            format!("{c}\u{0651}\u{064E}x"),
        ] {
            let want = crate::stable::scan(&text, crate::Orthography::Arabic).needs_nfc;
            assert_eq!(crate::stable::needs_nfc(&text), want, "{text:?}");
            assert_eq!(
                crate::clean::plain_pass_needs_nfc(&text, crate::Orthography::Arabic),
                want,
                "{text:?}"
            );
        }
    }
}

/// Every BMP character between letters, and at the edges, on its own.
#[test]
fn every_bmp_character_gives_the_old_results() {
    for cp in 0u32..0x1_0000 {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        for text in [
            format!("بب{c}ب a"),
            format!("{c}"),
            format!("نص{c}\u{0651}\u{064E} "),
        ] {
            assert_eq!(
                clean(&text, None),
                reference::clean(&text, None),
                "U+{cp:04X}"
            );
            assert_eq!(
                key::fold_key(&text),
                reference::fold_key(&text),
                "U+{cp:04X}"
            );
        }
    }
}

/// The first articles of the SaudiNewsNet archive in `../shared` (beside the repository).
fn saudinewsnet_articles(count: usize) -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpora/saudinewsnet");
    let mut zips: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| {
            panic!(
                "the SaudiNewsNet archive is missing at {}: {e}",
                dir.display()
            )
        })
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "zip"))
        .collect();
    zips.sort();
    let mut out = Vec::new();
    for path in zips {
        let mut archive = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
        for i in 0..archive.len() {
            let articles: Vec<serde_json::Value> =
                serde_json::from_reader(archive.by_index(i).unwrap()).unwrap();
            for article in articles {
                if let Some(text) = article.get("content").and_then(|v| v.as_str()) {
                    out.push(text.to_owned());
                    if out.len() == count {
                        return out;
                    }
                }
            }
        }
    }
    out
}

#[test]
fn real_articles_give_the_old_results() {
    let articles = saudinewsnet_articles(600);
    assert_eq!(articles.len(), 600);
    for (i, raw) in articles.iter().enumerate() {
        let orth = crate::Orthography::Arabic;
        assert_eq!(
            crate::clean::plain_pass_needs_nfc(raw, orth),
            crate::stable::needs_nfc(raw),
            "article {i}"
        );
        let cleaned = clean(raw, None);
        assert_eq!(cleaned, reference::clean(raw, None), "article {i}");
        assert_eq!(
            search_key(&cleaned.text),
            reference::search_key(&cleaned.text),
            "article {i}"
        );
        for line in cleaned.text.lines() {
            assert_eq!(search_key(line), reference::search_key(line), "article {i}");
        }
        assert_eq!(key::fold_key(raw), reference::fold_key(raw), "article {i}");
    }
}

/// A line of plain Arabic pieces with a rare piece of anything else.
fn mostly_plain_line() -> impl Strategy<Value = String> {
    let plain = proptest::sample::select(&POOL[..35]);
    let piece = prop_oneof![30 => plain, 1 => proptest::sample::select(POOL)];
    proptest::collection::vec(piece, 0..30).prop_map(|p| p.concat())
}

/// [`crate::search_key_by_lines`]: when it says the key goes line by line, every line's key
/// is its line of the key, and lines chosen by `keep` have for key the same lines of the key.
fn key_goes_by_lines(text: &str, keep: &[bool]) -> Result<(), TestCaseError> {
    let (key, by_lines) = crate::search_key_by_lines(text);
    prop_assert_eq!(&key, &reference::search_key(text));
    if !by_lines {
        return Ok(());
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let key_lines: Vec<&str> = key.split('\n').collect();
    prop_assert_eq!(lines.len(), key_lines.len());
    for (line, key_line) in lines.iter().zip(&key_lines) {
        prop_assert_eq!(search_key(line), *key_line);
    }
    let chosen = |of: &[&str]| -> Vec<String> {
        of.iter()
            .zip(keep.iter().cycle())
            .filter(|&(_, &k)| k)
            .map(|(l, _)| (*l).to_owned())
            .collect()
    };
    if !keep.is_empty() {
        prop_assert_eq!(
            search_key(&chosen(&lines).join("\n")),
            chosen(&key_lines).join("\n")
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn the_key_goes_by_lines_when_it_says_so(
        text in prop_oneof![
            mixed_text(),
            arabic_text(),
            "\\PC{0,40}",
            // Several lines of each kind, and lines that are mostly plain (which settle).
            proptest::collection::vec(prop_oneof![arabic_text(), mixed_text()], 1..6)
                .prop_map(|lines| lines.join("\n")),
            proptest::collection::vec(mostly_plain_line(), 1..8).prop_map(|lines| lines.join("\n")),
        ],
        keep in proptest::collection::vec(any::<bool>(), 0..12),
        lang in any_lang(),
    ) {
        key_goes_by_lines(&text, &keep)?;
        key_goes_by_lines(&clean(&text, lang).text, &keep)?;
    }
}

#[test]
fn keys_of_real_text_go_by_lines_and_unsettled_ones_say_not() {
    let text = "قال الرئيس\n\nإنّ الأمطار «غزيرة»، Today\nبنسبة ٢٥٪";
    let (key, by_lines) = crate::search_key_by_lines(text);
    assert!(by_lines);
    assert_eq!(key.split('\n').count(), text.split('\n').count());
    // A mark deleted next to a space needs a second pass: no promise about lines.
    assert!(!crate::search_key_by_lines("نص\na \u{064E} b").1);
}

/// Kept runs go by whole windows at a fixed stride: every break, after every offset, so that
/// a two-byte character, a space or the break itself sits at each lane of a window edge.
#[test]
fn kept_runs_across_window_edges() {
    let breaks = [
        "ـ",
        "\u{064B}",
        "\u{0651}\u{064E}",
        "  ",
        " ـ",
        " \u{00A0}",
        "\n",
        "\u{200F}",
        "«",
        "\u{0654}",
        " ",
        "",
    ];
    for pad in 0..40 {
        for tail in ["", "ب", " ب"] {
            for piece in ["بب بب", "a b"] {
                for brk in breaks {
                    let text = format!("{}{piece}{brk}نص ص{tail}", "a".repeat(pad));
                    assert_eq!(
                        clean(&text, None),
                        reference::clean(&text, None),
                        "{text:?}"
                    );
                    assert_eq!(
                        crate::clean::plain_pass_needs_nfc(&text, crate::Orthography::Arabic),
                        crate::stable::needs_nfc(&text),
                        "{text:?}"
                    );
                    let shifted = format!("ب{text}");
                    assert_eq!(
                        clean(&shifted, None),
                        reference::clean(&shifted, None),
                        "{shifted:?}"
                    );
                }
            }
        }
    }
}
