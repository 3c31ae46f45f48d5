//! Reading the SaudiNewsNet archive for the examples: daily ZIPs, each holding JSON arrays of
//! articles whose text is the `content` field.

use std::path::{Path, PathBuf};

/// The ZIPs of a SaudiNewsNet folder, in sorted order; a path to one ZIP is that ZIP alone.
pub fn zips(path: &str) -> Vec<PathBuf> {
    if Path::new(path).is_file() {
        return vec![PathBuf::from(path)];
    }
    let mut zips: Vec<_> = std::fs::read_dir(path)
        .expect("corpus dir")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "zip"))
        .collect();
    zips.sort();
    zips
}

/// Calls `f` with the `content` of every article in `zips`, in archive order.
pub fn for_each_article(zips: &[PathBuf], mut f: impl FnMut(&str)) {
    for path in zips {
        let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
        for i in 0..archive.len() {
            let member = archive.by_index(i).unwrap();
            let articles: Vec<serde_json::Value> = serde_json::from_reader(member).unwrap();
            for article in &articles {
                if let Some(content) = article.get("content").and_then(|v| v.as_str()) {
                    f(content);
                }
            }
        }
    }
}
