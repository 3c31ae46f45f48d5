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
    members: HashMap<String, KeptMember>,
}

/// A member's bytes, and how many of them the first read of its inflating reader gave.
///
/// The format of an input is sniffed from the first chunk a reader returns (see
/// `read_stream`), so the second read hands its bytes out in the same first chunk.
pub(crate) struct KeptMember {
    pub(crate) bytes: Vec<u8>,
    pub(crate) first_read: usize,
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

    /// Keeps `read` under `member` (room for `reserved` bytes was reserved), or gives the
    /// room back when it is `None` (the read failed) or not the size reserved.
    pub(crate) fn settle(&self, member: &str, reserved: u64, read: Option<KeptMember>) {
        let Ok(mut kept) = self.state.lock() else {
            return;
        };
        match read {
            Some(read) if read.bytes.len() as u64 == reserved => {
                // The same member read twice (an archive named twice) keeps one copy.
                if let Some(old) = kept.members.insert(member.to_owned(), read) {
                    kept.budget += old.bytes.len() as u64;
                }
            }
            _ => kept.budget += reserved,
        }
    }

    /// The kept member `member`, removed from the cache.
    pub(crate) fn take(&self, member: &str) -> Option<KeptMember> {
        let mut kept = self.state.lock().ok()?;
        let read = kept.members.remove(member)?;
        kept.budget += read.bytes.len() as u64;
        Some(read)
    }
}

/// A reader that keeps a copy of the bytes it passes on, up to `limit` of them (the size
/// the member declared): a member that inflates to more is not kept, and its copy goes as
/// soon as it passes the limit, so a lying header costs no memory.
pub(crate) struct Tee<R> {
    inner: R,
    copy: Vec<u8>,
    limit: usize,
    first_read: Option<usize>,
    over: bool,
}

impl<R> Tee<R> {
    /// A tee that copies at most `limit` bytes of `inner`.
    pub(crate) fn new(inner: R, limit: usize) -> Self {
        Self {
            inner,
            copy: Vec::with_capacity(limit),
            limit,
            first_read: None,
            over: false,
        }
    }

    /// The copy, when it holds every byte passed on (none went past the limit).
    pub(crate) fn into_kept(self) -> Option<KeptMember> {
        (!self.over).then(|| KeptMember {
            bytes: self.copy,
            first_read: self.first_read.unwrap_or(0),
        })
    }
}

impl<R: Read> Read for Tee<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.first_read.get_or_insert(n);
        if !self.over {
            if self.copy.len() + n > self.limit {
                self.over = true;
                self.copy = Vec::new();
            } else {
                self.copy
                    .extend_from_slice(buf.get(..n).unwrap_or_default());
            }
        }
        Ok(n)
    }
}

/// A kept member read back: its first read gives no more bytes than the inflating reader's
/// first read gave (the format is sniffed from that first chunk), later reads whatever is
/// asked.
pub(crate) struct Replay {
    bytes: std::io::Cursor<Vec<u8>>,
    first_read: Option<usize>,
}

impl Replay {
    /// A reader of `kept`.
    pub(crate) fn new(kept: KeptMember) -> Self {
        Self {
            bytes: std::io::Cursor::new(kept.bytes),
            first_read: Some(kept.first_read),
        }
    }
}

impl Read for Replay {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self.first_read.take() {
            Some(first) => {
                let end = first.min(buf.len());
                self.bytes.read(buf.get_mut(..end).unwrap_or_default())
            }
            None => self.bytes.read(buf),
        }
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
        let kept = |n: usize| {
            Some(KeptMember {
                bytes: vec![1; n],
                first_read: n,
            })
        };
        cache.settle("a.zip!/x", 6, kept(6));
        // A failed read gives its room back.
        assert!(cache.reserve("a.zip", 4));
        cache.settle("a.zip!/y", 4, None);
        assert!(cache.take("a.zip!/y").is_none());
        // A member that is not the size it declared is not kept.
        assert!(cache.reserve("a.zip", 4));
        cache.settle("a.zip!/z", 4, kept(3));
        assert!(cache.take("a.zip!/z").is_none());
        assert_eq!(cache.take("a.zip!/x").map(|m| m.bytes), Some(vec![1; 6]));
        assert!(cache.take("a.zip!/x").is_none(), "taken once");
        assert!(cache.reserve("a.zip", 10), "all of the budget is back");
    }

    #[test]
    fn a_tee_copies_what_it_reads_and_a_replay_gives_it_back_in_the_same_first_chunk() {
        let mut tee = Tee::new(&b"hello world"[..], 11);
        let mut first = [0u8; 5];
        tee.read_exact(&mut first).unwrap();
        let mut rest = Vec::new();
        tee.read_to_end(&mut rest).unwrap();
        let kept = tee.into_kept().unwrap();
        assert_eq!(kept.bytes, b"hello world");
        assert_eq!(kept.first_read, 5);
        let mut replay = Replay::new(kept);
        let mut buf = [0u8; 64];
        assert_eq!(replay.read(&mut buf).unwrap(), 5);
        assert_eq!(replay.read(&mut buf).unwrap(), 6);
        assert_eq!(&buf[..6], b" world");
    }

    #[test]
    fn a_tee_drops_its_copy_past_the_limit() {
        let mut tee = Tee::new(&b"hello world"[..], 4);
        let mut all = Vec::new();
        tee.read_to_end(&mut all).unwrap();
        assert_eq!(all, b"hello world", "the reader still passes everything on");
        assert_eq!(tee.copy.capacity(), 0);
        assert!(tee.into_kept().is_none());
    }
}
