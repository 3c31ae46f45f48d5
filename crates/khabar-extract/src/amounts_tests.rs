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
        ("بين يونيو (حزيران) 2014 ويناير", &[]),
        ("وفي 2013 ارتفعت نسبة الواردات", &[]),
        ("خلال عامي 2011 و2012 بدأت أشكال أخرى", &[]),
        ("في الفترة من 2003 وحتى 2005 في القاهرة", &[]),
        ("خلال الفترة 2011 - 2014 بعدة أضعاف", &[]),
        (
            "كان سعرها في 3 / 4 / 2012 يبلغ 110 ريالات",
            &[("110 ريالات", 110.0, "SAR")],
        ),
        ("في صيف 2011 اكتشف مراقبون", &[]),
        ("لوجود نحو 2000 معتقل", &[("2000 معتقل", 2000.0, "معتقل")]),
        ("تصل سرعتها إلى 2000 كلم", &[("2000 كلم", 2000.0, "كلم")]),
        (
            "دفع في 2013 مبلغ 64.5 مليون يورو",
            &[("64.5 مليون يورو", 64_500_000.0, "EUR")],
        ),
        ("أنفق في 2000 دولار", &[("2000 دولار", 2000.0, "USD")]),
        (
            "دعما قدره 25 مليون إسترليني (37.5 مليون دولار)",
            &[
                ("25 مليون إسترليني", 25e6, "GBP"),
                ("37.5 مليون دولار", 37.5e6, "USD"),
            ],
        ),
        (
            "بلغ 5 ملايين جنيه إسترليني",
            &[("5 ملايين جنيه إسترليني", 5e6, "GBP")],
        ),
        ("في 17 من يوليو (تموز) 2014 عندما أسقطت", &[]),
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

/// Held-out style snippets from Arabic and English economy and casualty reports: a case is
/// right when the span, the value and the unit are.
#[test]
fn news_agency_snippets() {
    let cases: &[(&str, &[(&str, f64, &str)])] = &[
        // A qualifier that names the default country stays in the span.
        (
            "بلغت قيمة الصفقة 2.5 مليار ريال سعودي",
            &[("2.5 مليار ريال سعودي", 2.5e9, "SAR")],
        ),
        (
            "نحو 300 مليون دولار أمريكي",
            &[("300 مليون دولار أمريكي", 3e8, "USD")],
        ),
        ("ارتفع بنسبة ١٢٫٥٪ خلال", &[("١٢٫٥٪", 12.5, "%")]),
        (
            "بقيمة 45 مليون درهم إماراتي",
            &[("45 مليون درهم إماراتي", 4.5e7, "AED")],
        ),
        (
            "إنتاج 1.2 مليون برميل يوميا",
            &[("1.2 مليون برميل", 1.2e6, "برميل")],
        ),
        ("أكثر من 40 ألف شهيد", &[("40 ألف شهيد", 4e4, "شهيد")]),
        ("ما يزيد على 3 آلاف طن", &[("3 آلاف طن", 3e3, "طن")]),
        ("بلغ التضخم 2.7 في المائة", &[("2.7 في المائة", 2.7, "%")]),
        ("خفض الفائدة 50 نقطة أساس", &[("50 نقطة", 50.0, "نقطة")]),
        ("صفقة بقيمة $150 million", &[("$150 million", 1.5e8, "USD")]),
        (
            "a 3.5 billion riyals project",
            &[("3.5 billion riyals", 3.5e9, "SAR")],
        ),
        // نصف and ربع count a multiplier.
        ("استقبل نصف مليون زائر", &[("نصف مليون زائر", 5e5, "زائر")]),
        ("نحو ربع مليون طالب", &[("ربع مليون طالب", 2.5e5, "طالب")]),
        (
            "بتكلفة مليار ونصف دولار",
            &[("مليار ونصف دولار", 1.5e9, "USD")],
        ),
        ("خلال نصف ساعة", &[]),
        (
            "بتريليون ونصف تريليون ريال",
            &[("تريليون ونصف تريليون ريال", 1.5e12, "SAR")],
        ),
        ("50 ألف دينار تونسي", &[("50 ألف دينار تونسي", 5e4, "TND")]),
        (
            "غرامة 2000 جنيه إسترليني",
            &[("2000 جنيه إسترليني", 2000.0, "GBP")],
        ),
        ("بقيمة 10 مليارات يورو", &[("10 مليارات يورو", 1e10, "EUR")]),
        ("نحو 7 ملايين نسمة", &[("7 ملايين نسمة", 7e6, "نسمة")]),
        ("ارتفعت الأسعار ثلاثة أضعاف", &[("ثلاثة أضعاف", 3.0, "أضعاف")]),
        (
            "تبرع بـ1,250,000 ريال",
            &[("1,250,000 ريال", 1_250_000.0, "SAR")],
        ),
        (
            "3 مليارات و200 مليون دولار",
            &[("3 مليارات و200 مليون دولار", 3.2e9, "USD")],
        ),
        ("مساحة 60 ألف متر مربع", &[("60 ألف متر", 6e4, "متر")]),
        (
            "قتل 12 شخصاً وأصيب 30 آخرون",
            &[("12 شخصاً", 12.0, "شخصاً"), ("30 آخرون", 30.0, "آخرون")],
        ),
        ("عشرة آلاف جندي", &[("عشرة آلاف جندي", 1e4, "جندي")]),
        (
            "1.2 million barrels per day",
            &[("1.2 million barrels", 1.2e6, "barrels")],
        ),
        ("€2 billion in aid", &[("€2 billion", 2e9, "EUR")]),
        // Second batch, written after the first fixes.
        (
            "بلغت الإيرادات 12.4 مليار ريال",
            &[("12.4 مليار ريال", 1.24e10, "SAR")],
        ),
        ("انخفض بنسبة 0.8 نقطة مئوية", &[("0.8 نقطة", 0.8, "نقطة")]),
        ("نحو 1.5 مليون حاج", &[("1.5 مليون حاج", 1.5e6, "حاج")]),
        ("بقيمة 750 ألف دولار", &[("750 ألف دولار", 7.5e5, "USD")]),
        ("a £50 million fund", &[("£50 million", 5e7, "GBP")]),
        ("ارتفع المؤشر 45 نقطة", &[("45 نقطة", 45.0, "نقطة")]),
        ("بقيمة ١٥٠ مليون درهم", &[("١٥٠ مليون درهم", 1.5e8, "درهم")]),
        ("عشرين مليون دولار", &[("عشرين مليون دولار", 2e7, "USD")]),
        ("سقوط ثمانية قتلى", &[("ثمانية قتلى", 8.0, "قتلى")]),
        ("7 آلاف و500 ريال", &[("7 آلاف و500 ريال", 7500.0, "SAR")]),
        ("a SR500 million contract", &[("SR500 million", 5e8, "SAR")]),
        // Not amounts: a programme name with its adjective, clock times.
        ("ضمن رؤية 2030 الطموحة", &[]),
        ("يبدأ الدوام عند 8 صباحا", &[]),
        ("حتى 9 مساء اليوم", &[]),
        ("المادة 12 من النظام", &[]),
    ];
    crate::snippet_score::assert_snippets(
        "amounts",
        cases.iter().map(|(text, want)| {
            let want = want
                .iter()
                .map(|(t, v, u)| ((*t).to_owned(), *v, Some((*u).to_owned())))
                .collect();
            ((*text).to_owned(), amounts(text), want)
        }),
    );
}

#[test]
fn a_multiplier_after_digits_that_are_no_amount_is_no_amount() {
    // The agency style `7ر10 مليار` (10.7 billion) and a comma decimal `1,5 مليون` are
    // not numbers the parser reads; the multiplier alone must not become "one billion".
    for text in ["بلغ العجز 7ر10 مليار دولار", "بتكلفة 1,5,7 مليون دولار"]
    {
        assert_eq!(amounts(text), vec![], "{text}");
    }
    // A comma before one or two digits is a decimal comma.
    assert_eq!(
        amounts("بتكلفة 1,5 مليون دولار"),
        vec![("1,5 مليون دولار".to_owned(), 1.5e6, Some("USD".to_owned()))]
    );
    assert_eq!(
        amounts("نحو 33,25 مليار يورو"),
        vec![(
            "33,25 مليار يورو".to_owned(),
            33.25e9,
            Some("EUR".to_owned())
        )]
    );
    // Three digits after a comma group thousands, and then no comma is a decimal one.
    assert_eq!(amounts("بلغ 1,234 دولار")[0].1.to_bits(), 1234f64.to_bits());
    assert_eq!(amounts("بلغ 1,234,5 دولار"), vec![]);
    // A multiplier with no number before it still counts one.
    assert_eq!(
        amounts("تكلف مليون دولار"),
        vec![("مليون دولار".to_owned(), 1e6, Some("USD".to_owned()))]
    );
}

#[test]
fn decimal_values_are_the_nearest_double_to_what_is_written() {
    let cases: &[(&str, f64)] = &[
        ("بلغ 8.24 مليار دولار", 8_240_000_000.0),
        ("بلغ 268.4 مليون ريال", 268_400_000.0),
        ("بلغ 1.15 مليون دولار", 1_150_000.0),
        ("بلغ 1.005 مليار دولار", 1_005_000_000.0),
        ("بلغ 0.3 مليون دولار", 300_000.0),
        ("بلغ 66.1 مليار يورو", 66_100_000_000.0),
        ("بلغ 1,234,567.89 دولار", 1_234_567.89),
        ("بلغ ١٬٢٣٤٫٥٦ دولار", 1234.56),
        ("بلغ 50.1104 دولار", 50.1104),
        ("بلغ 2.5 مليون و300 ألف دولار", 2_800_000.0),
    ];
    for &(text, value) in cases {
        let got = amounts(text);
        assert_eq!(got.len(), 1, "{text}: {got:?}");
        assert_eq!(got[0].1.to_bits(), value.to_bits(), "{text}: {}", got[0].1);
    }
}
