//! `ANERcorp`-style tokenization: white space separates, each punctuation mark is a token.
//!
//! Choices:
//! - a word is a run of letters, digits, Arabic marks, tatweel and ZWNJ/ZWJ, so clitics
//!   stay on the word (`وبنغازي`) and a number with a suffix stays whole (`2015م`, `G20`);
//! - `.` `,` `٫` `٬` `/` `:` between two digits stay inside the number, so `3.5`, `٣٫٥`,
//!   `1,000`, `12/5/2024` and `10:30` are one token each;
//! - an apostrophe or hyphen between two Latin letters stays inside the word (`don't`,
//!   `al-Sisi`); between Arabic letters it is its own token, as in `ANERcorp`;
//! - every other non-space character (punctuation, `%`, symbols) is a token of its own;
//! - abbreviation dots (`د.`) are separate tokens: the sentence splitter knows them.

use crate::chars::{is_digit, is_latin_letter, is_word_char};
use crate::sentences::Chars;
use khabar_core::{Sentence, Token};

/// Tokens of `text` inside the given sentences, with `token.sentence` set to the index of
/// the sentence. Characters outside every sentence (only white space when the sentences
/// come from [`split_sentences`](crate::split_sentences)) are skipped.
#[must_use]
pub fn tokenize(text: &str, sentences: &[Sentence]) -> Vec<Token> {
    let cs = Chars::new(text);
    let mut out = Vec::with_capacity(cs.chars.len() / 4);
    for (index, sentence) in sentences.iter().enumerate() {
        tokens_in(&cs, sentence, index as u32, |token| out.push(token));
    }
    out
}

/// Emits the tokens of one sentence of the text `cs` holds.
pub(crate) fn tokens_in(cs: &Chars, sentence: &Sentence, index: u32, mut emit: impl FnMut(Token)) {
    let base = sentence.start as usize;
    let (Some(chars), Some(bytes)) = (
        cs.chars.get(base..sentence.end as usize),
        cs.bytes.get(base..=sentence.end as usize),
    ) else {
        return;
    };
    let n = chars.len();
    let char_at = |i: usize| chars.get(i).copied();
    let mut i = 0usize;
    while i < n {
        let ch = chars[i];
        if ch.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if is_word_char(ch) {
            i += 1;
            loop {
                match char_at(i) {
                    Some(c) if is_word_char(c) => i += 1,
                    Some(c) if joins(c, char_at(i.wrapping_sub(1)), char_at(i + 1)) => i += 2,
                    _ => break,
                }
            }
        } else {
            i += 1;
        }
        let end = i.min(n);
        emit(Token {
            start: (base + start) as u32,
            end: (base + end) as u32,
            byte_start: bytes[start],
            byte_end: bytes[end],
            sentence: index,
        });
    }
}

/// Whether the separator `c` between `prev` and `next` stays inside the token.
fn joins(c: char, prev: Option<char>, next: Option<char>) -> bool {
    let (Some(p), Some(n)) = (prev, next) else {
        return false;
    };
    match c {
        '.' | ',' | '٫' | '٬' | '/' | ':' => is_digit(p) && is_digit(n),
        '\'' | '’' | '-' => is_latin_letter(p) && is_latin_letter(n),
        _ => false,
    }
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
