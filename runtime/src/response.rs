//! Reading an operation output (or a modelled error) back from an HTTP response.
//!
//! A generated output implements [`ReadResponse`] with one expression per member; where the
//! member comes from (a header, prefixed headers, the status code, the payload or the document
//! body) is the name of the [`ResponseReader`] method, and parsing lives here.

use std::collections::HashMap;
use std::fmt;

use aws_smithy_runtime_api::http::header_parse;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::byte_stream::ByteStream;
use aws_smithy_types::date_time::Format;
use aws_smithy_types::error::ErrorMetadata;
use aws_smithy_types::{Blob, DateTime};

use crate::client::HttpResponse;
use crate::error::BoxError;
use crate::protocol::Protocol;
use crate::value::FromText;

/// An operation output or error structure that can be read from a response.
pub trait ReadResponse: Sized {
    /// Reads every member from where its binding says.
    fn read_response(r: &mut ResponseReader<'_>) -> Result<Self, BoxError>;
}

/// A modelled error structure: its metadata is attached after it is read.
pub trait ModeledError {
    /// Stores the metadata (and takes the message from it when the body had none).
    fn set_meta(&mut self, meta: ErrorMetadata);
}

/// A header that does not hold what the model says it does.
#[derive(Debug)]
pub struct HeaderError {
    name: String,
    why: String,
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid `{}` header: {}", self.name, self.why)
    }
}

impl std::error::Error for HeaderError {}

/// A response being read.
#[derive(Debug)]
pub struct ResponseReader<'a> {
    raw: &'a HttpResponse,
    protocol: Protocol,
    stream: Option<SdkBody>,
    /// The typed headers of an event message (none for a response).
    #[cfg(feature = "event-stream")]
    event_headers: &'a [crate::event_stream::Header],
    /// An event's payload, read in place of the body: a blob payload is handed over shared,
    /// without a copy.
    #[cfg(feature = "event-stream")]
    event_payload: Option<&'a bytes::Bytes>,
}

impl<'a> ResponseReader<'a> {
    /// A reader over a response whose body has been read whole.
    pub fn new(raw: &'a HttpResponse, protocol: Protocol) -> Self {
        Self::with_stream(raw, protocol, None)
    }

    /// A reader over a response whose body is still arriving: `stream` is what
    /// [`ResponseReader::stream`] hands out; `raw` holds the status and headers.
    pub fn streaming(raw: &'a HttpResponse, protocol: Protocol, stream: SdkBody) -> Self {
        Self::with_stream(raw, protocol, Some(stream))
    }

    fn with_stream(raw: &'a HttpResponse, protocol: Protocol, stream: Option<SdkBody>) -> Self {
        Self {
            raw,
            protocol,
            stream,
            #[cfg(feature = "event-stream")]
            event_headers: &[],
            #[cfg(feature = "event-stream")]
            event_payload: None,
        }
    }

    /// A reader over one event message: `raw` holds the payload as its body (and
    /// `Content-Type` from `:content-type`), `headers` the message's typed headers.
    #[cfg(feature = "event-stream")]
    pub fn event(raw: &'a HttpResponse, headers: &'a [crate::event_stream::Header], protocol: Protocol) -> Self {
        Self { raw, protocol, stream: None, event_headers: headers, event_payload: None }
    }

    /// A reader over one event message whose payload is read in place of `blank`'s body (a
    /// response without headers or body, kept by the receiver for every event).
    #[cfg(feature = "event-stream")]
    pub(crate) fn event_message(blank: &'a HttpResponse, message: &'a crate::event_stream::Message, protocol: Protocol) -> Self {
        Self { raw: blank, protocol, stream: None, event_headers: message.headers(), event_payload: Some(message.payload()) }
    }

    /// The response being read.
    #[cfg(feature = "event-stream")]
    pub(crate) fn raw(&self) -> &'a HttpResponse {
        self.raw
    }

    /// The protocol the response is read with.
    pub fn protocol(&self) -> Protocol {
        self.protocol
    }

    /// `@httpResponseCode`.
    pub fn status(&self) -> Option<i32> {
        Some(i32::from(self.raw.status().as_u16()))
    }

    /// The id the service gave the request.
    pub fn request_id(&self) -> Option<String> {
        if let Some(id) = crate::protocol::request_id(self.raw) {
            return Some(id.to_owned());
        }
        self.body_request_id()
    }

    /// The query protocols also put the request id in the body.
    #[cfg(feature = "query")]
    fn body_request_id(&self) -> Option<String> {
        match self.protocol.request_style() {
            crate::protocol::RequestStyle::Query => crate::xml::body_request_id(self.body_bytes()),
            _ => None,
        }
    }

    #[cfg(not(feature = "query"))]
    fn body_request_id(&self) -> Option<String> {
        None
    }

    /// S3's extended request id (`x-amz-id-2`).
    pub fn extended_request_id(&self) -> Option<String> {
        self.raw.headers().get("x-amz-id-2").map(str::to_owned)
    }

    /// The whole body, as read (empty for a streamed body).
    pub fn body_bytes(&self) -> &'a [u8] {
        #[cfg(feature = "event-stream")]
        if let Some(payload) = self.event_payload {
            return payload;
        }
        self.raw.body().bytes().unwrap_or_default()
    }

    fn values<'n>(&self, name: &'n str) -> impl Iterator<Item = &'a str> + use<'a, 'n> {
        self.raw.headers().get_all(name)
    }

    fn bad(name: &str, why: impl fmt::Display) -> BoxError {
        Box::new(HeaderError { name: name.to_owned(), why: why.to_string() })
    }

    /// The values of a header, joined as a list, or `None` when absent.
    fn joined(&self, name: &str) -> Option<String> {
        let values: Vec<&str> = self.values(name).collect();
        (!values.is_empty()).then(|| values.join(", "))
    }

    /// `@httpHeader` on a scalar.
    pub fn header<T: FromText>(&self, name: &str) -> Result<Option<T>, BoxError> {
        let mut values = self.values(name);
        let Some(first) = values.next() else { return Ok(None) };
        if values.next().is_some() {
            // Several fields of a scalar header: a single value written as a list.
            let joined = self.joined(name).unwrap_or_default();
            let mut items = self.list_items::<T>(name, &joined)?;
            return match items.len() {
                1 => Ok(items.pop()),
                n => Err(Self::bad(name, format!("expected one value, found {n}"))),
            };
        }
        T::from_text(first.trim()).map(Some).map_err(|why| Self::bad(name, why))
    }

    /// `@httpHeader` on a string with `@mediaType`: the value is base64-encoded.
    pub fn header_base64(&self, name: &str) -> Result<Option<String>, BoxError> {
        let Some(text) = self.header::<String>(name)? else { return Ok(None) };
        let bytes = aws_smithy_types::base64::decode(text.trim()).map_err(|_| Self::bad(name, "not valid base64"))?;
        String::from_utf8(bytes).map(Some).map_err(|_| Self::bad(name, "not UTF-8 once decoded"))
    }

    fn list_items<T: FromText>(&self, name: &str, joined: &str) -> Result<Vec<T>, BoxError> {
        let texts = header_parse::read_many_from_str::<String>(std::iter::once(joined)).map_err(|e| Self::bad(name, e))?;
        texts.iter().map(|t| T::from_text(t).map_err(|why| Self::bad(name, why))).collect()
    }

    /// `@httpHeader` on a list: comma-separated items, quoted strings unquoted.
    pub fn header_list<T: FromText>(&self, name: &str) -> Result<Option<Vec<T>>, BoxError> {
        match self.joined(name) {
            Some(joined) => self.list_items(name, &joined).map(Some),
            None => Ok(None),
        }
    }

    /// `@httpHeader` on a timestamp.
    pub fn header_ts(&self, name: &str, format: Format) -> Result<Option<DateTime>, BoxError> {
        let Some(text) = self.header::<String>(name)? else { return Ok(None) };
        DateTime::from_str(text.trim(), format).map(Some).map_err(|e| Self::bad(name, e))
    }

    /// A timestamp header whose value may not parse (S3's `Expires`): `None` then.
    pub fn header_ts_lenient(&self, name: &str, format: Format) -> Result<Option<DateTime>, BoxError> {
        Ok(self.header_ts(name, format).ok().flatten())
    }

    /// `@httpHeader` on a list of timestamps.
    pub fn header_ts_list(&self, name: &str, format: Format) -> Result<Option<Vec<DateTime>>, BoxError> {
        let Some(joined) = self.joined(name) else { return Ok(None) };
        let dates = header_parse::many_dates(std::iter::once(joined.as_str()), format).map_err(|e| Self::bad(name, e))?;
        Ok(Some(dates))
    }

    /// `@httpPrefixHeaders`: every header starting with `prefix` (case-insensitively), keyed by
    /// the rest of its name (an empty map when there is none).
    pub fn prefix_headers<T: FromText>(&self, prefix: &str) -> Result<Option<HashMap<String, T>>, BoxError> {
        let mut out = HashMap::new();
        for (name, value) in self.raw.headers() {
            if name.len() >= prefix.len() && name[..prefix.len()].eq_ignore_ascii_case(prefix) {
                let key = name[prefix.len()..].to_owned();
                out.insert(key, T::from_text(value.trim()).map_err(|why| Self::bad(name, why))?);
            }
        }
        Ok(Some(out))
    }

    /// `@httpPayload` on a blob: the body, or `None` when it is empty.
    pub fn payload_blob(&self) -> Option<Blob> {
        #[cfg(feature = "event-stream")]
        if let Some(p) = self.event_payload {
            return (!p.is_empty()).then(|| Blob::from_maybe_shared(p.clone()));
        }
        let bytes = self.body_bytes();
        (!bytes.is_empty()).then(|| Blob::new(bytes))
    }

    /// `@httpPayload` on a string or enum.
    pub fn payload_text<T: FromText>(&self) -> Result<Option<T>, BoxError> {
        let bytes = self.body_bytes();
        if bytes.is_empty() {
            return Ok(None);
        }
        let text = std::str::from_utf8(bytes).map_err(|_| "the payload is not UTF-8")?;
        T::from_text(text).map(Some).map_err(Into::into)
    }

    /// `@httpPayload` on a `@streaming` blob: the body as it arrives.
    pub fn stream(&mut self) -> ByteStream {
        match self.stream.take() {
            Some(body) => ByteStream::new(body),
            None => ByteStream::from(self.body_bytes().to_vec()),
        }
    }

    /// `@eventHeader` on a boolean, number, string or enum member: a string header is read as
    /// text, a boolean or integer header gives its value.
    #[cfg(feature = "event-stream")]
    pub fn event_header<T: FromText>(&self, name: &str) -> Result<Option<T>, BoxError> {
        crate::event_stream::headers::scalar(self.event_headers, name)
    }

    /// `@eventHeader` on a blob: a byte array header.
    #[cfg(feature = "event-stream")]
    pub fn event_header_blob(&self, name: &str) -> Result<Option<Blob>, BoxError> {
        crate::event_stream::headers::blob(self.event_headers, name)
    }

    /// `@eventHeader` on a timestamp: a timestamp header (milliseconds).
    #[cfg(feature = "event-stream")]
    pub fn event_header_ts(&self, name: &str) -> Result<Option<DateTime>, BoxError> {
        crate::event_stream::headers::timestamp(self.event_headers, name)
    }

    /// The output's event stream member: the events of the streamed body (taken, as
    /// [`ResponseReader::stream`] takes it; a body read whole is read as the stream).
    #[cfg(feature = "event-stream")]
    pub fn event_stream<T: crate::event_stream::ReadEvent, E: crate::event_stream::ReadEventError>(
        &mut self,
    ) -> crate::event_stream::EventReceiver<T, E> {
        let body = self.stream.take().unwrap_or_else(|| SdkBody::from(self.body_bytes().to_vec()));
        crate::event_stream::EventReceiver::new(body, self.protocol)
    }

    /// The body as a JSON value; an empty body reads as `{}`.
    #[cfg(feature = "json")]
    pub fn json(&self) -> Result<serde_json::Value, BoxError> {
        crate::json::parse_body(self.body_bytes()).map_err(Into::into)
    }

    /// `@httpPayload` on a structure, union or document, as JSON: `None` for an empty body.
    #[cfg(feature = "json")]
    pub fn payload_json<T: crate::json::JsonDe>(&self) -> Result<Option<T>, BoxError> {
        if self.body_bytes().iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        Ok(Some(T::read_json(&self.json()?)?))
    }

    /// An event's `@eventPayload` on a structure or union, as CBOR (RPC v2 CBOR events).
    #[cfg(feature = "cbor")]
    pub fn payload_cbor<T: crate::cbor::CborDe>(&self) -> Result<Option<T>, BoxError> {
        if self.body_bytes().is_empty() {
            return Ok(None);
        }
        Ok(Some(T::read_cbor(&self.cbor()?)?))
    }

    /// The body as a CBOR data item; an empty body reads as an empty map.
    #[cfg(feature = "cbor")]
    pub fn cbor(&self) -> Result<crate::cbor::CborValue, BoxError> {
        crate::cbor::parse(self.body_bytes()).map_err(Into::into)
    }

    /// The body as an XML document.
    #[cfg(feature = "xml")]
    pub fn xml(&self) -> Result<crate::xml::XmlNode, BoxError> {
        crate::xml::parse(self.body_bytes()).map_err(Into::into)
    }

    /// The element of an XML error response that holds the error's members. An empty body (the
    /// answer to `HEAD`, whose status alone names the error) holds none.
    #[cfg(feature = "xml")]
    pub fn xml_error(&self) -> Result<crate::xml::XmlNode, BoxError> {
        if self.body_bytes().iter().all(u8::is_ascii_whitespace) {
            return Ok(crate::xml::XmlNode::default());
        }
        Ok(crate::xml::error_element(self.xml()?))
    }

    /// `@httpPayload` on a structure or union, as XML: `None` for an empty body.
    #[cfg(feature = "xml")]
    pub fn payload_xml<T: crate::xml::XmlDe>(&self, root: &crate::xml::Member<'_>) -> Result<Option<T>, BoxError> {
        if self.body_bytes().iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        Ok(Some(T::read_xml(&self.xml()?, root)?))
    }
}

/// Reads `T` from a response whose body has been read whole (for tests and tools).
pub fn read_complete<T: ReadResponse>(raw: &HttpResponse, protocol: Protocol) -> Result<T, BoxError> {
    T::read_response(&mut ResponseReader::new(raw, protocol))
}

/// Reads a modelled error from a failed response and wraps it; a body that does not parse gives
/// the `Unhandled` form built by `unhandled`, keeping the metadata.
pub fn modeled_error<T: ReadResponse + ModeledError, E>(
    meta: ErrorMetadata,
    raw: &HttpResponse,
    protocol: Protocol,
    wrap: impl FnOnce(T) -> E,
    unhandled: impl FnOnce(BoxError, ErrorMetadata) -> E,
) -> E {
    match T::read_response(&mut ResponseReader::new(raw, protocol)) {
        Ok(mut err) => {
            err.set_meta(meta);
            wrap(err)
        }
        Err(e) => unhandled(e, meta),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(headers: &[(&str, &str)]) -> HttpResponse {
        let mut raw = HttpResponse::new(200u16.try_into().expect("status"), SdkBody::empty());
        for (k, v) in headers {
            raw.headers_mut().append(k.to_string(), v.to_string());
        }
        raw
    }

    #[test]
    fn headers() {
        let raw = response(&[
            ("X-StringList", r#""b,c", "\"def\"", a"#),
            ("X-Int", "7"),
            ("X-Ts", "Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:18 GMT"),
            ("x-foo-abc", "Abc"),
            ("X-Bad", "seven"),
        ]);
        let r = ResponseReader::new(&raw, Protocol::RestJson1);
        let list: Option<Vec<String>> = r.header_list("X-StringList").expect("list");
        assert_eq!(list, Some(vec!["b,c".to_owned(), "\"def\"".to_owned(), "a".to_owned()]));
        assert_eq!(r.header::<i32>("x-int").expect("int"), Some(7));
        assert_eq!(r.header_ts_list("X-Ts", Format::HttpDate).expect("dates").map(|d| d.len()), Some(2));
        let map: Option<HashMap<String, String>> = r.prefix_headers("X-Foo-").expect("prefix");
        assert_eq!(map.and_then(|m| m.get("abc").cloned()).as_deref(), Some("Abc"));
        assert!(r.header::<i32>("X-Bad").is_err());
        assert_eq!(r.header::<i32>("X-Missing").expect("absent"), None);
    }

    #[test]
    fn an_expires_header_that_does_not_parse_is_left_out() {
        let raw = response(&[("Expires", "not a date"), ("Last-Modified", "Mon, 16 Dec 2019 23:48:18 GMT")]);
        let r = ResponseReader::new(&raw, Protocol::RestXml);
        assert!(r.header_ts("Expires", Format::HttpDate).is_err());
        assert_eq!(r.header_ts_lenient("Expires", Format::HttpDate).expect("lenient"), None);
        assert!(r.header_ts_lenient("Last-Modified", Format::HttpDate).expect("lenient").is_some());
    }
}
