//! `smithy.test` protocol compliance cases, lowered to typed values the emitter can build.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Ctx;
use crate::ir::{Crate, HttpMessage, Member, Module, ParamValue, ProtocolTest, ProtocolTestKind, RustType, StructKind, TypePath};

const REQUEST_TESTS: &str = "smithy.test#httpRequestTests";
const RESPONSE_TESTS: &str = "smithy.test#httpResponseTests";

impl Ctx<'_> {
    /// Every client case of the service's protocol on its operations and errors. A case whose
    /// params do not fit the model is kept, marked skipped with the reason.
    pub fn protocol_tests(&self, c: &Crate, skip: &BTreeMap<String, String>) -> Vec<ProtocolTest> {
        let Some(protocol) = self.protocol_trait() else { return Vec::new() };
        let mut tests = Vec::new();
        for (index, op) in c.operations.iter().enumerate() {
            let Some(shape) = self.shapes.get(&op.shape_id) else { continue };
            let input = &c.structures[op.input].path;
            let output = &c.structures[op.output].path;
            for case in cases(&shape.traits, REQUEST_TESTS, protocol) {
                let kind = |input_value| ProtocolTestKind::Request { input: input_value, http: http_message(case) };
                tests.push(build(case, index, skip, struct_param(c, input, params(case)).map(kind)));
            }
            for case in cases(&shape.traits, RESPONSE_TESTS, protocol) {
                let kind = |output_value| ProtocolTestKind::Response { output: output_value, http: http_message(case) };
                tests.push(build(case, index, skip, struct_param(c, output, params(case)).map(kind)));
            }
        }
        for s in c.structures.iter().filter(|s| matches!(s.kind, StructKind::Error(_))) {
            let Some(shape) = self.shapes.get(&s.shape_id) else { continue };
            let Some(index) = c.operations.iter().position(|op| op.errors.iter().any(|e| e.path == s.path)) else { continue };
            for case in cases(&shape.traits, RESPONSE_TESTS, protocol) {
                let kind = |error| ProtocolTestKind::ErrorResponse { variant: s.path.name.clone(), error, http: http_message(case) };
                tests.push(build(case, index, skip, struct_param(c, &s.path, params(case)).map(kind)));
            }
        }
        tests.sort_by(|a, b| a.id.cmp(&b.id));
        tests.dedup_by(|a, b| a.id == b.id);
        tests
    }

    fn protocol_trait(&self) -> Option<&str> {
        self.service.traits.keys().map(String::as_str).find(|k| k.starts_with("aws.protocols#") || k.starts_with("smithy.protocols#"))
    }
}

fn cases<'v>(traits: &'v crate::ast::Traits, key: &str, protocol: &str) -> Vec<&'v Value> {
    let Some(Value::Array(all)) = traits.get(key) else { return Vec::new() };
    all.iter()
        .filter(|case| case.get("protocol").and_then(Value::as_str) == Some(protocol))
        .filter(|case| case.get("appliesTo").and_then(Value::as_str) != Some("server"))
        .collect()
}

fn params(case: &Value) -> &Value {
    case.get("params").unwrap_or(&Value::Null)
}

fn build(case: &Value, operation: usize, skip: &BTreeMap<String, String>, kind: Result<ProtocolTestKind, String>) -> ProtocolTest {
    let id = case.get("id").and_then(Value::as_str).unwrap_or("unnamed").to_owned();
    let listed = skip.get(&id).cloned();
    match kind {
        Ok(kind) => ProtocolTest { id, operation, kind, skip: listed },
        Err(why) => {
            let kind = ProtocolTestKind::Response { output: ParamValue::Null, http: HttpMessage::default() };
            ProtocolTest { id, operation, kind, skip: Some(listed.unwrap_or(format!("params do not fit the model: {why}"))) }
        }
    }
}

fn http_message(case: &Value) -> HttpMessage {
    let text = |k: &str| case.get(k).and_then(Value::as_str).map(str::to_owned);
    let list = |k: &str| -> Vec<String> {
        case.get(k).and_then(Value::as_array).map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()).unwrap_or_default()
    };
    let headers = case
        .get("headers")
        .and_then(Value::as_object)
        .map(|h| h.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned()))).collect())
        .unwrap_or_default();
    HttpMessage {
        method: text("method").unwrap_or_default(),
        uri: text("uri").unwrap_or_default(),
        host: text("host"),
        code: case.get("code").and_then(Value::as_u64).and_then(|c| u16::try_from(c).ok()).unwrap_or(200),
        headers,
        forbid_headers: list("forbidHeaders"),
        require_headers: list("requireHeaders"),
        body: text("body"),
        body_media_type: text("bodyMediaType"),
    }
}

fn struct_param(c: &Crate, path: &TypePath, v: &Value) -> Result<ParamValue, String> {
    let s = c.structures.iter().find(|s| s.path == *path).ok_or_else(|| format!("no structure {}", path.name))?;
    let empty = serde_json::Map::new();
    let object = match v {
        Value::Null => &empty,
        Value::Object(o) => o,
        _ => return Err(format!("{} expects an object", path.name)),
    };
    let mut fields = Vec::new();
    for (key, value) in object {
        let member: &Member = s.members.iter().find(|m| m.name == *key).ok_or_else(|| format!("{} has no member `{key}`", path.name))?;
        if value.is_null() {
            continue;
        }
        fields.push((member.accessor.clone(), member.boxed, param(c, &member.ty, value)?));
    }
    Ok(ParamValue::Struct { path: path.clone(), fallible: s.fallible_build, fields })
}

fn param(c: &Crate, ty: &RustType, v: &Value) -> Result<ParamValue, String> {
    let mismatch = || format!("`{v}` does not fit {ty:?}");
    Ok(match (ty, v) {
        (_, Value::Null) => ParamValue::Null,
        (RustType::String, Value::String(s)) => ParamValue::String(s.clone()),
        (RustType::Bool, Value::Bool(b)) => ParamValue::Bool(*b),
        (RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64, Value::Number(n)) => ParamValue::Int(n.as_i64().ok_or_else(mismatch)?, ty.clone()),
        (RustType::F32 | RustType::F64, Value::Number(n)) => ParamValue::Float(n.as_f64().ok_or_else(mismatch)?, ty.clone()),
        (RustType::F32 | RustType::F64, Value::String(s)) => ParamValue::Float(special_float(s).ok_or_else(mismatch)?, ty.clone()),
        (RustType::BigInteger | RustType::BigDecimal, Value::Number(n)) => ParamValue::BigNumber(n.to_string(), ty.clone()),
        (RustType::Blob, Value::String(s)) => ParamValue::Blob(s.clone()),
        (RustType::DateTime, Value::Number(n)) => {
            let (secs, nanos) = exact_seconds(&n.to_string()).ok_or_else(mismatch)?;
            ParamValue::Timestamp(secs, nanos)
        }
        (RustType::Document, other) => ParamValue::Document(other.clone()),
        (RustType::Enum(path), Value::String(s)) => ParamValue::Enum(path.clone(), s.clone()),
        (RustType::Struct(path), _) => struct_param(c, path, v)?,
        (RustType::Union(path), Value::Object(o)) => union_param(c, path, o)?,
        (RustType::List { element, sparse, .. }, Value::Array(items)) => ParamValue::List {
            items: items.iter().filter(|i| *sparse || !i.is_null()).map(|i| param(c, element, i)).collect::<Result<_, _>>()?,
            sparse: *sparse,
        },
        (RustType::Map { key, value, sparse }, Value::Object(o)) => ParamValue::Map {
            entries: o
                .iter()
                .filter(|(_, v)| *sparse || !v.is_null())
                .map(|(k, v)| Ok((param(c, key, &Value::String(k.clone()))?, param(c, value, v)?)))
                .collect::<Result<_, String>>()?,
            sparse: *sparse,
        },
        _ => return Err(mismatch()),
    })
}

fn special_float(s: &str) -> Option<f64> {
    match s {
        "NaN" => Some(f64::NAN),
        "Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        _ => None,
    }
}

fn union_param(c: &Crate, path: &TypePath, o: &serde_json::Map<String, Value>) -> Result<ParamValue, String> {
    let u = c.unions.iter().find(|u| u.name == path.name && path.module == Module::Types).ok_or_else(|| format!("no union {}", path.name))?;
    let mut set = o.iter().filter(|(_, v)| !v.is_null());
    let (key, value) = set.next().ok_or_else(|| format!("{} has no member set", path.name))?;
    let variant = u.variants.iter().find(|v| v.member_name == *key).ok_or_else(|| format!("{} has no member `{key}`", path.name))?;
    let value = match &variant.ty {
        Some(ty) => Some(Box::new(param(c, ty, value)?)),
        None => None,
    };
    Ok(ParamValue::Union { path: path.clone(), variant: variant.name.clone(), boxed: variant.boxed, value })
}

/// Seconds and nanoseconds of a decimal number, without going through a float.
fn exact_seconds(text: &str) -> Option<(i64, u32)> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let secs: i64 = whole.parse().ok()?;
    let digits: String = fraction.chars().chain(std::iter::repeat('0')).take(9).collect();
    let nanos: u32 = digits.parse().ok()?;
    if secs < 0 && nanos > 0 {
        return Some((secs - 1, 1_000_000_000 - nanos));
    }
    Some((secs, nanos))
}
