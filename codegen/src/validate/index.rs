//! A read-only view of the resolved model for validation: shapes and members by id, and the
//! prelude's trait definitions behind the model's own shapes.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::ast::{MemberDef, Model, Shape, Traits};

/// Trait ids the rules read.
pub mod ids {
    pub const TRAIT: &str = "smithy.api#trait";
    pub const REQUIRED: &str = "smithy.api#required";
    pub const DEFAULT: &str = "smithy.api#default";
    pub const ERROR: &str = "smithy.api#error";
    pub const INPUT: &str = "smithy.api#input";
    pub const OUTPUT: &str = "smithy.api#output";
    pub const ENUM: &str = "smithy.api#enum";
    pub const ENUM_VALUE: &str = "smithy.api#enumValue";
    pub const HTTP: &str = "smithy.api#http";
    pub const HTTP_LABEL: &str = "smithy.api#httpLabel";
    pub const HTTP_QUERY: &str = "smithy.api#httpQuery";
    pub const HTTP_QUERY_PARAMS: &str = "smithy.api#httpQueryParams";
    pub const HTTP_HEADER: &str = "smithy.api#httpHeader";
    pub const HTTP_PREFIX_HEADERS: &str = "smithy.api#httpPrefixHeaders";
    pub const HTTP_PAYLOAD: &str = "smithy.api#httpPayload";
    pub const HTTP_RESPONSE_CODE: &str = "smithy.api#httpResponseCode";
    pub const STREAMING: &str = "smithy.api#streaming";
    pub const READONLY: &str = "smithy.api#readonly";
    pub const IDEMPOTENT: &str = "smithy.api#idempotent";
    pub const PAGINATED: &str = "smithy.api#paginated";
    pub const RANGE: &str = "smithy.api#range";
    pub const LENGTH: &str = "smithy.api#length";
    pub const PATTERN: &str = "smithy.api#pattern";
    pub const SPARSE: &str = "smithy.api#sparse";
    pub const UNIQUE_ITEMS: &str = "smithy.api#uniqueItems";
    pub const ID_REF: &str = "smithy.api#idRef";
    pub const RESOURCE_IDENTIFIER: &str = "smithy.api#resourceIdentifier";
    pub const ENDPOINT: &str = "smithy.api#endpoint";
    pub const HOST_LABEL: &str = "smithy.api#hostLabel";
    pub const PRIVATE: &str = "smithy.api#private";
    pub const UNIT: &str = "smithy.api#Unit";
}

/// A shape or a member, as a node of the model.
#[derive(Clone, Copy)]
pub enum Node<'a> {
    Shape(&'a Shape),
    Member(&'a MemberDef),
}

impl<'a> Node<'a> {
    /// The shape type (`member` for members).
    pub fn kind(self) -> &'a str {
        match self {
            Node::Shape(s) => &s.kind,
            Node::Member(_) => "member",
        }
    }

    pub fn traits(self) -> &'a Traits {
        match self {
            Node::Shape(s) => &s.traits,
            Node::Member(m) => &m.traits,
        }
    }
}

/// The model and the prelude's trait definitions, looked up together.
pub struct Index<'a> {
    pub model: &'a Model,
    pub prelude: &'a BTreeMap<String, Shape>,
}

impl<'a> Index<'a> {
    /// A shape of the model, else of the prelude's trait definitions.
    pub fn shape(&self, id: &str) -> Option<&'a Shape> {
        self.model.shapes.get(id).or_else(|| self.prelude.get(id))
    }

    /// A shape or member (`ns#Shape$member`).
    pub fn node(&self, id: &str) -> Option<Node<'a>> {
        match id.split_once('$') {
            None => self.shape(id).map(Node::Shape),
            Some((shape, member)) => self.shape(shape).and_then(|s| member_of(s, member)).map(Node::Member),
        }
    }

    /// The type of a shape or member.
    pub fn kind(&self, id: &str) -> Option<&'a str> {
        self.node(id).map(Node::kind)
    }

    /// The traits of a shape or member.
    pub fn traits(&self, id: &str) -> Option<&'a Traits> {
        self.node(id).map(Node::traits)
    }

    /// A trait value on a shape or member.
    pub fn trait_value(&self, id: &str, trait_id: &str) -> Option<&'a Value> {
        self.traits(id).and_then(|t| t.get(trait_id))
    }

    /// Whether a shape or member has a trait.
    pub fn has(&self, id: &str, trait_id: &str) -> bool {
        self.trait_value(id, trait_id).is_some()
    }

    /// Every shape id of the model (not the prelude's trait definitions), sorted.
    pub fn shape_ids(&self) -> impl Iterator<Item = (&'a String, &'a Shape)> {
        self.model.shapes.iter()
    }

    /// Whether `id` names a trait shape (of the model or the prelude).
    pub fn is_trait(&self, id: &str) -> bool {
        self.shape(id).is_some_and(|s| s.traits.contains_key(ids::TRAIT))
    }
}

/// A member of a shape by name: `member` of a list, `key`/`value` of a map, else `members`.
pub fn member_of<'a>(shape: &'a Shape, name: &str) -> Option<&'a MemberDef> {
    match (shape.kind.as_str(), name) {
        ("list" | "set", "member") => shape.member.as_ref(),
        ("map", "key") => shape.key.as_ref(),
        ("map", "value") => shape.value.as_ref(),
        _ => shape.members.get(name),
    }
}

/// Every member of a shape in order, with its name.
pub fn members(shape: &Shape) -> Vec<(&str, &MemberDef)> {
    let mut out: Vec<(&str, &MemberDef)> = shape.members.iter().map(|(n, m)| (n.as_str(), m)).collect();
    let named = [("member", &shape.member), ("key", &shape.key), ("value", &shape.value)];
    out.extend(named.into_iter().filter_map(|(n, m)| m.as_ref().map(|m| (n, m))));
    out
}

/// Whether a shape type is a number (`intEnum` included).
pub fn is_number(kind: &str) -> bool {
    matches!(kind, "byte" | "short" | "integer" | "long" | "float" | "double" | "bigInteger" | "bigDecimal" | "intEnum")
}

/// Whether a shape type is simple (`enum` and `intEnum` included).
pub fn is_simple(kind: &str) -> bool {
    is_number(kind) || matches!(kind, "blob" | "boolean" | "document" | "string" | "timestamp" | "enum")
}

/// The local name of a trait id for messages: `http` for `smithy.api#http`, else the full id.
pub fn trait_name(id: &str) -> &str {
    id.strip_prefix("smithy.api#").unwrap_or(id)
}

/// Every operation a service (or resource) binds, directly or through its resources.
pub fn service_operations(ix: &Index, root: &str) -> BTreeSet<String> {
    let mut ops = BTreeSet::new();
    let mut seen = BTreeSet::new();
    let mut stack = vec![root.to_owned()];
    while let Some(id) = stack.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let Some(shape) = ix.shape(&id) else { continue };
        match shape.kind.as_str() {
            "operation" => {
                ops.insert(id);
            }
            "service" | "resource" => {
                let lists = [&shape.operations, &shape.collection_operations, &shape.resources];
                stack.extend(lists.into_iter().flatten().map(|r| r.target.clone()));
                let lifecycle = [&shape.create, &shape.put, &shape.read, &shape.update, &shape.delete, &shape.list];
                stack.extend(lifecycle.into_iter().flatten().map(|r| r.target.clone()));
            }
            _ => {}
        }
    }
    ops
}
