//! Compression layers (gzip, zstd, ZIP, and nestings of them): the reader invariants on raw
//! fuzz bytes, on valid wrappers around the fuzz data with one byte corrupted, and, for
//! uncorrupted wrappers, records identical to reading the payload unwrapped.
//!
//! Input layout: `[mode, pos_hi, pos_lo, xor, payload...]`. `mode % 10` picks the layer;
//! `xor` (when non-zero) is applied to the wrapped byte at `pos % len`.

#![no_main]

mod common;

use std::io::{Cursor, Write};

use libfuzzer_sys::fuzz_target;

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(data).expect("gzip to memory");
    enc.finish().expect("gzip to memory")
}

fn zstd(data: &[u8]) -> Vec<u8> {
    zstd::encode_all(data, 1).expect("zstd to memory")
}

fn zip(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in members {
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        writer.start_file(*name, opts).expect("zip member");
        writer.write_all(bytes).expect("zip to memory");
    }
    writer.finish().expect("zip to memory").into_inner()
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let (mode, pos, xor) = (data[0] % 10, u16::from_be_bytes([data[1], data[2]]), data[3]);
    let payload = &data[4..];
    let options = common::options_for(data);

    // (file name, bytes, inner name to compare with when uncorrupted)
    let (name, mut bytes, plain): (&str, Vec<u8>, Option<&str>) = match mode {
        // Raw fuzz bytes under a compressed name (or none: sniffed by magic).
        0 => ("x.gz", payload.to_vec(), None),
        1 => ("x.zst", payload.to_vec(), None),
        2 => ("x.zip", payload.to_vec(), None),
        3 => ("x", payload.to_vec(), None),
        // Valid wrappers.
        4 => ("x.jsonl.gz", gzip(payload), Some("x.jsonl")),
        5 => ("x.json.zst", zstd(payload), Some("x.json")),
        6 => ("x.zip", zip(&[("x.jsonl", payload)]), Some("x.jsonl")),
        7 => ("x.zip", zip(&[("x.json.gz", &gzip(payload))]), Some("x.json")),
        8 => ("x.jsonl.zst.gz", gzip(&zstd(payload)), Some("x.jsonl")),
        _ => {
            let (a, b) = payload.split_at(payload.len() / 2);
            ("x.zip", zip(&[("a.jsonl", a), ("b.json", b), ("c", b)]), None)
        }
    };
    let corrupted = mode >= 4 && xor != 0 && !bytes.is_empty();
    if corrupted {
        let at = usize::from(pos) % bytes.len();
        bytes[at] ^= xor;
    }
    let path = common::scratch_file(name, &bytes);
    let is_zip = name.ends_with(".zip");
    let (_report, items) = common::read_and_check(path, &options, is_zip);
    common::parse_all(&items);

    // An intact layer changes nothing: the same items as the payload read bare.
    if let (Some(inner), false) = (plain, corrupted) {
        let bare = common::scratch_file(inner, payload);
        let (_, want) = common::read_and_check(bare, &options, false);
        assert_eq!(common::seen(&items), common::seen(&want), "wrapped read differs from bare read");
    }
});
