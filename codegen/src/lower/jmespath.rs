//! A JMESPath parser for waiter acceptors (`output` and `inputOutput` paths): the expression is
//! parsed here, at generation time, then checked against the shapes and compiled to Rust
//! (`waiter_paths`, `waiter_code`).
//!
//! The grammar is the JMESPath specification's, parsed top-down by operator precedence (each
//! token has a left binding power; projections stop at tokens that bind less than a dot).

use serde_json::Value;

use crate::ir::JmesPath;

/// Parses an expression; the error says what is wrong and where.
pub fn parse(text: &str) -> Result<JmesPath, ParseError> {
    let tokens = lex(text).map_err(|message| ParseError { kind: ErrorKind::Syntax, message })?;
    let mut parser = Parser { tokens, pos: 0, kind: ErrorKind::Syntax };
    let parsed = parser.expression(0).and_then(|expr| match parser.peek() {
        Tok::Eof => Ok(expr),
        other => Err(format!("unexpected {} after the expression", other.describe())),
    });
    parsed.map_err(|message| ParseError { kind: parser.kind, message })
}

/// Why an expression was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The JMESPath specification's name for the kind of error.
    pub kind: ErrorKind,
    /// What is wrong and where.
    pub message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The kinds of error the JMESPath specification (and its compliance suite) names, for the ones
/// found while parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Not a JMESPath expression.
    Syntax,
    /// A call to a function JMESPath does not define.
    UnknownFunction,
    /// A function called with too few or too many arguments.
    InvalidArity,
    /// An expression reference where a value is expected, or the other way round.
    InvalidType,
    /// A value out of its range (a slice step of 0).
    InvalidValue,
}

impl ErrorKind {
    /// The name the compliance suite gives this kind (`syntax`, `unknown-function`, ...).
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Syntax => "syntax",
            ErrorKind::UnknownFunction => "unknown-function",
            ErrorKind::InvalidArity => "invalid-arity",
            ErrorKind::InvalidType => "invalid-type",
            ErrorKind::InvalidValue => "invalid-value",
        }
    }
}

/// The CamelCase name of a built-in function, with its fewest and most arguments
/// (`None`: any number) and the positions that take an expression reference.
fn function(name: &str) -> Option<(&'static str, usize, Option<usize>, &'static [usize])> {
    Some(match name {
        "abs" => ("Abs", 1, Some(1), &[]),
        "avg" => ("Avg", 1, Some(1), &[]),
        "ceil" => ("Ceil", 1, Some(1), &[]),
        "contains" => ("Contains", 2, Some(2), &[]),
        "ends_with" => ("EndsWith", 2, Some(2), &[]),
        "floor" => ("Floor", 1, Some(1), &[]),
        "join" => ("Join", 2, Some(2), &[]),
        "keys" => ("Keys", 1, Some(1), &[]),
        "length" => ("Length", 1, Some(1), &[]),
        "map" => ("Map", 2, Some(2), &[0]),
        "max" => ("Max", 1, Some(1), &[]),
        "max_by" => ("MaxBy", 2, Some(2), &[1]),
        "merge" => ("Merge", 1, None, &[]),
        "min" => ("Min", 1, Some(1), &[]),
        "min_by" => ("MinBy", 2, Some(2), &[1]),
        "not_null" => ("NotNull", 1, None, &[]),
        "reverse" => ("Reverse", 1, Some(1), &[]),
        "sort" => ("Sort", 1, Some(1), &[]),
        "sort_by" => ("SortBy", 2, Some(2), &[1]),
        "starts_with" => ("StartsWith", 2, Some(2), &[]),
        "sum" => ("Sum", 1, Some(1), &[]),
        "to_array" => ("ToArray", 1, Some(1), &[]),
        "to_number" => ("ToNumber", 1, Some(1), &[]),
        "to_string" => ("ToString", 1, Some(1), &[]),
        "type" => ("Type", 1, Some(1), &[]),
        "values" => ("Values", 1, Some(1), &[]),
        _ => return None,
    })
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Quoted(String),
    Literal(Value),
    Number(i64),
    Dot,
    Star,
    Flatten,
    Filter,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    LParen,
    RParen,
    Comma,
    Colon,
    Pipe,
    Or,
    And,
    Ampersand,
    Not,
    Compare(&'static str),
    At,
    Eof,
}

impl Tok {
    fn describe(&self) -> String {
        match self {
            Tok::Ident(s) | Tok::Quoted(s) => format!("identifier `{s}`"),
            Tok::Literal(v) => format!("literal `{v}`"),
            Tok::Number(n) => format!("number `{n}`"),
            Tok::Eof => "end of the expression".to_owned(),
            other => format!("`{}`", other.text()),
        }
    }

    fn text(&self) -> &'static str {
        match self {
            Tok::Dot => ".",
            Tok::Star => "*",
            Tok::Flatten => "[]",
            Tok::Filter => "[?",
            Tok::LBracket => "[",
            Tok::RBracket => "]",
            Tok::LBrace => "{",
            Tok::RBrace => "}",
            Tok::LParen => "(",
            Tok::RParen => ")",
            Tok::Comma => ",",
            Tok::Colon => ":",
            Tok::Pipe => "|",
            Tok::Or => "||",
            Tok::And => "&&",
            Tok::Ampersand => "&",
            Tok::Not => "!",
            Tok::At => "@",
            _ => "?",
        }
    }

    /// How tightly the token binds to the expression on its left.
    fn left_power(&self) -> u8 {
        match self {
            Tok::Pipe => 1,
            Tok::Or => 2,
            Tok::And => 3,
            Tok::Compare(_) => 5,
            Tok::Flatten => 9,
            Tok::Star => 20,
            Tok::Filter => 21,
            Tok::Dot => 40,
            Tok::Not => 45,
            Tok::LBrace => 50,
            Tok::LBracket => 55,
            Tok::LParen => 60,
            _ => 0,
        }
    }
}

/// Tokens bound less tightly than this end a projection's right-hand side.
const PROJECTION_STOP: u8 = 10;

fn lex(text: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let (tok, len) = match c {
            ' ' | '\t' | '\n' | '\r' => {
                i += 1;
                continue;
            }
            '.' => (Tok::Dot, 1),
            '*' => (Tok::Star, 1),
            '@' => (Tok::At, 1),
            ']' => (Tok::RBracket, 1),
            '{' => (Tok::LBrace, 1),
            '}' => (Tok::RBrace, 1),
            '(' => (Tok::LParen, 1),
            ')' => (Tok::RParen, 1),
            ',' => (Tok::Comma, 1),
            ':' => (Tok::Colon, 1),
            '[' if next == Some(']') => (Tok::Flatten, 2),
            '[' if next == Some('?') => (Tok::Filter, 2),
            '[' => (Tok::LBracket, 1),
            '|' if next == Some('|') => (Tok::Or, 2),
            '|' => (Tok::Pipe, 1),
            '&' if next == Some('&') => (Tok::And, 2),
            '&' => (Tok::Ampersand, 1),
            '!' if next == Some('=') => (Tok::Compare("Ne"), 2),
            '!' => (Tok::Not, 1),
            '=' if next == Some('=') => (Tok::Compare("Eq"), 2),
            '<' if next == Some('=') => (Tok::Compare("Le"), 2),
            '<' => (Tok::Compare("Lt"), 1),
            '>' if next == Some('=') => (Tok::Compare("Ge"), 2),
            '>' => (Tok::Compare("Gt"), 1),
            '\'' => {
                let (raw, len) = delimited(&chars[i..], '\'')?;
                (Tok::Literal(Value::String(unescape_raw(&raw))), len)
            }
            '`' => {
                let (raw, len) = delimited(&chars[i..], '`')?;
                let json = raw.replace("\\`", "`");
                let value = serde_json::from_str(json.trim()).map_err(|e| format!("invalid JSON literal `{json}`: {e}"))?;
                (Tok::Literal(value), len)
            }
            '"' => {
                let (raw, len) = delimited(&chars[i..], '"')?;
                let name: String = serde_json::from_str(&format!("\"{raw}\"")).map_err(|e| format!("invalid quoted identifier `{raw}`: {e}"))?;
                (Tok::Quoted(name), len)
            }
            '-' | '0'..='9' => {
                let digits = chars[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
                let len = 1 + digits;
                let text: String = chars[i..i + len].iter().collect();
                let n = text.parse().map_err(|_| format!("invalid number `{text}` at offset {i}"))?;
                (Tok::Number(n), len)
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let len = chars[i..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == '_').count();
                (Tok::Ident(chars[i..i + len].iter().collect()), len)
            }
            other => return Err(format!("unexpected character `{other}` at offset {i}")),
        };
        tokens.push(tok);
        i += len;
    }
    tokens.push(Tok::Eof);
    Ok(tokens)
}

/// The text between `quote` and the next unescaped `quote` (escapes kept), and the length
/// consumed including both quotes.
fn delimited(chars: &[char], quote: char) -> Result<(String, usize), String> {
    let mut out = String::new();
    let mut i = 1;
    while i < chars.len() {
        match chars[i] {
            '\\' if i + 1 < chars.len() => {
                out.push('\\');
                out.push(chars[i + 1]);
                i += 2;
            }
            c if c == quote => return Ok((out, i + 1)),
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    Err(format!("unterminated `{quote}`"))
}

/// A raw string literal's text: `\'` is a quote; every other backslash stays (`'\\'` is two
/// backslashes, as the compliance suite has it).
fn unescape_raw(raw: &str) -> String {
    let mut out = String::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some('\'')) => out.push(chars.next().unwrap_or(c)),
            _ => out.push(c),
        }
    }
    out
}

struct Parser {
    tokens: Vec<Tok>,
    pos: usize,
    /// The kind of the error being returned (set where one other than a syntax error starts).
    kind: ErrorKind,
}

impl Parser {
    fn peek(&self) -> &Tok {
        &self.tokens[self.pos]
    }

    fn peek_at(&self, ahead: usize) -> &Tok {
        self.tokens.get(self.pos + ahead).unwrap_or(&Tok::Eof)
    }

    fn advance(&mut self) -> Tok {
        let tok = self.tokens[self.pos].clone();
        if tok != Tok::Eof {
            self.pos += 1;
        }
        tok
    }

    fn expect(&mut self, want: Tok) -> Result<(), String> {
        let got = self.advance();
        if got == want {
            Ok(())
        } else {
            Err(format!("expected {}, found {}", want.describe(), got.describe()))
        }
    }

    fn expression(&mut self, right_power: u8) -> Result<JmesPath, String> {
        let tok = self.advance();
        let mut left = self.prefix(tok)?;
        while right_power < self.peek().left_power() {
            let tok = self.advance();
            left = self.infix(tok, left)?;
        }
        Ok(left)
    }

    fn prefix(&mut self, tok: Tok) -> Result<JmesPath, String> {
        Ok(match tok {
            Tok::Literal(v) => JmesPath::Literal(v),
            Tok::Ident(name) => JmesPath::Field(name),
            Tok::Quoted(name) => {
                if *self.peek() == Tok::LParen {
                    return Err(format!("a quoted identifier (`{name}`) cannot name a function"));
                }
                JmesPath::Field(name)
            }
            Tok::At => JmesPath::Current,
            Tok::Star => JmesPath::ProjectValues(Box::new(JmesPath::Current), Box::new(self.projection_rhs(Tok::Star.left_power())?)),
            Tok::Filter => self.filter(JmesPath::Current)?,
            Tok::Flatten => {
                let rhs = self.projection_rhs(Tok::Flatten.left_power())?;
                JmesPath::Project(Box::new(JmesPath::Flatten(Box::new(JmesPath::Current))), Box::new(rhs))
            }
            Tok::LBrace => self.hash()?,
            Tok::LBracket => match self.peek() {
                Tok::Number(_) | Tok::Colon => {
                    let index = self.index_or_slice()?;
                    self.project_if_slice(JmesPath::Current, index)?
                }
                Tok::Star if *self.peek_at(1) == Tok::RBracket => {
                    self.advance();
                    self.advance();
                    JmesPath::Project(Box::new(JmesPath::Current), Box::new(self.projection_rhs(Tok::Star.left_power())?))
                }
                _ => self.list()?,
            },
            Tok::Ampersand => JmesPath::Ref(Box::new(self.expression(0)?)),
            Tok::Not => JmesPath::Not(Box::new(self.expression(Tok::Not.left_power())?)),
            Tok::LParen => {
                let inner = self.expression(0)?;
                self.expect(Tok::RParen)?;
                inner
            }
            other => return Err(format!("unexpected {}", other.describe())),
        })
    }

    fn infix(&mut self, tok: Tok, left: JmesPath) -> Result<JmesPath, String> {
        let power = tok.left_power();
        Ok(match tok {
            Tok::Dot => {
                if *self.peek() == Tok::Star {
                    self.advance();
                    let rhs = self.projection_rhs(power)?;
                    JmesPath::ProjectValues(Box::new(left), Box::new(rhs))
                } else {
                    JmesPath::Sub(Box::new(left), Box::new(self.dot_rhs(power)?))
                }
            }
            Tok::Pipe => JmesPath::Pipe(Box::new(left), Box::new(self.expression(power)?)),
            Tok::Or => JmesPath::Or(Box::new(left), Box::new(self.expression(power)?)),
            Tok::And => JmesPath::And(Box::new(left), Box::new(self.expression(power)?)),
            Tok::Compare(op) => JmesPath::Compare(op.to_owned(), Box::new(left), Box::new(self.expression(power)?)),
            Tok::Flatten => {
                let rhs = self.projection_rhs(power)?;
                JmesPath::Project(Box::new(JmesPath::Flatten(Box::new(left))), Box::new(rhs))
            }
            Tok::Filter => self.filter(left)?,
            Tok::LBracket => match self.peek() {
                Tok::Number(_) | Tok::Colon => {
                    let index = self.index_or_slice()?;
                    self.project_if_slice(left, index)?
                }
                _ => {
                    self.expect(Tok::Star)?;
                    self.expect(Tok::RBracket)?;
                    JmesPath::Project(Box::new(left), Box::new(self.projection_rhs(Tok::Star.left_power())?))
                }
            },
            Tok::LParen => {
                let JmesPath::Field(name) = left else { return Err("only a plain name can be called as a function".to_owned()) };
                self.call(&name)?
            }
            other => return Err(format!("unexpected {}", other.describe())),
        })
    }

    /// What follows a `.`: an identifier (or any expression that starts like one), a
    /// multi-select list or a multi-select hash.
    fn dot_rhs(&mut self, power: u8) -> Result<JmesPath, String> {
        match self.peek() {
            Tok::Ident(_) | Tok::Quoted(_) | Tok::Star => self.expression(power),
            Tok::LBracket => {
                self.advance();
                self.list()
            }
            Tok::LBrace => {
                self.advance();
                self.hash()
            }
            other => Err(format!("expected an identifier, `[` or `{{` after `.`, found {}", other.describe())),
        }
    }

    /// The right side of a projection: what is evaluated on each element.
    fn projection_rhs(&mut self, power: u8) -> Result<JmesPath, String> {
        match self.peek() {
            t if t.left_power() < PROJECTION_STOP => Ok(JmesPath::Current),
            Tok::LBracket | Tok::Filter => self.expression(power),
            Tok::Dot => {
                self.advance();
                self.dot_rhs(power)
            }
            other => Err(format!("unexpected {} after a projection", other.describe())),
        }
    }

    fn filter(&mut self, left: JmesPath) -> Result<JmesPath, String> {
        let condition = self.expression(0)?;
        self.expect(Tok::RBracket)?;
        let rhs = self.projection_rhs(Tok::Filter.left_power())?;
        Ok(JmesPath::Filter(Box::new(left), Box::new(condition), Box::new(rhs)))
    }

    /// `[n]` or `[a:b:c]`, after the `[`.
    fn index_or_slice(&mut self) -> Result<JmesPath, String> {
        let mut parts: [Option<i64>; 3] = [None; 3];
        let mut part = 0;
        loop {
            match self.advance() {
                Tok::Number(n) if parts[part].is_none() => parts[part] = Some(n),
                Tok::Colon if part < 2 => part += 1,
                Tok::RBracket => break,
                other => return Err(format!("unexpected {} in an index or slice", other.describe())),
            }
        }
        if part == 0 {
            let index = parts[0].ok_or("an index needs a number")?;
            return Ok(JmesPath::Index(index));
        }
        if parts[2] == Some(0) {
            self.kind = ErrorKind::InvalidValue;
            return Err("a slice step cannot be 0".to_owned());
        }
        Ok(JmesPath::Slice(parts[0], parts[1], parts[2]))
    }

    fn project_if_slice(&mut self, left: JmesPath, index: JmesPath) -> Result<JmesPath, String> {
        let sliced = matches!(index, JmesPath::Slice(..));
        let indexed = JmesPath::Sub(Box::new(left), Box::new(index));
        if sliced {
            Ok(JmesPath::Project(Box::new(indexed), Box::new(self.projection_rhs(Tok::Star.left_power())?)))
        } else {
            Ok(indexed)
        }
    }

    /// `[a, b, ...]`, after the `[`.
    fn list(&mut self) -> Result<JmesPath, String> {
        let mut items = Vec::new();
        loop {
            items.push(self.expression(0)?);
            match self.advance() {
                Tok::Comma => continue,
                Tok::RBracket => break,
                other => return Err(format!("expected `,` or `]` in a multi-select list, found {}", other.describe())),
            }
        }
        Ok(JmesPath::List(items))
    }

    /// `{k: a, ...}`, after the `{`.
    fn hash(&mut self) -> Result<JmesPath, String> {
        let mut entries = Vec::new();
        loop {
            let key = match self.advance() {
                Tok::Ident(k) | Tok::Quoted(k) => k,
                other => return Err(format!("expected a key in a multi-select hash, found {}", other.describe())),
            };
            self.expect(Tok::Colon)?;
            entries.push((key, self.expression(0)?));
            match self.advance() {
                Tok::Comma => continue,
                Tok::RBrace => break,
                other => return Err(format!("expected `,` or `}}` in a multi-select hash, found {}", other.describe())),
            }
        }
        Ok(JmesPath::Hash(entries))
    }

    /// A function's arguments, after the `(`, checked against the function's signature.
    fn call(&mut self, name: &str) -> Result<JmesPath, String> {
        let Some((variant, min, max, refs)) = function(name) else {
            self.kind = ErrorKind::UnknownFunction;
            return Err(format!("unknown function `{name}`"));
        };
        let mut args = Vec::new();
        if *self.peek() == Tok::RParen {
            self.advance();
        } else {
            loop {
                args.push(self.expression(0)?);
                match self.advance() {
                    Tok::Comma => continue,
                    Tok::RParen => break,
                    other => return Err(format!("expected `,` or `)` in the arguments of `{name}`, found {}", other.describe())),
                }
            }
        }
        if args.len() < min || max.is_some_and(|max| args.len() > max) {
            self.kind = ErrorKind::InvalidArity;
            return Err(format!("`{name}` takes {} arguments, not {}", if max == Some(min) { min.to_string() } else { format!("at least {min}") }, args.len()));
        }
        for (i, arg) in args.iter().enumerate() {
            if refs.contains(&i) != matches!(arg, JmesPath::Ref(_)) {
                let want = if refs.contains(&i) { "an expression reference (`&expr`)" } else { "a value, not an expression reference" };
                self.kind = ErrorKind::InvalidType;
                return Err(format!("argument {} of `{name}` must be {want}", i + 1));
            }
        }
        Ok(JmesPath::Call(variant.to_owned(), args))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use JmesPath::*;

    fn field(name: &str) -> Box<JmesPath> {
        Box::new(Field(name.to_owned()))
    }

    #[test]
    fn paths_and_projections() {
        assert_eq!(parse("Table.TableStatus").unwrap(), Sub(field("Table"), field("TableStatus")));
        assert_eq!(
            parse("KinesisDataStreamDestinations[].DestinationStatus").unwrap(),
            Project(Box::new(Flatten(field("KinesisDataStreamDestinations"))), field("DestinationStatus"))
        );
        assert_eq!(parse("a[*].b").unwrap(), Project(field("a"), field("b")));
        assert_eq!(parse("a.*.b").unwrap(), ProjectValues(field("a"), field("b")));
        assert_eq!(parse("a[0]").unwrap(), Sub(field("a"), Box::new(Index(0))));
        assert_eq!(parse("a[::-1]").unwrap(), Project(Box::new(Sub(field("a"), Box::new(Slice(None, None, Some(-1))))), Box::new(Current)));
        assert_eq!(parse("a | b").unwrap(), Pipe(field("a"), field("b")));
    }

    #[test]
    fn filters_functions_and_literals() {
        let text = "length(D) > `0` && length(D[?S == 'DISABLED' || S == 'ENABLE_FAILED']) == length(D)";
        let parsed = parse(text).unwrap();
        let JmesPath::And(left, right) = parsed else { panic!("{parsed:?}") };
        assert_eq!(*left, Compare("Gt".into(), Box::new(Call("Length".into(), vec![Field("D".into())])), Box::new(Literal(serde_json::json!(0)))));
        let Compare(op, l, _) = *right else { panic!() };
        assert_eq!(op, "Eq");
        let Call(_, args) = *l else { panic!() };
        assert!(matches!(&args[0], Filter(_, cond, rhs) if matches!(**cond, Or(..)) && **rhs == Current));
        assert_eq!(parse("sort_by(a, &b)").unwrap(), Call("SortBy".into(), vec![Field("a".into()), Ref(field("b"))]));
        assert_eq!(parse(r#""quoted id""#).unwrap(), Field("quoted id".into()));
        assert_eq!(parse(r"'it\'s'").unwrap(), Literal(serde_json::json!("it's")));
        assert_eq!(parse("{x: a, y: b}").unwrap(), Hash(vec![("x".into(), Field("a".into())), ("y".into(), Field("b".into()))]));
    }

    #[test]
    fn errors() {
        assert!(parse("a.").is_err());
        let refused = |text| parse(text).map(|_| ()).map_err(|e| (e.kind, e.message));
        assert!(matches!(refused("nope(a)"), Err((ErrorKind::UnknownFunction, m)) if m.contains("unknown function")));
        assert!(matches!(refused("length(a, b)"), Err((ErrorKind::InvalidArity, m)) if m.contains("takes 1")));
        assert!(matches!(refused("sort_by(a, b)"), Err((ErrorKind::InvalidType, m)) if m.contains("expression reference")));
        assert!(matches!(refused("a[::0]"), Err((ErrorKind::InvalidValue, _))));
        assert!(matches!(refused("a.[b"), Err((ErrorKind::Syntax, _))));
        assert!(parse("a[0:1:0]").is_err());
        assert!(parse("`{bad`").is_err());
        assert!(parse("a b").is_err());
    }
}
