//! ZIP archives: each member is an input of its own, named `archive.zip!/member`.

use std::io::{BufReader, Read, Seek};
use std::sync::atomic::{AtomicU64, Ordering};

use super::format::Format;
use super::member_cache::{CacheRole, KeptMember, Replay, Tee};
use super::source::{Emitter, InputReport, InputStatus, ReadItem, ReadOptions};
use super::whole_member::{WholeInflater, inflate_whole};
use khabar_core::RejectReason;

use super::{BUFFER_BYTES, CappedReader, format_from_name, non_data_reason, read_stream};

/// What a member's header says of its size, and the cap on what it may expand to.
pub(super) struct MemberSizes {
    pub(super) declared: u64,
    pub(super) compressed: u64,
    pub(super) cap: u64,
}

/// A member's bytes: inflated whole (into the thread's [`WholeInflater`] buffer), or a streaming reader.
enum Inflated<R> {
    Whole,
    Stream(R),
}

/// Opens member `index` for reading: inflated whole where [`inflate_whole`] can, else as
/// a stream capped at `sizes.cap`. `None` (after a reject) when it cannot be opened.
fn open_member<'a, R: Read + Seek>(
    archive: &'a mut zip::ZipArchive<R>,
    index: usize,
    sizes: &MemberSizes,
    whole: &mut WholeInflater,
    emitter: &mut Emitter<'_>,
) -> Option<Inflated<CappedReader<zip::read::ZipFile<'a, R>>>> {
    if inflate_whole(archive, index, sizes, whole).is_some() {
        return Some(Inflated::Whole);
    }
    match archive.by_index(index) {
        Ok(member) => Some(Inflated::Stream(CappedReader::new(member, sizes.cap))),
        Err(e) => {
            let detail = format!("{}: unreadable member: {e}", emitter.name);
            emitter.fail_rest(None, detail, &[]);
            None
        }
    }
}

/// Reads one member's records, through the [`MemberCache`] when the options hold one: a
/// member kept by an earlier read is read from memory; a first read keeps what it inflates
/// when the whole member reads without error.
#[allow(clippy::too_many_arguments)]
fn read_member<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    index: usize,
    sizes: &MemberSizes,
    whole: &mut WholeInflater,
    format: Format,
    progress: Option<&AtomicU64>,
    emitter: &mut Emitter<'_>,
    archive_name: &str,
) {
    let member_name = std::sync::Arc::clone(&emitter.name);
    let member_name = &*member_name;
    let cache = emitter.options.member_cache.clone();
    if let Some((cache, CacheRole::Take)) = &cache
        && let Some(kept) = cache.take(member_name)
    {
        // The archive bytes this member would have been read from, for progress.
        if let Some(counter) = progress {
            counter.fetch_add(sizes.compressed, Ordering::Relaxed);
        }
        if kept.first_read == kept.bytes.len() {
            read_stream(
                Box::new(kept.bytes.as_slice()),
                member_name,
                format,
                emitter,
            );
        } else {
            let replay = BufReader::with_capacity(BUFFER_BYTES, Replay::new(kept));
            read_stream(Box::new(replay), member_name, format, emitter);
        }
        return;
    }
    let Some(member) = open_member(archive, index, sizes, whole, emitter) else {
        return;
    };
    let fill = match &cache {
        Some((cache, CacheRole::Fill)) if cache.reserve(archive_name, sizes.declared) => {
            Some(cache)
        }
        _ => None,
    };
    match (member, fill) {
        (Inflated::Whole, fill) => {
            // Read from memory as one chunk; a second read (above) is handed the same.
            read_stream(
                Box::new(whole.bytes.as_slice()),
                member_name,
                format,
                emitter,
            );
            if let Some(cache) = fill {
                let complete = emitter.incomplete.is_none();
                let kept = complete.then(|| {
                    let bytes = std::mem::take(&mut whole.bytes);
                    let first_read = bytes.len();
                    KeptMember { bytes, first_read }
                });
                cache.settle(member_name, sizes.declared, kept);
            }
        }
        (Inflated::Stream(stream), Some(cache)) => {
            let limit = usize::try_from(sizes.declared).unwrap_or(0);
            let mut tee = Tee::new(stream, limit);
            read_stream(
                Box::new(BufReader::with_capacity(BUFFER_BYTES, &mut tee)),
                member_name,
                format,
                emitter,
            );
            // The rest of the member (after the last record) belongs to it too; a member
            // that did not read cleanly to its end is not kept.
            let complete = emitter.incomplete.is_none()
                && std::io::copy(&mut tee, &mut std::io::sink()).is_ok();
            cache.settle(
                member_name,
                sizes.declared,
                tee.into_kept().filter(|_| complete),
            );
        }
        (Inflated::Stream(stream), None) => {
            let inner = BufReader::with_capacity(BUFFER_BYTES, stream);
            read_stream(Box::new(inner), member_name, format, emitter);
        }
    }
}

/// Reads every member of a ZIP archive in the archive's order.
pub(crate) fn read_zip<R: Read + Seek>(
    reader: R,
    name: &str,
    options: &ReadOptions,
    progress: Option<&AtomicU64>,
    sink: &mut dyn FnMut(ReadItem),
) -> InputReport {
    let mut records = 0;
    let mut incomplete: Option<String> = None;
    let bytes = std::fs::metadata(name).ok().map(|m| m.len());
    let mut archive = match zip::ZipArchive::new(reader) {
        Ok(archive) => archive,
        Err(e) => {
            let mut emitter = Emitter::new(name, sink, options);
            let detail = format!("{name}: not a readable ZIP archive: {e}");
            emitter.fail_rest(None, detail, &[]);
            return InputReport {
                name: name.to_owned(),
                bytes,
                records: emitter.next_index,
                status: InputStatus::Incomplete(emitter.incomplete.unwrap_or_default()),
            };
        }
    };
    thread_local! {
        static WHOLE: std::cell::RefCell<WholeInflater> = std::cell::RefCell::default();
    }
    // Taken out for the archive and put back after (a nested read would get a fresh one).
    let mut whole = WHOLE.with(std::cell::RefCell::take);
    for index in 0..archive.len() {
        // The name comes from the central directory, so a member that cannot be opened (a
        // compression method not built in) is still named.
        let member_name = match archive.name_for_index(index) {
            Some(member) => format!("{name}!/{member}"),
            None => format!("{name}!/#{index}"),
        };
        let mut emitter = Emitter::new(&member_name, sink, options);
        let skip = non_data_reason(&member_name);
        // What to do with the member, decided from its header (the open member is closed
        // before its bytes are read, which may open it again).
        let sizes = match archive.by_index(index) {
            Err(e) => {
                emitter.fail_rest(None, format!("{member_name}: unreadable member: {e}"), &[]);
                None
            }
            Ok(member) if member.is_dir() => None,
            // README.txt, LICENSE and the like: one reject naming the member, not one per line.
            Ok(_) if let Some(detail) = skip => {
                emitter.reject(None, RejectReason::NotData, detail, &[]);
                None
            }
            Ok(member) => {
                let declared = member.size();
                let compressed = member.compressed_size().max(1);
                let ratio_cap = compressed
                    .saturating_mul(options.max_expansion_ratio)
                    .saturating_add(1 << 20);
                let cap = options.max_expanded_bytes.min(ratio_cap);
                if declared > cap {
                    let detail = format!(
                        "{member_name}: declares {declared} bytes from {compressed} compressed, over the expansion cap of {cap} bytes"
                    );
                    emitter.fail_rest(None, detail, &[]);
                    None
                } else {
                    Some(MemberSizes {
                        declared,
                        compressed,
                        cap,
                    })
                }
            }
        };
        if let Some(sizes) = sizes {
            let format = format_from_name(&member_name);
            read_member(
                &mut archive,
                index,
                &sizes,
                &mut whole,
                format,
                progress,
                &mut emitter,
                name,
            );
        }
        records += emitter.next_index;
        if let Some(why) = emitter.incomplete.take() {
            incomplete.get_or_insert(why);
        }
    }
    WHOLE.with(|cell| cell.replace(whole));
    InputReport {
        name: name.to_owned(),
        bytes,
        records,
        status: incomplete.map_or(InputStatus::Complete, InputStatus::Incomplete),
    }
}
