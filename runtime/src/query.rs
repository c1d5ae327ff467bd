//! Form-encoded request bodies of the awsQuery and ec2Query protocols (`Name=value&List.member.1=a`).
//! Responses of these protocols are XML, read with the [`xml`](crate::xml) module.
//!
//! A generated structure writes one line per member; each member passes the same
//! [`xml::Member`](crate::xml::Member) description the XML codec uses (its query name, whether a list or map is
//! flattened, the names of list members and map keys and values, the timestamp format).

use std::collections::HashMap;

use aws_smithy_http::query::fmt_string as encode;
use aws_smithy_types::date_time::Format;
use aws_smithy_types::{BigDecimal, BigInteger, Blob, DateTime};

use crate::value::{TextValue, WireEnum};
use crate::xml::{Kind, Member};

/// A form body being written.
#[derive(Debug, Default)]
pub struct QueryOut {
    body: String,
    /// ec2Query: an empty list writes nothing (awsQuery writes `Name=`).
    ec2: bool,
    problem: Option<String>,
}

impl QueryOut {
    /// An empty body; `ec2` for ec2Query's rules.
    pub fn new(ec2: bool) -> Self {
        Self { body: String::new(), ec2, problem: None }
    }

    /// Records that the body cannot be sent.
    pub fn fail(&mut self, why: impl Into<String>) {
        self.problem.get_or_insert_with(|| why.into());
    }

    /// Appends one `key=value` pair.
    pub fn pair(&mut self, key: &str, value: &str) {
        if !self.body.is_empty() {
            self.body.push('&');
        }
        self.body.push_str(&encode(key));
        self.body.push('=');
        self.body.push_str(&encode(value));
    }

    /// Writes one member of a structure whose own key is `prefix` (empty at the top).
    pub fn field<T: QuerySer + ?Sized>(&mut self, prefix: &str, value: &T, m: &Member<'_>) {
        let key = if prefix.is_empty() { m.name.to_owned() } else { format!("{prefix}.{}", m.name) };
        value.write_query(self, &key, m);
    }

    /// The body, or why it cannot be sent.
    pub fn finish(self) -> Result<Vec<u8>, String> {
        match self.problem {
            Some(why) => Err(why),
            None => Ok(self.body.into_bytes()),
        }
    }
}

/// A value that can be written into a form body under `key`.
pub trait QuerySer {
    /// Writes the value's pairs.
    fn write_query(&self, out: &mut QueryOut, key: &str, m: &Member<'_>);
}

macro_rules! text_scalar {
    ($($t:ty),*) => {$(
        impl QuerySer for $t {
            fn write_query(&self, out: &mut QueryOut, key: &str, _m: &Member<'_>) {
                out.pair(key, &self.text());
            }
        }
    )*};
}
text_scalar!(String, bool, i8, i16, i32, i64, f32, f64, BigInteger, BigDecimal, Blob);

impl<T: WireEnum> QuerySer for T {
    fn write_query(&self, out: &mut QueryOut, key: &str, _m: &Member<'_>) {
        out.pair(key, self.wire_str());
    }
}

impl QuerySer for DateTime {
    fn write_query(&self, out: &mut QueryOut, key: &str, m: &Member<'_>) {
        let format = match m.kind {
            Kind::Timestamp(f) => f,
            _ => Format::DateTime,
        };
        match self.fmt(format) {
            Ok(text) => out.pair(key, &text),
            Err(e) => out.fail(format!("the timestamp in `{key}` cannot be written: {e}")),
        }
    }
}

impl<T: QuerySer> QuerySer for Option<T> {
    fn write_query(&self, out: &mut QueryOut, key: &str, m: &Member<'_>) {
        if let Some(v) = self {
            v.write_query(out, key, m);
        }
    }
}

const DEFAULT_ITEM: Member<'static> = Member::new("member");
const DEFAULT_KEY: Member<'static> = Member::new("key");
const DEFAULT_VALUE: Member<'static> = Member::new("value");

impl<T: QuerySer> QuerySer for Vec<T> {
    fn write_query(&self, out: &mut QueryOut, key: &str, m: &Member<'_>) {
        let item = match m.kind {
            Kind::List(item) => item,
            _ => &DEFAULT_ITEM,
        };
        if self.is_empty() {
            if !out.ec2 {
                out.pair(key, "");
            }
            return;
        }
        for (i, v) in self.iter().enumerate() {
            let item_key = if m.flat { format!("{key}.{}", i + 1) } else { format!("{key}.{}.{}", item.name, i + 1) };
            v.write_query(out, &item_key, item);
        }
    }
}

impl<K: AsRef<str>, V: QuerySer> QuerySer for HashMap<K, V> {
    fn write_query(&self, out: &mut QueryOut, key: &str, m: &Member<'_>) {
        let (k, v) = match m.kind {
            Kind::Map(k, v) => (k, v),
            _ => (&DEFAULT_KEY, &DEFAULT_VALUE),
        };
        let mut entries: Vec<(&K, &V)> = self.iter().collect();
        entries.sort_by(|a, b| a.0.as_ref().cmp(b.0.as_ref()));
        for (i, (name, value)) in entries.into_iter().enumerate() {
            let entry = if m.flat { format!("{key}.{}", i + 1) } else { format!("{key}.entry.{}", i + 1) };
            out.pair(&format!("{entry}.{}", k.name), name.as_ref());
            value.write_query(out, &format!("{entry}.{}", v.name), v);
        }
    }
}

/// The value of a unit union member: an empty value.
#[derive(Debug, Clone, Copy)]
pub struct EmptyValue;

impl QuerySer for EmptyValue {
    fn write_query(&self, out: &mut QueryOut, key: &str, _m: &Member<'_>) {
        out.pair(key, "");
    }
}

/// Writes an input's members as a form body (without `Action` and `Version`, which the runtime
/// puts first).
pub fn to_body<T: QuerySer + ?Sized>(value: &T, ec2: bool) -> Result<Vec<u8>, String> {
    let mut out = QueryOut::new(ec2);
    value.write_query(&mut out, "", &Member::new(""));
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_maps_and_nesting() {
        let mut out = QueryOut::new(false);
        let item = Member::new("member");
        let list = Member::new("ListArg").list(&item);
        out.field("", &vec!["a b".to_owned(), "c".to_owned()], &list);
        out.field("", &Vec::<String>::new(), &Member::new("Empty").list(&Member::new("member")));
        out.field("", &vec![1, 2], &Member::new("Flat").flat());
        let (k, v) = (Member::new("K"), Member::new("V"));
        out.field("", &HashMap::from([("b".to_owned(), 2), ("a".to_owned(), 1)]), &Member::new("Map").map(&k, &v));
        out.field("Nested", &Some(DateTime::from_secs(0)), &Member::new("When"));
        let body = String::from_utf8(out.finish().expect("body")).expect("utf-8");
        assert_eq!(
            body,
            "ListArg.member.1=a%20b&ListArg.member.2=c&Empty=&Flat.1=1&Flat.2=2&Map.entry.1.K=a&Map.entry.1.V=1&Map.entry.2.K=b&Map.entry.2.V=2&Nested.When=1970-01-01T00%3A00%3A00Z"
        );
        let mut ec2 = QueryOut::new(true);
        ec2.field("", &Vec::<String>::new(), &Member::new("Empty").flat());
        assert!(ec2.finish().expect("body").is_empty());
    }
}
