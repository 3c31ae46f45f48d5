//! Tagger features: hashed into buckets without building strings.
//!
//! Word, stem and affix hashes are computed once per token ([`TokenHashes`]); a feature is
//! one multiply-xorshift mix of its template id, its position and those hashes, so "word=X"
//! and "stem=X" land in different buckets and no feature costs an allocation.

use crate::autolex::share_of;
use crate::lexicon::best_tag;
use crate::prepare::{Prepared, TokenHashes, bits};

/// Feature templates; the discriminant seeds the mix.
#[derive(Clone, Copy)]
#[repr(u64)]
enum Template {
    Bias = 1,
    Word,
    Stem,
    Prefix,
    Suffix,
    WordAt,
    StemAt,
    Shape,
    GazAt,
    Bigram,
    StemBigram,
    GazWord,
    Cluster,
    ClusterPair,
    Lexicon,
    Window,
    Auto,
}

const BOUNDARY: TokenHashes = TokenHashes {
    word: 0xB0B0,
    stem: 0xB0B1,
    prefix: [0; 3],
    suffix: [0; 3],
    shape: 0xB0B2,
};

#[inline]
fn mix(template: Template, a: u64, b: u64) -> u64 {
    let mut h = (template as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ a;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD).rotate_left(29) ^ b;
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^ (h >> 32)
}

/// Appends the bucket indices of token `i`'s context features to `out`: what the words
/// around it and the gazetteers and corpus classes say, nothing learnt about the word itself
/// (its spelling, affixes or training tags). The tagger that builds the corpus label
/// lexicon ([`crate::autolex`]) uses these alone, so its verdict on a word is the sum of its
/// contexts, as reliable for a training name as for an unseen one.
pub fn context_features(
    prep: &Prepared,
    i: usize,
    lo: usize,
    hi: usize,
    mask: u32,
    out: &mut Vec<u32>,
) {
    let mut push = |h: u64| out.push((h as u32) & mask);
    let inside = |j: isize| {
        let k = i as isize + j;
        (k >= lo as isize && k < hi as isize).then_some(k as usize)
    };
    push(mix(Template::Bias, 0, 0));
    let here_cluster = prep.clusters.get(i).map_or((0, 0), |c| (c.fine, c.coarse));
    push(mix(Template::Cluster, 0, u64::from(here_cluster.0)));
    push(mix(Template::Cluster, 1, u64::from(here_cluster.1)));
    if let Some(h) = prep.hashes.get(i) {
        push(mix(Template::Shape, h.shape, 0));
    }
    let lex = |j: isize| inside(j).and_then(|k| prep.lex.get(k).copied());
    let mut words = [0u64; 5];
    for (n, j) in [-2isize, -1, 1, 2].into_iter().enumerate() {
        let side = u64::from(j > 0);
        let Some(k) = inside(j) else {
            push(mix(Template::WordAt, j as u64, 0xB0B0 + side));
            words[n] = 0xB0B0 + side;
            continue;
        };
        let h = prep.hashes.get(k).copied().unwrap_or_default();
        words[n] = h.word;
        push(mix(Template::WordAt, j as u64, h.word));
        push(mix(Template::StemAt, j as u64, h.stem));
        if let Some(c) = prep.clusters.get(k) {
            push(mix(
                Template::Cluster,
                (j as u64) << 20 | 1,
                u64::from(c.coarse),
            ));
            push(mix(Template::Cluster, (j as u64) << 20, u64::from(c.fine)));
        }
        if let Some([w, s]) = lex(j) {
            push(mix(Template::Lexicon, 3 + (j as u64 & 0xFF), u64::from(w)));
            push(mix(
                Template::Lexicon,
                1 << 16 | (j as u64 & 0xFF),
                u64::from(best_tag(s)),
            ));
        }
        let set = prep.gaz_bits.get(k).copied().unwrap_or(0);
        for bit in 0..bits::COUNT {
            if set & (1 << bit) != 0 {
                push(mix(Template::GazAt, j as u64, u64::from(bit)));
            }
        }
    }
    push(mix(Template::Bigram, words[0], words[1]));
    push(mix(Template::Bigram, words[2].rotate_left(7), words[3]));
    push(mix(Template::Bigram, words[1].rotate_left(13), words[2]));
    let set = prep.gaz_bits.get(i).copied().unwrap_or(0);
    for bit in 0..bits::COUNT {
        if set & (1 << bit) != 0 {
            push(mix(Template::GazAt, 0, u64::from(bit)));
        }
    }
    for j in [-4isize, -3, 3, 4] {
        if let Some(k) = inside(j) {
            let side = u64::from(j > 0);
            let stem = prep.hashes.get(k).map_or(0, |h| h.stem);
            push(mix(Template::Window, side, stem));
        }
    }
}

/// Appends the bucket indices of token `i`'s features to `out`; the sentence spans tokens
/// `lo..hi`.
pub fn token_features(
    prep: &Prepared,
    i: usize,
    lo: usize,
    hi: usize,
    mask: u32,
    out: &mut Vec<u32>,
) {
    let mut push = |h: u64| out.push((h as u32) & mask);
    let at = |j: isize| -> (TokenHashes, u16, (u16, u16)) {
        let k = i as isize + j;
        if k < lo as isize || k >= hi as isize {
            let side = u64::from(j >= 0);
            (
                TokenHashes {
                    word: BOUNDARY.word + side,
                    stem: BOUNDARY.stem + side,
                    ..BOUNDARY
                },
                0,
                (u16::MAX - 1, u16::MAX - 1),
            )
        } else {
            let k = k as usize;
            (
                prep.hashes.get(k).copied().unwrap_or_default(),
                prep.gaz_bits.get(k).copied().unwrap_or(0),
                prep.clusters.get(k).map_or((0, 0), |c| (c.fine, c.coarse)),
            )
        }
    };
    let (here, _, here_cluster) = at(0);
    let (before, _, prev_cluster) = at(-1);
    let (after, _, next_cluster) = at(1);

    push(mix(Template::Bias, 0, 0));
    push(mix(Template::Word, here.word, 0));
    push(mix(Template::Stem, here.stem, 0));
    for n in 0..3 {
        if here.prefix[n] != 0 {
            push(mix(Template::Prefix, n as u64, here.prefix[n]));
        }
        if here.suffix[n] != 0 {
            push(mix(Template::Suffix, n as u64, here.suffix[n]));
        }
    }
    for j in [-2isize, 2] {
        push(mix(Template::WordAt, j as u64, at(j).0.word));
    }
    push(mix(Template::WordAt, 1u64.wrapping_neg(), before.word));
    push(mix(Template::WordAt, 1, after.word));
    push(mix(Template::StemAt, 1u64.wrapping_neg(), before.stem));
    push(mix(Template::StemAt, 1, after.stem));
    push(mix(Template::Shape, here.shape, 0));
    push(mix(Template::Bigram, before.word, here.word));
    push(mix(Template::Bigram, here.word.rotate_left(7), after.word));
    push(mix(Template::StemBigram, before.stem, here.stem));

    if let Some(stem_class) = prep.stem_clusters.get(i) {
        push(mix(Template::Cluster, 7 << 20, u64::from(stem_class.fine)));
    }
    if let Some(class) = prep.clusters.get(i) {
        push(mix(Template::Cluster, 8 << 20, u64::from(class.log_count)));
        push(mix(
            Template::Cluster,
            10 << 20,
            u64::from(class.after_title),
        ));
        push(mix(
            Template::Cluster,
            13 << 20,
            u64::from(class.after_org_head),
        ));
    }
    if let Some(class) = prep.stem_clusters.get(i) {
        push(mix(
            Template::Cluster,
            11 << 20,
            u64::from(class.after_title),
        ));
    }
    if i + 1 < hi
        && let Some(class) = prep.clusters.get(i + 1)
    {
        push(mix(
            Template::Cluster,
            12 << 20,
            u64::from(class.after_title),
        ));
    }
    for j in [-2isize, -1, 0, 1, 2] {
        let (fine, coarse) = match j {
            -1 => prev_cluster,
            0 => here_cluster,
            1 => next_cluster,
            _ => at(j).2,
        };
        push(mix(
            Template::Cluster,
            (j as u64) << 20 | 1,
            u64::from(coarse),
        ));
        if j.abs() <= 1 {
            push(mix(Template::Cluster, (j as u64) << 20, u64::from(fine)));
        }
    }
    push(mix(
        Template::ClusterPair,
        u64::from(prev_cluster.1),
        u64::from(here_cluster.1),
    ));
    push(mix(
        Template::ClusterPair,
        1 << 40 | u64::from(here_cluster.1),
        u64::from(next_cluster.1),
    ));

    for j in [-1isize, 1] {
        let k = i as isize + j;
        if k >= lo as isize
            && k < hi as isize
            && let Some(c) = prep.stem_clusters.get(k as usize)
        {
            push(mix(
                Template::Cluster,
                9 << 20 | (j as u64 & 0xFF),
                u64::from(c.fine),
            ));
        }
    }
    // What training said about this word and its neighbours (see `crate::lexicon`).
    let lex = |j: isize| -> [u8; 2] {
        let k = i as isize + j;
        if k < lo as isize || k >= hi as isize {
            return [0xFF; 2];
        }
        prep.lex.get(k as usize).copied().unwrap_or([0; 2])
    };
    let [word_code, stem_code] = lex(0);
    push(mix(Template::Lexicon, 0, u64::from(word_code)));
    push(mix(Template::Lexicon, 1, u64::from(stem_code)));
    push(mix(
        Template::Lexicon,
        2,
        u64::from(best_tag(word_code)) << 8 | u64::from(best_tag(stem_code)),
    ));
    for j in [-2isize, -1, 1, 2] {
        let [w, s] = lex(j);
        push(mix(Template::Lexicon, 3 + (j as u64 & 0xFF), u64::from(w)));
        push(mix(
            Template::Lexicon,
            1 << 16 | (j as u64 & 0xFF),
            u64::from(best_tag(s)),
        ));
    }
    // Words further out, by side but not by distance: the topic of the clause (a city
    // name among "match", "league", "coach" is a club, an organisation).
    for j in [-4isize, -3, 3, 4] {
        let k = i as isize + j;
        if k >= lo as isize && k < hi as isize {
            let side = u64::from(j > 0);
            push(mix(Template::Window, side, at(j).0.stem));
        }
    }
    push(mix(Template::Shape, 1 << 32 | before.shape, here.shape));
    // How the context tagger tagged this word and its neighbours over the unlabelled corpus
    // (see `crate::autolex`): per entity type, the bucketed share of its occurrences.
    let auto = |j: isize| -> Option<[u16; 2]> {
        let k = i as isize + j;
        if k < lo as isize || k >= hi as isize {
            return None;
        }
        prep.auto.get(k as usize).copied()
    };
    if let Some([word_auto, stem_auto]) = auto(0) {
        push(mix(Template::Auto, 0, u64::from(word_auto)));
        push(mix(Template::Auto, 1, u64::from(stem_auto)));
        for t in 0..4 {
            push(mix(
                Template::Auto,
                2 + u64::from(t),
                u64::from(share_of(word_auto, t)) << 8 | u64::from(share_of(stem_auto, t)),
            ));
        }
    }
    for j in [-1isize, 1] {
        if let Some([word_auto, _]) = auto(j) {
            for t in 0..4 {
                let share = share_of(word_auto, t);
                if share > 0 {
                    push(mix(
                        Template::Auto,
                        16 + (j as u64 & 0xF) * 8 + u64::from(t),
                        u64::from(share),
                    ));
                }
            }
        }
    }
    for j in [-2isize, -1, 0, 1, 2] {
        let (_, set, _) = at(j);
        if set == 0 {
            continue;
        }
        for bit in 0..bits::COUNT {
            if set & (1 << bit) != 0 {
                push(mix(Template::GazAt, j as u64, u64::from(bit)));
                if j == -1 {
                    // "after a title, this word": the strongest person cue.
                    push(mix(Template::GazWord, u64::from(bit), here.stem));
                }
            }
        }
    }
}
