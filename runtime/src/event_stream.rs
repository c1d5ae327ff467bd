//! Event streams: an operation's `@streaming` union member, sent or received as a sequence of
//! messages in the `application/vnd.amazon.eventstream` framing.
//!
//! The framing, its checksums and SigV4 message signing come from `aws-smithy-eventstream` and
//! `aws-sigv4`; this module decides what each message means. A generated union implements
//! [`ReadEvent`] (and its error union [`ReadEventError`]) to be received through an
//! [`EventReceiver`], or [`WriteEvent`] to be sent through an [`EventStreamSender`]; each event
//! structure is read and written with the usual [`ResponseReader`] and [`RequestWriter`]
//! methods, its payload being the message's.
//!
//! - [`frames`]: whole frames cut from a body as it arrives, within per-message limits;
//! - `dispatch`: what one received message is (an event, a modelled or unmodelled error);
//! - `receiver`: [`EventReceiver`];
//! - `headers`: typed message headers, read and written;
//! - `sender`: [`EventStreamSender`] and [`write_event`];
//! - `body`: the request body the messages are framed (and signed) into;
//! - `sign`: the signing slot the HTTP signer hands the seed signature through;
//! - `initial`: the RPC protocols' `initial-request` and `initial-response` messages.

use aws_smithy_types::error::ErrorMetadata;

use crate::error::BoxError;
use crate::protocol::Protocol;
#[cfg(doc)]
use crate::request::RequestWriter;
use crate::response::ResponseReader;

mod body;
mod dispatch;
pub mod frames;
pub(crate) mod headers;
pub(crate) mod initial;
mod receiver;
mod sender;
pub(crate) mod sign;

pub use aws_smithy_types::event_stream::{Header, HeaderValue, Message, RawMessage};
pub use headers::ToEventHeader;
pub use receiver::{read_exception, EventReceiver};
pub use sender::{unknown_event, write_event, write_exception, EventStreamSender, ExceptionError, MessageStream};

pub(crate) use body::event_body;

/// The `Content-Type` of an event stream body.
pub const CONTENT_TYPE: &str = "application/vnd.amazon.eventstream";

/// The payload hash a SigV4-signed event stream request is signed with.
pub const STREAMING_PAYLOAD: &str = "STREAMING-AWS4-HMAC-SHA256-EVENTS";

/// A union that is an event stream's events. Generated: one arm per event member.
pub trait ReadEvent: Sized + Send + 'static {
    /// Reads the event whose `:event-type` is `event_type` (the union member name); an unknown
    /// type gives the union's `Unknown` variant (never an error).
    fn read_event(event_type: &str, r: &mut ResponseReader<'_>) -> Result<Self, BoxError>;
}

/// `crate::types::error::<Union>Error`: the stream's errors. Generated.
pub trait ReadEventError: Sized + std::error::Error + Send + Sync + std::fmt::Debug + 'static {
    /// A `:message-type: exception` message whose `:exception-type` is `exception_type`;
    /// `Ok(None)` when the type is not one of the union's error members.
    fn read_exception(exception_type: &str, r: &mut ResponseReader<'_>) -> Result<Option<Self>, BoxError>;

    /// An error the model does not describe (an `error` message with `:error-code` and
    /// `:error-message`, or an exception of an unknown type), from its metadata.
    fn unmodelled(meta: ErrorMetadata) -> Self;
}

/// A union that is an input event stream. Generated: one arm per event member, each calling
/// [`write_event`]; the `Unknown` variant gives [`unknown_event`].
pub trait WriteEvent: Send + 'static {
    /// The message this event is sent as.
    fn write_event(self, protocol: Protocol) -> Result<Message, BoxError>;
}

/// `crate::types::error::<Union>Error` of an input event stream: a modelled error the user's
/// stream yields is sent as an `exception` message, after which the stream ends; any other
/// error ends the request with it. Generated: one arm per error member, each calling
/// [`write_exception`].
pub trait WriteEventError: std::error::Error + Send + Sync + Sized + 'static {
    /// The `exception` message of a modelled error, or the error itself when it has none.
    fn write_exception(self, protocol: Protocol) -> Result<Message, ExceptionError<Self>>;
}
