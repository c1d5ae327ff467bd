//! Typed message headers: the `@eventHeader` members of an event, and the `:`-prefixed headers
//! that say what a message is.

use aws_smithy_types::event_stream::{Header, HeaderValue};
use aws_smithy_types::str_bytes::StrBytes;
use aws_smithy_types::{Blob, DateTime};

use crate::error::BoxError;
use crate::value::FromText;

/// A value an `@eventHeader` member is sent as.
pub trait ToEventHeader {
    /// The typed header value.
    fn to_header_value(&self) -> HeaderValue;
}

macro_rules! to_header {
    ($($t:ty => |$v:ident| $make:expr),* $(,)?) => {$(
        impl ToEventHeader for $t {
            fn to_header_value(&self) -> HeaderValue {
                let $v = self;
                $make
            }
        }
    )*};
}

to_header!(
    bool => |v| HeaderValue::Bool(*v),
    i8 => |v| HeaderValue::Byte(*v),
    i16 => |v| HeaderValue::Int16(*v),
    i32 => |v| HeaderValue::Int32(*v),
    i64 => |v| HeaderValue::Int64(*v),
    String => |v| HeaderValue::String(StrBytes::from(v.clone())),
    str => |v| HeaderValue::String(StrBytes::from(v.to_owned())),
    Blob => |v| HeaderValue::ByteArray(bytes::Bytes::copy_from_slice(v.as_ref())),
    DateTime => |v| HeaderValue::Timestamp(*v),
);

/// The header called `name`, if the message has one.
pub(crate) fn find<'h>(headers: &'h [Header], name: &str) -> Option<&'h HeaderValue> {
    headers.iter().find(|h| h.name().as_str() == name).map(Header::value)
}

/// The string header called `name`: `None` when absent or not a string.
pub(crate) fn string<'h>(headers: &'h [Header], name: &str) -> Option<&'h str> {
    find(headers, name)?.as_string().ok().map(StrBytes::as_str)
}

/// The name of a header value's type, for errors.
fn type_name(value: &HeaderValue) -> &'static str {
    match value {
        HeaderValue::Bool(_) => "a boolean",
        HeaderValue::Byte(_) => "a byte",
        HeaderValue::Int16(_) => "a short",
        HeaderValue::Int32(_) => "an integer",
        HeaderValue::Int64(_) => "a long",
        HeaderValue::ByteArray(_) => "a byte array",
        HeaderValue::String(_) => "a string",
        HeaderValue::Timestamp(_) => "a timestamp",
        HeaderValue::Uuid(_) => "a UUID",
        _ => "of an unknown type",
    }
}

fn wrong_type(name: &str, value: &HeaderValue, expected: &str) -> BoxError {
    format!("the `{name}` event header is {}, not {expected}", type_name(value)).into()
}

/// A boolean, integer or string header as the scalar `T` (a string or enum member takes the
/// string; a number or boolean member takes the value of its own type).
pub(crate) fn scalar<T: FromText>(headers: &[Header], name: &str) -> Result<Option<T>, BoxError> {
    let Some(value) = find(headers, name) else { return Ok(None) };
    let text = match value {
        HeaderValue::String(s) => s.as_str().to_owned(),
        HeaderValue::Bool(b) => b.to_string(),
        HeaderValue::Byte(n) => n.to_string(),
        HeaderValue::Int16(n) => n.to_string(),
        HeaderValue::Int32(n) => n.to_string(),
        HeaderValue::Int64(n) => n.to_string(),
        other => return Err(wrong_type(name, other, "a boolean, number or string")),
    };
    T::from_text(&text).map(Some).map_err(|why| format!("the `{name}` event header: {why}").into())
}

/// A byte array header.
pub(crate) fn blob(headers: &[Header], name: &str) -> Result<Option<Blob>, BoxError> {
    match find(headers, name) {
        None => Ok(None),
        Some(HeaderValue::ByteArray(bytes)) => Ok(Some(Blob::from_maybe_shared(bytes.clone()))),
        Some(other) => Err(wrong_type(name, other, "a byte array")),
    }
}

/// A timestamp header.
pub(crate) fn timestamp(headers: &[Header], name: &str) -> Result<Option<DateTime>, BoxError> {
    match find(headers, name) {
        None => Ok(None),
        Some(HeaderValue::Timestamp(t)) => Ok(Some(*t)),
        Some(other) => Err(wrong_type(name, other, "a timestamp")),
    }
}

/// A string header (`:message-type` and its kin).
pub(crate) fn text(name: &'static str, value: impl Into<String>) -> Header {
    Header::new(name, HeaderValue::String(StrBytes::from(value.into())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers() -> Vec<Header> {
        vec![
            Header::new("s", "text".to_owned().to_header_value()),
            Header::new("n", 7i32.to_header_value()),
            Header::new("b", true.to_header_value()),
            Header::new("blob", Blob::new("hi").to_header_value()),
            Header::new("t", DateTime::from_millis(1_500).to_header_value()),
        ]
    }

    #[test]
    fn scalars_read_from_their_own_type_or_text() {
        let h = headers();
        assert_eq!(scalar::<String>(&h, "s").ok().flatten().as_deref(), Some("text"));
        assert_eq!(scalar::<i32>(&h, "n").ok().flatten(), Some(7));
        assert_eq!(scalar::<i64>(&h, "n").ok().flatten(), Some(7));
        assert_eq!(scalar::<bool>(&h, "b").ok().flatten(), Some(true));
        assert_eq!(scalar::<i32>(&h, "missing").ok().flatten(), None);
        assert!(scalar::<i32>(&h, "s").is_err());
        assert!(scalar::<String>(&h, "blob").is_err());
    }

    #[test]
    fn blobs_and_timestamps_need_their_types() {
        let h = headers();
        assert_eq!(blob(&h, "blob").ok().flatten(), Some(Blob::new("hi")));
        assert_eq!(timestamp(&h, "t").ok().flatten(), Some(DateTime::from_millis(1_500)));
        assert!(blob(&h, "s").is_err());
        assert!(timestamp(&h, "n").is_err());
        assert_eq!(string(&h, "s"), Some("text"));
        assert_eq!(string(&h, "n"), None);
    }
}
