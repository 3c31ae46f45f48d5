//! The quarantine contract: every record read lands in exactly one row of documents or
//! rejects, damaged inputs keep what came before the damage, and a killed run resumes to
//! the same tables as an uninterrupted one.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

#[path = "common/tables.rs"]
mod tables;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use tables::{manifest, row_count, string_column, table_bytes};

fn khabar() -> Command {
    Command::new(env!("CARGO_BIN_EXE_khabar"))
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut w = zip::ZipWriter::new(&mut buf);
    for (name, bytes) in members {
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        w.start_file(*name, opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap();
    buf.into_inner()
}

fn many_lines(n: usize) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for i in 0..n {
        let _ = writeln!(out, "{{\"text\":\"خبر رقم {i} عن الرياض\"}}");
    }
    out
}

/// Reasons found for one input file, from rejects/.
fn reasons_for(out: &Path, file_suffix: &str) -> Vec<String> {
    let files = string_column(out, "rejects", "input_file");
    let reasons = string_column(out, "rejects", "reason");
    files
        .into_iter()
        .zip(reasons)
        .filter(|(f, _)| f.as_deref().is_some_and(|f| f.ends_with(file_suffix)))
        .map(|(_, r)| r.unwrap())
        .collect()
}

#[test]
fn every_bad_input_case_gets_a_reason_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let put = |name: &str, bytes: &[u8]| std::fs::write(input.join(name), bytes).unwrap();
    put(
        "01-malformed.jsonl",
        b"{\"text\":\"ok\"}\n{\"text\": oops}\n{\"text\":\"ok again\"}\n",
    );
    put(
        "02-cut-array.json",
        "[{\"text\":\"أول\"},{\"text\":\"ثان".as_bytes(),
    );
    put("03-bad-utf8.jsonl", b"{\"text\":\"a\xff\xfeb\"}\n");
    put("04-surrogate.jsonl", br#"{"text":"a\ud800b"}"#);
    put("05-nul.jsonl", b"{\"text\":\"before\\u0000after\"}\n");
    put(
        "06-types.jsonl",
        b"{\"text\":12}\n{\"text\":[\"a\"]}\n{\"text\":{\"a\":1}}\n{\"text\":null}\n{\"title\":\"no text\"}\n",
    );
    put(
        "07-empty-text.jsonl",
        "{\"text\":\"\"}\n{\"text\":\"  \\u200f\\u00a0 \\n \"}\n".as_bytes(),
    );
    let junk: Vec<u8> = (0..3000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
        .collect();
    put("08-junk.bin", &junk);
    put("09-empty.jsonl", b"");
    let body = many_lines(20_000);
    let gz = gzip(body.as_bytes());
    put("10-cut.jsonl.gz", &gz[..gz.len() / 2]);
    let zst = zstd::encode_all(body.as_bytes(), 1).unwrap();
    put("11-cut.jsonl.zst", &zst[..zst.len() / 2]);
    let good = many_lines(50);
    let mut zip = zip_of(&[("a.jsonl", good.as_bytes()), ("b.jsonl", good.as_bytes())]);
    for b in &mut zip[45..60] {
        *b ^= 0x5a;
    }
    put("12-corrupt-member.zip", &zip);
    let bomb = vec![b' '; 64 << 20];
    put(
        "13-bomb.zip",
        &zip_of(&[("bomb.jsonl", &bomb), ("ok.jsonl", b"{\"text\":\"x\"}\n")]),
    );
    std::os::unix::fs::symlink(
        dir.path().join("nowhere"),
        input.join("14-unreadable.jsonl"),
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
    assert_eq!(
        output.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let m = manifest(&out);
    let totals = &m["totals"];
    assert_eq!(
        totals["records_read"].as_u64().unwrap(),
        totals["documents"].as_u64().unwrap() + totals["rejected"].as_u64().unwrap()
    );
    assert_eq!(
        row_count(&out, "documents") as u64,
        totals["documents"].as_u64().unwrap()
    );
    assert_eq!(
        row_count(&out, "rejects") as u64,
        totals["rejected"].as_u64().unwrap()
    );
    let per_input: u64 = m["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["records"].as_u64().unwrap())
        .sum();
    assert_eq!(per_input, totals["records_read"].as_u64().unwrap());

    assert_eq!(
        reasons_for(&out, "01-malformed.jsonl"),
        vec!["invalid_json"]
    );
    assert_eq!(reasons_for(&out, "02-cut-array.json"), vec!["invalid_json"]);
    assert_eq!(reasons_for(&out, "03-bad-utf8.jsonl"), vec!["invalid_utf8"]);
    assert_eq!(
        reasons_for(&out, "04-surrogate.jsonl"),
        vec!["invalid_utf8"]
    );
    assert!(reasons_for(&out, "05-nul.jsonl").is_empty());
    assert_eq!(
        reasons_for(&out, "06-types.jsonl"),
        vec![
            "wrong_type",
            "wrong_type",
            "wrong_type",
            "wrong_type",
            "missing_text"
        ]
    );
    assert_eq!(
        reasons_for(&out, "07-empty-text.jsonl"),
        vec!["empty_text", "empty_text"]
    );
    assert!(!reasons_for(&out, "08-junk.bin").is_empty());
    assert_eq!(
        reasons_for(&out, "10-cut.jsonl.gz"),
        vec!["corrupt_archive"]
    );
    assert_eq!(
        reasons_for(&out, "11-cut.jsonl.zst"),
        vec!["corrupt_archive"]
    );
    assert!(
        reasons_for(&out, "12-corrupt-member.zip!/a.jsonl").contains(&"corrupt_archive".to_owned())
    );
    assert_eq!(
        reasons_for(&out, "13-bomb.zip!/bomb.jsonl"),
        vec!["corrupt_archive"]
    );
    assert_eq!(
        reasons_for(&out, "14-unreadable.jsonl"),
        vec!["unreadable_input"]
    );

    // Records before the damage are kept.
    let files = string_column(&out, "documents", "input_file");
    let count = |suffix: &str| {
        files
            .iter()
            .filter(|f| f.as_deref().is_some_and(|f| f.ends_with(suffix)))
            .count()
    };
    assert_eq!(count("01-malformed.jsonl"), 2);
    assert_eq!(count("02-cut-array.json"), 1);
    assert!(count("10-cut.jsonl.gz") > 1000);
    assert!(count("11-cut.jsonl.zst") > 1000);
    assert_eq!(count("12-corrupt-member.zip!/b.jsonl"), 50);
    assert_eq!(count("13-bomb.zip!/ok.jsonl"), 1);

    let failed: Vec<String> = m["failed_inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    for name in [
        "02-cut-array.json",
        "10-cut.jsonl.gz",
        "11-cut.jsonl.zst",
        "12-corrupt-member.zip",
        "13-bomb.zip",
        "14-unreadable.jsonl",
    ] {
        assert!(
            failed.iter().any(|f| f.ends_with(name)),
            "{name} not in failed_inputs: {failed:?}"
        );
    }
    // Raw bytes are kept, capped at 4 KiB.
    let raws = tables::read_table(&out, "rejects");
    for batch in raws {
        let raw = batch.column_by_name("raw").unwrap();
        let raw = arrow_array::cast::AsArray::as_binary::<i32>(raw);
        assert!(
            raw.iter()
                .all(|value| value.is_some_and(|v| v.len() <= 4096))
        );
    }
}

#[test]
fn a_200_mb_line_is_rejected_as_record_too_large() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut child = khabar()
        .args(["run", "-", "--out", out.to_str().unwrap(), "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(b"{\"text\":\"small\"}\n{\"text\":\"")
            .unwrap();
        let chunk = vec![b'x'; 1 << 20];
        for _ in 0..200 {
            stdin.write_all(&chunk).unwrap();
        }
        stdin.write_all(b"\"}\n{\"text\":\"after\"}\n").unwrap();
    }
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let m = manifest(&out);
    assert_eq!(m["totals"]["documents"], 2);
    assert_eq!(m["totals"]["rejected_by_reason"]["record_too_large"], 1);
}

fn snn() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/saudinewsnet");
    assert!(
        dir.is_dir(),
        "../shared/corpora/saudinewsnet is missing: real-archive tests need it"
    );
    dir
}

fn run_args<'a>(input: &'a str, out: &'a str) -> Vec<&'a str> {
    vec![
        "run",
        input,
        "--out",
        out,
        "--quiet",
        "--threads",
        "2",
        "--checkpoint-records",
        "1500",
    ]
}

#[test]
fn killed_run_resumes_to_the_same_tables() {
    let archive = snn();
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole");
    let resumed = dir.path().join("resumed");
    let input = archive.to_str().unwrap();

    let status = khabar()
        .args(run_args(input, whole.to_str().unwrap()))
        .status()
        .unwrap();
    assert!(status.success());

    // Start, wait for a few checkpoints, then kill -9.
    let mut child = khabar()
        .args(run_args(input, resumed.to_str().unwrap()))
        .spawn()
        .unwrap();
    let state = resumed.join("_checkpoint/state.json");
    let deadline = std::time::Instant::now() + std::time::Duration::from_mins(2);
    loop {
        if let Ok(bytes) = std::fs::read(&state) {
            let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            if v["inputs_done"].as_u64().unwrap() >= 4 {
                break;
            }
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no checkpoint within 120 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        !resumed.join("manifest.json").exists(),
        "the killed run must not look finished"
    );
    // No half-written part shows under a final name: every visible part file is readable.
    for table in ["documents", "rejects"] {
        let _ = tables::read_table(&resumed, table);
    }

    let mut args = run_args(input, resumed.to_str().unwrap());
    args.push("--resume");
    let status = khabar().args(args).status().unwrap();
    assert!(status.success());
    // Documents, rejects, extractions and the corpus aggregates.
    for table in tables::ALL_TABLES {
        assert_eq!(
            table_bytes(&whole, table),
            table_bytes(&resumed, table),
            "{table} differs after resume"
        );
    }
    let (a, b) = (manifest(&whole), manifest(&resumed));
    assert_eq!(a["totals"], b["totals"]);
    assert_eq!(a["inputs"], b["inputs"]);
    assert_eq!(a["tables"], b["tables"]);
}

#[test]
fn resume_with_other_inputs_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample");
    let english = sample.join("english.jsonl.gz");
    assert!(
        khabar()
            .args([
                "run",
                sample.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "-q"
            ])
            .status()
            .unwrap()
            .success()
    );
    let output = khabar()
        .args([
            "run",
            english.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--resume",
            "-q",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("other inputs"), "{stderr}");
    // It names the first input that differs.
    assert!(
        stderr.contains("3 inputs there, 1 here; input 1 is")
            && stderr.contains("articles-2015-07.jsonl"),
        "{stderr}"
    );
}

#[test]
fn a_fatal_error_exits_1_and_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample");
    let sample = sample.to_str().unwrap();
    assert!(
        khabar()
            .args(["run", sample, "--out", out.to_str().unwrap(), "-q"])
            .status()
            .unwrap()
            .success()
    );
    std::fs::write(out.join("_checkpoint/state.json"), b"{ not json").unwrap();
    let output = khabar()
        .args([
            "run",
            sample,
            "--out",
            out.to_str().unwrap(),
            "--resume",
            "-q",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("state.json"));
}

#[test]
fn resume_with_other_options_is_a_usage_error_naming_the_option() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let out = out.to_str().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample");
    let sample = sample.to_str().unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec![
            "run",
            sample,
            "--out",
            out,
            "-q",
            "--checkpoint-records",
            "1",
        ];
        args.extend_from_slice(extra);
        khabar().args(args).output().unwrap()
    };
    assert!(run(&["--ner", "gazetteer"]).status.success());
    // The checkpoint's rows were made with --ner gazetteer: going on with --ner off would mix
    // two kinds of mentions and entities.
    let output = run(&["--ner", "off", "--resume"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("ner = \"gazetteer\""), "{stderr}");
    let output = run(&["--ner", "gazetteer", "--text-field", "title", "--resume"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("fields"));
    // Options that leave the tables as they are may change.
    assert!(
        run(&["--ner", "gazetteer", "--threads", "1", "--resume"])
            .status
            .success()
    );
}
