//! Layer 1, one character at a time: what `clean` does with each code point in isolation.
//!
//! Context (whitespace runs, entities, tags, composition) is handled by the other filters;
//! this file only answers "keep, delete, replace or expand this character?".

use crate::Orthography;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{canonical_combining_class, decompose_compatible};

/// What layer 1 does with one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    /// Copied unchanged.
    Keep,
    /// Dropped without a trace (and without splitting the word it sits in).
    Delete,
    /// Replaced by another single character.
    Replace(char),
    /// Any horizontal space: becomes one ASCII space, runs collapse.
    Space,
    /// A line break.
    Newline,
    /// A carriage return: a line break, merged with a `\n` that follows.
    CarriageReturn,
    /// U+2029 PARAGRAPH SEPARATOR: a paragraph break.
    Paragraph,
    /// An Arabic presentation form: expands to base letters (see [`expand_presentation`]).
    Presentation,
}

/// Persian and Urdu keyboard letters and the Arabic letter an Arabic reader expects.
pub(crate) const KEYBOARD_LETTERS: [(char, char); 9] = [
    ('\u{06A9}', '\u{0643}'), // ک keheh -> ك kaf
    ('\u{06CC}', '\u{064A}'), // ی farsi yeh -> ي yeh
    ('\u{06C0}', '\u{0629}'), // ۀ heh with yeh above -> ة teh marbuta
    ('\u{06C2}', '\u{0629}'), // ۂ heh goal with hamza -> ة teh marbuta
    ('\u{06C3}', '\u{0629}'), // ۃ teh marbuta goal -> ة teh marbuta
    ('\u{06C1}', '\u{0647}'), // ہ heh goal -> ه heh
    ('\u{06BE}', '\u{0647}'), // ھ heh doachashmee -> ه heh
    ('\u{06D2}', '\u{064A}'), // ے yeh barree -> ي yeh
    ('\u{06D3}', '\u{0626}'), // ۓ yeh barree with hamza -> ئ yeh with hamza
];

/// The Arabic replacement of a Persian/Urdu keyboard letter.
pub(crate) fn keyboard_letter(c: char) -> Option<char> {
    KEYBOARD_LETTERS
        .iter()
        .find(|&&(from, _)| from == c)
        .map(|&(_, to)| to)
}

/// True for the Arabic presentation-form blocks (A: U+FB50–FDFF, B: U+FE70–FEFF).
pub(crate) fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}')
}

/// What layer 1 does with `c` in a document of orthography `orth`.
pub(crate) fn action(c: char, orth: Orthography) -> Action {
    // Printable ASCII and the common Arabic letters, marks and digits: nothing to decide.
    if matches!(c, '!'..='~' | '\u{0621}'..='\u{063F}' | '\u{0641}'..='\u{06A8}') {
        return Action::Keep;
    }
    match c {
        '\r' => Action::CarriageReturn,
        // Space, tab and the Unicode spaces (NBSP, Ogham, en/em/thin/hair..., narrow NBSP,
        // medium mathematical, ideographic).
        ' '
        | '\t'
        | '\u{00A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}' => Action::Space,
        // Vertical tab, form feed, NEL and LINE SEPARATOR break lines.
        '\n' | '\u{000B}' | '\u{000C}' | '\u{0085}' | '\u{2028}' => Action::Newline,
        '\u{2029}' => Action::Paragraph,
        '\u{200C}' if orth.keeps_zwnj() => Action::Keep,
        // Zero-width and bidi controls, word joiner, BOM, soft hyphen, tatweel; and the other
        // invisible format characters: the Mongolian vowel separator, the invisible maths
        // operators, the deprecated shaping controls, interlinear annotation marks.
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{061C}'
        | '\u{2060}'..='\u{2064}'
        | '\u{206A}'..='\u{206F}'
        | '\u{180E}'
        | '\u{FFF9}'..='\u{FFFB}'
        | '\u{FEFF}'
        | '\u{00AD}'
        | '\u{0640}' => Action::Delete,
        // Other C0/C1 controls carry nothing a reader sees.
        '\u{0000}'..='\u{0008}' | '\u{000E}'..='\u{001F}' | '\u{007F}'..='\u{009F}' => {
            Action::Delete
        }
        _ if is_presentation_form(c) => {
            if presentation_has_decomposition(c) {
                Action::Presentation
            } else {
                Action::Keep
            }
        }
        _ if !orth.keeps_keyboard_letters() => {
            keyboard_letter(c).map_or(Action::Keep, Action::Replace)
        }
        _ => Action::Keep,
    }
}

/// True for the pictographs that emoji ZWJ sequences join (👨‍👩‍👧, 🏳️‍🌈, 🏃‍♀️): the
/// emoji blocks of the supplementary planes and the BMP symbol blocks that hold ♀ ♂ ⚕ ✈ ❤.
pub(crate) fn is_pictograph(c: char) -> bool {
    matches!(c, '\u{2300}'..='\u{23FF}' | '\u{2600}'..='\u{27BF}' | '\u{2B00}'..='\u{2BFF}' | '\u{1F000}'..='\u{1FAFF}')
}

/// True for what may end the part of an emoji sequence before a ZWJ: a pictograph, the
/// emoji presentation selector U+FE0F, or a tag character (U+E0020..U+E007F). Skin tones
/// (U+1F3FB..U+1F3FF) are in the pictograph range.
pub(crate) fn ends_emoji(c: char) -> bool {
    is_pictograph(c) || matches!(c, '\u{FE0F}' | '\u{E0020}'..='\u{E007F}')
}

fn presentation_has_decomposition(c: char) -> bool {
    let mut changed = false;
    decompose_compatible(c, |d| changed |= d != c);
    changed
}

/// Expands a presentation form to base letters in logical order, calling `emit` per char.
///
/// The compatibility decomposition is recomposed with NFC, so ﻷ gives ل + أ (the hamza stays
/// on the alef) and ﷲ gives الله. Tatweel carriers (ﹱ = tatweel + fathatan) lose the tatweel,
/// and the isolated forms of marks (ﹰ = space + fathatan) lose the space, so a mark never
/// turns into a word break.
pub(crate) fn expand_presentation(c: char, mut emit: impl FnMut(char)) {
    let mut decomposed = String::new();
    decompose_compatible(c, |d| decomposed.push(d));
    let composed: Vec<char> = decomposed.nfc().filter(|&d| d != '\u{0640}').collect();
    let only_marks_after_space = composed.first() == Some(&' ')
        && composed.len() > 1
        && composed
            .iter()
            .skip(1)
            .all(|&d| canonical_combining_class(d) > 0);
    let start = usize::from(only_marks_after_space);
    for &d in composed.get(start..).unwrap_or_default() {
        emit(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expanded(c: char) -> String {
        let mut out = String::new();
        expand_presentation(c, |d| out.push(d));
        out
    }

    #[test]
    fn presentation_forms_expand_to_logical_base_letters() {
        let cases = [
            ('\u{FEF7}', "لأ"),
            ('\u{FEF5}', "لآ"),
            ('\u{FEF9}', "لإ"),
            ('\u{FEFB}', "لا"),
            ('\u{FDF2}', "الله"),
            ('\u{FE8D}', "ا"),
            ('\u{FE89}', "ئ"),
            ('\u{FE70}', "\u{064B}"),
            ('\u{FE71}', "\u{064B}"),
            ('\u{FB8E}', "ک"),
        ];
        for (c, want) in cases {
            assert_eq!(expanded(c), want, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn actions_depend_on_orthography() {
        assert_eq!(action('\u{200C}', Orthography::Arabic), Action::Delete);
        assert_eq!(action('\u{200C}', Orthography::Persian), Action::Keep);
        assert_eq!(action('\u{200C}', Orthography::Urdu), Action::Delete);
        assert_eq!(action('ی', Orthography::Arabic), Action::Replace('ي'));
        assert_eq!(action('ی', Orthography::Persian), Action::Keep);
        assert_eq!(action('ے', Orthography::Urdu), Action::Keep);
        assert_eq!(action('\u{FD3E}', Orthography::Arabic), Action::Keep);
        assert_eq!(action('\u{FEFF}', Orthography::Arabic), Action::Delete);
    }
}
