//! Placeholder: this stage's benchmark is being written.
#![allow(missing_docs)]
fn main() {}
