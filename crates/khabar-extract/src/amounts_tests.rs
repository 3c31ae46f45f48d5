#![allow(clippy::unwrap_used)]
// Case tables read best inline.
#![allow(clippy::type_complexity)]

use super::*;
use crate::analyze;
use proptest::prelude::*;
use std::sync::LazyLock;

/// Built once: the DFA takes a moment in debug builds.
static EXTRACTOR: LazyLock<AmountExtractor> = LazyLock::new(AmountExtractor::new);

fn amounts(text: &str) -> Vec<(String, f64, Option<String>)> {
    EXTRACTOR
        .extract(text, &analyze(text))
        .into_iter()
        .map(|a| (a.text, a.value, a.unit))
        .collect()
}

#[test]
fn amounts_with_units() {
    let cases: &[(&str, &[(&str, f64, &str)])] = &[
        (
            "بقيمة ٣٫٥ مليون دولار أمس",
            &[("٣٫٥ مليون دولار", 3_500_000.0, "USD")],
        ),
        ("بلغت 1,000 ريال", &[("1,000 ريال", 1000.0, "SAR")]),
        (
            "نحو 20 مليار دينار ليبي",
            &[("20 مليار دينار ليبي", 2e10, "LYD")],
        ),
        ("دفع 500 دينار كويتي", &[("500 دينار كويتي", 500.0, "KWD")]),
        ("بسعر 30 جنيها مصريا", &[("30 جنيها مصريا", 30.0, "EGP")]),
        ("نما بنسبة 3.5% في", &[("3.5%", 3.5, "%")]),
        ("ارتفع 12 في المئة", &[("12 في المئة", 12.0, "%")]),
        ("ارتفع ٧ بالمائة", &[("٧ بالمائة", 7.0, "%")]),
        ("مقتل 5 جنود في", &[("5 جنود", 5.0, "جنود")]),
        ("تكرر ست مرات", &[("ست مرات", 6.0, "مرات")]),
        (
            "نحو ثلاثة آلاف وخمسمائة شخص",
            &[("ثلاثة آلاف وخمسمائة شخص", 3500.0, "شخص")],
        ),
        (
            "مليون و500 ألف يورو",
            &[("مليون و500 ألف يورو", 1_500_000.0, "EUR")],
        ),
        ("خمسة وعشرون طالبا", &[("خمسة وعشرون طالبا", 25.0, "طالبا")]),
        ("a $3.5 billion deal", &[("$3.5 billion", 3.5e9, "USD")]),
        ("rose 5 percent", &[("5 percent", 5.0, "%")]),
        ("بلغ ألفي دولار", &[("ألفي دولار", 2000.0, "USD")]),
        ("ألفين دولار", &[("ألفين دولار", 2000.0, "USD")]),
        ("في 15 مارس 2024", &[]),
        ("عام 2015 شهد", &[]),
        ("يوم ٣ ذو الحجة ١٤٣٥هـ", &[]),
        ("في 5 ربيع الأول وصل", &[]),
        ("في 9 كانون الثاني وصل", &[]),
        ("في 2015م كان", &[]),
        ("بتاريخ 12/5/2024 صدر", &[]),
        ("الساعة 10:30 صباحا", &[]),
        ("قمة G20 في", &[]),
        ("بلغ 500.", &[]),
    ];
    for (text, want) in cases {
        let want: Vec<_> = want
            .iter()
            .map(|(t, v, u)| ((*t).to_owned(), *v, Some((*u).to_owned())))
            .collect();
        assert_eq!(amounts(text), want, "{text}");
    }
}

#[test]
fn extractor_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<AmountExtractor>();
}

proptest! {
    #[test]
    fn spans_match_text(text in "[0-9٠-٩,\\.٫ ملياروندلرخمسةآفي%٪$ئبجنودكويتي\n]{0,80}") {
        let chars: Vec<char> = text.chars().collect();
        for a in EXTRACTOR.extract(&text, &analyze(&text)) {
            prop_assert!(a.start < a.end && a.end as usize <= chars.len());
            let s: String = chars[a.start as usize..a.end as usize].iter().collect();
            prop_assert_eq!(&s, &a.text);
            prop_assert!(a.value.is_finite());
        }
    }
}
