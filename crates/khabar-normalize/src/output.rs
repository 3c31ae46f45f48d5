//! The text and origins one layer-1 pass writes, kept as a borrowed prefix of the input for
//! as long as the pass has only copied.
//!
//! Most of a news article goes through a pass unchanged, and an already-clean one entirely:
//! copying its bytes and writing one origin per character only to compare the result with
//! the input afterwards cost two extra walks over the text. Until the first character that
//! is not the next character of the input, the output is just a length; the copy is made
//! there (once), and a pass that never diverges returns "unchanged" without any copy or
//! comparison.

/// The output of one pass over `input`.
pub(crate) struct Output<'a> {
    input: &'a str,
    /// While the output is the start of the input: its length in bytes and in characters.
    prefix: Option<(usize, u32)>,
    /// The output once it has diverged from the input (empty before).
    text: String,
    /// The input offset of every character of `text`.
    origins: Vec<u32>,
}

impl<'a> Output<'a> {
    pub(crate) fn new(input: &'a str) -> Self {
        Self {
            input,
            prefix: Some((0, 0)),
            text: String::new(),
            origins: Vec::new(),
        }
    }

    /// Appends `c`, which came from input character `origin`. `exact` says that `c` IS the
    /// input character at `origin` (not a replacement): only then can the output still be
    /// the input.
    #[inline]
    pub(crate) fn push(&mut self, c: char, origin: u32, exact: bool) {
        if let Some((bytes, chars)) = &mut self.prefix {
            if exact && origin == *chars {
                *bytes += c.len_utf8();
                *chars += 1;
                return;
            }
            self.diverge();
        }
        self.text.push(c);
        self.origins.push(origin);
    }

    /// Appends `run`, the `count` input characters from input offset `origin`, unchanged.
    #[inline]
    pub(crate) fn push_run(&mut self, run: &str, origin: u32, count: u32) {
        if let Some((bytes, chars)) = &mut self.prefix {
            if origin == *chars {
                *bytes += run.len();
                *chars += count;
                return;
            }
            self.diverge();
        }
        self.text.push_str(run);
        self.origins.extend(origin..origin + count);
    }

    /// The last character written.
    pub(crate) fn last_char(&self) -> Option<char> {
        match self.prefix {
            Some((bytes, _)) => self.input.get(..bytes).and_then(|s| s.chars().next_back()),
            None => self.text.chars().next_back(),
        }
    }

    /// Turns the prefix into an owned text and its identity origins, sized for the rest of
    /// the input (bytes bound its characters; the output is rarely longer than the input,
    /// and growing the origins a doubling at a time copied them).
    #[cold]
    fn diverge(&mut self) {
        if let Some((bytes, chars)) = self.prefix.take() {
            let written = self.input.get(..bytes).unwrap_or_default();
            let rest = self.input.len() - written.len();
            self.text = String::with_capacity(self.input.len());
            self.text.push_str(written);
            self.origins = Vec::with_capacity(chars as usize + rest);
            self.origins.extend(0..chars);
        }
    }

    /// The text and origins written, or `None` when they are the input and its identity.
    pub(crate) fn finish(mut self) -> Option<(String, Vec<u32>)> {
        match self.prefix {
            Some((bytes, _)) if bytes == self.input.len() => return None,
            Some(_) => self.diverge(),
            // A rewrite (NFC) that gave back the input.
            None if self.text == self.input => return None,
            None => {}
        }
        Some((self.text, self.origins))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_only_once_it_diverges() {
        let mut out = Output::new("abc");
        out.push('a', 0, true);
        out.push_run("bc", 1, 2);
        assert_eq!(out.last_char(), Some('c'));
        assert_eq!(out.finish(), None);

        let mut out = Output::new("a b");
        out.push('a', 0, true);
        assert_eq!(out.finish(), Some(("a".to_owned(), vec![0])));

        let mut out = Output::new("ab\u{0640}c");
        out.push_run("ab", 0, 2);
        out.push_run("c", 3, 1);
        assert_eq!(out.finish(), Some(("abc".to_owned(), vec![0, 1, 3])));

        // A replacement breaks the prefix even when it lands in the right place.
        let mut out = Output::new("a\tb");
        out.push('a', 0, true);
        out.push(' ', 1, false);
        assert_eq!(out.last_char(), Some(' '));
        out.push('b', 2, true);
        assert_eq!(out.finish(), Some(("a b".to_owned(), vec![0, 1, 2])));

        // A rewrite that gives back the input is the input.
        let mut out = Output::new("ab");
        out.push('a', 0, false);
        out.push('b', 1, false);
        assert_eq!(out.finish(), None);
    }
}
