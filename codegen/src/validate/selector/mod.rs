//! Smithy selectors (the language of a trait's `selector`): shape types, attributes, the
//! `:is`/`:not`/`:test`/`:in`/`:root` functions and neighbors (`>`, `<`, `-[rel]->`, `<-[rel]-`,
//! `~>`), evaluated over the whole model the way a trait's selector is.

mod eval;
mod parse;

pub use eval::Graph;
pub use parse::{parse, Error};

/// A parsed selector: steps applied in order to a set of shapes.
#[derive(Debug, Clone, PartialEq)]
pub struct Selector(Vec<Step>);

#[derive(Debug, Clone, PartialEq)]
enum Step {
    /// A shape type or category (`string`, `number`, `simpleType`, `*`, ...).
    Type(String),
    Attr(Attr),
    Is(Vec<Selector>),
    Not(Vec<Selector>),
    Test(Vec<Selector>),
    In(Vec<Selector>),
    Root(Vec<Selector>),
    /// `>`/`<` (any relationship) or `-[a, b]->`/`<-[a, b]-` (those relationships).
    Neighbor(Dir, Option<Vec<String>>),
    /// `~>`: every shape reachable through forward neighbors.
    Recursive,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    Forward,
    Reverse,
}

/// `[key|path op values i]`.
#[derive(Debug, Clone, PartialEq)]
struct Attr {
    key: Vec<String>,
    cmp: Option<(Cmp, Vec<String>, bool)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cmp {
    Eq,
    Ne,
    Prefix,
    Suffix,
    Contains,
    Exists,
    Gt,
    Ge,
    Lt,
    Le,
}
