//! JSON array reader: the jsonl invariants, plus records that are exact slices of the input
//! and, where serde_json reads the input as an array, exactly serde_json's elements.

#![no_main]

mod common;

use khabar_core::RejectReason;
use khabar_io::read::{InputStatus, ReadItem};
use libfuzzer_sys::fuzz_target;
use serde_json::value::RawValue;

fuzz_target!(|data: &[u8]| {
    // Half the inputs are forced to open an array, to get past the first byte.
    let owned;
    let data: &[u8] = match data.split_first() {
        Some((flag, rest)) if flag & 1 == 1 => {
            let mut v = Vec::with_capacity(rest.len() + 1);
            v.push(b'[');
            v.extend_from_slice(rest);
            owned = v;
            &owned
        }
        Some((_, rest)) => rest,
        None => data,
    };
    let options = common::options_for(data);
    let path = common::scratch_file("x.json", data);
    let (report, items) = common::read_and_check(path, &options, false);

    for item in &items {
        match item {
            ReadItem::Record(r) => {
                let at = r.byte_offset.expect("array records carry an offset") as usize;
                assert!(data[at..].starts_with(&r.bytes), "record is not a slice of the input at {at}");
                assert!(!r.bytes.is_empty(), "an empty record");
            }
            ReadItem::Reject(j) => {
                if let Some(at) = j.byte_offset {
                    assert!(data[at as usize..].starts_with(&j.raw), "reject raw is not the input at {at}");
                }
            }
        }
    }

    // Differential: a valid JSON array of small elements reads as exactly its elements.
    if let Ok(elements) = serde_json::from_slice::<Vec<Box<RawValue>>>(data) {
        if elements.iter().all(|e| e.get().len() <= options.max_record_bytes) {
            let got: Vec<&[u8]> = items
                .iter()
                .map(|item| match item {
                    ReadItem::Record(r) => &r.bytes[..],
                    ReadItem::Reject(j) => panic!("valid array gave a reject: {} {}", j.reason, j.detail),
                })
                .collect();
            let want: Vec<&[u8]> = elements.iter().map(|e| e.get().as_bytes()).collect();
            assert_eq!(got, want, "records differ from serde_json's elements");
            assert_eq!(report.status, InputStatus::Complete);
        } else {
            assert!(items.iter().any(|item| matches!(item, ReadItem::Reject(j) if j.reason == RejectReason::RecordTooLarge)));
        }
    }
    common::parse_all(&items);
});
