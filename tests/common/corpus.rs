//! Loads the SaudiNewsNet archive from `../shared` for real-text tests and benchmarks.
//!
//! Fails loudly when the archive is missing: CI must have it.

#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared/corpora/saudinewsnet` relative to the workspace root, which is the first
/// directory with a `Cargo.lock` at or above the crate being built (so member crates can
/// include this file too).
pub fn saudinewsnet_dir() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = manifest
        .ancestors()
        .find(|dir| dir.join("Cargo.lock").is_file())
        .unwrap_or(&manifest);
    let dir = root.join("../shared/corpora/saudinewsnet");
    assert!(
        dir.is_dir(),
        "the SaudiNewsNet archive is missing at {}: real-archive tests need ../shared beside the repository",
        dir.display()
    );
    dir
}

/// The daily ZIP files, sorted.
pub fn saudinewsnet_zips() -> Vec<PathBuf> {
    let mut zips: Vec<PathBuf> = std::fs::read_dir(saudinewsnet_dir())
        .expect("read ../shared/corpora/saudinewsnet")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "zip"))
        .collect();
    zips.sort();
    assert_eq!(
        zips.len(),
        18,
        "expected 18 daily ZIPs in ../shared/corpora/saudinewsnet"
    );
    zips
}

/// The `content` field of the articles in the first `max_zips` daily ZIPs, in order.
pub fn saudinewsnet_contents(max_zips: usize) -> Vec<String> {
    let mut out = Vec::new();
    for path in saudinewsnet_zips().into_iter().take(max_zips) {
        let file = std::fs::File::open(&path).expect("open zip");
        let mut archive = zip::ZipArchive::new(file).expect("read zip");
        for i in 0..archive.len() {
            let member = archive.by_index(i).expect("zip member");
            let articles: Vec<serde_json::Value> =
                serde_json::from_reader(member).expect("json array");
            for article in articles {
                if let Some(text) = article.get("content").and_then(|v| v.as_str()) {
                    out.push(text.to_owned());
                }
            }
        }
    }
    out
}

/// `(source, content)` of the articles in the first `max_zips` daily ZIPs, in order.
pub fn saudinewsnet_sourced_contents(max_zips: usize) -> Vec<(Option<String>, String)> {
    let mut out = Vec::new();
    for path in saudinewsnet_zips().into_iter().take(max_zips) {
        let file = std::fs::File::open(&path).expect("open zip");
        let mut archive = zip::ZipArchive::new(file).expect("read zip");
        for i in 0..archive.len() {
            let member = archive.by_index(i).expect("zip member");
            let articles: Vec<serde_json::Value> =
                serde_json::from_reader(member).expect("json array");
            for article in articles {
                if let Some(text) = article.get("content").and_then(|v| v.as_str()) {
                    let source = article
                        .get("source")
                        .and_then(|v| v.as_str())
                        .map(str::to_owned);
                    out.push((source, text.to_owned()));
                }
            }
        }
    }
    out
}
