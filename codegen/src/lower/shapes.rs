//! Lowering of structures, enums and unions.

use std::collections::BTreeMap;

use serde_json::Value;

use super::members::{deprecation, DOCUMENTATION, ENUM_TRAIT, ERROR, SENSITIVE};
use super::Ctx;
use crate::ast::{MemberDef, Shape};
use crate::diagnostics::Diagnostic;
use crate::docs;
use crate::ir::{Enum, EnumVariant, ErrorInfo, Member, StructKind, Structure, TypePath, Union, UnionVariant};
use crate::naming;

const ENUM_VALUE: &str = "smithy.api#enumValue";
const RETRYABLE: &str = "smithy.api#retryable";

/// One value of an enum shape or of a legacy `@enum` string: (name, wire value, traits-like facts).
pub type EnumValueDef = (String, String, EnumValueFacts);

/// Docs and deprecation of one enum value.
#[derive(Default)]
pub struct EnumValueFacts {
    docs: Option<String>,
    deprecated: bool,
    named: bool,
}

/// The values of an `enum` shape or `@enum` string, in model order.
pub fn enum_values(shape: &Shape) -> Vec<EnumValueDef> {
    if shape.kind == "enum" {
        return shape
            .members
            .iter()
            .map(|(name, m)| {
                let value = m.traits.get(ENUM_VALUE).and_then(Value::as_str).unwrap_or(name).to_owned();
                let docs = m.traits.get(DOCUMENTATION).and_then(Value::as_str).map(str::to_owned);
                let deprecated = m.traits.contains_key(super::members::DEPRECATED);
                (name.clone(), value, EnumValueFacts { docs, deprecated, named: true })
            })
            .collect();
    }
    let Some(Value::Array(defs)) = shape.traits.get(ENUM_TRAIT) else { return Vec::new() };
    defs.iter()
        .filter_map(|d| {
            let value = d.get("value")?.as_str()?.to_owned();
            let name = d.get("name").and_then(Value::as_str);
            let docs = d.get("documentation").and_then(Value::as_str).map(str::to_owned);
            let deprecated = d.get("deprecated").and_then(Value::as_bool).unwrap_or(false);
            let facts = EnumValueFacts { docs, deprecated, named: name.is_some() };
            Some((name.unwrap_or(&value).to_owned(), value, facts))
        })
        .collect()
}

/// What a structure is generated as; errors get their `ErrorInfo` while lowering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A shape in `crate::types`.
    Data,
    /// A synthetic operation input.
    Input,
    /// A synthetic operation output.
    Output,
    /// An `@error` shape.
    Error,
}

impl Ctx<'_> {
    /// Lowers a structure (data, error, or the body of a synthetic input/output).
    pub fn lower_structure(
        &self,
        id: &str,
        shape: &Shape,
        path: TypePath,
        role: Role,
        docs_traits: Option<&crate::ast::Traits>,
    ) -> Result<Structure, Vec<Diagnostic>> {
        let sensitive = shape.traits.contains_key(SENSITIVE);
        let mut members = Vec::new();
        let mut problems = Vec::new();
        for (name, def) in &shape.members {
            match self.lower_member(id, name, def, role, sensitive) {
                Ok(m) => members.push(m),
                Err(d) => problems.push(d),
            }
        }
        members.extend(self.s3_expires_string(id, shape, role));
        let kind = match role {
            Role::Data => StructKind::Data,
            Role::Input => StructKind::Input,
            Role::Output => StructKind::Output,
            Role::Error => StructKind::Error(self.error_info(id, shape, &mut members)),
        };
        problems.extend(field_collisions(id, &members));
        if !problems.is_empty() {
            return Err(problems);
        }
        let fallible_build = kind == StructKind::Input || members.iter().any(|m| !m.optional && m.default.is_none());
        Ok(Structure {
            shape_id: id.to_owned(),
            file_stem: naming::file_stem(&path.name),
            path,
            kind,
            docs: docs_traits.map(|t| self.docs_of(t, None)).unwrap_or_default(),
            deprecated: docs_traits.and_then(deprecation),
            custom_debug: sensitive || members.iter().any(|m| m.redacted),
            fallible_build,
            streaming: members.iter().any(|m| {
                matches!(m.ty, crate::ir::RustType::ByteStream | crate::ir::RustType::EventReceiver(_) | crate::ir::RustType::EventSender(_))
            }),
            xml_root: self.xml_root(id, shape, role),
            unwrapped_xml: false,
            endpoint_override: None,
            result_element: None,
            unit: false,
            members,
            wire: Default::default(),
            endpoint_bindings: Vec::new(),
            event_message: Default::default(),
        })
    }

    /// Error facts; adds a `Message` member when the shape has no message member.
    fn error_info(&self, id: &str, shape: &Shape, members: &mut Vec<Member>) -> ErrorInfo {
        let position = members.iter().position(|m| m.name == "message" || m.name == "Message");
        let message_member = match position {
            Some(i) => i,
            None => {
                let def = MemberDef { target: "smithy.api#String".to_owned(), traits: Default::default() };
                if let Ok(m) = self.lower_member("smithy.api#Unit", "Message", &def, Role::Data, false) {
                    members.push(m);
                }
                members.len().saturating_sub(1)
            }
        };
        let retryable = shape
            .traits
            .get(RETRYABLE)
            .map(|r| r.get("throttling").and_then(Value::as_bool).unwrap_or(false));
        let server_fault = shape.traits.get(ERROR).and_then(Value::as_str) == Some("server");
        ErrorInfo { shape_name: crate::ast::shape_name(id).to_owned(), message_member, retryable, server_fault, synthetic_message: position.is_none() }
    }

    /// Lowers an enum shape or a legacy `@enum` string.
    pub fn lower_enum(&self, id: &str, shape: &Shape) -> Result<Enum, Vec<Diagnostic>> {
        let values = enum_values(shape);
        let newtype = shape.kind == "string" && values.iter().any(|(_, _, f)| !f.named);
        let mut variants: Vec<EnumVariant> = values
            .into_iter()
            .map(|(name, value, facts)| {
                let (rust, renamed_from) = naming::variant_name(&name);
                let mut docs = facts.docs.as_deref().map(docs::raw_doc_lines).unwrap_or_default();
                if let Some(original) = &renamed_from {
                    docs.push(rename_note(original, &rust));
                }
                EnumVariant { name: rust, value, docs, deprecated: facts.deprecated, renamed_from }
            })
            .collect();
        variants.sort_by(|a, b| a.value.cmp(&b.value));
        let mut problems = variant_collisions(id, variants.iter().map(|v| (v.name.as_str(), v.value.as_str())));
        let mut values: Vec<&str> = variants.iter().map(|v| v.value.as_str()).collect();
        values.dedup();
        if values.len() != variants.len() {
            problems.push(Diagnostic::shape(id, "two enum members have the same value".into()));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let name = self.type_path(id).name;
        let mut docs = shape.traits.get(DOCUMENTATION).and_then(Value::as_str).map(docs::raw_doc_lines).unwrap_or_default();
        for v in variants.iter().filter(|v| v.renamed_from.is_some()) {
            if !docs.is_empty() {
                docs.push(String::new());
            }
            docs.push(rename_note(v.renamed_from.as_deref().unwrap_or_default(), &v.name));
        }
        Ok(Enum {
            shape_id: id.to_owned(),
            file_stem: naming::file_stem(&name),
            name,
            docs,
            deprecated: deprecation(&shape.traits),
            variants,
            sensitive: shape.traits.contains_key(SENSITIVE),
            newtype,
            wire: Default::default(),
        })
    }

    /// Lowers a union.
    pub fn lower_union(&self, id: &str, shape: &Shape) -> Result<Union, Vec<Diagnostic>> {
        let sensitive = shape.traits.contains_key(SENSITIVE);
        let mut variants: Vec<UnionVariant> = shape
            .members
            .iter()
            .filter(|(_, def)| !self.is_event_error_member(shape, def))
            .map(|(member, def)| self.lower_union_variant(id, member, def, sensitive))
            .collect();
        variants.sort_by(|a, b| a.name.cmp(&b.name));
        let problems = variant_collisions(id, variants.iter().map(|v| (v.name.as_str(), v.member_name.as_str())));
        if !problems.is_empty() {
            return Err(problems);
        }
        let name = self.type_path(id).name;
        Ok(Union {
            shape_id: id.to_owned(),
            file_stem: naming::file_stem(&name),
            name,
            docs: self.docs_of(&shape.traits, None),
            deprecated: deprecation(&shape.traits),
            custom_debug: sensitive || variants.iter().any(|v| v.redacted),
            variants,
            sensitive,
            wire: Default::default(),
            event_stream: self.event_stream_errors(id, shape),
        })
    }

    fn lower_union_variant(&self, union_id: &str, member: &str, def: &MemberDef, sensitive: bool) -> UnionVariant {
        let target = self.shapes.get(&def.target);
        let is_unit = target.is_some_and(|t| t.traits.contains_key(crate::resolve::traits::UNIT_TYPE));
        let (name, renamed_from) = naming::variant_name(member);
        let mut docs = self.docs_of(&def.traits, target.map(|t| &t.traits));
        if let Some(original) = &renamed_from {
            docs.push(String::new());
            docs.push(rename_note(original, &name));
        }
        UnionVariant {
            wire_name: self.wire_name(member, def),
            xml: self.xml_member(member, def, &crate::ir::Binding::Body),
            query: self.query_member(member, def),
            member_name: member.to_owned(),
            method: naming::method_suffix(&name),
            ty: (!is_unit).then(|| self.rust_type(&def.target)),
            boxed: self.boxed.contains(&format!("{union_id}${member}")),
            redacted: sensitive || def.traits.contains_key(SENSITIVE) || self.holds_sensitive(&def.target),
            docs,
            deprecated: deprecation(&def.traits),
            renamed_from,
            timestamp_format: self.timestamp_format(def),
            name,
        }
    }
}

fn rename_note(original: &str, renamed: &str) -> String {
    format!("_Note: `::{renamed}` has been renamed from `::{original}`._")
}

/// Two members whose Rust names (field or accessor) coincide.
fn field_collisions(id: &str, members: &[Member]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut fields: BTreeMap<&str, &str> = BTreeMap::new();
    let mut accessors: BTreeMap<&str, &str> = BTreeMap::new();
    for m in members {
        for (seen, key) in [(&mut fields, m.field.as_str()), (&mut accessors, m.accessor.as_str())] {
            if let Some(other) = seen.insert(key, &m.name) {
                let msg = format!("members `{other}` and `{}` both map to the Rust name `{key}`", m.name);
                problems.push(Diagnostic::shape(id, msg));
            }
        }
    }
    problems.dedup();
    problems
}

/// Two enum or union members whose Rust variant names coincide.
fn variant_collisions<'a>(id: &str, variants: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<Diagnostic> {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    let mut problems = Vec::new();
    for (rust, model) in variants {
        if let Some(other) = seen.insert(rust, model) {
            let msg = format!("members `{other}` and `{model}` both map to the Rust variant `{rust}`");
            problems.push(Diagnostic::shape(id, msg));
        }
    }
    problems
}
