//! The model as a graph of shapes and members, and selectors evaluated over it.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{Attr, Cmp, Dir, Selector, Step};
use crate::ast::Shape;
use crate::validate::index::{is_number, is_simple, members, Index, Node};

type Set = BTreeSet<usize>;

/// Every shape and member of the model (and of the prelude's trait definitions), with the
/// relationships between them.
pub struct Graph<'a> {
    ix: &'a Index<'a>,
    ids: Vec<String>,
    pos: BTreeMap<String, usize>,
    kinds: Vec<&'a str>,
    out: Vec<Vec<(&'static str, usize)>>,
    inc: Vec<Vec<(&'static str, usize)>>,
}

impl<'a> Graph<'a> {
    /// The graph of the model behind `ix`.
    pub fn new(ix: &'a Index<'a>) -> Self {
        let mut g = Graph { ix, ids: Vec::new(), pos: BTreeMap::new(), kinds: Vec::new(), out: Vec::new(), inc: Vec::new() };
        let extra = ix.prelude.iter().filter(|(id, _)| !ix.model.shapes.contains_key(*id));
        let shapes: Vec<(&String, &Shape)> = ix.model.shapes.iter().chain(extra).collect();
        for (id, shape) in &shapes {
            g.add(id.to_string(), &shape.kind);
            for (name, _) in members(shape) {
                g.add(format!("{id}${name}"), "member");
            }
        }
        g.out = vec![Vec::new(); g.ids.len()];
        g.inc = vec![Vec::new(); g.ids.len()];
        for (id, shape) in &shapes {
            g.link_shape(id, shape);
        }
        g
    }

    fn add(&mut self, id: String, kind: &'a str) {
        self.pos.insert(id.clone(), self.ids.len());
        self.ids.push(id);
        self.kinds.push(kind);
    }

    fn edge(&mut self, from: &str, rel: &'static str, to: &str) {
        if let (Some(&a), Some(&b)) = (self.pos.get(from), self.pos.get(to)) {
            self.out[a].push((rel, b));
            self.inc[b].push((rel, a));
        }
    }

    fn link_shape(&mut self, id: &str, shape: &Shape) {
        for (name, member) in members(shape) {
            let member_id = format!("{id}${name}");
            self.edge(id, "member", &member_id);
            self.edge(&member_id, "member_target", &member.target);
        }
        let single = [
            ("input", &shape.input),
            ("output", &shape.output),
            ("create", &shape.create),
            ("put", &shape.put),
            ("read", &shape.read),
            ("update", &shape.update),
            ("delete", &shape.delete),
            ("list", &shape.list),
        ];
        for (rel, target) in single {
            if let Some(t) = target {
                self.edge(id, rel, &t.target);
            }
        }
        let lists = [
            ("error", &shape.errors),
            ("operation", &shape.operations),
            ("collection_operation", &shape.collection_operations),
            ("resource", &shape.resources),
        ];
        for (rel, targets) in lists {
            for t in targets {
                self.edge(id, rel, &t.target);
            }
        }
        for (rel, map) in [("identifier", &shape.identifiers), ("property", &shape.properties)] {
            for t in map.values() {
                self.edge(id, rel, &t.target);
            }
        }
    }

    /// The node of a shape or member id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.pos.get(id).copied()
    }

    /// Every node the selector matches, evaluated over the whole model.
    pub fn select(&self, selector: &Selector) -> Set {
        self.apply(selector, (0..self.ids.len()).collect())
    }

    /// Every node the selector reaches when evaluated from one node (a trait validator's
    /// selector, from the shape the trait is applied to).
    pub fn select_from(&self, selector: &Selector, start: usize) -> Set {
        self.apply(selector, Set::from([start]))
    }

    /// The shape or member id of a node.
    pub fn id_of(&self, node: usize) -> &str {
        &self.ids[node]
    }

    fn apply(&self, selector: &Selector, mut set: Set) -> Set {
        for step in &selector.0 {
            if set.is_empty() {
                break;
            }
            set = self.step(step, set);
        }
        set
    }

    fn matches_any(&self, alternatives: &[Selector], node: usize) -> bool {
        alternatives.iter().any(|alt| !self.apply(alt, Set::from([node])).is_empty())
    }

    fn step(&self, step: &Step, set: Set) -> Set {
        match step {
            Step::Type(name) => set.into_iter().filter(|&n| type_matches(name, self.kinds[n])).collect(),
            Step::Attr(attr) => set.into_iter().filter(|&n| self.attr_matches(attr, n)).collect(),
            Step::Is(alts) => alts.iter().flat_map(|alt| self.apply(alt, set.clone())).collect(),
            Step::Not(alts) => set.into_iter().filter(|&n| !self.matches_any(alts, n)).collect(),
            Step::Test(alts) => set.into_iter().filter(|&n| self.matches_any(alts, n)).collect(),
            Step::In(alts) => {
                let within: Set = alts.iter().flat_map(|alt| self.select(alt)).collect();
                set.into_iter().filter(|n| within.contains(n)).collect()
            }
            Step::Root(alts) => alts.iter().flat_map(|alt| self.select(alt)).collect(),
            Step::Neighbor(dir, rels) => self.neighbors(&set, *dir, rels.as_deref()),
            Step::Recursive => self.recursive(&set),
        }
    }

    fn neighbors(&self, set: &Set, dir: Dir, rels: Option<&[String]>) -> Set {
        let edges = if dir == Dir::Forward { &self.out } else { &self.inc };
        let wanted = |rel: &str| match rels {
            None => true,
            Some(names) => names.iter().any(|n| n == rel),
        };
        set.iter().flat_map(|&n| edges[n].iter().filter(|(rel, _)| wanted(rel)).map(|(_, to)| *to)).collect()
    }

    /// Every node reachable from `set` through forward relationships (`~>`).
    pub fn reachable(&self, set: &Set) -> Set {
        self.recursive(set)
    }

    fn recursive(&self, set: &Set) -> Set {
        let mut seen = Set::new();
        let mut queue: Vec<usize> = set.iter().copied().collect();
        while let Some(n) = queue.pop() {
            for &(_, to) in &self.out[n] {
                if seen.insert(to) {
                    queue.push(to);
                }
            }
        }
        seen
    }

    fn attr_matches(&self, attr: &Attr, n: usize) -> bool {
        let values = self.attr_values(&attr.key, n);
        match &attr.cmp {
            None => values.is_some(),
            Some((Cmp::Exists, expected, _)) => {
                let present = values.is_some();
                expected.iter().any(|e| (e == "true") == present)
            }
            Some((cmp, expected, insensitive)) => {
                values.is_some_and(|actual| actual.iter().any(|a| expected.iter().any(|e| compare(*cmp, a, e, *insensitive))))
            }
        }
    }

    /// The values of an attribute on a node as text; `None` when the attribute is absent.
    fn attr_values(&self, key: &[String], n: usize) -> Option<Vec<String>> {
        let id = &self.ids[n];
        let (shape_id, member) = match id.split_once('$') {
            Some((s, m)) => (s, Some(m)),
            None => (id.as_str(), None),
        };
        let (ns, name) = shape_id.split_once('#').unwrap_or(("", shape_id));
        match key.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
            ["id"] => Some(vec![id.clone()]),
            ["id", "namespace"] => Some(vec![ns.to_owned()]),
            ["id", "name"] => Some(vec![name.to_owned()]),
            ["id", "member"] => member.map(|m| vec![m.to_owned()]),
            ["service"] => (self.kinds[n] == "service").then(|| vec![id.clone()]),
            ["service", "version"] => self.ix.shape(id).filter(|s| s.kind == "service").and_then(|s| s.version.clone()).map(|v| vec![v]),
            ["trait", name, path @ ..] => {
                let trait_id = if name.contains('#') { name.to_string() } else { format!("smithy.api#{name}") };
                let value = self.ix.node(id).map(Node::traits).and_then(|t| t.get(&trait_id))?;
                path_values(value, path)
            }
            _ => None,
        }
    }
}

/// A value met on an attribute path: part of the trait value, or text made from it.
enum Item<'v> {
    Value(&'v Value),
    Text(String),
}

/// The values at a path within a trait value, as text; `None` when the path leads nowhere.
fn path_values(value: &Value, path: &[&str]) -> Option<Vec<String>> {
    let mut items = vec![Item::Value(value)];
    for segment in path {
        items = items.into_iter().flat_map(|item| path_step(item, segment)).collect();
        if items.is_empty() {
            return None;
        }
    }
    Some(
        items
            .into_iter()
            .map(|i| match i {
                Item::Value(v) => text_of(v),
                Item::Text(t) => t,
            })
            .collect(),
    )
}

fn path_step<'v>(item: Item<'v>, segment: &str) -> Vec<Item<'v>> {
    let Item::Value(value) = item else { return Vec::new() };
    match (segment, value) {
        ("(keys)", Value::Object(o)) => o.keys().map(|k| Item::Text(k.clone())).collect(),
        ("(values)", Value::Object(o)) => o.values().map(Item::Value).collect(),
        ("(values)", Value::Array(a)) => a.iter().map(Item::Value).collect(),
        ("(length)", Value::Object(o)) => vec![Item::Text(o.len().to_string())],
        ("(length)", Value::Array(a)) => vec![Item::Text(a.len().to_string())],
        ("(length)", Value::String(s)) => vec![Item::Text(s.chars().count().to_string())],
        (key, Value::Object(o)) => o.get(key).map(Item::Value).into_iter().collect(),
        (key, Value::Array(a)) => key.parse::<usize>().ok().and_then(|i| a.get(i)).map(Item::Value).into_iter().collect(),
        _ => Vec::new(),
    }
}

fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Null => "null".to_owned(),
        other => other.to_string(),
    }
}

fn compare(cmp: Cmp, actual: &str, expected: &str, insensitive: bool) -> bool {
    let (a, e) = if insensitive { (actual.to_lowercase(), expected.to_lowercase()) } else { (actual.to_owned(), expected.to_owned()) };
    let numbers = || Some((a.parse::<f64>().ok()?, e.parse::<f64>().ok()?));
    match cmp {
        Cmp::Eq => a == e || numbers().is_some_and(|(x, y)| x == y),
        Cmp::Ne => a != e && !numbers().is_some_and(|(x, y)| x == y),
        Cmp::Prefix => a.starts_with(&e),
        Cmp::Suffix => a.ends_with(&e),
        Cmp::Contains => a.contains(&e),
        Cmp::Exists => true,
        Cmp::Gt => numbers().is_some_and(|(x, y)| x > y),
        Cmp::Ge => numbers().is_some_and(|(x, y)| x >= y),
        Cmp::Lt => numbers().is_some_and(|(x, y)| x < y),
        Cmp::Le => numbers().is_some_and(|(x, y)| x <= y),
    }
}

/// Whether a node of `kind` matches a shape-type selector.
fn type_matches(selector: &str, kind: &str) -> bool {
    match selector {
        "*" => true,
        "number" => is_number(kind),
        "simpleType" => is_simple(kind),
        "collection" | "list" => matches!(kind, "list" | "set"),
        "string" => matches!(kind, "string" | "enum"),
        "integer" => matches!(kind, "integer" | "intEnum"),
        "dataType" => is_simple(kind) || matches!(kind, "list" | "set" | "map" | "structure" | "union"),
        other => other == kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::selector::parse;

    fn model() -> crate::ast::Model {
        let json = r#"{"smithy": "2.0", "shapes": {
            "a#S": {"type": "structure", "members": {
                "s": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}},
                "n": {"target": "a#N"}}},
            "a#N": {"type": "integer", "traits": {"smithy.api#error": "client"}},
            "a#L": {"type": "list", "member": {"target": "a#N"}},
            "a#Op": {"type": "operation", "input": {"target": "a#S"}}
        }}"#;
        crate::resolve::resolve(crate::ast::parse_model(json).expect("parses")).expect("resolves")
    }

    fn ids(text: &str) -> Vec<String> {
        let model = model();
        let prelude = BTreeMap::new();
        let ix = Index { model: &model, prelude: &prelude };
        let g = Graph::new(&ix);
        let selector = parse(text).expect("parses");
        g.select(&selector).into_iter().map(|n| g.ids[n].clone()).filter(|id| id.starts_with("a#")).collect()
    }

    #[test]
    fn selectors_pick_the_shapes_they_name() {
        assert_eq!(ids("structure > member[trait|required]"), ["a#S$s"]);
        assert_eq!(ids("structure > :test(member > number)"), ["a#S$n"]);
        assert_eq!(ids("operation -[input]-> structure > member :test(> string)"), ["a#S$s"]);
        assert_eq!(ids("[trait|error=CLIENT i]"), ["a#N"]);
        assert_eq!(ids("list :not(> member ~> string)"), ["a#L"]);
        assert_eq!(ids(":is(list, operation)"), ["a#L", "a#Op"]);
        assert_eq!(ids("integer <"), ["a#L$member", "a#S$n"]);
        assert_eq!(ids("[id|member=n]"), ["a#S$n"]);
        assert_eq!(ids(":in(:root(operation -[input]->))"), ["a#S"]);
    }
}
