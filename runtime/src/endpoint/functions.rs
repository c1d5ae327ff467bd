//! The rules language's standard library: the string functions, `parseURL` and host-label
//! checks.

use super::value::{record, Value};

/// `substring(input, start, stop, reverse)`: ASCII only; `None` when the range does not fit.
pub(crate) fn substring(s: &str, start: i64, stop: i64, reverse: bool) -> Option<String> {
    if !s.is_ascii() {
        return None;
    }
    let len = i64::try_from(s.len()).ok()?;
    if start < 0 || start >= stop || stop > len {
        return None;
    }
    let (from, to) = if reverse { (len - stop, len - start) } else { (start, stop) };
    s.get(usize::try_from(from).ok()?..usize::try_from(to).ok()?).map(str::to_owned)
}

/// `uriEncode`: every byte but the unreserved characters (`A-Z a-z 0-9 - _ . ~`) as `%XX`.
pub(crate) fn uri_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `parseURL`: `scheme`, `authority`, `path`, `normalizedPath` (with a leading and trailing
/// `/`) and `isIp`, for an `http` or `https` URL without a query or fragment.
pub(crate) fn parse_url(url: &str) -> Option<Value> {
    let (scheme, rest) = url.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    if rest.contains(['?', '#']) {
        return None;
    }
    let (authority, path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
    let parsed: http::uri::Authority = authority.parse().ok()?;
    if parsed.host().is_empty() || authority.contains('@') {
        return None;
    }
    let host = parsed.host();
    let is_ip = host.starts_with('[') || host.parse::<std::net::Ipv4Addr>().is_ok();
    let normalized = match path {
        "" => "/".to_owned(),
        p if p.ends_with('/') => p.to_owned(),
        p => format!("{p}/"),
    };
    Some(record(vec![
        ("scheme", Value::Str(scheme.to_owned())),
        ("authority", Value::Str(authority.to_owned())),
        ("path", Value::Str(path.to_owned())),
        ("normalizedPath", Value::Str(normalized)),
        ("isIp", Value::Bool(is_ip)),
    ]))
}

/// `isValidHostLabel`: one RFC 1123 label (a letter or digit, then up to 62 letters, digits or
/// hyphens), or with `allow_subdomains` several joined by dots.
pub(crate) fn is_valid_host_label(s: &str, allow_subdomains: bool) -> bool {
    if allow_subdomains {
        s.split('.').all(is_label)
    } else {
        is_label(s)
    }
}

fn is_label(s: &str) -> bool {
    let bytes = s.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 63
        && bytes[0].is_ascii_alphanumeric()
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
}

/// `split(value, delimiter, limit)`: at most `limit` parts (0: no limit).
pub(crate) fn split(s: &str, delimiter: &str, limit: i64) -> Option<Vec<String>> {
    if delimiter.is_empty() || limit < 0 {
        return None;
    }
    let parts: Vec<String> = match usize::try_from(limit).ok()? {
        0 => s.split(delimiter).map(str::to_owned).collect(),
        n => s.splitn(n, delimiter).map(str::to_owned).collect(),
    };
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substrings() {
        assert_eq!(substring("abcdef", 0, 3, false).as_deref(), Some("abc"));
        assert_eq!(substring("abcdef", 0, 3, true).as_deref(), Some("def"));
        assert_eq!(substring("abc", 0, 4, false), None);
        assert_eq!(substring("abc", 2, 2, false), None);
        assert_eq!(substring("ab\u{e9}c", 0, 1, false), None);
    }

    #[test]
    fn urls() {
        let url = parse_url("https://example.com:8443/a/b").expect("a URL");
        assert_eq!(url.field("authority").and_then(Value::as_str), Some("example.com:8443"));
        assert_eq!(url.field("normalizedPath").and_then(Value::as_str), Some("/a/b/"));
        assert_eq!(url.field("isIp").and_then(Value::as_bool), Some(false));
        let ip = parse_url("http://127.0.0.1:5000").expect("a URL");
        assert_eq!((ip.field("path").and_then(Value::as_str), ip.field("isIp").and_then(Value::as_bool)), (Some(""), Some(true)));
        assert_eq!(parse_url("http://[::1]/").and_then(|u| u.field("isIp").and_then(Value::as_bool)), Some(true));
        assert!(parse_url("https://example.com/?q=1").is_none());
        assert!(parse_url("ftp://example.com").is_none());
        assert!(parse_url("example.com").is_none());
    }

    #[test]
    fn labels_and_splits() {
        assert!(is_valid_host_label("us-east-1", false));
        assert!(!is_valid_host_label("a.b", false));
        assert!(is_valid_host_label("a.b", true));
        assert!(!is_valid_host_label("a..b", true));
        assert!(!is_valid_host_label("-a", false));
        assert!(!is_valid_host_label(&"a".repeat(64), false));
        assert_eq!(split("a--b--c", "--", 2), Some(vec!["a".to_owned(), "b--c".to_owned()]));
        assert_eq!(split("a--b--c", "--", 0).map(|v| v.len()), Some(3));
        assert_eq!(uri_encode("a b/c~"), "a%20b%2Fc~");
    }
}
