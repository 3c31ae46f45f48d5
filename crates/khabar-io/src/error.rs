//! The error type of khabar-io.

use std::path::PathBuf;

/// Errors raised while finding inputs or writing tables.
///
/// A bad *record* is never an error: it becomes a [`Reject`](khabar_core::Reject). These
/// errors stop a run or an input.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IoError {
    /// An input path does not exist and matches no file as a glob.
    #[error("input not found: {0}")]
    InputNotFound(String),
    /// A glob pattern is malformed.
    #[error("bad glob pattern {pattern}: {message}")]
    BadGlob {
        /// The pattern as given.
        pattern: String,
        /// What is wrong with it.
        message: String,
    },
    /// An I/O error on a path.
    #[error("{}: {source}", path.display())]
    WithPath {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Arrow or Parquet refused a batch or a file.
    #[error("{}: parquet: {message}", path.display())]
    Parquet {
        /// The table file.
        path: PathBuf,
        /// The message from the parquet crate.
        message: String,
    },
    /// `--resume` found a checkpoint written for other inputs.
    #[error(
        "{}: the checkpoint there was written for other inputs ({difference}); resume with the same INPUT arguments, or drop --resume to start over",
        path.display()
    )]
    ResumeMismatch {
        /// The output directory.
        path: PathBuf,
        /// What differs, for a person: the first input that does, or the shard.
        difference: String,
    },
    /// The output directory holds files that khabar did not write.
    #[error(
        "{} is not empty and is not a khabar output (no manifest.json); pass --overwrite to write into it anyway",
        path.display()
    )]
    ForeignOutputDir {
        /// The output directory.
        path: PathBuf,
    },
}

impl IoError {
    /// Wraps an I/O error with the path it happened on.
    pub fn with_path(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::WithPath {
            path: path.into(),
            source,
        }
    }
}
