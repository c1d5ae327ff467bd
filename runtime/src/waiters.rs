//! Waiters (`smithy.waiters#waitable`): poll an operation until its result reaches an acceptor's
//! state, with the backoff the Smithy waiter specification describes.
//!
//! A generated crate describes each waiter as data ([`WaiterSpec`]: delays and acceptors, the
//! acceptors' JMESPath expressions as [`Path`] trees checked and parsed by the generator) and
//! calls [`wait`]; everything that does not depend on the model lives here. Expressions are
//! evaluated over a read-only view of the operation's input and output: generated types
//! implement [`Inspect`] (structures and unions) and [`ToValue`] (every type an expression can
//! reach).

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use aws_smithy_types::{BigDecimal, BigInteger, Blob, DateTime, Document, Number};

use crate::client::{HttpResponse, Runtime};
use crate::send::SendFuture;

pub use aws_smithy_runtime_api::client::waiters::error::{ExceededMaxWait, FailureState, OperationFailed, WaiterError};
pub use aws_smithy_runtime_api::client::waiters::FinalPoll;

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

/// A value as JMESPath sees it, borrowing from the input or output it was read from.
#[derive(Clone)]
pub enum Value<'a> {
    /// No value (an unset member, or a lookup that found nothing).
    Null,
    /// A boolean.
    Bool(bool),
    /// A number (every Smithy number type, and timestamps as epoch seconds).
    Number(f64),
    /// A string (also enum values and base64 blobs).
    String(Cow<'a, str>),
    /// A list.
    Array(Vec<Value<'a>>),
    /// A structure, union or map.
    Object(Object<'a>),
}

/// The object forms of [`Value`].
#[derive(Clone)]
pub enum Object<'a> {
    /// A generated structure or union, read member by member.
    Shape(&'a dyn Inspect),
    /// Keys and values (maps, documents, multi-select hashes).
    Entries(Vec<(Cow<'a, str>, Value<'a>)>),
}

impl fmt::Debug for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(n) => write!(f, "{n}"),
            Value::String(s) => write!(f, "{s:?}"),
            Value::Array(items) => f.debug_list().entries(items).finish(),
            Value::Object(o) => f.debug_map().entries(o.entries()).finish(),
        }
    }
}

impl<'a> Object<'a> {
    /// The value under `key` (`Null` when absent).
    pub fn get(&self, key: &str) -> Value<'a> {
        match self {
            Object::Shape(shape) => shape.member(key),
            Object::Entries(entries) => entries.iter().find(|(k, _)| k == key).map_or(Value::Null, |(_, v)| v.clone()),
        }
    }

    /// The keys and values that are set, in order.
    pub fn entries(&self) -> Vec<(Cow<'a, str>, Value<'a>)> {
        match self {
            Object::Shape(shape) => shape
                .member_names()
                .iter()
                .map(|name| (Cow::Borrowed(*name), shape.member(name)))
                .filter(|(_, v)| !matches!(v, Value::Null))
                .collect(),
            Object::Entries(entries) => entries.clone(),
        }
    }
}

/// A generated structure or union, read by member name (the name in the model).
pub trait Inspect {
    /// The value of the member with this model name; `Null` when it is unset or unknown.
    fn member(&self, name: &str) -> Value<'_>;
    /// The model names of every member, in model order.
    fn member_names(&self) -> &'static [&'static str];
}

/// A value an expression can reach.
pub trait ToValue {
    /// The value as JMESPath sees it.
    fn to_value(&self) -> Value<'_>;
}

impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value<'_> {
        (**self).to_value()
    }
}

impl<T: ToValue + ?Sized> ToValue for Box<T> {
    fn to_value(&self) -> Value<'_> {
        (**self).to_value()
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value<'_> {
        self.as_ref().map_or(Value::Null, ToValue::to_value)
    }
}

impl<T: ToValue> ToValue for Vec<T> {
    fn to_value(&self) -> Value<'_> {
        Value::Array(self.iter().map(ToValue::to_value).collect())
    }
}

impl<K: ToValue, V: ToValue, S> ToValue for HashMap<K, V, S> {
    fn to_value(&self) -> Value<'_> {
        let mut entries: Vec<_> = self
            .iter()
            .filter_map(|(k, v)| match k.to_value() {
                Value::String(k) => Some((k, v.to_value())),
                _ => None,
            })
            .collect();
        // A map has no order; sorting makes `keys()`, `values()` and `*` deterministic.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        Value::Object(Object::Entries(entries))
    }
}

impl ToValue for str {
    fn to_value(&self) -> Value<'_> {
        Value::String(Cow::Borrowed(self))
    }
}

impl ToValue for String {
    fn to_value(&self) -> Value<'_> {
        Value::String(Cow::Borrowed(self))
    }
}

impl ToValue for bool {
    fn to_value(&self) -> Value<'_> {
        Value::Bool(*self)
    }
}

macro_rules! number_values {
    ($($t:ty),*) => {
        $(impl ToValue for $t {
            fn to_value(&self) -> Value<'_> {
                Value::Number(*self as f64)
            }
        })*
    };
}
number_values!(i8, i16, i32, i64, f32);

impl ToValue for f64 {
    fn to_value(&self) -> Value<'_> {
        Value::Number(*self)
    }
}

impl ToValue for BigInteger {
    fn to_value(&self) -> Value<'_> {
        self.as_ref().parse().map_or(Value::Null, Value::Number)
    }
}

impl ToValue for BigDecimal {
    fn to_value(&self) -> Value<'_> {
        self.as_ref().parse().map_or(Value::Null, Value::Number)
    }
}

impl ToValue for DateTime {
    fn to_value(&self) -> Value<'_> {
        Value::Number(self.as_secs_f64())
    }
}

impl ToValue for Blob {
    fn to_value(&self) -> Value<'_> {
        Value::String(Cow::Owned(aws_smithy_types::base64::encode(self.as_ref())))
    }
}

impl ToValue for Document {
    fn to_value(&self) -> Value<'_> {
        match self {
            Document::Null => Value::Null,
            Document::Bool(b) => Value::Bool(*b),
            Document::Number(n) => Value::Number(match *n {
                Number::PosInt(i) => i as f64,
                Number::NegInt(i) => i as f64,
                Number::Float(f) => f,
            }),
            Document::String(s) => Value::String(Cow::Borrowed(s)),
            Document::Array(items) => Value::Array(items.iter().map(ToValue::to_value).collect()),
            Document::Object(map) => map.to_value(),
        }
    }
}

impl Value<'_> {
    /// JMESPath truthiness: `false`, `null` and empty strings, lists and objects are false.
    pub fn is_truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(_) => true,
            Value::String(s) => !s.is_empty(),
            Value::Array(items) => !items.is_empty(),
            Value::Object(o) => !o.entries().is_empty(),
        }
    }

    fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }
}

/// Deep equality, as JMESPath's `==` compares.
fn equal(a: &Value<'_>, b: &Value<'_>) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => x == y,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| equal(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            let (x, y) = (x.entries(), y.entries());
            x.len() == y.len() && x.iter().all(|(k, v)| y.iter().any(|(k2, v2)| k == k2 && equal(v, v2)))
        }
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

/// A parsed JMESPath expression. The generator parses and checks each acceptor's path and
/// writes it as a constant of this type.
#[derive(Debug)]
pub enum Path {
    /// `@`: the current value.
    Current,
    /// A field of an object.
    Field(&'static str),
    /// `a.b`: the right side evaluated on the left side's value.
    Sub(&'static Path, &'static Path),
    /// `[n]`: a list element; negative counts from the end.
    Index(i64),
    /// `[start:stop:step]`.
    Slice(Option<i64>, Option<i64>, Option<i64>),
    /// A list projection: the right side over every element of the left side's list, nulls
    /// dropped (`a[*].b`, and the rest of a flatten or slice).
    Project(&'static Path, &'static Path),
    /// An object projection: the right side over every value of the left side's object
    /// (`a.*.b`).
    ProjectValues(&'static Path, &'static Path),
    /// `a[]`: the left side's list with nested lists merged one level.
    Flatten(&'static Path),
    /// `a[?cond].b`: the right side over the elements of the left side for which the
    /// condition is truthy.
    Filter(&'static Path, &'static Path, &'static Path),
    /// `[a, b]`.
    List(&'static [Path]),
    /// `{k: a, ...}`.
    Hash(&'static [(&'static str, Path)]),
    /// A function call.
    Call(Function, &'static [Path]),
    /// `&expr`: an expression handed to a function.
    Ref(&'static Path),
    /// A comparison.
    Compare(Comparison, &'static Path, &'static Path),
    /// `a && b`.
    And(&'static Path, &'static Path),
    /// `a || b`.
    Or(&'static Path, &'static Path),
    /// `!a`.
    Not(&'static Path),
    /// `a | b`.
    Pipe(&'static Path, &'static Path),
    /// A literal (`` `...` `` or `'...'`).
    Literal(Literal),
}

/// A JSON literal.
#[derive(Debug)]
pub enum Literal {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    String(&'static str),
    /// A list.
    List(&'static [Literal]),
    /// An object.
    Object(&'static [(&'static str, Literal)]),
}

/// JMESPath's comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// JMESPath's built-in functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    /// `abs(number)`
    Abs,
    /// `avg(array[number])`
    Avg,
    /// `ceil(number)`
    Ceil,
    /// `contains(array|string, any)`
    Contains,
    /// `ends_with(string, string)`
    EndsWith,
    /// `floor(number)`
    Floor,
    /// `join(string, array[string])`
    Join,
    /// `keys(object)`
    Keys,
    /// `length(string|array|object)`
    Length,
    /// `map(&expr, array)`
    Map,
    /// `max(array[number]|array[string])`
    Max,
    /// `max_by(array, &expr)`
    MaxBy,
    /// `merge(object...)`
    Merge,
    /// `min(array[number]|array[string])`
    Min,
    /// `min_by(array, &expr)`
    MinBy,
    /// `not_null(any...)`
    NotNull,
    /// `reverse(array|string)`
    Reverse,
    /// `sort(array[number]|array[string])`
    Sort,
    /// `sort_by(array, &expr)`
    SortBy,
    /// `starts_with(string, string)`
    StartsWith,
    /// `sum(array[number])`
    Sum,
    /// `to_array(any)`
    ToArray,
    /// `to_number(any)`
    ToNumber,
    /// `to_string(any)`
    ToString,
    /// `type(any)`
    Type,
    /// `values(object)`
    Values,
}

impl Literal {
    fn value(&'static self) -> Value<'static> {
        match self {
            Literal::Null => Value::Null,
            Literal::Bool(b) => Value::Bool(*b),
            Literal::Number(n) => Value::Number(*n),
            Literal::String(s) => Value::String(Cow::Borrowed(s)),
            Literal::List(items) => Value::Array(items.iter().map(Literal::value).collect()),
            Literal::Object(entries) => {
                Value::Object(Object::Entries(entries.iter().map(|(k, v)| (Cow::Borrowed(*k), v.value())).collect()))
            }
        }
    }
}

impl Path {
    /// Evaluates the expression on `current`. A lookup that finds nothing gives `null`, and so
    /// does an error (a function given a value of the wrong type): an acceptor whose path fails
    /// does not match.
    pub fn evaluate<'a>(&'static self, current: &Value<'a>) -> Value<'a> {
        self.try_evaluate(current).unwrap_or(Value::Null)
    }

    /// Evaluates the expression on `current`, failing as the JMESPath specification says (a
    /// function given a value of the wrong type is an `invalid-type` error).
    pub fn try_evaluate<'a>(&'static self, current: &Value<'a>) -> Result<Value<'a>, EvalError> {
        Ok(match self {
            Path::Current => current.clone(),
            Path::Field(name) => match current {
                Value::Object(o) => o.get(name),
                _ => Value::Null,
            },
            Path::Sub(left, right) => right.try_evaluate(&left.try_evaluate(current)?)?,
            Path::Index(i) => match current {
                Value::Array(items) => {
                    let i = if *i < 0 { items.len() as i64 + i } else { *i };
                    usize::try_from(i).ok().and_then(|i| items.get(i)).cloned().unwrap_or(Value::Null)
                }
                _ => Value::Null,
            },
            Path::Slice(start, stop, step) => match current {
                Value::Array(items) => slice(items, *start, *stop, *step),
                _ => Value::Null,
            },
            Path::Project(left, right) => match left.try_evaluate(current)? {
                Value::Array(items) => project(items.iter(), right)?,
                _ => Value::Null,
            },
            Path::ProjectValues(left, right) => match left.try_evaluate(current)? {
                Value::Object(o) => project(o.entries().iter().map(|(_, v)| v), right)?,
                _ => Value::Null,
            },
            Path::Flatten(inner) => match inner.try_evaluate(current)? {
                Value::Array(items) => Value::Array(
                    items
                        .into_iter()
                        .flat_map(|item| match item {
                            Value::Array(nested) => nested,
                            other => vec![other],
                        })
                        .collect(),
                ),
                _ => Value::Null,
            },
            Path::Filter(left, condition, right) => match left.try_evaluate(current)? {
                Value::Array(items) => {
                    let mut kept = Vec::new();
                    for item in &items {
                        if condition.try_evaluate(item)?.is_truthy() {
                            kept.push(item);
                        }
                    }
                    project(kept.into_iter(), right)?
                }
                _ => Value::Null,
            },
            Path::List(items) => match current {
                Value::Null => Value::Null,
                _ => Value::Array(items.iter().map(|p| p.try_evaluate(current)).collect::<Result<_, _>>()?),
            },
            Path::Hash(entries) => match current {
                Value::Null => Value::Null,
                _ => Value::Object(Object::Entries(
                    entries.iter().map(|(k, p)| Ok((Cow::Borrowed(*k), p.try_evaluate(current)?))).collect::<Result<_, EvalError>>()?,
                )),
            },
            Path::Call(function, args) => call(*function, args, current)?,
            // An expression reference means something only as a function argument.
            Path::Ref(_) => Value::Null,
            Path::Compare(op, left, right) => compare(*op, &left.try_evaluate(current)?, &right.try_evaluate(current)?),
            Path::And(left, right) => {
                let l = left.try_evaluate(current)?;
                if l.is_truthy() {
                    right.try_evaluate(current)?
                } else {
                    l
                }
            }
            Path::Or(left, right) => {
                let l = left.try_evaluate(current)?;
                if l.is_truthy() {
                    l
                } else {
                    right.try_evaluate(current)?
                }
            }
            Path::Not(inner) => Value::Bool(!inner.try_evaluate(current)?.is_truthy()),
            Path::Pipe(left, right) => right.try_evaluate(&left.try_evaluate(current)?)?,
            Path::Literal(literal) => literal.value(),
        })
    }
}

/// Why an expression could not be evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalError {
    function: Function,
    why: &'static str,
}

impl EvalError {
    /// The JMESPath specification's name for the error: always `invalid-type` (the other kinds
    /// are found when the generator parses the expression).
    pub fn kind(&self) -> &'static str {
        "invalid-type"
    }
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.function, self.why)
    }
}

impl std::error::Error for EvalError {}

fn project<'a, 'v>(items: impl Iterator<Item = &'v Value<'a>>, right: &'static Path) -> Result<Value<'a>, EvalError>
where
    'a: 'v,
{
    let mut out = Vec::new();
    for item in items {
        match right.try_evaluate(item)? {
            Value::Null => {}
            value => out.push(value),
        }
    }
    Ok(Value::Array(out))
}

fn slice<'a>(items: &[Value<'a>], start: Option<i64>, stop: Option<i64>, step: Option<i64>) -> Value<'a> {
    let step = step.unwrap_or(1);
    if step == 0 {
        return Value::Null;
    }
    let len = items.len() as i64;
    let clamp = |i: i64, low: i64, high: i64| if i < 0 { (i + len).max(low) } else { i.min(high) };
    let (start, stop) = if step > 0 {
        (start.map_or(0, |s| clamp(s, 0, len)), stop.map_or(len, |s| clamp(s, 0, len)))
    } else {
        (start.map_or(len - 1, |s| clamp(s, -1, len - 1)), stop.map_or(-1, |s| clamp(s, -1, len - 1)))
    };
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.push(items[i as usize].clone());
        i += step;
    }
    Value::Array(out)
}

fn compare<'a>(op: Comparison, left: &Value<'_>, right: &Value<'_>) -> Value<'a> {
    match op {
        Comparison::Eq => Value::Bool(equal(left, right)),
        Comparison::Ne => Value::Bool(!equal(left, right)),
        _ => match (left, right) {
            (Value::Number(l), Value::Number(r)) => Value::Bool(match op {
                Comparison::Lt => l < r,
                Comparison::Le => l <= r,
                Comparison::Gt => l > r,
                _ => l >= r,
            }),
            // Ordering is defined on numbers only.
            _ => Value::Null,
        },
    }
}

/// A sort key: numbers and strings, not mixed.
fn ordered<'a>(values: &[Value<'a>]) -> Option<Vec<Value<'a>>> {
    let mut values = values.to_vec();
    if values.iter().all(|v| matches!(v, Value::Number(_))) {
        values.sort_by(|a, b| number(a).total_cmp(&number(b)));
    } else if values.iter().all(|v| matches!(v, Value::String(_))) {
        values.sort_by(|a, b| text(a).cmp(text(b)));
    } else {
        return None;
    }
    Some(values)
}

fn number(v: &Value<'_>) -> f64 {
    match v {
        Value::Number(n) => *n,
        _ => f64::NAN,
    }
}

fn text<'v>(v: &'v Value<'_>) -> &'v str {
    match v {
        Value::String(s) => s,
        _ => "",
    }
}

/// Sorts `items` by the value `key` gives each; `None` when the keys are neither all numbers
/// nor all strings.
fn sorted_by<'a>(items: Vec<Value<'a>>, key: &'static Path) -> Result<Option<Vec<Value<'a>>>, EvalError> {
    let mut keyed = Vec::with_capacity(items.len());
    for item in items {
        keyed.push((key.try_evaluate(&item)?, item));
    }
    if keyed.iter().all(|(k, _)| matches!(k, Value::Number(_))) {
        keyed.sort_by(|a, b| number(&a.0).total_cmp(&number(&b.0)));
    } else if keyed.iter().all(|(k, _)| matches!(k, Value::String(_))) {
        keyed.sort_by(|a, b| text(&a.0).cmp(text(&b.0)));
    } else {
        return Ok(None);
    }
    Ok(Some(keyed.into_iter().map(|(_, item)| item).collect()))
}

fn call<'a>(function: Function, args: &'static [Path], current: &Value<'a>) -> Result<Value<'a>, EvalError> {
    let mut values = Vec::with_capacity(args.len());
    for arg in args {
        values.push(arg.try_evaluate(current)?);
    }
    let arg = |i: usize| values.get(i).cloned().unwrap_or(Value::Null);
    let expr = |i: usize| match args.get(i) {
        Some(Path::Ref(p)) => Some(*p),
        _ => None,
    };
    let numbers = |v: &Value<'a>| match v {
        Value::Array(items) if items.iter().all(|i| matches!(i, Value::Number(_))) => Some(items.iter().map(number).collect::<Vec<_>>()),
        _ => None,
    };
    let wrong = |why: &'static str| Err(EvalError { function, why });
    Ok(match function {
        Function::Abs | Function::Ceil | Function::Floor => match arg(0) {
            Value::Number(n) => Value::Number(match function {
                Function::Abs => n.abs(),
                Function::Ceil => n.ceil(),
                _ => n.floor(),
            }),
            _ => return wrong("expects a number"),
        },
        Function::Avg => match numbers(&arg(0)) {
            Some(ns) if ns.is_empty() => Value::Null,
            Some(ns) => Value::Number(ns.iter().sum::<f64>() / ns.len() as f64),
            None => return wrong("expects an array of numbers"),
        },
        Function::Sum => match numbers(&arg(0)) {
            Some(ns) => Value::Number(ns.iter().sum()),
            None => return wrong("expects an array of numbers"),
        },
        Function::Contains => {
            let needle = arg(1);
            match arg(0) {
                Value::Array(items) => Value::Bool(items.iter().any(|i| equal(i, &needle))),
                Value::String(s) => match &needle {
                    Value::String(n) => Value::Bool(s.contains(n.as_ref())),
                    _ => Value::Bool(false),
                },
                _ => return wrong("expects an array or a string to search"),
            }
        }
        Function::StartsWith | Function::EndsWith => match (arg(0), arg(1)) {
            (Value::String(s), Value::String(p)) => {
                Value::Bool(if function == Function::StartsWith { s.starts_with(p.as_ref()) } else { s.ends_with(p.as_ref()) })
            }
            _ => return wrong("expects two strings"),
        },
        Function::Join => match (arg(0), arg(1)) {
            (Value::String(glue), Value::Array(items)) if items.iter().all(|i| matches!(i, Value::String(_))) => {
                Value::String(Cow::Owned(items.iter().map(text).collect::<Vec<_>>().join(&glue)))
            }
            _ => return wrong("expects a string and an array of strings"),
        },
        Function::Keys => match arg(0) {
            Value::Object(o) => Value::Array(o.entries().into_iter().map(|(k, _)| Value::String(k)).collect()),
            _ => return wrong("expects an object"),
        },
        Function::Values => match arg(0) {
            Value::Object(o) => Value::Array(o.entries().into_iter().map(|(_, v)| v).collect()),
            _ => return wrong("expects an object"),
        },
        Function::Length => match arg(0) {
            Value::String(s) => Value::Number(s.chars().count() as f64),
            Value::Array(items) => Value::Number(items.len() as f64),
            Value::Object(o) => Value::Number(o.entries().len() as f64),
            _ => return wrong("expects a string, an array or an object"),
        },
        Function::Map => match (expr(0), arg(1)) {
            (Some(e), Value::Array(items)) => Value::Array(items.iter().map(|i| e.try_evaluate(i)).collect::<Result<_, _>>()?),
            _ => return wrong("expects an expression and an array"),
        },
        Function::Max | Function::Min => match arg(0) {
            Value::Array(items) => match ordered(&items) {
                Some(sorted) => {
                    let pick = if function == Function::Max { sorted.last() } else { sorted.first() };
                    pick.cloned().unwrap_or(Value::Null)
                }
                None => return wrong("expects an array of numbers or of strings"),
            },
            _ => return wrong("expects an array"),
        },
        Function::MaxBy | Function::MinBy => match (arg(0), expr(1)) {
            (Value::Array(items), Some(e)) => match sorted_by(items, e)? {
                Some(sorted) => {
                    let pick = if function == Function::MaxBy { sorted.last() } else { sorted.first() };
                    pick.cloned().unwrap_or(Value::Null)
                }
                None => return wrong("the expression must give all numbers or all strings"),
            },
            _ => return wrong("expects an array and an expression"),
        },
        Function::Merge => {
            let mut merged: Vec<(Cow<'a, str>, Value<'a>)> = Vec::new();
            for value in &values {
                let Value::Object(o) = value else { return wrong("expects objects") };
                for (k, v) in o.entries() {
                    match merged.iter_mut().find(|(k2, _)| *k2 == k) {
                        Some(slot) => slot.1 = v,
                        None => merged.push((k, v)),
                    }
                }
            }
            Value::Object(Object::Entries(merged))
        }
        Function::NotNull => values.iter().find(|v| !matches!(v, Value::Null)).cloned().unwrap_or(Value::Null),
        Function::Reverse => match arg(0) {
            Value::Array(mut items) => {
                items.reverse();
                Value::Array(items)
            }
            Value::String(s) => Value::String(Cow::Owned(s.chars().rev().collect())),
            _ => return wrong("expects an array or a string"),
        },
        Function::Sort => match arg(0) {
            Value::Array(items) => match ordered(&items) {
                Some(sorted) => Value::Array(sorted),
                None => return wrong("expects an array of numbers or of strings"),
            },
            _ => return wrong("expects an array"),
        },
        Function::SortBy => match (arg(0), expr(1)) {
            (Value::Array(items), Some(e)) => match sorted_by(items, e)? {
                Some(sorted) => Value::Array(sorted),
                None => return wrong("the expression must give all numbers or all strings"),
            },
            _ => return wrong("expects an array and an expression"),
        },
        Function::ToArray => match arg(0) {
            Value::Array(items) => Value::Array(items),
            other => Value::Array(vec![other]),
        },
        Function::ToNumber => match arg(0) {
            Value::Number(n) => Value::Number(n),
            Value::String(s) => s.trim().parse().map_or(Value::Null, Value::Number),
            _ => Value::Null,
        },
        Function::ToString => match arg(0) {
            Value::String(s) => Value::String(s),
            other => Value::String(Cow::Owned(to_json(&other).to_string())),
        },
        Function::Type => Value::String(Cow::Borrowed(arg(0).type_name())),
    })
}

fn to_json(value: &Value<'_>) -> serde_json::Value {
    match value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(n) if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 => serde_json::Value::from(*n as i64),
        Value::Number(n) => serde_json::Number::from_f64(*n).map_or(serde_json::Value::Null, serde_json::Value::Number),
        Value::String(s) => serde_json::Value::String(s.to_string()),
        Value::Array(items) => serde_json::Value::Array(items.iter().map(to_json).collect()),
        Value::Object(o) => serde_json::Value::Object(o.entries().iter().map(|(k, v)| (k.to_string(), to_json(v))).collect()),
    }
}

// ---------------------------------------------------------------------------------------------
// Acceptors
// ---------------------------------------------------------------------------------------------

/// What a waiter does when an acceptor matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptorState {
    /// Stop waiting: the wait succeeded.
    Success,
    /// Stop waiting: the resource will not reach the desired state.
    Failure,
    /// Poll again.
    Retry,
}

/// How a path's value is compared with the expected value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    /// The value is a string equal to the expected one.
    StringEquals,
    /// The value is a boolean equal to the expected one (`"true"` or `"false"`).
    BooleanEquals,
    /// The value is a non-empty list of strings all equal to the expected one.
    AllStringEquals,
    /// The value is a list with a string equal to the expected one.
    AnyStringEquals,
}

impl Comparator {
    fn matches(self, value: &Value<'_>, expected: &str) -> bool {
        let is_expected = |v: &Value<'_>| matches!(v, Value::String(s) if s == expected);
        match (self, value) {
            (Comparator::StringEquals, v) => is_expected(v),
            (Comparator::BooleanEquals, Value::Bool(b)) => expected == if *b { "true" } else { "false" },
            (Comparator::AllStringEquals, Value::Array(items)) => !items.is_empty() && items.iter().all(is_expected),
            (Comparator::AnyStringEquals, Value::Array(items)) => items.iter().any(is_expected),
            _ => false,
        }
    }
}

/// What an acceptor looks at.
#[derive(Debug)]
pub enum Matcher {
    /// Whether the operation succeeded (`true`) or failed (`false`).
    Success(bool),
    /// The operation failed with the service error of this code (or shape name).
    ErrorType(&'static str),
    /// A path evaluated on the output of a successful call.
    Output(&'static Path, Comparator, &'static str),
    /// A path evaluated on `{"input": .., "output": ..}` of a successful call.
    InputOutput(&'static Path, Comparator, &'static str),
}

/// One acceptor of a waiter: a matcher and the state it leads to.
#[derive(Debug)]
pub struct Acceptor {
    /// The state the waiter moves to when the matcher matches.
    pub state: AcceptorState,
    /// The matcher.
    pub matcher: Matcher,
}

/// A waiter: its delays and acceptors, in the model's order.
#[derive(Debug)]
pub struct WaiterSpec {
    /// The shortest wait between two calls.
    pub min_delay: Duration,
    /// The longest wait between two calls.
    pub max_delay: Duration,
    /// The acceptors; the first that matches decides.
    pub acceptors: &'static [Acceptor],
}

/// Reads a value as the acceptors see it (generated code passes `ToValue::to_value`, or a
/// function giving `Null` when no acceptor reads it).
pub type View<T> = for<'a> fn(&'a T) -> Value<'a>;

impl WaiterSpec {
    /// The state the first matching acceptor leads to, if one matches.
    fn state<I, O, E: ProvideErrorMetadata>(
        &self,
        input: (&I, View<I>),
        output: View<O>,
        result: &Result<O, SdkError<E, HttpResponse>>,
    ) -> Option<AcceptorState> {
        let matches = |matcher: &Matcher| match (matcher, result) {
            (Matcher::Success(ok), _) => result.is_ok() == *ok,
            (Matcher::ErrorType(code), Err(SdkError::ServiceError(e))) => {
                let meta = e.err().meta();
                meta.code() == Some(*code) || crate::protocol::shape_code(meta) == Some(*code)
            }
            (Matcher::Output(path, comparator, expected), Ok(o)) => comparator.matches(&path.evaluate(&output(o)), expected),
            (Matcher::InputOutput(path, comparator, expected), Ok(o)) => {
                let both = Value::Object(Object::Entries(vec![
                    (Cow::Borrowed("input"), (input.1)(input.0)),
                    (Cow::Borrowed("output"), output(o)),
                ]));
                comparator.matches(&path.evaluate(&both), expected)
            }
            _ => false,
        };
        self.acceptors.iter().find(|a| matches(&a.matcher)).map(|a| a.state)
    }

    /// How long to wait before the next call, after `attempt` calls, with `remaining` of the
    /// maximum wait left; `None` when no further call fits.
    ///
    /// The Smithy waiters specification's schedule: the upper bound doubles from `min_delay`
    /// with each attempt up to the attempt ceiling, `log2(max_delay / min_delay) + 1`, and is
    /// `max_delay` past it; the delay is drawn uniformly from `[min_delay, upper]` (`unit` is
    /// the draw, in `[0, 1)`); when less than `min_delay` would be left after it, the delay is
    /// trimmed to `remaining - min_delay` for one last call.
    fn delay(&self, attempt: u32, remaining: Duration, unit: f64) -> Option<Duration> {
        let (min, max) = (self.min_delay, self.max_delay.max(self.min_delay));
        if remaining <= min {
            return None;
        }
        let upper = if attempt > self.attempt_ceiling() {
            max
        } else {
            min.checked_mul(2u32.saturating_pow(attempt.saturating_sub(1))).map_or(max, |d| d.min(max))
        };
        let delay = min + Duration::from_secs_f64(upper.saturating_sub(min).as_secs_f64() * unit.clamp(0.0, 1.0));
        Some(if remaining.saturating_sub(delay) <= min { remaining - min } else { delay })
    }

    /// The last attempt whose delay bound still doubles: `log2(max_delay / min_delay) + 1`.
    fn attempt_ceiling(&self) -> u32 {
        if self.min_delay.is_zero() {
            return u32::MAX;
        }
        let ratio = self.max_delay.as_secs_f64() / self.min_delay.as_secs_f64();
        (ratio.max(1.0).log2() + 1.0) as u32
    }
}

/// Polls until an acceptor says success (the final poll comes back) or failure, the operation
/// fails in a way no acceptor handles, or `max_wait` passes.
///
/// `input` is the operation's input (a construction failure when it could not be built); `poll`
/// sends it once; `views` read the input and output for the acceptors' paths. Sleeps and time
/// come from the client's configuration.
pub async fn wait<I, O, E>(
    runtime: Arc<Runtime>,
    spec: &'static WaiterSpec,
    max_wait: Duration,
    input: Result<I, aws_smithy_types::error::operation::BuildError>,
    poll: fn(&Arc<Runtime>, &I) -> SendFuture<O, E>,
    views: (View<I>, View<O>),
) -> Result<FinalPoll<O, SdkError<E, HttpResponse>>, WaiterError<O, E>>
where
    I: Send + Sync,
    O: fmt::Debug + Send + Sync + 'static,
    E: std::error::Error + ProvideErrorMetadata + fmt::Debug + Send + Sync + 'static,
{
    let input = input.map_err(WaiterError::construction_failure)?;
    if max_wait < spec.min_delay {
        let why = format!("the maximum wait ({max_wait:?}) is shorter than the waiter's minimum delay ({:?})", spec.min_delay);
        return Err(WaiterError::construction_failure(why));
    }
    let start = runtime.now();
    let mut polls = 0u32;
    loop {
        let result = poll(&runtime, &input).await;
        polls += 1;
        // Acceptors see outputs and service errors; any other failure (the request was not
        // sent, the response could not be read) ends the wait at once.
        let result = match result {
            Err(e) if !matches!(e, SdkError::ServiceError(_)) => return Err(WaiterError::OperationFailed(OperationFailed::new(e))),
            other => other,
        };
        match spec.state((&input, views.0), views.1, &result) {
            Some(AcceptorState::Success) => return Ok(FinalPoll::new(result)),
            Some(AcceptorState::Failure) => return Err(failure(result)),
            Some(AcceptorState::Retry) => {}
            // A service error no acceptor expects ends the wait as a failed operation.
            None => {
                if let Err(e) = result {
                    return Err(WaiterError::OperationFailed(OperationFailed::new(e)));
                }
            }
        }
        let elapsed = runtime.now().duration_since(start).unwrap_or_default();
        match spec.delay(polls, max_wait.saturating_sub(elapsed), fastrand::f64()) {
            Some(delay) => runtime.sleep(delay).await,
            None => return Err(WaiterError::ExceededMaxWait(ExceededMaxWait::new(max_wait, elapsed, polls))),
        }
    }
}

/// The failure state for a final result: a modelled (or unmodelled service) error keeps its
/// type; an error that never reached the service ends the wait as a failed operation.
fn failure<O, E>(result: Result<O, SdkError<E, HttpResponse>>) -> WaiterError<O, E> {
    match result {
        Ok(o) => WaiterError::FailureState(FailureState::new(FinalPoll::new(Ok(o)))),
        Err(SdkError::ServiceError(ctx)) => WaiterError::FailureState(FailureState::new(FinalPoll::new(Err(ctx.into_err())))),
        Err(e) => WaiterError::OperationFailed(OperationFailed::new(e)),
    }
}

/// The view for values no acceptor reads.
pub fn unread<T>(_: &T) -> Value<'_> {
    Value::Null
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Table {
        status: Option<String>,
        items: Vec<Item>,
    }
    struct Item {
        state: String,
        size: i64,
    }
    impl Inspect for Table {
        fn member(&self, name: &str) -> Value<'_> {
            match name {
                "TableStatus" => self.status.to_value(),
                "Items" => self.items.to_value(),
                _ => Value::Null,
            }
        }
        fn member_names(&self) -> &'static [&'static str] {
            &["TableStatus", "Items"]
        }
    }
    impl ToValue for Table {
        fn to_value(&self) -> Value<'_> {
            Value::Object(Object::Shape(self))
        }
    }
    impl Inspect for Item {
        fn member(&self, name: &str) -> Value<'_> {
            match name {
                "State" => self.state.to_value(),
                "Size" => self.size.to_value(),
                _ => Value::Null,
            }
        }
        fn member_names(&self) -> &'static [&'static str] {
            &["State", "Size"]
        }
    }
    impl ToValue for Item {
        fn to_value(&self) -> Value<'_> {
            Value::Object(Object::Shape(self))
        }
    }

    fn table() -> Table {
        let item = |state: &str, size| Item { state: state.to_owned(), size };
        Table { status: Some("ACTIVE".to_owned()), items: vec![item("DISABLED", 3), item("ACTIVE", 5), item("ENABLE_FAILED", 1)] }
    }

    static STATUS: Path = Path::Field("TableStatus");
    static STATES: Path = Path::Project(&Path::Flatten(&Path::Field("Items")), &Path::Field("State"));
    static NO_ITEMS: Path = Path::Compare(Comparison::Gt, &Path::Call(Function::Length, &[Path::Field("Items")]), &Path::Literal(Literal::Number(0.0)));
    static FILTERED: Path = Path::Call(
        Function::Length,
        &[Path::Filter(
            &Path::Field("Items"),
            &Path::Or(
                &Path::Compare(Comparison::Eq, &Path::Field("State"), &Path::Literal(Literal::String("DISABLED"))),
                &Path::Compare(Comparison::Eq, &Path::Field("State"), &Path::Literal(Literal::String("ENABLE_FAILED"))),
            ),
            &Path::Current,
        )],
    );
    static BIGGEST: Path = Path::Sub(
        &Path::Call(Function::MaxBy, &[Path::Field("Items"), Path::Ref(&Path::Field("Size"))]),
        &Path::Field("State"),
    );
    static SLICED: Path = Path::Project(&Path::Sub(&Path::Field("Items"), &Path::Slice(None, None, Some(-1))), &Path::Field("Size"));
    static MISSING: Path = Path::Sub(&Path::Field("Nope"), &Path::Field("Deeper"));

    #[test]
    fn paths_read_members_lists_and_functions() {
        let t = table();
        let root = t.to_value();
        assert!(Comparator::StringEquals.matches(&STATUS.evaluate(&root), "ACTIVE"));
        assert!(Comparator::AnyStringEquals.matches(&STATES.evaluate(&root), "ACTIVE"));
        assert!(!Comparator::AllStringEquals.matches(&STATES.evaluate(&root), "ACTIVE"));
        assert!(Comparator::BooleanEquals.matches(&NO_ITEMS.evaluate(&root), "true"));
        assert_eq!(format!("{:?}", FILTERED.evaluate(&root)), "2");
        assert_eq!(format!("{:?}", BIGGEST.evaluate(&root)), "\"ACTIVE\"");
        assert_eq!(format!("{:?}", SLICED.evaluate(&root)), "[1, 5, 3]");
        assert!(matches!(MISSING.evaluate(&root), Value::Null));
        assert!(!Comparator::StringEquals.matches(&MISSING.evaluate(&root), ""));
    }

    fn spec(min: u64, max: u64) -> WaiterSpec {
        WaiterSpec { min_delay: Duration::from_secs(min), max_delay: Duration::from_secs(max), acceptors: &[] }
    }

    /// The specification's formula, written out independently: the bound for `attempt`, then
    /// the draw, then the trim.
    fn formula(min: f64, max: f64, attempt: u32, remaining: f64, unit: f64) -> Option<f64> {
        let ceiling = (max / min).ln() / 2f64.ln() + 1.0;
        let upper = if f64::from(attempt) > ceiling { max } else { min * 2f64.powi(attempt as i32 - 1) };
        let delay = min + (upper - min) * unit;
        if remaining <= min {
            None
        } else if remaining - delay <= min {
            Some(remaining - min)
        } else {
            Some(delay)
        }
    }

    #[test]
    fn delays_follow_the_specification() {
        let hour = Duration::from_secs(3600);
        for (min, max) in [(2, 120), (5, 120), (20, 120), (15, 3600), (1, 1), (3, 7)] {
            let s = spec(min, max);
            for attempt in 1..40 {
                for unit in [0.0, 0.25, 0.5, 0.999_999] {
                    for remaining in [hour, Duration::from_secs(max + min + 1), Duration::from_secs(min * 2), Duration::from_secs(min)] {
                        let ours = s.delay(attempt, remaining, unit).map(|d| d.as_secs_f64());
                        let theirs = formula(min as f64, max as f64, attempt, remaining.as_secs_f64(), unit);
                        match (ours, theirs) {
                            (Some(a), Some(b)) => assert!((a - b).abs() < 1e-6, "{min}..{max} attempt {attempt} unit {unit} remaining {remaining:?}: {a} vs {b}"),
                            (a, b) => assert_eq!(a, b, "{min}..{max} attempt {attempt} remaining {remaining:?}"),
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn delays_double_to_the_ceiling_then_stay_at_the_maximum() {
        // 2 s to 120 s: the bound is 2, 4, 8, 16, 32, 64 s for attempts 1 to 6 (the ceiling is
        // log2(60) + 1 = 6.9, so 6), then 120 s.
        let s = spec(2, 120);
        let hour = Duration::from_secs(3600);
        let top = |attempt| s.delay(attempt, hour, 0.999_999_999).unwrap().as_secs_f64().round() as u64;
        assert_eq!((1..=8).map(top).collect::<Vec<_>>(), [2, 4, 8, 16, 32, 64, 120, 120]);
        assert_eq!(s.delay(5, hour, 0.0), Some(Duration::from_secs(2)), "the draw starts at the minimum");
    }

    #[test]
    fn the_last_delay_leaves_the_minimum_for_one_more_call() {
        let s = spec(2, 120);
        // 10 s left and a 32 s bound: 8 s, so the last call starts with 2 s to spare.
        assert_eq!(s.delay(6, Duration::from_secs(10), 0.9), Some(Duration::from_secs(8)));
        // Exactly the minimum left (or less): no further call.
        assert_eq!(s.delay(1, Duration::from_secs(2), 0.5), None);
        assert_eq!(s.delay(1, Duration::from_millis(1500), 0.5), None);
        // Far from the deadline nothing is trimmed.
        assert_eq!(s.delay(1, Duration::from_secs(60), 0.5), Some(Duration::from_secs(2)));
    }
}
