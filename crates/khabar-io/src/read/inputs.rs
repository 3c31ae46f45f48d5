//! Expanding the command line's INPUT arguments into a sorted list of input sources.

use std::path::{Path, PathBuf};

use crate::IoError;

/// One input as the run sees it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InputSource {
    /// A file on disk.
    File(PathBuf),
    /// JSON Lines on standard input (`-`).
    Stdin,
}

impl InputSource {
    /// The name written to `input_file`: the path as given, or `-` for stdin.
    #[must_use]
    pub fn display_name(&self) -> String {
        match self {
            Self::File(path) => path.to_string_lossy().into_owned(),
            Self::Stdin => "-".to_owned(),
        }
    }

    /// The file size, where it is known before reading.
    #[must_use]
    pub fn size_hint(&self) -> Option<u64> {
        match self {
            Self::File(path) => std::fs::metadata(path).ok().map(|m| m.len()),
            Self::Stdin => None,
        }
    }
}

/// File names a directory walk skips: hidden files and khabar's own temporary files.
fn is_skipped_name(name: &str) -> bool {
    name.starts_with('.')
}

fn walk_dir(dir: &Path, out: &mut Vec<InputSource>) -> Result<(), IoError> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| IoError::with_path(dir, e))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_none_or(|n| !is_skipped_name(n))
        })
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk_dir(&path, out)?;
        } else {
            out.push(InputSource::File(path));
        }
    }
    Ok(())
}

fn looks_like_glob(arg: &str) -> bool {
    arg.contains(['*', '?', '['])
}

/// Expands files, directories (recursively, sorted), globs and `-` into input sources.
///
/// Each argument expands in sorted order and the arguments keep the order given; a path
/// named twice is read once, at its first place.
pub fn expand_inputs(args: &[String]) -> Result<Vec<InputSource>, IoError> {
    let mut out = Vec::new();
    for arg in args {
        if arg == "-" {
            out.push(InputSource::Stdin);
            continue;
        }
        let path = Path::new(arg);
        if path.is_dir() {
            walk_dir(path, &mut out)?;
        } else if path.exists() {
            out.push(InputSource::File(path.to_path_buf()));
        } else if looks_like_glob(arg) {
            let paths = glob::glob(arg).map_err(|e| IoError::BadGlob {
                pattern: arg.clone(),
                message: e.msg.to_owned(),
            })?;
            let mut matched: Vec<PathBuf> = paths.filter_map(Result::ok).collect();
            matched.sort();
            if matched.is_empty() {
                return Err(IoError::InputNotFound(arg.clone()));
            }
            for m in matched {
                if m.is_dir() {
                    walk_dir(&m, &mut out)?;
                } else {
                    out.push(InputSource::File(m));
                }
            }
        } else {
            return Err(IoError::InputNotFound(arg.clone()));
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|source| seen.insert(source.clone()));
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn directories_walk_sorted_and_recursive_globs_expand() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("b")).unwrap();
        std::fs::write(root.join("b/2.jsonl"), "").unwrap();
        std::fs::write(root.join("a.jsonl"), "").unwrap();
        std::fs::write(root.join("c.json"), "").unwrap();
        std::fs::write(root.join(".hidden"), "").unwrap();
        let got = expand_inputs(&[root.to_string_lossy().into_owned()]).unwrap();
        let names: Vec<String> = got
            .iter()
            .map(|s| {
                s.display_name()
                    .trim_start_matches(&*root.to_string_lossy())
                    .trim_start_matches('/')
                    .to_owned()
            })
            .collect();
        assert_eq!(names, vec!["a.jsonl", "b/2.jsonl", "c.json"]);

        let pattern = format!("{}/*.json*", root.display());
        let got = expand_inputs(&[pattern]).unwrap();
        assert_eq!(got.len(), 2);

        assert!(matches!(
            expand_inputs(&[format!("{}/nope", root.display())]),
            Err(IoError::InputNotFound(_))
        ));
        assert_eq!(
            expand_inputs(&["-".to_owned()]).unwrap(),
            vec![InputSource::Stdin]
        );
    }
}
