//! `smithy.waiters#waitable`: the waiters of an operation, with their acceptors' paths parsed.

use serde_json::Value;

use super::Ctx;
use crate::ast::{shape_name, Shape};
use crate::ir::{Acceptor, AcceptorState, PathMatcher, Waiter, WaiterMatcher};
use crate::{docs, naming};

/// The waitable trait.
pub const WAITABLE: &str = "smithy.waiters#waitable";

/// The Smithy defaults of `minDelay` and `maxDelay`, in seconds.
const DEFAULT_MIN_DELAY: u64 = 2;
const DEFAULT_MAX_DELAY: u64 = 120;

impl Ctx<'_> {
    /// The waiters of an operation, sorted by name. A waiter the generator cannot honour (an
    /// acceptor it cannot read, or an input that cannot be sent twice) is left out with a
    /// warning.
    pub fn waiters_of(&self, op_id: &str, op: &Shape, streaming_input: bool, warnings: &mut Vec<String>) -> Vec<Waiter> {
        let Some(Value::Object(defs)) = op.traits.get(WAITABLE) else { return Vec::new() };
        let mut waiters = Vec::new();
        for (name, def) in defs {
            let leave_out = |why: String| format!("waiter `{name}` of operation `{}` was left out: {why}", shape_name(op_id));
            if streaming_input {
                warnings.push(leave_out("its operation's input streams, and a stream cannot be sent more than once".to_owned()));
                continue;
            }
            match waiter(name, def).and_then(|w| self.check_paths(op, &w).map(|()| w)) {
                Ok(w) => waiters.push(w),
                Err(why) => warnings.push(leave_out(why)),
            }
        }
        waiters.sort_by(|a, b| a.name.cmp(&b.name));
        waiters
    }

    /// Every acceptor path, checked against the operation's input and output shapes.
    fn check_paths(&self, op: &Shape, w: &Waiter) -> Result<(), String> {
        let unit = "smithy.api#Unit";
        let output = op.output.as_ref().map_or(unit, |r| r.target.as_str());
        let input = op.input.as_ref().map_or(unit, |r| r.target.as_str());
        for (i, acceptor) in w.acceptors.iter().enumerate() {
            let (path, on_input) = match &acceptor.matcher {
                WaiterMatcher::Output(m) => (&m.path, None),
                WaiterMatcher::InputOutput(m) => (&m.path, Some(input)),
                _ => continue,
            };
            super::waiter_paths::check(self.shapes, path, on_input, output).map_err(|why| format!("acceptor {}: its path cannot match: {why}", i + 1))?;
        }
        Ok(())
    }
}

fn waiter(name: &str, def: &Value) -> Result<Waiter, String> {
    let delay = |key: &str, default: u64| match def.get(key) {
        None => Ok(default),
        Some(v) => v.as_u64().filter(|d| *d >= 1).ok_or_else(|| format!("`{key}` must be a whole number of seconds, at least 1")),
    };
    let (min_delay, max_delay) = (delay("minDelay", DEFAULT_MIN_DELAY)?, delay("maxDelay", DEFAULT_MAX_DELAY)?);
    if max_delay < min_delay {
        return Err(format!("`maxDelay` ({max_delay}) is below `minDelay` ({min_delay})"));
    }
    let acceptors = def
        .get("acceptors")
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty())
        .ok_or("it has no acceptors")?
        .iter()
        .enumerate()
        .map(|(i, a)| acceptor(a).map_err(|why| format!("acceptor {}: {why}", i + 1)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Waiter {
        name: name.to_owned(),
        module: naming::module_name(name),
        type_name: naming::type_name(name),
        docs: def.get("documentation").and_then(Value::as_str).map(docs::html_doc_lines).unwrap_or_default(),
        deprecated: def.get("deprecated").and_then(Value::as_bool).unwrap_or(false),
        min_delay,
        max_delay,
        acceptors,
    })
}

fn acceptor(def: &Value) -> Result<Acceptor, String> {
    let state = match def.get("state").and_then(Value::as_str) {
        Some("success") => AcceptorState::Success,
        Some("failure") => AcceptorState::Failure,
        Some("retry") => AcceptorState::Retry,
        other => return Err(format!("unknown state {other:?}")),
    };
    let matcher = def.get("matcher").and_then(Value::as_object).filter(|m| m.len() == 1).ok_or("a matcher needs exactly one member")?;
    let (kind, value) = matcher.iter().next().ok_or("empty matcher")?;
    let matcher = match kind.as_str() {
        "success" => WaiterMatcher::Success(value.as_bool().ok_or("`success` must be a boolean")?),
        "errorType" => {
            let error = value.as_str().ok_or("`errorType` must be a string")?;
            WaiterMatcher::ErrorType(shape_name(error).to_owned())
        }
        "output" => WaiterMatcher::Output(path_matcher(value)?),
        "inputOutput" => WaiterMatcher::InputOutput(path_matcher(value)?),
        other => return Err(format!("unknown matcher `{other}`")),
    };
    Ok(Acceptor { state, matcher })
}

fn path_matcher(def: &Value) -> Result<PathMatcher, String> {
    let text = |key: &str| def.get(key).and_then(Value::as_str).ok_or_else(|| format!("the path matcher has no `{key}`"));
    let (path, expected, comparator) = (text("path")?, text("expected")?, text("comparator")?);
    if !matches!(comparator, "stringEquals" | "booleanEquals" | "allStringEquals" | "anyStringEquals") {
        return Err(format!("unknown comparator `{comparator}`"));
    }
    if comparator == "booleanEquals" && !matches!(expected, "true" | "false") {
        return Err(format!("`booleanEquals` expects `true` or `false`, not `{expected}`"));
    }
    let path = super::jmespath::parse(path).map_err(|why| format!("path `{path}`: {why}"))?;
    Ok(PathMatcher { path, comparator: comparator.to_owned(), expected: expected.to_owned(), typed: None })
}
