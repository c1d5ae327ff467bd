//! Whether a value (a trait's value, a `@default`) matches the shape it stands for: its type,
//! members, and the constraint traits on the shape and on the member that targets it.

use serde_json::Value;

use super::index::{ids, member_of, members, Node};
use super::Ctx;
use crate::ast::{Shape, Traits};

/// How deep values and shapes are followed.
const MAX_DEPTH: usize = 64;

/// What is wrong with a value, each with the path within the value: errors, values outside a
/// `@range` (an error in a trait value, a warning in a default), and warnings.
#[derive(Default)]
pub struct Findings {
    pub errors: Vec<String>,
    pub out_of_range: Vec<String>,
    pub warnings: Vec<String>,
}

/// Checks `value` against the shape or member `id`.
pub fn check(cx: &Ctx, value: &Value, id: &str) -> Findings {
    let mut f = Findings::default();
    Walk { cx, f: &mut f }.value(value, id, "", 0);
    f
}

struct Walk<'c, 'a> {
    cx: &'c Ctx<'a>,
    f: &'c mut Findings,
}

/// A value's type, for messages.
pub fn describe(value: &Value) -> String {
    let text = value.to_string();
    let text = if text.chars().count() > 40 { format!("{}...", text.chars().take(40).collect::<String>()) } else { text };
    let kind = match value {
        Value::Null => return "null".into(),
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    };
    format!("{kind} ({text})")
}

fn at(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!("at `{path}`: ")
    }
}

impl Walk<'_, '_> {
    fn error(&mut self, path: &str, message: String) {
        self.f.errors.push(format!("{}{message}", at(path)));
    }

    fn value(&mut self, value: &Value, id: &str, path: &str, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let (target_id, shape, member_traits) = match self.cx.ix.node(id) {
            Some(Node::Shape(s)) => (id, s, None),
            Some(Node::Member(m)) => match self.cx.ix.shape(&m.target) {
                Some(s) => (m.target.as_str(), s, Some(&m.traits)),
                None => return,
            },
            None => return,
        };
        let traits = Merged { member: member_traits, shape: &shape.traits };
        if value.is_null() && shape.kind != "document" {
            self.error(path, format!("expected a value for `{target_id}`, found null"));
            return;
        }
        self.by_kind(value, target_id, shape, &traits, path, depth);
    }

    fn by_kind(&mut self, value: &Value, id: &str, shape: &Shape, traits: &Merged, path: &str, depth: usize) {
        match shape.kind.as_str() {
            "document" => {}
            "string" | "enum" => self.string(value, id, shape, traits, path),
            "blob" => self.blob(value, traits, path),
            "boolean" if !value.is_boolean() => self.error(path, format!("expected a boolean, found {}", describe(value))),
            "byte" | "short" | "integer" | "long" | "bigInteger" | "intEnum" => self.integer(value, id, shape, traits, path),
            "float" | "double" | "bigDecimal" => self.decimal(value, &shape.kind, traits, path),
            "timestamp" if !(value.is_number() || value.is_string()) => {
                self.error(path, format!("expected a timestamp (a number or a string), found {}", describe(value)))
            }
            "list" | "set" => self.list(value, id, shape, traits, path, depth),
            "map" => self.map(value, id, shape, traits, path, depth),
            "structure" => self.structure(value, id, shape, path, depth),
            "union" => self.union(value, id, shape, path, depth),
            _ => {}
        }
    }

    fn string(&mut self, value: &Value, id: &str, shape: &Shape, traits: &Merged, path: &str) {
        let Some(text) = value.as_str() else {
            return self.error(path, format!("expected a string for `{id}`, found {}", describe(value)));
        };
        if shape.kind == "enum" {
            let allowed = super::enums::string_values(shape);
            if !allowed.iter().any(|v| v == text) {
                return self.error(path, format!("`{text}` is not a value of the enum `{id}` (values: {})", allowed.join(", ")));
            }
        }
        if let Some(Value::Array(defs)) = traits.get(ids::ENUM) {
            let allowed: Vec<&str> = defs.iter().filter_map(|d| d.get("value").and_then(Value::as_str)).collect();
            if !allowed.contains(&text) {
                return self.error(path, format!("`{text}` is not one of the `@enum` values of `{id}` ({})", allowed.join(", ")));
            }
        }
        self.length(text.chars().count(), "characters", traits, path);
        if let Some(pattern) = traits.get(ids::PATTERN).and_then(Value::as_str) {
            if regex_lite::Regex::new(pattern).is_ok_and(|re| !re.is_match(text)) {
                self.error(path, format!("`{text}` does not match the pattern `{pattern}`"));
            }
        }
        if let Some(id_ref) = traits.get(ids::ID_REF) {
            self.id_ref(text, id_ref, path);
        }
    }

    fn id_ref(&mut self, text: &str, id_ref: &Value, path: &str) {
        if !is_shape_id(text) {
            return self.error(path, format!("`{text}` is not a valid shape id"));
        }
        let fail_when_missing = id_ref.get("failWhenMissing").and_then(Value::as_bool).unwrap_or(false);
        if self.cx.ix.node(text).is_none() {
            if fail_when_missing {
                self.error(path, format!("the shape `{text}` is not defined"));
            }
            return;
        }
        let selector = id_ref.get("selector").and_then(Value::as_str).unwrap_or("*");
        if selector != "*" && self.cx.selector_matches(selector, text) == Some(false) {
            self.error(path, format!("the shape `{text}` does not match the selector `{selector}`"));
        }
    }

    fn blob(&mut self, value: &Value, traits: &Merged, path: &str) {
        match value.as_str() {
            Some(text) => self.length(text.len(), "bytes", traits, path),
            None => self.error(path, format!("expected a blob (a string), found {}", describe(value))),
        }
    }

    fn integer(&mut self, value: &Value, id: &str, shape: &Shape, traits: &Merged, path: &str) {
        let Some(n) = value.as_f64().filter(|_| value.is_number()) else {
            return self.error(path, format!("expected an integer for `{id}`, found {}", describe(value)));
        };
        if n.fract() != 0.0 {
            return self.error(path, format!("expected an integer for `{id}`, found {n}"));
        }
        if let Some((lo, hi)) = integer_bounds(&shape.kind) {
            let fits = value.as_i64().map_or(n >= lo && n <= hi, |i| (i as f64) >= lo && (i as f64) <= hi);
            if !fits || (value.is_u64() && value.as_i64().is_none()) {
                return self.error(path, format!("{value} does not fit a {} (`{id}`)", shape.kind));
            }
        }
        if shape.kind == "intEnum" {
            let allowed = super::enums::int_values(shape);
            if !allowed.iter().any(|v| *v as f64 == n) {
                return self.error(path, format!("{value} is not a value of the intEnum `{id}`"));
            }
        }
        self.range(n, traits, path);
    }

    fn decimal(&mut self, value: &Value, kind: &str, traits: &Merged, path: &str) {
        match value {
            Value::Number(n) => self.range(n.as_f64().unwrap_or(0.0), traits, path),
            Value::String(s) if kind != "bigDecimal" && matches!(s.as_str(), "NaN" | "Infinity" | "-Infinity") => {}
            _ => self.error(path, format!("expected a number, found {}", describe(value))),
        }
    }

    fn range(&mut self, n: f64, traits: &Merged, path: &str) {
        let Some(range) = traits.get(ids::RANGE) else { return };
        if let Some(min) = range.get("min").and_then(Value::as_f64).filter(|min| n < *min) {
            self.f.out_of_range.push(format!("{}{n} is below the minimum {min} of its `@range`", at(path)));
        }
        if let Some(max) = range.get("max").and_then(Value::as_f64).filter(|max| n > *max) {
            self.f.out_of_range.push(format!("{}{n} is above the maximum {max} of its `@range`", at(path)));
        }
    }

    fn length(&mut self, len: usize, unit: &str, traits: &Merged, path: &str) {
        let Some(length) = traits.get(ids::LENGTH) else { return };
        let len_f = len as f64;
        if let Some(min) = length.get("min").and_then(Value::as_f64).filter(|min| len_f < *min) {
            self.error(path, format!("has {len} {unit}, fewer than the minimum {min} of its `@length`"));
        }
        if let Some(max) = length.get("max").and_then(Value::as_f64).filter(|max| len_f > *max) {
            self.error(path, format!("has {len} {unit}, more than the maximum {max} of its `@length`"));
        }
    }

    fn list(&mut self, value: &Value, id: &str, shape: &Shape, traits: &Merged, path: &str, depth: usize) {
        let Some(items) = value.as_array() else {
            return self.error(path, format!("expected a list for `{id}`, found {}", describe(value)));
        };
        self.length(items.len(), "elements", traits, path);
        let sparse = shape.traits.contains_key(ids::SPARSE);
        let member = format!("{id}$member");
        for (i, item) in items.iter().enumerate() {
            let item_path = format!("{path}[{i}]");
            if item.is_null() && sparse {
                continue;
            }
            self.value(item, &member, &item_path, depth + 1);
        }
        if shape.traits.contains_key(ids::UNIQUE_ITEMS) {
            let texts: Vec<String> = items.iter().map(Value::to_string).collect();
            let mut sorted = texts.clone();
            sorted.sort();
            if sorted.windows(2).any(|w| w[0] == w[1]) {
                self.error(path, format!("the list `{id}` is marked `@uniqueItems` but holds the same value twice"));
            }
        }
    }

    fn map(&mut self, value: &Value, id: &str, shape: &Shape, traits: &Merged, path: &str, depth: usize) {
        let Some(entries) = value.as_object() else {
            return self.error(path, format!("expected an object (a map) for `{id}`, found {}", describe(value)));
        };
        self.length(entries.len(), "entries", traits, path);
        let sparse = shape.traits.contains_key(ids::SPARSE);
        let (key_id, value_id) = (format!("{id}$key"), format!("{id}$value"));
        for (key, item) in entries {
            let item_path = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
            self.value(&Value::String(key.clone()), &key_id, &item_path, depth + 1);
            if !(item.is_null() && sparse) {
                self.value(item, &value_id, &item_path, depth + 1);
            }
        }
    }

    fn structure(&mut self, value: &Value, id: &str, shape: &Shape, path: &str, depth: usize) {
        let Some(object) = value.as_object() else {
            return self.error(path, format!("expected an object (the structure `{id}`), found {}", describe(value)));
        };
        for (name, item) in object {
            let item_path = if path.is_empty() { name.clone() } else { format!("{path}.{name}") };
            if member_of(shape, name).is_none() {
                self.f.warnings.push(format!("{}`{id}` has no member `{name}`; the value is ignored", at(path)));
                continue;
            }
            self.value(item, &format!("{id}${name}"), &item_path, depth + 1);
        }
        for (name, member) in members(shape) {
            let required = member.traits.contains_key(ids::REQUIRED) && !member.traits.contains_key(ids::DEFAULT);
            if required && !object.contains_key(name) {
                self.error(path, format!("the member `{name}` of `{id}` is required but missing"));
            }
        }
    }

    fn union(&mut self, value: &Value, id: &str, shape: &Shape, path: &str, depth: usize) {
        let Some(object) = value.as_object() else {
            return self.error(path, format!("expected an object (the union `{id}`), found {}", describe(value)));
        };
        if object.len() != 1 {
            return self.error(path, format!("a value of the union `{id}` must set exactly one member, found {}", object.len()));
        }
        self.structure(value, id, shape, path, depth);
    }
}

/// The member's traits over the target shape's.
struct Merged<'t> {
    member: Option<&'t Traits>,
    shape: &'t Traits,
}

impl Merged<'_> {
    fn get(&self, id: &str) -> Option<&Value> {
        self.member.and_then(|m| m.get(id)).or_else(|| self.shape.get(id))
    }
}

fn integer_bounds(kind: &str) -> Option<(f64, f64)> {
    match kind {
        "byte" => Some((-128.0, 127.0)),
        "short" => Some((-32768.0, 32767.0)),
        "integer" | "intEnum" => Some((-2147483648.0, 2147483647.0)),
        "long" => Some((-9.223372036854776e18, 9.223372036854776e18)),
        _ => None,
    }
}

/// Whether text is an absolute shape id (`ns.a#Name`, `ns#Name$member`).
pub fn is_shape_id(text: &str) -> bool {
    let Some((ns, rest)) = text.split_once('#') else { return false };
    let (name, member) = match rest.split_once('$') {
        Some((n, m)) => (n, Some(m)),
        None => (rest, None),
    };
    ns.split('.').all(is_identifier) && is_identifier(name) && member.is_none_or(is_identifier)
}

/// A Smithy identifier: letters, digits and `_`, not starting with a digit, not only `_`.
pub fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    first_ok && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && text.chars().any(|c| c != '_')
}
