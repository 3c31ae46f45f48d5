//! One Arrow cell as a JSON value, for every Arrow type a Parquet file can hold.
//!
//! The mapping (the README's "Parquet inputs" list):
//! - strings as strings; dictionary and run-end encoded columns as their values;
//! - booleans, integers and floats as numbers (a NaN or infinite float as `null`);
//! - decimals as numbers when an `f64` holds them exactly, else as strings (`"12345678901234567890.12"`);
//! - binary as a string when the bytes are valid UTF-8 (a text column stored as bytes), else
//!   as `{"base64": "..."}` (standard alphabet, padded): an object, so that binary junk
//!   in a text column is a `wrong_type` reject rather than a document of base64;
//! - timestamps and dates as RFC 3339 UTC strings, times of day as `HH:MM:SS[.ffffff]`,
//!   durations as integers in their unit, intervals as objects of their parts;
//! - lists as arrays, structs as objects, maps as objects (keys as strings), unions as
//!   the value of their selected child; nulls inside nested values as `null`.

use arrow_array::cast::AsArray;
use arrow_array::types::{
    ArrowDictionaryKeyType, Date32Type, Date64Type, Decimal32Type, Decimal64Type, Decimal128Type,
    Decimal256Type, DecimalType, DurationMicrosecondType, DurationMillisecondType,
    DurationNanosecondType, DurationSecondType, Float16Type, Float32Type, Float64Type, Int8Type,
    Int16Type, Int32Type, Int64Type, IntervalDayTimeType, IntervalMonthDayNanoType,
    IntervalYearMonthType, RunEndIndexType, Time32MillisecondType, Time32SecondType,
    Time64MicrosecondType, Time64NanosecondType, TimestampMicrosecondType,
    TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType, UInt8Type, UInt16Type,
    UInt32Type, UInt64Type,
};
use arrow_array::{Array, PrimitiveArray};
use arrow_schema::{DataType, IntervalUnit, TimeUnit};
use serde_json::{Map, Value};

const MICROS_PER_DAY: i64 = 86_400_000_000;

/// The value of `column` at `row` as JSON; `Value::Null` for a null.
pub(crate) fn cell_value(column: &dyn Array, row: usize) -> Value {
    if row >= column.len() {
        return Value::Null;
    }
    match column.data_type() {
        // These encode their nulls in the keys or the values, not in a null buffer.
        DataType::Dictionary(key, _) => return dictionary_value(column, key, row),
        DataType::RunEndEncoded(run_ends, _) => {
            return run_value(column, run_ends.data_type(), row);
        }
        DataType::Union(..) => {
            let union = column.as_union();
            let child = union.child(union.type_id(row));
            return cell_value(child.as_ref(), union.value_offset(row));
        }
        DataType::Null => return Value::Null,
        _ => {}
    }
    if column.is_null(row) {
        return Value::Null;
    }
    match column.data_type() {
        DataType::Utf8 => Value::from(column.as_string::<i32>().value(row)),
        DataType::LargeUtf8 => Value::from(column.as_string::<i64>().value(row)),
        DataType::Utf8View => Value::from(column.as_string_view().value(row)),
        DataType::Binary => bytes_value(column.as_binary::<i32>().value(row)),
        DataType::LargeBinary => bytes_value(column.as_binary::<i64>().value(row)),
        DataType::BinaryView => bytes_value(column.as_binary_view().value(row)),
        DataType::FixedSizeBinary(_) => bytes_value(column.as_fixed_size_binary().value(row)),
        DataType::Boolean => Value::from(column.as_boolean().value(row)),
        DataType::Int8 => Value::from(column.as_primitive::<Int8Type>().value(row)),
        DataType::Int16 => Value::from(column.as_primitive::<Int16Type>().value(row)),
        DataType::Int32 => Value::from(column.as_primitive::<Int32Type>().value(row)),
        DataType::Int64 => Value::from(column.as_primitive::<Int64Type>().value(row)),
        DataType::UInt8 => Value::from(column.as_primitive::<UInt8Type>().value(row)),
        DataType::UInt16 => Value::from(column.as_primitive::<UInt16Type>().value(row)),
        DataType::UInt32 => Value::from(column.as_primitive::<UInt32Type>().value(row)),
        DataType::UInt64 => Value::from(column.as_primitive::<UInt64Type>().value(row)),
        DataType::Float16 => {
            Value::from(f64::from(column.as_primitive::<Float16Type>().value(row)))
        }
        DataType::Float32 => {
            Value::from(f64::from(column.as_primitive::<Float32Type>().value(row)))
        }
        DataType::Float64 => Value::from(column.as_primitive::<Float64Type>().value(row)),
        DataType::Decimal32(..) => decimal_value(column.as_primitive::<Decimal32Type>(), row),
        DataType::Decimal64(..) => decimal_value(column.as_primitive::<Decimal64Type>(), row),
        DataType::Decimal128(..) => decimal_value(column.as_primitive::<Decimal128Type>(), row),
        DataType::Decimal256(..) => decimal_value(column.as_primitive::<Decimal256Type>(), row),
        DataType::Timestamp(unit, _) => {
            let micros = match unit {
                TimeUnit::Second => column
                    .as_primitive::<TimestampSecondType>()
                    .value(row)
                    .saturating_mul(1_000_000),
                TimeUnit::Millisecond => column
                    .as_primitive::<TimestampMillisecondType>()
                    .value(row)
                    .saturating_mul(1000),
                TimeUnit::Microsecond => {
                    column.as_primitive::<TimestampMicrosecondType>().value(row)
                }
                // Down to the microsecond before it, as for an instant after 1970:
                // truncating moved an instant before 1970 forward.
                TimeUnit::Nanosecond => column
                    .as_primitive::<TimestampNanosecondType>()
                    .value(row)
                    .div_euclid(1000),
            };
            timestamp_value(micros)
        }
        DataType::Date32 => {
            let days = column.as_primitive::<Date32Type>().value(row);
            timestamp_value(i64::from(days).saturating_mul(MICROS_PER_DAY))
        }
        DataType::Date64 => {
            let millis = column.as_primitive::<Date64Type>().value(row);
            timestamp_value(millis.saturating_mul(1000))
        }
        DataType::Time32(unit) => {
            let nanos = match unit {
                TimeUnit::Millisecond => {
                    i64::from(column.as_primitive::<Time32MillisecondType>().value(row))
                        .saturating_mul(1_000_000)
                }
                _ => i64::from(column.as_primitive::<Time32SecondType>().value(row))
                    .saturating_mul(1_000_000_000),
            };
            time_of_day(nanos)
        }
        DataType::Time64(unit) => {
            let nanos = match unit {
                TimeUnit::Nanosecond => column.as_primitive::<Time64NanosecondType>().value(row),
                _ => column
                    .as_primitive::<Time64MicrosecondType>()
                    .value(row)
                    .saturating_mul(1000),
            };
            time_of_day(nanos)
        }
        DataType::Duration(unit) => Value::from(match unit {
            TimeUnit::Second => column.as_primitive::<DurationSecondType>().value(row),
            TimeUnit::Millisecond => column.as_primitive::<DurationMillisecondType>().value(row),
            TimeUnit::Microsecond => column.as_primitive::<DurationMicrosecondType>().value(row),
            TimeUnit::Nanosecond => column.as_primitive::<DurationNanosecondType>().value(row),
        }),
        DataType::Interval(IntervalUnit::YearMonth) => {
            let months = column.as_primitive::<IntervalYearMonthType>().value(row);
            serde_json::json!({ "months": months })
        }
        DataType::Interval(IntervalUnit::DayTime) => {
            let v = column.as_primitive::<IntervalDayTimeType>().value(row);
            serde_json::json!({ "days": v.days, "milliseconds": v.milliseconds })
        }
        DataType::Interval(IntervalUnit::MonthDayNano) => {
            let v = column.as_primitive::<IntervalMonthDayNanoType>().value(row);
            serde_json::json!({ "months": v.months, "days": v.days, "nanoseconds": v.nanoseconds })
        }
        DataType::List(_) => list_value(column.as_list::<i32>().value(row).as_ref()),
        DataType::LargeList(_) => list_value(column.as_list::<i64>().value(row).as_ref()),
        DataType::ListView(_) => list_value(column.as_list_view::<i32>().value(row).as_ref()),
        DataType::LargeListView(_) => list_value(column.as_list_view::<i64>().value(row).as_ref()),
        DataType::FixedSizeList(..) => list_value(column.as_fixed_size_list().value(row).as_ref()),
        DataType::Struct(fields) => {
            let structure = column.as_struct();
            let object: Map<String, Value> = fields
                .iter()
                .zip(structure.columns())
                .map(|(field, child)| (field.name().clone(), cell_value(child.as_ref(), row)))
                .collect();
            Value::Object(object)
        }
        DataType::Map(..) => {
            let entries = column.as_map().value(row);
            let [keys, values] = entries.columns() else {
                return Value::Null;
            };
            let object: Map<String, Value> = (0..entries.len())
                .map(|i| {
                    let key = match cell_value(keys.as_ref(), i) {
                        Value::String(s) => s,
                        other => other.to_string(),
                    };
                    (key, cell_value(values.as_ref(), i))
                })
                .collect();
            Value::Object(object)
        }
        // Every Arrow type is handled above; a type added to Arrow later reads as its name
        // rather than vanishing.
        other => Value::String(format!("<unsupported Arrow type {other}>")),
    }
}

fn timestamp_value(micros: i64) -> Value {
    Value::String(crate::timestamp::format_rfc3339_micros(micros))
}

fn time_of_day(nanos: i64) -> Value {
    let secs = nanos.div_euclid(1_000_000_000);
    let frac = nanos.rem_euclid(1_000_000_000);
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let mut out = format!("{h:02}:{m:02}:{s:02}");
    if frac != 0 {
        let digits = format!("{frac:09}");
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
    Value::String(out)
}

fn list_value(items: &dyn Array) -> Value {
    Value::Array((0..items.len()).map(|i| cell_value(items, i)).collect())
}

fn dictionary_value(column: &dyn Array, key: &DataType, row: usize) -> Value {
    fn look_up<K: ArrowDictionaryKeyType>(column: &dyn Array, row: usize) -> Value {
        match column.as_dictionary_opt::<K>() {
            Some(dict) => match dict.key(row) {
                Some(index) => cell_value(dict.values().as_ref(), index),
                None => Value::Null,
            },
            None => Value::Null,
        }
    }
    match key {
        DataType::Int8 => look_up::<Int8Type>(column, row),
        DataType::Int16 => look_up::<Int16Type>(column, row),
        DataType::Int32 => look_up::<Int32Type>(column, row),
        DataType::Int64 => look_up::<Int64Type>(column, row),
        DataType::UInt8 => look_up::<UInt8Type>(column, row),
        DataType::UInt16 => look_up::<UInt16Type>(column, row),
        DataType::UInt32 => look_up::<UInt32Type>(column, row),
        DataType::UInt64 => look_up::<UInt64Type>(column, row),
        _ => Value::Null,
    }
}

fn run_value(column: &dyn Array, run_end: &DataType, row: usize) -> Value {
    fn look_up<R: RunEndIndexType>(column: &dyn Array, row: usize) -> Value {
        match column.as_run_opt::<R>() {
            Some(runs) => cell_value(runs.values().as_ref(), runs.get_physical_index(row)),
            None => Value::Null,
        }
    }
    match run_end {
        DataType::Int16 => look_up::<Int16Type>(column, row),
        DataType::Int32 => look_up::<Int32Type>(column, row),
        DataType::Int64 => look_up::<Int64Type>(column, row),
        _ => Value::Null,
    }
}

/// A decimal as a JSON number when an `f64` (or an integer) holds it exactly, else as its
/// decimal string.
fn decimal_value<T: DecimalType>(column: &PrimitiveArray<T>, row: usize) -> Value {
    let text = column.value_as_string(row);
    if !text.contains('.') {
        if let Ok(n) = text.parse::<i64>() {
            return Value::from(n);
        }
        if let Ok(n) = text.parse::<u64>() {
            return Value::from(n);
        }
    }
    match text.parse::<f64>() {
        Ok(f) if f.is_finite() && canonical_decimal(&f.to_string()) == canonical_decimal(&text) => {
            Value::from(f)
        }
        _ => Value::String(text),
    }
}

/// `-012.3400` -> `-12.34`, `0.00` -> `0`: for comparing two decimal spellings.
fn canonical_decimal(text: &str) -> String {
    let (sign, digits) = text
        .strip_prefix('-')
        .map_or(("", text), |rest| ("-", rest));
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let sign = if int == "0" && frac.is_empty() {
        ""
    } else {
        sign
    };
    if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    }
}

/// Binary as a string when it is valid UTF-8 (a text column stored as bytes), else
/// `{"base64": "..."}`.
fn bytes_value(bytes: &[u8]) -> Value {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Value::from(text),
        Err(_) => serde_json::json!({ "base64": base64(bytes) }),
    }
}

/// Standard base64 (RFC 4648 alphabet, `=` padding).
pub(crate) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> shift & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
        assert_eq!(
            bytes_value(&[0xff, 0x00]),
            serde_json::json!({"base64": "/wA="})
        );
        assert_eq!(bytes_value("نص".as_bytes()), Value::from("نص"));
    }

    #[test]
    fn decimals_are_numbers_only_when_exact() {
        assert_eq!(canonical_decimal("-012.3400"), "-12.34");
        assert_eq!(canonical_decimal("-0.00"), "0");
        let small = arrow_array::Decimal128Array::from(vec![1250, -5, 0])
            .with_precision_and_scale(10, 2)
            .unwrap();
        assert_eq!(decimal_value(&small, 0), serde_json::json!(12.5));
        assert_eq!(decimal_value(&small, 1), serde_json::json!(-0.05));
        assert_eq!(decimal_value(&small, 2), serde_json::json!(0.0));
        let whole = arrow_array::Decimal128Array::from(vec![42])
            .with_precision_and_scale(10, 0)
            .unwrap();
        assert_eq!(decimal_value(&whole, 0), serde_json::json!(42));
        let big = arrow_array::Decimal128Array::from(vec![1_234_567_890_123_456_789_012_i128])
            .with_precision_and_scale(38, 2)
            .unwrap();
        assert_eq!(
            decimal_value(&big, 0),
            Value::from("12345678901234567890.12")
        );
    }

    /// -1500 ns is 1969-12-31T23:59:59.9999985Z: its microsecond is .999998, not the
    /// .999999 truncation toward zero gave.
    #[test]
    fn nanosecond_timestamps_before_1970_round_down() {
        let column = arrow_array::TimestampNanosecondArray::from(vec![-1500, 1500, -1_000_000_001]);
        assert_eq!(
            cell_value(&column, 0),
            Value::from("1969-12-31T23:59:59.999998Z")
        );
        assert_eq!(
            cell_value(&column, 1),
            Value::from("1970-01-01T00:00:00.000001Z")
        );
        assert_eq!(
            cell_value(&column, 2),
            Value::from("1969-12-31T23:59:58.999999Z")
        );
    }

    #[test]
    fn times_of_day() {
        assert_eq!(time_of_day(3_723_000_000_000), Value::from("01:02:03"));
        assert_eq!(time_of_day(3_723_500_000_000), Value::from("01:02:03.5"));
    }
}
