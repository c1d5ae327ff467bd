//! Turns the tokens of one IDL file into shapes, `apply` statements and metadata, with every
//! relative shape id left as a placeholder for [`super::resolve`] to fill in once all the files
//! of the model are known.

use serde_json::{Map, Value};

use super::lexer::{Kind, Token};

/// How deeply node values and members may nest before the parser gives up.
pub const MAX_DEPTH: usize = 64;

/// Marks a string that stands for a relative shape id: the prefix, then the index in
/// [`ParsedFile::refs`].
pub const REF_PREFIX: &str = "\u{0}\u{1}idl-ref:";
/// The value of a trait written without a value, until its definition says `{}` or `[]`.
pub const ANNOTATION: &str = "\u{0}\u{1}idl-annotation";
/// The target of a member written `$name`, until a mixin or resource gives it one.
pub const ELIDED: &str = "\u{0}\u{1}idl-elided";
/// Key in a structure holding the resource named by `for`, removed once elided members are done.
pub const FOR_KEY: &str = "\u{0}\u{1}idl-for";

/// The Smithy IDL version of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    V1,
    V2,
}

/// How an unquoted shape id is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    /// A shape reference: unknown names fall back to the current namespace.
    Target,
    /// An unquoted string in a node value: it must resolve to a shape id.
    Node,
}

/// A relative shape id waiting to be resolved.
#[derive(Debug, Clone)]
pub struct RawRef {
    pub text: String,
    pub kind: RefKind,
    pub namespace: Option<String>,
    pub line: usize,
    pub column: usize,
}

/// A shape defined in the file.
#[derive(Debug, Clone)]
pub struct ShapeDef {
    pub id: String,
    pub body: Map<String, Value>,
    pub line: usize,
    pub column: usize,
}

/// An `apply` statement.
#[derive(Debug, Clone)]
pub struct ApplyDef {
    /// The target, as a placeholder or absolute id.
    pub target: String,
    pub traits: Map<String, Value>,
    pub line: usize,
    pub column: usize,
    /// Where the target is written.
    pub target_at: (usize, usize),
}

/// A shape id written in the file: a placeholder or absolute id, where it is, and the shape or
/// member whose statement holds it (a placeholder for an `apply` target; `None` outside shapes).
#[derive(Debug, Clone)]
pub struct RefSite {
    pub owner: Option<String>,
    pub text: String,
    pub line: usize,
    pub column: usize,
}

/// An absolute shape id written in the file (by a `use` statement, or unquoted in a node value)
/// and where.
#[derive(Debug, Clone)]
pub struct IdSite {
    pub id: String,
    pub line: usize,
    pub column: usize,
}

/// Everything read from one file.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    pub version: Version,
    pub uses: Vec<(String, String)>,
    pub metadata: Vec<(String, Value, usize, usize)>,
    pub shapes: Vec<ShapeDef>,
    pub applies: Vec<ApplyDef>,
    pub refs: Vec<RawRef>,
    /// Every shape id written, in order, with the shape or member it belongs to.
    pub ref_sites: Vec<RefSite>,
    /// Where each member (`ns#Shape$member`) is named.
    pub members: Vec<(String, usize, usize)>,
    pub use_sites: Vec<IdSite>,
    /// The absolute shape ids written unquoted in node values (syntactic shape ids).
    pub node_ids: Vec<IdSite>,
}

/// A syntax error: position and message.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

type PResult<T> = Result<T, ParseError>;

const SIMPLE_TYPES: &[&str] = &[
    "blob",
    "boolean",
    "string",
    "byte",
    "short",
    "integer",
    "long",
    "float",
    "double",
    "bigInteger",
    "bigDecimal",
    "timestamp",
    "document",
];

const AGGREGATE_TYPES: &[&str] = &["list", "set", "map", "structure", "union", "enum", "intEnum", "service", "operation", "resource"];

struct Parser {
    toks: Vec<Token>,
    pos: usize,
    version: Version,
    namespace: Option<String>,
    uses: Vec<(String, String)>,
    metadata: Vec<(String, Value, usize, usize)>,
    shapes: Vec<ShapeDef>,
    applies: Vec<ApplyDef>,
    refs: Vec<RawRef>,
    ref_sites: Vec<RefSite>,
    member_sites: Vec<(String, usize, usize)>,
    use_sites: Vec<IdSite>,
    node_ids: Vec<IdSite>,
    input_suffix: String,
    output_suffix: String,
    errors: Vec<ParseError>,
}

/// Parses one file's tokens. Returns what it read, and the syntax errors met (parsing resumes
/// at the next top-level statement after an error).
pub fn parse_tokens(toks: Vec<Token>) -> (ParsedFile, Vec<ParseError>) {
    let mut toks = toks;
    if toks.last().map(|t| &t.kind) != Some(&Kind::Eof) {
        toks.push(Token {
            kind: Kind::Eof,
            line: 1,
            column: 1,
            newline_before: true,
            space_before: true,
            docs: Vec::new(),
            break_at: (1, 1),
            end: (1, 1),
        });
    }
    let mut p = Parser {
        toks,
        pos: 0,
        version: Version::V1,
        namespace: None,
        uses: Vec::new(),
        metadata: Vec::new(),
        shapes: Vec::new(),
        applies: Vec::new(),
        refs: Vec::new(),
        ref_sites: Vec::new(),
        member_sites: Vec::new(),
        use_sites: Vec::new(),
        node_ids: Vec::new(),
        input_suffix: "Input".into(),
        output_suffix: "Output".into(),
        errors: Vec::new(),
    };
    p.file();
    // A lexing error is reported where the parser meets it, with the lexer's message.
    let lex_error = p.toks.iter().find_map(|t| match &t.kind {
        Kind::Error(line, column, message) => Some((t.line, t.column, *line, *column, message.clone())),
        _ => None,
    });
    if let Some((tline, tcol, line, column, message)) = lex_error {
        let message = format!("Syntax error: {message}");
        let mut reported = false;
        for e in &mut p.errors {
            if (e.line, e.column) == (tline, tcol) || (e.line, e.column) == (line, column) {
                *e = ParseError { line, column, message: message.clone() };
                reported = true;
            }
        }
        let earlier = p.errors.iter().any(|e| (e.line, e.column) < (line, column));
        if !reported && !earlier {
            p.errors.push(ParseError { line, column, message });
        }
        p.errors.dedup();
    }
    let parsed = ParsedFile {
        version: p.version,
        uses: p.uses,
        metadata: p.metadata,
        shapes: p.shapes,
        applies: p.applies,
        refs: p.refs,
        ref_sites: p.ref_sites,
        members: p.member_sites,
        use_sites: p.use_sites,
        node_ids: p.node_ids,
    };
    (parsed, p.errors)
}

fn err<T>(tok: &Token, message: String) -> PResult<T> {
    Err(ParseError { line: tok.line, column: tok.column, message })
}

fn is_identifier(s: &str) -> bool {
    !s.contains(['.', '#', '$'])
}

/// An error at the first `.`, `#` or `$` of a shape id token where an identifier was expected.
fn at_separator<T>(tok: &Token, s: &str, message: String) -> PResult<T> {
    let offset = s.find(['.', '#', '$']).unwrap_or(0);
    Err(ParseError { line: tok.line, column: tok.column + offset, message })
}

impl Parser {
    fn peek(&self) -> &Token {
        // The token list always ends with Eof and `pos` never passes it.
        let last = self.toks.len().saturating_sub(1);
        &self.toks[self.pos.min(last)]
    }

    fn peek_at(&self, n: usize) -> &Token {
        let last = self.toks.len().saturating_sub(1);
        &self.toks[(self.pos + n).min(last)]
    }

    fn advance(&mut self) -> Token {
        let t = self.peek().clone();
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    fn at_punct(&self, c: char) -> bool {
        self.peek().kind == Kind::Punct(c)
    }

    fn at_word(&self, w: &str) -> bool {
        matches!(&self.peek().kind, Kind::Id(s) if s == w)
    }

    fn at_eof(&self) -> bool {
        self.peek().kind == Kind::Eof
    }

    fn expect_punct(&mut self, c: char) -> PResult<Token> {
        if self.at_punct(c) {
            Ok(self.advance())
        } else {
            let t = self.peek();
            err(t, format!("Expected {} but found {}", Kind::Punct(c), t.kind))
        }
    }

    fn expect_id(&mut self) -> PResult<(String, Token)> {
        match &self.peek().kind {
            Kind::Id(s) => {
                let s = s.clone();
                Ok((s, self.advance()))
            }
            other => err(self.peek(), format!("Expected IDENTIFIER but found {other}")),
        }
    }

    fn expect_identifier(&mut self) -> PResult<(String, Token)> {
        let (s, t) = self.expect_id()?;
        if !is_identifier(&s) {
            return err(&t, format!("Expected an identifier but found the shape id `{s}`"));
        }
        Ok((s, t))
    }

    fn br(&self) -> PResult<()> {
        let t = self.peek();
        if t.newline_before || t.kind == Kind::Eof {
            Ok(())
        } else {
            err(t, format!("Expected a line break, but found {}", t.kind))
        }
    }

    /// The next token must be on the same line as the previous one.
    fn same_line(&self) -> PResult<()> {
        let t = self.peek();
        if t.newline_before {
            let (line, column) = t.break_at;
            Err(ParseError { line, column, message: format!("Expected {} on the same line", t.kind) })
        } else {
            Ok(())
        }
    }

    /// The next token must be on the same line, after a space.
    fn same_line_space(&self) -> PResult<()> {
        let t = self.peek();
        if t.newline_before {
            let (line, column) = t.break_at;
            Err(ParseError { line, column, message: format!("Expected SPACE(' ') but found a line break, then {}", t.kind) })
        } else if !t.space_before {
            err(t, format!("Expected SPACE(' ') but found {}", t.kind))
        } else {
            Ok(())
        }
    }

    /// A shape id as written: absolute ids as they are, relative ones as a placeholder for the
    /// id they resolve to. Every one is remembered where it is written.
    fn add_ref(&mut self, text: &str, kind: RefKind, tok: &Token) -> String {
        let placed = self.placeholder(text, kind, tok);
        self.ref_sites.push(RefSite { owner: None, text: placed.clone(), line: tok.line, column: tok.column });
        placed
    }

    fn placeholder(&mut self, text: &str, kind: RefKind, tok: &Token) -> String {
        if text.contains('#') {
            if kind == RefKind::Node {
                self.node_ids.push(IdSite { id: text.to_owned(), line: tok.line, column: tok.column });
            }
            return text.to_owned();
        }
        let same = |r: &RawRef| r.text == text && r.kind == kind && r.namespace == self.namespace;
        if let Some(i) = self.refs.iter().position(same) {
            return format!("{REF_PREFIX}{i}");
        }
        self.refs.push(RawRef { text: text.to_owned(), kind, namespace: self.namespace.clone(), line: tok.line, column: tok.column });
        format!("{REF_PREFIX}{}", self.refs.len() - 1)
    }

    /// Gives the shape ids written since `mark` that belong to no shape or member yet to `owner`.
    fn claim(&mut self, mark: usize, owner: &str) {
        for site in self.ref_sites.iter_mut().skip(mark).filter(|s| s.owner.is_none()) {
            site.owner = Some(owner.to_owned());
        }
    }

    fn v2(&self) -> bool {
        self.version == Version::V2
    }

    /// Skips to the next statement that starts a line at column 1 (or the end).
    fn recover(&mut self) {
        self.advance();
        while !self.at_eof() {
            let t = self.peek();
            let closing = matches!(t.kind, Kind::Punct('}' | ']' | ')'));
            if t.newline_before && t.column == 1 && !closing {
                break;
            }
            self.advance();
        }
    }

    fn file(&mut self) {
        // Control section.
        let mut seen_control: Vec<String> = Vec::new();
        while self.at_punct('$') {
            if let Err(e) = self.control(&mut seen_control) {
                self.errors.push(e);
                self.recover();
            }
        }
        // Metadata section.
        while self.at_word("metadata") {
            if let Err(e) = self.metadata_statement() {
                self.errors.push(e);
                self.recover();
            }
        }
        if self.at_eof() {
            return;
        }
        if self.at_word("namespace") {
            if let Err(e) = self.namespace_statement() {
                self.errors.push(e);
                self.recover();
                if self.namespace.is_none() {
                    return;
                }
            }
        } else {
            let t = self.peek();
            let message = format!("Expected a namespace definition but found {}", t.kind);
            self.errors.push(ParseError { line: t.line, column: t.column, message });
            return;
        }
        while self.at_word("use") {
            if let Err(e) = self.use_statement() {
                self.errors.push(e);
                self.recover();
            }
        }
        while !self.at_eof() {
            if let Err(e) = self.shape_statement() {
                self.errors.push(e);
                self.recover();
            }
        }
    }

    fn control(&mut self, seen: &mut Vec<String>) -> PResult<()> {
        self.expect_punct('$')?;
        let (key, key_tok) = match &self.peek().kind {
            Kind::Id(s) if is_identifier(s) => (s.clone(), self.advance()),
            Kind::Str(s) => (s.clone(), self.advance()),
            Kind::Id(s) => return at_separator(self.peek(), s, "Expected COLON(':')".into()),
            other => return err(self.peek(), format!("Expected IDENTIFIER but found {other}")),
        };
        if key_tok.space_before {
            return err(&key_tok, "Expected IDENTIFIER but found whitespace".into());
        }
        self.same_line()?;
        self.expect_punct(':')?;
        self.same_line()?;
        let value_tok = self.peek().clone();
        let value = super::exact::unmark(self.node_value(RefKind::Node, 0)?);
        if seen.contains(&key) {
            return err(&value_tok, format!("Duplicate control statement `{key}`"));
        }
        seen.push(key.clone());
        match key.as_str() {
            "version" => {
                let Value::String(v) = &value else {
                    return err(&value_tok, format!("The $version control statement must have a string value, but found {value}"));
                };
                self.version = match parse_version(v) {
                    Some(v) => v,
                    None => {
                        let (line, column) = value_tok.end;
                        return Err(ParseError { line, column, message: format!("Unsupported Smithy version number: {v}") });
                    }
                };
            }
            "operationInputSuffix" | "operationOutputSuffix" => {
                let Value::String(v) = &value else {
                    return err(&value_tok, format!("The ${key} control statement must have a string value"));
                };
                if key == "operationInputSuffix" {
                    self.input_suffix = v.clone();
                } else {
                    self.output_suffix = v.clone();
                }
            }
            _ => {}
        }
        self.br()
    }

    fn metadata_statement(&mut self) -> PResult<()> {
        self.advance();
        self.same_line_space()?;
        let key_tok = self.peek().clone();
        let key = match &key_tok.kind {
            Kind::Id(s) if is_identifier(s) => s.clone(),
            Kind::Str(s) => s.clone(),
            Kind::Id(s) => return at_separator(&key_tok, s, "Expected EQUAL('=')".into()),
            other => return err(&key_tok, format!("Expected one of IDENTIFIER, STRING('\"'); but found {other}")),
        };
        self.advance();
        self.same_line()?;
        self.expect_punct('=')?;
        self.same_line()?;
        let value = self.node_value(RefKind::Node, 0)?;
        self.br()?;
        self.metadata.push((key, value, key_tok.line, key_tok.column));
        Ok(())
    }

    fn namespace_statement(&mut self) -> PResult<()> {
        self.advance();
        self.same_line_space()?;
        let t = self.peek().clone();
        let Kind::Id(ns) = &t.kind else {
            return err(&t, format!("Expected IDENTIFIER but found {}", t.kind));
        };
        if ns.contains(['#', '$']) {
            return err(&t, format!("Invalid namespace `{ns}`"));
        }
        let ns = ns.clone();
        self.advance();
        self.br()?;
        self.namespace = Some(ns);
        Ok(())
    }

    fn use_statement(&mut self) -> PResult<()> {
        self.advance();
        self.same_line_space()?;
        let t = self.peek().clone();
        let Kind::Id(id) = &t.kind else {
            return err(&t, format!("Expected IDENTIFIER but found {}", t.kind));
        };
        let id = id.clone();
        self.advance();
        let Some((_, name)) = id.split_once('#') else {
            let next = self.peek();
            let (line, column) = t.end;
            return Err(ParseError { line, column, message: format!("Expected POUND('#') but found {}", next.kind) });
        };
        if name.contains('$') {
            return err(&t, "Use statements cannot use members".into());
        }
        self.br()?;
        let name = name.to_owned();
        if let Some((_, existing)) = self.uses.iter().find(|(n, _)| *n == name) {
            if *existing != id {
                return err(&t, format!("Cannot use name `{id}` because it conflicts with `{existing}`"));
            }
        }
        if let Some(prelude) = super::prelude::prelude_id(&name) {
            if prelude != id {
                return err(&t, format!("Cannot use name `{id}` because it conflicts with `{prelude}`"));
            }
        }
        self.use_sites.push(IdSite { id: id.clone(), line: t.line, column: t.column });
        self.uses.push((name, id));
        Ok(())
    }

    fn traits(&mut self) -> PResult<Vec<(String, Value, Token)>> {
        let mut out = Vec::new();
        while self.at_punct('@') {
            out.push(self.trait_application()?);
        }
        Ok(out)
    }

    fn trait_application(&mut self) -> PResult<(String, Value, Token)> {
        let at = self.expect_punct('@')?;
        let t = self.peek().clone();
        let Kind::Id(name) = &t.kind else {
            return err(&t, format!("Expected IDENTIFIER but found {}", t.kind));
        };
        if t.space_before {
            return err(&t, "Expected a trait name right after `@`".into());
        }
        let name = name.clone();
        self.advance();
        let key = self.add_ref(&name, RefKind::Target, &t);
        if !self.at_punct('(') || self.peek().space_before {
            return Ok((key, Value::String(ANNOTATION.into()), at));
        }
        self.advance();
        if self.at_punct(')') {
            self.advance();
            return Ok((key, Value::String(ANNOTATION.into()), at));
        }
        let structured = matches!(&self.peek().kind, Kind::Id(s) if is_identifier(s)) || matches!(self.peek().kind, Kind::Str(_));
        let value = if structured && self.peek_at(1).kind == Kind::Punct(':') {
            let mut map = Map::new();
            while !self.at_punct(')') {
                let (k, ktok) = self.object_key()?;
                self.expect_punct(':')?;
                let v = self.node_value(RefKind::Node, 1)?;
                if map.contains_key(&k) {
                    return err(&ktok, format!("Duplicate member of trait value: `{k}`"));
                }
                map.insert(k, v);
                if self.at_eof() {
                    break;
                }
            }
            Value::Object(map)
        } else {
            self.node_value(RefKind::Node, 1)?
        };
        self.expect_punct(')')?;
        Ok((key, value, at))
    }

    fn object_key(&mut self) -> PResult<(String, Token)> {
        let t = self.peek().clone();
        match &t.kind {
            Kind::Id(s) if is_identifier(s) => {
                let s = s.clone();
                self.advance();
                Ok((s, t))
            }
            Kind::Str(s) => {
                let s = s.clone();
                self.advance();
                Ok((s, t))
            }
            Kind::Id(s) => at_separator(&t, s, "Expected COLON(':')".into()),
            other => err(&t, format!("Expected one of RBRACE('}}'), STRING('\"'), IDENTIFIER; but found {other}")),
        }
    }

    fn node_value(&mut self, kind: RefKind, depth: usize) -> PResult<Value> {
        if depth > MAX_DEPTH {
            return err(self.peek(), format!("Node values nest more than {MAX_DEPTH} levels deep"));
        }
        let t = self.peek().clone();
        match &t.kind {
            Kind::Punct('{') => {
                self.advance();
                let mut map = Map::new();
                while !self.at_punct('}') {
                    let (k, ktok) = self.object_key()?;
                    self.expect_punct(':')?;
                    let v = self.node_value(kind, depth + 1)?;
                    if map.contains_key(&k) {
                        return err(&ktok, format!("Duplicate object key `{k}`"));
                    }
                    map.insert(k, v);
                }
                self.advance();
                Ok(Value::Object(map))
            }
            Kind::Punct('[') => {
                self.advance();
                let mut items = Vec::new();
                while !self.at_punct(']') {
                    if self.at_eof() {
                        return err(self.peek(), "Expected RBRACKET(']') but found EOF".into());
                    }
                    items.push(self.node_value(kind, depth + 1)?);
                }
                self.advance();
                Ok(Value::Array(items))
            }
            Kind::Str(s) | Kind::TextBlock(s) => {
                let s = s.clone();
                self.advance();
                Ok(Value::String(s))
            }
            Kind::Number(n) => {
                let v = number_value(n, kind == RefKind::Node);
                self.advance();
                Ok(v)
            }
            Kind::Id(s) => {
                let s = s.clone();
                self.advance();
                Ok(match s.as_str() {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    "null" => Value::Null,
                    _ => Value::String(self.add_ref(&s, kind, &t)),
                })
            }
            other => err(
                &t,
                format!(
                    "Expected one of STRING('\"'), TEXT_BLOCK('\"\"\"'), NUMBER, IDENTIFIER, LBRACE('{{'), LBRACKET('['); but found {other}"
                ),
            ),
        }
    }

    fn shape_statement(&mut self) -> PResult<()> {
        let mark = self.ref_sites.len();
        let first = self.peek().clone();
        let docs = first.docs.clone();
        let traits = self.traits()?;
        let t = self.peek().clone();
        let Kind::Id(word) = &t.kind else {
            return err(&t, format!("Expected IDENTIFIER but found {}", t.kind));
        };
        let word = word.clone();
        if word == "apply" {
            if !traits.is_empty() {
                return err(&t, "Traits applied to apply statement".into());
            }
            return self.apply_statement();
        }
        if !SIMPLE_TYPES.contains(&word.as_str()) && !AGGREGATE_TYPES.contains(&word.as_str()) {
            return err(&t, format!("Unknown shape type: {word}"));
        }
        self.advance();
        self.same_line_space()?;
        let (name, name_tok) = self.expect_id()?;
        if !is_identifier(&name) {
            return at_separator(&name_tok, &name, format!("Shape names must be relative identifiers, but found `{name}`"));
        }
        let ns = self.namespace.clone().unwrap_or_default();
        let id = format!("{ns}#{name}");
        if let Some((_, used)) = self.uses.iter().find(|(n, _)| *n == name) {
            return err(&name_tok, format!("Shape name `{name}` conflicts with imported shape `{used}`"));
        }
        let mut body = Map::new();
        body.insert("type".into(), Value::String(word.clone()));
        let mut shape_traits = self.trait_map(traits, &docs)?;
        match word.as_str() {
            w if SIMPLE_TYPES.contains(&w) => {
                self.mixins(&mut body)?;
                self.br()?;
            }
            "list" | "set" | "map" | "structure" | "union" => {
                if word == "set" && self.v2() {
                    return err(&t, "set shapes cannot be used in Smithy version 2.0".into());
                }
                if self.at_word("for") && !self.peek().newline_before {
                    self.advance();
                    let (r, rtok) = self.expect_id()?;
                    if !self.v2() {
                        return err(&rtok, "Structures can only be bound to resources with Smithy version 2 or later".into());
                    }
                    let r = self.add_ref(&r, RefKind::Target, &rtok);
                    body.insert(FOR_KEY.into(), Value::String(r));
                }
                self.mixins(&mut body)?;
                let open = self.peek().clone();
                let members = self.members(false, &id)?;
                self.br()?;
                self.place_members(&word, &id, &mut body, members, &open)?;
            }
            "enum" | "intEnum" => {
                if !self.v2() {
                    return err(&t, format!("{word} shapes cannot be used in Smithy version 1.0"));
                }
                self.mixins(&mut body)?;
                let members = self.members(true, &id)?;
                self.br()?;
                let mut map = Map::new();
                for (mname, member) in &members {
                    let value = member.get("traits").and_then(|t| t.get("smithy.api#enumValue"));
                    if let Some(v) = value {
                        check_enum_value(&word, &id, mname, v, &t)?;
                    }
                }
                for (mname, mut member) in members {
                    if let Some(Value::Object(tr)) = member.get_mut("traits") {
                        if word == "enum" && !tr.contains_key("smithy.api#enumValue") {
                            tr.insert("smithy.api#enumValue".into(), Value::String(mname.clone()));
                        }
                    } else if word == "enum" {
                        let mut tr = Map::new();
                        tr.insert("smithy.api#enumValue".into(), Value::String(mname.clone()));
                        member.insert("traits".into(), Value::Object(tr));
                    }
                    member.insert("target".into(), Value::String("smithy.api#Unit".into()));
                    map.insert(mname, Value::Object(member));
                }
                if map.is_empty() && !body.contains_key("mixins") {
                    return err(&t, format!("{id}: {word} must have at least one entry"));
                }
                body.insert("members".into(), Value::Object(map));
            }
            "service" | "resource" => {
                self.mixins(&mut body)?;
                if !self.at_punct('{') {
                    let n = self.peek();
                    return err(n, format!("Expected LBRACE('{{') but found {}", n.kind));
                }
                let Value::Object(props) = self.node_value(RefKind::Target, 0)? else {
                    return err(&t, "Expected an object".into());
                };
                self.br()?;
                if word == "service" {
                    service_body(&mut body, props, &t)?;
                } else {
                    if props.contains_key("properties") && !self.v2() {
                        return err(&t, "Resource properties can only be used with Smithy version 2 or later.".into());
                    }
                    resource_body(&mut body, props, &t)?;
                }
            }
            _ => {
                self.mixins(&mut body)?;
                self.operation_body(&name, &mut body)?;
                self.br()?;
            }
        }
        if !shape_traits.is_empty() {
            body.insert("traits".into(), Value::Object(std::mem::take(&mut shape_traits)));
        }
        // A shape defined again is compared with its first definition once the ids resolve.
        self.claim(mark, &id);
        self.shapes.push(ShapeDef { id, body, line: name_tok.line, column: name_tok.column });
        Ok(())
    }

    /// Builds a trait map from parsed traits and doc comments.
    fn trait_map(&self, traits: Vec<(String, Value, Token)>, docs: &[String]) -> PResult<Map<String, Value>> {
        let mut map = Map::new();
        if !docs.is_empty() {
            map.insert("smithy.api#documentation".into(), Value::String(docs.join("\n")));
        }
        for (k, v, tok) in traits {
            if let Some(existing) = map.get_mut(&k) {
                match (existing, v) {
                    (Value::Array(a), Value::Array(b)) => a.extend(b),
                    (e, v) if *e == v => {}
                    _ => return err(&tok, "Conflicting trait applied twice to the same shape".into()),
                }
            } else {
                map.insert(k, v);
            }
        }
        Ok(map)
    }

    /// `with [A, B]` on the same line as what comes before.
    fn mixins(&mut self, body: &mut Map<String, Value>) -> PResult<()> {
        self.mixins_with(body, false)
    }

    /// `with [A, B]`, on the same line unless `newline_ok`.
    fn mixins_with(&mut self, body: &mut Map<String, Value>, newline_ok: bool) -> PResult<()> {
        if !(self.at_word("with") && (newline_ok || !self.peek().newline_before)) {
            return Ok(());
        }
        let with = self.advance();
        if !self.v2() {
            return err(
                &with,
                "Mixins can only be used with Smithy version 2 or later. Attempted to use mixins with version `1.0`.".into(),
            );
        }
        self.expect_punct('[')?;
        let mut list = Vec::new();
        while !self.at_punct(']') {
            let (m, mtok) = self.expect_id()?;
            let r = self.add_ref(&m, RefKind::Target, &mtok);
            let mut target = Map::new();
            target.insert("target".into(), Value::String(r));
            list.push(Value::Object(target));
        }
        let close = self.advance();
        if list.is_empty() {
            return err(&close, "Expected IDENTIFIER but found RBRACKET(']')".into());
        }
        body.insert("mixins".into(), Value::Array(list));
        Ok(())
    }

    /// `{ members }` of a structure, union, list, map (`enum_like` false) or enum (true).
    fn members(&mut self, enum_like: bool, owner: &str) -> PResult<Vec<(String, Map<String, Value>)>> {
        self.expect_punct('{')?;
        let mut out: Vec<(String, Map<String, Value>)> = Vec::new();
        while !self.at_punct('}') {
            if self.at_eof() {
                return err(self.peek(), "Expected RBRACE('}') but found EOF".into());
            }
            let mark = self.ref_sites.len();
            let first = self.peek().clone();
            let traits = self.traits()?;
            let mut traits = self.trait_map(traits, &first.docs)?;
            let mut member = Map::new();
            let name_tok;
            let name;
            if !enum_like && self.at_punct('$') {
                let dollar = self.advance();
                if !self.v2() {
                    return err(&dollar, "Members can only elide targets in IDL version 2 or later".into());
                }
                let (n, t) = self.expect_identifier()?;
                name = n;
                name_tok = t;
                member.insert("target".into(), Value::String(ELIDED.into()));
            } else {
                let (n, t) = self.expect_identifier()?;
                name = n;
                name_tok = t;
                if !enum_like {
                    if !self.at_punct(':') {
                        let n = self.peek();
                        return err(n, format!("Expected COLON(':') but found {}", n.kind));
                    }
                    self.advance();
                    let (target, ttok) = self.expect_id()?;
                    let r = self.add_ref(&target, RefKind::Target, &ttok);
                    member.insert("target".into(), Value::String(r));
                }
            }
            if self.at_punct('=') {
                let eq = self.advance();
                if !self.v2() {
                    return err(&eq, "@default assignment is only supported in IDL version 2 or later".into());
                }
                self.same_line()?;
                let value = self.node_value(RefKind::Node, 1)?;
                self.br()?;
                let key = if enum_like { "smithy.api#enumValue" } else { "smithy.api#default" };
                traits.insert(key.into(), value);
            }
            if out.iter().any(|(n, _)| *n == name) {
                return err(&name_tok, format!("Found conflicting member name, `{name}`"));
            }
            if !traits.is_empty() {
                member.insert("traits".into(), Value::Object(traits));
            }
            let member_id = format!("{owner}${name}");
            self.claim(mark, &member_id);
            self.member_sites.push((member_id, name_tok.line, name_tok.column));
            out.push((name, member));
        }
        self.advance();
        Ok(out)
    }

    fn place_members(
        &self,
        kind: &str,
        id: &str,
        body: &mut Map<String, Value>,
        members: Vec<(String, Map<String, Value>)>,
        open: &Token,
    ) -> PResult<()> {
        match kind {
            "list" | "set" | "map" => {
                let allowed: &[&str] = if kind == "map" { &["key", "value"] } else { &["member"] };
                let mut missing: Vec<&str> = Vec::new();
                for name in allowed {
                    if !members.iter().any(|(n, _)| n == name) {
                        missing.push(name);
                    }
                }
                for (name, m) in members {
                    if !allowed.contains(&name.as_str()) {
                        return err(open, format!("Invalid member `{name}` of {kind} shape `{id}`"));
                    }
                    body.insert(name, Value::Object(m));
                }
                if !missing.is_empty() && !body.contains_key("mixins") {
                    let plural = if missing.len() > 1 { "members" } else { "member" };
                    return err(open, format!("Missing required {plural} of shape `{id}`: {}", missing.join(", ")));
                }
            }
            _ => {
                let map: Map<String, Value> = members.into_iter().map(|(n, m)| (n, Value::Object(m))).collect();
                body.insert("members".into(), Value::Object(map));
            }
        }
        Ok(())
    }

    fn operation_body(&mut self, op_name: &str, body: &mut Map<String, Value>) -> PResult<()> {
        self.expect_punct('{')?;
        let op_id = format!("{}#{op_name}", self.namespace.clone().unwrap_or_default());
        let mut seen: Vec<String> = Vec::new();
        while !self.at_punct('}') {
            let (key, ktok) = match &self.peek().kind {
                Kind::Id(s) if is_identifier(s) => (s.clone(), self.advance()),
                other => {
                    let msg = format!("Expected one of RBRACE('}}'), IDENTIFIER; but found {other}");
                    return err(self.peek(), msg);
                }
            };
            if !matches!(key.as_str(), "input" | "output" | "errors") {
                return err(&ktok, format!("Unknown property {key} for {op_id}"));
            }
            if seen.contains(&key) {
                return err(&ktok, format!("Duplicate operation {key} property for `{op_id}`"));
            }
            seen.push(key.clone());
            if key == "errors" {
                self.expect_punct(':')?;
                let value = self.node_value(RefKind::Target, 0)?;
                body.insert("errors".into(), target_list(value, &ktok)?);
                continue;
            }
            if self.peek().kind == Kind::Walrus {
                let walrus = self.advance();
                if !self.v2() {
                    return err(
                        &walrus,
                        "Inlined operation inputs and outputs can only be used with Smithy version 2 or later. Attempted to use inlined IO with version `1.0`.".into(),
                    );
                }
                let suffix = if key == "input" { self.input_suffix.clone() } else { self.output_suffix.clone() };
                let name = format!("{op_name}{suffix}");
                let id = format!("{}#{name}", self.namespace.clone().unwrap_or_default());
                let mark = self.ref_sites.len();
                let first = self.peek().clone();
                let traits = self.traits()?;
                let mut traits = self.trait_map(traits, &first.docs)?;
                traits.insert(format!("smithy.api#{key}"), Value::Object(Map::new()));
                let mut shape = Map::new();
                shape.insert("type".into(), Value::String("structure".into()));
                if self.at_word("for") {
                    self.advance();
                    let (r, rtok) = self.expect_id()?;
                    let r = self.add_ref(&r, RefKind::Target, &rtok);
                    shape.insert(FOR_KEY.into(), Value::String(r));
                }
                self.mixins_with(&mut shape, true)?;
                let open = self.peek().clone();
                let members = self.members(false, &id)?;
                self.place_members("structure", &id, &mut shape, members, &open)?;
                shape.insert("traits".into(), Value::Object(traits));
                self.claim(mark, &id);
                self.shapes.push(ShapeDef { id: id.clone(), body: shape, line: first.line, column: first.column });
                body.insert(key, target_ref(id));
                continue;
            }
            self.expect_punct(':')?;
            let (target, ttok) = self.expect_id()?;
            let r = self.add_ref(&target, RefKind::Target, &ttok);
            body.insert(key, target_ref(r));
        }
        self.advance();
        Ok(())
    }

    fn apply_statement(&mut self) -> PResult<()> {
        let apply = self.advance();
        self.same_line_space()?;
        let (target, ttok) = self.expect_id()?;
        let target = self.add_ref(&target, RefKind::Target, &ttok);
        let mark = self.ref_sites.len();
        let traits = if self.at_punct('{') {
            if !self.peek().space_before {
                let n = self.peek();
                return err(n, format!("Expected one or more whitespace characters, but found {}", n.kind));
            }
            self.advance();
            let traits = self.traits()?;
            if !self.at_punct('}') {
                let n = self.peek();
                return err(n, format!("Expected RBRACE('}}') but found {}", n.kind));
            }
            self.advance();
            traits
        } else if self.at_punct('@') {
            vec![self.trait_application()?]
        } else {
            let n = self.peek();
            return err(n, format!("Expected one of AT('@'), LBRACE('{{'); but found {}", n.kind));
        };
        self.br()?;
        let traits = self.trait_map(traits, &[])?;
        self.claim(mark, &target);
        self.applies.push(ApplyDef { target, traits, line: apply.line, column: apply.column, target_at: (ttok.line, ttok.column) });
        Ok(())
    }
}

fn parse_version(v: &str) -> Option<Version> {
    let (major, minor) = match v.split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (v, None),
    };
    if major.is_empty() || !major.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(m) = minor {
        if m.is_empty() || !m.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    match major {
        "1" => Some(Version::V1),
        "2" => Some(Version::V2),
        _ => None,
    }
}

/// A JSON number for the text of an IDL number; in a node value (`exact`), a literal a double
/// cannot hold is kept as written (see [`super::exact`]).
fn number_value(text: &str, exact: bool) -> Value {
    if !text.contains(['.', 'e', 'E']) {
        if let Ok(i) = text.parse::<i64>() {
            return Value::Number(i.into());
        }
        if let Ok(u) = text.parse::<u64>() {
            return Value::Number(u.into());
        }
    }
    let kept = if exact { super::exact::marker(text) } else { None };
    kept.unwrap_or_else(|| super::exact::double(text))
}

fn target_ref(id: String) -> Value {
    let mut m = Map::new();
    m.insert("target".into(), Value::String(id));
    Value::Object(m)
}

fn target_list(value: Value, tok: &Token) -> PResult<Value> {
    let Value::Array(items) = value else {
        return err(tok, "Expected a list of shape ids".into());
    };
    let mut out = Vec::new();
    for item in items {
        match item {
            Value::String(s) => out.push(target_ref(s)),
            _ => return err(tok, "Expected a list of shape ids".into()),
        }
    }
    Ok(Value::Array(out))
}

fn target_string(value: Value, tok: &Token, what: &str) -> PResult<Value> {
    match value {
        Value::String(s) => Ok(target_ref(s)),
        _ => err(tok, format!("Expected a shape id for `{what}`")),
    }
}

fn service_body(body: &mut Map<String, Value>, props: Map<String, Value>, tok: &Token) -> PResult<()> {
    for (k, v) in props {
        match k.as_str() {
            "version" => {
                let Value::String(s) = v else { return err(tok, "The service version must be a string".into()) };
                // An unquoted version would have become a shape reference; versions are quoted.
                body.insert(k, Value::String(s));
            }
            "operations" | "resources" | "errors" => {
                body.insert(k, target_list(v, tok)?);
            }
            "rename" => {
                let Value::Object(_) = &v else { return err(tok, "`rename` must be an object".into()) };
                body.insert(k, v);
            }
            _ => return err(tok, format!("Unknown property {k} for a service shape")),
        }
    }
    Ok(())
}

fn resource_body(body: &mut Map<String, Value>, props: Map<String, Value>, tok: &Token) -> PResult<()> {
    for (k, v) in props {
        match k.as_str() {
            "identifiers" | "properties" => {
                let Value::Object(map) = v else { return err(tok, format!("`{k}` must be an object")) };
                let mut out = Map::new();
                for (name, target) in map {
                    out.insert(name.clone(), target_string(target, tok, &name)?);
                }
                body.insert(k, Value::Object(out));
            }
            "create" | "put" | "read" | "update" | "delete" | "list" => {
                body.insert(k.clone(), target_string(v, tok, &k)?);
            }
            "operations" | "collectionOperations" | "resources" => {
                body.insert(k, target_list(v, tok)?);
            }
            _ => return err(tok, format!("Unknown property {k} for a resource shape")),
        }
    }
    Ok(())
}

fn check_enum_value(kind: &str, id: &str, member: &str, value: &Value, tok: &Token) -> PResult<()> {
    let unmarked = super::exact::marked(value).map(super::exact::double);
    let value = unmarked.as_ref().unwrap_or(value);
    if kind == "enum" {
        return match value {
            Value::String(s) if !s.is_empty() => Ok(()),
            Value::String(_) => err(tok, format!("{id}${member}: enum values must not be empty")),
            other => err(tok, format!("{id}${member}: enum members can only be assigned string values, but found: {other}")),
        };
    }
    match value {
        Value::Number(n) if n.is_f64() => err(tok, format!("{id}${member}: intEnum members do not support floating point values")),
        Value::Number(n) => match n.as_i64() {
            Some(i) if i32::try_from(i).is_ok() => Ok(()),
            _ => err(tok, format!("{id}${member}: intEnum members must fit within an integer, but found: {n}")),
        },
        other => err(tok, format!("{id}${member}: intEnum members require integer values, but found: {other}")),
    }
}
