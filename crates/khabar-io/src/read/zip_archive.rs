//! ZIP archives: each member is an input of its own, named `archive.zip!/member`.

use std::io::{BufReader, Read, Seek};
use std::sync::atomic::{AtomicU64, Ordering};

use super::format::Format;
use super::member_cache::{CacheRole, Replay, Tee};
use super::source::{Emitter, InputReport, InputStatus, ReadItem, ReadOptions};
use khabar_core::RejectReason;

use super::{BUFFER_BYTES, CappedReader, format_from_name, non_data_reason, read_stream};

/// What a member's header says of its size, and the cap on what it may expand to.
struct MemberSizes {
    declared: u64,
    compressed: u64,
    cap: u64,
}

/// Reads one member's records, through the [`MemberCache`] when the options hold one: a
/// member kept by an earlier read is read from memory; a first read keeps what it inflates
/// when the whole member reads without error.
fn read_member<R: Read>(
    member: R,
    MemberSizes {
        declared,
        compressed,
        cap,
    }: MemberSizes,
    archive: &str,
    member_name: &str,
    format: Format,
    progress: Option<&AtomicU64>,
    emitter: &mut Emitter<'_>,
) {
    match emitter.options.member_cache.clone() {
        Some((cache, CacheRole::Take)) => {
            if let Some(kept) = cache.take(member_name) {
                // The archive bytes this member would have been read from, for progress.
                if let Some(counter) = progress {
                    counter.fetch_add(compressed, Ordering::Relaxed);
                }
                let replay = BufReader::with_capacity(BUFFER_BYTES, Replay::new(kept));
                read_stream(Box::new(replay), member_name, format, emitter);
                return;
            }
        }
        Some((cache, CacheRole::Fill)) if cache.reserve(archive, declared) => {
            let limit = usize::try_from(declared).unwrap_or(0);
            let mut tee = Tee::new(CappedReader::new(member, cap), limit);
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
            cache.settle(member_name, declared, tee.into_kept().filter(|_| complete));
            return;
        }
        _ => {}
    }
    let inner = BufReader::with_capacity(BUFFER_BYTES, CappedReader::new(member, cap));
    read_stream(Box::new(inner), member_name, format, emitter);
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
    for index in 0..archive.len() {
        // The name comes from the central directory, so a member that cannot be opened (a
        // compression method not built in) is still named.
        let member_name = match archive.name_for_index(index) {
            Some(member) => format!("{name}!/{member}"),
            None => format!("{name}!/#{index}"),
        };
        let member = archive.by_index(index);
        let mut emitter = Emitter::new(&member_name, sink, options);
        let skip = non_data_reason(&member_name);
        match member {
            Err(e) => {
                emitter.fail_rest(None, format!("{member_name}: unreadable member: {e}"), &[]);
            }
            Ok(member) if member.is_dir() => {}
            // README.txt, LICENSE and the like: one reject naming the member, not one per line.
            Ok(_) if let Some(detail) = skip => {
                emitter.reject(None, RejectReason::NotData, detail, &[]);
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
                } else {
                    let format = format_from_name(&member_name);
                    let sizes = MemberSizes {
                        declared,
                        compressed,
                        cap,
                    };
                    read_member(
                        member,
                        sizes,
                        name,
                        &member_name,
                        format,
                        progress,
                        &mut emitter,
                    );
                }
            }
        }
        records += emitter.next_index;
        if let Some(why) = emitter.incomplete.take() {
            incomplete.get_or_insert(why);
        }
    }
    InputReport {
        name: name.to_owned(),
        bytes,
        records,
        status: incomplete.map_or(InputStatus::Complete, InputStatus::Incomplete),
    }
}
