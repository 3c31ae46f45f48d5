//! A small little-endian binary codec for shard states.
//!
//! States cross process boundaries (one file per shard, merged later), so the encoding is
//! explicit and versioned rather than whatever a serde format happens to do.

use crate::AggregateError;

/// Bytes a streaming [`Writer`] buffers before it hands them to its sink.
const SPILL_BYTES: usize = 1 << 20;

/// Appends fields to a byte buffer, or streams them to a sink in 1 MiB pieces, so that
/// saving a large state does not hold a second copy of it in memory.
#[derive(Default)]
pub(crate) struct Writer<'a> {
    buf: Vec<u8>,
    sink: Option<&'a mut dyn std::io::Write>,
    error: Option<std::io::Error>,
}

impl<'a> Writer<'a> {
    pub(crate) fn with_header(magic: [u8; 8]) -> Self {
        let mut w = Self::default();
        w.buf.extend_from_slice(&magic);
        w
    }

    /// A writer that streams to `sink`; finish it with [`Writer::finish_stream`].
    pub(crate) fn streaming(magic: [u8; 8], sink: &'a mut dyn std::io::Write) -> Self {
        let mut w = Self::with_header(magic);
        w.sink = Some(sink);
        w
    }

    /// Hands the buffer to the sink once it is large; the first error is kept for
    /// [`Writer::finish_stream`].
    fn spill_if_full(&mut self) {
        if self.buf.len() < SPILL_BYTES {
            return;
        }
        if let Some(sink) = self.sink.as_mut() {
            if self.error.is_none()
                && let Err(e) = sink.write_all(&self.buf)
            {
                self.error = Some(e);
            }
            self.buf.clear();
        }
    }

    pub(crate) fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }

    pub(crate) fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    pub(crate) fn u64(&mut self, v: u64) {
        self.spill_if_full();
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    pub(crate) fn i64(&mut self, v: i64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    pub(crate) fn len(&mut self, v: usize) {
        self.u64(v as u64);
    }

    pub(crate) fn opt_i64(&mut self, v: Option<i64>) {
        match v {
            Some(v) => {
                self.u8(1);
                self.i64(v);
            }
            None => self.u8(0),
        }
    }

    pub(crate) fn str(&mut self, v: &str) {
        self.len(v.len());
        self.spill_if_full();
        self.buf.extend_from_slice(v.as_bytes());
    }

    pub(crate) fn opt_str(&mut self, v: Option<&str>) {
        match v {
            Some(v) => {
                self.u8(1);
                self.str(v);
            }
            None => self.u8(0),
        }
    }

    /// The bytes of an in-memory writer.
    pub(crate) fn finish(self) -> Vec<u8> {
        self.buf
    }

    /// Writes what is left to the sink of a streaming writer.
    pub(crate) fn finish_stream(mut self) -> std::io::Result<()> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        match self.sink.as_mut() {
            Some(sink) => {
                sink.write_all(&self.buf)?;
                sink.flush()
            }
            None => Ok(()),
        }
    }
}

/// Reads fields back, failing with the byte offset on truncated or invalid input.
#[derive(Debug)]
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    what: &'static str,
}

impl<'a> Reader<'a> {
    pub(crate) fn with_header(
        bytes: &'a [u8],
        magic: [u8; 8],
        what: &'static str,
    ) -> Result<Self, AggregateError> {
        if bytes.get(..magic.len()) != Some(&magic[..]) {
            return Err(AggregateError::BadHeader { what });
        }
        Ok(Self {
            bytes,
            at: magic.len(),
            what,
        })
    }

    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], AggregateError> {
        let end = self.at.checked_add(n).ok_or(AggregateError::Truncated {
            what,
            offset: self.at,
        })?;
        let slice = self
            .bytes
            .get(self.at..end)
            .ok_or(AggregateError::Truncated {
                what,
                offset: self.at,
            })?;
        self.at = end;
        Ok(slice)
    }

    fn array<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N], AggregateError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N, what)?);
        Ok(out)
    }

    pub(crate) fn u8(&mut self, what: &'static str) -> Result<u8, AggregateError> {
        Ok(self.array::<1>(what)?[0])
    }

    pub(crate) fn u32(&mut self, what: &'static str) -> Result<u32, AggregateError> {
        Ok(u32::from_le_bytes(self.array(what)?))
    }

    pub(crate) fn u64(&mut self, what: &'static str) -> Result<u64, AggregateError> {
        Ok(u64::from_le_bytes(self.array(what)?))
    }

    pub(crate) fn i64(&mut self, what: &'static str) -> Result<i64, AggregateError> {
        Ok(i64::from_le_bytes(self.array(what)?))
    }

    /// A length that must fit in the remaining bytes at `min_item_bytes` per item, so a
    /// corrupt length can never trigger a huge allocation.
    pub(crate) fn len(
        &mut self,
        min_item_bytes: usize,
        what: &'static str,
    ) -> Result<usize, AggregateError> {
        let offset = self.at;
        let n = usize::try_from(self.u64(what)?)
            .map_err(|_| AggregateError::Invalid { what, offset })?;
        let remaining = self.bytes.len() - self.at;
        if n.saturating_mul(min_item_bytes.max(1)) > remaining {
            return Err(AggregateError::Truncated { what, offset });
        }
        Ok(n)
    }

    fn flag(&mut self, what: &'static str) -> Result<bool, AggregateError> {
        let offset = self.at;
        match self.u8(what)? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(AggregateError::Invalid { what, offset }),
        }
    }

    pub(crate) fn opt_i64(&mut self, what: &'static str) -> Result<Option<i64>, AggregateError> {
        if self.flag(what)? {
            Ok(Some(self.i64(what)?))
        } else {
            Ok(None)
        }
    }

    pub(crate) fn string(&mut self, what: &'static str) -> Result<String, AggregateError> {
        let n = self.len(1, what)?;
        let offset = self.at;
        let bytes = self.take(n, what)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| AggregateError::Invalid { what, offset })
    }

    pub(crate) fn opt_string(
        &mut self,
        what: &'static str,
    ) -> Result<Option<String>, AggregateError> {
        if self.flag(what)? {
            Ok(Some(self.string(what)?))
        } else {
            Ok(None)
        }
    }

    pub(crate) fn finish(self) -> Result<(), AggregateError> {
        let extra = self.bytes.len() - self.at;
        if extra == 0 {
            Ok(())
        } else {
            Err(AggregateError::TrailingBytes {
                what: self.what,
                extra,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn fields_round_trip() {
        let mut w = Writer::with_header(*b"TESTHDR1");
        w.u8(7);
        w.u32(0xDEAD_BEEF);
        w.u64(u64::MAX);
        w.opt_i64(Some(-5));
        w.opt_i64(None);
        w.str("مرحبا");
        w.opt_str(None);
        let bytes = w.finish();
        let mut r = Reader::with_header(&bytes, *b"TESTHDR1", "test").unwrap();
        assert_eq!(r.u8("a").unwrap(), 7);
        assert_eq!(r.u32("b").unwrap(), 0xDEAD_BEEF);
        assert_eq!(r.u64("c").unwrap(), u64::MAX);
        assert_eq!(r.opt_i64("d").unwrap(), Some(-5));
        assert_eq!(r.opt_i64("e").unwrap(), None);
        assert_eq!(r.string("f").unwrap(), "مرحبا");
        assert_eq!(r.opt_string("g").unwrap(), None);
        r.finish().unwrap();
    }

    #[test]
    fn huge_length_is_rejected_without_allocating() {
        let mut w = Writer::with_header(*b"TESTHDR1");
        w.u64(u64::MAX / 2);
        let bytes = w.finish();
        let mut r = Reader::with_header(&bytes, *b"TESTHDR1", "test").unwrap();
        assert!(matches!(
            r.string("s"),
            Err(AggregateError::Truncated { .. })
        ));
    }

    #[test]
    fn wrong_header_is_rejected() {
        assert!(matches!(
            Reader::with_header(b"nope", *b"TESTHDR1", "t"),
            Err(AggregateError::BadHeader { .. })
        ));
    }
}
