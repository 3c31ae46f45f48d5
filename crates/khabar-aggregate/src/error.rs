//! The error type of khabar-aggregate.

/// Errors raised when reading back serialized aggregate state.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AggregateError {
    /// The bytes do not start with the expected magic tag and version.
    #[error("not a serialized {what}: bad header")]
    BadHeader {
        /// Which structure was being read.
        what: &'static str,
    },
    /// The bytes end before the structure does.
    #[error("truncated {what} at byte {offset}")]
    Truncated {
        /// Which field was being read.
        what: &'static str,
        /// Byte offset where more data was expected.
        offset: usize,
    },
    /// A field holds a value that cannot occur in a valid encoding.
    #[error("invalid {what} at byte {offset}")]
    Invalid {
        /// Which field was being read.
        what: &'static str,
        /// Byte offset of the field.
        offset: usize,
    },
    /// Bytes remain after the structure ends.
    #[error("{extra} trailing bytes after the serialized {what}")]
    TrailingBytes {
        /// Which structure was being read.
        what: &'static str,
        /// How many bytes were left over.
        extra: usize,
    },
}
