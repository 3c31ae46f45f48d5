//! The matching key of a word: Arabic letter-variant folding and proclitic stripping.
//!
//! Gazetteer keys, tagger features and spans all go through [`fold_into`], so `أمريكا`,
//! `امريكا` and `أمريكا‏` (with a stray RIGHT-TO-LEFT MARK) are one key. The crate keeps its
//! own fold rather than `khabar_normalize::search_key` so the shipped gazetteer and model
//! never change meaning when normalization is tuned.

/// Appends the folded form of `word` to `out`: diacritics, tatweel and bidi marks dropped,
/// alef forms to `ا`, `ى` to `ي`, `ة` to `ه`, Latin lowercased.
pub fn fold_into(word: &str, out: &mut String) {
    for ch in word.chars() {
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
    if conj > 0 && rest.chars().count() >= 3 {
        readings.push(conj, rest);
    }
    if prep > 0 && rest2.chars().count() >= 3 {
        readings.push(conj + prep, rest2);
    }
    // ل + ال: "للولايات" -> "الولايات"; "لليبيا" is ل + ليبيا and is covered above.
    if prep > 0 && rest.starts_with("لل") && rest.chars().count() >= 4 {
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
    match word.chars().next() {
        Some(c) if clitics.contains(&c) => (1, &word[c.len_utf8()..]),
        _ => (0, word),
    }
}

/// The stem used as a tagger feature: conjunction, one preposition and the article removed.
#[must_use]
pub fn light_stem(folded: &str) -> &str {
    let (_, rest) = strip_one(folded, &['و', 'ف']);
    let (_, rest2) = strip_one(rest, &['ب', 'ل', 'ك']);
    let candidate = if rest2.chars().count() >= 3 {
        rest2
    } else {
        rest
    };
    let bare = candidate.strip_prefix("ال").unwrap_or(candidate);
    if bare.chars().count() >= 2 {
        bare
    } else {
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
