//! The corpus-level end of a run: the boilerplate pre-pass, the aggregate state saved for
//! `khabar merge`, and the corpus tables (clusters, entities, boilerplate, cooccurrence,
//! terms, daily).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use khabar_aggregate::{AggregateOptions, BoilerplateRow, CorpusState, LineStats};
use khabar_io::read::{InputSource, ReadItem, ReadOptions, read_source};
use khabar_io::write::{
    EntityPlace, ParquetSink, Table, boilerplate_batch, clusters_batch, cooccurrence_batch,
    daily_batch, entities_batch, terms_batch,
};
use khabar_io::{FieldMap, parse_record};
use khabar_ner::EntityRecognizer;
use rayon::prelude::*;

/// The folder of the aggregate state inside an output directory.
pub const STATE_DIR: &str = "state";
pub(crate) const CORPUS_STATE: &str = "corpus.bin";
pub(crate) const LINE_STATS: &str = "lines.bin";

/// Lines longer than this (in bytes) are never boilerplate candidates; skipping them
/// keeps the pre-pass from cleaning whole paragraphs.
const MAX_CANDIDATE_LINE_BYTES: usize = 1024;

/// The short lines of a text, each cleaned as `documents.text` would be (the language,
/// which picks the orthography, is detected only for a candidate line whose cleaning can
/// depend on it), appended to `out`. A plain line (see [`plain_clean_line`]) is taken as it
/// is, without running `clean`.
fn short_clean_lines(text: &str, out: &mut String) {
    let mut lang = None;
    for line in text.split('\n') {
        if line.len() > MAX_CANDIDATE_LINE_BYTES
            || line.trim().is_empty()
            || !khabar_aggregate::may_be_candidate(line)
        {
            continue;
        }
        if let Some(clean) = plain_clean_line(line) {
            out.push_str(clean);
            out.push('\n');
            continue;
        }
        let line_lang = if khabar_normalize::may_depend_on_language(line) {
            *lang.get_or_insert_with(|| khabar_extract::detect_language(text))
        } else {
            None // cleans the same in every language
        };
        out.push_str(&khabar_normalize::clean(line, line_lang).text);
        out.push('\n');
    }
}

/// What `khabar_normalize::clean` makes of `line` in every language, when that can be told
/// without running it (`None`: run it). Most of the pre-pass's candidate lines are plain,
/// and cleaning one costs several scans, a copy and an offset map.
///
/// A line is plain when, apart from ASCII spaces at its ends (which cleaning trims), it
/// holds only printable ASCII other than `&` and `<` (which may start markup), single spaces,
/// the basic Arabic letters, Arabic-Indic digits, `،` `؛` `؟`, and the harakat U+064B..U+0652
/// right after a letter or after each other in canonical (code point) order. Cleaning keeps
/// all of these in every orthography and NFC composes or reorders none of them (the
/// combining hamza and madda U+0653..U+0655, which compose, are left out). The tests check
/// the answer against `clean`.
fn plain_clean_line(line: &str) -> Option<&str> {
    let core = line.trim_matches(' ');
    (!core.is_empty() && all_plain(core.as_bytes())).then_some(core)
}

/// Bytes checked at once by [`all_plain`].
const PLAIN_CHUNK: usize = 64;

/// True when every byte of `bytes` (valid UTF-8 that neither starts nor ends with a space)
/// passes [`plain_at`]. Whole chunks are checked without branches, which the compiler
/// vectorizes: a byte-at-a-time walk cost as much as the cleaning it saves.
fn all_plain(bytes: &[u8]) -> bool {
    // The first three bytes see zeros (no character) before the text.
    let before = |i: usize, back: usize| -> u8 {
        i.checked_sub(back)
            .and_then(|j| bytes.get(j))
            .copied()
            .unwrap_or(0)
    };
    let head = bytes.len().min(3);
    if !(0..head).all(|i| plain_at(before(i, 3), before(i, 2), before(i, 1), bytes[i])) {
        return false;
    }
    let mut at = head;
    while let Some(window) = bytes
        .get(at.saturating_sub(3)..at + PLAIN_CHUNK)
        .and_then(|w| <&[u8; PLAIN_CHUNK + 3]>::try_from(w).ok())
    {
        if !plain_chunk(window) {
            return false;
        }
        at += PLAIN_CHUNK;
    }
    bytes
        .get(at.saturating_sub(3)..)
        .is_some_and(|rest| rest.windows(4).all(|w| plain_at(w[0], w[1], w[2], w[3])))
}

/// [`plain_at`] for the last [`PLAIN_CHUNK`] bytes of `window` (the first three are the
/// look-behind).
#[inline]
#[allow(clippy::needless_bitwise_bool)] // on purpose: no short-circuit jumps in the loop
fn plain_chunk(window: &[u8; PLAIN_CHUNK + 3]) -> bool {
    let mut all = true;
    for j in 0..PLAIN_CHUNK {
        all &= plain_at(window[j], window[j + 1], window[j + 2], window[j + 3]);
    }
    all
}

/// Whether `byte`, after `p3`, `p2`, `p1` (0 before the text), keeps a line plain in the sense
/// of [`plain_clean_line`]. In the UTF-8: the Arabic letters are D8 A1..=BA and D9 81..=8A,
/// the digits D9 A0..=A9, `،` `؛` `؟` D8 8C, 9B, 9F, and the harakat D9 8B..=92. A lead byte
/// D8 or D9 passes here and is judged by the byte after it; a haraka is judged by its second
/// byte, from the two-byte character before it (`p3`, `p2`).
#[inline]
#[allow(clippy::needless_bitwise_bool)] // on purpose: see `plain_chunk`
fn plain_at(p3: u8, p2: u8, p1: u8, byte: u8) -> bool {
    let within = |b: u8, first: u8, last: u8| b.wrapping_sub(first) <= last - first;
    let ascii = within(byte, 0x21, 0x7E) & (byte != b'&') & (byte != b'<');
    let space = (byte == b' ') & (p1 != b' ');
    let lead = (byte == 0xD8) | (byte == 0xD9);
    let letter_after = |lead: u8, cont: u8| {
        ((lead == 0xD8) & within(cont, 0xA1, 0xBA)) | ((lead == 0xD9) & within(cont, 0x81, 0x8A))
    };
    let after_d8 = (p1 == 0xD8)
        & (within(byte, 0xA1, 0xBA) | (byte == 0x8C) | (byte == 0x9B) | (byte == 0x9F));
    let after_d9 = (p1 == 0xD9) & (within(byte, 0x81, 0x8A) | within(byte, 0xA0, 0xA9));
    let mark_before = (p3 == 0xD9) & within(p2, 0x8B, 0x92) & (p2 <= byte);
    let haraka = (p1 == 0xD9) & within(byte, 0x8B, 0x92) & (letter_after(p3, p2) | mark_before);
    ascii | space | lead | after_d8 | after_d9 | haraka
}

/// Counts short lines per source over every input (in parallel over files): the
/// statistics the frequent-line boilerplate decision is made from. Every shard runs it over
/// all inputs, so every shard makes the same decision as one run over everything.
pub fn scan_lines(inputs: &[InputSource], fields: &FieldMap, options: &ReadOptions) -> LineStats {
    // Largest files first, one file a task: the last files to finish are small ones, so the
    // workers end together. The counts merge the same in any order.
    let mut files: Vec<&InputSource> = inputs
        .iter()
        .filter(|source| !matches!(source, InputSource::Stdin))
        .collect();
    files.sort_by_cached_key(|source| std::cmp::Reverse(source.size_hint().unwrap_or(0)));
    files
        .into_par_iter()
        .with_max_len(1)
        .map(|source| {
            let mut stats = LineStats::new();
            // One buffer for the short lines of every record of the file.
            let mut lines = String::new();
            read_source(source, options, None, &mut |item| {
                if let ReadItem::Record(raw) = item
                    && let Ok(parsed) = parse_record(&raw, fields)
                {
                    lines.clear();
                    short_clean_lines(&parsed.text, &mut lines);
                    stats.add_document_of_candidates(parsed.source.as_deref(), &lines);
                }
            });
            stats
        })
        .reduce(LineStats::new, |mut a, b| {
            a.merge(b);
            a
        })
}

/// Saves the mergeable state of a run for `khabar merge`.
///
/// `encoded` names a file that already holds `state` encoded (the last checkpoint's): it is
/// linked (or copied) into place instead of encoding the state a second time.
pub fn write_state(
    out: &Path,
    state: &CorpusState,
    encoded: Option<&Path>,
    lines: Option<&LineStats>,
) -> Result<()> {
    let dir = out.join(STATE_DIR);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    match encoded {
        Some(from) => link_atomic(from, &dir.join(CORPUS_STATE))?,
        None => write_atomic_with(&dir.join(CORPUS_STATE), |w| state.write_to(w))?,
    }
    let path = dir.join(LINE_STATS);
    if let Some(lines) = lines {
        write_atomic(&path, &lines.to_bytes())?;
    } else if path.exists() {
        std::fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
    }
    Ok(())
}

/// Writes `bytes` to `path` through a temporary file and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("committing {}", path.display()))?;
    Ok(())
}

/// Gives the file `from` a second name `path` (a hard link, or a copy where links are not
/// supported), through a temporary name and a rename.
fn link_atomic(from: &Path, path: &Path) -> Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    match std::fs::remove_file(&tmp) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e).with_context(|| format!("removing {}", tmp.display())),
    }
    if std::fs::hard_link(from, &tmp).is_err() {
        std::fs::copy(from, &tmp)
            .with_context(|| format!("copying {} to {}", from.display(), tmp.display()))?;
    }
    std::fs::rename(&tmp, path).with_context(|| format!("committing {}", path.display()))?;
    Ok(())
}

/// Streams `write` into `path` through a buffered temporary file and a rename.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    let file =
        std::fs::File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
    let mut buffered = std::io::BufWriter::new(file);
    write(&mut buffered).with_context(|| format!("writing {}", tmp.display()))?;
    drop(buffered);
    std::fs::rename(&tmp, path).with_context(|| format!("committing {}", path.display()))?;
    Ok(())
}

/// Reads the saved state of a shard output.
pub fn read_state(dir: &Path) -> Result<(CorpusState, Option<LineStats>)> {
    let path = dir.join(STATE_DIR).join(CORPUS_STATE);
    let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
    let state =
        CorpusState::from_bytes(&bytes).with_context(|| format!("decoding {}", path.display()))?;
    let lines_path = dir.join(STATE_DIR).join(LINE_STATS);
    let lines = match std::fs::read(&lines_path) {
        Ok(bytes) => Some(
            LineStats::from_bytes(&bytes)
                .with_context(|| format!("decoding {}", lines_path.display()))?,
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| format!("reading {}", lines_path.display())),
    };
    Ok((state, lines))
}

/// Rows per record batch of a corpus table: the Arrow copy of a large table is built a
/// slice at a time instead of all at once.
const CORPUS_BATCH_ROWS: usize = 65_536;

fn write_table<R, E>(
    out: &Path,
    table: Table,
    rows: &[R],
    batch: impl Fn(&[R]) -> std::result::Result<arrow_array::RecordBatch, E>,
) -> Result<Vec<PathBuf>>
where
    E: std::error::Error + Send + Sync + 'static,
{
    write_table_chunks(out, table, batch, |each| {
        rows.chunks(CORPUS_BATCH_ROWS).try_for_each(each)
    })
}

/// Writes the rows that `chunks` hands to its callback, a record batch a chunk; a table
/// without rows still gets its (empty) file.
fn write_table_chunks<R, E>(
    out: &Path,
    table: Table,
    batch: impl Fn(&[R]) -> std::result::Result<arrow_array::RecordBatch, E>,
    chunks: impl FnOnce(&mut dyn FnMut(&[R]) -> Result<()>) -> Result<()>,
) -> Result<Vec<PathBuf>>
where
    E: std::error::Error + Send + Sync + 'static,
{
    let mut sink = ParquetSink::create(out, table)?;
    let mut empty = true;
    chunks(&mut |rows: &[R]| {
        empty = false;
        sink.write(&batch(rows)?)?;
        Ok(())
    })?;
    if empty {
        sink.write(&batch(&[])?)?;
    }
    Ok(sink.finish()?)
}

/// True when `term` (a folded light stem, as `terms/` holds) is the light stem of a stop
/// word. The aggregator leaves out terms equal to a folded stop word, but the pipeline
/// counts stems: التي and الذي arrive as الت and الذ, which the folded list does not hold.
/// A stop word of three letters or more behind the conjunction و or ف (وذلك, وغير, وبعد,
/// فيما) is one too; shorter ones are left, since ولي "crown prince" is not و + لي.
fn is_stop_stem(term: &str) -> bool {
    static STEMS: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    let stems = STEMS.get_or_init(|| {
        khabar_aggregate::folded_stop_words()
            .flat_map(|w| [w, khabar_extract::light_stem(w)])
            .collect()
    });
    stems.contains(term)
        || term
            .strip_prefix('و')
            .or_else(|| term.strip_prefix('ف'))
            .is_some_and(|rest| rest.chars().count() >= 3 && stems.contains(rest))
}

/// How the corpus tables are finished.
pub struct CorpusTablesOptions<'a> {
    /// Aggregate options (`--min-df`, clustering).
    pub aggregate: AggregateOptions,
    /// False for `--dedup off`: no clusters.
    pub clusters: bool,
    /// The rows of the boilerplate table.
    pub boilerplate: &'a [BoilerplateRow],
    /// The entity dimension, for place columns.
    pub recognizer: Option<&'a EntityRecognizer>,
}

/// Finishes the state and writes the six corpus tables.
pub fn write_corpus_tables(
    out: &Path,
    state: &CorpusState,
    options: &CorpusTablesOptions<'_>,
) -> Result<BTreeMap<Table, Vec<PathBuf>>> {
    // One table at a time, each dropped once written, so their rows never coexist.
    let aggregate = &options.aggregate;
    let mut written = BTreeMap::new();
    let clusters = if options.clusters {
        state.clusters(&aggregate.clusters)
    } else {
        Vec::new()
    };
    written.insert(
        Table::Clusters,
        write_table(out, Table::Clusters, &clusters, clusters_batch)?,
    );
    drop(clusters);
    let entities: Vec<_> = state
        .entities()
        .into_iter()
        .map(|mut row| {
            let record = options.recognizer.and_then(|r| r.entity(&row.entity));
            // A listed entity is of its record's kind: a country is LOC even where its
            // demonym (أمريكي, NORP, linked to the same id) is mentioned more than its name.
            if let Some(e) = &record {
                row.kind = e.kind;
            }
            let place = record
                .map(|e| EntityPlace {
                    country_code: e.country_code,
                    latitude: e.latitude,
                    longitude: e.longitude,
                    population: e.population,
                })
                .unwrap_or_default();
            (row, place)
        })
        .collect();
    written.insert(
        Table::Entities,
        write_table(out, Table::Entities, &entities, entities_batch)?,
    );
    drop(entities);
    written.insert(
        Table::Boilerplate,
        write_table(
            out,
            Table::Boilerplate,
            options.boilerplate,
            boilerplate_batch,
        )?,
    );
    // The largest table: written a batch at a time from the sorted pairs.
    written.insert(
        Table::Cooccurrence,
        write_table_chunks(out, Table::Cooccurrence, cooccurrence_batch, |each| {
            state.cooccurrence_chunks(
                aggregate.min_cooccurrence_documents,
                CORPUS_BATCH_ROWS,
                |rows| each(rows),
            )
        })?,
    );
    let mut terms = state.terms(aggregate.min_df);
    terms.retain(|row| !is_stop_stem(&row.term));
    written.insert(
        Table::Terms,
        write_table(out, Table::Terms, &terms, terms_batch)?,
    );
    drop(terms);
    written.insert(
        Table::Daily,
        write_table(out, Table::Daily, &state.daily(), daily_batch)?,
    );
    Ok(written)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use khabar_aggregate::{DocFacts, TermList};
    use khabar_core::EntityKind;
    use proptest::strategy::Strategy as _;

    /// The rows of one written corpus table, each a JSON object (read back through the
    /// Parquet reader of `khabar run`).
    pub(crate) fn table_rows(out: &Path, table: &str) -> Vec<serde_json::Value> {
        let mut parts: Vec<PathBuf> = std::fs::read_dir(out.join(table))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "parquet"))
            .collect();
        parts.sort();
        let mut rows = Vec::new();
        for part in parts {
            let source = InputSource::File(part);
            read_source(&source, &ReadOptions::default(), None, &mut |item| {
                if let ReadItem::Record(raw) = item {
                    rows.push(serde_json::from_slice(&raw.bytes).unwrap());
                }
            });
        }
        rows
    }

    /// The terms the pipeline hands over for a text: light stems of its folded words.
    fn stems(text: &str) -> TermList {
        let folded = khabar_normalize::search_key(text);
        khabar_aggregate::words(&folded)
            .map(khabar_extract::light_stem)
            .collect()
    }

    fn options() -> CorpusTablesOptions<'static> {
        CorpusTablesOptions {
            aggregate: AggregateOptions::default(),
            clusters: true,
            boilerplate: &[],
            recognizer: None,
        }
    }

    /// `short_clean_lines` before the plain-line shortcut: `clean` on every candidate line.
    fn short_clean_lines_always_cleaning(text: &str) -> String {
        let mut out = String::new();
        let mut lang = None;
        for line in text.split('\n') {
            if line.len() > MAX_CANDIDATE_LINE_BYTES
                || line.trim().is_empty()
                || !khabar_aggregate::may_be_candidate(line)
            {
                continue;
            }
            let line_lang = if khabar_normalize::may_depend_on_language(line) {
                *lang.get_or_insert_with(|| khabar_extract::detect_language(text))
            } else {
                None
            };
            out.push_str(&khabar_normalize::clean(line, line_lang).text);
            out.push('\n');
        }
        out
    }

    /// [`plain_clean_line`] a character at a time, as first written: the reference for the
    /// chunked byte check.
    fn plain_by_characters(line: &str) -> Option<&str> {
        #[derive(Clone, Copy, PartialEq, Eq)]
        enum Previous {
            Space,
            Letter,
            Mark(char),
            Other,
        }
        let core = line.trim_matches(' ');
        let mut previous = Previous::Space;
        for c in core.chars() {
            previous = match c {
                ' ' if previous != Previous::Space => Previous::Space,
                '&' | '<' => return None,
                '!'..='~' | '\u{060C}' | '\u{061B}' | '\u{061F}' | '\u{0660}'..='\u{0669}' => {
                    Previous::Other
                }
                '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => Previous::Letter,
                '\u{064B}'..='\u{0652}' => match previous {
                    Previous::Letter => Previous::Mark(c),
                    Previous::Mark(last) if last <= c => Previous::Mark(c),
                    _ => return None,
                },
                _ => return None,
            };
        }
        (!core.is_empty()).then_some(core)
    }

    /// Every character the shortcut takes, between letters and at the ends of a line, is
    /// kept by cleaning in every language.
    #[test]
    fn plain_characters_are_kept_by_cleaning() {
        let plain = ('!'..='~')
            .filter(|c| !matches!(c, '&' | '<'))
            .chain('\u{0621}'..='\u{063A}')
            .chain('\u{0641}'..='\u{064A}')
            .chain('\u{0660}'..='\u{0669}')
            .chain(['\u{060C}', '\u{061B}', '\u{061F}']);
        let mut taken = 0;
        for c in plain {
            for line in [
                format!("ب{c}ب"),
                format!("{c} ب"),
                format!("ب {c}"),
                c.to_string(),
            ] {
                assert_eq!(plain_clean_line(&line), Some(line.as_str()), "{line:?}");
                for lang in [None, Some("ara"), Some("fas"), Some("urd"), Some("eng")] {
                    let cleaned = khabar_normalize::clean(&line, lang).text;
                    assert_eq!(cleaned, line, "U+{:04X} {lang:?}", c as u32);
                }
            }
            taken += 1;
        }
        assert_eq!(taken, 94 - 2 + 26 + 10 + 10 + 3);
        // Each letter takes harakat in canonical order, and no other character does.
        for c in ('\u{0600}'..='\u{06FF}').chain('!'..='~') {
            let letter = matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}');
            let line = format!("{c}\u{064B}\u{0650}\u{0650}\u{0652}");
            let taken = plain_clean_line(&line);
            assert_eq!(taken.is_some(), letter, "{line:?}");
            if letter {
                for lang in [None, Some("fas")] {
                    assert_eq!(khabar_normalize::clean(&line, lang).text, line, "{line:?}");
                }
            }
        }
        for line in [
            "",
            " ",
            "a  b",
            "&amp;",
            "<b>",
            "a\u{00A0}b",
            "بـب",
            "\u{064E}ب",
            "a\u{064E}",
            "ب\u{0651}\u{064E}",
            "ا\u{0653}",
            "ب\r",
        ] {
            assert_eq!(plain_clean_line(line), None, "{line:?}");
        }
    }

    /// Pieces of plain lines, with every space the shortcut trims or refuses.
    const PLAIN: &[&str] = &[
        "ب", "ي", "ك", "ة", "أ", "ا", "ء", "ى", "غ", "ف", "x", "Z", "7", "٣", ".", "،", "؟", "؛",
        ":", "\"", "/", "-", ">", " ", "  ", "\u{064B}", "\u{064E}", "\u{0650}", "\u{0651}",
        "\u{0652}",
    ];
    /// Near misses that cleaning changes or may change: other spaces, tatweel, composing
    /// marks, markup, presentation forms, Persian letters, bidi marks, decomposed letters.
    const ODD: &[&str] = &[
        "\t",
        "\u{00A0}",
        "\u{0640}",
        "\u{0653}",
        "\u{0654}",
        "\u{0655}",
        "\u{0670}",
        "&",
        "&amp;",
        "<",
        "<br>",
        "\u{FEFB}",
        "\u{06CC}",
        "\u{06A9}",
        "\u{200C}",
        "\u{200F}",
        "«",
        "–",
        "é",
        "e\u{0301}",
        "\r",
        "\u{1A}",
    ];

    fn piece() -> impl proptest::strategy::Strategy<Value = &'static str> {
        proptest::prop_oneof![
            12 => proptest::sample::select(PLAIN),
            1 => proptest::sample::select(ODD),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// A line the shortcut takes is what `clean` makes of it, in every language.
        #[test]
        fn the_plain_shortcut_agrees_with_clean(
            parts in proptest::collection::vec(piece(), 0..12),
        ) {
            let line = parts.concat();
            if let Some(plain) = plain_clean_line(&line) {
                for lang in [None, Some("ara"), Some("fas"), Some("urd"), Some("eng")] {
                    proptest::prop_assert_eq!(&khabar_normalize::clean(&line, lang).text, plain);
                }
            }
        }

        /// The chunked check answers as the character walk, on lines long enough for chunks.
        #[test]
        fn the_chunked_plain_check_answers_as_the_character_walk(
            parts in proptest::collection::vec(proptest::prop_oneof![
                // Syllables: a letter (the first and last of both ranges, or another) with
                // harakat in order or none; separators that no haraka may follow.
                300 => (
                    proptest::sample::select(&["ء", "غ", "ف", "ي", "ب", "ة"][..]),
                    proptest::sample::select(&["", "\u{064B}", "\u{064E}\u{0651}", "\u{0652}"][..]),
                ).prop_map(|(letter, marks)| format!("{letter}{marks}")),
                100 => proptest::sample::select(&[" ", "x", "7", "٣", "،", ".", "~", "!"][..])
                    .prop_map(str::to_owned),
                1 => proptest::sample::select(PLAIN).prop_map(str::to_owned),
                1 => proptest::sample::select(ODD).prop_map(str::to_owned),
            ], 0..300),
        ) {
            let line = parts.concat();
            proptest::prop_assert_eq!(plain_clean_line(&line), plain_by_characters(&line));
        }

        /// The short lines of a text come out as they did when every line was cleaned.
        #[test]
        fn short_lines_are_those_of_cleaning_every_line(
            lines in proptest::collection::vec(
                proptest::collection::vec(piece(), 0..10),
                0..6,
            ),
        ) {
            let text: Vec<String> = lines.iter().map(|l| l.concat()).collect();
            let text = text.join("\n");
            let mut fast = String::from("left over");
            fast.clear();
            short_clean_lines(&text, &mut fast);
            proptest::prop_assert_eq!(fast, short_clean_lines_always_cleaning(&text));
        }
    }

    /// A country whose demonym was mentioned more than its name came out NORP.
    #[test]
    fn a_listed_entity_is_of_its_records_kind() {
        let mut state = CorpusState::new();
        let occurrence = |kind| khabar_aggregate::EntityOccurrence {
            key: "iso:US".to_owned(),
            kind,
            canonical: Some("الولايات المتحدة".to_owned()),
            sentence: 0,
        };
        for (i, kind) in [EntityKind::Norp, EntityKind::Norp, EntityKind::Loc]
            .into_iter()
            .enumerate()
        {
            state.add(DocFacts {
                order: (0, i as u64),
                doc_id: format!("d{i}"),
                entities: vec![occurrence(kind)],
                ..DocFacts::default()
            });
        }
        let recognizer = khabar_ner::EntityRecognizer::new(khabar_ner::NerMode::Gazetteer).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let with_recognizer = CorpusTablesOptions {
            recognizer: Some(&recognizer),
            ..options()
        };
        write_corpus_tables(dir.path(), &state, &with_recognizer).unwrap();
        let rows = table_rows(dir.path(), "entities");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0]["kind"], "LOC");
        assert_eq!(rows[0]["mentions"], 3);
        assert!(rows[0]["latitude"].is_number(), "{:?}", rows[0]);
    }

    #[test]
    fn stop_words_stay_out_of_terms_in_their_stemmed_form() {
        let mut state = CorpusState::new();
        let texts = [
            "المشروع الذي أعلنته الوزارة والتي تشرف عليه ولي العهد وذلك فيما",
            "المشروع الذي تحدث عنه الوزير التي زارت وذلك فيما ولي العهد",
        ];
        for (i, text) in texts.iter().enumerate() {
            state.add(DocFacts {
                order: (0, i as u64),
                doc_id: format!("d{i}"),
                terms: stems(text),
                ..DocFacts::default()
            });
        }
        let dir = tempfile::tempdir().unwrap();
        write_corpus_tables(dir.path(), &state, &options()).unwrap();
        let terms: Vec<String> = table_rows(dir.path(), "terms")
            .iter()
            .map(|r| r["term"].as_str().unwrap().to_owned())
            .collect();
        // الذي and التي are stop words: their stems (الذ, الت) are no terms, nor are stop
        // words behind و or ف.
        for stop in ["الذي", "التي", "والتي", "وذلك", "فيما"] {
            let stem = khabar_extract::light_stem(&khabar_normalize::search_key(stop)).to_owned();
            assert!(
                !terms.contains(&stem),
                "{stop} counted as {stem}: {terms:?}"
            );
        }
        let project =
            khabar_extract::light_stem(&khabar_normalize::search_key("المشروع")).to_owned();
        assert!(terms.contains(&project), "{terms:?}");
        let crown_prince =
            khabar_extract::light_stem(&khabar_normalize::search_key("ولي")).to_owned();
        assert!(terms.contains(&crown_prince), "{terms:?}");
    }
}
