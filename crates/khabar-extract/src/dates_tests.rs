#![allow(clippy::unwrap_used)]
// Case tables read best inline.
#![allow(clippy::type_complexity)]

use super::*;
use crate::calendar::gregorian_days;
use proptest::prelude::*;
use std::sync::LazyLock;

/// Built once: the DFA takes a moment in debug builds.
static EXTRACTOR: LazyLock<DateExtractor> = LazyLock::new(DateExtractor::new);

/// Microseconds of noon UTC on a Gregorian day.
fn at(y: i32, m: u32, d: u32) -> Option<i64> {
    gregorian_days(y, m, d).map(|days| i64::from(days) * 86_400_000_000 + 43_200_000_000)
}

fn values(
    text: &str,
    published: Option<i64>,
    lang: Option<&str>,
) -> Vec<(String, Option<String>, &'static str, &'static str, bool)> {
    EXTRACTOR
        .extract(text, published, lang)
        .into_iter()
        .map(|d| {
            (
                d.text,
                d.value,
                d.precision.as_str(),
                d.calendar.as_str(),
                d.relative,
            )
        })
        .collect()
}

fn v(
    text: &str,
    value: Option<&str>,
    precision: &'static str,
    calendar: &'static str,
    relative: bool,
) -> (String, Option<String>, &'static str, &'static str, bool) {
    (
        text.to_owned(),
        value.map(str::to_owned),
        precision,
        calendar,
        relative,
    )
}

#[test]
fn month_names_of_every_family() {
    let g = "gregorian";
    let cases: &[(&str, &[(&str, &str, &str)])] = &[
        (
            "وصل في 15 مارس 2024 إلى",
            &[("15 مارس 2024", "2024-03-15", "day")],
        ),
        (
            "في ٣ إبريل ٢٠٢٣م",
            &[("٣ إبريل ٢٠٢٣م", "2023-04-03", "day")],
        ),
        (
            "يوم 5 كانون الثاني 2020",
            &[("5 كانون الثاني 2020", "2020-01-05", "day")],
        ),
        (
            "في 14 جويلية 2019",
            &[("14 جويلية 2019", "2019-07-14", "day")],
        ),
        ("في 20 غشت 2018", &[("20 غشت 2018", "2018-08-20", "day")]),
        ("في 1 دجنبر 2017", &[("1 دجنبر 2017", "2017-12-01", "day")]),
        (
            "في 15 آب/أغسطس 2023",
            &[("15 آب/أغسطس 2023", "2023-08-15", "day")],
        ),
        (
            "في 15 أغسطس (آب) 2023",
            &[("15 أغسطس (آب) 2023", "2023-08-15", "day")],
        ),
        (
            "خلال تشرين الأول 2022 وقع",
            &[("تشرين الأول 2022", "2022-10", "month")],
        ),
        ("منذ يونيه 2013،", &[("يونيه 2013", "2013-06", "month")]),
        ("مارس الرياضة", &[]),
        ("في 31 فبراير 2023", &[]),
    ];
    for (text, want) in cases {
        let want: Vec<_> = want
            .iter()
            .map(|(t, val, p)| v(t, Some(val), p, g, false))
            .collect();
        assert_eq!(values(text, None, Some("ara")), want, "{text}");
    }
}

#[test]
fn hijri_dates_and_double_dating() {
    let text = "في ١٥ رمضان ١٤٤٥هـ الموافق ٢٥ مارس ٢٠٢٤م";
    assert_eq!(
        values(text, None, None),
        vec![
            v("١٥ رمضان ١٤٤٥هـ", Some("2024-03-25"), "day", "hijri", false),
            v(
                "٢٥ مارس ٢٠٢٤م",
                Some("2024-03-25"),
                "day",
                "gregorian",
                false
            )
        ]
    );
    // Umm al-Qura's table, not the sighting that moved Eid al-Adha 1436 to 2015-09-24.
    assert_eq!(
        values("في 10 ذي الحجة 1436 ه", None, None),
        vec![v(
            "10 ذي الحجة 1436 ه",
            Some("2015-09-23"),
            "day",
            "hijri",
            false
        )]
    );
    assert_eq!(
        values("شهر جمادى الآخرة 1445هـ", None, None),
        vec![v(
            "جمادى الآخرة 1445هـ",
            Some("1445-06"),
            "month",
            "hijri",
            false
        )]
    );
    assert_eq!(
        values("عام 1436هـ", None, None),
        vec![v("1436هـ", Some("1436"), "year", "hijri", false)]
    );
    // The suffix written as a word.
    assert_eq!(
        values("في عام 1436 هجرية وعام 2015 ميلادية", None, None),
        vec![
            v("1436 هجرية", Some("1436"), "year", "hijri", false),
            v("2015 ميلادية", Some("2015"), "year", "gregorian", false)
        ]
    );
    assert_eq!(
        values("في 15 رمضان 1436 للهجرة", None, None),
        vec![v(
            "15 رمضان 1436 للهجرة",
            Some("2015-07-02"),
            "day",
            "hijri",
            false
        )]
    );
    assert_eq!(
        values("صدر في 1436 هجري", None, None),
        vec![v("1436 هجري", Some("1436"), "year", "hijri", false)]
    );
    // Day and Hijri month only: the Hijri year nearest the published day.
    assert_eq!(
        values("في 27 رمضان", at(2024, 3, 20), None),
        vec![v("27 رمضان", Some("2024-04-06"), "day", "hijri", true)]
    );
}

#[test]
fn numeric_dates_and_years() {
    let g = "gregorian";
    let cases: &[(&str, &[(&str, &str, &str)])] = &[
        (
            "بتاريخ 12/5/2024 صدر",
            &[("12/5/2024", "2024-05-12", "day")],
        ),
        (
            "بتاريخ 2024/05/12 صدر",
            &[("2024/05/12", "2024-05-12", "day")],
        ),
        (
            "بتاريخ 12-05-2024م",
            &[("12-05-2024م", "2024-05-12", "day")],
        ),
        ("بتاريخ ١٢/٥/٢٠٢٤", &[("١٢/٥/٢٠٢٤", "2024-05-12", "day")]),
        ("on 2024-03-03 it", &[("2024-03-03", "2024-03-03", "day")]),
        ("في 5/25/2024", &[("5/25/2024", "2024-05-25", "day")]),
        ("في 32/13/2024", &[]),
        ("عام 2015 شهد", &[("2015", "2015", "year")]),
        ("سنة ٢٠١٥ شهدت", &[("٢٠١٥", "2015", "year")]),
        ("منذ 2011،", &[("2011", "2011", "year")]),
        ("وفي 2015م كان", &[("2015م", "2015", "year")]),
        ("دفع 2015 دولارا و3.2015", &[]),
        ("للعام 2016", &[("2016", "2016", "year")]),
        (
            "منذ 2011 وحتى 2015 تراجع",
            &[("2011", "2011", "year"), ("2015", "2015", "year")],
        ),
        (
            "في الفترة من 2011 إلى 2015 تراجع",
            &[("2011", "2011", "year"), ("2015", "2015", "year")],
        ),
        (
            "وبين 2009 و2013 حقق النمو",
            &[("2009", "2009", "year"), ("2013", "2013", "year")],
        ),
        (
            "خلال عامي 2011 - 2014 بعدة أضعاف",
            &[("2011", "2011", "year"), ("2014", "2014", "year")],
        ),
        ("ارتفع من 2000 إلى 2500 برميل", &[]),
    ];
    for (text, want) in cases {
        let want: Vec<_> = want
            .iter()
            .map(|(t, val, p)| v(t, Some(val), p, g, false))
            .collect();
        assert_eq!(values(text, None, None), want, "{text}");
    }
    assert_eq!(
        values("بتاريخ 26 / 9 / 1436هـ بعون", None, None),
        vec![v(
            "26 / 9 / 1436هـ",
            Some("2015-07-13"),
            "day",
            "hijri",
            false
        )]
    );
    assert_eq!(
        values("وتاريخ 26 - 5 - 1436هـ، قرر", None, None),
        vec![v(
            "26 - 5 - 1436هـ",
            Some("2015-03-17"),
            "day",
            "hijri",
            false
        )]
    );
    assert_eq!(values("النتيجة 3 . 5 . 2015", None, None), vec![]);
    // The month written out between the slashes.
    assert_eq!(
        values(
            "الاحتفال (10/شوال / 1436ه ) الموافق (26/7/2015م)",
            None,
            None
        ),
        vec![
            v("10/شوال / 1436ه", Some("2015-07-26"), "day", "hijri", false),
            v("26/7/2015م", Some("2015-07-26"), "day", "gregorian", false)
        ]
    );
    assert_eq!(
        values("بتاريخ 7 / يوليو /2015 صدر", None, None),
        vec![v(
            "7 / يوليو /2015",
            Some("2015-07-07"),
            "day",
            "gregorian",
            false
        )]
    );
    assert_eq!(
        values("في 1/1/1436هـ", None, None),
        vec![v("1/1/1436هـ", Some("2014-10-25"), "day", "hijri", false)]
    );
}

#[test]
fn relative_dates() {
    // 2024-03-20 was a Wednesday.
    let p = at(2024, 3, 20);
    let g = "gregorian";
    let cases: &[(&str, &[(&str, &str)])] = &[
        ("قال أمس إن", &[("أمس", "2024-03-19")]),
        ("وأمس قال", &[("أمس", "2024-03-19")]),
        ("أول من أمس", &[("أول من أمس", "2024-03-18")]),
        ("ويصل غداً", &[("غداً", "2024-03-21")]),
        ("صرح اليوم بأن", &[("اليوم", "2024-03-20")]),
        ("احتفل باليوم الوطني", &[]),
        ("نشرت صحيفة اليوم تقريرا", &[]),
        ("وقال لـ«اليوم» إن", &[]),
        ("«اليوم» رصدت الانطباعات", &[]),
        ("الأمة في أمس الحاجة إلى الوحدة", &[]),
        ("وهم بأمس الحاجة للدعم", &[]),
        ("علمت في اليوم نفسه أن", &[]),
        ("وفي اليوم ذاته وصل", &[]),
        ("قال الثلاثاء إن", &[("الثلاثاء", "2024-03-19")]),
        ("قال يوم الأربعاء إن", &[("يوم الأربعاء", "2024-03-20")]),
        (
            "يوم الأربعاء الماضي",
            &[("يوم الأربعاء الماضي", "2024-03-13")],
        ),
        ("الأحد المقبل", &[("الأحد المقبل", "2024-03-24")]),
        ("بعد صلاة الجمعة", &[]),
        ("لا فرق بين الاثنين في ذلك", &[]),
        ("وكلا الاثنين مهم", &[]),
        (
            "بين الاثنين والأربعاء",
            &[("الاثنين", "2024-03-18"), ("الأربعاء", "2024-03-20")],
        ),
        ("الأحد 15 مارس 2020", &[("15 مارس 2020", "2020-03-15")]),
        ("يوم الأحد (15/3/2020م)", &[("15/3/2020م", "2020-03-15")]),
        ("في 15 مارس", &[("15 مارس", "2024-03-15")]),
        ("في 28 ديسمبر", &[("28 ديسمبر", "2023-12-28")]),
        ("فاز الفريق 3 صفر", &[]),
    ];
    for (text, want) in cases {
        let want: Vec<_> = want
            .iter()
            .map(|(t, val)| {
                let rel = !t.chars().any(|c| c.is_ascii_digit()) || !t.contains("20");
                v(t, Some(val), "day", g, rel)
            })
            .collect();
        assert_eq!(values(text, p, Some("ara")), want, "{text}");
    }
    // فاتح and غرة after a proclitic: the span starts at the word.
    assert_eq!(
        values("وفاتح ماي 2023 عيد", p, None),
        vec![v("فاتح ماي 2023", Some("2023-05-01"), "day", g, false)]
    );
    assert_eq!(
        values("وبغرة رمضان 1445", p, None),
        vec![v(
            "غرة رمضان 1445",
            Some("2024-03-11"),
            "day",
            "hijri",
            false
        )]
    );
    assert_eq!(
        values("العام الماضي", p, None),
        vec![v("العام الماضي", Some("2023"), "year", g, true)]
    );
    // هذا العام, هذه السنة, هذا الشهر: the published year or month.
    assert_eq!(
        values("ارتفعت الأسعار هذا العام ولهذه السنة وفي هذا الشهر", p, None),
        vec![
            v("هذا العام", Some("2024"), "year", g, true),
            v("هذه السنة", Some("2024"), "year", g, true),
            v("هذا الشهر", Some("2024-03"), "month", g, true)
        ]
    );
    // Without an anchor: value null, relative true.
    assert_eq!(
        values("قال أمس", None, None),
        vec![v("أمس", None, "day", g, true)]
    );
}

#[test]
fn linked_and_ordinal_days_relative_months_and_day_counts() {
    // 2015-07-22 was 6 Shawwal 1436.
    let p = at(2015, 7, 22);
    let (g, h) = ("gregorian", "hijri");
    let cases: &[(&str, &[(&str, Option<&str>, &str, &str, bool)])] = &[
        (
            "في 15 من شهر مارس الماضي بدأت",
            &[("15 من شهر مارس الماضي", Some("2015-03-15"), "day", g, true)],
        ),
        (
            "في 3 من مارس 2014 بدأت",
            &[("3 من مارس 2014", Some("2014-03-03"), "day", g, false)],
        ),
        (
            "في الخامس عشر من مارس 2015 وقع",
            &[(
                "الخامس عشر من مارس 2015",
                Some("2015-03-15"),
                "day",
                g,
                false,
            )],
        ),
        (
            "في الأول من يناير 2015 بدأ",
            &[("الأول من يناير 2015", Some("2015-01-01"), "day", g, false)],
        ),
        (
            "في الحادي والعشرين من شهر مايو 2015",
            &[(
                "الحادي والعشرين من شهر مايو 2015",
                Some("2015-05-21"),
                "day",
                g,
                false,
            )],
        ),
        (
            "في العشرين من رمضان 1436",
            &[("العشرين من رمضان 1436", Some("2015-07-07"), "day", h, false)],
        ),
        (
            "خلال رمضان الماضي",
            &[("رمضان الماضي", Some("1436-09"), "month", h, true)],
        ),
        // A day with المقبل/الماضي: the nearest such day after/before the published day,
        // even in the published month (2015-07-22 is 6 Shawwal 1436).
        (
            "في 27 من شهر يوليو المقبل",
            &[("27 من شهر يوليو المقبل", Some("2015-07-27"), "day", g, true)],
        ),
        (
            "يوم 10 شوال المقبل",
            &[("10 شوال المقبل", Some("2015-07-26"), "day", h, true)],
        ),
        (
            "في 3 رمضان الماضي",
            &[("3 رمضان الماضي", Some("2015-06-20"), "day", h, true)],
        ),
        (
            "في 2 يوليو الماضي",
            &[("2 يوليو الماضي", Some("2015-07-02"), "day", g, true)],
        ),
        (
            "في 25 يوليو الماضي",
            &[("25 يوليو الماضي", Some("2014-07-25"), "day", g, true)],
        ),
        (
            "في مارس المقبل",
            &[("مارس المقبل", Some("2016-03"), "month", g, true)],
        ),
        (
            "منذ يوليو الماضي",
            &[("يوليو الماضي", Some("2014-07"), "month", g, true)],
        ),
        (
            "في الشهر الماضي",
            &[("الشهر الماضي", Some("2015-06"), "month", g, true)],
        ),
        (
            "وصل قبل يومين إلى",
            &[("قبل يومين", Some("2015-07-20"), "day", g, true)],
        ),
        (
            "عاد منذ ثلاثة أيام",
            &[("منذ ثلاثة أيام", Some("2015-07-19"), "day", g, true)],
        ),
        (
            "قبل 10 أيام",
            &[("قبل 10 أيام", Some("2015-07-12"), "day", g, true)],
        ),
        (
            "في أواخر 2014 تراجع",
            &[("2014", Some("2014"), "year", g, false)],
        ),
        (
            "في الـ15 من الشهر الجاري",
            &[("15 من الشهر الجاري", Some("2015-07-15"), "day", g, true)],
        ),
        (
            "في 3 من الشهر المقبل",
            &[("3 من الشهر المقبل", Some("2015-08-03"), "day", g, true)],
        ),
        (
            "أعلنت في 15 الجاري أن",
            &[("15 الجاري", Some("2015-07-15"), "day", g, true)],
        ),
        (
            "في الفترة بين 20 و25 من الشهر الجاري",
            &[
                ("20", Some("2015-07-20"), "day", g, true),
                ("25 من الشهر الجاري", Some("2015-07-25"), "day", g, true),
            ],
        ),
        (
            "من 5 إلى 7 الجاري",
            &[
                ("5", Some("2015-07-05"), "day", g, true),
                ("7 الجاري", Some("2015-07-07"), "day", g, true),
            ],
        ),
        // Not dates: no count, an event as anchor, an ordinal without a month, a year
        // before الجاري.
        ("2015 الجاري", &[]),
        ("قبل أيام قليلة", &[]),
        ("بعد يومين من الاجتماع", &[]),
        ("الثاني من نوعه", &[]),
    ];
    for (text, want) in cases {
        let want: Vec<_> = want
            .iter()
            .map(|&(t, val, precision, calendar, rel)| v(t, val, precision, calendar, rel))
            .collect();
        assert_eq!(values(text, p, Some("ara")), want, "{text}");
    }
}

#[test]
fn english_dates() {
    let p = at(2024, 3, 20);
    let g = "gregorian";
    let cases: &[(&str, &[(&str, &str, &str, bool)])] = &[
        (
            "on 5 February 2024 the",
            &[("5 February 2024", "2024-02-05", "day", false)],
        ),
        (
            "on March 3, 2024 the",
            &[("March 3, 2024", "2024-03-03", "day", false)],
        ),
        (
            "on Feb. 5, 2024 the",
            &[("Feb. 5, 2024", "2024-02-05", "day", false)],
        ),
        (
            "in May 2023 the",
            &[("May 2023", "2023-05", "month", false)],
        ),
        (
            "he said on Monday that",
            &[("Monday", "2024-03-18", "day", true)],
        ),
        (
            "yesterday he said",
            &[("yesterday", "2024-03-19", "day", true)],
        ),
        ("in 2015 the", &[("2015", "2015", "year", false)]),
        ("you may 5 times", &[]),
    ];
    for (text, want) in cases {
        let want: Vec<_> = want
            .iter()
            .map(|(t, val, pr, rel)| v(t, Some(val), pr, g, *rel))
            .collect();
        assert_eq!(values(text, p, Some("eng")), want, "{text}");
    }
}

#[test]
fn extractor_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<DateExtractor>();
}

proptest! {
    #[test]
    fn spans_match_text_and_values_are_iso(text in "[0-9٠-٩/\\-\\. مارسيوناغطبحجةهـأمساليومالأحد،ﷺَ\n]{0,80}", days in -20_000i64..40_000) {
        let extractor = &*EXTRACTOR;
        let chars: Vec<char> = text.chars().collect();
        for d in extractor.extract(&text, Some(days * 86_400_000_000), Some("ara")) {
            prop_assert!(d.start < d.end && d.end as usize <= chars.len());
            let s: String = chars[d.start as usize..d.end as usize].iter().collect();
            prop_assert_eq!(&s, &d.text);
            if let Some(value) = &d.value {
                let parts: Vec<&str> = value.split('-').collect();
                prop_assert!(!parts.is_empty() && parts.len() <= 3 && parts[0].len() == 4);
            }
        }
    }
}

/// Held-out style snippets from Gulf, Levantine, Maghrebi and English news copy, scored on
/// the span and the resolved value. Published on Wednesday 2024-03-20 (10 Ramadan 1445)
/// unless a case says otherwise.
#[test]
fn news_agency_snippets() {
    let p = at(2024, 3, 20);
    let cases: &[(&str, Option<&str>, &[(&str, Option<&str>)])] = &[
        // Double dating in an SPA dateline.
        (
            "الرياض 15 جمادى الأولى 1445 هـ الموافق 29 نوفمبر 2023 م واس",
            None,
            &[
                ("15 جمادى الأولى 1445 هـ", Some("2023-11-29")),
                ("29 نوفمبر 2023 م", Some("2023-11-29")),
            ],
        ),
        (
            "وفي 3 أبريل الماضي، أعلنت الوزارة",
            None,
            &[("3 أبريل الماضي", Some("2023-04-03"))],
        ),
        // Ranges: an analyst wants both ends, so the first day takes the month (and year)
        // of the second.
        (
            "تقام الفعاليات من 5 إلى 7 مارس 2024 في جدة",
            None,
            &[
                ("5", Some("2024-03-05")),
                ("7 مارس 2024", Some("2024-03-07")),
            ],
        ),
        (
            "خلال الفترة من 24 إلى 26 مارس الجاري",
            None,
            &[
                ("24", Some("2024-03-24")),
                ("26 مارس الجاري", Some("2024-03-26")),
            ],
        ),
        (
            "في الفترة من 1 حتى 15 يناير",
            None,
            &[("1", Some("2024-01-01")), ("15 يناير", Some("2024-01-15"))],
        ),
        (
            "تعقد القمة 15-16 نوفمبر 2023",
            None,
            &[
                ("15", Some("2023-11-15")),
                ("16 نوفمبر 2023", Some("2023-11-16")),
            ],
        ),
        (
            "يومي 5 و6 مايو المقبل",
            None,
            &[
                ("5", Some("2024-05-05")),
                ("6 مايو المقبل", Some("2024-05-06")),
            ],
        ),
        // Without من/بين/يومي before it, a number before و is not a range start.
        (
            "المادتان 3 و5 مارس",
            None,
            &[("5 مارس", Some("2024-03-05"))],
        ),
        (
            "بين 10 و12 أكتوبر 2023",
            None,
            &[
                ("10", Some("2023-10-10")),
                ("12 أكتوبر 2023", Some("2023-10-12")),
            ],
        ),
        (
            "في مطلع يناير 2024",
            None,
            &[("يناير 2024", Some("2024-01"))],
        ),
        (
            "حتى منتصف مارس المقبل",
            None,
            &[("مارس المقبل", Some("2025-03"))],
        ),
        ("في أواخر عام 2019 بدأ", None, &[("2019", Some("2019"))]),
        (
            "شارك في مونديال أعوام 1958 و1962 و1970",
            None,
            &[
                ("1958", Some("1958")),
                ("1962", Some("1962")),
                ("1970", Some("1970")),
            ],
        ),
        ("وفي العام 2010 افتتح", None, &[("2010", Some("2010"))]),
        // Both years of a pair.
        (
            "خلال عامي 2022 و2023 ارتفع",
            None,
            &[("2022", Some("2022")), ("2023", Some("2023"))],
        ),
        (
            "يوم السبت 16 مارس شهد",
            None,
            &[("16 مارس", Some("2024-03-16"))],
        ),
        (
            "الخميس الموافق 14 مارس 2024",
            None,
            &[("14 مارس 2024", Some("2024-03-14"))],
        ),
        // A weekday named beside a relative day is the same day: one mention.
        (
            "وصل مساء أمس الثلاثاء إلى الرياض",
            None,
            &[("أمس الثلاثاء", Some("2024-03-19"))],
        ),
        (
            "افتتح صباح اليوم الأربعاء المعرض",
            None,
            &[("اليوم الأربعاء", Some("2024-03-20"))],
        ),
        // A story filed a day before its published date: the weekday wins.
        (
            "وصل أمس الاثنين إلى جدة",
            None,
            &[("أمس الاثنين", Some("2024-03-18"))],
        ),
        (
            "أقيم اليوم الجمعة",
            None,
            &[("اليوم الجمعة", Some("2024-03-15"))],
        ),
        (
            "تبدأ غدا الثلاثاء",
            None,
            &[("غدا الثلاثاء", Some("2024-03-19"))],
        ),
        (
            "تنطلق غدا الخميس أعمال القمة",
            None,
            &[("غدا الخميس", Some("2024-03-21"))],
        ),
        (
            "تبدأ بعد غد الجمعة",
            None,
            &[("بعد غد الجمعة", Some("2024-03-22"))],
        ),
        (
            "أعلنت الخميس الماضي أن",
            None,
            &[("الخميس الماضي", Some("2024-03-14"))],
        ),
        (
            "يوم الاثنين المقبل",
            None,
            &[("يوم الاثنين المقبل", Some("2024-03-25"))],
        ),
        (
            "صدر في 2024/03/05م",
            None,
            &[("2024/03/05م", Some("2024-03-05"))],
        ),
        (
            "بتاريخ ١٤٤٥/٠٨/٢٠هـ",
            None,
            &[("١٤٤٥/٠٨/٢٠هـ", Some("2024-03-01"))],
        ),
        (
            "في 1445/9/1 هـ",
            None,
            &[("1445/9/1 هـ", Some("2024-03-11"))],
        ),
        (
            "يوم 7 أكتوبر/تشرين الأول 2023",
            None,
            &[("7 أكتوبر/تشرين الأول 2023", Some("2023-10-07"))],
        ),
        (
            "في 25 كانون الأول/ديسمبر 2023",
            None,
            &[("25 كانون الأول/ديسمبر 2023", Some("2023-12-25"))],
        ),
        (
            "في 5 آذار (مارس) الجاري",
            None,
            &[("5 آذار (مارس) الجاري", Some("2024-03-05"))],
        ),
        (
            "منذ يوليو/تموز الماضي",
            None,
            &[("يوليو/تموز الماضي", Some("2023-07"))],
        ),
        (
            "في شباط/فبراير 2022",
            None,
            &[("شباط/فبراير 2022", Some("2022-02"))],
        ),
        (
            "الخميس 21 مارس/آذار 2024",
            None,
            &[("21 مارس/آذار 2024", Some("2024-03-21"))],
        ),
        (
            "يوم 12 فيفري 2024",
            None,
            &[("12 فيفري 2024", Some("2024-02-12"))],
        ),
        (
            "في 30 جوان الماضي",
            None,
            &[("30 جوان الماضي", Some("2023-06-30"))],
        ),
        (
            "بتاريخ 15 شتنبر 2023",
            None,
            &[("15 شتنبر 2023", Some("2023-09-15"))],
        ),
        // فاتح and غرة name the first day of a month (Maghrebi and Gulf usage).
        (
            "ابتداء من فاتح يناير 2024",
            None,
            &[("فاتح يناير 2024", Some("2024-01-01"))],
        ),
        ("في غرة رمضان", None, &[("غرة رمضان", Some("2024-03-11"))]),
        (
            "ليلة 12 من شهر رمضان 1445هـ",
            None,
            &[("12 من شهر رمضان 1445هـ", Some("2024-03-22"))],
        ),
        (
            "في الأول من مايو المقبل",
            None,
            &[("الأول من مايو المقبل", Some("2024-05-01"))],
        ),
        (
            "في 2 محرم 1446هـ",
            None,
            &[("2 محرم 1446هـ", Some("2024-07-08"))],
        ),
        (
            "خلال شهر شعبان الماضي",
            None,
            &[("شعبان الماضي", Some("1445-08"))],
        ),
        (
            "منذ مطلع العام الجاري",
            None,
            &[("العام الجاري", Some("2024"))],
        ),
        ("تأسست عام 1932م", None, &[("1932م", Some("1932"))]),
        (
            "يوم الجمعة 15/3/2024",
            None,
            &[("15/3/2024", Some("2024-03-15"))],
        ),
        (
            "في الساعة 10:30 من صباح الأحد",
            None,
            &[("الأحد", Some("2024-03-17"))],
        ),
        // A year after في with a comma or a verb, the way news copy opens a paragraph.
        ("وفي 2022، ارتفعت الصادرات", None, &[("2022", Some("2022"))]),
        // Names, not dates.
        ("ضمن مستهدفات رؤية 2030 الطموحة", None, &[]),
        ("رؤية السعودية 2030", None, &[]),
        // Second batch, written after the first fixes.
        (
            "اعتبارا من 1 أبريل 2024م",
            None,
            &[("1 أبريل 2024م", Some("2024-04-01"))],
        ),
        (
            "حتى نهاية يونيو المقبل",
            None,
            &[("يونيو المقبل", Some("2024-06"))],
        ),
        (
            "في 28 شعبان 1445هـ",
            None,
            &[("28 شعبان 1445هـ", Some("2024-03-09"))],
        ),
        (
            "وفي مساء الجمعة الماضية",
            None,
            &[("الجمعة الماضية", Some("2024-03-15"))],
        ),
        (
            "خلال السنة الماضية",
            None,
            &[("السنة الماضية", Some("2023"))],
        ),
        (
            "مقارنة بالسنة الماضية",
            None,
            &[("السنة الماضية", Some("2023"))],
        ),
        ("للعام المقبل", None, &[("عام المقبل", Some("2025"))]),
        // A count of years, not a year.
        ("خلال الـ14 سنة القادمة", None, &[]),
        ("منذ عام 2011م", None, &[("2011م", Some("2011"))]),
        (
            "في الـ25 من ديسمبر الماضي",
            None,
            &[("25 من ديسمبر الماضي", Some("2023-12-25"))],
        ),
        (
            "خلال الربع الأول من العام الجاري",
            None,
            &[("العام الجاري", Some("2024"))],
        ),
        ("في 9 ذي الحجة", None, &[("9 ذي الحجة", Some("2024-06-15"))]),
        (
            "في يوم 15 من الشهر الجاري",
            None,
            &[("15 من الشهر الجاري", Some("2024-03-15"))],
        ),
        (
            "في 20 رمضان الجاري",
            None,
            &[("20 رمضان الجاري", Some("2024-03-30"))],
        ),
        (
            "في 11 سبتمبر 2001",
            None,
            &[("11 سبتمبر 2001", Some("2001-09-11"))],
        ),
        (
            "الساعة الثامنة من مساء اليوم",
            None,
            &[("اليوم", Some("2024-03-20"))],
        ),
        ("في 13 رمضان", None, &[("13 رمضان", Some("2024-03-23"))]),
        (
            "في السابع من أكتوبر",
            None,
            &[("السابع من أكتوبر", Some("2023-10-07"))],
        ),
        ("في منتصف 2023", None, &[("2023", Some("2023"))]),
        (
            "بين عامي 2015 و2020",
            None,
            &[("2015", Some("2015")), ("2020", Some("2020"))],
        ),
        (
            "on 3 March the",
            Some("eng"),
            &[("3 March", Some("2024-03-03"))],
        ),
        (
            "last Tuesday the",
            Some("eng"),
            &[("last Tuesday", Some("2024-03-19"))],
        ),
        // English copy.
        (
            "On Tuesday, March 5, 2024, the ministry said",
            Some("eng"),
            &[("March 5, 2024", Some("2024-03-05"))],
        ),
        (
            "since early 2021 the index",
            Some("eng"),
            &[("2021", Some("2021"))],
        ),
        (
            "The meeting on Jan 15 was",
            Some("eng"),
            &[("Jan 15", Some("2024-01-15"))],
        ),
        (
            "on December 25th, 2023 the",
            Some("eng"),
            &[("December 25th, 2023", Some("2023-12-25"))],
        ),
        (
            "he said on Wednesday",
            Some("eng"),
            &[("Wednesday", Some("2024-03-20"))],
        ),
    ];
    crate::snippet_score::assert_snippets(
        "dates",
        cases.iter().map(|(text, lang, want)| {
            let got: Vec<(String, Option<String>)> = values(text, p, lang.or(Some("ara")))
                .into_iter()
                .map(|(t, value, ..)| (t, value))
                .collect();
            let want = want
                .iter()
                .map(|(t, value)| ((*t).to_owned(), value.map(str::to_owned)))
                .collect();
            ((*text).to_owned(), got, want)
        }),
    );
}

#[test]
fn dual_month_names_with_a_space() {
    // Agency style writes both names with only a space between them: one mention, and
    // the year after the second name belongs to the day before the first.
    let pd = at(2015, 7, 23);
    assert_eq!(
        values("بعد هجمات 11 سبتمبر ايلول 2001 لاحتجاز", pd, None),
        vec![v(
            "11 سبتمبر ايلول 2001",
            Some("2001-09-11"),
            "day",
            "gregorian",
            false
        )]
    );
    assert_eq!(
        values("وفي مايو أيار الماضي صدر حكم", pd, None),
        vec![v(
            "مايو أيار الماضي",
            Some("2015-05"),
            "month",
            "gregorian",
            true
        )]
    );
    assert_eq!(
        values("في 3 حزيران يونيو 2014.", pd, None),
        vec![v(
            "3 حزيران يونيو 2014",
            Some("2014-06-03"),
            "day",
            "gregorian",
            false
        )]
    );
    // Two different months in a row are not one name.
    assert_eq!(
        values("بين 5 مايو يونيو 2014", pd, None),
        vec![
            v("5 مايو", Some("2015-05-05"), "day", "gregorian", true),
            v("يونيو 2014", Some("2014-06"), "month", "gregorian", false)
        ]
    );
}

#[test]
fn named_events_and_places_are_not_dates() {
    // A day and month without a year after the name of an event, movement or place is
    // that name (ثورة 25 يناير is 2011, not the January nearest the published day).
    let pd = at(2015, 7, 23);
    for text in [
        "منذ ثورة 25 يناير التي أطاحت",
        "وأكد أن قوى 14 آذار متمسكة",
        "بعد أحداث 11 سبتمبر تغير",
        "عقب هجمات 11 سبتمبر",
        "في شارع 26 يوليو بالقاهرة",
        "وصل إلى مدينة 6 أكتوبر",
        "انتصارات حرب 6 أكتوبر",
        "من أنصار حركة 20 فبراير",
        "منذ ثورة الخامس والعشرين من يناير",
    ] {
        assert_eq!(values(text, pd, None), vec![], "{text}");
    }
    // With a year it is a date; a plain word before the day changes nothing.
    assert_eq!(
        values("ثورة 25 يناير 2011", pd, None),
        vec![v(
            "25 يناير 2011",
            Some("2011-01-25"),
            "day",
            "gregorian",
            false
        )]
    );
    assert_eq!(
        values("وصل يوم 6 أكتوبر", pd, None),
        vec![v("6 أكتوبر", Some("2015-10-06"), "day", "gregorian", true)]
    );
}

#[test]
fn the_same_day_is_not_today() {
    // ذات اليوم / نفس اليوم: the day of some other event, as اليوم نفسه.
    let pd = at(2015, 7, 23);
    for text in [
        "لكن تفاجأنا عصر ذات اليوم بتفتيش منزله",
        "وفي نفس اليوم أعلنت الوزارة",
        "وفي ذات اليوم، قال",
    ] {
        assert_eq!(values(text, pd, None), vec![], "{text}");
    }
    assert_eq!(
        values("وصل الوفد اليوم قادما من جدة", pd, None),
        vec![v("اليوم", Some("2015-07-23"), "day", "gregorian", true)]
    );
}

#[test]
fn today_before_a_preposition_is_today() {
    // إلى and إلا begin with ال but are no adjective: صباح اليوم إلى إيطاليا is today.
    let pd = at(2015, 7, 23);
    for text in [
        "تغادر بعثة الفريق صباح اليوم إلى إيطاليا",
        "ويتوجه الوزير اليوم الى لندن",
        "لا يمكن أن يمر اليوم إلا بها",
    ] {
        assert_eq!(
            values(text, pd, None),
            vec![v("اليوم", Some("2015-07-23"), "day", "gregorian", true)],
            "{text}"
        );
    }
    // An adjective still makes it a named day.
    assert_eq!(values("احتفالا باليوم الوطني", pd, None), vec![]);
}

#[test]
fn year_word_between_month_and_year() {
    // 28 يونيو عام 2014: the year belongs to the day, not the year nearest publication.
    let pd = at(2015, 7, 23);
    let g = "gregorian";
    for (text, span, value, precision) in [
        (
            "قتل في 28 يونيو عام 2014 في",
            "28 يونيو عام 2014",
            "2014-06-28",
            "day",
        ),
        (
            "في أغسطس عام 2014 بعد",
            "أغسطس عام 2014",
            "2014-08",
            "month",
        ),
        (
            "منذ مايو من العام 2014 حتى",
            "مايو من العام 2014",
            "2014-05",
            "month",
        ),
        (
            "في 5 أكتوبر سنة 1976م",
            "5 أكتوبر سنة 1976م",
            "1976-10-05",
            "day",
        ),
    ] {
        assert_eq!(
            values(text, pd, None),
            vec![v(span, Some(value), precision, g, false)],
            "{text}"
        );
    }
    assert_eq!(
        values("في 5 رمضان عام 1436هـ", pd, None),
        vec![v(
            "5 رمضان عام 1436هـ",
            Some("2015-06-22"),
            "day",
            "hijri",
            false
        )]
    );
    // A relative year after the month is not read here: مارس من العام الماضي stays two.
    assert_eq!(
        values("في مارس من العام الماضي", pd, None),
        vec![v("العام الماضي", Some("2014"), "year", g, true)]
    );
}
