//! Learns word clusters from the SaudiNewsNet corpus: a tagger feature that generalises
//! from names seen in training to names that occur in similar contexts.
//!
//! ```text
//! cargo run --release -p khabar-ner --example clusters -- ../shared/corpora/saudinewsnet data/ner/clusters.tsv
//! ```
//! Method: the 100,000 most frequent folded words; for each, counts of the 600 most frequent
//! words directly to its left and to its right; positive PMI weights; a fixed random
//! projection to 192 dimensions; spherical k-means with 256 and with 64 clusters
//! (deterministic seeding). Output: `word<TAB>cluster256<TAB>cluster64<TAB>log2(count)<TAB>after-title bucket 0..3<TAB>after-organisation-head bucket`,
//! sorted by word.
// Numeric code over flat arrays: short index names and explicit index loops read best.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::needless_range_loop,
    clippy::many_single_char_names,
    clippy::similar_names
)]

mod common;

use std::collections::HashMap;
use std::io::Write;

use khabar_ner::fold_key;

const VOCAB: usize = 100_000;
const CONTEXT: usize = 600;
const DIMS: usize = 192;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args
        .first()
        .expect("usage: clusters <saudinewsnet dir> <out.tsv>");
    let out = args
        .get(1)
        .expect("usage: clusters <saudinewsnet dir> <out.tsv>");
    let zips = common::zips(dir);
    assert_eq!(zips.len(), 18, "expected 18 SaudiNewsNet ZIPs in {dir}");
    // Documents as sequences of folded words (sentence punctuation kept as a boundary word).
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut words: Vec<String> = Vec::new();
    let mut counts: Vec<u64> = Vec::new();
    let mut docs: Vec<Vec<u32>> = Vec::new();
    common::for_each_article(&zips, |content| {
        let mut doc = Vec::new();
        for raw in content.split_whitespace() {
            let trimmed = raw.trim_matches(|c: char| !c.is_alphanumeric());
            let word = if trimmed.is_empty() {
                "<p>".to_owned()
            } else {
                fold_key(trimmed)
            };
            let id = *ids.entry(word.clone()).or_insert_with(|| {
                words.push(word);
                counts.push(0);
                (words.len() - 1) as u32
            });
            counts[id as usize] += 1;
            doc.push(id);
        }
        docs.push(doc);
    });
    let mut by_freq: Vec<u32> = (0..words.len() as u32).collect();
    by_freq.sort_by(|&a, &b| {
        counts[b as usize]
            .cmp(&counts[a as usize])
            .then(words[a as usize].cmp(&words[b as usize]))
    });
    let mut vocab_index = vec![u32::MAX; words.len()];
    let mut context_index = vec![u32::MAX; words.len()];
    for (rank, &w) in by_freq.iter().take(VOCAB).enumerate() {
        vocab_index[w as usize] = rank as u32;
        if rank < CONTEXT {
            context_index[w as usize] = rank as u32;
        }
    }
    let vocab = VOCAB.min(by_freq.len());
    let mut cooc = vec![0u32; vocab * 2 * CONTEXT];
    for doc in &docs {
        for (i, &w) in doc.iter().enumerate() {
            let v = vocab_index[w as usize];
            if v == u32::MAX {
                continue;
            }
            let row = v as usize * 2 * CONTEXT;
            if i > 0 {
                let c = context_index[doc[i - 1] as usize];
                if c != u32::MAX {
                    cooc[row + c as usize] += 1;
                }
            }
            if let Some(&next) = doc.get(i + 1) {
                let c = context_index[next as usize];
                if c != u32::MAX {
                    cooc[row + CONTEXT + c as usize] += 1;
                }
            }
        }
    }
    // PPMI, then a fixed pseudo-random ±1 projection.
    let total: f64 = cooc.iter().map(|&c| f64::from(c)).sum();
    let mut col = vec![0f64; 2 * CONTEXT];
    let mut rowsum = vec![0f64; vocab];
    for v in 0..vocab {
        for c in 0..2 * CONTEXT {
            let x = f64::from(cooc[v * 2 * CONTEXT + c]);
            col[c] += x;
            rowsum[v] += x;
        }
    }
    let sign = |c: usize, d: usize| -> f32 {
        let h = (c as u64 * 0x9E37_79B9_7F4A_7C15) ^ (d as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
        if (h ^ (h >> 31)).wrapping_mul(0xFF51_AFD7_ED55_8CCD) >> 63 == 1 {
            1.0
        } else {
            -1.0
        }
    };
    let mut vectors = vec![0f32; vocab * DIMS];
    for v in 0..vocab {
        for c in 0..2 * CONTEXT {
            let x = f64::from(cooc[v * 2 * CONTEXT + c]);
            if x == 0.0 || rowsum[v] == 0.0 {
                continue;
            }
            let pmi = (x * total / (rowsum[v] * col[c])).ln();
            if pmi <= 0.0 {
                continue;
            }
            for d in 0..DIMS {
                vectors[v * DIMS + d] += pmi as f32 * sign(c, d);
            }
        }
        normalize(&mut vectors[v * DIMS..(v + 1) * DIMS]);
    }
    let fine = kmeans(&vectors, vocab, 256);
    let coarse = kmeans(&vectors, vocab, 64);
    // Third column: log2 of the word's count, a rarity cue (names are rarer than words).
    // How often a word follows a title (الرئيس X, الرئيس الأمريكي X): a name cue.
    let titles: std::collections::HashSet<u32> = include_str!("../../../data/ner/triggers.tsv")
        .lines()
        .filter_map(|l| l.strip_prefix("TITLE\t"))
        .filter_map(|w| ids.get(&fold_key(w.trim())).copied())
        .collect();
    let org_heads: std::collections::HashSet<u32> = include_str!("../../../data/ner/triggers.tsv")
        .lines()
        .filter_map(|l| l.strip_prefix("ORG\t"))
        .filter_map(|w| ids.get(&fold_key(w.trim())).copied())
        .collect();
    let mut after_org = vec![0u64; words.len()];
    let mut after_title = vec![0u64; words.len()];
    for doc in &docs {
        for i in 1..doc.len() {
            let prev = doc[i - 1];
            let via_adjective =
                i >= 2 && titles.contains(&doc[i - 2]) && words[prev as usize].starts_with("ال");
            if titles.contains(&prev) || via_adjective {
                after_title[doc[i] as usize] += 1;
            }
            if org_heads.contains(&prev) {
                after_org[doc[i] as usize] += 1;
            }
        }
    }
    let bucket = |after: &[u64], w: usize| -> u32 {
        let ratio = after[w] as f64 / counts[w].max(1) as f64;
        match ratio {
            r if counts[w] < 3 || r < 0.01 => 0,
            r if r < 0.05 => 1,
            r if r < 0.2 => 2,
            _ => 3,
        }
    };
    let mut rows: Vec<(String, usize, usize, u32, u32, u32)> = by_freq
        .iter()
        .take(vocab)
        .enumerate()
        // Markup words are left out, and so are scraps of style sheets (background urls):
        // they are no words, and a path in a shipped file reads like one of this machine's.
        .filter(|(_, w)| {
            let word = words[**w as usize].as_str();
            !matches!(word, "<p>" | "") && !word.contains("(/")
        })
        .map(|(r, &w)| {
            (
                words[w as usize].clone(),
                fine[r],
                coarse[r],
                counts[w as usize].max(1).ilog2(),
                bucket(&after_title, w as usize),
                bucket(&after_org, w as usize),
            )
        })
        .collect();
    rows.sort();
    let mut file = std::io::BufWriter::new(std::fs::File::create(out).unwrap());
    writeln!(file, "# word\tcluster256\tcluster64\tlog2count\tafter_title\tafter_org_head: learnt by examples/clusters.rs from SaudiNewsNet word contexts").unwrap();
    for (w, f, c, n, t, o) in rows {
        writeln!(file, "{w}\t{f}\t{c}\t{n}\t{t}\t{o}").unwrap();
    }
    eprintln!(
        "{} documents, {} word types, {vocab} clustered",
        docs.len(),
        words.len()
    );
}

fn normalize(v: &mut [f32]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        for x in v.iter_mut() {
            *x /= norm;
        }
    }
}

/// Spherical k-means; the initial centroids are words spread evenly over the frequency list.
fn kmeans(vectors: &[f32], n: usize, k: usize) -> Vec<usize> {
    let mut centroids: Vec<f32> = (0..k)
        .flat_map(|j| vectors[(j * n / k) * DIMS..(j * n / k + 1) * DIMS].to_vec())
        .collect();
    let mut assign = vec![0usize; n];
    for _ in 0..15 {
        for v in 0..n {
            let x = &vectors[v * DIMS..(v + 1) * DIMS];
            let mut best = (f32::NEG_INFINITY, 0);
            for j in 0..k {
                let c = &centroids[j * DIMS..(j + 1) * DIMS];
                let s: f32 = x.iter().zip(c).map(|(a, b)| a * b).sum();
                if s > best.0 {
                    best = (s, j);
                }
            }
            assign[v] = best.1;
        }
        centroids.fill(0.0);
        for v in 0..n {
            for d in 0..DIMS {
                centroids[assign[v] * DIMS + d] += vectors[v * DIMS + d];
            }
        }
        for j in 0..k {
            normalize(&mut centroids[j * DIMS..(j + 1) * DIMS]);
        }
    }
    assign
}
