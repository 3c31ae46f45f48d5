//! The HTML character references layer 1 decodes: named ones scraped news actually uses,
//! and every numeric one (`&#1605;`, `&#x631;`).

/// Named references, sorted by name (byte order) for binary search. Names are
/// case-sensitive, as in HTML; the few upper-case legacy names HTML5 accepts are included.
const NAMED: &[(&str, char)] = &[
    ("AElig", 'Æ'),
    ("AMP", '&'),
    ("Agrave", 'À'),
    ("COPY", '©'),
    ("Eacute", 'É'),
    ("GT", '>'),
    ("LT", '<'),
    ("QUOT", '"'),
    ("REG", '®'),
    ("aacute", 'á'),
    ("acirc", 'â'),
    ("acute", '´'),
    ("aelig", 'æ'),
    ("agrave", 'à'),
    ("amp", '&'),
    ("apos", '\''),
    ("auml", 'ä'),
    ("bdquo", '„'),
    ("bull", '•'),
    ("ccedil", 'ç'),
    ("cent", '¢'),
    ("copy", '©'),
    ("dagger", '†'),
    ("deg", '°'),
    ("divide", '÷'),
    ("eacute", 'é'),
    ("ecirc", 'ê'),
    ("egrave", 'è'),
    ("emsp", '\u{2003}'),
    ("ensp", '\u{2002}'),
    ("euml", 'ë'),
    ("euro", '€'),
    ("frac12", '½'),
    ("frac14", '¼'),
    ("frac34", '¾'),
    ("gt", '>'),
    ("hellip", '…'),
    ("iacute", 'í'),
    ("icirc", 'î'),
    ("iexcl", '¡'),
    ("iquest", '¿'),
    ("iuml", 'ï'),
    ("laquo", '«'),
    ("ldquo", '“'),
    ("lrm", '\u{200E}'),
    ("lsaquo", '‹'),
    ("lsquo", '‘'),
    ("lt", '<'),
    ("mdash", '—'),
    ("micro", 'µ'),
    ("middot", '·'),
    ("minus", '−'),
    ("nbsp", '\u{00A0}'),
    ("ndash", '–'),
    ("ntilde", 'ñ'),
    ("oacute", 'ó'),
    ("ocirc", 'ô'),
    ("ouml", 'ö'),
    ("para", '¶'),
    ("permil", '‰'),
    ("plusmn", '±'),
    ("pound", '£'),
    ("prime", '′'),
    ("quot", '"'),
    ("raquo", '»'),
    ("rdquo", '”'),
    ("reg", '®'),
    ("rlm", '\u{200F}'),
    ("rsaquo", '›'),
    ("rsquo", '’'),
    ("sbquo", '‚'),
    ("sect", '§'),
    ("shy", '\u{00AD}'),
    ("sup1", '¹'),
    ("sup2", '²'),
    ("sup3", '³'),
    ("szlig", 'ß'),
    ("thinsp", '\u{2009}'),
    ("times", '×'),
    ("trade", '™'),
    ("uacute", 'ú'),
    ("uuml", 'ü'),
    ("yen", '¥'),
    ("zwj", '\u{200D}'),
    ("zwnj", '\u{200C}'),
];

/// Longest reference body (between `&` and `;`) worth looking at.
pub(crate) const MAX_BODY: usize = 10;

/// HTML5 reads numeric references 0x80–0x9F as Windows-1252 (`&#150;` is an en dash).
const WINDOWS_1252: [u32; 32] = [
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
];

/// Decodes the body of a reference (`amp`, `#1605`, `#x631`); `None` leaves it as text.
///
/// Numeric references to NUL, surrogates or beyond U+10FFFF are not decoded.
pub(crate) fn decode(body: &[char]) -> Option<char> {
    if body.is_empty() || body.len() > MAX_BODY {
        return None;
    }
    if body.first() == Some(&'#') {
        let digits = body.get(1..)?;
        let (digits, radix) = match digits.first() {
            Some('x' | 'X') => (digits.get(1..)?, 16),
            _ => (digits, 10),
        };
        if digits.is_empty() || digits.len() > 8 {
            return None;
        }
        let mut value: u32 = 0;
        for &d in digits {
            value = value.checked_mul(radix)?.checked_add(d.to_digit(radix)?)?;
        }
        let value = match value {
            0x80..=0x9F => WINDOWS_1252.get((value - 0x80) as usize).copied()?,
            _ => value,
        };
        if value == 0 {
            return None;
        }
        return char::from_u32(value);
    }
    if !body.iter().all(char::is_ascii_alphanumeric) {
        return None;
    }
    let name: String = body.iter().collect();
    NAMED
        .binary_search_by(|&(n, _)| n.cmp(name.as_str()))
        .ok()
        .and_then(|i| NAMED.get(i))
        .map(|&(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_for_binary_search() {
        assert!(NAMED.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(NAMED.iter().all(|(n, _)| n.len() <= MAX_BODY));
    }

    #[test]
    fn bodies_decode() {
        let cases: [(&str, Option<char>); 11] = [
            ("amp", Some('&')),
            ("quot", Some('"')),
            ("#1605", Some('م')),
            ("#x631", Some('ر')),
            ("#X631", Some('ر')),
            ("#150", Some('–')),
            ("#0", None),
            ("#xD800", None),
            ("Amp", None),
            ("AMP", Some('&')),
            ("nosuch", None),
        ];
        for (body, want) in cases {
            let chars: Vec<char> = body.chars().collect();
            assert_eq!(decode(&chars), want, "{body}");
        }
    }
}
