//! JSON Lines: one record a line, read with a bounded buffer so a 200 MB line never sits
//! in memory whole.

use std::io::BufRead;

use khabar_core::{RAW_PREFIX_BYTES, RejectReason};

use super::source::Emitter;

/// Reads `reader` as JSON Lines. Blank lines are not records.
pub(crate) fn read_json_lines(mut reader: impl BufRead, emitter: &mut Emitter<'_>) {
    let max = emitter.options.max_record_bytes;
    let mut line: Vec<u8> = Vec::new();
    let mut line_len: u64 = 0; // true length, even past the cap
    // Whether the bytes past the cap hold anything but whitespace: a too-large line that
    // starts with a cap's worth of spaces is still a record.
    let mut nonblank_past_cap = false;
    let mut line_start: u64 = 0;
    let mut offset: u64 = 0;
    loop {
        let (consumed, at_newline) = match reader.fill_buf() {
            Ok([]) => break,
            Ok(buf) => {
                let (chunk, at_newline) = match memchr::memchr(b'\n', buf) {
                    Some(i) => (&buf[..i], true),
                    None => (buf, false),
                };
                let room = (max + 1).saturating_sub(line.len());
                line.extend_from_slice(&chunk[..chunk.len().min(room)]);
                if chunk.len() > room && !nonblank_past_cap {
                    nonblank_past_cap = chunk[room..].iter().any(|b| !b.is_ascii_whitespace());
                }
                line_len += chunk.len() as u64;
                (chunk.len() + usize::from(at_newline), at_newline)
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                let keep = &line[..line.len().min(RAW_PREFIX_BYTES)];
                emitter.fail_rest(
                    Some(line_start),
                    format!("read error after byte {offset}: {e}"),
                    keep,
                );
                return;
            }
        };
        reader.consume(consumed);
        offset += consumed as u64;
        if at_newline {
            emit_line(
                emitter,
                &mut line,
                line_len,
                line_start,
                max,
                nonblank_past_cap,
            );
            line_len = 0;
            nonblank_past_cap = false;
            line_start = offset;
        }
    }
    emit_line(
        emitter,
        &mut line,
        line_len,
        line_start,
        max,
        nonblank_past_cap,
    );
}

fn emit_line(
    emitter: &mut Emitter<'_>,
    line: &mut Vec<u8>,
    true_len: u64,
    start: u64,
    max: usize,
    nonblank_past_cap: bool,
) {
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    if !nonblank_past_cap && line.iter().all(u8::is_ascii_whitespace) {
        line.clear();
        return;
    }
    if true_len > max as u64 {
        let detail = format!("record of {true_len} bytes is over --max-record-bytes {max}");
        emitter.reject(Some(start), RejectReason::RecordTooLarge, detail, line);
        line.clear();
    } else {
        emitter.record(Some(start), std::mem::take(line));
    }
}
