//! Table-driven cases for every row of the two layer tables, and property tests.
#![allow(clippy::unwrap_used)]

use super::*;
use proptest::prelude::*;

/// `t!(input, lang, clean, search)`: one row of a table.
macro_rules! t {
    ($input:expr, $lang:expr, $clean:expr) => {
        ($input, $lang, $clean)
    };
}

const ARA: Option<&str> = None;
const FAS: Option<&str> = Some("fas");
const URD: Option<&str> = Some("urd");

/// Layer 1, one row per behaviour of the table in the crate docs.
const CLEAN: &[(&str, Option<&str>, &str)] = &[
    // NFC and the decomposed hamza
    t!("\u{0627}\u{0654}", ARA, "أ"),
    t!("\u{0648}\u{0654}", ARA, "ؤ"),
    t!("\u{064A}\u{0654}", ARA, "ئ"),
    t!("\u{0627}\u{0655}", ARA, "إ"),
    t!("\u{0627}\u{0653}", ARA, "آ"),
    t!("e\u{0301}", ARA, "é"),
    t!("ب\u{0651}\u{064E}", ARA, "ب\u{064E}\u{0651}"),
    t!("ا\u{200B}\u{0654}", ARA, "أ"),
    // presentation forms
    t!("ﻷ", ARA, "لأ"),
    t!("ﻵ", ARA, "لآ"),
    t!("ﻹ", ARA, "لإ"),
    t!("ﻻ", ARA, "لا"),
    t!("ﷲ", ARA, "الله"),
    t!("ﷺ", ARA, "صلى الله عليه وسلم"),
    t!("\u{FE91}\u{FEB4}\u{FEE2}", ARA, "بسم"),
    t!("\u{FE83}\u{FEA3}\u{FEE4}\u{FEAA}", ARA, "أحمد"),
    t!("\u{FB8E}", ARA, "ك"),
    t!("\u{FB8E}", FAS, "ک"),
    t!("ب\u{FE70}", ARA, "ب\u{064B}"),
    t!("﴾نص﴿", ARA, "﴾نص﴿"),
    // invisible and bidi controls
    t!("می\u{200C}خواهم", ARA, "ميخواهم"),
    t!("می\u{200C}خواهم", FAS, "می\u{200C}خواهم"),
    t!("ہے\u{200C}", URD, "ہے"),
    t!("محم\u{200D}د", ARA, "محمد"),
    t!("👨\u{200D}👩\u{200D}👧", ARA, "👨\u{200D}👩\u{200D}👧"),
    t!(
        "🏳\u{FE0F}\u{200D}🌈 🏃\u{1F3FD}\u{200D}♀\u{FE0F}",
        FAS,
        "🏳\u{FE0F}\u{200D}🌈 🏃\u{1F3FD}\u{200D}♀\u{FE0F}"
    ),
    t!("👩\u{200D}\u{200D}👩", ARA, "👩\u{200D}👩"),
    t!(
        "a\u{200D}👩 👩\u{200D}b 👩\u{200D} 👩 👩\u{200D}\u{200B}👩",
        ARA,
        "a👩 👩b 👩 👩 👩👩"
    ),
    t!("\u{200F}نص\u{200E}", ARA, "نص"),
    t!("\u{202B}نص\u{202C}", ARA, "نص"),
    t!("\u{2067}x\u{2069}", ARA, "x"),
    t!("a\u{061C}b", ARA, "ab"),
    t!("\u{FEFF}نص", ARA, "نص"),
    t!("co\u{00AD}op", ARA, "coop"),
    t!("a\u{2060}b", ARA, "ab"),
    t!("a\u{2062}b\u{206B}c\u{180E}d", ARA, "abcd"),
    t!("\u{FFF9}نص\u{FFFA}تعليق\u{FFFB}", ARA, "نصتعليق"),
    t!("a\u{200B}b", FAS, "ab"),
    t!("a\u{0007}b", ARA, "ab"),
    // tatweel
    t!("الأمـــم", ARA, "الأمم"),
    t!("ـ", ARA, ""),
    // whitespace
    t!("a\u{00A0}b", ARA, "a b"),
    t!("a\u{202F}b", ARA, "a b"),
    t!("a\u{2003}\u{2009}b", ARA, "a b"),
    t!("a\u{3000}b", ARA, "a b"),
    t!("a\t\tb", ARA, "a b"),
    t!("a   b", ARA, "a b"),
    t!("a\r\nb", ARA, "a\nb"),
    t!("a\rb", ARA, "a\nb"),
    t!("a\n\n\n\nb", ARA, "a\n\nb"),
    t!("a \n \n b", ARA, "a\n\nb"),
    t!("  a  \n  b  ", ARA, "a\nb"),
    t!("\n\na\n\n", ARA, "a"),
    t!("a\u{2028}b", ARA, "a\nb"),
    t!("a\u{2029}b", ARA, "a\n\nb"),
    t!("a\r\n\r\nb", ARA, "a\n\nb"),
    t!("a \u{200F} b", ARA, "a b"),
    // HTML references and tags
    t!("&quot;x&quot;", ARA, "\"x\""),
    t!("a &amp; b", ARA, "a & b"),
    t!("&#1605;&#x631;", ARA, "مر"),
    t!("a&nbsp;b", ARA, "a b"),
    t!("&laquo;نص&raquo;", ARA, "«نص»"),
    t!("&amp;quot;", ARA, "\""),
    t!("&amp;amp;", ARA, "&"),
    t!("مح&zwnj;مد", ARA, "محمد"),
    t!("مح&zwnj;مد", FAS, "مح\u{200C}مد"),
    t!("3 < 5", ARA, "3 < 5"),
    t!("a<br>b", ARA, "a\nb"),
    t!("<p>a</p><p>b</p>", ARA, "a\n\nb"),
    t!("<div>a</div>", ARA, "a"),
    t!("x<b>y</b>z", ARA, "xyz"),
    t!("&lt;b&gt;", ARA, ""),
    t!("&hellip;", ARA, "…"),
    t!("&euro;5 &deg;", ARA, "€5 °"),
    t!("AT&T", ARA, "AT&T"),
    t!("&#1600;", ARA, ""),
    t!("&#x627;&#x654;", ARA, "أ"),
    t!("نص&rlm;", ARA, "نص"),
    t!("&nosuch; &amp", ARA, "&nosuch; &amp"),
    // keyboard letters
    t!("کتاب", ARA, "كتاب"),
    t!("علی", ARA, "علي"),
    t!("مدرسۀ", ARA, "مدرسة"),
    t!("مدرسۃ", ARA, "مدرسة"),
    t!("مدرسۃ", URD, "مدرسۃ"),
    t!("ہ ھ ے", ARA, "ه ه ي"),
    t!("کتاب", FAS, "کتاب"),
    t!("ہے", URD, "ہے"),
    t!("علی", Some("eng"), "علي"),
    // kept exactly as written
    t!("مُحَمَّد", ARA, "مُحَمَّد"),
    t!("١٢٣ ۱۲۳ 123", ARA, "١٢٣ ۱۲۳ 123"),
    t!("، ؛ ؟", ARA, "، ؛ ؟"),
    t!("€ ° % …", ARA, "€ ° % …"),
    t!("على", ARA, "على"),
    t!("ٱلله", ARA, "ٱلله"),
    t!("“x” «y»", ARA, "“x” «y»"),
    t!("سماء", ARA, "سماء"),
];

/// Layer 2, one row per fold.
const SEARCH: &[(&str, Option<&str>, &str)] = &[
    t!("مُحَمَّدٌ", ARA, "محمد"),
    t!("أ إ آ ٱ", ARA, "ا ا ا ا"),
    t!("على", ARA, "علي"),
    t!("مدرسة", ARA, "مدرسه"),
    t!("مسؤول", ARA, "مسوول"),
    t!("رئيس", ARA, "رييس"),
    t!("سماء", ARA, "سماء"),
    t!("١٢٣٫٥", ARA, "123.5"),
    t!("۱۲۳", ARA, "123"),
    t!("٪٥ ١٬٠٠٠", ARA, "%5 1,000"),
    t!("“x” „y“", ARA, "\"x\" \"y\""),
    t!("«x»", ARA, "\"x\""),
    t!("‘x’ ‹y›", ARA, "'x' 'y'"),
    t!("،؛؟", ARA, ",;?"),
    t!("a–b—c", ARA, "a-b-c"),
    t!("…", ARA, "..."),
    t!("ﬁ", ARA, "fi"),
    t!("ＡＢＣ１", ARA, "abc1"),
    t!("Hello WORLD", ARA, "hello world"),
    t!("الْقُرْآن", ARA, "القران"),
    t!("ﻷ", ARA, "لا"),
    t!("هٰذا", ARA, "هذا"),
    t!("الله\u{06D6}", ARA, "الله"),
    t!("ÉCOLE", ARA, "école"),
    t!("کتاب", FAS, "کتاب"),
    t!("کتابی", ARA, "كتابي"),
    t!("a \u{064E} b", ARA, "a b"),
    t!("&amp;#١٢٣;", ARA, "{"),
    t!("x\u{00A8}", ARA, "x \u{0308}"),
];

#[test]
fn clean_table() {
    for &(input, lang, want) in CLEAN {
        let got = clean(input, lang);
        assert_eq!(got.text, want, "clean({input:?}, {lang:?})");
        assert_eq!(got.offsets.output_len(), want.chars().count(), "{input:?}");
        assert_eq!(got.offsets.input_len(), input.chars().count(), "{input:?}");
    }
    assert!(CLEAN.len() >= 60);
}

#[test]
fn search_table() {
    for &(input, lang, want) in SEARCH {
        let got = search(input, lang);
        assert_eq!(got.text, want, "search({input:?}, {lang:?})");
        assert_eq!(got.offsets.output_len(), want.chars().count(), "{input:?}");
        assert_eq!(got.offsets.input_len(), input.chars().count(), "{input:?}");
        if lang.is_none() {
            assert_eq!(
                search_key(&clean(input, lang).text),
                want,
                "search_key of {input:?}"
            );
        }
    }
}

#[test]
fn both_tables_are_fixed_points() {
    for &(input, lang, _) in CLEAN.iter().chain(SEARCH) {
        let once = clean(input, lang).text;
        assert_eq!(clean(&once, lang).text, once, "clean twice {input:?}");
        let key = search(input, lang).text;
        assert_eq!(search(&key, lang).text, key, "search twice {input:?}");
    }
}

#[test]
fn offsets_point_at_the_source_characters() {
    let raw = "\u{200F}قالت\u{00A0}&quot;الأمـــم  ﻷن\r\n";
    let out = clean(raw, None);
    assert_eq!(out.text, "قالت \"الأمم لأن");
    let input: Vec<char> = raw.chars().collect();
    let origins: Vec<usize> = (0..out.text.chars().count())
        .map(|o| out.offsets.to_raw(o))
        .collect();
    // ق ا ل ت, NBSP, &quot; , ا ل أ م, (tatweels skipped) م, space, ﻷ twice, ن
    assert_eq!(
        origins,
        vec![1, 2, 3, 4, 5, 6, 12, 13, 14, 15, 19, 20, 22, 22, 23]
    );
    assert_eq!(input[out.offsets.to_raw(14)], 'ن');
    // A span of the clean text maps to the raw span it came from.
    assert_eq!(out.offsets.raw_span(6, 11), (12, 20));
}

#[test]
fn search_offsets_reach_the_original_input() {
    let raw = " مُحَمَّد\u{00A0}عليّ ";
    let out = search(raw, None);
    assert_eq!(out.text, "محمد علي");
    let origins: Vec<usize> = (0..8).map(|o| out.offsets.to_raw(o)).collect();
    assert_eq!(origins, vec![1, 3, 5, 8, 9, 10, 11, 12]);
}

#[test]
fn unchanged_text_gets_an_identity_map() {
    let text = "قال الرئيس إن الاجتماع سيعقد غداً.\n\nوأضاف: «نعم».";
    let out = clean(text, None);
    assert_eq!(out.text, text);
    assert!(out.offsets.is_identity());
}

#[test]
fn normalize_line_picks_the_layer() {
    assert_eq!(normalize_line(" أهلاً ", Layer::Clean, None), "أهلاً");
    assert_eq!(normalize_line(" أهلاً ", Layer::Search, None), "اهلا");
}

#[test]
fn public_types_cross_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Normalized>();
    assert_send_sync::<Layer>();
    assert_send_sync::<Orthography>();
}

/// The fast path's class table agrees with the filters for every BMP character.
#[test]
fn stable_table_matches_the_filters() {
    for cp in 0u32..0x1_0000 {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        for orth in [Orthography::Arabic, Orthography::Persian] {
            let text = format!("a{c}b");
            let lang = if orth == Orthography::Persian {
                Some("fas")
            } else {
                None
            };
            if stable::is_stable(&text, orth) {
                assert_eq!(clean(&text, lang).text, text, "U+{cp:04X} claimed stable");
            } else if matches!(stable::classify(c), 255) {
                assert_ne!(clean(&text, lang).text, text, "U+{cp:04X} claimed changed");
            }
        }
    }
}

/// Pieces of tricky text, weighted by repetition.
const PIECES: &[&str] = &[
    "ب",
    "ت",
    "س",
    "م",
    "ن",
    "ل",
    "ا",
    "ا",
    "ل",
    "أ",
    "ى",
    "ي",
    "ة",
    "و",
    "ء",
    "ٱ",
    "ؤ",
    "ئ",
    "\u{064E}",
    "\u{0651}",
    "\u{0650}",
    "\u{0654}",
    "\u{0655}",
    "\u{0653}",
    "\u{0670}",
    "\u{06D6}",
    "ـ",
    "ﻷ",
    "ﻻ",
    "ﷲ",
    "ﺑ",
    "\u{FE70}",
    "\u{FE71}",
    "\u{200B}",
    "\u{200C}",
    "\u{200D}",
    "\u{200D}",
    "👩",
    "\u{FE0F}",
    "\u{200E}",
    "\u{200F}",
    "\u{202B}",
    "\u{202C}",
    "\u{2067}",
    "\u{2069}",
    "\u{061C}",
    "\u{FEFF}",
    "\u{00AD}",
    "ک",
    "ی",
    "ۀ",
    "ہ",
    "ھ",
    "ے",
    "ە",
    " ",
    " ",
    " ",
    " ",
    "\u{00A0}",
    "\u{202F}",
    "\u{2003}",
    "\t",
    "\n",
    "\n",
    "\r",
    "\r\n",
    "\u{3000}",
    "\u{2029}",
    "&amp;",
    "&quot;",
    "&#1605;",
    "&#x631;",
    "&nbsp;",
    "&lt;",
    "&gt;",
    "&",
    ";",
    "#",
    "amp",
    "<",
    ">",
    "<br>",
    "<p>",
    "</p>",
    "<b>",
    "a",
    "B",
    "é",
    "e\u{0301}",
    "ﬁ",
    "Ａ",
    "١",
    "۲",
    "3",
    "،",
    "؛",
    "؟",
    "«",
    "»",
    "“",
    "”",
    "…",
    "–",
    "٫",
    "٪",
    "İ",
    "\u{00A8}",
    "x",
    "\u{0301}",
];

/// [`tricky_text`] made only of the pieces outside `may_depend_on_language`.
fn language_free_text() -> impl Strategy<Value = String> {
    let pieces: Vec<&str> = PIECES
        .iter()
        .copied()
        .filter(|p| !crate::may_depend_on_language(p))
        .collect();
    proptest::collection::vec(proptest::sample::select(pieces), 0..40).prop_map(|p| p.concat())
}

proptest! {
    /// Text outside `may_depend_on_language` cleans the same whatever the language hint
    /// (marks composing with their letters included).
    #[test]
    fn language_free_text_cleans_alike(text in language_free_text()) {
        prop_assert!(!crate::may_depend_on_language(&text));
        let arabic = clean(&text, None).text;
        prop_assert_eq!(&clean(&text, Some("fas")).text, &arabic);
        prop_assert_eq!(&clean(&text, Some("urd")).text, &arabic);
    }
}

fn tricky_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(PIECES), 0..40).prop_map(|p| p.concat())
}

/// The language hints the filters act on differently (none means Arabic).
pub(crate) fn any_lang() -> impl Strategy<Value = Option<&'static str>> {
    proptest::sample::select(vec![None, Some("ara"), Some("fas"), Some("urd")])
}

/// Letters no filter changes: wherever they appear in the output, they sit at their origin
/// unless they came out of a presentation form or a reference.
fn is_plain(c: char) -> bool {
    matches!(c, 'ب' | 'ت' | 'س' | 'م' | 'ن' | 'x' | 'a')
}

/// Characters layer 1 never leaves in its output.
fn is_noise(c: char) -> bool {
    matches!(
        c,
        '\u{0640}' | '\u{200B}' | '\u{200C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'
            ..='\u{202E}' | '\u{FEFF}' | '\u{00A0}' | '\t' | '\r'
    )
}

fn check_origins(input: &str, out: &Normalized) -> Result<(), TestCaseError> {
    let input: Vec<char> = input.chars().collect();
    prop_assert_eq!(out.offsets.input_len(), input.len());
    prop_assert_eq!(out.offsets.output_len(), out.text.chars().count());
    for (o, c) in out.text.chars().enumerate() {
        let i = out.offsets.to_raw(o);
        prop_assert!(i < input.len());
        if is_plain(c) {
            let source = input[i];
            prop_assert!(
                source == c
                    || source == '&'
                    || chars::is_presentation_form(source)
                    || search_key(&source.to_string()).contains(c),
                "output {} {:?} maps to input {} {:?}",
                o,
                c,
                i,
                source
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn clean_is_idempotent(text in tricky_text(), lang in any_lang()) {
        let once = clean(&text, lang);
        let twice = clean(&once.text, lang);
        prop_assert_eq!(&twice.text, &once.text);
        prop_assert!(twice.offsets.is_identity());
    }

    #[test]
    fn search_is_idempotent(text in tricky_text(), lang in any_lang()) {
        let once = search(&text, lang).text;
        prop_assert_eq!(search(&once, lang).text, once);
    }

    #[test]
    fn search_key_of_clean_text_is_search(text in tricky_text()) {
        prop_assert_eq!(search_key(&clean(&text, None).text), search(&text, None).text);
    }

    #[test]
    fn clean_offsets_map_back(text in tricky_text(), lang in any_lang()) {
        check_origins(&text, &clean(&text, lang))?;
    }

    #[test]
    fn search_offsets_map_back(text in tricky_text(), lang in any_lang()) {
        check_origins(&text, &search(&text, lang))?;
    }

    #[test]
    fn clean_output_has_no_noise(text in tricky_text()) {
        let out = clean(&text, None).text;
        let noise = out.chars().any(is_noise);
        let chars: Vec<char> = out.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            if c == '\u{200D}' {
                let before = i.checked_sub(1).and_then(|b| chars.get(b)).copied();
                prop_assert!(before.is_some_and(chars::ends_emoji), "{:?}", out);
                prop_assert!(chars.get(i + 1).copied().is_some_and(chars::is_pictograph), "{:?}", out);
            }
        }
        prop_assert!(!noise);
        prop_assert!(!out.chars().any(chars::is_presentation_form));
        prop_assert!(!out.contains("  ") && !out.contains("\n\n\n") && out.trim() == out);
    }

    #[test]
    fn stable_scan_is_never_wrong(text in tricky_text(), lang in any_lang()) {
        if stable::is_stable(&text, Orthography::from_lang(lang)) {
            prop_assert_eq!(clean(&text, lang).text, text);
        }
    }
}

/// Found by the `normalize` fuzz target: NFC puts the fatha before the shadda typed after
/// it, the offset map steps back, and the raw span of the word lost its last mark.
#[test]
fn reordered_marks_keep_their_whole_raw_span() {
    let input = "\u{625}\u{646}\u{651}\u{64e}";
    let cleaned = crate::clean(input, None);
    assert_eq!(cleaned.text, "\u{625}\u{646}\u{64e}\u{651}");
    assert_eq!(cleaned.offsets.raw_span(0, 4), (0, 4));
    assert_eq!(cleaned.offsets.raw_span(3, 4), (2, 3));
}
