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

/// Elements whose content is code, not text: dropped with their tags.
const CODE_TAGS: &[&str] = &["script", "style"];

/// Decodes references and strips tags; each decoded char maps to its reference's `&`.
/// The content of `<script>` and `<style>` elements goes with their tags.
pub(crate) fn decode_markup(items: impl Iterator<Item = Item>) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    // Where the stack stood when a code element opened, and the element's name.
    let mut open_code: Option<(usize, &'static str)> = None;
    for item in items {
        push(&mut out, item, &mut open_code);
    }
    out
}

fn push(out: &mut Vec<Item>, item: Item, open_code: &mut Option<(usize, &'static str)>) {
    let mut next = Some(item);
    while let Some(item) = next.take() {
        out.push(item);
        next = match item.0 {
            ';' => decode_reference(out),
            '>' => match strip_tag(out) {
                Stripped::Not => None,
                Stripped::Tag {
                    leaves,
                    name,
                    closing,
                } => {
                    let code = CODE_TAGS.iter().copied().find(|t| *t == name);
                    match (code, closing, *open_code) {
                        (Some(tag), false, None) => *open_code = Some((out.len(), tag)),
                        (Some(tag), true, Some((at, open))) if tag == open => {
                            out.truncate(at.min(out.len()));
                            *open_code = None;
                        }
                        _ => {}
                    }
                    leaves
                }
            },
            _ => None,
        };
    }
}

/// What [`strip_tag`] did.
enum Stripped {
    /// The stack does not end with a tag.
    Not,
    /// A tag was popped.
    Tag {
        /// The line break or space it leaves, if any.
        leaves: Option<Item>,
        /// Its lowercased name.
        name: String,
        /// `</name>`.
        closing: bool,
    },
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

/// If the stack ends with a tag, pops it and says what it leaves.
fn strip_tag(out: &mut Vec<Item>) -> Stripped {
    let Some(gt) = out.len().checked_sub(1) else {
        return Stripped::Not;
    };
    let lookback = gt.saturating_sub(MAX_TAG);
    let Some(lt) = (lookback..gt)
        .rev()
        .find(|&i| out.get(i).is_some_and(|&(c, _)| c == '<'))
    else {
        return Stripped::Not;
    };
    let inner: Vec<char> = out
        .get(lt + 1..gt)
        .unwrap_or_default()
        .iter()
        .map(|&(c, _)| c)
        .collect();
    let Some(&first) = inner.first() else {
        return Stripped::Not;
    };
    let is_tag = first.is_ascii_alphabetic()
        || matches!(first, '!' | '?')
        || (first == '/' && inner.get(1).is_some_and(char::is_ascii_alphabetic));
    let Some(origin) = out.get(lt).map(|item| item.1) else {
        return Stripped::Not;
    };
    if !is_tag {
        return Stripped::Not;
    }
    let closing = first == '/';
    let name: String = inner
        .iter()
        .skip(usize::from(closing))
        .take_while(|c| c.is_ascii_alphanumeric())
        .map(char::to_ascii_lowercase)
        .collect();
    out.truncate(lt);
    let leaves = if LINE_TAGS.contains(&name.as_str()) {
        Some(('\n', origin))
    } else if CELL_TAGS.contains(&name.as_str()) {
        Some((' ', origin))
    } else {
        None
    };
    Stripped::Tag {
        leaves,
        name,
        closing,
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
    fn script_and_style_content_goes_with_the_tags() {
        let cases = [
            (
                "قبل<style>p{color:red}</style><script>var x=\"قال\";</script>بعد",
                "قبلبعد",
            ),
            ("a<script type=\"x\">if (a > b) {}</script>b", "ab"),
            ("a<SCRIPT>x</SCRIPT>b", "ab"),
            // An unclosed script keeps its text: nothing proves it was code.
            ("a<script>b", "ab"),
            // Escaped markup decodes to a tag, and is stripped like one (the fixed point).
            ("a&lt;script&gt;x&lt;/script&gt;b", "ab"),
            ("a</script>b", "ab"),
        ];
        for (input, want) in cases {
            assert_eq!(run(input), want, "{input:?}");
            assert_eq!(run(&run(input)), want, "twice: {input:?}");
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
