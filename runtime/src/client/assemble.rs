//! Putting a request together: endpoint, method, URI pattern with labels, literal and bound
//! query parameters, host prefix, headers, body, `Content-Type` and `Content-Length`.

use http::header::{HeaderName, HeaderValue, CONTENT_LENGTH, CONTENT_TYPE};
use aws_smithy_types::body::SdkBody;
use md5::Digest as _;

use super::endpoint::Endpoint;
use super::{OperationSpec, ServiceSpec};
use crate::protocol::RequestStyle;
use crate::request::RequestParts;

/// The media type of an event stream body (what an RPC v2 request with an event stream output
/// accepts, and the type of a request body that is an event stream).
const EVENT_STREAM: &str = "application/vnd.amazon.eventstream";

/// The endpoint's base path followed by the operation's path and query; a bare `/` adds
/// nothing to a base path (`/bucket` and `/?list-type=2` give `/bucket?list-type=2`).
fn join_path(base: &str, path_and_query: &str) -> String {
    match path_and_query.strip_prefix('/') {
        Some(rest) if !base.is_empty() && (rest.is_empty() || rest.starts_with('?')) => format!("{base}{rest}"),
        _ => format!("{base}{path_and_query}"),
    }
}

/// The unsigned request, or why it cannot be made.
/// `compress_from`: compress a body of at least this many bytes (when the operation asks for
/// compression and it is not turned off).
pub(super) fn request(
    endpoint: &Endpoint,
    service: &ServiceSpec,
    op: &OperationSpec,
    parts: RequestParts,
    compress_from: Option<u32>,
) -> Result<http::Request<SdkBody>, String> {
    let protocol = service.protocol;
    let style = protocol.request_style();
    let (method, path_and_query) = match style {
        RequestStyle::Http => {
            let expanded = expand_uri(op.http.uri, &parts.labels, &parts.query)?;
            (op.http.method, join_path(&endpoint.base_path, &expanded))
        }
        RequestStyle::RpcV2 => ("POST", format!("{}/service/{}/operation/{}", endpoint.base_path, service.target_prefix, op.name)),
        RequestStyle::AwsJsonTarget | RequestStyle::Query => ("POST", format!("{}/", endpoint.base_path)),
    };
    let mut parts = parts;
    #[cfg(feature = "event-stream")]
    let slot = crate::event_stream::event_body(&mut parts, protocol);
    if style == RequestStyle::Query {
        parts.body = query_body(service.version, op.name, parts.body);
        parts.content_type = Some(protocol.document_content_type().into());
    }
    let host = match op.host_prefix {
        Some(prefix) => format!("{}{}", expand_host_prefix(prefix, &parts.host_labels)?, endpoint.authority),
        None => endpoint.authority.clone(),
    };
    let uri = format!("{}://{host}{path_and_query}", endpoint.scheme);
    let uri: http::Uri = uri.parse().map_err(|e| format!("the request URI `{uri}` is invalid: {e}"))?;

    let mut request = http::Request::new(parts.body);
    *request.method_mut() = method.parse().map_err(|_| format!("invalid HTTP method `{method}`"))?;
    *request.uri_mut() = uri;
    let headers = request.headers_mut();
    match style {
        RequestStyle::AwsJsonTarget => {
            let target = format!("{}.{}", service.target_prefix, op.name);
            headers.insert(HeaderName::from_static("x-amz-target"), header_value("X-Amz-Target", &target)?);
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(protocol.document_content_type()));
        }
        RequestStyle::RpcV2 => {
            if let Some(name) = protocol.smithy_protocol() {
                headers.insert(HeaderName::from_static("smithy-protocol"), HeaderValue::from_static(name));
            }
            let accept = if op.event_stream_output { EVENT_STREAM } else { protocol.document_content_type() };
            headers.insert(http::header::ACCEPT, HeaderValue::from_static(accept));
        }
        RequestStyle::Http | RequestStyle::Query => {}
    }
    if service.query_compatible {
        headers.insert(HeaderName::from_static("x-amzn-query-mode"), HeaderValue::from_static("true"));
    }
    for (name, value) in &parts.headers {
        let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| format!("`{name}` is not a valid header name"))?;
        headers.append(header, header_value(name, value)?);
    }
    if let Some(content_type) = parts.content_type.filter(|_| !headers.contains_key(CONTENT_TYPE)) {
        headers.insert(CONTENT_TYPE, header_value("Content-Type", &content_type)?);
    }
    #[cfg(feature = "event-stream")]
    if let Some(slot) = slot {
        request.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(EVENT_STREAM));
        request.extensions_mut().insert(slot);
    }
    if op.http2 {
        request.extensions_mut().insert(super::transport::Http2Only);
    }
    if let Some(min) = compress_from {
        compress(&mut request, min)?;
    }
    if op.checksum_required && !request.headers().contains_key("content-md5") {
        // A streamed body cannot be hashed before it is sent; such operations take a checksum
        // member instead.
        if let Some(bytes) = request.body().bytes() {
            let digest = aws_smithy_types::base64::encode(md5::Md5::digest(bytes));
            request.headers_mut().insert(HeaderName::from_static("content-md5"), header_value("Content-MD5", &digest)?);
        }
    }
    let length = request.body().content_length();
    let sends_body = !matches!(request.method().as_str(), "GET" | "HEAD" | "DELETE" | "OPTIONS");
    match length {
        Some(n) if n > 0 || sends_body => {
            request.headers_mut().insert(CONTENT_LENGTH, HeaderValue::from(n));
        }
        None if op.requires_length => {
            return Err(format!(
                "operation {} requires the length of its streamed body to be known (use `ByteStream::from_path` or an in-memory body)",
                op.name
            ))
        }
        _ => {}
    }
    Ok(request)
}


/// Gzips a body held in memory of at least `min` bytes and appends `gzip` to its
/// `Content-Encoding` (after any encoding a member set). Streamed bodies are sent as they are.
#[cfg(feature = "compression")]
fn compress(request: &mut http::Request<SdkBody>, min: u32) -> Result<(), String> {
    use std::io::Write as _;
    let Some(bytes) = request.body().bytes().filter(|b| b.len() >= min as usize) else { return Ok(()) };
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(bytes.len() / 2), flate2::Compression::default());
    encoder.write_all(bytes).map_err(|e| format!("compressing the body failed: {e}"))?;
    let compressed = encoder.finish().map_err(|e| format!("compressing the body failed: {e}"))?;
    *request.body_mut() = SdkBody::from(compressed);
    let encoding = match request.headers().get(http::header::CONTENT_ENCODING).and_then(|v| v.to_str().ok()) {
        Some(existing) if !existing.trim().is_empty() => format!("{existing}, gzip"),
        _ => "gzip".to_owned(),
    };
    request.headers_mut().insert(http::header::CONTENT_ENCODING, header_value("Content-Encoding", &encoding)?);
    Ok(())
}

/// Without the `compression` feature, bodies are sent uncompressed.
#[cfg(not(feature = "compression"))]
fn compress(_request: &mut http::Request<SdkBody>, _min: u32) -> Result<(), String> {
    Ok(())
}

/// A query protocol's form body: `Action` and `Version` first, then the input's pairs.
fn query_body(version: &str, action: &str, members: SdkBody) -> SdkBody {
    let mut body = format!(
        "Action={}&Version={}",
        aws_smithy_http::query::fmt_string(action),
        aws_smithy_http::query::fmt_string(version)
    )
    .into_bytes();
    if let Some(pairs) = members.bytes().filter(|b| !b.is_empty()) {
        body.push(b'&');
        body.extend_from_slice(pairs);
    }
    SdkBody::from(body)
}

fn header_value(name: &str, value: &str) -> Result<HeaderValue, String> {
    HeaderValue::from_str(value).map_err(|_| format!("the value of header `{name}` cannot be sent (it holds control characters)"))
}

/// Fills a URI pattern's labels and appends its literal query, then the bound query pairs.
pub(super) fn expand_uri(pattern: &str, labels: &[(&str, String)], query: &[(String, String)]) -> Result<String, String> {
    let (path_pattern, literal_query) = pattern.split_once('?').unwrap_or((pattern, ""));
    let mut path = String::with_capacity(path_pattern.len() + 32);
    let mut rest = path_pattern;
    while let Some(open) = rest.find('{') {
        path.push_str(&rest[..open]);
        let close = rest[open..].find('}').map(|c| open + c).ok_or_else(|| format!("unclosed label in URI pattern `{pattern}`"))?;
        let name = rest[open + 1..close].trim_end_matches('+');
        let value = labels
            .iter()
            .find(|(label, _)| *label == name)
            .map(|(_, v)| v.as_str())
            .ok_or_else(|| format!("no value for the URI label `{name}`"))?;
        path.push_str(value);
        rest = &rest[close + 1..];
    }
    path.push_str(rest);
    let mut pairs: Vec<String> = literal_query.split('&').filter(|p| !p.is_empty()).map(str::to_owned).collect();
    pairs.extend(query.iter().map(|(k, v)| format!("{k}={v}")));
    if !pairs.is_empty() {
        path.push('?');
        path.push_str(&pairs.join("&"));
    }
    Ok(path)
}

/// Fills the `{Label}`s of an `@endpoint` host prefix; each value must be a valid host label.
pub(super) fn expand_host_prefix(prefix: &str, labels: &[(&str, String)]) -> Result<String, String> {
    let mut host = String::with_capacity(prefix.len() + 16);
    let mut rest = prefix;
    while let Some(open) = rest.find('{') {
        host.push_str(&rest[..open]);
        let close = rest[open..].find('}').map(|c| open + c).ok_or_else(|| format!("unclosed label in host prefix `{prefix}`"))?;
        let name = &rest[open + 1..close];
        let value = labels
            .iter()
            .find(|(label, _)| *label == name)
            .map(|(_, v)| v.as_str())
            .ok_or_else(|| format!("no value for the host label `{name}`"))?;
        if !is_host_label(value) {
            return Err(format!("`{value}` (member `{name}`) is not a valid host label"));
        }
        host.push_str(value);
        rest = &rest[close + 1..];
    }
    host.push_str(rest);
    Ok(host)
}

fn is_host_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 63
        && !label.starts_with('-')
        && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths() {
        assert_eq!(join_path("", "/"), "/");
        assert_eq!(join_path("", "/k?x-id=GetObject"), "/k?x-id=GetObject");
        assert_eq!(join_path("/bucket", "/"), "/bucket");
        assert_eq!(join_path("/bucket", "/?list-type=2"), "/bucket?list-type=2");
        assert_eq!(join_path("/bucket", "/photos/a.jpg"), "/bucket/photos/a.jpg");
        assert_eq!(join_path("/base", "//double"), "/base//double");
    }

    #[test]
    fn uri_patterns() {
        let labels = [("Bucket", "b".to_owned()), ("Key", "a/b%20c".to_owned())];
        let query = [("versionId".to_owned(), "v1".to_owned())];
        assert_eq!(expand_uri("/{Bucket}/{Key+}?x-id=GetObject", &labels, &query).as_deref(), Ok("/b/a/b%20c?x-id=GetObject&versionId=v1"));
        assert_eq!(expand_uri("/{Bucket}?tagging", &labels, &[]).as_deref(), Ok("/b?tagging"));
        assert_eq!(expand_uri("/", &[], &[]).as_deref(), Ok("/"));
        assert!(expand_uri("/{Missing}", &labels, &[]).is_err());
        assert!(expand_uri("/{Open", &labels, &[]).is_err());
    }

    #[test]
    fn host_prefixes() {
        let labels = [("label", "bar".to_owned()), ("bad", "a.b".to_owned())];
        assert_eq!(expand_host_prefix("foo.{label}.", &labels).as_deref(), Ok("foo.bar."));
        assert_eq!(expand_host_prefix("foo.", &[]).as_deref(), Ok("foo."));
        assert!(expand_host_prefix("{bad}.", &labels).is_err());
        assert!(expand_host_prefix("{none}.", &labels).is_err());
    }
}
