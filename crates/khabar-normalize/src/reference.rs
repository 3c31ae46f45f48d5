//! The implementations of `clean` and `search_key` before the byte-window fast paths
//! (stable scan, kept runs, NFC of the whole text, char-by-char fold), kept verbatim to
//! test the new ones against: see `equivalence.rs`.
#![allow(dead_code, clippy::all, clippy::pedantic)]

#[path = "reference/clean.rs"]
mod clean;
#[path = "reference/fold.rs"]
mod fold;
#[path = "reference/stable.rs"]
mod stable;

use crate::{MAX_SEARCH_PASSES, Normalized, Orthography};

/// The old [`crate::clean`].
pub(crate) fn clean(text: &str, lang: Option<&str>) -> Normalized {
    let cleaned = clean::clean(text, Orthography::from_lang(lang));
    Normalized {
        offsets: cleaned.offset_map(),
        text: cleaned.text,
    }
}

/// The old [`crate::search_key`].
pub(crate) fn search_key(text: &str) -> String {
    let (mut key, unsettled) = fold::fold_key(text);
    if !unsettled {
        return key;
    }
    for _ in 1..MAX_SEARCH_PASSES {
        let again = clean::clean(&key, Orthography::Arabic);
        let (next, _) = fold::fold_key(&again.text);
        if next == key {
            break;
        }
        key = next;
    }
    key
}

/// The old layer-2 fold without offsets, with its flag.
pub(crate) fn fold_key(text: &str) -> (String, bool) {
    fold::fold_key(text)
}
