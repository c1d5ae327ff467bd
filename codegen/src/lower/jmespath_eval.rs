//! A JMESPath evaluator over JSON values, for the expression trees [`parse`](super::jmespath::parse)
//! gives. It runs the JMESPath compliance suite against the parser's trees, and lets the generator
//! evaluate a waiter path on a JSON value of its own.
//!
//! The semantics are those of the JMESPath specification, as generated waiters evaluate their
//! acceptors: numbers are `f64`, objects keep their keys in order, a lookup that finds nothing
//! gives `null`, and a function given a value of the wrong type is an `invalid-type` error.

use std::borrow::Cow;
use std::fmt;

use crate::ir::JmesPath;
use crate::lower::jmespath::ErrorKind;

/// Evaluates `path` on `current`. A lookup that finds nothing gives `null`, and so does an
/// error: an acceptor whose path fails does not match.
pub fn evaluate(path: &JmesPath, current: &serde_json::Value) -> serde_json::Value {
    try_evaluate(path, current).unwrap_or(serde_json::Value::Null)
}

/// Evaluates `path` on `current`, failing as the JMESPath specification says (a function given a
/// value of the wrong type is an `invalid-type` error).
///
/// Whole numbers in the result are JSON integers (below 2^53), other numbers are floats.
pub fn try_evaluate(path: &JmesPath, current: &serde_json::Value) -> Result<serde_json::Value, EvalError> {
    let current = Value::from_json(current);
    Ok(eval(path, &current)?.to_json())
}

/// Why an expression could not be evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalError {
    kind: ErrorKind,
    message: String,
}

impl EvalError {
    /// The JMESPath specification's name for the error: `invalid-type` for every expression the
    /// parser accepts (it finds the other kinds). A hand-built tree can also call a function the
    /// evaluator does not know (`unknown-function`) or compare with an operator it does not know
    /// (`syntax`).
    pub fn kind(&self) -> &'static str {
        self.kind.name()
    }

    fn invalid_type(function: Function, why: &str) -> Self {
        EvalError { kind: ErrorKind::InvalidType, message: format!("{}(): {why}", function.name()) }
    }
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EvalError {}

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

/// A value as JMESPath sees it, borrowing its strings from the input or the expression.
#[derive(Debug, Clone)]
enum Value<'a> {
    Null,
    Bool(bool),
    Number(f64),
    String(Cow<'a, str>),
    Array(Vec<Value<'a>>),
    /// Keys and values, in order.
    Object(Entries<'a>),
}

type Entries<'a> = Vec<(Cow<'a, str>, Value<'a>)>;

/// What a missing function argument reads as.
const NULL: Value<'static> = Value::Null;

/// Below this, every whole `f64` is exactly an integer.
const EXACT_INTEGERS: f64 = 9_007_199_254_740_992.0;

impl<'a> Value<'a> {
    fn from_json(json: &'a serde_json::Value) -> Self {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => n.as_f64().map_or(Value::Null, Value::Number),
            serde_json::Value::String(s) => Value::String(Cow::Borrowed(s)),
            serde_json::Value::Array(items) => Value::Array(items.iter().map(Value::from_json).collect()),
            serde_json::Value::Object(map) => {
                Value::Object(map.iter().map(|(k, v)| (Cow::Borrowed(k.as_str()), Value::from_json(v))).collect())
            }
        }
    }

    /// The value as JSON; a number JSON cannot hold (infinite) is `null`.
    fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) if n.fract() == 0.0 && n.abs() < EXACT_INTEGERS => serde_json::Value::from(*n as i64),
            Value::Number(n) => serde_json::Number::from_f64(*n).map_or(serde_json::Value::Null, serde_json::Value::Number),
            Value::String(s) => serde_json::Value::String(s.to_string()),
            Value::Array(items) => serde_json::Value::Array(items.iter().map(Value::to_json).collect()),
            Value::Object(entries) => serde_json::Value::Object(entries.iter().map(|(k, v)| (k.to_string(), v.to_json())).collect()),
        }
    }

    /// The value under `key` of an object; `null` for anything else or a missing key.
    fn get(&self, key: &str) -> Value<'a> {
        match self {
            Value::Object(entries) => entries.iter().find(|(k, _)| k == key).map_or(Value::Null, |(_, v)| v.clone()),
            _ => Value::Null,
        }
    }

    /// JMESPath truthiness: `false`, `null` and empty strings, lists and objects are false.
    fn is_truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(_) => true,
            Value::String(s) => !s.is_empty(),
            Value::Array(items) => !items.is_empty(),
            Value::Object(entries) => !entries.is_empty(),
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

/// Deep equality, as JMESPath's `==` compares (objects regardless of key order).
fn equal(a: &Value<'_>, b: &Value<'_>) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => x == y,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| equal(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.iter().any(|(k2, v2)| k == k2 && equal(v, v2)))
        }
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

fn eval<'a>(path: &'a JmesPath, current: &Value<'a>) -> Result<Value<'a>, EvalError> {
    Ok(match path {
        JmesPath::Current => current.clone(),
        JmesPath::Field(name) => current.get(name),
        JmesPath::Sub(left, right) | JmesPath::Pipe(left, right) => eval(right, &eval(left, current)?)?,
        JmesPath::Index(i) => index(current, *i),
        JmesPath::Slice(start, stop, step) => match current {
            Value::Array(items) => slice(items, *start, *stop, *step),
            _ => Value::Null,
        },
        JmesPath::Project(left, right) => match eval(left, current)? {
            Value::Array(items) => project(items.iter(), right)?,
            _ => Value::Null,
        },
        JmesPath::ProjectValues(left, right) => match eval(left, current)? {
            Value::Object(entries) => project(entries.iter().map(|(_, v)| v), right)?,
            _ => Value::Null,
        },
        JmesPath::Flatten(inner) => match eval(inner, current)? {
            Value::Array(items) => flatten(items),
            _ => Value::Null,
        },
        JmesPath::Filter(left, condition, right) => match eval(left, current)? {
            Value::Array(items) => filter(items, condition, right)?,
            _ => Value::Null,
        },
        JmesPath::List(items) => multi_select_list(items, current)?,
        JmesPath::Hash(entries) => multi_select_hash(entries, current)?,
        JmesPath::Call(name, args) => call(name, args, current)?,
        // An expression reference means something only as a function argument.
        JmesPath::Ref(_) => Value::Null,
        JmesPath::Compare(op, left, right) => {
            let op = Comparison::named(op)?;
            compare(op, &eval(left, current)?, &eval(right, current)?)
        }
        JmesPath::And(left, right) => {
            let left = eval(left, current)?;
            if left.is_truthy() { eval(right, current)? } else { left }
        }
        JmesPath::Or(left, right) => {
            let left = eval(left, current)?;
            if left.is_truthy() { left } else { eval(right, current)? }
        }
        JmesPath::Not(inner) => Value::Bool(!eval(inner, current)?.is_truthy()),
        JmesPath::Literal(json) => Value::from_json(json),
    })
}

/// `[i]`: a list element, negative counting from the end.
fn index<'a>(current: &Value<'a>, i: i64) -> Value<'a> {
    let Value::Array(items) = current else { return Value::Null };
    let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
    let i = if i < 0 { len.checked_add(i) } else { Some(i) };
    i.and_then(|i| usize::try_from(i).ok()).and_then(|i| items.get(i)).cloned().unwrap_or(Value::Null)
}

/// `[start:stop:step]`, with Python's rules for omitted and out-of-range bounds.
fn slice<'a>(items: &[Value<'a>], start: Option<i64>, stop: Option<i64>, step: Option<i64>) -> Value<'a> {
    let step = step.unwrap_or(1);
    if step == 0 {
        return Value::Null;
    }
    let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
    let clamp = |i: i64, low: i64, high: i64| if i < 0 { i.saturating_add(len).max(low) } else { i.min(high) };
    let (start, stop) = if step > 0 {
        (start.map_or(0, |s| clamp(s, 0, len)), stop.map_or(len, |s| clamp(s, 0, len)))
    } else {
        (start.map_or(len - 1, |s| clamp(s, -1, len - 1)), stop.map_or(-1, |s| clamp(s, -1, len - 1)))
    };
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        let Some(item) = usize::try_from(i).ok().and_then(|i| items.get(i)) else { break };
        out.push(item.clone());
        let Some(next) = i.checked_add(step) else { break };
        i = next;
    }
    Value::Array(out)
}

/// The right side of a projection over each item, nulls dropped.
fn project<'a, 'v>(items: impl Iterator<Item = &'v Value<'a>>, right: &'a JmesPath) -> Result<Value<'a>, EvalError>
where
    'a: 'v,
{
    let mut out = Vec::new();
    for item in items {
        match eval(right, item)? {
            Value::Null => {}
            value => out.push(value),
        }
    }
    Ok(Value::Array(out))
}

/// `a[]`: nested lists merged one level.
fn flatten(items: Vec<Value<'_>>) -> Value<'_> {
    let flat = items
        .into_iter()
        .flat_map(|item| match item {
            Value::Array(nested) => nested,
            other => vec![other],
        })
        .collect();
    Value::Array(flat)
}

/// `[?condition]` then the right side over the items kept.
fn filter<'a>(items: Vec<Value<'a>>, condition: &'a JmesPath, right: &'a JmesPath) -> Result<Value<'a>, EvalError> {
    let mut kept = Vec::new();
    for item in items {
        if eval(condition, &item)?.is_truthy() {
            kept.push(item);
        }
    }
    project(kept.iter(), right)
}

/// `[a, b]`; `null` on `null`.
fn multi_select_list<'a>(items: &'a [JmesPath], current: &Value<'a>) -> Result<Value<'a>, EvalError> {
    if matches!(current, Value::Null) {
        return Ok(Value::Null);
    }
    Ok(Value::Array(items.iter().map(|item| eval(item, current)).collect::<Result<_, _>>()?))
}

/// `{k: a, ...}`; `null` on `null`.
fn multi_select_hash<'a>(entries: &'a [(String, JmesPath)], current: &Value<'a>) -> Result<Value<'a>, EvalError> {
    if matches!(current, Value::Null) {
        return Ok(Value::Null);
    }
    let mut out = Vec::with_capacity(entries.len());
    for (key, path) in entries {
        out.push((Cow::Borrowed(key.as_str()), eval(path, current)?));
    }
    Ok(Value::Object(out))
}

/// JMESPath's comparison operators, by the IR's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Comparison {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Comparison {
    fn named(name: &str) -> Result<Self, EvalError> {
        Ok(match name {
            "Eq" => Comparison::Eq,
            "Ne" => Comparison::Ne,
            "Lt" => Comparison::Lt,
            "Le" => Comparison::Le,
            "Gt" => Comparison::Gt,
            "Ge" => Comparison::Ge,
            other => return Err(EvalError { kind: ErrorKind::Syntax, message: format!("unknown comparison `{other}`") }),
        })
    }
}

/// `==` and `!=` compare any values; the orderings compare numbers only (`null` otherwise).
fn compare<'a>(op: Comparison, left: &Value<'_>, right: &Value<'_>) -> Value<'a> {
    match (op, left, right) {
        (Comparison::Eq, _, _) => Value::Bool(equal(left, right)),
        (Comparison::Ne, _, _) => Value::Bool(!equal(left, right)),
        (_, Value::Number(l), Value::Number(r)) => Value::Bool(match op {
            Comparison::Lt => l < r,
            Comparison::Le => l <= r,
            Comparison::Gt => l > r,
            _ => l >= r,
        }),
        _ => Value::Null,
    }
}

// ---------------------------------------------------------------------------------------------
// Functions
// ---------------------------------------------------------------------------------------------

/// JMESPath's built-in functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Function {
    Abs,
    Avg,
    Ceil,
    Contains,
    EndsWith,
    Floor,
    Join,
    Keys,
    Length,
    Map,
    Max,
    MaxBy,
    Merge,
    Min,
    MinBy,
    NotNull,
    Reverse,
    Sort,
    SortBy,
    StartsWith,
    Sum,
    ToArray,
    ToNumber,
    ToString,
    Type,
    Values,
}

/// Each function with the IR's name for it (the runtime's variant name) and its JMESPath name.
const FUNCTIONS: [(Function, &str, &str); 26] = [
    (Function::Abs, "Abs", "abs"),
    (Function::Avg, "Avg", "avg"),
    (Function::Ceil, "Ceil", "ceil"),
    (Function::Contains, "Contains", "contains"),
    (Function::EndsWith, "EndsWith", "ends_with"),
    (Function::Floor, "Floor", "floor"),
    (Function::Join, "Join", "join"),
    (Function::Keys, "Keys", "keys"),
    (Function::Length, "Length", "length"),
    (Function::Map, "Map", "map"),
    (Function::Max, "Max", "max"),
    (Function::MaxBy, "MaxBy", "max_by"),
    (Function::Merge, "Merge", "merge"),
    (Function::Min, "Min", "min"),
    (Function::MinBy, "MinBy", "min_by"),
    (Function::NotNull, "NotNull", "not_null"),
    (Function::Reverse, "Reverse", "reverse"),
    (Function::Sort, "Sort", "sort"),
    (Function::SortBy, "SortBy", "sort_by"),
    (Function::StartsWith, "StartsWith", "starts_with"),
    (Function::Sum, "Sum", "sum"),
    (Function::ToArray, "ToArray", "to_array"),
    (Function::ToNumber, "ToNumber", "to_number"),
    (Function::ToString, "ToString", "to_string"),
    (Function::Type, "Type", "type"),
    (Function::Values, "Values", "values"),
];

impl Function {
    /// The function the IR names `variant`.
    fn named(variant: &str) -> Result<Self, EvalError> {
        FUNCTIONS.iter().find(|(_, v, _)| *v == variant).map(|(f, _, _)| *f).ok_or_else(|| EvalError {
            kind: ErrorKind::UnknownFunction,
            message: format!("unknown function `{variant}`"),
        })
    }

    /// The name an expression calls the function by.
    fn name(self) -> &'static str {
        FUNCTIONS.iter().find(|(f, _, _)| *f == self).map_or("?", |(_, _, name)| name)
    }
}

/// A function call being evaluated: the function, its argument expressions and their values.
struct Call<'a> {
    function: Function,
    args: &'a [JmesPath],
    values: Vec<Value<'a>>,
}

impl<'a> Call<'a> {
    /// The value of argument `i` (`null` when there is none).
    fn arg(&self, i: usize) -> &Value<'a> {
        self.values.get(i).unwrap_or(&NULL)
    }

    /// The expression of argument `i`, when it is an expression reference (`&expr`).
    fn expr(&self, i: usize) -> Option<&'a JmesPath> {
        match self.args.get(i) {
            Some(JmesPath::Ref(path)) => Some(path.as_ref()),
            _ => None,
        }
    }

    /// Argument `i` when it is a list of numbers.
    fn numbers(&self, i: usize) -> Option<Vec<f64>> {
        let Value::Array(items) = self.arg(i) else { return None };
        items.iter().map(|item| if let Value::Number(n) = item { Some(*n) } else { None }).collect()
    }

    fn wrong<T>(&self, why: &str) -> Result<T, EvalError> {
        Err(EvalError::invalid_type(self.function, why))
    }
}

fn call<'a>(name: &str, args: &'a [JmesPath], current: &Value<'a>) -> Result<Value<'a>, EvalError> {
    let function = Function::named(name)?;
    let values = args.iter().map(|arg| eval(arg, current)).collect::<Result<_, _>>()?;
    let call = Call { function, args, values };
    use Function::*;
    match function {
        Abs | Ceil | Floor | Avg | Sum => arithmetic(&call),
        Contains | StartsWith | EndsWith | Join | Length | Reverse => sequences(&call),
        Keys | Values | Merge => objects(&call),
        Max | Min | Sort => ordering(&call),
        MaxBy | MinBy | SortBy | Map => by_expression(&call),
        NotNull | ToArray | ToNumber | ToString | Type => Ok(conversions(&call)),
    }
}

/// `abs`, `ceil`, `floor`, `avg` and `sum`.
fn arithmetic<'a>(call: &Call<'a>) -> Result<Value<'a>, EvalError> {
    let number = match call.function {
        Function::Avg | Function::Sum => {
            let Some(numbers) = call.numbers(0) else { return call.wrong("expects an array of numbers") };
            let sum = numbers.iter().sum::<f64>();
            match call.function {
                Function::Sum => sum,
                _ if numbers.is_empty() => return Ok(Value::Null),
                _ => sum / numbers.len() as f64,
            }
        }
        _ => {
            let Value::Number(n) = call.arg(0) else { return call.wrong("expects a number") };
            match call.function {
                Function::Abs => n.abs(),
                Function::Ceil => n.ceil(),
                _ => n.floor(),
            }
        }
    };
    Ok(Value::Number(number))
}

/// `contains`, `starts_with`, `ends_with`, `join`, `length` and `reverse`: strings and lists.
fn sequences<'a>(call: &Call<'a>) -> Result<Value<'a>, EvalError> {
    Ok(match (call.function, call.arg(0), call.arg(1)) {
        (Function::Contains, Value::Array(items), needle) => Value::Bool(items.iter().any(|item| equal(item, needle))),
        (Function::Contains, Value::String(s), Value::String(needle)) => Value::Bool(s.contains(needle.as_ref())),
        (Function::Contains, Value::String(_), _) => Value::Bool(false),
        (Function::Contains, _, _) => return call.wrong("expects an array or a string to search"),
        (Function::StartsWith, Value::String(s), Value::String(prefix)) => Value::Bool(s.starts_with(prefix.as_ref())),
        (Function::EndsWith, Value::String(s), Value::String(suffix)) => Value::Bool(s.ends_with(suffix.as_ref())),
        (Function::StartsWith | Function::EndsWith, _, _) => return call.wrong("expects two strings"),
        (Function::Join, Value::String(glue), Value::Array(items)) => match join(glue, items) {
            Some(joined) => joined,
            None => return call.wrong("expects a string and an array of strings"),
        },
        (Function::Join, _, _) => return call.wrong("expects a string and an array of strings"),
        (Function::Length, Value::String(s), _) => Value::Number(s.chars().count() as f64),
        (Function::Length, Value::Array(items), _) => Value::Number(items.len() as f64),
        (Function::Length, Value::Object(entries), _) => Value::Number(entries.len() as f64),
        (Function::Length, _, _) => return call.wrong("expects a string, an array or an object"),
        (Function::Reverse, Value::Array(items), _) => Value::Array(items.iter().rev().cloned().collect()),
        (Function::Reverse, Value::String(s), _) => Value::String(Cow::Owned(s.chars().rev().collect())),
        _ => return call.wrong("expects an array or a string"),
    })
}

/// The strings of `items` joined with `glue`; `None` when one is not a string.
fn join<'a>(glue: &str, items: &[Value<'_>]) -> Option<Value<'a>> {
    let parts = items.iter().map(|item| if let Value::String(s) = item { Some(s.as_ref()) } else { None });
    Some(Value::String(Cow::Owned(parts.collect::<Option<Vec<_>>>()?.join(glue))))
}

/// `keys`, `values` and `merge`.
fn objects<'a>(call: &Call<'a>) -> Result<Value<'a>, EvalError> {
    if call.function == Function::Merge {
        return merge(call);
    }
    let Value::Object(entries) = call.arg(0) else { return call.wrong("expects an object") };
    let keys = call.function == Function::Keys;
    Ok(Value::Array(entries.iter().map(|(k, v)| if keys { Value::String(k.clone()) } else { v.clone() }).collect()))
}

/// `merge(a, b, ...)`: later objects' keys win, in the place the key first appeared.
fn merge<'a>(call: &Call<'a>) -> Result<Value<'a>, EvalError> {
    let mut merged: Entries<'a> = Vec::new();
    for value in &call.values {
        let Value::Object(entries) = value else { return call.wrong("expects objects") };
        for (key, value) in entries {
            match merged.iter_mut().find(|(k, _)| k == key) {
                Some(slot) => slot.1 = value.clone(),
                None => merged.push((key.clone(), value.clone())),
            }
        }
    }
    Ok(Value::Object(merged))
}

/// `max`, `min` and `sort`: over a list of numbers or of strings.
fn ordering<'a>(call: &Call<'a>) -> Result<Value<'a>, EvalError> {
    let Value::Array(items) = call.arg(0) else { return call.wrong("expects an array") };
    let mut keyed: Vec<_> = items.iter().map(|item| (item.clone(), ())).collect();
    if !sort_keyed(&mut keyed) {
        return call.wrong("expects an array of numbers or of strings");
    }
    Ok(pick(call.function, keyed.into_iter().map(|(item, ())| item).collect()))
}

/// `max_by`, `min_by`, `sort_by` and `map`: an expression evaluated on each item of a list.
fn by_expression<'a>(call: &Call<'a>) -> Result<Value<'a>, EvalError> {
    if call.function == Function::Map {
        let (Some(expr), Value::Array(items)) = (call.expr(0), call.arg(1)) else {
            return call.wrong("expects an expression and an array");
        };
        return Ok(Value::Array(items.iter().map(|item| eval(expr, item)).collect::<Result<_, _>>()?));
    }
    let (Value::Array(items), Some(expr)) = (call.arg(0), call.expr(1)) else {
        return call.wrong("expects an array and an expression");
    };
    let mut keyed = Vec::with_capacity(items.len());
    for item in items {
        keyed.push((eval(expr, item)?, item.clone()));
    }
    if !sort_keyed(&mut keyed) {
        return call.wrong("the expression must give all numbers or all strings");
    }
    Ok(pick(call.function, keyed.into_iter().map(|(_, item)| item).collect()))
}

/// Sorts by key, keeping the order of equal keys; `false` (nothing sorted) when the keys are
/// neither all numbers nor all strings.
fn sort_keyed<T>(keyed: &mut [(Value<'_>, T)]) -> bool {
    let numbers = keyed.iter().all(|(key, _)| matches!(key, Value::Number(_)));
    let strings = keyed.iter().all(|(key, _)| matches!(key, Value::String(_)));
    if !numbers && !strings {
        return false;
    }
    keyed.sort_by(|(a, _), (b, _)| match (a, b) {
        (Value::Number(a), Value::Number(b)) => a.total_cmp(b),
        (Value::String(a), Value::String(b)) => a.cmp(b),
        _ => std::cmp::Ordering::Equal,
    });
    true
}

/// What a sorting function gives from the sorted items: the last (`max`, `max_by`), the first
/// (`min`, `min_by`, `null` when there is none) or all of them (`sort`, `sort_by`).
fn pick(function: Function, sorted: Vec<Value<'_>>) -> Value<'_> {
    match function {
        Function::Max | Function::MaxBy => sorted.into_iter().next_back().unwrap_or(Value::Null),
        Function::Min | Function::MinBy => sorted.into_iter().next().unwrap_or(Value::Null),
        _ => Value::Array(sorted),
    }
}

/// `not_null`, `to_array`, `to_number`, `to_string` and `type`, which take any value.
fn conversions<'a>(call: &Call<'a>) -> Value<'a> {
    let arg = call.arg(0);
    match call.function {
        Function::NotNull => call.values.iter().find(|v| !matches!(v, Value::Null)).cloned().unwrap_or(Value::Null),
        Function::ToArray => match arg {
            Value::Array(_) => arg.clone(),
            other => Value::Array(vec![other.clone()]),
        },
        Function::ToNumber => match arg {
            Value::Number(n) => Value::Number(*n),
            Value::String(s) => s.trim().parse().map_or(Value::Null, Value::Number),
            _ => Value::Null,
        },
        Function::ToString => match arg {
            Value::String(_) => arg.clone(),
            other => Value::String(Cow::Owned(other.to_json().to_string())),
        },
        // `type`
        _ => Value::String(Cow::Borrowed(arg.type_name())),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::lower::jmespath::parse;

    fn run(expression: &str, given: serde_json::Value) -> Result<serde_json::Value, EvalError> {
        try_evaluate(&parse(expression).unwrap(), &given)
    }

    #[test]
    fn fields_and_indexes() {
        let given = json!({"Table": {"TableStatus": "ACTIVE", "Items": [1, 2, 3]}});
        assert_eq!(run("Table.TableStatus", given.clone()), Ok(json!("ACTIVE")));
        assert_eq!(run("Table.Missing", given.clone()), Ok(json!(null)));
        assert_eq!(run("Table.Items[-1]", given.clone()), Ok(json!(3)));
        assert_eq!(run("Table.Items[::-2]", given.clone()), Ok(json!([3, 1])));
        assert_eq!(run("Table.TableStatus.Nested", given), Ok(json!(null)));
    }

    #[test]
    fn projections_and_filters() {
        let given = json!({"Ds": [{"S": "ENABLED", "N": 1}, {"S": "DISABLED", "N": 2}, {"N": 3}], "M": {"b": {"v": 1}, "a": {"v": 2}}});
        assert_eq!(run("Ds[].S", given.clone()), Ok(json!(["ENABLED", "DISABLED"])));
        assert_eq!(run("Ds[?S == 'DISABLED'].N", given.clone()), Ok(json!([2])));
        assert_eq!(run("Ds[?N > `1`] | length(@)", given.clone()), Ok(json!(2)));
        // Object projections and multi-select hashes keep the keys' order.
        assert_eq!(run("M.*.v", given.clone()), Ok(json!([1, 2])));
        assert_eq!(run("{z: Ds[0].N, a: M.a.v}", given.clone()).unwrap().to_string(), r#"{"z":1,"a":2}"#);
        assert_eq!(run("keys(M)", given), Ok(json!(["b", "a"])));
    }

    #[test]
    fn functions() {
        let given = json!({"people": [{"name": "b", "age": 30}, {"name": "a", "age": 20.5}], "tags": ["x", "y"]});
        assert_eq!(run("sort_by(people, &age)[].name", given.clone()), Ok(json!(["a", "b"])));
        assert_eq!(run("max_by(people, &name).age", given.clone()), Ok(json!(30)));
        assert_eq!(run("avg(people[].age)", given.clone()), Ok(json!(25.25)));
        assert_eq!(run("join(', ', tags)", given.clone()), Ok(json!("x, y")));
        assert_eq!(run("to_string(people[1])", given.clone()), Ok(json!(r#"{"name":"a","age":20.5}"#)));
        assert_eq!(run("not_null(missing, tags[5], `3`)", given.clone()), Ok(json!(3)));
        assert_eq!(run("map(&length(@), tags)", given), Ok(json!([1, 1])));
    }

    #[test]
    fn errors() {
        let error = run("length(`1`)", json!({})).unwrap_err();
        assert_eq!(error.kind(), "invalid-type");
        assert!(error.to_string().contains("length()"), "{error}");
        assert_eq!(run("sort(`[1, \"a\"]`)", json!({})).map_err(|e| e.kind()), Err("invalid-type"));
        assert_eq!(evaluate(&parse("abs('x')").unwrap(), &json!({})), json!(null));
    }

    #[test]
    fn hand_built_trees_do_not_panic() {
        let call = JmesPath::Call("Nope".into(), vec![]);
        assert_eq!(try_evaluate(&call, &json!(1)).map_err(|e| e.kind()), Err("unknown-function"));
        assert_eq!(evaluate(&call, &json!(1)), json!(null));
        let compare = JmesPath::Compare("Approx".into(), Box::new(JmesPath::Current), Box::new(JmesPath::Current));
        assert_eq!(try_evaluate(&compare, &json!(1)).map_err(|e| e.kind()), Err("syntax"));
        // Missing arguments read as null.
        assert_eq!(try_evaluate(&JmesPath::Call("Length".into(), vec![]), &json!(1)).map_err(|e| e.kind()), Err("invalid-type"));
        assert_eq!(evaluate(&JmesPath::Call("NotNull".into(), vec![]), &json!(1)), json!(null));
        // Bounds at the ends of `i64` neither overflow nor index out of range.
        let list = json!([0, 1, 2]);
        let slice = |a, b, c| evaluate(&JmesPath::Slice(a, b, c), &list);
        assert_eq!(slice(Some(1), None, Some(i64::MAX)), json!([1]));
        assert_eq!(slice(Some(i64::MIN), Some(i64::MAX), Some(i64::MIN)), json!([]));
        assert_eq!(slice(Some(i64::MAX), Some(i64::MIN), Some(-1)), json!([2, 1, 0]));
        assert_eq!(evaluate(&JmesPath::Index(i64::MIN), &list), json!(null));
    }
}
