//! Day arithmetic: Gregorian days since 1970-01-01 and Hijri (Umm al-Qura) conversion.
//!
//! Hijri dates go through ICU4X's `Hijri::new_umm_al_qura()`, which uses the published
//! Umm al-Qura tables where they exist and its astronomical simulation outside them, so
//! every Hijri year in the accepted range (1300-1600) converts.

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

/// Days since 1970-01-01 of an Umm al-Qura Hijri date, `None` when invalid.
#[must_use]
pub(crate) fn hijri_days(year: i32, month: u32, day: u32) -> Option<i32> {
    if !(1..=12).contains(&month) || !(1..=30).contains(&day) || !(1..=9999).contains(&year) {
        return None;
    }
    let date =
        Date::try_new_hijri_with_calendar(year, month as u8, day as u8, Hijri::new_umm_al_qura())
            .ok()?;
    i32::try_from(date.to_rata_die().to_i64_date() - UNIX_EPOCH_RD).ok()
}

/// The Umm al-Qura Hijri year of days since 1970-01-01.
#[must_use]
pub(crate) fn hijri_year_of(days: i32) -> i32 {
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
}
