//! The cue table of the date extractor: month names of every family, year words,
//! relative words and weekdays, folded; [`crate::cue_scan`] compiles them with the amount cues.

use crate::fold::fold_str;
use khabar_core::Calendar;
use std::collections::BTreeMap;

/// Arabic month names: CLDR names of all `ar_*` locales plus hand-written variants.
const MONTHS_AR: &str = include_str!("../data/months_ar.tsv");

/// What a matched cue means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cue {
    /// A month name; `english` names take an English day order, `short` ones need a day.
    Month {
        calendar: Calendar,
        month: u32,
        english: bool,
        short: bool,
    },
    /// عام، سنة، منذ: a year number follows. `relative_ok` words may take الماضي/المقبل.
    YearWord { relative_ok: bool },
    /// English `in`/`since` before a year, used in English text only.
    EnglishYearWord,
    /// الشهر: a relative month with الماضي/الجاري/المقبل after it.
    MonthWord,
    /// الجاري / الحالي right after a day number (`15 الجاري`): that day of the published month.
    CurrentMonth,
    /// A count of days (يومين = 2; أيام and يوما take the number before them, 0 here):
    /// with قبل/منذ before it a past day, with بعد a future one.
    DayCount(u32),
    /// A day offset from the published day (أمس = -1); `today` needs extra checks.
    Relative { offset: i32, today: bool },
    /// English today/yesterday/tomorrow, used in English text only.
    EnglishRelative(i32),
    /// A weekday, 0 = Sunday.
    Weekday(u32),
    /// An English weekday, 0 = Sunday, used in English text only.
    EnglishWeekday(u32),
}

const ENGLISH_MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const ENGLISH_SHORT: [(&str, u32); 13] = [
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    ("febr", 2),
];
const WEEKDAYS_AR: [(&str, u32); 8] = [
    ("الأحد", 0),
    ("الاثنين", 1),
    ("الإثنين", 1),
    ("الثلاثاء", 2),
    ("الأربعاء", 3),
    ("الخميس", 4),
    ("الجمعة", 5),
    ("السبت", 6),
];
const WEEKDAYS_EN: [&str; 7] = [
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
];

/// Folded date patterns with their cues, one per pattern (the first spelling wins).
pub(crate) fn date_patterns() -> BTreeMap<String, Cue> {
    {
        // BTreeMap: one cue per folded pattern, first writer wins, deterministic order.
        let mut table: BTreeMap<String, Cue> = BTreeMap::new();
        let mut add = |pattern: &str, cue: Cue| {
            table.entry(fold_str(pattern)).or_insert(cue);
        };
        for line in MONTHS_AR.lines().filter(|l| !l.starts_with('#')) {
            let mut cols = line.split('\t');
            let (Some(cal), Some(month), Some(name)) = (cols.next(), cols.next(), cols.next())
            else {
                continue;
            };
            let Ok(month) = month.parse::<u32>() else {
                continue;
            };
            let calendar = if cal == "hijri" {
                Calendar::Hijri
            } else {
                Calendar::Gregorian
            };
            add(
                name,
                Cue::Month {
                    calendar,
                    month,
                    english: false,
                    short: false,
                },
            );
        }
        for (i, name) in ENGLISH_MONTHS.iter().enumerate() {
            add(
                name,
                Cue::Month {
                    calendar: Calendar::Gregorian,
                    month: i as u32 + 1,
                    english: true,
                    short: false,
                },
            );
        }
        for (name, month) in ENGLISH_SHORT {
            add(
                name,
                Cue::Month {
                    calendar: Calendar::Gregorian,
                    month,
                    english: true,
                    short: true,
                },
            );
        }
        for word in ["عام", "العام", "سنة", "السنة"] {
            add(word, Cue::YearWord { relative_ok: true });
        }
        // Words of a part of a year, before a bare year: أواخر 2014, مطلع 2015.
        for word in [
            "منذ",
            "عامي",
            "أعوام",
            "أواخر",
            "أوائل",
            "مطلع",
            "منتصف",
            "أواسط",
            "نهاية",
            "بداية",
        ] {
            add(word, Cue::YearWord { relative_ok: false });
        }
        add("الشهر", Cue::MonthWord);
        add("الجاري", Cue::CurrentMonth);
        add("الحالي", Cue::CurrentMonth);
        add("يومين", Cue::DayCount(2));
        add("يومان", Cue::DayCount(2));
        for word in ["أيام", "يوما", "يوماً"] {
            add(word, Cue::DayCount(0));
        }
        for word in ["in", "since", "during"] {
            add(word, Cue::EnglishYearWord);
        }
        add(
            "اليوم",
            Cue::Relative {
                offset: 0,
                today: true,
            },
        );
        for (word, offset) in [
            ("أمس", -1),
            ("الأمس", -1),
            ("البارحة", -1),
            ("أول أمس", -2),
            ("أول من أمس", -2),
            ("أمس الأول", -2),
            ("غدا", 1),
            ("بعد غد", 2),
        ] {
            add(
                word,
                Cue::Relative {
                    offset,
                    today: false,
                },
            );
        }
        for (word, offset) in [("today", 0), ("yesterday", -1), ("tomorrow", 1)] {
            add(word, Cue::EnglishRelative(offset));
        }
        for (word, day) in WEEKDAYS_AR {
            add(word, Cue::Weekday(day));
        }
        for (i, word) in WEEKDAYS_EN.iter().enumerate() {
            add(word, Cue::EnglishWeekday(i as u32));
        }
        table
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_family_is_present() {
        let t = date_patterns();
        let find = |word: &str| t.get(&fold_str(word)).copied();
        for (word, month) in [
            ("يناير", 1),
            ("كانون الثاني", 1),
            ("جانفي", 1),
            ("غشت", 8),
            ("آب", 8),
            ("يوليوز", 7),
            ("إبريل", 4),
            ("دجنبر", 12),
        ] {
            assert!(
                matches!(find(word), Some(Cue::Month { calendar: Calendar::Gregorian, month: m, .. }) if m == month),
                "{word}"
            );
        }
        for (word, month) in [
            ("ذي الحجة", 12),
            ("جمادى الآخرة", 6),
            ("ربيع الثاني", 4),
            ("رمضان", 9),
        ] {
            assert!(
                matches!(find(word), Some(Cue::Month { calendar: Calendar::Hijri, month: m, .. }) if m == month),
                "{word}"
            );
        }
        assert_eq!(
            find("أول من أمس"),
            Some(Cue::Relative {
                offset: -2,
                today: false
            })
        );
        assert_eq!(find("الجمعة"), Some(Cue::Weekday(5)));
    }
}
