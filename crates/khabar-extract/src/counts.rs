//! Sentence and token counts from one [`scan`] over the UTF-8 bytes, without building
//! spans: equal to `analyze(text).sentences.len()` and `.tokens.len()` for every text.

use crate::sentence_scan::{Pos, Sink, scan};
use crate::word_runs::{Run, word_run};

/// The number of sentences and tokens `analyze(text)` finds.
pub(crate) fn count_sentences_and_tokens(text: &str) -> (u32, u32) {
    let mut counts = Counts::default();
    scan(text, &mut counts);
    (counts.sentences, counts.tokens)
}

#[derive(Default)]
struct Counts {
    sentences: u32,
    tokens: u32,
    /// The token count when the current sentence began: it has text exactly when it has
    /// a token.
    tokens_before: u32,
}

impl Sink for Counts {
    #[inline]
    fn token(&mut self, _flags: u16, _at: Pos, _next: Pos) {
        self.tokens += 1;
    }

    #[inline]
    fn word_end(&mut self, _at: Pos) {}

    /// Counts need no places, so plain runs go a block at a time.
    #[inline]
    fn word_run(&mut self, bytes: &[u8], pos: usize, in_word: bool) -> Option<Run> {
        let run = word_run(bytes, pos, in_word);
        self.tokens += run.tokens;
        Some(run)
    }

    #[inline]
    fn sentence_end(&mut self) {
        self.sentences += u32::from(self.tokens != self.tokens_before);
        self.tokens_before = self.tokens;
    }
}
