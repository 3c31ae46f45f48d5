//! Duplicate clusters: exact groups by content hash, near groups by `MinHash` LSH.
//!
//! 1. Documents are sorted by input order, so every later step sees the same sequence
//!    however the state was sharded and merged.
//! 2. Exact groups: documents with the same [`crate::exact_hash`]. Documents whose text is
//!    empty after folding are never clustered.
//! 3. Near links: each exact group (its signature is stored once, by content hash) enters
//!    the LSH index: `bands` bands of `rows` slots, each band hashed to a bucket. Two
//!    documents sharing a bucket are a candidate pair, linked when the estimated Jaccard
//!    is at least the threshold. A member is compared with at most
//!    [`ClusterOptions::max_bucket_comparisons`] earlier members of one bucket, which bounds
//!    the cost of buckets filled by shared boilerplate.
//! 4. Union-find over exact groups and near links gives the clusters.
//! 5. The representative (`cluster_id`) is the earliest member by
//!    `(published is null, published, order)`: dated documents come before undated ones.

use crate::fasthash::{FastMap, FastSet};
use crate::minhash::estimated_jaccard;

/// How a document joined its cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum DuplicateKind {
    /// Same folded text as the representative.
    Exact,
    /// Near-duplicate: linked through estimated Jaccard >= threshold.
    Near,
}

impl DuplicateKind {
    /// The label written to the table: `exact` or `near`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::Near => "near",
        }
    }
}

/// One row of the `clusters` table. Singletons are not listed; the representative is.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ClusterRow {
    /// The member.
    pub doc_id: String,
    /// The representative's doc id.
    pub cluster_id: String,
    /// `Exact` when the member's folded text equals the representative's, else `Near`.
    /// The representative's own row is `Exact` when some other member is an exact copy of
    /// it, else `Near`.
    pub kind: DuplicateKind,
    /// Estimated Jaccard to the representative: 1.0 for exact copies and for the
    /// representative itself; 0.0 when either lacks a signature.
    pub similarity: f64,
}

/// LSH parameters; `bands * rows` must equal the signature length for near detection.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClusterOptions {
    /// Minimum estimated Jaccard for a near link.
    pub threshold: f64,
    /// LSH bands.
    pub bands: usize,
    /// Signature slots per band.
    pub rows: usize,
    /// Earlier bucket members one document is compared with, at most.
    pub max_bucket_comparisons: usize,
}

impl Default for ClusterOptions {
    /// 0.8 over 16 bands of 8 rows (128 permutations): a pair at Jaccard 0.8 becomes a
    /// candidate with probability 1 - (1 - 0.8^8)^16 = 0.95, at 0.9 with 0.9999, at 0.5 with
    /// 0.06.
    fn default() -> Self {
        Self {
            threshold: 0.8,
            bands: 16,
            rows: 8,
            max_bucket_comparisons: 256,
        }
    }
}

/// What clustering needs of one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DocRecord {
    pub(crate) order: (u32, u64),
    pub(crate) doc_id: String,
    pub(crate) published: Option<i64>,
    pub(crate) exact_hash: u64,
}

/// `MinHash` signatures by exact content hash: documents with the same folded text have the
/// same signature, so syndicated copies share one entry instead of 512 bytes each.
pub(crate) type Signatures = FastMap<u64, Box<[u32]>>;

impl DocRecord {
    fn rank(&self) -> (bool, i64, (u32, u64)) {
        (
            self.published.is_none(),
            self.published.unwrap_or(0),
            self.order,
        )
    }
}

struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        Self {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            // The smaller index wins so roots do not depend on call order.
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[hi] = lo;
        }
    }
}

/// A bucket key for one band of a signature (collisions only add candidates, which are
/// verified).
fn band_hash(band: &[u32]) -> u64 {
    let mut h: u64 = 0x9E37_79B9_7F4A_7C15;
    for &v in band {
        h = (h ^ u64::from(v))
            .wrapping_mul(0x9FB2_1C65_1E98_DF25)
            .rotate_left(31);
    }
    h
}

/// Builds the `clusters` rows from records sorted by `order`.
pub(crate) fn cluster_rows(
    docs: &[&DocRecord],
    signatures: &Signatures,
    options: &ClusterOptions,
) -> Vec<ClusterRow> {
    let empty = crate::empty_text_hash();
    let mut uf = UnionFind::new(docs.len());

    // Exact groups: every member joins the first one seen with that hash.
    let mut first_by_hash: FastMap<u64, usize> = FastMap::default();
    let mut lsh_members: Vec<usize> = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        if doc.exact_hash == empty {
            continue;
        }
        match first_by_hash.get(&doc.exact_hash) {
            Some(&first) => uf.union(first, i),
            None => {
                first_by_hash.insert(doc.exact_hash, i);
            }
        }
    }
    let signature = |i: usize| signatures.get(&docs[i].exact_hash).map(|s| &**s);
    // One LSH entry per exact group, its first member, when its signature is usable.
    let sig_len = options.bands.saturating_mul(options.rows);
    let mut group_has_entry: FastSet<u64> = FastSet::default();
    for (i, doc) in docs.iter().enumerate() {
        let usable = signature(i)
            .is_some_and(|s| s.len() == sig_len && sig_len > 0 && s.iter().any(|&v| v != u32::MAX));
        if doc.exact_hash != empty && usable && group_has_entry.insert(doc.exact_hash) {
            lsh_members.push(i);
        }
    }

    // Near links through LSH buckets, one band at a time: a sorted (bucket, doc) list per
    // band keeps the peak memory at 16 bytes per document instead of a map of all bands.
    let rows = options.rows.max(1);
    let mut keyed: Vec<(u64, usize)> = Vec::with_capacity(lsh_members.len());
    for band in 0..options.bands {
        keyed.clear();
        for &i in &lsh_members {
            if let Some(chunk) = signature(i).and_then(|s| s.get(band * rows..(band + 1) * rows)) {
                keyed.push((band_hash(chunk), i));
            }
        }
        keyed.sort_unstable();
        for bucket in keyed.chunk_by(|a, b| a.0 == b.0).filter(|b| b.len() > 1) {
            for (pos, &(_, i)) in bucket.iter().enumerate() {
                let start = pos.saturating_sub(options.max_bucket_comparisons);
                for &(_, j) in &bucket[start..pos] {
                    if uf.find(i) == uf.find(j) {
                        continue;
                    }
                    if let (Some(a), Some(b)) = (signature(i), signature(j))
                        && estimated_jaccard(a, b) >= options.threshold
                    {
                        uf.union(i, j);
                    }
                }
            }
        }
    }

    // Components, their representatives and rows.
    let mut components: FastMap<usize, Vec<usize>> = FastMap::default();
    for (i, doc) in docs.iter().enumerate() {
        if doc.exact_hash == empty {
            continue;
        }
        let root = uf.find(i);
        components.entry(root).or_default().push(i);
    }
    let mut rows_with_rank = Vec::new();
    for members in components.into_values().filter(|m| m.len() > 1) {
        let Some(&rep) = members.iter().min_by_key(|&&i| docs[i].rank()) else {
            continue;
        };
        let rep_doc = &docs[rep];
        let rep_rank = rep_doc.rank();
        let rep_has_exact_copy = members
            .iter()
            .any(|&i| i != rep && docs[i].exact_hash == rep_doc.exact_hash);
        for &i in &members {
            let doc = &docs[i];
            let (kind, similarity) = if i == rep {
                (
                    if rep_has_exact_copy {
                        DuplicateKind::Exact
                    } else {
                        DuplicateKind::Near
                    },
                    1.0,
                )
            } else if doc.exact_hash == rep_doc.exact_hash {
                (DuplicateKind::Exact, 1.0)
            } else {
                let sim = match (signature(i), signature(rep)) {
                    (Some(a), Some(b)) => estimated_jaccard(a, b),
                    _ => 0.0,
                };
                (DuplicateKind::Near, sim)
            };
            let row = ClusterRow {
                doc_id: doc.doc_id.clone(),
                cluster_id: rep_doc.doc_id.clone(),
                kind,
                similarity,
            };
            rows_with_rank.push(((rep_rank, doc.rank()), row));
        }
    }
    rows_with_rank.sort_by_key(|r| r.0);
    rows_with_rank.into_iter().map(|(_, row)| row).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(
        order: u64,
        id: &str,
        published: Option<i64>,
        hash: u64,
        sig: Option<Vec<u32>>,
    ) -> (DocRecord, Option<Vec<u32>>) {
        let doc = DocRecord {
            order: (0, order),
            doc_id: id.to_owned(),
            published,
            exact_hash: hash,
        };
        (doc, sig)
    }

    /// Clusters `recs`, storing each content hash's first signature the way the state does.
    fn cluster(recs: &[(DocRecord, Option<Vec<u32>>)]) -> Vec<ClusterRow> {
        let mut signatures = Signatures::default();
        for (doc, sig) in recs {
            if let Some(sig) = sig {
                signatures
                    .entry(doc.exact_hash)
                    .or_insert_with(|| sig.clone().into_boxed_slice());
            }
        }
        let docs: Vec<&DocRecord> = recs.iter().map(|(d, _)| d).collect();
        cluster_rows(&docs, &signatures, &opts())
    }

    fn opts() -> ClusterOptions {
        ClusterOptions {
            threshold: 0.75,
            bands: 2,
            rows: 2,
            max_bucket_comparisons: 8,
        }
    }

    #[test]
    fn exact_cluster_representative_is_earliest_published_then_order() {
        let docs = [
            rec(0, "a", None, 7, None),
            rec(1, "b", Some(10), 7, None),
            rec(2, "c", Some(5), 7, None),
            rec(3, "d", Some(5), 9, None),
        ];
        let rows = cluster(&docs);
        let got: Vec<(&str, &str, DuplicateKind)> = rows
            .iter()
            .map(|r| (r.doc_id.as_str(), r.cluster_id.as_str(), r.kind))
            .collect();
        assert_eq!(
            got,
            [
                ("c", "c", DuplicateKind::Exact),
                ("b", "c", DuplicateKind::Exact),
                ("a", "c", DuplicateKind::Exact)
            ]
        );
    }

    #[test]
    fn near_links_need_the_threshold() {
        let docs = [
            rec(0, "a", None, 1, Some(vec![1, 2, 3, 4])),
            rec(1, "b", None, 2, Some(vec![1, 2, 3, 9])), // 0.75 to a
            rec(2, "c", None, 3, Some(vec![1, 2, 8, 9])), // 0.5 to a, 0.75 to b
            rec(3, "d", None, 4, Some(vec![1, 5, 6, 7])),
            rec(4, "e", None, 1, None), // exact copy of a
        ];
        let rows = cluster(&docs);
        let got: Vec<(&str, &str, DuplicateKind, f64)> = rows
            .iter()
            .map(|r| {
                (
                    r.doc_id.as_str(),
                    r.cluster_id.as_str(),
                    r.kind,
                    r.similarity,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("a", "a", DuplicateKind::Exact, 1.0),
                ("b", "a", DuplicateKind::Near, 0.75),
                ("c", "a", DuplicateKind::Near, 0.5),
                ("e", "a", DuplicateKind::Exact, 1.0),
            ]
        );
    }

    #[test]
    fn empty_texts_and_singletons_are_not_listed() {
        let empty = crate::empty_text_hash();
        let docs = [
            rec(0, "a", None, empty, None),
            rec(1, "b", None, empty, None),
            rec(2, "c", None, 5, None),
        ];
        assert!(cluster(&docs).is_empty());
    }

    #[test]
    fn near_only_cluster_marks_representative_near() {
        let docs = [
            rec(0, "a", Some(3), 1, Some(vec![1, 2, 3, 4])),
            rec(1, "b", Some(2), 2, Some(vec![1, 2, 3, 4])),
        ];
        let rows = cluster(&docs);
        assert_eq!(rows[0].doc_id, "b");
        assert_eq!(rows[0].kind, DuplicateKind::Near);
        assert_eq!(rows[1].kind, DuplicateKind::Near);
        assert!((rows[1].similarity - 1.0).abs() < f64::EPSILON);
    }
}
