//! Layer 1 filter: decodes HTML character references and strips tags.
//!
//! Both run on an output stack, so the result is a fixed point: a reference that a decode
//! completes (`&amp;quot;` -> `&quot;` -> `"`) is decoded too, and a tag that a decode
//! produces (`&lt;b&gt;`) is stripped. A second `clean` therefore finds nothing left to do.
//! A lone `<` (as in `3 < 5`) stays; only `<` followed by a letter, `/`, `!` or `?` and closed
//! by `>` counts as a tag.

use crate::Item;
use crate::entities::{self, MAX_BODY};

/// Longest tag (in characters, `<` and `>` included) that is stripped.
const MAX_TAG: usize = 1024;

/// Tags that end a line (`<br>`, `<p>`, `</p>`, `<div>`, `<li>`...).
const LINE_TAGS: &[&str] = &[
    "article",
    "blockquote",
    "br",
    "dd",
    "div",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tr",
    "ul",
];

/// Table cells: a space keeps neighbouring cells apart.
const CELL_TAGS: &[&str] = &["td", "th"];

/// True when the text may hold a reference or a tag (a cheap, complete pre-check).
pub(crate) fn may_have_markup(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b'&', b'<', bytes).any(|at| match bytes.get(at) {
        Some(b'&') => amp_candidate(bytes, at),
        _ => lt_candidate(bytes, at),
    })
}

/// `&` followed by a reference character and a `;` close enough to end a reference.
pub(crate) fn amp_candidate(bytes: &[u8], at: usize) -> bool {
    let starts = bytes
        .get(at + 1)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'#');
    starts
        && bytes
            .iter()
            .skip(at + 1)
            .take(MAX_BODY + 1)
            .any(|&b| b == b';')
}

/// `<` followed by what can start a tag.
pub(crate) fn lt_candidate(bytes: &[u8], at: usize) -> bool {
    bytes
        .get(at + 1)
        .is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'/' | b'!' | b'?'))
}

/// Decodes references and strips tags; each decoded char maps to its reference's `&`.
pub(crate) fn decode_markup(items: impl Iterator<Item = Item>) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    for item in items {
        push(&mut out, item);
    }
    out
}

fn push(out: &mut Vec<Item>, item: Item) {
    let mut next = Some(item);
    while let Some(item) = next.take() {
        out.push(item);
        next = match item.0 {
            ';' => decode_reference(out),
            '>' => strip_tag(out),
            _ => None,
        };
    }
}

/// If the stack ends with a reference, pops it and returns the decoded char to push.
fn decode_reference(out: &mut Vec<Item>) -> Option<Item> {
    let semi = out.len().checked_sub(1)?;
    let lookback = semi.saturating_sub(MAX_BODY + 1);
    let amp = (lookback..semi)
        .rev()
        .find(|&i| out.get(i).is_some_and(|&(c, _)| c == '&'))?;
    let body: Vec<char> = out.get(amp + 1..semi)?.iter().map(|&(c, _)| c).collect();
    let decoded = entities::decode(&body)?;
    let origin = out.get(amp)?.1;
    out.truncate(amp);
    Some((decoded, origin))
}

/// If the stack ends with a tag, pops it and returns the line break or space it leaves.
fn strip_tag(out: &mut Vec<Item>) -> Option<Item> {
    let gt = out.len().checked_sub(1)?;
    let lookback = gt.saturating_sub(MAX_TAG);
    let lt = (lookback..gt)
        .rev()
        .find(|&i| out.get(i).is_some_and(|&(c, _)| c == '<'))?;
    let inner: Vec<char> = out.get(lt + 1..gt)?.iter().map(|&(c, _)| c).collect();
    let first = *inner.first()?;
    let is_tag = first.is_ascii_alphabetic()
        || matches!(first, '!' | '?')
        || (first == '/' && inner.get(1).is_some_and(char::is_ascii_alphabetic));
    if !is_tag {
        return None;
    }
    let name: String = inner
        .iter()
        .skip(usize::from(first == '/'))
        .take_while(|c| c.is_ascii_alphanumeric())
        .map(char::to_ascii_lowercase)
        .collect();
    let origin = out.get(lt)?.1;
    out.truncate(lt);
    if LINE_TAGS.contains(&name.as_str()) {
        Some(('\n', origin))
    } else if CELL_TAGS.contains(&name.as_str()) {
        Some((' ', origin))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> String {
        decode_markup(text.chars().zip(0..))
            .into_iter()
            .map(|(c, _)| c)
            .collect()
    }

    #[test]
    fn references_and_tags() {
        let cases = [
            ("a &amp; b", "a & b"),
            ("&quot;قال&quot;", "\"قال\""),
            ("&#1605;&#x631;", "مر"),
            ("&amp;quot;", "\""),
            ("&amp;amp;amp;", "&"),
            ("&lt;b&gt;x", "x"),
            ("3 < 5 > 2", "3 < 5 > 2"),
            ("a<br>b", "a\nb"),
            ("a<br/>b</p><p>c", "a\nb\n\nc"),
            ("<td>a</td><td>b</td>", " a  b "),
            ("x<span class=\"k\">y</span>z", "xyz"),
            ("AT&T; no", "AT&T; no"),
            ("&am<b>p;", "&"),
            ("<!-- c -->t", "t"),
            ("&nosuch;", "&nosuch;"),
        ];
        for (input, want) in cases {
            assert_eq!(run(input), want, "{input:?}");
        }
    }

    #[test]
    fn decoded_chars_map_to_the_ampersand() {
        let out = decode_markup("ab&amp;c".chars().zip(0..));
        assert_eq!(out, vec![('a', 0), ('b', 1), ('&', 2), ('c', 7)]);
    }

    #[test]
    fn precheck_sees_every_markup_start() {
        assert!(may_have_markup("x &amp; y"));
        assert!(may_have_markup("x <br> y"));
        assert!(!may_have_markup("AT & T, 3 < 5"));
        assert!(!may_have_markup("&nbsp without semicolon anywhere near"));
    }
}
