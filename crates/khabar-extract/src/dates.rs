//! Date mentions: month-name dates of every Arabic family, Hijri dates, numeric dates,
//! cued years, relative dates and English dates, resolved to ISO values.
//!
//! Decisions (the spec left them open):
//! - `value` is the Gregorian ISO day whenever the day is known, in both calendars, so SQL
//!   can compare; a Hijri month or year without a day keeps the Hijri numbers
//!   (`1445-09`, `1445`) with `calendar = hijri` and `date = None`.
//! - Double dating (`١٥ رمضان ١٤٤٥هـ الموافق ٢٥ مارس ٢٠٢٤م`) gives two mentions, one per
//!   calendar; dual month names (`آب/أغسطس`, `أغسطس (آب)`, `سبتمبر أيلول`) give one.
//! - A year after a month may follow a year word (`28 يونيو عام 2014`, `مايو من العام
//!   2014`).
//! - A month name alone is not a date (مارس is also a verb): it needs a day before it or
//!   a year after it; English short names (`Feb.`) need a day, and صفر (also "zero", as
//!   in a score) needs a year.
//! - A day may be linked to its month by من and شهر (`15 من شهر مارس`), and written as an
//!   ordinal before من (`الخامس عشر من مارس`, `الحادي والعشرين من مايو`).
//! - A day and month without a year take the year that puts the date nearest the
//!   document's published day, and are marked `relative`; without `published`, value null.
//!   After the name of an event or place (`ثورة 25 يناير`, `قوى 14 آذار`, `شارع 26
//!   يوليو`) they are a name, not a date.
//!   A month followed by الماضي/المقبل/الجاري takes the year of that month's nearest
//!   occurrence before, after or at the published month (`مارس الماضي`, `رمضان المقبل`);
//!   without a day it is a relative month. الشهر الماضي/الجاري/المقبل is the published
//!   month moved by one, and a day before it (`الـ15 من الشهر الجاري`) is that day of it;
//!   `15 الجاري` is day 15 of the published month.
//! - Day counts: قبل/منذ + يومين / N أيام (digits or ثلاثة ... عشرة) is that many days before
//!   the published day, بعد + the count that many after (not `بعد يومين من ...`, whose
//!   anchor is another event).
//! - A bare year needs a cue: عام/العام/سنة/منذ or a part of a year (أواخر, أوائل, مطلع,
//!   منتصف, أواسط, نهاية, بداية) before it, or the suffix م/هـ after it
//!   (`2015م`, `1436 هـ`); English `in`/`since`/`during` in English text. The span is the
//!   year and its suffix, not the cue word. العام الماضي/الجاري/المقبل are relative years.
//! - Numeric dates are day first (`12/5/2024`, `12-05-2024`, `12.5.2024`) unless the year
//!   leads (`2024/05/12`) or the second number cannot be a month (`5/25/2024`); years
//!   1300-1500 or a هـ suffix make them Hijri.
//! - A bare weekday (`الثلاثاء`) is the latest such day on or before `published` (news
//!   reports the past); with الماضي it is strictly before, with المقبل/القادم strictly
//!   after. A weekday directly followed by a numeric date is left to that date.
//! - اليوم is skipped before an adjective (`اليوم الوطني`) and after صحيفة/هذا/مثل and
//!   ذات/نفس (`في ذات اليوم`, the same day as another event), where it is not "today".
//! - A relative day followed by a weekday (`أمس الثلاثاء`, `اليوم الأربعاء`, `غدا الخميس`)
//!   is one mention, and the weekday decides the day: for اليوم/أمس the latest such
//!   weekday on or before the relative day, for غدا/بعد غد the nearest (stories are often
//!   filed a day before their published date). A weekday right before a month-name date
//!   (`Tuesday, March 5, 2024`) is left to that date.
//! - Ranges give both ends: `من 5 إلى 7 مارس`, `بين 10 و12 أكتوبر`, `يومي 5 و6 مايو`
//!   and `5-7 مارس` give the first day the month and year of the second (a word range needs
//!   من/بين/يومي before its first day). فاتح and غرة before a month are its first day.
//! - A list of cued years gives every year (`عامي 2022 و2023`, `أعوام 1958 و1962 و1970`),
//!   and a bare year 1900-2100 after في/خلال that ends its clause (`وفي 2022، ارتفعت`) is a
//!   year. English `in`/`since` may take `early`/`mid`/`late` before the year.
//! - الماضي/المقبل/الجاري take their feminine forms too (`الجمعة الماضية`, `السنة
//!   المقبلة`); a relative year needs the definite word (`العام`, `السنة`, `للعام`):
//!   `الـ14 سنة القادمة` counts years.

// Cursor code over folded text reads best with short names: f (text), s/e (match start
// and end), p/q (positions), a/b/c (the numbers of a numeric date).
#![allow(clippy::many_single_char_names)]

use crate::calendar::{gregorian_days, hijri_days, hijri_year_of, iso_day, published_day, weekday};
use crate::cue_scan::{CueScanner, Hit};
use crate::date_cues::Cue;
use crate::fold::Folded;
use crate::scan::{
    char_at, char_before, is_letter, number_at, number_before, skip_ws, skip_ws_back, word_after,
    word_before,
};
use khabar_core::{Calendar, DateMention, DatePrecision};

/// Finds and resolves date expressions. Build once; `Send + Sync`.
#[derive(Debug, Clone)]
pub struct DateExtractor {
    scanner: CueScanner,
}

impl Default for DateExtractor {
    fn default() -> Self {
        Self::new()
    }
}

/// A resolved date over folded byte positions, before mapping back.
struct Found {
    start: usize,
    end: usize,
    value: Option<String>,
    precision: DatePrecision,
    calendar: Calendar,
    date: Option<i32>,
    relative: bool,
}

const PROCLITICS: [char; 5] = ['و', 'ف', 'ب', 'ل', 'ك'];

impl DateExtractor {
    /// Builds the cue automaton.
    #[must_use]
    pub fn new() -> Self {
        Self {
            scanner: CueScanner::new(),
        }
    }

    /// Date mentions of `text`, in text order. `published` (microseconds since the epoch,
    /// UTC) anchors relative dates and years left out; `lang` (ISO 639-3) enables English
    /// relative words when it is `eng`.
    #[must_use]
    pub fn extract(
        &self,
        text: &str,
        published: Option<i64>,
        lang: Option<&str>,
    ) -> Vec<DateMention> {
        let folded = Folded::new(text);
        let hits = self.scanner.scan(&folded.text);
        Self::extract_folded(text, &folded, &hits, published, lang)
    }

    /// [`Self::extract`] over an already folded and scanned text.
    pub(crate) fn extract_folded(
        text: &str,
        folded: &Folded,
        hits: &[Hit],
        published: Option<i64>,
        lang: Option<&str>,
    ) -> Vec<DateMention> {
        let f = folded.text.as_str();
        let anchor = published.map(published_day);
        let english = lang == Some("eng");
        let matches: Vec<(usize, usize, Cue)> = hits
            .iter()
            .filter_map(|h| {
                let cue = h.date?;
                bounded(f, h.start, h.end).then_some((h.start, h.end, cue))
            })
            .collect();
        let mut found = Vec::new();
        for &(s, e, cue) in &matches {
            let item = match cue {
                // English month names are capitalized: "may 5" is a verb.
                Cue::Month { english: true, .. }
                    if !folded
                        .original_char(text, s)
                        .is_some_and(char::is_uppercase) =>
                {
                    None
                }
                Cue::Month {
                    calendar,
                    month,
                    english: en,
                    short,
                } => {
                    let d = month_date(f, s, e, calendar, month, en, short, anchor, &matches);
                    // من 5 إلى 7 مارس: the first day of a range shares the second's month.
                    found.extend(d.as_ref().and_then(|d| range_start(f, d)));
                    d
                }
                Cue::YearWord { relative_ok } => {
                    let y = year_after_cue(f, s, e, relative_ok, anchor);
                    // عامي 2022 و2023, أعوام 1958 و1962 و1970: every year of the list.
                    let mut next = y.as_ref().and_then(|y| paired_year(f, y));
                    while let Some(n) = next {
                        next = paired_year(f, &n);
                        found.push(n);
                    }
                    y
                }
                // بين 20 و25 من الشهر الجاري, من 5 إلى 7 الجاري: ranges here too.
                Cue::MonthWord | Cue::CurrentMonth => {
                    let d = if cue == Cue::MonthWord {
                        relative_month(f, s, e, anchor)
                    } else {
                        day_of_current_month(f, s, e, anchor)
                    };
                    found.extend(d.as_ref().and_then(|d| range_start(f, d)));
                    d
                }
                Cue::DayCount(days) => day_count(f, s, e, days, anchor),
                Cue::EnglishYearWord if english => {
                    // since early 2021, in mid-2022: the part of the year is skipped.
                    let (word, _, we) = word_after(f, e);
                    let e = if matches!(word, "early" | "mid" | "late") {
                        if f.as_bytes().get(we) == Some(&b'-') {
                            we + 1
                        } else {
                            we
                        }
                    } else {
                        e
                    };
                    year_after_cue(f, s, e, false, anchor)
                }
                Cue::Relative { offset, today } => relative_day(f, s, e, offset, today, anchor),
                Cue::EnglishRelative(offset) if english => {
                    relative_day(f, s, e, offset, false, anchor)
                }
                Cue::Weekday(day) => weekday_date(f, s, e, day, anchor, false, &matches),
                Cue::EnglishWeekday(day) if english => {
                    weekday_date(f, s, e, day, anchor, true, &matches)
                }
                _ => None,
            };
            found.extend(item);
        }
        numeric_dates(f, &mut found);
        select(&mut found);
        found
            .into_iter()
            .map(|d| {
                let (start, end) = folded.cp_span(d.start, d.end);
                DateMention {
                    start,
                    end,
                    raw_start: 0,
                    raw_end: 0,
                    text: folded.original(text, d.start, d.end).to_owned(),
                    value: d.value,
                    precision: d.precision,
                    calendar: d.calendar,
                    date: d.date,
                    relative: d.relative,
                }
            })
            .collect()
    }
}

/// A cue stands alone as a word, possibly after one or two proclitics (وأمس، للعام).
fn bounded(f: &str, s: usize, e: usize) -> bool {
    if char_at(f, e).is_some_and(is_letter) {
        return false;
    }
    let mut p = s;
    for _ in 0..=2 {
        match char_before(f, p) {
            Some(c) if is_letter(c) => {
                if !PROCLITICS.contains(&c) {
                    return false;
                }
                p -= c.len_utf8();
            }
            _ => return true,
        }
    }
    false
}

/// Keeps the longest of overlapping candidates, then restores text order.
fn select(found: &mut Vec<Found>) {
    found.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(a.start.cmp(&b.start))
    });
    let mut kept: Vec<Found> = Vec::with_capacity(found.len());
    for d in found.drain(..) {
        if kept.iter().all(|k| d.end <= k.start || d.start >= k.end) {
            kept.push(d);
        }
    }
    kept.sort_by_key(|d| d.start);
    *found = kept;
}

fn day_found(
    start: usize,
    end: usize,
    calendar: Calendar,
    date: Option<i32>,
    relative: bool,
) -> Found {
    Found {
        start,
        end,
        value: date.map(iso_day),
        precision: DatePrecision::Day,
        calendar,
        date,
        relative,
    }
}

/// A year suffix after `pos`: (end, Some(true) for هـ, Some(false) for م). The words
/// هجري/هجرية/للهجرة and ميلادي/ميلادية/للميلاد are suffixes too (`1436 هجرية`).
fn year_suffix(f: &str, pos: usize) -> (usize, Option<bool>) {
    let p = skip_ws(f, pos);
    let (word, _, we) = word_after(f, p);
    match word {
        "هجري" | "هجريه" | "هجريا" | "للهجره" => return (we, Some(true)),
        "ميلادي" | "ميلاديه" | "ميلاديا" | "للميلاد" => {
            return (we, Some(false));
        }
        _ => {}
    }
    let hijri = match char_at(f, p) {
        Some('م') => false,
        Some('ه') => true,
        _ => return (pos, None),
    };
    let after = p + 'م'.len_utf8();
    if char_at(f, after).is_some_and(is_letter) {
        return (pos, None);
    }
    (after, Some(hijri))
}

/// A standalone number (not part of a longer one or a decimal) of `digits` digits at `pos`.
fn year_at(f: &str, pos: usize) -> Option<(i32, usize)> {
    let (value, len, end) = number_at(f, pos)?;
    if len != 4
        || matches!(f.as_bytes().get(end..end + 2), Some([b'.' | b',', d]) if d.is_ascii_digit())
    {
        return None;
    }
    Some((value as i32, end))
}

#[allow(clippy::too_many_arguments)] // one call site; the cue's fields travel together
fn month_date(
    f: &str,
    s: usize,
    e: usize,
    calendar: Calendar,
    month: u32,
    english: bool,
    short: bool,
    anchor: Option<i32>,
    matches: &[(usize, usize, Cue)],
) -> Option<Found> {
    let mut end = e;
    if short && f.as_bytes().get(end) == Some(&b'.') {
        end += 1;
    }
    // Dual names: آب/أغسطس, أغسطس (آب), آب - أغسطس, and with only a space when both
    // name the same month (سبتمبر أيلول 2001).
    let p = skip_ws(f, end);
    let same_month_at = |q: usize| {
        matches.iter().find_map(|&(ms, me, cue)| match cue {
            Cue::Month {
                calendar: c,
                month: m,
                ..
            } if ms == q && c == calendar && m == month => Some(me),
            _ => None,
        })
    };
    if p > end
        && let Some(me) = same_month_at(p)
    {
        end = me;
    } else if let Some(open @ ('/' | '(' | '-' | '–')) = char_at(f, p) {
        let q = skip_ws(f, p + open.len_utf8());
        if let Some(&(_, me, Cue::Month { .. })) = matches.iter().find(|m| m.0 == q) {
            end = me;
            let r = skip_ws(f, me);
            if open == '(' && char_at(f, r) == Some(')') {
                end = r + 1;
            }
        }
    }
    // Day before: 15 مارس, 15 من مارس, 15 من شهر مارس, الخامس عشر من مارس.
    let mut start = s;
    let mut day = None;
    let (linked_at, linked) = skip_month_links(f, s);
    // 10/شوال/1436هـ, 7 / يوليو / 2015: a numeric date with the month written out.
    let slashed = slashed_parts(f, s, end);
    if let Some((d, ds, _)) = slashed {
        day = Some(d);
        start = ds;
    } else if let Some((d, ds)) = day_number_before(f, linked_at) {
        day = Some(d);
        start = ds;
    } else if linked && let Some((d, ds)) = ordinal_day_before(f, linked_at) {
        day = Some(d);
        start = ds;
    } else if let Some((d, ds)) = dashed_range_end(f, linked_at) {
        day = Some(d);
        start = ds;
    } else if let Some(first) = first_day_word(f, linked_at) {
        // فاتح ماي (Maghrebi), غرة رمضان (Gulf), وفاتح ماي: the first day of the month.
        day = Some(1);
        start = first;
    }
    // English day after: March 3, 2024.
    if english && day.is_none() {
        let p = skip_ws(f, end);
        if let Some((d, len, de)) = number_at(f, p)
            && len <= 2
            && (1..=31).contains(&d)
        {
            day = Some(d);
            end = de;
            for suffix in ["st", "nd", "rd", "th"] {
                if f.get(end..).is_some_and(|r| r.starts_with(suffix)) {
                    end += 2;
                    break;
                }
            }
        }
    }
    if short && day.is_none() {
        return None;
    }
    // Year after, possibly behind a comma (or the slash of 10/شوال/1436).
    let mut p = skip_ws(f, end);
    if let Some((_, _, year_start)) = slashed {
        p = year_start;
    } else if matches!(char_at(f, p), Some(',' | '،')) {
        p = skip_ws(f, p + char_at(f, p).map_or(1, char::len_utf8));
    } else if let Some(q) = year_word_end(f, p).filter(|&q| year_at(f, q).is_some()) {
        // 28 يونيو عام 2014, مايو من العام 2014: a year word before the year.
        p = q;
    }
    let mut year = None;
    if let Some((y, ye)) = year_at(f, p) {
        let (se, suffix) = year_suffix(f, ye);
        let ok = match calendar {
            Calendar::Gregorian => (1700..=2200).contains(&y) && suffix != Some(true),
            Calendar::Hijri => (1200..=1700).contains(&y) && suffix != Some(false),
        };
        if ok {
            year = Some(y);
            end = se;
        }
    }
    // مارس الماضي, رمضان المقبل: the year of the nearest such month before or after the
    // published month.
    if year.is_none()
        && !english
        && let Some((direction, we)) = relative_word_after(f, end)
    {
        let y = anchor.and_then(|pd| relative_month_year(calendar, month, direction, pd));
        let date = match (day, anchor) {
            // 27 يوليو المقبل on 21 July is six days ahead, not a year: with a day, the
            // nearest such date after (before) the published day.
            (Some(d), Some(pd)) if direction != 0 => {
                relative_day_of_month(calendar, month, d, direction, pd)
            }
            _ => y.and_then(|y| day.and_then(|d| month_day_days(calendar, y, month, d))),
        };
        // With an anchor, a day that month does not have (30 فبراير الماضي) is no date.
        if anchor.is_some() && (y.is_none() || (day.is_some() && date.is_none())) {
            return None;
        }
        if day.is_some() {
            return Some(day_found(start, we, calendar, date, true));
        }
        return Some(Found {
            start: s,
            end: we,
            value: y.map(|y| format!("{y:04}-{month:02}")),
            precision: DatePrecision::Month,
            calendar,
            date: None,
            relative: true,
        });
    }
    // صفر is also "zero" (a score such as 3 صفر): without a year it is not a date.
    if calendar == Calendar::Hijri && month == 2 && year.is_none() {
        return None;
    }
    let to_days = |y: i32, d: u32| match calendar {
        Calendar::Gregorian => gregorian_days(y, month, d),
        Calendar::Hijri => hijri_days(y, month, d),
    };
    match (day, year) {
        (Some(d), Some(y)) => {
            let date = to_days(y, d)?;
            Some(day_found(start, end, calendar, Some(date), false))
        }
        (None, Some(y)) => Some(Found {
            start: s,
            end,
            value: Some(format!("{y:04}-{month:02}")),
            precision: DatePrecision::Month,
            calendar,
            date: None,
            relative: false,
        }),
        (Some(d), None) => {
            // ثورة 25 يناير, قوى 14 آذار, شارع 26 يوليو: the name of an event or a place,
            // whose year is not the published one.
            if names_event(f, start) {
                return None;
            }
            // The year that puts the date nearest the published day.
            let date = match anchor {
                Some(pd) => {
                    let base = match calendar {
                        Calendar::Gregorian => crate::calendar::civil_from_days(pd).0,
                        Calendar::Hijri => hijri_year_of(pd),
                    };
                    (base - 1..=base + 1)
                        .filter_map(|y| to_days(y, d))
                        .min_by_key(|&x| (i64::from(x) - i64::from(pd)).abs())
                }
                None => None,
            };
            if anchor.is_some() && date.is_none() {
                return None;
            }
            Some(day_found(start, end, calendar, date, true))
        }
        (None, None) => None,
    }
}

/// Folded nouns that make a following yearless day and month a name: events (ثورة 25
/// يناير, هجمات 11 سبتمبر), movements (قوى 14 آذار) and places (شارع 26 يوليو).
const NAME_HEADS: [&str; 20] = [
    "ثوره",
    "انتفاضه",
    "حرب",
    "حركه",
    "قوي",
    "تيار",
    "فريق",
    "تحالف",
    "ائتلاف",
    "احداث",
    "هجمات",
    "اعتداءات",
    "تفجيرات",
    "مدينه",
    "شارع",
    "ميدان",
    "جسر",
    "جامعه",
    "مستشفي",
    "ملعب",
];

/// Whether the word before `start` (with its proclitics) heads a name (`لثورة 25 يناير`).
fn names_event(f: &str, start: usize) -> bool {
    let word = word_before(f, start);
    let bare = word.trim_start_matches(PROCLITICS);
    NAME_HEADS.contains(&word) || NAME_HEADS.contains(&bare)
}

/// Where the year starts after a year word at `p` (`عام`, `العام`, `سنة`, after `من` or
/// not, as in `مايو من العام 2014`).
fn year_word_end(f: &str, p: usize) -> Option<usize> {
    let (word, _, we) = word_after(f, p);
    let (word, we) = if word == "من" {
        let (w, _, e) = word_after(f, we);
        (w, e)
    } else {
        (word, we)
    };
    matches!(word, "عام" | "العام" | "سنه" | "السنه" | "لعام" | "للعام").then(|| skip_ws(f, we))
}

/// The day before and the year start after a month name written between slashes
/// (`10/شوال/1436هـ`, `7 / يوليو / 2015`): (day, day start, year start). Both slashes and
/// a four-digit year are needed.
fn slashed_parts(f: &str, month_start: usize, month_end: usize) -> Option<(u32, usize, usize)> {
    let before = skip_ws_back(f, month_start);
    if char_before(f, before) != Some('/') {
        return None;
    }
    let (day, ds) = day_number_before(f, before - 1)?;
    let after = skip_ws(f, month_end);
    if char_at(f, after) != Some('/') {
        return None;
    }
    let year_start = skip_ws(f, after + 1);
    year_at(f, year_start)?;
    Some((day, ds, year_start))
}

/// Where فاتح or غرة (the first day of a month) starts when it ends at `end`, after a
/// proclitic و or ب if there is one (`وفاتح ماي`, `بغرة رمضان`).
fn first_day_word(f: &str, end: usize) -> Option<usize> {
    let word = word_before(f, end);
    let word_end = skip_ws_back(f, end);
    ["فاتح", "غره"].iter().find_map(|w| {
        let proclitic = word.strip_suffix(w)?;
        matches!(proclitic, "" | "و" | "ب" | "وب").then(|| word_end - w.len())
    })
}

/// Skips back over the words that may link a day to its month, `من` and `شهر` (15 من
/// شهر مارس): where the day must end, and whether `من` was there.
fn skip_month_links(f: &str, s: usize) -> (usize, bool) {
    let mut pos = s;
    for (word, is_min) in [("شهر", false), ("من", true)] {
        if word_before(f, pos) == word {
            pos = skip_ws_back(f, pos) - word.len();
            if is_min {
                return (pos, true);
            }
        }
    }
    (pos, false)
}

/// Folded ordinal day words: الأول (1) to العاشر (10).
const ORDINAL_UNITS: [&str; 10] = [
    "الاول",
    "الثاني",
    "الثالث",
    "الرابع",
    "الخامس",
    "السادس",
    "السابع",
    "الثامن",
    "التاسع",
    "العاشر",
];

/// The ordinal's value as the units of a compound (الحادي عشر, الحادي والعشرين).
fn ordinal_unit(word: &str) -> Option<u32> {
    if word == "الحادي" {
        return Some(1);
    }
    ORDINAL_UNITS
        .iter()
        .position(|u| *u == word)
        .map(|i| i as u32 + 1)
}

/// An ordinal day that ends at `end` (before `من`): الأول, الخامس عشر, العشرين, الحادي
/// والثلاثين. Returns the day and where its words start.
fn ordinal_day_before(f: &str, end: usize) -> Option<(u32, usize)> {
    let word_start = |at: usize, word: &str| skip_ws_back(f, at) - word.len();
    let last = word_before(f, end);
    let last_start = word_start(end, last);
    let tens = |w: &str| match w {
        "العشرين" => Some(20),
        "الثلاثين" => Some(30),
        _ => None,
    };
    let day = if last == "عشر" {
        let unit_word = word_before(f, last_start);
        let unit = ordinal_unit(unit_word).filter(|u| (1..=9).contains(u))?;
        return Some((10 + unit, word_start(last_start, unit_word)));
    } else if let Some(t) = tens(last) {
        t
    } else if let Some(t) = last.strip_prefix('و').and_then(tens) {
        let unit_word = word_before(f, last_start);
        let unit = ordinal_unit(unit_word).filter(|u| (1..=9).contains(u))?;
        let day = t + unit;
        return (day <= 31).then(|| (day, word_start(last_start, unit_word)));
    } else {
        ordinal_unit(last).filter(|_| last != "الحادي")?
    };
    Some((day, last_start))
}

/// `الماضي` / `المقبل` / `الجاري` (and their synonyms and feminine forms, as in `الجمعة
/// الماضية`, `السنة المقبلة`) right after `end`: the direction and the word's end.
fn relative_word_after(f: &str, end: usize) -> Option<(i32, usize)> {
    let (word, _, we) = word_after(f, end);
    let word = word.strip_suffix('ه').unwrap_or(word);
    let direction = match word {
        "الماضي" | "المنصرم" | "الفائت" => -1,
        "الجاري" | "الحالي" => 0,
        "المقبل" | "القادم" => 1,
        _ => return None,
    };
    Some((direction, we))
}

/// Day number of `day month year` in `calendar`.
fn month_day_days(calendar: Calendar, year: i32, month: u32, day: u32) -> Option<i32> {
    match calendar {
        Calendar::Gregorian => gregorian_days(year, month, day),
        Calendar::Hijri => hijri_days(year, month, day),
    }
}

/// The year of `month` nearest before (`-1`), at (`0`) or after (`1`) the month holding
/// the published day `pd`, in `calendar`.
fn relative_month_year(calendar: Calendar, month: u32, direction: i32, pd: i32) -> Option<i32> {
    let base = match calendar {
        Calendar::Gregorian => crate::calendar::civil_from_days(pd).0,
        Calendar::Hijri => hijri_year_of(pd),
    };
    let start = |y: i32, m: u32| month_day_days(calendar, y, m, 1);
    // The first day of the published month: the latest month start on or before `pd`.
    let current = (base - 1..=base + 1)
        .flat_map(|y| (1..=12).filter_map(move |m| start(y, m)))
        .filter(|&d| d <= pd)
        .max()?;
    let candidates = (base - 2..=base + 2).filter_map(|y| start(y, month).map(|d| (y, d)));
    match direction {
        -1 => candidates
            .filter(|&(_, d)| d < current)
            .max_by_key(|&(_, d)| d),
        1 => candidates
            .filter(|&(_, d)| d > current)
            .min_by_key(|&(_, d)| d),
        _ => candidates
            .filter(|&(_, d)| d == current)
            .max_by_key(|&(_, d)| d),
    }
    .map(|(y, _)| y)
}

/// Day `day` of `month` nearest before (`-1`) or after (`1`) the published day `pd`.
fn relative_day_of_month(
    calendar: Calendar,
    month: u32,
    day: u32,
    direction: i32,
    pd: i32,
) -> Option<i32> {
    let base = match calendar {
        Calendar::Gregorian => crate::calendar::civil_from_days(pd).0,
        Calendar::Hijri => hijri_year_of(pd),
    };
    let dates = (base - 2..=base + 2).filter_map(|y| month_day_days(calendar, y, month, day));
    if direction < 0 {
        dates.filter(|&x| x < pd).max()
    } else {
        dates.filter(|&x| x > pd).min()
    }
}

/// A day number that ends right before `end` (after white space): the day and its start.
fn day_number_before(f: &str, end: usize) -> Option<(u32, usize)> {
    let b = skip_ws_back(f, end);
    let (d, len, ds) = number_before(f, b)?;
    let glued = matches!(char_before(f, ds), Some('.' | ',' | '/' | '-' | '٫'));
    (len <= 2 && (1..=31).contains(&d) && !glued).then_some((d, ds))
}

/// The Gregorian year and month `direction` months from the published day `pd`.
fn month_from(pd: i32, direction: i32) -> (i32, u32) {
    let (y, m, _) = crate::calendar::civil_from_days(pd);
    let index = y * 12 + m as i32 - 1 + direction;
    (index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
}

/// `15 الجاري`: day 15 of the published month.
fn day_of_current_month(f: &str, s: usize, e: usize, anchor: Option<i32>) -> Option<Found> {
    let (day, ds) = day_number_before(f, s)?;
    let date = match anchor {
        Some(pd) => {
            let (y, m) = month_from(pd, 0);
            Some(gregorian_days(y, m, day)?)
        }
        None => None,
    };
    Some(day_found(ds, e, Calendar::Gregorian, date, true))
}

/// الشهر الماضي / الجاري / المقبل: the published month moved by one; with a day before it
/// (`الـ15 من الشهر الجاري`), that day of the month.
fn relative_month(f: &str, s: usize, e: usize, anchor: Option<i32>) -> Option<Found> {
    let Some((direction, we)) = relative_word_after(f, e) else {
        // هذا الشهر: the published month.
        let start = demonstrative_before(f, s)?;
        return Some(Found {
            start,
            end: e,
            value: anchor.map(|pd| {
                let (y, m) = month_from(pd, 0);
                format!("{y:04}-{m:02}")
            }),
            precision: DatePrecision::Month,
            calendar: Calendar::Gregorian,
            date: None,
            relative: true,
        });
    };
    let (linked_at, linked) = skip_month_links(f, s);
    if linked && let Some((day, ds)) = day_number_before(f, linked_at) {
        let date = match anchor {
            Some(pd) => {
                let (y, m) = month_from(pd, direction);
                Some(gregorian_days(y, m, day)?)
            }
            None => None,
        };
        return Some(day_found(ds, we, Calendar::Gregorian, date, true));
    }
    let value = anchor.map(|pd| {
        let (y, m) = month_from(pd, direction);
        format!("{y:04}-{m:02}")
    });
    Some(Found {
        start: s,
        end: we,
        value,
        precision: DatePrecision::Month,
        calendar: Calendar::Gregorian,
        date: None,
        relative: true,
    })
}

/// Where هذا/هذه (this) starts when it ends right before `s`, after a proclitic if any
/// or two (`هذا العام`, `ولهذه السنة`, `وهذا الشهر`).
fn demonstrative_before(f: &str, s: usize) -> Option<usize> {
    let word = word_before(f, s);
    let bare = word.trim_start_matches(['و', 'ل', 'ب', 'ف']);
    (word.len() - bare.len() <= 2 * 'و'.len_utf8() && matches!(bare, "هذا" | "هذه"))
        .then(|| skip_ws_back(f, s) - bare.len())
}

/// Folded number words of three to ten, as counted before أيام.
const COUNT_WORDS: [(&str, u32); 16] = [
    ("ثلاثه", 3),
    ("ثلاث", 3),
    ("اربعه", 4),
    ("اربع", 4),
    ("خمسه", 5),
    ("خمس", 5),
    ("سته", 6),
    ("ست", 6),
    ("سبعه", 7),
    ("سبع", 7),
    ("ثمانيه", 8),
    ("ثماني", 8),
    ("تسعه", 9),
    ("تسع", 9),
    ("عشره", 10),
    ("عشر", 10),
];

/// قبل يومين, منذ ثلاثة أيام, قبل 10 أيام, بعد يومين: the published day moved by the count.
/// `بعد ... من` (two days after some event) is left out: its anchor is not the published day.
fn day_count(f: &str, s: usize, e: usize, fixed: u32, anchor: Option<i32>) -> Option<Found> {
    let (days, count_start) = if fixed > 0 {
        (fixed, s)
    } else {
        let b = skip_ws_back(f, s);
        if let Some((n, len, ns)) = number_before(f, b) {
            if len > 3 {
                return None;
            }
            (n, ns)
        } else {
            let word = word_before(f, s);
            let n = COUNT_WORDS.iter().find(|(w, _)| *w == word)?.1;
            (n, skip_ws_back(f, s) - word.len())
        }
    };
    if days == 0 {
        return None;
    }
    let cue = word_before(f, count_start);
    let cue_start = skip_ws_back(f, count_start) - cue.len();
    let direction = match cue.strip_prefix('و').unwrap_or(cue) {
        "قبل" | "منذ" => -1,
        "بعد" => {
            if matches!(word_after(f, e).0, "من" | "علي" | "على") {
                return None;
            }
            1
        }
        _ => return None,
    };
    let offset = direction * i32::try_from(days).ok()?;
    Some(day_found(
        cue_start,
        e,
        Calendar::Gregorian,
        anchor.map(|pd| pd + offset),
        true,
    ))
}

fn year_after_cue(
    f: &str,
    s: usize,
    e: usize,
    relative_ok: bool,
    anchor: Option<i32>,
) -> Option<Found> {
    let p = skip_ws(f, e);
    if let Some((y, ye)) = year_at(f, p) {
        let (se, suffix) = year_suffix(f, ye);
        let calendar = if suffix == Some(true) {
            Calendar::Hijri
        } else {
            Calendar::Gregorian
        };
        let ok = match calendar {
            Calendar::Gregorian => (1700..=2200).contains(&y),
            Calendar::Hijri => (1200..=1700).contains(&y),
        };
        return ok.then(|| Found {
            start: p,
            end: se,
            value: Some(format!("{y:04}")),
            precision: DatePrecision::Year,
            calendar,
            date: None,
            relative: false,
        });
    }
    if !relative_ok {
        return None;
    }
    // العام الماضي / الجاري / المقبل, السنة الماضية, للعام المقبل. Only the definite
    // forms: `الـ14 سنة القادمة` is a span of years.
    let definite = f.get(s..e).is_some_and(|w| w.starts_with("ال"))
        || f.get(..s).is_some_and(|b| b.ends_with("لل"));
    if !definite {
        return None;
    }
    // هذا العام, لهذه السنة: the published year.
    let (offset, start, we) = match relative_word_after(f, e) {
        Some((offset, we)) => (offset, s, we),
        None => (0, demonstrative_before(f, s)?, e),
    };
    let value = anchor.map(|pd| format!("{:04}", crate::calendar::civil_from_days(pd).0 + offset));
    Some(Found {
        start,
        end: we,
        value,
        precision: DatePrecision::Year,
        calendar: Calendar::Gregorian,
        date: None,
        relative: true,
    })
}

fn relative_day(
    f: &str,
    s: usize,
    e: usize,
    offset: i32,
    today: bool,
    anchor: Option<i32>,
) -> Option<Found> {
    // أمس الثلاثاء, اليوم الأربعاء: the weekday names the same day, one mention.
    let (next, _, ne) = word_after(f, e);
    let named = WEEKDAYS_FOLDED.iter().position(|w| *w == next);
    let end = if named.is_some() { ne } else { e };
    // في أمس الحاجة: the superlative أمسّ (most in need), not yesterday; في اليوم نفسه:
    // the same day as some event, not today.
    if (offset == -1 && next == "الحاجه") || (today && matches!(next, "نفسه" | "ذاته"))
    {
        return None;
    }
    if today && end == e {
        // اليوم الوطني is a named day; إلى and إلا only look like an adjective.
        if next.starts_with("ال") && !matches!(next, "الي" | "الا") {
            return None;
        }
        // لـ«اليوم», صحيفة "اليوم": a quoted اليوم is the newspaper's name.
        if matches!(char_before(f, s), Some('«' | '"' | '“' | '”'))
            && matches!(char_at(f, e), Some('»' | '"' | '”' | '“'))
        {
            return None;
        }
        let prev = word_before(f, s);
        let prev = prev.trim_start_matches(['و', 'ل', 'ب']);
        if matches!(
            prev,
            "صحيفه"
                | "جريده"
                | "هذا"
                | "ذلك"
                | "مثل"
                | "هذه"
                | "موقع"
                | "قناه"
                | "ذات"
                | "نفس"
        ) {
            return None;
        }
    }
    // The weekday is the more exact of the two (a story filed before its published date
    // says أمس الاثنين on a Wednesday): for اليوم/أمس the latest such day on or before the
    // relative one, as for a bare weekday (news reports the past); for غدا/بعد غد the
    // nearest one.
    let date = anchor.map(|pd| {
        let near = pd + offset;
        match named {
            Some(day) => {
                let back = (weekday(near) as i32 - day as i32).rem_euclid(7);
                if offset <= 0 || back <= 3 {
                    near - back
                } else {
                    near + 7 - back
                }
            }
            None => near,
        }
    });
    Some(day_found(s, end, Calendar::Gregorian, date, true))
}

/// Folded Arabic weekday names.
const WEEKDAYS_FOLDED: [&str; 7] = [
    "الاحد",
    "الاثنين",
    "الثلاثاء",
    "الاربعاء",
    "الخميس",
    "الجمعه",
    "السبت",
];

#[allow(clippy::too_many_arguments)] // one call site per language
fn weekday_date(
    f: &str,
    s: usize,
    e: usize,
    day: u32,
    anchor: Option<i32>,
    english: bool,
    matches: &[(usize, usize, Cue)],
) -> Option<Found> {
    let mut start = s;
    let mut end = e;
    let prev = word_before(f, s);
    if matches!(prev, "صلاه" | "خطبه" | "صلاتي" | "خطيب" | "صلوات") {
        return None;
    }
    // بين الاثنين, كلا الاثنين: "the two", unless another weekday follows (بين الاثنين
    // والخميس).
    if day == 1 && matches!(prev.strip_prefix('و').unwrap_or(prev), "بين" | "كلا") {
        let (next, _, _) = word_after(f, e);
        let next = next.strip_prefix('و').unwrap_or(next);
        if !WEEKDAYS_FOLDED.contains(&next) {
            return None;
        }
    }
    let mut direction = 0i32;
    if matches!(prev, "يوم" | "last" | "next") {
        start = skip_ws_back(f, s) - prev.len();
        direction = match prev {
            "last" => -1,
            "next" => 1,
            _ => 0,
        };
    }
    // A date follows: الأحد 15 مارس / الأحد، 2024/3/15 / الأحد (26/7/2015) / الأحد الموافق.
    let mut p = skip_ws(f, e);
    if matches!(char_at(f, p), Some(',' | '،' | '(')) {
        p = skip_ws(f, p + char_at(f, p).map_or(1, char::len_utf8));
    }
    if char_at(f, p).is_some_and(|c| c.is_ascii_digit())
        || matches
            .iter()
            .any(|&(ms, _, cue)| ms == p && matches!(cue, Cue::Month { .. }))
    {
        return None;
    }
    let (next, _, _) = word_after(f, e);
    if next == "الموافق" {
        return None;
    }
    if !english && let Some((d @ (-1 | 1), we)) = relative_word_after(f, e) {
        direction = d;
        end = we;
    }
    let date = anchor.map(|pd| {
        let today = weekday(pd) as i32;
        let back = (today - day as i32).rem_euclid(7);
        match direction {
            -1 => pd - if back == 0 { 7 } else { back },
            1 => {
                let fwd = (day as i32 - today).rem_euclid(7);
                pd + if fwd == 0 { 7 } else { fwd }
            }
            _ => pd - back,
        }
    });
    Some(day_found(start, end, Calendar::Gregorian, date, true))
}

/// The second day of a dashed range (`5-7 مارس`) ending at `end`: the day and its start.
/// The first day must be a smaller standalone day number.
fn dashed_range_end(f: &str, end: usize) -> Option<(u32, usize)> {
    let b = skip_ws_back(f, end);
    let (d, len, ds) = number_before(f, b)?;
    if len > 2 || !(1..=31).contains(&d) {
        return None;
    }
    let dash = skip_ws_back(f, ds);
    let before_dash = match char_before(f, dash)? {
        c @ ('-' | '–') => dash - c.len_utf8(),
        _ => return None,
    };
    let (first, _) = day_number_before(f, before_dash)?;
    (first < d).then_some((d, ds))
}

/// The first day of a range whose second day is `d` (`من 5 إلى 7 مارس`, `بين 10 و12
/// أكتوبر`, `يومي 5 و6 مارس`, `5-7 مارس`): same month and year, `d`'s date moved back.
fn range_start(f: &str, d: &Found) -> Option<Found> {
    if d.precision != DatePrecision::Day {
        return None;
    }
    let (day, _, _) = number_at(f, d.start)?;
    let mut p = d.start;
    let mut dashed = false;
    if char_before(f, p) == Some('و') && !char_before(f, p - 'و'.len_utf8()).is_some_and(is_letter)
    {
        p -= 'و'.len_utf8();
    } else {
        let q = skip_ws_back(f, p);
        if let Some(c @ ('-' | '–')) = char_before(f, q) {
            p = q - c.len_utf8();
            dashed = true;
        } else {
            let word = word_before(f, p);
            if !matches!(word, "الي" | "حتي" | "و") {
                return None;
            }
            p = skip_ws_back(f, p) - word.len();
        }
    }
    let (first, ds) = day_number_before(f, p)?;
    if first >= day {
        return None;
    }
    // A word range needs its opener: من 5 إلى 7, بين 10 و12, يومي 5 و6.
    let opener = word_before(f, ds);
    let opener = opener.strip_prefix('و').unwrap_or(opener);
    if !dashed && !matches!(opener, "من" | "بين" | "يومي") {
        return None;
    }
    let offset = i32::try_from(day - first).ok()?;
    Some(day_found(
        ds,
        ds + number_at(f, ds)?.1,
        d.calendar,
        d.date.map(|x| x - offset),
        d.relative,
    ))
}

/// Where the year after a link to a previous year starts: `و2023`, `وحتى 2015`, `إلى
/// 2015`, `- 2015`.
fn year_link_end(f: &str, end: usize) -> Option<usize> {
    let p = skip_ws(f, end);
    if let Some(c @ ('-' | '–')) = char_at(f, p) {
        return Some(skip_ws(f, p + c.len_utf8()));
    }
    let (word, _, we) = word_after(f, p);
    matches!(word, "و" | "وحتي" | "حتي" | "الي" | "لغايه" | "ولغايه").then(|| skip_ws(f, we))
}

/// The second year of a pair or range after a year (`عامي 2022 و2023`, `منذ 2011 وحتى
/// 2015`).
fn paired_year(f: &str, y: &Found) -> Option<Found> {
    if y.precision != DatePrecision::Year || y.relative {
        return None;
    }
    let start = year_link_end(f, y.end)?;
    let (year, ye) = year_at(f, start)?;
    let (end, suffix) = year_suffix(f, ye);
    let ok = match y.calendar {
        Calendar::Gregorian => (1700..=2200).contains(&year) && suffix != Some(true),
        Calendar::Hijri => (1200..=1700).contains(&year) && suffix != Some(false),
    };
    (ok && !char_at(f, end).is_some_and(is_letter)).then(|| Found {
        start,
        end,
        value: Some(format!("{year:04}")),
        precision: DatePrecision::Year,
        calendar: y.calendar,
        date: None,
        relative: false,
    })
}

/// Numeric dates (`12/5/2024`, `2024-05-12`) and suffixed years (`2015م`, `1436هـ`).
fn numeric_dates(f: &str, found: &mut Vec<Found>) {
    let bytes = f.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let glued = i >= 2
            && matches!(bytes[i - 1], b'.' | b'/' | b'-' | b',')
            && bytes[i - 2].is_ascii_digit();
        let Some((a, alen, aend)) = number_at(f, i) else {
            break;
        };
        if !glued && let Some(d) = numeric_date(f, i, a, alen, aend) {
            i = d.end;
            found.push(d);
            continue;
        } else if !glued && alen == 4 {
            let (se, suffix) = year_suffix(f, aend);
            let y = a as i32;
            let calendar = match suffix {
                Some(false) if (1700..=2200).contains(&y) => Some(Calendar::Gregorian),
                Some(true) if (1200..=1700).contains(&y) => Some(Calendar::Hijri),
                _ => None,
            };
            // من 2011 إلى 2015, بين 2009 و2013: a range of two bare years.
            let opener = word_before(f, i);
            let range = suffix.is_none()
                && (1900..=2100).contains(&y)
                && matches!(opener.strip_prefix('و').unwrap_or(opener), "من" | "بين")
                && year_link_end(f, aend)
                    .and_then(|p| year_at(f, p))
                    .is_some_and(|(second, _)| (1900..=2100).contains(&second));
            let calendar = calendar.or_else(|| range.then_some(Calendar::Gregorian));
            // وفي 2022، ارتفعت: a bare year after في/خلال that ends its clause.
            let calendar = calendar.or_else(|| {
                let clause_end = matches!(
                    char_at(f, skip_ws(f, aend)),
                    Some('،' | ',' | '.' | '\n') | None
                );
                let cue = word_before(f, i);
                let cue = cue.strip_prefix('و').unwrap_or(cue);
                (suffix.is_none()
                    && (1900..=2100).contains(&y)
                    && clause_end
                    && matches!(cue, "في" | "خلال"))
                .then_some(Calendar::Gregorian)
            });
            if let Some(calendar) = calendar
                && !matches!(bytes.get(aend..aend + 2), Some([b'.' | b',', d]) if d.is_ascii_digit())
            {
                let year = Found {
                    start: i,
                    end: se,
                    value: Some(format!("{y:04}")),
                    precision: DatePrecision::Year,
                    calendar,
                    date: None,
                    relative: false,
                };
                let mut next = range.then(|| paired_year(f, &year)).flatten();
                found.push(year);
                while let Some(n) = next {
                    next = paired_year(f, &n);
                    found.push(n);
                }
            }
        }
        i = aend;
    }
}

fn numeric_date(f: &str, start: usize, a: u32, alen: usize, aend: usize) -> Option<Found> {
    let bytes = f.as_bytes();
    // Saudi notices space the separators: 26 / 9 / 1436هـ, 26 - 5 - 1436هـ.
    let p = skip_ws(f, aend);
    let sep = *bytes.get(p)?;
    if !matches!(sep, b'/' | b'-' | b'.') {
        return None;
    }
    let spaced = p > aend;
    let (b, blen, bend) = number_at(f, skip_ws(f, p + 1))?;
    let q = skip_ws(f, bend);
    if bytes.get(q) != Some(&sep) || (sep == b'.' && (spaced || q > bend)) {
        return None;
    }
    let (c, clen, cend) = number_at(f, skip_ws(f, q + 1))?;
    if matches!(bytes.get(cend..cend + 2), Some([b'.' | b'/' | b'-' | b',', d]) if d.is_ascii_digit())
    {
        return None;
    }
    let (y, mut m, mut d) = if alen == 4 && blen <= 2 && clen <= 2 {
        (a as i32, b, c)
    } else if clen == 4 && alen <= 2 && blen <= 2 {
        (c as i32, b, a)
    } else {
        return None;
    };
    if m > 12 && d <= 12 {
        std::mem::swap(&mut m, &mut d);
    }
    let (end, suffix) = year_suffix(f, cend);
    let hijri = suffix == Some(true) || (suffix.is_none() && (1300..=1500).contains(&y));
    let (calendar, date) = if hijri {
        if !(1200..=1700).contains(&y) {
            return None;
        }
        (Calendar::Hijri, hijri_days(y, m, d)?)
    } else {
        if !(1700..=2200).contains(&y) {
            return None;
        }
        (Calendar::Gregorian, gregorian_days(y, m, d)?)
    };
    Some(day_found(start, end, calendar, Some(date), false))
}

#[cfg(test)]
#[path = "dates_tests.rs"]
mod tests;
