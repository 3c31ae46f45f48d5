//! Character classes shared by the splitter, the tokenizer and the extractors.

/// Arabic harakat, tanween, shadda, sukun, superscript alef and Quranic marks: they
/// belong to the letter before them.
#[inline]
#[must_use]
pub(crate) fn is_arabic_mark(ch: char) -> bool {
    matches!(ch, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
}

/// Letters of the Arabic script (Arabic, Persian, Urdu, presentation forms).
#[inline]
#[must_use]
pub(crate) fn is_arabic_letter(ch: char) -> bool {
    matches!(ch, '\u{0620}'..='\u{063F}' | '\u{0641}'..='\u{064A}' | '\u{0671}'..='\u{06D3}' | '\u{06D5}'
        | '\u{06EE}'..='\u{06EF}' | '\u{06FA}'..='\u{06FC}' | '\u{06FF}' | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08C9}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}')
}

/// The decimal value of an ASCII, Arabic-Indic or Extended Arabic-Indic digit.
#[inline]
#[must_use]
pub(crate) fn digit_value(ch: char) -> Option<u32> {
    match ch {
        '0'..='9' => Some(ch as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(ch as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(ch as u32 - 0x06F0),
        _ => None,
    }
}

/// True for any digit [`digit_value`] reads.
#[inline]
#[must_use]
pub(crate) fn is_digit(ch: char) -> bool {
    digit_value(ch).is_some()
}

/// Characters that continue a word: letters, digits, combining marks, tatweel and the
/// zero-width joiners Persian and Urdu write inside words.
#[inline]
#[must_use]
pub(crate) fn is_word_char(ch: char) -> bool {
    if ch.is_ascii() {
        return ch.is_ascii_alphanumeric();
    }
    // The common Arabic letters (U+0620..U+064A), tatweel and harakat (U+064B..U+065F).
    if ('\u{0620}'..='\u{065F}').contains(&ch) {
        return true;
    }
    is_arabic_letter(ch)
        || is_arabic_mark(ch)
        || is_digit(ch)
        || matches!(ch, '\u{0640}' | '\u{200C}' | '\u{200D}')
        || ch.is_alphanumeric()
        || is_combining(ch)
}

/// General combining marks outside the Arabic block (Latin accents in NFD text).
#[inline]
fn is_combining(ch: char) -> bool {
    matches!(ch, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Pictographs: an emoji token starts at one, and a ZWJ joins one to the emoji before it.
#[inline]
#[must_use]
pub(crate) fn is_pictograph(ch: char) -> bool {
    matches!(ch, '\u{2300}'..='\u{23FF}' | '\u{2600}'..='\u{27BF}' | '\u{2B00}'..='\u{2BFF}' | '\u{1F000}'..='\u{1FAFF}')
}

/// Regional indicators: two of them are one flag (🇸🇦).
#[inline]
fn is_regional_indicator(ch: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&ch)
}

/// The emoji presentation selector, skin tones and tag characters: parts of the emoji
/// before them.
#[inline]
fn is_emoji_modifier(ch: char) -> bool {
    matches!(ch, '\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0020}'..='\u{E007F}')
}

/// How much of `rest` belongs to the emoji that starts with the pictograph `first`, in
/// code points and bytes: its modifiers (👍🏽, ❤️), further pictographs joined by ZWJ
/// (👨‍👩‍👧), or the second regional indicator of a flag.
#[must_use]
pub(crate) fn emoji_rest(first: char, rest: &str) -> (u32, usize) {
    let mut chars = rest.chars();
    if is_regional_indicator(first) {
        return match chars.next() {
            Some(c) if is_regional_indicator(c) => (1, c.len_utf8()),
            _ => (0, 0),
        };
    }
    let (mut count, mut bytes) = (0u32, 0usize);
    loop {
        let mut look = chars.clone();
        match look.next() {
            Some(c) if is_emoji_modifier(c) => {
                count += 1;
                bytes += c.len_utf8();
            }
            Some('\u{200D}') => match look.next() {
                Some(c) if is_pictograph(c) && !is_regional_indicator(c) => {
                    count += 2;
                    bytes += '\u{200D}'.len_utf8() + c.len_utf8();
                }
                _ => break,
            },
            _ => break,
        }
        chars = look;
    }
    (count, bytes)
}

/// Latin letters, including accented ones.
#[inline]
#[must_use]
pub(crate) fn is_latin_letter(ch: char) -> bool {
    ch.is_ascii_alphabetic()
        || matches!(ch, '\u{00C0}'..='\u{024F}' if ch != '\u{00D7}' && ch != '\u{00F7}')
}

/// Marks that close a quotation or a bracket and stay with the sentence they end.
#[inline]
#[must_use]
pub(crate) fn is_closer(ch: char) -> bool {
    matches!(
        ch,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '“'
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        for (ch, word) in [
            ('ب', true),
            ('َ', true),
            ('ـ', true),
            ('٣', true),
            ('x', true),
            ('،', false),
            ('.', false),
            ('%', false),
            (' ', false),
        ] {
            assert_eq!(is_word_char(ch), word, "{ch:?}");
        }
        assert_eq!(digit_value('٧'), Some(7));
        assert_eq!(digit_value('۵'), Some(5));
        assert_eq!(digit_value('a'), None);
        assert!(is_arabic_letter('پ'));
        assert!(!is_arabic_letter('،'));
        assert!(!is_arabic_letter('٣'));
    }
}
