//! Document ids, unique within a run and assigned in input order.
//!
//! The id field where present, else a stable hash of input file and index. A repeated id
//! gets `#2`, `#3`, ... appended in input order (skipping any suffix already taken), and is
//! counted in the manifest as `duplicate_ids`.

use std::collections::{BTreeMap, HashSet};

use khabar_core::{hex64, stable_hash64};
use serde::{Deserialize, Serialize};

/// Assigns ids; its state is saved in checkpoints so a resumed run continues it.
#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct IdAssigner {
    seen: HashSet<String>,
    next_suffix: BTreeMap<String, u32>,
    /// Records whose id repeated an earlier one.
    pub duplicates: u64,
}

impl IdAssigner {
    /// The id of the record at `input_file`/`input_index`, whose id field was `id_field`.
    pub fn assign(
        &mut self,
        id_field: Option<String>,
        input_file: &str,
        input_index: u64,
    ) -> String {
        let base = id_field.unwrap_or_else(|| {
            let key = format!("{input_file}\u{0}{input_index}");
            hex64(stable_hash64(key.as_bytes()))
        });
        if self.seen.insert(base.clone()) {
            return base;
        }
        self.duplicates += 1;
        let suffix = self.next_suffix.entry(base.clone()).or_insert(1);
        loop {
            *suffix += 1;
            let candidate = format!("{base}#{suffix}");
            if self.seen.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_get_suffixes_in_order_and_never_collide() {
        let mut ids = IdAssigner::default();
        let got: Vec<String> = [Some("a"), Some("a"), Some("a#3"), Some("a"), None, None]
            .into_iter()
            .enumerate()
            .map(|(i, id)| ids.assign(id.map(str::to_owned), "f.jsonl", i as u64))
            .collect();
        assert_eq!(&got[..4], ["a", "a#2", "a#3", "a#4"]);
        assert_ne!(got[4], got[5]);
        assert_eq!(got[4].len(), 16);
        assert_eq!(ids.duplicates, 2);
    }
}
