//! The sequence tagger's weights, Viterbi decoding over BIOES tags, and the binary format.

use khabar_core::EntityKind;

use crate::NerError;
use crate::lexicon::LabelLexicon;

/// Entity types tagged: PER, LOC, ORG, MISC (in that order).
pub const TYPES: usize = 4;

/// Number of BIOES tags: O, then for each type B (begin), I (inside), E (end) and S
/// (single word). Ending tags let the tagger learn where names stop, which BIO leaves to
/// the next word's tag.
pub const TAGS: usize = 1 + 4 * TYPES;

/// A tag's place in its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// First of two words or more.
    Begin,
    /// Neither first nor last.
    Inside,
    /// Last of two words or more.
    End,
    /// The whole entity.
    Single,
}

/// The tag of entity type `ty` (0 = PER .. 3 = MISC) at `position`.
#[must_use]
pub const fn tag_of(ty: usize, position: Position) -> usize {
    1 + 4 * ty
        + match position {
            Position::Begin => 0,
            Position::Inside => 1,
            Position::End => 2,
            Position::Single => 3,
        }
}

/// The entity type (0 = PER .. 3 = MISC) and position of tag `t` (`None` for O).
#[must_use]
pub fn tag_parts(t: usize) -> Option<(usize, Position)> {
    if t == 0 || t >= TAGS {
        return None;
    }
    let position = match (t - 1) % 4 {
        0 => Position::Begin,
        1 => Position::Inside,
        2 => Position::End,
        _ => Position::Single,
    };
    Some(((t - 1) / 4, position))
}

const KIND_OF_TYPE: [EntityKind; TYPES] = [
    EntityKind::Per,
    EntityKind::Loc,
    EntityKind::Org,
    EntityKind::Misc,
];

/// The entity kind of tag `t`, and whether it begins an entity.
#[must_use]
pub fn tag_kind(t: usize) -> Option<(EntityKind, bool)> {
    let (ty, position) = tag_parts(t)?;
    Some((
        KIND_OF_TYPE[ty],
        matches!(position, Position::Begin | Position::Single),
    ))
}

/// The tag index of a `CoNLL` label (`O`, `B-PERS`, `I-LOC`, `E-ORG`, `S-MISC`; `L-` and
/// `U-` as BILOU spells the last two). A BIO file's tags become BIOES in
/// [`crate::conll::to_bioes`].
#[must_use]
pub fn parse_tag(label: &str) -> Option<usize> {
    if label == "O" {
        return Some(0);
    }
    let (prefix, kind) = label.split_once('-')?;
    let ty = match EntityKind::parse(kind)? {
        EntityKind::Per => 0,
        EntityKind::Loc => 1,
        EntityKind::Org => 2,
        EntityKind::Misc => 3,
        EntityKind::Norp => return None,
    };
    let position = match prefix {
        "B" => Position::Begin,
        "I" => Position::Inside,
        "E" | "L" => Position::End,
        "S" | "U" => Position::Single,
        _ => return None,
    };
    Some(tag_of(ty, position))
}

/// Whether tag `cur` may follow `prev` (`None` = sentence start): after B-X or I-X only
/// I-X or E-X; elsewhere only O, B-* or S-*.
#[must_use]
pub fn allowed(prev: Option<usize>, cur: usize) -> bool {
    let open = prev
        .and_then(tag_parts)
        .filter(|(_, p)| matches!(p, Position::Begin | Position::Inside));
    match (open, tag_parts(cur)) {
        (Some((ty, _)), Some((t, p))) => t == ty && matches!(p, Position::Inside | Position::End),
        (Some(_), None) => false,
        (None, Some((_, p))) => matches!(p, Position::Begin | Position::Single),
        (None, None) => true,
    }
}

/// Whether a sentence may end on tag `t`: not inside an open entity.
#[must_use]
pub fn can_end(t: usize) -> bool {
    !tag_parts(t).is_some_and(|(_, p)| matches!(p, Position::Begin | Position::Inside))
}

/// A trained tagger: hashed emission weights and tag transitions.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub(crate) bits: u32,
    /// `buckets * TAGS` weights, row per bucket, while training (empty once frozen).
    pub(crate) emission: Vec<f32>,
    /// The same weights quantised to i8 (x `scale`) for tagging: a quarter of the memory of
    /// f32 (17 bytes a row), so the random row reads of feature hashing touch fewer cache
    /// lines. Ten-fold micro F1 is the same as with i16 weights (78.13 against 78.07, each
    /// with its own corpus lexicons).
    quantized: Vec<i8>,
    scale: f32,
    /// Row `TAGS` is the sentence start.
    pub(crate) transition: [[f32; TAGS]; TAGS + 1],
    /// The training words' tag summaries that the lexicon features read.
    pub(crate) lexicon: LabelLexicon,
    /// Per-type decision bias (PER, LOC, ORG, MISC), added at decode time to the score of
    /// every tag of that type: a positive bias trades precision for recall.
    pub(crate) bias: [f32; 4],
}

/// The file header without its version byte and the padding byte after it.
const MAGIC_PREFIX: &[u8; 6] = b"KHNER\x00";
/// Version 2 added the label lexicon after the emission rows; version 3 the per-type
/// decision biases after the transitions; version 4 has BIOES tags (17 a row) where the
/// earlier ones had BIO (9); version 5 stores the weights as i8 where the earlier ones had
/// i16. Versions 2 to 4 still load (version 2 with zero biases, i16 weights rescaled to i8).
const VERSION: u8 = 5;

/// Tags a row in version 2 and 3 files: O, then B and I of each type.
const BIO_TAGS: usize = 9;

impl Model {
    /// An all-zero model with `2^bits` feature buckets.
    #[must_use]
    pub(crate) fn zeros(bits: u32) -> Self {
        Self {
            bits,
            emission: vec![0.0; (1usize << bits) * TAGS],
            quantized: Vec::new(),
            scale: 1.0,
            transition: [[0.0; TAGS]; TAGS + 1],
            lexicon: LabelLexicon::default(),
            bias: [0.0; 4],
        }
    }

    /// The per-type decision biases (PER, LOC, ORG, MISC).
    #[must_use]
    pub fn bias(&self) -> [f32; 4] {
        self.bias
    }

    /// Sets the per-type decision biases (PER, LOC, ORG, MISC): each is added to the
    /// decode-time score of every tag of its type.
    pub fn set_bias(&mut self, bias: [f32; 4]) {
        self.bias = bias;
    }

    /// The bias of tag `t` (0 for `O`).
    #[inline]
    fn tag_bias(&self, t: usize) -> f32 {
        tag_parts(t).map_or(0.0, |(ty, _)| self.bias.get(ty).copied().unwrap_or(0.0))
    }

    /// The bucket mask for feature hashing.
    #[must_use]
    pub(crate) fn mask(&self) -> u32 {
        ((1u64 << self.bits) - 1) as u32
    }

    /// Adds the emission scores of one token's features to `scores`.
    pub(crate) fn emit(&self, features: &[u32], scores: &mut [f32; TAGS]) {
        if self.quantized.is_empty() {
            for &f in features {
                let base = f as usize * TAGS;
                if let Some(row) = self.emission.get(base..base + TAGS) {
                    for (s, w) in scores.iter_mut().zip(row) {
                        *s += w;
                    }
                }
            }
            return;
        }
        let mut sum = [0i32; TAGS];
        for &f in features {
            let base = f as usize * TAGS;
            // A fixed-size row: the add is unrolled into vector lanes.
            let row: Option<&[i8; TAGS]> = self
                .quantized
                .get(base..base + TAGS)
                .and_then(|r| r.try_into().ok());
            if let Some(row) = row {
                for (s, &w) in sum.iter_mut().zip(row) {
                    *s += i32::from(w);
                }
            }
        }
        for (s, q) in scores.iter_mut().zip(sum) {
            *s += q as f32 * self.scale;
        }
    }

    /// Quantises the weights for tagging and drops the training copy.
    pub(crate) fn freeze(&mut self) {
        if self.emission.is_empty() {
            return;
        }
        let max = self.emission.iter().fold(0f32, |m, w| m.max(w.abs()));
        self.scale = if max > 0.0 {
            max / f32::from(i8::MAX)
        } else {
            1.0
        };
        self.quantized = self
            .emission
            .iter()
            .map(|w| (w / self.scale).round() as i8)
            .collect();
        self.emission = Vec::new();
    }

    /// Best tag sequence for the per-token emission `scores`, written to `tags`.
    pub(crate) fn viterbi(
        &self,
        scores: &[[f32; TAGS]],
        back: &mut Vec<[u8; TAGS]>,
        tags: &mut Vec<usize>,
    ) {
        tags.clear();
        back.clear();
        let Some(first) = scores.first() else { return };
        let mut bias = [0f32; TAGS];
        for (t, b) in bias.iter_mut().enumerate() {
            *b = self.tag_bias(t);
        }
        // Transitions with the forbidden ones at -inf, so the inner loop has no test: a
        // forbidden or unreachable predecessor sums to -inf and never wins.
        let mut transition = [[f32::NEG_INFINITY; TAGS]; TAGS + 1];
        for (p, row) in transition.iter_mut().enumerate() {
            let prev = (p < TAGS).then_some(p);
            for (t, cell) in row.iter_mut().enumerate() {
                if allowed(prev, t) {
                    *cell = self.transition[p][t];
                }
            }
        }
        let mut best = [f32::NEG_INFINITY; TAGS];
        for t in 0..TAGS {
            best[t] = first[t] + bias[t] + transition[TAGS][t];
        }
        back.push([0; TAGS]);
        for emission in &scores[1..] {
            let mut next = [f32::NEG_INFINITY; TAGS];
            let mut from = [0u8; TAGS];
            for t in 0..TAGS {
                for (p, &score) in best.iter().enumerate() {
                    let s = score + transition[p][t];
                    if s > next[t] {
                        next[t] = s;
                        from[t] = p as u8;
                    }
                }
                next[t] += emission[t] + bias[t];
            }
            best = next;
            back.push(from);
        }
        let mut t = (0..TAGS).fold(0, |b, t| {
            if can_end(t) && best[t] > best[b] {
                t
            } else {
                b
            }
        });
        tags.resize(scores.len(), 0);
        for i in (0..scores.len()).rev() {
            tags[i] = t;
            t = back[i][t] as usize;
        }
    }

    /// The binary form: header, transitions as f32, the four per-type biases as f32, the
    /// non-zero emission rows as i8 with one scale (quantisation keeps the shipped file small
    /// and tagging fast), then the label lexicon as sorted `(u64 key, u8 code)` pairs.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut frozen = self.clone();
        frozen.freeze();
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC_PREFIX);
        out.extend_from_slice(&[VERSION, 0]);
        out.extend_from_slice(&frozen.bits.to_le_bytes());
        out.extend_from_slice(&frozen.scale.to_le_bytes());
        for row in &frozen.transition {
            for w in row {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        for b in &frozen.bias {
            out.extend_from_slice(&b.to_le_bytes());
        }
        let rows: Vec<(u32, &[i8])> = frozen
            .quantized
            .chunks_exact(TAGS)
            .enumerate()
            .filter(|(_, row)| row.iter().any(|&v| v != 0))
            .map(|(i, row)| (i as u32, row))
            .collect();
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for (i, row) in rows {
            out.extend_from_slice(&i.to_le_bytes());
            for v in row {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        let lexicon = frozen.lexicon.sorted();
        out.extend_from_slice(&(lexicon.len() as u32).to_le_bytes());
        for (key, code) in lexicon {
            out.extend_from_slice(&key.to_le_bytes());
            out.push(code);
        }
        out
    }

    /// Reads [`Model::to_bytes`] output.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, NerError> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(MAGIC_PREFIX.len())? != MAGIC_PREFIX {
            return Err(NerError::Model("not a khabar NER model (bad magic)".into()));
        }
        let [version, pad] = r.array()?;
        if !(2..=VERSION).contains(&version) || pad != 0 {
            return Err(NerError::Model(format!(
                "unsupported model version {version} (this build reads 2 to {VERSION})"
            )));
        }
        let bits = r.u32()?;
        if !(8..=26).contains(&bits) {
            return Err(NerError::Model(format!("unsupported bucket bits {bits}")));
        }
        let scale = r.f32()?;
        let mut model = Self {
            bits,
            emission: Vec::new(),
            quantized: vec![0; (1usize << bits) * TAGS],
            scale,
            transition: [[0.0; TAGS]; TAGS + 1],
            lexicon: LabelLexicon::default(),
            bias: [0.0; 4],
        };
        // Versions 2 and 3 hold BIO weights (9 tags); each BIOES tag reads the weights of its
        // BIO counterpart (B and S those of B, I and E those of I), which scores every tag
        // path exactly as the BIO model scored the same entities.
        let width = if version >= 4 { TAGS } else { BIO_TAGS };
        let column = |t: usize| -> usize {
            if width == TAGS {
                return t;
            }
            match tag_parts(t) {
                None => 0,
                Some((ty, Position::Begin | Position::Single)) => 1 + 2 * ty,
                Some((ty, Position::Inside | Position::End)) => 2 + 2 * ty,
            }
        };
        let mut stored = vec![[0f32; TAGS]; width + 1];
        for row in &mut stored {
            for w in row.iter_mut().take(width) {
                *w = r.f32()?;
            }
        }
        for (p, row) in model.transition.iter_mut().enumerate() {
            // Row `TAGS` (the sentence start) is row `width` of the file.
            let from = if p == TAGS { width } else { column(p) };
            for (c, w) in row.iter_mut().enumerate() {
                *w = stored[from][column(c)];
            }
        }
        if version >= 3 {
            for b in &mut model.bias {
                *b = r.f32()?;
                if !b.is_finite() {
                    return Err(NerError::Model("non-finite decision bias".into()));
                }
            }
        }
        let rows = r.u32()? as usize;
        let mut stored_rows: Vec<(usize, [i16; TAGS])> = Vec::with_capacity(rows.min(1 << bits));
        for _ in 0..rows {
            let index = r.u32()? as usize;
            let mut read = [0i16; TAGS];
            for w in read.iter_mut().take(width) {
                *w = if version >= 5 {
                    i16::from(r.i8()?)
                } else {
                    r.i16()?
                };
            }
            stored_rows.push((index, read));
        }
        // i16 weights (versions 2 to 4) are rescaled to the i8 range when they exceed it.
        let largest = stored_rows
            .iter()
            .flat_map(|(_, row)| row.iter())
            .map(|w| w.unsigned_abs())
            .max()
            .unwrap_or(0);
        let factor = (f32::from(largest) / f32::from(i8::MAX)).max(1.0);
        model.scale *= factor;
        for (index, read) in stored_rows {
            let row = model
                .quantized
                .get_mut(index * TAGS..(index + 1) * TAGS)
                .ok_or_else(|| NerError::Model(format!("row {index} out of range")))?;
            for (t, w) in row.iter_mut().enumerate() {
                *w = (f32::from(read[column(t)]) / factor).round() as i8;
            }
        }
        let entries = r.u32()?;
        for _ in 0..entries {
            let key = r.u64()?;
            let [code] = r.array()?;
            model.lexicon.insert(key, code);
        }
        if r.pos != bytes.len() {
            return Err(NerError::Model("trailing bytes".into()));
        }
        Ok(model)
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], NerError> {
        let slice = self
            .bytes
            .get(self.pos..self.pos + n)
            .ok_or_else(|| NerError::Model("truncated model".into()))?;
        self.pos += n;
        Ok(slice)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], NerError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    fn u32(&mut self) -> Result<u32, NerError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    fn u64(&mut self) -> Result<u64, NerError> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    fn f32(&mut self) -> Result<f32, NerError> {
        Ok(f32::from_le_bytes(self.array()?))
    }

    fn i16(&mut self) -> Result<i16, NerError> {
        Ok(i16::from_le_bytes(self.array()?))
    }

    fn i8(&mut self) -> Result<i8, NerError> {
        Ok(i8::from_le_bytes(self.array()?))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const B_PER: usize = tag_of(0, Position::Begin);
    const I_PER: usize = tag_of(0, Position::Inside);
    const E_PER: usize = tag_of(0, Position::End);
    const S_LOC: usize = tag_of(1, Position::Single);
    const B_ORG: usize = tag_of(2, Position::Begin);
    const E_ORG: usize = tag_of(2, Position::End);
    const S_ORG: usize = tag_of(2, Position::Single);

    #[test]
    fn tags_parse_and_constrain() {
        assert_eq!(parse_tag("O"), Some(0));
        assert_eq!(parse_tag("B-PERS"), Some(B_PER));
        assert_eq!(parse_tag("I-PERS"), Some(I_PER));
        assert_eq!(parse_tag("L-PERS"), parse_tag("E-PERS"));
        assert_eq!(parse_tag("S-MISC"), Some(TAGS - 1));
        assert_eq!(parse_tag("X-LOC"), None);
        assert_eq!(tag_kind(S_LOC), Some((EntityKind::Loc, true)));
        assert_eq!(tag_kind(E_ORG), Some((EntityKind::Org, false)));
        assert!(allowed(Some(B_PER), I_PER));
        assert!(allowed(Some(I_PER), E_PER));
        assert!(allowed(Some(E_PER), S_LOC));
        assert!(allowed(Some(S_LOC), 0));
        assert!(!allowed(Some(B_PER), 0), "an open entity must end first");
        assert!(!allowed(Some(B_PER), E_ORG), "nor change type");
        assert!(!allowed(Some(0), E_PER));
        assert!(!allowed(None, I_PER));
        assert!(can_end(E_PER) && can_end(S_LOC) && can_end(0));
        assert!(!can_end(B_PER) && !can_end(I_PER));
    }

    #[test]
    fn bytes_round_trip_and_reject_garbage() {
        let mut m = Model::zeros(8);
        m.emission[5] = 1.5;
        m.emission[100] = -0.25;
        m.transition[2][3] = 0.5;
        m.lexicon.insert(42, 7);
        let back = Model::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(
            back.lexicon, m.lexicon,
            "the label lexicon travels with the weights"
        );
        // i8 steps of the largest weight / 127: each weight within half a step.
        let step = 1.5 / 127.0;
        assert!((back.scale - step).abs() < 1e-6);
        let weight = |i: usize| f32::from(back.quantized[i]) * back.scale;
        assert!((weight(5) - 1.5).abs() < 1e-6);
        assert!((weight(100) + 0.25).abs() <= step / 2.0);
        let (mut a, mut b) = ([0f32; TAGS], [0f32; TAGS]);
        m.emit(&[0, 5], &mut a);
        back.emit(&[0, 5], &mut b);
        assert!(
            a.iter().zip(&b).all(|(x, y)| (x - y).abs() <= step),
            "{a:?} {b:?}"
        );
        assert!(
            a.iter().any(|&x| x != 0.0),
            "feature rows 0 and 5 hold the weights"
        );
        assert!((back.transition[2][3] - 0.5).abs() < f32::EPSILON);
        assert!(Model::from_bytes(b"nonsense").is_err());
        let bytes = m.to_bytes();
        assert!(Model::from_bytes(&bytes[..bytes.len() - 1]).is_err());
    }

    #[test]
    fn biases_travel_with_the_model() {
        let mut m = Model::zeros(8);
        m.emission[TAGS + 1] = 2.0;
        m.transition[1][2] = 0.75;
        m.set_bias([0.5, -1.0, 2.5, 0.0]);
        let bytes = m.to_bytes();
        let back = Model::from_bytes(&bytes).unwrap();
        assert_eq!(
            back.bias().map(f32::to_bits),
            [0.5f32, -1.0, 2.5, 0.0].map(f32::to_bits)
        );
        let mut future = bytes.clone();
        future[6] = VERSION + 1;
        assert!(
            Model::from_bytes(&future).is_err(),
            "unknown versions refused"
        );
        let bias_at = 8 + 4 + 4 + (TAGS + 1) * TAGS * 4;
        let mut nan = bytes;
        nan[bias_at..bias_at + 4].copy_from_slice(&f32::NAN.to_le_bytes());
        assert!(Model::from_bytes(&nan).is_err());
    }

    /// A BIO model file as versions 2 and 3 wrote it: 8 bucket bits, scale 1, the given
    /// transitions, biases (version 3), emission rows and no lexicon.
    fn bio_file(
        version: u8,
        transition: &[[f32; BIO_TAGS]; BIO_TAGS + 1],
        rows: &[(u32, [i16; BIO_TAGS])],
    ) -> Vec<u8> {
        let mut out = b"KHNER\x00".to_vec();
        out.extend_from_slice(&[version, 0]);
        out.extend_from_slice(&8u32.to_le_bytes());
        out.extend_from_slice(&1f32.to_le_bytes());
        for w in transition.iter().flatten() {
            out.extend_from_slice(&w.to_le_bytes());
        }
        if version >= 3 {
            for b in [0f32, 0.0, 0.25, 0.0] {
                out.extend_from_slice(&b.to_le_bytes());
            }
        }
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for (i, row) in rows {
            out.extend_from_slice(&i.to_le_bytes());
            for v in row {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        out.extend_from_slice(&0u32.to_le_bytes());
        out
    }

    #[test]
    fn bio_files_of_versions_2_and_3_decode_the_same_entities() {
        let mut transition = [[0f32; BIO_TAGS]; BIO_TAGS + 1];
        transition[5][6] = 3.0; // B-ORG -> I-ORG
        transition[BIO_TAGS][5] = -1.0; // start -> B-ORG
        // Feature 1: O 1, B-ORG 4; feature 2: O 1, I-ORG 2, B-LOC 1.5.
        let rows = [
            (1, [1, 0, 0, 0, 0, 4, 0, 0, 0]),
            (2, [1, 0, 0, 1, 0, 0, 2, 0, 0]),
        ];
        for version in [2, 3] {
            let m = Model::from_bytes(&bio_file(version, &transition, &rows)).unwrap();
            let bias = if version == 3 { 0.25 } else { 0.0 };
            assert!((m.bias()[2] - bias).abs() < f32::EPSILON);
            assert!((m.transition[B_ORG][E_ORG] - 3.0).abs() < f32::EPSILON);
            assert!((m.transition[TAGS][S_ORG] + 1.0).abs() < f32::EPSILON);
            let score = |features: &[u32]| {
                let mut s = [0f32; TAGS];
                m.emit(features, &mut s);
                s
            };
            assert!((score(&[1])[S_ORG] - 4.0).abs() < f32::EPSILON);
            assert!((score(&[2])[E_ORG] - 2.0).abs() < f32::EPSILON);
            let (mut back, mut tags) = (Vec::new(), Vec::new());
            // As the BIO model: B-ORG I-ORG scores -1 + 4 + 3 + 2 = 8, O O only 2.
            m.viterbi(&[score(&[1]), score(&[2])], &mut back, &mut tags);
            assert_eq!(tags, [B_ORG, E_ORG], "version {version}");
            m.viterbi(&[score(&[1])], &mut back, &mut tags);
            assert_eq!(tags, [S_ORG], "version {version}");
        }
    }

    #[test]
    fn i16_weights_of_version_4_files_are_rescaled_to_i8() {
        // Version 4: 8 bucket bits, scale 0.001, zero transitions and biases, two rows of
        // i16 weights far beyond the i8 range, no lexicon.
        let mut file = b"KHNER\x00".to_vec();
        file.extend_from_slice(&[4, 0]);
        file.extend_from_slice(&8u32.to_le_bytes());
        file.extend_from_slice(&0.001f32.to_le_bytes());
        file.extend(std::iter::repeat_n(0u8, ((TAGS + 1) * TAGS + 4) * 4));
        let mut rows = [[0i16; TAGS]; 2];
        rows[0][B_PER] = 25_400;
        rows[0][0] = -3_000;
        rows[1][I_PER] = 7;
        file.extend_from_slice(&2u32.to_le_bytes());
        for (index, row) in [3u32, 9].into_iter().zip(rows) {
            file.extend_from_slice(&index.to_le_bytes());
            for w in row {
                file.extend_from_slice(&w.to_le_bytes());
            }
        }
        file.extend_from_slice(&0u32.to_le_bytes());
        let m = Model::from_bytes(&file).unwrap();
        // The largest weight (25.4) becomes 127 steps of 0.2; the others round to a step.
        assert!((m.scale - 0.2).abs() < 1e-6, "{}", m.scale);
        let mut scores = [0f32; TAGS];
        m.emit(&[3, 9], &mut scores);
        assert!((scores[B_PER] - 25.4).abs() < 1e-4);
        assert!((scores[0] + 3.0).abs() < 1e-4);
        assert!(scores[I_PER].abs() < 1e-6, "0.007 is below half a step");
        // Written again, the model is a version 5 file that reads back the same.
        let again = Model::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(again, m);
    }

    #[test]
    fn a_type_bias_moves_the_decision() {
        let mut m = Model::zeros(8);
        // O narrowly beats B-ORG on the first token and E-ORG on the second.
        let mut scores = vec![[0f32; TAGS]; 2];
        scores[0][0] = 1.0;
        scores[0][B_ORG] = 0.8;
        scores[1][0] = 1.0;
        scores[1][E_ORG] = 0.8;
        let (mut back, mut tags) = (Vec::new(), Vec::new());
        m.viterbi(&scores, &mut back, &mut tags);
        assert_eq!(tags, [0, 0]);
        m.set_bias([0.0, 0.0, 0.5, 0.0]);
        m.viterbi(&scores, &mut back, &mut tags);
        assert_eq!(tags, [B_ORG, E_ORG], "ORG raised above O");
        m.set_bias([0.0, 0.0, 0.5, 1.0]);
        m.viterbi(&scores, &mut back, &mut tags);
        assert_eq!(
            tags,
            [B_ORG, E_ORG],
            "MISC's bias alone does not beat ORG's scores"
        );
        m.set_bias([0.0, 0.0, -0.5, 0.0]);
        m.viterbi(&scores, &mut back, &mut tags);
        assert_eq!(tags, [0, 0]);
    }

    #[test]
    fn viterbi_never_starts_inside_an_entity_nor_ends_open() {
        let mut m = Model::zeros(8);
        m.transition[TAGS][I_PER] = 10.0;
        let mut scores = vec![[0f32; TAGS]; 2];
        scores[0][I_PER] = 5.0;
        scores[1][B_PER] = 5.0;
        let (mut back, mut tags) = (Vec::new(), Vec::new());
        m.viterbi(&scores, &mut back, &mut tags);
        assert_ne!(tags[0], I_PER);
        assert!(allowed(Some(tags[0]), tags[1]));
        assert!(can_end(tags[1]), "{tags:?}");
    }
}
