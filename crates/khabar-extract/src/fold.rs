//! A local search fold for cue matching, with a map back to the original text.
//!
//! Only the folds the extractors need: alef forms -> ا, ى -> ي, ة -> ه, Persian ی/ک -> ي/ك,
//! every digit -> ASCII, Latin -> lower case; Arabic marks and tatweel are dropped. Kept
//! local so date and amount matching do not move when the project-wide
//! `khabar_normalize::search_key` changes.

use crate::chars::{digit_value, is_arabic_mark};

/// Folded text plus sparse anchors back to the original text.
///
/// Between two anchors the folded and original texts advance char by char with equal
/// byte lengths, so a position maps back with one binary search and a short char count.
/// Anchors are placed after every char whose fold changes its length (digits, dropped
/// marks) and every [`CHECKPOINT`] bytes, which bounds the count.
pub(crate) struct Folded {
    /// The folded text.
    pub(crate) text: String,
    /// (folded byte, original byte, original code point), sorted, starting at zero.
    anchors: Vec<(u32, u32, u32)>,
}

/// Folded bytes between checkpoint anchors.
const CHECKPOINT: usize = 2048;

/// The fold of a code point in U+0600..U+06FF; 0 drops it.
const fn fold_arabic(c: u32) -> u32 {
    match c {
        0x622 | 0x623 | 0x625 | 0x671..=0x673 => 0x627,
        0x649 | 0x6CC | 0x6D0 => 0x64A,
        0x6A9 => 0x643,
        0x629 | 0x6C0 | 0x6D5 => 0x647,
        0x640 | 0x610..=0x61A | 0x64B..=0x65F | 0x670 | 0x6D6..=0x6ED => 0,
        0x660..=0x669 => c - 0x660 + 0x30,
        0x6F0..=0x6F9 => c - 0x6F0 + 0x30,
        _ => c,
    }
}

const ARABIC_FOLDS: [u16; 256] = {
    let mut table = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = fold_arabic(0x600 + i as u32) as u16;
        i += 1;
    }
    table
};

/// The fold of one char, `None` when the char is dropped.
#[inline]
#[must_use]
pub(crate) fn fold_char(ch: char) -> Option<char> {
    if ch.is_ascii() {
        return Some(ch.to_ascii_lowercase());
    }
    Some(match ch {
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => 'ا',
        'ى' | 'ی' | 'ې' => 'ي',
        'ک' => 'ك',
        'ة' | 'ۀ' | 'ە' => 'ه',
        'ـ' => return None,
        c if is_arabic_mark(c) => return None,
        c => {
            if let Some(d) = digit_value(c) {
                char::from_digit(d, 10).unwrap_or(c)
            } else if c.is_uppercase() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                c
            }
        }
    })
}

/// Folds a pattern or a word (no offsets kept).
#[must_use]
pub(crate) fn fold_str(text: &str) -> String {
    text.chars().filter_map(fold_char).collect()
}

impl Folded {
    pub(crate) fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let n = bytes.len();
        let mut out = String::with_capacity(n);
        let mut anchors = vec![(0u32, 0u32, 0u32)];
        let mut last_anchor = 0usize;
        // Unchanged chars are copied in runs; only changed ones are pushed one by one.
        let mut run = 0usize;
        let mut i = 0usize;
        let mut cp = 0u32;
        while i < n {
            let b = bytes[i];
            let (len, replacement) = if b < 0x80 {
                (
                    1,
                    b.is_ascii_uppercase()
                        .then(|| u32::from(b.to_ascii_lowercase())),
                )
            } else if (0xD8..=0xDB).contains(&b) && i + 1 < n {
                let c = (u32::from(b & 0x1F) << 6) | u32::from(bytes[i + 1] & 0x3F);
                let folded = u32::from(ARABIC_FOLDS[(c - 0x600) as usize & 0xFF]);
                (2, (folded != c).then_some(folded))
            } else {
                let len = match b {
                    0xC0..=0xDF => 2,
                    0xE0..=0xEF => 3,
                    _ => 4,
                };
                (len, None)
            };
            let end = (i + len).min(n);
            cp += 1;
            let Some(folded) = replacement else {
                i = end;
                if i - run >= CHECKPOINT {
                    out.push_str(text.get(run..i).unwrap_or(""));
                    run = i;
                    anchors.push((out.len() as u32, i as u32, cp));
                    last_anchor = out.len();
                }
                continue;
            };
            out.push_str(text.get(run..i).unwrap_or(""));
            let before = out.len();
            if folded != 0 {
                out.push(char::from_u32(folded).unwrap_or('\u{FFFD}'));
            }
            i = end;
            run = i;
            if out.len() - before != len || out.len() - last_anchor >= CHECKPOINT {
                anchors.push((out.len() as u32, i as u32, cp));
                last_anchor = out.len();
            }
        }
        out.push_str(text.get(run..).unwrap_or(""));
        Self { text: out, anchors }
    }

    /// The original (code point, byte) of folded byte `pos`.
    #[inline]
    fn locate(&self, pos: usize) -> (u32, usize) {
        let idx = self
            .anchors
            .partition_point(|a| a.0 as usize <= pos)
            .saturating_sub(1);
        let (fb, ob, ocp) = self.anchors.get(idx).copied().unwrap_or((0, 0, 0));
        let from = fb as usize;
        let chars = self
            .text
            .as_bytes()
            .get(from..pos)
            .map_or(0, |r| r.iter().filter(|&&b| (b as i8) >= -0x40).count());
        (ocp + chars as u32, ob as usize + (pos - from))
    }

    /// The original code point span of folded bytes `start..end`. The end runs to the next
    /// kept char, so marks and tatweel after the last letter (`غداً`, `هـ`) are inside.
    #[inline]
    pub(crate) fn cp_span(&self, start: usize, end: usize) -> (u32, u32) {
        let s = self.locate(start).0;
        (s, self.locate(end).0.max(s))
    }

    /// The original text of folded bytes `start..end`, with the same extent as
    /// [`Self::cp_span`].
    #[inline]
    pub(crate) fn original<'a>(&self, original: &'a str, start: usize, end: usize) -> &'a str {
        let s = self.locate(start).1;
        let e = self.locate(end).1.max(s);
        original.get(s..e).unwrap_or("")
    }

    /// The original char at folded byte `pos`.
    #[inline]
    pub(crate) fn original_char(&self, original: &str, pos: usize) -> Option<char> {
        original.get(self.locate(pos).1..)?.chars().next()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    proptest! {
        #[test]
        fn byte_fold_agrees_with_char_fold(text in "[a-zA-Z0-9٠-٩۰-۹أإآاىیکةـًٌَُِّْ بتث\u{0610}\u{06D6}é€ 😀\n]{0,300}") {
            let f = Folded::new(&text);
            let expected: String = text.chars().filter_map(|c| if c.is_ascii() || ('\u{0600}'..='\u{06FF}').contains(&c) { fold_char(c) } else { Some(c) }).collect();
            prop_assert_eq!(&f.text, &expected);
            // Every kept char maps back to an original char that folds to it.
            let chars: Vec<char> = text.chars().collect();
            for (pos, ch) in f.text.char_indices() {
                let orig = f.original_char(&text, pos).unwrap();
                prop_assert_eq!(fold_char(orig).map(|c| if orig.is_ascii() || ('\u{0600}'..='\u{06FF}').contains(&orig) { c } else { orig }), Some(ch));
                let (s, e) = f.cp_span(pos, pos + ch.len_utf8());
                let slice: String = chars[s as usize..e as usize].iter().collect();
                prop_assert_eq!(f.original(&text, pos, pos + ch.len_utf8()), slice.as_str());
            }
        }
    }

    #[test]
    fn long_texts_map_back() {
        let text = "بـ١ ".repeat(3000) + "مارس";
        let f = Folded::new(&text);
        let at = f.text.find("مارس").unwrap();
        assert_eq!(f.original(&text, at, f.text.len()), "مارس");
        assert_eq!(f.cp_span(at, f.text.len()), (12_000, 12_004));
    }

    #[test]
    fn folds_and_maps_back() {
        let text = "غداً في إبريل ٢٠٢٤ ـ";
        let f = Folded::new(text);
        assert_eq!(f.text, "غدا في ابريل 2024 ");
        let at = f.text.find("ابريل").unwrap();
        assert_eq!(f.cp_span(at, at + "ابريل".len()), (8, 13));
        assert_eq!(f.original(text, at, at + "ابريل".len()), "إبريل");
        let at = f.text.find("2024").unwrap();
        assert_eq!(f.original(text, at, at + 4), "٢٠٢٤");
        assert_eq!(f.original(text, 0, "غدا".len()), "غداً");
        assert_eq!(f.cp_span(0, "غدا".len()), (0, 4));
        assert_eq!(f.original_char(text, at), Some('٢'));
        assert_eq!(fold_str("ذو الحجة"), "ذو الحجه");
        assert_eq!(fold_str("MARCH"), "march");
    }
}
