//! `use` statements checked against everything the model knows. A `use` of a name that exists
//! nowhere but is close to one that does (`aws.protocols#restJsn1`) is a misspelling: it is
//! refused where it is written, with the name meant ("did you mean"). Any other unknown name is a
//! warning, as in Smithy's own loader: in the namespace of a published trait package it may be a
//! trait newer than this generator, and elsewhere it is harmless until something refers to it
//! (an unknown trait or target is then refused on its own).

use std::collections::BTreeSet;

use super::{prelude, IdlError};
use crate::known_shapes;
use crate::lower::suggest;
use crate::source_map::{SourceMap, Spot};

/// What the `use` statements of a model name that nothing defines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UseReport {
    /// Misspelt names: the model is refused.
    pub errors: Vec<IdlError>,
    /// Other unknown names: kept, and said.
    pub warnings: Vec<IdlError>,
}

/// Checks each `use` (id, where) against the ids `defined` by the model's files.
pub(super) fn check(uses: &[(String, Spot)], defined: &BTreeSet<&str>, sources: &SourceMap) -> UseReport {
    let mut report = UseReport::default();
    let prelude: Vec<String> = prelude::names().iter().map(|n| format!("smithy.api#{n}")).collect();
    for (id, spot) in uses {
        if defined.contains(id.as_str()) || prelude.contains(id) || known_shapes::is_known(id) {
            continue;
        }
        let Some(location) = sources.location(*spot) else { continue };
        let candidates = defined.iter().copied().chain(prelude.iter().map(String::as_str)).chain(known_shapes::all().iter().copied());
        let close = suggest::did_you_mean(id, candidates);
        let hint = close.map(|c| format!("; did you mean `{c}`?")).unwrap_or_default();
        let misspelt = close.is_some_and(|c| !differs_only_in_digits(id, c));
        if misspelt {
            let message = format!("`use` of `{id}`, which no model file defines and which is not a Smithy or AWS shape{hint}");
            report.errors.push(IdlError::at(location, message));
        } else if known_shapes::in_package_namespace(id) {
            let message = format!("`use` of `{id}`, which this generator does not know (it may be a newer trait; it is ignored){hint}");
            report.warnings.push(IdlError::at(location, message));
        } else {
            report.warnings.push(IdlError::at(location, format!("`use` of `{id}`, which no model file defines")));
        }
    }
    report
}

/// The absolute shape ids written unquoted in node values (id, where) that name no shape:
/// where, and the warning (they stay strings; a member id always counts as resolved, as in
/// Smithy).
pub(super) fn unknown_node_ids(node_ids: &[(String, Spot)], defined: &BTreeSet<&str>) -> Vec<(Spot, String)> {
    let prelude = |id: &str| id.strip_prefix("smithy.api#").and_then(prelude::prelude_id).is_some();
    let known = |id: &str| id.contains('$') || defined.contains(id) || prelude(id) || known_shapes::is_known(id);
    node_ids.iter().filter(|(id, _)| !known(id)).map(|(id, spot)| (*spot, kept_as_string(id, id))).collect()
}

/// The warning for a shape id written unquoted in a node value that names no shape (Smithy's
/// DANGER event `SyntacticShapeIdTarget`).
pub(super) fn syntactic_id_message(written: &str, candidate: &str) -> String {
    format!(
        "Syntactic shape ID `{written}` does not resolve to a valid shape ID: `{candidate}`. Did you mean to quote this string?"
    )
}

/// The warning for a shape id written unquoted in a node value that names no shape, which the
/// model keeps as the string written.
pub(super) fn kept_as_string(written: &str, candidate: &str) -> String {
    format!("{} It is kept as the string \"{written}\".", syntactic_id_message(written, candidate))
}

/// Whether two names differ only in their digits (`awsJson1_2` and `awsJson1_1`): a newer
/// version of a known name rather than a misspelling of it.
fn differs_only_in_digits(a: &str, b: &str) -> bool {
    let letters = |s: &str| s.chars().filter(|c| !c.is_ascii_digit()).collect::<String>();
    letters(a) == letters(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(uses: &[&str], defined: &[&str]) -> UseReport {
        let text: String = uses.iter().map(|u| format!("use {u}\n")).collect();
        let sources = SourceMap::new(vec![("m.smithy".into(), text)]);
        let sites: Vec<(String, Spot)> =
            uses.iter().enumerate().map(|(i, u)| (u.to_string(), Spot { file: 0, line: i + 1, column: 5 })).collect();
        check(&sites, &defined.iter().copied().collect(), &sources)
    }

    #[test]
    fn known_names_pass() {
        let r = report(&["aws.protocols#restJson1", "smithy.api#String", "ex#Mine"], &["ex#Mine"]);
        assert_eq!(r, UseReport::default());
    }

    #[test]
    fn a_misspelt_trait_is_refused_with_the_right_name() {
        let r = report(&["aws.protocols#restJsn1"], &[]);
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        let shown = r.errors.iter().map(ToString::to_string).collect::<String>();
        assert!(shown.starts_with("m.smithy:1:5: `use` of `aws.protocols#restJsn1`"), "{shown}");
        assert!(shown.contains("did you mean `aws.protocols#restJson1`?"), "{shown}");
    }

    #[test]
    fn an_unknown_name_in_a_package_namespace_is_a_warning() {
        let r = report(&["aws.iam#brandNewTrait", "aws.protocols#awsJson1_2"], &[]);
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert_eq!(r.warnings.len(), 2);
        assert!(r.warnings[1].message.contains("did you mean `aws.protocols#awsJson1_"), "{}", r.warnings[1]);
    }

    #[test]
    fn a_misspelt_name_is_refused_and_an_unknown_one_said() {
        let r = report(&["ex#Forcast", "other.ns#Thing"], &["ex#Forecast"]);
        assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
        assert!(r.errors[0].message.contains("did you mean `ex#Forecast`?"), "{}", r.errors[0]);
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        assert!(r.warnings[0].to_string().starts_with("m.smithy:2:5: `use` of `other.ns#Thing`, which no model file defines"));
    }
}
