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
    // Every protected name is three to nine Arabic letters: skip the lookup for the rest.
    (6..=18).contains(&word.len()) && SET.contains(word)
}

/// Clitic-aware light stem of a search-folded word (alef, ya and ta marbuta folded, no
/// diacritics). Never shorter than three letters unless the word is.
#[must_use]
pub fn light_stem(word: &str) -> String {
    if is_protected(word) {
        return word.to_owned();
    }
    let len = |s: &str| s.chars().count();
    let mut stem = word;
    if let Some(rest) = stem.strip_prefix(['و', 'ف'])
        && len(rest) >= 3
    {
        if is_protected(rest) {
            return rest.to_owned();
        }
        // Only cut و/ف before the article: many stems start with them (وزارة, فريق).
        if ARTICLES.iter().any(|a| rest.starts_with(a)) {
            stem = rest;
        }
    }
    if let Some(rest) = ARTICLES
        .iter()
        .find_map(|a| stem.strip_prefix(a))
        .filter(|r| len(r) >= 3)
    {
        stem = rest;
    } else if let Some(rest) = stem
        .strip_prefix(['ب', 'ك', 'ل'])
        .filter(|r| is_protected(r))
    {
        // A bare preposition is cut only before a known name (بليبيا): كتاب, لقاء, بيت.
        return rest.to_owned();
    }
    if is_protected(stem) {
        return stem.to_owned();
    }
    if let Some(rest) = SUFFIXES
        .iter()
        .find_map(|s| stem.strip_suffix(s))
        .filter(|r| len(r) >= 3)
    {
        stem = rest;
    }
    stem.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

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
