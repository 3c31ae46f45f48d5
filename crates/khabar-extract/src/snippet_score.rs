//! Scoring of the table-driven news-snippet tests: precision and recall over all snippets,
//! and every snippet whose output differs from the expected one.

use std::fmt::Debug;

/// Checks each `(snippet, got, want)`: prints `label`'s precision and recall over all of
/// them and fails listing every snippet where `got != want`.
pub(crate) fn assert_snippets<T: PartialEq + Debug>(
    label: &str,
    results: impl IntoIterator<Item = (String, Vec<T>, Vec<T>)>,
) {
    let (mut snippets, mut predicted, mut expected, mut hits) = (0usize, 0usize, 0usize, 0usize);
    let mut failures = Vec::new();
    for (text, got, want) in results {
        snippets += 1;
        predicted += got.len();
        expected += want.len();
        hits += got.iter().filter(|g| want.contains(g)).count();
        if got != want {
            failures.push(format!("{text}\n   got  {got:?}\n   want {want:?}"));
        }
    }
    eprintln!("{label}: {snippets} snippets, P {hits}/{predicted}, R {hits}/{expected}");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
