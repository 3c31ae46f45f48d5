//! Small cursor helpers over folded text (byte positions, ASCII digits).

/// Whether `ch` is a letter for word-boundary purposes.
#[inline]
pub(crate) fn is_letter(ch: char) -> bool {
    if ch.is_ascii() {
        ch.is_ascii_alphabetic()
    } else if crate::chars::is_arabic_letter(ch) {
        true
    } else {
        !crate::chars::is_digit(ch) && ch.is_alphabetic()
    }
}

/// The char starting at byte `pos`.
#[inline]
pub(crate) fn char_at(f: &str, pos: usize) -> Option<char> {
    f.get(pos..).and_then(|r| r.chars().next())
}

/// The char ending at byte `pos`.
#[inline]
pub(crate) fn char_before(f: &str, pos: usize) -> Option<char> {
    f.get(..pos).and_then(|r| r.chars().next_back())
}

/// First byte at or after `pos` that is not horizontal white space (a line break stops).
#[inline]
pub(crate) fn skip_ws(f: &str, mut pos: usize) -> usize {
    while let Some(c) = char_at(f, pos) {
        if c.is_whitespace() && c != '\n' && c != '\r' {
            pos += c.len_utf8();
        } else {
            break;
        }
    }
    pos
}

/// First byte of the run of horizontal white space that ends at `pos`.
#[inline]
pub(crate) fn skip_ws_back(f: &str, mut pos: usize) -> usize {
    while let Some(c) = char_before(f, pos) {
        if c.is_whitespace() && c != '\n' && c != '\r' {
            pos -= c.len_utf8();
        } else {
            break;
        }
    }
    pos
}

/// An ASCII number starting at `pos`: (value, digit count, end). At most 9 digits are
/// read into the value; longer runs report their full length so callers can reject them.
#[inline]
pub(crate) fn number_at(f: &str, pos: usize) -> Option<(u32, usize, usize)> {
    let bytes = f.as_bytes();
    let mut end = pos;
    let mut value = 0u32;
    while let Some(&b) = bytes.get(end) {
        if !b.is_ascii_digit() {
            break;
        }
        if end - pos < 9 {
            value = value * 10 + u32::from(b - b'0');
        }
        end += 1;
    }
    (end > pos).then_some((value, end - pos, end))
}

/// An ASCII number ending at `end`: (value, digit count, start).
#[inline]
pub(crate) fn number_before(f: &str, end: usize) -> Option<(u32, usize, usize)> {
    let bytes = f.as_bytes();
    let mut start = end;
    while start > 0 && bytes.get(start - 1).is_some_and(u8::is_ascii_digit) {
        start -= 1;
    }
    let (value, len, _) = number_at(f, start)?;
    (start < end).then_some((value, len, start))
}

/// The word (letters only) that ends at `end`, skipping white space before it.
pub(crate) fn word_before(f: &str, end: usize) -> &str {
    let e = skip_ws_back(f, end);
    let mut s = e;
    while let Some(c) = char_before(f, s) {
        if is_letter(c) {
            s -= c.len_utf8();
        } else {
            break;
        }
    }
    f.get(s..e).unwrap_or("")
}

/// The word (letters only) that starts at `pos` after white space: (word, start, end).
pub(crate) fn word_after(f: &str, pos: usize) -> (&str, usize, usize) {
    let s = skip_ws(f, pos);
    let mut e = s;
    while let Some(c) = char_at(f, e) {
        if is_letter(c) {
            e += c.len_utf8();
        } else {
            break;
        }
    }
    (f.get(s..e).unwrap_or(""), s, e)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn cursors() {
        let f = "في 15 مارس 2024م";
        let at = f.find("15").unwrap();
        assert_eq!(number_at(f, at), Some((15, 2, at + 2)));
        assert_eq!(number_before(f, at + 2), Some((15, 2, at)));
        assert_eq!(word_before(f, at), "في");
        assert_eq!(word_after(f, at + 2).0, "مارس");
        assert_eq!(skip_ws(f, at + 2), at + 3);
        assert_eq!(number_at("1234567890123", 0).map(|n| n.1), Some(13));
    }
}
