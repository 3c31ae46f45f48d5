//! Text cleanup and Arabic folding, in two layers, with offset maps back to the original.
//!
//! Place in the flow:
//!
//! ```text
//! reader (khabar-io) -> normalize (this crate) -> extract / ner -> aggregate -> sinks
//! ```
//!
//! Scraped Arabic news is full of invisible and variant characters. khabar cleans it in two
//! layers. Each returns a [`Normalized`]: the text plus an [`OffsetMap`] from output code
//! points to input code points, so a span found in the normalized text maps back exactly to
//! the record's original text.
//!
//! ```
//! use khabar_normalize::{clean, search, search_key};
//!
//! let raw = "\u{200F}قالت\u{00A0}&quot;الأمـــم\u{0020}المتحدة&quot; ﻷن";
//! let layer1 = clean(raw, None);
//! assert_eq!(layer1.text, "قالت \"الأمم المتحدة\" لأن");
//! // "المتحدة" starts at output code point 12; in the raw text it starts at 21.
//! assert_eq!(layer1.offsets.to_raw(12), 21);
//!
//! let layer2 = search(raw, None);
//! assert_eq!(layer2.text, "قالت \"الامم المتحده\" لان");
//! assert_eq!(search_key(&layer1.text), layer2.text);
//! ```
//!
//! # Layer 1: [`clean`] (the text a reader sees, only cleaner)
//!
//! | what | becomes |
//! |---|---|
//! | any text | Unicode NFC; a decomposed hamza (ا + U+0654) composes to أ, و + U+0654 to ؤ, ي + U+0654 to ئ |
//! | presentation forms U+FB50–FDFF, U+FE70–FEFE | base letters in logical order, via compatibility decomposition + NFC: ﻷ -> لأ (hamza kept), ﻵ -> لآ, ﻻ -> لا, ﷲ -> الله, ﷺ -> صلى الله عليه وسلم; the tatweel of ﹱ and the space of isolated marks (ﹰ) are dropped; forms without a decomposition (﴾ ﴿) stay |
//! | U+200B–200F, U+202A–202E, U+2066–2069, U+061C, U+2060–2064, U+206A–206F, U+180E, U+FFF9–FFFB, U+FEFF, U+00AD | removed, without splitting the word (میخواهم with a ZWNJ stays one word); a ZWJ between two emoji stays, so sequences such as 👨‍👩‍👧 and 🏳️‍🌈 keep their meaning |
//! | ZWNJ U+200C in Persian (`fas`, `per`, `pes`, `prs`) | kept |
//! | tatweel U+0640 | removed |
//! | other C0/C1 controls | removed |
//! | tab, NBSP, U+1680, U+2000–200A, U+202F, U+205F, U+3000 | one ASCII space; runs of spaces collapse to one |
//! | CR, CRLF, VT, FF, NEL, U+2028 | `\n`; U+2029 is a paragraph break |
//! | blank-line runs | one paragraph break `\n\n`; every line is trimmed, and so is the text |
//! | HTML references: named (`&quot;` `&amp;` `&nbsp;` `&laquo;` `&hellip;` `&mdash;` `&euro;` `&deg;` `&zwnj;` `&rlm;` ...) and numeric (`&#1605;` `&#x631;`; `&#128;`–`&#159;` as Windows-1252) | the character, which then goes through every other row (so `&nbsp;` is a space and `&rlm;` vanishes). Decoding repeats until none is left: `&amp;quot;` -> `"`, `&amp;amp;` -> `&`. A reference needs its `;`; unknown names stay as text |
//! | tags: `<` + letter, `/`, `!` or `?` ... `>` | removed; `br p div li ul ol tr h1`–`h6 blockquote hr section article header footer pre dt dd figure figcaption table` leave a line break, `td th` a space; a lone `<` (`3 < 5`) stays. Decoded `&lt;b&gt;` is a tag too. The content of `<script>` and `<style>` elements is removed with them (an unclosed one keeps it) |
//! | Arabic text: ک ی ۀ ۂ ۃ ہ ھ ے ۓ | ك ي ة ة ة ه ه ي ئ |
//! | Persian and Urdu text (`fas` `per` `pes` `prs` `urd`, and `pus` `snd` `ckb` `uig` `bal` `pnb` `skr` `kas`) | keyboard letters kept |
//! | diacritics, digits of every system, quotes, ، ؛ ؟, symbols (€ ° % …), ى, ٱ | kept exactly as written |
//!
//! Why repeated decoding: `clean` must be idempotent, and a single decode of `&amp;quot;`
//! leaves `&quot;`, which a second `clean` would decode again. So `clean` decodes until the
//! text holds no reference, and more generally runs its filters until the text stops
//! changing (one pass for real text).
//!
//! # Layer 2: [`search`] and [`search_key`] (a folding key for matching, dedup and term statistics)
//!
//! Layer 1, then:
//!
//! | what | becomes |
//! |---|---|
//! | diacritics U+064B–065F, dagger alef U+0670, Quranic marks U+06D6–06ED (and any tatweel) | removed |
//! | أ إ آ ٱ (and ٲ ٳ) | ا |
//! | ى | ي |
//! | ة | ه |
//! | ؤ / ئ | و / ي; a standalone ء stays |
//! | ٠–٩, ۰–۹ | 0–9; ٫ -> `.`, ٬ -> `,`, ٪ -> `%` |
//! | “ ” „ ‟ « » | `"` |
//! | ‘ ’ ‚ ‛ ‹ › | `'` |
//! | ، ؛ ؟ | `,` `;` `?` |
//! | – — ‐ ‑ ‒ ― − | `-` |
//! | … | `...` |
//! | compatibility forms (ﬁ, full-width, superscripts) | NFKC (`fi`, ASCII, digits) |
//! | letters with case | lowercase |
//!
//! Persian letters are not folded in layer 2 (ی stays ی in a Persian document): layer 1
//! already made Arabic documents Arabic, and Persian keys stay Persian.
//!
//! Both layers are idempotent: `f(f(x)) == f(x)`.
//!
//! # Speed
//!
//! Layer 1 makes one pass over a text: runs it keeps are found a window of bytes at a time
//! with a per-character class table (checked against the filters for every BMP character in
//! the tests) and copied whole, and until the first change nothing is copied at all, so text
//! that is already clean costs one read. The pass answers on the way whether the text needs
//! NFC (a few percent of articles go through NFC after all); markup decoding runs only when a
//! pre-check finds a reference or a tag; a second pass runs only when the first cannot prove
//! it settled (a scan of its output decides). Layer 2 folds through lookup tables and
//! records offsets as runs, so one-to-one folds cost nothing in the map. On SaudiNewsNet (`cargo bench --bench normalize`, one thread) `clean` of
//! already-clean text runs about 5-6x faster than `unicode-normalization`'s plain NFC of the
//! same text, and `search` of raw text (layer 1 + layer 2 + offsets) about as fast as that
//! NFC alone.

mod chars;
mod clean;
mod entities;
mod fold;
mod html;
mod key;
mod nfc;
mod orthography;
mod output;
mod stable;
mod window;

pub use khabar_core::OffsetMap;
pub use orthography::{Orthography, may_depend_on_language};

/// A character and the input code-point offset it came from.
pub(crate) type Item = (char, u32);

/// Normalized text and the map from its code points to the input's code points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// The normalized text.
    pub text: String,
    /// Output code-point offset -> input code-point offset.
    pub offsets: OffsetMap,
}

/// Which layer a caller wants (for [`normalize_line`] and the `khabar normalize` filter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Layer {
    /// Layer 1, [`clean`].
    #[default]
    Clean,
    /// Layer 2, [`search`].
    Search,
}

/// Layer 1: the text a reader sees, only cleaner (it becomes `documents.text`).
///
/// `lang` is an ISO 639-3 code (`"ara"`, `"fas"`, `"urd"`, `"eng"`, ...); `None` means Arabic.
/// See the crate docs for the table of what changes.
#[must_use]
pub fn clean(text: &str, lang: Option<&str>) -> Normalized {
    let cleaned = clean::clean(text, Orthography::from_lang(lang));
    Normalized {
        offsets: cleaned.offset_map(),
        text: cleaned.text,
    }
}

/// Layer 2: [`clean`], then the folds of the crate docs; offsets map to the ORIGINAL input.
#[must_use]
pub fn search(text: &str, lang: Option<&str>) -> Normalized {
    let orth = Orthography::from_lang(lang);
    let cleaned = clean::clean(text, orth);
    let (key, offsets, unsettled) =
        fold::fold_with_offsets(&cleaned.text, cleaned.origins.as_deref(), cleaned.input_len);
    let mut current = Normalized { text: key, offsets };
    if !unsettled {
        return current;
    }
    for _ in 1..MAX_SEARCH_PASSES {
        let again = clean::clean(&current.text, orth);
        let (key, step, _) =
            fold::fold_with_offsets(&again.text, again.origins.as_deref(), again.input_len);
        if key == current.text {
            break;
        }
        current = Normalized {
            offsets: compose_maps(&current.offsets, &step),
            text: key,
        };
    }
    current
}

/// Layer 2 of text that is ALREADY layer-1 clean, without offsets: the fastest path, for
/// dedup keys, gazetteer matching and term statistics. `search_key(&clean(x).text)` equals
/// `search(x).text` for Arabic text.
#[must_use]
pub fn search_key(text: &str) -> String {
    search_key_by_lines(text).0
}

/// [`search_key`] of `text`, and whether the key goes line by line: when true, the key
/// has the lines of `text` (split at `\n`) in the same number and order, line `i` of the key
/// is the `search_key` of line `i` of `text`, and any choice of lines of `text` joined by
/// `\n` has for key the same lines of the key joined by `\n`. Callers that need the keys of
/// a text's lines, or of the text with some lines removed, take them from this one key
/// instead of folding again.
///
/// It holds when one fold pass settles the key (no second `clean` + fold pass), which is
/// the case for nearly all text: the fold writes each character's fold independently of
/// its neighbours and keeps every `\n`, and each condition that unsettles a line also
/// unsettles a text that holds it (the state after a `\n` is the state at the start of a
/// text). The tests check it on generated text.
#[must_use]
pub fn search_key_by_lines(text: &str) -> (String, bool) {
    let (mut key, unsettled) = key::fold_key(text);
    if !unsettled {
        return (key, true);
    }
    for _ in 1..MAX_SEARCH_PASSES {
        let again = clean::clean(&key, Orthography::Arabic);
        let (next, _) = key::fold_key(&again.text);
        if next == key {
            break;
        }
        key = next;
    }
    (key, false)
}

/// One line for the `khabar normalize` Unix filter: the chosen layer, text only.
///
/// A line holds no `\n`, so the result is one line too (an embedded `<br>` or `&#10;` would
/// still produce a line break: the caller decides whether to escape it).
#[must_use]
pub fn normalize_line(line: &str, layer: Layer, lang: Option<&str>) -> String {
    match layer {
        Layer::Clean => clean(line, lang).text,
        Layer::Search => search(line, lang).text,
    }
}

/// The naive reference the benchmarks compare against: `unicode-normalization`'s NFC of
/// the whole text, with no fast path and no offsets. Not part of the pipeline.
#[doc(hidden)]
#[must_use]
pub fn reference_nfc(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfc().collect()
}

/// Bound on the clean + fold rounds of layer 2; real text needs one.
const MAX_SEARCH_PASSES: usize = 8;

/// `second` applied after `first`, with the cheap cases short-cut.
pub(crate) fn compose_maps(first: &OffsetMap, second: &OffsetMap) -> OffsetMap {
    if second.is_identity() && second.input_len() == first.output_len() {
        return first.clone();
    }
    first.then(second)
}

#[cfg(test)]
mod equivalence;
#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;
