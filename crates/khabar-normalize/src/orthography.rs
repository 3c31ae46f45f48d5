//! Which spelling conventions a document follows, decided from its language code.
//!
//! The same code points mean different things in Arabic and in Persian or Urdu: ی is the
//! normal Persian yeh but a keyboard accident in an Arabic article, and ZWNJ is part of
//! Persian spelling (می‌خواهم) but noise in Arabic. So layer 1 needs to know which
//! orthography it is cleaning.

/// The spelling conventions that decide the language-dependent rows of layer 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Orthography {
    /// Arabic (the default): Persian/Urdu keyboard letters become Arabic ones, ZWNJ vanishes.
    Arabic,
    /// Persian (`fas`, `per`, `pes`, `prs`): keyboard letters and ZWNJ are kept.
    Persian,
    /// Urdu (`urd`) and the other Perso-Arabic-script languages (Pashto, Sindhi, Sorani
    /// Kurdish, Uyghur, Balochi, Punjabi Shahmukhi, Kashmiri): letters are kept, ZWNJ vanishes.
    Urdu,
}

impl Orthography {
    /// The orthography of an ISO 639-3 (or 639-1) code; `None` and unknown codes mean Arabic.
    #[must_use]
    pub fn from_lang(lang: Option<&str>) -> Self {
        let Some(code) = lang else {
            return Self::Arabic;
        };
        let code = code.trim().to_ascii_lowercase();
        match code.as_str() {
            "fas" | "per" | "pes" | "prs" | "fa" => Self::Persian,
            "urd" | "ur" | "pus" | "pbu" | "pbt" | "ps" | "snd" | "sd" | "ckb" | "uig" | "ug"
            | "bal" | "pnb" | "skr" | "kas" | "ks" => Self::Urdu,
            _ => Self::Arabic,
        }
    }

    /// True when ZWNJ (U+200C) is part of the spelling and must be kept.
    #[must_use]
    pub fn keeps_zwnj(self) -> bool {
        self == Self::Persian
    }

    /// True when Persian and Urdu letters (ک ی ۀ ہ ھ ے) are part of the spelling.
    #[must_use]
    pub fn keeps_keyboard_letters(self) -> bool {
        self != Self::Arabic
    }
}

/// Whether cleaning `text` may depend on its language. `false` guarantees that
/// [`crate::clean`] gives the same text for every language hint, so a caller can skip
/// detecting the language. Only these can differ between orthographies, or turn into
/// something that does:
/// - ZWNJ (U+200C);
/// - U+0680..U+06FF (lead bytes DA, DB): the Persian and Urdu letters, and the bases that
///   compose with hamza above into them (ۀ from ە);
/// - the presentation forms and everything else from U+F000 (lead byte EF), which expand to
///   letters;
/// - `&`, since an entity can spell any of them.
#[must_use]
pub fn may_depend_on_language(text: &str) -> bool {
    text.bytes().any(|b| matches!(b, b'&' | 0xDA | 0xDB | 0xEF)) || text.contains('\u{200C}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_outside_the_set_clean_alike_in_every_language() {
        let mut outside = 0;
        for c in (0..=0x2_FFFF_u32).filter_map(char::from_u32) {
            let text = c.to_string();
            if may_depend_on_language(&text) {
                continue;
            }
            outside += 1;
            let arabic = crate::clean(&text, None).text;
            for lang in ["fas", "urd"] {
                assert_eq!(
                    crate::clean(&text, Some(lang)).text,
                    arabic,
                    "U+{:04X} {lang}",
                    c as u32
                );
            }
        }
        assert!(outside > 190_000, "{outside}");
        assert!(!may_depend_on_language(
            "قال وزير الخارجية «إن الاتفاق» ١٢٣ – yes"
        ));
        for text in ["ی", "ک", "\u{200C}", "ﻷ", "&#x6CC;"] {
            assert!(may_depend_on_language(text), "{text}");
        }
    }

    #[test]
    fn codes_map_to_orthographies() {
        let cases = [
            (None, Orthography::Arabic),
            (Some("ara"), Orthography::Arabic),
            (Some("eng"), Orthography::Arabic),
            (Some("fas"), Orthography::Persian),
            (Some("per"), Orthography::Persian),
            (Some("PES"), Orthography::Persian),
            (Some("urd"), Orthography::Urdu),
            (Some("pus"), Orthography::Urdu),
        ];
        for (lang, want) in cases {
            assert_eq!(Orthography::from_lang(lang), want, "{lang:?}");
        }
    }
}
