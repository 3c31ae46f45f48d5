//! Boilerplate lines: a built-in list of known footers and share lines, plus lines that are
//! frequent within one source, found by a pre-pass over the inputs.
//!
//! Lines are compared by [`line_key`]: search-folded, trimmed, whitespace runs folded to one
//! space. Only lines of at most [`DEFAULT_MAX_LINE_CHARS`] characters are candidates.
//! A corpus line is boilerplate for a source when it occurs in at least
//! [`DEFAULT_MIN_DOCS`] = 5 documents and in at least [`DEFAULT_MIN_FRACTION`] = 1% of that
//! source's documents, and holds no year (datelines with a date stay for date extraction).
//! On `SaudiNewsNet` this selects place and byline lines ("عين اليوم – الرياض"), agency end
//! marks ("// انتهى //") and SMS contact footers, and no article sentence (see
//! `tests/aggregate_real.rs`).

use crate::codec::{Reader, Writer};
use crate::fasthash::{FastMap, FastSet};
use crate::{AggregateError, fold_whitespace};
use khabar_core::{OffsetMap, OffsetMapBuilder, stable_hash64};
use std::sync::OnceLock;

/// Minimum documents for a frequent line (the `N` of the rule).
pub const DEFAULT_MIN_DOCS: u64 = 5;
/// Minimum fraction of the source's documents for a frequent line (the `X` of the rule).
pub const DEFAULT_MIN_FRACTION: f64 = 0.01;
/// Longer lines are never boilerplate.
pub const DEFAULT_MAX_LINE_CHARS: usize = 200;

const KNOWN: &str = include_str!("../../../data/boilerplate/known.txt");
const MAGIC: &[u8; 8] = b"KHAGGLN1";

/// The comparison key of a line: search-folded, trimmed, whitespace-folded.
#[must_use]
pub fn line_key(line: &str) -> String {
    fold_whitespace(&khabar_normalize::search_key(line)).into_owned()
}

struct KnownPatterns {
    exact: FastSet<String>,
    prefixes: Vec<String>,
}

fn known_patterns() -> &'static KnownPatterns {
    static PATTERNS: OnceLock<KnownPatterns> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let mut exact = FastSet::default();
        let mut prefixes = Vec::new();
        for line in KNOWN
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            match line.strip_suffix('*') {
                Some(prefix) => prefixes.push(line_key(prefix)),
                None => {
                    exact.insert(line_key(line));
                }
            }
        }
        prefixes.retain(|p| !p.is_empty());
        KnownPatterns { exact, prefixes }
    })
}

fn is_known(key: &str) -> bool {
    let known = known_patterns();
    known.exact.contains(key) || known.prefixes.iter().any(|p| key.starts_with(p.as_str()))
}

/// True when a line holds a standalone year (1300-1499 Hijri or 1900-2099 Gregorian, in
/// ASCII or Arabic-Indic digits): such lines are datelines ("الرياض 25 شوال 1436 هـ الموافق
/// 10 أغسطس 2015 م واس"), frequent in agency copy but the only place the text states its
/// date, so the frequency rule keeps them for date extraction.
fn mentions_year(line: &str) -> bool {
    crate::words(line).any(|w| {
        let mut value = 0u32;
        let mut digits = 0;
        for c in w.chars() {
            let d = match c {
                '0'..='9' => c as u32 - '0' as u32,
                '\u{0660}'..='\u{0669}' => c as u32 - 0x0660,
                _ => return false,
            };
            value = value * 10 + d;
            digits += 1;
            if digits > 4 {
                return false;
            }
        }
        digits == 4 && ((1300..1500).contains(&value) || (1900..2100).contains(&value))
    })
}

fn is_candidate(key: &str) -> bool {
    !key.is_empty() && key.chars().count() <= DEFAULT_MAX_LINE_CHARS
}

/// False when `line` surely cannot be a boilerplate candidate, decided without cleaning or
/// folding it: ASCII letters and digits and the Arabic letters all survive `clean` and the
/// fold one for one, so more than [`DEFAULT_MAX_LINE_CHARS`] of them make a key too long.
/// A line with `&` or `<` (markup that cleaning removes), a character that cleaning turns
/// into a line break, or one from U+FB00 up (presentation forms and full-width signs, which
/// NFKC can turn into markup) always answers true. Most article paragraphs are ruled out
/// after a few hundred bytes, so only short lines pay for cleaning and [`line_key`]. Works
/// on raw and on clean lines alike.
#[must_use]
pub fn may_be_candidate(line: &str) -> bool {
    // Whole chunks are classified without branches (the compiler vectorizes the loop); a
    // chunk holding any byte that decides the answer at once is walked byte by byte instead.
    let bytes = line.as_bytes();
    let mut solid = 0usize;
    let mut at = 0usize;
    while let Some(rest) = bytes.get(at..).filter(|rest| !rest.is_empty()) {
        // The last bytes (fewer than a chunk and its look-ahead) are classified as a chunk
        // too, padded with zeros, which neither keep nor decide: as fast as a whole chunk,
        // while walking them byte by byte cost more than the chunks of most lines.
        let mut padded = [0u8; CHUNK + 2];
        let window = if let Some(window) = rest.first_chunk::<{ CHUNK + 2 }>() {
            window
        } else {
            padded[..rest.len()].copy_from_slice(rest);
            &padded
        };
        let (keeps, decisive) = classify_chunk(window);
        if decisive {
            return walk_from(bytes, at, solid);
        }
        solid += keeps;
        if solid > DEFAULT_MAX_LINE_CHARS {
            return false;
        }
        at += CHUNK;
    }
    true
}

/// Bytes classified at once by [`classify_chunk`].
const CHUNK: usize = 64;

/// For the first [`CHUNK`] bytes of `window` (which holds two bytes more, for look-ahead):
/// how many start a letter or digit that survives cleaning and folding, and whether any
/// starts a sequence that makes the line a candidate whatever follows.
#[inline]
#[allow(clippy::needless_bitwise_bool)] // on purpose: see the first comment
fn classify_chunk(window: &[u8; CHUNK + 2]) -> (usize, bool) {
    // Bitwise `&` and `|` on bools (no short-circuit jumps) keep the loop branch-free.
    let mut keeps = 0u8;
    let mut decisive = false;
    for j in 0..CHUNK {
        let (b, next, after) = (window[j], window[j + 1], window[j + 2]);
        let ascii_alnum = (b.wrapping_sub(b'0') < 10) | ((b | 0x20).wrapping_sub(b'a') < 26);
        let arabic = ((b == 0xD8) & (next.wrapping_sub(0xA1) <= 0xBA - 0xA1))
            | ((b == 0xD9) & (next.wrapping_sub(0x81) <= 0x8A - 0x81));
        keeps += u8::from(ascii_alnum | arabic);
        decisive |= (b == b'&')
            | (b == b'<')
            | (b == b'\r')
            | (b == 0x0B)
            | (b == 0x0C)
            | (b >= 0xF0)
            | ((b == 0xC2) & (next == 0x85))
            | ((b == 0xE2) & (next == 0x80) & ((after == 0xA8) | (after == 0xA9)))
            | ((b == 0xEF) & (next >= 0xAC));
    }
    (usize::from(keeps), decisive)
}

/// [`may_be_candidate`] byte by byte from `bytes[at..]`, with `solid` letters already seen.
fn walk_from(bytes: &[u8], mut at: usize, mut solid: usize) -> bool {
    // A byte walk over the UTF-8: Arabic letters are D8 A1..=BA (U+0621..U+063A) and
    // D9 81..=8A (U+0641..U+064A); NEL is C2 85, U+2028/U+2029 are E2 80 A8/A9, and U+FB00
    // and up start with EF AC..=BF or a four-byte lead.
    while at < bytes.len() {
        let b = bytes[at];
        let next = bytes.get(at + 1).copied().unwrap_or(0);
        let keeps = match b {
            b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => true,
            0xD8 => (0xA1..=0xBA).contains(&next),
            0xD9 => (0x81..=0x8A).contains(&next),
            b'&' | b'<' | b'\r' | 0x0B | 0x0C | 0xF0..=0xFF => return true,
            0xC2 if next == 0x85 => return true,
            0xE2 if next == 0x80 && matches!(bytes.get(at + 2), Some(0xA8 | 0xA9)) => {
                return true;
            }
            0xEF if next >= 0xAC => return true,
            _ => false,
        };
        if keeps {
            solid += 1;
            if solid > DEFAULT_MAX_LINE_CHARS {
                return false;
            }
        }
        at += 1;
    }
    true
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct LineCount {
    documents: u64,
    /// The whitespace-folded line as first seen (the smallest, after merges).
    text: String,
    /// `is_known(&line_key(&text))`, worked out where the line is counted (in parallel,
    /// mostly from the key already at hand) instead of for every line in [`LineStats::decide`].
    known: bool,
}

impl LineCount {
    /// A line first seen: `line` with its comparison key `key` (`line_key(line)`).
    fn first(line: &str, key: &str) -> Self {
        let text = fold_whitespace(line);
        let known = match &text {
            // Unchanged by the whitespace fold (not even trimmed): its key is the line's.
            std::borrow::Cow::Borrowed(text) if text.len() == line.len() => is_known(key),
            text => is_known(&line_key(text)),
        };
        Self {
            documents: 0,
            text: text.into_owned(),
            known,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct SourceLines {
    documents: u64,
    lines: FastMap<u64, LineCount>,
}

/// Per-source counts of short lines: in how many documents each occurs.
///
/// Filled by a pre-pass over the inputs; mergeable like [`crate::CorpusState`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineStats {
    sources: FastMap<Option<String>, SourceLines>,
}

/// One row of the `boilerplate` table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BoilerplateRow {
    /// The outlet.
    pub source: Option<String>,
    /// The line, whitespace-folded.
    pub line: String,
    /// Documents of the source that hold the line (from the pre-pass).
    pub documents: u64,
}

impl LineStats {
    /// Empty counts.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts each distinct candidate line of `text` once for `source`.
    pub fn add_document(&mut self, source: Option<&str>, text: &str) {
        self.add_lines(source, text, true);
    }

    /// [`LineStats::add_document`] for a text whose lines were picked by [`may_be_candidate`]
    /// already (the pre-pass's cleaned short lines): the counts are the same, since that
    /// check only rules out lines that are no candidates, but it is not run a second time
    /// over every line (it was a tenth of the pre-pass's instructions).
    pub fn add_document_of_candidates(&mut self, source: Option<&str>, text: &str) {
        self.add_lines(source, text, false);
    }

    /// Counts the candidate lines of `text`; `filter` skips those [`may_be_candidate`] rules
    /// out before they are folded.
    fn add_lines(&mut self, source: Option<&str>, text: &str, filter: bool) {
        let entry = match self.sources.get_mut(&source.map(str::to_owned)) {
            Some(e) => e,
            None => self.sources.entry(source.map(str::to_owned)).or_default(),
        };
        entry.documents += 1;
        let mut seen = FastSet::default();
        for line in text.lines() {
            if filter && !may_be_candidate(line) {
                continue;
            }
            let key = line_key(line);
            if !is_candidate(&key) {
                continue;
            }
            let hash = stable_hash64(key.as_bytes());
            if seen.insert(hash) {
                let count = entry
                    .lines
                    .entry(hash)
                    .or_insert_with(|| LineCount::first(line, &key));
                count.documents += 1;
            }
        }
    }

    /// Folds another shard's counts in.
    pub fn merge(&mut self, other: LineStats) {
        for (source, theirs) in other.sources {
            let ours = self.sources.entry(source).or_default();
            ours.documents += theirs.documents;
            for (hash, count) in theirs.lines {
                match ours.lines.get_mut(&hash) {
                    Some(mine) => {
                        mine.documents += count.documents;
                        if count.text < mine.text {
                            mine.text = count.text;
                            mine.known = count.known;
                        }
                    }
                    None => {
                        ours.lines.insert(hash, count);
                    }
                }
            }
        }
    }

    /// Documents counted for a source.
    #[must_use]
    pub fn documents(&self, source: Option<&str>) -> u64 {
        self.sources
            .get(&source.map(str::to_owned))
            .map_or(0, |s| s.documents)
    }

    /// Distinct (source, line) pairs held.
    #[must_use]
    pub fn distinct_lines(&self) -> usize {
        self.sources.values().map(|s| s.lines.len()).sum()
    }

    /// The boilerplate for `--boilerplate auto`: known lines, plus lines found in at least
    /// `min_docs` documents and at least `min_fraction` of their source's documents.
    #[must_use]
    pub fn decide(&self, min_docs: u64, min_fraction: f64) -> BoilerplateSet {
        let mut auto: FastMap<Option<String>, FastSet<u64>> = FastMap::default();
        let mut rows = Vec::new();
        for (source, lines) in &self.sources {
            let needed = (min_fraction * lines.documents as f64)
                .ceil()
                .max(min_docs as f64) as u64;
            for (&hash, count) in &lines.lines {
                let frequent = count.documents >= needed && !mentions_year(&count.text);
                if frequent {
                    auto.entry(source.clone()).or_default().insert(hash);
                }
                if frequent || count.known {
                    rows.push(BoilerplateRow {
                        source: source.clone(),
                        line: count.text.clone(),
                        documents: count.documents,
                    });
                }
            }
        }
        rows.sort_by(|a, b| {
            (&a.source, std::cmp::Reverse(a.documents), &a.line).cmp(&(
                &b.source,
                std::cmp::Reverse(b.documents),
                &b.line,
            ))
        });
        BoilerplateSet {
            use_known: true,
            auto,
            rows,
        }
    }

    /// A versioned binary encoding; equal counts give equal bytes.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::with_header(*MAGIC);
        let mut sources: Vec<_> = self.sources.iter().collect();
        sources.sort_by(|a, b| a.0.cmp(b.0));
        w.len(sources.len());
        for (source, lines) in sources {
            w.opt_str(source.as_deref());
            w.u64(lines.documents);
            let mut entries: Vec<_> = lines.lines.iter().collect();
            entries.sort_by_key(|e| *e.0);
            w.len(entries.len());
            for (hash, count) in entries {
                w.u64(*hash);
                w.u64(count.documents);
                w.str(&count.text);
            }
        }
        w.finish()
    }

    /// Reads back [`LineStats::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, AggregateError> {
        let mut r = Reader::with_header(bytes, *MAGIC, "line stats")?;
        let mut stats = LineStats::default();
        let n = r.len(9, "source count")?;
        for _ in 0..n {
            let source = r.opt_string("source")?;
            let mut lines = SourceLines {
                documents: r.u64("source documents")?,
                lines: FastMap::default(),
            };
            let m = r.len(24, "line count")?;
            for _ in 0..m {
                let hash = r.u64("line hash")?;
                let documents = r.u64("line documents")?;
                let text = r.string("line text")?;
                let known = is_known(&line_key(&text));
                lines.lines.insert(
                    hash,
                    LineCount {
                        documents,
                        text,
                        known,
                    },
                );
            }
            stats.sources.insert(source, lines);
        }
        r.finish()?;
        Ok(stats)
    }
}

/// The lines [`strip_boilerplate`] removes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BoilerplateSet {
    use_known: bool,
    auto: FastMap<Option<String>, FastSet<u64>>,
    rows: Vec<BoilerplateRow>,
}

impl BoilerplateSet {
    /// Only the built-in known lines (`--boilerplate known`).
    #[must_use]
    pub fn known_only() -> Self {
        Self {
            use_known: true,
            ..Self::default()
        }
    }

    /// Nothing (`--boilerplate off`).
    #[must_use]
    pub fn empty() -> Self {
        Self::default()
    }

    /// The `boilerplate` table: every frequent line and every counted line that matches a
    /// known pattern, by source, then documents (most first), then line.
    #[must_use]
    pub fn rows(&self) -> &[BoilerplateRow] {
        &self.rows
    }

    /// Whether `line` goes (see [`Self::removes`]): blank lines and lines that cannot be
    /// candidates stay without folding; `key_line` is the line's search key when the caller
    /// has it, else the line is folded here.
    fn removal(
        &self,
        line: &str,
        key_line: Option<&str>,
        source_lines: Option<&FastSet<u64>>,
    ) -> Option<bool> {
        if line.trim().is_empty() || !may_be_candidate(line) {
            return None;
        }
        match key_line {
            Some(key_line) => self.removes(&fold_whitespace(key_line), source_lines),
            None => self.removes(&line_key(line), source_lines),
        }
    }

    fn removes(&self, key: &str, source_lines: Option<&FastSet<u64>>) -> Option<bool> {
        if !is_candidate(key) {
            return None;
        }
        if self.use_known && is_known(key) {
            return Some(true);
        }
        source_lines
            .filter(|set| set.contains(&stable_hash64(key.as_bytes())))
            .map(|_| false)
    }
}

/// A text with boilerplate lines removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stripped {
    /// The remaining text.
    pub text: String,
    /// Maps code points of `text` to code points of the input text.
    pub offsets: OffsetMap,
    /// The removed lines, whitespace-folded, in text order.
    pub removed_lines: Vec<String>,
    /// The search key of `text`, when the caller gave the input's key (see
    /// [`strip_boilerplate_keyed`]).
    pub key: Option<String>,
}

/// Removes boilerplate lines from `text`; `None` when nothing is removed.
///
/// Frequent-line removal never empties a document: when every non-blank line is
/// boilerplate and some of them are only frequent (not known), the frequent ones stay.
/// After a removal, runs of blank lines collapse to one and leading and trailing blank
/// lines go.
#[must_use]
pub fn strip_boilerplate(
    text: &str,
    source: Option<&str>,
    set: &BoilerplateSet,
) -> Option<Stripped> {
    let source_lines = set.auto.get(&source.map(str::to_owned));
    strip_with_key_lines(text, None, source_lines, set)
}

/// [`strip_boilerplate`] of a `text` whose search key the caller already has: `key` from
/// [`khabar_normalize::search_key_by_lines`], which said it goes line by line. The line keys
/// are its lines instead of a fold of each line, and the result carries the search key of
/// the stripped text (the kept lines of `key`), so nothing is folded twice.
#[must_use]
pub fn strip_boilerplate_keyed(
    text: &str,
    key: &str,
    source: Option<&str>,
    set: &BoilerplateSet,
) -> Option<Stripped> {
    // The common case first, in one walk over the lines of both and nothing allocated: the
    // key has the text's lines, and none of them is removed.
    let source_lines = set.auto.get(&source.map(str::to_owned));
    let (mut text_lines, mut key_lines) = (crate::lines::lines(text), crate::lines::lines(key));
    loop {
        match (text_lines.next(), key_lines.next()) {
            (None, None) => return None,
            (Some(line), Some(key_line)) => {
                if set.removal(line, Some(key_line), source_lines).is_some() {
                    break;
                }
            }
            _ => break,
        }
    }
    let key_lines: Vec<&str> = key.split('\n').collect();
    // A key that does not have the text's lines is not one that goes by lines: fold each
    // line instead.
    let by_lines = key_lines.len() == text.split('\n').count();
    strip_with_key_lines(
        text,
        by_lines.then_some(key_lines.as_slice()),
        source_lines,
        set,
    )
}

fn strip_with_key_lines(
    text: &str,
    key_lines: Option<&[&str]>,
    source_lines: Option<&FastSet<u64>>,
    set: &BoilerplateSet,
) -> Option<Stripped> {
    let removal_of = |(i, line): (usize, &str)| {
        let key_line = key_lines.and_then(|k| k.get(i)).copied();
        set.removal(line, key_line, source_lines)
    };
    let removals: Vec<Option<bool>> = text.split('\n').enumerate().map(removal_of).collect();
    if removals.iter().all(Option::is_none) {
        return None; // the common case: no character counting needed
    }
    // (char start, char len, byte slice, removal: None keep, Some(true) known, Some(false)
    // frequent, line number)
    let mut lines = Vec::new();
    let mut at = 0usize;
    for (i, (line, removal)) in text.split('\n').zip(removals).enumerate() {
        let len = line.chars().count();
        lines.push((at, len, line, removal, i));
        at += len + 1;
    }
    let nothing_left = lines.iter().all(|l| l.3.is_some() || l.2.trim().is_empty());
    if nothing_left {
        for l in &mut lines {
            if l.3 == Some(false) {
                l.3 = None;
            }
        }
        if lines.iter().all(|l| l.3.is_none()) {
            return None;
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut kept_key = key_lines.map(|_| String::with_capacity(text.len()));
    let mut map = OffsetMapBuilder::new();
    let mut removed_lines = Vec::new();
    let mut last_kept_end: Option<usize> = None; // char offset of the '\n' after the last kept line
    let mut last_blank = true;
    let mut pending_blank: Option<(usize, usize, &str, usize)> = None;
    for &(start, len, line, removal, i) in &lines {
        if removal.is_some() {
            removed_lines.push(fold_whitespace(line).into_owned());
            continue;
        }
        let blank = line.trim().is_empty();
        if blank {
            if !last_blank && pending_blank.is_none() {
                pending_blank = Some((start, len, line, i));
            }
            continue;
        }
        for piece in pending_blank
            .take()
            .into_iter()
            .chain(std::iter::once((start, len, line, i)))
        {
            if let Some(nl) = last_kept_end {
                out.push('\n');
                map.emit(nl);
                if let Some(key) = kept_key.as_mut() {
                    key.push('\n');
                }
            }
            out.push_str(piece.2);
            map.emit_run(piece.0, piece.1);
            last_kept_end = Some(piece.0 + piece.1);
            if let (Some(key), Some(key_line)) =
                (kept_key.as_mut(), key_lines.and_then(|k| k.get(piece.3)))
            {
                key.push_str(key_line);
            }
        }
        last_blank = false;
    }
    Some(Stripped {
        text: out,
        offsets: map.finish(at.saturating_sub(1)),
        removed_lines,
        key: kept_key,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn stats_with(source: &str, docs: &[&str]) -> LineStats {
        let mut s = LineStats::new();
        for d in docs {
            s.add_document(Some(source), d);
        }
        s
    }

    #[test]
    fn known_lines_are_removed_with_offsets() {
        let cases = [
            (
                "خبر أول\nاقرأ أيضا: عنوان آخر\nخبر ثان",
                "خبر أول\nخبر ثان",
                vec!["اقرأ أيضا: عنوان آخر"],
            ),
            (
                "نص\n\nDiscussion about this post",
                "نص",
                vec!["Discussion about this post"],
            ),
            ("  شارك   هذا المقال \nنص", "نص", vec!["شارك هذا المقال"]),
            ("أ\n\nإقرأ أيضاً\n\nب", "أ\n\nب", vec!["إقرأ أيضاً"]),
        ];
        for (input, want, removed) in cases {
            let got = strip_boilerplate(input, None, &BoilerplateSet::known_only()).unwrap();
            assert_eq!(got.text, want, "input {input:?}");
            assert_eq!(got.removed_lines, removed);
            let input_chars: Vec<char> = input.chars().collect();
            for (i, c) in got.text.chars().enumerate() {
                assert_eq!(
                    input_chars[got.offsets.to_raw(i)],
                    c,
                    "offset {i} of {input:?}"
                );
            }
        }
    }

    /// Lines for the keyed-stripping property: article lines, known footers, a frequent
    /// byline, blank and space-only lines, and lines whose fold deletes or changes letters.
    const LINES: &[&str] = &[
        "خبر أول عن الأمطار",
        "قالت الوزارة إنّ المشروع «سيكتمل» قريباً",
        "اقرأ أيضا: عنوان آخر",
        "شارك هذا المقال",
        "  شارك   هذا المقال ",
        "Discussion about this post",
        "عين اليوم – الرياض",
        "",
        "   ",
        "إقرأ أيضاً",
        "مُحَمَّد ـ الرئيس",
        "Today, ٢٠١٥ AT&T",
        "a \u{064E} b",
    ];

    proptest::proptest! {
        /// With the key of a text that goes by lines, stripping gives what stripping
        /// without it gives, and the key of what remains.
        #[test]
        fn stripping_with_the_key_strips_the_same(
            picks in proptest::collection::vec(0..LINES.len(), 0..10),
            known in proptest::bool::ANY,
        ) {
            let text: Vec<&str> = picks.iter().map(|&i| LINES[i]).collect();
            let text = text.join("\n");
            let frequent = "عين اليوم – الرياض\nنص";
            let set = if known {
                BoilerplateSet::known_only()
            } else {
                stats_with("s", &[frequent; 6]).decide(DEFAULT_MIN_DOCS, DEFAULT_MIN_FRACTION)
            };
            let (key, by_lines) = khabar_normalize::search_key_by_lines(&text);
            let plain = strip_boilerplate(&text, Some("s"), &set);
            if by_lines {
                let keyed = strip_boilerplate_keyed(&text, &key, Some("s"), &set);
                proptest::prop_assert_eq!(plain.is_some(), keyed.is_some());
                if let (Some(plain), Some(keyed)) = (plain, keyed) {
                    proptest::prop_assert_eq!(&keyed.text, &plain.text);
                    proptest::prop_assert_eq!(&keyed.offsets, &plain.offsets);
                    proptest::prop_assert_eq!(&keyed.removed_lines, &plain.removed_lines);
                    proptest::prop_assert_eq!(plain.key, None);
                    proptest::prop_assert_eq!(
                        keyed.key,
                        Some(khabar_normalize::search_key(&plain.text))
                    );
                }
            }
        }
    }

    #[test]
    fn next_previous_pager_does_not_swallow_the_first_sentence() {
        // 3alyoum puts the pager and the article's first sentence on one line.
        let text = "Next Previous عين اليوم – جدة نشرت صحيفة بريطانية صورا مثيرة.\nNext Previous";
        let got = strip_boilerplate(text, None, &BoilerplateSet::known_only()).unwrap();
        assert_eq!(
            got.text,
            "Next Previous عين اليوم – جدة نشرت صحيفة بريطانية صورا مثيرة."
        );
    }

    #[test]
    fn nothing_removed_gives_none() {
        assert!(
            strip_boilerplate("نص عادي\nسطر آخر", None, &BoilerplateSet::known_only()).is_none()
        );
        assert!(strip_boilerplate("اقرأ أيضا: x\nنص", None, &BoilerplateSet::empty()).is_none());
    }

    #[test]
    fn long_lines_are_never_removed() {
        let long = format!("اقرأ أيضا {}", "كلمة ".repeat(60));
        assert!(
            strip_boilerplate(&format!("{long}\nنص"), None, &BoilerplateSet::known_only())
                .is_none()
        );
    }

    #[test]
    fn frequent_lines_need_both_thresholds_and_stay_per_source() {
        let docs: Vec<String> = (0..10)
            .map(|i| format!("مقال رقم {i}\n// انتهى //"))
            .collect();
        let refs: Vec<&str> = docs.iter().map(String::as_str).collect();
        let stats = stats_with("was", &refs);
        let set = stats.decide(5, 0.5);
        let got = strip_boilerplate("مقال\n//  انتهى //", Some("was"), &set).unwrap();
        assert_eq!(got.text, "مقال");
        assert!(strip_boilerplate("مقال\n// انتهى //", Some("other"), &set).is_none());
        assert!(stats.decide(11, 0.0).rows().is_empty());
        assert!(stats.decide(1, 1.0).rows().len() == 1);
        assert_eq!(
            set.rows(),
            [BoilerplateRow {
                source: Some("was".into()),
                line: "// انتهى //".into(),
                documents: 10
            }]
        );
    }

    #[test]
    fn frequent_datelines_with_a_year_are_kept() {
        let dateline = "الرياض 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس";
        let docs: Vec<String> = (0..8)
            .map(|i| format!("{dateline}\nخبر رقم {i}\n// انتهى //"))
            .collect();
        let refs: Vec<&str> = docs.iter().map(String::as_str).collect();
        let set = stats_with("was", &refs).decide(5, 0.0);
        let lines: Vec<&str> = set.rows().iter().map(|r| r.line.as_str()).collect();
        assert_eq!(lines, ["// انتهى //"]);
        let cases = [
            ("سنة ١٤٣٦ هـ", true),
            ("2015", true),
            ("737221 - Zain", false),
            ("19:23", false),
            ("عام 1800", false),
        ];
        for (line, want) in cases {
            assert_eq!(mentions_year(line), want, "{line}");
        }
    }

    #[test]
    fn frequent_lines_never_empty_a_document() {
        let stats = stats_with("s", &["سطر متكرر"; 6]);
        let set = stats.decide(5, 0.0);
        assert!(strip_boilerplate("سطر متكرر", Some("s"), &set).is_none());
    }

    #[test]
    fn merge_equals_one_pass_and_bytes_round_trip() {
        let docs = ["a\nb", "b\nc\nb", "a", "x\ny"];
        let whole = stats_with("s", &docs);
        let mut left = stats_with("s", &docs[..2]);
        left.merge(stats_with("s", &docs[2..]));
        assert_eq!(left, whole);
        assert_eq!(LineStats::from_bytes(&whole.to_bytes()).unwrap(), whole);
        assert_eq!(whole.documents(Some("s")), 4);
        assert!(LineStats::from_bytes(&whole.to_bytes()[..20]).is_err());
    }

    #[test]
    fn rare_known_lines_are_reported_whatever_their_spacing() {
        // Below every frequency threshold, so only the known list can report them. The
        // double space takes the path where the line's own key is folded again.
        let spaced = [
            "خبر\nاقرأ  أيضا: المزيد",
            "Read also: more\nnews",
            "خبر عادي",
        ];
        let plain = ["اقرأ أيضا: المزيد\nخبر"];
        let rows = |stats: &LineStats| {
            let set = stats.decide(100, 1.0);
            let mut lines: Vec<String> = set.rows().iter().map(|r| r.line.clone()).collect();
            lines.sort();
            lines
        };
        let mut merged = stats_with("s", &spaced);
        merged.merge(stats_with("s", &plain));
        let want = ["Read also: more", "اقرأ أيضا: المزيد"];
        assert_eq!(rows(&merged), want);
        let mut other_way = stats_with("s", &plain);
        other_way.merge(stats_with("s", &spaced));
        assert_eq!(other_way, merged);
        let decoded = LineStats::from_bytes(&merged.to_bytes()).unwrap();
        assert_eq!(decoded, merged);
        assert_eq!(rows(&decoded), want);
        assert_eq!(
            rows(&stats_with("s", &spaced)),
            ["Read also: more", "اقرأ أيضا: المزيد"]
        );
    }

    /// Pieces of lines: known prefixes, letters that fold, white space of every kind, and
    /// characters the key deletes (tatweel, marks, zero-width, bidi).
    const LINE_PIECES: &[&str] = &[
        "اقرأ أيضا",
        "إقرأ ايضاً",
        "Read also:",
        "read ALSO",
        "شارك",
        "ا",
        "أ",
        "ى",
        "ة",
        "x",
        "7",
        ":",
        " ",
        "  ",
        "\t",
        "\u{00A0}",
        "\u{3000}",
        "\u{0640}",
        "\u{064B}",
        "\u{0651}",
        "\u{200B}",
        "\u{200D}",
        "\u{200E}",
        "\u{FEFF}",
    ];

    fn piece_line() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        proptest::collection::vec(proptest::sample::select(LINE_PIECES), 0..6)
            .prop_map(|pieces| pieces.concat())
    }

    /// Every counted line knows whether it is known as `decide` used to work it out (from
    /// its kept text), after merges in either order and a round trip through bytes.
    fn known_as_of_its_text(stats: &LineStats) -> bool {
        stats.sources.values().all(|lines| {
            lines
                .lines
                .values()
                .all(|count| count.known == is_known(&line_key(&count.text)))
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]
        #[test]
        fn known_follows_the_kept_text_through_merges_and_bytes(
            docs in proptest::collection::vec(
                (proptest::collection::vec(piece_line(), 0..5), 0..3usize),
                0..12,
            ),
        ) {
            let mut shards = [LineStats::new(), LineStats::new(), LineStats::new()];
            for (lines, shard) in &docs {
                shards[*shard].add_document(Some("s"), &lines.join("\n"));
            }
            let mut forward = LineStats::new();
            for shard in shards.iter().cloned() {
                proptest::prop_assert!(known_as_of_its_text(&shard));
                forward.merge(shard);
            }
            let mut backward = LineStats::new();
            for shard in shards.iter().rev().cloned() {
                backward.merge(shard);
            }
            proptest::prop_assert!(known_as_of_its_text(&forward));
            proptest::prop_assert_eq!(&forward, &backward);
            let decoded = LineStats::from_bytes(&forward.to_bytes()).unwrap();
            proptest::prop_assert_eq!(&decoded, &forward);
        }
    }

    /// A line of pieces, or a paragraph too long to be a candidate.
    fn short_or_long_line() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        proptest::prop_oneof![
            3 => piece_line(),
            1 => proptest::sample::select(LINES).prop_map(|l| format!("{l} ").repeat(25)),
        ]
    }

    proptest::proptest! {
        /// Counting lines without the candidate check counts what counting with it does.
        #[test]
        fn counting_without_the_check_counts_the_same(
            docs in proptest::collection::vec(
                proptest::collection::vec(short_or_long_line(), 0..6),
                0..8,
            ),
        ) {
            let (mut checked, mut unchecked) = (LineStats::new(), LineStats::new());
            for lines in &docs {
                let text = lines.join("\n");
                checked.add_document(Some("s"), &text);
                unchecked.add_document_of_candidates(Some("s"), &text);
            }
            proptest::prop_assert_eq!(checked, unchecked);
        }
    }

    #[test]
    fn long_paragraphs_are_ruled_out_without_folding() {
        let paragraph = "قال المتحدث باسم الوزارة إن الاجتماع سيعقد غدا. ".repeat(8);
        assert!(!may_be_candidate(&paragraph));
        assert!(!is_candidate(&line_key(&paragraph)));
        // Diacritics and tatweel fold away, so a short line written long is still folded.
        let padded = "عين اليوم".replace('ي', "يـــــَُِ").repeat(3);
        assert!(may_be_candidate(&padded));
        assert!(may_be_candidate("&amp;".repeat(300).as_str()));
    }

    proptest::proptest! {
        #[test]
        fn the_chunked_check_answers_as_the_byte_walk(
            parts in proptest::collection::vec(proptest::prop_oneof![
                proptest::strategy::Just("ب"), proptest::strategy::Just("ي"),
                proptest::strategy::Just("غ"), proptest::strategy::Just("ـ"),
                proptest::strategy::Just("x"), proptest::strategy::Just("Z"),
                proptest::strategy::Just("7"), proptest::strategy::Just(" "),
                proptest::strategy::Just("&"), proptest::strategy::Just("<"),
                proptest::strategy::Just("\r"), proptest::strategy::Just("\u{0B}"),
                proptest::strategy::Just("\u{85}"), proptest::strategy::Just("\u{2028}"),
                proptest::strategy::Just("\u{2029}"), proptest::strategy::Just("\u{2027}"),
                proptest::strategy::Just("\u{FB50}"), proptest::strategy::Just("\u{FAFF}"),
                proptest::strategy::Just("😀"), proptest::strategy::Just("é"),
                proptest::strategy::Just("\u{064B}"), proptest::strategy::Just("١"),
                proptest::strategy::Just("@"), proptest::strategy::Just("["),
            ], 0..700),
        ) {
            let line: String = parts.concat();
            proptest::prop_assert_eq!(may_be_candidate(&line), walk_from(line.as_bytes(), 0, 0));
        }

        /// Without markup or line breaks the chunks decide alone: every prefix of such a
        /// line is answered as the byte walk answers it (the count crosses the limit at
        /// some prefix, where a count the chunks got wrong would change the answer).
        #[test]
        fn every_prefix_is_answered_as_the_byte_walk(
            parts in proptest::collection::vec(proptest::prop_oneof![
                proptest::strategy::Just("ب"), proptest::strategy::Just("غ"),
                proptest::strategy::Just("ي"), proptest::strategy::Just("x"),
                proptest::strategy::Just("7"), proptest::strategy::Just(" "),
                proptest::strategy::Just("ـ"), proptest::strategy::Just("\u{064B}"),
                proptest::strategy::Just("é"), proptest::strategy::Just("١"),
                proptest::strategy::Just("@"),
            ], 150..450),
        ) {
            let line: String = parts.concat();
            for (end, _) in line.char_indices().chain([(line.len(), ' ')]) {
                let prefix = &line[..end];
                proptest::prop_assert_eq!(
                    may_be_candidate(prefix),
                    walk_from(prefix.as_bytes(), 0, 0),
                    "{:?}",
                    prefix
                );
            }
        }

        #[test]
        fn ruled_out_lines_never_have_a_candidate_key(
            parts in proptest::collection::vec(proptest::prop_oneof![
                proptest::strategy::Just("ب"), proptest::strategy::Just("أ"),
                proptest::strategy::Just("ـ"), proptest::strategy::Just("\u{064E}"),
                proptest::strategy::Just("x"), proptest::strategy::Just("7"),
                proptest::strategy::Just(" "), proptest::strategy::Just("  "),
                proptest::strategy::Just("amp;"), proptest::strategy::Just("É"),
                proptest::strategy::Just("\u{0653}"), proptest::strategy::Just("«"),
                proptest::strategy::Just("\u{200F}"), proptest::strategy::Just("١"),
            ], 150..500),
            markup in proptest::option::of(proptest::prop_oneof![
                proptest::strategy::Just("&"), proptest::strategy::Just("<b>"),
                proptest::strategy::Just("\u{FF1C}"), proptest::strategy::Just("\u{FEFB}"),
                proptest::strategy::Just("\u{2028}"), proptest::strategy::Just("\r"),
            ]),
        ) {
            let mut line: String = parts.concat();
            line.push_str(markup.unwrap_or_default());
            if !may_be_candidate(&line) {
                proptest::prop_assert!(!is_candidate(&line_key(&line)));
                // Nor any line that cleaning makes of it.
                let cleaned = khabar_normalize::clean(&line, Some("ara")).text;
                for piece in cleaned.lines() {
                    proptest::prop_assert!(!is_candidate(&line_key(piece)));
                }
            }
        }
    }
}
