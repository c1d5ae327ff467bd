//! Where the order of an XML request body's elements does not matter, as the model says: the
//! entries of each map. Everything else keeps its order, except that a structure's members may
//! come in any order (the comparison groups children by name, which keeps list items in
//! theirs). Paths are element names from the root, joined by `/` (`Root/member/entry`).

use crate::ir::{Binding, Crate, Member, ParamValue, RustType, Structure, XmlInner, XmlMember};

/// The paths of map entries in the XML body a request case's input makes, in the order met.
pub(super) fn unordered_paths(c: &Crate, input: &Structure, value: &ParamValue) -> Vec<String> {
    let mut found = Vec::new();
    let ParamValue::Struct { fields, .. } = value else { return found };
    let payload = input.members.iter().find(|m| m.binding == Binding::Payload);
    match payload {
        Some(member) => {
            let (Some(xml), Some(v)) = (&member.xml, field_value(fields, member)) else { return found };
            content(c, &xml.name, &member.ty, v, &mut found);
        }
        None => {
            let Some(root) = &input.xml_root else { return found };
            for (accessor, _, v) in fields {
                let member = input.members.iter().find(|m| &m.accessor == accessor && m.binding == Binding::Body);
                if let Some((member, xml)) = member.and_then(|m| Some((m, m.xml.as_ref()?))) {
                    element(c, &root.name, xml, &member.ty, v, &mut found);
                }
            }
        }
    }
    found
}

fn field_value<'v>(fields: &'v [(String, bool, ParamValue)], member: &Member) -> Option<&'v ParamValue> {
    fields.iter().find(|(a, _, _)| *a == member.accessor).map(|(_, _, v)| v)
}

fn join(parent: &str, name: &str) -> String {
    format!("{parent}/{name}")
}

/// A member of the element at `parent`, described by `xml`.
fn element(c: &Crate, parent: &str, xml: &XmlMember, ty: &RustType, value: &ParamValue, found: &mut Vec<String>) {
    if xml.attribute {
        return;
    }
    match (&xml.inner, ty, value) {
        (XmlInner::List(item), RustType::List { element: item_ty, .. }, ParamValue::List { items, .. }) => {
            let at = if xml.flattened { join(parent, &xml.name) } else { join(&join(parent, &xml.name), &item.name) };
            for v in items {
                collection_item(c, &at, item, item_ty, v, found);
            }
        }
        (XmlInner::Map(_, value_xml), RustType::Map { value: value_ty, .. }, ParamValue::Map { entries, .. }) => {
            let at = if xml.flattened { join(parent, &xml.name) } else { join(&join(parent, &xml.name), "entry") };
            for (_, v) in entries {
                element(c, &at, value_xml, value_ty, v, found);
            }
            found.push(at);
        }
        _ => content(c, &join(parent, &xml.name), ty, value, found),
    }
}

/// A list item whose element is at `at`: a nested collection's items sit inside it.
fn collection_item(c: &Crate, at: &str, item: &XmlMember, ty: &RustType, value: &ParamValue, found: &mut Vec<String>) {
    match (&item.inner, ty, value) {
        (XmlInner::List(inner), RustType::List { element: inner_ty, .. }, ParamValue::List { items, .. }) => {
            for v in items {
                collection_item(c, &join(at, &inner.name), inner, inner_ty, v, found);
            }
        }
        (XmlInner::Map(_, value_xml), RustType::Map { value: value_ty, .. }, ParamValue::Map { entries, .. }) => {
            let entry = join(at, "entry");
            for (_, v) in entries {
                element(c, &entry, value_xml, value_ty, v, found);
            }
            found.push(entry);
        }
        _ => content(c, at, ty, value, found),
    }
}

/// The members inside the element at `at` that holds a structure or union value.
fn content(c: &Crate, at: &str, ty: &RustType, value: &ParamValue, found: &mut Vec<String>) {
    match (ty, value) {
        (RustType::Struct(path), ParamValue::Struct { fields, .. }) => {
            let Some(s) = c.structures.iter().find(|s| s.path == *path) else { return };
            for (accessor, _, v) in fields {
                if let Some((member, xml)) = s.members.iter().find(|m| &m.accessor == accessor).and_then(|m| Some((m, m.xml.as_ref()?))) {
                    element(c, at, xml, &member.ty, v, found);
                }
            }
        }
        (RustType::Union(path), ParamValue::Union { variant, value: Some(v), .. }) => {
            let Some(u) = c.unions.iter().find(|u| u.name == path.name) else { return };
            let Some(var) = u.variants.iter().find(|x| &x.name == variant) else { return };
            if let (Some(xml), Some(var_ty)) = (&var.xml, &var.ty) {
                element(c, at, xml, var_ty, v, found);
            }
        }
        _ => {}
    }
}
