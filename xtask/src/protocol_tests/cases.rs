//! The client cases a suite holds, found here from the model's JSON, independently of the
//! generator: which test each case must become, and which fields it states (so which negative
//! controls apply to it).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// The protocol traits a service can carry (`aws.protocols#awsQueryCompatible` is not one).
pub const PROTOCOLS: &[&str] = &[
    "aws.protocols#awsJson1_0",
    "aws.protocols#awsJson1_1",
    "aws.protocols#restJson1",
    "aws.protocols#restXml",
    "aws.protocols#awsQuery",
    "aws.protocols#ec2Query",
    "smithy.protocols#rpcv2Cbor",
    "smithy.protocols#rpcv2Json",
];

/// The kinds of client case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// `smithy.test#httpRequestTests`
    Request,
    /// `smithy.test#httpResponseTests` on an operation.
    Response,
    /// `smithy.test#httpResponseTests` on an error shape.
    ErrorResponse,
    /// `smithy.test#eventStreamTests`
    EventStream,
}

impl Kind {
    /// The suffix that tells apart cases of several kinds sharing an id (responses on
    /// operations and on errors are both `response`).
    fn suffix(self) -> &'static str {
        match self {
            Kind::Request => "request",
            Kind::Response | Kind::ErrorResponse => "response",
            Kind::EventStream => "event_stream",
        }
    }
}

/// One client case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The case id.
    pub id: String,
    /// The shape whose trait holds it.
    pub shape: String,
    /// Its kind.
    pub kind: Kind,
    /// The name its test must have.
    pub test_name: String,
    /// The fields it states, by the runtime's names (`path`, `json-body`, `error-code`, ...).
    pub fields: BTreeSet<&'static str>,
}

/// The client cases of one service.
#[derive(Debug, Default)]
pub struct ServiceCases {
    /// The cases, by test name.
    pub cases: Vec<Case>,
    /// Ids that appear twice for one kind, or that map to one test name.
    pub collisions: Vec<String>,
}

impl ServiceCases {
    /// How many cases of a kind.
    pub fn count(&self, kind: Kind) -> usize {
        self.cases.iter().filter(|c| c.kind == kind).count()
    }
}

/// Every service with a protocol trait, and its client cases of that protocol: request,
/// response and event-stream cases on the operations bound to it (through resources too), and
/// response cases on the errors those operations and the service declare.
pub fn discover(model: &Value) -> BTreeMap<String, ServiceCases> {
    let empty = serde_json::Map::new();
    let shapes = model.get("shapes").and_then(Value::as_object).unwrap_or(&empty);
    let mut out = BTreeMap::new();
    for (id, shape) in shapes {
        if shape.get("type").and_then(Value::as_str) != Some("service") {
            continue;
        }
        let traits = shape.get("traits").and_then(Value::as_object);
        let protocols: Vec<&str> = PROTOCOLS.iter().copied().filter(|p| traits.is_some_and(|t| t.contains_key(*p))).collect();
        if protocols.is_empty() {
            continue;
        }
        let (operations, errors) = bound_operations(shapes, id);
        let mut found = Vec::new();
        for op in &operations {
            found.extend(cases_of(shapes, op, "smithy.test#httpRequestTests", Kind::Request, &protocols));
            found.extend(cases_of(shapes, op, "smithy.test#httpResponseTests", Kind::Response, &protocols));
            found.extend(cases_of(shapes, op, "smithy.test#eventStreamTests", Kind::EventStream, &protocols));
        }
        for error in &errors {
            found.extend(cases_of(shapes, error, "smithy.test#httpResponseTests", Kind::ErrorResponse, &protocols));
        }
        out.insert(id.clone(), name_tests(found));
    }
    out
}

fn cases_of(shapes: &serde_json::Map<String, Value>, shape_id: &str, key: &str, kind: Kind, protocols: &[&str]) -> Vec<Case> {
    let cases = shapes.get(shape_id).and_then(|s| s.get("traits")).and_then(|t| t.get(key)).and_then(Value::as_array);
    cases
        .into_iter()
        .flatten()
        .filter(|c| c.get("protocol").and_then(Value::as_str).is_some_and(|p| protocols.contains(&p)))
        .filter(|c| c.get("appliesTo").and_then(Value::as_str) != Some("server"))
        .map(|c| Case {
            id: c.get("id").and_then(Value::as_str).unwrap_or("unnamed").to_owned(),
            shape: shape_id.to_owned(),
            kind,
            test_name: String::new(),
            fields: stated_fields(c, kind),
        })
        .collect()
}

/// Test names, as the generator must give them: the id in snake case, with the kind's suffix
/// when cases of several kinds share the id. Two cases of one kind with one id, or two ids
/// with one name, are collisions.
fn name_tests(mut cases: Vec<Case>) -> ServiceCases {
    let mut suffixes: BTreeMap<String, BTreeSet<&'static str>> = BTreeMap::new();
    for case in &cases {
        suffixes.entry(case.id.clone()).or_default().insert(case.kind.suffix());
    }
    let mut collisions = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for case in &mut cases {
        let shared = suffixes.get(&case.id).is_some_and(|s| s.len() > 1);
        let base = if shared { format!("{}_{}", case.id, case.kind.suffix()) } else { case.id.clone() };
        case.test_name = smithy_codegen::naming::to_snake_case(&base);
        if let Some(other) = seen.insert(case.test_name.clone(), case.id.clone()) {
            collisions.push(format!("cases `{other}` and `{}` both become the test `{}`", case.id, case.test_name));
        }
    }
    cases.sort_by(|a, b| a.test_name.cmp(&b.test_name));
    ServiceCases { cases, collisions }
}

/// The fields a case states, named as the runtime's comparisons name them.
pub fn stated_fields(case: &Value, kind: Kind) -> BTreeSet<&'static str> {
    let mut fields = BTreeSet::new();
    let listed = |key: &str| case.get(key).and_then(Value::as_array).is_some_and(|a| !a.is_empty());
    match kind {
        Kind::Request => {
            fields.extend(["method", "path"]);
            let optional = [
                ("queryParams", "query"),
                ("forbidQueryParams", "forbidden-query"),
                ("requireQueryParams", "required-query"),
                ("forbidHeaders", "forbidden-header"),
                ("requireHeaders", "required-header"),
            ];
            fields.extend(optional.iter().filter(|(key, _)| listed(key)).map(|(_, field)| *field));
            if case.get("headers").and_then(Value::as_object).is_some_and(|h| !h.is_empty()) {
                fields.insert("header");
            }
            if case.get("resolvedHost").is_some_and(Value::is_string) {
                fields.insert("host");
            }
            if let Some(body) = case.get("body").and_then(Value::as_str) {
                fields.insert(body_field(body, case.get("bodyMediaType").and_then(Value::as_str)));
            }
        }
        Kind::Response | Kind::ErrorResponse => {
            let states_value = case.get("params").and_then(Value::as_object).is_some_and(|p| p.values().any(|v| !v.is_null()));
            if states_value {
                fields.insert("output");
            }
            if kind == Kind::ErrorResponse {
                fields.extend(["error-variant", "error-code"]);
                if case.pointer("/vendorParams/type").is_some_and(Value::is_string) {
                    fields.insert("error-type");
                }
            }
            if carries_request_id(case) {
                fields.insert("request-id");
            }
        }
        Kind::EventStream => {}
    }
    fields
}

/// The comparison a stated body gets: JSON, XML, CBOR and form bodies by their media type;
/// other media types and every empty body byte for byte.
pub fn body_field(body: &str, media_type: Option<&str>) -> &'static str {
    let media = media_type.unwrap_or_default();
    match () {
        _ if body.is_empty() || media.is_empty() => "raw-body",
        _ if media.contains("json") => "json-body",
        _ if media.contains("xml") => "xml-body",
        _ if media.contains("cbor") => "cbor-body",
        _ if media.contains("x-www-form-urlencoded") => "form-body",
        _ => "raw-body",
    }
}

/// Whether a response case carries a request id: an `x-amzn-requestid` or `x-amz-request-id`
/// header, or a `RequestId` element in an XML body (cases do not always name its media type).
fn carries_request_id(case: &Value) -> bool {
    let headers = case.get("headers").and_then(Value::as_object);
    let header = headers.is_some_and(|h| h.keys().any(|k| k.eq_ignore_ascii_case("x-amzn-requestid") || k.eq_ignore_ascii_case("x-amz-request-id")));
    let body = case.get("body").and_then(Value::as_str).unwrap_or_default();
    let xml = body.trim_start().starts_with('<');
    header || (xml && ["<RequestId>", "<requestId>", "<RequestID>"].iter().any(|t| body.contains(t)))
}

fn targets<'v>(shape: &'v Value, key: &str) -> impl Iterator<Item = &'v str> {
    let list = shape.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let single = shape.get(key).and_then(|v| v.get("target")).and_then(Value::as_str);
    list.iter().filter_map(|r| r.get("target").and_then(Value::as_str)).chain(single)
}

/// The operations bound to a service (directly or through resources) and the errors they and
/// the service declare.
pub fn bound_operations(shapes: &serde_json::Map<String, Value>, service: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut operations = BTreeSet::new();
    let mut errors = BTreeSet::new();
    let mut containers = vec![service.to_owned()];
    let mut seen = BTreeSet::new();
    while let Some(id) = containers.pop() {
        let Some(shape) = shapes.get(&id).filter(|_| seen.insert(id.clone())) else { continue };
        errors.extend(targets(shape, "errors").map(str::to_owned));
        for key in ["operations", "collectionOperations", "create", "put", "read", "update", "delete", "list"] {
            operations.extend(targets(shape, key).map(str::to_owned));
        }
        containers.extend(targets(shape, "resources").map(str::to_owned));
    }
    for op in &operations {
        if let Some(shape) = shapes.get(op) {
            errors.extend(targets(shape, "errors").map(str::to_owned));
        }
    }
    (operations, errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn model() -> Value {
        json!({"shapes": {
            "ns#S": {"type": "service", "traits": {"aws.protocols#restJson1": {}}, "operations": [{"target": "ns#Op"}],
                     "resources": [{"target": "ns#R"}], "errors": [{"target": "ns#E"}]},
            "ns#Other": {"type": "service", "operations": [{"target": "ns#Op"}]},
            "ns#R": {"type": "resource", "read": {"target": "ns#Get"}},
            "ns#Op": {"type": "operation", "traits": {
                "smithy.test#httpRequestTests": [
                    {"id": "Shared", "protocol": "aws.protocols#restJson1", "method": "POST", "uri": "/",
                     "queryParams": ["a=1"], "headers": {"X": "1"}, "body": "{}", "bodyMediaType": "application/json"},
                    {"id": "ServerOnly", "protocol": "aws.protocols#restJson1", "appliesTo": "server"},
                    {"id": "OtherProtocol", "protocol": "aws.protocols#restXml"}],
                "smithy.test#httpResponseTests": [
                    {"id": "Shared", "protocol": "aws.protocols#restJson1", "params": {"a": null}, "headers": {"X-Amzn-RequestId": "r"}}]}},
            "ns#Get": {"type": "operation", "traits": {"smithy.test#eventStreamTests": [{"id": "Stream", "protocol": "aws.protocols#restJson1"}]}},
            "ns#E": {"type": "structure", "traits": {"smithy.test#httpResponseTests": [
                {"id": "Err", "protocol": "aws.protocols#restJson1", "params": {"m": "x"}, "vendorParams": {"code": "C", "type": "Sender"}}]}}
        }})
    }

    #[test]
    fn every_client_case_of_the_services_protocol_is_found_and_named() {
        let found = discover(&model());
        assert_eq!(found.keys().collect::<Vec<_>>(), ["ns#S"], "a service without a protocol has no cases");
        let s = &found["ns#S"];
        let names: Vec<&str> = s.cases.iter().map(|c| c.test_name.as_str()).collect();
        assert_eq!(names, ["err", "shared_request", "shared_response", "stream"]);
        assert_eq!((s.count(Kind::Request), s.count(Kind::Response), s.count(Kind::ErrorResponse), s.count(Kind::EventStream)), (1, 1, 1, 1));
        assert!(s.collisions.is_empty());
    }

    #[test]
    fn stated_fields_decide_which_controls_apply() {
        let s = &discover(&model())["ns#S"];
        let fields = |name: &str| s.cases.iter().find(|c| c.test_name == name).map(|c| c.fields.iter().copied().collect::<Vec<_>>()).unwrap_or_default();
        assert_eq!(fields("shared_request"), ["header", "json-body", "method", "path", "query"]);
        assert_eq!(fields("shared_response"), ["request-id"], "a null param states nothing");
        assert_eq!(fields("err"), ["error-code", "error-type", "error-variant", "output"]);
        assert!(fields("stream").is_empty());
    }

    #[test]
    fn colliding_ids_are_reported() {
        let cases = ["A", "A", "a"].iter().map(|id| Case { id: id.to_string(), shape: "s".into(), kind: Kind::Request, test_name: String::new(), fields: BTreeSet::new() });
        let named = name_tests(cases.collect());
        assert_eq!(named.collisions.len(), 2, "{:?}", named.collisions);
    }

    #[test]
    fn bodies_get_the_comparison_of_their_media_type() {
        assert_eq!(body_field("{}", Some("application/x-amz-json-1.0")), "json-body");
        assert_eq!(body_field("", Some("application/json")), "raw-body");
        assert_eq!(body_field("x", None), "raw-body");
        assert_eq!(body_field("<a/>", Some("text/xml")), "xml-body");
        assert_eq!(body_field("oA==", Some("application/cbor")), "cbor-body");
        assert_eq!(body_field("a=b", Some("application/x-www-form-urlencoded")), "form-body");
        assert_eq!(body_field("x", Some("application/octet-stream")), "raw-body");
    }
}
