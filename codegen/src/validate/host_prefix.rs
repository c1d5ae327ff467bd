//! `@endpoint` host prefixes: every `{label}` is bound to a `@hostLabel` member of the input,
//! and the prefix, labels filled in, is a valid host (dot-separated parts of letters, digits
//! and `-`, 63 characters at most); a prefix with labels should end in `.` (a warning).

use serde_json::Value;

use super::index::{ids, Index};
use super::{Ctx, Out};

pub fn check(cx: &Ctx, out: &mut Out) {
    for (id, op) in cx.ix.shape_ids().filter(|(_, s)| s.kind == "operation") {
        let Some(prefix) = op.traits.get(ids::ENDPOINT).and_then(|e| e.get("hostPrefix")).and_then(Value::as_str) else { continue };
        let input = op.input.as_ref().map_or(ids::UNIT, |i| i.target.as_str());
        let labels = labels(prefix);
        let unbound: Vec<String> = labels.iter().filter(|l| !has_host_label(cx.ix, input, l)).map(|l| format!("`{l}`")).collect();
        if !unbound.is_empty() {
            out.error(
                id,
                format!(
                    "the `@endpoint` host prefix has labels that no `@hostLabel` member of the input `{input}` binds: {}",
                    unbound.join(", ")
                ),
            );
        }
        if !is_host(&fill(prefix)) {
            out.error(id, format!("the `@endpoint` host prefix `{prefix}` does not make a valid host name"));
        }
        if !labels.is_empty() && !prefix.ends_with('.') {
            out.warning(id, "an `@endpoint` host prefix with labels should end in `.`".into());
        }
    }
}

/// The `{label}` names of a prefix.
fn labels(prefix: &str) -> Vec<&str> {
    prefix.split('{').skip(1).filter_map(|s| s.split_once('}')).map(|(l, _)| l).collect()
}

/// The prefix with each label replaced by a one-letter value.
fn fill(prefix: &str) -> String {
    let mut out = String::new();
    let mut in_label = false;
    for c in prefix.chars() {
        match c {
            '{' => in_label = true,
            '}' if in_label => {
                in_label = false;
                out.push('a');
            }
            _ if in_label => {}
            _ => out.push(c),
        }
    }
    out
}

fn is_host(text: &str) -> bool {
    let text = text.strip_suffix('.').unwrap_or(text);
    !text.is_empty()
        && text.split('.').all(|part| !part.is_empty() && part.len() <= 63 && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

fn has_host_label(ix: &Index, input: &str, label: &str) -> bool {
    ix.shape(input).and_then(|s| s.members.get(label)).is_some_and(|m| m.traits.contains_key(ids::HOST_LABEL))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_prefixes() {
        assert_eq!(labels("a-{b}.{c}."), ["b", "c"]);
        assert!(is_host(&fill("{foo}-data.")));
        assert!(!is_host("data.||+."));
        assert!(!is_host(&format!("h.{}.", "1".repeat(64))));
    }
}
