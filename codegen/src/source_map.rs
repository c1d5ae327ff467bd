//! Where a model's shapes were written: for a model read from `.smithy` files, the file, line and
//! column of every shape, member, trait application, shape reference and `apply` statement; for
//! shapes read from JSON AST files, the file. [`SourceMap::locate`] finds where a [`Diagnostic`]
//! belongs, so problems found long after parsing still point at the text that caused them.

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;

/// A place in a source file, with the text of its line (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, as the caller named it.
    pub file: String,
    /// Line number, from 1.
    pub line: usize,
    /// Column number, from 1.
    pub column: usize,
    /// The text of the line, without its line break.
    pub source_line: String,
}

impl Location {
    /// `file:line:column: message`, then the line and a caret under the column.
    pub fn render(&self, message: &str) -> String {
        caret_block(&self.file, self.line, self.column, &self.source_line, message)
    }
}

/// `file:line:column: message`, the quoted line and a caret under the column (tabs kept, so the
/// caret lines up however the terminal shows them).
pub fn caret_block(file: &str, line: usize, column: usize, source_line: &str, message: &str) -> String {
    let pad: String = source_line.chars().take(column.saturating_sub(1)).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
    format!("{file}:{line}:{column}: {message}\n    | {source_line}\n    | {pad}^")
}

/// A position in one of the map's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Spot {
    pub file: usize,
    pub line: usize,
    pub column: usize,
}

/// Where each shape of a model was written. Empty for a model given as JSON text alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    /// The IDL files: name and text.
    files: Vec<(String, String)>,
    /// Where each shape and member (`ns#Shape$member`) is defined: its name as written.
    definitions: BTreeMap<String, Spot>,
    /// Where `apply` statements name each shape or member they apply to (the first of them).
    applies: BTreeMap<String, Spot>,
    /// Where each shape or member refers to another shape id (a target, mixin, trait, binding),
    /// by (referring id, referred id): the first time it does.
    references: BTreeMap<(String, String), Spot>,
    /// The JSON AST file each shape read from JSON came from.
    json_files: BTreeMap<String, String>,
}

impl SourceMap {
    /// A map over these IDL files (name, text); positions are added by the IDL reader.
    pub(crate) fn new(files: Vec<(String, String)>) -> Self {
        Self { files, ..Self::default() }
    }

    pub(crate) fn define(&mut self, id: &str, spot: Spot) {
        self.definitions.entry(id.to_owned()).or_insert(spot);
    }

    pub(crate) fn apply(&mut self, id: &str, spot: Spot) {
        self.applies.entry(id.to_owned()).or_insert(spot);
    }

    pub(crate) fn refer(&mut self, from: &str, to: &str, spot: Spot) {
        self.references.entry((from.to_owned(), to.to_owned())).or_insert(spot);
    }

    /// Records that `shape_id` was read from the JSON AST file `file` (no position).
    pub fn note_json_shape(&mut self, shape_id: &str, file: &str) {
        self.json_files.insert(shape_id.to_owned(), file.to_owned());
    }

    /// Whether the map knows nothing (a model given as JSON text alone).
    pub fn is_empty(&self) -> bool {
        self.definitions.is_empty() && self.applies.is_empty() && self.json_files.is_empty()
    }

    /// Where `id` (a shape or member id) is defined, if it was defined in an IDL file.
    pub fn definition(&self, id: &str) -> Option<Location> {
        self.definitions.get(id).and_then(|s| self.location(*s))
    }

    /// Where a diagnostic belongs: the reference it names (a target, mixin or trait written in
    /// the shape or member it is about), else the definition of that shape or member, else the
    /// `apply` statement naming it, else (unless it was read from a JSON file) the shape holding
    /// the member, else the first place the id is referred to (a shape that is not defined).
    pub fn locate(&self, diagnostic: &Diagnostic) -> Option<Location> {
        let id = diagnostic.shape_id.as_deref()?;
        let written = self.named_reference(id, &diagnostic.message).or_else(|| self.definitions.get(id).copied());
        let spot = written.or_else(|| self.applies.get(id).copied());
        if spot.is_none() && self.json_file(id).is_some() {
            return None;
        }
        let spot = spot
            .or_else(|| id.split_once('$').and_then(|(shape, _)| self.definitions.get(shape).copied()))
            .or_else(|| self.first_reference_to(id))?;
        self.location(spot)
    }

    /// The JSON AST file a shape (or the shape of a member) was read from.
    pub fn json_file(&self, id: &str) -> Option<&str> {
        let shape = id.split_once('$').map_or(id, |(shape, _)| shape);
        self.json_files.get(shape).map(String::as_str)
    }

    /// A reference from `id` to a shape id the message quotes (`` `ns#Name` ``) or to a trait it
    /// names (`@name`).
    fn named_reference(&self, id: &str, message: &str) -> Option<Spot> {
        let from_id = self.references.range((id.to_owned(), String::new())..).take_while(|((from, _), _)| from == id);
        let mut by_trait = None;
        for ((_, to), spot) in from_id {
            if message.contains(&format!("`{to}`")) {
                return Some(*spot);
            }
            let local = to.split_once('#').map_or(to.as_str(), |(_, name)| name);
            if by_trait.is_none() && mentions_trait(message, local) {
                by_trait = Some(*spot);
            }
        }
        by_trait
    }

    /// The earliest place (by file, line, column) where any shape refers to `id`.
    fn first_reference_to(&self, id: &str) -> Option<Spot> {
        let to_id = self.references.iter().filter(|((_, to), _)| to == id).map(|(_, spot)| *spot);
        let applied = self.applies.iter().filter(|(target, _)| target.as_str() == id).map(|(_, spot)| *spot);
        to_id.chain(applied).min_by_key(|s| (s.file, s.line, s.column))
    }

    pub(crate) fn location(&self, spot: Spot) -> Option<Location> {
        let (file, text) = self.files.get(spot.file)?;
        let source_line = text.lines().nth(spot.line.saturating_sub(1)).unwrap_or("").trim_end_matches('\r').to_owned();
        Some(Location { file: file.clone(), line: spot.line, column: spot.column, source_line })
    }
}

/// Whether `message` names the trait `@local` (not as the start of a longer name).
fn mentions_trait(message: &str, local: &str) -> bool {
    let wanted = format!("@{local}");
    message.match_indices(&wanted).any(|(at, _)| {
        let next = message[at + wanted.len()..].chars().next();
        !next.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map() -> SourceMap {
        let text = "namespace ex\n\nstructure A with [M] {\n    @length(min: 1)\n    b: Missng\n}\n";
        let mut map = SourceMap::new(vec![("a.smithy".into(), text.into())]);
        map.define("ex#A", Spot { file: 0, line: 3, column: 11 });
        map.define("ex#A$b", Spot { file: 0, line: 5, column: 5 });
        map.refer("ex#A", "ex#M", Spot { file: 0, line: 3, column: 19 });
        map.refer("ex#A$b", "smithy.api#length", Spot { file: 0, line: 4, column: 6 });
        map.refer("ex#A$b", "ex#Missng", Spot { file: 0, line: 5, column: 8 });
        map
    }

    fn at(map: &SourceMap, id: &str, message: &str) -> Option<(usize, usize)> {
        map.locate(&Diagnostic::shape(id, message.into())).map(|l| (l.line, l.column))
    }

    #[test]
    fn a_diagnostic_points_at_what_it_names() {
        let map = map();
        assert_eq!(at(&map, "ex#A$b", "targets `ex#Missng`, which is not defined"), Some((5, 8)));
        assert_eq!(at(&map, "ex#A$b", "@length needs a max"), Some((4, 6)));
        assert_eq!(at(&map, "ex#A$b", "@lengthy is not a trait"), Some((5, 5)), "a longer name is not the trait");
        assert_eq!(at(&map, "ex#A", "something"), Some((3, 11)));
        assert_eq!(at(&map, "ex#A$c", "inherited"), Some((3, 11)), "a member without a place is its shape's");
        assert_eq!(at(&map, "ex#M", "is not defined"), Some((3, 19)), "an undefined shape is where it is used");
        assert_eq!(at(&map, "other#X", "nowhere"), None);
        assert_eq!(map.locate(&Diagnostic::model("whole model".into())), None);
    }

    #[test]
    fn the_caret_sits_under_the_column() {
        let located = map().definition("ex#A$b").map(|l| l.render("bad")).unwrap_or_default();
        assert_eq!(located, "a.smithy:5:5: bad\n    |     b: Missng\n    |     ^");
    }
}
