//! Reading selector text into steps. A construct this reader does not support (variables,
//! scoped attributes, projection comparators) is [`Error::Unsupported`]: the caller skips
//! that check rather than call the selector wrong.

use super::{Attr, Cmp, Dir, Selector, Step};

/// Why a selector did not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The text is not a selector.
    Invalid(String),
    /// The text uses something this reader does not support.
    Unsupported(String),
}

impl From<String> for Error {
    fn from(message: String) -> Self {
        Error::Invalid(message)
    }
}

impl From<&str> for Error {
    fn from(message: &str) -> Self {
        Error::Invalid(message.to_owned())
    }
}

fn unsupported<T>(what: &str) -> Result<T, Error> {
    Err(Error::Unsupported(format!("{what} are not supported")))
}

/// How deep functions may nest in one selector.
const MAX_DEPTH: usize = 32;

const TYPES: &[&str] = &[
    "*",
    "blob",
    "boolean",
    "document",
    "string",
    "integer",
    "byte",
    "short",
    "long",
    "float",
    "double",
    "bigDecimal",
    "bigInteger",
    "timestamp",
    "list",
    "set",
    "map",
    "structure",
    "union",
    "service",
    "operation",
    "resource",
    "member",
    "enum",
    "intEnum",
    "number",
    "simpleType",
    "collection",
    "dataType",
];

/// Parses a whole selector.
pub fn parse(text: &str) -> Result<Selector, Error> {
    let mut p = Parser { chars: text.chars().collect(), at: 0 };
    let selector = p.selector(0)?;
    p.skip_space();
    if p.at < p.chars.len() {
        return Err(format!("unexpected `{}` at offset {}", p.chars[p.at], p.at).into());
    }
    Ok(selector)
}

struct Parser {
    chars: Vec<char>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.chars.get(self.at + n).copied()
    }

    fn starts_with(&self, s: &str) -> bool {
        s.chars().enumerate().all(|(i, c)| self.peek_at(i) == Some(c))
    }

    fn eat(&mut self, s: &str) -> bool {
        let ok = self.starts_with(s);
        if ok {
            self.at += s.chars().count();
        }
        ok
    }

    fn expect(&mut self, s: &str) -> Result<(), Error> {
        if self.eat(s) {
            Ok(())
        } else {
            Err(format!("expected `{s}` at offset {}", self.at).into())
        }
    }

    fn skip_space(&mut self) {
        loop {
            match self.peek() {
                Some(c) if c.is_whitespace() => self.at += 1,
                Some('/') if self.peek_at(1) == Some('/') => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.at += 1;
                    }
                }
                _ => return,
            }
        }
    }

    /// Steps up to the end, a `,` or a `)`.
    fn selector(&mut self, depth: usize) -> Result<Selector, Error> {
        if depth > MAX_DEPTH {
            return Err("selector nests too deeply".into());
        }
        let mut steps = Vec::new();
        loop {
            self.skip_space();
            match self.peek() {
                None | Some(',') | Some(')') => break,
                _ => steps.push(self.step(depth)?),
            }
        }
        if steps.is_empty() {
            return Err(format!("empty selector at offset {}", self.at).into());
        }
        Ok(Selector(steps))
    }

    fn step(&mut self, depth: usize) -> Result<Step, Error> {
        if self.eat("~>") {
            return Ok(Step::Recursive);
        }
        if self.eat("-[") {
            let rels = self.relationships()?;
            self.expect("]->")?;
            return Ok(Step::Neighbor(Dir::Forward, Some(rels)));
        }
        if self.eat("<-[") {
            let rels = self.relationships()?;
            self.expect("]-")?;
            return Ok(Step::Neighbor(Dir::Reverse, Some(rels)));
        }
        if self.starts_with("<~") {
            return unsupported("reverse recursive neighbors");
        }
        if self.eat(">") {
            return Ok(Step::Neighbor(Dir::Forward, None));
        }
        if self.eat("<") {
            return Ok(Step::Neighbor(Dir::Reverse, None));
        }
        match self.peek() {
            Some('[') => self.attribute().map(Step::Attr),
            Some(':') => self.function(depth),
            Some('*') => {
                self.at += 1;
                Ok(Step::Type("*".into()))
            }
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                let name = self.identifier();
                if TYPES.contains(&name.as_str()) {
                    Ok(Step::Type(name))
                } else {
                    Err(format!("unknown shape type `{name}`").into())
                }
            }
            Some('$') => unsupported("selector variables"),
            Some(c) => Err(format!("unexpected `{c}` at offset {}", self.at).into()),
            None => Err("unexpected end".into()),
        }
    }

    fn identifier(&mut self) -> String {
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            self.at += 1;
        }
        self.chars[start..self.at].iter().collect()
    }

    fn relationships(&mut self) -> Result<Vec<String>, Error> {
        let mut rels = Vec::new();
        loop {
            self.skip_space();
            let name = self.identifier();
            if name.is_empty() {
                return Err(format!("expected a relationship name at offset {}", self.at).into());
            }
            rels.push(name);
            self.skip_space();
            if !self.eat(",") {
                return Ok(rels);
            }
        }
    }

    fn function(&mut self, depth: usize) -> Result<Step, Error> {
        self.expect(":")?;
        let name = self.identifier();
        self.skip_space();
        self.expect("(")?;
        let mut args = Vec::new();
        loop {
            args.push(self.selector(depth + 1)?);
            self.skip_space();
            if self.eat(")") {
                break;
            }
            self.expect(",")?;
        }
        match name.as_str() {
            "is" | "each" => Ok(Step::Is(args)),
            "not" => Ok(Step::Not(args)),
            "test" => Ok(Step::Test(args)),
            "in" => Ok(Step::In(args)),
            "root" => Ok(Step::Root(args)),
            "topdown" | "recursive" => unsupported("the `:topdown` and `:recursive` functions"),
            other => Err(format!("unknown selector function `:{other}`").into()),
        }
    }

    fn attribute(&mut self) -> Result<Attr, Error> {
        self.expect("[")?;
        self.skip_space();
        if self.peek() == Some('@') {
            return unsupported("scoped attributes");
        }
        let key = self.path()?;
        self.skip_space();
        if self.eat("]") {
            return Ok(Attr { key, cmp: None });
        }
        let cmp = self.comparator()?;
        let values = self.values()?;
        self.skip_space();
        let insensitive = self.peek() == Some('i') && matches!(self.peek_at(1), Some(']') | Some(' '));
        if insensitive {
            self.at += 1;
            self.skip_space();
        }
        self.expect("]")?;
        Ok(Attr { key, cmp: Some((cmp, values, insensitive)) })
    }

    fn path(&mut self) -> Result<Vec<String>, Error> {
        let mut segments = vec![self.segment()?];
        while self.eat("|") {
            segments.push(self.segment()?);
        }
        Ok(segments)
    }

    fn segment(&mut self) -> Result<String, Error> {
        self.skip_space();
        if let Some(q @ ('"' | '\'')) = self.peek() {
            return self.quoted(q);
        }
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || "_.#$()-".contains(c)) {
            self.at += 1;
        }
        let segment: String = self.chars[start..self.at].iter().collect();
        if segment.is_empty() {
            return Err(format!("expected an attribute name at offset {}", self.at).into());
        }
        Ok(segment)
    }

    fn quoted(&mut self, quote: char) -> Result<String, Error> {
        self.at += 1;
        let start = self.at;
        while self.peek().is_some_and(|c| c != quote) {
            self.at += 1;
        }
        let text: String = self.chars[start..self.at].iter().collect();
        if !self.eat(&quote.to_string()) {
            return Err("unclosed quoted text".into());
        }
        Ok(text)
    }

    fn comparator(&mut self) -> Result<Cmp, Error> {
        self.skip_space();
        if self.peek() == Some('{') {
            return unsupported("projection comparators");
        }
        let table = [
            ("!=", Cmp::Ne),
            ("^=", Cmp::Prefix),
            ("$=", Cmp::Suffix),
            ("*=", Cmp::Contains),
            ("?=", Cmp::Exists),
            (">=", Cmp::Ge),
            ("<=", Cmp::Le),
            ("=", Cmp::Eq),
            (">", Cmp::Gt),
            ("<", Cmp::Lt),
        ];
        for (text, cmp) in table {
            if self.eat(text) {
                return Ok(cmp);
            }
        }
        Err(format!("expected a comparator at offset {}", self.at).into())
    }

    fn values(&mut self) -> Result<Vec<String>, Error> {
        let mut values = Vec::new();
        loop {
            self.skip_space();
            let value = match self.peek() {
                Some(q @ ('"' | '\'')) => self.quoted(q)?,
                _ => {
                    let start = self.at;
                    while self.peek().is_some_and(|c| !c.is_whitespace() && !",]\"'=".contains(c)) {
                        self.at += 1;
                    }
                    let bare: String = self.chars[start..self.at].iter().collect();
                    if bare.is_empty() {
                        return Err(format!("expected a value at offset {}", self.at).into());
                    }
                    bare
                }
            };
            values.push(value);
            self.skip_space();
            if !self.eat(",") {
                return Ok(values);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prelude_selectors_parse() {
        for text in [
            "structure > member[trait|required] :test(> :test(string, number, boolean, timestamp))",
            "structure > member :test(> map :not([trait|sparse]) > member[id|member=value] > string)",
            "resource:test(-[put]->)",
            "list :not(> member ~> :is(float, double, document))",
            "[id=smithy.api#Unit]",
            ":is(operation -[input, output]-> structure > member, [trait|trait])",
            "structure[trait|error = client i]",
            "string[trait|smithy.example#custom='a b']",
        ] {
            assert!(parse(text).is_ok(), "{text}: {:?}", parse(text));
        }
    }

    #[test]
    fn broken_selectors_are_errors() {
        for text in [
            "",
            "!",
            ":is",
            ":is(",
            ":is(string, )",
            ":not()",
            "[]",
            "[a=]",
            "[a=b",
            "[foo==value]",
            "invalid",
            "foo -[]->",
            "[|]",
            "string=b",
            ":nay()",
        ] {
            assert!(parse(text).is_err(), "{text} parsed");
        }
    }
}
