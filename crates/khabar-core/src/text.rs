//! Sentences and tokens: spans over `documents.text`, in code points and bytes.

/// A sentence of `documents.text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sentence {
    /// First code point.
    pub start: u32,
    /// One past the last code point.
    pub end: u32,
    /// First byte, for slicing `&text[byte_start..byte_end]` without a scan.
    pub byte_start: u32,
    /// One past the last byte.
    pub byte_end: u32,
}

/// A token of `documents.text`: a word with its clitics, a number, or one punctuation mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Token {
    /// First code point.
    pub start: u32,
    /// One past the last code point.
    pub end: u32,
    /// First byte.
    pub byte_start: u32,
    /// One past the last byte.
    pub byte_end: u32,
    /// Index of the sentence that holds the token.
    pub sentence: u32,
}

impl Token {
    /// The token's text within the text it was cut from.
    #[must_use]
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.byte_start as usize..self.byte_end as usize)
            .unwrap_or("")
    }
}

impl Sentence {
    /// The sentence's text within the text it was cut from.
    #[must_use]
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.byte_start as usize..self.byte_end as usize)
            .unwrap_or("")
    }
}
