//! The error type of khabar-core.

/// Errors raised by the core types.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CoreError {
    /// A span's end lies before its start or past the end of the text.
    #[error("span {start}..{end} is out of bounds for a text of {len} code points")]
    SpanOutOfBounds {
        /// Start code point.
        start: usize,
        /// End code point.
        end: usize,
        /// Length of the text in code points.
        len: usize,
    },
}
