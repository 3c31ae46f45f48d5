//! The cue table of the amount extractor: number words, multipliers, currencies, percent
//! words, and the words that mark a number as a date (month names, year words).

use crate::fold::fold_str;
use std::collections::BTreeMap;

/// What a matched amount cue means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum AmountCue {
    /// A number word below 1000 (خمسة، عشرون، ثلاثمائة).
    Number(f64),
    /// A multiplier (ألف، آلاف، مليون، مليار); a dual form carries its own count.
    Multiplier { scale: f64, dual: bool },
    /// A currency word or symbol; `qualified` ones look at the next word (دينار ليبي).
    Currency { code: &'static str, qualified: bool },
    /// A percent word or sign.
    Percent,
    /// A month name or year word: the number beside it is a date, not an amount.
    DateWord,
}

const UNITS: &[(&str, f64)] = &[
    ("واحد", 1.0),
    ("واحدة", 1.0),
    ("اثنان", 2.0),
    ("اثنين", 2.0),
    ("اثنتان", 2.0),
    ("اثنتين", 2.0),
    ("ثلاث", 3.0),
    ("ثلاثة", 3.0),
    ("أربع", 4.0),
    ("أربعة", 4.0),
    ("خمس", 5.0),
    ("خمسة", 5.0),
    ("ست", 6.0),
    ("ستة", 6.0),
    ("سبع", 7.0),
    ("سبعة", 7.0),
    ("ثمان", 8.0),
    ("ثماني", 8.0),
    ("ثمانية", 8.0),
    ("تسع", 9.0),
    ("تسعة", 9.0),
    ("عشر", 10.0),
    ("عشرة", 10.0),
    ("أحد عشر", 11.0),
    ("إحدى عشرة", 11.0),
    ("اثنا عشر", 12.0),
    ("اثني عشر", 12.0),
    ("اثنتا عشرة", 12.0),
    ("اثنتي عشرة", 12.0),
    ("عشرون", 20.0),
    ("عشرين", 20.0),
    ("ثلاثون", 30.0),
    ("ثلاثين", 30.0),
    ("أربعون", 40.0),
    ("أربعين", 40.0),
    ("خمسون", 50.0),
    ("خمسين", 50.0),
    ("ستون", 60.0),
    ("ستين", 60.0),
    ("سبعون", 70.0),
    ("سبعين", 70.0),
    ("ثمانون", 80.0),
    ("ثمانين", 80.0),
    ("تسعون", 90.0),
    ("تسعين", 90.0),
    ("مائة", 100.0),
    ("مئة", 100.0),
    ("مائتان", 200.0),
    ("مائتين", 200.0),
    ("مئتان", 200.0),
    ("مئتين", 200.0),
    // The construct form before its noun: مائتي ألف ريال.
    ("مائتي", 200.0),
    ("مئتي", 200.0),
    // Fractions count a multiplier only (نصف مليون, مليار ونصف); alone they are no amount.
    ("نصف", 0.5),
    ("ربع", 0.25),
];

/// Hundreds written as one word: ثلاثمائة، خمسمئة.
const HUNDREDS: &[(&str, f64)] = &[
    ("ثلاث", 300.0),
    ("أربع", 400.0),
    ("خمس", 500.0),
    ("ست", 600.0),
    ("سبع", 700.0),
    ("ثمان", 800.0),
    ("تسع", 900.0),
];

const MULTIPLIERS: &[(&str, f64, bool)] = &[
    ("ألف", 1e3, false),
    ("آلاف", 1e3, false),
    ("الاف", 1e3, false),
    ("ألفا", 1e3, false),
    ("ألفان", 1e3, true),
    ("ألفين", 1e3, true),
    ("ألفي", 1e3, true),
    ("مليون", 1e6, false),
    ("ملايين", 1e6, false),
    ("مليونا", 1e6, false),
    ("مليونان", 1e6, true),
    ("مليوني", 1e6, true),
    ("مليونين", 1e6, true),
    ("مليار", 1e9, false),
    ("مليارات", 1e9, false),
    ("مليارا", 1e9, false),
    ("ملياري", 1e9, true),
    ("مليارين", 1e9, true),
    ("بليون", 1e9, false),
    ("ترليون", 1e12, false),
    ("تريليون", 1e12, false),
    ("تريليونات", 1e12, false),
    ("thousand", 1e3, false),
    ("million", 1e6, false),
    ("billion", 1e9, false),
    ("trillion", 1e12, false),
    ("bn", 1e9, false),
    ("mn", 1e6, false),
];

const CURRENCIES: &[(&str, &str, bool)] = &[
    ("دولار", "USD", true),
    ("دولارا", "USD", true),
    ("دولارات", "USD", true),
    ("ريال", "SAR", true),
    ("ريالا", "SAR", true),
    ("ريالات", "SAR", true),
    ("دينار", "دينار", true),
    ("دينارا", "دينار", true),
    ("دنانير", "دينار", true),
    ("جنيه", "جنيه", true),
    ("جنيها", "جنيه", true),
    ("جنيهات", "جنيه", true),
    ("درهم", "درهم", true),
    ("درهما", "درهم", true),
    ("دراهم", "درهم", true),
    ("ليرة", "ليرة", true),
    ("ليرات", "ليرة", true),
    ("يورو", "EUR", false),
    // The Saudi riyal's abbreviation: 500 ر.س.
    ("ر.س", "SAR", false),
    // The pound is often left out: 25 مليون إسترليني.
    ("إسترليني", "GBP", false),
    ("استرليني", "GBP", false),
    ("ين", "JPY", false),
    ("يوان", "CNY", false),
    ("روبية", "روبية", true),
    ("dollar", "USD", false),
    ("dollars", "USD", false),
    ("usd", "USD", false),
    ("euro", "EUR", false),
    ("euros", "EUR", false),
    ("eur", "EUR", false),
    ("pounds", "GBP", false),
    ("riyals", "SAR", false),
    ("sar", "SAR", false),
    ("sr", "SAR", false),
    ("$", "USD", false),
    ("€", "EUR", false),
    ("£", "GBP", false),
];

const PERCENT: &[&str] = &[
    "%",
    "٪",
    "بالمئة",
    "بالمائة",
    "بالمية",
    "في المئة",
    "في المائة",
    "percent",
    "per cent",
];

const DATE_WORDS: &[&str] = &[
    "عام",
    "العام",
    "سنة",
    "السنة",
    "منذ",
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
    "كانون",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين",
    "محرم",
    "صفر",
    "ربيع",
    "جمادى",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذو",
    "ذي",
    "يونيه",
    "يوليه",
    "جانفي",
    "فيفري",
    "أفريل",
    "ماي",
    "جوان",
    "جويلية",
    "أوت",
    "يوليوز",
    "غشت",
    "شتنبر",
    "نونبر",
    "دجنبر",
    "الساعة",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Plural multipliers, folded: without a count before them (ملايين الدولارات, "millions
/// of dollars") they name no number.
pub(crate) const PLURAL_MULTIPLIERS: &[&str] = &["الاف", "ملايين", "مليارات", "تريليونات"];

/// Folded amount patterns with their cues, one per pattern.
pub(crate) fn amount_patterns() -> BTreeMap<String, AmountCue> {
    {
        let mut table: BTreeMap<String, AmountCue> = BTreeMap::new();
        let mut add = |pattern: &str, cue: AmountCue| {
            table.entry(fold_str(pattern)).or_insert(cue);
        };
        for &(w, v) in UNITS {
            add(w, AmountCue::Number(v));
        }
        for &(w, v) in HUNDREDS {
            add(&format!("{w}مائة"), AmountCue::Number(v));
            add(&format!("{w}مئة"), AmountCue::Number(v));
        }
        for &(w, scale, dual) in MULTIPLIERS {
            add(w, AmountCue::Multiplier { scale, dual });
        }
        for &(w, code, qualified) in CURRENCIES {
            add(w, AmountCue::Currency { code, qualified });
            // The article and its clitic forms: بالدولار، الدولارات.
            if !w.is_ascii() {
                add(&format!("ال{w}"), AmountCue::Currency { code, qualified });
            }
        }
        for w in PERCENT {
            add(w, AmountCue::Percent);
        }
        for w in DATE_WORDS {
            add(w, AmountCue::DateWord);
        }
        // Every month name the date extractor knows, multi-word ones included (ذو الحجة,
        // كانون الثاني): the scanner reports the longest pattern at a position, so a number
        // before them must see the whole name as a date word.
        for (name, cue) in crate::date_cues::date_patterns() {
            if matches!(cue, crate::date_cues::Cue::Month { .. }) {
                add(&name, AmountCue::DateWord);
            }
        }
        table
    }
}

/// The currency code of a qualified currency word given the folded word after it, `None`
/// when the word is no country qualifier. A qualifier that names the default country
/// (`ريال سعودي`, `دولار أمريكي`) keeps the code and joins the span.
pub(crate) fn qualify(code: &'static str, next: &str) -> Option<&'static str> {
    const QUALIFIERS: &[(&str, &str, &str)] = &[
        ("دينار", "ليبي", "LYD"),
        ("دينار", "كويتي", "KWD"),
        ("دينار", "اردني", "JOD"),
        ("دينار", "بحريني", "BHD"),
        ("دينار", "عراقي", "IQD"),
        ("دينار", "تونسي", "TND"),
        ("دينار", "جزائري", "DZD"),
        ("جنيه", "مصري", "EGP"),
        ("جنيه", "استرليني", "GBP"),
        ("جنيه", "سوداني", "SDG"),
        ("درهم", "اماراتي", "AED"),
        ("درهم", "مغربي", "MAD"),
        ("SAR", "قطري", "QAR"),
        ("SAR", "عماني", "OMR"),
        ("SAR", "يمني", "YER"),
        ("SAR", "ايراني", "IRR"),
        ("ليرة", "تركي", "TRY"),
        ("ليرة", "لبناني", "LBP"),
        ("ليرة", "سوري", "SYP"),
        ("روبية", "هندي", "INR"),
        ("روبية", "باكستاني", "PKR"),
        ("SAR", "سعودي", "SAR"),
        ("USD", "امريكي", "USD"),
        ("USD", "اميركي", "USD"),
        ("USD", "كندي", "CAD"),
        ("USD", "استرالي", "AUD"),
    ];
    let next = next.strip_prefix("ال").unwrap_or(next);
    QUALIFIERS
        .iter()
        .find(|(c, q, _)| *c == code && next.starts_with(q))
        .map(|(_, _, iso)| *iso)
}
