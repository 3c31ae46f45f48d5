//! Amounts: numbers in digits or words, with multipliers, and their unit (a currency
//! code, `%`, or the counted noun).
//!
//! Decisions:
//! - A number needs a unit to be an amount: a currency, a percent word or sign, or a
//!   counted noun right after it (`5 قتلى` -> unit `قتلى`, the surface form). Bare numbers
//!   are left out: without a unit they are mostly years, page numbers and codes.
//! - Numbers that are part of a date are skipped: beside a month name or a year word
//!   (عام، سنة، منذ), with a year suffix (`2015م`), or in a numeric date (`12/5/2024`),
//!   a time (`10:30`), or glued to letters (`G20`, `كوفيد-19`).
//! - Number words compose: `ثلاثة آلاف وخمسمائة` -> 3500, `مليون و500 ألف` -> 1500000,
//!   `ست مرات` -> 6 with unit `مرات`.
//! - Qualified currencies take the country code from the next word (`دينار ليبي` -> LYD);
//!   unqualified دينار/جنيه/درهم/ليرة keep the word as the unit, ريال defaults to SAR.
//! - A Latin currency code may stand before the number, glued or spaced (`SR500 million`,
//!   `USD 3 billion`), like a symbol.
//! - A qualifier naming the currency's default country stays in the span (`ريال سعودي`,
//!   `دولار أمريكي`); دولار أسترالي/كندي are AUD/CAD.
//! - نصف and ربع count a multiplier (`نصف مليون` -> 500000, `مليار ونصف` -> 1.5e9,
//!   `تريليون ونصف تريليون` -> 1.5e12); alone (`نصف ساعة`) they are no amount.
//! - A counted noun is indefinite: a word with the article (`رؤية 2030 الطموحة`, `آلاف
//!   الأطنان`) is not the unit, and times of day (`8 صباحا`, `9 مساء`) are not amounts.
//! - `object` is left empty: finding what is paid for needs parsing beyond this pass.

use crate::Analysis;
use crate::amount_cues::{AmountCue, PLURAL_MULTIPLIERS, qualify};
use crate::cue_scan::{CueScanner, Hit};
use crate::fold::Folded;
use crate::scan::{char_at, char_before, is_letter, skip_ws, word_after, word_before};
use khabar_core::Amount;

/// Finds amounts. Build once; `Send + Sync`.
#[derive(Debug, Clone)]
pub struct AmountExtractor {
    scanner: CueScanner,
}

impl Default for AmountExtractor {
    fn default() -> Self {
        Self::new()
    }
}

/// One piece of a number expression, over folded byte positions.
#[derive(Debug, Clone, Copy)]
struct Event {
    start: usize,
    end: usize,
    kind: Kind,
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    /// A digit run's value and its number of decimals (`8.24` -> 2).
    Digits(f64, u32),
    /// Digits that belong to a date, a time or a code.
    NotAmount,
    Cue(AmountCue),
}

/// Folded words that never are a counted noun.
const NOT_NOUNS: &[&str] = &[
    "منهم",
    "منها",
    "منه",
    "عليه",
    "عليها",
    "له",
    "لها",
    "لهم",
    "فيها",
    "فيه",
    "في",
    "من",
    "الي",
    "على",
    "علي",
    "عن",
    "او",
    "ثم",
    "حتي",
    "ان",
    "انه",
    "التي",
    "الذي",
    "الذين",
    "بين",
    "مع",
    "قبل",
    "بعد",
    "مقابل",
    "نحو",
    "حوالي",
    "اكثر",
    "اقل",
    "فقط",
    "ما",
    "لا",
    "لم",
    "لن",
    "قد",
    "كما",
    "هو",
    "هي",
    "هم",
    "وفي",
    "ومن",
    "الف",
    "و",
    "of",
    "the",
    "and",
    "to",
    "in",
    "on",
    "for",
    "at",
    "by",
    "from",
    "with",
    "or",
    "a",
    "an",
    "is",
    "was",
    "were",
    "are",
    "than",
    "as",
    "كل",
    "اي",
    "عند",
    "لدي",
    "ضد",
    "خلال",
    "حول",
    "الا",
    "هذا",
    "هذه",
    "تلك",
    "ذلك",
    // Times of day: 8 صباحا, 9 مساء are clock times.
    "صباحا",
    "صباح",
    "مساء",
    "مساءا",
    "ظهرا",
    "عصرا",
    "فجرا",
    "ليلا",
    "am",
    "pm",
];

impl AmountExtractor {
    /// Builds the cue automaton.
    #[must_use]
    pub fn new() -> Self {
        Self {
            scanner: CueScanner::new(),
        }
    }

    /// Amounts of `text` in text order. `analysis` keeps a counted noun in the number's
    /// sentence.
    #[must_use]
    pub fn extract(&self, text: &str, analysis: &Analysis) -> Vec<Amount> {
        let folded = Folded::new(text);
        let hits = self.scanner.scan(&folded.text);
        Self::extract_folded(text, &folded, &hits, analysis)
    }

    /// [`Self::extract`] over an already folded and scanned text.
    pub(crate) fn extract_folded(
        text: &str,
        folded: &Folded,
        hits: &[Hit],
        analysis: &Analysis,
    ) -> Vec<Amount> {
        let f = folded.text.as_str();
        let events = Self::events(f, hits);
        let mut out = Vec::new();
        let mut i = 0;
        while i < events.len() {
            match Self::amount_at(f, &events, i, folded, text, analysis) {
                Some((amount, next)) => {
                    out.extend(amount);
                    i = next.max(i + 1);
                }
                None => i += 1,
            }
        }
        out
    }

    fn events(f: &str, hits: &[Hit]) -> Vec<Event> {
        let mut events: Vec<Event> = Vec::new();
        for h in hits {
            let Some(cue) = h.amount else { continue };
            let symbol = matches!(cue, AmountCue::Percent | AmountCue::Currency { .. })
                && !f[h.start..].starts_with(is_letter);
            if symbol || bounded(f, h.start, h.end) {
                events.push(Event {
                    start: h.start,
                    end: h.end,
                    kind: Kind::Cue(cue),
                });
            }
        }
        let bytes = f.as_bytes();
        let n_cues = events.len();
        let mut i = 0;
        while i < bytes.len() {
            if !bytes[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let (value, decimals, end, plain) = parse_digits(f, i);
            // SR500 million: a currency code glued before the digits.
            let code_glued = {
                let cues = &events[..n_cues];
                let k = cues.partition_point(|e| e.start < i);
                k > 0 && cues[k - 1].end == i && is_code(f, &cues[k - 1])
            };
            let before = char_before(f, i);
            let proclitic = before.is_some_and(|c| matches!(c, 'و' | 'ب' | 'ل' | 'ف' | 'ك'))
                && !char_before(f, i - 2).is_some_and(is_letter);
            let glued = before.is_some_and(|c| {
                (is_letter(c) && !proclitic && !code_glued)
                    || matches!(c, '-' | '_' | '.' | '/' | ':' | ',')
            }) || char_at(f, end).is_some_and(|c| matches!(c, '/' | ':' | '-' | '_'));
            let year_suffix = {
                let p = skip_ws(f, end);
                (matches!(char_at(f, p), Some('م' | 'ه'))
                    && !char_at(f, p + 2).is_some_and(is_letter))
                    || matches!(
                        word_after(f, p).0,
                        "هجري"
                            | "هجريه"
                            | "هجريا"
                            | "للهجره"
                            | "ميلادي"
                            | "ميلاديه"
                            | "ميلاديا"
                            | "للميلاد"
                    )
            };
            let kind = if plain && !glued && !year_suffix {
                Kind::Digits(value, decimals)
            } else {
                Kind::NotAmount
            };
            events.push(Event {
                start: i,
                end,
                kind,
            });
            i = end.max(i + 1);
        }
        events.sort_by_key(|e| e.start);
        events
    }

    /// The amount that starts at event `i`, and the index of the first event after it.
    fn amount_at(
        f: &str,
        events: &[Event],
        i: usize,
        folded: &Folded,
        text: &str,
        analysis: &Analysis,
    ) -> Option<(Option<Amount>, usize)> {
        let first = events.get(i)?;
        let starts_number = matches!(
            first.kind,
            Kind::Digits(..) | Kind::Cue(AmountCue::Number(_) | AmountCue::Multiplier { .. })
        );
        if !starts_number {
            return None;
        }
        // ملايين الدولارات, (7.3) تريليونات دولار: a plural multiplier with no count of
        // its own is "millions", not one million.
        if matches!(first.kind, Kind::Cue(AmountCue::Multiplier { .. }))
            && f.get(first.start..first.end)
                .is_some_and(|w| PLURAL_MULTIPLIERS.contains(&w))
        {
            return None;
        }
        // A word number right after digits that are no amount (`7ر10 مليار`, `1,5 مليون`):
        // its count is unknown, and reading the word alone (one billion) would be wrong.
        if !matches!(first.kind, Kind::Digits(..))
            && i.checked_sub(1)
                .and_then(|k| events.get(k))
                .is_some_and(|e| {
                    matches!(e.kind, Kind::NotAmount)
                        && f.get(e.end..first.start)
                            .is_some_and(|g| g.trim().is_empty())
                })
        {
            return None;
        }
        let mut start = first.start;
        let mut end = first.end;
        let (mut total, mut current) = (0.0f64, 0.0f64);
        let mut j = i;
        let mut last_was_digits = false;
        let mut previous_multiplier = false;
        let mut last_scale = 0.0f64;
        // Decimals of the digits in `current`, so a multiplier scales them exactly.
        let mut decimals = 0u32;
        while let Some(e) = events.get(j) {
            if j > i {
                let gap = f.get(end..e.start).unwrap_or("x").trim();
                let joined = gap.is_empty() || gap == "و";
                if !joined {
                    break;
                }
                // Two digit runs never form one number; after a multiplier a new part
                // needs و (مليون و500 ألف).
                if matches!(e.kind, Kind::Digits(..))
                    && (last_was_digits || (previous_multiplier && gap != "و"))
                {
                    break;
                }
            }
            match e.kind {
                Kind::Digits(v, places) => {
                    current += v;
                    decimals = places;
                    last_was_digits = true;
                    previous_multiplier = false;
                }
                Kind::Cue(AmountCue::Number(v)) if v < 1.0 => {
                    // نصف/ربع: before a multiplier (نصف مليون), or after one with و
                    // (مليار ونصف) as that fraction of it.
                    let next_multiplier = events.get(j + 1).is_some_and(|n| {
                        matches!(n.kind, Kind::Cue(AmountCue::Multiplier { .. }))
                            && f.get(e.end..n.start).is_some_and(|g| g.trim().is_empty())
                    });
                    if j == i && next_multiplier {
                        current = v;
                    } else if previous_multiplier && last_scale > 0.0 {
                        // تريليون ونصف تريليون: the fraction of the multiplier named again.
                        let (scale, used) = match events.get(j + 1) {
                            Some(&Event {
                                end,
                                kind: Kind::Cue(AmountCue::Multiplier { scale, .. }),
                                ..
                            }) if next_multiplier => (scale, end),
                            _ => (last_scale, e.end),
                        };
                        total += v * scale;
                        end = used;
                        j += if next_multiplier { 2 } else { 1 };
                        break;
                    } else {
                        break;
                    }
                    last_was_digits = false;
                    previous_multiplier = false;
                }
                Kind::Cue(AmountCue::Number(v)) => {
                    decimals = 0;
                    if (v - 100.0).abs() < f64::EPSILON && (1.0..10.0).contains(&current) {
                        current *= 100.0;
                    } else {
                        current += v;
                    }
                    last_was_digits = false;
                    previous_multiplier = false;
                }
                Kind::Cue(AmountCue::Multiplier { scale, dual }) => {
                    let count = if dual {
                        2.0
                    } else if current == 0.0 {
                        1.0
                    } else {
                        current
                    };
                    total += if dual || current == 0.0 {
                        count * scale
                    } else {
                        scaled(count, decimals, scale)
                    };
                    last_scale = scale;
                    current = 0.0;
                    decimals = 0;
                    last_was_digits = false;
                    previous_multiplier = true;
                }
                _ => break,
            }
            end = e.end;
            j += 1;
        }
        if j == i {
            // A fraction with no multiplier (نصف ساعة): no amount.
            return None;
        }
        let value = total + current;
        // A date word or a non-amount number right before or after: this is a date.
        let previous = i.checked_sub(1).and_then(|k| events.get(k));
        let before = previous.filter(|e| f.get(e.end..start).is_some_and(|g| g.trim().is_empty()));
        let after = events
            .get(j)
            .filter(|e| f.get(end..e.start).is_some_and(|g| g.trim().is_empty()));
        // يوليو (تموز) 2014: a dual month name closes its parenthesis before the year.
        let date_before = previous.is_some_and(|e| {
            matches!(e.kind, Kind::Cue(AmountCue::DateWord))
                && f.get(e.end..start).is_some_and(|g| {
                    g.chars().filter(|&c| c == ')').count() <= 1
                        && g.chars().all(|c| c == ')' || c.is_whitespace())
                })
        });
        if date_before || after.is_some_and(|e| matches!(e.kind, Kind::Cue(AmountCue::DateWord))) {
            return Some((None, j));
        }
        let mut next = j;
        let unit = if let Some(Event {
            end: ce,
            kind: Kind::Cue(AmountCue::Currency { code, qualified }),
            ..
        }) = after
        {
            end = *ce;
            next = j + 1;
            let mut code = *code;
            if *qualified {
                let (word, _, we) = word_after(f, end);
                if let Some(q) = qualify(code, word) {
                    end = we;
                    code = q;
                }
            }
            Some(code.to_owned())
        } else if let Some(Event {
            end: pe,
            kind: Kind::Cue(AmountCue::Percent),
            ..
        }) = after
        {
            end = *pe;
            next = j + 1;
            Some("%".to_owned())
        } else if let Some(
            e @ Event {
                start: cs,
                kind: Kind::Cue(AmountCue::Currency { code, .. }),
                ..
            },
        ) = before
            && (!f[*cs..].starts_with(is_letter) || is_code(f, e))
        {
            // A symbol or code before the number: $5, €3 million, SR500 million.
            start = *cs;
            Some((*code).to_owned())
        } else if after.is_some() || (j == i + 1 && year_in_context(f, events, i)) {
            // A year (في 2013 ارتفعت, عامي 2011 و2012 بدأت) counts nothing.
            None
        } else {
            let (word, ws, we) = word_after(f, end);
            let same_sentence = {
                let (num_cp, _) = folded.cp_span(start, end);
                let (word_cp, _) = folded.cp_span(ws, we);
                analysis
                    .sentences
                    .iter()
                    .any(|s| s.start <= num_cp && word_cp < s.end)
            };
            let surface = folded.original(text, ws, we);
            // A counted noun is indefinite: a word with the article (رؤية 2030 الطموحة)
            // describes something else. The surface is read, since آليات folds to اليات.
            // لل + noun (920000 للاستفسار, 60 دولارا للبرميل) is a prepositional phrase.
            if word.chars().count() >= 2
                && !NOT_NOUNS.contains(&word)
                && !surface.starts_with("ال")
                && !word.starts_with("لل")
                && same_sentence
            {
                end = we;
                Some(surface.to_owned())
            } else {
                None
            }
        };
        let Some(unit) = unit else {
            return Some((None, j));
        };
        let (cs, ce) = folded.cp_span(start, end);
        let amount = Amount {
            start: cs,
            end: ce,
            text: folded.original(text, start, end).to_owned(),
            value,
            unit: Some(unit),
            object: None,
        };
        Some((Some(amount), next))
    }
}

/// Folded words before a bare year (في 2013, بنهاية 2014, صيف 2011, مونديال 2018).
const YEAR_CUES: &[&str] = &[
    "في",
    "خلال",
    "منذ",
    "حتي",
    "بحلول",
    "مطلع",
    "اواخر",
    "اوائل",
    "منتصف",
    "اواسط",
    "نهايه",
    "بنهايه",
    "بدايه",
    "ببدايه",
    "صيف",
    "خريف",
    "شتاء",
    "ربيع",
    "موسم",
    "موديل",
    "مونديال",
    "عام",
    "العام",
    "للعام",
    "عامي",
    "سنه",
];

/// Words that join two years into a range or a list (2011 و2012, من 2003 وحتى 2005).
const YEAR_LINKS: &[&str] = &["و", "-", "–", "/", "الي", "حتي", "وحتي", "لغايه", "ولغايه"];

/// Whether event `i` is a four-digit number 1900-2100 written as a year: after a word
/// that takes a year (في 2013, صيف 2011), or joined to another year (عامي 2011 و2012,
/// 2011 - 2014) or to a spaced date (3 / 6 / 2012).
fn year_in_context(f: &str, events: &[Event], i: usize) -> bool {
    let Some(e) = events.get(i) else {
        return false;
    };
    let four_digit_year = |e: &Event| {
        f.get(e.start..e.end).is_some_and(|d| {
            d.len() == 4
                && d.bytes().all(|b| b.is_ascii_digit())
                && d.parse::<u32>().is_ok_and(|y| (1900..=2100).contains(&y))
        })
    };
    if !four_digit_year(e) {
        return false;
    }
    let cue = word_before(f, e.start);
    let bare = cue.strip_prefix(['و', 'ف']).unwrap_or(cue);
    if YEAR_CUES.contains(&cue) || YEAR_CUES.contains(&bare) {
        return true;
    }
    let number = |e: &Event| matches!(e.kind, Kind::Digits(..) | Kind::NotAmount);
    let gap = |a: &Event, b: &Event| f.get(a.end..b.start).map_or("x", str::trim);
    // من 2003 وحتى 2005: the first year of a range.
    if let Some(next) = events.get(i + 1)
        && number(next)
        && four_digit_year(next)
        && YEAR_LINKS.contains(&gap(e, next))
    {
        return true;
    }
    let Some(previous) = i.checked_sub(1).and_then(|k| events.get(k)) else {
        return false;
    };
    if !number(previous) {
        return false;
    }
    let link = gap(previous, e);
    let day_or_month = previous.end - previous.start <= 2 && matches!(link, "/" | "-");
    day_or_month || (four_digit_year(previous) && YEAR_LINKS.contains(&link))
}

/// A currency event written as a Latin code (SR, SAR, USD), which may stand before the number.
fn is_code(f: &str, e: &Event) -> bool {
    matches!(e.kind, Kind::Cue(AmountCue::Currency { .. }))
        && f.get(e.start..e.end)
            .is_some_and(|w| w.len() <= 3 && w.bytes().all(|b| b.is_ascii_alphabetic()))
}

/// A cue stands alone as a word, after at most one proclitic (بخمسة، ومليون).
fn bounded(f: &str, s: usize, e: usize) -> bool {
    if char_at(f, e).is_some_and(is_letter) {
        return false;
    }
    match char_before(f, s) {
        Some(c) if is_letter(c) => {
            matches!(c, 'و' | 'ب' | 'ل' | 'ف' | 'ك')
                && !char_before(f, s - c.len_utf8()).is_some_and(is_letter)
        }
        _ => true,
    }
}

/// `count * scale` with one rounding: a count written with `decimals` digits after the
/// point is the integer of its digits over a power of ten (`8.24 مليار` is 824e9 / 100,
/// exactly 8240000000, where 8.24 * 1e9 is 8239999999.999998).
fn scaled(count: f64, decimals: u32, scale: f64) -> f64 {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if decimals == 0 || decimals > 22 {
        return count * scale;
    }
    let power = 10f64.powi(decimals as i32);
    let digits = (count * power).round();
    if (digits * scale).abs() < EXACT {
        digits * scale / power
    } else {
        count * scale
    }
}

/// A number at `start`: its value, its number of decimals, its end, and whether it is a
/// plain number (not a date, time or version with more than one separator kind). The
/// value is its digits as an integer over a power of ten, so that it is the double nearest
/// to what is written (`1,234,567.89`, not 1234567.8900000001).
fn parse_digits(f: &str, start: usize) -> (f64, u32, usize, bool) {
    let bytes = f.as_bytes();
    let mut digits = 0.0f64;
    let mut decimals = 0u32;
    let mut i = start;
    let mut fraction = false;
    // A thousands separator was read: a later comma is no decimal comma.
    let mut grouped = false;
    let mut plain = true;
    loop {
        match bytes.get(i) {
            Some(b) if b.is_ascii_digit() => {
                digits = digits * 10.0 + f64::from(b - b'0');
                if fraction {
                    decimals += 1;
                }
                i += 1;
            }
            _ => {
                let rest = f.get(i..).unwrap_or("");
                let sep = rest.chars().next();
                let sep_len = sep.map_or(1, char::len_utf8);
                let digits_after = rest
                    .get(sep_len..)
                    .map_or(0, |r| r.bytes().take_while(u8::is_ascii_digit).count());
                match sep {
                    Some(',' | '٬') if !fraction && digits_after == 3 => {
                        grouped = true;
                        i += sep_len;
                    }
                    // The decimal comma of much of the Arabic press: 6,1 مليون, 33,5 مليار.
                    Some(',') if !fraction && !grouped && (1..=2).contains(&digits_after) => {
                        fraction = true;
                        i += sep_len;
                    }
                    Some('.' | '٫') if !fraction && digits_after > 0 => {
                        fraction = true;
                        i += sep_len;
                    }
                    Some('.' | '٫' | ',' | '٬') if digits_after > 0 => {
                        // 1.2.3 or 3.5,7: not one number.
                        plain = false;
                        i += sep_len;
                    }
                    _ => break,
                }
            }
        }
    }
    let value = if decimals == 0 {
        digits
    } else if decimals <= 22 {
        digits / 10f64.powi(decimals as i32)
    } else {
        digits * 10f64.powi(-(decimals as i32))
    };
    (value, decimals, i, plain)
}

#[cfg(test)]
#[path = "amounts_tests.rs"]
mod tests;
