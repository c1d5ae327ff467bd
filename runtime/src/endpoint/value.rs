//! The values rules compute with: strings, booleans, integers, arrays, records (partition,
//! parsed URL and ARN results, endpoint properties) and "unset".

use aws_smithy_types::{Document, Number};

use super::{ParamKind, ParamSpec, ParamValue, ResolveEndpointError};

/// A value during evaluation.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    /// Unset (a parameter without a value, a function that found nothing).
    None,
    Bool(bool),
    Int(i64),
    Str(String),
    Array(Vec<Value>),
    /// Named fields, in order.
    Record(Vec<(String, Value)>),
}

impl Value {
    /// A parameter's value, checked against its declared type.
    pub(crate) fn from_param(v: ParamValue, spec: &ParamSpec) -> Result<Value, ResolveEndpointError> {
        match (v, spec.kind) {
            (ParamValue::String(s), ParamKind::String) => Ok(Value::Str(s)),
            (ParamValue::Bool(b), ParamKind::Bool) => Ok(Value::Bool(b)),
            (ParamValue::StringArray(a), ParamKind::StringArray) => Ok(Value::Array(a.into_iter().map(Value::Str).collect())),
            (v, kind) => Err(ResolveEndpointError::message(format!(
                "the parameter `{}` is declared {kind:?} but was given {v:?}",
                spec.name
            ))),
        }
    }

    pub(crate) fn is_set(&self) -> bool {
        !matches!(self, Value::None)
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The field of a record.
    #[cfg(test)]
    pub(crate) fn field(&self, name: &str) -> Option<&Value> {
        match self {
            Value::Record(fields) => fields.iter().find(|(k, _)| k == name).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text a template puts in place of this value.
    pub(crate) fn template_text(&self) -> Option<String> {
        match self {
            Value::Str(s) => Some(s.clone()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Int(i) => Some(i.to_string()),
            _ => None,
        }
    }

    /// An endpoint property.
    pub(crate) fn into_document(self) -> Document {
        match self {
            Value::None => Document::Null,
            Value::Bool(b) => Document::Bool(b),
            Value::Int(i) if i >= 0 => Document::Number(Number::PosInt(i.unsigned_abs())),
            Value::Int(i) => Document::Number(Number::NegInt(i)),
            Value::Str(s) => Document::String(s),
            Value::Array(items) => Document::Array(items.into_iter().map(Value::into_document).collect()),
            Value::Record(fields) => Document::Object(fields.into_iter().map(|(k, v)| (k, v.into_document())).collect()),
        }
    }
}

/// A record from static field names.
pub(crate) fn record(fields: Vec<(&str, Value)>) -> Value {
    Value::Record(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}
