//! Whole frames cut from a body as it arrives: bytes are kept only until the frame they belong
//! to is complete, and a frame is handed over as soon as it is (never at the body's end).
//!
//! A frame's prelude declares its total length and the length of its header block. Those two
//! numbers are checked against [`MAX_PAYLOAD_BYTES`] and [`MAX_HEADER_BYTES`] as soon as the
//! prelude is in, before anything more of the frame is read, so a hostile length cannot make
//! the reader wait for (or hold) more than one legitimate message. Everything else about the
//! frame (its checksums, header encoding, the consistency of the lengths) is checked when
//! `aws-smithy-eventstream` decodes it.

use std::fmt;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use aws_smithy_types::body::SdkBody;
use aws_smithy_types::event_stream::RawMessage;
use bytes::{Bytes, BytesMut};
use http_body::Body;

use crate::error::BoxError;

/// The largest payload one message may carry (16 MiB).
pub const MAX_PAYLOAD_BYTES: u32 = 16 * 1024 * 1024;

/// The largest header block one message may carry (128 KiB).
pub const MAX_HEADER_BYTES: u32 = 128 * 1024;

/// Total length, headers length and prelude checksum, four bytes each.
const PRELUDE_BYTES: usize = 12;

/// The prelude and the message checksum: what a frame holds besides headers and payload.
const OVERHEAD_BYTES: u32 = 16;

/// Why no frame could be cut from the body.
#[derive(Debug)]
pub enum FrameError {
    /// A prelude declares a message larger than the limits allow.
    TooLarge {
        /// The declared total length.
        total: u32,
        /// The declared header block length.
        headers: u32,
    },
    /// The body ended inside a frame.
    Truncated {
        /// How many bytes of the unfinished frame arrived.
        got: usize,
    },
    /// Reading the body failed (an idle timeout among others).
    Read(BoxError),
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameError::TooLarge { total, headers } => write!(
                f,
                "an event stream message declares {total} bytes with {headers} bytes of headers, over the limits \
                 ({MAX_PAYLOAD_BYTES} bytes of payload, {MAX_HEADER_BYTES} bytes of headers)"
            ),
            FrameError::Truncated { got } => write!(f, "the event stream ended inside a message ({got} bytes of it arrived)"),
            FrameError::Read(e) => write!(f, "reading the event stream failed: {e}"),
        }
    }
}

impl std::error::Error for FrameError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FrameError::Read(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}

/// A frame that could not be cut, with the bytes it had (for [`RawMessage::Invalid`]).
#[derive(Debug)]
pub(crate) struct Broken {
    pub(crate) error: FrameError,
    pub(crate) bytes: Option<Bytes>,
}

impl Broken {
    /// The raw form an `SdkError` keeps.
    pub(crate) fn into_parts(self) -> (FrameError, RawMessage) {
        (self.error, RawMessage::Invalid(self.bytes))
    }
}

/// The declared total and header block lengths of the prelude at the start of `buf`, or
/// `None` while fewer than [`PRELUDE_BYTES`] bytes are in.
fn declared(buf: &[u8]) -> Option<(u32, u32)> {
    let word = |at: usize| buf.get(at..at + 4).and_then(|w| <[u8; 4]>::try_from(w).ok()).map(u32::from_be_bytes);
    if buf.len() < PRELUDE_BYTES {
        return None;
    }
    Some((word(0)?, word(4)?))
}

/// Whether a message of these declared lengths is within the limits.
fn within_limits(total: u32, headers: u32) -> bool {
    let payload = total.saturating_sub(headers).saturating_sub(OVERHEAD_BYTES);
    headers <= MAX_HEADER_BYTES && payload <= MAX_PAYLOAD_BYTES
}

/// Cuts frames from a body.
#[derive(Debug)]
pub(crate) struct FrameReader {
    body: SdkBody,
    buf: BytesMut,
    /// The latest body chunk, not yet copied: frames wholly inside it are cut from it without
    /// copying; only a frame that straddles chunks is assembled in `buf`.
    chunk: Bytes,
    ended: bool,
}

impl FrameReader {
    /// A reader of `body`, starting with the bytes already read from it (`buffered`).
    pub(crate) fn new(body: SdkBody, buffered: BytesMut) -> Self {
        FrameReader { body, buf: buffered, chunk: Bytes::new(), ended: false }
    }

    /// The body and what was read from it but not handed over as a frame.
    pub(crate) fn into_parts(mut self) -> (BytesMut, SdkBody) {
        self.buf.extend_from_slice(&self.chunk);
        (self.buf, self.body)
    }

    /// The length of the frame at the start of the buffer, once its prelude is in.
    fn frame_len(&mut self) -> Result<Option<usize>, Broken> {
        let Some((total, headers)) = declared(&self.buf) else { return Ok(None) };
        if !within_limits(total, headers) {
            let prelude = self.buf.split_to(PRELUDE_BYTES).freeze();
            return Err(Broken { error: FrameError::TooLarge { total, headers }, bytes: Some(prelude) });
        }
        Ok(Some(total as usize))
    }

    /// The next whole frame; `None` when the body ended between frames.
    pub(crate) fn poll_frame(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, Broken>>> {
        loop {
            // Fast path: nothing assembled; cut whole frames straight from the chunk.
            if self.buf.is_empty() && !self.chunk.is_empty() {
                if let Some((total, headers)) = declared(&self.chunk) {
                    if !within_limits(total, headers) {
                        let prelude = self.chunk.split_to(PRELUDE_BYTES);
                        return Poll::Ready(Some(Err(Broken { error: FrameError::TooLarge { total, headers }, bytes: Some(prelude) })));
                    }
                    if self.chunk.len() >= total as usize {
                        return Poll::Ready(Some(Ok(self.chunk.split_to(total as usize))));
                    }
                }
            }
            match self.frame_len() {
                Err(broken) => return Poll::Ready(Some(Err(broken))),
                Ok(Some(len)) if self.buf.len() >= len => return Poll::Ready(Some(Ok(self.buf.split_to(len).freeze()))),
                Ok(known) => {
                    if !self.chunk.is_empty() {
                        // Move only what the frame being assembled still needs.
                        let want = match known {
                            Some(len) => len - self.buf.len(),
                            None => PRELUDE_BYTES - self.buf.len(),
                        };
                        let take = want.min(self.chunk.len());
                        if self.buf.is_empty() {
                            self.buf.reserve(known.unwrap_or(take));
                        }
                        self.buf.extend_from_slice(&self.chunk.split_to(take));
                        continue;
                    }
                }
            }
            if self.ended {
                return Poll::Ready(self.leftover());
            }
            match ready!(Pin::new(&mut self.body).poll_frame(cx)) {
                None => self.ended = true,
                Some(Err(e)) => return Poll::Ready(Some(Err(Broken { error: FrameError::Read(e), bytes: None }))),
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data() {
                        self.chunk = data;
                    }
                }
            }
        }
    }

    /// At the body's end: nothing, or the unfinished frame.
    fn leftover(&mut self) -> Option<Result<Bytes, Broken>> {
        if self.buf.is_empty() {
            return None;
        }
        let bytes = self.buf.split().freeze();
        Some(Err(Broken { error: FrameError::Truncated { got: bytes.len() }, bytes: Some(bytes) }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits() {
        assert!(within_limits(16, 0));
        assert!(within_limits(MAX_PAYLOAD_BYTES + MAX_HEADER_BYTES + OVERHEAD_BYTES, MAX_HEADER_BYTES));
        assert!(!within_limits(MAX_PAYLOAD_BYTES + OVERHEAD_BYTES + 1, 0));
        assert!(!within_limits(u32::MAX, 0));
        assert!(!within_limits(u32::MAX, MAX_HEADER_BYTES + 1));
        assert!(within_limits(0, 0), "too short is the decoder's to reject");
    }

    #[test]
    fn preludes() {
        assert_eq!(declared(&[0; 11]), None);
        let mut prelude = vec![0, 0, 1, 0, 0, 0, 0, 7];
        prelude.extend_from_slice(&[9; 4]);
        assert_eq!(declared(&prelude), Some((256, 7)));
    }
}
