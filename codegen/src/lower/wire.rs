//! Wire facts of members: the name a protocol uses, the HTTP binding, the XML description, and
//! the timestamp format a binding location implies. Decided here once per member.

use serde_json::Value;

use super::shapes::Role;
use super::Ctx;
use crate::ast::{MemberDef, Shape, Traits};
use crate::ir::{Binding, ClientProtocol, TimestampFormat, XmlInner, XmlMember, XmlNamespace};

pub const HTTP_LABEL: &str = "smithy.api#httpLabel";
pub const HTTP_QUERY: &str = "smithy.api#httpQuery";
pub const HTTP_QUERY_PARAMS: &str = "smithy.api#httpQueryParams";
pub const HTTP_HEADER: &str = "smithy.api#httpHeader";
pub const HTTP_PREFIX_HEADERS: &str = "smithy.api#httpPrefixHeaders";
pub const HTTP_PAYLOAD: &str = "smithy.api#httpPayload";
pub const HTTP_RESPONSE_CODE: &str = "smithy.api#httpResponseCode";
pub const JSON_NAME: &str = "smithy.api#jsonName";
pub const XML_NAME: &str = "smithy.api#xmlName";
pub const XML_ATTRIBUTE: &str = "smithy.api#xmlAttribute";
pub const XML_FLATTENED: &str = "smithy.api#xmlFlattened";
pub const XML_NAMESPACE: &str = "smithy.api#xmlNamespace";
pub const MEDIA_TYPE: &str = "smithy.api#mediaType";
pub const STREAMING: &str = "smithy.api#streaming";
pub const EC2_QUERY_NAME: &str = "aws.protocols#ec2QueryName";

/// ec2Query flattens every list, nested ones included.
fn flatten_lists(desc: &mut XmlMember) {
    desc.flattened = true;
    match &mut desc.inner {
        XmlInner::List(item) => flatten_lists(item),
        XmlInner::Map(_, v) => flatten_lists(v),
        XmlInner::Value | XmlInner::Timestamp(_) => {}
    }
}

fn capitalise(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Nesting of lists and maps followed when describing XML; deeper collections (possible only in
/// an invalid model) are described as plain values.
const MAX_XML_NESTING: usize = 32;

/// `@xmlNamespace` from a set of traits.
pub fn xml_namespace(traits: &Traits) -> Option<XmlNamespace> {
    let ns = traits.get(XML_NAMESPACE)?;
    Some(XmlNamespace {
        uri: ns.get("uri")?.as_str()?.to_owned(),
        prefix: ns.get("prefix").and_then(Value::as_str).map(str::to_owned),
    })
}

fn text_trait(traits: &Traits, id: &str) -> Option<String> {
    traits.get(id).and_then(Value::as_str).map(str::to_owned)
}

impl Ctx<'_> {
    /// How a member appears in a query protocol's form body: awsQuery keys are `@xmlName` (else
    /// the member name) and honour `@xmlFlattened`; ec2Query keys are `@ec2QueryName`, else the
    /// `@xmlName` or member name with its first letter capitalised, and lists are always
    /// flattened.
    pub fn query_member(&self, name: &str, def: &MemberDef) -> Option<XmlMember> {
        let protocol = self.protocol.filter(|p| p.is_query())?;
        let mut desc = self.xml_description(name, def, 0);
        if protocol == ClientProtocol::Ec2Query {
            desc.name = text_trait(&def.traits, EC2_QUERY_NAME).unwrap_or_else(|| capitalise(&desc.name));
            flatten_lists(&mut desc);
        }
        desc.namespace = None;
        desc.attribute = false;
        Some(desc)
    }

    /// The member's name on the wire: `@jsonName` for restJson1, `@xmlName` for XML protocols.
    pub fn wire_name(&self, name: &str, def: &MemberDef) -> String {
        let renamed = match self.protocol {
            Some(ClientProtocol::RestJson1) => text_trait(&def.traits, JSON_NAME),
            Some(p) if p.is_xml() => text_trait(&def.traits, XML_NAME),
            _ => None,
        };
        renamed.unwrap_or_else(|| name.to_owned())
    }

    /// Where a member of an input, output or error goes; always the body for data structures
    /// and for protocols without HTTP bindings.
    pub fn binding(&self, name: &str, def: &MemberDef, role: Role) -> Binding {
        if role == Role::Data || !self.protocol.is_some_and(ClientProtocol::has_http_bindings) {
            return Binding::Body;
        }
        let t = &def.traits;
        let input = role == Role::Input;
        if input && t.contains_key(HTTP_LABEL) {
            Binding::Label { greedy: false, adjust: self.rules.lowering.label_adjust(name, &def.target) }
        } else if input && t.contains_key(HTTP_QUERY) {
            Binding::Query(text_trait(t, HTTP_QUERY).unwrap_or_default())
        } else if input && t.contains_key(HTTP_QUERY_PARAMS) {
            Binding::QueryParams
        } else if let Some(name) = text_trait(t, HTTP_HEADER) {
            Binding::Header(name)
        } else if let Some(prefix) = text_trait(t, HTTP_PREFIX_HEADERS) {
            Binding::PrefixHeaders(prefix)
        } else if t.contains_key(HTTP_PAYLOAD) {
            Binding::Payload
        } else if !input && t.contains_key(HTTP_RESPONSE_CODE) {
            Binding::ResponseCode
        } else {
            Binding::Body
        }
    }

    /// The timestamp format of a bound member: its own, else the location's default (HTTP date
    /// in headers, date-time in URIs and query strings).
    pub fn bound_timestamp_format(&self, own: Option<TimestampFormat>, binding: &Binding) -> Option<TimestampFormat> {
        match binding {
            Binding::Header(_) => own.or(Some(TimestampFormat::HttpDate)),
            Binding::Label { .. } | Binding::Query(_) => own.or(Some(TimestampFormat::DateTime)),
            _ => own,
        }
    }

    /// How a member appears in XML, for XML protocols. A payload member's element is named by
    /// its `@xmlName`, else its target's `@xmlName`, else the target's shape name.
    pub fn xml_member(&self, name: &str, def: &MemberDef, binding: &Binding) -> Option<XmlMember> {
        if !self.protocol.is_some_and(ClientProtocol::is_xml) {
            return None;
        }
        let mut xml = self.xml_description(name, def, 0);
        if *binding == Binding::Payload {
            let target = self.shapes.get(&def.target);
            xml.name = text_trait(&def.traits, XML_NAME)
                .or_else(|| target.and_then(|t| text_trait(&t.traits, XML_NAME)))
                .unwrap_or_else(|| crate::ast::shape_name(&def.target).to_owned());
            xml.namespace = xml.namespace.or_else(|| target.and_then(|t| xml_namespace(&t.traits)));
        }
        Some(xml)
    }

    fn xml_description(&self, default_name: &str, def: &MemberDef, depth: usize) -> XmlMember {
        let target = self.shapes.get(&def.target);
        let own_format = self.timestamp_format(def);
        let inner = match target {
            Some(t) if depth < MAX_XML_NESTING => self.xml_inner(t, own_format, depth),
            _ => XmlInner::Value,
        };
        // A structure's own prefixed namespace (S3's `xsi` on `Grantee`) is declared wherever it
        // appears, since its attributes use the prefix; a default namespace is only declared on
        // a document's root.
        let aggregate = target.filter(|t| matches!(t.kind.as_str(), "structure" | "union"));
        let prefixed = aggregate.and_then(|t| xml_namespace(&t.traits)).filter(|ns| ns.prefix.is_some());
        XmlMember {
            name: text_trait(&def.traits, XML_NAME).unwrap_or_else(|| default_name.to_owned()),
            namespace: xml_namespace(&def.traits).or(prefixed),
            flattened: def.traits.contains_key(XML_FLATTENED),
            attribute: def.traits.contains_key(XML_ATTRIBUTE),
            inner,
        }
    }

    fn xml_inner(&self, target: &Shape, format: Option<TimestampFormat>, depth: usize) -> XmlInner {
        match target.kind.as_str() {
            "timestamp" => format.map_or(XmlInner::Value, XmlInner::Timestamp),
            "list" | "set" => match &target.member {
                Some(item) => XmlInner::List(Box::new(self.xml_description("member", item, depth + 1))),
                None => XmlInner::Value,
            },
            "map" => match (&target.key, &target.value) {
                (Some(k), Some(v)) => XmlInner::Map(
                    Box::new(self.xml_description("key", k, depth + 1)),
                    Box::new(self.xml_description("value", v, depth + 1)),
                ),
                _ => XmlInner::Value,
            },
            _ => XmlInner::Value,
        }
    }

    /// The root element of an XML document made of a structure: its `@xmlName` (else its shape
    /// name) and `@xmlNamespace` (else, for operation inputs, the service's).
    pub fn xml_root(&self, id: &str, shape: &Shape, role: Role) -> Option<XmlMember> {
        if !self.protocol.is_some_and(ClientProtocol::is_xml) {
            return None;
        }
        let service_ns = (role == Role::Input).then(|| xml_namespace(&self.service.traits)).flatten();
        Some(XmlMember {
            name: text_trait(&shape.traits, XML_NAME).unwrap_or_else(|| crate::ast::shape_name(id).to_owned()),
            namespace: xml_namespace(&shape.traits).or(service_ns),
            flattened: false,
            attribute: false,
            inner: XmlInner::Value,
        })
    }

    /// Whether a member targets a `@streaming` blob.
    pub fn is_streaming_blob(&self, def: &MemberDef) -> bool {
        self.shapes.get(&def.target).is_some_and(|t| t.kind == "blob" && t.traits.contains_key(STREAMING))
    }
}
