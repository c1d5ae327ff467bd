//! Request bodies compared the way their media type says: JSON and CBOR as data, XML as a
//! document whose element order matters only where the model says it does, form bodies as
//! key/value pairs, anything else (and every empty body) byte for byte.
//!
//! Each comparator parses the actual body, lets the negative control alter one value of it
//! when its field is sabotaged, and compares.

use super::field::{mismatch, sabotaging, Field};
use super::json_value;

/// Which comparison a body gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// `application/json` and its `+json`/`x-amz-json` relatives.
    Json,
    /// `application/xml`, `text/xml`.
    Xml,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `application/cbor` (the case states the body in base64).
    Cbor,
    /// Anything else, and every empty body.
    Raw,
}

impl BodyKind {
    /// The comparison for a body a case states, from its media type.
    pub fn of(expected: &str, media_type: Option<&str>) -> BodyKind {
        let media = media_type.unwrap_or_default();
        if expected.is_empty() || media.is_empty() {
            BodyKind::Raw
        } else if media.contains("json") {
            BodyKind::Json
        } else if media.contains("xml") {
            BodyKind::Xml
        } else if media.contains("cbor") {
            BodyKind::Cbor
        } else if media.contains("x-www-form-urlencoded") {
            BodyKind::Form
        } else {
            BodyKind::Raw
        }
    }

    /// The field a mismatch of this kind of body is reported as.
    pub fn field(self) -> Field {
        match self {
            BodyKind::Json => Field::JsonBody,
            BodyKind::Xml => Field::XmlBody,
            BodyKind::Form => Field::FormBody,
            BodyKind::Cbor => Field::CborBody,
            BodyKind::Raw => Field::RawBody,
        }
    }
}

/// Fails unless `actual` is the body the case states. `xml_unordered` lists the element paths
/// (`Root/member/entry`) whose repeated occurrences may come in any order: map entries.
#[track_caller]
pub fn check_body(actual: &[u8], expected: &str, media_type: Option<&str>, xml_unordered: &[&str]) {
    match BodyKind::of(expected, media_type) {
        BodyKind::Json => check_json(actual, expected),
        BodyKind::Xml => check_xml(actual, expected, xml_unordered),
        BodyKind::Cbor => check_cbor(actual, expected),
        BodyKind::Form => check_form(actual, expected),
        BodyKind::Raw => check_raw(actual, expected),
    }
}

#[track_caller]
fn check_raw(actual: &[u8], expected: &str) {
    let mut actual = actual.to_vec();
    if sabotaging(Field::RawBody) {
        actual.push(b'X');
    }
    if actual != expected.as_bytes() {
        mismatch(Field::RawBody, format_args!("expected {expected:?}, got {:?}", String::from_utf8_lossy(&actual)));
    }
}

#[track_caller]
fn check_json(actual: &[u8], expected: &str) {
    let want = json_value::parse(expected).unwrap_or_else(|e| panic!("the case's JSON body does not parse: {e}"));
    let text = String::from_utf8_lossy(actual);
    let mut got = json_value::parse(&text).unwrap_or_else(|e| mismatch(Field::JsonBody, format_args!("{e}: {text}")));
    if sabotaging(Field::JsonBody) {
        json_value::alter(&mut got);
    }
    if got != want {
        mismatch(Field::JsonBody, format_args!("expected {want:?}, got {got:?} (sent: {text})"));
    }
}

#[cfg(feature = "cbor")]
#[track_caller]
fn check_cbor(actual: &[u8], expected: &str) {
    use crate::cbor::parse;
    let bytes = aws_smithy_types::base64::decode(expected).unwrap_or_else(|e| panic!("the case's CBOR body is not base64: {e}"));
    let want = canonical_cbor(parse(&bytes).unwrap_or_else(|e| panic!("the case's CBOR body does not parse: {e}")));
    let sent = aws_smithy_types::base64::encode(actual);
    let mut got = parse(actual).unwrap_or_else(|e| mismatch(Field::CborBody, format_args!("{e} (sent, base64: {sent})")));
    if sabotaging(Field::CborBody) {
        alter_cbor(&mut got);
    }
    let got = canonical_cbor(got);
    if got != want {
        mismatch(Field::CborBody, format_args!("expected {want}, got {got} (sent, base64: {sent})"));
    }
}

#[cfg(not(feature = "cbor"))]
#[track_caller]
fn check_cbor(_actual: &[u8], _expected: &str) {
    mismatch(Field::CborBody, format_args!("this runtime was built without the `cbor` feature"));
}

/// A text form of a CBOR item with map entries sorted: map order, definite or indefinite
/// lengths and the width of floats and integers do not matter (NaN prints as itself).
#[cfg(feature = "cbor")]
fn canonical_cbor(v: crate::cbor::CborValue) -> String {
    use crate::cbor::CborValue;
    match v {
        CborValue::Array(items) => format!("[{}]", items.into_iter().map(canonical_cbor).collect::<Vec<_>>().join(",")),
        CborValue::Map(map) => {
            let mut entries: Vec<String> = map.0.into_iter().map(|(k, v)| format!("{k:?}:{}", canonical_cbor(v))).collect();
            entries.sort();
            format!("{{{}}}", entries.join(","))
        }
        // An epoch timestamp is the same instant whether written as an integer or a float.
        CborValue::Tag(1, inner) => match *inner {
            CborValue::Int(secs) => format!("1({:?})", CborValue::Float(secs as f64)),
            other => format!("1({})", canonical_cbor(other)),
        },
        CborValue::Tag(tag, inner) => format!("{tag}({})", canonical_cbor(*inner)),
        other => format!("{other:?}"),
    }
}

/// Changes the first scalar of a CBOR item, or adds an entry where it has none.
#[cfg(feature = "cbor")]
fn alter_cbor(value: &mut crate::cbor::CborValue) {
    use crate::cbor::CborValue;
    fn first_scalar(value: &mut CborValue) -> bool {
        match value {
            CborValue::Null | CborValue::Undefined => *value = CborValue::Bool(true),
            CborValue::Bool(b) => *b = !*b,
            CborValue::Int(i) => *i = i.wrapping_add(1),
            CborValue::Float(f) => *f = if f.is_finite() { *f + 1.0 } else { 0.0 },
            CborValue::Text(s) => s.push('X'),
            CborValue::Bytes(b) => b.push(b'X'),
            CborValue::Tag(_, inner) => return first_scalar(inner),
            CborValue::Array(items) => return items.iter_mut().any(first_scalar),
            CborValue::Map(map) => return map.0.iter_mut().any(|(_, v)| first_scalar(v)),
        }
        true
    }
    if !first_scalar(value) {
        match value {
            CborValue::Array(items) => items.push(CborValue::Null),
            CborValue::Map(map) => map.0.push(("sabotaged".to_owned(), CborValue::Null)),
            _ => {}
        }
    }
}

#[cfg(feature = "xml")]
#[track_caller]
fn check_xml(actual: &[u8], expected: &str, unordered: &[&str]) {
    let want = crate::xml::parse(expected.as_bytes()).unwrap_or_else(|e| panic!("the case's XML body does not parse: {e}"));
    let want = normalise_xml(want, "", unordered);
    let text = String::from_utf8_lossy(actual);
    let mut got = crate::xml::parse(actual).unwrap_or_else(|e| mismatch(Field::XmlBody, format_args!("{e}: {text}")));
    if sabotaging(Field::XmlBody) {
        alter_xml(&mut got);
    }
    let got = normalise_xml(got, "", unordered);
    if got != want {
        mismatch(Field::XmlBody, format_args!("expected {want:?}, got {got:?} (sent: {text})"));
    }
}

#[cfg(not(feature = "xml"))]
#[track_caller]
fn check_xml(_actual: &[u8], _expected: &str, _unordered: &[&str]) {
    mismatch(Field::XmlBody, format_args!("this runtime was built without the `xml` feature"));
}

/// The canonical form of an element at `parent`/its name: attributes sorted, whitespace
/// between elements dropped, children grouped by name (the members of a structure may come in
/// any order, the items of a list keep theirs, as a stable sort keeps them), and the repeated
/// elements at an `unordered` path (map entries) sorted among themselves.
#[cfg(feature = "xml")]
fn normalise_xml(mut node: crate::xml::XmlNode, parent: &str, unordered: &[&str]) -> crate::xml::XmlNode {
    let path = if parent.is_empty() { node.name.clone() } else { format!("{parent}/{}", node.name) };
    node.attrs.sort();
    if !node.children.is_empty() && node.text.trim().is_empty() {
        node.text.clear();
    }
    node.children = node.children.into_iter().map(|c| normalise_xml(c, &path, unordered)).collect();
    node.children.sort_by(|a, b| a.name.cmp(&b.name));
    for run in node.children.chunk_by_mut(|a, b| a.name == b.name) {
        if unordered.contains(&format!("{path}/{}", run[0].name).as_str()) {
            run.sort_by_cached_key(|c| format!("{c:?}"));
        }
    }
    node
}

/// Appends to the text of the first element without children.
#[cfg(feature = "xml")]
fn alter_xml(node: &mut crate::xml::XmlNode) {
    match node.children.first_mut() {
        Some(child) => alter_xml(child),
        None => node.text.push('X'),
    }
}

#[track_caller]
fn check_form(actual: &[u8], expected: &str) {
    let want = form_pairs(expected.as_bytes());
    let mut got = form_pairs(actual);
    if sabotaging(Field::FormBody) {
        match got.first_mut() {
            Some((_, value)) => value.push('X'),
            None => got.push(("sabotaged".to_owned(), String::new())),
        }
        got.sort();
    }
    if got != want {
        mismatch(Field::FormBody, format_args!("expected {want:?}, got {got:?} (sent: {})", String::from_utf8_lossy(actual)));
    }
}

/// The decoded key/value pairs of a form body, sorted (the order of pairs carries no meaning:
/// list positions are in the keys).
fn form_pairs(body: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(body);
    let decode = |s: &str| percent_decode(&s.replace('+', " "));
    let mut pairs: Vec<(String, String)> = text
        .split('&')
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k.trim()), decode(v.trim()))
        })
        .collect();
    pairs.sort();
    pairs
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fails(f: impl FnOnce() + std::panic::UnwindSafe) -> String {
        std::panic::catch_unwind(f).err().and_then(|p| p.downcast_ref::<String>().cloned()).unwrap_or_default()
    }

    #[test]
    fn kinds_follow_the_media_type() {
        assert_eq!(BodyKind::of("{}", Some("application/json")), BodyKind::Json);
        assert_eq!(BodyKind::of("{}", Some("application/x-amz-json-1.1")), BodyKind::Json);
        assert_eq!(BodyKind::of("<a/>", Some("application/xml")), BodyKind::Xml);
        assert_eq!(BodyKind::of("a=1", Some("application/x-www-form-urlencoded")), BodyKind::Form);
        assert_eq!(BodyKind::of("oA==", Some("application/cbor")), BodyKind::Cbor);
        assert_eq!(BodyKind::of("", Some("application/json")), BodyKind::Raw);
        assert_eq!(BodyKind::of("abc", None), BodyKind::Raw);
        assert_eq!(BodyKind::of("abc", Some("application/octet-stream")), BodyKind::Raw);
    }

    #[test]
    fn json_bodies_fail_on_one_value() {
        check_body(br#"{"a":1,"b":[true,"x"]}"#, "{\"b\": [true, \"x\"], \"a\": 1.0}", Some("application/json"), &[]);
        let message = fails(|| check_body(br#"{"a":1,"b":[true,"x"]}"#, r#"{"a":1,"b":[true,"y"]}"#, Some("application/json"), &[]));
        assert!(message.starts_with("protocol test mismatch in json-body:"), "{message}");
        assert!(!fails(|| check_body(b"9007199254740993", "9007199254740992", Some("application/json"), &[])).is_empty());
    }

    #[cfg(feature = "xml")]
    #[test]
    fn xml_bodies_fail_on_one_value() {
        check_body(b"<A x=\"1\" y=\"2\"><c>3</c><b>2</b></A>", "<A y=\"2\" x=\"1\">\n  <b>2</b>\n  <c>3</c>\n</A>", Some("application/xml"), &[]);
        let message = fails(|| check_body(b"<A><b>2</b></A>", "<A><b>3</b></A>", Some("application/xml"), &[]));
        assert!(message.starts_with("protocol test mismatch in xml-body:"), "{message}");
    }

    #[cfg(feature = "xml")]
    #[test]
    fn xml_lists_keep_their_order_and_map_entries_do_not() {
        let list = "<A><l><m><k>1</k><v>a</v></m><m><k>2</k><v>b</v></m></l></A>";
        let swapped = "<A><l><m><k>2</k><v>b</v></m><m><k>1</k><v>a</v></m></l></A>";
        // A list of two-member structures is a list: its order matters.
        assert!(!fails(|| check_body(list.as_bytes(), swapped, Some("application/xml"), &[])).is_empty());
        // The same shape as a map's entries (the model says so): order does not matter.
        check_body(list.as_bytes(), swapped, Some("application/xml"), &["A/l/m"]);
        // A flattened list interleaved with other members keeps its items' order.
        check_body(b"<A><i>1</i><x>y</x><i>2</i></A>", "<A><x>y</x><i>1</i><i>2</i></A>", Some("application/xml"), &[]);
        assert!(!fails(|| check_body(b"<A><i>2</i><x>y</x><i>1</i></A>", "<A><x>y</x><i>1</i><i>2</i></A>", Some("application/xml"), &[])).is_empty());
    }

    #[cfg(feature = "cbor")]
    #[test]
    fn cbor_bodies_fail_on_one_value() {
        // {"a": 1} and {"a": 2}
        let one = [0xa1, 0x61, b'a', 0x01];
        check_body(&one, &aws_smithy_types::base64::encode([0xa1, 0x61, b'a', 0x01]), Some("application/cbor"), &[]);
        let message = fails(|| check_body(&one, &aws_smithy_types::base64::encode([0xa1, 0x61, b'a', 0x02]), Some("application/cbor"), &[]));
        assert!(message.starts_with("protocol test mismatch in cbor-body:"), "{message}");
    }

    #[test]
    fn form_bodies_fail_on_one_value() {
        check_body(b"b=2&a=%20x", "a=+x&b=2", Some("application/x-www-form-urlencoded"), &[]);
        let message = fails(|| check_body(b"a=1&b=2", "a=1&b=3", Some("application/x-www-form-urlencoded"), &[]));
        assert!(message.starts_with("protocol test mismatch in form-body:"), "{message}");
        assert!(!fails(|| check_body(b"a=1&a=1", "a=1", Some("application/x-www-form-urlencoded"), &[])).is_empty());
    }

    #[test]
    fn raw_bodies_compare_bytes() {
        check_body(b"abc", "abc", Some("application/octet-stream"), &[]);
        let message = fails(|| check_body(b"abc", "abd", Some("application/octet-stream"), &[]));
        assert!(message.starts_with("protocol test mismatch in raw-body:"), "{message}");
        assert!(!fails(|| check_body(b"x", "", Some("application/json"), &[])).is_empty());
    }
}
