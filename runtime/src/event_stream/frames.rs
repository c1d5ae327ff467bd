//! Whole frames cut from a body as it arrives: bytes are kept only until the frame they belong
//! to is complete, and a frame is handed over as soon as it is (never at the body's end).
//!
//! A frame's prelude declares its total length and the length of its header block. Those two
//! numbers are checked against [`MAX_PAYLOAD_BYTES`] and [`MAX_HEADER_BYTES`] as soon as the
//! prelude is in, before anything more of the frame is read, so a hostile length cannot make
//! the reader wait for (or hold) more than one legitimate message. Everything else about the
//! frame (its checksums, header encoding, the consistency of the lengths) is checked when
//! `aws-smithy-eventstream` decodes it.

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use aws_smithy_types::body::SdkBody;
use aws_smithy_eventstream::frame::read_message_from;
use aws_smithy_types::event_stream::{Message, RawMessage};
use bytes::{Buf, Bytes};
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

/// Whether a message of these declared lengths is within the limits.
fn within_limits(total: u32, headers: u32) -> bool {
    let payload = total.saturating_sub(headers).saturating_sub(OVERHEAD_BYTES);
    headers <= MAX_HEADER_BYTES && payload <= MAX_PAYLOAD_BYTES
}

/// The bytes of a run of body chunks, in order, as one [`Buf`]: frames are decoded from it
/// where they straddle chunks, so no frame is ever assembled in a buffer of its own.
#[derive(Clone, Debug, Default)]
pub(crate) struct Pieces {
    parts: VecDeque<Bytes>,
    len: usize,
}

impl Pieces {
    fn push(&mut self, bytes: Bytes) {
        if !bytes.is_empty() {
            self.len += bytes.len();
            self.parts.push_back(bytes);
        }
    }

    /// The declared total and header block lengths of the prelude in front, or `None` while
    /// fewer than [`PRELUDE_BYTES`] bytes are in.
    fn prelude(&self) -> Option<(u32, u32)> {
        if self.len < PRELUDE_BYTES {
            return None;
        }
        let mut words = [0u8; 8];
        let mut filled = 0;
        for part in &self.parts {
            let take = (words.len() - filled).min(part.len());
            words[filled..filled + take].copy_from_slice(&part[..take]);
            filled += take;
            if filled == words.len() {
                break;
            }
        }
        let [a, b, c, d, e, f, g, h] = words;
        Some((u32::from_be_bytes([a, b, c, d]), u32::from_be_bytes([e, f, g, h])))
    }

    /// The first `n` bytes (`n` at most [`Pieces::len`]): shared with the chunk when one chunk
    /// holds them all, else the pieces they span.
    fn split_front(&mut self, n: usize) -> FrameBytes {
        self.len -= n;
        let front = self.parts.front_mut().expect("take within len");
        if front.len() > n {
            return FrameBytes::Whole(front.split_to(n));
        }
        if front.len() == n {
            return FrameBytes::Whole(self.parts.pop_front().expect("front"));
        }
        let mut taken = Pieces::default();
        while taken.len < n {
            let mut part = self.parts.pop_front().expect("take within len");
            if taken.len + part.len() > n {
                let rest = part.split_off(n - taken.len);
                self.parts.push_front(rest);
            }
            taken.push(part);
        }
        FrameBytes::Pieces(taken)
    }

    /// Every byte, in one buffer.
    fn concat(&self) -> Bytes {
        match self.parts.len() {
            0 => Bytes::new(),
            1 => self.parts[0].clone(),
            _ => self.parts.iter().flat_map(|p| p.iter().copied()).collect::<Vec<u8>>().into(),
        }
    }
}

impl Buf for Pieces {
    fn remaining(&self) -> usize {
        self.len
    }

    fn chunk(&self) -> &[u8] {
        self.parts.front().map(|p| &p[..]).unwrap_or_default()
    }

    fn advance(&mut self, mut cnt: usize) {
        assert!(cnt <= self.len, "advance past the end of the pieces");
        self.len -= cnt;
        while cnt > 0 {
            let front = self.parts.front_mut().expect("within len");
            if front.len() > cnt {
                front.advance(cnt);
                return;
            }
            cnt -= front.len();
            self.parts.pop_front();
        }
    }
}

/// One whole frame's bytes.
#[derive(Debug)]
pub(crate) enum FrameBytes {
    /// The frame arrived inside one chunk: a shared slice of it.
    Whole(Bytes),
    /// The frame straddled chunks: the pieces of them it spans.
    Pieces(Pieces),
}

impl FrameBytes {
    /// The decoded message; when it does not decode, the error and the frame's bytes.
    pub(crate) fn decode(self) -> Result<Message, (aws_smithy_eventstream::error::Error, Bytes)> {
        match self {
            FrameBytes::Whole(bytes) => read_message_from(bytes.clone()).map_err(|e| (e, bytes)),
            FrameBytes::Pieces(pieces) => read_message_from(pieces.clone()).map_err(|e| (e, pieces.concat())),
        }
    }

    /// The frame in one buffer.
    pub(crate) fn into_bytes(self) -> Bytes {
        match self {
            FrameBytes::Whole(bytes) => bytes,
            FrameBytes::Pieces(pieces) => pieces.concat(),
        }
    }
}

/// Cuts frames from a body.
#[derive(Debug)]
pub(crate) struct FrameReader {
    body: SdkBody,
    /// What arrived and is not handed over yet: the frame in progress and what follows it.
    queued: Pieces,
    ended: bool,
}

impl FrameReader {
    /// A reader of `body`.
    pub(crate) fn new(body: SdkBody) -> Self {
        FrameReader { body, queued: Pieces::default(), ended: false }
    }

    /// The body and what was read from it but not handed over as a frame.
    pub(crate) fn into_parts(self) -> (Bytes, SdkBody) {
        (self.queued.concat(), self.body)
    }

    /// The frame in front, once all of it is in.
    fn cut(&mut self) -> Result<Option<FrameBytes>, Broken> {
        let Some((total, headers)) = self.queued.prelude() else { return Ok(None) };
        if !within_limits(total, headers) {
            let prelude = self.queued.split_front(PRELUDE_BYTES).into_bytes();
            return Err(Broken { error: FrameError::TooLarge { total, headers }, bytes: Some(prelude) });
        }
        let total = total as usize;
        if self.queued.len < total.max(PRELUDE_BYTES) {
            return Ok(None);
        }
        Ok(Some(self.queued.split_front(total.max(PRELUDE_BYTES))))
    }

    /// The next whole frame; `None` when the body ended between frames.
    pub(crate) fn poll_frame(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<FrameBytes, Broken>>> {
        loop {
            match self.cut() {
                Err(broken) => return Poll::Ready(Some(Err(broken))),
                Ok(Some(frame)) => return Poll::Ready(Some(Ok(frame))),
                Ok(None) => {}
            }
            if self.ended {
                return Poll::Ready(self.leftover());
            }
            match ready!(Pin::new(&mut self.body).poll_frame(cx)) {
                None => self.ended = true,
                Some(Err(e)) => return Poll::Ready(Some(Err(Broken { error: FrameError::Read(e), bytes: None }))),
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data() {
                        self.queued.push(data);
                    }
                }
            }
        }
    }

    /// At the body's end: nothing, or the unfinished frame.
    fn leftover(&mut self) -> Option<Result<FrameBytes, Broken>> {
        if self.queued.len == 0 {
            return None;
        }
        let bytes = std::mem::take(&mut self.queued).concat();
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

    fn pieces(parts: &[&[u8]]) -> Pieces {
        let mut pieces = Pieces::default();
        for part in parts {
            pieces.push(Bytes::copy_from_slice(part));
        }
        pieces
    }

    #[test]
    fn preludes_read_across_pieces() {
        assert_eq!(pieces(&[&[0; 6], &[0; 5]]).prelude(), None);
        let prelude: &[u8] = &[0, 0, 1, 0, 0, 0, 0, 7, 9, 9, 9, 9];
        for cut in 0..prelude.len() {
            let (a, b) = prelude.split_at(cut);
            assert_eq!(pieces(&[a, b]).prelude(), Some((256, 7)), "cut at {cut}");
        }
    }

    #[test]
    fn a_frame_inside_one_piece_is_shared_and_one_across_pieces_keeps_the_rest() {
        let mut queued = pieces(&[b"abcdef", b"gh"]);
        assert!(matches!(queued.split_front(2), FrameBytes::Whole(b) if &b[..] == b"ab"));
        assert!(matches!(queued.split_front(4), FrameBytes::Whole(b) if &b[..] == b"cdef"));
        let mut queued = pieces(&[b"abc", b"", b"def", b"ghi"]);
        let FrameBytes::Pieces(taken) = queued.split_front(7) else { panic!("pieces") };
        assert_eq!(&taken.concat()[..], b"abcdefg");
        assert_eq!((queued.len, &queued.concat()[..]), (2, &b"hi"[..]));
    }

    #[test]
    fn pieces_are_a_buf() {
        let mut queued = pieces(&[b"ab", b"cde", b"f"]);
        queued.advance(3);
        assert_eq!((queued.remaining(), queued.chunk()), (3, &b"de"[..]));
        assert_eq!(&queued.copy_to_bytes(3)[..], b"def");
        assert!(!queued.has_remaining());
    }

    fn frame(payload: &[u8]) -> Vec<u8> {
        let message = Message::new_from_parts(vec![super::super::headers::text(":event-type", "e")], Bytes::copy_from_slice(payload));
        let mut out = Vec::new();
        aws_smithy_eventstream::frame::write_message_to(&message, &mut out).expect("framed");
        out
    }

    /// A body of these chunks.
    struct Chunks(VecDeque<Bytes>);

    impl Body for Chunks {
        type Data = Bytes;
        type Error = BoxError;

        fn poll_frame(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<http_body::Frame<Bytes>, BoxError>>> {
            Poll::Ready(self.0.pop_front().map(|c| Ok(http_body::Frame::data(c))))
        }
    }

    /// Every frame of `body` cut into `size`-byte chunks, decoded.
    fn read_all(body: &[u8], size: usize) -> Vec<Result<Message, String>> {
        let chunks = Chunks(body.chunks(size).map(Bytes::copy_from_slice).collect());
        let mut reader = FrameReader::new(SdkBody::from_body_1_x(chunks));
        let mut cx = Context::from_waker(std::task::Waker::noop());
        let mut out = Vec::new();
        while let Poll::Ready(Some(frame)) = reader.poll_frame(&mut cx) {
            out.push(frame.map_err(|b| b.error.to_string()).and_then(|f| f.decode().map_err(|(e, _)| e.to_string())));
        }
        out
    }

    #[test]
    fn frames_cut_anywhere_decode_alike() {
        let body = [frame(b"one"), frame(&[7; 300]), frame(b"")].concat();
        let whole = read_all(&body, body.len());
        assert_eq!(whole.len(), 3);
        assert!(whole.iter().all(Result::is_ok));
        for size in [1, 5, 12, 13, 64, 100] {
            assert_eq!(read_all(&body, size), whole, "chunks of {size}");
        }
    }

    #[test]
    fn a_truncated_frame_and_a_corrupt_one_are_reported_with_their_bytes() {
        let body = frame(b"payload");
        let got = read_all(&body[..body.len() - 1], 4);
        assert!(matches!(&got[..], [Err(e)] if e.contains("ended inside a message")), "{got:?}");
        let mut corrupt = body.clone();
        corrupt[20] ^= 1;
        let mut reader = FrameReader::new(SdkBody::from(corrupt.clone()));
        let Poll::Ready(Some(Ok(frame))) = reader.poll_frame(&mut Context::from_waker(std::task::Waker::noop())) else { panic!("a frame") };
        let (_, bytes) = frame.decode().expect_err("checksum");
        assert_eq!(&bytes[..], &corrupt[..]);
    }
}
