//! A case's `params` as typed values: each JSON value checked against the member's Rust type.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::ir::{Crate, Module, ParamValue, RustType, TypePath};

/// Where a param value sits in its shape's JSON: numbers a double cannot hold are read from
/// the text the model wrote.
#[derive(Debug, Clone)]
pub(super) struct At<'a> {
    pub(super) exact: &'a BTreeMap<String, String>,
    pub(super) pointer: String,
}

impl<'a> At<'a> {
    pub(super) fn child(&self, key: &str) -> At<'a> {
        At { exact: self.exact, pointer: format!("{}/{}", self.pointer, key.replace('~', "~0").replace('/', "~1")) }
    }

    /// The number as written, when a double would change it; else its usual text.
    fn number_text(&self, n: &serde_json::Number) -> String {
        self.exact.get(&self.pointer).cloned().unwrap_or_else(|| n.to_string())
    }
}

pub(super) fn struct_param(c: &Crate, path: &TypePath, v: &Value, at: &At<'_>) -> Result<ParamValue, String> {
    let s = c.structures.iter().find(|s| s.path == *path).ok_or_else(|| format!("no structure {}", path.name))?;
    let empty = serde_json::Map::new();
    let object = match v {
        Value::Null => &empty,
        Value::Object(o) => o,
        _ => return Err(format!("{} expects an object", path.name)),
    };
    let mut keys: Vec<&String> = object.keys().collect();
    keys.sort();
    if let Some(key) = keys.iter().find(|k| !s.members.iter().any(|m| m.name == ***k)) {
        return Err(format!("{} has no member `{key}`", path.name));
    }
    // In member order, whatever order the case wrote them in.
    let mut fields = Vec::new();
    for member in &s.members {
        let Some(value) = object.get(&member.name).filter(|v| !v.is_null()) else { continue };
        fields.push((member.accessor.clone(), member.boxed, param(c, &member.ty, value, &at.child(&member.name))?));
    }
    Ok(ParamValue::Struct { path: path.clone(), fallible: s.fallible_build, fields })
}

pub(super) fn param(c: &Crate, ty: &RustType, v: &Value, at: &At<'_>) -> Result<ParamValue, String> {
    let mismatch = || format!("`{v}` does not fit {ty:?}");
    Ok(match (ty, v) {
        (_, Value::Null) => ParamValue::Null,
        (RustType::String, Value::String(s)) => ParamValue::String(s.clone()),
        (RustType::Bool, Value::Bool(b)) => ParamValue::Bool(*b),
        (RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64, Value::Number(n)) => ParamValue::Int(n.as_i64().ok_or_else(mismatch)?, ty.clone()),
        (RustType::F32 | RustType::F64, Value::Number(n)) => ParamValue::Float(n.as_f64().ok_or_else(mismatch)?, ty.clone()),
        (RustType::F32 | RustType::F64, Value::String(s)) => ParamValue::Float(special_float(s).ok_or_else(mismatch)?, ty.clone()),
        (RustType::BigInteger | RustType::BigDecimal, Value::Number(n)) => ParamValue::BigNumber(at.number_text(n), ty.clone()),
        (RustType::Blob, Value::String(s)) => ParamValue::Blob(s.clone()),
        (RustType::ByteStream, Value::String(s)) => ParamValue::Stream(s.clone()),
        (RustType::DateTime, Value::String(s)) => {
            let (secs, nanos) = rfc3339_seconds(s).ok_or_else(mismatch)?;
            ParamValue::Timestamp(secs, nanos)
        }
        (RustType::DateTime, Value::Number(n)) => {
            let (secs, nanos) = exact_seconds(&at.number_text(n)).ok_or_else(mismatch)?;
            ParamValue::Timestamp(secs, nanos)
        }
        (RustType::Document, other) => ParamValue::Document(other.clone()),
        (RustType::Enum(path), Value::String(s)) => ParamValue::Enum(path.clone(), s.clone()),
        (RustType::Struct(path), _) => struct_param(c, path, v, at)?,
        (RustType::Union(path), Value::Object(o)) => union_param(c, path, o, at)?,
        (RustType::List { element, sparse, .. }, Value::Array(items)) => ParamValue::List {
            items: items
                .iter()
                .enumerate()
                .filter(|(_, i)| *sparse || !i.is_null())
                .map(|(n, i)| param(c, element, i, &at.child(&n.to_string())))
                .collect::<Result<_, _>>()?,
            sparse: *sparse,
        },
        (RustType::Map { key, value, sparse }, Value::Object(o)) => ParamValue::Map {
            entries: o
                .iter()
                .collect::<std::collections::BTreeMap<_, _>>()
                .into_iter()
                .filter(|(_, v)| *sparse || !v.is_null())
                .map(|(k, v)| Ok((param(c, key, &Value::String(k.clone()), at)?, param(c, value, v, &at.child(k))?)))
                .collect::<Result<_, String>>()?,
            sparse: *sparse,
        },
        _ => return Err(mismatch()),
    })
}

fn special_float(s: &str) -> Option<f64> {
    match s {
        "NaN" => Some(f64::NAN),
        "Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        _ => None,
    }
}

fn union_param(c: &Crate, path: &TypePath, o: &serde_json::Map<String, Value>, at: &At<'_>) -> Result<ParamValue, String> {
    let u = c.unions.iter().find(|u| u.name == path.name && path.module == Module::Types).ok_or_else(|| format!("no union {}", path.name))?;
    let mut set = o.iter().collect::<std::collections::BTreeMap<_, _>>().into_iter().filter(|(_, v)| !v.is_null());
    let (key, value) = set.next().ok_or_else(|| format!("{} has no member set", path.name))?;
    let variant = u.variants.iter().find(|v| v.member_name == *key).ok_or_else(|| format!("{} has no member `{key}`", path.name))?;
    let value = match &variant.ty {
        Some(ty) => Some(Box::new(param(c, ty, value, &at.child(key))?)),
        None => None,
    };
    Ok(ParamValue::Union { path: path.clone(), variant: variant.name.clone(), boxed: variant.boxed, value })
}

/// Seconds and nanoseconds of an RFC 3339 UTC date-time (`2024-10-31T14:15:14Z`, with an
/// optional fraction).
fn rfc3339_seconds(text: &str) -> Option<(i64, u32)> {
    let text = text.strip_suffix('Z').or_else(|| text.strip_suffix('z'))?;
    let (date, time) = text.split_once(['T', 't'])?;
    let mut d = date.splitn(3, '-').map(str::parse::<i64>);
    let (year, month, day) = (d.next()?.ok()?, d.next()?.ok()?, d.next()?.ok()?);
    let (clock, fraction) = time.split_once('.').unwrap_or((time, "0"));
    let mut t = clock.splitn(3, ':').map(str::parse::<i64>);
    let (hour, minute, second) = (t.next()?.ok()?, t.next()?.ok()?, t.next()?.ok()?);
    let in_range = (0..=9999).contains(&year)
        && (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && (0..24).contains(&hour)
        && (0..60).contains(&minute)
        && (0..=60).contains(&second);
    if !in_range {
        return None;
    }
    let (_, nanos) = exact_seconds(&format!("0.{fraction}"))?;
    let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
    Some((seconds, nanos))
}

/// Days from 1970-01-01 to a proleptic Gregorian date.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Seconds and nanoseconds of a decimal number, without going through a float.
fn exact_seconds(text: &str) -> Option<(i64, u32)> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let secs: i64 = whole.parse().ok()?;
    let digits: String = fraction.chars().chain(std::iter::repeat('0')).take(9).collect();
    let nanos: u32 = digits.parse().ok()?;
    if secs < 0 && nanos > 0 {
        return Some((secs - 1, 1_000_000_000 - nanos));
    }
    Some((secs, nanos))
}

/// A structure value from a JSON object (numbers as a double holds them), for other test
/// suites that build inputs.
pub(in crate::lower) fn struct_value(c: &Crate, path: &TypePath, v: &Value) -> Result<ParamValue, String> {
    let exact = BTreeMap::new();
    struct_param(c, path, v, &At { exact: &exact, pointer: String::new() })
}

#[cfg(test)]
mod tests {
    use super::rfc3339_seconds;

    #[test]
    fn rfc3339_dates_read_exactly_and_out_of_range_ones_are_refused() {
        assert_eq!(rfc3339_seconds("2024-10-31T14:15:14Z"), Some((1_730_384_114, 0)));
        assert_eq!(rfc3339_seconds("1970-01-01T00:00:00.5Z"), Some((0, 500_000_000)));
        assert_eq!(rfc3339_seconds("9223372036854775807-01-01T00:00:00Z"), None);
        assert_eq!(rfc3339_seconds("2024-13-01T00:00:00Z"), None);
        assert_eq!(rfc3339_seconds("2024-10-31T14:15:14"), None);
    }
}
