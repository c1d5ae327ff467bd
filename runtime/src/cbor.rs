//! CBOR for the RPC v2 CBOR protocol, through `minicbor`. Requests are written with [`CborOut`]
//! (maps of indefinite length, as the Smithy reference does); responses are decoded once into a
//! [`CborValue`] tree, with a nesting limit and without trusting declared lengths, and read from
//! it. The API mirrors the [`json`](crate::json) module, so a generated structure has the same
//! one line per member in each direction.

use std::collections::HashMap;
use std::fmt;

use aws_smithy_types::date_time::Format;
use aws_smithy_types::{BigDecimal, BigInteger, Blob, DateTime, Document, Number};
use minicbor::data::{Tag, Token};

use crate::protocol::ErrorFacts;
use crate::value::WireEnum;

/// Deepest nesting of arrays, maps and tags a response may have.
pub const MAX_DEPTH: usize = 128;

/// A response body that is not the CBOR the model describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CborError {
    message: String,
}

impl CborError {
    /// An error with this description.
    pub fn new(message: impl Into<String>) -> Self {
        Self { message: message.into() }
    }

    fn expected(what: &str, got: &CborValue) -> Self {
        Self::new(format!("expected {what}, found {}", got.kind()))
    }

    fn in_member(self, key: &str) -> Self {
        Self::new(format!("`{key}`: {}", self.message))
    }
}

impl fmt::Display for CborError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid CBOR response: {}", self.message)
    }
}

impl std::error::Error for CborError {}

/// One decoded CBOR data item.
#[derive(Debug, Clone, PartialEq)]
pub enum CborValue {
    /// `null`.
    Null,
    /// `undefined`.
    Undefined,
    /// A boolean.
    Bool(bool),
    /// An integer (major types 0 and 1).
    Int(i128),
    /// A float of any width.
    Float(f64),
    /// A text string (indefinite ones joined).
    Text(String),
    /// A byte string (indefinite ones joined).
    Bytes(Vec<u8>),
    /// An array.
    Array(Vec<CborValue>),
    /// A map with text keys, in order.
    Map(CborMap),
    /// A tagged item.
    Tag(u64, Box<CborValue>),
}

/// The entries of a CBOR map.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CborMap(pub Vec<(String, CborValue)>);

impl CborMap {
    /// The value of a key.
    pub fn get(&self, key: &str) -> Option<&CborValue> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

impl CborValue {
    fn kind(&self) -> &'static str {
        match self {
            CborValue::Null => "null",
            CborValue::Undefined => "undefined",
            CborValue::Bool(_) => "a boolean",
            CborValue::Int(_) => "an integer",
            CborValue::Float(_) => "a float",
            CborValue::Text(_) => "a text string",
            CborValue::Bytes(_) => "a byte string",
            CborValue::Array(_) => "an array",
            CborValue::Map(_) => "a map",
            CborValue::Tag(..) => "a tagged item",
        }
    }

    fn is_null(&self) -> bool {
        matches!(self, CborValue::Null | CborValue::Undefined)
    }
}

// ---- decoding -----------------------------------------------------------------------------------

/// A container being filled while decoding.
enum Frame {
    Array { left: Option<u64>, items: Vec<CborValue> },
    Map { left: Option<u64>, entries: Vec<(String, CborValue)>, key: Option<String> },
    Tag(u64),
    Text(String),
    Bytes(Vec<u8>),
}

/// Decodes a body into its one data item; an empty body reads as an empty map. Nesting deeper
/// than [`MAX_DEPTH`], a declared length beyond the body, and anything after the item are errors.
pub fn parse(bytes: &[u8]) -> Result<CborValue, CborError> {
    if bytes.is_empty() {
        return Ok(CborValue::Map(CborMap::default()));
    }
    let mut decoder = minicbor::Decoder::new(bytes);
    let mut stack: Vec<Frame> = Vec::new();
    let mut tokens = decoder.tokens();
    let bad = |e: minicbor::decode::Error| CborError::new(format!("the body is not CBOR ({e})"));
    loop {
        let token = tokens.next().ok_or_else(|| CborError::new("the body ends inside an item"))?.map_err(bad)?;
        let value = match token {
            Token::Bool(b) => Some(CborValue::Bool(b)),
            Token::U8(n) => Some(CborValue::Int(n.into())),
            Token::U16(n) => Some(CborValue::Int(n.into())),
            Token::U32(n) => Some(CborValue::Int(n.into())),
            Token::U64(n) => Some(CborValue::Int(n.into())),
            Token::I8(n) => Some(CborValue::Int(n.into())),
            Token::I16(n) => Some(CborValue::Int(n.into())),
            Token::I32(n) => Some(CborValue::Int(n.into())),
            Token::I64(n) => Some(CborValue::Int(n.into())),
            Token::Int(n) => Some(CborValue::Int(i128::from(n))),
            Token::F16(f) | Token::F32(f) => Some(CborValue::Float(f.into())),
            Token::F64(f) => Some(CborValue::Float(f)),
            Token::Null => Some(CborValue::Null),
            Token::Undefined | Token::Simple(_) => Some(CborValue::Undefined),
            Token::Bytes(b) => match stack.last_mut() {
                Some(Frame::Bytes(acc)) => {
                    acc.extend_from_slice(b);
                    None
                }
                _ => Some(CborValue::Bytes(b.to_vec())),
            },
            Token::String(s) => match stack.last_mut() {
                Some(Frame::Text(acc)) => {
                    acc.push_str(s);
                    None
                }
                _ => Some(CborValue::Text(s.to_owned())),
            },
            Token::Array(0) => Some(CborValue::Array(Vec::new())),
            Token::Map(0) => Some(CborValue::Map(CborMap::default())),
            Token::Array(n) => push(&mut stack, Frame::Array { left: Some(n), items: Vec::new() })?,
            Token::Map(n) => push(&mut stack, Frame::Map { left: Some(n), entries: Vec::new(), key: None })?,
            Token::BeginArray => push(&mut stack, Frame::Array { left: None, items: Vec::new() })?,
            Token::BeginMap => push(&mut stack, Frame::Map { left: None, entries: Vec::new(), key: None })?,
            Token::BeginString => push(&mut stack, Frame::Text(String::new()))?,
            Token::BeginBytes => push(&mut stack, Frame::Bytes(Vec::new()))?,
            Token::Tag(t) => push(&mut stack, Frame::Tag(Tag::as_u64(t)))?,
            Token::Break => Some(close_indefinite(&mut stack)?),
        };
        // Attach the finished value, completing every container (and tag) it fills up.
        let mut done = value;
        while let Some(value) = done.take() {
            match stack.last_mut() {
                None => {
                    return match tokens.next() {
                        None => Ok(value),
                        Some(_) => Err(CborError::new("the body holds more than one item")),
                    };
                }
                Some(Frame::Tag(t)) => {
                    let t = *t;
                    stack.pop();
                    done = Some(CborValue::Tag(t, Box::new(value)));
                }
                Some(frame) => {
                    if add(frame, value)? {
                        done = finish(stack.pop());
                    }
                }
            }
        }
    }
}

fn push(stack: &mut Vec<Frame>, frame: Frame) -> Result<Option<CborValue>, CborError> {
    if stack.len() >= MAX_DEPTH {
        return Err(CborError::new(format!("the body is nested deeper than {MAX_DEPTH} levels")));
    }
    stack.push(frame);
    Ok(None)
}

/// Adds a value to a container; `true` when the container is now complete.
fn add(frame: &mut Frame, value: CborValue) -> Result<bool, CborError> {
    match frame {
        Frame::Array { left, items } => {
            items.push(value);
            Ok(count_down(left))
        }
        Frame::Map { left, entries, key } => match key.take() {
            None => match value {
                CborValue::Text(k) => {
                    *key = Some(k);
                    Ok(false)
                }
                other => Err(CborError::new(format!("a map key is {}, not a text string", other.kind()))),
            },
            Some(k) => {
                entries.push((k, value));
                Ok(count_down(left))
            }
        },
        Frame::Tag(_) | Frame::Text(_) | Frame::Bytes(_) => {
            Err(CborError::new("an indefinite string holds something other than chunks"))
        }
    }
}

fn count_down(left: &mut Option<u64>) -> bool {
    match left {
        Some(n) => {
            *n -= 1;
            *n == 0
        }
        None => false,
    }
}

/// The value of a complete definite container.
fn finish(frame: Option<Frame>) -> Option<CborValue> {
    match frame? {
        Frame::Array { items, .. } => Some(CborValue::Array(items)),
        Frame::Map { entries, .. } => Some(CborValue::Map(CborMap(entries))),
        Frame::Tag(_) | Frame::Text(_) | Frame::Bytes(_) => None,
    }
}

fn close_indefinite(stack: &mut Vec<Frame>) -> Result<CborValue, CborError> {
    match stack.pop() {
        Some(Frame::Array { left: None, items }) => Ok(CborValue::Array(items)),
        Some(Frame::Map { left: None, entries, key: None }) => Ok(CborValue::Map(CborMap(entries))),
        Some(Frame::Text(s)) => Ok(CborValue::Text(s)),
        Some(Frame::Bytes(b)) => Ok(CborValue::Bytes(b)),
        _ => Err(CborError::new("a break where no indefinite item is open")),
    }
}

// ---- reading ------------------------------------------------------------------------------------

/// A value that can be read from a response.
pub trait CborDe: Sized {
    /// Whether `null` is a value of this type (true for the elements of sparse collections).
    const NULLABLE: bool = false;
    /// Reads the value.
    fn read_cbor(v: &CborValue) -> Result<Self, CborError>;
}

/// The entries of a map (a structure or error body).
pub fn object(v: &CborValue) -> Result<&CborMap, CborError> {
    match v {
        CborValue::Map(m) => Ok(m),
        other => Err(CborError::expected("a map", other)),
    }
}

/// One member of a structure: `None` when absent or null.
pub fn field<T: CborDe>(o: &CborMap, key: &str) -> Result<Option<T>, CborError> {
    match o.get(key) {
        None => Ok(None),
        Some(v) if v.is_null() => Ok(None),
        Some(v) => T::read_cbor(v).map(Some).map_err(|e| e.in_member(key)),
    }
}

/// The one set member of a union map: its key and value. `__type` is ignored.
pub fn union_member(v: &CborValue) -> Result<(&str, &CborValue), CborError> {
    let map = object(v)?;
    let mut set = map.0.iter().filter(|(k, v)| k != "__type" && !v.is_null());
    match (set.next(), set.next()) {
        (Some((k, v)), None) => Ok((k.as_str(), v)),
        (None, _) => Err(CborError::new("a union has no member set")),
        (Some(_), Some(_)) => Err(CborError::new("a union has more than one member set")),
    }
}

impl CborDe for String {
    fn read_cbor(v: &CborValue) -> Result<Self, CborError> {
        match v {
            CborValue::Text(s) => Ok(s.clone()),
            other => Err(CborError::expected("a text string", other)),
        }
    }
}

impl<T: WireEnum> CborDe for T {
    fn read_cbor(v: &CborValue) -> Result<Self, CborError> {
        match v {
            CborValue::Text(s) => Ok(T::from_wire(s)),
            other => Err(CborError::expected("a text string", other)),
        }
    }
}

impl CborDe for bool {
    fn read_cbor(v: &CborValue) -> Result<Self, CborError> {
        match v {
            CborValue::Bool(b) => Ok(*b),
            other => Err(CborError::expected("a boolean", other)),
        }
    }
}

macro_rules! integer {
    ($($t:ty),*) => {$(
        impl CborDe for $t {
            fn read_cbor(v: &CborValue) -> Result<Self, CborError> {
                match v {
                    CborValue::Int(n) => <$t>::try_from(*n).map_err(|_| CborError::new(format!("{n} is out of range for {}", stringify!($t)))),
                    other => Err(CborError::expected("an integer", other)),
                }
            }
        }
    )*};
}
integer!(i8, i16, i32, i64);

macro_rules! float {
    ($($t:ty),*) => {$(
        impl CborDe for $t {
            fn read_cbor(v: &CborValue) -> Result<Self, CborError> {
                // Narrowing to f32 is the model's choice of type.
                #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
                match v {
                    CborValue::Float(f) => Ok(*f as $t),
                    CborValue::Int(n) => Ok(*n as $t),
                    other => Err(CborError::expected("a number", other)),
                }
            }
        }
    )*};
}
float!(f32, f64);

impl CborDe for Blob {
    fn read_cbor(v: &CborValue) -> Result<Self, CborError> {
        match v {
            CborValue::Bytes(b) => Ok(Blob::new(b.clone())),
            other => Err(CborError::expected("a byte string", other)),
        }
    }
}

impl CborDe for DateTime {
    fn read_cbor(v: &CborValue) -> Result<Self, CborError> {
        let seconds = match v {
            CborValue::Tag(1, inner) => inner,
            other => return Err(CborError::expected("a timestamp (tag 1)", other)),
        };
        // Fractions finer than a millisecond are dropped, as Smithy's epoch-seconds say.
        #[allow(clippy::cast_precision_loss)]
        let secs = match &**seconds {
            CborValue::Int(n) => *n as f64,
            CborValue::Float(f) if f.is_finite() => *f,
            other => return Err(CborError::expected("epoch seconds", other)),
        };
        if secs.abs() > 1e15 {
            return Err(CborError::new(format!("{secs} seconds is out of range for a timestamp")));
        }
        let mut t = DateTime::from_secs_f64(secs);
        let millis = t.subsec_nanos() / 1_000_000;
        t.set_subsec_nanos(millis * 1_000_000);
        Ok(t)
    }
}

impl CborDe for BigInteger {
    fn read_cbor(v: &CborValue) -> Result<Self, CborError> {
        let text = match v {
            CborValue::Int(n) => n.to_string(),
            CborValue::Tag(2, b) | CborValue::Tag(3, b) => {
                let CborValue::Bytes(bytes) = &**b else { return Err(CborError::expected("a bignum's bytes", b)) };
                let magnitude = bignum::to_decimal(bytes);
                if matches!(v, CborValue::Tag(3, _)) {
                    format!("-{}", bignum::add_one(&magnitude))
                } else {
                    magnitude
                }
            }
            other => return Err(CborError::expected("an integer", other)),
        };
        text.parse().map_err(|_| CborError::new(format!("`{text}` is not an integer")))
    }
}

impl CborDe for BigDecimal {
    fn read_cbor(v: &CborValue) -> Result<Self, CborError> {
        let text = match v {
            CborValue::Int(n) => n.to_string(),
            CborValue::Float(f) => f.to_string(),
            CborValue::Tag(4, fraction) => match &**fraction {
                CborValue::Array(parts) if parts.len() == 2 => {
                    let exponent = i64::read_cbor(&parts[0])?;
                    let mantissa = BigInteger::read_cbor(&parts[1])?;
                    format!("{}e{exponent}", mantissa.as_ref())
                }
                other => return Err(CborError::expected("a decimal fraction [exponent, mantissa]", other)),
            },
            other => return Err(CborError::expected("a decimal number", other)),
        };
        text.parse().map_err(|_| CborError::new(format!("`{text}` is not a decimal number")))
    }
}

impl<T: CborDe> CborDe for Option<T> {
    const NULLABLE: bool = true;
    fn read_cbor(v: &CborValue) -> Result<Self, CborError> {
        if v.is_null() {
            Ok(None)
        } else {
            T::read_cbor(v).map(Some)
        }
    }
}

impl<T: CborDe> CborDe for Vec<T> {
    fn read_cbor(v: &CborValue) -> Result<Self, CborError> {
        match v {
            CborValue::Array(items) => items.iter().filter(|i| T::NULLABLE || !i.is_null()).map(T::read_cbor).collect(),
            other => Err(CborError::expected("an array", other)),
        }
    }
}

impl<K: WireKey + Eq + std::hash::Hash, V: CborDe> CborDe for HashMap<K, V> {
    fn read_cbor(v: &CborValue) -> Result<Self, CborError> {
        let map = object(v)?;
        let mut out = HashMap::with_capacity(map.0.len().min(1024));
        for (k, v) in &map.0 {
            if v.is_null() && !V::NULLABLE {
                continue;
            }
            out.insert(K::from_key(k), V::read_cbor(v).map_err(|e| e.in_member(k))?);
        }
        Ok(out)
    }
}

/// Map keys: strings and string enums.
pub trait WireKey {
    /// The key as written.
    fn key_str(&self) -> &str;
    /// The key read back.
    fn from_key(s: &str) -> Self;
}

impl WireKey for String {
    fn key_str(&self) -> &str {
        self
    }
    fn from_key(s: &str) -> Self {
        s.to_owned()
    }
}

impl<T: WireEnum> WireKey for T {
    fn key_str(&self) -> &str {
        self.wire_str()
    }
    fn from_key(s: &str) -> Self {
        T::from_wire(s)
    }
}

// ---- writing ------------------------------------------------------------------------------------

/// A request body being written. A value that cannot be sent (an `Unknown` union member) is
/// remembered and reported by [`CborOut::finish`].
#[derive(Debug)]
pub struct CborOut {
    enc: minicbor::Encoder<Vec<u8>>,
    problem: Option<String>,
}

impl Default for CborOut {
    fn default() -> Self {
        Self { enc: minicbor::Encoder::new(Vec::new()), problem: None }
    }
}

/// Writing into a `Vec` cannot fail.
fn written<T, E>(_: Result<T, E>) {}

impl CborOut {
    /// Starts a map of indefinite length; call [`ObjectWriter::end`] when done.
    pub fn object(&mut self) -> ObjectWriter<'_> {
        written(self.enc.begin_map());
        ObjectWriter { out: self }
    }

    /// Records that the body cannot be sent.
    pub fn fail(&mut self, why: impl Into<String>) {
        self.problem.get_or_insert_with(|| why.into());
    }

    /// The finished body, or why it cannot be sent.
    pub fn finish(self) -> Result<Vec<u8>, aws_smithy_types::error::operation::BuildError> {
        match self.problem {
            None => Ok(self.enc.into_writer()),
            Some(why) => Err(aws_smithy_types::error::operation::BuildError::other(CborError::new(why))),
        }
    }
}

/// Writes the members of one map.
#[derive(Debug)]
pub struct ObjectWriter<'a> {
    out: &'a mut CborOut,
}

impl ObjectWriter<'_> {
    /// Writes a member.
    pub fn field<T: CborSer + ?Sized>(&mut self, key: &str, value: &T) -> &mut Self {
        written(self.out.enc.str(key));
        value.write_cbor(self.out);
        self
    }

    /// Writes a member when it is set.
    pub fn opt<T: CborSer>(&mut self, key: &str, value: &Option<T>) -> &mut Self {
        if let Some(v) = value {
            self.field(key, v);
        }
        self
    }

    /// A timestamp member: CBOR always writes tag 1, whatever `@timestampFormat` says.
    pub fn ts<T: CborSer + ?Sized>(&mut self, key: &str, value: &T, _format: Format) -> &mut Self {
        self.field(key, value)
    }

    /// A timestamp member when it is set.
    pub fn opt_ts<T: CborSer>(&mut self, key: &str, value: &Option<T>, _format: Format) -> &mut Self {
        self.opt(key, value)
    }

    /// Closes the map.
    pub fn end(&mut self) {
        written(self.out.enc.end());
    }
}

/// A value that can be written into a request body.
pub trait CborSer {
    /// Appends the value.
    fn write_cbor(&self, out: &mut CborOut);
}

impl CborSer for str {
    fn write_cbor(&self, out: &mut CborOut) {
        written(out.enc.str(self));
    }
}

impl CborSer for String {
    fn write_cbor(&self, out: &mut CborOut) {
        written(out.enc.str(self));
    }
}

impl<T: WireEnum> CborSer for T {
    fn write_cbor(&self, out: &mut CborOut) {
        written(out.enc.str(self.wire_str()));
    }
}

impl CborSer for bool {
    fn write_cbor(&self, out: &mut CborOut) {
        written(out.enc.bool(*self));
    }
}

macro_rules! write_number {
    ($($t:ty => $method:ident),*) => {$(
        impl CborSer for $t {
            fn write_cbor(&self, out: &mut CborOut) {
                written(out.enc.$method(*self));
            }
        }
    )*};
}
write_number!(i8 => i8, i16 => i16, i32 => i32, i64 => i64, f32 => f32, f64 => f64);

impl CborSer for Blob {
    fn write_cbor(&self, out: &mut CborOut) {
        written(out.enc.bytes(self.as_ref()));
    }
}

impl CborSer for DateTime {
    fn write_cbor(&self, out: &mut CborOut) {
        // rpcv2Cbor: tag 1 (epoch seconds) around a double, whole seconds included.
        written(out.enc.tag(Tag::new(1)));
        written(out.enc.f64(self.as_secs_f64()));
    }
}

impl CborSer for BigInteger {
    fn write_cbor(&self, out: &mut CborOut) {
        let text = self.as_ref();
        if let Ok(n) = text.parse::<i64>() {
            written(out.enc.i64(n));
            return;
        }
        let (negative, digits) = match text.strip_prefix('-') {
            Some(d) => (true, d),
            None => (false, text),
        };
        // Tag 3 holds -1 - n, so a negative bignum stores its magnitude minus one.
        let magnitude = if negative { bignum::sub_one(digits) } else { digits.to_owned() };
        match bignum::from_decimal(&magnitude) {
            Some(bytes) => {
                written(out.enc.tag(Tag::new(if negative { 3 } else { 2 })));
                written(out.enc.bytes(&bytes));
            }
            None => out.fail(format!("`{text}` is not an integer")),
        }
    }
}

impl CborSer for BigDecimal {
    fn write_cbor(&self, out: &mut CborOut) {
        match bignum::decimal_fraction(self.as_ref()) {
            Some((exponent, mantissa)) => {
                written(out.enc.tag(Tag::new(4)));
                written(out.enc.array(2));
                written(out.enc.i64(exponent));
                match mantissa.parse::<BigInteger>() {
                    Ok(m) => m.write_cbor(out),
                    Err(_) => out.fail(format!("`{}` is not a decimal number", self.as_ref())),
                }
            }
            None => out.fail(format!("`{}` is not a decimal number", self.as_ref())),
        }
    }
}

impl<T: CborSer> CborSer for Option<T> {
    fn write_cbor(&self, out: &mut CborOut) {
        match self {
            Some(v) => v.write_cbor(out),
            None => written(out.enc.null()),
        }
    }
}

impl<T: CborSer> CborSer for Vec<T> {
    fn write_cbor(&self, out: &mut CborOut) {
        written(out.enc.begin_array());
        self.iter().for_each(|v| v.write_cbor(out));
        written(out.enc.end());
    }
}

impl<K: WireKey, V: CborSer> CborSer for HashMap<K, V> {
    fn write_cbor(&self, out: &mut CborOut) {
        // Sorted keys keep request bodies (and their signatures) reproducible.
        let mut entries: Vec<(&K, &V)> = self.iter().collect();
        entries.sort_by(|a, b| a.0.key_str().cmp(b.0.key_str()));
        written(out.enc.begin_map());
        for (k, v) in entries {
            written(out.enc.str(k.key_str()));
            v.write_cbor(out);
        }
        written(out.enc.end());
    }
}

/// Documents are written as the CBOR item of the same shape. (The rpcv2Cbor protocol definition
/// has no inline documents, so a valid model never needs this; a model that has one still gets
/// a crate that compiles and sends something sensible.)
impl CborSer for Document {
    fn write_cbor(&self, out: &mut CborOut) {
        match self {
            Document::Object(map) => map.write_cbor(out),
            Document::Array(items) => items.write_cbor(out),
            Document::Number(Number::PosInt(n)) => written(out.enc.u64(*n)),
            Document::Number(Number::NegInt(n)) => written(out.enc.i64(*n)),
            Document::Number(Number::Float(f)) => written(out.enc.f64(*f)),
            Document::String(s) => written(out.enc.str(s)),
            Document::Bool(b) => written(out.enc.bool(*b)),
            Document::Null => written(out.enc.null()),
        }
    }
}

impl CborDe for Document {
    const NULLABLE: bool = true;
    fn read_cbor(v: &CborValue) -> Result<Self, CborError> {
        Ok(match v {
            CborValue::Null | CborValue::Undefined => Document::Null,
            CborValue::Bool(b) => Document::Bool(*b),
            CborValue::Int(n) => match (u64::try_from(*n), i64::try_from(*n)) {
                (Ok(u), _) => Document::Number(Number::PosInt(u)),
                (_, Ok(i)) => Document::Number(Number::NegInt(i)),
                _ => return Err(CborError::new("an integer in a document is out of range")),
            },
            CborValue::Float(f) => Document::Number(Number::Float(*f)),
            CborValue::Text(s) => Document::String(s.clone()),
            CborValue::Array(items) => Document::Array(items.iter().map(Document::read_cbor).collect::<Result<_, _>>()?),
            CborValue::Map(map) => {
                Document::Object(map.0.iter().map(|(k, v)| Ok((k.clone(), Document::read_cbor(v)?))).collect::<Result<_, CborError>>()?)
            }
            other => return Err(CborError::expected("a document value", other)),
        })
    }
}

/// The value of a unit union member: an empty map.
#[derive(Debug, Clone, Copy)]
pub struct EmptyObject;

impl CborSer for EmptyObject {
    fn write_cbor(&self, out: &mut CborOut) {
        written(out.enc.map(0));
    }
}

/// Writes a whole structure as a request body.
pub fn to_body<T: CborSer + ?Sized>(value: &T) -> Result<Vec<u8>, aws_smithy_types::error::operation::BuildError> {
    let mut out = CborOut::default();
    value.write_cbor(&mut out);
    out.finish()
}

/// Code and message of an RPC v2 CBOR error body (`__type`, `message`/`Message`).
pub(crate) fn error_facts(body: &[u8]) -> ErrorFacts {
    let Ok(CborValue::Map(map)) = parse(body) else { return ErrorFacts::default() };
    let text = |key: &str| match map.get(key) {
        Some(CborValue::Text(s)) => Some(s.clone()),
        _ => None,
    };
    ErrorFacts {
        code: text("__type").as_deref().and_then(crate::protocol::sanitize_code).map(str::to_owned),
        message: text("message").or_else(|| text("Message")),
        ..ErrorFacts::default()
    }
}

/// Decimal text and big-endian magnitudes, for bignums (tags 2 and 3) and decimal fractions
/// (tag 4): schoolbook base conversion, no CBOR involved.
mod bignum {
    /// The decimal text of a big-endian unsigned magnitude.
    pub(super) fn to_decimal(bytes: &[u8]) -> String {
        let mut digits: Vec<u8> = vec![0]; // little-endian base 10
        for byte in bytes {
            let mut carry = u32::from(*byte);
            for d in digits.iter_mut() {
                let v = u32::from(*d) * 256 + carry;
                *d = (v % 10) as u8;
                carry = v / 10;
            }
            while carry > 0 {
                digits.push((carry % 10) as u8);
                carry /= 10;
            }
        }
        while digits.len() > 1 && digits.last() == Some(&0) {
            digits.pop();
        }
        digits.iter().rev().map(|d| char::from(b'0' + d)).collect()
    }

    /// The big-endian magnitude of unsigned decimal text.
    pub(super) fn from_decimal(text: &str) -> Option<Vec<u8>> {
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut bytes: Vec<u8> = vec![0]; // little-endian base 256
        for digit in text.bytes() {
            let mut carry = u32::from(digit - b'0');
            for b in bytes.iter_mut() {
                let v = u32::from(*b) * 10 + carry;
                *b = (v & 0xff) as u8;
                carry = v >> 8;
            }
            while carry > 0 {
                bytes.push((carry & 0xff) as u8);
                carry >>= 8;
            }
        }
        while bytes.len() > 1 && bytes.last() == Some(&0) {
            bytes.pop();
        }
        bytes.reverse();
        Some(bytes)
    }

    fn step(text: &str, up: bool) -> String {
        let mut digits: Vec<u8> = text.bytes().map(|b| b.wrapping_sub(b'0')).collect();
        for d in digits.iter_mut().rev() {
            match (up, *d) {
                (true, 9) => *d = 0,
                (true, _) => {
                    *d += 1;
                    break;
                }
                (false, 0) => *d = 9,
                (false, _) => {
                    *d -= 1;
                    break;
                }
            }
        }
        let mut text: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
        if up && text.starts_with('0') {
            text.insert(0, '1');
        }
        let trimmed = text.trim_start_matches('0');
        if trimmed.is_empty() { "0".to_owned() } else { trimmed.to_owned() }
    }

    /// `n + 1` of unsigned decimal text.
    pub(super) fn add_one(text: &str) -> String {
        step(text, true)
    }

    /// `n - 1` of unsigned decimal text (`n` > 0).
    pub(super) fn sub_one(text: &str) -> String {
        step(text, false)
    }

    /// `(exponent, mantissa)` of decimal text such as `-12.50e3`: the value is
    /// mantissa × 10^exponent.
    pub(super) fn decimal_fraction(text: &str) -> Option<(i64, String)> {
        let (number, exp) = match text.split_once(['e', 'E']) {
            Some((n, e)) => (n, e.parse::<i64>().ok()?),
            None => (text, 0),
        };
        let (negative, number) = match number.strip_prefix('-') {
            Some(n) => (true, n),
            None => (false, number.strip_prefix('+').unwrap_or(number)),
        };
        let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
        let digits = format!("{whole}{fraction}");
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let digits = digits.trim_start_matches('0');
        let mantissa = if digits.is_empty() { "0".to_owned() } else { digits.to_owned() };
        let exponent = exp.checked_sub(i64::try_from(fraction.len()).ok()?)?;
        Some((exponent, if negative { format!("-{mantissa}") } else { mantissa }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap_or(0)).collect()
    }

    #[test]
    fn decodes_definite_indefinite_and_tagged_items() {
        // {_ "a": [_ 1, 2], "b": (_ "x", "y"), "t": 1(1.5)} with an indefinite map, array and string.
        let v = parse(&hex("bf61619f0102ff61627f61786179ff6174c1f93e00ff")).expect("cbor");
        let m = object(&v).expect("map");
        assert_eq!(field::<Vec<i32>>(m, "a"), Ok(Some(vec![1, 2])));
        assert_eq!(field::<String>(m, "b"), Ok(Some("xy".to_owned())));
        assert_eq!(field::<DateTime>(m, "t").map(|t| t.map(|t| t.as_secs_f64())), Ok(Some(1.5)));
        assert_eq!(parse(b""), Ok(CborValue::Map(CborMap::default())));
    }

    #[test]
    fn hostile_bodies_are_errors() {
        assert!(parse(&hex("9f01")).is_err(), "an indefinite array that never ends");
        assert!(parse(&hex("9bffffffffffffffff")).is_err(), "a huge declared array length");
        assert!(parse(&hex("5bffffffffffffffff00")).is_err(), "a huge declared byte string");
        assert!(parse(&hex("ff")).is_err(), "a stray break");
        assert!(parse(&hex("0101")).is_err(), "two items");
        assert!(parse(&hex("a1010203")).is_err(), "a non-text map key");
        let deep = vec![0x81u8; 100_000];
        assert!(parse(&deep).is_err(), "deep nesting");
        let deep_tags = [vec![0xc1u8; 10_000], vec![0x00]].concat();
        assert!(parse(&deep_tags).is_err(), "deeply nested tags");
    }

    #[test]
    fn big_numbers_round_trip() {
        for text in ["0", "1", "-1", "18446744073709551616", "-18446744073709551617", "123456789012345678901234567890"] {
            let n: BigInteger = text.parse().expect("big integer");
            let bytes = to_body(&n).expect("body");
            assert_eq!(BigInteger::read_cbor(&parse(&bytes).expect("cbor")).map(|b| b.as_ref().to_owned()), Ok(text.to_owned()), "{text}");
        }
        let d: BigDecimal = "-12.50".parse().expect("decimal");
        let back = BigDecimal::read_cbor(&parse(&to_body(&d).expect("body")).expect("cbor")).expect("read");
        assert_eq!(back.as_ref(), "-1250e-2");
    }

    #[test]
    fn documents_round_trip() {
        let doc = Document::Object(HashMap::from([
            ("list".to_owned(), Document::Array(vec![Document::Number(Number::NegInt(-3)), Document::Null, Document::Bool(true)])),
            ("n".to_owned(), Document::Number(Number::PosInt(7))),
            ("f".to_owned(), Document::Number(Number::Float(1.5))),
            ("s".to_owned(), Document::String("x".to_owned())),
        ]));
        let back = Document::read_cbor(&parse(&to_body(&doc).expect("body")).expect("cbor")).expect("read");
        assert_eq!(back, doc);
        assert!(Document::read_cbor(&CborValue::Bytes(vec![1])).is_err());
    }

    #[test]
    fn writes_indefinite_maps_and_tag_1_timestamps() {
        let mut out = CborOut::default();
        out.object().field("t", &DateTime::from_secs(1)).opt("n", &None::<i32>).end();
        assert_eq!(out.finish().expect("body"), hex("bf6174c1fb3ff0000000000000ff"));
    }
}
