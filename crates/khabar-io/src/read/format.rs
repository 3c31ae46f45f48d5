//! Deciding how to read an input: by its name first, then by its first bytes.

/// The layers an input can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON value a line.
    JsonLines,
    /// A JSON array of records.
    JsonArray,
    /// `.json`: an array or JSON Lines, decided by the first byte.
    Json,
    /// gzip around another format.
    Gzip,
    /// zstd around another format.
    Zstd,
    /// A ZIP archive of other inputs.
    Zip,
    /// A Parquet file.
    Parquet,
    /// CSV with a header row.
    Csv,
    /// Tab-separated values with a header row.
    Tsv,
    /// Unknown from the name: sniff the content.
    Unknown,
}

/// The format a file name says, by its last extension.
#[must_use]
pub fn format_from_name(name: &str) -> Format {
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map_or("", |(_, ext)| ext);
    match ext {
        "jsonl" | "ndjson" => Format::JsonLines,
        "json" => Format::Json,
        "gz" | "gzip" => Format::Gzip,
        "zst" | "zstd" => Format::Zstd,
        "zip" => Format::Zip,
        "parquet" | "pq" => Format::Parquet,
        "csv" => Format::Csv,
        "tsv" => Format::Tsv,
        _ => Format::Unknown,
    }
}

/// Extensions of files that hold no records: documentation, pages, pictures, configuration.
const NON_DATA_EXTENSIONS: [&str; 15] = [
    "txt", "md", "html", "htm", "pdf", "png", "jpg", "jpeg", "gif", "xml", "yml", "yaml", "toml",
    "log", "rst",
];

/// Names without an extension that hold no records.
const NON_DATA_NAMES: [&str; 6] = [
    "license",
    "licence",
    "readme",
    "copying",
    "notice",
    "changelog",
];

/// Why a file found in a directory walk or a ZIP archive is not read: its name says it holds
/// no records (`README.txt`, `notes.md`, `LICENSE`, `index.html`). `None` for every other
/// name. A file named on the command line is read whatever its name.
#[must_use]
pub fn non_data_reason(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    // What a Mac adds to every archive it makes: `__MACOSX/._name.json` (resource forks)
    // and `.DS_Store`. A hidden file is metadata, never records.
    let member = name.rsplit_once("!/").map(|(_, member)| member);
    if base.starts_with('.')
        || member.is_some_and(|m| m.split(['/', '\\']).any(|part| part == "__MACOSX"))
    {
        return Some(format!(
            "skipped: {base} is a hidden or macOS metadata file and holds no records (name it as an input to read it anyway)"
        ));
    }
    let lower = base.to_ascii_lowercase();
    match lower.rsplit_once('.') {
        Some((_, ext)) if NON_DATA_EXTENSIONS.contains(&ext) => Some(format!(
            "skipped: a .{ext} file holds no records (name it as an input to read it anyway)"
        )),
        None if NON_DATA_NAMES.contains(&lower.as_str()) => Some(format!(
            "skipped: {base} holds no records (name it as an input to read it anyway)"
        )),
        _ => None,
    }
}

/// The name with its last extension removed (`a.jsonl.gz` -> `a.jsonl`).
#[must_use]
pub fn inner_name(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// The format the first bytes say.
#[must_use]
pub fn format_from_magic(head: &[u8]) -> Format {
    if head.starts_with(&[0x1f, 0x8b]) {
        Format::Gzip
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Format::Zstd
    } else if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        Format::Zip
    } else if head.starts_with(b"PAR1") {
        Format::Parquet
    } else {
        let first = head
            .iter()
            .copied()
            .find(|b| !b.is_ascii_whitespace() && !matches!(b, 0xEF | 0xBB | 0xBF));
        match first {
            Some(b'[') => Format::JsonArray,
            _ => Format::JsonLines,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_magic() {
        for (name, want) in [
            ("a.jsonl", Format::JsonLines),
            ("a.NDJSON", Format::JsonLines),
            ("a.json", Format::Json),
            ("a.json.gz", Format::Gzip),
            ("a.jsonl.zst", Format::Zstd),
            ("2015-07-21.zip", Format::Zip),
            ("x.parquet", Format::Parquet),
            ("x.csv", Format::Csv),
            ("noext", Format::Unknown),
        ] {
            assert_eq!(format_from_name(name), want, "{name}");
        }
        assert_eq!(inner_name("a.jsonl.gz"), "a.jsonl");
        assert_eq!(format_from_magic(b"\x1f\x8b\x08"), Format::Gzip);
        assert_eq!(format_from_magic(b"  [ {"), Format::JsonArray);
        assert_eq!(format_from_magic(b"{\"a\":1}"), Format::JsonLines);
        assert_eq!(format_from_magic(b"PAR1xxxx"), Format::Parquet);
    }

    #[test]
    fn non_data_names() {
        for name in [
            "README.txt",
            "a.zip!/docs/notes.MD",
            "dir/LICENSE",
            "index.html",
            "x.yaml",
            "a.zip!/__MACOSX/day/._one.json",
            "a.zip!/__MACOSX/day/one.json",
            "a.zip!/day/.DS_Store",
            "dir/.hidden.jsonl",
        ] {
            assert!(non_data_reason(name).is_some(), "{name}");
        }
        for name in [
            "a.jsonl",
            "a.json.gz",
            "noext",
            "a.txt.gz",
            "dir.txt/a.json",
            "x.csv",
            "__MACOSX/a.json",
            "archive/.cache/a.jsonl",
        ] {
            assert_eq!(non_data_reason(name), None, "{name}");
        }
    }
}
