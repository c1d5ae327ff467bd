//! Lowering of members: Rust type, optionality, defaults, redaction and docs.

use serde_json::Value;

use super::shapes::Role;
use super::Ctx;
use crate::ast::{MemberDef, Shape};
use crate::diagnostics::Diagnostic;
use crate::docs;
use crate::ir::{DefaultValue, Deprecation, Member, Module, RustType, TimestampFormat, TypePath};
use crate::naming;

pub const SENSITIVE: &str = "smithy.api#sensitive";
pub const REQUIRED: &str = "smithy.api#required";
pub const DEFAULT: &str = "smithy.api#default";
pub const CLIENT_OPTIONAL: &str = "smithy.api#clientOptional";
pub const DOCUMENTATION: &str = "smithy.api#documentation";
pub const DEPRECATED: &str = "smithy.api#deprecated";
pub const SPARSE: &str = "smithy.api#sparse";
pub const ENUM_TRAIT: &str = "smithy.api#enum";
pub const ERROR: &str = "smithy.api#error";
pub const TIMESTAMP_FORMAT: &str = "smithy.api#timestampFormat";

fn parse_format(text: &str) -> Option<TimestampFormat> {
    match text {
        "epoch-seconds" => Some(TimestampFormat::EpochSeconds),
        "date-time" => Some(TimestampFormat::DateTime),
        "http-date" => Some(TimestampFormat::HttpDate),
        _ => None,
    }
}

impl Ctx<'_> {
    /// The Rust type of a shape used as a value.
    pub fn rust_type(&self, id: &str) -> RustType {
        let Some(shape) = self.shapes.get(id) else { return RustType::String };
        match shape.kind.as_str() {
            "string" if shape.traits.contains_key(ENUM_TRAIT) => RustType::Enum(self.type_path(id)),
            "string" => RustType::String,
            "enum" => RustType::Enum(self.type_path(id)),
            "boolean" => RustType::Bool,
            "byte" => RustType::I8,
            "short" => RustType::I16,
            "integer" | "intEnum" => RustType::I32,
            "long" => RustType::I64,
            "float" => RustType::F32,
            "double" => RustType::F64,
            "bigInteger" => RustType::BigInteger,
            "bigDecimal" => RustType::BigDecimal,
            "blob" => RustType::Blob,
            "timestamp" => RustType::DateTime,
            "document" => RustType::Document,
            "union" => RustType::Union(self.type_path(id)),
            "list" | "set" => self.list_type(shape),
            "map" => self.map_type(shape),
            _ => RustType::Struct(self.type_path(id)),
        }
    }

    fn list_type(&self, shape: &Shape) -> RustType {
        let element = shape.member.as_ref().map_or(RustType::String, |m| self.rust_type(&m.target));
        let sparse = shape.traits.contains_key(SPARSE);
        RustType::List { element: Box::new(element), sparse, set: shape.kind == "set" }
    }

    fn map_type(&self, shape: &Shape) -> RustType {
        let key = shape.key.as_ref().map_or(RustType::String, |m| self.rust_type(&m.target));
        let value = shape.value.as_ref().map_or(RustType::String, |m| self.rust_type(&m.target));
        let sparse = shape.traits.contains_key(SPARSE);
        RustType::Map { key: Box::new(key), value: Box::new(value), sparse }
    }

    /// The module and Rust name of a generated struct, union or enum.
    pub fn type_path(&self, id: &str) -> TypePath {
        let is_error = self.shapes.get(id).is_some_and(|s| s.traits.contains_key(ERROR));
        let module = if is_error { Module::TypesError } else { Module::Types };
        let name = self.type_names.get(id).cloned().unwrap_or_else(|| naming::type_name(crate::ast::shape_name(id)));
        TypePath { module, name }
    }

    /// Whether a value of this shape must be redacted: the shape is sensitive, or a list or map
    /// that holds sensitive values (at any depth).
    pub fn holds_sensitive(&self, id: &str) -> bool {
        let mut seen = std::collections::BTreeSet::new();
        self.holds_sensitive_inner(id, &mut seen)
    }

    fn holds_sensitive_inner<'s>(&'s self, id: &'s str, seen: &mut std::collections::BTreeSet<&'s str>) -> bool {
        let Some(shape) = self.shapes.get(id) else { return false };
        if shape.traits.contains_key(SENSITIVE) {
            return true;
        }
        if !seen.insert(id) || !matches!(shape.kind.as_str(), "list" | "set" | "map") {
            return false;
        }
        [&shape.member, &shape.key, &shape.value]
            .into_iter()
            .flatten()
            .any(|m| m.traits.contains_key(SENSITIVE) || self.holds_sensitive_inner(&m.target, seen))
    }

    /// Lowers one structure member; `role` is what its structure is generated as.
    pub fn lower_member(
        &self,
        container_id: &str,
        name: &str,
        def: &MemberDef,
        role: Role,
        sensitive_container: bool,
    ) -> Result<Member, Diagnostic> {
        let member_id = format!("{container_id}${name}");
        let target = self.shapes.get(&def.target);
        let io = matches!(role, Role::Input | Role::Output);
        let event_stream = io.then(|| self.event_stream_member_type(def, role == Role::Input)).flatten();
        let streaming = io && (self.is_streaming_blob(def) || event_stream.is_some());
        let s3_expires = self.is_s3_expires(name, def, role);
        let ty = match event_stream {
            Some(ty) => ty,
            None if streaming => RustType::ByteStream,
            None if s3_expires => RustType::DateTime,
            None => self.rust_type(&def.target),
        };
        let default_trait = def.traits.get(DEFAULT).or_else(|| target.and_then(|t| t.traits.get(DEFAULT)));
        let required = def.traits.contains_key(REQUIRED);
        let optional = !streaming && self.is_optional(def, role);
        let default = match default_trait {
            _ if streaming => Some(DefaultValue::Zero),
            Some(v) if !optional && !v.is_null() => {
                let exact = self.exact_default(container_id, name, def);
                Some(self.default_value(&member_id, v, exact, &ty, &def.target)?)
            }
            _ => None,
        };
        let binding = match () {
            _ if matches!(ty, RustType::EventReceiver(_) | RustType::EventSender(_)) => crate::ir::Binding::EventStream,
            _ if self.is_event_structure(container_id) => self.event_binding(name, def),
            _ => self.binding(name, def, role),
        };
        let own_format = if s3_expires { Some(TimestampFormat::HttpDate) } else { self.timestamp_format(def) };
        let timestamp_format = self.bound_timestamp_format(own_format, &binding);
        let input = role == Role::Input;
        let (field, renamed_from) = naming::field_name(name);
        let mut docs = self.docs_of(&def.traits, target.map(|t| &t.traits));
        if let Some(original) = &renamed_from {
            docs.push(String::new());
            docs.push(format!("_Note: this field is named `{original}` in the model; it was renamed to avoid a name collision._"));
        }
        let inline_doc = self.inline_docs_of(&def.traits, target.map(|t| &t.traits));
        Ok(Member {
            name: name.to_owned(),
            field,
            accessor: naming::accessor_suffix(name),
            renamed_from,
            ty,
            optional,
            boxed: self.boxed.contains(&member_id),
            required,
            default,
            redacted: sensitive_container || def.traits.contains_key(SENSITIVE) || self.holds_sensitive(&def.target),
            docs,
            inline_doc,
            deprecated: deprecation(&def.traits),
            timestamp_format,
            wire_name: self.wire_name(name, def),
            xml: self.xml_member(name, def, &binding),
            query: self.query_member(name, def),
            media_type: target.and_then(|t| t.traits.get(super::wire::MEDIA_TYPE)).and_then(Value::as_str).map(str::to_owned),
            host_label: input && def.traits.contains_key("smithy.api#hostLabel"),
            idempotency_token: input && def.traits.contains_key("smithy.api#idempotencyToken"),
            lenient: role == Role::Output && s3_expires,
            binding,
        })
    }

    /// Whether a (non-streaming) member's field is an `Option`: always in inputs; for
    /// structures and unions; with `@clientOptional` or a `null` default; and unless the
    /// member is `@required` or has a default.
    pub fn is_optional(&self, def: &MemberDef, role: Role) -> bool {
        let target = self.shapes.get(&def.target);
        let default_trait = def.traits.get(DEFAULT).or_else(|| target.and_then(|t| t.traits.get(DEFAULT)));
        let is_aggregate = target.is_some_and(|t| t.kind == "structure" || t.kind == "union");
        let has_default = default_trait.is_some_and(|v| !v.is_null());
        role == Role::Input
            || is_aggregate
            || def.traits.contains_key(CLIENT_OPTIONAL)
            || def.traits.get(DEFAULT).is_some_and(Value::is_null)
            || (!has_default && !def.traits.contains_key(REQUIRED))
    }

    /// Amazon S3's `Expires` headers (`Expires`, and `x-amz-fwd-header-Expires` of
    /// `WriteGetObjectResponse`): the model says string, the AWS SDKs carry a timestamp (an
    /// output leaves it unset when the value does not parse, and keeps the raw value in
    /// `ExpiresString`).
    fn is_s3_expires(&self, name: &str, def: &MemberDef, role: Role) -> bool {
        let expires_header = |h: &str| {
            let h = h.to_ascii_lowercase();
            h == "expires" || h.ends_with("-expires")
        };
        self.rules.lowering.expires_is_timestamp
            && name == "Expires"
            && matches!(role, Role::Input | Role::Output)
            && def.traits.get(super::wire::HTTP_HEADER).and_then(Value::as_str).is_some_and(expires_header)
            && self.shapes.get(&def.target).is_some_and(|t| t.kind == "string")
    }

    /// `ExpiresString`: the raw `Expires` header of an S3 output whose `Expires` becomes a
    /// timestamp.
    pub fn s3_expires_string(&self, container_id: &str, shape: &Shape, role: Role) -> Option<Member> {
        let has_expires = role == Role::Output && shape.members.iter().any(|(name, def)| self.is_s3_expires(name, def, role));
        if !has_expires || shape.members.contains_key("ExpiresString") {
            return None;
        }
        let mut traits = crate::ast::Traits::new();
        traits.insert(super::wire::HTTP_HEADER.to_owned(), Value::String("Expires".to_owned()));
        let text = "The raw value of the <code>Expires</code> header, also when it is not a valid date.";
        traits.insert(DOCUMENTATION.to_owned(), Value::String(format!("<p>{text}</p>")));
        let def = MemberDef { target: "smithy.api#String".to_owned(), traits };
        self.lower_member(container_id, "ExpiresString", &def, role, false).ok()
    }

    /// `@timestampFormat` of a member's timestamps: on the member, else on its target, else on
    /// the element (or map value) of a collection target. The RPC v2 protocols ignore the trait
    /// (timestamps are always epoch seconds).
    pub fn timestamp_format(&self, def: &MemberDef) -> Option<TimestampFormat> {
        if self.protocol.is_some_and(crate::ir::ClientProtocol::is_rpc_v2) {
            return None;
        }
        let own = def.traits.get(TIMESTAMP_FORMAT).and_then(Value::as_str).and_then(parse_format);
        own.or_else(|| {
            let target = self.shapes.get(&def.target)?;
            let on_target = target.traits.get(TIMESTAMP_FORMAT).and_then(Value::as_str).and_then(parse_format);
            on_target.or_else(|| match target.kind.as_str() {
                "list" | "set" => target.member.as_ref().and_then(|m| self.timestamp_format(m)),
                "map" => target.value.as_ref().and_then(|m| self.timestamp_format(m)),
                _ => None,
            })
        })
    }

    /// Normalised doc lines from the member's docs, falling back to the target's.
    pub fn docs_of(&self, own: &crate::ast::Traits, target: Option<&crate::ast::Traits>) -> Vec<String> {
        doc_text(own, target).map(docs::html_doc_lines).unwrap_or_default()
    }

    fn inline_docs_of(&self, own: &crate::ast::Traits, target: Option<&crate::ast::Traits>) -> Option<String> {
        doc_text(own, target).map(docs::html_doc_inline).filter(|s| !s.trim().is_empty())
    }

    /// The `@default` number of a member (or else its target) as the model wrote it, when a
    /// double cannot hold it.
    fn exact_default(&self, container_id: &str, name: &str, def: &MemberDef) -> Option<&str> {
        let escaped = name.replace('~', "~0").replace('/', "~1");
        if def.traits.contains_key(DEFAULT) {
            let container = self.shapes.get(container_id)?;
            return container.exact_numbers.get(&format!("/members/{escaped}/traits/{DEFAULT}")).map(String::as_str);
        }
        self.shapes.get(&def.target)?.exact_numbers.get(&format!("/traits/{DEFAULT}")).map(String::as_str)
    }

    fn default_value(&self, member_id: &str, v: &Value, exact: Option<&str>, ty: &RustType, target: &str) -> Result<DefaultValue, Diagnostic> {
        let bad = || Diagnostic::shape(member_id, format!("@default value `{v}` does not fit the target `{target}`"));
        let value = match (ty, v) {
            (RustType::Bool, Value::Bool(false)) => DefaultValue::Zero,
            (RustType::Bool, Value::Bool(b)) => DefaultValue::Bool(*b),
            (RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64, Value::Number(n)) => match n.as_i64() {
                Some(0) => DefaultValue::Zero,
                Some(i) => DefaultValue::Int(i),
                None => return Err(bad()),
            },
            (RustType::F32 | RustType::F64, Value::Number(n)) => match n.as_f64() {
                Some(0.0) => DefaultValue::Zero,
                Some(f) => DefaultValue::Float(f),
                None => return Err(bad()),
            },
            (RustType::String, Value::String(s)) if s.is_empty() => DefaultValue::Zero,
            (RustType::String, Value::String(s)) => DefaultValue::String(s.clone()),
            (RustType::Enum(_), Value::String(s)) => DefaultValue::EnumVariant(self.enum_variant_for(target, s).ok_or_else(bad)?),
            (RustType::List { .. }, Value::Array(a)) if a.is_empty() => DefaultValue::Zero,
            (RustType::Map { .. }, Value::Object(o)) if o.is_empty() => DefaultValue::Zero,
            (RustType::DateTime, Value::Number(n)) => DefaultValue::EpochSeconds(n.as_f64().ok_or_else(bad)?),
            (RustType::Blob, Value::String(s)) if s.is_empty() => DefaultValue::Zero,
            (RustType::Blob, Value::String(s)) => DefaultValue::Bytes(decode_base64(s).ok_or_else(bad)?),
            (RustType::Document, Value::Null) => DefaultValue::Zero,
            (RustType::Document, other) => DefaultValue::Document(other.clone()),
            (RustType::BigInteger | RustType::BigDecimal, Value::Number(n)) => {
                DefaultValue::BigNumber(exact.map_or_else(|| n.to_string(), str::to_owned))
            }
            _ => return Err(bad()),
        };
        Ok(value)
    }

    /// The Rust variant name of an enum value.
    fn enum_variant_for(&self, enum_id: &str, value: &str) -> Option<String> {
        let shape = self.shapes.get(enum_id)?;
        super::shapes::enum_values(shape).into_iter().find(|(_, v, _)| v == value).map(|(name, _, _)| naming::variant_name(&name).0)
    }
}

fn doc_text<'t>(own: &'t crate::ast::Traits, target: Option<&'t crate::ast::Traits>) -> Option<&'t str> {
    own.get(DOCUMENTATION)
        .or_else(|| target.and_then(|t| t.get(DOCUMENTATION)))
        .and_then(Value::as_str)
}

/// `@deprecated(message, since)`, if present.
pub fn deprecation(traits: &crate::ast::Traits) -> Option<Deprecation> {
    let v = traits.get(DEPRECATED)?;
    let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    Some(Deprecation { message: text("message"), since: text("since") })
}

/// Blob defaults are written in base64 in the model.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes().filter(|c| *c != b'=') {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}
