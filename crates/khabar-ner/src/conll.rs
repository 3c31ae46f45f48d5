//! ANERcorp-style `CoNLL`: one `token TAG` pair a line, no sentence breaks.

use khabar_core::Token;

use crate::fold::fold_key;
use crate::model::{Position, parse_tag, tag_of, tag_parts};

/// One gold sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoldSentence {
    /// The tokens as written (stray marks included).
    pub words: Vec<String>,
    /// BIOES tag indices (see [`crate::model::parse_tag`]), whatever scheme the file used.
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
            to_bioes(&mut current.tags);
            sentences.push(std::mem::take(&mut current));
        }
    }
    if !current.words.is_empty() {
        to_bioes(&mut current.tags);
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

/// Entities of tag sequence `tags`: `(first, end, begin_tag)` over token indices, where
/// `begin_tag` is the B tag of the entity's type. Forgiving: an I or E tag that continues
/// nothing opens an entity of its type, a B or I tag left open ends where the next entity
/// or O begins, so BIO tags read the same as their BIOES form.
#[must_use]
pub fn entities(tags: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, &t) in tags.iter().enumerate() {
        let parts = tag_parts(t);
        let continues = parts.is_some_and(|(ty, p)| {
            matches!(p, Position::Inside | Position::End)
                && open.is_some_and(|(_, b)| tag_parts(b).is_some_and(|(o, _)| o == ty))
        });
        if !continues {
            if let Some((s, b)) = open.take() {
                out.push((s, i, b));
            }
            if let Some((ty, _)) = parts {
                open = Some((i, tag_of(ty, Position::Begin)));
            }
        }
        if parts.is_some_and(|(_, p)| matches!(p, Position::End | Position::Single))
            && let Some((s, b)) = open.take()
        {
            out.push((s, i + 1, b));
        }
    }
    if let Some((s, b)) = open {
        out.push((s, tags.len(), b));
    }
    out
}

/// Rewrites `tags` (BIO, BIOES or a mix) as BIOES over the same [`entities`].
pub fn to_bioes(tags: &mut [usize]) {
    let spans = entities(tags);
    tags.fill(0);
    for (first, end, begin) in spans {
        let Some((ty, _)) = tag_parts(begin) else {
            continue;
        };
        for (n, slot) in tags.iter_mut().enumerate().take(end).skip(first) {
            let position = match (n == first, n + 1 == end) {
                (true, true) => Position::Single,
                (true, false) => Position::Begin,
                (false, true) => Position::End,
                (false, false) => Position::Inside,
            };
            *slot = tag_of(ty, position);
        }
    }
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
        // BIO in the file, BIOES after parsing: B-PERS E-PERS; B-ORG E-ORG.
        assert_eq!(s[1].tags, [1, 3]);
        assert_eq!(s[0].tags, [0, 9, 11, 0]);
        assert_eq!(entities(&s[0].tags), [(1, 3, 9)]);
        // BIO read forgivingly: a stray I-PERS opens a person; B-LOC B-LOC is two places.
        let (per_i, loc_b) = (2, 5);
        assert_eq!(
            entities(&[0, per_i, per_i, 0, loc_b, loc_b]),
            [(1, 3, 1), (4, 5, 5), (5, 6, 5)]
        );
        let mut tags = [0, per_i, per_i, 0, loc_b, loc_b, per_i];
        to_bioes(&mut tags);
        assert_eq!(
            tags,
            [0, 1, 3, 0, 8, 8, 4],
            "S-LOC S-LOC, S-PERS at the end"
        );
        // An E closes its entity: B-ORG E-ORG I-ORG is an organisation and a stray one.
        assert_eq!(entities(&[9, 11, 10]), [(0, 2, 9), (2, 3, 9)]);
        let (text, tokens) = s[1].as_tokens();
        assert_eq!(tokens[1].text(&text), "جوتشولك");
        assert_eq!(s[1].joined().1, [(0, 4), (5, 12)]);
    }
}
