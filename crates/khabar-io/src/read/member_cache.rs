//! [`MemberCache`]: decompressed ZIP members kept from one read of the inputs for the next.
//!
//! A run with the boilerplate pre-pass reads every input twice. Inflating a member is most
//! of what reading costs, so the pre-pass keeps what it inflated (within a byte budget) and
//! the main pass reads those members from memory, each one dropped as soon as it is read.
//! A member is kept only when the first read got to its end without any error, so the
//! second read sees the same bytes, and the same records, rejects and report, as a second
//! inflate would have given.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::sync::Mutex;

/// What a reader does with a [`MemberCache`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheRole {
    /// Keep the members it inflates (the first read).
    Fill,
    /// Read kept members from memory and drop them (the second read).
    Take,
}

/// Decompressed archive members, by member name (`archive.zip!/member.json`).
pub struct MemberCache {
    /// The archives whose members may be kept: those the second read will read.
    archives: HashSet<String>,
    state: Mutex<Kept>,
}

struct Kept {
    /// Bytes that may still be kept.
    budget: u64,
    members: HashMap<String, Vec<u8>>,
}

impl std::fmt::Debug for MemberCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (budget, members) = self
            .state
            .lock()
            .map_or((0, 0), |kept| (kept.budget, kept.members.len()));
        f.debug_struct("MemberCache")
            .field("archives", &self.archives.len())
            .field("budget_left", &budget)
            .field("members", &members)
            .finish()
    }
}

impl MemberCache {
    /// A cache of at most `budget` bytes for the members of `archives` (input names as the
    /// readers see them).
    #[must_use]
    pub fn new(budget: u64, archives: impl IntoIterator<Item = String>) -> Self {
        Self {
            archives: archives.into_iter().collect(),
            state: Mutex::new(Kept {
                budget,
                members: HashMap::new(),
            }),
        }
    }

    /// Reserves room for a member of `archive` that declares `size` bytes; false when the
    /// archive is not one to keep or the budget is spent.
    pub(crate) fn reserve(&self, archive: &str, size: u64) -> bool {
        if !self.archives.contains(archive) {
            return false;
        }
        let Ok(mut kept) = self.state.lock() else {
            return false;
        };
        if kept.budget < size {
            return false;
        }
        kept.budget -= size;
        true
    }

    /// Keeps `bytes` under `member` (room for `reserved` bytes was reserved), or gives the
    /// room back when `bytes` is `None` (the read failed) or not the size reserved.
    pub(crate) fn settle(&self, member: &str, reserved: u64, bytes: Option<Vec<u8>>) {
        let Ok(mut kept) = self.state.lock() else {
            return;
        };
        match bytes {
            Some(bytes) if bytes.len() as u64 == reserved => {
                kept.members.insert(member.to_owned(), bytes);
            }
            _ => kept.budget += reserved,
        }
    }

    /// The kept bytes of `member`, removed from the cache.
    pub(crate) fn take(&self, member: &str) -> Option<Vec<u8>> {
        let mut kept = self.state.lock().ok()?;
        let bytes = kept.members.remove(member)?;
        kept.budget += bytes.len() as u64;
        Some(bytes)
    }
}

/// A reader that keeps a copy of every byte it passes on.
pub(crate) struct Tee<R> {
    pub(crate) inner: R,
    pub(crate) copy: Vec<u8>,
}

impl<R: Read> Read for Tee<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.copy
            .extend_from_slice(buf.get(..n).unwrap_or_default());
        Ok(n)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_bounds_what_is_kept_and_taking_frees_it() {
        let cache = MemberCache::new(10, ["a.zip".to_owned()]);
        assert!(!cache.reserve("b.zip", 1), "not an archive to keep");
        assert!(cache.reserve("a.zip", 6));
        assert!(!cache.reserve("a.zip", 6), "over the budget");
        cache.settle("a.zip!/x", 6, Some(vec![1; 6]));
        // A failed read gives its room back.
        assert!(cache.reserve("a.zip", 4));
        cache.settle("a.zip!/y", 4, None);
        assert_eq!(cache.take("a.zip!/y"), None);
        // A member that is not the size it declared is not kept.
        assert!(cache.reserve("a.zip", 4));
        cache.settle("a.zip!/z", 4, Some(vec![1; 3]));
        assert_eq!(cache.take("a.zip!/z"), None);
        assert_eq!(cache.take("a.zip!/x"), Some(vec![1; 6]));
        assert_eq!(cache.take("a.zip!/x"), None, "taken once");
        assert!(cache.reserve("a.zip", 10), "all of the budget is back");
    }

    #[test]
    fn a_tee_copies_what_it_reads() {
        let mut tee = Tee {
            inner: &b"hello world"[..],
            copy: Vec::new(),
        };
        let mut first = [0u8; 5];
        tee.read_exact(&mut first).unwrap();
        let mut rest = Vec::new();
        tee.read_to_end(&mut rest).unwrap();
        assert_eq!(tee.copy, b"hello world");
    }
}
