//! UTF-16 text as UTF-8: what Windows PowerShell 5 writes with `>` and `Out-File`, and
//! some Excel exports. Recognised by its byte order mark (`FF FE` little-endian, `FE FF`
//! big-endian); unpaired surrogates and an odd last byte become U+FFFD.

use std::io::{self, Read};

/// Whether `head` starts with a UTF-16 byte order mark; `Some(big_endian)` if it does.
pub(crate) fn utf16_order(head: &[u8]) -> Option<bool> {
    match head {
        // `FF FE 00 00` is UTF-32's mark, not UTF-16's.
        [0xFF, 0xFE, 0, 0, ..] => None,
        [0xFF, 0xFE, ..] => Some(false),
        [0xFE, 0xFF, ..] => Some(true),
        _ => None,
    }
}

/// Reads UTF-16 from `inner` and yields UTF-8 (the byte order mark becomes UTF-8's).
pub(crate) struct Utf16ToUtf8<R> {
    inner: R,
    big_endian: bool,
    /// Decoded UTF-8 not yet handed out, from `out_at`.
    out: Vec<u8>,
    out_at: usize,
    /// A byte read without its pair.
    odd: Option<u8>,
    /// A high surrogate waiting for its low half.
    high: Option<u16>,
    done: bool,
}

impl<R: Read> Utf16ToUtf8<R> {
    pub(crate) fn new(inner: R, big_endian: bool) -> Self {
        Self {
            inner,
            big_endian,
            out: Vec::new(),
            out_at: 0,
            odd: None,
            high: None,
            done: false,
        }
    }

    fn push(&mut self, c: char) {
        let mut utf8 = [0u8; 4];
        self.out
            .extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
    }

    fn unit(&mut self, unit: u16) {
        if let Some(high) = self.high.take() {
            if (0xDC00..0xE000).contains(&unit) {
                let c = 0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                self.push(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER));
                return;
            }
            self.push(char::REPLACEMENT_CHARACTER);
        }
        if (0xD800..0xDC00).contains(&unit) {
            self.high = Some(unit);
        } else {
            self.push(char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER));
        }
    }

    /// Decodes the next block of input into `out`; at the end, flushes what is left.
    fn refill(&mut self) -> io::Result<()> {
        self.out.clear();
        self.out_at = 0;
        let mut raw = [0u8; 16 * 1024];
        let n = loop {
            match self.inner.read(&mut raw) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        };
        if n == 0 {
            self.done = true;
            if self.odd.take().is_some() || self.high.take().is_some() {
                self.push(char::REPLACEMENT_CHARACTER);
            }
            return Ok(());
        }
        let mut bytes = raw.get(..n).unwrap_or_default().iter().copied();
        loop {
            let first = match self.odd.take() {
                Some(b) => b,
                None => match bytes.next() {
                    Some(b) => b,
                    None => break,
                },
            };
            let Some(second) = bytes.next() else {
                self.odd = Some(first);
                break;
            };
            let pair = [first, second];
            self.unit(if self.big_endian {
                u16::from_be_bytes(pair)
            } else {
                u16::from_le_bytes(pair)
            });
        }
        Ok(())
    }
}

impl<R: Read> Read for Utf16ToUtf8<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.out_at >= self.out.len() {
            if self.done {
                return Ok(0);
            }
            self.refill()?;
        }
        let ready = self.out.get(self.out_at..).unwrap_or_default();
        let n = ready.len().min(buf.len());
        buf.get_mut(..n)
            .unwrap_or_default()
            .copy_from_slice(ready.get(..n).unwrap_or_default());
        self.out_at += n;
        Ok(n)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// One byte a read: pairs and surrogates split across reads.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let Some((&b, rest)) = self.0.split_first() else {
                return Ok(0);
            };
            buf[0] = b;
            self.0 = rest;
            Ok(1)
        }
    }

    fn decode(bytes: &[u8]) -> String {
        let big_endian = utf16_order(bytes).unwrap();
        let mut out = String::new();
        Utf16ToUtf8::new(Trickle(bytes), big_endian)
            .read_to_string(&mut out)
            .unwrap();
        out
    }

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let mut bytes = Vec::new();
        for unit in "\u{FEFF}".encode_utf16().chain(text.encode_utf16()) {
            bytes.extend(if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        bytes
    }

    #[test]
    fn both_byte_orders_decode_with_surrogate_pairs() {
        let text = "{\"text\": \"نص 😀 é\"}\r\n";
        for big_endian in [false, true] {
            assert_eq!(decode(&utf16(text, big_endian)), format!("\u{FEFF}{text}"));
        }
    }

    #[test]
    fn damage_becomes_replacement_characters() {
        // A lone low surrogate, a high one followed by a letter, an odd last byte.
        let bytes = [
            0xFF, 0xFE, 0x00, 0xDC, 0x41, 0x00, 0x00, 0xD8, 0x42, 0x00, 0x43,
        ];
        assert_eq!(decode(&bytes), "\u{FEFF}\u{FFFD}A\u{FFFD}B\u{FFFD}");
        assert_eq!(utf16_order(&[0xFF, 0xFE, 0, 0]), None);
        assert_eq!(utf16_order(b"{}"), None);
    }
}
