//! Expanding the command line's INPUT arguments into a sorted list of input sources.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::IoError;

/// One input as the run sees it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InputSource {
    /// A file on disk.
    File(PathBuf),
    /// Standard input (`-`), sniffed like a file without an extension.
    Stdin,
    /// A file found in a directory walk or a glob whose name says it holds no records
    /// (`README.txt`, `LICENSE`, see [`non_data_reason`](super::non_data_reason)): it is
    /// not read, and gives one `not_data` reject that says so.
    NotData(PathBuf),
    /// A directory that could not be listed: one `unreadable_input` reject, and the run
    /// goes on with the other inputs (as for a file that cannot be opened).
    Unlisted {
        /// The directory.
        path: PathBuf,
        /// Why listing it failed.
        error: String,
    },
}

impl InputSource {
    /// The name written to `input_file`: the path as given, or `-` for stdin.
    #[must_use]
    pub fn display_name(&self) -> String {
        match self {
            Self::File(path) | Self::NotData(path) | Self::Unlisted { path, .. } => {
                path.to_string_lossy().into_owned()
            }
            Self::Stdin => "-".to_owned(),
        }
    }

    /// The file size, where it is known before reading.
    #[must_use]
    pub fn size_hint(&self) -> Option<u64> {
        match self {
            Self::File(path) | Self::NotData(path) => std::fs::metadata(path).ok().map(|m| m.len()),
            Self::Stdin | Self::Unlisted { .. } => None,
        }
    }
}

/// File names a directory walk skips: hidden files and khabar's own temporary files.
fn is_skipped_name(name: &str) -> bool {
    name.starts_with('.')
}

/// A file found by a walk or a glob: read, unless its name says it holds no records.
fn found_file(path: PathBuf) -> InputSource {
    if super::non_data_reason(&path.to_string_lossy()).is_some() {
        InputSource::NotData(path)
    } else {
        InputSource::File(path)
    }
}

/// Lists `dir` and what is under it into `out`, in sorted order. `visited` holds the real
/// paths of the directories already walked: a directory reached again through a symbolic
/// link (a link to a parent makes a loop) is not walked twice, so no file is read once per
/// way round the loop.
fn walk_dir(
    dir: &Path,
    out: &mut Vec<InputSource>,
    visited: &mut HashSet<PathBuf>,
) -> Result<(), IoError> {
    if let Ok(real) = std::fs::canonicalize(dir)
        && !visited.insert(real)
    {
        return Ok(());
    }
    let listing = match std::fs::read_dir(dir) {
        Ok(listing) => listing,
        Err(e) => {
            out.push(InputSource::Unlisted {
                path: dir.to_path_buf(),
                error: e.to_string(),
            });
            return Ok(());
        }
    };
    let mut entries: Vec<PathBuf> = listing
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
            walk_dir(&path, out, visited)?;
        } else {
            out.push(found_file(path));
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
    let mut visited = HashSet::new();
    for arg in args {
        if arg == "-" {
            out.push(InputSource::Stdin);
            continue;
        }
        let path = Path::new(arg);
        if path.is_dir() {
            walk_dir(path, &mut out, &mut visited)?;
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
                    walk_dir(&m, &mut out, &mut visited)?;
                } else {
                    out.push(found_file(m));
                }
            }
        } else {
            return Err(IoError::InputNotFound(arg.clone()));
        }
    }
    // A path named twice is read once, at its first place; a file named on the command line
    // is read even when a walk elsewhere skipped it as not data.
    let named: HashSet<PathBuf> = out
        .iter()
        .filter_map(|source| match source {
            InputSource::File(path) => Some(path.clone()),
            _ => None,
        })
        .collect();
    for source in &mut out {
        if let InputSource::NotData(path) = source
            && named.contains(path)
        {
            *source = InputSource::File(path.clone());
        }
    }
    let mut seen = HashSet::new();
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

    /// A symbolic link to a parent directory made the walk go round the loop until the
    /// path grew too long: every file was read some forty times, and the run failed.
    #[cfg(unix)]
    #[test]
    fn a_symlink_loop_is_walked_once() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("sub")).unwrap();
        std::fs::write(root.join("a.jsonl"), "").unwrap();
        std::fs::write(root.join("sub/b.jsonl"), "").unwrap();
        std::os::unix::fs::symlink("..", root.join("sub/loop")).unwrap();
        let got = expand_inputs(&[root.to_string_lossy().into_owned()]).unwrap();
        assert_eq!(
            got,
            vec![
                InputSource::File(root.join("a.jsonl")),
                InputSource::File(root.join("sub/b.jsonl")),
            ]
        );
    }

    /// QA D9: README/notes files in a folder gave one `invalid_json` reject per line.
    #[test]
    fn walks_mark_non_data_files_and_named_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("a.jsonl"), "").unwrap();
        std::fs::write(root.join("notes.txt"), "").unwrap();
        std::fs::write(root.join("LICENSE"), "").unwrap();
        let got = expand_inputs(&[root.to_string_lossy().into_owned()]).unwrap();
        assert_eq!(
            got,
            vec![
                InputSource::NotData(root.join("LICENSE")),
                InputSource::File(root.join("a.jsonl")),
                InputSource::NotData(root.join("notes.txt")),
            ]
        );
        let named = root.join("notes.txt").to_string_lossy().into_owned();
        assert_eq!(
            expand_inputs(std::slice::from_ref(&named)).unwrap(),
            vec![InputSource::File(root.join("notes.txt"))]
        );
        // Named explicitly as well as found in the walk: read, once.
        let got = expand_inputs(&[root.to_string_lossy().into_owned(), named]).unwrap();
        assert_eq!(got.len(), 3);
        assert!(got.contains(&InputSource::File(root.join("notes.txt"))));
    }
}
