//! `smithy.test` protocol compliance cases, lowered to typed values the emitter can build.

mod alter;
mod event_cases;
mod params;
mod xml_paths;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{closure, Ctx};
use crate::ir::{Crate, ExpectedValue, HttpMessage, ParamValue, ProtocolTest, ProtocolTestKind, StructKind};
use params::{struct_param, At};
pub(super) use params::struct_value;

const REQUEST_TESTS: &str = "smithy.test#httpRequestTests";
const RESPONSE_TESTS: &str = "smithy.test#httpResponseTests";
const EVENT_STREAM_TESTS: &str = "smithy.test#eventStreamTests";
const AWS_QUERY_ERROR: &str = "aws.protocols#awsQueryError";

/// The kinds of case, as the suffix that tells apart cases of several kinds sharing an id.
const REQUEST: &str = "request";
const RESPONSE: &str = "response";
const EVENT_STREAM: &str = "event_stream";

/// A case before its test is named.
struct Case {
    id: String,
    kind_name: &'static str,
    operation: usize,
    kind: Result<ProtocolTestKind, String>,
}

impl Ctx<'_> {
    /// Every client case of the service's protocol on the operations bound to the service and on
    /// the errors they (or the service) declare, whether or not the generated client can run
    /// it: a case on an operation the client lacks, on an error no generated operation returns,
    /// on an event stream, or whose params do not fit the model becomes an `Unsupported` test
    /// that fails with the reason (unless the skip list, keyed by case id, names it).
    pub fn protocol_tests(&self, c: &Crate, skip: &BTreeMap<String, String>) -> Vec<ProtocolTest> {
        let Some(protocol) = self.protocol_trait() else { return Vec::new() };
        let mut found = Vec::new();
        let mut error_ids: Vec<String> = self.service.errors.iter().map(|e| e.target.clone()).collect();
        for op_id in closure::service_operations(self.shapes, self.service) {
            let Some(shape) = self.shapes.get(&op_id) else { continue };
            error_ids.extend(shape.errors.iter().map(|e| e.target.clone()));
            self.operation_cases(c, &op_id, shape, protocol, &mut found);
        }
        error_ids.sort();
        error_ids.dedup();
        for error_id in error_ids {
            let Some(shape) = self.shapes.get(&error_id) else { continue };
            self.error_cases(c, &error_id, shape, protocol, &mut found);
        }
        named(found)
            .into_iter()
            .map(|(test_name, case)| {
                let kind = case.kind.unwrap_or_else(|why| ProtocolTestKind::Unsupported { why });
                ProtocolTest { skip: skip.get(&case.id).cloned(), id: case.id, test_name, operation: case.operation, kind }
            })
            .collect()
    }

    /// The request, response and event-stream cases of one operation.
    fn operation_cases(&self, c: &Crate, op_id: &str, shape: &crate::ast::Shape, protocol: &str, found: &mut Vec<Case>) {
        let index = c.operations.iter().position(|op| op.shape_id == op_id);
        let missing = || format!("operation `{op_id}` is not in the generated client");
        for (case, at) in cases(shape, REQUEST_TESTS, protocol) {
            let kind = index.ok_or_else(missing).and_then(|i| {
                let input = &c.structures[c.operations[i].input];
                let value = struct_param(c, &input.path, params(case), &at)?;
                let xml_unordered = xml_paths::unordered_paths(c, input, &value);
                Ok(ProtocolTestKind::Request { input: value, http: http_message(case), xml_unordered })
            });
            found.push(Case { id: case_id(case), kind_name: REQUEST, operation: index.unwrap_or(0), kind });
        }
        for (case, at) in cases(shape, RESPONSE_TESTS, protocol) {
            let kind = index.ok_or_else(missing).and_then(|i| {
                let output = struct_param(c, &c.structures[c.operations[i].output].path, params(case), &at)?;
                Ok(ProtocolTestKind::Response { output: expected(output), request_id: request_id(case), http: http_message(case) })
            });
            found.push(Case { id: case_id(case), kind_name: RESPONSE, operation: index.unwrap_or(0), kind });
        }
        for (case, at) in cases(shape, EVENT_STREAM_TESTS, protocol) {
            let case_at = At { exact: at.exact, pointer: at.pointer.trim_end_matches("/params").to_owned() };
            let kind = index.ok_or_else(missing).and_then(|i| event_cases::event_stream_case(c, i, case, &case_at));
            found.push(Case { id: case_id(case), kind_name: EVENT_STREAM, operation: index.unwrap_or(0), kind });
        }
    }

    /// The response cases of one error shape, run through an operation that returns it.
    fn error_cases(&self, c: &Crate, error_id: &str, shape: &crate::ast::Shape, protocol: &str, found: &mut Vec<Case>) {
        let generated = c.structures.iter().find(|s| s.shape_id == error_id && matches!(s.kind, StructKind::Error(_)));
        let index = generated.and_then(|s| c.operations.iter().position(|op| op.errors.iter().any(|e| e.path == s.path)));
        for (case, at) in cases(shape, RESPONSE_TESTS, protocol) {
            let kind = match (generated, index) {
                (Some(s), Some(_)) => struct_param(c, &s.path, params(case), &at).map(|error| {
                    let vendor = |key: &str| case.pointer(&format!("/vendorParams/{key}")).and_then(Value::as_str).map(str::to_owned);
                    ProtocolTestKind::ErrorResponse {
                        variant: s.path.name.clone(),
                        code: vendor("code").unwrap_or_else(|| self.error_code(error_id, shape)),
                        error_type: vendor("type"),
                        error: expected(error),
                        request_id: request_id(case),
                        http: http_message(case),
                    }
                }),
                _ => Err(format!("no operation of the generated client returns the error `{error_id}`")),
            };
            found.push(Case { id: case_id(case), kind_name: RESPONSE, operation: index.unwrap_or(0), kind });
        }
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

fn expected(value: ParamValue) -> ExpectedValue {
    ExpectedValue { altered: alter::altered(&value), value }
}

/// The request id a response case's client must read: the `x-amzn-requestid` or
/// `x-amz-request-id` header, else the `RequestId` (`requestId`, `RequestID`) element of an XML
/// body (one that starts with `<`; cases do not always name its media type).
fn request_id(case: &Value) -> Option<String> {
    let headers = case.get("headers").and_then(Value::as_object);
    let header = |name: &str| headers?.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).and_then(|(_, v)| v.as_str());
    if let Some(id) = header("x-amzn-requestid").or_else(|| header("x-amz-request-id")) {
        return Some(id.to_owned());
    }
    // An XML body, whether or not the case names its media type.
    let body = case.get("body").and_then(Value::as_str).filter(|b| b.trim_start().starts_with('<'))?;
    ["RequestId", "requestId", "RequestID"].into_iter().find_map(|tag| {
        let start = body.find(&format!("<{tag}>"))? + tag.len() + 2;
        let end = body[start..].find('<')? + start;
        Some(body[start..end].trim().to_owned())
    })
}

/// Test names: the case id in snake case, suffixed with its kind when cases of several kinds
/// share the id, and with a number when two cases would still share a name; sorted by name.
fn named(found: Vec<Case>) -> Vec<(String, Case)> {
    let mut kinds: BTreeMap<String, BTreeSet<&'static str>> = BTreeMap::new();
    for case in &found {
        kinds.entry(case.id.clone()).or_default().insert(case.kind_name);
    }
    let mut taken = BTreeSet::new();
    let mut out: Vec<(String, Case)> = found
        .into_iter()
        .map(|case| {
            let shared = kinds.get(&case.id).is_some_and(|k| k.len() > 1);
            let base = if shared { format!("{}_{}", case.id, case.kind_name) } else { case.id.clone() };
            let base = crate::naming::to_snake_case(&base);
            let name = (1..).map(|n| if n == 1 { base.clone() } else { format!("{base}_{n}") }).find(|n| !taken.contains(n)).unwrap_or(base);
            taken.insert(name.clone());
            (name, case)
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

fn http_message(case: &Value) -> HttpMessage {
    let text = |k: &str| case.get(k).and_then(Value::as_str).map(str::to_owned);
    let list = |k: &str| -> Vec<String> {
        case.get(k).and_then(Value::as_array).map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()).unwrap_or_default()
    };
    let mut headers: Vec<(String, String)> = case
        .get("headers")
        .and_then(Value::as_object)
        .map(|h| h.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned()))).collect())
        .unwrap_or_default();
    headers.sort();
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

