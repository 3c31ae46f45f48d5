//! A JSON array of records, streamed: the array is cut into its elements' bytes by a small
//! scanner, so no whole-file value tree is ever built and memory stays at one record.

use std::io::BufRead;

use khabar_core::{RAW_PREFIX_BYTES, RejectReason};

use super::source::Emitter;

/// Where the scanner is within the array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Between elements, or before the first.
    Between,
    /// Inside an element, outside strings.
    Value,
    /// Inside a string of an element.
    Str,
    /// Just after a backslash inside a string.
    Escape,
    /// After the closing `]`.
    Done,
}

/// Scans an array's elements, one at a time, into an [`Emitter`].
struct ArrayScanner {
    state: State,
    depth: u32,
    element: Vec<u8>,
    element_len: u64,
    element_start: u64,
    max: usize,
}

impl ArrayScanner {
    fn push_bytes(&mut self, bytes: &[u8]) {
        let room = (self.max + 1).saturating_sub(self.element.len());
        self.element
            .extend_from_slice(&bytes[..bytes.len().min(room)]);
        self.element_len += bytes.len() as u64;
    }

    fn finish_element(&mut self, emitter: &mut Emitter<'_>) {
        while self.element.last().is_some_and(u8::is_ascii_whitespace) {
            self.element.pop();
            self.element_len -= 1;
        }
        if self.element_len > self.max as u64 {
            let detail = format!(
                "record of {} bytes is over --max-record-bytes {}",
                self.element_len, self.max
            );
            self.element.truncate(RAW_PREFIX_BYTES);
            emitter.reject(
                Some(self.element_start),
                RejectReason::RecordTooLarge,
                detail,
                &self.element,
            );
            self.element.clear();
        } else {
            // The next element starts with room for one this size: neighbouring records are
            // alike, and growing from empty copied each record several times.
            let room = self.element.len();
            let element = std::mem::replace(&mut self.element, Vec::with_capacity(room));
            emitter.record(Some(self.element_start), element);
        }
        self.element_len = 0;
        self.depth = 0;
    }

    /// Feeds one buffer; `base` is the input offset of `buf[0]`. Returns bytes consumed:
    /// short of `buf.len()` only when the array closed inside `buf`.
    fn feed(&mut self, buf: &[u8], base: u64, emitter: &mut Emitter<'_>) -> usize {
        let mut i = 0;
        while i < buf.len() {
            match self.state {
                State::Done => return i,
                State::Between => {
                    let b = buf[i];
                    if b.is_ascii_whitespace() || b == b',' {
                        i += 1;
                    } else if b == b']' {
                        self.state = State::Done;
                        i += 1;
                    } else {
                        self.state = State::Value;
                        self.element_start = base + i as u64;
                        self.depth = 0;
                    }
                }
                State::Str => {
                    if let Some(j) = memchr::memchr2(b'"', b'\\', &buf[i..]) {
                        self.push_bytes(&buf[i..=i + j]);
                        self.state = if buf[i + j] == b'"' {
                            State::Value
                        } else {
                            State::Escape
                        };
                        i += j + 1;
                    } else {
                        self.push_bytes(&buf[i..]);
                        i = buf.len();
                    }
                }
                State::Escape => {
                    self.push_bytes(&buf[i..=i]);
                    self.state = State::Str;
                    i += 1;
                }
                State::Value => {
                    let b = buf[i];
                    match b {
                        b'"' => self.state = State::Str,
                        b'{' | b'[' => self.depth += 1,
                        b'}' | b']' if self.depth > 0 => self.depth -= 1,
                        b']' | b',' if self.depth == 0 => {
                            // End of a scalar element (depth 0): the delimiter is not part of it.
                            self.finish_element(emitter);
                            self.state = if b == b']' {
                                State::Done
                            } else {
                                State::Between
                            };
                            i += 1;
                            continue;
                        }
                        _ => {}
                    }
                    self.push_bytes(&buf[i..=i]);
                    i += 1;
                    if self.depth == 0 && matches!(b, b'}' | b']') {
                        self.finish_element(emitter);
                        self.state = State::Between;
                    }
                }
            }
        }
        buf.len()
    }
}

/// Reads `reader` as a JSON array of records. Returns `false` when the input does not start
/// with `[` (nothing is consumed past leading whitespace then).
pub(crate) fn read_json_array(mut reader: impl BufRead, emitter: &mut Emitter<'_>) {
    let mut scanner = ArrayScanner {
        state: State::Between,
        depth: 0,
        element: Vec::new(),
        element_len: 0,
        element_start: 0,
        max: emitter.options.max_record_bytes,
    };
    let mut offset: u64 = 0;
    // Skip a BOM and whitespace, then expect '['.
    let mut opened = false;
    loop {
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                fail_reading(emitter, offset, &e);
                return;
            }
        };
        if buf.is_empty() {
            break;
        }
        let mut start = 0;
        if !opened {
            while start < buf.len()
                && (buf[start].is_ascii_whitespace() || matches!(buf[start], 0xEF | 0xBB | 0xBF))
            {
                start += 1;
            }
            if start < buf.len() {
                if buf[start] != b'[' {
                    emitter.reject(
                        Some(offset + start as u64),
                        RejectReason::InvalidJson,
                        "expected a JSON array ('[')".to_owned(),
                        &buf[start..],
                    );
                    emitter.mark_incomplete("not a JSON array".to_owned());
                    return;
                }
                opened = true;
                start += 1;
            }
        }
        let len = buf.len();
        if opened {
            let used = scanner.feed(&buf[start..], offset + start as u64, emitter);
            if scanner.state == State::Done {
                let after = start + used;
                let tail = buf[after..].to_vec();
                reader.consume(len);
                reject_trailing(reader, tail, offset + after as u64, emitter);
                return;
            }
        }
        reader.consume(len);
        offset += len as u64;
    }
    match scanner.state {
        State::Done => {}
        State::Between => {
            if opened {
                emitter.mark_incomplete(format!("array not closed: input ends at byte {offset}"));
            }
        }
        State::Value | State::Str | State::Escape => {
            let detail = format!("array cut off inside a record: input ends at byte {offset}");
            emitter.mark_incomplete(detail.clone());
            let keep = &scanner.element[..scanner.element.len().min(RAW_PREFIX_BYTES)];
            emitter.reject(
                Some(scanner.element_start),
                RejectReason::InvalidJson,
                detail,
                keep,
            );
        }
    }
}

/// After the array's closing `]`: anything but whitespace (a second array, an object, junk)
/// is not read, so it becomes one `invalid_json` reject and the input is incomplete,
/// instead of vanishing. `tail` is the rest of the buffer the array closed in, which starts
/// at input offset `offset`.
fn reject_trailing(
    mut reader: impl BufRead,
    mut tail: Vec<u8>,
    mut offset: u64,
    emitter: &mut Emitter<'_>,
) {
    loop {
        if let Some(at) = tail.iter().position(|b| !b.is_ascii_whitespace()) {
            let at_byte = offset + at as u64;
            let detail = format!("data after the array's closing ']' at byte {at_byte} not read");
            emitter.mark_incomplete(detail.clone());
            let keep = &tail[at..tail.len().min(at + RAW_PREFIX_BYTES)];
            emitter.reject(Some(at_byte), RejectReason::InvalidJson, detail, keep);
            return;
        }
        offset += tail.len() as u64;
        tail.clear();
        match reader.fill_buf() {
            Ok([]) => return,
            Ok(buf) => {
                tail.extend_from_slice(buf);
                let len = buf.len();
                reader.consume(len);
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                fail_reading(emitter, offset, &e);
                return;
            }
        }
    }
}

/// Ends the input at a read error after byte `offset`: the rest is unreadable.
fn fail_reading(emitter: &mut Emitter<'_>, offset: u64, e: &std::io::Error) {
    emitter.fail_rest(
        Some(offset),
        format!("read error after byte {offset}: {e}"),
        &[],
    );
}
