//! Turning an operation input into the parts of an HTTP request.
//!
//! A generated input implements [`WriteRequest`] with one call per member: where the member goes
//! (URI label, query, header, prefixed headers, host label, payload or document body) is the name
//! of the [`RequestWriter`] method. Encoding, quoting, list joining, precedence between explicit
//! and map-bound query parameters, and the content type live here. The runtime then puts the
//! parts together with the endpoint and the operation's `@http` trait
//! ([`Runtime::build_request`](crate::client::Runtime::build_request)).

use std::borrow::Cow;
use std::collections::HashMap;

use aws_smithy_http::label::{fmt_string as label_text, EncodingStrategy};
use aws_smithy_http::query::fmt_string as query_text;
use aws_smithy_runtime_api::http::header_parse::quote_header_value;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::byte_stream::ByteStream;
use aws_smithy_types::date_time::Format;
use aws_smithy_types::error::operation::BuildError;
use aws_smithy_types::{Blob, DateTime};

use crate::protocol::Protocol;
use crate::value::TextValue;

/// An operation input that can be written into a request.
pub trait WriteRequest {
    /// Writes every member where its binding says.
    fn write_request(self, r: &mut RequestWriter);

    /// Fills each unset `@idempotencyToken` member with a fresh token.
    fn fill_idempotency_tokens(&mut self, _token: &mut dyn FnMut() -> String) {}

    /// Puts the endpoint parameters the input carries (`@contextParam` members and
    /// `operationContextParams` paths).
    fn endpoint_params(&self, _params: &mut crate::endpoint::ContextParams) {}
}

/// Sets an unset idempotency token.
pub fn fill_token(slot: &mut Option<String>, token: &mut dyn FnMut() -> String) {
    if slot.is_none() {
        *slot = Some(token());
    }
}

/// The request parts an input wrote, ready to be combined with the endpoint.
#[derive(Debug)]
pub struct RequestParts {
    /// Percent-encoded URI label values, by label name.
    pub labels: Vec<(&'static str, String)>,
    /// Host label values (validated when the host is built), by label name.
    pub host_labels: Vec<(&'static str, String)>,
    /// Percent-encoded query pairs, in order.
    pub query: Vec<(String, String)>,
    /// Headers, in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: SdkBody,
    /// The `Content-Type` the body calls for, unless a member sets the header.
    pub content_type: Option<Cow<'static, str>>,
    /// Endpoint parameters from the input.
    pub endpoint_params: Vec<(&'static str, crate::endpoint::ParamValue)>,
    /// An endpoint URL the input itself names, used instead of the resolved one (a per-service
    /// rule: Amazon Machine Learning's `Predict` goes to its `PredictEndpoint`).
    pub endpoint_override: Option<String>,
    /// The typed headers of an event structure (`@eventHeader` members), when the parts are an
    /// event's rather than a request's.
    pub event_headers: Vec<aws_smithy_types::event_stream::Header>,
    /// The messages of the input's event stream: the request's body is then these messages,
    /// framed (and preceded, for the RPC protocols, by the document as `initial-request`).
    #[cfg(feature = "event-stream")]
    pub events: Option<crate::event_stream::MessageStream>,
}

/// Collects the parts of a request; problems are remembered and reported by
/// [`RequestWriter::finish`] as a [`BuildError`].
#[derive(Debug)]
pub struct RequestWriter {
    endpoint_override: Option<String>,
    protocol: Protocol,
    labels: Vec<(&'static str, String)>,
    host_labels: Vec<(&'static str, String)>,
    query: Vec<(String, String)>,
    map_query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    prefix_headers: Vec<(String, String)>,
    body: SdkBody,
    content_type: Option<Cow<'static, str>>,
    event_headers: Vec<aws_smithy_types::event_stream::Header>,
    #[cfg(feature = "event-stream")]
    events: Option<crate::event_stream::MessageStream>,
    problem: Option<BuildError>,
}

impl RequestWriter {
    /// An empty request for `protocol`.
    pub fn new(protocol: Protocol) -> Self {
        Self {
            endpoint_override: None,
            protocol,
            labels: Vec::new(),
            host_labels: Vec::new(),
            query: Vec::new(),
            map_query: Vec::new(),
            headers: Vec::new(),
            prefix_headers: Vec::new(),
            body: SdkBody::empty(),
            content_type: None,
            event_headers: Vec::new(),
            #[cfg(feature = "event-stream")]
            events: None,
            problem: None,
        }
    }

    /// The protocol the request is written for.
    pub fn protocol(&self) -> Protocol {
        self.protocol
    }

    /// Records that the request cannot be built (the first problem wins).
    pub fn fail(&mut self, problem: BuildError) {
        self.problem.get_or_insert(problem);
    }

    /// The parts, or the first problem found.
    pub fn finish(mut self) -> Result<RequestParts, BuildError> {
        if let Some(problem) = self.problem.take() {
            return Err(problem);
        }
        let explicit: Vec<String> = self.query.iter().map(|(k, _)| k.clone()).collect();
        let mut query = self.query;
        query.extend(self.map_query.into_iter().filter(|(k, _)| !explicit.contains(k)));
        let mut headers = self.headers;
        for (name, value) in self.prefix_headers {
            if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(&name)) {
                headers.push((name, value));
            }
        }
        let (labels, body) = (self.labels, self.body);
        Ok(RequestParts {
            labels,
            host_labels: self.host_labels,
            query,
            headers,
            body,
            content_type: self.content_type,
            endpoint_params: Vec::new(),
            endpoint_override: self.endpoint_override,
            event_headers: self.event_headers,
            #[cfg(feature = "event-stream")]
            events: self.events,
        })
    }

    /// The request goes to this URL instead of the resolved endpoint (when set and not empty).
    pub fn endpoint_override(&mut self, url: Option<&str>) {
        if let Some(url) = url.filter(|u| !u.is_empty()) {
            self.endpoint_override = Some(url.to_owned());
        }
    }

    // ---- URI labels -------------------------------------------------------------------------

    fn required_label(&mut self, name: &'static str, text: Option<Cow<'_, str>>, strategy: EncodingStrategy) {
        match text {
            Some(text) if !text.is_empty() => self.labels.push((name, label_text(text, strategy))),
            Some(_) => self.fail(BuildError::invalid_field(name, format!("`{name}` is bound to the URI and must not be empty"))),
            None => self.fail(BuildError::missing_field(name, "it is bound to the URI and must be set")),
        }
    }

    /// `@httpLabel`: one URI path segment, percent-encoded; required and non-empty.
    pub fn label<T: TextValue + ?Sized>(&mut self, name: &'static str, value: Option<&T>) {
        self.required_label(name, value.map(T::text), EncodingStrategy::Default);
    }

    /// A greedy `{Name+}` label: `/` is kept, everything else percent-encoded.
    pub fn greedy_label<T: TextValue + ?Sized>(&mut self, name: &'static str, value: Option<&T>) {
        self.required_label(name, value.map(T::text), EncodingStrategy::Greedy);
    }

    /// A label whose value is bound without the first of `prefixes` it starts with (Amazon
    /// Route 53 takes ids it returns as `/hostedzone/Z1D633PJN98FT9` back as `Z1D633PJN98FT9`).
    pub fn label_trimmed<T: TextValue + ?Sized>(&mut self, name: &'static str, value: Option<&T>, prefixes: &[&str]) {
        let text = value.map(|v| {
            let text = v.text();
            match prefixes.iter().find_map(|p| text.strip_prefix(p)) {
                Some(rest) => Cow::Owned(rest.to_owned()),
                None => text,
            }
        });
        self.required_label(name, text, EncodingStrategy::Default);
    }

    /// A label bound as `fallback` when unset or empty (Amazon Glacier's `accountId` is `-`,
    /// the account of the credentials, unless set).
    pub fn label_or<T: TextValue + ?Sized>(&mut self, name: &'static str, value: Option<&T>, fallback: &'static str) {
        let text = value.map(T::text).filter(|t| !t.is_empty()).unwrap_or(Cow::Borrowed(fallback));
        self.required_label(name, Some(text), EncodingStrategy::Default);
    }

    /// A timestamp label in `format`.
    pub fn label_ts(&mut self, name: &'static str, value: Option<&DateTime>, format: Format) {
        let text = value.and_then(|t| self.ts_text(name, t, format));
        if value.is_none() || text.is_some() {
            self.required_label(name, text.map(Cow::Owned), EncodingStrategy::Default);
        }
    }

    fn ts_text(&mut self, name: &str, value: &DateTime, format: Format) -> Option<String> {
        match value.fmt(format) {
            Ok(text) => Some(text),
            Err(e) => {
                self.fail(BuildError::other(format!("the timestamp in `{name}` cannot be written: {e}")));
                None
            }
        }
    }

    /// `@hostLabel`: substituted into the operation's `@endpoint` host prefix.
    pub fn host_label<T: TextValue + ?Sized>(&mut self, name: &'static str, value: Option<&T>) {
        match value.map(T::text) {
            Some(text) if !text.is_empty() => self.host_labels.push((name, text.into_owned())),
            _ => self.fail(BuildError::missing_field(name, "it is bound to the endpoint host and must be set to a non-empty value")),
        }
    }

    // ---- query string -----------------------------------------------------------------------

    /// `@httpQuery` on a scalar.
    pub fn query<T: TextValue + ?Sized>(&mut self, name: &str, value: Option<&T>) {
        if let Some(v) = value {
            self.query.push((query_text(name), query_text(v.text())));
        }
    }

    /// `@httpQuery` on a list: one pair per item.
    pub fn query_list<T: TextValue>(&mut self, name: &str, value: Option<&Vec<T>>) {
        for v in value.into_iter().flatten() {
            self.query.push((query_text(name), query_text(v.text())));
        }
    }

    /// `@httpQuery` on a timestamp.
    pub fn query_ts(&mut self, name: &str, value: Option<&DateTime>, format: Format) {
        if let Some(text) = value.and_then(|t| self.ts_text(name, t, format)) {
            self.query.push((query_text(name), query_text(text)));
        }
    }

    /// `@httpQuery` on a list of timestamps.
    pub fn query_ts_list(&mut self, name: &str, value: Option<&Vec<DateTime>>, format: Format) {
        for t in value.into_iter().flatten() {
            self.query_ts(name, Some(t), format);
        }
    }

    /// `@httpQueryParams` on a map of strings or enums (keys and values); keys also set by `@httpQuery` members are skipped.
    pub fn query_params<K: TextValue, T: TextValue>(&mut self, value: Option<&HashMap<K, T>>) {
        let mut entries: Vec<_> = value.into_iter().flatten().map(|(k, v)| (k.text(), v)).collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (k, v) in entries {
            self.map_query.push((query_text(k), query_text(v.text())));
        }
    }

    /// `@httpQueryParams` on a map of lists (keys and items strings or enums).
    pub fn query_params_list<K: TextValue, T: TextValue>(&mut self, value: Option<&HashMap<K, Vec<T>>>) {
        let mut entries: Vec<_> = value.into_iter().flatten().map(|(k, v)| (k.text(), v)).collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (k, items) in entries {
            for v in items {
                self.map_query.push((query_text(k.as_ref()), query_text(v.text())));
            }
        }
    }

    // ---- headers ----------------------------------------------------------------------------

    /// `@httpHeader` on a scalar.
    pub fn header<T: TextValue + ?Sized>(&mut self, name: &'static str, value: Option<&T>) {
        if let Some(v) = value {
            self.headers.push((name.to_owned(), v.text().into_owned()));
        }
    }

    /// `@httpHeader` on a string with `@mediaType`: the value is sent base64-encoded.
    pub fn header_base64(&mut self, name: &'static str, value: Option<&String>) {
        if let Some(v) = value {
            self.headers.push((name.to_owned(), aws_smithy_types::base64::encode(v.as_bytes())));
        }
    }

    /// `@httpHeader` on a list: items joined by `, `; strings that contain a comma or a quote
    /// are quoted.
    pub fn header_list<T: TextValue>(&mut self, name: &'static str, value: Option<&Vec<T>>) {
        if let Some(items) = value {
            let texts: Vec<Cow<'_, str>> = items
                .iter()
                .map(|v| if T::QUOTABLE { quote_header_value(v.text()) } else { v.text() })
                .collect();
            self.headers.push((name.to_owned(), texts.join(", ")));
        }
    }

    /// `@httpHeader` on a timestamp.
    pub fn header_ts(&mut self, name: &'static str, value: Option<&DateTime>, format: Format) {
        if let Some(text) = value.and_then(|t| self.ts_text(name, t, format)) {
            self.headers.push((name.to_owned(), text));
        }
    }

    /// `@httpHeader` on a list of timestamps (HTTP dates are not quoted, as Smithy says).
    pub fn header_ts_list(&mut self, name: &'static str, value: Option<&Vec<DateTime>>, format: Format) {
        if let Some(items) = value {
            let texts: Vec<String> = items.iter().filter_map(|t| self.ts_text(name, t, format)).collect();
            self.headers.push((name.to_owned(), texts.join(", ")));
        }
    }

    /// `@httpPrefixHeaders`: one header per entry; a header a member sets explicitly wins.
    pub fn prefix_headers<T: TextValue>(&mut self, prefix: &str, value: Option<&HashMap<String, T>>) {
        let mut entries: Vec<_> = value.into_iter().flatten().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        for (k, v) in entries {
            self.prefix_headers.push((format!("{prefix}{k}"), v.text().into_owned()));
        }
    }

    // ---- event streams ----------------------------------------------------------------------

    /// `@eventHeader` on a boolean, number, string, blob or timestamp member of an event: a
    /// typed message header.
    #[cfg(feature = "event-stream")]
    pub fn event_header<T: crate::event_stream::ToEventHeader + ?Sized>(&mut self, name: &'static str, value: Option<&T>) {
        if let Some(v) = value {
            let header = aws_smithy_types::event_stream::Header::new(name, v.to_header_value());
            self.event_headers.push(header);
        }
    }

    /// `@eventHeader` on an enum member (or any scalar sent as its text): a string header.
    #[cfg(feature = "event-stream")]
    pub fn event_header_text<T: TextValue + ?Sized>(&mut self, name: &'static str, value: Option<&T>) {
        if let Some(v) = value {
            let text = aws_smithy_types::str_bytes::StrBytes::from(v.text().into_owned());
            let header = aws_smithy_types::event_stream::Header::new(name, aws_smithy_types::event_stream::HeaderValue::String(text));
            self.event_headers.push(header);
        }
    }

    /// The input's event stream member: the request's body becomes its messages.
    #[cfg(feature = "event-stream")]
    pub fn event_stream<T, E>(&mut self, sender: crate::event_stream::EventStreamSender<T, E>)
    where
        T: crate::event_stream::WriteEvent,
        E: crate::event_stream::WriteEventError,
    {
        self.events = Some(crate::event_stream::MessageStream::new(sender, self.protocol));
    }

    // ---- bodies -----------------------------------------------------------------------------

    fn set_body(&mut self, body: SdkBody, content_type: impl Into<Cow<'static, str>>) {
        self.body = body;
        self.content_type = Some(content_type.into());
    }

    /// A body that is a protocol document (JSON or XML), already written.
    pub fn document(&mut self, bytes: Vec<u8>) {
        let content_type = self.protocol.document_content_type();
        self.set_body(SdkBody::from(bytes), content_type);
    }

    /// `@httpPayload` on a blob: the bytes as they are.
    pub fn payload_blob(&mut self, value: Option<&Blob>, content_type: &'static str) {
        if let Some(v) = value {
            self.set_body(SdkBody::from(v.as_ref().to_vec()), content_type);
        }
    }

    /// `@httpPayload` on a string or enum: its text.
    pub fn payload_text<T: TextValue + ?Sized>(&mut self, value: Option<&T>, content_type: &'static str) {
        if let Some(v) = value {
            self.set_body(SdkBody::from(v.text().into_owned()), content_type);
        }
    }

    /// `@httpPayload` on a `@streaming` blob: sent as it is read, never buffered here.
    pub fn payload_stream(&mut self, value: ByteStream, content_type: &'static str) {
        self.set_body(value.into_inner(), content_type);
    }

    /// Writes a JSON document body.
    #[cfg(feature = "json")]
    pub fn json_body<T: crate::json::JsonSer + ?Sized>(&mut self, value: &T) {
        let out = match self.protocol {
            Protocol::RpcV2Json => crate::json::JsonOut::with_big_numbers_as_strings(),
            _ => crate::json::JsonOut::new(),
        };
        match crate::json::write_body(value, out) {
            Ok(bytes) => self.document(bytes),
            Err(e) => self.fail(e),
        }
    }

    /// `@httpPayload` on a structure, union or document, as JSON. An unset structure is sent
    /// as `{}` when `unset_as_object`; otherwise nothing is sent.
    #[cfg(feature = "json")]
    pub fn payload_json<T: crate::json::JsonSer>(&mut self, value: Option<&T>, unset_as_object: bool) {
        match value {
            Some(v) => self.json_body(v),
            None if unset_as_object => self.document(b"{}".to_vec()),
            None => {}
        }
    }

    /// Writes an XML document body whose root element is described by `root`.
    #[cfg(feature = "xml")]
    pub fn xml_body<T: crate::xml::XmlSer + ?Sized>(&mut self, value: &T, root: &crate::xml::Member<'_>) {
        match crate::xml::try_to_body(value, root) {
            Ok(bytes) => self.document(bytes),
            Err(why) => self.fail(BuildError::other(why)),
        }
    }

    /// Writes a form body of the query protocols (the runtime puts `Action` and `Version`
    /// first).
    #[cfg(feature = "query")]
    pub fn query_body<T: crate::query::QuerySer + ?Sized>(&mut self, value: &T) {
        match crate::query::to_body(value, self.protocol == Protocol::Ec2Query) {
            Ok(bytes) => self.document(bytes),
            Err(why) => self.fail(BuildError::other(why)),
        }
    }

    /// Writes a CBOR document body.
    #[cfg(feature = "cbor")]
    pub fn cbor_body<T: crate::cbor::CborSer + ?Sized>(&mut self, value: &T) {
        match crate::cbor::to_body(value) {
            Ok(bytes) => self.document(bytes),
            Err(e) => self.fail(e),
        }
    }

    /// An event's `@eventPayload` on a structure or union, as CBOR (RPC v2 CBOR events);
    /// nothing is sent when it is unset.
    #[cfg(feature = "cbor")]
    pub fn payload_cbor<T: crate::cbor::CborSer>(&mut self, value: Option<&T>) {
        if let Some(v) = value {
            self.cbor_body(v);
        }
    }

    /// `@httpPayload` on a structure or union, as XML; nothing is sent when it is unset.
    #[cfg(feature = "xml")]
    pub fn payload_xml<T: crate::xml::XmlSer>(&mut self, value: Option<&T>, root: &crate::xml::Member<'_>) {
        if let Some(v) = value {
            self.xml_body(v, root);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn writer() -> RequestWriter {
        RequestWriter::new(Protocol::RestJson1)
    }

    #[test]
    fn labels_are_encoded_and_required() {
        let mut w = writer();
        w.label("a", Some("x y/z"));
        w.greedy_label("b", Some("x y/z"));
        let parts = w.finish().expect("parts");
        assert_eq!(parts.labels, vec![("a", "x%20y%2Fz".to_owned()), ("b", "x%20y/z".to_owned())]);
        let mut w = writer();
        w.label("a", Some(""));
        assert!(w.finish().is_err());
        let mut w = writer();
        w.label::<str>("a", None);
        assert!(w.finish().is_err());
    }

    #[test]
    fn explicit_query_wins_over_map() {
        let mut w = writer();
        w.query("bar", Some("named"));
        let map: HashMap<String, String> = [("bar".into(), "fromMap".into()), ("qux".into(), "alsoFromMap".into())].into();
        w.query_params(Some(&map));
        let parts = w.finish().expect("parts");
        assert_eq!(parts.query, vec![("bar".into(), "named".into()), ("qux".into(), "alsoFromMap".into())]);
    }

    #[test]
    fn header_lists_quote_when_needed() {
        let mut w = writer();
        w.header_list("X-StringList", Some(&vec!["b,c".to_owned(), "\"def\"".to_owned(), "a".to_owned()]));
        w.header_list("X-IntegerList", Some(&vec![1, 2, 3]));
        let t = DateTime::from_secs(1_576_540_098);
        w.header_ts_list("X-TimestampList", Some(&vec![t, t]), Format::HttpDate);
        let parts = w.finish().expect("parts");
        assert_eq!(parts.headers[0].1, r#""b,c", "\"def\"", a"#);
        assert_eq!(parts.headers[1].1, "1, 2, 3");
        assert_eq!(parts.headers[2].1, "Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:18 GMT");
    }

    #[test]
    fn explicit_header_wins_over_prefix_headers() {
        let mut w = writer();
        let map: HashMap<String, String> = [("hello".into(), "Hello".into()), ("x-foo".into(), "Foo".into())].into();
        w.header("hello", Some("There"));
        w.prefix_headers("", Some(&map));
        let parts = w.finish().expect("parts");
        assert_eq!(parts.headers, vec![("hello".into(), "There".into()), ("x-foo".into(), "Foo".into())]);
    }
}
