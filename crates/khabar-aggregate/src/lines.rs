//! The lines of a text (split at `\n`, as `str::split('\n')`), found with the vectorized
//! `memchr`: documents are hashed and checked for boilerplate line by line, and the
//! standard library's splitter searches a word at a time.

/// The lines of `text`: the pieces between `\n`s, the last one included even when empty,
/// exactly as `text.split('\n')` gives them.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        if let Some(at) = memchr::memchr(b'\n', current.as_bytes()) {
            rest = current.get(at + 1..);
            current.get(..at)
        } else {
            rest = None;
            Some(current)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::lines;

    #[test]
    fn lines_are_what_split_gives() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "\na",
            "a\nb",
            "a\n\nb\n",
            "ا\nب\n\nج",
            "\n\n",
        ] {
            let want: Vec<&str> = text.split('\n').collect();
            assert_eq!(lines(text).collect::<Vec<_>>(), want, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_splits_as_split_does(text in "[a\\nب \\r]{0,40}") {
            let want: Vec<&str> = text.split('\n').collect();
            proptest::prop_assert_eq!(lines(&text).collect::<Vec<_>>(), want);
        }
    }
}
