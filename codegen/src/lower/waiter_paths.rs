//! Acceptor paths checked against the shapes they read: a field must be a member of the
//! structure (or union) it is read from, an index or projection must apply to a list, so that a
//! path the model's shapes cannot satisfy (one that could only ever give `null`) is found at
//! generation time, naming the waiter, instead of making the waiter wait in vain.

use std::collections::BTreeMap;

use crate::ast::Shape;
use crate::ir::JmesPath;

/// What an expression gives, as far as the shapes tell.
#[derive(Debug, Clone)]
enum Kind {
    /// A value of this shape.
    Shape(String),
    /// A list whose elements are of this kind (a projection's result).
    List(Box<Kind>),
    /// An object with these members (the `{input, output}` of an `inputOutput` matcher).
    Object(Vec<(String, Kind)>),
    /// Anything: a document, a function's result, a literal, a comparison.
    Any,
}

/// Checks `path` on an operation's output (`input`: on `{input, output}`); the error says which
/// step of the path the shapes cannot satisfy.
pub fn check(shapes: &BTreeMap<String, Shape>, path: &JmesPath, input: Option<&str>, output: &str) -> Result<(), String> {
    let root = match input {
        Some(input) => Kind::Object(vec![("input".to_owned(), Kind::Shape(input.to_owned())), ("output".to_owned(), Kind::Shape(output.to_owned()))]),
        None => Kind::Shape(output.to_owned()),
    };
    Checker { shapes }.kind(path, &root).map(|_| ())
}

struct Checker<'a> {
    shapes: &'a BTreeMap<String, Shape>,
}

impl Checker<'_> {
    fn shape_kind(&self, id: &str) -> &str {
        self.shapes.get(id).map_or("scalar", |s| s.kind.as_str())
    }

    /// The element kind of a list-valued kind.
    fn element(&self, kind: &Kind, what: &str) -> Result<Kind, String> {
        match kind {
            Kind::List(element) => Ok((**element).clone()),
            Kind::Any => Ok(Kind::Any),
            Kind::Shape(id) => match self.shapes.get(id) {
                Some(shape) if matches!(shape.kind.as_str(), "list" | "set") => {
                    Ok(shape.member.as_ref().map_or(Kind::Any, |m| Kind::Shape(m.target.clone())))
                }
                _ if self.shape_kind(id) == "document" => Ok(Kind::Any),
                _ => Err(format!("{what} applies to a list, and `{id}` is a {}", self.shape_kind(id))),
            },
            Kind::Object(_) => Err(format!("{what} applies to a list, not to an object")),
        }
    }

    fn field(&self, kind: &Kind, name: &str) -> Result<Kind, String> {
        match kind {
            Kind::Any => Ok(Kind::Any),
            Kind::Object(entries) => entries.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).ok_or_else(|| format!("`{name}` is neither `input` nor `output`")),
            Kind::List(_) => Err(format!("`{name}` is read from a list, which has no fields")),
            Kind::Shape(id) => {
                let Some(shape) = self.shapes.get(id) else { return Err(format!("`{name}` is read from `{id}`, which has no fields")) };
                match shape.kind.as_str() {
                    "structure" | "union" => shape.members.get(name).map(|m| Kind::Shape(m.target.clone())).ok_or_else(|| {
                        let names: Vec<&str> = shape.members.keys().map(String::as_str).collect();
                        format!("`{name}` is not a member of `{id}` (its members: {})", if names.is_empty() { "none".to_owned() } else { names.join(", ") })
                    }),
                    "map" => Ok(shape.value.as_ref().map_or(Kind::Any, |v| Kind::Shape(v.target.clone()))),
                    "document" => Ok(Kind::Any),
                    other => Err(format!("`{name}` is read from `{id}`, a {other}, which has no fields")),
                }
            }
        }
    }

    fn kind(&self, path: &JmesPath, current: &Kind) -> Result<Kind, String> {
        use JmesPath::*;
        Ok(match path {
            Current => current.clone(),
            Field(name) => self.field(current, name)?,
            Sub(left, right) | Pipe(left, right) => self.kind(right, &self.kind(left, current)?)?,
            Index(_) => self.element(current, "an index")?,
            Slice(..) => Kind::List(Box::new(self.element(current, "a slice")?)),
            Project(left, right) => {
                let element = self.element(&self.kind(left, current)?, "a projection")?;
                Kind::List(Box::new(self.kind(right, &element)?))
            }
            ProjectValues(left, right) => {
                let values = match self.kind(left, current)? {
                    Kind::Shape(id) => self.shapes.get(&id).and_then(|s| s.value.as_ref()).map_or(Kind::Any, |v| Kind::Shape(v.target.clone())),
                    _ => Kind::Any,
                };
                Kind::List(Box::new(self.kind(right, &values)?))
            }
            Flatten(inner) => {
                let element = self.element(&self.kind(inner, current)?, "flattening (`[]`)")?;
                Kind::List(Box::new(self.element(&element, "flattening (`[]`)").unwrap_or(element)))
            }
            Filter(left, condition, right) => {
                let element = self.element(&self.kind(left, current)?, "a filter")?;
                self.kind(condition, &element)?;
                Kind::List(Box::new(self.kind(right, &element)?))
            }
            List(items) => {
                for item in items {
                    self.kind(item, current)?;
                }
                Kind::Any
            }
            Hash(entries) => {
                for (_, item) in entries {
                    self.kind(item, current)?;
                }
                Kind::Any
            }
            Call(_, args) => {
                // An expression reference is applied to the elements of the first argument.
                let first = args.first().filter(|a| !matches!(a, Ref(_))).map(|a| self.kind(a, current)).transpose()?;
                for arg in args {
                    match arg {
                        Ref(inner) => {
                            let element = first.as_ref().map_or(Ok(Kind::Any), |f| self.element(f, "an expression reference"))?;
                            self.kind(inner, &element)?;
                        }
                        other => {
                            self.kind(other, current)?;
                        }
                    }
                }
                Kind::Any
            }
            Ref(inner) => {
                self.kind(inner, current)?;
                Kind::Any
            }
            Compare(_, left, right) | And(left, right) | Or(left, right) => {
                self.kind(left, current)?;
                self.kind(right, current)?;
                Kind::Any
            }
            Not(inner) => {
                self.kind(inner, current)?;
                Kind::Any
            }
            Literal(_) => Kind::Any,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shapes() -> BTreeMap<String, Shape> {
        let json = r#"{"smithy": "2.0", "shapes": {
            "t#Out": {"type": "structure", "members": {"Table": {"target": "t#Table"}, "Items": {"target": "t#Items"}, "Tags": {"target": "t#Tags"}}},
            "t#In": {"type": "structure", "members": {"Name": {"target": "smithy.api#String"}}},
            "t#Table": {"type": "structure", "members": {"Status": {"target": "smithy.api#String"}}},
            "t#Items": {"type": "list", "member": {"target": "t#Table"}},
            "t#Tags": {"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "t#Table"}}
        }}"#;
        crate::ast::parse_model(json).expect("model").shapes
    }

    fn checked(path: &str, input: Option<&str>) -> Result<(), String> {
        check(&shapes(), &crate::lower::jmespath::parse(path).expect("parses"), input, "t#Out")
    }

    #[test]
    fn paths_the_shapes_satisfy_pass() {
        for path in [
            "Table.Status",
            "Items[].Status",
            "Items[*].Status",
            "Items[0].Status",
            "length(Items[?Status == 'ACTIVE']) > `0`",
            "Tags.anything.Status",
            "Tags.*.Status",
            "sort_by(Items, &Status)[0].Status",
            "Table.Status | @",
        ] {
            assert_eq!(checked(path, None), Ok(()), "{path}");
        }
        assert_eq!(checked("input.Name == output.Table.Status", Some("t#In")), Ok(()));
    }

    #[test]
    fn paths_the_shapes_cannot_satisfy_are_named() {
        let err = checked("Table.State", None).unwrap_err();
        assert!(err.contains("`State` is not a member of `t#Table` (its members: Status)"), "{err}");
        assert!(checked("Items.Status", None).unwrap_err().contains("a list, which has no fields"), "a field of a list");
        assert!(checked("Table[].Status", None).unwrap_err().contains("applies to a list"), "flattening a structure");
        assert!(checked("Table.Status.Deeper", None).unwrap_err().contains("which has no fields"));
        assert!(checked("Items[?Nope == 'x']", None).unwrap_err().contains("`Nope`"));
        assert!(checked("input.Missing", Some("t#In")).unwrap_err().contains("`Missing` is not a member of `t#In`"));
        assert!(checked("inputs.Name", Some("t#In")).unwrap_err().contains("neither `input` nor `output`"));
    }
}
