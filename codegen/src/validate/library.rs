//! The trait definitions of the `smithy.api` prelude (`prelude_traits.smithy`), read with the
//! IDL reader: what validation knows about a prelude trait (selector, conflicts, value shape)
//! comes from the same kind of definition a model gives its own traits.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::ast::Shape;

const TEXT: &str = include_str!("prelude_traits.smithy");

/// The prelude's trait shapes and the private shapes they use, by shape id; empty if the text
/// does not read (a unit test keeps it readable).
pub fn prelude_traits() -> BTreeMap<String, Shape> {
    let Ok(model) = crate::idl::parse("prelude_traits.smithy", TEXT) else { return BTreeMap::new() };
    let Some(shapes) = model.get("shapes").and_then(Value::as_object) else { return BTreeMap::new() };
    shapes.iter().filter_map(|(id, v)| serde_json::from_value::<Shape>(v.clone()).ok().map(|s| (id.clone(), s))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prelude_traits_read() {
        let shapes = prelude_traits();
        assert!(crate::idl::parse("prelude_traits.smithy", TEXT).is_ok());
        let http = &shapes["smithy.api#http"];
        assert!(http.traits.contains_key("smithy.api#trait"));
        assert_eq!(http.members["method"].target, "smithy.api#NonEmptyString");
        assert!(shapes.len() > 100, "{}", shapes.len());
    }
}
