//! JSON for the awsJson and restJson1 protocols. Generated code writes requests straight to text
//! through [`JsonOut`] and reads responses through `serde_json::Value`; everything
//! shape-independent (scalars, collections, timestamps, blobs, documents, enums) lives here once,
//! so a generated structure needs only one line per member in each direction.

use std::collections::HashMap;
use std::fmt::{self, Write as _};

use aws_smithy_types::date_time::Format;
use aws_smithy_types::{BigDecimal, BigInteger, Blob, DateTime, Document, Number};
pub use serde_json::{Map, Value};

use crate::value::WireEnum;

/// A response body that does not match the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    message: String,
}

impl JsonError {
    /// An error with this description.
    pub fn new(message: impl Into<String>) -> Self {
        Self { message: message.into() }
    }

    fn expected(what: &str, got: &Value) -> Self {
        let kind = match got {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        };
        Self::new(format!("expected {what}, found {kind}"))
    }

    fn in_member(self, key: &str) -> Self {
        Self::new(format!("`{key}`: {}", self.message))
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid JSON response: {}", self.message)
    }
}

impl std::error::Error for JsonError {}

/// A request body being written. Writing never fails on its own; a value that cannot be sent
/// (an `Unknown` union member) is remembered and reported by [`JsonOut::finish`].
#[derive(Debug, Default)]
pub struct JsonOut {
    buf: String,
    error: Option<String>,
    /// rpcv2Json: big integers and decimals are written as strings, keeping their precision.
    big_numbers_as_strings: bool,
}

impl JsonOut {
    /// An empty body.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty body whose big integers and decimals are written as JSON strings (rpcv2Json).
    pub fn with_big_numbers_as_strings() -> Self {
        Self { big_numbers_as_strings: true, ..Self::default() }
    }

    fn big_number(&mut self, text: &str) {
        if self.big_numbers_as_strings {
            self.string(text);
        } else {
            self.raw(text);
        }
    }

    /// Starts an object; call [`ObjectWriter::end`] when done.
    pub fn object(&mut self) -> ObjectWriter<'_> {
        self.buf.push('{');
        ObjectWriter { out: self, first: true }
    }

    /// Records that the body cannot be sent.
    pub fn fail(&mut self, why: impl Into<String>) {
        self.error.get_or_insert_with(|| why.into());
    }

    fn raw(&mut self, text: &str) {
        self.buf.push_str(text);
    }

    fn string(&mut self, s: &str) {
        self.buf.push('"');
        for c in s.chars() {
            match c {
                '"' => self.buf.push_str("\\\""),
                '\\' => self.buf.push_str("\\\\"),
                '\n' => self.buf.push_str("\\n"),
                '\r' => self.buf.push_str("\\r"),
                '\t' => self.buf.push_str("\\t"),
                c if (c as u32) < 0x20 => {
                    let _ = write!(self.buf, "\\u{:04x}", c as u32);
                }
                c => self.buf.push(c),
            }
        }
        self.buf.push('"');
    }

    /// The finished body, or why it cannot be sent.
    pub fn finish(self) -> Result<Vec<u8>, aws_smithy_types::error::operation::BuildError> {
        match self.error {
            None => Ok(self.buf.into_bytes()),
            Some(why) => Err(aws_smithy_types::error::operation::BuildError::other(JsonError::new(why))),
        }
    }
}

/// Writes the members of one JSON object.
#[derive(Debug)]
pub struct ObjectWriter<'a> {
    out: &'a mut JsonOut,
    first: bool,
}

impl ObjectWriter<'_> {
    fn key(&mut self, key: &str) {
        if !self.first {
            self.out.buf.push(',');
        }
        self.first = false;
        self.out.string(key);
        self.out.buf.push(':');
    }

    /// Writes a member.
    pub fn field<T: JsonSer + ?Sized>(&mut self, key: &str, value: &T) -> &mut Self {
        self.key(key);
        value.write_json(self.out);
        self
    }

    /// Writes a member when it is set.
    pub fn opt<T: JsonSer>(&mut self, key: &str, value: &Option<T>) -> &mut Self {
        if let Some(v) = value {
            self.field(key, v);
        }
        self
    }

    /// Writes a timestamp member (or a collection of them) in a non-default format.
    pub fn ts<T: TimestampValue + ?Sized>(&mut self, key: &str, value: &T, format: Format) -> &mut Self {
        self.key(key);
        value.write_ts(self.out, format);
        self
    }

    /// Writes a timestamp member in a non-default format when it is set.
    pub fn opt_ts<T: TimestampValue>(&mut self, key: &str, value: &Option<T>, format: Format) -> &mut Self {
        if let Some(v) = value {
            self.ts(key, v, format);
        }
        self
    }

    /// Closes the object.
    pub fn end(&mut self) {
        self.out.buf.push('}');
    }
}

/// A value that can be written into a request body.
pub trait JsonSer {
    /// Appends the value's JSON.
    fn write_json(&self, out: &mut JsonOut);
}

/// A value that can be read from a response body.
pub trait JsonDe: Sized {
    /// Whether JSON `null` is a value of this type (true for the elements of sparse collections).
    const NULLABLE: bool = false;
    /// Reads the value.
    fn read_json(v: &Value) -> Result<Self, JsonError>;
}

impl<T: WireEnum> JsonSer for T {
    fn write_json(&self, out: &mut JsonOut) {
        out.string(self.wire_str());
    }
}

impl<T: WireEnum> JsonDe for T {
    fn read_json(v: &Value) -> Result<Self, JsonError> {
        v.as_str().map(T::from_wire).ok_or_else(|| JsonError::expected("a string", v))
    }
}

/// Map keys: strings and string enums.
pub trait JsonKey {
    /// The key as written in JSON.
    fn key_str(&self) -> &str;
}

impl JsonKey for String {
    fn key_str(&self) -> &str {
        self
    }
}

impl<T: WireEnum> JsonKey for T {
    fn key_str(&self) -> &str {
        self.wire_str()
    }
}

impl JsonSer for str {
    fn write_json(&self, out: &mut JsonOut) {
        out.string(self);
    }
}

impl JsonSer for String {
    fn write_json(&self, out: &mut JsonOut) {
        out.string(self);
    }
}

impl JsonDe for String {
    fn read_json(v: &Value) -> Result<Self, JsonError> {
        v.as_str().map(str::to_owned).ok_or_else(|| JsonError::expected("a string", v))
    }
}

impl JsonSer for bool {
    fn write_json(&self, out: &mut JsonOut) {
        out.raw(if *self { "true" } else { "false" });
    }
}

impl JsonDe for bool {
    fn read_json(v: &Value) -> Result<Self, JsonError> {
        v.as_bool().ok_or_else(|| JsonError::expected("a boolean", v))
    }
}

macro_rules! integer {
    ($($t:ty),*) => {$(
        impl JsonSer for $t {
            fn write_json(&self, out: &mut JsonOut) {
                let _ = write!(out.buf, "{self}");
            }
        }
        impl JsonDe for $t {
            fn read_json(v: &Value) -> Result<Self, JsonError> {
                let wide = v.as_i64().ok_or_else(|| JsonError::expected("an integer", v))?;
                <$t>::try_from(wide).map_err(|_| JsonError::new(format!("{wide} is out of range for {}", stringify!($t))))
            }
        }
    )*};
}
integer!(i8, i16, i32, i64);

macro_rules! float {
    ($($t:ty),*) => {$(
        impl JsonSer for $t {
            fn write_json(&self, out: &mut JsonOut) {
                write_float(out, f64::from(*self));
            }
        }
        impl JsonDe for $t {
            fn read_json(v: &Value) -> Result<Self, JsonError> {
                // Narrowing to f32 is the model's choice of type.
                #[allow(clippy::cast_possible_truncation)]
                read_float(v).map(|f| f as $t)
            }
        }
    )*};
}
float!(f32, f64);

fn write_float(out: &mut JsonOut, f: f64) {
    if f.is_nan() {
        out.raw("\"NaN\"");
    } else if f.is_infinite() {
        out.raw(if f > 0.0 { "\"Infinity\"" } else { "\"-Infinity\"" });
    } else {
        let _ = write!(out.buf, "{f}");
    }
}

fn read_float(v: &Value) -> Result<f64, JsonError> {
    match v {
        Value::Number(n) => n.as_f64().ok_or_else(|| JsonError::expected("a number", v)),
        Value::String(s) if s == "NaN" => Ok(f64::NAN),
        Value::String(s) if s == "Infinity" => Ok(f64::INFINITY),
        Value::String(s) if s == "-Infinity" => Ok(f64::NEG_INFINITY),
        _ => Err(JsonError::expected("a number", v)),
    }
}

impl JsonSer for BigInteger {
    fn write_json(&self, out: &mut JsonOut) {
        out.big_number(self.as_ref());
    }
}

impl JsonDe for BigInteger {
    fn read_json(v: &Value) -> Result<Self, JsonError> {
        let text = number_text(v)?;
        text.parse().map_err(|_| JsonError::new(format!("`{text}` is not an integer")))
    }
}

impl JsonSer for BigDecimal {
    fn write_json(&self, out: &mut JsonOut) {
        out.big_number(self.as_ref());
    }
}

impl JsonDe for BigDecimal {
    fn read_json(v: &Value) -> Result<Self, JsonError> {
        let text = number_text(v)?;
        text.parse().map_err(|_| JsonError::new(format!("`{text}` is not a decimal number")))
    }
}

fn number_text(v: &Value) -> Result<String, JsonError> {
    match v {
        Value::Number(n) => Ok(n.to_string()),
        Value::String(s) => Ok(s.clone()),
        _ => Err(JsonError::expected("a number", v)),
    }
}

impl JsonSer for Blob {
    fn write_json(&self, out: &mut JsonOut) {
        out.string(&aws_smithy_types::base64::encode(self.as_ref()));
    }
}

impl JsonDe for Blob {
    fn read_json(v: &Value) -> Result<Self, JsonError> {
        let text = v.as_str().ok_or_else(|| JsonError::expected("a base64 string", v))?;
        aws_smithy_types::base64::decode(text)
            .map(Blob::new)
            .map_err(|_| JsonError::new("a blob is not valid base64"))
    }
}

/// Timestamps (and collections of them) written in a format other than epoch seconds.
pub trait TimestampValue {
    /// Appends the value in `format`.
    fn write_ts(&self, out: &mut JsonOut, format: Format);
}

impl TimestampValue for DateTime {
    fn write_ts(&self, out: &mut JsonOut, format: Format) {
        if format == Format::EpochSeconds {
            return self.write_json(out);
        }
        match self.fmt(format) {
            Ok(text) => out.string(&text),
            Err(e) => out.fail(format!("cannot format a timestamp: {e}")),
        }
    }
}

impl<T: TimestampValue> TimestampValue for Option<T> {
    fn write_ts(&self, out: &mut JsonOut, format: Format) {
        match self {
            Some(v) => v.write_ts(out, format),
            None => out.raw("null"),
        }
    }
}

impl<T: TimestampValue> TimestampValue for Vec<T> {
    fn write_ts(&self, out: &mut JsonOut, format: Format) {
        write_array(out, self, |out, v| v.write_ts(out, format));
    }
}

impl<K: JsonKey, T: TimestampValue> TimestampValue for HashMap<K, T> {
    fn write_ts(&self, out: &mut JsonOut, format: Format) {
        write_map(out, self, |out, v| v.write_ts(out, format));
    }
}

impl JsonSer for DateTime {
    fn write_json(&self, out: &mut JsonOut) {
        if self.subsec_nanos() == 0 {
            let _ = write!(out.buf, "{}", self.secs());
        } else {
            match self.fmt(Format::EpochSeconds) {
                Ok(text) => out.raw(&text),
                Err(e) => out.fail(format!("cannot format a timestamp: {e}")),
            }
        }
    }
}

impl JsonDe for DateTime {
    fn read_json(v: &Value) -> Result<Self, JsonError> {
        match v {
            Value::Number(n) => DateTime::from_str(&n.to_string(), Format::EpochSeconds)
                .or_else(|_| n.as_f64().map(DateTime::from_secs_f64).ok_or(()))
                .map_err(|_| JsonError::expected("a timestamp", v)),
            Value::String(s) => [Format::DateTimeWithOffset, Format::HttpDate, Format::EpochSeconds]
                .into_iter()
                .find_map(|f| DateTime::from_str(s, f).ok())
                .ok_or_else(|| JsonError::new(format!("`{s}` is not a timestamp"))),
            _ => Err(JsonError::expected("a timestamp", v)),
        }
    }
}

impl JsonSer for Document {
    fn write_json(&self, out: &mut JsonOut) {
        match self {
            Document::Object(map) => write_map(out, map, |out, v| v.write_json(out)),
            Document::Array(items) => write_array(out, items, |out, v| v.write_json(out)),
            Document::Number(n) => match *n {
                Number::PosInt(u) => {
                    let _ = write!(out.buf, "{u}");
                }
                Number::NegInt(i) => {
                    let _ = write!(out.buf, "{i}");
                }
                Number::Float(f) => write_float(out, f),
            },
            Document::String(s) => out.string(s),
            Document::Bool(b) => b.write_json(out),
            Document::Null => out.raw("null"),
        }
    }
}

impl JsonDe for Document {
    const NULLABLE: bool = true;
    fn read_json(v: &Value) -> Result<Self, JsonError> {
        Ok(match v {
            Value::Null => Document::Null,
            Value::Bool(b) => Document::Bool(*b),
            Value::Number(n) => Document::Number(match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => Number::PosInt(u),
                (None, Some(i)) => Number::NegInt(i),
                _ => Number::Float(n.as_f64().unwrap_or(f64::NAN)),
            }),
            Value::String(s) => Document::String(s.clone()),
            Value::Array(items) => Document::Array(items.iter().map(Document::read_json).collect::<Result<_, _>>()?),
            Value::Object(map) => Document::Object(
                map.iter().map(|(k, v)| Ok((k.clone(), Document::read_json(v)?))).collect::<Result<_, JsonError>>()?,
            ),
        })
    }
}

impl<T: JsonSer> JsonSer for Option<T> {
    fn write_json(&self, out: &mut JsonOut) {
        match self {
            Some(v) => v.write_json(out),
            None => out.raw("null"),
        }
    }
}

impl<T: JsonDe> JsonDe for Option<T> {
    const NULLABLE: bool = true;
    fn read_json(v: &Value) -> Result<Self, JsonError> {
        if v.is_null() {
            Ok(None)
        } else {
            T::read_json(v).map(Some)
        }
    }
}

fn write_array<T>(out: &mut JsonOut, items: &[T], mut write: impl FnMut(&mut JsonOut, &T)) {
    out.buf.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.buf.push(',');
        }
        write(out, item);
    }
    out.buf.push(']');
}

fn write_map<K: JsonKey, V, S>(out: &mut JsonOut, map: &HashMap<K, V, S>, mut write: impl FnMut(&mut JsonOut, &V)) {
    // Sorted keys keep request bodies (and their signatures) reproducible.
    let mut entries: Vec<(&K, &V)> = map.iter().collect();
    entries.sort_by(|a, b| a.0.key_str().cmp(b.0.key_str()));
    out.buf.push('{');
    for (i, (k, v)) in entries.into_iter().enumerate() {
        if i > 0 {
            out.buf.push(',');
        }
        out.string(k.key_str());
        out.buf.push(':');
        write(out, v);
    }
    out.buf.push('}');
}

impl<T: JsonSer> JsonSer for Vec<T> {
    fn write_json(&self, out: &mut JsonOut) {
        write_array(out, self, |out, v| v.write_json(out));
    }
}

impl<T: JsonDe> JsonDe for Vec<T> {
    fn read_json(v: &Value) -> Result<Self, JsonError> {
        let items = v.as_array().ok_or_else(|| JsonError::expected("an array", v))?;
        items
            .iter()
            .filter(|item| T::NULLABLE || !item.is_null())
            .map(T::read_json)
            .collect()
    }
}

impl<K: JsonKey, V: JsonSer> JsonSer for HashMap<K, V> {
    fn write_json(&self, out: &mut JsonOut) {
        write_map(out, self, |out, v| v.write_json(out));
    }
}

impl<K: JsonDe + Eq + std::hash::Hash, V: JsonDe> JsonDe for HashMap<K, V> {
    fn read_json(v: &Value) -> Result<Self, JsonError> {
        let map = v.as_object().ok_or_else(|| JsonError::expected("an object", v))?;
        let mut out = HashMap::with_capacity(map.len());
        for (k, v) in map {
            if v.is_null() && !V::NULLABLE {
                continue;
            }
            let key = K::read_json(&Value::String(k.clone()))?;
            out.insert(key, V::read_json(v).map_err(|e| e.in_member(k))?);
        }
        Ok(out)
    }
}

/// The value of a unit union member: an empty object.
#[derive(Debug, Clone, Copy)]
pub struct EmptyObject;

impl JsonSer for EmptyObject {
    fn write_json(&self, out: &mut JsonOut) {
        out.raw("{}");
    }
}

/// The members of a JSON object (a structure or error body).
pub fn object(v: &Value) -> Result<&Map<String, Value>, JsonError> {
    v.as_object().ok_or_else(|| JsonError::expected("an object", v))
}

/// One member of an object: `None` when absent or `null`.
pub fn field<T: JsonDe>(object: &Map<String, Value>, key: &str) -> Result<Option<T>, JsonError> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => T::read_json(v).map(Some).map_err(|e| e.in_member(key)),
    }
}

/// The one set member of a union object: its key and value. `__type` is ignored.
pub fn union_member(v: &Value) -> Result<(&str, &Value), JsonError> {
    let map = object(v)?;
    let mut set = map.iter().filter(|(k, v)| k.as_str() != "__type" && !v.is_null());
    match (set.next(), set.next()) {
        (Some((k, v)), None) => Ok((k.as_str(), v)),
        (None, _) => Err(JsonError::new("a union has no member set")),
        (Some(_), Some(_)) => Err(JsonError::new("a union has more than one member set")),
    }
}

/// Parses a response body; an empty body reads as `{}`.
pub fn parse_body(bytes: &[u8]) -> Result<Value, JsonError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Map::new()));
    }
    serde_json::from_slice(bytes).map_err(|e| JsonError::new(format!("the body is not JSON ({e})")))
}

/// Reads a whole structure from a response body.
pub fn from_body<T: JsonDe>(bytes: &[u8]) -> Result<T, JsonError> {
    T::read_json(&parse_body(bytes)?)
}

/// Writes a whole structure as a request body.
pub fn to_body<T: JsonSer + ?Sized>(value: &T) -> Result<Vec<u8>, aws_smithy_types::error::operation::BuildError> {
    write_body(value, JsonOut::new())
}

/// Writes a whole structure into `out` and finishes it.
pub fn write_body<T: JsonSer + ?Sized>(value: &T, mut out: JsonOut) -> Result<Vec<u8>, aws_smithy_types::error::operation::BuildError> {
    value.write_json(&mut out);
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text<T: JsonSer + ?Sized>(v: &T) -> String {
        String::from_utf8(to_body(v).unwrap_or_default()).unwrap_or_default()
    }

    #[test]
    fn scalars_round_trip() {
        assert_eq!(text("a\"b\\c\n\u{1}"), r#""a\"b\\c\n\u0001""#);
        assert_eq!(text(&f64::NAN), "\"NaN\"");
        assert_eq!(text(&-f64::INFINITY), "\"-Infinity\"");
        assert_eq!(text(&1.5f32), "1.5");
        assert_eq!(text(&DateTime::from_secs(1_515_531_081)), "1515531081");
        assert_eq!(text(&DateTime::from_secs_f64(1.25)), "1.25");
        assert_eq!(text(&Blob::new("hi")), "\"aGk=\"");
        assert_eq!(i8::read_json(&serde_json::json!(300)).map_err(|e| e.to_string()), Err("invalid JSON response: 300 is out of range for i8".into()));
        assert!(i32::read_json(&serde_json::json!("7")).is_err());
        assert_eq!(f64::read_json(&serde_json::json!("Infinity")), Ok(f64::INFINITY));
        assert_eq!(DateTime::read_json(&serde_json::json!("1985-04-12T23:20:50.52Z")).map(|d| d.secs()), Ok(482_196_050));
    }

    #[test]
    fn collections_skip_nulls_unless_sparse() {
        let v = serde_json::json!(["a", null, "b"]);
        assert_eq!(Vec::<String>::read_json(&v), Ok(vec!["a".to_owned(), "b".to_owned()]));
        assert_eq!(Vec::<Option<String>>::read_json(&v), Ok(vec![Some("a".to_owned()), None, Some("b".to_owned())]));
        let mut m = HashMap::new();
        m.insert("z".to_owned(), 1);
        m.insert("a".to_owned(), 2);
        assert_eq!(text(&m), r#"{"a":2,"z":1}"#);
    }

    #[test]
    fn objects_and_unions() {
        let mut out = JsonOut::new();
        out.object().field("A", "x").opt("B", &None::<i32>).opt("C", &Some(3)).ts("D", &DateTime::from_secs(0), Format::DateTime).end();
        assert_eq!(String::from_utf8(out.finish().unwrap_or_default()).unwrap_or_default(), r#"{"A":"x","C":3,"D":"1970-01-01T00:00:00Z"}"#);
        assert_eq!(union_member(&serde_json::json!({"__type": "x", "A": 1})).map(|(k, _)| k), Ok("A"));
        assert!(union_member(&serde_json::json!({})).is_err());
        let mut failing = JsonOut::new();
        failing.fail("unknown union member");
        assert!(failing.finish().is_err());
    }

    #[test]
    fn bodies() {
        assert_eq!(parse_body(b"  "), Ok(Value::Object(Map::new())));
        assert!(parse_body(b"<html>").is_err());
        assert!(parse_body(b"{\"a\":").is_err());
    }
}
