//! ZIP members inflated whole: a deflated member that fits in memory is inflated by
//! libdeflate in one call, into a buffer kept per thread, and checked against its CRC
//! before any of it is read.

use std::io::{Read, Seek};

/// The largest member inflated whole in memory (see [`inflate_whole`]); larger ones stream.
const WHOLE_MEMBER_BYTES: u64 = 64 << 20;

/// What the members a thread reads share: the inflater, and the buffers members are read
/// and inflated into (reused from member to member and archive to archive, so that each
/// member does not fault in fresh pages).
pub(super) struct WholeInflater {
    inflater: libdeflater::Decompressor,
    compressed: Vec<u8>,
    pub(super) bytes: Vec<u8>,
}

impl Default for WholeInflater {
    fn default() -> Self {
        Self {
            inflater: libdeflater::Decompressor::new(),
            compressed: Vec::new(),
            bytes: Vec::new(),
        }
    }
}

/// Inflates a deflated member in one call, when it declares at most [`WHOLE_MEMBER_BYTES`]
/// (and no more than `cap`): libdeflate inflates into a buffer of the declared size about
/// twice as fast as the streaming inflate, CRC included. `None` when the member is not such
/// a member or anything does not check out (a bad stream, another size, another CRC): the
/// caller then streams it, which reads its records up to the damage and reports it as
/// before. The bytes are left in `whole.bytes`.
pub(super) fn inflate_whole<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    index: usize,
    sizes: &super::zip_archive::MemberSizes,
    whole: &mut WholeInflater,
) -> Option<()> {
    let declared = sizes.declared;
    if declared > sizes.cap || declared > WHOLE_MEMBER_BYTES {
        return None;
    }
    let mut raw = archive.by_index_raw(index).ok()?;
    if raw.compression() != zip::CompressionMethod::Deflated || raw.encrypted() {
        return None;
    }
    let crc = raw.crc32();
    whole.compressed.clear();
    raw.read_to_end(&mut whole.compressed).ok()?;
    whole.bytes.clear();
    whole.bytes.resize(usize::try_from(declared).ok()?, 0);
    let inflated = whole
        .inflater
        .deflate_decompress(&whole.compressed, &mut whole.bytes)
        .ok()?;
    (inflated == whole.bytes.len() && libdeflater::crc32(&whole.bytes) == crc).then_some(())
}
