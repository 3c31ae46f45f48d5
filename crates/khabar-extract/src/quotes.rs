//! Quotations and their speakers.
//!
//! Decisions:
//! - Pairs: “…”, «…», "…", and the reversed ”…“ that right-to-left editors produce (a ”
//!   or " glued after a word and before a space or punctuation only closes). A
//!   quote never crosses a line break. Inside a quote other marks are ignored: the outer
//!   quote wins and inner quotes are not emitted separately.
//! - A quote of at most three words is a quoted name (وكالة “نوفا”), not speech, unless a
//!   colon introduces it or a speech verb follows it behind a comma and nothing else
//!   («لا تعليق»، قال; not «سبق» تقول nor «كيلو البامية» 40 جنيها، قالت); quoted names are skipped. Longer quotes without a verb are kept with
//!   no speaker.
//! - The verb is searched after the closing mark first (`«…»، أكد الدبيبة`), then before
//!   the opening mark in the same sentence (`قال نورلاند “…”`); a colon before the quote
//!   (`قال نورلاند: “…”`) reverses the order.
//! - The speaker is the nearest PER candidate after the verb (an ORG when no PER is there;
//!   never one behind ل, the outlet spoken to: لوكالة الأنباء, لـ«الشرق الأوسط», except
//!   after وفقا; for one behind باسم, the name after it: المتحدث باسم البنتاغون جيف ديفيس)
//!   within six tokens or an unbroken title phrase (before the quote when the verb comes
//!   first), else the nearest one before the verb in the sentence, else the
//!   words after the verb up to a stop word, a participle (معلقا) or a mark, at most six
//!   (a title and a name: وزير الخارجية السعودي عادل الجبير), past object words before the subject
//!   (أوضح ذلك المتحدث, قال عنه عمر). A verb with no subject (`وأضاف: «…»`) inherits the previous
//!   quote's speaker.
//! - يذكر أن ("it is worth noting that") is the writer's formula, not a speech verb.
//! - A short quote after إن/أن (`قال إن "الاقتصاد قوي"`) is speech; one glued to a letter
//!   (`لـ«الشرق الأوسط»`) is a name even with a verb after it. Weak speech words (كشف, علق,
//!   أكده, and the attributions وفقا/بحسب) attribute longer quotes but never make a short
//!   one speech.
//! - A participle (مضيفا, قائلا) before a quote defers to a finite speech verb earlier in
//!   its sentence (`وقال الوزير …، مضيفا أن "…"`); alone it inherits the previous speaker.
//! - After the quote, English puts the speaker before the verb (`"…," the spokesperson
//!   told reporters`): those words come first; `according to X` reads X. Before the quote
//!   an English verb has its subject before it (`The minister told Reuters: "…"`).

use crate::Analysis;
use crate::fold::fold_str;
use khabar_core::{EntityKind, Quote, Token};

/// Finds quotes and attributes them. Build once; `Send + Sync`.
#[derive(Debug, Clone, Default)]
pub struct QuoteExtractor {
    _private: (),
}

/// Speech verbs, folded, without proclitics.
const VERBS: &[&str] = &[
    "قال",
    "قالت",
    "يقول",
    "تقول",
    "قالوا",
    "يقولون",
    "اكد",
    "اكدت",
    "يؤكد",
    "تؤكد",
    "اكدوا",
    "اضاف",
    "اضافت",
    "يضيف",
    "تضيف",
    "اوضح",
    "اوضحت",
    "يوضح",
    "توضح",
    "صرح",
    "صرحت",
    "يصرح",
    "تصرح",
    "اعلن",
    "اعلنت",
    "يعلن",
    "تعلن",
    "اشار",
    "اشارت",
    "يشير",
    "تشير",
    "كتب",
    "كتبت",
    "يكتب",
    "تكتب",
    "ذكر",
    "ذكرت",
    "يذكر",
    "تذكر",
    "نقل",
    "نقلت",
    "افاد",
    "افادت",
    "يفيد",
    "تفيد",
    // Not بين: without its shadda it is mostly "between" (وبين الطرفين), and news text
    // rarely writes the shadda.
    "بينت",
    "شدد",
    "شددت",
    "يشدد",
    "تشدد",
    "لفت",
    "لفتت",
    "تابع",
    "تابعت",
    "اعتبر",
    "اعتبرت",
    "يعتبر",
    "تعتبر",
    "راي",
    "رات",
    "يري",
    "تري",
    "تساءل",
    "تساءلت",
    "اجاب",
    "اجابت",
    "حذر",
    "حذرت",
    "دعا",
    "دعت",
    "طالب",
    "طالبت",
    "ختم",
    "ختمت",
    "استطرد",
    "said",
    "says",
    "told",
    "added",
    "stated",
    "wrote",
    "asked",
    "declared",
    "according",
];

/// Speech verbs that attribute a quote but do not make a short quote speech: after a
/// short quote they more often follow a name («سامسونج»، بحسب …; «الثقافة الشعبية» كشفت).
const WEAK_VERBS: &[&str] = &[
    "اردف",
    "اردفت",
    "استدرك",
    "استدركت",
    "كشف",
    "كشفت",
    "علق",
    "علقت",
    "نوه",
    "نوهت",
    // With an object pronoun, as in «…»، هذا ما أكده الوزير.
    "اكده",
    "اكدته",
    "اكدها",
    "قاله",
    "قالته",
    "قالها",
    "ذكره",
    "ذكرته",
    "ذكرها",
    "اعلنه",
    "اوضحه",
    // Attribution without a verb: «…»، وفقا لبيان البنك المركزي / بحسب المتحدث.
    "وفقا",
    "وفق",
    "بحسب",
    "حسب",
];

/// Speech participles (وقال الوزير …، مضيفا أن «…»): they continue a speaker named before
/// them, so they count as a verb only before a quote and only when no finite speech verb
/// precedes them in the sentence.
const PARTICIPLES: &[&str] = &[
    "مضيفا",
    "مضيفه",
    "مؤكدا",
    "مؤكده",
    "مشيرا",
    "مشيره",
    "موضحا",
    "موضحه",
    "قائلا",
    "قائله",
    "معتبرا",
    "معتبره",
    "لافتا",
    "لافته",
    "مشددا",
    "مشدده",
    "معلقا",
    "معلقه",
    "مبينا",
    "مبينه",
    "مخاطبا",
    "مخاطبه",
    "متسائلا",
    "متسائله",
    "مستدركا",
    "مستدركه",
    "منوها",
    "منوهه",
];

/// Folded words that may sit between a verb and its subject without ending the speaker
/// phrase: object pronouns and the demonstrative of `أوضح ذلك المتحدث`, `قال عنه عمر`.
const LEADING_OBJECTS: &[&str] = &[
    "ذلك", "هذا", "له", "لها", "لهم", "عنه", "عنها", "عنهم", "لنا",
];

/// Folded words that end a heuristic speaker phrase.
const STOPS: &[&str] = &[
    "قوله",
    "قولها",
    "قولهم",
    "بانه",
    "بانها",
    "بانهم",
    "انذاك",
    "عنه",
    "عنها",
    "لكن",
    "ولكن",
    "بقوله",
    "بقولها",
    "لكنه",
    "لكنها",
    "قائلا",
    "قائله",
    "مضيفا",
    "موضحا",
    "مشيرا",
    "ايضا",
    "فيها",
    "فيه",
    "له",
    "لها",
    "لهم",
    "بدوره",
    "بدورها",
    "اليوم",
    "امس",
    "حينها",
    "كذلك",
    "then",
    "also",
    "في",
    "ان",
    "انه",
    "انها",
    "انهم",
    "بان",
    "خلال",
    "عن",
    "على",
    "علي",
    "امام",
    "عبر",
    "من",
    "الي",
    "يوم",
    "اليوم",
    "امس",
    "مساء",
    "صباح",
    "بعد",
    "قبل",
    "عقب",
    "اثناء",
    "حيث",
    "الذي",
    "التي",
    "لدي",
    "مع",
    "اذ",
    "ردا",
    "معربا",
    "مشيرا",
    "مؤكدا",
    "ان",
    "ما",
    "وهو",
    "وهي",
    "فان",
    "رايه",
    "رايها",
    "that",
    "in",
    "on",
    "to",
    "at",
    "during",
    "after",
    "before",
    "said",
    "told",
    "on",
];

/// Pairs of (opener, closer).
const PAIRS: [(char, char); 4] = [('“', '”'), ('«', '»'), ('"', '"'), ('”', '“')];

/// Quotes longer than this are unbalanced marks, not quotes.
const MAX_QUOTE_CHARS: usize = 3000;

impl QuoteExtractor {
    /// A quote extractor.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Quotes of `text` in order. `entities` are speaker candidates as code-point spans
    /// with their kind (the NER output); PER and ORG are used.
    #[must_use]
    pub fn extract(
        &self,
        text: &str,
        analysis: &Analysis,
        entities: &[(u32, u32, EntityKind)],
    ) -> Vec<Quote> {
        let mut out: Vec<Quote> = Vec::new();
        let mut last_speaker: Option<(String, (u32, u32))> = None;
        for (open_cp, start_b, end_b, close_cp) in quote_spans(text) {
            let Some(inner) = text.get(start_b..end_b) else {
                continue;
            };
            let lead = inner.len() - inner.trim_start().len();
            let trimmed = inner.trim();
            if trimmed.is_empty() {
                continue;
            }
            let start = open_cp + 1 + inner[..lead].chars().count() as u32;
            let end = start + trimmed.chars().count() as u32;
            let words = trimmed.split_whitespace().count();
            let tokens = &analysis.tokens;
            let first_after = tokens.partition_point(|t| t.start <= close_cp);
            let first_inside = tokens.partition_point(|t| t.start < open_cp);
            let sentence = analysis
                .sentences
                .partition_point(|s| s.end <= start)
                .min(analysis.sentences.len().saturating_sub(1)) as u32;
            // A colon before the quote means the verb came first (قال X: «…»).
            let colon = colon_before(text, start_b);
            let after_verb = || verb_after(text, tokens, first_after).map(|v| (v, true));
            let before_verb = || verb_before(text, tokens, first_inside).map(|v| (v, false));
            let verb = if colon {
                before_verb().or_else(after_verb)
            } else {
                after_verb().or_else(before_verb)
            };
            let Some((verb_idx, after)) = verb else {
                if words > 3 {
                    out.push(quote(start, end, trimmed, None, None, sentence));
                }
                continue;
            };
            // A short quote is speech only when introduced as speech (a colon or إن/أن
            // before it, or the verb right after it); otherwise it is a quoted name
            // (وكالة “نوفا”). A quote glued to a letter (لـ«الشرق الأوسط») is always a name.
            let verb_tok = tokens[verb_idx];
            // An Arabic verb makes a short quote speech only behind a comma and nothing
            // else («لا تعليق»، قال): with no mark the name is its subject («سبق» تقول),
            // and with words between it belongs to another clause («كيلو البامية» 40
            // جنيها، قالت). English puts the subject first (`"No," she said`).
            let strong_after = after
                && speech_word(text, &verb_tok) == Some(Speech::Verb)
                && (verb_tok.text(text).is_ascii()
                    || (verb_idx > first_after
                        && tokens[first_after..verb_idx]
                            .iter()
                            .all(|t| !t.text(text).starts_with(char::is_alphanumeric))));
            if words <= 3
                && (glued_to_word(text, start_b)
                    || (!strong_after && !colon && !an_before(text, tokens, first_inside)))
            {
                continue;
            }
            let quote_edge = if after { u32::MAX } else { open_cp };
            // وفقا لوزارة الصحة: after وفق the ل names the source itself.
            let outlets_speak = {
                let v = fold_str(verb_tok.text(text));
                v.ends_with("وفقا") || v.ends_with("وفق")
            };
            // نقلت الوكالة عن مصدر مسؤول قوله: the speaker is the one after عن.
            let speaker_from = if after {
                verb_idx
            } else {
                reported_source(text, tokens, verb_idx, first_inside).unwrap_or(verb_idx)
            };
            // The minister told Reuters: "…": an English verb before the quote has its
            // subject before it, and what follows it is the listener.
            let english_before = !after && verb_tok.text(text).is_ascii();
            let subject = if english_before {
                entity_before(entities, verb_tok.start, tokens, verb_idx)
                    .or_else(|| phrase_before(text, tokens, verb_idx))
            } else {
                None
            };
            let speaker = subject
                .or_else(|| {
                    let phrase = phrase_after(text, tokens, speaker_from, open_cp, TITLE_REACH);
                    let reach = phrase.map_or(0, |s| s.1);
                    entity_after(
                        text,
                        entities,
                        outlets_speak,
                        tokens[speaker_from].end,
                        (quote_edge, reach),
                        tokens,
                        speaker_from,
                    )
                    .map(|found| name_after_affiliation(text, tokens, found, phrase))
                })
                .or_else(|| {
                    (speaker_from != verb_idx)
                        .then(|| phrase_after(text, tokens, speaker_from, open_cp, PHRASE_WORDS))
                        .flatten()
                })
                .or_else(|| {
                    entity_after(
                        text,
                        entities,
                        outlets_speak,
                        verb_tok.end,
                        (quote_edge, 0),
                        tokens,
                        verb_idx,
                    )
                })
                .or_else(|| entity_before(entities, verb_tok.start, tokens, verb_idx))
                // "…," the spokesperson told reporters: in English the words before the verb
                // name the speaker and the listeners follow it. Arabic puts the subject after
                // the verb, and the words before it are conjunctions (كما، وفي المقابل).
                .or_else(|| {
                    if after && verb_tok.text(text).is_ascii() {
                        phrase_between(text, tokens, first_after, verb_idx)
                    } else {
                        None
                    }
                })
                .or_else(|| phrase_after(text, tokens, verb_idx, open_cp, PHRASE_WORDS))
                .or_else(|| {
                    if after {
                        phrase_between(text, tokens, first_after, verb_idx)
                    } else {
                        None
                    }
                })
                .map(|span| (span_text(text, tokens, span), span))
                .or_else(|| last_speaker.clone());
            if let Some(sp) = &speaker {
                last_speaker = Some(sp.clone());
            }
            out.push(quote(
                start,
                end,
                trimmed,
                speaker,
                Some(verb_tok.text(text).to_owned()),
                sentence,
            ));
        }
        out
    }
}

fn quote(
    start: u32,
    end: u32,
    inner: &str,
    speaker: Option<(String, (u32, u32))>,
    verb: Option<String>,
    sentence: u32,
) -> Quote {
    let (speaker, speaker_span) = speaker.map_or((None, None), |(s, span)| (Some(s), Some(span)));
    Quote {
        start,
        end,
        raw_start: 0,
        raw_end: 0,
        text: inner.to_owned(),
        speaker,
        speaker_span,
        speaker_entity_id: None,
        verb,
        sentence,
    }
}

/// (opener cp, inner byte start, inner byte end, closer cp) of every outermost quote.
///
/// memchr jumps between candidate bytes (`"`, and the lead bytes of «» and “”); code
/// points are counted only over the skipped stretches.
fn quote_spans(text: &str) -> Vec<(u32, usize, usize, u32)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut open: Option<(char, u32, usize)> = None;
    let mut counted_to = 0usize;
    let mut cp = 0u32;
    for at in memchr::memchr3_iter(b'"', 0xC2, 0xE2, bytes) {
        let Some(ch) = text.get(at..).and_then(|r| r.chars().next()) else {
            continue;
        };
        if !matches!(ch, '"' | '«' | '»' | '“' | '”') {
            continue;
        }
        cp += count_chars(bytes.get(counted_to..at).unwrap_or(&[]));
        counted_to = at;
        if let Some((closer, ocp, ob)) = open {
            let inside = bytes.get(ob..at).unwrap_or(&[]);
            if memchr::memchr2(b'\n', b'\r', inside).is_some()
                || (cp - ocp) as usize > MAX_QUOTE_CHARS
            {
                // The quote never closed on its line: this mark may open a new one.
                open = None;
            } else if ch == closer {
                out.push((ocp, ob, at, cp));
                open = None;
                continue;
            } else {
                continue;
            }
        }
        if matches!(ch, '"' | '”') && closes_a_word(text, at, ch) {
            // هذا الموضوع". وعن …: a straight mark (or a ” that may open a reversed pair)
            // right after a word and before a space or punctuation ends a quote; opening
            // there pairs every later mark the wrong way.
            continue;
        }
        if let Some(&(_, closer)) = PAIRS.iter().find(|(o, _)| *o == ch) {
            open = Some((closer, cp, at + ch.len_utf8()));
        }
    }
    out
}

/// Whether the mark `mark` at byte `at` follows a word (a letter, digit or mark) and
/// precedes white space, punctuation or the end of the text: the shape of a closing mark.
fn closes_a_word(text: &str, at: usize, mark: char) -> bool {
    let before = text.get(..at).and_then(|b| b.chars().next_back());
    let after = text
        .get(at + mark.len_utf8()..)
        .and_then(|a| a.chars().next());
    before.is_some_and(char::is_alphanumeric)
        && after.is_none_or(|c| {
            c.is_whitespace()
                || matches!(c, '.' | '،' | ',' | '؛' | ';' | ')' | ':' | '؟' | '?' | '!')
        })
}

/// Code points in a UTF-8 byte slice: the bytes that are not continuation bytes.
fn count_chars(bytes: &[u8]) -> u32 {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count() as u32
}

/// Whether the opening mark before byte `inner_start` follows a letter or tatweel with no
/// space (لـ«الشرق الأوسط», بـ"إكس").
fn glued_to_word(text: &str, inner_start: usize) -> bool {
    let before = text.get(..inner_start).unwrap_or("");
    let mut chars = before.chars().rev();
    chars.next();
    chars
        .next()
        .is_some_and(|c| c == 'ـ' || (c.is_alphabetic() && !c.is_ascii()))
}

/// Whether the token before the quote's opening is إن/أن/بأن (قال إن "…").
fn an_before(text: &str, tokens: &[Token], first_inside: usize) -> bool {
    first_inside
        .checked_sub(1)
        .and_then(|i| tokens.get(i))
        .is_some_and(|t| matches!(fold_str(t.text(text)).as_str(), "ان" | "بان"))
}

/// Whether a colon precedes the opening mark whose inner text starts at byte `inner_start`.
fn colon_before(text: &str, inner_start: usize) -> bool {
    let before = text.get(..inner_start).unwrap_or("");
    let mut chars = before.chars().rev();
    chars.next();
    chars.find(|c| !c.is_whitespace()).is_some_and(|c| c == ':')
}

/// For a reporting verb (نقل), the index of the `عن` that names the source, before the
/// quote and at most seven tokens after the verb.
fn reported_source(
    text: &str,
    tokens: &[Token],
    verb_idx: usize,
    first_inside: usize,
) -> Option<usize> {
    let verb = fold_str(tokens.get(verb_idx)?.text(text));
    let bare = verb.strip_prefix(['و', 'ف']).unwrap_or(&verb);
    if !matches!(bare, "نقل" | "نقلت" | "ينقل" | "تنقل") {
        return None;
    }
    (verb_idx + 1..first_inside.min(verb_idx + 8))
        .find(|&i| tokens.get(i).is_some_and(|t| t.text(text) == "عن"))
}

/// What kind of speech word a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Speech {
    /// قال، أكد, said: attributes any quote.
    Verb,
    /// كشف، وفقا: attributes a quote, but does not make a short one speech.
    Weak,
    /// مضيفا: continues a speaker named before it.
    Participle,
}

/// The speech kind of a token, with an optional و/ف proclitic.
fn speech_word(text: &str, token: &Token) -> Option<Speech> {
    speech_kind(&fold_str(token.text(text)))
}

/// The speech kind of a folded word, with an optional و/ف proclitic.
fn speech_kind(folded: &str) -> Option<Speech> {
    let bare = folded
        .strip_prefix(['و', 'ف'])
        .filter(|r| r.chars().count() >= 3)
        .unwrap_or(folded);
    let (word_lists, bare_lists) = (speech_lists(folded), speech_lists(bare));
    if (word_lists | bare_lists) & IN_VERBS != 0 {
        Some(Speech::Verb)
    } else if (word_lists | bare_lists) & IN_WEAK_VERBS != 0 {
        Some(Speech::Weak)
    } else if bare_lists & IN_PARTICIPLES != 0 {
        Some(Speech::Participle)
    } else {
        None
    }
}

/// Bits of [`speech_lists`]: the word is in [`VERBS`], [`WEAK_VERBS`], [`PARTICIPLES`].
const IN_VERBS: u8 = 1;
const IN_WEAK_VERBS: u8 = 2;
const IN_PARTICIPLES: u8 = 4;

/// Which speech-word lists hold `word`, as bits: one hashed lookup instead of scans of
/// the three lists (this runs for every token near a quote).
fn speech_lists(word: &str) -> u8 {
    type Map = std::collections::HashMap<
        &'static str,
        u8,
        std::hash::BuildHasherDefault<khabar_core::StableHasher>,
    >;
    static LISTS: std::sync::LazyLock<Map> = std::sync::LazyLock::new(|| {
        let mut map = Map::default();
        for (list, bit) in [
            (VERBS, IN_VERBS),
            (WEAK_VERBS, IN_WEAK_VERBS),
            (PARTICIPLES, IN_PARTICIPLES),
        ] {
            for word in list {
                *map.entry(word).or_insert(0) |= bit;
            }
        }
        map
    });
    LISTS.get(word).copied().unwrap_or(0)
}

/// A token is a speech verb (weak ones included), with an optional و/ف proclitic.
fn is_verb(text: &str, token: &Token) -> bool {
    matches!(speech_word(text, token), Some(Speech::Verb | Speech::Weak))
}

/// A speech verb within the three tokens after the quote, in its sentence. A quote that
/// ends its sentence and is followed by a word (“….” وتعلن الإدارة) takes no verb from the
/// next sentence; one followed by punctuation («…؟»، تساءل) goes on in the sentence of
/// that mark.
fn verb_after(text: &str, tokens: &[Token], first: usize) -> Option<usize> {
    let next = tokens.get(first)?;
    let sentence = if next.text(text).starts_with(char::is_alphanumeric) {
        tokens.get(first.checked_sub(1)?)?.sentence
    } else {
        next.sentence
    };
    (first..tokens.len().min(first + 4)).find(|&i| {
        tokens[i].sentence == sentence
            && is_verb(text, &tokens[i])
            && !worth_noting(text, tokens, i)
    })
}

/// Whether the token at `i` starts يذكر أن ("it is worth noting that"): a passive formula
/// of the writer's, not a speaker's verb.
fn worth_noting(text: &str, tokens: &[Token], i: usize) -> bool {
    let word = fold_str(tokens[i].text(text));
    matches!(word.as_str(), "يذكر" | "ويذكر" | "فيذكر")
        && tokens
            .get(i + 1)
            .is_some_and(|t| fold_str(t.text(text)) == "ان")
}

/// The nearest speech verb before the quote in its sentence, at most 15 tokens back; a
/// participle only when no verb precedes it there.
fn verb_before(text: &str, tokens: &[Token], first_inside: usize) -> Option<usize> {
    let sentence = tokens.get(first_inside)?.sentence;
    let mut participle = None;
    for i in (first_inside.saturating_sub(15)..first_inside).rev() {
        if tokens[i].sentence != sentence {
            break;
        }
        match speech_word(text, &tokens[i]) {
            Some(Speech::Verb | Speech::Weak) if !worth_noting(text, tokens, i) => return Some(i),
            Some(Speech::Participle) => {
                participle = participle.or(Some(i));
            }
            Some(Speech::Verb | Speech::Weak) | None => {}
        }
    }
    participle
}

fn is_speaker_kind(kind: EntityKind) -> bool {
    matches!(kind, EntityKind::Per | EntityKind::Org)
}

/// The first PER (else ORG) starting after the verb, before `edge`, within six tokens; a
/// PER also within the unbroken phrase after the verb that ends at `reach` (a long title
/// before the name: an ORG that deep is the speaker's affiliation).
fn entity_after(
    text: &str,
    entities: &[(u32, u32, EntityKind)],
    outlets_speak: bool,
    verb_end: u32,
    (edge, reach): (u32, u32),
    tokens: &[Token],
    verb_idx: usize,
) -> Option<(u32, u32)> {
    let near = tokens.get(verb_idx + 7).map_or(u32::MAX, |t| t.start);
    let limit = |k: EntityKind| {
        if k == EntityKind::Per {
            near.max(reach).min(edge)
        } else {
            near.min(edge)
        }
    };
    entities
        .iter()
        .filter(|(s, _, k)| *s >= verb_end && *s < limit(*k) && is_speaker_kind(*k))
        // قال مصدر لوكالة الأنباء / في تصريح لـ«الشرق الأوسط»: the outlet spoken to.
        .filter(|(s, _, _)| outlets_speak || !after_lam(text, tokens, *s))
        // A person beats an organization in the same window: المتحدث باسم الجيش أحمد المسماري.
        .min_by_key(|(s, _, k)| (*k != EntityKind::Per, *s))
        .map(|&(s, e, _)| (s, e))
}

/// The spokesman of an organization is the name after it: for an entity right after باسم
/// (المتحدث باسم البنتاغون جيف ديفيس), the rest of the speaker phrase when there is one.
fn name_after_affiliation(
    text: &str,
    tokens: &[Token],
    found: (u32, u32),
    phrase: Option<(u32, u32)>,
) -> (u32, u32) {
    let Some((_, phrase_end)) = phrase.filter(|p| p.1 > found.1) else {
        return found;
    };
    let at = tokens.partition_point(|t| t.end <= found.0);
    let behind_bism = at
        .checked_sub(1)
        .and_then(|i| tokens.get(i))
        .is_some_and(|t| fold_str(t.text(text)) == "باسم");
    let name_start = tokens[at.min(tokens.len())..]
        .iter()
        .find(|t| t.start >= found.1)
        .map(|t| t.start);
    match name_start {
        Some(start) if behind_bism && start < phrase_end => (start, phrase_end),
        _ => found,
    }
}

/// Whether the entity starting at code point `start` follows the preposition ل, glued
/// (لوكالة الأنباء) or as لـ before a quote mark (لـ«الشرق الأوسط»).
fn after_lam(text: &str, tokens: &[Token], start: u32) -> bool {
    let idx = tokens.partition_point(|t| t.end <= start);
    let is_lam = |prefix: &str| matches!(fold_str(prefix).as_str(), "ل" | "ول");
    if let Some(t) = tokens.get(idx).filter(|t| t.start < start) {
        let word = t.text(text);
        let cut = word
            .char_indices()
            .nth((start - t.start) as usize)
            .map_or(word.len(), |(b, _)| b);
        return word.get(..cut).is_some_and(is_lam);
    }
    tokens[..idx.min(tokens.len())]
        .iter()
        .rev()
        .map(|t| t.text(text))
        .find(|w| !w.chars().all(|c| matches!(c, '«' | '"' | '“' | '”')))
        .is_some_and(is_lam)
}

/// The last PER/ORG ending before the verb, within four tokens of it, in its sentence.
fn entity_before(
    entities: &[(u32, u32, EntityKind)],
    verb_start: u32,
    tokens: &[Token],
    verb_idx: usize,
) -> Option<(u32, u32)> {
    let sentence = tokens.get(verb_idx)?.sentence;
    let from = (verb_idx.saturating_sub(4)..verb_idx)
        .find(|&i| tokens[i].sentence == sentence)
        .map_or(verb_start, |i| tokens[i].start);
    entities
        .iter()
        .filter(|(s, e, k)| *e <= verb_start && *s >= from && is_speaker_kind(*k))
        .max_by_key(|(s, _, _)| *s)
        .map(|&(s, e, _)| (s, e))
}

/// Words of a speaker phrase: a title and a name (وزير الخارجية السعودي عادل الجبير).
const PHRASE_WORDS: usize = 6;

/// Words over which a name is looked for behind a long title (المتحدث الرسمي باسم وزارة
/// الداخلية اللواء منصور التركي).
const TITLE_REACH: usize = 10;

/// Up to `max_words` words after the verb, stopping at punctuation, a stop word or the
/// quote.
fn phrase_after(
    text: &str,
    tokens: &[Token],
    verb_idx: usize,
    open_cp: u32,
    max_words: usize,
) -> Option<(u32, u32)> {
    let verb = tokens.get(verb_idx)?;
    let mut span: Option<(u32, u32)> = None;
    // according to the central bank: the source follows "to".
    let skip = usize::from(
        verb.text(text).eq_ignore_ascii_case("according")
            && tokens
                .get(verb_idx + 1)
                .is_some_and(|t| t.text(text) == "to"),
    );
    let mut words = 0;
    for t in tokens.iter().skip(verb_idx + 1 + skip) {
        if words == max_words || t.sentence != verb.sentence || t.start == open_cp {
            break;
        }
        let word = t.text(text);
        if !word.chars().next().is_some_and(char::is_alphabetic) {
            break;
        }
        let folded = fold_str(word);
        if span.is_none() && LEADING_OBJECTS.contains(&folded.as_str()) {
            continue;
        }
        // وأضاف رسوبولوس معلقا: a participle ends the subject.
        if speech_kind(&folded) == Some(Speech::Participle) {
            break;
        }
        // وفقا لتقرير …: the source sits behind a preposition; leave it to the entities.
        if skip == 0 && span.is_none() && folded.starts_with('ل') && {
            let v = fold_str(verb.text(text));
            v.ends_with("وفقا") || v.ends_with("وفق")
        } {
            break;
        }
        if STOPS.contains(&folded.as_str())
            || folded.starts_with("لل")
            || folded == "ل"
            || [
                "لوكال",
                "لصحيف",
                "لقناه",
                "لشبك",
                "لموقع",
                "لجريد",
                "لمراسل",
                "لتلفزيون",
                "لاذاع",
                "لوسائل",
            ]
            .iter()
            .any(|p| folded.starts_with(p))
        {
            break;
        }
        span = Some((span.map_or(t.start, |s| s.0), t.end));
        words += 1;
    }
    span
}

/// Up to four words right before the verb in its sentence, stopping at punctuation or a
/// stop word (`The minister told …`).
fn phrase_before(text: &str, tokens: &[Token], verb_idx: usize) -> Option<(u32, u32)> {
    let verb = tokens.get(verb_idx)?;
    let mut span: Option<(u32, u32)> = None;
    for t in tokens[verb_idx.saturating_sub(4)..verb_idx].iter().rev() {
        let word = t.text(text);
        if t.sentence != verb.sentence
            || !word.chars().next().is_some_and(char::is_alphabetic)
            || STOPS.contains(&fold_str(word).as_str())
        {
            break;
        }
        span = Some((t.start, span.map_or(t.end, |s| s.1)));
    }
    span
}

/// The words between the closing mark and a verb after it (`"…", he said`).
fn phrase_between(
    text: &str,
    tokens: &[Token],
    first_after: usize,
    verb_idx: usize,
) -> Option<(u32, u32)> {
    let words = tokens.get(first_after..verb_idx)?;
    let words: Vec<&Token> = words
        .iter()
        .skip_while(|t| !t.text(text).starts_with(char::is_alphabetic))
        .collect();
    let (first, last) = (words.first()?, words.last()?);
    words
        .iter()
        .all(|t| {
            t.text(text).starts_with(char::is_alphabetic)
                && !STOPS.contains(&fold_str(t.text(text)).as_str())
        })
        .then_some((first.start, last.end))
}

/// The text of a code-point span, read through the tokens' byte offsets when they align.
fn span_text(text: &str, tokens: &[Token], (start, end): (u32, u32)) -> String {
    let s = tokens
        .iter()
        .find(|t| t.start == start)
        .map(|t| t.byte_start as usize);
    let e = tokens
        .iter()
        .find(|t| t.end == end)
        .map(|t| t.byte_end as usize);
    if let (Some(s), Some(e)) = (s, e)
        && let Some(slice) = text.get(s..e)
    {
        return slice.to_owned();
    }
    text.chars()
        .skip(start as usize)
        .take(end.saturating_sub(start) as usize)
        .collect()
}

#[cfg(test)]
#[path = "quotes_tests.rs"]
mod tests;
