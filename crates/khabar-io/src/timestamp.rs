//! Publication dates: parsing the shapes news archives use into UTC microseconds.
//!
//! | input | example |
//! |---|---|
//! | RFC 3339 | `2015-07-21T02:51:32Z`, `2015-07-21T05:51:32.5+03:00` |
//! | date and time (UTC assumed) | `2015-07-21 02:51:32` |
//! | date | `2015-07-21` |
//! | RFC 2822 | `Tue, 21 Jul 2015 02:51:32 +0000`, `... GMT` |
//! | epoch seconds | `1437447092` (milliseconds above 10^11, microseconds above 10^14) |
//! | compact date (and time, UTC) | `20150721`, `20150721025132` (when the digits make a valid date; years 1900-2100 for the 8-digit form) |

use khabar_core::civil::days_in_month;
pub use khabar_core::civil::{civil_from_days, days_from_civil};

/// RFC 3339 with microseconds and `Z`.
#[must_use]
pub fn format_rfc3339_micros(micros: i64) -> String {
    let days = micros.div_euclid(86_400_000_000);
    let rest = micros.rem_euclid(86_400_000_000);
    let (y, m, d) = civil_from_days(days);
    let secs = rest / 1_000_000;
    let frac = rest % 1_000_000;
    let (hh, mm, ss) = (secs / 3600, secs / 60 % 60, secs % 60);
    if frac == 0 {
        format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}Z")
    } else {
        format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}.{frac:06}Z")
    }
}

struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn digits(&mut self, n: usize) -> Option<u32> {
        let part = self.s.get(self.i..self.i + n)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.i += n;
        Some(
            part.iter()
                .fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0')),
        )
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.s.get(self.i) == Some(&b) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn rest(&self) -> &[u8] {
        self.s.get(self.i..).unwrap_or_default()
    }
}

#[allow(clippy::too_many_arguments)] // One argument per field of a calendar time, as in the formats.
fn to_micros(
    y: i64,
    mo: u32,
    d: u32,
    h: u32,
    mi: u32,
    s: u32,
    frac_micros: i64,
    offset_secs: i64,
) -> Option<i64> {
    // Years 1 to 9999, as RFC 3339 writes them: a year 0 or 300000 is a placeholder or
    // damage, not a publication date (and past about 290000 the microseconds overflow).
    if !(1..=9999).contains(&y)
        || !(1..=12).contains(&mo)
        || d == 0
        || d > days_in_month(y, mo)
        || h > 23
        || mi > 59
        || s > 60
    {
        return None;
    }
    let secs = days_from_civil(y, mo, d) * 86_400
        + i64::from(h) * 3600
        + i64::from(mi) * 60
        + i64::from(s.min(59));
    Some((secs - offset_secs) * 1_000_000 + frac_micros)
}

/// `YYYY-MM-DD[(T| )hh:mm[:ss[.frac]]][Z|±hh[:]mm| UTC| GMT]`
#[allow(clippy::many_single_char_names)] // y, mo, d, h, mi, s: the fields as the format names them.
fn parse_iso(text: &str) -> Option<(i64, i64)> {
    let mut c = Cursor {
        s: text.as_bytes(),
        i: 0,
    };
    let y = c.digits(4)?;
    if !c.eat(b'-') && !c.eat(b'/') {
        return None;
    }
    let mo = c.digits(2)?;
    if !c.eat(b'-') && !c.eat(b'/') {
        return None;
    }
    let d = c.digits(2)?;
    if c.rest().is_empty() {
        return to_micros(i64::from(y), mo, d, 0, 0, 0, 0, 0).map(|m| (m, 0));
    }
    if !c.eat(b'T') && !c.eat(b't') && !c.eat(b' ') {
        return None;
    }
    let h = c.digits(2)?;
    if !c.eat(b':') {
        return None;
    }
    let mi = c.digits(2)?;
    let s = if c.eat(b':') { c.digits(2)? } else { 0 };
    let mut frac = 0i64;
    if c.eat(b'.') || c.eat(b',') {
        let mut scale = 100_000i64;
        while let Some(d) = c.digits(1) {
            frac += i64::from(d) * scale;
            scale /= 10;
        }
    }
    while c.eat(b' ') {}
    let offset = parse_offset(c.rest())?;
    to_micros(i64::from(y), mo, d, h, mi, s, frac, offset).map(|m| (m, offset))
}

/// `Z`, `UTC`, `GMT`, `+hh:mm`, `+hhmm`, `+hh`, or nothing (UTC).
fn parse_offset(rest: &[u8]) -> Option<i64> {
    match rest {
        b"" | b"Z" | b"z" | b"UTC" | b"GMT" | b"UT" => Some(0),
        [sign @ (b'+' | b'-'), tail @ ..] => {
            let mut c = Cursor { s: tail, i: 0 };
            let h = c.digits(2)?;
            c.eat(b':');
            let m = if c.rest().is_empty() { 0 } else { c.digits(2)? };
            if !c.rest().is_empty() || h > 23 || m > 59 {
                return None;
            }
            let secs = i64::from(h) * 3600 + i64::from(m) * 60;
            Some(if *sign == b'-' { -secs } else { secs })
        }
        _ => None,
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// `[Day, ]DD Mon YYYY [hh:mm[:ss] (±hhmm|GMT|UTC|Z)]`
#[allow(clippy::many_single_char_names)] // y, mo, d, h, mi, s: the fields as the format names them.
fn parse_rfc2822(text: &str) -> Option<(i64, i64)> {
    // A trailing comment names the zone for people: `+0300 (AST)`.
    let text = match text.trim_end().strip_suffix(')') {
        Some(head) => head.rsplit_once('(')?.0.trim_end(),
        None => text,
    };
    let text = match text.split_once(',') {
        Some((_, rest)) => rest.trim_start(),
        None => text,
    };
    let mut parts = text.split_ascii_whitespace();
    let d: u32 = parts.next()?.parse().ok()?;
    let mon = parts.next()?.to_ascii_lowercase();
    let mo = MONTHS.iter().position(|m| mon.starts_with(m))? as u32 + 1;
    let y = rfc2822_year(parts.next()?)?;
    // `21 Jul 2015` alone is midnight UTC, like a bare ISO date.
    let Some(time) = parts.next() else {
        return to_micros(y, mo, d, 0, 0, 0, 0, 0).map(|m| (m, 0));
    };
    let mut hms = time.split(':');
    let h: u32 = hms.next()?.parse().ok()?;
    let mi: u32 = hms.next()?.parse().ok()?;
    let s: u32 = hms.next().map_or(Some(0), |s| s.parse().ok())?;
    let zone = parts.next().unwrap_or("");
    let offset = parse_offset(zone.as_bytes()).or_else(|| obsolete_zone(zone))?;
    if parts.next().is_some() {
        return None;
    }
    to_micros(y, mo, d, h, mi, s, 0, offset).map(|m| (m, offset))
}

/// The North American zone names RFC 2822 section 4.3 keeps (`EST`, `PDT`, ...), as UTC
/// offsets in seconds: RSS feeds of American outlets still write them.
fn obsolete_zone(zone: &str) -> Option<i64> {
    let hours = match zone.to_ascii_uppercase().as_str() {
        "EDT" => -4,
        "EST" | "CDT" => -5,
        "CST" | "MDT" => -6,
        "MST" | "PDT" => -7,
        "PST" => -8,
        _ => return None,
    };
    Some(hours * 3600)
}

/// An RFC 2822 year: four digits, or the obsolete two (`15` is 2015, `97` is 1997) and
/// three (`115` is 2015) that RFC 2822 section 4.3 reads as years since 1900.
fn rfc2822_year(text: &str) -> Option<i64> {
    if !(2..=4).contains(&text.len()) || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i64 = text.parse().ok()?;
    Some(match text.len() {
        2 if y < 50 => 2000 + y,
        2 | 3 => 1900 + y,
        _ => y,
    })
}

/// Epoch seconds (or milliseconds above 10^11, microseconds above 10^14) to microseconds.
#[must_use]
pub fn epoch_to_micros(value: i64) -> i64 {
    value.saturating_mul(epoch_unit_micros(value))
}

/// The microseconds in one unit of an epoch of this size: seconds, milliseconds above
/// 10^11, microseconds above 10^14.
fn epoch_unit_micros(value: i64) -> i64 {
    let magnitude = value.unsigned_abs();
    if magnitude >= 100_000_000_000_000 {
        1
    } else if magnitude >= 100_000_000_000 {
        1000
    } else {
        1_000_000
    }
}

/// `text` with Arabic-Indic (`٠`-`٩`) and Persian (`۰`-`۹`) digits as ASCII digits, and the
/// Arabic date separator `/` and decimal separator `٫` as ASCII.
fn ascii_digits(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_ascii() {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            '\u{066B}' => '.',
            c => c,
        })
        .collect()
}

/// An epoch with a fraction (`1437447092.25`) to microseconds, in the unit its whole part
/// says as for a whole epoch: milliseconds with a fraction (`1437447092000.0`, what a
/// float column of milliseconds prints) are milliseconds, not an unreadable date.
fn fractional_epoch(text: &str) -> Option<i64> {
    let (whole, fraction) = text.split_once('.')?;
    if whole.is_empty()
        || whole.len() > 17
        || fraction.is_empty()
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    // The fraction in millionths of the unit, then in microseconds.
    let millionths: i64 = format!("{:0<6}", fraction.get(..6).unwrap_or(fraction))
        .parse()
        .ok()?;
    if whole == 0 && millionths == 0 {
        return None; // `0.0`: the placeholder epoch, as `0` is
    }
    Some(epoch_to_micros(whole) + millionths * epoch_unit_micros(whole) / 1_000_000)
}

/// `YYYYMMDD` (years 1900 to 2100) or `YYYYMMDDhhmmss` (UTC), as warehouse and GDELT
/// exports write dates, when the digits make a valid date: as epoch seconds the first would
/// fall in 1970-1973, and as milliseconds the second centuries ahead.
fn compact_date(digits: &str) -> Option<i64> {
    let part = |from: usize, to: usize| digits.get(from..to)?.parse::<u32>().ok();
    let year = part(0, 4)?;
    match digits.len() {
        8 if (1900..=2100).contains(&year) => {
            to_micros(i64::from(year), part(4, 6)?, part(6, 8)?, 0, 0, 0, 0, 0)
        }
        14 => to_micros(
            i64::from(year),
            part(4, 6)?,
            part(6, 8)?,
            part(8, 10)?,
            part(10, 12)?,
            part(12, 14)?,
            0,
            0,
        ),
        _ => None,
    }
}

/// Parses a publication date; `None` when no supported shape matches. Arabic-Indic digits
/// count as digits; an epoch of 0 is the usual "no date" placeholder and gives `None`.
#[must_use]
pub fn parse_timestamp(text: &str) -> Option<i64> {
    parse_timestamp_with_offset(text).map(|(micros, _)| micros)
}

/// [`parse_timestamp`], with the UTC offset in seconds the text gave (`+03:00` is 10,800;
/// 0 where it gave none, or for an epoch): the article's local date is the UTC time plus
/// it, which is what "yesterday" in the article means.
#[must_use]
pub fn parse_timestamp_with_offset(text: &str) -> Option<(i64, i64)> {
    let text = ascii_digits(text.trim());
    let text = text.as_ref();
    if text.is_empty() {
        return None;
    }
    if text.bytes().all(|b| b.is_ascii_digit()) && text.len() <= 17 {
        if let Some(micros) = compact_date(text) {
            return Some((micros, 0));
        }
        return text
            .parse::<i64>()
            .ok()
            .filter(|&v| v != 0)
            .map(|v| (epoch_to_micros(v), 0));
    }
    fractional_epoch(text)
        .map(|m| (m, 0))
        .or_else(|| parse_iso(text))
        .or_else(|| parse_rfc2822(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: i64 = 1_437_447_092_000_000; // 2015-07-21T02:51:32Z

    #[test]
    fn the_offset_a_date_gives_is_kept() {
        assert_eq!(
            parse_timestamp_with_offset("2015-07-21T05:51:32+03:00"),
            Some((T, 3 * 3600))
        );
        assert_eq!(
            parse_timestamp_with_offset("Tue, 21 Jul 2015 00:51:32 -0200"),
            Some((T, -2 * 3600))
        );
        assert_eq!(
            parse_timestamp_with_offset("2015-07-21 02:51:32"),
            Some((T, 0))
        );
        assert_eq!(parse_timestamp_with_offset("1437447092"), Some((T, 0)));
        assert_eq!(parse_timestamp_with_offset("soon"), None);
    }

    #[test]
    fn every_documented_shape_parses() {
        for (input, want) in [
            ("2015-07-21T02:51:32Z", Some(T)),
            ("2015-07-21T05:51:32+03:00", Some(T)),
            ("2015-07-21T05:51:32+0300", Some(T)),
            ("2015-07-21 02:51:32", Some(T)),
            ("2015-07-21T02:51:32.250Z", Some(T + 250_000)),
            (
                "2015-07-21",
                Some(T - (2 * 3600 + 51 * 60 + 32) * 1_000_000),
            ),
            ("Tue, 21 Jul 2015 02:51:32 +0000", Some(T)),
            ("21 Jul 2015 02:51:32 GMT", Some(T)),
            ("1437447092", Some(T)),
            ("1437447092000", Some(T)),
            ("2015-02-30", None),
            ("2015-13-01", None),
            ("yesterday", None),
            ("", None),
            ("2015-07-21T02:51:32+25:00", None),
            ("١٤٣٧٤٤٧٠٩٢", Some(T)),
            ("٢٠١٥-٠٧-٢١T02:51:32Z", Some(T)),
            ("1437447092.25", Some(T + 250_000)),
            ("0", None),
            (
                "21 Jul 2015",
                Some(T - (2 * 3600 + 51 * 60 + 32) * 1_000_000),
            ),
            ("1.5.2", None),
        ] {
            assert_eq!(parse_timestamp(input), want, "{input}");
        }
    }

    /// `21 Jul 300000` overflowed into a date in 284555 BC, `0000-01-01` was year 0, and
    /// the obsolete two-digit year of RFC 2822 (`21 Jul 15`) was the year 15.
    #[test]
    fn years_out_of_range_are_null_and_two_digit_years_are_recent() {
        for input in [
            "21 Jul 300000",
            "21 Jul 9223372036854775807 10:00:00 GMT",
            "21 Jul -5",
            "21 Jul 12345",
            "0000-01-01",
            "0000-00-00 00:00:00",
        ] {
            assert_eq!(parse_timestamp(input), None, "{input}");
        }
        assert_eq!(parse_timestamp("Tue, 21 Jul 15 02:51:32 GMT"), Some(T));
        assert_eq!(parse_timestamp("Tue, 21 Jul 115 02:51:32 GMT"), Some(T));
        assert_eq!(
            parse_timestamp("21 Jul 97"),
            Some(days_from_civil(1997, 7, 21) * 86_400_000_000)
        );
        assert_eq!(
            parse_timestamp("9999-12-31T23:59:59Z"),
            Some((days_from_civil(10_000, 1, 1) * 86_400 - 1) * 1_000_000)
        );
    }

    /// `20150721` was read as epoch seconds (1970-08-22), `20150721025132` as milliseconds
    /// (the year 2608).
    #[test]
    fn compact_dates_are_dates_when_their_digits_make_one() {
        let day = parse_timestamp("2015-07-21");
        assert!(day.is_some());
        assert_eq!(parse_timestamp("20150721"), day);
        assert_eq!(parse_timestamp("٢٠١٥٠٧٢١"), day);
        assert_eq!(
            parse_timestamp("20150721025132"),
            parse_timestamp("2015-07-21T02:51:32Z")
        );
        // Not a valid date: epoch seconds, as before.
        assert_eq!(parse_timestamp("20151321"), Some(20_151_321 * 1_000_000));
        assert_eq!(parse_timestamp("15000101"), Some(15_000_101 * 1_000_000));
        assert_eq!(
            parse_timestamp("1437447092"),
            Some(1_437_447_092 * 1_000_000)
        );
        assert_eq!(
            parse_timestamp("20150721256000"),
            Some(20_150_721_256_000 * 1000)
        );
    }

    /// A float column of epoch milliseconds prints `1437447092000.0`: it was null.
    #[test]
    fn fractional_epochs_keep_the_unit_of_their_whole_part() {
        assert_eq!(parse_timestamp("1437447092000.0"), Some(T));
        assert_eq!(parse_timestamp("1437447092000.5"), Some(T + 500));
        assert_eq!(parse_timestamp("1437447092000000.0"), Some(T));
        assert_eq!(parse_timestamp("1437447092.5"), Some(T + 500_000));
        assert_eq!(parse_timestamp("0.5"), Some(500_000));
        assert_eq!(parse_timestamp("0.0"), None);
        assert_eq!(parse_timestamp("123456789012345678.0"), None);
    }

    /// RFC 2822 dates with the obsolete zone names or a zone comment were null.
    #[test]
    fn rfc_2822_zone_names_and_comments() {
        assert_eq!(
            parse_timestamp_with_offset("Mon, 20 Jul 2015 22:51:32 EDT"),
            Some((T, -4 * 3600))
        );
        assert_eq!(parse_timestamp("Mon, 20 Jul 2015 18:51:32 pst"), Some(T));
        assert_eq!(
            parse_timestamp_with_offset("Tue, 21 Jul 2015 05:51:32 +0300 (AST)"),
            Some((T, 3 * 3600))
        );
        assert_eq!(
            parse_timestamp("Tue, 21 Jul 2015 02:51:32 GMT (UTC)"),
            Some(T)
        );
        assert_eq!(parse_timestamp("Tue, 21 Jul 2015 02:51:32 XYZ"), None);
        assert_eq!(parse_timestamp("Tue, 21 Jul 2015 02:51:32 (a"), None);
        assert_eq!(parse_timestamp("(AST)"), None);
    }

    #[test]
    fn civil_round_trip() {
        for days in [-719_468, -1, 0, 1, 16_637, 20_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(format_rfc3339_micros(T), "2015-07-21T02:51:32Z");
    }
}
