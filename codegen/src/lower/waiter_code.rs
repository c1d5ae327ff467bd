//! Acceptor paths typed over the generated structs, so that the waiter module can compile each
//! one to Rust that reads the fields directly (no expression is interpreted at run time).
//!
//! Every sub-expression gets the type of its value ([`PathType`]). What the typing cannot give a
//! single type (a `&&` of a string and a number, a multi-select, a function of the few the
//! compiler does not write) or what can never match its comparator (`stringEquals` on a
//! number) leaves the waiter out, with a note naming the operation, the waiter, the acceptor and
//! the reason.

use crate::ir::{Crate, JmesPath, PathMatcher, PathType, RustType, TypedNode, TypedPath, WaiterMatcher};

/// Types every path matcher of every waiter; a waiter with a path that cannot be typed is left
/// out. Returns the notes.
pub fn type_acceptors(krate: &mut Crate) -> Vec<String> {
    let mut notes = Vec::new();
    let mut typed_ops = Vec::new();
    for (i, op) in krate.operations.iter().enumerate() {
        let input = krate.structures[op.input].path.clone();
        let output = krate.structures[op.output].path.clone();
        let mut kept = Vec::new();
        for w in &op.waiters {
            let mut w = w.clone();
            let result = w.acceptors.iter_mut().enumerate().try_for_each(|(n, a)| {
                let typer = Typer { krate };
                let (m, root) = match &mut a.matcher {
                    WaiterMatcher::Output(m) => (m, PathType::Struct(output.clone())),
                    WaiterMatcher::InputOutput(m) => (m, PathType::InputOutput(input.clone(), output.clone())),
                    _ => return Ok(()),
                };
                typer.matcher(m, &root).map_err(|why| format!("acceptor {}: {why}", n + 1))
            });
            match result {
                Ok(()) => kept.push(w),
                Err(why) => notes.push(format!("waiter `{}` of operation `{}` was left out: {why}", w.name, op.name)),
            }
        }
        typed_ops.push((i, kept));
    }
    for (i, waiters) in typed_ops {
        krate.operations[i].waiters = waiters;
    }
    notes
}

struct Typer<'a> {
    krate: &'a Crate,
}

fn describe(ty: &PathType) -> String {
    match ty {
        PathType::Null => "null".to_owned(),
        PathType::Bool => "boolean".to_owned(),
        PathType::Number => "number".to_owned(),
        PathType::String => "string".to_owned(),
        PathType::Struct(p) | PathType::Union(p) => format!("`{}`", p.name),
        PathType::List(element) => format!("list of {}", describe(element)),
        PathType::Map(_) => "map".to_owned(),
        PathType::InputOutput(..) => "`{input, output}`".to_owned(),
    }
}

fn typed(node: TypedNode, ty: PathType) -> TypedPath {
    TypedPath { node, ty }
}

fn boxed(p: TypedPath) -> Box<TypedPath> {
    Box::new(p)
}

impl Typer<'_> {
    /// Types the matcher's path and checks its comparator against the path's type.
    fn matcher(&self, m: &mut PathMatcher, root: &PathType) -> Result<(), String> {
        let path = self.path(&m.path, root)?;
        let fits = match m.comparator.as_str() {
            "stringEquals" => path.ty == PathType::String,
            "booleanEquals" => path.ty == PathType::Bool,
            "allStringEquals" | "anyStringEquals" => path.ty == PathType::List(Box::new(PathType::String)),
            other => return Err(format!("unknown comparator `{other}`")),
        };
        if !fits {
            return Err(format!("`{}` can never match: the path gives a {}", m.comparator, describe(&path.ty)));
        }
        m.typed = Some(path);
        Ok(())
    }

    /// The type of a stored value as an expression reads it.
    fn stored(&self, ty: &RustType, what: &str) -> Result<PathType, String> {
        Ok(match ty {
            RustType::String | RustType::Enum(_) => PathType::String,
            RustType::Bool => PathType::Bool,
            RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64 | RustType::F32 | RustType::F64 | RustType::DateTime => PathType::Number,
            RustType::Struct(p) => PathType::Struct(p.clone()),
            RustType::Union(p) => PathType::Union(p.clone()),
            RustType::List { element, sparse: false, .. } => PathType::List(Box::new(self.stored(element, what)?)),
            RustType::Map { key, value, sparse: false } if **key == RustType::String => {
                self.stored(value, what)?;
                PathType::Map(value.clone())
            }
            RustType::List { sparse: true, .. } | RustType::Map { sparse: true, .. } => {
                return Err(format!("{what} is a sparse collection, which acceptor paths do not read"))
            }
            RustType::Map { .. } => return Err(format!("{what} is a map whose keys are not plain strings, which acceptor paths do not read")),
            other => return Err(format!("{what} is a {}, which acceptor paths do not read", stored_name(other))),
        })
    }

    fn field(&self, name: &str, current: &PathType) -> Result<TypedPath, String> {
        match current {
            PathType::Struct(path) => {
                let s = self.krate.structures.iter().find(|s| &s.path == path).ok_or_else(|| format!("`{}` is not generated", path.name))?;
                let m = s.members.iter().find(|m| m.name == name).ok_or_else(|| format!("`{name}` is not a member of `{}`", path.name))?;
                let ty = self.stored(&m.ty, &format!("`{}.{name}`", path.name))?;
                Ok(typed(TypedNode::Member { field: m.field.clone(), stored: m.ty.clone(), optional: m.optional, boxed: m.boxed }, ty))
            }
            PathType::Union(path) => {
                let u = self.krate.unions.iter().find(|u| u.name == path.name).ok_or_else(|| format!("`{}` is not generated", path.name))?;
                let v = u.variants.iter().find(|v| v.member_name == name).ok_or_else(|| format!("`{name}` is not a member of `{}`", path.name))?;
                let stored = v.ty.clone().ok_or_else(|| format!("`{}.{name}` is a unit member, which acceptor paths do not read", path.name))?;
                let ty = self.stored(&stored, &format!("`{}.{name}`", path.name))?;
                Ok(typed(TypedNode::Variant { union: path.clone(), variant: v.name.clone(), stored, boxed: v.boxed }, ty))
            }
            PathType::Map(value) => {
                let ty = self.stored(value, &format!("map entry `{name}`"))?;
                Ok(typed(TypedNode::Entry { key: name.to_owned(), stored: (**value).clone() }, ty))
            }
            PathType::InputOutput(input, output) => match name {
                "input" => Ok(typed(TypedNode::Root(true), PathType::Struct(input.clone()))),
                "output" => Ok(typed(TypedNode::Root(false), PathType::Struct(output.clone()))),
                _ => Err(format!("`{name}` is neither `input` nor `output`")),
            },
            other => Err(format!("`{name}` is read from a {}, which has no fields", describe(other))),
        }
    }

    fn element(list: &PathType, what: &str) -> Result<PathType, String> {
        match list {
            PathType::List(element) => Ok((**element).clone()),
            other => Err(format!("{what} applies to a list, not to a {}", describe(other))),
        }
    }

    fn path(&self, path: &JmesPath, current: &PathType) -> Result<TypedPath, String> {
        use JmesPath as J;
        Ok(match path {
            J::Current => typed(TypedNode::Current, current.clone()),
            J::Field(name) => self.field(name, current)?,
            J::Sub(left, right) | J::Pipe(left, right) => {
                let left = self.path(left, current)?;
                let right = self.path(right, &left.ty)?;
                let ty = right.ty.clone();
                typed(TypedNode::Then(boxed(left), boxed(right)), ty)
            }
            J::Index(i) => typed(TypedNode::Index(*i), Self::element(current, "an index")?),
            J::Slice(a, b, s) => {
                Self::element(current, "a slice")?;
                typed(TypedNode::Slice(*a, *b, *s), current.clone())
            }
            J::Project(left, right) => {
                let left = self.path(left, current)?;
                let right = self.path(right, &Self::element(&left.ty, "a projection")?)?;
                let ty = PathType::List(Box::new(right.ty.clone()));
                typed(TypedNode::Project(boxed(left), boxed(right)), ty)
            }
            J::ProjectValues(left, right) => {
                let left = self.path(left, current)?;
                let PathType::Map(value) = &left.ty else {
                    return Err(format!("`*` applies to a map here, not to a {}", describe(&left.ty)));
                };
                let right = self.path(right, &self.stored(value, "a map value")?)?;
                let ty = PathType::List(Box::new(right.ty.clone()));
                typed(TypedNode::Values(boxed(left), boxed(right)), ty)
            }
            J::Flatten(inner) => {
                let inner = self.path(inner, current)?;
                let element = Self::element(&inner.ty, "flattening (`[]`)")?;
                let (nested, ty) = match element {
                    PathType::List(_) => (true, element),
                    other => (false, PathType::List(Box::new(other))),
                };
                typed(TypedNode::Flatten(boxed(inner), nested), ty)
            }
            J::Filter(left, condition, right) => {
                let left = self.path(left, current)?;
                let element = Self::element(&left.ty, "a filter")?;
                let condition = self.path(condition, &element)?;
                truth_of(&condition.ty)?;
                let right = self.path(right, &element)?;
                let ty = PathType::List(Box::new(right.ty.clone()));
                typed(TypedNode::Filter(boxed(left), boxed(condition), boxed(right)), ty)
            }
            J::Compare(op, left, right) => {
                let (left, right) = (self.path(left, current)?, self.path(right, current)?);
                if matches!(op.as_str(), "Eq" | "Ne") {
                    comparable(&left.ty)?;
                    comparable(&right.ty)?;
                }
                typed(TypedNode::Compare(op.clone(), boxed(left), boxed(right)), PathType::Bool)
            }
            J::And(left, right) | J::Or(left, right) => {
                let (left, right) = (self.path(left, current)?, self.path(right, current)?);
                truth_of(&left.ty)?;
                if left.ty != right.ty {
                    return Err(format!("`&&` and `||` are compiled when both sides are of one type, not a {} and a {}", describe(&left.ty), describe(&right.ty)));
                }
                let ty = left.ty.clone();
                let node = if matches!(path, J::And(..)) { TypedNode::And(boxed(left), boxed(right)) } else { TypedNode::Or(boxed(left), boxed(right)) };
                typed(node, ty)
            }
            J::Not(inner) => {
                let inner = self.path(inner, current)?;
                truth_of(&inner.ty)?;
                typed(TypedNode::Not(boxed(inner)), PathType::Bool)
            }
            J::Literal(value) => {
                let ty = match value {
                    serde_json::Value::Null => PathType::Null,
                    serde_json::Value::Bool(_) => PathType::Bool,
                    serde_json::Value::Number(n) if n.as_f64().is_some_and(f64::is_finite) => PathType::Number,
                    serde_json::Value::String(_) => PathType::String,
                    _ => return Err(format!("the literal `{value}` is not compiled (only null, booleans, numbers and strings are)")),
                };
                typed(TypedNode::Literal(value.clone()), ty)
            }
            J::Call(function, args) => self.call(function, args, current)?,
            J::List(_) | J::Hash(_) => return Err("multi-select lists and hashes are not compiled".to_owned()),
            J::Ref(_) => return Err("expression references (`&`) are not compiled".to_owned()),
        })
    }

    fn call(&self, function: &str, args: &[JmesPath], current: &PathType) -> Result<TypedPath, String> {
        let args = args.iter().map(|a| self.path(a, current)).collect::<Result<Vec<_>, _>>()?;
        let types: Vec<&PathType> = args.iter().map(|a| &a.ty).collect();
        let list_of = |ty: &PathType, element: &PathType| matches!(ty, PathType::List(e) if **e == *element);
        let wrong = || {
            let types: Vec<String> = types.iter().map(|t| describe(t)).collect();
            format!("`{}` cannot take ({})", function_name(function), types.join(", "))
        };
        let ty = match (function, types.as_slice()) {
            ("Length", [PathType::String | PathType::List(_) | PathType::Map(_)]) => PathType::Number,
            ("Contains", [PathType::List(_), search]) => {
                comparable(search)?;
                PathType::Bool
            }
            ("Contains", [PathType::String, _]) => PathType::Bool,
            ("StartsWith" | "EndsWith", [PathType::String, PathType::String]) => PathType::Bool,
            ("Abs" | "Ceil" | "Floor", [PathType::Number]) => PathType::Number,
            ("Sum" | "Avg", [list]) if list_of(list, &PathType::Number) => PathType::Number,
            ("Max" | "Min", [list]) if list_of(list, &PathType::Number) => PathType::Number,
            ("Max" | "Min", [list]) if list_of(list, &PathType::String) => PathType::String,
            ("Keys", [PathType::Map(_)]) => PathType::List(Box::new(PathType::String)),
            ("Values", [PathType::Map(value)]) => PathType::List(Box::new(self.stored(value, "a map value")?)),
            ("NotNull", [first, rest @ ..]) if rest.iter().all(|t| t == first) => (*first).clone(),
            ("Length" | "Contains" | "StartsWith" | "EndsWith" | "Abs" | "Ceil" | "Floor" | "Sum" | "Avg" | "Max" | "Min" | "Keys" | "Values" | "NotNull", _) => {
                return Err(wrong())
            }
            _ => return Err(format!("the function `{}` is not compiled", function_name(function))),
        };
        Ok(typed(TypedNode::Call(function.to_owned(), args), ty))
    }
}

/// Truthiness is compiled for every type but structures and unions (whose truthiness depends on
/// which members are set).
fn truth_of(ty: &PathType) -> Result<(), String> {
    match ty {
        PathType::Struct(_) | PathType::Union(_) | PathType::InputOutput(..) => Err(format!("the truthiness of a {} is not compiled", describe(ty))),
        _ => Ok(()),
    }
}

/// Equality is compiled for scalars and lists of them.
fn comparable(ty: &PathType) -> Result<(), String> {
    match ty {
        PathType::Null | PathType::Bool | PathType::Number | PathType::String => Ok(()),
        PathType::List(element) => comparable(element),
        other => Err(format!("comparing a {} is not compiled", describe(other))),
    }
}

/// The JMESPath name of a parser function name (`StartsWith` → `starts_with`).
fn function_name(function: &str) -> String {
    let mut out = String::new();
    for (i, c) in function.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

fn stored_name(ty: &RustType) -> &'static str {
    match ty {
        RustType::Blob | RustType::ByteStream => "blob",
        RustType::Document => "document",
        RustType::BigInteger | RustType::BigDecimal => "big number",
        RustType::EventReceiver(_) | RustType::EventSender(_) => "event stream",
        _ => "value",
    }
}
