//! Language identification: a script count for Arabic-script text, whatlang otherwise.
//!
//! Arabic, Persian and Urdu share a script, and whatlang is slow and unsure on them, so a
//! count over the first [`PREFIX_BYTES`] decides first (over the first [`SETTLED_BYTES`]
//! only, when those are clearly Arabic): Urdu has letters Arabic and
//! Persian never write (ٹ ڈ ڑ ں ے), Persian writes ی and ک where Arabic writes ي and ك.
//! Arabic news typed on a Persian keyboard carries a few ی/ک, so Persian needs them to
//! outnumber the Arabic forms, not merely to appear. Sorani Kurdish writes vowels with
//! letters none of the three has (ە ۆ ێ ڵ ڕ).

/// How much of the text is looked at: enough for a stable vote, bounded for speed.
const PREFIX_BYTES: usize = 4096;

/// The head after which an Arabic vote that is already clear stops (see
/// [`ScriptCounts::settled_arabic`]): nearly every article of an Arabic archive is decided
/// there, in a quarter of the reading.
const SETTLED_BYTES: usize = 1024;

/// The fewest letters a head needs for its vote to be clear.
const SETTLED_LETTERS: usize = 200;

/// ISO 639-3 code of the text's language (`ara`, `eng`, `fas`, `urd`, `ckb`, `fra`, ...), `None`
/// when the text is too short or the guess is unreliable.
#[must_use]
pub fn detect_language(text: &str) -> Option<&'static str> {
    let prefix = prefix_on_char_boundary(text, PREFIX_BYTES);
    let head = prefix_on_char_boundary(prefix, SETTLED_BYTES);
    let mut counts = ScriptCounts::of(head);
    if !counts.settled_arabic()
        && let Some(rest) = prefix.get(head.len()..)
    {
        counts.add(&ScriptCounts::of(rest));
    }
    let ScriptCounts {
        arabic_script,
        other_letters,
        arabic_ya_kaf,
        persian_ya_kaf,
        urdu_only,
        persian_only,
        sorani_only,
    } = counts;
    if arabic_script + other_letters < 3 {
        return None;
    }
    // 30%, not a majority: scraped Arabic pages carry inline CSS and scripts in Latin.
    if arabic_script * 10 >= (arabic_script + other_letters) * 3 {
        if urdu_only >= 2 && urdu_only * 100 >= arabic_script {
            return Some("urd");
        }
        if sorani_only >= 2 && sorani_only * 50 >= arabic_script {
            return Some("ckb");
        }
        if persian_ya_kaf > arabic_ya_kaf
            || (persian_only * 50 >= arabic_script && persian_ya_kaf * 2 > arabic_ya_kaf)
        {
            return Some("fas");
        }
        return Some("ara");
    }
    let info = whatlang::detect(prefix)?;
    (info.is_reliable() || info.confidence() >= 0.5).then(|| info.lang().code())
}

/// Letter counts of a prefix, by script and by the letters that tell Arabic, Persian and
/// Urdu apart.
#[derive(Debug)]
struct ScriptCounts {
    arabic_script: usize,
    other_letters: usize,
    arabic_ya_kaf: usize,
    persian_ya_kaf: usize,
    urdu_only: usize,
    persian_only: usize,
    sorani_only: usize,
}

/// What one character counts as, an index into [`ScriptCounts::by_class`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Class {
    Nothing = 0,
    OtherLetter,
    ArabicLetter,
    ArabicYaKaf,
    PersianYaKaf,
    UrduOnly,
    PersianOnly,
    SoraniOnly,
}

/// Bits per class in a packed count (see [`ScriptCounts::of`]).
const FIELD_BITS: u32 = 16;

// A prefix holds at most `PREFIX_BYTES / 2` two-byte characters: every field's count fits.
const _: () = assert!(PREFIX_BYTES / 2 < 1 << FIELD_BITS);

/// The packed count of one character of class `class`: a 1 in its field (none for
/// [`Class::Nothing`]).
const fn packed_one(class: Class) -> u128 {
    match class {
        Class::Nothing => 0,
        _ => 1 << (FIELD_BITS * (class as u32 - 1)),
    }
}

/// Packed counts of the characters U+0600..=U+06FF (the two-byte sequences with lead bytes
/// D8..=DB), worked out once with [`classify`] itself.
fn arabic_block_counts() -> &'static [u128; 256] {
    static TABLE: std::sync::OnceLock<[u128; 256]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        std::array::from_fn(|i| {
            packed_one(char::from_u32(0x0600 + i as u32).map_or(Class::Nothing, classify))
        })
    })
}

/// The class of one character.
fn classify(ch: char) -> Class {
    if crate::chars::is_arabic_letter(ch) {
        match ch {
            'ي' | 'ك' => Class::ArabicYaKaf,
            'ی' | 'ک' => Class::PersianYaKaf,
            'ٹ' | 'ڈ' | 'ڑ' | 'ں' | 'ے' | 'ۓ' => Class::UrduOnly,
            'پ' | 'چ' | 'ژ' | 'گ' => Class::PersianOnly,
            'ە' | 'ۆ' | 'ێ' | 'ڵ' | 'ڕ' => Class::SoraniOnly,
            _ => Class::ArabicLetter,
        }
    } else if ch.is_alphabetic() {
        Class::OtherLetter
    } else {
        Class::Nothing
    }
}

impl ScriptCounts {
    /// True when these counts (of the head) leave no doubt: at least [`SETTLED_LETTERS`]
    /// letters, nine in ten of them Arabic-script, and not one letter that only Persian,
    /// Urdu or Sorani writes (ی and ک included). The rest of the prefix would have to be
    /// nearly all Latin, or all Persian, to change such a vote; an article that opens
    /// with a clear kilobyte of Arabic is Arabic.
    fn settled_arabic(&self) -> bool {
        let letters = self.arabic_script + self.other_letters;
        letters >= SETTLED_LETTERS
            && self.arabic_script * 10 >= letters * 9
            && self.persian_ya_kaf + self.urdu_only + self.persian_only + self.sorani_only == 0
    }

    /// Adds the counts of the text that follows.
    fn add(&mut self, more: &Self) {
        self.arabic_script += more.arabic_script;
        self.other_letters += more.other_letters;
        self.arabic_ya_kaf += more.arabic_ya_kaf;
        self.persian_ya_kaf += more.persian_ya_kaf;
        self.urdu_only += more.urdu_only;
        self.persian_only += more.persian_only;
        self.sorani_only += more.sorani_only;
    }

    /// The counts over `prefix`.
    ///
    /// Bytes, not `chars()`: ASCII and the two-byte Arabic block (lead bytes D8..=DB,
    /// looked up in a table) are handled inline; anything else is decoded in full. The
    /// counts of the common characters stay in registers (the Arabic block's as one packed
    /// sum, a field per class): an array of counters in memory made every letter wait for
    /// the store of the one before.
    fn of(prefix: &str) -> Self {
        // The packed fields hold the counts of a prefix (see `FIELD_BITS`), no more.
        debug_assert!(prefix.len() <= PREFIX_BYTES);
        let arabic_block = arabic_block_counts();
        let mut by_class = [0usize; 8];
        let mut ascii_letters = 0usize;
        let mut packed = 0u128;
        let bytes = prefix.as_bytes();
        let mut at = 0usize;
        while let Some(&lead) = bytes.get(at) {
            if lead.is_ascii() {
                ascii_letters += usize::from(lead.is_ascii_alphabetic());
                at += 1;
            } else if let (0xD8..=0xDB, Some(&trail)) = (lead, bytes.get(at + 1)) {
                let index = (usize::from(lead & 0x03) << 6) | usize::from(trail & 0x3F);
                packed += arabic_block[index];
                at += 2;
            } else {
                let Some(ch) = prefix.get(at..).and_then(|rest| rest.chars().next()) else {
                    break;
                };
                by_class[classify(ch) as usize] += 1;
                at += ch.len_utf8();
            }
        }
        by_class[Class::OtherLetter as usize] += ascii_letters;
        for (class, count) in by_class.iter_mut().enumerate().skip(1) {
            let field = packed >> (FIELD_BITS * (class as u32 - 1));
            *count += (field as usize) & ((1 << FIELD_BITS) - 1);
        }
        Self::by_class(by_class)
    }

    /// The counts from per-[`Class`] counts.
    fn by_class(by_class: [usize; 8]) -> Self {
        let count = |class: Class| by_class[class as usize];
        Self {
            arabic_script: count(Class::ArabicLetter)
                + count(Class::ArabicYaKaf)
                + count(Class::PersianYaKaf)
                + count(Class::UrduOnly)
                + count(Class::PersianOnly)
                + count(Class::SoraniOnly),
            other_letters: count(Class::OtherLetter),
            arabic_ya_kaf: count(Class::ArabicYaKaf),
            persian_ya_kaf: count(Class::PersianYaKaf),
            urdu_only: count(Class::UrduOnly),
            persian_only: count(Class::PersianOnly),
            sorani_only: count(Class::SoraniOnly),
        }
    }
}

/// The longest prefix of `text` of at most `max` bytes that ends on a char boundary.
pub(crate) fn prefix_on_char_boundary(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or("")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn languages() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "أعلنت وزارة الخارجية الليبية اليوم عن اتفاق جديد مع الحكومة المصرية بشأن الحدود.",
                Some("ara"),
            ),
            // Arabic with a few Persian-keyboard letters stays Arabic.
            (
                "أعلنت وزارة الخارجیة اليوم عن اتفاق جديد مع الحكومة في المملكة بشأن التعاون الاقتصادي.",
                Some("ara"),
            ),
            (
                "وزیر امور خارجه ایران روز یکشنبه گفت که مذاکرات با کشورهای اروپایی ادامه خواهد یافت.",
                Some("fas"),
            ),
            (
                "پاکستان کے وزیر اعظم نے کہا ہے کہ حکومت عوام کے مسائل حل کرنے کے لیے پرعزم ہے۔",
                Some("urd"),
            ),
            (
                "سەرۆکی هەرێمی کوردستان ئەمڕۆ لە هەولێر ڕایگەیاند کە هەڵبژاردن بەڕێوە دەچێت.",
                Some("ckb"),
            ),
            (
                "The foreign minister said on Sunday that the talks would continue next week in Geneva.",
                Some("eng"),
            ),
            (
                "Le ministre des affaires étrangères a déclaré dimanche que les négociations continueraient.",
                Some("fra"),
            ),
            // An Arabic article with an embedded style sheet.
            (
                "ينقسم الصائمون من حيث الإفطار في شهر رمضان المبارك إلى نوعين .votearea{padding:0;margin:0 auto;box-shadow:none}",
                Some("ara"),
            ),
            ("", None),
            ("12 34", None),
        ];
        for (text, want) in cases {
            assert_eq!(detect_language(text), *want, "{text}");
        }
    }

    /// The counts by `chars()`, as they were taken before the byte walk.
    fn counts_by_chars(prefix: &str) -> [usize; 7] {
        let mut c = [0usize; 7];
        for ch in prefix.chars() {
            if ch.is_ascii() {
                c[1] += usize::from(ch.is_ascii_alphabetic());
            } else if crate::chars::is_arabic_letter(ch) {
                c[0] += 1;
                match ch {
                    'ي' | 'ك' => c[2] += 1,
                    'ی' | 'ک' => c[3] += 1,
                    'ٹ' | 'ڈ' | 'ڑ' | 'ں' | 'ے' | 'ۓ' => c[4] += 1,
                    'پ' | 'چ' | 'ژ' | 'گ' => c[5] += 1,
                    'ە' | 'ۆ' | 'ێ' | 'ڵ' | 'ڕ' => c[6] += 1,
                    _ => {}
                }
            } else if ch.is_alphabetic() {
                c[1] += 1;
            }
        }
        c
    }

    proptest::proptest! {
        #[test]
        fn the_byte_walk_counts_as_chars_do(text in "[a-zA-Z0-9 .ءاأبتثيكیکٹڈںےپگەۆێڵڕ\u{064B}\u{0660}-\u{0669}\u{06F0}\u{0600}-\u{06FF}\u{0700}\u{07FF}\u{0800}éßΩ\u{FB50}\u{FEFC}😀]{0,300}") {
            let c = ScriptCounts::of(&text);
            proptest::prop_assert_eq!(
                [c.arabic_script, c.other_letters, c.arabic_ya_kaf, c.persian_ya_kaf, c.urdu_only, c.persian_only, c.sorani_only],
                counts_by_chars(&text)
            );
        }
    }

    #[test]
    fn a_clear_arabic_head_decides_alone() {
        let arabic = "أعلنت وزارة الخارجية اليوم عن اتفاق جديد مع الحكومة بشأن الحدود. ".repeat(20);
        let persian =
            "وزیر امور خارجه ایران روز یکشنبه گفت که مذاکرات ادامه خواهد یافت. ".repeat(40);
        let head = prefix_on_char_boundary(&arabic, SETTLED_BYTES);
        assert!(ScriptCounts::of(head).settled_arabic());
        assert_eq!(detect_language(&format!("{arabic}{persian}")), Some("ara"));
        // A head with one Persian-only letter is not clear: the whole prefix votes.
        let mixed = format!("گ {}", &arabic);
        let head = prefix_on_char_boundary(&mixed, SETTLED_BYTES);
        assert!(!ScriptCounts::of(head).settled_arabic());
        assert_eq!(detect_language(&format!("گ {persian}")), Some("fas"));
        // Too few letters in the head: the rest of the prefix counts too.
        let short = format!("{} {}", "١٢٣٤٥ ".repeat(200), &persian);
        assert_eq!(detect_language(&short), Some("fas"));
    }

    #[test]
    fn prefix_respects_char_boundaries() {
        let text = "ب".repeat(3000);
        let p = prefix_on_char_boundary(&text, 4097);
        assert_eq!(p.len(), 4096);
        assert_eq!(detect_language(&text), Some("ara"));
    }
}
