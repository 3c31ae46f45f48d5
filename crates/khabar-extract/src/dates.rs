//! Date mentions: month-name dates of every Arabic family, Hijri dates, numeric dates,
//! cued years, relative dates and English dates, resolved to ISO values.
//!
//! Decisions (the spec left them open):
//! - `value` is the Gregorian ISO day whenever the day is known, in both calendars, so SQL
//!   can compare; a Hijri month or year without a day keeps the Hijri numbers
//!   (`1445-09`, `1445`) with `calendar = hijri` and `date = None`.
//! - Double dating (`١٥ رمضان ١٤٤٥هـ الموافق ٢٥ مارس ٢٠٢٤م`) gives two mentions, one per
//!   calendar; dual month names (`آب/أغسطس`, `أغسطس (آب)`) give one.
//! - A month name alone is not a date (مارس is also a verb): it needs a day before it or
//!   a year after it; English short names (`Feb.`) need a day, and صفر (also "zero", as
//!   in a score) needs a year.
//! - A day and month without a year take the year that puts the date nearest the
//!   document's published day, and are marked `relative`; without `published`, value null.
//! - A bare year needs a cue: عام/العام/سنة/منذ before it, or the suffix م/هـ after it
//!   (`2015م`, `1436 هـ`); English `in`/`since`/`during` in English text. The span is the
//!   year and its suffix, not the cue word. العام الماضي/الجاري/المقبل are relative years.
//! - Numeric dates are day first (`12/5/2024`, `12-05-2024`, `12.5.2024`) unless the year
//!   leads (`2024/05/12`) or the second number cannot be a month (`5/25/2024`); years
//!   1300-1500 or a هـ suffix make them Hijri.
//! - A bare weekday (`الثلاثاء`) is the latest such day on or before `published` (news
//!   reports the past); with الماضي it is strictly before, with المقبل/القادم strictly
//!   after. A weekday directly followed by a numeric date is left to that date.
//! - اليوم is skipped before an adjective (`اليوم الوطني`) and after صحيفة/هذا/مثل, where
//!   it is not "today".

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
                } => month_date(f, s, e, calendar, month, en, short, anchor, &matches),
                Cue::YearWord { relative_ok } => year_after_cue(f, s, e, relative_ok, anchor),
                Cue::EnglishYearWord if english => year_after_cue(f, s, e, false, anchor),
                Cue::Relative { offset, today } => relative_day(f, s, e, offset, today, anchor),
                Cue::EnglishRelative(offset) if english => {
                    relative_day(f, s, e, offset, false, anchor)
                }
                Cue::Weekday(day) => weekday_date(f, s, e, day, anchor, false),
                Cue::EnglishWeekday(day) if english => weekday_date(f, s, e, day, anchor, true),
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

/// A year suffix after `pos`: (end, Some(true) for هـ, Some(false) for م).
fn year_suffix(f: &str, pos: usize) -> (usize, Option<bool>) {
    let p = skip_ws(f, pos);
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
    // Dual names: آب/أغسطس, أغسطس (آب), آب - أغسطس.
    let p = skip_ws(f, end);
    if let Some(open @ ('/' | '(' | '-' | '–')) = char_at(f, p) {
        let q = skip_ws(f, p + open.len_utf8());
        if let Some(&(_, me, Cue::Month { .. })) = matches.iter().find(|m| m.0 == q) {
            end = me;
            let r = skip_ws(f, me);
            if open == '(' && char_at(f, r) == Some(')') {
                end = r + 1;
            }
        }
    }
    // Day before: 15 مارس.
    let mut start = s;
    let mut day = None;
    let b = skip_ws_back(f, s);
    if let Some((d, len, ds)) = number_before(f, b)
        && len <= 2
        && (1..=31).contains(&d)
        && !matches!(char_before(f, ds), Some('.' | ',' | '/' | '-' | '٫'))
    {
        day = Some(d);
        start = ds;
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
    // Year after, possibly behind a comma.
    let mut p = skip_ws(f, end);
    if matches!(char_at(f, p), Some(',' | '،')) {
        p = skip_ws(f, p + char_at(f, p).map_or(1, char::len_utf8));
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
    // العام الماضي / الجاري / المقبل.
    let (word, _, we) = word_after(f, e);
    let offset = match word {
        "الماضي" | "المنصرم" | "الفائت" => -1,
        "الجاري" | "الحالي" => 0,
        "المقبل" | "القادم" => 1,
        _ => return None,
    };
    let value = anchor.map(|pd| format!("{:04}", crate::calendar::civil_from_days(pd).0 + offset));
    Some(Found {
        start: s,
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
    if today {
        let (next, _, _) = word_after(f, e);
        if next.starts_with("ال") {
            return None;
        }
        let prev = word_before(f, s);
        let prev = prev.trim_start_matches(['و', 'ل', 'ب']);
        if matches!(
            prev,
            "صحيفه" | "جريده" | "هذا" | "ذلك" | "مثل" | "هذه" | "موقع" | "قناه"
        ) {
            return None;
        }
    }
    Some(day_found(
        s,
        e,
        Calendar::Gregorian,
        anchor.map(|pd| pd + offset),
        true,
    ))
}

fn weekday_date(
    f: &str,
    s: usize,
    e: usize,
    day: u32,
    anchor: Option<i32>,
    english: bool,
) -> Option<Found> {
    let mut start = s;
    let mut end = e;
    let prev = word_before(f, s);
    if matches!(prev, "صلاه" | "خطبه" | "صلاتي" | "خطيب" | "صلوات") {
        return None;
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
    // A date follows: الأحد 15 مارس / الأحد، 2024/3/15 / الأحد الموافق.
    let mut p = skip_ws(f, e);
    if matches!(char_at(f, p), Some(',' | '،')) {
        p = skip_ws(f, p + char_at(f, p).map_or(1, char::len_utf8));
    }
    if char_at(f, p).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    let (next, _, ne) = word_after(f, e);
    if next == "الموافق" {
        return None;
    }
    if !english {
        match next {
            "الماضي" | "المنصرم" | "الفائت" => {
                direction = -1;
                end = ne;
            }
            "المقبل" | "القادم" => {
                direction = 1;
                end = ne;
            }
            _ => {}
        }
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
            if let Some(calendar) = calendar
                && !matches!(bytes.get(aend..aend + 2), Some([b'.' | b',', d]) if d.is_ascii_digit())
            {
                found.push(Found {
                    start: i,
                    end: se,
                    value: Some(format!("{y:04}")),
                    precision: DatePrecision::Year,
                    calendar,
                    date: None,
                    relative: false,
                });
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
