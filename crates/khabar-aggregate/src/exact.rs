//! Exact-duplicate keys: the content hash of whitespace-folded, search-folded text.

use khabar_core::stable_hash64;

/// Trims `text` and replaces every run of whitespace with one ASCII space.
///
/// Borrows when the text is already folded, which is the common case for clean text
/// without line breaks.
#[must_use]
pub fn fold_whitespace(text: &str) -> std::borrow::Cow<'_, str> {
    if is_folded_by_bytes(text.as_bytes()) {
        return std::borrow::Cow::Borrowed(text);
    }
    let trimmed = text.trim();
    let mut prev_space = false;
    let already_folded = trimmed.chars().all(|c| {
        let ok = if c == ' ' {
            !prev_space
        } else {
            !c.is_whitespace()
        };
        prev_space = c == ' ';
        ok
    });
    if already_folded {
        return std::borrow::Cow::Borrowed(trimmed);
    }
    let mut out = String::with_capacity(trimmed.len());
    for word in trimmed.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    std::borrow::Cow::Owned(out)
}

/// A byte test that answers the common case of [`fold_whitespace`] without decoding: true
/// when no byte can start a white-space character other than the ASCII space (0x09..=0x0D,
/// and the lead bytes C2, E1, E2, E3 of U+0085, U+00A0, U+1680, U+2000.., U+3000), and the
/// spaces are single and inside. False only means "look closer".
// Non-short-circuit `|` and `&` on purpose: branch-free folds vectorize.
#[allow(clippy::needless_bitwise_bool)]
fn is_folded_by_bytes(bytes: &[u8]) -> bool {
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    // Folds without early exits, so both loops vectorize.
    let other_space = bytes.iter().fold(false, |seen, &b| {
        seen | matches!(b, 0x09..=0x0D | 0xC2 | 0xE1 | 0xE2 | 0xE3)
    });
    let double_space = bytes
        .iter()
        .zip(bytes.iter().skip(1))
        .fold(false, |seen, (&a, &b)| seen | ((a == b' ') & (b == b' ')));
    !other_space && !double_space
}

/// The exact-duplicate key of a document: `stable_hash64` of its search-folded text
/// (`khabar_normalize::search_key` of `documents.text`) after [`fold_whitespace`].
///
/// Texts that differ only in spacing or line breaks share a key. The value is stable across
/// runs and versions, so keys from separate runs can be compared.
#[must_use]
pub fn exact_hash(search_text: &str) -> u64 {
    thread_local! {
        // Reused per worker thread: folding allocates nothing after the first documents.
        static FOLDED: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    FOLDED.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buf) => {
            let h = hash_folded(search_text, &mut buf);
            if buf.capacity() > 1 << 22 {
                *buf = Vec::new(); // do not keep one huge document's buffer alive
            }
            h
        }
        Err(_) => hash_folded(search_text, &mut Vec::new()),
    })
}

/// `stable_hash64` of the folded text; copies into `buf` only when the text has more than
/// one already-folded span (several lines, a double space).
fn hash_folded<'t>(text: &'t str, buf: &mut Vec<u8>) -> u64 {
    buf.clear();
    let mut first: Option<&'t [u8]> = None;
    {
        let mut emit = |span: &'t [u8]| {
            if let Some(f) = first.take() {
                buf.extend_from_slice(f);
            }
            if buf.is_empty() && first.is_none() {
                first = Some(span);
            } else {
                buf.push(b' ');
                buf.extend_from_slice(span);
            }
        };
        // Lines (found with memchr) are mostly regular: one span after trimming spaces,
        // checked with a vectorized pass instead of a byte-by-byte walk.
        for line in crate::lines::lines(text) {
            let b = line.as_bytes();
            if is_regular(b) {
                let t = b.trim_ascii_start().trim_ascii_end();
                if !t.is_empty() {
                    emit(t);
                }
            } else {
                folded_spans(b, &mut emit);
            }
        }
    }
    match first {
        Some(only) => stable_hash64(only),
        None => stable_hash64(buf),
    }
}

/// True when the only whitespace in `b` is single ASCII spaces (leading and trailing ones
/// allowed): no controls 0x09-0x0D, no bytes that may start non-ASCII whitespace, no two
/// spaces in a row. Written as branch-free folds so the compiler vectorizes them.
fn is_regular(b: &[u8]) -> bool {
    let special = b.iter().fold(0u8, |acc, &c| {
        acc | u8::from(matches!(c, 0x09..=0x0D | 0xC2 | 0xE1..=0xE3))
    });
    if special != 0 || b.len() < 2 {
        return special == 0;
    }
    let double = b[..b.len() - 1]
        .iter()
        .zip(&b[1..])
        .fold(0u8, |acc, (&x, &y)| {
            acc | (u8::from(x == b' ') & u8::from(y == b' '))
        });
    double == 0
}

/// Bytes that may start a whitespace character: ASCII whitespace and the lead bytes of
/// U+0085, U+00A0 (0xC2), U+1680 (0xE1), U+2000-U+205F (0xE2) and U+3000 (0xE3).
const MAY_START_WHITESPACE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b, 0x09..=0x0D | 0x20 | 0xC2 | 0xE1 | 0xE2 | 0xE3);
        b += 1;
    }
    table
};

/// The byte length of the whitespace character (`char::is_whitespace`) at `i`, or 0.
#[inline]
fn whitespace_len(b: &[u8], i: usize) -> usize {
    let next = |k: usize| b.get(i + k).copied().unwrap_or(0);
    match b[i] {
        0x09..=0x0D | 0x20 => 1,
        0xC2 => usize::from(matches!(next(1), 0x85 | 0xA0)) * 2,
        0xE1 => usize::from(next(1) == 0x9A && next(2) == 0x80) * 3,
        0xE2 => {
            let ws = matches!(
                (next(1), next(2)),
                (0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF) | (0x81, 0x9F)
            );
            usize::from(ws) * 3
        }
        0xE3 => usize::from(next(1) == 0x80 && next(2) == 0x80) * 3,
        _ => 0,
    }
}

/// Calls `emit` with the maximal spans of `b` that are already folded (non-whitespace runs
/// joined by single ASCII spaces), in order: [`fold_whitespace`] is their join with `b' '`.
#[inline]
fn folded_spans<'a>(b: &'a [u8], mut emit: impl FnMut(&'a [u8])) {
    let is_ws = |i: usize| MAY_START_WHITESPACE[usize::from(b[i])] && whitespace_len(b, i) > 0;
    let n = b.len();
    let mut i = 0;
    let mut start: Option<usize> = None;
    loop {
        // Continuation bytes (0x80-0xBF) never start whitespace, so a byte-wise skip over
        // bytes that cannot start whitespace stays on character boundaries.
        let skipped = i;
        while i < n && !MAY_START_WHITESPACE[usize::from(b[i])] {
            i += 1;
        }
        if i > skipped {
            start.get_or_insert(skipped);
        }
        if i >= n {
            break;
        }
        let w = whitespace_len(b, i);
        if w == 0 {
            start.get_or_insert(i);
            i += 1;
            continue;
        }
        let ws_start = i;
        i += w;
        if b[ws_start] == b' ' && start.is_some() && i < n && !is_ws(i) {
            continue; // one space inside a span
        }
        while i < n {
            let w = if MAY_START_WHITESPACE[usize::from(b[i])] {
                whitespace_len(b, i)
            } else {
                0
            };
            if w == 0 {
                break;
            }
            i += w;
        }
        if let Some(s) = start.take() {
            emit(&b[s..ws_start]);
        }
    }
    if let Some(s) = start {
        emit(&b[s..]);
    }
}

/// The key of a text that is empty after folding; such documents are never clustered.
#[must_use]
pub fn empty_text_hash() -> u64 {
    stable_hash64(b"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_folding_cases() {
        let cases = [
            ("a b", "a b"),
            ("  a   b  ", "a b"),
            ("a\n\nb\tc", "a b c"),
            ("a\u{00A0}b", "a b"),
            ("", ""),
            (" \n ", ""),
            ("مرحبا  بكم", "مرحبا بكم"),
        ];
        for (input, want) in cases {
            assert_eq!(fold_whitespace(input), want, "input {input:?}");
        }
    }

    #[test]
    fn spacing_does_not_change_the_key() {
        assert_eq!(
            exact_hash("خبر  عاجل\nاليوم"),
            exact_hash(" خبر عاجل اليوم ")
        );
        assert_ne!(exact_hash("خبر عاجل"), exact_hash("خبر عاجلا"));
        assert_eq!(exact_hash("   "), empty_text_hash());
    }

    proptest::proptest! {
        #[test]
        fn fast_fold_equals_fold_whitespace(chars in proptest::collection::vec(proptest::prop_oneof![
            proptest::prelude::Just('a'), proptest::prelude::Just(' '), proptest::prelude::Just('\n'),
            proptest::prelude::Just('\t'), proptest::prelude::Just('\u{000B}'), proptest::prelude::Just('\r'),
            proptest::prelude::Just('ب'), proptest::prelude::Just('\u{0085}'), proptest::prelude::Just('\u{00A0}'),
            proptest::prelude::Just('\u{00A1}'), proptest::prelude::Just('\u{1680}'), proptest::prelude::Just('\u{1681}'),
            proptest::prelude::Just('\u{2000}'), proptest::prelude::Just('\u{200A}'), proptest::prelude::Just('\u{200B}'),
            proptest::prelude::Just('\u{2028}'), proptest::prelude::Just('\u{2029}'), proptest::prelude::Just('\u{202F}'),
            proptest::prelude::Just('\u{205F}'), proptest::prelude::Just('\u{2060}'), proptest::prelude::Just('\u{3000}'),
            proptest::prelude::Just('\u{3001}'), proptest::prelude::Just('—'), proptest::prelude::Just('😀'),
            proptest::prelude::any::<char>(),
        ], 0..40)) {
            let text: String = chars.into_iter().collect();
            // The definition: the white-space-separated words joined by one space.
            let words: Vec<&str> = text.split_whitespace().collect();
            proptest::prop_assert_eq!(fold_whitespace(&text), words.join(" "));
            let mut spans: Vec<&[u8]> = Vec::new();
            folded_spans(text.as_bytes(), |s| spans.push(s));
            let want = fold_whitespace(&text);
            proptest::prop_assert_eq!(spans.join(&b' '), want.as_bytes());
            proptest::prop_assert_eq!(exact_hash(&text), stable_hash64(fold_whitespace(&text).as_bytes()));
            let lines = text.replace('a', "a\n");
            proptest::prop_assert_eq!(exact_hash(&lines), stable_hash64(fold_whitespace(&lines).as_bytes()));
        }
    }

    #[test]
    fn every_whitespace_char_is_folded() {
        for c in (0..=0x0010_FFFF_u32).filter_map(char::from_u32) {
            let text = format!("x{c}y");
            let words: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(
                fold_whitespace(&text),
                words.join(" "),
                "U+{:04X}",
                c as u32
            );
            let mut spans: Vec<&[u8]> = Vec::new();
            folded_spans(text.as_bytes(), |s| spans.push(s));
            assert_eq!(
                spans.join(&b' '),
                fold_whitespace(&text).as_bytes(),
                "U+{:04X}",
                c as u32
            );
        }
    }
}
