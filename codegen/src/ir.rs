//! The intermediate representation: every decision about the generated crate (names, modules,
//! optionality, boxing, redaction, docs, ordering) is made once while lowering and recorded here.
//! Emitters read only this; they never look at the Smithy model.

/// The whole generated crate.
#[derive(Debug, Clone, PartialEq)]
pub struct Crate {
    /// Cargo package name.
    pub package_name: String,
    /// Rust library name (the package name with `-` replaced by `_`).
    pub lib_name: String,
    /// The service the crate is a client for.
    pub service: ServiceInfo,
    /// Operations, sorted by module name.
    pub operations: Vec<Operation>,
    /// Every generated structure: data shapes, errors, synthetic inputs and outputs, sorted by path.
    pub structures: Vec<Structure>,
    /// Every generated string enum, sorted by name.
    pub enums: Vec<Enum>,
    /// Every generated union, sorted by name.
    pub unions: Vec<Union>,
    /// The variants of `crate::Error`, in ASCII order of the raw shape name.
    pub errors: Vec<ErrorVariant>,
    /// Things the generator left out or simplified, one sentence each (also put in the crate docs).
    pub warnings: Vec<String>,
    /// `smithy.test` protocol compliance cases for the client (emitted when settings ask for them).
    pub protocol_tests: Vec<ProtocolTest>,
    /// `smithy.rules#endpointTests` cases (emitted when settings ask for them).
    pub endpoint_tests: Vec<EndpointTest>,
    /// How the code names `Option`, `String`, `Vec`, `Box` and `Into`.
    pub std: StdNames,
}

/// Whether the generated code may name the std prelude types by their short names (`Option`,
/// `String`, `Vec`, `Box`, `Into`): true unless the crate defines a type of the same name, which
/// would shadow the prelude in its module. Short names keep signatures on one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StdNames {
    pub prelude: bool,
}

impl StdNames {
    /// Full `::std::...` paths, valid in any crate (for code that does not know the crate's choice).
    pub const FULL_PATHS: StdNames = StdNames { prelude: false };
}

/// One client protocol compliance case (`smithy.test#httpRequestTests`, `httpResponseTests` or
/// `eventStreamTests`).
#[derive(Debug, Clone, PartialEq)]
pub struct ProtocolTest {
    /// The case id, as the model gives it.
    pub id: String,
    /// The test function's name: the id in snake case, suffixed `_request` / `_response` /
    /// `_event_stream` when cases of several kinds share the id, and made unique.
    pub test_name: String,
    /// Index into `Crate::operations` of the operation the case runs (unused when unsupported).
    pub operation: usize,
    /// What is checked.
    pub kind: ProtocolTestKind,
    /// Why the case is skipped, when the skip list names it.
    pub skip: Option<String>,
}

/// The HTTP side of a protocol test.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HttpMessage {
    /// Request method (requests only).
    pub method: String,
    /// Request path (requests only).
    pub uri: String,
    /// Host the request goes to (requests only).
    pub host: Option<String>,
    /// Host the request must be sent to after endpoint resolution (requests only).
    pub resolved_host: Option<String>,
    /// Query pieces (`k=v` or `k`) that must be present (requests only).
    pub query_params: Vec<String>,
    /// Query keys that must be absent (requests only).
    pub forbid_query_params: Vec<String>,
    /// Query keys that must be present (requests only).
    pub require_query_params: Vec<String>,
    /// Response status code (responses only).
    pub code: u16,
    /// Headers that must be present with these values.
    pub headers: Vec<(String, String)>,
    /// Headers that must be absent.
    pub forbid_headers: Vec<String>,
    /// Headers that must be present.
    pub require_headers: Vec<String>,
    /// The body, when the case gives one.
    pub body: Option<String>,
    /// The body's media type.
    pub body_media_type: Option<String>,
    /// The client's region, from the case's `vendorParams` (AWS config).
    pub region: Option<String>,
    /// The client's S3 settings from `vendorParams.scopedConfig` (the operation's over the
    /// client's), when the case gives a scoped config: its endpoint is then resolved from the
    /// region by the rules, not set to the case's host.
    pub scoped: Option<ScopedS3Config>,
}

/// S3 settings of a protocol test's scoped client config.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScopedS3Config {
    /// `addressing_style`: `path` forces path-style (`virtual` and `auto` do not).
    pub force_path_style: bool,
    /// `use_dualstack_endpoint`.
    pub dual_stack: bool,
    /// `use_accelerate_endpoint`.
    pub accelerate: bool,
}

/// What a protocol test checks.
#[derive(Debug, Clone, PartialEq)]
pub enum ProtocolTestKind {
    /// The input, serialised, gives this request. `xml_unordered` lists the XML element paths
    /// (`Root/member/entry`) whose repeated occurrences may come in any order: map entries.
    Request { input: ParamValue, http: HttpMessage, xml_unordered: Vec<String> },
    /// This response parses to this output, with this request id.
    Response { output: ExpectedValue, request_id: Option<String>, http: HttpMessage },
    /// This response parses to this modelled error (variant name of `<Op>Error`), whose error
    /// code is `code` and, where the case states one, whose awsQuery error type is `error_type`.
    ErrorResponse {
        variant: String,
        code: String,
        error_type: Option<String>,
        error: ExpectedValue,
        request_id: Option<String>,
        http: HttpMessage,
    },
    /// An event stream exchange: the initial request and the events the input sends, the
    /// initial response and the events the output receives, and how it ends.
    EventStream(Box<EventStreamCase>),
    /// The case cannot be run against the generated client; the test fails with this reason.
    Unsupported { why: String },
}

/// One `smithy.test#eventStreamTests` client case.
#[derive(Debug, Clone, PartialEq)]
pub struct EventStreamCase {
    /// The input, from `initialRequestParams` (its event stream member is set from `sent`).
    pub input: ParamValue,
    /// The input's event stream member (setter suffix), when the input sends one.
    pub input_stream: Option<String>,
    /// The events the input sends, in order.
    pub sent: Vec<SentEvent>,
    /// What the initial request must be (method, URI, headers), when the case says.
    pub request: Option<HttpMessage>,
    /// The initial response the stub answers with (200 and no headers unless the case says).
    pub response: HttpMessage,
    /// The response's events: each message's bytes (base64) and the event it must read as
    /// (`None` for a message that is not a modelled event).
    pub received: Vec<(String, Option<ParamValue>)>,
    /// The output's event stream field, when the output receives one.
    pub output_stream: Option<String>,
    /// The output the initial response must read as, from `initialResponseParams`.
    pub output: Option<ParamValue>,
    /// How the exchange must fail; `None` when it succeeds.
    pub failure: Option<ExpectedFailure>,
}

/// An event the input sends, and what its message must hold.
#[derive(Debug, Clone, PartialEq)]
pub struct SentEvent {
    /// The event, or a modelled error of the stream.
    pub value: SentItem,
    /// Headers that must be present: name, type (`boolean`, `byte`, ..., `timestamp`) and the
    /// value as text.
    pub headers: Vec<(String, String, String)>,
    /// Headers that must be absent.
    pub forbid_headers: Vec<String>,
    /// Headers that must be present.
    pub require_headers: Vec<String>,
    /// The payload, when the case states it.
    pub body: Option<String>,
    /// The payload's media type.
    pub body_media_type: Option<String>,
}

/// How an event stream case fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExpectedFailure {
    /// Any error, from the call or from the stream.
    Any,
    /// The call fails with this variant of the operation's error.
    Operation(String),
    /// The stream yields this variant of its error enum.
    Stream {
        /// The stream's error enum.
        error: TypePath,
        /// The variant.
        variant: String,
    },
}

/// A value a response case expects, and the same value with one of its stated values changed:
/// what the `output` comparison must reject (the harness's negative control); `None` when the
/// case states no value.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpectedValue {
    /// The value the case states.
    pub value: ParamValue,
    /// The value with one stated value changed.
    pub altered: Option<ParamValue>,
}

/// A typed value from a protocol test's `params`.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    /// `null`: not set.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer of the given Rust type.
    Int(i64, RustType),
    /// A float (`NaN`, `Infinity` included) of the given Rust type.
    Float(f64, RustType),
    /// A string.
    String(String),
    /// A blob, given as its text.
    Blob(String),
    /// A streamed blob, given as its text.
    Stream(String),
    /// A timestamp: epoch seconds and nanoseconds, exact.
    Timestamp(i64, u32),
    /// A bigInteger or bigDecimal, as text.
    BigNumber(String, RustType),
    /// A document.
    Document(serde_json::Value),
    /// An enum value.
    Enum(TypePath, String),
    /// A structure, built through its builder: (setter suffix, boxed, value) per set member.
    Struct { path: TypePath, fallible: bool, fields: Vec<(String, bool, ParamValue)> },
    /// A union variant (`None` for a unit member).
    Union { path: TypePath, variant: String, boxed: bool, value: Option<Box<ParamValue>> },
    /// A list (elements are `Option` when sparse).
    List { items: Vec<ParamValue>, sparse: bool },
    /// A map (values are `Option` when sparse).
    Map { entries: Vec<(ParamValue, ParamValue)>, sparse: bool },
    /// An input's event stream sending these items.
    Events(Vec<SentItem>),
}

/// One item an input's event stream sends in a protocol case.
#[derive(Debug, Clone, PartialEq)]
pub enum SentItem {
    /// An event: a union value.
    Event(ParamValue),
    /// One of the stream's modelled errors (a variant of its error enum), sent as an exception.
    Error(ParamValue),
}

/// Facts about the service shape.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceInfo {
    /// Absolute shape id of the service.
    pub shape_id: String,
    /// Human-facing name: `aws.api#service` sdkId, the `@title`, or the shape name.
    pub display_name: String,
    /// The service version string.
    pub version: String,
    /// Crate-level docs, already converted to Markdown lines.
    pub docs: Vec<String>,
    /// The wire protocol named by the service's protocol trait, if any.
    pub protocol: Option<String>,
    /// First label of the default endpoint host: `aws.api#service` endpointPrefix, else the
    /// service shape's name in lowercase.
    pub endpoint_prefix: String,
    /// SigV4 signing name: `aws.auth#sigv4` name, else the endpoint prefix.
    pub signing_name: String,
    /// The service shape's name: the `X-Amz-Target` prefix of awsJson.
    pub target_prefix: String,
    /// The protocol the generated client speaks; `None` when the model's protocol is not
    /// supported yet (types, builders and errors are still generated, `send()` is not).
    pub client_protocol: Option<ClientProtocol>,
    /// `aws.protocols#awsQueryCompatible`.
    pub query_compatible: bool,
    /// The per-service rules the runtime applies, in the order the service's rules list them.
    pub runtime_rules: Vec<RuntimeRule>,
    /// Outputs and errors carry S3's extended request id (`x-amz-id-2`).
    pub extended_request_id: bool,
    /// `@xmlNamespace` of the service, declared on request document roots.
    pub xml_namespace: Option<XmlNamespace>,
    /// `smithy.rules#clientContextParams`: settings of the config builder, sorted by name.
    pub context_params: Vec<ContextParam>,
    /// An AWS service (`aws.api#service` or `aws.auth#sigv4`): region, AWS credentials, the
    /// AWS environment and `SdkConfig` apply.
    pub aws: bool,
    /// The identity settings some operation's auth schemes need.
    pub identities: Identities,
    /// `smithy.rules#endpointBdd` or `smithy.rules#endpointRuleSet`, when the model has one.
    pub endpoint_rules: Option<EndpointRules>,
    /// Endpoint discovery, when the service's rules offer it: the client gets
    /// `with_endpoint_discovery_enabled()`.
    pub endpoint_discovery: Option<EndpointDiscovery>,
    /// The database auth token generator the crate offers at `crate::auth_token`.
    pub auth_token: Option<AuthTokenKind>,
    /// The service part of the bearer token variable the configuration reads from the
    /// environment (`bedrock`: `AWS_BEARER_TOKEN_BEDROCK`).
    pub bearer_token_env: Option<String>,
}

/// Which database's auth tokens a crate generates (the runtime's `auth_token` modules).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthTokenKind {
    /// Amazon RDS and Aurora IAM database authentication.
    Rds,
    /// Amazon Aurora DSQL.
    Dsql,
}

/// How a client discovers its endpoint (`aws.api#clientEndpointDiscovery`): the discovery
/// operation, and the fields of its output that name the endpoints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointDiscovery {
    /// The discovery operation's module (and fluent method) name (`describe_endpoints`).
    pub operation: String,
    /// The output's list of endpoints: field name, and whether it is an `Option`.
    pub endpoints: (String, bool),
    /// An endpoint's address field.
    pub address: (String, bool),
    /// An endpoint's validity, in minutes.
    pub cache_minutes: (String, bool),
}

/// A model's endpoint rule set, as the generated crate embeds it.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointRules {
    /// The decision diagram or rule set as compact JSON text (keys sorted), read by the
    /// runtime's rules engine.
    pub json: String,
    /// The declared parameters, sorted by name (the runtime's order).
    pub params: Vec<EndpointParam>,
}

/// One parameter of a rule set: a field of `config::endpoint::Params`.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointParam {
    /// The name in the rule set (`UseFIPS`).
    pub name: String,
    /// Field, getter and setter name (`use_fips`).
    pub field: String,
    /// The part after `set_` (never escaped).
    pub accessor: String,
    /// Its type.
    pub kind: EndpointParamKind,
    /// The SDK built-in it is bound to (`AWS::UseFIPS`).
    pub built_in: Option<String>,
    /// Resolution needs a value.
    pub required: bool,
    /// The value used when none is set.
    pub default: Option<EndpointLiteral>,
    /// Doc lines.
    pub docs: Vec<String>,
}

/// The type of an endpoint parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndpointParamKind {
    /// `string`
    String,
    /// `boolean`
    Bool,
    /// `stringArray`
    StringArray,
}

/// A fixed parameter value (a default, a static context parameter, a test's value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndpointLiteral {
    /// A string.
    String(String),
    /// A boolean.
    Bool(bool),
    /// A list of strings.
    StringArray(Vec<String>),
}

impl EndpointLiteral {
    /// The parameter type this value has.
    pub fn kind(&self) -> EndpointParamKind {
        match self {
            EndpointLiteral::String(_) => EndpointParamKind::String,
            EndpointLiteral::Bool(_) => EndpointParamKind::Bool,
            EndpointLiteral::StringArray(_) => EndpointParamKind::StringArray,
        }
    }
}

/// An endpoint parameter an operation input supplies: a `@contextParam` member or an
/// `operationContextParams` path, walked from the input.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointBinding {
    /// The parameter name.
    pub param: String,
    /// The parameter type.
    pub kind: EndpointParamKind,
    /// The steps from the input to the values.
    pub path: Vec<EndpointStep>,
    /// What the path ends on.
    pub leaf: PathLeaf,
}

/// One step of an endpoint binding's path, over references to values.
#[derive(Debug, Clone, PartialEq)]
pub enum EndpointStep {
    /// A structure member.
    Field {
        /// The field name.
        field: String,
        /// The field is an `Option`.
        optional: bool,
        /// The value is boxed.
        boxed: bool,
    },
    /// The keys of a map (`keys(M)`).
    Keys,
    /// Every element of a list (`L[*]`); elements are `Option`s when sparse.
    Each {
        /// The list is sparse.
        sparse: bool,
    },
    /// A multi-select list, flattened (`[a.b, c.d][]`): the values of every branch.
    Select(Vec<Vec<EndpointStep>>),
}

/// The type a binding's path ends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathLeaf {
    /// `String`.
    String,
    /// A generated string enum (its `as_str()`).
    Enum,
    /// `bool`.
    Bool,
}

/// One client context parameter: a config builder setting kept for endpoint resolution.
#[derive(Debug, Clone, PartialEq)]
pub struct ContextParam {
    /// The parameter name in the model (`ForcePathStyle`).
    pub name: String,
    /// The setter name (`force_path_style`; `set_` is prefixed for the `Option` setter).
    pub setter: String,
    /// Whether it is a boolean (else a string).
    pub boolean: bool,
    /// Doc lines.
    pub docs: Vec<String>,
}

/// Protocols the generated client can speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientProtocol {
    /// `aws.protocols#awsJson1_0`
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1`
    AwsJson1_1,
    /// `aws.protocols#restJson1`
    RestJson1,
    /// `aws.protocols#restXml`
    RestXml,
    /// `aws.protocols#awsQuery`
    AwsQuery,
    /// `aws.protocols#ec2Query`
    Ec2Query,
    /// `smithy.protocols#rpcv2Cbor`
    RpcV2Cbor,
    /// `smithy.protocols#rpcv2Json`
    RpcV2Json,
}

impl ClientProtocol {
    /// Bodies are JSON documents.
    pub fn is_json(self) -> bool {
        matches!(self, Self::AwsJson1_0 | Self::AwsJson1_1 | Self::RestJson1 | Self::RpcV2Json)
    }

    /// Response bodies are XML documents.
    pub fn is_xml(self) -> bool {
        matches!(self, Self::RestXml | Self::AwsQuery | Self::Ec2Query)
    }

    /// Request bodies are form-encoded (awsQuery, ec2Query).
    pub fn is_query(self) -> bool {
        matches!(self, Self::AwsQuery | Self::Ec2Query)
    }

    /// Bodies are CBOR.
    pub fn is_cbor(self) -> bool {
        matches!(self, Self::RpcV2Cbor)
    }

    /// RPC v2: a Unit input sends no body at all.
    pub fn is_rpc_v2(self) -> bool {
        matches!(self, Self::RpcV2Cbor | Self::RpcV2Json)
    }

    /// Members are bound to HTTP parts by `@http*` traits.
    pub fn has_http_bindings(self) -> bool {
        matches!(self, Self::RestJson1 | Self::RestXml)
    }

    /// The runtime cargo feature that holds this protocol's codec.
    pub fn runtime_feature(self) -> &'static str {
        match self {
            _ if self.is_query() => "query",
            _ if self.is_cbor() => "cbor",
            _ if self.is_xml() => "xml",
            _ => "json",
        }
    }
}

/// An `@xmlNamespace` declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlNamespace {
    /// The namespace URI.
    pub uri: String,
    /// The prefix; `None` declares the default namespace.
    pub prefix: Option<String>,
}

/// How a value appears in XML: element (or attribute) name, namespace, flattening, and what the
/// element holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlMember {
    /// Element or attribute name (`@xmlName`, else the member name).
    pub name: String,
    /// `@xmlNamespace` on the member.
    pub namespace: Option<XmlNamespace>,
    /// `@xmlFlattened`.
    pub flattened: bool,
    /// `@xmlAttribute`.
    pub attribute: bool,
    /// The contents.
    pub inner: XmlInner,
}

/// What an XML element holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XmlInner {
    /// A scalar, structure or union.
    Value,
    /// A timestamp with an explicit `@timestampFormat`.
    Timestamp(TimestampFormat),
    /// A list and how its items appear.
    List(Box<XmlMember>),
    /// A map and how its keys and values appear.
    Map(Box<XmlMember>, Box<XmlMember>),
}

/// How a URI label's value is changed before it is bound (a per-service rule).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabelAdjust {
    /// The first of these prefixes the value starts with is left out.
    TrimPrefixes(Vec<String>),
    /// This value is bound when none, or an empty one, is set.
    DefaultWhenEmpty(String),
}

/// A per-service rule of the AWS SDKs the runtime applies (its `ServiceRule`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeRule {
    /// Amazon S3's SigV4 rules (single URI encoding, `x-amz-content-sha256`).
    S3Signing,
    /// A 2xx response can carry an `<Error>` document.
    ErrorsIn200,
    /// An error response without a body takes its code from its status.
    ErrorCodeFromStatus,
    /// These error codes are retried as transient errors.
    RetryErrorCodes(Vec<String>),
    /// `Accept: application/json` on every request.
    AcceptJson,
    /// Amazon Glacier's version and body-hash headers.
    GlacierHeaders,
    /// Retry defaults: attempts, and the initial backoff of non-throttling failures (ms).
    RetryDefaults { max_attempts: u32, non_throttling_backoff_ms: u64 },
}

/// Where a member of an operation input, output or error goes on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Binding {
    /// In the document body (always, for nested structures and RPC protocols).
    Body,
    /// `@httpLabel`; greedy for a `{Name+}` label; `adjust` is a per-service rule of the AWS
    /// SDKs for the value.
    Label { greedy: bool, adjust: Option<LabelAdjust> },
    /// `@httpQuery(name)`.
    Query(String),
    /// `@httpQueryParams`.
    QueryParams,
    /// `@httpHeader(name)`.
    Header(String),
    /// `@httpPrefixHeaders(prefix)`.
    PrefixHeaders(String),
    /// `@httpPayload`: the whole body.
    Payload,
    /// `@httpResponseCode`.
    ResponseCode,
    /// `@eventHeader(name)`: a header of an event message.
    EventHeader(String),
    /// The operation's event stream: the request or response body, message by message.
    EventStream,
}

/// An operation's `@http` trait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpTrait {
    /// HTTP method.
    pub method: String,
    /// URI pattern.
    pub uri: String,
}

/// The request an operation is presigned as, when it is not the one it is sent as.
#[derive(Debug, Clone, PartialEq)]
pub struct PresignAsGet {
    /// The operation's `@http` with the method `GET`.
    pub http: HttpTrait,
    /// The input's members, each bound to the query string under its member name.
    pub members: Vec<Member>,
}

/// Where a generated item lives.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Module {
    /// `crate::types`
    Types,
    /// `crate::types::error`
    TypesError,
    /// `crate::operation::<module>`
    Operation(String),
}

/// A named type and the module it lives in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypePath {
    /// The module.
    pub module: Module,
    /// The Rust type name.
    pub name: String,
}

/// The Rust type of a value, without the `Option` that nullability may add around it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RustType {
    /// `String`
    String,
    /// `bool`
    Bool,
    /// `i8`
    I8,
    /// `i16`
    I16,
    /// `i32` (also intEnum)
    I32,
    /// `i64`
    I64,
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// `aws_smithy_types::BigInteger`
    BigInteger,
    /// `aws_smithy_types::BigDecimal`
    BigDecimal,
    /// `aws_smithy_types::Blob`
    Blob,
    /// `aws_smithy_types::DateTime`
    DateTime,
    /// `aws_smithy_types::Document`
    Document,
    /// `aws_smithy_types::byte_stream::ByteStream`: a `@streaming` blob payload.
    ByteStream,
    /// `EventReceiver<T, E>`: an output's `@streaming` union, received event by event.
    EventReceiver(EventStreamTypes),
    /// `EventStreamSender<T, E>`: an input's `@streaming` union, sent event by event.
    EventSender(EventStreamTypes),
    /// A generated structure.
    Struct(TypePath),
    /// A generated string enum.
    Enum(TypePath),
    /// A generated union.
    Union(TypePath),
    /// `Vec<T>`; elements are `Option<T>` when sparse.
    List { element: Box<RustType>, sparse: bool, set: bool },
    /// `HashMap<K, V>`; values are `Option<V>` when sparse.
    Map { key: Box<RustType>, value: Box<RustType>, sparse: bool },
}

/// The two types of an event stream: its events (the union) and its errors
/// (`crate::types::error::<Union>Error`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EventStreamTypes {
    /// The union of the events.
    pub event: TypePath,
    /// The enum of the stream's errors.
    pub error: TypePath,
}

/// `@deprecated`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Deprecation {
    /// The message, if any.
    pub message: Option<String>,
    /// The `since` version, if any.
    pub since: Option<String>,
}

/// A default value the builder falls back to.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    /// `false`, `0`, `""`, `[]`, `{}`: `unwrap_or_default()`.
    Zero,
    /// A non-zero bool.
    Bool(bool),
    /// A non-zero integer.
    Int(i64),
    /// A non-zero float.
    Float(f64),
    /// A non-empty string.
    String(String),
    /// An enum variant (Rust name).
    EnumVariant(String),
    /// A timestamp default, in epoch seconds.
    EpochSeconds(f64),
    /// A blob default (the literal bytes).
    Bytes(Vec<u8>),
    /// A document default (the JSON value).
    Document(serde_json::Value),
    /// A bigInteger or bigDecimal default (its decimal text).
    BigNumber(String),
}

/// One field of a structure.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The member name in the model.
    pub name: String,
    /// Field, getter and fluent-setter name (may be `r#type`).
    pub field: String,
    /// The part after `set_`/`get_` (never escaped or renamed).
    pub accessor: String,
    /// The member name this field was renamed from by the collision map, if any.
    pub renamed_from: Option<String>,
    /// The value type.
    pub ty: RustType,
    /// Whether the field is `Option<..>`.
    pub optional: bool,
    /// Whether the value is boxed to break a recursion.
    pub boxed: bool,
    /// Whether the member has `@required`.
    pub required: bool,
    /// The default the builder falls back to, when the field is not optional.
    pub default: Option<DefaultValue>,
    /// Whether `Debug` prints the redaction text instead of the value.
    pub redacted: bool,
    /// Doc lines (HTML normalised); empty when the model has none.
    pub docs: Vec<String>,
    /// One-line doc for client-method documentation.
    pub inline_doc: Option<String>,
    /// `@deprecated` on the member.
    pub deprecated: Option<Deprecation>,
    /// `@timestampFormat` of the member's timestamps (also inside lists and maps), when set; for
    /// members bound to a URI label, query or header, the location's default when not set.
    pub timestamp_format: Option<TimestampFormat>,
    /// The member's name on the wire (`@jsonName` / `@xmlName` when the protocol honours it).
    pub wire_name: String,
    /// Where the member goes in a request or comes from in a response.
    pub binding: Binding,
    /// How the member appears in XML (XML protocols only).
    pub xml: Option<XmlMember>,
    /// How the member appears in a query protocol's form body: its key (`@xmlName`, or
    /// `@ec2QueryName` and EC2's capitalisation), flattening, list member and map entry names.
    pub query: Option<XmlMember>,
    /// `@mediaType` of the target (payload content type; base64 for header strings).
    pub media_type: Option<String>,
    /// `@hostLabel`: part of the `@endpoint` host prefix.
    pub host_label: bool,
    /// `@idempotencyToken`: filled with a fresh token when unset.
    pub idempotency_token: bool,
    /// A header whose value may fail to parse without failing the response (S3's `Expires`).
    pub lenient: bool,
}

/// `@timestampFormat` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    /// `epoch-seconds`
    EpochSeconds,
    /// `date-time` (RFC 3339)
    DateTime,
    /// `http-date` (IMF-fixdate)
    HttpDate,
}

/// Which ways a type crosses the wire: serialised into requests, read from responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Wire {
    /// Written into request bodies.
    pub ser: bool,
    /// Read from response bodies.
    pub de: bool,
    /// Read from response bodies as a member of another type (for an error structure: also
    /// where it is not the error of the response).
    pub de_as_member: bool,
}

/// What a structure is for.
#[derive(Debug, Clone, PartialEq)]
pub enum StructKind {
    /// A shape in `crate::types`.
    Data,
    /// The synthetic input of an operation.
    Input,
    /// The synthetic output of an operation.
    Output,
    /// An error shape.
    Error(ErrorInfo),
}

/// Facts about an error structure.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorInfo {
    /// The shape name as written in the model (printed by Display when it differs from the Rust name).
    pub shape_name: String,
    /// Index of the message member in `members`.
    pub message_member: usize,
    /// `@retryable`: `Some(throttling)`.
    pub retryable: Option<bool>,
    /// `@error("server")`.
    pub server_fault: bool,
    /// The message member was added by the generator (the model has none).
    pub synthetic_message: bool,
}

/// A generated structure.
#[derive(Debug, Clone, PartialEq)]
pub struct Structure {
    /// The shape id it was generated from (synthetic ids for inputs and outputs).
    pub shape_id: String,
    /// Where it lives and its Rust name.
    pub path: TypePath,
    /// Data file stem (`_user_type`).
    pub file_stem: String,
    /// What it is for.
    pub kind: StructKind,
    /// Doc lines (HTML normalised); empty when the model has none.
    pub docs: Vec<String>,
    /// `@deprecated` on the shape.
    pub deprecated: Option<Deprecation>,
    /// Fields in model order.
    pub members: Vec<Member>,
    /// Whether `Debug` is written by hand because something is redacted.
    pub custom_debug: bool,
    /// Whether `build()` returns a `Result`.
    pub fallible_build: bool,
    /// Which (de)serialisers it needs.
    pub wire: Wire,
    /// The root element of an XML document made of this structure (name and namespace).
    pub xml_root: Option<XmlMember>,
    /// `@s3UnwrappedXmlOutput`: the document's root element is the output's only member.
    pub unwrapped_xml: bool,
    /// Operation inputs: the field whose value is the URL the request goes to, instead of the
    /// resolved endpoint (a per-service rule).
    pub endpoint_override: Option<String>,
    /// awsQuery outputs: the members are inside this child of the root (`<{Op}Result>`).
    pub result_element: Option<String>,
    /// The synthetic input or output of an operation whose model says `smithy.api#Unit`.
    pub unit: bool,
    /// A member is a `ByteStream`: the struct and its builder are neither `Clone` nor `PartialEq`.
    pub streaming: bool,
    /// Operation inputs: the endpoint parameters the input supplies.
    pub endpoint_bindings: Vec<EndpointBinding>,
    /// An event of an event stream: written into event messages (`ser`, input streams) or
    /// read from them (`de`, output streams).
    pub event_message: Wire,
}

/// A generated string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// The shape id.
    pub shape_id: String,
    /// Rust name (in `crate::types`).
    pub name: String,
    /// Data file stem.
    pub file_stem: String,
    /// Raw doc lines; empty when the model has none.
    pub docs: Vec<String>,
    /// `@deprecated` on the shape.
    pub deprecated: Option<Deprecation>,
    /// Variants sorted by wire value.
    pub variants: Vec<EnumVariant>,
    /// `@sensitive`: Debug prints only the redaction text.
    pub sensitive: bool,
    /// A legacy `@enum` without names: a newtype over String, with no `Unknown`.
    pub newtype: bool,
    /// Which (de)serialisers it needs.
    pub wire: Wire,
}

/// One enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    /// Rust variant name.
    pub name: String,
    /// The wire value.
    pub value: String,
    /// Raw doc lines.
    pub docs: Vec<String>,
    /// Whether the value is deprecated.
    pub deprecated: bool,
    /// The name this variant was renamed from by the collision map, if any.
    pub renamed_from: Option<String>,
}

/// A generated union.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The shape id.
    pub shape_id: String,
    /// Rust name (in `crate::types`).
    pub name: String,
    /// Data file stem.
    pub file_stem: String,
    /// Doc lines (HTML normalised).
    pub docs: Vec<String>,
    /// `@deprecated` on the shape.
    pub deprecated: Option<Deprecation>,
    /// Variants sorted by Rust name.
    pub variants: Vec<UnionVariant>,
    /// `@sensitive` union: Debug prints only the redaction text.
    pub sensitive: bool,
    /// Whether `Debug` is written by hand.
    pub custom_debug: bool,
    /// Which (de)serialisers it needs.
    pub wire: Wire,
    /// `@streaming`: the union is an event stream; its error members are left out of
    /// `variants` and listed here.
    pub event_stream: Option<EventStreamErrors>,
}

/// The errors of an event stream union: `crate::types::error::<Union>Error`.
#[derive(Debug, Clone, PartialEq)]
pub struct EventStreamErrors {
    /// The error enum's name.
    pub name: String,
    /// Data file stem of the error enum.
    pub file_stem: String,
    /// The variants, in the union's member order: the member's name in the model (its
    /// `:exception-type`), and the error structure as an error variant.
    pub variants: Vec<(String, ErrorVariant)>,
}

/// One union member.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The member name in the model.
    pub member_name: String,
    /// Rust variant name.
    pub name: String,
    /// `as_`/`is_` suffix.
    pub method: String,
    /// The value type; `None` for a unit member.
    pub ty: Option<RustType>,
    /// Boxed to break a recursion.
    pub boxed: bool,
    /// Debug prints the redaction text.
    pub redacted: bool,
    /// Doc lines.
    pub docs: Vec<String>,
    /// `@deprecated` on the member.
    pub deprecated: Option<Deprecation>,
    /// The member name this variant was renamed from by the collision map, if any.
    pub renamed_from: Option<String>,
    /// `@timestampFormat` of the variant's timestamps, when set.
    pub timestamp_format: Option<TimestampFormat>,
    /// The member's name on the wire.
    pub wire_name: String,
    /// How the variant appears in XML (XML protocols only).
    pub xml: Option<XmlMember>,
    /// How the variant appears in a query protocol's form body.
    pub query: Option<XmlMember>,
}

/// A modelled error as a variant of `<Op>Error` or `crate::Error`.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorVariant {
    /// The error shape's id.
    pub shape_id: String,
    /// The error structure's path (`crate::types::error::X`); also the variant name.
    pub path: TypePath,
    /// The shape name in the model (the sort key of `crate::Error`).
    pub shape_name: String,
    /// `is_*` method suffix.
    pub method: String,
    /// Doc lines of the error shape.
    pub docs: Vec<String>,
    /// `@deprecated` on the error shape.
    pub deprecated: Option<Deprecation>,
    /// `@retryable` on the error shape.
    pub retryable: bool,
    /// The error code that identifies it in a response: the shape name, or its
    /// `@awsQueryError` code on the query protocols.
    pub code: String,
}

/// How requests of an operation are authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// Authenticated with one of the operation's schemes.
    Signed,
    /// Authenticated when an identity exists, anonymous otherwise (`@optionalAuth`).
    Optional,
    /// Never authenticated (`@auth([])`, or a service without auth schemes).
    Anonymous,
}

/// Which identity settings the config offers: those of the auth schemes the operations accept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Identities {
    /// `bearer_token` (`@httpBearerAuth`).
    pub bearer: bool,
    /// `api_key` (`@httpApiKeyAuth`).
    pub api_key: bool,
    /// `basic_auth_login` (`@httpBasicAuth`).
    pub basic: bool,
}

/// An auth scheme the client supports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthScheme {
    /// `aws.auth#sigv4`
    SigV4,
    /// `smithy.api#httpBearerAuth`
    Bearer,
    /// `smithy.api#httpApiKeyAuth`
    ApiKey {
        /// The header or query parameter name.
        name: String,
        /// The key goes in the query (else a header).
        in_query: bool,
        /// The scheme written before the key in a header.
        scheme: Option<String>,
    },
    /// `smithy.api#httpBasicAuth`
    Basic,
    /// `smithy.api#noAuth`
    NoAuth,
}

/// `@paginated`, merged with the service defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Paginator {
    /// The paginator's type name (`ListUsersPaginator`); the items paginator adds `Items`.
    pub type_name: String,
    /// Input member holding the token (field name).
    pub input_token: String,
    /// The token's type (a string, or a map).
    pub token_type: RustType,
    /// Output member path holding the next token.
    pub output_token: Vec<PathStep>,
    /// Input member holding the page size, if any (field name and type).
    pub page_size: Option<(String, RustType)>,
    /// Output member path holding the items, if any, and that member's (list or map) type.
    pub items: Option<(Vec<PathStep>, RustType)>,
    /// Output member path of a boolean that says whether more pages follow, when the
    /// service's rules page by one (S3's `ListParts` by `IsTruncated`): a page where it is not
    /// `true` is the last, whatever token it holds.
    pub more_pages: Option<Vec<PathStep>>,
}

/// One member on a path through an output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathStep {
    /// The field name.
    pub field: String,
    /// Whether the field is an `Option`.
    pub optional: bool,
}

/// A client operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The shape id.
    pub shape_id: String,
    /// The operation name in the model (`GetCSVHeader`).
    pub name: String,
    /// Op struct / error / fluent builder base name (`GetCSVHeader`).
    pub type_name: String,
    /// Module and client method name (`get_csv_header`).
    pub module: String,
    /// Index into `Crate::structures` of the synthetic input.
    pub input: usize,
    /// Index into `Crate::structures` of the synthetic output.
    pub output: usize,
    /// `<Op>Error` variants: modelled errors then service errors.
    pub errors: Vec<ErrorVariant>,
    /// Doc lines (HTML normalised).
    pub docs: Vec<String>,
    /// `@deprecated` on the operation.
    pub deprecated: Option<Deprecation>,
    /// Authentication.
    pub auth: Auth,
    /// The schemes it can be authenticated with, in the model's order of preference.
    pub auth_schemes: Vec<AuthScheme>,
    /// Pagination, when the operation gets a paginator.
    pub paginator: Option<Paginator>,
    /// The output reaches redacted data (its raw body is kept out of parse errors).
    pub sensitive_output: bool,
    /// An error of the operation reaches redacted data (the raw body of a service error is not
    /// kept).
    pub sensitive_errors: bool,
    /// Response headers bound to redacted members of the output or the errors (`prefix*` for
    /// prefixed headers), sorted.
    pub sensitive_headers: Vec<String>,
    /// `@http` (HTTP-binding protocols).
    pub http: Option<HttpTrait>,
    /// `@endpoint` host prefix.
    pub host_prefix: Option<String>,
    /// The output's payload is a `ByteStream`.
    pub streaming_output: bool,
    /// The input's payload is a `ByteStream` whose target has `@requiresLength`.
    pub requires_length: bool,
    /// `@httpChecksumRequired`, or `@httpChecksum` with `requestChecksumRequired`.
    pub checksum_required: bool,
    /// `@requestCompression` lists gzip.
    pub request_compression: bool,
    /// The operation has no input (`smithy.api#Unit`): RPC v2 sends no body.
    pub unit_input: bool,
    /// Endpoint parameters the operation fixes (`smithy.rules#staticContextParams`), by name.
    pub static_params: Vec<(String, EndpointLiteral)>,
    /// `smithy.waiters#waitable`: the waiters that poll this operation, sorted by name.
    pub waiters: Vec<Waiter>,
    /// The input sends an event stream.
    pub event_stream_input: bool,
    /// The output receives an event stream.
    pub event_stream_output: bool,
    /// The call runs over HTTP/2: it streams events and the protocol's `eventStreamHttp` lists
    /// `h2`.
    pub http2: bool,
    /// `presigned()` is offered: a SigV4 operation of an HTTP-binding protocol, without event
    /// streams, whose input is all in the URI and headers (or any operation of a service whose
    /// rules presign every operation, S3).
    pub presignable: bool,
    /// Set when `presigned()` signs another request than the one `send()` sends: a GET with
    /// every input member in the query string, each named by its member name (Polly's
    /// `SynthesizeSpeech`, which a browser or player can then fetch).
    pub presign_as_get: Option<PresignAsGet>,
    /// `smithy.api#examples` that can be written as Rust, in model order (the client method's
    /// doc examples).
    pub examples: Vec<Example>,
}

/// One `smithy.api#examples` entry, as a doc example of the client method.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The example's title.
    pub title: String,
    /// Its documentation (HTML normalised), one line per paragraph line.
    pub docs: Vec<String>,
    /// The fluent builder's setter calls that give the example's input, in member order.
    pub input: Vec<ExampleSetter>,
    /// The output the model shows, as JSON lines with keys sorted (a comment after the call).
    pub output: Vec<String>,
    /// The error the model shows: its shape name and content as JSON lines.
    pub error: Option<(String, Vec<String>)>,
}

/// A builder setter called with an example's value.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleSetter {
    /// Field (and setter) name.
    pub field: String,
    /// The part after `set_`.
    pub accessor: String,
    /// How the setter is called.
    pub call: SetterCall,
}

/// How an example sets a member.
#[derive(Debug, Clone, PartialEq)]
pub enum SetterCall {
    /// `.field(value)`.
    One(ExampleValue),
    /// `.field(item)` once per list item (the setter appends).
    Each(Vec<ExampleValue>),
    /// `.field(key, value)` once per map entry (the setter inserts).
    Entries(Vec<(ExampleValue, ExampleValue)>),
    /// `.set_field(Some(value))`: an empty list or map.
    Whole(ExampleValue),
}

/// A value of an example, typed by the member it is for.
#[derive(Debug, Clone, PartialEq)]
pub enum ExampleValue {
    /// A string.
    String(String),
    /// A boolean.
    Bool(bool),
    /// An integer of any width.
    Integer(i64),
    /// A float.
    Float(f64),
    /// A blob given as text.
    Blob(String),
    /// A streamed body given as text.
    ByteStream(String),
    /// A timestamp in epoch seconds.
    EpochSeconds(f64),
    /// A timestamp as text, in this format.
    TimestampText(String, TimestampFormat),
    /// A document.
    Document(serde_json::Value),
    /// A value of a generated enum.
    Enum(TypePath, String),
    /// A structure built with its builder.
    Struct {
        /// The structure.
        path: TypePath,
        /// `build()` returns a `Result`.
        fallible: bool,
        /// Its setters.
        setters: Vec<ExampleSetter>,
    },
    /// A union variant.
    Union {
        /// The union.
        path: TypePath,
        /// The Rust variant name.
        variant: String,
        /// The variant's value is boxed.
        boxed: bool,
        /// Its value.
        value: Box<ExampleValue>,
    },
    /// A list.
    List(Vec<ExampleValue>),
    /// A map.
    Map(Vec<(ExampleValue, ExampleValue)>),
}

/// One waiter of `smithy.waiters#waitable`.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiter {
    /// The waiter's name in the model (`TableExists`).
    pub name: String,
    /// Module of `crate::waiters` and the suffix of `wait_until_` (`table_exists`).
    pub module: String,
    /// Base of its type names (`TableExists`: `TableExistsFluentBuilder`,
    /// `TableExistsFinalPoll`, `WaitUntilTableExistsError`).
    pub type_name: String,
    /// Doc lines (HTML normalised).
    pub docs: Vec<String>,
    /// `deprecated: true` on the waiter.
    pub deprecated: bool,
    /// Shortest wait between calls, in seconds.
    pub min_delay: u64,
    /// Longest wait between calls, in seconds.
    pub max_delay: u64,
    /// The acceptors in the model's order.
    pub acceptors: Vec<Acceptor>,
}

/// A waiter acceptor.
#[derive(Debug, Clone, PartialEq)]
pub struct Acceptor {
    /// `success`, `failure` or `retry`.
    pub state: AcceptorState,
    /// What it matches.
    pub matcher: WaiterMatcher,
}

/// The state an acceptor leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptorState {
    /// The wait succeeded.
    Success,
    /// The wait failed.
    Failure,
    /// Poll again.
    Retry,
}

/// An acceptor's matcher.
#[derive(Debug, Clone, PartialEq)]
pub enum WaiterMatcher {
    /// `success`: the call succeeded (`true`) or failed (`false`).
    Success(bool),
    /// `errorType`: the call failed with this error (shape name or code).
    ErrorType(String),
    /// `output`: a path on the output, compared with the expected value.
    Output(PathMatcher),
    /// `inputOutput`: a path on `{input, output}`.
    InputOutput(PathMatcher),
}

/// A path matcher: a parsed JMESPath expression, a comparator and the expected value.
#[derive(Debug, Clone, PartialEq)]
pub struct PathMatcher {
    /// The expression.
    pub path: JmesPath,
    /// `stringEquals`, `booleanEquals`, `allStringEquals` or `anyStringEquals`.
    pub comparator: String,
    /// The expected value.
    pub expected: String,
    /// The expression typed over the generated structs, which the waiter module compiles to
    /// Rust; set by the acceptor-typing pass (`lower::waiter_code`), which leaves out a waiter
    /// whose expression cannot be typed.
    pub typed: Option<TypedPath>,
}

/// What a typed JMESPath expression gives, as the generated code holds it: every value is an
/// `Option` (`None` is JMESPath's `null`) of the representation named here.
#[derive(Debug, Clone, PartialEq)]
pub enum PathType {
    /// `null` only (the `null` literal): `Option<()>`.
    Null,
    /// `Option<bool>`.
    Bool,
    /// `Option<f64>`: every number type, and timestamps as epoch seconds.
    Number,
    /// `Option<&str>`: strings and enum values.
    String,
    /// `Option<&T>` of a generated structure.
    Struct(TypePath),
    /// `Option<&T>` of a generated union.
    Union(TypePath),
    /// `Option<Vec<R>>`: a list of values of this type, none of them `null`.
    List(Box<PathType>),
    /// `Option<&HashMap<String, V>>`: a map with string keys, whose stored values are of this
    /// type.
    Map(Box<RustType>),
    /// The `{input, output}` an `inputOutput` matcher reads: `Option<(&In, &Out)>`.
    InputOutput(TypePath, TypePath),
}

/// A JMESPath expression with the type of its value.
#[derive(Debug, Clone, PartialEq)]
pub struct TypedPath {
    /// The expression.
    pub node: TypedNode,
    /// Its value's type.
    pub ty: PathType,
}

/// A typed expression; each node is evaluated on a current value (`@`).
#[derive(Debug, Clone, PartialEq)]
pub enum TypedNode {
    /// `@`.
    Current,
    /// A member of the current structure: its field, stored type and `Option`/`Box` wrapping.
    Member {
        /// The field name.
        field: String,
        /// The stored value type.
        stored: RustType,
        /// Whether the field is an `Option`.
        optional: bool,
        /// Whether the value is boxed.
        boxed: bool,
    },
    /// A member of the current union: its variant.
    Variant {
        /// The union.
        union: TypePath,
        /// The variant name.
        variant: String,
        /// The stored value type.
        stored: RustType,
        /// Whether the value is boxed.
        boxed: bool,
    },
    /// An entry of the current map.
    Entry {
        /// The key.
        key: String,
        /// The stored value type.
        stored: RustType,
    },
    /// `input` or `output` of the `inputOutput` root (`true` for `input`).
    Root(bool),
    /// The right side evaluated on the left side's value (`a.b`, `a | b`).
    Then(Box<TypedPath>, Box<TypedPath>),
    /// An element of the current list; negative counts from the end.
    Index(i64),
    /// `[start:stop:step]` of the current list.
    Slice(Option<i64>, Option<i64>, Option<i64>),
    /// The right side over every element of the left side's list, nulls dropped.
    Project(Box<TypedPath>, Box<TypedPath>),
    /// The right side over every value of the left side's map (in key order), nulls dropped.
    Values(Box<TypedPath>, Box<TypedPath>),
    /// The left side's list with nested lists merged (`true` when its elements are lists).
    Flatten(Box<TypedPath>, bool),
    /// The right side over the elements of the left side's list that pass the condition.
    Filter(Box<TypedPath>, Box<TypedPath>, Box<TypedPath>),
    /// A comparison (`Eq`, `Ne`, `Lt`, `Le`, `Gt`, `Ge`).
    Compare(String, Box<TypedPath>, Box<TypedPath>),
    /// `a && b` (both sides of the same type).
    And(Box<TypedPath>, Box<TypedPath>),
    /// `a || b` (both sides of the same type).
    Or(Box<TypedPath>, Box<TypedPath>),
    /// `!a`.
    Not(Box<TypedPath>),
    /// A `null`, boolean, number or string literal.
    Literal(serde_json::Value),
    /// A built-in function (the parser's name: `Length`, `Contains`, ...) and its arguments.
    Call(String, Vec<TypedPath>),
}

/// A parsed JMESPath expression.
#[derive(Debug, Clone, PartialEq)]
pub enum JmesPath {
    /// `@`
    Current,
    /// A field.
    Field(String),
    /// `a.b`
    Sub(Box<JmesPath>, Box<JmesPath>),
    /// `[n]`
    Index(i64),
    /// `[start:stop:step]`
    Slice(Option<i64>, Option<i64>, Option<i64>),
    /// List projection: left side, then the right side on each element.
    Project(Box<JmesPath>, Box<JmesPath>),
    /// Object projection: left side, then the right side on each value.
    ProjectValues(Box<JmesPath>, Box<JmesPath>),
    /// `a[]`
    Flatten(Box<JmesPath>),
    /// Filter projection: left side, condition, right side.
    Filter(Box<JmesPath>, Box<JmesPath>, Box<JmesPath>),
    /// `[a, b]`
    List(Vec<JmesPath>),
    /// `{k: a}`
    Hash(Vec<(String, JmesPath)>),
    /// A function call: the function's name in CamelCase (`Length`, `StartsWith`) and the
    /// arguments.
    Call(String, Vec<JmesPath>),
    /// `&expr`
    Ref(Box<JmesPath>),
    /// A comparison (`Eq`, `Ne`, `Lt`, `Le`, `Gt`, `Ge`) and both sides.
    Compare(String, Box<JmesPath>, Box<JmesPath>),
    /// `a && b`
    And(Box<JmesPath>, Box<JmesPath>),
    /// `a || b`
    Or(Box<JmesPath>, Box<JmesPath>),
    /// `!a`
    Not(Box<JmesPath>),
    /// `a | b`
    Pipe(Box<JmesPath>, Box<JmesPath>),
    /// A literal (JSON).
    Literal(serde_json::Value),
}

/// One `smithy.rules#endpointTests` case.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointTest {
    /// The case's number in the model (from 1).
    pub number: usize,
    /// The case's documentation.
    pub docs: String,
    /// What the case checks, or why it cannot run.
    pub kind: Result<EndpointTestCase, String>,
    /// Why the case is not run, when the skip list names it.
    pub skip: Option<String>,
}

/// A runnable endpoint test case.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointTestCase {
    /// The parameters, by index into `EndpointRules::params`.
    pub params: Vec<(usize, EndpointLiteral)>,
    /// The expected answer.
    pub expect: EndpointExpect,
    /// The same case through the client, once per operation input.
    pub operations: Vec<EndpointOperationTest>,
}

/// What resolution must give.
#[derive(Debug, Clone, PartialEq)]
pub enum EndpointExpect {
    /// An endpoint.
    Endpoint {
        /// The URL.
        url: String,
        /// Headers, each with its values.
        headers: Vec<(String, Vec<String>)>,
        /// The properties as compact JSON text.
        properties: String,
    },
    /// An error with this message.
    Error(String),
}

/// A case run through the client: config from built-ins, an operation input.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointOperationTest {
    /// Index into `Crate::operations`.
    pub operation: usize,
    /// Config settings (built-ins and client context parameters).
    pub config: Vec<ConfigSetting>,
    /// The input value.
    pub input: ParamValue,
}

/// A config builder call an endpoint test makes.
#[derive(Debug, Clone, PartialEq)]
pub enum ConfigSetting {
    /// `region`.
    Region(String),
    /// `use_fips`.
    UseFips(bool),
    /// `use_dual_stack`.
    UseDualStack(bool),
    /// `endpoint_url`.
    EndpointUrl(String),
    /// The credentials' account id.
    AccountId(String),
    /// `account_id_endpoint_mode`.
    AccountIdEndpointMode(String),
    /// A setter the crate generates for a client context parameter or service built-in.
    Context {
        /// The setter name.
        setter: String,
        /// The value.
        value: EndpointLiteral,
    },
}
