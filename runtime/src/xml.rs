//! XML for the restXml protocol (and, later, the query protocols' responses).
//!
//! Requests are written with [`XmlOut`]; responses are parsed once into an [`XmlNode`] tree
//! (with `quick-xml`) and read from it. A generated structure needs one line per member in each
//! direction: the member's [`Member`] description says its element (or attribute) name, its
//! namespace, whether a list or map is flattened, the names of list members and map keys and
//! values, and the timestamp format; everything else is here.

use std::collections::HashMap;
use std::fmt::{self, Write as _};

use aws_smithy_types::date_time::Format;
use aws_smithy_types::{BigDecimal, BigInteger, Blob, DateTime};

use crate::protocol::ErrorFacts;
use crate::value::{FromText, TextValue, WireEnum};

/// Deepest element nesting a response may have; deeper documents are rejected, not recursed into.
pub const MAX_DEPTH: usize = 200;

/// A response body that is not the XML the model describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    message: String,
}

impl XmlError {
    /// An error with this description.
    pub fn new(message: impl Into<String>) -> Self {
        Self { message: message.into() }
    }

    fn in_element(self, name: &str) -> Self {
        Self::new(format!("<{name}>: {}", self.message))
    }
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid XML response: {}", self.message)
    }
}

impl std::error::Error for XmlError {}

/// An XML namespace declaration (`@xmlNamespace`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Namespace<'a> {
    /// The namespace URI.
    pub uri: &'a str,
    /// The prefix, or `None` for the default namespace.
    pub prefix: Option<&'a str>,
}

/// What is inside an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind<'a> {
    /// A scalar or a structure.
    Value,
    /// A timestamp in this format (the default is `date-time`).
    Timestamp(Format),
    /// A list whose items are described by the member.
    List(&'a Member<'a>),
    /// A map whose keys and values are described by the members.
    Map(&'a Member<'a>, &'a Member<'a>),
}

/// How one member (or list item, map key or value) appears in XML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member<'a> {
    /// Element or attribute name.
    pub name: &'a str,
    /// Namespace declared on the element.
    pub ns: Option<Namespace<'a>>,
    /// `@xmlFlattened`: list items (or map entries) are repeated elements named `name`.
    pub flat: bool,
    /// `@xmlAttribute`: an attribute of the enclosing element.
    pub attr: bool,
    /// What the element holds.
    pub kind: Kind<'a>,
}

impl<'a> Member<'a> {
    /// A plain element.
    pub const fn new(name: &'a str) -> Self {
        Self { name, ns: None, flat: false, attr: false, kind: Kind::Value }
    }

    /// With a namespace declaration.
    pub const fn ns(mut self, uri: &'a str, prefix: Option<&'a str>) -> Self {
        self.ns = Some(Namespace { uri, prefix });
        self
    }

    /// Flattened.
    pub const fn flat(mut self) -> Self {
        self.flat = true;
        self
    }

    /// An attribute.
    pub const fn attr(mut self) -> Self {
        self.attr = true;
        self
    }

    /// A timestamp in `format`.
    pub const fn ts(mut self, format: Format) -> Self {
        self.kind = Kind::Timestamp(format);
        self
    }

    /// A list of `item`s.
    pub const fn list(mut self, item: &'a Member<'a>) -> Self {
        self.kind = Kind::List(item);
        self
    }

    /// A map from `key` to `value`.
    pub const fn map(mut self, key: &'a Member<'a>, value: &'a Member<'a>) -> Self {
        self.kind = Kind::Map(key, value);
        self
    }

    fn timestamp_format(&self) -> Format {
        match self.kind {
            Kind::Timestamp(f) => f,
            _ => Format::DateTime,
        }
    }
}

const DEFAULT_ITEM: Member<'static> = Member::new("member");
const DEFAULT_KEY: Member<'static> = Member::new("key");
const DEFAULT_VALUE: Member<'static> = Member::new("value");

// ---- writing ----------------------------------------------------------------------------------

/// A request body being written. A value that cannot be sent (an `Unknown` union member) is
/// remembered and reported when the request is built.
#[derive(Debug, Default)]
pub struct XmlOut {
    buf: String,
    problem: Option<String>,
    /// The namespace prefixes declared on the element whose start tag is open.
    declared: Vec<String>,
}

fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).replace('\r', "&#xD;").replace('\n', "&#xA;")
}

impl XmlOut {
    /// Records that the body cannot be sent.
    pub fn fail(&mut self, why: impl Into<String>) {
        self.problem.get_or_insert_with(|| why.into());
    }

    /// Opens `<name` with its namespace declaration; attributes may follow, then
    /// [`XmlOut::children`].
    pub fn open(&mut self, m: &Member<'_>) {
        self.buf.push('<');
        self.buf.push_str(m.name);
        self.declared.clear();
        if let Some(ns) = m.ns {
            self.declare(ns);
        }
    }

    fn declare(&mut self, ns: Namespace<'_>) {
        let prefix = ns.prefix.unwrap_or_default();
        if self.declared.iter().any(|p| p == prefix) {
            return;
        }
        self.declared.push(prefix.to_owned());
        match ns.prefix {
            Some(p) => {
                let _ = write!(self.buf, " xmlns:{p}=\"{}\"", escape(ns.uri));
            }
            None => {
                let _ = write!(self.buf, " xmlns=\"{}\"", escape(ns.uri));
            }
        }
    }

    /// Writes an attribute of the element just opened, when the value is set (with its
    /// namespace's declaration, unless the element already declares that prefix).
    pub fn attr<T: XmlSer + ?Sized>(&mut self, value: &T, m: &Member<'_>) {
        if let Some(text) = value.attr_text(m) {
            if let Some(ns) = m.ns {
                self.declare(ns);
            }
            let _ = write!(self.buf, " {}=\"{}\"", m.name, escape(&text));
        }
    }

    /// Ends the start tag: children and text follow.
    pub fn children(&mut self) {
        self.buf.push('>');
    }

    /// Closes the element opened with `m`.
    pub fn close(&mut self, m: &Member<'_>) {
        let _ = write!(self.buf, "</{}>", m.name);
    }

    fn leaf(&mut self, m: &Member<'_>, text: &str) {
        self.open(m);
        self.children();
        self.buf.push_str(&escape(text));
        self.close(m);
    }
}

/// A value that can be written as an XML element (or attribute).
pub trait XmlSer {
    /// Writes the element(s) `m` describes holding the value.
    fn write_xml(&self, out: &mut XmlOut, m: &Member<'_>);

    /// The value as attribute text; `None` when there is nothing to write.
    fn attr_text(&self, _m: &Member<'_>) -> Option<String> {
        None
    }
}

/// A value that can be read from an XML element (or attribute).
pub trait XmlDe: Sized {
    /// Reads the value from the element `m` describes.
    fn read_xml(node: &XmlNode, m: &Member<'_>) -> Result<Self, XmlError>;

    /// Reads the value from an attribute's text.
    fn read_attr(text: &str, _m: &Member<'_>) -> Result<Self, XmlError> {
        Err(XmlError::new(format!("`{text}` cannot be read from an attribute")))
    }

    /// Reads a flattened collection from its repeated elements.
    fn read_flat(nodes: &[&XmlNode], m: &Member<'_>) -> Result<Self, XmlError> {
        match nodes.first() {
            Some(node) => Self::read_xml(node, m),
            None => Err(XmlError::new(format!("no <{}> element", m.name))),
        }
    }
}

macro_rules! text_scalar {
    ($($t:ty),*) => {$(
        impl XmlSer for $t {
            fn write_xml(&self, out: &mut XmlOut, m: &Member<'_>) {
                out.leaf(m, &self.text());
            }
            fn attr_text(&self, _m: &Member<'_>) -> Option<String> {
                Some(self.text().into_owned())
            }
        }
        impl XmlDe for $t {
            fn read_xml(node: &XmlNode, _m: &Member<'_>) -> Result<Self, XmlError> {
                <$t as FromText>::from_text(&node.text).map_err(XmlError::new)
            }
            fn read_attr(text: &str, _m: &Member<'_>) -> Result<Self, XmlError> {
                <$t as FromText>::from_text(text).map_err(XmlError::new)
            }
        }
    )*};
}
text_scalar!(String, bool, i8, i16, i32, i64, f32, f64, BigInteger, BigDecimal, Blob);

impl<T: WireEnum> XmlSer for T {
    fn write_xml(&self, out: &mut XmlOut, m: &Member<'_>) {
        out.leaf(m, self.wire_str());
    }
    fn attr_text(&self, _m: &Member<'_>) -> Option<String> {
        Some(self.wire_str().to_owned())
    }
}

impl<T: WireEnum> XmlDe for T {
    fn read_xml(node: &XmlNode, _m: &Member<'_>) -> Result<Self, XmlError> {
        Ok(T::from_wire(&node.text))
    }
    fn read_attr(text: &str, _m: &Member<'_>) -> Result<Self, XmlError> {
        Ok(T::from_wire(text))
    }
}

impl XmlSer for DateTime {
    fn write_xml(&self, out: &mut XmlOut, m: &Member<'_>) {
        match self.attr_text(m) {
            Some(text) => out.leaf(m, &text),
            None => out.fail(format!("the timestamp in <{}> cannot be written", m.name)),
        }
    }
    fn attr_text(&self, m: &Member<'_>) -> Option<String> {
        self.fmt(m.timestamp_format()).ok()
    }
}

impl XmlDe for DateTime {
    fn read_xml(node: &XmlNode, m: &Member<'_>) -> Result<Self, XmlError> {
        Self::read_attr(&node.text, m)
    }
    fn read_attr(text: &str, m: &Member<'_>) -> Result<Self, XmlError> {
        let text = text.trim();
        DateTime::from_str(text, m.timestamp_format())
            .or_else(|_| DateTime::from_str(text, Format::DateTimeWithOffset))
            .map_err(|_| XmlError::new(format!("`{text}` is not a timestamp")))
    }
}

impl<T: XmlSer> XmlSer for Option<T> {
    fn write_xml(&self, out: &mut XmlOut, m: &Member<'_>) {
        if let Some(v) = self {
            v.write_xml(out, m);
        }
    }
    fn attr_text(&self, m: &Member<'_>) -> Option<String> {
        self.as_ref().and_then(|v| v.attr_text(m))
    }
}

impl<T: XmlDe> XmlDe for Option<T> {
    fn read_xml(node: &XmlNode, m: &Member<'_>) -> Result<Self, XmlError> {
        T::read_xml(node, m).map(Some)
    }
}

fn item_of<'m>(m: &'m Member<'m>) -> &'m Member<'m> {
    match m.kind {
        Kind::List(item) => item,
        _ => &DEFAULT_ITEM,
    }
}

fn entry_of<'m>(m: &'m Member<'m>) -> (&'m Member<'m>, &'m Member<'m>) {
    match m.kind {
        Kind::Map(k, v) => (k, v),
        _ => (&DEFAULT_KEY, &DEFAULT_VALUE),
    }
}

/// A flattened item takes the member's name (and namespace) and keeps the item's kind.
fn flat_item<'m>(m: &'m Member<'m>, item: &'m Member<'m>) -> Member<'m> {
    Member { name: m.name, ns: m.ns.or(item.ns), flat: false, attr: false, kind: item.kind }
}

impl<T: XmlSer> XmlSer for Vec<T> {
    fn write_xml(&self, out: &mut XmlOut, m: &Member<'_>) {
        let item = item_of(m);
        if m.flat {
            let each = flat_item(m, item);
            self.iter().for_each(|v| v.write_xml(out, &each));
        } else {
            out.open(m);
            out.children();
            self.iter().for_each(|v| v.write_xml(out, item));
            out.close(m);
        }
    }
}

impl<T: XmlDe> XmlDe for Vec<T> {
    fn read_xml(node: &XmlNode, m: &Member<'_>) -> Result<Self, XmlError> {
        let item = item_of(m);
        node.children_named(item.name).map(|n| T::read_xml(n, item).map_err(|e| e.in_element(item.name))).collect()
    }
    fn read_flat(nodes: &[&XmlNode], m: &Member<'_>) -> Result<Self, XmlError> {
        let item = item_of(m);
        nodes.iter().map(|n| T::read_xml(n, item).map_err(|e| e.in_element(m.name))).collect()
    }
}

fn write_entries<K: XmlSer + AsRef<str>, V: XmlSer>(map: &HashMap<K, V>, out: &mut XmlOut, entry: &Member<'_>, k: &Member<'_>, v: &Member<'_>) {
    let mut entries: Vec<(&K, &V)> = map.iter().collect();
    entries.sort_by(|a, b| a.0.as_ref().cmp(b.0.as_ref()));
    for (key, value) in entries {
        out.open(entry);
        out.children();
        key.write_xml(out, k);
        value.write_xml(out, v);
        out.close(entry);
    }
}

impl<K: XmlSer + AsRef<str>, V: XmlSer> XmlSer for HashMap<K, V> {
    fn write_xml(&self, out: &mut XmlOut, m: &Member<'_>) {
        let (k, v) = entry_of(m);
        if m.flat {
            let entry = Member { name: m.name, ns: m.ns, flat: false, attr: false, kind: Kind::Value };
            write_entries(self, out, &entry, k, v);
        } else {
            out.open(m);
            out.children();
            write_entries(self, out, &Member::new("entry"), k, v);
            out.close(m);
        }
    }
}

fn read_entries<K: XmlDe + Eq + std::hash::Hash, V: XmlDe>(entries: &[&XmlNode], k: &Member<'_>, v: &Member<'_>) -> Result<HashMap<K, V>, XmlError> {
    let mut out = HashMap::with_capacity(entries.len());
    for entry in entries {
        let key = entry.child(k.name).ok_or_else(|| XmlError::new(format!("a map entry has no <{}>", k.name)))?;
        let key = K::read_xml(key, k)?;
        if let Some(value) = entry.child(v.name) {
            out.insert(key, V::read_xml(value, v).map_err(|e| e.in_element(v.name))?);
        }
    }
    Ok(out)
}

impl<K: XmlDe + Eq + std::hash::Hash, V: XmlDe> XmlDe for HashMap<K, V> {
    fn read_xml(node: &XmlNode, m: &Member<'_>) -> Result<Self, XmlError> {
        let (k, v) = entry_of(m);
        let entries: Vec<&XmlNode> = node.children_named("entry").collect();
        read_entries(&entries, k, v)
    }
    fn read_flat(nodes: &[&XmlNode], m: &Member<'_>) -> Result<Self, XmlError> {
        let (k, v) = entry_of(m);
        read_entries(nodes, k, v)
    }
}

/// The value of a unit union member: an empty element.
#[derive(Debug, Clone, Copy)]
pub struct EmptyElement;

impl XmlSer for EmptyElement {
    fn write_xml(&self, out: &mut XmlOut, m: &Member<'_>) {
        out.open(m);
        out.children();
        out.close(m);
    }
}

/// Writes a whole document whose root element `root` describes.
pub fn to_body<T: XmlSer + ?Sized>(value: &T, root: &Member<'_>) -> Vec<u8> {
    let mut out = XmlOut::default();
    value.write_xml(&mut out, root);
    out.buf.into_bytes()
}

/// Writes a whole document, or says why it cannot be sent.
pub fn try_to_body<T: XmlSer + ?Sized>(value: &T, root: &Member<'_>) -> Result<Vec<u8>, String> {
    let mut out = XmlOut::default();
    value.write_xml(&mut out, root);
    match out.problem {
        Some(why) => Err(why),
        None => Ok(out.buf.into_bytes()),
    }
}

// ---- reading ----------------------------------------------------------------------------------

/// One element of a parsed document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct XmlNode {
    /// The element name as written (with its prefix, if any).
    pub name: String,
    /// Attributes as written, in order.
    pub attrs: Vec<(String, String)>,
    /// Child elements, in order.
    pub children: Vec<XmlNode>,
    /// The element's text (all text and CDATA directly inside it, concatenated).
    pub text: String,
}

fn name_matches(written: &str, wanted: &str) -> bool {
    if wanted.contains(':') {
        written == wanted
    } else {
        written.rsplit(':').next() == Some(wanted)
    }
}

impl XmlNode {
    /// The element name without its prefix.
    pub fn local_name(&self) -> &str {
        self.name.rsplit(':').next().unwrap_or(&self.name)
    }

    /// The first child element with this name.
    pub fn child(&self, name: &str) -> Option<&XmlNode> {
        self.children.iter().find(|c| name_matches(&c.name, name))
    }

    /// Every child element with this name.
    pub fn children_named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s XmlNode> + 's {
        self.children.iter().filter(move |c| name_matches(&c.name, name))
    }

    /// An attribute's value.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| name_matches(k, name)).map(|(_, v)| v.as_str())
    }
}

/// One member of a structure: from its attribute, its element, or its repeated elements.
pub fn field<T: XmlDe>(node: &XmlNode, m: &Member<'_>) -> Result<Option<T>, XmlError> {
    if m.attr {
        return node.attr(m.name).map(|text| T::read_attr(text, m)).transpose().map_err(|e| e.in_element(m.name));
    }
    if m.flat {
        let nodes: Vec<&XmlNode> = node.children_named(m.name).collect();
        if nodes.is_empty() {
            return Ok(None);
        }
        return T::read_flat(&nodes, m).map(Some);
    }
    match node.child(m.name) {
        Some(child) => T::read_xml(child, m).map(Some).map_err(|e| e.in_element(m.name)),
        None => Ok(None),
    }
}

static EMPTY_NODE: XmlNode = XmlNode { name: String::new(), attrs: Vec::new(), children: Vec::new(), text: String::new() };

/// awsQuery: the `<{Operation}Result>` element of a response that holds the output's members;
/// an element with no children when the response has none (every member is then absent).
pub fn result_element<'n>(root: &'n XmlNode, name: &str) -> &'n XmlNode {
    root.child(name).unwrap_or(&EMPTY_NODE)
}

/// The request id a query protocol puts in the body: `<ResponseMetadata><RequestId>` (awsQuery)
/// or `<requestId>` (ec2Query) under the root.
#[cfg(feature = "query")]
pub(crate) fn body_request_id(body: &[u8]) -> Option<String> {
    let root = parse(body).ok()?;
    let id = match root.child("ResponseMetadata") {
        Some(meta) => meta.child("RequestId"),
        None => root.child("requestId").or_else(|| root.child("RequestId")),
    };
    id.map(|n| n.text.trim().to_owned()).filter(|t| !t.is_empty())
}

/// An element read as a whole value (an unwrapped output, or a payload's root).
pub fn read<T: XmlDe>(node: &XmlNode, m: &Member<'_>) -> Result<T, XmlError> {
    T::read_xml(node, m)
}

/// The one set member of a union element: its name and element.
pub fn union_member(node: &XmlNode) -> Result<(&str, &XmlNode), XmlError> {
    let mut set = node.children.iter();
    match (set.next(), set.next()) {
        (Some(child), None) => Ok((child.local_name(), child)),
        (None, _) => Err(XmlError::new("a union has no member set")),
        (Some(_), Some(_)) => Err(XmlError::new("a union has more than one member set")),
    }
}

/// Parses a document into its root element. Entities and character references are resolved;
/// comments, processing instructions and the declaration are skipped. Nesting deeper than
/// [`MAX_DEPTH`] is an error.
pub fn parse(bytes: &[u8]) -> Result<XmlNode, XmlError> {
    use quick_xml::events::Event;
    let bad = |e: &dyn fmt::Display| XmlError::new(format!("the body is not XML ({e})"));
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut stack: Vec<XmlNode> = Vec::new();
    let mut root: Option<XmlNode> = None;
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| bad(&e))?;
        match event {
            Event::Start(start) | Event::Empty(start) if root.is_some() => {
                let _ = start;
                return Err(XmlError::new("the body has more than one root element"));
            }
            Event::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(XmlError::new(format!("the document is nested deeper than {MAX_DEPTH} elements")));
                }
                stack.push(start_node(&start).map_err(|e| bad(&e))?);
            }
            Event::Empty(start) => {
                let node = start_node(&start).map_err(|e| bad(&e))?;
                attach(&mut stack, &mut root, node);
            }
            Event::End(_) => {
                let node = stack.pop().ok_or_else(|| XmlError::new("an end tag has no start tag"))?;
                attach(&mut stack, &mut root, node);
            }
            Event::Text(text) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&text.xml_content().map_err(|e| bad(&e))?);
                }
            }
            Event::CData(data) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&data.decode().map_err(|e| bad(&e))?);
                }
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref().map_err(|e| bad(&e))? {
                    Some(c) => c.to_string(),
                    None => {
                        let name = reference.decode().map_err(|e| bad(&e))?;
                        quick_xml::escape::resolve_xml_entity(&name)
                            .ok_or_else(|| XmlError::new(format!("unknown entity `&{name};`")))?
                            .to_owned()
                    }
                };
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !stack.is_empty() {
        return Err(XmlError::new("the document ends inside an element"));
    }
    root.ok_or_else(|| XmlError::new("the body has no root element"))
}

fn start_node(start: &quick_xml::events::BytesStart<'_>) -> Result<XmlNode, quick_xml::Error> {
    let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(quick_xml::Error::from)?;
        let key = String::from_utf8_lossy(attr.key.as_ref()).into_owned();
        attrs.push((key, attr.unescape_value()?.into_owned()));
    }
    Ok(XmlNode { name, attrs, children: Vec::new(), text: String::new() })
}

fn attach(stack: &mut [XmlNode], root: &mut Option<XmlNode>, node: XmlNode) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(node),
        None => *root = Some(node),
    }
}

/// The element of an error response that holds the error's members: `<Error>` inside
/// `<ErrorResponse>` (or inside `<Response><Errors>`), or the root itself when it is `<Error>`.
pub fn error_element(root: XmlNode) -> XmlNode {
    fn find(node: XmlNode, depth: usize) -> Result<XmlNode, XmlNode> {
        if node.local_name() == "Error" {
            return Ok(node);
        }
        if depth == 0 {
            return Err(node);
        }
        let XmlNode { name, attrs, children, text } = node;
        let mut rest = Vec::new();
        let mut found = None;
        for child in children {
            if found.is_none() {
                match find(child, depth - 1) {
                    Ok(hit) => found = Some(hit),
                    Err(miss) => rest.push(miss),
                }
            } else {
                rest.push(child);
            }
        }
        found.ok_or(XmlNode { name, attrs, children: rest, text })
    }
    match find(root, 2) {
        Ok(hit) | Err(hit) => hit,
    }
}

/// Code, message and request id of an XML error response.
pub(crate) fn error_facts(body: &[u8]) -> ErrorFacts {
    let Ok(root) = parse(body) else { return ErrorFacts::default() };
    let request_id = root
        .child("RequestId")
        .or_else(|| root.child("RequestID"))
        .map(|n| n.text.trim().to_owned());
    let error = error_element(root);
    let text = |name: &str| error.child(name).map(|n| n.text.trim().to_owned()).filter(|t| !t.is_empty());
    ErrorFacts {
        code: text("Code"),
        message: text("Message").or_else(|| text("message")),
        request_id: request_id.or_else(|| text("RequestId")),
        error_type: text("Type"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_entities_attributes_and_namespaces() {
        let doc = parse(br#"<?xml version="1.0"?><a:Root xmlns:a="urn:x" k="v&amp;w"><b>x &lt; y &#65;</b><c/><![CDATA[raw]]></a:Root>"#).expect("xml");
        assert_eq!(doc.local_name(), "Root");
        assert_eq!(doc.attr("k"), Some("v&w"));
        assert_eq!(doc.child("b").map(|b| b.text.as_str()), Some("x < y A"));
        assert!(doc.child("c").is_some());
        assert_eq!(doc.text, "raw");
    }

    #[test]
    fn rejects_bad_documents() {
        assert!(parse(b"<a><b></a>").is_err());
        assert!(parse(b"<a>").is_err());
        assert!(parse(b"").is_err());
        assert!(parse(b"<html><body>oops").is_err());
        assert!(parse(b"<a/><b/>").is_err());
        let deep = "<a>".repeat(MAX_DEPTH + 1) + &"</a>".repeat(MAX_DEPTH + 1);
        assert!(parse(deep.as_bytes()).is_err());
    }

    #[test]
    fn lists_maps_and_flattening_round_trip() {
        let item = Member::new("item");
        let list = Member::new("L").list(&item);
        let flat = Member::new("F").flat();
        let (k, v) = (Member::new("k"), Member::new("v"));
        let map = Member::new("M").map(&k, &v);
        let mut out = XmlOut::default();
        out.open(&Member::new("Root").ns("urn:x", None));
        out.attr(&Some("1".to_owned()), &Member::new("id").attr());
        out.children();
        vec!["a".to_owned(), "b".to_owned()].write_xml(&mut out, &list);
        vec![1, 2].write_xml(&mut out, &flat);
        HashMap::from([("x".to_owned(), 1)]).write_xml(&mut out, &map);
        out.close(&Member::new("Root"));
        let text = out.buf.clone();
        assert_eq!(
            text,
            r#"<Root xmlns="urn:x" id="1"><L><item>a</item><item>b</item></L><F>1</F><F>2</F><M><entry><k>x</k><v>1</v></entry></M></Root>"#
        );
        let doc = parse(text.as_bytes()).expect("xml");
        assert_eq!(field::<Vec<String>>(&doc, &list), Ok(Some(vec!["a".into(), "b".into()])));
        assert_eq!(field::<Vec<i32>>(&doc, &flat), Ok(Some(vec![1, 2])));
        assert_eq!(field::<HashMap<String, i32>>(&doc, &map), Ok(Some(HashMap::from([("x".into(), 1)]))));
        assert_eq!(field::<String>(&doc, &Member::new("id").attr()), Ok(Some("1".into())));
        assert_eq!(field::<String>(&doc, &Member::new("missing")), Ok(None));
    }

    #[test]
    fn error_elements() {
        let wrapped = parse(b"<ErrorResponse><Error><Code>X</Code></Error><RequestId>r</RequestId></ErrorResponse>").expect("xml");
        assert_eq!(error_element(wrapped).child("Code").map(|c| c.text.clone()), Some("X".into()));
        let facts = error_facts(b"<Error><Code>NoSuchKey</Code><Message>gone</Message><RequestId>r1</RequestId></Error>");
        assert_eq!((facts.code.as_deref(), facts.message.as_deref(), facts.request_id.as_deref()), (Some("NoSuchKey"), Some("gone"), Some("r1")));
        let ec2 = error_facts(b"<Response><Errors><Error><Code>C</Code></Error></Errors><RequestID>q</RequestID></Response>");
        assert_eq!((ec2.code.as_deref(), ec2.request_id.as_deref()), (Some("C"), Some("q")));
    }
}
