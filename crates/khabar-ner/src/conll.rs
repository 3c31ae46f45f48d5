//! ANERcorp-style `CoNLL`: one `token TAG` pair a line, no sentence breaks.

use khabar_core::Token;

use crate::fold::fold_key;
use crate::model::parse_tag;

/// One gold sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoldSentence {
    /// The tokens as written (stray marks included).
    pub words: Vec<String>,
    /// Tag indices (see [`crate::model::parse_tag`]).
    pub tags: Vec<usize>,
}

impl GoldSentence {
    /// The tokens joined with single spaces, and each token's code-point span in it.
    #[must_use]
    pub fn joined(&self) -> (String, Vec<(usize, usize)>) {
        let mut text = String::new();
        let mut spans = Vec::with_capacity(self.words.len());
        let mut cp = 0;
        for (i, word) in self.words.iter().enumerate() {
            if i > 0 {
                text.push(' ');
                cp += 1;
            }
            let len = word.chars().count();
            text.push_str(word);
            spans.push((cp, cp + len));
            cp += len;
        }
        (text, spans)
    }

    /// The joined text with one `Token` per gold token (one sentence), as training sees it.
    #[must_use]
    pub fn as_tokens(&self) -> (String, Vec<Token>) {
        let (text, _) = self.joined();
        let mut tokens = Vec::with_capacity(self.words.len());
        let (mut byte, mut cp) = (0u32, 0u32);
        for word in &self.words {
            let (bytes, chars) = (word.len() as u32, word.chars().count() as u32);
            tokens.push(Token {
                start: cp,
                end: cp + chars,
                byte_start: byte,
                byte_end: byte + bytes,
                sentence: 0,
            });
            byte += bytes + 1;
            cp += chars + 1;
        }
        (text, tokens)
    }
}

/// Parses `CoNLL` text into sentences, split after `.`, `!`, `?` and `؟` tokens.
///
/// Lines that are not `token TAG` (a lone stray mark) are skipped, as are tokens that are
/// nothing but invisible marks; a token with inner spaces keeps its first field.
#[must_use]
pub fn parse_conll(conll: &str) -> Vec<GoldSentence> {
    let mut sentences = Vec::new();
    let mut current = GoldSentence::default();
    for line in conll.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let (Some(&first), Some(&last)) = (fields.first(), fields.last()) else {
            continue;
        };
        let Some(tag) = parse_tag(last) else { continue };
        if fields.len() < 2 || fold_key(first).is_empty() {
            continue;
        }
        current.words.push(first.to_owned());
        current.tags.push(tag);
        if matches!(fold_key(first).as_str(), "." | "!" | "?" | "؟") {
            sentences.push(std::mem::take(&mut current));
        }
    }
    if !current.words.is_empty() {
        sentences.push(current);
    }
    sentences
}

/// Splits `CoNLL` text into its first `1 - dev_fraction` (train) and the rest (dev), cut at
/// the first sentence end after the split point so no sentence straddles the two.
#[must_use]
pub fn dev_split(conll: &str, dev_fraction: f64) -> (&str, &str) {
    let lines = conll.lines().count();
    let target = ((1.0 - dev_fraction.clamp(0.0, 1.0)) * lines as f64) as usize;
    let mut byte = 0;
    for (i, line) in conll.split_inclusive('\n').enumerate() {
        byte += line.len();
        let token = line
            .split_whitespace()
            .next()
            .map(fold_key)
            .unwrap_or_default();
        if i + 1 >= target && matches!(token.as_str(), "." | "!" | "?" | "؟") {
            return conll.split_at(byte);
        }
    }
    (conll, "")
}

/// Gold entities of tag sequence `tags`: `(first, end, tag_of_first)` over token indices.
#[must_use]
pub fn entities(tags: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, &t) in tags.iter().enumerate() {
        let continues = t != 0 && t % 2 == 0 && open.is_some_and(|(_, b)| b + 1 == t);
        if !continues {
            if let Some((s, b)) = open.take() {
                out.push((s, i, b));
            }
            if t != 0 {
                // A stray I- without its B- opens an entity of its kind.
                open = Some((i, if t % 2 == 1 { t } else { t - 1 }));
            }
        }
    }
    if let Some((s, b)) = open {
        out.push((s, tags.len(), b));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sentences_and_skips_noise() {
        let conll =
            "أعلن O\nاتحاد B-ORG\nصناعة I-ORG\n. O\n\u{200F}\n O\nبرند B-PERS\nجوتشولك I-PERS\n";
        let s = parse_conll(conll);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].words, ["أعلن", "اتحاد", "صناعة", "."]);
        assert_eq!(s[1].tags, [1, 2]);
        assert_eq!(entities(&s[0].tags), [(1, 3, 5)]);
        assert_eq!(
            entities(&[0, 2, 2, 0, 3, 3]),
            [(1, 3, 1), (4, 5, 3), (5, 6, 3)]
        );
        let (text, tokens) = s[1].as_tokens();
        assert_eq!(tokens[1].text(&text), "جوتشولك");
        assert_eq!(s[1].joined().1, [(0, 4), (5, 12)]);
    }
}
