//! Exact-duplicate keys: the content hash of whitespace-folded, search-folded text.

use khabar_core::stable_hash64;

/// Trims `text` and replaces every run of whitespace with one ASCII space.
///
/// Borrows when the text is already folded, which is the common case for clean text
/// without line breaks.
#[must_use]
pub fn fold_whitespace(text: &str) -> std::borrow::Cow<'_, str> {
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

/// The exact-duplicate key of a document: `stable_hash64` of its search-folded text
/// (`khabar_normalize::search_key` of `documents.text`) after [`fold_whitespace`].
///
/// Texts that differ only in spacing or line breaks share a key. The value is stable across
/// runs and versions, so keys from separate runs can be compared.
#[must_use]
pub fn exact_hash(search_text: &str) -> u64 {
    stable_hash64(fold_whitespace(search_text).as_bytes())
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
}
