//! ZIP archives: each member is an input of its own, named `archive.zip!/member`.

use std::io::{BufReader, Read, Seek};

use super::source::{Emitter, InputReport, InputStatus, ReadItem, ReadOptions};
use khabar_core::RejectReason;

use super::{BUFFER_BYTES, CappedReader, format_from_name, non_data_reason, read_stream};

/// Reads every member of a ZIP archive in the archive's order.
pub(crate) fn read_zip<R: Read + Seek>(
    reader: R,
    name: &str,
    options: &ReadOptions,
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
        let member = archive.by_index(index);
        let member_name = match &member {
            Ok(m) => format!("{name}!/{}", m.name()),
            Err(_) => format!("{name}!/#{index}"),
        };
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
                    let inner =
                        BufReader::with_capacity(BUFFER_BYTES, CappedReader::new(member, cap));
                    let format = format_from_name(&member_name);
                    read_stream(Box::new(inner), &member_name, format, &mut emitter);
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
