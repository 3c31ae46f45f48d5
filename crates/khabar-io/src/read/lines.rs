//! JSON Lines: one record a line, read with a bounded buffer so a 200 MB line never sits
//! in memory whole.

use std::io::{BufRead, Read};

use khabar_core::{RAW_PREFIX_BYTES, RejectReason};

use super::source::Emitter;

/// The UTF-8 byte order mark.
pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

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
    // A UTF-8 byte order mark (Windows tools, Excel and PowerShell exports) is not part of
    // the first record; offsets still count it.
    if let Ok(head) = reader.fill_buf()
        && head.starts_with(BOM)
    {
        reader.consume(BOM.len());
        offset = BOM.len() as u64;
        line_start = offset;
    }
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
    // A byte order mark inside the input: files exported on Windows and joined with `cat`
    // (or gzip members of such files) carry one at the start of each.
    let (start, true_len) = if line.starts_with(BOM) {
        line.drain(..BOM.len());
        (start + BOM.len() as u64, true_len - BOM.len() as u64)
    } else {
        (start, true_len)
    };
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

/// Reads a `.json` (or unnamed) input that starts with `{`: JSON Lines when its first line
/// is a complete JSON value, else one pretty-printed object (the news-please layout: one
/// indented article a file), or several concatenated ones (`jq` without `-c`), each one
/// record. The file is held whole only up to `--max-record-bytes`; past that it is one
/// `record_too_large` reject.
pub(crate) fn read_json_object_or_lines(mut reader: impl BufRead, emitter: &mut Emitter<'_>) {
    let max = emitter.options.max_record_bytes;
    let cap = (max as u64).saturating_add(1);
    // The head: the BOM, blank lines, and the first non-blank line (bounded).
    let mut head: Vec<u8> = Vec::new();
    let first_line_start = loop {
        let start = head.len();
        match (&mut reader)
            .take(cap.saturating_sub(head.len() as u64))
            .read_until(b'\n', &mut head)
        {
            Ok(0) => break None,
            Ok(_) => {
                let line = head[start..].strip_prefix(BOM).unwrap_or(&head[start..]);
                if !line.iter().all(u8::is_ascii_whitespace) {
                    break Some(start);
                }
                if head.len() as u64 >= cap {
                    break None;
                }
            }
            Err(e) => {
                let detail = format!("read error after byte {}: {e}", head.len());
                emitter.fail_rest(Some(0), detail, &[]);
                return;
            }
        }
    };
    let is_pretty_object = first_line_start.is_some_and(|start| {
        let line = head[start..].strip_prefix(BOM).unwrap_or(&head[start..]);
        head.len() as u64 <= max as u64
            && serde_json::from_slice::<serde::de::IgnoredAny>(line)
                .is_err_and(|e| e.classify() == serde_json::error::Category::Eof)
    });
    if !is_pretty_object {
        read_json_lines(std::io::Cursor::new(head).chain(reader), emitter);
        return;
    }
    // One document (or several concatenated): read the rest, up to the cap.
    if let Err(e) = (&mut reader)
        .take(cap.saturating_sub(head.len() as u64))
        .read_to_end(&mut head)
    {
        let keep = &head[..head.len().min(RAW_PREFIX_BYTES)];
        emitter.fail_rest(
            Some(0),
            format!("read error after byte {}: {e}", head.len()),
            keep,
        );
        return;
    }
    let bom = if head.starts_with(BOM) { BOM.len() } else { 0 };
    let leading = head[bom..]
        .iter()
        .take_while(|b| b.is_ascii_whitespace())
        .count();
    let start = (bom + leading) as u64;
    if head.len() as u64 > max as u64 {
        let mut true_len = head.len() as u64;
        match std::io::copy(&mut reader, &mut std::io::sink()) {
            Ok(rest) => true_len += rest,
            Err(e) => emitter.mark_incomplete(format!("read error after byte {true_len}: {e}")),
        }
        let detail = format!("JSON document of {true_len} bytes is over --max-record-bytes {max}");
        let keep = &head[bom + leading..(bom + leading + RAW_PREFIX_BYTES).min(head.len())];
        emitter.reject(Some(start), RejectReason::RecordTooLarge, detail, keep);
        return;
    }
    emit_concatenated(&head, bom, emitter);
}

/// Emits each JSON value of `data[skip..]` as a record; what follows the last complete
/// value (damage, or a value that is not JSON) is one record that fails to parse, and when
/// the input ends inside that value the input is incomplete. When the first value is not
/// JSON at all, the input is read as JSON Lines after all.
fn emit_concatenated(data: &[u8], skip: usize, emitter: &mut Emitter<'_>) {
    let body = &data[skip..];
    let mut values =
        serde_json::Deserializer::from_slice(body).into_iter::<serde::de::IgnoredAny>();
    let mut start = 0;
    let mut any_emitted = false;
    loop {
        match values.next() {
            None => break,
            Some(Ok(_)) => {
                let end = values.byte_offset();
                emit_trimmed(emitter, body, start, end, skip);
                any_emitted = true;
                start = end;
            }
            Some(Err(e)) if !any_emitted && !e.is_eof() => {
                read_json_lines(std::io::Cursor::new(data), emitter);
                return;
            }
            Some(Err(e)) => {
                // A pretty-printed object cut short was one reject per line, and the input
                // counted as read to its end.
                if e.is_eof() {
                    emitter.mark_incomplete(format!(
                        "the input ends inside a JSON value (byte {})",
                        skip + body.len()
                    ));
                }
                emit_trimmed(emitter, body, start, body.len(), skip);
                break;
            }
        }
    }
}

fn emit_trimmed(emitter: &mut Emitter<'_>, body: &[u8], start: usize, end: usize, skip: usize) {
    let segment = &body[start..end];
    let leading = segment
        .iter()
        .take_while(|b| b.is_ascii_whitespace())
        .count();
    let trailing = segment[leading..]
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_whitespace())
        .count();
    let value = &segment[leading..segment.len() - trailing];
    if !value.is_empty() {
        emitter.record(Some((skip + start + leading) as u64), value.to_vec());
    }
}
