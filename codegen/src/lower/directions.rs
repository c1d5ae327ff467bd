//! Which types need a serialiser, a deserialiser, or both: everything an operation input reaches
//! is written into requests; everything an output or error reaches is read from responses.
//! Generating only what is used keeps the crates small.

use std::collections::BTreeSet;

use crate::ir::{Crate, RustType, StructKind, TypePath};

/// Sets `wire` on every structure, union and enum of the crate.
pub fn mark_wire_directions(c: &mut Crate) {
    let roots = |keep: &dyn Fn(&StructKind) -> bool| -> Vec<TypePath> {
        c.structures.iter().filter(|s| keep(&s.kind)).map(|s| s.path.clone()).collect()
    };
    let ser = reachable(c, roots(&|k| *k == StructKind::Input));
    let de = reachable(c, roots(&|k| matches!(k, StructKind::Output | StructKind::Error(_))));
    for s in &mut c.structures {
        s.wire.ser = ser.contains(&s.path);
        s.wire.de = de.contains(&s.path);
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
    let sensitive: Vec<bool> = c
        .operations
        .iter()
        .map(|op| reachable(c, vec![c.structures[op.output].path.clone()]).iter().any(|p| is_redacting(c, p)))
        .collect();
    for (op, sensitive) in c.operations.iter_mut().zip(sensitive) {
        op.sensitive_output = sensitive;
    }
}

/// Whether values of this type hide something in `Debug`.
fn is_redacting(c: &Crate, path: &TypePath) -> bool {
    let structure = c.structures.iter().find(|s| s.path == *path).is_some_and(|s| s.custom_debug);
    let union = c.unions.iter().any(|u| u.name == path.name && path.module == crate::ir::Module::Types && u.custom_debug);
    let en = c.enums.iter().any(|e| e.name == path.name && path.module == crate::ir::Module::Types && e.sensitive);
    structure || union || en
}

fn reachable(c: &Crate, roots: Vec<TypePath>) -> BTreeSet<TypePath> {
    let mut seen = BTreeSet::new();
    let mut queue = roots;
    while let Some(path) = queue.pop() {
        if !seen.insert(path.clone()) {
            continue;
        }
        let mut types: Vec<&RustType> = Vec::new();
        if let Some(s) = c.structures.iter().find(|s| s.path == path) {
            types.extend(s.members.iter().map(|m| &m.ty));
        }
        if let Some(u) = c.unions.iter().find(|u| u.name == path.name && path.module == crate::ir::Module::Types) {
            types.extend(u.variants.iter().filter_map(|v| v.ty.as_ref()));
        }
        for ty in types {
            collect_paths(ty, &mut queue);
        }
    }
    seen
}

fn collect_paths(ty: &RustType, out: &mut Vec<TypePath>) {
    match ty {
        RustType::Struct(p) | RustType::Enum(p) | RustType::Union(p) => out.push(p.clone()),
        RustType::List { element, .. } => collect_paths(element, out),
        RustType::Map { key, value, .. } => {
            collect_paths(key, out);
            collect_paths(value, out);
        }
        _ => {}
    }
}
