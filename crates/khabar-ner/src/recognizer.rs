//! [`EntityRecognizer`]: gazetteer matches, trigger rules and the tagger, merged into mentions.

use khabar_core::{EntityKind, Mention, Token};
use khabar_extract::Analysis;

use crate::NerError;
use crate::autolex::share_of;
use crate::conll::entities;
use crate::features::token_features;
use crate::fold::fold_key;
use crate::gazetteer::{EntityRecord, Gazetteer, NO_CLUSTER, Target, Trigger};
use crate::lexicon::mostly_plain;
use crate::model::{Model, TAGS, tag_kind};
use crate::prepare::{GazMatch, Prepared, latin_case_ok, sentence_ranges};
use crate::rules::{RuleSpan, rule_spans};

const SHIPPED_MODEL: &[u8] = include_bytes!("../../../data/ner/model.bin");

/// Which recognisers run (`--ner model|gazetteer|off`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NerMode {
    /// Gazetteers, rules and the trained tagger (the default).
    #[default]
    Model,
    /// Gazetteers and rules only: faster, persons only after titles.
    Gazetteer,
    /// No entities.
    Off,
}

/// Finds named entities in cleaned text; built once per run, shared across threads.
#[derive(Debug)]
pub struct EntityRecognizer {
    mode: NerMode,
    gazetteer: Gazetteer,
    model: Option<Model>,
}

/// A candidate mention over tokens, before it becomes a [`Mention`].
#[derive(Debug, Clone, Copy)]
struct Candidate {
    first: usize,
    end: usize,
    kind: EntityKind,
    clitics: usize,
    record: Option<u32>,
    /// Characters at the end of the last token left out of the mention (the `'s` of an
    /// English possessive).
    tail: usize,
}

impl EntityRecognizer {
    /// Loads the embedded gazetteers and, in [`NerMode::Model`], the shipped tagger.
    pub fn new(mode: NerMode) -> Result<Self, NerError> {
        let model = match mode {
            NerMode::Model => Some(Model::from_bytes(SHIPPED_MODEL)?),
            NerMode::Gazetteer | NerMode::Off => None,
        };
        Ok(Self {
            mode,
            gazetteer: Gazetteer::embedded()?,
            model,
        })
    }

    /// A model-mode recogniser with a tagger other than the shipped one (evaluation of a
    /// freshly trained model).
    pub fn with_model(mut model: Model) -> Result<Self, NerError> {
        model.freeze();
        Ok(Self {
            mode: NerMode::Model,
            gazetteer: Gazetteer::embedded()?,
            model: Some(model),
        })
    }

    /// Like [`EntityRecognizer::with_model`], with another corpus label lexicon than the
    /// shipped `data/ner/autolex.tsv` (the one `model` was trained with by
    /// [`crate::train_with_autolex`]).
    pub fn with_model_and_autolex(mut model: Model, autolex: &str) -> Result<Self, NerError> {
        model.freeze();
        Ok(Self {
            mode: NerMode::Model,
            gazetteer: Gazetteer::with_autolex(autolex)?,
            model: Some(model),
        })
    }

    /// Replaces the tagger's per-type decision biases (PER, LOC, ORG, MISC; see
    /// [`Model::set_bias`]), for choosing them on held-out data; no-op without a tagger.
    pub fn set_bias(&mut self, bias: [f32; 4]) {
        if let Some(model) = &mut self.model {
            model.set_bias(bias);
        }
    }

    /// The mode this recogniser was built for.
    #[must_use]
    pub fn mode(&self) -> NerMode {
        self.mode
    }

    /// The `entities/` row of an id that [`EntityRecognizer::recognize`] emitted.
    #[must_use]
    pub fn entity(&self, entity_id: &str) -> Option<EntityRecord> {
        self.gazetteer.by_id(entity_id).cloned()
    }

    /// Named-entity mentions of `text` (`documents.text`, already cleaned), in text order.
    ///
    /// `lang` is the document's ISO 639 code; Arabic (or unknown) text gets the tagger and
    /// the Arabic rules, other languages gazetteer matches only.
    #[must_use]
    pub fn recognize(&self, text: &str, analysis: &Analysis, lang: Option<&str>) -> Vec<Mention> {
        if self.mode == NerMode::Off || analysis.tokens.is_empty() {
            return Vec::new();
        }
        let tokens = &analysis.tokens;
        let arabic = lang.is_none_or(|l| l.starts_with("ar"));
        let mut prep = Prepared::default();
        let tagging = arabic && self.model.is_some();
        prep.fill_for(text, tokens, &self.gazetteer, tagging);
        if arabic && let Some(model) = &self.model {
            prep.apply_lexicon(&model.lexicon);
        }
        let mut candidates = Vec::new();
        let mut rules = Vec::new();
        let mut features = Vec::new();
        let mut offsets = Vec::new();
        let mut scores = Vec::new();
        let (mut back, mut tags) = (Vec::new(), Vec::new());
        // Stems of the last words of tagged full names, for the consistency pass below.
        let mut surnames: Vec<u64> = Vec::new();
        for (lo, hi) in sentence_ranges(tokens) {
            // Rules only ever meet the spans of their own sentence.
            let sentence_start = candidates.len();
            if !arabic {
                // Other languages get no tagger and no Arabic rules: listed persons only.
                self.listed_persons(text, tokens, &prep, (lo, hi), 1, &mut candidates);
            }
            if arabic {
                if let Some(model) = &self.model {
                    features.clear();
                    offsets.clear();
                    scores.clear();
                    offsets.push(0);
                    for i in lo..hi {
                        token_features(&prep, i, lo, hi, model.mask(), &mut features);
                        offsets.push(features.len());
                    }
                    for w in offsets.windows(2) {
                        let mut s = [0f32; TAGS];
                        model.emit(features.get(w[0]..w[1]).unwrap_or(&[]), &mut s);
                        scores.push(s);
                    }
                    model.viterbi(&scores, &mut back, &mut tags);
                    for (first, mut end, tag) in entities(&tags) {
                        if let Some((kind, _)) = tag_kind(tag) {
                            if kind == EntityKind::Per {
                                // A name never ends on "son of", "family of", "servant
                                // of": the tagger stopped one word short (حشر بن).
                                while end < tags.len()
                                    && tags[end] == 0
                                    && is_name_link(prep.word(lo + end - 1))
                                {
                                    end += 1;
                                }
                                if end - first >= 2 {
                                    surnames.push(prep.hashes[lo + end - 1].stem);
                                }
                            }
                            candidates.push(self.link(&prep, lo + first, lo + end, kind));
                        }
                    }
                    merge_club_cities(&prep, &mut candidates, sentence_start);
                }
                // Listed persons are found by name: every one without the tagger, and with
                // it those of two words or more it missed (بان كي مون: بان is also a verb).
                let min_words = if self.model.is_none() { 1 } else { 2 };
                self.listed_persons(text, tokens, &prep, (lo, hi), min_words, &mut candidates);
                rules.clear();
                rule_spans(&prep, lo, hi, &mut rules);
                for &RuleSpan { first, end, kind } in &rules {
                    // The tagger knows ANERcorp's idea of an organisation better than the
                    // head-word rule; the title rule only adds persons it missed.
                    if self.model.is_none() {
                        if !overlaps(&candidates[sentence_start..], first, end) {
                            candidates.push(self.link(&prep, first, end, kind));
                        }
                    } else if kind == EntityKind::Per {
                        // A tagged person cut short of the name after its title grows to it.
                        // Only over words too rare to have a corpus cluster: names, not verbs.
                        for c in candidates[sentence_start..].iter_mut().filter(|c| {
                            c.kind == EntityKind::Per && c.first == first && c.end < end
                        }) {
                            while c.end < end
                                && prep
                                    .stem_clusters
                                    .get(c.end)
                                    .is_some_and(|w| *w == NO_CLUSTER)
                            {
                                c.end += 1;
                            }
                        }
                    }
                }
            }
        }
        // Gazetteer names the tagger did not cover; demonyms last, as NORP. `owner` maps a
        // token to the candidate covering it, so each check costs the match's length.
        let tagged = self.model.is_some() && arabic;
        let mut owner = vec![NONE; tokens.len()];
        for (n, c) in candidates.iter().enumerate() {
            owner
                .get_mut(c.first..c.end)
                .into_iter()
                .flatten()
                .for_each(|o| *o = n as u32);
        }
        let mut removed = vec![false; candidates.len()];
        for m in &prep.matches {
            let Some(c) = self.candidate_of(m) else {
                continue;
            };
            let words = m.end - m.first;
            let read_as = prep.readings(m.first).find(|&(n, _)| n == m.clitics);
            if read_as.is_some_and(|(n, stem)| !self.clitic_reading_ok(prep.word(m.first), n, stem))
            {
                continue;
            }
            if words == 1 && read_as.is_some_and(|(_, stem)| self.seldom_a_place(c, stem)) {
                continue;
            }
            let c = self.most_populous_reading(&prep, c);
            let owners = owner.get(m.first..m.end).unwrap_or(&[]);
            if tagged && words >= 2 && c.kind != EntityKind::Norp {
                // A long listed name (an agency's full title) replaces the tagger's pieces;
                // a two-word one only pieces of its own kind (وسلطنة + عمان).
                let inside = |n: u32| {
                    candidates.get(n as usize).is_some_and(|x| {
                        x.first >= m.first && x.end <= m.end && (words >= 3 || x.kind == c.kind)
                    })
                };
                let pieces = words >= 3 || owners.iter().all(|&n| n != NONE);
                if pieces && owners.iter().all(|&n| n == NONE || inside(n)) {
                    for &n in owners {
                        if let Some(r) = removed.get_mut(n as usize) {
                            *r = true;
                        }
                    }
                    owner
                        .get_mut(m.first..m.end)
                        .into_iter()
                        .flatten()
                        .for_each(|o| *o = NONE);
                }
            }
            let owners = owner.get(m.first..m.end).unwrap_or(&[]);
            if owners.iter().any(|&n| n != NONE) {
                continue;
            }
            // One word that training saw almost always plain (سعيدة "happy", a town too) is
            // left to the tagger; demonyms, never tagged in training, stay, and so do names
            // read under a proclitic (بسبها is ب + سبها: the written word is not the name).
            let plain_word = tagged
                && words == 1
                && m.clitics == 0
                && c.kind != EntityKind::Norp
                && prep.lex.get(m.first).is_some_and(|c| mostly_plain(c[0]));
            if !tagged || (self.confident(m, words) && !plain_word) {
                owner
                    .get_mut(m.first..m.end)
                    .into_iter()
                    .flatten()
                    .for_each(|o| *o = candidates.len() as u32);
                candidates.push(c);
                removed.push(false);
            }
        }
        // An English name in the possessive (China's, Saudi Arabia's, Barack Obama's) is
        // one token the gazetteer match above does not see: matched without its 's.
        if !arabic {
            for c in self.possessives(text, tokens, &prep, &owner) {
                owner
                    .get_mut(c.first..c.end)
                    .into_iter()
                    .flatten()
                    .for_each(|o| *o = candidates.len() as u32);
                candidates.push(c);
                removed.push(false);
            }
        }
        // A surname the tagger saw in a full name is the same person when it stands alone
        // elsewhere in the text (بان كي مون ... مون), which the tagger often misses.
        if tagged && !surnames.is_empty() {
            for (i, h) in prep.hashes.iter().enumerate() {
                if owner.get(i) == Some(&NONE)
                    && surnames.contains(&h.stem)
                    && prep.word(i).chars().count() >= 3
                    && !prep.lex.get(i).is_some_and(|c| mostly_plain(c[0]))
                {
                    if let Some(o) = owner.get_mut(i) {
                        *o = candidates.len() as u32;
                    }
                    candidates.push(self.link(&prep, i, i + 1, EntityKind::Per));
                    removed.push(false);
                }
            }
        }
        // A name tagged once is the same name where it comes back untagged (the club
        // الأهلي, the agency كيوتل). Places are left to the gazetteers: spreading them costs
        // more precision than it gains recall.
        if tagged {
            let names: Vec<(Vec<u64>, EntityKind)> = candidates
                .iter()
                .zip(&removed)
                .filter(|(c, r)| {
                    !**r && !matches!(c.kind, EntityKind::Norp | EntityKind::Loc) && c.end > c.first
                })
                .filter_map(|(c, _)| {
                    let stems = prep.hashes.get(c.first..c.end)?;
                    Some((stems.iter().map(|h| h.stem).collect(), c.kind))
                })
                .collect();
            for (first, end, kind) in untagged_repeats(&prep, &owner, &names) {
                owner
                    .get_mut(first..end)
                    .into_iter()
                    .flatten()
                    .for_each(|o| *o = candidates.len() as u32);
                candidates.push(self.link(&prep, first, end, kind));
                removed.push(false);
            }
        }
        // A currency word is MISC in the ANERcorp scheme wherever it stands (حوالي مليوني
        // دولار, للدولار), except as the first word of a club (ريال مدريد).
        for i in 0..tokens.len() {
            let free = owner.get(i) == Some(&NONE);
            if free
                && is_currency(&prep, i)
                && !(i + 1 < tokens.len() && prep.word(i + 1) == "مدريد")
            {
                if let Some(o) = owner.get_mut(i) {
                    *o = candidates.len() as u32;
                }
                candidates.push(self.link(&prep, i, i + 1, EntityKind::Misc));
                removed.push(false);
            }
        }
        let mut candidates: Vec<Candidate> = candidates
            .into_iter()
            .zip(removed)
            .filter(|(_, r)| !r)
            .map(|(c, _)| c)
            .collect();
        candidates.sort_by_key(|c| (c.first, c.end));
        // Persons whose span grew after linking (to the full name after a title) are
        // linked again over their final span.
        for c in &mut candidates {
            if c.kind == EntityKind::Per && c.record.is_none() {
                *c = self.link(&prep, c.first, c.end, EntityKind::Per);
            }
        }
        // One unlinked word that only announces a name is not one: a title or a head word
        // (منظمة, حزب, للجامعة).
        candidates.retain(|c| {
            c.end - c.first > 1 || c.record.is_some() || !self.never_alone(&prep, c.first)
        });
        // A currency named alone (الريال, اليورو) is MISC in the ANERcorp scheme, whatever
        // the tagger thought (ريال is also the first word of ريال مدريد).
        for c in &mut candidates {
            if c.end - c.first == 1 && c.record.is_none() && is_currency(&prep, c.first) {
                c.kind = EntityKind::Misc;
            }
        }
        candidates.retain(|c| !self.common_word_not_a_place(&prep, tokens, c));
        candidates
            .iter()
            .filter_map(|c| self.mention(text, tokens, c))
            .collect()
    }

    /// Whether a place candidate is one of the [`COMMON_WORD_PLACES`], words news writes far
    /// more often in their everyday sense: مالي "financial" (Mali), العيون "the eyes" (Laayoune),
    /// البسيط "the simple" (Albacete), لا بأس "no harm" (La Passe). Such a word is the place
    /// only first in its sentence, after a preposition, or after a word that heads place
    /// names (في مالي, جمهورية مالي, شمال مالي); with a proclitic (بمالي) it is left as found.
    fn common_word_not_a_place(&self, prep: &Prepared, tokens: &[Token], c: &Candidate) -> bool {
        if c.kind != EntityKind::Loc || c.clitics != 0 {
            return false;
        }
        let mut span = String::new();
        for i in c.first..c.end {
            if i > c.first {
                span.push(' ');
            }
            span.push_str(prep.word(i));
        }
        if !COMMON_WORD_PLACES.contains(&span.as_str()) {
            return false;
        }
        let Some(before) = c.first.checked_sub(1) else {
            return false;
        };
        if tokens.get(before).map(|t| t.sentence) != tokens.get(c.first).map(|t| t.sentence) {
            return false;
        }
        let word = prep.word(before);
        let heads_a_place = PLACE_PREPOSITIONS.contains(&word)
            || matches!(self.gazetteer.lexeme(word).trigger, Some(Trigger::Loc));
        !heads_a_place
    }

    /// Whether a gazetteer match the tagger did not tag is still kept: demonyms, names of
    /// two words or more, and single-word countries or large places. ANERcorp tags only
    /// part of what a gazetteer calls a place (ليون is a club, مكة المكرمة is مكة), so
    /// everything else is left to the tagger.
    fn confident(&self, m: &GazMatch, words: usize) -> bool {
        match m.target {
            Target::Demonym(_) => true,
            Target::Entity(r) => self.gazetteer.record(r).is_some_and(|rec| {
                words >= 2
                    || rec.entity_id.starts_with("iso:")
                    || rec.population.unwrap_or(0) >= 100_000
            }),
            Target::Prefix => false,
        }
    }

    fn candidate_of(&self, m: &GazMatch) -> Option<Candidate> {
        let (kind, record) = match m.target {
            Target::Entity(r) => (self.gazetteer.record(r)?.kind, r),
            Target::Demonym(r) => (EntityKind::Norp, r),
            Target::Prefix => return None,
        };
        Some(Candidate {
            first: m.first,
            end: m.end,
            kind,
            clitics: m.clitics,
            record: Some(record),
            tail: 0,
        })
    }

    /// Whether reading the folded `word` as `stem` with `clitics` proclitic characters taken
    /// off is believable: not when the word as written is a common word of the corpus (32
    /// times or more) and at least 8 times as frequent as what is left: وكيل "deputy" is
    /// not و + كيل (Kiel), ورقة "paper" not و + رقة (Raqqa), كاليفورنيا not ك + اليفورنيا.
    /// Rarer words keep the reading (وصبراتة is و + صبراتة even if the corpus has the
    /// written form a few times and the bare name fewer).
    fn clitic_reading_ok(&self, word: &str, clitics: usize, stem: &str) -> bool {
        let count = |w: &str| self.gazetteer.lexeme(w).class.log_count;
        let written = count(word);
        clitics == 0 || written < 5 || written < count(stem).saturating_add(3)
    }

    /// Listed places, organisations and persons whose last word carries the English
    /// possessive `'s` (or `’s`), over tokens of one sentence that no candidate owns; the
    /// mention leaves the `'s` out.
    fn possessives(
        &self,
        text: &str,
        tokens: &[Token],
        prep: &Prepared,
        owner: &[u32],
    ) -> Vec<Candidate> {
        let mut out = Vec::new();
        let mut key = String::new();
        let mut i = 0;
        while i < tokens.len() {
            let mut best: Option<Candidate> = None;
            let sentence = tokens.get(i).map(|t| t.sentence);
            key.clear();
            let mut end = i;
            while owner.get(end) == Some(&NONE) && tokens.get(end).map(|t| t.sentence) == sentence {
                let word = prep.word(end);
                let sep = if key.is_empty() { "" } else { " " };
                if let Some(name) = word
                    .strip_suffix("'s")
                    .or_else(|| word.strip_suffix("’s"))
                    .filter(|n| !n.is_empty())
                {
                    let full = format!("{key}{sep}{name}");
                    let found = match self.gazetteer.phrase(&full) {
                        Some(Target::Entity(r)) => {
                            self.gazetteer.record(r).map(|rec| (rec.kind, r))
                        }
                        Some(Target::Demonym(r)) => Some((EntityKind::Norp, r)),
                        _ => self.gazetteer.person(&full).map(|r| (EntityKind::Per, r)),
                    };
                    if let Some((kind, r)) = found
                        && possessive_case_ok(&full, text, tokens.get(i..=end).unwrap_or(&[]))
                    {
                        best = Some(Candidate {
                            first: i,
                            end: end + 1,
                            kind,
                            clitics: 0,
                            record: Some(r),
                            tail: word.chars().count() - name.chars().count(),
                        });
                    }
                }
                key.push_str(sep);
                key.push_str(word);
                if self.gazetteer.phrase(&key).is_none() && !self.gazetteer.person_prefix(&key) {
                    break;
                }
                end += 1;
            }
            match best {
                Some(c) => {
                    i = c.end;
                    out.push(c);
                }
                None => i += 1,
            }
        }
        out
    }

    /// A one-word place `c` read as the most populous of the places its clitic readings
    /// name: وجدة is Oujda (Morocco, 0.5 million) as written and و + جدة (Jeddah, 3.4
    /// million) with the conjunction taken off, and the latter is the likelier name.
    /// Readings a common word refuses ([`EntityRecognizer::clitic_reading_ok`]) are skipped.
    fn most_populous_reading(&self, prep: &Prepared, c: Candidate) -> Candidate {
        let population = |r: u32| {
            self.gazetteer
                .record(r)
                .filter(|rec| rec.kind == EntityKind::Loc)
                .and_then(|rec| rec.population)
        };
        let Some(mut best) = c.record.and_then(population) else {
            return c;
        };
        if c.end != c.first + 1 || c.kind != EntityKind::Loc {
            return c;
        }
        let word = prep.word(c.first);
        let mut out = c;
        for (clitics, stem) in prep.readings(c.first) {
            if !self.clitic_reading_ok(word, clitics, stem) {
                continue;
            }
            if let Some(Target::Entity(r)) = self.gazetteer.phrase(stem)
                && let Some(p) = population(r)
                && p > best
            {
                best = p;
                out.record = Some(r);
                out.clitics = clitics;
            }
        }
        out
    }

    /// Whether the one-word place name `stem` of candidate `c` (not a country) is a word
    /// the corpus seldom uses as a place: frequent in SaudiNewsNet (32 times or more) and
    /// tagged a place by the context tagger in under a tenth of its uses ([`crate::autolex`]),
    /// or never an entity there. سار "walked" and سارة "pleasant" (Sarh, Chad), عشاق
    /// "lovers" (Uşak), بابا read as ب + ابا (Aba, Nigeria) are not kept on the gazetteer's
    /// word alone; the tagger may still tag them.
    fn seldom_a_place(&self, c: Candidate, stem: &str) -> bool {
        if c.kind != EntityKind::Loc {
            return false;
        }
        let country = c
            .record
            .and_then(|r| self.gazetteer.record(r))
            .is_some_and(|r| r.entity_id.starts_with("iso:"));
        let lexeme = self.gazetteer.lexeme(stem);
        !country && lexeme.class.log_count >= 5 && share_of(lexeme.auto, 1) <= 1
    }

    /// Listed persons' names of at least `min_words` words in tokens `lo..hi` (one
    /// sentence), longest first, that no candidate covers yet.
    fn listed_persons(
        &self,
        text: &str,
        tokens: &[Token],
        prep: &Prepared,
        (lo, hi): (usize, usize),
        min_words: usize,
        candidates: &mut Vec<Candidate>,
    ) {
        let mut key = String::new();
        let mut i = lo;
        while i < hi {
            let mut best: Option<(usize, usize, u32)> = None;
            for (clitics, stem) in prep.readings(i) {
                key.clear();
                key.push_str(stem);
                let mut end = i + 1;
                while self.gazetteer.person_prefix(&key) {
                    if let Some(r) = self.gazetteer.person(&key)
                        && best.is_none_or(|(_, e, _)| end > e)
                        && latin_case_ok(&key, text, &tokens[i..end])
                    {
                        best = Some((clitics, end, r));
                    }
                    if end >= hi {
                        break;
                    }
                    key.push(' ');
                    key.push_str(prep.word(end));
                    end += 1;
                }
            }
            match best {
                Some((clitics, end, record))
                    if end - i >= min_words && !overlaps(candidates, i, end) =>
                {
                    candidates.push(Candidate {
                        first: i,
                        end,
                        kind: EntityKind::Per,
                        clitics,
                        record: Some(record),
                        tail: 0,
                    });
                    i = end;
                }
                _ => i += 1,
            }
        }
    }

    /// Whether token `i` is a word that is never a name on its own: a trigger word (a
    /// title, an organisation or place head), under any clitic reading.
    fn never_alone(&self, prep: &Prepared, i: usize) -> bool {
        any_reading(prep, i, |stem| {
            self.gazetteer.lexeme(stem).trigger.is_some()
        })
    }

    /// Links a span to a gazetteer record of its kind and finds its proclitics.
    fn link(&self, prep: &Prepared, first: usize, end: usize, kind: EntityKind) -> Candidate {
        let mut candidate = Candidate {
            first,
            end,
            kind,
            clitics: 0,
            record: None,
            tail: 0,
        };
        let mut key = String::new();
        let word = prep.word(first);
        for (clitics, stem) in prep.readings(first) {
            if !self.clitic_reading_ok(word, clitics, stem) {
                continue;
            }
            key.clear();
            key.push_str(stem);
            for i in first + 1..end {
                key.push(' ');
                key.push_str(prep.word(i));
            }
            if let Some(Target::Entity(r)) = self.gazetteer.phrase(&key)
                && let Some(record) = self.gazetteer.record(r)
            {
                // A span that is exactly a listed organisation's name is that organisation
                // when the tagger read it as a place or a person (داعش read as a place); a
                // MISC reading stays, since ANERcorp tags products of listed makers MISC.
                if record.kind == kind
                    || (record.kind == EntityKind::Org && kind != EntityKind::Misc)
                {
                    candidate.kind = record.kind;
                    candidate.record = Some(r);
                    candidate.clitics = clitics;
                    return self.most_populous_reading(prep, candidate);
                }
            }
            if kind == EntityKind::Per
                && let Some(r) = self.gazetteer.person(&key)
            {
                candidate.record = Some(r);
                candidate.clitics = clitics;
                return candidate;
            }
            // A place the tagger found that only the link list names (القصيم, الخليج).
            if kind == EntityKind::Loc
                && let Some(r) = self.gazetteer.linked_place(&key)
            {
                candidate.record = Some(r);
                candidate.clitics = clitics;
                return candidate;
            }
            // An unlisted name still loses a clitic standing before its article (والرئيس).
            if clitics > 0 && candidate.clitics == 0 && stem.starts_with("ال") {
                candidate.clitics = clitics;
            }
        }
        candidate
    }

    fn mention(&self, text: &str, tokens: &[Token], c: &Candidate) -> Option<Mention> {
        let first = tokens.get(c.first)?;
        let last = tokens.get(c.end.checked_sub(1)?)?;
        let (clitic_chars, clitic_bytes) = clitic_extent(first.text(text), c.clitics);
        let byte_start = first.byte_start as usize + clitic_bytes;
        let last_text = last.text(text);
        let tail_bytes = match c.tail {
            0 => 0,
            n => last_text
                .char_indices()
                .rev()
                .nth(n - 1)
                .map_or(0, |(b, _)| last_text.len() - b),
        };
        let byte_end = (last.byte_end as usize).checked_sub(tail_bytes)?;
        let span_text = text.get(byte_start..byte_end)?;
        if span_text.is_empty() {
            return None;
        }
        let record = c.record.and_then(|r| self.gazetteer.record(r));
        Some(Mention {
            start: first.start + clitic_chars as u32,
            end: last.end.checked_sub(c.tail as u32)?,
            raw_start: 0,
            raw_end: 0,
            text: span_text.to_owned(),
            kind: c.kind,
            entity_id: record.map(|r| r.entity_id.clone()),
            canonical: record.map(|r| r.canonical.clone()),
            sentence: first.sentence,
        })
    }
}

/// The characters and bytes of `word` (as written) that its first `clitics` folded
/// characters take, with the marks that the fold drops (diacritics, tatweel, bidi marks)
/// among and right after them: the clitics of لِليبيا are لِ, of وَبِبنغازي وَبِ.
fn clitic_extent(word: &str, clitics: usize) -> (usize, usize) {
    if clitics == 0 {
        return (0, 0);
    }
    let mut seen = 0;
    let mut buf = [0u8; 4];
    for (n, (b, ch)) in word.char_indices().enumerate() {
        let dropped = fold_key(ch.encode_utf8(&mut buf)).is_empty();
        if !dropped {
            if seen == clitics {
                return (n, b);
            }
            seen += 1;
        }
    }
    (0, 0)
}

/// [`latin_case_ok`] for a name whose last token carries a possessive `'s`: each word
/// capitalised, and a short name (`UN's`) in capitals up to the apostrophe.
fn possessive_case_ok(key: &str, text: &str, tokens: &[Token]) -> bool {
    if !key.is_ascii() {
        return true;
    }
    let short = key.len() <= 3;
    !tokens.is_empty()
        && tokens.iter().all(|t| {
            let name = t.text(text).split(['\'', '’']).next().unwrap_or("");
            let mut letters = name.chars().filter(|c| c.is_alphabetic());
            letters.next().is_some_and(char::is_uppercase)
                && (!short || letters.all(char::is_uppercase))
        })
}

/// Whether `test` holds for one clitic reading of token `i` (ولليبيا: itself, ليبيا ...).
fn any_reading(prep: &Prepared, i: usize, test: impl Fn(&str) -> bool) -> bool {
    prep.readings(i).any(|(_, stem)| test(stem))
}

/// Whether token `i` is a currency name, under any clitic reading.
fn is_currency(prep: &Prepared, i: usize) -> bool {
    // Folded forms (ة -> ه), with the accusative and plural forms amounts take.
    const CURRENCIES: [&str; 29] = [
        "ريال",
        "الريال",
        "ريالا",
        "ريالات",
        "دولار",
        "الدولار",
        "دولارا",
        "دولارات",
        "يورو",
        "اليورو",
        "دينار",
        "الدينار",
        "دينارا",
        "دنانير",
        "درهم",
        "الدرهم",
        "درهما",
        "دراهم",
        "جنيه",
        "الجنيه",
        "جنيها",
        "جنيهات",
        "ليره",
        "الليره",
        "الاسترليني",
        "الين",
        "اليوان",
        "روبيه",
        "فرنك",
    ];
    // A hashed set: this runs for nearly every token, and a scan of the list compared
    // bytes millions of times over a corpus. Stems shorter or longer than every name are
    // answered before hashing (most words of a text are short).
    static SET: std::sync::OnceLock<(FastSet<&'static str>, usize, usize)> =
        std::sync::OnceLock::new();
    let (set, shortest, longest) = SET.get_or_init(|| {
        let lengths = CURRENCIES.iter().map(|c| c.len());
        (
            CURRENCIES.iter().copied().collect(),
            lengths.clone().min().unwrap_or(0),
            lengths.max().unwrap_or(0),
        )
    });
    any_reading(prep, i, |stem| {
        (*shortest..=*longest).contains(&stem.len()) && set.contains(stem)
    })
}

/// A hash set with the gazetteer's fast hasher.
type FastSet<T> =
    std::collections::HashSet<T, std::hash::BuildHasherDefault<crate::hashing::FastHasher>>;

/// No candidate covers the token.
/// Places named by a common word (folded, words joined by a space): see
/// `EntityRecognizer::common_word_not_a_place`.
const COMMON_WORD_PLACES: [&str; 5] = ["مالي", "العيون", "البسيط", "موبيل", "لا باس"];

/// Words after which a [`COMMON_WORD_PLACES`] word is the place (folded: علي is على).
const PLACE_PREPOSITIONS: [&str; 16] = [
    "في", "من", "الي", "عن", "علي", "مع", "بين", "حتي", "نحو", "داخل", "خارج", "شمال", "جنوب",
    "شرق", "غرب", "وسط",
];

const NONE: u32 = u32::MAX;

/// Spans `(first, end, kind)` of tokens no candidate owns (`owner[i] == NONE`) whose stems
/// spell one of `names` (the stems of a tagged span, and its kind), left to right without
/// overlaps. A one-word name must be 3 letters or more and not a word training saw almost
/// always plain.
fn untagged_repeats(
    prep: &Prepared,
    owner: &[u32],
    names: &[(Vec<u64>, EntityKind)],
) -> Vec<(usize, usize, EntityKind)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < prep.hashes.len() {
        let found = names.iter().find(|(stems, _)| {
            let end = i + stems.len();
            !stems.is_empty()
                && owner
                    .get(i..end)
                    .is_some_and(|o| o.iter().all(|&n| n == NONE))
                && prep
                    .hashes
                    .get(i..end)
                    .is_some_and(|h| h.iter().zip(stems).all(|(h, s)| h.stem == *s))
                && (stems.len() >= 2
                    || (prep.word(i).chars().count() >= 3
                        && !prep.lex.get(i).is_some_and(|c| mostly_plain(c[0]))))
        });
        match found {
            Some((stems, kind)) => {
                out.push((i, i + stems.len(), *kind));
                i += stems.len();
            }
            None => i += 1,
        }
    }
    out
}

/// A one-word organisation tagged right before a one-word place with no proclitic or
/// article is one name, a club and its city (دينامو كييف, ستيوا بوخارست): the tagger splits
/// them because the city alone is a place. A place after `ب`/`و` (حزب الله وإسرائيل) or
/// with the article (نيسان الشرق الأوسط) stays apart.
fn merge_club_cities(prep: &Prepared, candidates: &mut Vec<Candidate>, from: usize) {
    let mut n = from;
    while n + 1 < candidates.len() {
        let (org, loc) = (candidates[n], candidates[n + 1]);
        if org.kind == EntityKind::Org
            && org.end == org.first + 1
            && loc.kind == EntityKind::Loc
            && loc.first == org.end
            && loc.end == loc.first + 1
            && loc.clitics == 0
            && !prep.word(loc.first).starts_with("ال")
        {
            candidates[n].end = loc.end;
            candidates[n].record = None;
            candidates.remove(n + 1);
        }
        n += 1;
    }
}

/// Words that join the parts of an Arabic name (folded: آل is ال).
fn is_name_link(word: &str) -> bool {
    matches!(
        word,
        "بن" | "ابن" | "بنت" | "ال" | "عبد" | "ابو" | "ابي" | "ام"
    )
}

fn overlaps(candidates: &[Candidate], first: usize, end: usize) -> bool {
    candidates.iter().any(|c| c.first < end && first < c.end)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_town_named_like_a_common_word_is_left_to_the_tagger() {
        // سعيدة is "happy" and a town of 100k+ people: the gazetteer alone calls it a place.
        let text = "كانت المرأة سعيدة جدا";
        let gazetteer_only = EntityRecognizer::new(NerMode::Gazetteer).unwrap();
        let is_town = |m: &Mention| m.text == "سعيدة" && m.kind == EntityKind::Loc;
        assert!(run(&gazetteer_only, text).iter().any(is_town));
        // A tagger whose training saw it plain every time does not get it added back.
        let mut conll = String::new();
        for name in ["زيدان", "كرمول", "فتوان", "سمرقان", "بلهاد"] {
            let _ = std::fmt::Write::write_fmt(
                &mut conll,
                format_args!("كانت O\nالمرأة O\nسعيدة O\nمع O\n{name} B-PERS\n. O\n"),
            );
        }
        let options = crate::TrainOptions {
            epochs: 3,
            bits: 14,
            seed: 1,
            runs: 1,
            dropout: 0,
            bias: [0.0; 4],
        };
        let tagger = EntityRecognizer::with_model(crate::train(&conll, &options).unwrap()).unwrap();
        assert!(
            !run(&tagger, text).iter().any(is_town),
            "{:?}",
            run(&tagger, text)
        );
    }

    #[test]
    fn tagged_names_are_found_again_where_untagged() {
        let gazetteer = Gazetteer::embedded().unwrap();
        let text = "قال النادي الأهلي إن والاهلي فاز على الزمالك ثم الأهلي";
        let analysis = khabar_extract::analyze(text);
        let mut prep = Prepared::default();
        prep.fill_for(text, &analysis.tokens, &gazetteer, true);
        let stem = |i: usize| prep.hashes[i].stem;
        let names = vec![
            (vec![stem(2)], EntityKind::Org),
            (vec![stem(1), stem(2)], EntityKind::Misc),
        ];
        let mut owner = vec![NONE; analysis.tokens.len()];
        owner[2] = 0; // the tagged الأهلي itself
        // والاهلي (token 4) and the last الأهلي (token 9) share its stem; الزمالك does not.
        assert_eq!(
            untagged_repeats(&prep, &owner, &names),
            [(4, 5, EntityKind::Org), (9, 10, EntityKind::Org)]
        );
        // النادي الأهلي is owned in part: no two-word repeat over it.
        owner[2] = NONE;
        owner[1] = 0;
        assert_eq!(untagged_repeats(&prep, &owner, &names).len(), 3);
        assert!(untagged_repeats(&prep, &owner, &[]).is_empty());
    }

    fn run(recognizer: &EntityRecognizer, raw: &str) -> Vec<Mention> {
        let cleaned = khabar_normalize::clean(raw, Some("ara"));
        let analysis = khabar_extract::analyze(&cleaned.text);
        let mentions = recognizer.recognize(&cleaned.text, &analysis, Some("ara"));
        for m in &mentions {
            let chars: String = cleaned
                .text
                .chars()
                .skip(m.start as usize)
                .take((m.end - m.start) as usize)
                .collect();
            assert_eq!(chars, m.text, "span and text agree in {raw}");
        }
        mentions
    }

    /// (text, mention text, kind, entity id) that must come out in both modes.
    const MUST: &[(&str, &str, EntityKind, Option<&str>)] = &[
        (
            "زار المبعوث طرابلس وبنغازي أمس",
            "بنغازي",
            EntityKind::Loc,
            Some("geonames:88319"),
        ),
        (
            "وصلت المساعدات لليبيا الأسبوع الماضي",
            "ليبيا",
            EntityKind::Loc,
            Some("iso:LY"),
        ),
        (
            "وقعت اشتباكات عنيفة بسبها أمس",
            "سبها",
            EntityKind::Loc,
            Some("geonames:2212775"),
        ),
        (
            "اتفقت روسيا والولايات المتحدة على الهدنة",
            "الولايات المتحدة",
            EntityKind::Loc,
            Some("iso:US"),
        ),
        (
            "عادت القوات إلى جمهورية أفريقيا الوسطى",
            "جمهورية أفريقيا الوسطى",
            EntityKind::Loc,
            Some("iso:CF"),
        ),
        (
            "قدمت الوكالة الأميركية للتنمية الدولية منحة جديدة",
            "الوكالة الأميركية للتنمية الدولية",
            EntityKind::Org,
            Some("khabar:org:usaid"),
        ),
        (
            "وصل نائب وزير الدفاع الروسي يونس بك يفكيروف إلى بنغازي",
            "يونس بك يفكيروف",
            EntityKind::Per,
            Some("khabar:per:yunus-bek-yevkurov"),
        ),
        (
            "وصل نائب وزير الدفاع الروسي يونس بك يفكيروف إلى بنغازي",
            "الروسي",
            EntityKind::Norp,
            Some("iso:RU"),
        ),
        (
            "التقى المبعوث الخاص ريتشارد نورلاند بالمسؤولين",
            "ريتشارد نورلاند",
            EntityKind::Per,
            Some("khabar:per:richard-norland"),
        ),
        (
            "وقال وزير الخارجية عادل الجبير إن المملكة ترحب بالاتفاق",
            "عادل الجبير",
            EntityKind::Per,
            Some("khabar:per:adel-al-jubeir"),
        ),
        (
            "وقال الرئيس الأمريكي باراك أوباما إن الاتفاق تاريخي",
            "باراك أوباما",
            EntityKind::Per,
            Some("khabar:per:barack-obama"),
        ),
        (
            "قال المسؤول الأمريكي إن المحادثات مستمرة",
            "الأمريكي",
            EntityKind::Norp,
            Some("iso:US"),
        ),
        (
            "قال المسؤول الأميركي إن المحادثات مستمرة",
            "الأميركي",
            EntityKind::Norp,
            Some("iso:US"),
        ),
        (
            "وصل الوفد إلى جده مساء أمس",
            "جده",
            EntityKind::Loc,
            Some("geonames:105343"),
        ),
        (
            "وصل الوفد إلى جدة مساء أمس",
            "جدة",
            EntityKind::Loc,
            Some("geonames:105343"),
        ),
    ];

    #[test]
    fn must_cases_come_out_right_in_both_modes() {
        for mode in [NerMode::Model, NerMode::Gazetteer] {
            let recognizer = EntityRecognizer::new(mode).unwrap();
            for &(text, want, kind, id) in MUST {
                let mentions = run(&recognizer, text);
                let found = mentions.iter().find(|m| m.text == want);
                let Some(m) = found else {
                    panic!("{mode:?}: {want} not found in {text}: {mentions:?}")
                };
                assert_eq!(m.kind, kind, "{mode:?}: {text}");
                if let Some(id) = id {
                    assert_eq!(m.entity_id.as_deref(), Some(id), "{mode:?}: {text}");
                    assert!(
                        recognizer.entity(id).is_some(),
                        "{mode:?}: every emitted id has a record"
                    );
                }
            }
        }
    }

    #[test]
    fn a_word_is_not_read_as_clitic_and_name_when_it_is_a_word_itself() {
        for mode in [NerMode::Model, NerMode::Gazetteer] {
            let recognizer = EntityRecognizer::new(mode).unwrap();
            // وكيل "deputy" is not و + كيل (Kiel, Germany).
            let text = "وأفاد الدكتور توفيق السديري وكيل الوزارة لشؤون المساجد";
            let mentions = run(&recognizer, text);
            assert!(
                mentions
                    .iter()
                    .all(|m| m.entity_id.as_deref() != Some("geonames:2891122")),
                "{mode:?}: {mentions:?}"
            );
            // A clitic that is one is still taken off: وبنغازي is و + بنغازي.
            let mentions = run(&recognizer, "زار المبعوث طرابلس وبنغازي أمس");
            assert!(
                mentions.iter().any(|m| m.text == "بنغازي"),
                "{mode:?}: {mentions:?}"
            );
        }
        // كاليفورنيا keeps its first letter: it is not ك + اليفورنيا.
        let recognizer = EntityRecognizer::new(NerMode::Model).unwrap();
        let text = "وقع زلزال في ولاية كاليفورنيا الأميركية أمس";
        let mentions = run(&recognizer, text);
        assert!(
            mentions.iter().any(|m| m.text == "كاليفورنيا"),
            "{mentions:?}"
        );
        assert!(
            mentions.iter().all(|m| m.text != "اليفورنيا"),
            "{mentions:?}"
        );
    }

    /// القصيم (653 mentions) and الخليج (1,821) were places with no id or coordinates.
    #[test]
    fn places_the_tagger_finds_are_linked_through_the_link_list() {
        let recognizer = EntityRecognizer::new(NerMode::Model).unwrap();
        let mentions = run(
            &recognizer,
            "وصل أمير منطقة القصيم إلى بريدة أمس، وقال إن أمن الخليج مسؤولية الجميع.",
        );
        for (place, id) in [
            ("القصيم", "khabar:loc:qassim"),
            ("الخليج", "khabar:loc:arabian-gulf"),
        ] {
            assert!(
                mentions
                    .iter()
                    .any(|m| m.text == place && m.entity_id.as_deref() == Some(id)),
                "{place}: {mentions:?}"
            );
        }
    }

    /// The list is written in folded form: each entry folds to itself.
    #[test]
    fn common_word_places_are_folded() {
        for w in COMMON_WORD_PLACES.iter().chain(&PLACE_PREPOSITIONS) {
            let folded: Vec<String> = w.split(' ').map(crate::fold_key).collect();
            assert_eq!(folded.join(" "), *w);
        }
    }

    /// العيون "the eyes" was Laayoune 350 times on SaudiNewsNet, البسيط "the simple"
    /// Albacete 110 times, لا بأس "no harm" La Passe 66 times.
    #[test]
    fn common_words_named_like_big_places_need_a_place_before_them() {
        for mode in [NerMode::Model, NerMode::Gazetteer] {
            let recognizer = EntityRecognizer::new(mode).unwrap();
            for text in [
                "نجح فريق طبي في قسم العيون بمستشفى الملك سلمان",
                "وهو ما لا يمكن للموظف البسيط تحمله",
                "قال إنه لا بأس من تأجيل الاجتماع",
            ] {
                let mentions = run(&recognizer, text);
                assert!(
                    mentions.iter().all(|m| m.kind != EntityKind::Loc),
                    "{mode:?}: {text}: {mentions:?}"
                );
            }
        }
    }

    /// مالي "financial" was Mali: 474 mentions on SaudiNewsNet, nearly all of them money.
    #[test]
    fn financial_is_not_mali_but_the_country_is() {
        for mode in [NerMode::Model, NerMode::Gazetteer] {
            let recognizer = EntityRecognizer::new(mode).unwrap();
            let mali = |text: &str| {
                run(&recognizer, text)
                    .iter()
                    .any(|m| m.entity_id.as_deref() == Some("iso:ML"))
            };
            for text in [
                "قدمت المملكة دعم مالي كبير للمشروع",
                "الوضع مالي بحت ولا علاقة له بالسياسة",
            ] {
                assert!(!mali(text), "{mode:?}: {text}");
            }
            for text in [
                "وصل الجنود إلى مالي أمس",
                "قال رئيس جمهورية مالي إن الوضع هادئ",
                "هاجم المسلحون بلدة في شمال مالي",
            ] {
                assert!(mali(text), "{mode:?}: {text}");
            }
        }
    }

    #[test]
    fn common_words_named_like_towns_are_not_places_on_the_list_alone() {
        for mode in [NerMode::Model, NerMode::Gazetteer] {
            let recognizer = EntityRecognizer::new(mode).unwrap();
            for text in [
                // سارة "pleasant" and سار "walked": Sarh, Chad.
                "كان الأمر يمثل مفاجأة سارة للجميع",
                "لكن دراميا سار المسلسل في كل الاتجاهات",
                // عشاق "lovers": Uşak, Turkey.
                "يتجمع عشاق الكرة في المقاهي",
                // بابا is not ب + ابا (Aba, Nigeria).
                "هذا الأمر يفتح بابا واسعا للفساد",
            ] {
                let mentions = run(&recognizer, text);
                assert!(
                    mentions.iter().all(|m| m.kind != EntityKind::Loc),
                    "{mode:?}: {text}: {mentions:?}"
                );
            }
            // Towns the corpus names as places stay.
            let mentions = run(&recognizer, "وصل الوفد إلى تبوك وبريدة مساء أمس");
            for town in ["تبوك", "بريدة"] {
                assert!(
                    mentions
                        .iter()
                        .any(|m| m.text == town && m.kind == EntityKind::Loc),
                    "{mode:?}: {town}: {mentions:?}"
                );
            }
        }
    }

    #[test]
    fn clitics_written_with_diacritics_are_left_out_whole() {
        for mode in [NerMode::Model, NerMode::Gazetteer] {
            let recognizer = EntityRecognizer::new(mode).unwrap();
            let mentions = run(&recognizer, "وصلت المساعدات لِليبيا وَبِبنغازي أمس");
            let texts: Vec<&str> = mentions.iter().map(|m| m.text.as_str()).collect();
            assert!(
                texts.contains(&"ليبيا") && texts.contains(&"بنغازي"),
                "{mode:?}: {mentions:?}"
            );
        }
        assert_eq!(clitic_extent("لِليبيا", 1), (2, 4));
        assert_eq!(clitic_extent("وَبِبنغازي", 2), (4, 8));
        assert_eq!(clitic_extent("وبنغازي", 1), (1, 2));
        assert_eq!(clitic_extent("بنغازي", 0), (0, 0));
    }

    #[test]
    fn a_listed_organisation_name_overrides_the_tagged_kind() {
        let r = EntityRecognizer::new(NerMode::Gazetteer).unwrap();
        let text = "قاتل الجيش داعش في بنغازي";
        let analysis = khabar_extract::analyze(text);
        let mut prep = Prepared::default();
        prep.fill_for(text, &analysis.tokens, &r.gazetteer, false);
        // داعش tagged as a place is the listed organisation.
        let c = r.link(&prep, 2, 3, EntityKind::Loc);
        let id = c
            .record
            .and_then(|i| r.gazetteer.record(i))
            .map(|x| x.entity_id.as_str());
        assert_eq!((c.kind, id), (EntityKind::Org, Some("khabar:org:isis")));
        // A place tagged as a person keeps the tagger's kind and gets no place id.
        let c = r.link(&prep, 4, 5, EntityKind::Per);
        assert_eq!((c.kind, c.record), (EntityKind::Per, None));
    }

    #[test]
    fn listed_names_correct_the_tagger() {
        let recognizer = EntityRecognizer::new(NerMode::Model).unwrap();
        let cases: &[(&str, &str, EntityKind, &str)] = &[
            // A two-word listed place replaces two tagged pieces of its kind.
            (
                "حضر مسؤولون من البحرين وسلطنة عمان",
                "سلطنة عمان",
                EntityKind::Loc,
                "iso:OM",
            ),
            // A listed person of several words is found even where the tagger missed it.
            // A currency word is MISC wherever it stands, even untagged.
            (
                "وبلغت قيمة الصفقة نحو ثلاثة ملايين دولار أمريكي",
                "دولار",
                EntityKind::Misc,
                "",
            ),
            // (تمام and سلام are also the words "complete" and "peace".)
            (
                "وقال تمام سلام إن الحكومة مستمرة",
                "تمام سلام",
                EntityKind::Per,
                "khabar:per:tammam-salam",
            ),
        ];
        for &(text, want, kind, id) in cases {
            let mentions = run(&recognizer, text);
            let Some(m) = mentions.iter().find(|m| m.text == want) else {
                panic!("{want} not found in {text}: {mentions:?}")
            };
            let id = (!id.is_empty()).then_some(id);
            assert_eq!((m.kind, m.entity_id.as_deref()), (kind, id), "{text}");
        }
    }

    #[test]
    fn unlisted_persons_have_no_id() {
        let recognizer = EntityRecognizer::new(NerMode::Model).unwrap();
        let mentions = run(
            &recognizer,
            "وقال المتحدث الرسمي سامر الخطيب إن الوزارة تتابع",
        );
        let person = mentions.iter().find(|m| m.kind == EntityKind::Per);
        let Some(person) = person else {
            panic!("no person in {mentions:?}")
        };
        assert_eq!(person.text, "سامر الخطيب");
        assert_eq!(person.entity_id, None);
        assert_eq!(person.canonical, None);
    }

    /// The mentions of English `text` with the shipped model, as (text, entity id).
    fn english_mentions(text: &str) -> (Vec<Mention>, Vec<(String, Option<String>)>) {
        let recognizer = EntityRecognizer::new(NerMode::Model).unwrap();
        let analysis = khabar_extract::analyze(text);
        let mentions = recognizer.recognize(text, &analysis, Some("eng"));
        let got = mentions
            .iter()
            .map(|m| (m.text.clone(), m.entity_id.clone()))
            .collect();
        (mentions, got)
    }

    /// `(text, id)` pairs as owned values, to compare with [`english_mentions`].
    fn owned(pairs: &[(&str, Option<&str>)]) -> Vec<(String, Option<String>)> {
        pairs
            .iter()
            .map(|(t, id)| ((*t).to_owned(), id.map(str::to_owned)))
            .collect()
    }

    #[test]
    fn english_text_gets_places_and_organisations() {
        let (_, got) = english_mentions(
            "The United Nations envoy met officials in Benghazi and London, and told us the US would help, Barack Obama said.",
        );
        assert_eq!(
            got,
            owned(&[
                ("United Nations", Some("khabar:org:un")),
                ("Benghazi", Some("geonames:88319")),
                ("London", Some("geonames:2643743")),
                ("US", Some("iso:US")),
                ("Barack Obama", Some("khabar:per:barack-obama")),
            ])
        );
    }

    #[test]
    fn english_names_in_the_possessive_are_found_without_the_s() {
        let text = "Analysts said China's economy slowed as Saudi Arabia's output rose. \
                    The UN's envoy read Barack Obama’s letter; the un's and china's stay words.";
        let (mentions, got) = english_mentions(text);
        assert_eq!(
            got,
            owned(&[
                ("China", Some("iso:CN")),
                ("Saudi Arabia", Some("iso:SA")),
                ("UN", Some("khabar:org:un")),
                ("Barack Obama", Some("khabar:per:barack-obama")),
            ])
        );
        for m in &mentions {
            let chars: String = text
                .chars()
                .skip(m.start as usize)
                .take((m.end - m.start) as usize)
                .collect();
            assert_eq!(chars, m.text);
        }
    }

    #[test]
    fn a_word_read_as_two_places_is_the_more_populous() {
        for mode in [NerMode::Model, NerMode::Gazetteer] {
            let recognizer = EntityRecognizer::new(mode).unwrap();
            // وجدة: Oujda (Morocco) as written, و + جدة (Jeddah) read with the conjunction.
            let text = "افتتح المركز فروعا في الرياض وجدة والدمام";
            let mentions = run(&recognizer, text);
            let Some(m) = mentions.iter().find(|m| m.text.contains("جدة")) else {
                panic!("{mode:?}: {mentions:?}")
            };
            assert_eq!(
                (m.text.as_str(), m.entity_id.as_deref()),
                ("جدة", Some("geonames:105343")),
                "{mode:?}"
            );
        }
    }

    #[test]
    fn off_mode_and_empty_text_give_nothing() {
        let off = EntityRecognizer::new(NerMode::Off).unwrap();
        let text = "زار المبعوث بنغازي";
        assert!(
            off.recognize(text, &khabar_extract::analyze(text), None)
                .is_empty()
        );
        let model = EntityRecognizer::new(NerMode::Model).unwrap();
        assert!(
            model
                .recognize("", &khabar_extract::analyze(""), None)
                .is_empty()
        );
    }

    /// Candidates `(first, end, kind, clitics)` over `text` after [`merge_club_cities`].
    fn merged(text: &str, spans: &[(usize, usize, EntityKind, usize)]) -> Vec<(usize, usize)> {
        let analysis = khabar_extract::analyze(text);
        let mut prep = Prepared::default();
        prep.fill(text, &analysis.tokens, &Gazetteer::embedded().unwrap());
        let mut candidates: Vec<Candidate> = spans
            .iter()
            .map(|&(first, end, kind, clitics)| Candidate {
                first,
                end,
                kind,
                clitics,
                record: None,
                tail: 0,
            })
            .collect();
        merge_club_cities(&prep, &mut candidates, 0);
        candidates.iter().map(|c| (c.first, c.end)).collect()
    }

    #[test]
    fn a_club_and_its_city_are_one_organisation() {
        use EntityKind::{Loc, Org};
        assert_eq!(
            merged("فاز دينامو كييف", &[(1, 2, Org, 0), (2, 3, Loc, 0)]),
            [(1, 3)]
        );
        // A place after a conjunction, or with the article, is a place of its own.
        assert_eq!(
            merged("حماس وإسرائيل", &[(0, 1, Org, 0), (1, 2, Loc, 1)]),
            [(0, 1), (1, 2)]
        );
        assert_eq!(
            merged("نيسان الشرق", &[(0, 1, Org, 0), (1, 2, Loc, 0)]),
            [(0, 1), (1, 2)]
        );
    }

    #[test]
    fn name_links_are_the_folded_connectors() {
        for word in ["بن", "ابن", "ال", "عبد", "ابو"] {
            assert!(is_name_link(word), "{word}");
        }
        assert!(!is_name_link("محمد"));
    }

    static RECOGNIZER: std::sync::LazyLock<EntityRecognizer> =
        std::sync::LazyLock::new(|| EntityRecognizer::new(NerMode::Model).unwrap());

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn spans_are_in_bounds_and_match_text(text in "[ بنغازيولمصرالأمريكي.،a-zA-Z0-9]{0,80}") {
            let recognizer = &*RECOGNIZER;
            let analysis = khabar_extract::analyze(&text);
            let len = text.chars().count() as u32;
            for m in recognizer.recognize(&text, &analysis, None) {
                proptest::prop_assert!(m.start < m.end && m.end <= len);
                let chars: String = text.chars().skip(m.start as usize).take((m.end - m.start) as usize).collect();
                proptest::prop_assert_eq!(chars, m.text);
            }
        }
    }
}
