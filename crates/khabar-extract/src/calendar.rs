//! Day arithmetic: Gregorian days since 1970-01-01 and Hijri (Umm al-Qura) conversion.
//!
//! Hijri dates go through ICU4X's `Hijri::new_umm_al_qura()`, which uses the published
//! Umm al-Qura tables where they exist and its astronomical simulation outside them, so
//! every Hijri year in the accepted range (1300-1600) converts. From 1356 to 1419 AH, where
//! the simulation is often a day off the published calendar, the month starts come from
//! `data/umm_al_qura_1356_1419.tsv` (see `data/SOURCES.md`).

use icu_calendar::Date;
use icu_calendar::cal::Hijri;
use icu_calendar::types::RataDie;

/// Rata Die of 1970-01-01.
const UNIX_EPOCH_RD: i64 = 719_163;
/// Microseconds in a day.
const MICROS_PER_DAY: i64 = 86_400_000_000;

/// Days since 1970-01-01 of a Gregorian date (proleptic), `None` when the date is invalid.
#[must_use]
pub(crate) fn gregorian_days(year: i32, month: u32, day: u32) -> Option<i32> {
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    i32::try_from(khabar_core::civil::days_from_civil(
        i64::from(year),
        month,
        day,
    ))
    .ok()
}

/// The Gregorian (year, month, day) of days since 1970-01-01.
#[must_use]
pub(crate) fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let (year, month, day) = khabar_core::civil::civil_from_days(i64::from(days));
    (year as i32, month, day)
}

/// Days in a Gregorian month.
#[must_use]
pub(crate) fn days_in_month(year: i32, month: u32) -> u32 {
    khabar_core::civil::days_in_month(i64::from(year), month)
}

/// ISO `YYYY-MM-DD` of days since 1970-01-01.
#[must_use]
pub(crate) fn iso_day(days: i32) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Day of week of days since 1970-01-01: 0 = Sunday ... 6 = Saturday.
#[must_use]
pub(crate) fn weekday(days: i32) -> u32 {
    (i64::from(days) + 4).rem_euclid(7) as u32
}

/// Days since 1970-01-01 of a `published` timestamp in microseconds (UTC).
#[must_use]
pub(crate) fn published_day(micros: i64) -> i32 {
    micros
        .div_euclid(MICROS_PER_DAY)
        .clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
}

/// The published Umm al-Qura month starts from 1 Muharram 1356 to 1 Muharram 1420.
const UMM_AL_QURA_TABLE: &str = include_str!("../data/umm_al_qura_1356_1419.tsv");
/// The first Hijri year of the table.
const TABLE_FIRST_YEAR: i32 = 1356;
/// The first Hijri year ICU4X's own table covers.
const TABLE_END_YEAR: i32 = 1420;

/// Days since 1970-01-01 of the first day of each month of the table, in order, ending with
/// 1 Muharram 1420 (empty if the embedded table were damaged: ICU4X is used then).
fn month_starts() -> &'static [i32] {
    static STARTS: std::sync::OnceLock<Vec<i32>> = std::sync::OnceLock::new();
    STARTS.get_or_init(|| {
        let starts: Option<Vec<i32>> = UMM_AL_QURA_TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|line| {
                let date = line.split('\t').nth(2)?;
                let mut parts = date.split('-').map(str::parse::<u32>);
                let (Some(Ok(y)), Some(Ok(m)), Some(Ok(d))) =
                    (parts.next(), parts.next(), parts.next())
                else {
                    return None;
                };
                gregorian_days(i32::try_from(y).ok()?, m, d)
            })
            .collect();
        let expected = ((TABLE_END_YEAR - TABLE_FIRST_YEAR) * 12 + 1) as usize;
        starts.filter(|s| s.len() == expected).unwrap_or_default()
    })
}

/// Days since 1970-01-01 of an Umm al-Qura Hijri date, `None` when invalid.
#[must_use]
pub(crate) fn hijri_days(year: i32, month: u32, day: u32) -> Option<i32> {
    if !(1..=12).contains(&month) || !(1..=30).contains(&day) || !(1..=9999).contains(&year) {
        return None;
    }
    let starts = month_starts();
    if (TABLE_FIRST_YEAR..TABLE_END_YEAR).contains(&year) && !starts.is_empty() {
        let index = ((year - TABLE_FIRST_YEAR) * 12) as usize + month as usize - 1;
        let (first, next) = (*starts.get(index)?, *starts.get(index + 1)?);
        let day = i32::try_from(day).ok()?;
        return (day <= next - first).then_some(first + day - 1);
    }
    let date =
        Date::try_new_hijri_with_calendar(year, month as u8, day as u8, Hijri::new_umm_al_qura())
            .ok()?;
    i32::try_from(date.to_rata_die().to_i64_date() - UNIX_EPOCH_RD).ok()
}

/// The Umm al-Qura Hijri year of days since 1970-01-01.
#[must_use]
pub(crate) fn hijri_year_of(days: i32) -> i32 {
    let starts = month_starts();
    if let (Some(&first), Some(&end)) = (starts.first(), starts.last())
        && (first..end).contains(&days)
    {
        let months_before = starts.partition_point(|&s| s <= days) as i32 - 1;
        return TABLE_FIRST_YEAR + months_before / 12;
    }
    let date = Date::from_rata_die(
        RataDie::new(i64::from(days) + UNIX_EPOCH_RD),
        Hijri::new_umm_al_qura(),
    );
    date.year().extended_year()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn gregorian_round_trip() {
        assert_eq!(gregorian_days(1970, 1, 1), Some(0));
        assert_eq!(gregorian_days(2024, 3, 25), Some(19_807));
        assert_eq!(gregorian_days(2023, 2, 29), None);
        assert_eq!(
            gregorian_days(2024, 2, 29).map(iso_day).as_deref(),
            Some("2024-02-29")
        );
        for days in [-800_000, -1, 0, 59, 19_807, 100_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(gregorian_days(y, m, d), Some(days));
        }
        // 2024-03-25 was a Monday.
        assert_eq!(weekday(19_807), 1);
        assert_eq!(published_day(-1), -1);
    }

    #[test]
    fn umm_al_qura() {
        // 15 Ramadan 1445 = 2024-03-25; 1 Muharram 1437 = 2015-10-14.
        assert_eq!(
            hijri_days(1445, 9, 15).map(iso_day).as_deref(),
            Some("2024-03-25")
        );
        assert_eq!(
            hijri_days(1437, 1, 1).map(iso_day).as_deref(),
            Some("2015-10-14")
        );
        // Checked against the Umm al-Qura tables as shipped by the hijridate package
        // (every 1 Muharram, 1 Ramadan, 1 Shawwal and 10 Dhu al-Hijjah of 1420-1447
        // agree). 10 Dhu al-Hijjah 1436 is the table's 2015-09-23; Eid al-Adha was
        // observed a day later that year, on sighting.
        for ((y, m, d), iso) in [
            ((1436, 9, 1), "2015-06-18"),
            ((1436, 10, 1), "2015-07-17"),
            ((1436, 12, 10), "2015-09-23"),
            ((1445, 9, 1), "2024-03-11"),
            ((1420, 1, 1), "1999-04-17"),
        ] {
            assert_eq!(hijri_days(y, m, d).map(iso_day).as_deref(), Some(iso));
        }
        // Ramadan 1436 had 29 days: its 30th is no date, not 1 Shawwal.
        assert_eq!(hijri_days(1436, 9, 30), None);
        assert_eq!(hijri_year_of(19_807), 1445);
        assert_eq!(hijri_days(1445, 13, 1), None);
    }

    /// Before 1420 AH ICU4X computed months a day late against the published calendar:
    /// 1 Muharram 1400 came out 1979-11-21, not 1979-11-20.
    #[test]
    fn umm_al_qura_before_1420_follows_the_published_table() {
        assert_eq!(month_starts().len(), 64 * 12 + 1);
        for ((y, m, d), iso) in [
            ((1400, 1, 1), "1979-11-20"),
            ((1400, 9, 1), "1980-07-13"),
            ((1356, 1, 1), "1937-03-14"),
            ((1419, 12, 1), "1999-03-18"),
        ] {
            assert_eq!(
                hijri_days(y, m, d).map(iso_day).as_deref(),
                Some(iso),
                "{y}-{m}-{d}"
            );
        }
        // Every month runs into the next without a gap and has as many days as the table
        // gives it (29 or 30; the table has one month of 28, Sha'ban 1364), and the year
        // of each day is the year it was written in.
        for y in TABLE_FIRST_YEAR..TABLE_END_YEAR {
            for m in 1..=12u32 {
                let first = hijri_days(y, m, 1).unwrap();
                let next = hijri_days(y + i32::from(m == 12), m % 12 + 1, 1).unwrap();
                let length = next - first;
                assert!((28..=30).contains(&length), "{y}-{m}: {length} days");
                let length_u32 = u32::try_from(length).unwrap();
                assert_eq!(hijri_days(y, m, length_u32), Some(next - 1));
                assert_eq!(hijri_days(y, m, length_u32 + 1), None);
                assert_eq!(hijri_year_of(first), y);
                assert_eq!(hijri_year_of(next - 1), y);
            }
        }
    }
}
