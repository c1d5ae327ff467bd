//! `smithy.test` protocol compliance cases, lowered to typed values the emitter can build.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{closure, Ctx};
use crate::ir::{Crate, HttpMessage, Member, Module, ParamValue, ProtocolTest, ProtocolTestKind, RustType, StructKind, TypePath};

const REQUEST_TESTS: &str = "smithy.test#httpRequestTests";
const RESPONSE_TESTS: &str = "smithy.test#httpResponseTests";
const AWS_QUERY_ERROR: &str = "aws.protocols#awsQueryError";

/// A case before its id is made unique.
struct Case {
    id: String,
    operation: usize,
    kind: Result<ProtocolTestKind, String>,
    response: bool,
}

impl Ctx<'_> {
    /// Every client case of the service's protocol on the operations bound to the service and on
    /// the errors they (or the service) declare, whether or not the generated client can run
    /// it: a case on an operation the client lacks, on an error no generated operation returns,
    /// or whose params do not fit the model becomes an `Unsupported` test that fails with the
    /// reason (unless the skip list names it).
    pub fn protocol_tests(&self, c: &Crate, skip: &BTreeMap<String, String>) -> Vec<ProtocolTest> {
        let Some(protocol) = self.protocol_trait() else { return Vec::new() };
        let mut found = Vec::new();
        let mut error_ids: Vec<String> = self.service.errors.iter().map(|e| e.target.clone()).collect();
        for op_id in closure::service_operations(self.shapes, self.service) {
            let Some(shape) = self.shapes.get(&op_id) else { continue };
            error_ids.extend(shape.errors.iter().map(|e| e.target.clone()));
            let index = c.operations.iter().position(|op| op.shape_id == op_id);
            let missing = || format!("operation `{op_id}` is not in the generated client");
            for (case, at) in cases(shape, REQUEST_TESTS, protocol) {
                let kind = index.ok_or_else(missing).and_then(|i| {
                    let input = &c.structures[c.operations[i].input].path;
                    struct_param(c, input, params(case), &at).map(|input| ProtocolTestKind::Request { input, http: http_message(case) })
                });
                found.push(Case { id: case_id(case), operation: index.unwrap_or(0), kind, response: false });
            }
            for (case, at) in cases(shape, RESPONSE_TESTS, protocol) {
                let kind = index.ok_or_else(missing).and_then(|i| {
                    let output = &c.structures[c.operations[i].output].path;
                    struct_param(c, output, params(case), &at).map(|output| ProtocolTestKind::Response { output, http: http_message(case) })
                });
                found.push(Case { id: case_id(case), operation: index.unwrap_or(0), kind, response: true });
            }
        }
        error_ids.sort();
        error_ids.dedup();
        for error_id in error_ids {
            let Some(shape) = self.shapes.get(&error_id) else { continue };
            let generated = c.structures.iter().find(|s| s.shape_id == error_id && matches!(s.kind, StructKind::Error(_)));
            let index = generated.and_then(|s| c.operations.iter().position(|op| op.errors.iter().any(|e| e.path == s.path)));
            for (case, at) in cases(shape, RESPONSE_TESTS, protocol) {
                let kind = match (generated, index) {
                    (Some(s), Some(_)) => struct_param(c, &s.path, params(case), &at).map(|error| ProtocolTestKind::ErrorResponse {
                        variant: s.path.name.clone(),
                        code: self.error_code(&error_id, shape),
                        error,
                        http: http_message(case),
                    }),
                    _ => Err(format!("no operation of the generated client returns the error `{error_id}`")),
                };
                found.push(Case { id: case_id(case), operation: index.unwrap_or(0), kind, response: true });
            }
        }
        unique_ids(found)
            .into_iter()
            .map(|(id, case)| {
                let listed = skip.get(&id).cloned();
                let kind = case.kind.unwrap_or_else(|why| ProtocolTestKind::Unsupported { why });
                ProtocolTest { id, operation: case.operation, kind, skip: listed }
            })
            .collect()
    }

    /// The protocol trait whose cases apply: the one the client speaks.
    fn protocol_trait(&self) -> Option<&'static str> {
        super::PROTOCOLS.iter().copied().find(|p| self.service.traits.contains_key(*p) && super::client_protocol_of(p).is_some_and(|c| Some(c) == self.protocol))
    }

    /// The code a response of this error carries (`code()`): its `@awsQueryError` code on a
    /// query protocol or a query-compatible service, else its shape name.
    fn error_code(&self, id: &str, shape: &crate::ast::Shape) -> String {
        let custom = shape.traits.get(AWS_QUERY_ERROR).and_then(|t| t.get("code")).and_then(Value::as_str);
        let query = self.protocol.is_some_and(crate::ir::ClientProtocol::is_query)
            || self.service.traits.contains_key("aws.protocols#awsQueryCompatible");
        match custom {
            Some(code) if query => code.to_owned(),
            _ => crate::ast::shape_name(id).to_owned(),
        }
    }
}

/// Ids made unique: a request and a response case sharing an id become `id_request` and
/// `id_response`; the result is sorted by id.
fn unique_ids(found: Vec<Case>) -> Vec<(String, Case)> {
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for case in &found {
        *count.entry(case.id.clone()).or_default() += 1;
    }
    let mut out: Vec<(String, Case)> = found
        .into_iter()
        .map(|case| {
            let id = if count.get(&case.id).copied().unwrap_or(0) > 1 {
                format!("{}_{}", case.id, if case.response { "response" } else { "request" })
            } else {
                case.id.clone()
            };
            (id, case)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn case_id(case: &Value) -> String {
    case.get("id").and_then(Value::as_str).unwrap_or("unnamed").to_owned()
}

/// The client cases of a protocol in a shape's test trait, with where their params sit.
fn cases<'v>(shape: &'v crate::ast::Shape, key: &str, protocol: &str) -> Vec<(&'v Value, At<'v>)> {
    let Some(Value::Array(all)) = shape.traits.get(key) else { return Vec::new() };
    let trait_at = At { exact: &shape.exact_numbers, pointer: String::new() }.child("traits").child(key);
    all.iter()
        .enumerate()
        .filter(|(_, case)| case.get("protocol").and_then(Value::as_str) == Some(protocol))
        .filter(|(_, case)| case.get("appliesTo").and_then(Value::as_str) != Some("server"))
        .map(|(i, case)| (case, trait_at.child(&i.to_string()).child("params")))
        .collect()
}

fn params(case: &Value) -> &Value {
    case.get("params").unwrap_or(&Value::Null)
}

/// Where a param value sits in its shape's JSON: numbers a double cannot hold are read from
/// the text the model wrote.
#[derive(Debug, Clone)]
struct At<'a> {
    exact: &'a BTreeMap<String, String>,
    pointer: String,
}

impl<'a> At<'a> {
    fn child(&self, key: &str) -> At<'a> {
        At { exact: self.exact, pointer: format!("{}/{}", self.pointer, key.replace('~', "~0").replace('/', "~1")) }
    }

    /// The number as written, when a double would change it; else its usual text.
    fn number_text(&self, n: &serde_json::Number) -> String {
        self.exact.get(&self.pointer).cloned().unwrap_or_else(|| n.to_string())
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
    let region = case
        .pointer("/vendorParams/scopedConfig/client/region")
        .or_else(|| case.pointer("/vendorParams/region"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    HttpMessage {
        method: text("method").unwrap_or_default(),
        uri: text("uri").unwrap_or_default(),
        host: text("host"),
        resolved_host: text("resolvedHost"),
        query_params: list("queryParams"),
        forbid_query_params: list("forbidQueryParams"),
        require_query_params: list("requireQueryParams"),
        code: case.get("code").and_then(Value::as_u64).and_then(|c| u16::try_from(c).ok()).unwrap_or(200),
        headers,
        forbid_headers: list("forbidHeaders"),
        require_headers: list("requireHeaders"),
        body: text("body"),
        body_media_type: text("bodyMediaType"),
        region,
        scoped: scoped_s3(case),
    }
}

/// The case's scoped S3 config: the client's settings, with the operation's over them.
fn scoped_s3(case: &Value) -> Option<crate::ir::ScopedS3Config> {
    let scoped = case.pointer("/vendorParams/scopedConfig")?;
    let setting = |key: &str| {
        scoped
            .pointer(&format!("/operation/s3/{key}"))
            .or_else(|| scoped.pointer(&format!("/client/s3/{key}")))
    };
    let flag = |key: &str| setting(key).and_then(Value::as_bool).unwrap_or(false);
    Some(crate::ir::ScopedS3Config {
        force_path_style: setting("addressing_style").and_then(Value::as_str) == Some("path"),
        dual_stack: flag("use_dualstack_endpoint"),
        accelerate: flag("use_accelerate_endpoint"),
    })
}

fn struct_param(c: &Crate, path: &TypePath, v: &Value, at: &At<'_>) -> Result<ParamValue, String> {
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
        fields.push((member.accessor.clone(), member.boxed, param(c, &member.ty, value, &at.child(key))?));
    }
    Ok(ParamValue::Struct { path: path.clone(), fallible: s.fallible_build, fields })
}

fn param(c: &Crate, ty: &RustType, v: &Value, at: &At<'_>) -> Result<ParamValue, String> {
    let mismatch = || format!("`{v}` does not fit {ty:?}");
    Ok(match (ty, v) {
        (_, Value::Null) => ParamValue::Null,
        (RustType::String, Value::String(s)) => ParamValue::String(s.clone()),
        (RustType::Bool, Value::Bool(b)) => ParamValue::Bool(*b),
        (RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64, Value::Number(n)) => ParamValue::Int(n.as_i64().ok_or_else(mismatch)?, ty.clone()),
        (RustType::F32 | RustType::F64, Value::Number(n)) => ParamValue::Float(n.as_f64().ok_or_else(mismatch)?, ty.clone()),
        (RustType::F32 | RustType::F64, Value::String(s)) => ParamValue::Float(special_float(s).ok_or_else(mismatch)?, ty.clone()),
        (RustType::BigInteger | RustType::BigDecimal, Value::Number(n)) => ParamValue::BigNumber(at.number_text(n), ty.clone()),
        (RustType::Blob, Value::String(s)) => ParamValue::Blob(s.clone()),
        (RustType::ByteStream, Value::String(s)) => ParamValue::Stream(s.clone()),
        (RustType::DateTime, Value::Number(n)) => {
            let (secs, nanos) = exact_seconds(&at.number_text(n)).ok_or_else(mismatch)?;
            ParamValue::Timestamp(secs, nanos)
        }
        (RustType::Document, other) => ParamValue::Document(other.clone()),
        (RustType::Enum(path), Value::String(s)) => ParamValue::Enum(path.clone(), s.clone()),
        (RustType::Struct(path), _) => struct_param(c, path, v, at)?,
        (RustType::Union(path), Value::Object(o)) => union_param(c, path, o, at)?,
        (RustType::List { element, sparse, .. }, Value::Array(items)) => ParamValue::List {
            items: items
                .iter()
                .enumerate()
                .filter(|(_, i)| *sparse || !i.is_null())
                .map(|(n, i)| param(c, element, i, &at.child(&n.to_string())))
                .collect::<Result<_, _>>()?,
            sparse: *sparse,
        },
        (RustType::Map { key, value, sparse }, Value::Object(o)) => ParamValue::Map {
            entries: o
                .iter()
                .filter(|(_, v)| *sparse || !v.is_null())
                .map(|(k, v)| Ok((param(c, key, &Value::String(k.clone()), at)?, param(c, value, v, &at.child(k))?)))
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

fn union_param(c: &Crate, path: &TypePath, o: &serde_json::Map<String, Value>, at: &At<'_>) -> Result<ParamValue, String> {
    let u = c.unions.iter().find(|u| u.name == path.name && path.module == Module::Types).ok_or_else(|| format!("no union {}", path.name))?;
    let mut set = o.iter().filter(|(_, v)| !v.is_null());
    let (key, value) = set.next().ok_or_else(|| format!("{} has no member set", path.name))?;
    let variant = u.variants.iter().find(|v| v.member_name == *key).ok_or_else(|| format!("{} has no member `{key}`", path.name))?;
    let value = match &variant.ty {
        Some(ty) => Some(Box::new(param(c, ty, value, &at.child(key))?)),
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

/// A structure value from a JSON object (numbers as a double holds them), for other test
/// suites that build inputs.
pub(super) fn struct_value(c: &Crate, path: &TypePath, v: &Value) -> Result<ParamValue, String> {
    let exact = BTreeMap::new();
    struct_param(c, path, v, &At { exact: &exact, pointer: String::new() })
}
