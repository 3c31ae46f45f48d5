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

#[cfg(test)]
mod tests {
    use super::*;

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
