//! Evaluating compiled rules: the first rule whose conditions all hold decides; a tree rule
//! whose conditions hold must itself decide.

use super::compile::{Bdd, Condition, Expr, Func, Outcome, Part, PathStep, Rule, RESULT_BASE};
use super::value::Value;
use super::{aws, functions, Endpoint, ResolveEndpointError};

/// Evaluates `rules` with parameters and variables in `slots`.
pub(crate) fn rules(rules: &[Rule], slots: &mut [Value]) -> Result<Endpoint, ResolveEndpointError> {
    match first_match(rules, slots)? {
        Some(endpoint) => Ok(endpoint),
        None => Err(ResolveEndpointError::message("no endpoint rule matched the parameters")),
    }
}

fn first_match(rules: &[Rule], slots: &mut [Value]) -> Result<Option<Endpoint>, ResolveEndpointError> {
    for rule in rules {
        if !conditions_hold(&rule.conditions, slots) {
            continue;
        }
        return match &rule.outcome {
            Outcome::Endpoint { url, properties, headers } => endpoint(url, properties, headers, slots).map(Some),
            Outcome::Error(message) => {
                let text = eval(message, slots).template_text().unwrap_or_else(|| "the endpoint rules reported an error".to_owned());
                Err(ResolveEndpointError::message(text))
            }
            Outcome::Tree(inner) => match first_match(inner, slots)? {
                Some(endpoint) => Ok(Some(endpoint)),
                None => Err(ResolveEndpointError::message("no endpoint rule matched the parameters (a tree rule had no match)")),
            },
        };
    }
    Ok(None)
}

fn conditions_hold(conditions: &[Condition], slots: &mut [Value]) -> bool {
    conditions.iter().all(|c| holds(c, slots))
}

/// Whether a condition holds; when it does, its value is assigned.
fn holds(c: &Condition, slots: &mut [Value]) -> bool {
    let v = eval(&c.expr, slots);
    let holds = match &v {
        Value::Bool(b) => *b,
        Value::None => false,
        _ => true,
    };
    if holds {
        if let Some(slot) = c.assign {
            slots[slot] = v;
        }
    }
    holds
}

/// Walks a decision diagram from its root: each node tests a condition and goes to its high
/// (true) or low (false) reference, swapped for a complement (negative) reference, until a
/// result decides. A path visits each node at most once, so a longer walk is a broken diagram.
pub(crate) fn bdd(bdd: &Bdd, slots: &mut [Value]) -> Result<Endpoint, ResolveEndpointError> {
    let no_match = || ResolveEndpointError::message("no endpoint rule matched the parameters");
    let mut reference = bdd.root;
    for _ in 0..=bdd.nodes.len() {
        match reference {
            -1..=1 => return Err(no_match()),
            r if r >= RESULT_BASE => {
                let index = (r - RESULT_BASE) as usize;
                let result = index.checked_sub(1).and_then(|i| bdd.results.get(i)).ok_or_else(no_match)?;
                return first_match(std::slice::from_ref(result), slots)?.ok_or_else(no_match);
            }
            r => {
                let node = bdd.nodes.get(r.unsigned_abs() as usize - 1).ok_or_else(no_match)?;
                let condition = usize::try_from(node[0]).ok().and_then(|i| bdd.conditions.get(i)).ok_or_else(no_match)?;
                let high = holds(condition, slots) != (r < 0);
                reference = if high { node[1] } else { node[2] };
            }
        }
    }
    Err(ResolveEndpointError::message("the endpoint decision diagram loops"))
}

fn endpoint(
    url: &Expr,
    properties: &[(String, Expr)],
    headers: &[(String, Vec<Expr>)],
    slots: &[Value],
) -> Result<Endpoint, ResolveEndpointError> {
    let url = eval(url, slots).template_text().ok_or_else(|| ResolveEndpointError::message("an endpoint URL is not a string"))?;
    let mut builder = Endpoint::builder().url(url);
    for (name, values) in headers {
        for v in values {
            let text = eval(v, slots).template_text().ok_or_else(|| ResolveEndpointError::message(format!("header `{name}` is not a string")))?;
            builder = builder.header(name.clone(), text);
        }
    }
    for (name, v) in properties {
        builder = builder.property(name.clone(), eval(v, slots).into_document());
    }
    Ok(builder.build())
}

fn eval(e: &Expr, slots: &[Value]) -> Value {
    match e {
        Expr::Literal(v) => v.clone(),
        Expr::Ref(slot) => slots.get(*slot).cloned().unwrap_or(Value::None),
        Expr::Template(parts) => {
            let mut out = String::new();
            for p in parts {
                match p {
                    Part::Text(t) => out.push_str(t),
                    Part::Value(v) => match eval(v, slots).template_text() {
                        Some(t) => out.push_str(&t),
                        None => return Value::None,
                    },
                }
            }
            Value::Str(out)
        }
        Expr::GetAttr(target, path) => get_attr(eval(target, slots), path),
        Expr::Array(items) => Value::Array(items.iter().map(|i| eval(i, slots)).collect()),
        Expr::Record(fields) => Value::Record(fields.iter().map(|(k, v)| (k.clone(), eval(v, slots))).collect()),
        Expr::Call(func, args) => call(*func, args, slots),
    }
}

fn get_attr(mut v: Value, path: &[PathStep]) -> Value {
    for step in path {
        v = match (step, v) {
            (PathStep::Field(name), Value::Record(fields)) => fields.into_iter().find(|(k, _)| k == name).map_or(Value::None, |(_, v)| v),
            (PathStep::Index(i), Value::Array(items)) => {
                let at = if *i < 0 { usize::try_from(-*i).ok().and_then(|back| items.len().checked_sub(back)) } else { usize::try_from(*i).ok() };
                at.and_then(|at| items.into_iter().nth(at)).unwrap_or(Value::None)
            }
            _ => Value::None,
        };
    }
    v
}

fn call(func: Func, args: &[Expr], slots: &[Value]) -> Value {
    // `coalesce` and `ite` evaluate only what they need.
    match func {
        Func::Coalesce => return args.iter().map(|a| eval(a, slots)).find(Value::is_set).unwrap_or(Value::None),
        Func::Ite => {
            let chosen = if eval(&args[0], slots).as_bool() == Some(true) { &args[1] } else { &args[2] };
            return eval(chosen, slots);
        }
        _ => {}
    }
    let v: Vec<Value> = args.iter().map(|a| eval(a, slots)).collect();
    let str_arg = |i: usize| v.get(i).and_then(Value::as_str);
    let bool_arg = |i: usize| v.get(i).and_then(Value::as_bool);
    match func {
        Func::IsSet => Value::Bool(v[0].is_set()),
        Func::Not => bool_arg(0).map_or(Value::None, |b| Value::Bool(!b)),
        Func::BooleanEquals => match (bool_arg(0), bool_arg(1)) {
            (Some(a), Some(b)) => Value::Bool(a == b),
            _ => Value::Bool(false),
        },
        Func::StringEquals => match (str_arg(0), str_arg(1)) {
            (Some(a), Some(b)) => Value::Bool(a == b),
            _ => Value::Bool(false),
        },
        Func::Substring => match (str_arg(0), &v[1], &v[2], bool_arg(3)) {
            (Some(s), Value::Int(start), Value::Int(stop), Some(reverse)) => functions::substring(s, *start, *stop, reverse).map_or(Value::None, Value::Str),
            _ => Value::None,
        },
        Func::UriEncode => str_arg(0).map_or(Value::None, |s| Value::Str(functions::uri_encode(s))),
        Func::ParseUrl => str_arg(0).and_then(functions::parse_url).unwrap_or(Value::None),
        Func::IsValidHostLabel => match (str_arg(0), bool_arg(1)) {
            (Some(s), Some(sub)) => Value::Bool(functions::is_valid_host_label(s, sub)),
            _ => Value::Bool(false),
        },
        Func::Split => match (str_arg(0), str_arg(1), &v[2]) {
            (Some(s), Some(d), Value::Int(limit)) => functions::split(s, d, *limit).map_or(Value::None, |parts| Value::Array(parts.into_iter().map(Value::Str).collect())),
            _ => Value::None,
        },
        Func::Partition => str_arg(0).map_or(Value::None, aws::partition),
        Func::ParseArn => str_arg(0).and_then(aws::parse_arn).unwrap_or(Value::None),
        Func::IsVirtualHostableS3Bucket => match (str_arg(0), bool_arg(1)) {
            (Some(s), Some(sub)) => Value::Bool(aws::is_virtual_hostable_s3_bucket(s, sub)),
            _ => Value::Bool(false),
        },
        Func::Coalesce | Func::Ite => Value::None,
    }
}
