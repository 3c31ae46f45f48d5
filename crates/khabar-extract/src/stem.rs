//! Light stemming for term statistics and matching.
//!
//! Strips one conjunction (و ف) before the article, then the article with its prepositions
//! (ال بال كال فال لل), or one preposition (ب ك ل) before a protected name, then one suffix (pronouns, plural and feminine endings),
//! and always keeps at least three letters. Names whose full form looks like a clitic
//! plus a stem (ليبيا, لبنان, فرنسا) are protected, also after a stripped conjunction
//! (وليبيا -> ليبيا).

/// Full forms that are never cut, search-folded.
const PROTECTED: &[&str] = &[
    "ليبيا",
    "لبنان",
    "فلسطين",
    "فرنسا",
    "بريطانيا",
    "بلجيكا",
    "بولندا",
    "كندا",
    "كوريا",
    "كوبا",
    "كينيا",
    "لندن",
    "برلين",
    "بغداد",
    "بنغازي",
    "بيروت",
    "باريس",
    "بكين",
    "فنزويلا",
    "فيتنام",
    "فنلندا",
    "لاهاي",
    "لوكسمبورغ",
    "ليبي",
    "ليبيه",
    "لبناني",
    "فلسطيني",
    "فرنسي",
    "بريطاني",
    "كويت",
    "الله",
    "والله",
    "بوتين",
    "بايدن",
    "لافروف",
    "فيينا",
    "بلغاريا",
    "بنما",
    "بيرو",
    "وارسو",
    "واشنطن",
    "ولايات",
    "ويلز",
    "كابول",
    "كازاخستان",
    "فيصل",
    "فهد",
    "بندر",
    "خالد",
    "سلمان",
    "البحرين",
    "الجزائر",
    "المغرب",
    "الكويت",
    "اليمن",
    "الاردن",
    "العراق",
    "السودان",
];

const ARTICLES: &[&str] = &["بال", "كال", "فال", "وال", "لل", "ال"];
const SUFFIXES: &[&str] = &[
    "هما", "كما", "ها", "هم", "هن", "كم", "كن", "نا", "ات", "ان", "ين", "ون", "يه", "ه", "ي",
];

/// Whether `word` is a protected name: `light_stem` asks up to four times a word, so the
/// set hashes with the project's fast word hasher rather than `SipHash`.
fn is_protected(word: &str) -> bool {
    type Set = std::collections::HashSet<
        &'static str,
        std::hash::BuildHasherDefault<khabar_core::StableHasher>,
    >;
    static SET: std::sync::LazyLock<Set> =
        std::sync::LazyLock::new(|| PROTECTED.iter().copied().collect());
    static SHAPES: std::sync::LazyLock<Vec<u64>> = std::sync::LazyLock::new(|| {
        let mut bits = vec![0u64; SHAPE_BITS.div_ceil(64)];
        for name in PROTECTED {
            if let Some(i) = shape_index(name) {
                bits[i / 64] |= 1 << (i % 64);
            }
        }
        bits
    });
    // Every protected name is three to nine Arabic letters, and few words share a name's
    // length and the low bits of its first and last letters (its second and last bytes):
    // the hash lookup runs only for those.
    shape_index(word).is_some_and(|i| SHAPES[i / 64] & (1 << (i % 64)) != 0) && SET.contains(word)
}

/// Byte lengths of protected names: three to nine two-byte letters.
const SHAPE_LENGTHS: std::ops::RangeInclusive<usize> = 6..=18;
/// Distinct (length, second byte, last byte) shapes [`shape_index`] tells apart.
const SHAPE_BITS: usize = 13 * 64 * 64;

/// The word's length and the low six bits of its second and last bytes, as one index; `None`
/// for a length no protected name has.
fn shape_index(word: &str) -> Option<usize> {
    let bytes = word.as_bytes();
    if !SHAPE_LENGTHS.contains(&bytes.len()) {
        return None;
    }
    let second = usize::from(*bytes.get(1)? & 0x3F);
    let last = usize::from(*bytes.last()? & 0x3F);
    Some(((bytes.len() - SHAPE_LENGTHS.start()) * 64 + second) * 64 + last)
}

/// Clitic-aware light stem of a search-folded word (alef, ya and ta marbuta folded, no
/// diacritics), as a slice of it. Never shorter than three letters unless the word is.
#[must_use]
pub fn light_stem(word: &str) -> &str {
    if is_protected(word) {
        return word;
    }
    // At least three letters, without counting past the third.
    let three = |s: &str| s.chars().nth(2).is_some();
    let mut stem = word;
    if let Some(rest) = stem.strip_prefix(['و', 'ف'])
        && three(rest)
    {
        if is_protected(rest) {
            return rest;
        }
        // Only cut و/ف before the article: many stems start with them (وزارة, فريق).
        if ARTICLES.iter().any(|a| rest.starts_with(a)) {
            stem = rest;
        }
    }
    if let Some(rest) = ARTICLES
        .iter()
        .find_map(|a| stem.strip_prefix(a))
        .filter(|r| three(r))
    {
        stem = rest;
    } else if let Some(rest) = stem
        .strip_prefix(['ب', 'ك', 'ل'])
        .filter(|r| is_protected(r))
    {
        // A bare preposition is cut only before a known name (بليبيا): كتاب, لقاء, بيت.
        return rest;
    }
    if is_protected(stem) {
        return stem;
    }
    if let Some(rest) = SUFFIXES
        .iter()
        .find_map(|s| stem.strip_suffix(s))
        .filter(|r| three(r))
    {
        stem = rest;
    }
    stem
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shape_filter_lets_every_protected_name_through() {
        for name in PROTECTED {
            assert!(is_protected(name), "{name}");
            // One letter more is another word, unless it is listed too (ليبي, ليبيه).
            let longer = format!("{name}ه");
            assert_eq!(
                is_protected(&longer),
                PROTECTED.contains(&longer.as_str()),
                "{longer}"
            );
        }
        assert!(!is_protected("كتاب"));
        assert!(!is_protected("ال"));
    }

    #[test]
    fn stems() {
        for (word, want) in [
            ("ليبيا", "ليبيا"),
            ("وليبيا", "ليبيا"),
            ("بليبيا", "ليبيا"),
            ("والحكومه", "حكوم"),
            ("بالمدينه", "مدين"),
            ("للمعلمين", "معلم"),
            ("كتابهم", "كتاب"),
            ("المسلمون", "مسلم"),
            ("الاتفاقيات", "اتفاقي"),
            ("ولد", "ولد"),
            ("من", "من"),
            ("لبنان", "لبنان"),
            ("فلسطين", "فلسطين"),
            ("الكويت", "الكويت"),
            ("وزير", "وزير"),
            ("وزاره", "وزار"),
            ("فريق", "فريق"),
        ] {
            assert_eq!(light_stem(word), want, "{word}");
        }
    }
}
