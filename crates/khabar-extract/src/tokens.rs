//! `ANERcorp`-style tokenization: white space separates, each punctuation mark is a token.
//!
//! Choices:
//! - a word is a run of letters, digits, Arabic marks, tatweel and ZWNJ/ZWJ, so clitics
//!   stay on the word (`وبنغازي`) and a number with a suffix stays whole (`2015م`, `G20`);
//! - `.` `,` `٫` `٬` `/` `:` between two digits stay inside the number, so `3.5`, `٣٫٥`,
//!   `1,000`, `12/5/2024` and `10:30` are one token each;
//! - an apostrophe or hyphen between two Latin letters stays inside the word (`don't`,
//!   `al-Sisi`); between Arabic letters it is its own token, as in `ANERcorp`;
//! - an emoji is one token with its skin tone or presentation selector (`👍🏽`, `❤️`), the
//!   pictographs a ZWJ joins to it (`👨‍👩‍👧`), or the second half of a flag (`🇸🇦`);
//! - every other non-space character (punctuation, `%`, symbols) is a token of its own;
//! - abbreviation dots (`د.`) are separate tokens: the sentence splitter knows them.
//!
//! The rules run in [`sentence_scan`](crate::sentence_scan), one pass over the bytes;
//! [`TokenSpans`] turns what it reports into [`Token`]s.

use crate::char_flags::WORD;
use crate::sentence_scan::{Pos, Sink, scan};
use khabar_core::{Sentence, Token};

/// Tokens of `text` inside the given sentences, with `token.sentence` set to the index of
/// the sentence. Characters outside every sentence (only white space when the sentences
/// come from [`split_sentences`](crate::split_sentences)) are skipped; a sentence is read
/// by its code-point offsets `start..end`, and one outside the text gives no tokens.
#[must_use]
pub fn tokenize(text: &str, sentences: &[Sentence]) -> Vec<Token> {
    // The byte offset of every code point, and of the end of the text.
    let offsets: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain([text.len()])
        .collect();
    let mut spans = TokenSpans::new(Pos::default(), text.len() / 6);
    for (index, sentence) in sentences.iter().enumerate() {
        let (Some(&from), Some(&to)) = (
            offsets.get(sentence.start as usize),
            offsets.get(sentence.end as usize),
        ) else {
            continue;
        };
        // No look-ahead or look-behind leaves the sentence, as if it were the whole text.
        let Some(inside) = text.get(from..to) else {
            continue;
        };
        spans.restart(sentence.start, from, index);
        scan(inside, &mut spans);
    }
    spans.into_tokens()
}

/// Collects the tokens a scan reports, shifted by where the scanned text begins.
pub(crate) struct TokenSpans {
    /// Where the scanned text begins in the whole text.
    base: Pos,
    /// Index of the sentence the next tokens belong to.
    sentence: u32,
    /// Where the open word began.
    word_start: Pos,
    tokens: Vec<Token>,
}

impl TokenSpans {
    pub(crate) fn new(base: Pos, capacity: usize) -> Self {
        Self {
            base,
            sentence: 0,
            word_start: Pos::default(),
            tokens: Vec::with_capacity(capacity),
        }
    }

    /// The tokens so far.
    #[inline]
    pub(crate) fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    pub(crate) fn into_tokens(self) -> Vec<Token> {
        self.tokens
    }

    /// Later tokens belong to the next sentence.
    #[inline]
    pub(crate) fn next_sentence(&mut self) {
        self.sentence += 1;
    }

    /// Later scans read the sentence `index`, which starts `char` code points and `byte`
    /// bytes into the whole text.
    fn restart(&mut self, char: u32, byte: usize, index: usize) {
        self.base = Pos {
            char,
            byte: byte as u32,
        };
        self.sentence = index as u32;
    }

    #[inline]
    fn push(&mut self, start: Pos, end: Pos) {
        let base = self.base;
        self.tokens.push(Token {
            start: base.char + start.char,
            end: base.char + end.char,
            byte_start: base.byte + start.byte,
            byte_end: base.byte + end.byte,
            sentence: self.sentence,
        });
    }
}

impl Sink for TokenSpans {
    #[inline]
    fn token(&mut self, flags: u16, at: Pos, next: Pos) {
        if flags & WORD != 0 {
            self.word_start = at;
        } else {
            self.push(at, next);
        }
    }

    #[inline]
    fn word_end(&mut self, at: Pos) {
        self.push(self.word_start, at);
    }

    /// The tokens of one text or sentence keep the index they were given.
    #[inline]
    fn sentence_end(&mut self) {}
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::split_sentences;
    use proptest::prelude::*;

    fn toks(text: &str) -> Vec<&str> {
        tokenize(text, &split_sentences(text))
            .iter()
            .map(|t| t.text(text))
            .collect()
    }

    #[test]
    fn anercorp_style_tokens() {
        let cases: &[(&str, &[&str])] = &[
            (
                "وصل إلى وبنغازي، أمس.",
                &["وصل", "إلى", "وبنغازي", "،", "أمس", "."],
            ),
            (
                "بلغ 3.5% و٣٫٥ و1,000 في 12/5/2024",
                &["بلغ", "3.5", "%", "و٣٫٥", "و1,000", "في", "12/5/2024"],
            ),
            (
                "«الأمن» (قال) - نعم؛ لا؟",
                &["«", "الأمن", "»", "(", "قال", ")", "-", "نعم", "؛", "لا", "؟"],
            ),
            ("مُحَمَّـد عام 2015م", &["مُحَمَّـد", "عام", "2015م"]),
            ("don't al-Sisi co-op", &["don't", "al-Sisi", "co-op"]),
            ("د. محمد", &["د", ".", "محمد"]),
            ("الساعة 10:30،", &["الساعة", "10:30", "،"]),
            ("آخر.", &["آخر", "."]),
            ("3.", &["3", "."]),
            (
                "رائع👍🏽 ❤\u{FE0F}\u{FE0F} 👨\u{200D}👩\u{200D}👧👍 🇸🇦🇪🇬🇸 😀\u{200D}x",
                &[
                    "رائع",
                    "👍🏽",
                    "❤\u{FE0F}\u{FE0F}",
                    "👨\u{200D}👩\u{200D}👧",
                    "👍",
                    "🇸🇦",
                    "🇪🇬",
                    "🇸",
                    "😀",
                    "\u{200D}x",
                ],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(toks(text), *want, "{text}");
        }
    }

    #[test]
    fn sentence_indices() {
        let text = "أولا. ثانيا ثالثا.";
        let sentences = split_sentences(text);
        let tokens = tokenize(text, &sentences);
        let idx: Vec<u32> = tokens.iter().map(|t| t.sentence).collect();
        assert_eq!(idx, vec![0, 0, 1, 1, 1]);
        assert_eq!((tokens[2].start, tokens[2].end), (6, 11));
    }

    proptest! {
        #[test]
        fn counts_and_analysis_agree_with_the_two_steps(
            text in "[ابوم\\.،0-9٣٫/,'\\- a-zA-Z%«»\n؟!]{0,120}"
        ) {
            let sentences = split_sentences(&text);
            let tokens = tokenize(&text, &sentences);
            let analysis = crate::analyze(&text);
            prop_assert_eq!(&analysis.sentences, &sentences);
            prop_assert_eq!(&analysis.tokens, &tokens);
            prop_assert_eq!(
                crate::count_sentences_and_tokens(&text),
                (sentences.len() as u32, tokens.len() as u32)
            );
        }

        #[test]
        fn token_offsets_agree(text in "[ابوم\\.،0-9٣٫/,'\\- a-z%«»\n؟]{0,60}") {
            let sentences = split_sentences(&text);
            let tokens = tokenize(&text, &sentences);
            let chars: Vec<char> = text.chars().collect();
            let mut last = 0;
            for t in &tokens {
                prop_assert!(t.start < t.end && t.start >= last);
                last = t.end;
                let s: String = chars[t.start as usize..t.end as usize].iter().collect();
                prop_assert_eq!(t.text(&text), s.as_str());
                prop_assert!(!s.chars().any(char::is_whitespace));
                let sent = sentences[t.sentence as usize];
                prop_assert!(sent.start <= t.start && t.end <= sent.end);
            }
            let non_space = chars.iter().filter(|c| !c.is_whitespace()).count();
            let covered: usize = tokens.iter().map(|t| (t.end - t.start) as usize).sum();
            prop_assert_eq!(non_space, covered);
        }
    }
}
