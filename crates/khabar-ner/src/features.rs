//! Tagger features: hashed into buckets without building strings.
//!
//! Each template hashes its parts with its own seed, so "word=X" and "stem=X" land in
//! different buckets. The list is computed per token into a reusable `Vec<u32>`.

use std::hash::Hasher;

use crate::fold::light_stem;
use crate::hashing::FastHasher;
use crate::prepare::{Prepared, bits};

/// Feature templates; the discriminant is the hash seed.
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
}

/// Appends the bucket indices (`hash & mask`) of token `i`'s features to `out`; the sentence
/// spans tokens `lo..hi`.
pub fn token_features(
    prep: &Prepared,
    i: usize,
    lo: usize,
    hi: usize,
    mask: u32,
    out: &mut Vec<u32>,
) {
    let mut push = |h: FastHasher| out.push((h.finish() as u32) & mask);
    let word_at = |j: isize| -> &str {
        let k = i as isize + j;
        if k < lo as isize || k >= hi as isize {
            if j < 0 { "<s>" } else { "</s>" }
        } else {
            prep.word(k as usize)
        }
    };
    let word = prep.word(i);
    let stem = light_stem(word);

    push(h1(Template::Bias, b""));
    push(h1(Template::Word, word.as_bytes()));
    push(h1(Template::Stem, stem.as_bytes()));
    for n in 1..=3 {
        if let Some(p) = char_prefix(word, n) {
            push(h2(Template::Prefix, n as u64, p.as_bytes()));
        }
        if let Some(s) = char_suffix(word, n) {
            push(h2(Template::Suffix, n as u64, s.as_bytes()));
        }
    }
    for j in [-2isize, -1, 1, 2] {
        push(h2(Template::WordAt, j as u64, word_at(j).as_bytes()));
    }
    for j in [-1isize, 1] {
        push(h2(
            Template::StemAt,
            j as u64,
            light_stem(word_at(j)).as_bytes(),
        ));
    }
    push(h2(Template::Shape, shape(word), b""));
    let prev = word_at(-1);
    let next = word_at(1);
    let mut bigram = FastHasher::with_seed(Template::Bigram as u64);
    bigram.write(prev.as_bytes());
    bigram.write_u8(0xFF);
    bigram.write(word.as_bytes());
    push(bigram);
    let mut bigram = FastHasher::with_seed(Template::Bigram as u64 + 100);
    bigram.write(word.as_bytes());
    bigram.write_u8(0xFF);
    bigram.write(next.as_bytes());
    push(bigram);
    let mut stems = FastHasher::with_seed(Template::StemBigram as u64);
    stems.write(light_stem(prev).as_bytes());
    stems.write_u8(0xFF);
    stems.write(stem.as_bytes());
    push(stems);

    if let Some(stem_class) = prep.stem_clusters.get(i) {
        push(h2(Template::Cluster, 7 << 20 | u64::from(stem_class.fine), b""));
    }
    if let Some(class) = prep.clusters.get(i) {
        push(h2(Template::Cluster, 8 << 20 | u64::from(class.log_count), b""));
    }
    let cluster_at = |j: isize| -> (u16, u16) {
        let k = i as isize + j;
        if k < lo as isize || k >= hi as isize {
            (u16::MAX - 1, u16::MAX - 1)
        } else {
            prep.clusters.get(k as usize).map_or((0, 0), |c| (c.fine, c.coarse))
        }
    };
    let here = cluster_at(0);
    for j in [-2isize, -1, 0, 1, 2] {
        let (fine, coarse) = cluster_at(j);
        push(h2(
            Template::Cluster,
            (j as u64) << 20 | u64::from(coarse) << 16 | 1,
            b"",
        ));
        if j.abs() <= 1 {
            push(h2(
                Template::Cluster,
                (j as u64) << 20 | u64::from(fine) << 1,
                b"",
            ));
        }
    }
    let prev_cluster = cluster_at(-1);
    push(h2(
        Template::ClusterPair,
        u64::from(prev_cluster.1) << 16 | u64::from(here.1),
        b"",
    ));
    let next_cluster = cluster_at(1);
    push(h2(
        Template::ClusterPair,
        1 << 40 | u64::from(here.1) << 16 | u64::from(next_cluster.1),
        b"",
    ));

    for j in [-2isize, -1, 0, 1] {
        let k = i as isize + j;
        if k < lo as isize || k >= hi as isize {
            continue;
        }
        let set = prep.gaz_bits.get(k as usize).copied().unwrap_or(0);
        for bit in 0..bits::COUNT {
            if set & (1 << bit) != 0 {
                push(h2(Template::GazAt, (j as u64) << 8 | u64::from(bit), b""));
                if j == -1 {
                    // "after a title, this word": the strongest person cue.
                    push(h2(Template::GazWord, u64::from(bit), stem.as_bytes()));
                }
            }
        }
    }
}

fn h1(template: Template, bytes: &[u8]) -> FastHasher {
    let mut h = FastHasher::with_seed(template as u64);
    h.write(bytes);
    h
}

fn h2(template: Template, part: u64, bytes: &[u8]) -> FastHasher {
    let mut h = FastHasher::with_seed(template as u64);
    h.write_u64(part);
    h.write(bytes);
    h
}

fn char_prefix(word: &str, n: usize) -> Option<&str> {
    let end = word.char_indices().nth(n).map_or(word.len(), |(b, _)| b);
    (word.chars().count() > n).then(|| &word[..end])
}

fn char_suffix(word: &str, n: usize) -> Option<&str> {
    let count = word.chars().count();
    if count <= n {
        return None;
    }
    let start = word.char_indices().nth(count - n).map_or(0, |(b, _)| b);
    Some(&word[start..])
}

/// A coarse word shape: script, digits, punctuation, length bucket.
fn shape(word: &str) -> u64 {
    let mut arabic = false;
    let mut latin = false;
    let mut digit = false;
    let mut other = false;
    for c in word.chars() {
        if crate::fold::is_arabic(c) {
            arabic = true;
        } else if c.is_ascii_digit() {
            digit = true;
        } else if c.is_alphabetic() {
            latin = true;
        } else {
            other = true;
        }
    }
    let len = word.chars().count().min(8) as u64;
    u64::from(arabic)
        | u64::from(latin) << 1
        | u64::from(digit) << 2
        | u64::from(other) << 3
        | len << 4
}
