//! [`EventReceiver`]: the events of an output's event stream, each handed over as soon as its
//! frame is complete; the first error (of the service or of the stream) ends it.

// `SdkError` carries the raw message inline, as its definition does.
#![allow(clippy::result_large_err)]

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use aws_smithy_types::body::SdkBody;
use aws_smithy_types::event_stream::RawMessage;

use super::dispatch::{self, Step};
use super::frames::FrameReader;
use super::{ReadEvent, ReadEventError};
use crate::client::{HttpResponse, SdkError};
use crate::error::BoxError;
use crate::protocol::Protocol;
use crate::response::{ModeledError, ReadResponse, ResponseReader};

/// The events of an output's event stream: call [`EventReceiver::recv`] until it gives
/// `Ok(None)`, or use it as a `Stream`. After an error it gives `Ok(None)`.
pub struct EventReceiver<T, E> {
    live: Option<Live>,
    types: PhantomData<fn() -> (T, E)>,
}

/// A stream still being read.
#[derive(Debug)]
struct Live {
    frames: FrameReader,
    protocol: Protocol,
    /// A response without headers or body, standing for the HTTP response while an event is
    /// read (made once, not per event).
    blank: HttpResponse,
}

impl<T, E> fmt::Debug for EventReceiver<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventReceiver").field("done", &self.live.is_none()).finish_non_exhaustive()
    }
}

impl<T, E> Default for EventReceiver<T, E> {
    /// A stream without events.
    fn default() -> Self {
        EventReceiver { live: None, types: PhantomData }
    }
}

impl<T, E> EventReceiver<T, E> {
    /// The events of `body`, read with `protocol`.
    pub fn new(body: SdkBody, protocol: Protocol) -> Self {
        let blank = HttpResponse::new(http::StatusCode::OK.into(), SdkBody::empty());
        let live = Live { frames: FrameReader::new(body), protocol, blank };
        EventReceiver { live: Some(live), types: PhantomData }
    }
}

impl<T: ReadEvent, E: ReadEventError> EventReceiver<T, E> {
    /// The next event; `Ok(None)` once the stream has ended (or failed).
    pub async fn recv(&mut self) -> Result<Option<T>, SdkError<E, RawMessage>> {
        std::future::poll_fn(|cx| self.poll_recv(cx)).await
    }

    fn poll_recv(&mut self, cx: &mut Context<'_>) -> Poll<Result<Option<T>, SdkError<E, RawMessage>>> {
        loop {
            let Some(live) = self.live.as_mut() else { return Poll::Ready(Ok(None)) };
            let step = match ready!(live.frames.poll_frame(cx)) {
                None => {
                    self.live = None;
                    return Poll::Ready(Ok(None));
                }
                Some(Ok(frame)) => dispatch::frame::<T, E>(frame, &live.blank, live.protocol),
                Some(Err(broken)) => {
                    let (error, raw) = broken.into_parts();
                    Step::Fail(SdkError::response_error(error, raw))
                }
            };
            match step {
                Step::Event(event) => return Poll::Ready(Ok(Some(event))),
                Step::Skip => {}
                Step::Fail(error) => {
                    self.live = None;
                    return Poll::Ready(Err(error));
                }
            }
        }
    }
}

impl<T: ReadEvent, E: ReadEventError> futures_core::Stream for EventReceiver<T, E> {
    type Item = Result<T, SdkError<E, RawMessage>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_recv(cx).map(Result::transpose)
    }
}

/// Reads a modelled error structure from an exception message: its metadata gets the code
/// `exception_type` and the message the payload carries (read as the protocol reads error
/// messages). Generated `read_exception` arms call this.
pub fn read_exception<T: ReadResponse + ModeledError>(exception_type: &str, r: &mut ResponseReader<'_>) -> Result<T, BoxError> {
    let meta = dispatch::exception_meta(exception_type, r.raw(), r.protocol());
    let mut error = T::read_response(r)?;
    error.set_meta(meta);
    Ok(error)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Never;

    impl ReadEvent for Never {
        fn read_event(_: &str, _: &mut ResponseReader<'_>) -> Result<Self, BoxError> {
            Err("no events".into())
        }
    }

    #[derive(Debug)]
    struct NoError;

    impl fmt::Display for NoError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("no error")
        }
    }

    impl std::error::Error for NoError {}

    impl ReadEventError for NoError {
        fn read_exception(_: &str, _: &mut ResponseReader<'_>) -> Result<Option<Self>, BoxError> {
            Ok(None)
        }
        fn unmodelled(_: aws_smithy_types::error::ErrorMetadata) -> Self {
            NoError
        }
    }

    #[test]
    fn a_receiver_can_be_moved_shared_and_polled_unpinned() {
        fn check<T: Send + Sync + Unpin + fmt::Debug + Default>() {}
        check::<EventReceiver<Never, NoError>>();
    }

    #[tokio::test]
    async fn the_default_receiver_has_no_events() {
        let mut receiver = EventReceiver::<Never, NoError>::default();
        assert!(matches!(receiver.recv().await, Ok(None)));
    }
}
