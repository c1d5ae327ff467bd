//! Splits Smithy IDL text into tokens with their positions.
//!
//! Spaces, tabs, commas and comments are not tokens: every token instead records whether a line
//! break (a newline or a comment, which always ends a line) or any whitespace came before it, so
//! the parser can insist on line breaks and spaces where the grammar needs them. Documentation
//! comments (`///`) preceding a token are attached to it.

use std::fmt;

/// What a token is.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// An identifier or a shape id (`foo`, `a.b#C`, `a.b#C$d`, `C$d`), as written.
    Id(String),
    /// A quoted string, escapes already interpreted.
    Str(String),
    /// A text block, incidental whitespace removed and escapes interpreted.
    TextBlock(String),
    /// A number, as written.
    Number(String),
    /// One of `{ } [ ] ( ) : = @ $ # .`
    Punct(char),
    /// `:=`
    Walrus,
    /// Text that is not a token: the lexing error's position and message. Always followed by
    /// [`Kind::Eof`].
    Error(usize, usize, String),
    /// The end of the text.
    Eof,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Kind::Id(s) => write!(f, "IDENTIFIER('{s}')"),
            Kind::Str(s) => write!(f, "STRING({s:?})"),
            Kind::TextBlock(_) => write!(f, "TEXT_BLOCK('\"\"\"')"),
            Kind::Number(n) => write!(f, "NUMBER('{n}')"),
            Kind::Punct(c) => write!(f, "{}('{c}')", punct_name(*c)),
            Kind::Walrus => write!(f, "WALRUS(':=')"),
            Kind::Error(..) => write!(f, "ERROR"),
            Kind::Eof => write!(f, "EOF"),
        }
    }
}

fn punct_name(c: char) -> &'static str {
    match c {
        '{' => "LBRACE",
        '}' => "RBRACE",
        '[' => "LBRACKET",
        ']' => "RBRACKET",
        '(' => "LPAREN",
        ')' => "RPAREN",
        ':' => "COLON",
        '=' => "EQUAL",
        '@' => "AT",
        '$' => "DOLLAR",
        '#' => "POUND",
        '.' => "DOT",
        _ => "PUNCT",
    }
}

/// A token and where it starts (1-based line and column).
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub kind: Kind,
    pub line: usize,
    pub column: usize,
    /// A newline or comment comes between the previous token and this one.
    pub newline_before: bool,
    /// Any whitespace, comma or comment comes between the previous token and this one.
    pub space_before: bool,
    /// The text of the `///` comments right before this token, one entry per line.
    pub docs: Vec<String>,
    /// Where the first newline or comment between the previous token and this one starts.
    pub break_at: (usize, usize),
    /// The position right after the token.
    pub end: (usize, usize),
}

/// A lexing error: position and message.
#[derive(Debug, Clone, PartialEq)]
pub struct LexError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

struct Lexer {
    chars: Vec<char>,
    pos: usize,
    line: usize,
    column: usize,
}

/// Splits `text` into tokens, ending with [`Kind::Eof`]. Text that cannot be read ends the
/// tokens with a [`Kind::Error`], for the parser to report when it gets there.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    if let Err(e) = tokenize_into(text, &mut tokens) {
        let (line, column) = tokens.last().map(|t: &Token| t.end).unwrap_or((1, 1));
        let at = |kind| Token {
            kind,
            line: e.line,
            column: e.column,
            newline_before: false,
            space_before: true,
            docs: Vec::new(),
            break_at: (line, column),
            end: (e.line, e.column),
        };
        tokens.push(at(Kind::Error(e.line, e.column, e.message.clone())));
        let mut eof = at(Kind::Eof);
        eof.newline_before = true;
        tokens.push(eof);
    }
    tokens
}

fn tokenize_into(text: &str, tokens: &mut Vec<Token>) -> Result<(), LexError> {
    let mut lx = Lexer { chars: text.chars().collect(), pos: 0, line: 1, column: 1 };
    loop {
        let (newline_before, space_before, docs, break_at) = lx.skip_trivia(tokens.is_empty());
        let (line, column) = (lx.line, lx.column);
        let break_at = break_at.unwrap_or((line, column));
        let kind = lx.next_kind()?;
        let eof = kind == Kind::Eof;
        let end = (lx.line, lx.column);
        tokens.push(Token { kind, line, column, newline_before: newline_before || eof, space_before, docs, break_at, end });
        if eof {
            return Ok(());
        }
    }
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

impl Lexer {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.chars.get(self.pos + n).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn error<T>(&self, line: usize, column: usize, message: String) -> Result<T, LexError> {
        Err(LexError { line, column, message })
    }

    /// Skips spaces, commas, newlines and comments; returns whether a line break or any space
    /// came, the doc comment lines seen (those that start a line) and where the first line
    /// break is.
    fn skip_trivia(&mut self, at_start: bool) -> (bool, bool, Vec<String>, Option<(usize, usize)>) {
        let mut newline = false;
        let mut space = false;
        let mut docs = Vec::new();
        let mut break_at = None;
        while let Some(c) = self.peek() {
            match c {
                ' ' | '\t' | ',' | '\r' => {
                    space = true;
                    self.bump();
                }
                '\n' => {
                    break_at.get_or_insert((self.line, self.column));
                    space = true;
                    newline = true;
                    self.bump();
                }
                '/' if self.peek_at(1) == Some('/') => {
                    break_at.get_or_insert((self.line, self.column));
                    let doc = self.peek_at(2) == Some('/') && (newline || at_start);
                    space = true;
                    newline = true;
                    let mut body = String::new();
                    while let Some(c) = self.peek() {
                        if c == '\n' {
                            break;
                        }
                        body.push(c);
                        self.bump();
                    }
                    if doc {
                        let text = body.get(3..).unwrap_or("");
                        let text = text.strip_prefix(' ').unwrap_or(text);
                        docs.push(text.trim_end_matches('\r').to_owned());
                    }
                }
                _ => break,
            }
        }
        (newline, space, docs, break_at)
    }

    fn next_kind(&mut self) -> Result<Kind, LexError> {
        let (line, column) = (self.line, self.column);
        let Some(c) = self.peek() else { return Ok(Kind::Eof) };
        match c {
            '{' | '}' | '[' | ']' | '(' | ')' | '=' | '@' | '$' | '#' | '.' => {
                self.bump();
                Ok(Kind::Punct(c))
            }
            ':' => {
                self.bump();
                if self.peek() == Some('=') {
                    self.bump();
                    Ok(Kind::Walrus)
                } else {
                    Ok(Kind::Punct(':'))
                }
            }
            '"' => {
                if self.peek_at(1) == Some('"') && self.peek_at(2) == Some('"') {
                    self.text_block(line, column)
                } else {
                    self.quoted(line, column)
                }
            }
            '-' | '0'..='9' => self.number(line, column),
            c if is_ident_start(c) => self.shape_id(),
            '/' => self.error(line, column, "Unexpected character: '/'".into()),
            c => self.error(line, column, format!("Unexpected character: {c:?}")),
        }
    }

    fn ident(&mut self) -> Result<String, LexError> {
        let (line, column) = (self.line, self.column);
        match self.peek() {
            Some(c) if is_ident_start(c) => {}
            Some(c) => return self.error(line, column, format!("Expected a valid identifier character, but found '{c}'")),
            None => return self.error(line, column, "Expected a valid identifier character, but found EOF".into()),
        }
        let mut s = String::new();
        while self.peek() == Some('_') {
            s.push('_');
            self.bump();
        }
        if !s.is_empty() && !self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            let found = self.peek().map(|c| format!("'{c}'")).unwrap_or_else(|| "EOF".into());
            return self.error(self.line, self.column, format!("Expected a valid identifier character, but found {found}"));
        }
        while let Some(c) = self.peek() {
            if !is_ident_char(c) {
                break;
            }
            s.push(c);
            self.bump();
        }
        Ok(s)
    }

    /// `ident(.ident)*[#ident][$ident]`
    fn shape_id(&mut self) -> Result<Kind, LexError> {
        let mut s = self.ident()?;
        while self.peek() == Some('.') {
            self.bump();
            if !self.peek().is_some_and(is_ident_start) {
                // Right after the dot when the name just stops, at the dot otherwise (`a..b`).
                let stops = self.peek().is_none_or(|c| c.is_whitespace() || c == ',');
                let column = if stops { self.column } else { self.column.saturating_sub(1) };
                return self.error(self.line, column, "Expected IDENTIFIER after `.`".into());
            }
            s.push('.');
            s.push_str(&self.ident()?);
        }
        if self.peek() == Some('#') {
            self.bump();
            s.push('#');
            s.push_str(&self.ident()?);
        }
        if self.peek() == Some('$') {
            self.bump();
            if !self.peek().is_some_and(is_ident_start) {
                return self.error(self.line, self.column, "Expected IDENTIFIER after `$`".into());
            }
            s.push('$');
            s.push_str(&self.ident()?);
        }
        Ok(Kind::Id(s))
    }

    fn number(&mut self, line: usize, column: usize) -> Result<Kind, LexError> {
        let mut s = String::new();
        let digits = |lx: &mut Self, s: &mut String| {
            let mut n = 0;
            while let Some(c) = lx.peek().filter(char::is_ascii_digit) {
                s.push(c);
                lx.bump();
                n += 1;
            }
            n
        };
        if self.peek() == Some('-') {
            s.push('-');
            self.bump();
            if digits(self, &mut s) == 0 {
                return self.error(line, column, "Invalid number '-': '-' must be followed by a digit".into());
            }
        } else {
            digits(self, &mut s);
        }
        if self.peek() == Some('.') {
            s.push('.');
            self.bump();
            if digits(self, &mut s) == 0 {
                return self.error(line, column, format!("Invalid number '{s}': '.' must be followed by a digit"));
            }
        }
        if let Some(e) = self.peek().filter(|c| *c == 'e' || *c == 'E') {
            s.push(e);
            self.bump();
            if let Some(sign) = self.peek().filter(|c| *c == '+' || *c == '-') {
                s.push(sign);
                self.bump();
            }
            if digits(self, &mut s) == 0 {
                return self.error(line, column, format!("Invalid number '{s}': 'e', '+', and '-' must be followed by a digit"));
            }
        }
        Ok(Kind::Number(s))
    }

    fn quoted(&mut self, line: usize, column: usize) -> Result<Kind, LexError> {
        self.bump();
        let mut raw = String::new();
        loop {
            match self.bump() {
                None => return self.error(self.line, self.column, "Expected: '\"', but found '[EOF]'".into()),
                Some('"') => break,
                Some('\\') => {
                    raw.push('\\');
                    match self.bump() {
                        Some(c) => raw.push(c),
                        None => return self.error(self.line, self.column, "Expected: '\"', but found '[EOF]'".into()),
                    }
                }
                Some(c) => raw.push(c),
            }
        }
        let raw = raw.replace("\r\n", "\n");
        match unescape(&raw) {
            Ok(s) => Ok(Kind::Str(s)),
            Err(e) => self.error(line, column, format!("Error parsing quoted string: {e}")),
        }
    }

    fn text_block(&mut self, line: usize, column: usize) -> Result<Kind, LexError> {
        for _ in 0..3 {
            self.bump();
        }
        let mut raw = String::new();
        loop {
            if self.peek() == Some('"') && self.peek_at(1) == Some('"') && self.peek_at(2) == Some('"') {
                for _ in 0..3 {
                    self.bump();
                }
                break;
            }
            match self.bump() {
                None => return self.error(self.line, self.column, "Expected: '\"', but found '[EOF]'".into()),
                Some('\\') => {
                    raw.push('\\');
                    match self.bump() {
                        Some(c) => raw.push(c),
                        None => return self.error(self.line, self.column, "Expected: '\"', but found '[EOF]'".into()),
                    }
                }
                Some(c) => raw.push(c),
            }
        }
        let raw = raw.replace("\r\n", "\n");
        if raw.is_empty() {
            return self.error(line, column, "Error parsing text block: Text block is empty".into());
        }
        let Some(body) = raw.strip_prefix('\n') else {
            return self.error(line, column, "Error parsing text block: Text block must start with a new line".into());
        };
        match unescape(&strip_incidental_whitespace(body)) {
            Ok(s) => Ok(Kind::TextBlock(s)),
            Err(e) => self.error(line, column, format!("Error parsing text block: {e}")),
        }
    }
}

/// Removes the indentation shared by the lines of a text block (lines holding only whitespace
/// do not count, except the last one, which holds the closing delimiter) and trailing spaces.
fn strip_incidental_whitespace(body: &str) -> String {
    let lines: Vec<&str> = body.split('\n').collect();
    let last = lines.len().saturating_sub(1);
    let indent = |l: &str| l.chars().take_while(|c| *c == ' ' || *c == '\t').count();
    let min = lines.iter().enumerate().filter(|(i, l)| *i == last || !l.trim().is_empty()).map(|(_, l)| indent(l)).min().unwrap_or(0);
    let stripped: Vec<String> = lines
        .iter()
        .map(|l| {
            let rest: String = l.chars().skip(min).collect();
            rest.trim_end_matches([' ', '\t']).to_owned()
        })
        .collect();
    stripped.join("\n")
}

/// Interprets the escapes of a string's raw text.
fn unescape(raw: &str) -> Result<String, String> {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            Some('/') => out.push('/'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('\n') => {}
            Some('u') => {
                let first = read_hex4(&mut chars)?;
                if (0xD800..0xDC00).contains(&first) {
                    let mut look = chars.clone();
                    if look.next() == Some('\\') && look.next() == Some('u') {
                        let second = read_hex4(&mut look)?;
                        if (0xDC00..0xE000).contains(&second) {
                            chars = look;
                            let cp = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                            out.push(char::from_u32(cp).unwrap_or('\u{FFFD}'));
                            continue;
                        }
                    }
                    out.push('\u{FFFD}');
                } else {
                    out.push(char::from_u32(first).unwrap_or('\u{FFFD}'));
                }
            }
            Some(other) => return Err(format!("Invalid escape found in string: `\\{other}`")),
            None => return Err("Invalid escape found in string: `\\`".into()),
        }
    }
    Ok(out)
}

fn read_hex4(chars: &mut std::str::Chars<'_>) -> Result<u32, String> {
    let mut value = 0u32;
    for _ in 0..4 {
        match chars.next() {
            None => return Err("Invalid unclosed unicode escape found in string".into()),
            Some(c) => match c.to_digit(16) {
                Some(d) => value = value * 16 + d,
                None => return Err(format!("Invalid unicode escape character: `{c}`")),
            },
        }
    }
    Ok(value)
}
