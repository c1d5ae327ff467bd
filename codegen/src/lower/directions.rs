//! Which types need a serialiser, a deserialiser, or both: everything an operation input reaches
//! is written into requests; everything an output or error reaches is read from responses.
//! Generating only what is used keeps the crates small.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Crate, RustType, StructKind, TypePath};

/// The member types of every structure and union, by path: what `reachable` walks.
struct Edges<'c> {
    by_path: BTreeMap<TypePath, Vec<&'c RustType>>,
    /// The error structures of each event stream union: read where its events are read, and
    /// written (as exceptions) where they are written.
    event_errors: BTreeMap<TypePath, Vec<TypePath>>,
}

/// The error structures of the event stream unions, by union path.
fn event_errors(c: &Crate) -> BTreeMap<TypePath, Vec<TypePath>> {
    c.unions
        .iter()
        .filter_map(|u| {
            let errors = u.event_stream.as_ref()?.variants.iter().map(|(_, e)| e.path.clone()).collect();
            Some((TypePath { module: crate::ir::Module::Types, name: u.name.clone() }, errors))
        })
        .collect()
}

impl<'c> Edges<'c> {
    fn new(c: &'c Crate) -> Self {
        let mut by_path: BTreeMap<TypePath, Vec<&'c RustType>> = BTreeMap::new();
        for s in &c.structures {
            by_path.entry(s.path.clone()).or_default().extend(s.members.iter().map(|m| &m.ty));
        }
        for u in &c.unions {
            let path = TypePath { module: crate::ir::Module::Types, name: u.name.clone() };
            by_path.entry(path).or_default().extend(u.variants.iter().filter_map(|v| v.ty.as_ref()));
        }
        Self { by_path, event_errors: event_errors(c) }
    }
}

/// Sets `wire` on every structure, union and enum of the crate.
pub fn mark_wire_directions(c: &mut Crate) {
    let (ser, de, nested_de, sensitive) = {
        let roots = |keep: &dyn Fn(&StructKind) -> bool| -> Vec<TypePath> {
            c.structures.iter().filter(|s| keep(&s.kind)).map(|s| s.path.clone()).collect()
        };
        let edges = Edges::new(c);
        let mut ser = reachable(&edges, roots(&|k| *k == StructKind::Input));
        let mut de = reachable(&edges, roots(&|k| matches!(k, StructKind::Output | StructKind::Error(_))));
        let stream_errors = |within: &BTreeSet<TypePath>| -> Vec<TypePath> {
            edges.event_errors.iter().filter(|(union, _)| within.contains(*union)).flat_map(|(_, errors)| errors.clone()).collect()
        };
        let (written_errors, read_errors) = (stream_errors(&ser), stream_errors(&de));
        ser.extend(reachable(&edges, written_errors));
        de.extend(reachable(&edges, read_errors));
        let nested_de = members_of(&edges, &de);
        let redacting = redacting_paths(c);
        let reaches_redacted = |roots: Vec<TypePath>| reachable(&edges, roots).iter().any(|p| redacting.contains(p));
        let sensitive: Vec<(bool, bool, Vec<String>)> = c
            .operations
            .iter()
            .map(|op| {
                let output = &c.structures[op.output];
                let errors: Vec<TypePath> = op.errors.iter().map(|e| e.path.clone()).collect();
                let mut headers: Vec<String> = std::iter::once(output)
                    .chain(c.structures.iter().filter(|s| errors.contains(&s.path)))
                    .flat_map(|s| s.members.iter().filter(|m| m.redacted))
                    .filter_map(|m| match &m.binding {
                        crate::ir::Binding::Header(name) => Some(name.clone()),
                        crate::ir::Binding::PrefixHeaders(prefix) => Some(format!("{prefix}*")),
                        _ => None,
                    })
                    .collect();
                headers.sort();
                headers.dedup();
                (reaches_redacted(vec![output.path.clone()]), reaches_redacted(errors), headers)
            })
            .collect();
        (ser, de, nested_de, sensitive)
    };
    let (ser_events, de_events) = event_structures(c, &ser, &de);
    for s in &mut c.structures {
        s.event_message.ser = ser_events.contains(&s.path);
        s.event_message.de = de_events.contains(&s.path);
        s.wire.ser = ser.contains(&s.path);
        s.wire.de = de.contains(&s.path);
        s.wire.de_as_member = nested_de.contains(&s.path);
    }
    for u in &mut c.unions {
        let path = TypePath { module: crate::ir::Module::Types, name: u.name.clone() };
        u.wire.ser = ser.contains(&path);
        u.wire.de = de.contains(&path);
    }
    for e in &mut c.enums {
        let path = TypePath { module: crate::ir::Module::Types, name: e.name.clone() };
        e.wire.ser = ser.contains(&path);
        e.wire.de = de.contains(&path);
    }
    for (op, (output, errors, headers)) in c.operations.iter_mut().zip(sensitive) {
        op.sensitive_output = output;
        op.sensitive_errors = errors;
        op.sensitive_headers = headers;
    }
}

/// The events written into (first) and read from (second) event messages: the event members of
/// the event stream unions that are written and read, and the error members of those written
/// (sent as exception messages).
fn event_structures(c: &Crate, ser: &BTreeSet<TypePath>, de: &BTreeSet<TypePath>) -> (BTreeSet<TypePath>, BTreeSet<TypePath>) {
    let (mut written, mut read) = (BTreeSet::new(), BTreeSet::new());
    for u in c.unions.iter().filter(|u| u.event_stream.is_some()) {
        let path = TypePath { module: crate::ir::Module::Types, name: u.name.clone() };
        let events = u.variants.iter().filter_map(|v| match &v.ty {
            Some(RustType::Struct(p)) => Some(p.clone()),
            _ => None,
        });
        if ser.contains(&path) {
            written.extend(u.event_stream.iter().flat_map(|errors| errors.variants.iter().map(|(_, e)| e.path.clone())));
        }
        for event in events {
            if ser.contains(&path) {
                written.insert(event.clone());
            }
            if de.contains(&path) {
                read.insert(event);
            }
        }
    }
    (written, read)
}

/// The types whose values hide something in `Debug`.
fn redacting_paths(c: &Crate) -> BTreeSet<TypePath> {
    let types = |name: &String| TypePath { module: crate::ir::Module::Types, name: name.clone() };
    let structures = c.structures.iter().filter(|s| s.custom_debug).map(|s| s.path.clone());
    let unions = c.unions.iter().filter(|u| u.custom_debug).map(|u| types(&u.name));
    let enums = c.enums.iter().filter(|e| e.sensitive).map(|e| types(&e.name));
    structures.chain(unions).chain(enums).collect()
}

/// The types that members of `types` hold.
fn members_of(edges: &Edges<'_>, types: &BTreeSet<TypePath>) -> BTreeSet<TypePath> {
    let mut out = Vec::new();
    for ty in types.iter().filter_map(|p| edges.by_path.get(p)).flatten() {
        collect_paths(ty, &mut out);
    }
    out.into_iter().collect()
}

fn reachable(edges: &Edges<'_>, roots: Vec<TypePath>) -> BTreeSet<TypePath> {
    let mut seen = BTreeSet::new();
    let mut queue = roots;
    while let Some(path) = queue.pop() {
        if !seen.insert(path.clone()) {
            continue;
        }
        for ty in edges.by_path.get(&path).into_iter().flatten() {
            collect_paths(ty, &mut queue);
        }
    }
    seen
}

fn collect_paths(ty: &RustType, out: &mut Vec<TypePath>) {
    match ty {
        RustType::Struct(p) | RustType::Enum(p) | RustType::Union(p) => out.push(p.clone()),
        RustType::EventReceiver(t) | RustType::EventSender(t) => out.push(t.event.clone()),
        RustType::List { element, .. } => collect_paths(element, out),
        RustType::Map { key, value, .. } => {
            collect_paths(key, out);
            collect_paths(value, out);
        }
        _ => {}
    }
}
