//! The matching key of a word: Arabic letter-variant folding and proclitic stripping.
//!
//! Gazetteer keys, tagger features and spans all go through [`fold_into`], so `أمريكا`,
//! `امريكا` and `أمريكا‏` (with a stray RIGHT-TO-LEFT MARK) are one key. The crate keeps its
//! own fold rather than `khabar_normalize::search_key` so the shipped gazetteer and model
//! never change meaning when normalization is tuned.

/// Appends the folded form of `word` to `out`: diacritics, tatweel and bidi marks dropped,
/// alef forms to `ا`, `ى` to `ي`, `ة` to `ه`, Latin lowercased.
pub fn fold_into(word: &str, out: &mut String) {
    // Runs of characters the fold keeps as they are (ASCII other than capitals, most of
    // U+0600..=U+067F) are copied whole; only the others go through `fold_char`.
    let bytes = word.as_bytes();
    let mut run_start = 0usize;
    let mut at = 0usize;
    while let Some(&lead) = bytes.get(at) {
        let kept = match lead {
            b'A'..=b'Z' => 0,
            0x00..=0x7F => 1,
            0xD8 | 0xD9 => bytes
                .get(at + 1)
                .map_or(0, |&trail| usize::from(kept_arabic(lead, trail)) * 2),
            _ => 0,
        };
        if kept > 0 {
            at += kept;
            continue;
        }
        out.push_str(word.get(run_start..at).unwrap_or(""));
        let Some(ch) = word.get(at..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        fold_char(ch, out);
        at += ch.len_utf8();
        run_start = at;
    }
    out.push_str(word.get(run_start..).unwrap_or(""));
}

/// Whether the two-byte character `lead trail` (U+0600..=U+067F) folds to itself.
#[inline]
fn kept_arabic(lead: u8, trail: u8) -> bool {
    let code = (u32::from(lead & 0x1F) << 6) | u32::from(trail & 0x3F);
    !matches!(
        code,
        0x064B..=0x065F | 0x0670 | 0x0640 | 0x0622 | 0x0623 | 0x0625 | 0x0671 | 0x0649 | 0x0629
            | 0x0660..=0x0669
    )
}

/// Appends the folded form of one character.
#[inline]
fn fold_char(ch: char, out: &mut String) {
    match ch {
        '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{0640}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' => {}
        'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
        'ى' => out.push('ي'),
        'ة' => out.push('ه'),
        '٠'..='٩' => out.push(char::from(b'0' + (ch as u32 - '٠' as u32) as u8)),
        c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        // Arabic letters first: `is_alphabetic` is a slow table lookup outside ASCII.
        c if is_arabic(c) => out.push(c),
        c if c.is_alphabetic() && !is_arabic(c) => out.extend(c.to_lowercase()),
        c => out.push(c),
    }
}

/// The folded form of `word` as a new string.
#[must_use]
pub fn fold_key(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// Whether `c` is in the main Arabic block.
#[must_use]
pub fn is_arabic(c: char) -> bool {
    ('\u{0600}'..='\u{06FF}').contains(&c)
}

/// The ways a folded word can be read with its proclitics removed, most literal first.
///
/// Returns `(clitic_chars, stem)` pairs; `clitic_chars` is how many code points of the
/// original word the clitics take. `لل` before a stem is `ل` + `ال` with the alef elided, so
/// `للولايات` also yields `الولايات` (built in `scratch`); no substring of the word spells
/// that stem, so that reading keeps the whole word (0 clitic characters).
pub fn clitic_readings<'a>(folded: &'a str, scratch: &'a mut String) -> Readings<'a> {
    let mut readings = Readings {
        items: [(0, ""); 4],
        len: 0,
        elided: None,
    };
    readings.push(0, folded);
    let (conj, rest) = strip_one(folded, &['و', 'ف']);
    let (prep, rest2) = strip_one(rest, &['ب', 'ل', 'ك']);
    if conj > 0 && has_chars(rest, 3) {
        readings.push(conj, rest);
    }
    if prep > 0 && has_chars(rest2, 3) {
        readings.push(conj + prep, rest2);
    }
    // ل + ال: "للولايات" -> "الولايات"; "لليبيا" is ل + ليبيا and is covered above.
    if prep > 0 && rest.starts_with("لل") && has_chars(rest, 4) {
        scratch.clear();
        scratch.push('ا');
        scratch.push_str(&rest['ل'.len_utf8()..]);
        readings.elided = Some(0);
    }
    if let Some(clitics) = readings.elided {
        readings.push(clitics, scratch.as_str());
    }
    readings
}

/// Up to four readings of one word; see [`clitic_readings`].
#[derive(Debug)]
pub struct Readings<'a> {
    items: [(usize, &'a str); 4],
    len: usize,
    elided: Option<usize>,
}

impl<'a> Readings<'a> {
    fn push(&mut self, clitics: usize, stem: &'a str) {
        if self.len < self.items.len() {
            self.items[self.len] = (clitics, stem);
            self.len += 1;
        }
    }

    /// The readings as a slice.
    #[must_use]
    pub fn as_slice(&self) -> &[(usize, &'a str)] {
        &self.items[..self.len]
    }
}

fn strip_one<'a>(word: &'a str, clitics: &[char]) -> (usize, &'a str) {
    // A byte-prefix test per clitic: no decoding of the word's first character.
    for &clitic in clitics {
        if let Some(rest) = word.strip_prefix(clitic) {
            return (1, rest);
        }
    }
    (0, word)
}

/// `word.chars().count() >= n`, without counting past `n`.
#[inline]
fn has_chars(word: &str, n: usize) -> bool {
    word.len() >= 4 * n || word.chars().nth(n.saturating_sub(1)).is_some()
}

/// The stem used as a tagger feature: conjunction, one preposition and the article removed.
#[must_use]
pub fn light_stem(folded: &str) -> &str {
    let (_, rest) = strip_one(folded, &['و', 'ف']);
    let (_, rest2) = strip_one(rest, &['ب', 'ل', 'ك']);
    let candidate = if has_chars(rest2, 3) { rest2 } else { rest };
    let bare = candidate.strip_prefix("ال").unwrap_or(candidate);
    if has_chars(bare, 2) { bare } else { candidate }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fold one character at a time, as it was written before the run copy.
    fn fold_by_chars(word: &str) -> String {
        let mut out = String::new();
        for ch in word.chars() {
            fold_char(ch, &mut out);
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn the_run_copy_folds_as_char_by_char(word in "[a-zA-Z0-9 .\u{0600}-\u{06FF}\u{0750}\u{200B}-\u{200F}\u{202A}\u{2066}\u{FEFF}éÉßİΣ\u{FB50}\u{FEFB}😀]{0,40}") {
            let mut out = String::from("x");
            fold_into(&word, &mut out);
            proptest::prop_assert_eq!(out, format!("x{}", fold_by_chars(&word)));
        }

        #[test]
        fn has_chars_counts_as_chars_count(word in "[a\u{0628}\u{0800}😀]{0,8}", n in 0usize..6) {
            proptest::prop_assert_eq!(has_chars(&word, n), word.chars().count() >= n);
        }
    }

    #[test]
    fn folds_letter_variants_and_marks() {
        for (input, want) in [
            ("أمريكا", "امريكا"),
            ("إسرائيل\u{200F}", "اسرائيل"),
            ("المتّحدة", "المتحده"),
            ("مصطفى", "مصطفي"),
            ("Benghazi", "benghazi"),
            ("٢٠١٥", "2015"),
            ("الـعربية", "العربيه"),
        ] {
            assert_eq!(fold_key(input), want, "{input}");
        }
    }

    #[test]
    fn clitic_readings_cover_prepositions_and_elided_alef() {
        let cases: &[(&str, &[(usize, &str)])] = &[
            ("وبنغازي", &[(0, "وبنغازي"), (1, "بنغازي"), (2, "نغازي")]),
            ("لليبيا", &[(0, "لليبيا"), (1, "ليبيا"), (0, "اليبيا")]),
            ("والولايات", &[(0, "والولايات"), (1, "الولايات")]),
            ("للولايات", &[(0, "للولايات"), (1, "لولايات"), (0, "الولايات")]),
            ("بسبها", &[(0, "بسبها"), (1, "سبها")]),
            ("مصر", &[(0, "مصر")]),
        ];
        for (word, want) in cases {
            let mut scratch = String::new();
            let folded = fold_key(word);
            let readings = clitic_readings(&folded, &mut scratch);
            let got: Vec<(usize, String)> = readings
                .as_slice()
                .iter()
                .map(|(c, s)| (*c, (*s).to_owned()))
                .collect();
            let want: Vec<(usize, String)> = want.iter().map(|(c, s)| (*c, fold_key(s))).collect();
            assert_eq!(got, want, "{word}");
        }
    }

    #[test]
    fn light_stem_removes_clitics_and_article() {
        for (input, want) in [
            ("والرئيس", "رئيس"),
            ("بالقاهرة", "قاهره"),
            ("مصر", "مصر"),
            ("لها", "لها"),
        ] {
            assert_eq!(light_stem(&fold_key(input)), want, "{input}");
        }
    }
}
