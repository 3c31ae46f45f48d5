//! Layer 1 filter: Unicode NFC that remembers where every character came from.
//!
//! `unicode-normalization` composes strings but forgets origins, so this file runs the
//! UAX #15 algorithm on `(char, origin)` pairs: canonical decomposition (parts keep the
//! origin of their source), canonical reordering of marks, then canonical composition (a
//! composed char keeps the origin of its starter). A decomposed hamza, ا + U+0654, becomes أ
//! at the offset of the alef.

use crate::Item;
use crate::window::{arabic_continuation, in_range, is_arabic_lead};
use unicode_normalization::char::{canonical_combining_class, compose, decompose_canonical};
use unicode_normalization::{IsNormalized, is_nfc_quick};

/// True when NFC cannot reach across `c`: a starter (combining class 0) that is `NFC_QC=Yes`,
/// so it neither combines with what precedes it nor moves past it. NFC of a text is then
/// the NFC of the part before `c` followed by the NFC of the part from `c` on.
pub(crate) fn is_boundary(c: char) -> bool {
    canonical_combining_class(c) == 0 && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
}

/// A byte of a character [`is_boundary`] accepts, for [`crate::window::Window::prefix`]:
/// printable ASCII, the space, and U+0600..U+067F but its marks and hamza-like marks
/// (U+0610..U+061A, U+064B..U+065F, U+0670). Checked against [`is_boundary`] in the tests.
#[inline]
// Non-short-circuit `&` and `|` on purpose: branch-free lanes vectorize.
#[allow(clippy::needless_bitwise_bool)]
pub(crate) fn boundary_byte(previous: u8, byte: u8) -> bool {
    let low = |b: u8| !in_range(b, 0x90, 0x0B);
    let high = |b: u8| !in_range(b, 0x8B, 0x15) & (b != 0xB0);
    in_range(byte, 0x20, 0x5F)
        | is_arabic_lead(byte)
        | arabic_continuation(previous, byte, low, high)
}

/// NFC of `items`, origins carried along.
pub(crate) fn nfc(items: &[Item]) -> Vec<Item> {
    let mut decomposed: Vec<Item> = Vec::with_capacity(items.len());
    for &(c, origin) in items {
        decompose_canonical(c, |d| decomposed.push((d, origin)));
    }
    reorder_marks(&mut decomposed);
    compose_items(&decomposed)
}

/// Stable sort of every run of non-starters by combining class.
fn reorder_marks(items: &mut [Item]) {
    let mut start = 0;
    while start < items.len() {
        let run = items
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&(c, _)| canonical_combining_class(c) != 0)
            .count();
        if run > 1
            && let Some(marks) = items.get_mut(start..start + run)
        {
            marks.sort_by_key(|&(c, _)| canonical_combining_class(c));
        }
        start += run.max(1);
    }
}

fn compose_items(items: &[Item]) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::with_capacity(items.len());
    let mut starter: Option<usize> = None;
    // Combining class of the last char kept after the starter; None when it is adjacent.
    let mut last_class: Option<u8> = None;
    for &(c, origin) in items {
        let class = canonical_combining_class(c);
        if let Some(at) = starter {
            let blocked = last_class.is_some_and(|last| last == 0 || last >= class);
            if !blocked
                && let Some(slot) = out.get_mut(at)
                && let Some(composed) = compose(slot.0, c)
            {
                slot.0 = composed;
                continue;
            }
        }
        if class == 0 {
            starter = Some(out.len());
            last_class = None;
        } else {
            last_class = Some(class);
        }
        out.push((c, origin));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;

    fn run(text: &str) -> String {
        let items: Vec<Item> = text.chars().zip(0..).collect();
        nfc(&items).into_iter().map(|(c, _)| c).collect()
    }

    #[test]
    fn arabic_hamza_and_mark_order() {
        assert_eq!(run("\u{0627}\u{0654}"), "أ");
        assert_eq!(run("\u{0648}\u{0654}"), "ؤ");
        assert_eq!(run("\u{064A}\u{0654}"), "ئ");
        assert_eq!(run("\u{0627}\u{0655}"), "إ");
        assert_eq!(run("\u{0627}\u{0653}"), "آ");
        // shadda (33) + fatha (30) reorders to fatha + shadda
        assert_eq!(run("ب\u{0651}\u{064E}"), "ب\u{064E}\u{0651}");
        let items: Vec<Item> = "با\u{0654}".chars().zip(0..).collect();
        assert_eq!(nfc(&items), vec![('ب', 0), ('أ', 1)]);
    }

    proptest! {
        #[test]
        fn matches_unicode_normalization(s in "[a-eا-يءأ\u{0653}-\u{0655}\u{064B}-\u{0652}\u{0300}-\u{0316}\u{1100}\u{1161}\u{11A8}\u{AC00}é ]{0,24}") {
            let want: String = s.nfc().collect();
            prop_assert_eq!(run(&s), want);
        }
    }
}
