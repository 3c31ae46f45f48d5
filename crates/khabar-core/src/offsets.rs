//! [`OffsetMap`]: from code-point offsets in normalized text back to the original text.
//!
//! Normalization deletes characters (tatweel, bidi marks), replaces them (presentation
//! forms), expands them (ﷲ -> الله) and merges them (CRLF -> LF). The map stores one anchor
//! where the output stops advancing in step with the input, so copied runs cost nothing and
//! an unchanged text has an empty map.

/// Maps output code-point offsets to input code-point offsets.
///
/// Between anchors the mapping is linear: output offset `o` maps to
/// `anchor.input + (o - anchor.output)` for the last anchor at or before `o`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    /// `(output, input)` pairs, strictly increasing in `output`.
    anchors: Vec<(u32, u32)>,
    output_len: u32,
    input_len: u32,
}

impl OffsetMap {
    /// The map of a text that normalization left unchanged.
    #[must_use]
    pub fn identity(len: usize) -> Self {
        Self {
            anchors: Vec::new(),
            output_len: len as u32,
            input_len: len as u32,
        }
    }

    /// Length of the output text in code points.
    #[must_use]
    pub fn output_len(&self) -> usize {
        self.output_len as usize
    }

    /// Length of the input text in code points.
    #[must_use]
    pub fn input_len(&self) -> usize {
        self.input_len as usize
    }

    /// True when every output code point sits at the same offset in the input.
    #[must_use]
    pub fn is_identity(&self) -> bool {
        self.output_len == self.input_len && self.anchors.iter().all(|&(o, i)| o == i)
    }

    /// The input offset of the output code point at `output`; `output_len` maps to `input_len`.
    #[must_use]
    pub fn to_raw(&self, output: usize) -> usize {
        let output = output as u32;
        if output >= self.output_len {
            return self.input_len as usize;
        }
        let idx = self.anchors.partition_point(|&(o, _)| o <= output);
        if idx == 0 {
            return output as usize;
        }
        let (o, i) = self.anchors[idx - 1];
        (i + (output - o)) as usize
    }

    /// Maps an output span `start..end` to the input span it came from: the smallest input
    /// span holding every input code point the span's characters came from.
    ///
    /// Canonical reordering (NFC puts a fatha before a shadda typed after it) can make the
    /// map step back inside a run of marks, so the span is taken over every character, not
    /// only the ends. The end never swallows deleted characters that follow the span.
    #[must_use]
    pub fn raw_span(&self, start: usize, end: usize) -> (usize, usize) {
        let end = end.min(self.output_len as usize);
        if end <= start {
            let at = self.to_raw(start);
            return (at, at);
        }
        if self.anchors.is_empty() {
            return (start, end);
        }
        let (mut low, mut high) = (usize::MAX, 0);
        for output in start..end {
            let input = self.to_raw(output);
            low = low.min(input);
            high = high.max(input + 1);
        }
        (low, high.min(self.input_len as usize).max(low))
    }

    /// The map of `second` applied after `self`: output of `second` -> input of `self`.
    #[must_use]
    pub fn then(&self, second: &OffsetMap) -> OffsetMap {
        if self.is_identity() {
            let mut map = second.clone();
            map.input_len = self.input_len;
            return map;
        }
        let mut builder = OffsetMapBuilder::new();
        for out in 0..second.output_len as usize {
            builder.emit(self.to_raw(second.to_raw(out)));
        }
        builder.finish(self.input_len as usize)
    }
}

/// Builds an [`OffsetMap`] one output code point at a time.
#[derive(Debug, Clone, Default)]
pub struct OffsetMapBuilder {
    anchors: Vec<(u32, u32)>,
    output: u32,
    /// Where the next input offset lands if the text is still in step.
    expected_input: u32,
}

impl OffsetMapBuilder {
    /// An empty builder.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Records that the next output code point came from input code point `input`.
    #[inline]
    pub fn emit(&mut self, input: usize) {
        let input = input as u32;
        if input != self.expected_input {
            self.anchors.push((self.output, input));
        }
        self.output += 1;
        self.expected_input = input + 1;
    }

    /// Records `count` output code points copied from input `input..input + count`.
    #[inline]
    pub fn emit_run(&mut self, input: usize, count: usize) {
        if count == 0 {
            return;
        }
        self.emit(input);
        self.output += (count - 1) as u32;
        self.expected_input += (count - 1) as u32;
    }

    /// Output code points emitted so far.
    #[must_use]
    pub fn output_len(&self) -> usize {
        self.output as usize
    }

    /// Drops output code points past `len` (for trimming trailing whitespace).
    pub fn truncate(&mut self, len: usize) {
        let len = len as u32;
        if len >= self.output {
            return;
        }
        while self.anchors.last().is_some_and(|&(o, _)| o >= len) {
            self.anchors.pop();
        }
        self.output = len;
        // The next expectation follows the last kept code point.
        self.expected_input = if len == 0 {
            0
        } else {
            let (o, i) = self.anchors.last().copied().unwrap_or((0, 0));
            i + (len - 1 - o) + 1
        };
    }

    /// Finishes the map for an input of `input_len` code points.
    #[must_use]
    pub fn finish(self, input_len: usize) -> OffsetMap {
        OffsetMap {
            anchors: self.anchors,
            output_len: self.output,
            input_len: input_len as u32,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn naive(outputs: &[usize]) -> OffsetMap {
        let mut b = OffsetMapBuilder::new();
        for &i in outputs {
            b.emit(i);
        }
        b.finish(outputs.last().map_or(0, |&i| i + 1))
    }

    #[test]
    fn identity_maps_to_itself() {
        let map = OffsetMap::identity(5);
        assert!(map.is_identity());
        assert_eq!(map.to_raw(3), 3);
        assert_eq!(map.raw_span(1, 4), (1, 4));
        assert_eq!(map.to_raw(5), 5);
    }

    #[test]
    fn deletion_and_expansion() {
        // input: a _ b ﷲ c  -> output: a b ا ل ل ه c
        let map = naive(&[0, 2, 3, 3, 3, 3, 4]);
        assert_eq!(map.to_raw(1), 2);
        assert_eq!(map.to_raw(4), 3);
        assert_eq!(map.to_raw(6), 4);
        assert_eq!(map.raw_span(2, 6), (3, 4));
        assert_eq!(map.raw_span(0, 2), (0, 3));
    }

    /// Found by the `normalize` fuzz target: NFC reorders shadda + fatha, the map steps
    /// back, and the raw span of the whole word lost its last mark.
    #[test]
    fn raw_span_covers_reordered_marks() {
        let mut builder = OffsetMapBuilder::new();
        for input in [0, 1, 3, 2] {
            builder.emit(input);
        }
        let map = builder.finish(4);
        assert_eq!(map.raw_span(0, 4), (0, 4));
        assert_eq!(map.raw_span(2, 3), (3, 4));
        assert_eq!(map.raw_span(2, 4), (2, 4));
    }

    #[test]
    fn truncate_drops_trailing_anchors() {
        let mut b = OffsetMapBuilder::new();
        b.emit_run(0, 3);
        b.emit(5);
        b.emit(6);
        b.truncate(3);
        b.emit(7);
        let map = b.finish(8);
        assert_eq!(map.to_raw(2), 2);
        assert_eq!(map.to_raw(3), 7);
    }

    proptest! {
        #[test]
        fn builder_matches_every_emitted_offset(steps in proptest::collection::vec(0usize..3, 0..200)) {
            let mut inputs = Vec::new();
            let mut at = 0usize;
            for s in steps {
                at += s; // 0 repeats (expansion), 1 copies, 2 skips (deletion)
                inputs.push(at);
            }
            let map = naive(&inputs);
            for (out, &inp) in inputs.iter().enumerate() {
                prop_assert_eq!(map.to_raw(out), inp);
            }
            let via_runs = {
                let mut b = OffsetMapBuilder::new();
                for &i in &inputs { b.emit_run(i, 1); }
                b.finish(map.input_len())
            };
            prop_assert_eq!(via_runs, map);
        }
    }
}
