//! Readers: every input format becomes a stream of [`ReadItem`]s in input order.
//!
//! Layers nest as the names say (`day.jsonl.gz`, `archive.zip` holding `.json` arrays);
//! where a name says nothing, the first bytes decide. A damaged layer keeps every record
//! before the damage and adds one `corrupt_archive` reject for the rest.

mod arrow_json;
mod format;
mod inputs;
mod json_array;
mod lines;
mod member_cache;
mod source;
mod tabular;
mod utf16;
mod whole_member;
mod zip_archive;

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::sync::atomic::{AtomicU64, Ordering};

use khabar_core::RejectReason;

pub use format::{Format, format_from_magic, format_from_name, inner_name, non_data_reason};
pub use inputs::{InputSource, expand_inputs};
pub use member_cache::{CacheRole, MemberCache};
pub use source::{InputReport, InputStatus, RawRecord, ReadItem, ReadOptions};

use source::Emitter;

const BUFFER_BYTES: usize = 256 << 10;

/// Counts the bytes read from the underlying file, for progress.
pub(crate) struct CountingReader<'p, R> {
    inner: R,
    counter: Option<&'p AtomicU64>,
}

impl<R: Read> Read for CountingReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(counter) = self.counter {
            counter.fetch_add(n as u64, Ordering::Relaxed);
        }
        Ok(n)
    }
}

impl<R: std::io::Seek> std::io::Seek for CountingReader<'_, R> {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}

/// Fails a read once more than `limit` bytes have come out: the guard against bombs.
pub(crate) struct CappedReader<R> {
    inner: R,
    remaining: u64,
    limit: u64,
}

impl<R> CappedReader<R> {
    pub(crate) fn new(inner: R, limit: u64) -> Self {
        Self {
            inner,
            remaining: limit,
            limit,
        }
    }
}

impl<R: Read> Read for CappedReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n as u64 > self.remaining {
            return Err(std::io::Error::other(format!(
                "expands past the limit of {} bytes (a decompression bomb, or raise the limit)",
                self.limit
            )));
        }
        self.remaining -= n as u64;
        Ok(n)
    }
}

/// Reads one input to its end (or to its first unreadable byte), emitting items in order.
///
/// `progress`, when given, counts the bytes read from disk.
pub fn read_source(
    source: &InputSource,
    options: &ReadOptions,
    progress: Option<&AtomicU64>,
    sink: &mut dyn FnMut(ReadItem),
) -> InputReport {
    let name = source.display_name();
    let bytes = source.size_hint();
    match source {
        InputSource::Unlisted { error, .. } => {
            let mut emitter = Emitter::new(&name, sink, options);
            let detail = format!("cannot list the directory {name}: {error}");
            emitter.reject(None, RejectReason::UnreadableInput, detail.clone(), &[]);
            emitter.mark_incomplete(detail);
            finish_report(name, bytes, &emitter)
        }
        InputSource::NotData(_) => {
            let mut emitter = Emitter::new(&name, sink, options);
            if let Some(detail) = non_data_reason(&name) {
                emitter.reject(None, RejectReason::NotData, detail, &[]);
            }
            finish_report(name, bytes, &emitter)
        }
        InputSource::Stdin => {
            let stdin = std::io::stdin().lock();
            let reader = BufReader::with_capacity(
                BUFFER_BYTES,
                CountingReader {
                    inner: stdin,
                    counter: progress,
                },
            );
            let mut emitter = Emitter::new(&name, sink, options);
            // Sniffed like a file without an extension: gzip, zstd, a JSON array, a
            // pretty-printed object, else JSON Lines.
            read_stream(Box::new(reader), &name, Format::Unknown, &mut emitter);
            finish_report(name, bytes, &emitter)
        }
        InputSource::File(path) => {
            let file = match File::open(path) {
                Ok(file) => file,
                Err(e) => {
                    let mut emitter = Emitter::new(&name, sink, options);
                    let detail = format!("cannot open {name}: {e}");
                    emitter.reject(None, RejectReason::UnreadableInput, detail.clone(), &[]);
                    emitter.mark_incomplete(detail);
                    return finish_report(name, bytes, &emitter);
                }
            };
            let counted = CountingReader {
                inner: file,
                counter: progress,
            };
            let mut format = format_from_name(&name);
            let mut reader = BufReader::with_capacity(BUFFER_BYTES, counted);
            // ZIP and Parquet need the file itself; every other unnamed layer is sniffed
            // by `read_stream`.
            if matches!(format, Format::Unknown)
                && let Ok(head) = reader.fill_buf()
                && let sniffed @ (Format::Zip | Format::Parquet) = format_from_magic(head)
            {
                format = sniffed;
            }
            match format {
                Format::Zip => zip_archive::read_zip(reader, &name, options, progress, sink),
                Format::Parquet => {
                    let mut emitter = Emitter::new(&name, sink, options);
                    tabular::read_parquet(path, &mut emitter);
                    finish_report(name, bytes, &emitter)
                }
                _ => {
                    let mut emitter = Emitter::new(&name, sink, options);
                    read_stream(Box::new(reader), &name, format, &mut emitter);
                    finish_report(name, bytes, &emitter)
                }
            }
        }
    }
}

fn finish_report(name: String, bytes: Option<u64>, emitter: &Emitter<'_>) -> InputReport {
    InputReport {
        name,
        bytes,
        records: emitter.next_index,
        status: emitter
            .incomplete
            .clone()
            .map_or(InputStatus::Complete, InputStatus::Incomplete),
    }
}

/// Reads a byte stream whose format is known (or sniffed), through any compression layers.
pub(crate) fn read_stream<'r>(
    mut reader: Box<dyn BufRead + 'r>,
    name: &str,
    format: Format,
    emitter: &mut Emitter<'_>,
) {
    // UTF-16 text (a Windows PowerShell export) is read as the UTF-8 it decodes to.
    if matches!(
        format,
        Format::Unknown
            | Format::Json
            | Format::JsonLines
            | Format::JsonArray
            | Format::Csv
            | Format::Tsv
    ) && let Ok(head) = reader.fill_buf()
        && let Some(big_endian) = utf16::utf16_order(head)
    {
        let decoded = utf16::Utf16ToUtf8::new(reader, big_endian);
        let inner = BufReader::with_capacity(BUFFER_BYTES, decoded);
        read_stream(Box::new(inner), name, format, emitter);
        return;
    }
    // A `.json` or unnamed input starting with `{` may be one pretty-printed object.
    let mut may_be_object = false;
    let format = match format {
        Format::Unknown | Format::Json => match reader.fill_buf() {
            // A tar archive (`day.tar.gz`) read as JSON Lines gave a few `invalid_json`
            // rejects for its headers and lost every file in it, with exit 0.
            Ok(head) if format == Format::Unknown && is_tar(head) => {
                let detail = format!(
                    "{}: a tar archive is not supported; unpack it, or make it a ZIP",
                    emitter.name
                );
                emitter.reject(None, RejectReason::UnreadableInput, detail.clone(), &[]);
                emitter.mark_incomplete(detail);
                return;
            }
            Ok(head) => {
                may_be_object = first_json_byte(head) == Some(b'{');
                match format_from_magic(head) {
                    // `.json` never means compressed; trust the bytes only for the shape.
                    Format::JsonArray => Format::JsonArray,
                    other if format == Format::Unknown => other,
                    _ => Format::JsonLines,
                }
            }
            Err(e) => {
                emitter.fail_rest(Some(0), format!("read error: {e}"), &[]);
                return;
            }
        },
        other => other,
    };
    let limit = emitter.options.max_expanded_bytes;
    match format {
        Format::Gzip => {
            let decoder = flate2::bufread::MultiGzDecoder::new(reader);
            let inner = BufReader::with_capacity(BUFFER_BYTES, CappedReader::new(decoder, limit));
            let inner_name = inner_name(name);
            read_stream(
                Box::new(inner),
                inner_name,
                format_from_name(inner_name),
                emitter,
            );
        }
        Format::Zstd => match zstd::stream::read::Decoder::with_buffer(reader) {
            Ok(decoder) => {
                let inner =
                    BufReader::with_capacity(BUFFER_BYTES, CappedReader::new(decoder, limit));
                let inner_name = inner_name(name);
                read_stream(
                    Box::new(inner),
                    inner_name,
                    format_from_name(inner_name),
                    emitter,
                );
            }
            Err(e) => emitter.fail_rest(Some(0), format!("zstd: {e}"), &[]),
        },
        Format::JsonLines if may_be_object => lines::read_json_object_or_lines(reader, emitter),
        Format::JsonLines | Format::Unknown | Format::Json => {
            lines::read_json_lines(reader, emitter);
        }
        Format::JsonArray => json_array::read_json_array(reader, emitter),
        Format::Csv => tabular::read_delimited(reader, b',', emitter),
        Format::Tsv => tabular::read_delimited(reader, b'\t', emitter),
        Format::Zip | Format::Parquet => {
            let detail = if name == "-" {
                "a ZIP or Parquet file cannot be read from standard input; name the file instead"
                    .to_owned()
            } else {
                format!(
                    "{name}: a ZIP or Parquet file inside another layer is not supported; unpack it first"
                )
            };
            emitter.reject(None, RejectReason::UnreadableInput, detail.clone(), &[]);
            emitter.mark_incomplete(detail);
        }
    }
}

/// Whether `head` starts with a POSIX (ustar) or GNU tar header: `ustar` at byte 257.
fn is_tar(head: &[u8]) -> bool {
    head.get(257..262) == Some(b"ustar".as_slice())
}

/// The first byte of `head` that is not whitespace or part of a UTF-8 BOM.
fn first_json_byte(head: &[u8]) -> Option<u8> {
    let head = head.strip_prefix(lines::BOM).unwrap_or(head);
    head.iter().copied().find(|b| !b.is_ascii_whitespace())
}

#[cfg(test)]
mod tests;
