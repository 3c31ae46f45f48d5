//! `khabar merge`: the corpus tables of shard outputs combined, equal to one run over all.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::{Context, Result, bail};
use khabar_aggregate::{
    AggregateOptions, CorpusState, DEFAULT_MIN_DOCS, DEFAULT_MIN_FRACTION, LineStats,
};
use khabar_ner::{EntityRecognizer, NerMode};

use crate::args::MergeArgs;
use crate::corpus::{CorpusTablesOptions, read_state, write_corpus_tables};
use crate::manifest::{InputEntry, Manifest, Totals};

fn shard_of(manifest: &Manifest) -> Option<(u32, u32)> {
    let spec = manifest.options.get("shard")?.as_str()?;
    let (k, n) = spec.split_once('/')?;
    Some((k.parse().ok()?, n.parse().ok()?))
}

fn add_totals(into: &mut Totals, other: &Totals) {
    into.records_read += other.records_read;
    into.documents += other.documents;
    into.rejected += other.rejected;
    into.unparsed_dates += other.unparsed_dates;
    into.duplicate_ids += other.duplicate_ids;
    into.input_bytes += other.input_bytes;
    into.text_bytes += other.text_bytes;
    for (reason, n) in &other.rejected_by_reason {
        *into.rejected_by_reason.entry(reason.clone()).or_insert(0) += n;
    }
}

/// Checks that the shards are K/N for every K once, made from the same inputs.
fn check_shards(manifests: &[(String, Manifest)]) -> Result<()> {
    let mut seen = BTreeSet::new();
    let mut count = None;
    for (dir, manifest) in manifests {
        let Some((k, n)) = shard_of(manifest) else {
            if manifests.len() == 1 {
                return Ok(());
            }
            bail!(crate::UsageError::Message(format!(
                "{dir} is not a shard output (run it with --shard K/N)"
            )));
        };
        if *count.get_or_insert(n) != n || !seen.insert(k) {
            bail!(crate::UsageError::Message(format!(
                "{dir}: shard {k}/{n} repeats a shard or disagrees on N"
            )));
        }
    }
    if let Some(n) = count {
        let missing: Vec<u32> = (1..=n).filter(|k| !seen.contains(k)).collect();
        if !missing.is_empty() {
            bail!(crate::UsageError::Message(format!(
                "shards {missing:?} of {n} are missing from the merge"
            )));
        }
    }
    Ok(())
}

/// Refuses shards that read the same input: each input goes to exactly one shard, so an
/// input listed by two shards means they saw different input lists (files added to the
/// archive between shard runs shift every later input to another shard), and the merge would
/// count its documents twice and miss others.
fn check_disjoint_inputs(manifests: &[(String, Manifest)]) -> Result<()> {
    let mut reader: BTreeMap<&str, &str> = BTreeMap::new();
    for (dir, manifest) in manifests {
        for input in &manifest.inputs {
            if let Some(first) = reader.insert(input.name.as_str(), dir.as_str()) {
                bail!(crate::UsageError::Message(format!(
                    "{} was read by both {first} and {dir}: the shards were not run over the same inputs",
                    input.name
                )));
            }
        }
    }
    Ok(())
}

/// Options that change what the corpus tables hold: shards must agree on all of them
/// (`--min-df` is not one: it applies when the merge finishes the tables).
/// `max_record_bytes` decides which records are documents and which are rejects.
const TABLE_OPTIONS: &[&str] = &[
    "ner",
    "dedup",
    "boilerplate",
    "boilerplate_thresholds",
    "near_duplicates",
    "fields",
    "inputs",
    "max_record_bytes",
];

/// Refuses shards run with different table-shaping options (a merge of an `--ner off` shard
/// with an `--ner model` one would mix two kinds of entity tables), and shards written by
/// another khabar version than this one: their states may fold, hash or sign text
/// differently (and this binary finishes the tables), so the merge would not be one run's.
fn check_same_options(manifests: &[(String, Manifest)]) -> Result<()> {
    let this_version = env!("CARGO_PKG_VERSION");
    if let Some((dir, manifest)) = manifests.iter().find(|(_, m)| m.version != this_version) {
        bail!(crate::UsageError::Message(format!(
            "{dir} was written by khabar version {}, but this is khabar version {this_version}: merge shards with the version that ran them",
            manifest.version
        )));
    }
    let Some((first_dir, first)) = manifests.first() else {
        return Ok(());
    };
    for (dir, manifest) in &manifests[1..] {
        for &key in TABLE_OPTIONS {
            let (a, b) = (first.options.get(key), manifest.options.get(key));
            if a != b {
                let show = |v: Option<&serde_json::Value>| {
                    v.map_or_else(|| "(not set)".to_owned(), ToString::to_string)
                };
                bail!(crate::UsageError::Message(format!(
                    "{dir} was run with {key} = {}, but {first_dir} with {key} = {}: shards must be run with the same options",
                    show(b),
                    show(a)
                )));
            }
        }
    }
    Ok(())
}

/// The `options` of the merged manifest: the table-shaping options the shards share (checked
/// equal by [`check_same_options`]), so that the merged output records the switches its
/// tables were made with as a run's manifest does, plus the shard folders and `--min-df`.
fn merged_options(
    manifests: &[(String, Manifest)],
    args: &MergeArgs,
) -> BTreeMap<String, serde_json::Value> {
    let mut options = BTreeMap::new();
    if let Some((_, first)) = manifests.first() {
        for &key in TABLE_OPTIONS.iter().chain(&["documents_only"]) {
            if let Some(value) = first.options.get(key) {
                options.insert(key.to_owned(), value.clone());
            }
        }
    }
    options.insert(
        "merge".to_owned(),
        serde_json::json!(
            args.shards
                .iter()
                .map(|d| d.display().to_string())
                .collect::<Vec<_>>()
        ),
    );
    options.insert(
        "min_df".to_owned(),
        serde_json::json!(min_df(manifests, args)),
    );
    options
}

/// `--min-df`, or else the one the shards were run with when they all agree, or else 2 (a
/// merge of shards run with `--min-df 5` is one run with `--min-df 5`).
fn min_df(manifests: &[(String, Manifest)], args: &MergeArgs) -> u64 {
    if let Some(n) = args.min_df {
        return n;
    }
    let mut shards = manifests
        .iter()
        .map(|(_, m)| m.options.get("min_df").and_then(serde_json::Value::as_u64));
    match shards.next().flatten() {
        Some(first) if shards.all(|n| n == Some(first)) => first,
        _ => AggregateOptions::default().min_df,
    }
}

/// Refuses an `--out` that is one of the shard folders: preparing it would delete that
/// shard's tables, manifest and state before they are read.
fn check_out_is_no_shard(args: &MergeArgs) -> Result<()> {
    let Ok(out) = args.out.canonicalize() else {
        return Ok(()); // not there yet, so no shard folder
    };
    if let Some(dir) = args
        .shards
        .iter()
        .find(|dir| dir.canonicalize().is_ok_and(|d| d == out))
    {
        bail!(crate::UsageError::Message(format!(
            "--out {} is the shard folder {}: merging into it would delete that shard's tables; choose another --out",
            args.out.display(),
            dir.display()
        )));
    }
    Ok(())
}

/// Merges shard outputs into `--out`.
pub fn merge(args: &MergeArgs) -> Result<u8> {
    let started = std::time::Instant::now();
    let started_at = crate::run::now_micros();
    let mut manifests = Vec::new();
    for dir in &args.shards {
        let manifest = Manifest::read(dir).map_err(|e| {
            crate::UsageError::Message(format!(
                "{}: not a finished khabar output (no readable manifest.json: {e:#})",
                dir.display()
            ))
        })?;
        manifests.push((dir.display().to_string(), manifest));
    }
    if let Some((dir, _)) = manifests.iter().find(|(_, m)| {
        m.options
            .get("documents_only")
            .and_then(serde_json::Value::as_bool)
            == Some(true)
    }) {
        bail!(crate::UsageError::Message(format!(
            "{dir} was run with --documents-only: it holds no aggregate state to merge"
        )));
    }
    check_shards(&manifests)?;
    check_same_options(&manifests)?;
    check_disjoint_inputs(&manifests)?;
    check_out_is_no_shard(args)?;
    crate::outdir::prepare(&args.out, args.overwrite, &BTreeSet::new())
        .map_err(crate::UsageError::from)?;

    let mut state = CorpusState::new();
    let mut lines: Option<LineStats> = None;
    for dir in &args.shards {
        let (shard_state, shard_lines) = read_state(dir)?;
        state.merge(shard_state);
        match (&lines, shard_lines) {
            (None, Some(l)) => lines = Some(l),
            (Some(a), Some(b)) if *a != b => {
                bail!(
                    "{}: its boilerplate line statistics differ from the first shard's: were the shards run over the same inputs?",
                    dir.display()
                )
            }
            _ => {}
        }
    }
    let boilerplate = lines
        .as_ref()
        .map(|l| {
            l.decide(DEFAULT_MIN_DOCS, DEFAULT_MIN_FRACTION)
                .rows()
                .to_vec()
        })
        .unwrap_or_default();
    let dedup_off = manifests
        .iter()
        .any(|(_, m)| m.options.get("dedup").and_then(|v| v.as_str()) == Some("off"));
    let recognizer = EntityRecognizer::new(NerMode::Gazetteer)?;
    let options = CorpusTablesOptions {
        aggregate: AggregateOptions {
            min_df: min_df(&manifests, args),
            ..AggregateOptions::default()
        },
        clusters: !dedup_off,
        boilerplate: &boilerplate,
        recognizer: Some(&recognizer),
    };
    let tables = write_corpus_tables(&args.out, &state, &options)?;
    crate::corpus::write_state(&args.out, &state, None, lines.as_ref())?;

    let mut totals = Totals::default();
    let mut inputs = Vec::new();
    for (dir, manifest) in &manifests {
        add_totals(&mut totals, &manifest.totals);
        inputs.push(InputEntry {
            name: dir.clone(),
            bytes: Some(manifest.totals.input_bytes),
            records: manifest.totals.records_read,
            documents: manifest.totals.documents,
            rejected: manifest.totals.rejected,
            status: if manifest.failed_inputs.is_empty() {
                "complete"
            } else {
                "incomplete"
            }
            .to_owned(),
            error: None,
        });
    }
    let failed_inputs: Vec<String> = manifests
        .iter()
        .flat_map(|(_, m)| m.failed_inputs.clone())
        .collect();
    let options_map = merged_options(&manifests, args);
    let relative = |p: &Path| {
        p.strip_prefix(&args.out)
            .unwrap_or(p)
            .to_string_lossy()
            .into_owned()
    };
    let manifest = Manifest {
        tool: "khabar".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        started_at: khabar_io::timestamp::format_rfc3339_micros(started_at),
        finished_at: khabar_io::timestamp::format_rfc3339_micros(crate::run::now_micros()),
        elapsed_seconds: started.elapsed().as_secs_f64(),
        threads: 1,
        options: options_map,
        inputs,
        failed_inputs,
        totals,
        tables: tables
            .iter()
            .map(|(t, parts)| {
                (
                    t.name().to_owned(),
                    parts.iter().map(|p| relative(p)).collect(),
                )
            })
            .collect(),
    };
    manifest
        .write(&args.out)
        .with_context(|| format!("writing {}/manifest.json", args.out.display()))?;
    eprintln!(
        "khabar: merged {} shard outputs into {}",
        args.shards.len(),
        args.out.display()
    );
    Ok(crate::EXIT_OK)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn shard(k: u32, n: u32, max_record_bytes: u64) -> (String, Manifest) {
        let mut manifest = Manifest {
            tool: "khabar".to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            ..Manifest::default()
        };
        for (key, value) in [
            ("shard", serde_json::json!(format!("{k}/{n}"))),
            ("ner", serde_json::json!("gazetteer")),
            ("dedup", serde_json::json!("near")),
            ("boilerplate", serde_json::json!("auto")),
            ("inputs", serde_json::json!(["data/sample"])),
            ("max_record_bytes", serde_json::json!(max_record_bytes)),
        ] {
            manifest.options.insert(key.to_owned(), value);
        }
        (format!("shard-{k}"), manifest)
    }

    #[test]
    fn the_merged_manifest_records_the_shards_table_options() {
        let shards = [shard(1, 2, 4096), shard(2, 2, 4096)];
        let args = MergeArgs {
            shards: vec!["shard-1".into(), "shard-2".into()],
            out: "merged".into(),
            overwrite: false,
            min_df: Some(3),
        };
        let options = merged_options(&shards, &args);
        for (key, want) in [
            ("ner", serde_json::json!("gazetteer")),
            ("dedup", serde_json::json!("near")),
            ("boilerplate", serde_json::json!("auto")),
            ("max_record_bytes", serde_json::json!(4096)),
            ("min_df", serde_json::json!(3)),
            ("merge", serde_json::json!(["shard-1", "shard-2"])),
        ] {
            assert_eq!(options.get(key), Some(&want), "{key}");
        }
    }

    /// Shards run with `--min-df 5` were merged with 2: another terms table than one run's.
    #[test]
    fn min_df_defaults_to_the_shards_own() {
        let with = |min_df: u64| {
            let (dir, mut manifest) = shard(1, 2, 4096);
            manifest
                .options
                .insert("min_df".to_owned(), serde_json::json!(min_df));
            (dir, manifest)
        };
        let args = |min_df| MergeArgs {
            shards: vec![],
            out: "merged".into(),
            overwrite: false,
            min_df,
        };
        assert_eq!(min_df(&[with(5), with(5)], &args(None)), 5);
        assert_eq!(min_df(&[with(5), with(5)], &args(Some(3))), 3);
        assert_eq!(min_df(&[with(5), with(4)], &args(None)), 2);
        assert_eq!(min_df(&[shard(1, 2, 4096)], &args(None)), 2);
    }

    #[test]
    fn shards_that_read_the_same_input_are_refused() {
        let input = |name: &str| InputEntry {
            name: name.to_owned(),
            ..InputEntry::default()
        };
        let mut shards = [shard(1, 2, 1 << 20), shard(2, 2, 1 << 20)];
        shards[0].1.inputs = vec![input("a.json"), input("c.json")];
        shards[1].1.inputs = vec![input("b.json"), input("d.json")];
        assert!(check_disjoint_inputs(&shards).is_ok());
        // b.json appeared after shard 1 ran: shard 2 saw a, b, c, d and read b and d, shard
        // 1 saw a, c, d and read a and d.
        shards[0].1.inputs = vec![input("a.json"), input("d.json")];
        let err = check_disjoint_inputs(&shards).unwrap_err().to_string();
        assert!(
            err.contains("d.json") && err.contains("shard-1") && err.contains("shard-2"),
            "{err}"
        );
    }

    #[test]
    fn shards_with_another_record_size_limit_are_refused() {
        let same = [shard(1, 2, 1 << 20), shard(2, 2, 1 << 20)];
        assert!(check_same_options(&same).is_ok());
        // The limit decides which records are documents and which are rejects: the
        // tables of such shards are not those of any one run.
        let other = [shard(1, 2, 1 << 20), shard(2, 2, 4096)];
        let err = check_same_options(&other).unwrap_err().to_string();
        assert!(err.contains("max_record_bytes"), "{err}");
    }

    #[test]
    fn shards_written_by_another_version_are_refused() {
        let mut shards = [shard(1, 2, 1 << 20), shard(2, 2, 1 << 20)];
        assert!(check_same_options(&shards).is_ok());
        shards[1].1.version = "0.0.0-older".to_owned();
        let err = check_same_options(&shards).unwrap_err().to_string();
        assert!(
            err.contains("0.0.0-older") && err.contains("version"),
            "{err}"
        );
        // A lone output from another version is refused too: this binary finishes its
        // tables, and another version's state need not mean the same.
        let err = check_same_options(&shards[1..]).unwrap_err().to_string();
        assert!(err.contains("0.0.0-older"), "{err}");
    }
}
