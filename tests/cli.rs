//! End-to-end tests of the `khabar` binary: the sample corpus in data/, bad input,
//! usage errors, and the real SaudiNewsNet archive in ../shared.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

#[path = "common/tables.rs"]
mod tables;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tables::{manifest, read_table, row_count, string_column, table_bytes};

fn khabar() -> Command {
    Command::new(env!("CARGO_BIN_EXE_khabar"))
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn run_ok(args: &[&str]) -> Output {
    let output = khabar().args(args).output().expect("run khabar");
    assert!(
        output.status.success(),
        "khabar {args:?} failed: {}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Runs khabar expecting a usage error (exit 2); returns its stderr.
fn usage_error(args: &[&str]) -> String {
    let output = khabar().args(args).output().expect("run khabar");
    assert_eq!(output.status.code(), Some(2), "khabar {args:?}");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs khabar with `args`, `input` on its standard input; the whole output.
fn run_with_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = khabar()
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run khabar");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write stdin");
    child.wait_with_output().expect("wait for khabar")
}

fn run_sample(out: &Path, threads: &str) {
    run_sample_with(out, &["--threads", threads]);
}

fn run_sample_with(out: &Path, options: &[&str]) {
    let sample = repo("data/sample");
    let mut args = vec![
        "run",
        sample.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ];
    args.extend_from_slice(options);
    run_ok(&args);
}

fn assert_record_invariant(out: &Path) -> serde_json::Value {
    let m = manifest(out);
    let totals = &m["totals"];
    let read = totals["records_read"].as_u64().unwrap();
    let docs = totals["documents"].as_u64().unwrap();
    let rejected = totals["rejected"].as_u64().unwrap();
    assert_eq!(
        read,
        docs + rejected,
        "records_read == documents + rejected"
    );
    assert_eq!(row_count(out, "documents") as u64, docs);
    assert_eq!(row_count(out, "rejects") as u64, rejected);
    let by_reason: u64 = totals["rejected_by_reason"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(by_reason, rejected);
    let ids = string_column(out, "documents", "doc_id");
    let unique: HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "doc_id is unique");
    m
}

#[test]
fn sample_corpus_every_record_lands_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run_sample(&out, "2");
    let m = assert_record_invariant(&out);
    assert_eq!(m["totals"]["records_read"], 42);
    assert_eq!(m["totals"]["rejected_by_reason"]["invalid_json"], 1);
    assert_eq!(m["totals"]["rejected_by_reason"]["empty_text"], 2);
    let inputs = m["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 3);
    assert!(inputs.iter().all(|i| i["status"] == "complete"));
    // Every table exists, even the empty ones.
    for table in tables::PER_DOCUMENT_TABLES {
        assert!(
            !tables::parts(&out, table).is_empty(),
            "{table} has a part file"
        );
    }
    // Text is cleaned: no tatweel, no bidi marks, entities decoded.
    for text in string_column(&out, "documents", "text")
        .into_iter()
        .flatten()
    {
        assert!(
            !text.contains('\u{0640}') && !text.contains('\u{200f}') && !text.contains("&quot;"),
            "{text}"
        );
    }
    let langs = string_column(&out, "documents", "lang");
    assert!(langs.iter().filter(|l| l.as_deref() == Some("ara")).count() >= 30);
    assert!(langs.iter().filter(|l| l.as_deref() == Some("eng")).count() >= 3);
}

#[test]
fn output_is_byte_identical_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one");
    let two = dir.path().join("two");
    // Batches of two records: several batches are processed at once and reach the
    // collector out of order.
    let small = dir.path().join("small-batches");
    run_sample(&one, "1");
    run_sample(&two, "2");
    run_sample_with(&small, &["--threads", "3", "--batch-size", "2"]);
    for table in tables::PER_DOCUMENT_TABLES {
        assert_eq!(
            table_bytes(&one, table),
            table_bytes(&two, table),
            "{table} differs between --threads 1 and 2"
        );
        assert_eq!(
            table_bytes(&one, table),
            table_bytes(&small, table),
            "{table} differs between --threads 1 and --threads 3 with batches of 2"
        );
    }
}

#[test]
fn threads_0_means_every_core() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("zero");
    run_sample(&out, "0");
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    assert_eq!(manifest(&out)["threads"], serde_json::json!(cores));
}

#[test]
fn a_checkpoint_at_every_input_keeps_the_state_it_names() {
    // The collector saves the state of the next checkpoint while the writer may still be
    // committing the one before: committing must not delete the newer file.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run_sample_with(&out, &["--threads", "2", "--checkpoint-records", "1"]);
    let m = assert_record_invariant(&out);
    assert_eq!(m["totals"]["records_read"], 42);
    let checkpoint: Vec<String> = std::fs::read_dir(out.join("_checkpoint"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        checkpoint.iter().any(|name| name == "corpus-000003.bin"),
        "{checkpoint:?}"
    );
    assert!(out.join("state/corpus.bin").is_file());
}

#[test]
fn rerun_into_own_output_replaces_tables_and_keeps_user_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run_sample(&out, "2");
    std::fs::write(out.join("my-notes.txt"), "mine").unwrap();
    run_sample(&out, "2");
    assert!(out.join("my-notes.txt").exists());
    assert_record_invariant(&out);
}

#[test]
fn usage_errors_exit_2_and_name_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let missing = usage_error(&["run", "no/such/input.jsonl", "--out", out.to_str().unwrap()]);
    assert!(missing.contains("no/such/input.jsonl"));

    let foreign = dir.path().join("foreign");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("thesis.tex"), "precious").unwrap();
    let sample = repo("data/sample");
    let refused = usage_error(&[
        "run",
        sample.to_str().unwrap(),
        "--out",
        foreign.to_str().unwrap(),
    ]);
    assert!(refused.contains("--overwrite"));
    assert_eq!(
        std::fs::read_to_string(foreign.join("thesis.tex")).unwrap(),
        "precious"
    );

    usage_error(&["run"]);
    let no_shards = usage_error(&["run", "x", "--out", "y", "--shard", "1/0"]);
    assert!(no_shards.contains("at least 1"), "{no_shards}");
    let no_passage = usage_error(&["eval-ner", "x.conll", "--passage", "0"]);
    assert!(no_passage.contains("--passage"), "{no_passage}");
}

#[test]
fn merge_refuses_shards_run_with_different_options() {
    let dir = tempfile::tempdir().unwrap();
    let sample = repo("data/sample");
    let one = dir.path().join("one");
    let two = dir.path().join("two");
    for (out, shard, ner) in [(&one, "1/2", "model"), (&two, "2/2", "off")] {
        run_ok(&[
            "run",
            sample.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--shard",
            shard,
            "--ner",
            ner,
            "--quiet",
        ]);
    }
    let merged = dir.path().join("merged");
    let stderr = usage_error(&[
        "merge",
        one.to_str().unwrap(),
        two.to_str().unwrap(),
        "--out",
        merged.to_str().unwrap(),
    ]);
    assert!(stderr.contains("ner"), "{stderr}");
    assert!(!merged.join("manifest.json").exists());

    // A folder that is no khabar output is a usage error too.
    let refused = usage_error(&[
        "merge",
        one.to_str().unwrap(),
        sample.to_str().unwrap(),
        "--out",
        merged.to_str().unwrap(),
    ]);
    assert!(refused.contains("not a finished khabar output"));
}

#[test]
fn merge_into_a_shard_folder_is_refused_and_the_shard_kept() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one");
    let two = dir.path().join("two");
    for (out, shard) in [(&one, "1/2"), (&two, "2/2")] {
        run_sample_with(out, &["--shard", shard, "--ner", "off"]);
    }
    let stderr = usage_error(&[
        "merge",
        one.to_str().unwrap(),
        two.to_str().unwrap(),
        "--out",
        // Spelt differently from the shard argument, the same folder.
        dir.path().join("two/../one").to_str().unwrap(),
    ]);
    assert!(stderr.contains("shard folder"), "{stderr}");
    assert!(one.join("manifest.json").exists());
    assert!(one.join("documents/part-00000.parquet").exists());
    assert!(one.join("state/corpus.bin").exists());
}

#[test]
fn relative_dates_count_from_the_articles_local_day() {
    // The same instant twice: 01:30 in Riyadh on the 22nd is 22:30 UTC on the 21st.
    // "Yesterday" is the 21st where the date field gives the offset, the 20th where it
    // gives UTC.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("gulf.jsonl");
    let text = "قال المسؤول أمس إن المشروع اكتمل.";
    std::fs::write(
        &input,
        format!(
            "{{\"id\":\"local\",\"published\":\"2015-07-22T01:30:00+03:00\",\"text\":\"{text}\"}}\n\
             {{\"id\":\"utc\",\"published\":\"2015-07-21T22:30:00Z\",\"text\":\"{text}\"}}\n"
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    run_ok(&[
        "run",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--ner",
        "off",
        "--quiet",
    ]);
    let ids = string_column(&out, "dates", "doc_id");
    let values = string_column(&out, "dates", "value");
    let rows: Vec<(String, String)> = ids
        .into_iter()
        .zip(values)
        .map(|(id, value)| (id.unwrap(), value.unwrap()))
        .collect();
    assert_eq!(
        rows,
        [
            ("local".to_owned(), "2015-07-21".to_owned()),
            ("utc".to_owned(), "2015-07-20".to_owned())
        ]
    );
    // The documents table keeps the instant in UTC.
    assert_eq!(row_count(&out, "documents"), 2);
}

#[test]
fn stdin_json_lines_and_field_flags() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let output = run_with_stdin(
        &[
            "run",
            "-",
            "--out",
            out.to_str().unwrap(),
            "--text-field",
            "story",
            "--id-field",
            "key",
            "--quiet",
        ],
        "{\"story\":\"خبر أول\",\"key\":\"a\"}\n{\"story\":\"خبر ثان\",\"key\":\"a\"}\n{\"text\":\"no story\"}\n".as_bytes(),
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let m = assert_record_invariant(&out);
    assert_eq!(m["totals"]["rejected_by_reason"]["missing_text"], 1);
    assert_eq!(m["totals"]["duplicate_ids"], 1);
    // --boilerplate auto has no pre-pass on stdin: the manifest records what ran.
    assert_eq!(m["options"]["boilerplate"], "known");
    let ids: Vec<_> = string_column(&out, "documents", "doc_id")
        .into_iter()
        .flatten()
        .collect();
    assert_eq!(ids, vec!["a", "a#2"]);
    let extra = string_column(&out, "documents", "extra");
    assert_eq!(extra, vec![None, None]);
}

#[test]
fn truncated_archive_exits_3_and_keeps_what_was_read() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("cut.json");
    std::fs::write(
        &input,
        "[{\"text\":\"خبر\"},{\"text\":\"خبر آخر\"},{\"text\":\"مقطو",
    )
    .unwrap();
    let out = dir.path().join("out");
    let output = khabar()
        .args([
            "run",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    let m = assert_record_invariant(&out);
    assert_eq!(m["totals"]["documents"], 2);
    assert_eq!(m["failed_inputs"].as_array().unwrap().len(), 1);
}

#[test]
fn schema_lists_every_table() {
    let output = run_ok(&["schema"]);
    let text = String::from_utf8(output.stdout).unwrap();
    for table in [
        "documents/",
        "rejects/",
        "mentions/",
        "dates/",
        "quotes/",
        "amounts/",
        "clusters/",
        "terms/",
    ] {
        assert!(text.contains(table), "{table} missing from khabar schema");
    }
    assert!(
        text.contains("published") && text.contains("Timestamp(µs, \"UTC\")")
            || text.contains("Timestamp(Microsecond")
    );
}

#[test]
fn normalize_filter_keeps_one_line_per_line() {
    let output = run_with_stdin(
        &["normalize", "--profile", "clean"],
        "الريـــاض\n\nأخبار\u{200f} اليوم\n".as_bytes(),
    );
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "الرياض\n\nأخبار اليوم\n"
    );
    // No newline added where the input had none, and CRLF lines are lines.
    for (input, want) in [("c", "c"), ("a\r\nb", "a\nb"), ("", "")] {
        let output = run_with_stdin(&["normalize"], input.as_bytes());
        assert_eq!(String::from_utf8(output.stdout).unwrap(), want, "{input:?}");
    }

    let output = run_with_stdin(&["normalize"], b"ok\n\xff\xfe\n");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains(":2:"));
}

/// The real archive: 18 daily ZIPs of JSON arrays, 31,030 records.
#[test]
fn saudinewsnet_every_record_lands_once_and_threads_agree() {
    let archive = repo("../shared/corpora/saudinewsnet");
    assert!(
        archive.is_dir(),
        "../shared/corpora/saudinewsnet is missing: real-archive tests need it"
    );
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one");
    let two = dir.path().join("two");
    for (out, threads) in [(&one, "1"), (&two, "2")] {
        run_ok(&[
            "run",
            archive.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--threads",
            threads,
            "--quiet",
        ]);
    }
    let m = assert_record_invariant(&two);
    assert_eq!(m["totals"]["records_read"], 31_030);
    assert_eq!(m["totals"]["rejected_by_reason"]["empty_text"], 354);
    assert_eq!(m["inputs"].as_array().unwrap().len(), 18);
    assert_eq!(
        table_bytes(&one, "documents"),
        table_bytes(&two, "documents")
    );
    let batches = read_table(&two, "documents");
    let input_files: HashSet<String> = string_column(&two, "documents", "input_file")
        .into_iter()
        .flatten()
        .collect();
    assert!(
        input_files.iter().all(|f| f.contains(".zip!/")),
        "archive members are named archive.zip!/member"
    );
    assert!(!batches.is_empty());
}

#[test]
fn sample_corpus_fills_the_extraction_and_corpus_tables() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run_sample(&out, "2");
    for table in tables::ALL_TABLES {
        assert!(
            !tables::parts(&out, table).is_empty(),
            "{table} has a part file"
        );
    }
    // The syndicated copy (ar-900 of ar-004) is an exact duplicate of the earlier article.
    let docs = string_column(&out, "clusters", "doc_id");
    let clusters = string_column(&out, "clusters", "cluster_id");
    let pairs: Vec<_> = docs
        .into_iter()
        .zip(clusters)
        .map(|(d, c)| (d.unwrap(), c.unwrap()))
        .collect();
    assert!(
        pairs.contains(&("ar-900".to_owned(), "ar-004".to_owned())),
        "{pairs:?}"
    );
    // Benghazi links to its GeoNames id, with coordinates in entities/.
    let ids = string_column(&out, "mentions", "entity_id");
    assert!(ids.iter().any(|id| id.as_deref() == Some("geonames:88319")));
    let entity_ids = string_column(&out, "entities", "entity_id");
    assert!(
        entity_ids
            .iter()
            .any(|id| id.as_deref() == Some("geonames:88319"))
    );
    // The known footer line is removed from the text and listed as boilerplate.
    for text in string_column(&out, "documents", "text")
        .into_iter()
        .flatten()
    {
        assert!(!text.contains("شارك هذا المقال"), "{text}");
    }
    let lines = string_column(&out, "boilerplate", "line");
    assert!(
        lines
            .iter()
            .any(|l| l.as_deref() == Some("شارك هذا المقال"))
    );
    // Every span's text is the documents.text slice it points to.
    let doc_text: std::collections::HashMap<String, String> =
        string_column(&out, "documents", "doc_id")
            .into_iter()
            .zip(string_column(&out, "documents", "text"))
            .map(|(id, text)| (id.unwrap(), text.unwrap()))
            .collect();
    for table in ["mentions", "dates", "quotes", "amounts"] {
        let ids = string_column(&out, table, "doc_id");
        let texts = string_column(&out, table, "text");
        let starts = tables::int_column(&out, table, "start");
        let ends = tables::int_column(&out, table, "end");
        assert!(!ids.is_empty(), "{table} is empty on the sample");
        for (((id, text), start), end) in ids.iter().zip(&texts).zip(&starts).zip(&ends) {
            let doc: Vec<char> = doc_text[id.as_deref().unwrap()].chars().collect();
            let slice: String = doc[*start as usize..*end as usize].iter().collect();
            assert_eq!(&slice, text.as_deref().unwrap(), "{table} span of {id:?}");
        }
    }
}

#[test]
fn saudinewsnet_sharded_runs_merge_to_one_run() {
    let archive = repo("../shared/corpora/saudinewsnet");
    assert!(
        archive.is_dir(),
        "../shared/corpora/saudinewsnet is missing: real-archive tests need it"
    );
    let input = archive.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole");
    run_ok(&["run", input, "--out", whole.to_str().unwrap(), "--quiet"]);
    let mut shards = Vec::new();
    for k in 1..=3 {
        let out = dir.path().join(format!("shard-{k}"));
        run_ok(&[
            "run",
            input,
            "--out",
            out.to_str().unwrap(),
            "--shard",
            &format!("{k}/3"),
            "--quiet",
        ]);
        shards.push(out.to_str().unwrap().to_owned());
    }
    let merged = dir.path().join("merged");
    let mut args = vec!["merge"];
    args.extend(shards.iter().map(String::as_str));
    args.extend(["--out", merged.to_str().unwrap()]);
    run_ok(&args);
    for table in [
        "clusters",
        "entities",
        "cooccurrence",
        "terms",
        "daily",
        "boilerplate",
    ] {
        assert_eq!(
            table_bytes(&whole, table),
            table_bytes(&merged, table),
            "{table}: merge(shards) != one run"
        );
    }
    assert_eq!(
        manifest(&whole)["totals"]["documents"],
        manifest(&merged)["totals"]["documents"]
    );

    // At least the 772 exact duplicates of earlier articles are found: every document whose
    // content hash (whitespace-folded search text) appeared earlier is in a cluster.
    let hashes = string_column(&whole, "documents", "content_hash");
    let ids = string_column(&whole, "documents", "doc_id");
    let mut seen = HashSet::new();
    let copies: Vec<&String> = ids
        .iter()
        .zip(&hashes)
        .filter(|(_, h)| !seen.insert(h.as_deref()))
        .map(|(id, _)| id.as_ref().unwrap())
        .collect();
    assert!(
        copies.len() >= 772,
        "{} exact duplicates of earlier articles",
        copies.len()
    );
    let clustered: HashSet<String> = string_column(&whole, "clusters", "doc_id")
        .into_iter()
        .flatten()
        .collect();
    let missing = copies.iter().filter(|id| !clustered.contains(**id)).count();
    assert_eq!(missing, 0, "exact duplicates missing from clusters/");
}

#[test]
fn eval_ner_prints_scores_per_type_through_the_run_path() {
    let conll = repo("../shared/ner/anercorp-train.conll");
    assert!(
        conll.is_file(),
        "../shared/ner/anercorp-train.conll is missing"
    );
    let output = run_ok(&[
        "eval-ner",
        conll.to_str().unwrap(),
        "--dev",
        "--ner",
        "gazetteer",
    ]);
    let table = String::from_utf8(output.stdout).unwrap();
    for label in ["PERS", "LOC", "ORG", "MISC", "micro"] {
        assert!(
            table.lines().any(|l| l.starts_with(label)),
            "{label} row missing:\n{table}"
        );
    }
    let micro: f64 = table
        .lines()
        .find(|l| l.starts_with("micro"))
        .and_then(|l| l.split_whitespace().nth(3))
        .and_then(|f| f.parse().ok())
        .unwrap();
    assert!(micro > 30.0 && micro < 100.0, "gazetteer micro F1 {micro}");
}

#[test]
fn documents_only_writes_the_same_documents_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let full = dir.path().join("full");
    run_sample(&full, "2");
    let only = dir.path().join("only");
    let sample = repo("data/sample");
    run_ok(&[
        "run",
        sample.to_str().unwrap(),
        "--out",
        only.to_str().unwrap(),
        "--documents-only",
        "--quiet",
    ]);
    let m = assert_record_invariant(&only);
    assert_eq!(m["options"]["documents_only"], true);
    assert_eq!(m["options"]["ner"], "off");
    assert_eq!(m["options"]["dedup"], "off");
    for column in [
        "doc_id",
        "text",
        "lang",
        "content_hash",
        "title",
        "input_file",
    ] {
        assert_eq!(
            string_column(&only, "documents", column),
            string_column(&full, "documents", column),
            "documents.{column}"
        );
    }
    for column in ["n_tokens", "n_sentences", "n_chars"] {
        assert_eq!(
            tables::int_column(&only, "documents", column),
            tables::int_column(&full, "documents", column),
            "documents.{column}"
        );
    }
    assert_eq!(
        table_bytes(&only, "rejects"),
        table_bytes(&full, "rejects"),
        "the same rejects"
    );
    let mut written: Vec<String> = std::fs::read_dir(&only)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with(['_', '.']))
        .collect();
    written.sort();
    assert_eq!(written, ["documents", "manifest.json", "rejects"]);

    // Such an output has no aggregate state, so merge refuses it by name.
    let merged = dir.path().join("merged");
    let refused = usage_error(&[
        "merge",
        only.to_str().unwrap(),
        "--out",
        merged.to_str().unwrap(),
    ]);
    assert!(refused.contains("--documents-only"));

    // Run into the full run's folder, it leaves none of that run's other tables or state.
    run_ok(&[
        "run",
        sample.to_str().unwrap(),
        "--out",
        full.to_str().unwrap(),
        "--documents-only",
        "--quiet",
    ]);
    for gone in ["mentions", "clusters", "terms", "state"] {
        assert!(
            !full.join(gone).exists(),
            "{gone} left from the earlier run"
        );
    }
    assert_eq!(
        table_bytes(&full, "documents"),
        table_bytes(&only, "documents")
    );

    // The stages it leaves out cannot be asked for at the same time.
    let x = dir.path().join("x");
    usage_error(&[
        "run",
        sample.to_str().unwrap(),
        "--out",
        x.to_str().unwrap(),
        "--documents-only",
        "--ner",
        "model",
    ]);
}

/// A warehouse/Excel CSV export: a UTF-8 BOM, CRLF, header names in another case and with
/// spaces, a column named twice, an RFC 2822 date in a US zone; and a ZIP made on a Mac.
/// Every row is a document with its title and date, the macOS metadata members are
/// `not_data` skips, and the output is the same with 1 and 2 threads.
#[test]
fn excel_csv_and_mac_zip_exports_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("export.csv");
    std::fs::write(
        &csv,
        "\u{feff}TEXT, Title ,Published,note,note\r\n\
         \"خبر أول, مع \"\"اقتباس\"\"\",One,\"Mon, 20 Jul 2015 22:51:32 EDT\",a,b\r\n\
         خبر ثان,Two,2015-07-21,c,d\r\n",
    )
    .unwrap();
    let zip_path = dir.path().join("mac.zip");
    {
        use std::io::Write;
        let file = std::fs::File::create(&zip_path).unwrap();
        let mut zip = zip::ZipWriter::new(file);
        let options = zip::write::SimpleFileOptions::default();
        for (name, bytes) in [
            ("day/one.jsonl", "{\"text\":\"خبر ثالث\"}\n".as_bytes()),
            (
                "__MACOSX/day/._one.jsonl",
                &b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X"[..],
            ),
            (".DS_Store", &b"\x00\x00\x00\x01Bud1\x00"[..]),
        ] {
            zip.start_file(name, options).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap();
    }
    let mut tables = Vec::new();
    for threads in ["1", "2"] {
        let out = dir.path().join(format!("out{threads}"));
        run_ok(&[
            "run",
            csv.to_str().unwrap(),
            zip_path.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--documents-only",
            "--threads",
            threads,
            "--quiet",
        ]);
        let m = assert_record_invariant(&out);
        assert_eq!(m["totals"]["documents"], 3);
        assert_eq!(m["totals"]["rejected"], 2);
        assert_eq!(m["totals"]["unparsed_dates"], 0);
        assert_eq!(
            string_column(&out, "rejects", "reason"),
            vec![Some("not_data".to_owned()), Some("not_data".to_owned())]
        );
        assert_eq!(
            string_column(&out, "documents", "title"),
            vec![Some("One".to_owned()), Some("Two".to_owned()), None]
        );
        let published_nulls: usize = read_table(&out, "documents")
            .iter()
            .map(|batch| arrow_array::Array::null_count(batch.column_by_name("published").unwrap()))
            .sum();
        assert_eq!(published_nulls, 1, "only the ZIP's record has no date");
        let extra = string_column(&out, "documents", "extra");
        let first: serde_json::Value = serde_json::from_str(extra[0].as_deref().unwrap()).unwrap();
        assert_eq!(first["note"], "a");
        assert_eq!(first["note_2"], "b");
        tables.push((table_bytes(&out, "documents"), table_bytes(&out, "rejects")));
    }
    assert!(
        tables[0] == tables[1],
        "output differs with the thread count"
    );
}

/// A new folder `folder` under `dir` holding the sample's July articles as `file`: the
/// folder's path and the file's.
fn folder_with_sample(dir: &Path, folder: &str, file: &str) -> (PathBuf, PathBuf) {
    let input = dir.join(folder);
    std::fs::create_dir(&input).unwrap();
    let copy = input.join(file);
    std::fs::copy(repo("data/sample/articles-2015-07.jsonl"), &copy).unwrap();
    (input, copy)
}

#[test]
fn an_output_folder_inside_the_input_folder_is_not_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let (input, _) = folder_with_sample(dir.path(), "archive", "articles.jsonl");
    let out = input.join("out");
    let args = [
        "run",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
        "--ner",
        "off",
    ];
    run_ok(&args);
    let first = assert_record_invariant(&out);
    // The second run walks a folder that now holds the first run's tables.
    run_ok(&args);
    let second = assert_record_invariant(&out);
    assert_eq!(second["totals"], first["totals"]);
    assert_eq!(second["inputs"], first["inputs"]);
    // Naming one of its own files as an input is refused: the run would rewrite it.
    let part = out.join("documents/part-00000.parquet");
    let refused = usage_error(&[
        "run",
        part.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(refused.contains("part-00000.parquet"), "{refused}");
    assert!(part.is_file());
}

#[test]
fn a_named_pipe_input_is_read_once_and_the_run_ends() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("feed.jsonl");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let out = dir.path().join("out");
    let mut child = khabar()
        .args([
            "run",
            fifo.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .args(["--quiet", "--ner", "off"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("run khabar");
    let lines = std::fs::read(repo("data/sample/articles-2015-07.jsonl")).unwrap();
    let writer = std::thread::spawn(move || {
        // Opening a pipe for writing waits for its reader; a writer opened after the run
        // has ended would wait forever, so it gives up when the run is gone.
        let _ = std::fs::write(&fifo, lines);
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_mins(2);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    let status = status.expect("khabar run on a named pipe never ended");
    assert!(status.success(), "{status}");
    writer.join().unwrap();
    let m = assert_record_invariant(&out);
    assert_eq!(m["totals"]["records_read"], 25);
    assert_eq!(m["options"]["boilerplate"], "known");
    let size = std::fs::metadata(repo("data/sample/articles-2015-07.jsonl"))
        .unwrap()
        .len();
    assert_eq!(
        m["inputs"][0]["bytes"], size,
        "a pipe's bytes are the bytes read"
    );
}

#[test]
fn a_file_named_twice_in_different_spellings_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let (input, file) = folder_with_sample(dir.path(), "in", "a.jsonl");
    std::os::unix::fs::symlink(&file, dir.path().join("link.jsonl")).unwrap();
    let out = dir.path().join("out");
    let dotted = format!("{}/./a.jsonl", input.display());
    let link = dir.path().join("link.jsonl");
    run_ok(&[
        "run",
        file.to_str().unwrap(),
        &dotted,
        input.to_str().unwrap(),
        link.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
        "--ner",
        "off",
    ]);
    let m = assert_record_invariant(&out);
    assert_eq!(m["inputs"].as_array().unwrap().len(), 1, "{}", m["inputs"]);
    assert_eq!(m["totals"]["records_read"], 25);
    assert_eq!(m["totals"]["duplicate_ids"], 0);
}

#[test]
fn missing_or_empty_files_of_normalize_and_ner_commands_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such.conll");
    let missing = missing.to_str().unwrap();
    let folder = dir.path().to_str().unwrap();
    // A path that names no file is a usage error, as a missing input is for `khabar run`.
    for args in [
        vec!["normalize", missing],
        vec!["normalize", folder],
        vec!["eval-ner", missing, "--ner", "off"],
        vec!["eval-ner", folder, "--ner", "off"],
        vec!["train-ner", missing, "--out", "unused.bin"],
    ] {
        let stderr = usage_error(&args);
        assert!(stderr.contains(args[1]), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn eval_ner_on_an_empty_or_non_utf8_file_says_so() {
    let dir = tempfile::tempdir().unwrap();
    // Scoring nothing is an error, not a table of zeros.
    let empty = dir.path().join("empty.conll");
    std::fs::write(&empty, "").unwrap();
    let output = khabar()
        .args(["eval-ner", empty.to_str().unwrap(), "--ner", "off"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no labelled tokens"), "{stderr}");
    // Invalid UTF-8 is named by file and line.
    let bad = dir.path().join("bad.conll");
    std::fs::write(&bad, b"word O\n. O\nx\xff O\n").unwrap();
    let output = khabar()
        .args(["eval-ner", bad.to_str().unwrap(), "--ner", "off"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("bad.conll:3:"), "{stderr}");
}

#[test]
fn stdin_input_bytes_are_the_bytes_read() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let data = std::fs::read(repo("data/sample/articles-2015-07.jsonl")).unwrap();
    let args = ["run", "-", "--out", out.to_str().unwrap(), "--quiet"];
    let output = run_with_stdin(&[&args[..], &["--ner", "off"]].concat(), &data);
    assert!(output.status.success());
    let m = assert_record_invariant(&out);
    assert_eq!(m["inputs"][0]["name"], "-");
    assert_eq!(m["inputs"][0]["bytes"], data.len() as u64);
    assert_eq!(m["totals"]["input_bytes"], data.len() as u64);
}
