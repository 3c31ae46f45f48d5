//! Row types of the per-document tables: mentions, dates, quotes and amounts.
//!
//! Extractors fill `start`/`end` (code points into `documents.text`) and leave
//! `raw_start`/`raw_end` at zero; the pipeline maps them back through the document's
//! [`OffsetMap`](crate::OffsetMap) in one place. The `doc_id` column is added by the sink.

use crate::EntityKind;

/// A named-entity mention (`mentions/`).
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// First code point of the mention in `documents.text`.
    pub start: u32,
    /// One past the last code point.
    pub end: u32,
    /// `start` mapped into the original text field.
    pub raw_start: u32,
    /// `end` mapped into the original text field.
    pub raw_end: u32,
    /// The mention's text, `documents.text[start..end]`.
    pub text: String,
    /// PER, LOC, ORG, MISC or NORP.
    pub kind: EntityKind,
    /// A canonical id such as `geonames:88319`, when linked.
    pub entity_id: Option<String>,
    /// The canonical name of the linked entity.
    pub canonical: Option<String>,
    /// The 0-based index of the sentence that holds the mention.
    pub sentence: u32,
}

/// How much of a date a mention gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DatePrecision {
    /// Only the year.
    Year,
    /// Year and month.
    Month,
    /// A full day.
    Day,
}

impl DatePrecision {
    /// `year`, `month` or `day`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Year => "year",
            Self::Month => "month",
            Self::Day => "day",
        }
    }
}

/// The calendar a date was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Calendar {
    /// The Gregorian calendar, in any month-name family.
    Gregorian,
    /// The Hijri calendar (converted with Umm al-Qura where it applies).
    Hijri,
}

impl Calendar {
    /// `gregorian` or `hijri`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Gregorian => "gregorian",
            Self::Hijri => "hijri",
        }
    }
}

/// A date expression resolved to an ISO value (`dates/`).
#[derive(Debug, Clone, PartialEq)]
pub struct DateMention {
    /// First code point in `documents.text`.
    pub start: u32,
    /// One past the last code point.
    pub end: u32,
    /// `start` in the original text.
    pub raw_start: u32,
    /// `end` in the original text.
    pub raw_end: u32,
    /// The expression as written.
    pub text: String,
    /// ISO 8601 at the precision found (`2023`, `2023-08`, `2023-08-15`); `None` when a
    /// relative date has no anchor.
    pub value: Option<String>,
    /// Year, month or day.
    pub precision: DatePrecision,
    /// The calendar the text used.
    pub calendar: Calendar,
    /// The Gregorian day as days since 1970-01-01, when the day is known.
    pub date: Option<i32>,
    /// True for اليوم, أمس, weekdays and other dates resolved against `published`.
    pub relative: bool,
}

/// A quotation with its speaker (`quotes/`).
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// First code point of the quoted words (without the marks).
    pub start: u32,
    /// One past the last quoted code point.
    pub end: u32,
    /// `start` in the original text.
    pub raw_start: u32,
    /// `end` in the original text.
    pub raw_end: u32,
    /// The quoted words.
    pub text: String,
    /// The speaker's surface form, when attributed.
    pub speaker: Option<String>,
    /// The speaker's span in `documents.text`, used to link it to a mention.
    pub speaker_span: Option<(u32, u32)>,
    /// The entity id of the mention that covers the speaker span.
    pub speaker_entity_id: Option<String>,
    /// The speech verb that attributes the quote.
    pub verb: Option<String>,
    /// The 0-based sentence index of the quote's start.
    pub sentence: u32,
}

/// A number with its unit (`amounts/`).
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    /// First code point in `documents.text`.
    pub start: u32,
    /// One past the last code point.
    pub end: u32,
    /// The expression as written.
    pub text: String,
    /// The value with multipliers applied (٣٫٥ مليون -> 3500000).
    pub value: f64,
    /// A currency code, `%`, or the counted noun.
    pub unit: Option<String>,
    /// What is counted or paid for, when found.
    pub object: Option<String>,
}
