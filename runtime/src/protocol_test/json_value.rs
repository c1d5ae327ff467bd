//! JSON documents compared exactly: object member order and insignificant whitespace do not
//! matter, numbers compare by their exact decimal value (`1` equals `1.0` and `10e-1`, but
//! `9007199254740993` differs from `9007199254740992`, which a double cannot tell apart), and
//! big numbers are never rounded.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::value::RawValue;

/// A JSON value with numbers kept exact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Json {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, as its exact decimal value.
    Number(Decimal),
    /// A string.
    String(String),
    /// An array, in order.
    Array(Vec<Json>),
    /// An object, by key.
    Object(BTreeMap<String, Json>),
}

/// An exact decimal number: `digits × 10^exponent`, with no leading or trailing zeros in
/// `digits` (zero is `"0"` with exponent 0 and no sign).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decimal {
    negative: bool,
    digits: String,
    exponent: i64,
}

impl Decimal {
    /// The value of a JSON number literal; `None` when it is not one.
    pub fn parse(text: &str) -> Option<Decimal> {
        let (negative, rest) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (mantissa, exponent) = match rest.find(['e', 'E']) {
            Some(i) => (&rest[..i], rest[i + 1..].trim_start_matches('+').parse::<i64>().ok()?),
            None => (rest, 0),
        };
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if whole.is_empty() || !whole.bytes().chain(fraction.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let all = format!("{whole}{fraction}");
        let exponent = exponent.checked_sub(i64::try_from(fraction.len()).ok()?)?;
        Some(Decimal::normalised(negative, &all, exponent))
    }

    fn normalised(negative: bool, digits: &str, exponent: i64) -> Decimal {
        let leading = digits.trim_start_matches('0');
        let trimmed = leading.trim_end_matches('0');
        if trimmed.is_empty() {
            return Decimal { negative: false, digits: "0".to_owned(), exponent: 0 };
        }
        let dropped = i64::try_from(leading.len() - trimmed.len()).unwrap_or(i64::MAX);
        Decimal { negative, digits: trimmed.to_owned(), exponent: exponent.saturating_add(dropped) }
    }

    /// A different number: one more digit at the end (`5` → `5.1`).
    pub fn nudged(&self) -> Decimal {
        Decimal { negative: self.negative, digits: format!("{}1", self.digits), exponent: self.exponent.saturating_sub(1) }
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.negative { "-" } else { "" };
        write!(f, "{sign}{}e{}", self.digits, self.exponent)
    }
}

/// Parses a JSON document, keeping every number exact.
pub fn parse(text: &str) -> Result<Json, String> {
    let raw: &RawValue = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    from_raw(raw, 0)
}

/// Nesting beyond this is refused rather than followed (a test body never comes close).
const MAX_DEPTH: usize = 128;

fn from_raw(raw: &RawValue, depth: usize) -> Result<Json, String> {
    if depth > MAX_DEPTH {
        return Err(format!("nested deeper than {MAX_DEPTH} levels"));
    }
    let text = raw.get().trim();
    let invalid = |e: serde_json::Error| format!("not JSON: {e}");
    Ok(match text.as_bytes().first() {
        Some(b'{') => {
            let members: BTreeMap<String, &RawValue> = serde_json::from_str(text).map_err(invalid)?;
            Json::Object(members.into_iter().map(|(k, v)| Ok((k, from_raw(v, depth + 1)?))).collect::<Result<_, String>>()?)
        }
        Some(b'[') => {
            let items: Vec<&RawValue> = serde_json::from_str(text).map_err(invalid)?;
            Json::Array(items.into_iter().map(|v| from_raw(v, depth + 1)).collect::<Result<_, _>>()?)
        }
        Some(b'"') => Json::String(serde_json::from_str(text).map_err(invalid)?),
        Some(b't' | b'f') => Json::Bool(serde_json::from_str(text).map_err(invalid)?),
        Some(b'n') => Json::Null,
        _ => Json::Number(Decimal::parse(text).ok_or_else(|| format!("`{text}` is not a JSON number"))?),
    })
}

/// Changes one value of the document (its first scalar), or adds one where it has none: the
/// negative control of the JSON comparison.
pub fn alter(value: &mut Json) {
    if !alter_first_scalar(value) {
        match value {
            Json::Object(members) => {
                members.insert("sabotaged".to_owned(), Json::Null);
            }
            Json::Array(items) => items.push(Json::Null),
            _ => {}
        }
    }
}

fn alter_first_scalar(value: &mut Json) -> bool {
    match value {
        Json::Null => *value = Json::Bool(true),
        Json::Bool(b) => *b = !*b,
        Json::Number(n) => *n = n.nudged(),
        Json::String(s) => s.push('X'),
        Json::Array(items) => return items.iter_mut().any(alter_first_scalar),
        Json::Object(members) => return members.values_mut().any(alter_first_scalar),
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) -> bool {
        parse(a).expect("a") == parse(b).expect("b")
    }

    #[test]
    fn numbers_compare_by_exact_value() {
        assert!(same("1", "1.0"));
        assert!(same("1", "10e-1"));
        assert!(same("-0", "0.000"));
        assert!(same("1.5E+3", "1500"));
        assert!(same("[0.100000000000000000000001]", "[1.00000000000000000000001e-1]"));
        assert!(!same("9007199254740993", "9007199254740992"));
        assert!(!same("18446744073709551617", "18446744073709551616"));
        assert!(!same("0.100000000000000000000001", "0.1"));
        assert!(!same("1", "-1"));
    }

    #[test]
    fn objects_ignore_member_order_and_arrays_keep_theirs() {
        assert!(same(r#"{"a": 1, "b": [1, 2]}"#, r#"{"b":[1,2],"a":1}"#));
        assert!(!same("[1, 2]", "[2, 1]"));
        assert!(!same(r#"{"a": "x"}"#, r#"{"a": "y"}"#));
        assert!(!same(r#"{"a": null}"#, "{}"));
    }

    #[test]
    fn one_altered_value_differs() {
        for doc in [r#"{"a": {"b": [1, "x", true]}}"#, "[]", "{}", "null", "\"s\"", "12.5", r#"{"a": []}"#] {
            let original = parse(doc).expect("parses");
            let mut altered = original.clone();
            alter(&mut altered);
            assert_ne!(original, altered, "{doc}");
        }
    }

    #[test]
    fn rejects_what_is_not_json() {
        assert!(parse("{").is_err());
        assert!(parse("01x").is_err());
        assert!(parse(&"[".repeat(200)).is_err());
    }
}
