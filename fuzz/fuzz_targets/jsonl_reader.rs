//! JSON Lines reader: no panic, the report counts what was emitted, rejects keep at most
//! 4096 raw bytes, indices run 0..n, and every record is exactly its line of the input.

#![no_main]

mod common;

use khabar_core::RejectReason;
use khabar_io::read::ReadItem;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = common::options_for(data);
    let path = common::scratch_file("x.jsonl", data);
    let (_report, items) = common::read_and_check(path, &options, false);

    // Reference: split on '\n', drop one trailing '\r', skip blank lines.
    let max = options.max_record_bytes;
    let mut expected = Vec::new();
    let mut start = 0usize;
    for line in data.split(|&b| b == b'\n') {
                let body = line.strip_suffix(b"\r").unwrap_or(line);
        // A too-large line that starts with a cap's worth of whitespace is still a record
        // (it used to vanish: regressions/jsonl_reader/, fixed in 061f097).
        if !body.iter().all(u8::is_ascii_whitespace) {
            expected.push((start, body, line));
        }
        start += line.len() + 1;
    }
    assert_eq!(items.len(), expected.len(), "one item per non-blank line");
    for (item, (start, body, line)) in items.iter().zip(&expected) {
        match item {
            ReadItem::Record(r) => {
                assert_eq!(r.byte_offset, Some(*start as u64));
                assert_eq!(&r.bytes[..], *body, "record bytes are the line");
            }
            ReadItem::Reject(j) => {
                assert_eq!(j.reason, RejectReason::RecordTooLarge, "{}", j.detail);
                assert_eq!(j.byte_offset, Some(*start as u64));
                // The line counted with its '\r' is over the cap (the body alone may be at it).
                assert!(line.len() > max, "a {}-byte line rejected as too large", body.len());
                assert!(line.starts_with(&j.raw), "reject raw is not the line's start");
            }
        }
    }
    common::parse_all(&items);
});
