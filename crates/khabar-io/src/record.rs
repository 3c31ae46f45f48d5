//! Parsing one raw record into the fields of a [`Document`](khabar_core::Document).
//!
//! The object is read into borrowed `(key, raw value)` pairs: only the mapped fields are
//! decoded, and the rest are copied as raw JSON into the `extra` column.

use std::borrow::Cow;
use std::fmt;

use khabar_core::{Reject, RejectReason};
use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::read::RawRecord;
use crate::timestamp::parse_timestamp_with_offset;

/// Which input fields fill which column; each list is tried in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMap {
    /// The article text.
    pub text: Vec<String>,
    /// The headline.
    pub title: Vec<String>,
    /// The publication date.
    pub date: Vec<String>,
    /// The outlet.
    pub source: Vec<String>,
    /// The URL.
    pub url: Vec<String>,
    /// The record id.
    pub id: Vec<String>,
    /// The byline.
    pub author: Vec<String>,
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

impl Default for FieldMap {
    fn default() -> Self {
        Self {
            text: names(&["text", "content", "body", "maintext", "article"]),
            title: names(&["title", "headline"]),
            date: names(&[
                "published",
                "date_publish",
                "date",
                "pubdate",
                "date_extracted",
            ]),
            source: names(&["source", "source_domain", "domain", "site"]),
            url: names(&["url", "link"]),
            id: names(&["id", "doc_id", "guid", "url"]),
            author: names(&["author", "authors", "byline"]),
        }
    }
}

/// The fields of one record, decoded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedRecord {
    /// The text field, exactly as read.
    pub text: String,
    /// Title.
    pub title: Option<String>,
    /// Publication time, UTC microseconds.
    pub published: Option<i64>,
    /// The UTC offset the date field gave, in seconds (0 when it gave none): the article's
    /// local time is `published` plus it.
    pub published_offset_secs: i64,
    /// A date field was present but unparseable.
    pub published_unparsed: bool,
    /// Source.
    pub source: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// The id field, where present.
    pub id: Option<String>,
    /// Author.
    pub author: Option<String>,
    /// Unmapped fields as one JSON object.
    pub extra: Option<String>,
}

/// A key that borrows from the input when it holds no escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// The object's members in input order.
struct Members<'a>(Vec<(Cow<'a, str>, &'a RawValue)>);

impl<'de> serde::Deserialize<'de> for Members<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MembersVisitor;
        impl<'de> Visitor<'de> for MembersVisitor {
            type Value = Members<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut members = Vec::with_capacity(map.size_hint().unwrap_or(8));
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    let value: &'de RawValue = map.next_value()?;
                    members.push((key.0, value));
                }
                Ok(Members(members))
            }
        }
        d.deserialize_map(MembersVisitor)
    }
}

/// True when `text` holds a `\uD800`-`\uDFFF` escape: a UTF-16 surrogate written out.
fn has_surrogate_escape(text: &str) -> bool {
    text.as_bytes().windows(4).any(|w| {
        w[0] == b'\\'
            && w[1] == b'u'
            && matches!(w[2], b'd' | b'D')
            && matches!(w[3], b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F')
    })
}

/// `text` with the bare words `NaN`, `Infinity` and `-Infinity` in value places (outside
/// strings) written as `null`; `None` when it has none.
fn non_finite_as_null(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = String::new();
    let (mut copied, mut at) = (0, 0);
    let (mut in_string, mut escaped) = (false, false);
    // The last byte outside strings that was not white space.
    let mut before = b' ';
    while at < bytes.len() {
        let b = bytes[at];
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            at += 1;
            continue;
        }
        if b == b'"' {
            in_string = true;
            before = b;
            at += 1;
            continue;
        }
        if matches!(before, b':' | b'[' | b',') {
            let word = ["NaN", "Infinity", "-Infinity"]
                .into_iter()
                .find(|w| bytes[at..].starts_with(w.as_bytes()));
            if let Some(word) = word {
                let end = at + word.len();
                let ends_value = bytes
                    .get(end)
                    .is_none_or(|&n| matches!(n, b',' | b'}' | b']') || n.is_ascii_whitespace());
                if ends_value {
                    out.push_str(text.get(copied..at)?);
                    out.push_str("null");
                    (copied, at, before) = (end, end, b'l');
                    continue;
                }
            }
        }
        if !b.is_ascii_whitespace() {
            before = b;
        }
        at += 1;
    }
    if copied == 0 {
        return None;
    }
    out.push_str(text.get(copied..)?);
    Some(out)
}

/// A JSON error is an encoding error when it is about a lone surrogate escape.
fn json_error_reason(e: &serde_json::Error, text: &str) -> RejectReason {
    let message = e.to_string();
    if message.contains("surrogate")
        || (message.contains("hex escape") && has_surrogate_escape(text))
    {
        RejectReason::InvalidUtf8
    } else {
        RejectReason::InvalidJson
    }
}

/// A metadata value as text: strings as they are, numbers as written, arrays of strings
/// joined with `; `, anything else as its JSON.
fn metadata_text(raw: &RawValue) -> Result<Option<String>, serde_json::Error> {
    let text = raw.get();
    match text.as_bytes().first() {
        Some(b'"') => {
            let s: String = serde_json::from_str(text)?;
            Ok(if s.trim().is_empty() { None } else { Some(s) })
        }
        Some(b'n') => Ok(None),
        Some(b'[') => {
            let items: Vec<serde_json::Value> = serde_json::from_str(text)?;
            let parts: Vec<String> = items
                .iter()
                .filter_map(|v| match v {
                    serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
                    serde_json::Value::Null | serde_json::Value::String(_) => None,
                    other => Some(other.to_string()),
                })
                .collect();
            Ok(if parts.is_empty() {
                None
            } else {
                Some(parts.join("; "))
            })
        }
        _ => Ok(Some(text.to_owned())),
    }
}

fn reject(record: &RawRecord, reason: RejectReason, detail: String) -> Reject {
    Reject::new(
        &record.input_file,
        record.input_index,
        record.byte_offset,
        reason,
        detail,
        &record.bytes,
    )
}

fn describe_kind(raw: &RawValue) -> &'static str {
    match raw.get().as_bytes().first() {
        Some(b'n') => "null",
        Some(b'[') => "an array",
        Some(b'{') => "an object",
        Some(b't' | b'f') => "a boolean",
        _ => "a number",
    }
}

/// Whether the raw JSON value `v` is a string of nothing but white space (spaces, and the
/// escapes `\n`, `\r`, `\t`), the empty string included.
fn is_blank_json_string(v: &str) -> bool {
    let Some(inner) = v.strip_prefix('"').and_then(|v| v.strip_suffix('"')) else {
        return false;
    };
    let mut bytes = inner.bytes();
    while let Some(b) = bytes.next() {
        match b {
            b' ' | b'\t' | b'\n' | b'\r' => {}
            b'\\' if matches!(bytes.next(), Some(b'n' | b'r' | b't')) => {}
            _ => return false,
        }
    }
    true
}

/// Whether the record's `key` is the field `name`: the same string, or, when `loose`, the
/// same once surrounding white space is trimmed and ASCII case ignored.
fn key_matches(key: &str, name: &str, loose: bool) -> bool {
    key == name || (loose && key.trim().eq_ignore_ascii_case(name.trim()))
}

/// Parses a raw record with the field map, or says why it is rejected.
pub fn parse_record(record: &RawRecord, fields: &FieldMap) -> Result<ParsedRecord, Reject> {
    let text = simdutf8::basic::from_utf8(&record.bytes).map_err(|_| {
        let valid =
            simdutf8::compat::from_utf8(&record.bytes).map_or_else(|e| e.valid_up_to(), str::len);
        reject(
            record,
            RejectReason::InvalidUtf8,
            format!("invalid UTF-8 at byte {valid} of the record"),
        )
    })?;
    let first = text.trim_start().as_bytes().first().copied();
    if first != Some(b'{') {
        return Err(match serde_json::from_str::<IgnoredAny>(text) {
            Ok(_) => reject(
                record,
                RejectReason::NotAnObject,
                "the record is valid JSON but not an object".to_owned(),
            ),
            Err(e) => reject(
                record,
                json_error_reason(&e, text),
                format!("invalid JSON: {e}"),
            ),
        });
    }
    // Python's json.dumps writes NaN and Infinity, which JSON has no words for: such a
    // record is read with them as null rather than lost.
    let repaired: String;
    let (text, members): (&str, Members<'_>) = match serde_json::from_str(text) {
        Ok(members) => (text, members),
        Err(e) => {
            let invalid = |e: &serde_json::Error| {
                reject(
                    record,
                    json_error_reason(e, text),
                    format!("invalid JSON: {e}"),
                )
            };
            let Some(fixed) = non_finite_as_null(text) else {
                return Err(invalid(&e));
            };
            repaired = fixed;
            match serde_json::from_str(&repaired) {
                Ok(members) => (repaired.as_str(), members),
                Err(_) => return Err(invalid(&e)),
            }
        }
    };
    let members = members.0;
    // The first candidate with a value; an empty or blank string counts only when no
    // candidate has more (`"text": " "` beside a filled `content` takes `content`), as null
    // never does. A name matches its key exactly or, when no candidate does, whatever the
    // key's ASCII case and surrounding spaces (`TEXT` from a warehouse, ` title ` from a
    // CSV header written with `, `).
    let find = |candidates: &[String]| -> Option<(usize, &RawValue)> {
        let first_where = |loose: bool, ok: &dyn Fn(&str) -> bool| {
            candidates.iter().find_map(|name| {
                members
                    .iter()
                    .position(|(k, v)| key_matches(k, name, loose) && ok(v.get()))
                    .map(|i| (i, members[i].1))
            })
        };
        let filled = |v: &str| v != "null" && !is_blank_json_string(v);
        let present = |v: &str| v != "null";
        first_where(false, &filled)
            .or_else(|| first_where(true, &filled))
            .or_else(|| first_where(false, &present))
            .or_else(|| first_where(true, &present))
    };
    let mut used = vec![false; members.len()];
    let (text_index, text_raw) = find(&fields.text).ok_or_else(|| {
        let null_field = members
            .iter()
            .map(|(k, _)| k)
            .find(|k| fields.text.iter().any(|name| key_matches(k, name, true)));
        if let Some(name) = null_field {
            reject(
                record,
                RejectReason::WrongType,
                format!("text field {name:?} is null, not a string"),
            )
        } else {
            let tried = fields.text.join(", ");
            reject(
                record,
                RejectReason::MissingText,
                format!("no text field (tried {tried})"),
            )
        }
    })?;
    used[text_index] = true;
    if !text_raw.get().starts_with('"') {
        let name = &members[text_index].0;
        let kind = describe_kind(text_raw);
        return Err(reject(
            record,
            RejectReason::WrongType,
            format!("text field {name:?} is {kind}, not a string"),
        ));
    }
    let body: String = serde_json::from_str(text_raw.get()).map_err(|e| {
        reject(
            record,
            json_error_reason(&e, text),
            format!("text field: {e}"),
        )
    })?;

    let mut parsed = ParsedRecord {
        text: body,
        ..ParsedRecord::default()
    };
    let take = |candidates: &[String], used: &mut Vec<bool>| -> Result<Option<String>, Reject> {
        match find(candidates) {
            Some((i, raw)) => {
                used[i] = true;
                metadata_text(raw).map_err(|e| {
                    reject(
                        record,
                        json_error_reason(&e, text),
                        format!("field {:?}: {e}", members[i].0),
                    )
                })
            }
            None => Ok(None),
        }
    };
    parsed.title = take(&fields.title, &mut used)?;
    parsed.source = take(&fields.source, &mut used)?;
    parsed.url = take(&fields.url, &mut used)?;
    parsed.id = take(&fields.id, &mut used)?;
    parsed.author = take(&fields.author, &mut used)?;
    if let Some(date) = take(&fields.date, &mut used)? {
        let published = parse_timestamp_with_offset(&date);
        parsed.published = published.map(|(micros, _)| micros);
        parsed.published_offset_secs = published.map_or(0, |(_, offset)| offset);
        parsed.published_unparsed = parsed.published.is_none();
    }
    let mut extra = String::new();
    for ((key, raw), used) in members.iter().zip(&used) {
        if *used {
            continue;
        }
        extra.push(if extra.is_empty() { '{' } else { ',' });
        extra.push_str(&serde_json::to_string(key.as_ref()).unwrap_or_else(|_| "\"?\"".to_owned()));
        extra.push(':');
        extra.push_str(raw.get());
    }
    if !extra.is_empty() {
        extra.push('}');
        parsed.extra = Some(extra);
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::sync::Arc;

    use super::*;

    fn raw(bytes: &[u8]) -> RawRecord {
        RawRecord {
            input_file: Arc::from("t.jsonl"),
            input_index: 3,
            byte_offset: Some(10),
            bytes: bytes.to_vec(),
        }
    }

    fn reason(bytes: &[u8]) -> RejectReason {
        parse_record(&raw(bytes), &FieldMap::default())
            .unwrap_err()
            .reason
    }

    /// Python's `json.dumps` writes `NaN` and `Infinity`: the whole record was `invalid_json`.
    #[test]
    fn nan_and_infinity_are_read_as_null() {
        let parsed = parse_record(
            &raw(br#"{"text": "a NaN, b", "score": NaN, "r": [Infinity, -Infinity], "x":NaN}"#),
            &FieldMap::default(),
        )
        .unwrap();
        assert_eq!(parsed.text, "a NaN, b");
        let extra: serde_json::Value =
            serde_json::from_str(parsed.extra.as_deref().unwrap()).unwrap();
        assert_eq!(extra["score"], serde_json::Value::Null);
        assert_eq!(extra["r"], serde_json::json!([null, null]));
        assert_eq!(extra["x"], serde_json::Value::Null);
        // Not in a value place, or part of a longer word: still invalid.
        assert_eq!(
            reason(br#"{"text": "a", NaN: 1}"#),
            RejectReason::InvalidJson
        );
        assert_eq!(
            reason(br#"{"text": "a", "n": NaNa}"#),
            RejectReason::InvalidJson
        );
        assert_eq!(non_finite_as_null(r#"{"t": "x\"NaN", "n": 1}"#), None);
    }

    #[test]
    fn an_empty_text_field_gives_way_to_a_filled_one() {
        let parsed = parse_record(
            &raw("{\"text\": \"\", \"content\": \"نص\"}".as_bytes()),
            &FieldMap::default(),
        )
        .unwrap();
        assert_eq!(parsed.text, "نص");
        let parsed = parse_record(
            &raw(b"{\"text\": \"\", \"body\": null}"),
            &FieldMap::default(),
        )
        .unwrap();
        assert_eq!(parsed.text, "");
        // A blank string gives way too, in every mapped field; alone it is still the value.
        let rec = r#"{"text": " \n\t ", "content": "نص", "id": "  ", "url": "http://x", "title": " ", "headline": "h"}"#;
        let parsed = parse_record(&raw(rec.as_bytes()), &FieldMap::default()).unwrap();
        assert_eq!(parsed.text, "نص");
        assert_eq!(parsed.id.as_deref(), Some("http://x"));
        assert_eq!(parsed.title.as_deref(), Some("h"));
        let parsed = parse_record(&raw(br#"{"text": "  "}"#), &FieldMap::default()).unwrap();
        assert_eq!(parsed.text, "  ");
        // Escaped backslashes or quotes are text.
        let rec = r#"{"text": "\\", "content": "نص"}"#;
        let parsed = parse_record(&raw(rec.as_bytes()), &FieldMap::default()).unwrap();
        assert_eq!(parsed.text, "\\");
    }

    #[test]
    fn maps_default_fields_and_keeps_the_rest_as_extra() {
        let rec = r#"{"source":"aawsat","url":"http://x/\u0628","date_extracted":"2015-07-21 02:51:32","title":"t","author":"","content":"نص","lang":"ar","n":[1,2]}"#;
        let p = parse_record(&raw(rec.as_bytes()), &FieldMap::default()).unwrap();
        assert_eq!(p.text, "نص");
        assert_eq!(p.source.as_deref(), Some("aawsat"));
        assert_eq!(p.url.as_deref(), Some("http://x/ب"));
        assert_eq!(p.id.as_deref(), Some("http://x/ب"));
        assert_eq!(p.author, None);
        assert_eq!(p.published, Some(1_437_447_092_000_000));
        assert_eq!(p.extra.as_deref(), Some(r#"{"lang":"ar","n":[1,2]}"#));
        let extra: serde_json::Value = serde_json::from_str(p.extra.as_deref().unwrap()).unwrap();
        assert_eq!(extra["n"][1], 2);
    }

    #[test]
    fn bad_records_get_stable_reasons() {
        assert_eq!(reason(b"{\"text\": 12}"), RejectReason::WrongType);
        assert_eq!(reason(b"{\"text\": [\"a\"]}"), RejectReason::WrongType);
        assert_eq!(reason(b"{\"text\": {\"a\":1}}"), RejectReason::WrongType);
        assert_eq!(reason(b"{\"text\": null}"), RejectReason::WrongType);
        assert_eq!(
            reason(b"{\"text\": null, \"body\": 1}"),
            RejectReason::WrongType
        );
        assert_eq!(reason(b"{\"title\": \"x\"}"), RejectReason::MissingText);
        assert_eq!(reason(b"[1,2]"), RejectReason::NotAnObject);
        assert_eq!(reason(b"\"str\""), RejectReason::NotAnObject);
        assert_eq!(reason(b"{\"text\": \"a"), RejectReason::InvalidJson);
        assert_eq!(reason(b"not json"), RejectReason::InvalidJson);
        assert_eq!(
            reason(b"{\"text\": \"\xff\xfe\"}"),
            RejectReason::InvalidUtf8
        );
        assert_eq!(
            reason(br#"{"text": "a\ud800b"}"#),
            RejectReason::InvalidUtf8
        );
    }

    #[test]
    fn unparseable_dates_are_null_and_flagged_not_rejected() {
        let p = parse_record(
            &raw(br#"{"text":"x","date":"last week"}"#),
            &FieldMap::default(),
        )
        .unwrap();
        assert_eq!(p.published, None);
        assert!(p.published_unparsed);
    }

    /// Warehouse exports name columns `TEXT`, `Title`; CSV headers written with `, ` give
    /// ` title `: every row was `missing_text`, or lost its title to `extra`.
    #[test]
    fn field_names_match_whatever_their_case_and_surrounding_spaces() {
        let rec = br#"{"TEXT":"t","Title":"h"," published ":"2015-07-21","ID":"7","Extra":1}"#;
        let p = parse_record(&raw(rec), &FieldMap::default()).unwrap();
        assert_eq!(p.text, "t");
        assert_eq!(p.title.as_deref(), Some("h"));
        assert_eq!(p.published, Some(1_437_436_800_000_000));
        assert_eq!(p.id.as_deref(), Some("7"));
        assert_eq!(p.extra.as_deref(), Some(r#"{"Extra":1}"#));
        // An exact name still wins, and a null in any case is still the wrong type.
        let p = parse_record(
            &raw(br#"{"Text":"loose","text":"exact"}"#),
            &FieldMap::default(),
        )
        .unwrap();
        assert_eq!(p.text, "exact");
        assert_eq!(p.extra.as_deref(), Some(r#"{"Text":"loose"}"#));
        assert_eq!(reason(br#"{"TEXT":null}"#), RejectReason::WrongType);
        assert_eq!(reason(br#"{"TEXTS":"x"}"#), RejectReason::MissingText);
    }

    #[test]
    fn custom_fields_override_defaults() {
        let fields = FieldMap {
            text: vec!["story".into()],
            ..FieldMap::default()
        };
        let p = parse_record(&raw(br#"{"story":"s","text":"t"}"#), &fields).unwrap();
        assert_eq!(p.text, "s");
        assert_eq!(p.extra.as_deref(), Some(r#"{"text":"t"}"#));
    }

    #[test]
    fn reject_keeps_location() {
        let r = parse_record(&raw(b"oops"), &FieldMap::default()).unwrap_err();
        assert_eq!(
            (r.input_file.as_str(), r.input_index, r.byte_offset),
            ("t.jsonl", 3, Some(10))
        );
        assert_eq!(r.raw, b"oops");
    }
}
