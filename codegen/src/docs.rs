//! Smithy `@documentation` strings (AWS-flavoured HTML) rendered as rustdoc, the way smithy-rs does it.
//!
//! smithy-rs parses documentation with jsoup and prints it back with jsoup's default pretty
//! printer, so generated crates carry *normalised HTML* in their doc comments. This module
//! reproduces that pipeline with the standard library only:
//!
//! 1. `Tokenizer` splits the input into HTML tokens (tags, text, comments) and decodes entities.
//! 2. `TreeBuilder` builds a `Dom` (a `Vec`-based arena) following the HTML5 "in body"
//!    insertion rules: implied `</p>`/`</li>`, reconstruction of formatting elements, the
//!    adoption agency algorithm, and so on.
//! 3. Fix-ups: `<a>` without `href` becomes `<code>`; an element whose own text contains a
//!    bracket has its content flattened to text with the brackets escaped (`\[`, `\]`).
//! 4. `Printer` prints the tree like jsoup's pretty printer (indent 1), and the result is
//!    split into lines, left-trimmed, with tabs replaced by two spaces.
//!
//! Crate-level docs instead go through `markdown`, which rewrites the same DOM into Markdown
//! the way the AWS SDK crate-docs decorator does.
//!
//! Everything here is total: any input string (malformed HTML, stray `<`, unknown entities,
//! deeply nested tags) produces some output without panicking. Tree walks are iterative and
//! the few potentially quadratic searches are bounded, as jsoup bounds them.

// ------------------------------------------------------------------------------------------------
// Public API
// ------------------------------------------------------------------------------------------------

/// Normalised doc lines for items (structs, fields, getters, builders, error variants, operations).
/// Each returned line is the text that follows `/// ` (may be empty for blank lines). Empty/whitespace-only input -> empty Vec.
///
/// The HTML is parsed and pretty-printed like smithy-rs' `normalizeHtml` (jsoup 1.16, indent 1),
/// then every line is left-trimmed, tabs become two spaces and trailing whitespace is dropped.
/// Input that normalises to nothing at all (for example only a comment) also yields an empty Vec.
pub fn html_doc_lines(doc: &str) -> Vec<String> {
    if doc.trim().is_empty() {
        return Vec::new();
    }
    let html = normalize_html(doc);
    if html.is_empty() {
        return Vec::new();
    }
    split_lines(&html).into_iter().map(tidy_line).collect()
}

/// The one-line form used inside the client-method doc lists (§7): normalised, newlines -> single spaces.
///
/// The pretty printer's indentation is kept, so a list reads `…</p> <ul>  <li>   <p>…</p></li> </ul>`.
/// Blank input gives an empty string (the caller prints `(undocumented)`). Carriage returns,
/// which could only come from attribute values, are treated as newlines and tabs become two
/// spaces, so the result is always safe to put on a single `///` line.
pub fn html_doc_inline(doc: &str) -> String {
    if doc.trim().is_empty() {
        return String::new();
    }
    let html = normalize_html(doc);
    let mut out = String::with_capacity(html.len());
    let mut chars = html.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(' ');
            }
            '\n' => out.push(' '),
            '\t' => out.push_str("  "),
            _ => out.push(c),
        }
    }
    out
}

/// Raw doc lines for enums and enum variants: split on newlines, each line trimmed (keep interior blank lines, drop leading/trailing blank lines).
///
/// No HTML processing happens here; tabs become two spaces like in every other doc line.
pub fn raw_doc_lines(doc: &str) -> Vec<String> {
    let lines: Vec<String> = split_lines(doc).into_iter().map(tidy_line).collect();
    let first = lines.iter().position(|l| !l.is_empty());
    let last = lines.iter().rposition(|l| !l.is_empty());
    match (first, last) {
        (Some(first), Some(last)) => lines
            .into_iter()
            .skip(first)
            .take(last + 1 - first)
            .collect(),
        _ => Vec::new(),
    }
}

/// Markdown lines for crate-level docs (lib.rs / README) converted from the service documentation.
///
/// `<a href>` becomes `[text](url)`, `<b>` becomes `__x__`, `<i>` becomes `_x_`, lists become
/// `- ` / `1. ` items indented by two spaces per level, `<dt>` becomes a bold line, paragraphs are
/// separated by blank lines, and `<note>` and `<fullname>` are dropped. Other tags are flattened
/// to their text. Each returned line follows `//! ` (empty for blank lines).
pub fn markdown_doc_lines(doc: &str) -> Vec<String> {
    if doc.trim().is_empty() {
        return Vec::new();
    }
    let text = markdown::convert(doc);
    if text.trim().is_empty() {
        return Vec::new();
    }
    // Only `<pre>` content can still hold `\r` or line-end blanks at this point.
    split_lines(&text)
        .into_iter()
        .map(|l| l.trim_end_matches([' ', '\t']).to_string())
        .collect()
}

// ------------------------------------------------------------------------------------------------
// Pipeline helpers
// ------------------------------------------------------------------------------------------------

/// smithy-rs `normalizeHtml`: parse, fix anchors and brackets, pretty-print the body's children.
fn normalize_html(doc: &str) -> String {
    let mut dom = parse_html(doc);
    convert_hrefless_anchors(&mut dom);
    escape_bracketed_text(&mut dom);
    let printed = Printer::print_children(&dom, ROOT);
    java_trim(&printed).to_string()
}

/// `<a>` elements without a (non-blank) `href` become `<code>` (attributes are dropped).
fn convert_hrefless_anchors(dom: &mut Dom) {
    dom.rewrite_each(
        ROOT,
        |dom, id| dom.is_named(id, "a"),
        |dom, anchor| {
            let convert = kotlin_is_blank(dom.attr(anchor, "href"));
            if convert {
                dom.change_into(anchor, "code");
            }
            convert
        },
    );
}

/// Elements whose own text contains `[` or `]` get their content replaced by their flattened,
/// bracket-escaped text. Parents are visited first, so nested matches are escaped once.
fn escape_bracketed_text(dom: &mut Dom) {
    dom.rewrite_each(
        ROOT,
        |dom, id| dom.own_text_has_bracket(id),
        |dom, id| {
            let escaped = dom.text(id).replace('[', "\\[").replace(']', "\\]");
            dom.set_text(id, escaped);
            true
        },
    );
}

/// Splits like Kotlin's `String.lines()`: on `\r\n`, `\n` and `\r`.
fn split_lines(s: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut rest = s;
    while let Some(end) = rest.find(['\r', '\n']) {
        lines.push(rest.get(..end).unwrap_or(""));
        let separator = if rest.get(end..end + 2) == Some("\r\n") {
            2
        } else {
            1
        };
        rest = rest.get(end + separator..).unwrap_or("");
    }
    lines.push(rest);
    lines
}

/// One rustdoc line: left-trimmed (Kotlin `trimStart`), tabs as two spaces, no trailing blanks.
fn tidy_line(line: &str) -> String {
    line.trim_start_matches(kotlin_is_whitespace)
        .replace('\t', "  ")
        .trim_end_matches(kotlin_is_whitespace)
        .to_string()
}

/// Kotlin/Java `Char.isWhitespace()`: Java whitespace plus Unicode space separators.
fn kotlin_is_whitespace(c: char) -> bool {
    (c.is_whitespace() && c != '\u{85}') || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Kotlin `CharSequence.isBlank()`.
fn kotlin_is_blank(s: &str) -> bool {
    s.chars().all(kotlin_is_whitespace)
}

/// Java `String.trim()`: strips every char `<= ' '` from both ends.
fn java_trim(s: &str) -> &str {
    s.trim_matches(|c: char| c <= ' ')
}

/// Whitespace as the HTML tokenizer and jsoup's serializer see it.
fn is_html_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\u{c}' | '\r')
}

/// jsoup `StringUtil.isBlank`.
fn is_blank(s: &str) -> bool {
    s.chars().all(is_html_whitespace)
}

// ------------------------------------------------------------------------------------------------
// Tag knowledge (jsoup's `Tag` table)
// ------------------------------------------------------------------------------------------------

mod tags {
    /// Known block tags.
    #[rustfmt::skip]
    const BLOCK: &[&str] = &[
        "html", "head", "body", "frameset", "script", "noscript", "style", "meta", "link", "title",
        "frame", "noframes", "section", "nav", "aside", "hgroup", "header", "footer", "p", "h1",
        "h2", "h3", "h4", "h5", "h6", "ul", "ol", "pre", "div", "blockquote", "hr", "address",
        "figure", "figcaption", "form", "fieldset", "ins", "del", "dl", "dt", "dd", "li", "table",
        "caption", "thead", "tfoot", "tbody", "colgroup", "col", "tr", "th", "td", "video", "audio",
        "canvas", "details", "menu", "plaintext", "template", "article", "main", "svg", "math",
        "center", "dir", "applet", "marquee", "listing",
    ];
    /// Known inline tags.
    #[rustfmt::skip]
    const INLINE: &[&str] = &[
        "object", "base", "font", "tt", "i", "b", "u", "big", "small", "em", "strong", "dfn",
        "code", "samp", "kbd", "var", "cite", "abbr", "time", "acronym", "mark", "ruby", "rt", "rp",
        "rtc", "a", "img", "br", "wbr", "map", "q", "sub", "sup", "bdo", "iframe", "embed", "span",
        "input", "select", "textarea", "label", "button", "optgroup", "option", "legend",
        "datalist", "keygen", "output", "progress", "meter", "area", "param", "source", "track",
        "summary", "command", "device", "basefont", "bgsound", "menuitem", "data", "bdi", "s",
        "strike", "nobr", "rb", "text", "mi", "mo", "msup", "mn", "mtext",
    ];
    /// Void elements: never have content, printed without an end tag.
    #[rustfmt::skip]
    const VOID: &[&str] = &[
        "meta", "link", "base", "frame", "img", "br", "wbr", "embed", "hr", "input", "keygen",
        "col", "command", "device", "area", "basefont", "bgsound", "menuitem", "param", "source",
        "track",
    ];
    /// Block tags whose content is printed inline (their end tag follows the content).
    #[rustfmt::skip]
    const FORMAT_AS_INLINE: &[&str] = &[
        "title", "a", "p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "address", "li", "th", "td",
        "script", "style", "ins", "del", "s",
    ];
    const PRESERVE_WHITESPACE: &[&str] = &["pre", "plaintext", "title", "textarea"];
    /// The HTML "special" category used by the tree builder.
    #[rustfmt::skip]
    const SPECIAL: &[&str] = &[
        "address", "applet", "area", "article", "aside", "base", "basefont", "bgsound",
        "blockquote", "body", "br", "button", "caption", "center", "col", "colgroup", "command",
        "dd", "details", "dir", "div", "dl", "dt", "embed", "fieldset", "figcaption", "figure",
        "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header",
        "hgroup", "hr", "html", "iframe", "img", "input", "isindex", "li", "link", "listing",
        "marquee", "menu", "meta", "nav", "noembed", "noframes", "noscript", "object", "ol", "p",
        "param", "plaintext", "pre", "script", "section", "select", "style", "summary", "table",
        "tbody", "td", "textarea", "tfoot", "th", "thead", "title", "tr", "ul", "wbr", "xmp",
    ];

    pub(super) fn is_block(name: &str) -> bool {
        BLOCK.contains(&name)
    }
    pub(super) fn is_known(name: &str) -> bool {
        BLOCK.contains(&name) || INLINE.contains(&name)
    }
    /// Unknown tags (`<note>`, `<important>`, …) format as blocks but are not blocks.
    pub(super) fn format_as_block(name: &str) -> bool {
        !INLINE.contains(&name) && !FORMAT_AS_INLINE.contains(&name)
    }
    pub(super) fn is_void(name: &str) -> bool {
        VOID.contains(&name)
    }
    pub(super) fn preserves_whitespace(name: &str) -> bool {
        PRESERVE_WHITESPACE.contains(&name)
    }
    pub(super) fn is_special(name: &str) -> bool {
        SPECIAL.contains(&name)
    }
    /// Elements whose text content is kept raw (jsoup data nodes).
    pub(super) fn holds_data(name: &str) -> bool {
        matches!(name, "script" | "style")
    }
}

// ------------------------------------------------------------------------------------------------
// Entities
// ------------------------------------------------------------------------------------------------

mod entities {
    /// Latin-1 names for U+00A0..=U+00FF, in code point order. Like jsoup's "base" entities
    /// they are recognised even without the trailing `;`.
    #[rustfmt::skip]
    const LATIN1: [&str; 96] = [
        "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf",
        "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro",
        "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
        "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave",
        "Eacute", "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve",
        "Oacute", "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml",
        "Yacute", "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig",
        "ccedil", "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth",
        "ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave",
        "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml",
    ];
    /// Base entities outside Latin-1 (also accepted without `;`).
    #[rustfmt::skip]
    const BASE_EXTRA: &[(&str, u32)] = &[
        ("amp", 38), ("lt", 60), ("gt", 62), ("quot", 34), ("AMP", 38), ("LT", 60), ("GT", 62),
        ("QUOT", 34), ("COPY", 169), ("REG", 174),
    ];
    /// Further named references (HTML 4 plus a few HTML5 names); these need the `;`.
    #[rustfmt::skip]
    const EXTENDED: &[(&str, u32)] = &[
        ("apos", 39), ("OElig", 338), ("oelig", 339), ("Scaron", 352), ("scaron", 353),
        ("Yuml", 376), ("fnof", 402), ("circ", 710), ("tilde", 732), ("Alpha", 913), ("Beta", 914),
        ("Gamma", 915), ("Delta", 916), ("Epsilon", 917), ("Zeta", 918), ("Eta", 919),
        ("Theta", 920), ("Iota", 921), ("Kappa", 922), ("Lambda", 923), ("Mu", 924), ("Nu", 925),
        ("Xi", 926), ("Omicron", 927), ("Pi", 928), ("Rho", 929), ("Sigma", 931), ("Tau", 932),
        ("Upsilon", 933), ("Phi", 934), ("Chi", 935), ("Psi", 936), ("Omega", 937), ("alpha", 945),
        ("beta", 946), ("gamma", 947), ("delta", 948), ("epsilon", 949), ("zeta", 950),
        ("eta", 951), ("theta", 952), ("iota", 953), ("kappa", 954), ("lambda", 955), ("mu", 956),
        ("nu", 957), ("xi", 958), ("omicron", 959), ("pi", 960), ("rho", 961), ("sigmaf", 962),
        ("sigma", 963), ("tau", 964), ("upsilon", 965), ("phi", 966), ("chi", 967), ("psi", 968),
        ("omega", 969), ("thetasym", 977), ("upsih", 978), ("piv", 982), ("ensp", 8194),
        ("emsp", 8195), ("thinsp", 8201), ("zwnj", 8204), ("zwj", 8205), ("lrm", 8206),
        ("rlm", 8207), ("hyphen", 8208), ("dash", 8208), ("ndash", 8211), ("mdash", 8212),
        ("lsquo", 8216), ("rsquo", 8217), ("sbquo", 8218), ("ldquo", 8220), ("rdquo", 8221),
        ("bdquo", 8222), ("dagger", 8224), ("Dagger", 8225), ("bull", 8226), ("hellip", 8230),
        ("permil", 8240), ("prime", 8242), ("Prime", 8243), ("lsaquo", 8249), ("rsaquo", 8250),
        ("oline", 8254), ("frasl", 8260), ("euro", 8364), ("image", 8465), ("weierp", 8472),
        ("real", 8476), ("trade", 8482), ("alefsym", 8501), ("larr", 8592), ("uarr", 8593),
        ("rarr", 8594), ("darr", 8595), ("harr", 8596), ("crarr", 8629), ("lArr", 8656),
        ("uArr", 8657), ("rArr", 8658), ("dArr", 8659), ("hArr", 8660), ("forall", 8704),
        ("part", 8706), ("exist", 8707), ("empty", 8709), ("nabla", 8711), ("isin", 8712),
        ("notin", 8713), ("ni", 8715), ("prod", 8719), ("sum", 8721), ("minus", 8722),
        ("lowast", 8727), ("radic", 8730), ("prop", 8733), ("infin", 8734), ("ang", 8736),
        ("and", 8743), ("or", 8744), ("cap", 8745), ("cup", 8746), ("int", 8747), ("there4", 8756),
        ("sim", 8764), ("cong", 8773), ("asymp", 8776), ("ne", 8800), ("equiv", 8801), ("le", 8804),
        ("ge", 8805), ("sub", 8834), ("sup", 8835), ("nsub", 8836), ("sube", 8838), ("supe", 8839),
        ("oplus", 8853), ("otimes", 8855), ("perp", 8869), ("sdot", 8901), ("lceil", 8968),
        ("rceil", 8969), ("lfloor", 8970), ("rfloor", 8971), ("lang", 10216), ("rang", 10217),
        ("loz", 9674), ("spades", 9824), ("clubs", 9827), ("hearts", 9829), ("diams", 9830),
        ("starf", 9733), ("star", 9734), ("check", 10003), ("cross", 10007), ("Tab", 9),
        ("NewLine", 10), ("excl", 33), ("num", 35), ("dollar", 36), ("percnt", 37), ("lpar", 40),
        ("rpar", 41), ("ast", 42), ("plus", 43), ("comma", 44), ("period", 46), ("sol", 47),
        ("colon", 58), ("semi", 59), ("equals", 61), ("quest", 63), ("commat", 64), ("lsqb", 91),
        ("lbrack", 91), ("bsol", 92), ("rsqb", 93), ("rbrack", 93), ("Hat", 94), ("lowbar", 95),
        ("grave", 96), ("lcub", 123), ("lbrace", 123), ("verbar", 124), ("vert", 124),
        ("rcub", 125), ("rbrace", 125),
    ];
    /// Windows-1252 meanings of numeric references in 0x80..=0x9F.
    const WIN1252: [u32; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];

    /// A named reference: its character and whether it may omit the `;`.
    pub(super) fn named(name: &str) -> Option<(char, bool)> {
        if let Some(i) = LATIN1.iter().position(|n| *n == name) {
            return char::from_u32(0xA0 + i as u32).map(|c| (c, true));
        }
        let base = BASE_EXTRA
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, cp)| (cp, true));
        let extended = || {
            EXTENDED
                .iter()
                .find(|(n, _)| *n == name)
                .map(|&(_, cp)| (cp, false))
        };
        let (cp, is_base) = base.or_else(extended)?;
        char::from_u32(cp).map(|c| (c, is_base))
    }

    /// A numeric reference; invalid values become U+FFFD.
    pub(super) fn numeric(value: Option<u32>) -> char {
        match value {
            Some(v @ 0x80..=0x9F) => {
                let mapped = WIN1252.get((v - 0x80) as usize).copied().unwrap_or(v);
                char::from_u32(mapped).unwrap_or('\u{FFFD}')
            }
            Some(0) | None => '\u{FFFD}',
            Some(v) => char::from_u32(v).unwrap_or('\u{FFFD}'),
        }
    }
}

/// Decodes the character reference starting at `input[pos] == '&'`.
/// Returns the replacement and the position after the reference, or `None` for a literal `&`.
fn decode_char_ref(input: &[char], pos: usize, in_attribute: bool) -> Option<(char, usize)> {
    let mut i = pos + 1;
    if input.get(i) == Some(&'#') {
        i += 1;
        let hex = matches!(input.get(i), Some('x') | Some('X'));
        if hex {
            i += 1;
        }
        let start = i;
        while input.get(i).is_some_and(|c| {
            if hex {
                c.is_ascii_hexdigit()
            } else {
                c.is_ascii_digit()
            }
        }) {
            i += 1;
        }
        if i == start {
            return None;
        }
        let digits: String = input.get(start..i)?.iter().collect();
        if input.get(i) == Some(&';') {
            i += 1;
        }
        let value = u32::from_str_radix(&digits, if hex { 16 } else { 10 }).ok();
        return Some((entities::numeric(value), i));
    }
    let start = i;
    while input.get(i).is_some_and(|c| c.is_alphabetic()) {
        i += 1;
    }
    while input.get(i).is_some_and(|c| c.is_ascii_digit()) {
        i += 1;
    }
    if i == start {
        return None;
    }
    let name: String = input.get(start..i)?.iter().collect();
    let has_semicolon = input.get(i) == Some(&';');
    let (c, is_base) = entities::named(&name)?;
    if !is_base && !has_semicolon {
        return None;
    }
    if in_attribute {
        if let Some(&next) = input.get(i) {
            if next.is_alphanumeric() || matches!(next, '=' | '-' | '_') {
                return None;
            }
        }
    }
    Some((c, if has_semicolon { i + 1 } else { i }))
}

/// Decodes every character reference in `text` (used for RCDATA content).
fn decode_all_refs(text: &[char]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(&c) = text.get(i) {
        if c == '&' {
            if let Some((decoded, next)) = decode_char_ref(text, i, false) {
                out.push(decoded);
                i = next;
                continue;
            }
        }
        out.push(if c == '\0' { '\u{FFFD}' } else { c });
        i += 1;
    }
    out
}

// ------------------------------------------------------------------------------------------------
// Tokenizer
// ------------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
struct StartTag {
    name: String,
    attrs: Vec<(String, String)>,
    self_closing: bool,
}

impl StartTag {
    fn named(name: &str) -> Self {
        StartTag {
            name: name.to_string(),
            attrs: Vec::new(),
            self_closing: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Start(StartTag),
    End(String),
    Text(String),
    Comment(String),
    Doctype,
}

/// What a `<` turned out to be.
enum Markup {
    Token(Token),
    Literal(&'static str),
    Nothing,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum RawMode {
    RawText,
    RcData,
    PlainText,
}

/// An HTML tokenizer close to the HTML5 one (and jsoup's): consecutive characters form one
/// text token; tags cut short by the end of input are dropped.
struct Tokenizer {
    input: Vec<char>,
    pos: usize,
    pending: Option<Token>,
    raw: Option<(RawMode, String)>,
}

impl Tokenizer {
    fn new(input: &str) -> Self {
        Tokenizer {
            input: input.chars().collect(),
            pos: 0,
            pending: None,
            raw: None,
        }
    }

    fn peek(&self, offset: usize) -> Option<char> {
        self.input.get(self.pos + offset).copied()
    }

    fn next_token(&mut self) -> Option<Token> {
        if let Some(token) = self.pending.take() {
            return Some(token);
        }
        if let Some((mode, name)) = self.raw.take() {
            let text = self.read_raw(mode, &name);
            if !text.is_empty() {
                return Some(Token::Text(text));
            }
        }
        let mut text = String::new();
        while let Some(c) = self.peek(0) {
            match c {
                '<' => match self.markup() {
                    Markup::Token(token) => {
                        if text.is_empty() {
                            return Some(token);
                        }
                        self.pending = Some(token);
                        return Some(Token::Text(text));
                    }
                    Markup::Literal(s) => text.push_str(s),
                    Markup::Nothing => {}
                },
                '&' => match decode_char_ref(&self.input, self.pos, false) {
                    Some((decoded, next)) => {
                        text.push(decoded);
                        self.pos = next;
                    }
                    None => {
                        text.push('&');
                        self.pos += 1;
                    }
                },
                '\0' => self.pos += 1,
                _ => {
                    text.push(c);
                    self.pos += 1;
                }
            }
        }
        if text.is_empty() {
            None
        } else {
            Some(Token::Text(text))
        }
    }

    /// Content of a raw text element, up to (not including) its end tag.
    fn read_raw(&mut self, mode: RawMode, name: &str) -> String {
        let start = self.pos;
        let end = match mode {
            RawMode::PlainText => self.input.len(),
            RawMode::RawText | RawMode::RcData => self.find_end_tag(name),
        };
        self.pos = end;
        let content = self.input.get(start..end).unwrap_or(&[]);
        match mode {
            RawMode::RcData => decode_all_refs(content),
            RawMode::RawText | RawMode::PlainText => content
                .iter()
                .map(|&c| if c == '\0' { '\u{FFFD}' } else { c })
                .collect(),
        }
    }

    fn find_end_tag(&self, name: &str) -> usize {
        let name: Vec<char> = name.chars().collect();
        let mut i = self.pos;
        while i < self.input.len() {
            if self.input.get(i) == Some(&'<') && self.input.get(i + 1) == Some(&'/') {
                let candidate = self.input.get(i + 2..i + 2 + name.len()).unwrap_or(&[]);
                let same = candidate.len() == name.len()
                    && candidate
                        .iter()
                        .zip(&name)
                        .all(|(a, b)| a.to_ascii_lowercase() == *b);
                let after = self.input.get(i + 2 + name.len()).copied();
                if same && matches!(after, Some(c) if is_html_whitespace(c) || c == '/' || c == '>')
                {
                    return i;
                }
            }
            i += 1;
        }
        self.input.len()
    }

    /// Handles a `<` at the current position.
    fn markup(&mut self) -> Markup {
        match self.peek(1) {
            Some(c) if c.is_ascii_alphabetic() => {
                self.pos += 1;
                match self.tag() {
                    Some(tag) => {
                        self.enter_raw_mode(&tag);
                        Markup::Token(Token::Start(tag))
                    }
                    None => Markup::Nothing,
                }
            }
            Some('/') => match self.peek(2) {
                Some(c) if c.is_ascii_alphabetic() => {
                    self.pos += 2;
                    match self.tag() {
                        Some(tag) => Markup::Token(Token::End(tag.name)),
                        None => Markup::Nothing,
                    }
                }
                Some('>') => {
                    self.pos += 3;
                    Markup::Nothing
                }
                None => {
                    self.pos += 2;
                    Markup::Literal("</")
                }
                Some(_) => {
                    self.pos += 2;
                    Markup::Token(Token::Comment(self.bogus_comment()))
                }
            },
            Some('!') => {
                self.pos += 2;
                self.markup_declaration()
            }
            Some('?') => {
                self.pos += 1;
                Markup::Token(Token::Comment(self.bogus_comment()))
            }
            _ => {
                self.pos += 1;
                Markup::Literal("<")
            }
        }
    }

    fn enter_raw_mode(&mut self, tag: &StartTag) {
        if tag.self_closing {
            return;
        }
        let mode = match tag.name.as_str() {
            "script" | "style" | "xmp" | "iframe" | "noembed" | "noframes" => RawMode::RawText,
            "title" | "textarea" => RawMode::RcData,
            "plaintext" => RawMode::PlainText,
            _ => return,
        };
        self.raw = Some((mode, tag.name.clone()));
    }

    /// A tag name and its attributes; `None` when the input ends inside the tag.
    fn tag(&mut self) -> Option<StartTag> {
        let mut name = String::new();
        loop {
            let c = self.peek(0)?;
            if is_html_whitespace(c) || c == '/' || c == '>' {
                break;
            }
            push_lowercase(&mut name, c);
            self.pos += 1;
        }
        let mut tag = StartTag {
            name,
            attrs: Vec::new(),
            self_closing: false,
        };
        loop {
            self.skip_whitespace();
            match self.peek(0)? {
                '>' => {
                    self.pos += 1;
                    return Some(tag);
                }
                '/' => {
                    self.pos += 1;
                    if self.peek(0) == Some('>') {
                        self.pos += 1;
                        tag.self_closing = true;
                        return Some(tag);
                    }
                }
                _ => {
                    let (key, value) = self.attribute()?;
                    if !tag.attrs.iter().any(|(k, _)| *k == key) {
                        tag.attrs.push((key, value));
                    }
                }
            }
        }
    }

    fn attribute(&mut self) -> Option<(String, String)> {
        let mut name = String::new();
        let first = self.peek(0)?;
        push_lowercase(&mut name, first);
        self.pos += 1;
        loop {
            let c = self.peek(0)?;
            if is_html_whitespace(c) || matches!(c, '/' | '>' | '=') {
                break;
            }
            push_lowercase(&mut name, c);
            self.pos += 1;
        }
        self.skip_whitespace();
        if self.peek(0) != Some('=') {
            return Some((name, String::new()));
        }
        self.pos += 1;
        self.skip_whitespace();
        let value = self.attribute_value()?;
        Some((name, value))
    }

    fn attribute_value(&mut self) -> Option<String> {
        let quote = match self.peek(0)? {
            '>' => return Some(String::new()),
            q @ ('"' | '\'') => {
                self.pos += 1;
                Some(q)
            }
            _ => None,
        };
        let mut value = String::new();
        loop {
            let c = self.peek(0)?;
            match quote {
                Some(q) if c == q => {
                    self.pos += 1;
                    return Some(value);
                }
                None if is_html_whitespace(c) || c == '>' => return Some(value),
                _ => {}
            }
            if c == '&' {
                if let Some((decoded, next)) = decode_char_ref(&self.input, self.pos, true) {
                    value.push(decoded);
                    self.pos = next;
                    continue;
                }
            }
            value.push(if c == '\0' { '\u{FFFD}' } else { c });
            self.pos += 1;
        }
    }

    /// After `<!`: comment, doctype, CDATA or a bogus comment.
    fn markup_declaration(&mut self) -> Markup {
        if self.starts_with("--", false) {
            self.pos += 2;
            return Markup::Token(Token::Comment(self.comment()));
        }
        if self.starts_with("doctype", true) {
            self.skip_past('>');
            return Markup::Token(Token::Doctype);
        }
        if self.starts_with("[CDATA[", false) {
            self.pos += 7;
            let text = self.read_until("]]>");
            return Markup::Token(Token::Text(text));
        }
        Markup::Token(Token::Comment(self.bogus_comment()))
    }

    fn comment(&mut self) -> String {
        if self.peek(0) == Some('>') {
            self.pos += 1;
            return String::new();
        }
        if self.peek(0) == Some('-') && self.peek(1) == Some('>') {
            self.pos += 2;
            return String::new();
        }
        let mut text = String::new();
        while let Some(c) = self.peek(0) {
            if self.starts_with("-->", false) {
                self.pos += 3;
                return text;
            }
            if self.starts_with("--!>", false) {
                self.pos += 4;
                return text;
            }
            text.push(if c == '\0' { '\u{FFFD}' } else { c });
            self.pos += 1;
        }
        text
    }

    fn bogus_comment(&mut self) -> String {
        let mut text = String::new();
        while let Some(c) = self.peek(0) {
            self.pos += 1;
            if c == '>' {
                break;
            }
            text.push(if c == '\0' { '\u{FFFD}' } else { c });
        }
        text
    }

    fn read_until(&mut self, terminator: &str) -> String {
        let mut text = String::new();
        while let Some(c) = self.peek(0) {
            if self.starts_with(terminator, false) {
                self.pos += terminator.chars().count();
                break;
            }
            text.push(c);
            self.pos += 1;
        }
        text
    }

    fn skip_past(&mut self, end: char) {
        while let Some(c) = self.peek(0) {
            self.pos += 1;
            if c == end {
                break;
            }
        }
    }

    fn starts_with(&self, s: &str, ignore_case: bool) -> bool {
        s.chars()
            .enumerate()
            .all(|(i, expected)| match self.peek(i) {
                Some(c) if ignore_case => c.eq_ignore_ascii_case(&expected),
                Some(c) => c == expected,
                None => false,
            })
    }

    fn skip_whitespace(&mut self) {
        while self.peek(0).is_some_and(is_html_whitespace) {
            self.pos += 1;
        }
    }
}

fn push_lowercase(out: &mut String, c: char) {
    if c == '\0' {
        out.push('\u{FFFD}');
    } else {
        out.extend(c.to_lowercase());
    }
}

// ------------------------------------------------------------------------------------------------
// DOM (Vec-based arena)
// ------------------------------------------------------------------------------------------------

type NodeId = usize;

/// The `<body>` element every document fragment lives in.
const ROOT: NodeId = 0;

#[derive(Debug, Clone, PartialEq)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    /// An unknown tag written as `<x/>`: printed `<x />` when it has no children.
    self_closing: bool,
}

impl Element {
    fn new(name: &str) -> Self {
        Element {
            name: name.to_string(),
            attrs: Vec::new(),
            self_closing: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum NodeData {
    Element(Element),
    Text(String),
    /// Raw content of `<script>`/`<style>`, printed unescaped.
    Data(String),
    Comment(String),
}

#[derive(Debug)]
struct Node {
    data: NodeData,
    parent: Option<NodeId>,
    children: Vec<NodeId>,
}

#[derive(Debug)]
struct Dom {
    nodes: Vec<Node>,
}

impl Dom {
    fn new() -> Self {
        let mut dom = Dom { nodes: Vec::new() };
        dom.create(NodeData::Element(Element::new("body")));
        dom
    }

    fn create(&mut self, data: NodeData) -> NodeId {
        self.nodes.push(Node {
            data,
            parent: None,
            children: Vec::new(),
        });
        self.nodes.len() - 1
    }

    fn create_text(&mut self, text: String) -> NodeId {
        self.create(NodeData::Text(text))
    }

    fn data(&self, id: NodeId) -> Option<&NodeData> {
        self.nodes.get(id).map(|n| &n.data)
    }

    fn element(&self, id: NodeId) -> Option<&Element> {
        match self.data(id) {
            Some(NodeData::Element(e)) => Some(e),
            _ => None,
        }
    }

    fn name(&self, id: NodeId) -> Option<&str> {
        self.element(id).map(|e| e.name.as_str())
    }

    fn is_named(&self, id: NodeId, name: &str) -> bool {
        self.name(id) == Some(name)
    }

    fn text_content(&self, id: NodeId) -> Option<&str> {
        match self.data(id) {
            Some(NodeData::Text(t)) => Some(t),
            _ => None,
        }
    }

    fn attr(&self, id: NodeId, key: &str) -> &str {
        self.element(id)
            .and_then(|e| e.attrs.iter().find(|(k, _)| k == key))
            .map_or("", |(_, v)| v.as_str())
    }

    fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.nodes.get(id).and_then(|n| n.parent)
    }

    fn children(&self, id: NodeId) -> &[NodeId] {
        self.nodes.get(id).map_or(&[], |n| n.children.as_slice())
    }

    fn element_children(&self, id: NodeId) -> Vec<NodeId> {
        self.children(id)
            .iter()
            .copied()
            .filter(|&c| self.element(c).is_some())
            .collect()
    }

    /// Whether `node` is `ancestor` or lies below it.
    fn contains(&self, ancestor: NodeId, node: NodeId) -> bool {
        let mut current = Some(node);
        let mut steps = 0;
        while let Some(id) = current {
            if id == ancestor {
                return true;
            }
            steps += 1;
            if steps > self.nodes.len() {
                return false;
            }
            current = self.parent(id);
        }
        false
    }

    fn detach(&mut self, id: NodeId) {
        if let Some(parent) = self.parent(id) {
            if let Some(p) = self.nodes.get_mut(parent) {
                p.children.retain(|&c| c != id);
            }
        }
        if let Some(n) = self.nodes.get_mut(id) {
            n.parent = None;
        }
    }

    /// Moves `child` to the end of `parent`'s children (refusing to create a cycle).
    fn append(&mut self, parent: NodeId, child: NodeId) {
        let cycle =
            child == parent || (!self.children(child).is_empty() && self.contains(child, parent));
        if child == ROOT || parent >= self.nodes.len() || cycle {
            return;
        }
        self.detach(child);
        if let Some(n) = self.nodes.get_mut(child) {
            n.parent = Some(parent);
        }
        if let Some(p) = self.nodes.get_mut(parent) {
            p.children.push(child);
        }
    }

    /// Detaches every child of `parent` that `remove` selects.
    fn remove_children_where(&mut self, parent: NodeId, remove: impl Fn(&Dom, NodeId) -> bool) {
        let (removed, kept): (Vec<NodeId>, Vec<NodeId>) = self
            .children(parent)
            .iter()
            .partition(|&&c| remove(self, c));
        for child in removed {
            if let Some(n) = self.nodes.get_mut(child) {
                n.parent = None;
            }
        }
        if let Some(p) = self.nodes.get_mut(parent) {
            p.children = kept;
        }
    }

    /// Puts `new` where `old` is; `old` ends up detached. No-op when `old` has no parent.
    fn replace(&mut self, old: NodeId, new: NodeId) {
        let Some(parent) = self.parent(old) else {
            return;
        };
        if old == new || self.contains(new, parent) {
            return;
        }
        self.detach(new);
        let Some(index) = self.children(parent).iter().position(|&c| c == old) else {
            return;
        };
        if let Some(slot) = self
            .nodes
            .get_mut(parent)
            .and_then(|p| p.children.get_mut(index))
        {
            *slot = new;
        }
        if let Some(n) = self.nodes.get_mut(new) {
            n.parent = Some(parent);
        }
        if let Some(n) = self.nodes.get_mut(old) {
            n.parent = None;
        }
    }

    /// `id` and everything below it, in document order.
    fn descendants(&self, id: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut work = vec![id];
        while let Some(n) = work.pop() {
            out.push(n);
            work.extend(self.children(n).iter().rev());
        }
        out
    }

    /// Visits, in document order, the elements below `root` (inclusive) that `matches` accepts and
    /// hands each to `rewrite`. When `rewrite` returns true it has replaced or emptied the element,
    /// so nothing inside the old subtree is visited any more (it is no longer in the tree).
    fn rewrite_each(
        &mut self,
        root: NodeId,
        matches: impl Fn(&Dom, NodeId) -> bool,
        mut rewrite: impl FnMut(&mut Dom, NodeId) -> bool,
    ) {
        let order = self.descendants(root);
        let mut subtree_size = vec![1usize; self.nodes.len()];
        for &node in order.iter().rev() {
            let size = 1 + self
                .children(node)
                .iter()
                .map(|&c| subtree_size.get(c).copied().unwrap_or(1))
                .sum::<usize>();
            if let Some(slot) = subtree_size.get_mut(node) {
                *slot = size;
            }
        }
        let mut i = 0;
        while let Some(&node) = order.get(i) {
            let is_match = self.element(node).is_some() && matches(self, node);
            if is_match && rewrite(self, node) {
                i += subtree_size.get(node).copied().unwrap_or(1);
            } else {
                i += 1;
            }
        }
    }

    fn deep_copy(&mut self, id: NodeId) -> NodeId {
        let Some(data) = self.data(id).cloned() else {
            return self.create_text(String::new());
        };
        let copy = self.create(data);
        let mut work = vec![(id, copy)];
        while let Some((source, target)) = work.pop() {
            for child in self.children(source).to_vec() {
                let Some(data) = self.data(child).cloned() else {
                    continue;
                };
                let child_copy = self.create(data);
                self.append(target, child_copy);
                work.push((child, child_copy));
            }
        }
        copy
    }

    /// smithy-rs `changeInto`: a new bare element holding copies of the children replaces `id`.
    fn change_into(&mut self, id: NodeId, name: &str) -> NodeId {
        let new = self.create(NodeData::Element(Element::new(name)));
        for child in self.children(id).to_vec() {
            let copy = self.deep_copy(child);
            self.append(new, copy);
        }
        self.replace(id, new);
        new
    }

    /// jsoup `Element.text(String)`: replaces all children with one text (or data) node.
    fn set_text(&mut self, id: NodeId, text: String) {
        let old_children = self
            .nodes
            .get_mut(id)
            .map(|n| std::mem::take(&mut n.children))
            .unwrap_or_default();
        for child in old_children {
            if let Some(n) = self.nodes.get_mut(child) {
                n.parent = None;
            }
        }
        let data = if self.name(id).is_some_and(tags::holds_data) {
            NodeData::Data(text)
        } else {
            NodeData::Text(text)
        };
        let node = self.create(data);
        self.append(id, node);
    }

    fn own_text_has_bracket(&self, id: NodeId) -> bool {
        self.children(id)
            .iter()
            .filter_map(|&c| self.text_content(c))
            .any(|t| t.contains('[') || t.contains(']'))
    }

    /// jsoup `preserveWhitespace`: the node or one of its five nearest ancestors is `<pre>`-like.
    fn preserves_whitespace(&self, id: Option<NodeId>) -> bool {
        let mut current = id;
        for _ in 0..6 {
            let Some(node) = current else { return false };
            if self.name(node).is_some_and(tags::preserves_whitespace) {
                return true;
            }
            current = self.parent(node);
        }
        false
    }

    fn next_sibling(&self, id: NodeId) -> Option<NodeId> {
        let siblings = self.children(self.parent(id)?);
        let index = siblings.iter().position(|&c| c == id)?;
        siblings.get(index + 1).copied()
    }

    /// jsoup `Element.text()`: normalised, block-separated text of the subtree, trimmed.
    fn text(&self, id: NodeId) -> String {
        let mut acc = String::new();
        let mut work = vec![(id, true, self.next_sibling(id))];
        while let Some((node, entering, next)) = work.pop() {
            match self.data(node) {
                Some(NodeData::Text(t)) if entering => {
                    let preserve = self.preserves_whitespace(self.parent(node));
                    append_normalised(&mut acc, t, preserve);
                }
                Some(NodeData::Element(e)) if entering => {
                    let separates = tags::is_block(&e.name) || e.name == "br";
                    if separates && !acc.is_empty() && !acc.ends_with(' ') {
                        acc.push(' ');
                    }
                    work.push((node, false, next));
                    let children = self.children(node);
                    for (i, &child) in children.iter().enumerate().rev() {
                        work.push((child, true, children.get(i + 1).copied()));
                    }
                }
                Some(NodeData::Element(e)) => {
                    let next_is_inline = match next.and_then(|n| self.data(n)) {
                        Some(NodeData::Text(_)) => true,
                        Some(NodeData::Element(n)) => !tags::format_as_block(&n.name),
                        _ => false,
                    };
                    if tags::is_block(&e.name) && next_is_inline && !acc.ends_with(' ') {
                        acc.push(' ');
                    }
                }
                _ => {}
            }
        }
        java_trim(&acc).to_string()
    }
}

/// jsoup `StringUtil.appendNormalisedWhitespace` as used by `text()`.
fn append_normalised(acc: &mut String, text: &str, preserve: bool) {
    if preserve {
        acc.push_str(text);
        return;
    }
    let strip_leading = acc.ends_with(' ');
    let mut last_was_white = false;
    let mut reached_non_white = false;
    for c in text.chars() {
        if is_html_whitespace(c) || c == '\u{A0}' {
            if (strip_leading && !reached_non_white) || last_was_white {
                continue;
            }
            acc.push(' ');
            last_was_white = true;
        } else if c != '\u{200B}' && c != '\u{AD}' {
            acc.push(c);
            last_was_white = false;
            reached_non_white = true;
        }
    }
}

// ------------------------------------------------------------------------------------------------
// Tree builder (HTML5 "in body" rules, as jsoup applies them to a document without doctype)
// ------------------------------------------------------------------------------------------------

/// Start tags that close an open `<p>`.
#[rustfmt::skip]
const P_CLOSERS: &[&str] = &[
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl",
    "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup", "main", "menu", "nav",
    "ol", "p", "plaintext", "search", "section", "summary", "ul",
];
/// End tags handled by "generate implied end tags, pop until the element".
#[rustfmt::skip]
const BLOCK_END_TAGS: &[&str] = &[
    "address", "article", "aside", "blockquote", "button", "center", "details", "dialog", "dir",
    "div", "dl", "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup",
    "listing", "main", "menu", "nav", "ol", "pre", "search", "section", "summary", "ul",
];
#[rustfmt::skip]
const FORMATTING: &[&str] = &[
    "b", "big", "code", "em", "font", "i", "s", "small", "strike", "strong", "tt", "u",
];
const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];
#[rustfmt::skip]
const IMPLIED_END: &[&str] = &[
    "dd", "dt", "li", "optgroup", "option", "p", "rb", "rp", "rt", "rtc",
];
#[rustfmt::skip]
const SCOPE_BOUNDARIES: &[&str] = &[
    "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template",
];
/// How far scope checks look down the stack (jsoup's bound).
const MAX_SCOPE_SEARCH: usize = 100;
/// How far other stack scans look (jsoup's bound).
const MAX_STACK_SCAN: usize = 256;
/// How many formatting elements are reconstructed at most (jsoup's bound).
const MAX_RECONSTRUCT: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Active {
    Marker,
    Element(NodeId),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Phase {
    /// Nothing has reached `<body>` yet: whitespace, comments and head elements are dropped.
    Head,
    Body,
    /// After `</body>`: whitespace and comments are dropped, anything else resumes the body.
    AfterBody,
}

struct TreeBuilder {
    dom: Dom,
    stack: Vec<NodeId>,
    active: Vec<Active>,
    phase: Phase,
    /// Inside a `<title>`/`<style>`/… that went to the (discarded) head.
    skipping_head_element: Option<String>,
    /// Drop a leading newline of the next text (after `<pre>`, `<listing>`, `<textarea>`).
    skip_newline: bool,
}

/// Parses an HTML document and returns its body as a [`Dom`].
fn parse_html(input: &str) -> Dom {
    let mut tokenizer = Tokenizer::new(input);
    let mut builder = TreeBuilder {
        dom: Dom::new(),
        stack: vec![ROOT],
        active: Vec::new(),
        phase: Phase::Head,
        skipping_head_element: None,
        skip_newline: false,
    };
    while let Some(token) = tokenizer.next_token() {
        builder.process(token);
    }
    builder.dom
}

impl TreeBuilder {
    fn process(&mut self, token: Token) {
        let skip_newline = std::mem::replace(&mut self.skip_newline, false);
        match self.phase {
            Phase::Head => self.before_body(token),
            Phase::AfterBody => self.after_body(token),
            Phase::Body => self.in_body(token, skip_newline),
        }
    }

    fn before_body(&mut self, token: Token) {
        if let Some(name) = self.skipping_head_element.take() {
            match &token {
                Token::Text(_) => {
                    self.skipping_head_element = Some(name);
                    return;
                }
                Token::End(end) if *end == name => return,
                _ => {}
            }
        }
        match &token {
            Token::Text(t) if is_blank(t) => return,
            Token::Comment(_) | Token::Doctype => return,
            Token::Start(tag) => match tag.name.as_str() {
                "html" | "head" => return,
                "body" => {
                    self.phase = Phase::Body;
                    return;
                }
                "base" | "basefont" | "bgsound" | "link" | "meta" => return,
                "title" | "style" | "script" | "noframes" => {
                    if !tag.self_closing {
                        self.skipping_head_element = Some(tag.name.clone());
                    }
                    return;
                }
                _ => {}
            },
            Token::End(name) if !matches!(name.as_str(), "br" | "body" | "html") => return,
            _ => {}
        }
        self.phase = Phase::Body;
        self.in_body(token, false);
    }

    fn after_body(&mut self, token: Token) {
        match &token {
            Token::Text(t) if is_blank(t) => return,
            Token::Comment(_) | Token::Doctype => return,
            Token::End(name) if name == "body" || name == "html" => return,
            _ => {}
        }
        self.phase = Phase::Body;
        self.in_body(token, false);
    }

    fn in_body(&mut self, token: Token, skip_newline: bool) {
        match token {
            Token::Text(text) => {
                let text = match text.strip_prefix('\n') {
                    Some(rest) if skip_newline => rest.to_string(),
                    _ => text,
                };
                if !text.is_empty() {
                    self.reconstruct_formatting();
                    self.insert_text(text);
                }
            }
            Token::Comment(text) => {
                let node = self.dom.create(NodeData::Comment(text));
                self.dom.append(self.current(), node);
            }
            Token::Doctype => {}
            Token::Start(tag) => self.start_tag(tag),
            Token::End(name) => self.end_tag(&name),
        }
    }

    fn current(&self) -> NodeId {
        self.stack.last().copied().unwrap_or(ROOT)
    }

    fn current_is(&self, name: &str) -> bool {
        self.dom.is_named(self.current(), name)
    }

    fn insert_text(&mut self, text: String) {
        let current = self.current();
        let data = if self.dom.name(current).is_some_and(tags::holds_data) {
            NodeData::Data(text)
        } else {
            NodeData::Text(text)
        };
        let node = self.dom.create(data);
        self.dom.append(current, node);
    }

    /// Inserts an element for `tag` into the current node and pushes it on the stack.
    fn insert(&mut self, tag: StartTag) -> NodeId {
        let node = self.insert_void(tag);
        self.stack.push(node);
        node
    }

    /// Inserts an element for `tag` into the current node without opening it.
    fn insert_void(&mut self, tag: StartTag) -> NodeId {
        let self_closing = tag.self_closing && !tags::is_known(&tag.name);
        let element = Element {
            name: tag.name,
            attrs: tag.attrs,
            self_closing,
        };
        let node = self.dom.create(NodeData::Element(element));
        self.dom.append(self.current(), node);
        node
    }

    fn start_tag(&mut self, tag: StartTag) {
        let name = tag.name.clone();
        let self_closing = tag.self_closing;
        let opened = match name.as_str() {
            "html" | "body" | "head" | "frameset" | "frame" => None,
            "base" | "basefont" | "bgsound" | "link" | "meta" | "param" | "source" | "track" => {
                self.insert_void(tag);
                None
            }
            "hr" => {
                self.close_p_in_button_scope();
                self.insert_void(tag);
                None
            }
            "image" => {
                self.reconstruct_formatting();
                self.insert_void(StartTag {
                    name: "img".to_string(),
                    ..tag
                });
                None
            }
            n if tags::is_void(n) => {
                self.reconstruct_formatting();
                self.insert_void(tag);
                None
            }
            n if P_CLOSERS.contains(&n) => {
                self.close_p_in_button_scope();
                Some(self.insert(tag))
            }
            n if HEADINGS.contains(&n) => {
                self.close_p_in_button_scope();
                if self
                    .dom
                    .name(self.current())
                    .is_some_and(|c| HEADINGS.contains(&c))
                {
                    self.pop();
                }
                Some(self.insert(tag))
            }
            "pre" | "listing" | "xmp" => {
                self.close_p_in_button_scope();
                self.skip_newline = name != "xmp";
                Some(self.insert(tag))
            }
            "textarea" => {
                self.skip_newline = true;
                Some(self.insert(tag))
            }
            "li" => {
                self.close_open_list_item(&["li"]);
                self.close_p_in_button_scope();
                Some(self.insert(tag))
            }
            "dd" | "dt" => {
                self.close_open_list_item(&["dd", "dt"]);
                self.close_p_in_button_scope();
                Some(self.insert(tag))
            }
            "button" => {
                if self.in_scope("button", &[]) {
                    self.generate_implied_end_tags(None);
                    self.pop_until_named("button");
                }
                self.reconstruct_formatting();
                Some(self.insert(tag))
            }
            "a" => {
                if let Some(open_a) = self.active_formatting_element("a") {
                    self.adoption_agency("a");
                    self.active.retain(|&e| e != Active::Element(open_a));
                    self.remove_from_stack(open_a);
                }
                Some(self.insert_formatting(tag))
            }
            "nobr" => {
                self.reconstruct_formatting();
                if self.in_scope("nobr", &[]) {
                    self.adoption_agency("nobr");
                }
                Some(self.insert_formatting(tag))
            }
            n if FORMATTING.contains(&n) => Some(self.insert_formatting(tag)),
            "applet" | "marquee" | "object" => {
                self.reconstruct_formatting();
                let node = self.insert(tag);
                self.active.push(Active::Marker);
                Some(node)
            }
            "option" | "optgroup" => {
                if self.current_is("option") {
                    self.pop();
                }
                self.reconstruct_formatting();
                Some(self.insert(tag))
            }
            // Documents without a doctype are in quirks mode, where `<table>` does not close `<p>`.
            "table" => Some(self.insert(tag)),
            _ => {
                self.reconstruct_formatting();
                Some(self.insert(tag))
            }
        };
        if self_closing && opened.is_some() {
            self.end_tag(&name);
        }
    }

    fn insert_formatting(&mut self, tag: StartTag) -> NodeId {
        self.reconstruct_formatting();
        let node = self.insert(tag);
        self.push_formatting(node);
        node
    }

    fn end_tag(&mut self, name: &str) {
        match name {
            "body" | "html" => {
                if self.in_scope("body", &[]) {
                    self.phase = Phase::AfterBody;
                }
            }
            "p" => {
                if !self.in_scope("p", &["button"]) {
                    self.insert(StartTag::named("p"));
                }
                self.generate_implied_end_tags(Some("p"));
                self.pop_until_named("p");
            }
            "li" => {
                if self.in_scope("li", &["ol", "ul"]) {
                    self.generate_implied_end_tags(Some("li"));
                    self.pop_until_named("li");
                }
            }
            "dd" | "dt" => {
                if self.in_scope(name, &[]) {
                    self.generate_implied_end_tags(Some(name));
                    self.pop_until_named(name);
                }
            }
            n if HEADINGS.contains(&n) => {
                if HEADINGS.iter().any(|h| self.in_scope(h, &[])) {
                    self.generate_implied_end_tags(None);
                    while self.stack.len() > 1 {
                        let popped = self.pop();
                        if self.dom.name(popped).is_some_and(|p| HEADINGS.contains(&p)) {
                            break;
                        }
                    }
                }
            }
            "applet" | "marquee" | "object" => {
                if self.in_scope(name, &[]) {
                    self.generate_implied_end_tags(None);
                    self.pop_until_named(name);
                    self.clear_formatting_to_marker();
                }
            }
            "br" => self.start_tag(StartTag::named("br")),
            n if BLOCK_END_TAGS.contains(&n) => {
                if self.in_scope(n, &[]) {
                    self.generate_implied_end_tags(None);
                    self.pop_until_named(n);
                }
            }
            n if FORMATTING.contains(&n) || n == "a" || n == "nobr" => self.adoption_agency(n),
            _ => self.any_other_end_tag(name),
        }
    }

    /// The li/dd/dt start-tag rule: close an open item unless a special element is in the way.
    fn close_open_list_item(&mut self, names: &[&str]) {
        let open_item = self
            .stack
            .iter()
            .skip(1)
            .rev()
            .take(MAX_STACK_SCAN)
            .map(|&node| self.dom.name(node).unwrap_or(""))
            .find(|n| {
                names.contains(n) || (tags::is_special(n) && !matches!(*n, "address" | "div" | "p"))
            })
            .filter(|n| names.contains(n))
            .map(str::to_string);
        if let Some(item) = open_item {
            self.end_tag(&item);
        }
    }

    /// Closes the nearest open element called `name`, unless a special element is in the way.
    fn any_other_end_tag(&mut self, name: &str) {
        let open: Vec<NodeId> = self
            .stack
            .iter()
            .skip(1)
            .rev()
            .take(MAX_STACK_SCAN)
            .copied()
            .collect();
        let Some(position) = open.iter().position(|&node| self.dom.is_named(node, name)) else {
            return;
        };
        let blocked = open
            .iter()
            .take(position)
            .any(|&node| self.dom.name(node).is_none_or(tags::is_special));
        if let (false, Some(&node)) = (blocked, open.get(position)) {
            self.generate_implied_end_tags(Some(name));
            self.pop_until_node(node);
        }
    }

    fn close_p_in_button_scope(&mut self) {
        if self.in_scope("p", &["button"]) {
            self.end_tag("p");
        }
    }

    fn in_scope(&self, target: &str, extra_boundaries: &[&str]) -> bool {
        for &node in self.stack.iter().rev().take(MAX_SCOPE_SEARCH + 1) {
            let name = self.dom.name(node).unwrap_or("");
            if name == target {
                return true;
            }
            if SCOPE_BOUNDARIES.contains(&name) || extra_boundaries.contains(&name) {
                return false;
            }
        }
        false
    }

    fn element_in_scope(&self, target: NodeId) -> bool {
        for &node in self.stack.iter().rev().take(MAX_SCOPE_SEARCH + 1) {
            if node == target {
                return true;
            }
            if SCOPE_BOUNDARIES.contains(&self.dom.name(node).unwrap_or("")) {
                return false;
            }
        }
        false
    }

    /// Pops the current node; the root `<body>` is never popped.
    fn pop(&mut self) -> NodeId {
        if self.stack.len() > 1 {
            self.stack.pop().unwrap_or(ROOT)
        } else {
            ROOT
        }
    }

    fn pop_until_named(&mut self, name: &str) {
        if let Some(node) = self
            .stack
            .iter()
            .skip(1)
            .rev()
            .copied()
            .find(|&n| self.dom.is_named(n, name))
        {
            self.pop_until_node(node);
        }
    }

    fn pop_until_node(&mut self, target: NodeId) {
        if !self.stack.iter().skip(1).any(|&n| n == target) {
            return;
        }
        while self.stack.len() > 1 && self.pop() != target {}
    }

    fn remove_from_stack(&mut self, node: NodeId) {
        if node != ROOT {
            self.stack.retain(|&n| n != node);
        }
    }

    fn generate_implied_end_tags(&mut self, except: Option<&str>) {
        while self.stack.len() > 1 {
            let name = self.dom.name(self.current()).unwrap_or("");
            if !IMPLIED_END.contains(&name) || Some(name) == except {
                break;
            }
            self.pop();
        }
    }

    // --- active formatting elements ---

    fn active_formatting_element(&self, name: &str) -> Option<NodeId> {
        for entry in self.active.iter().rev() {
            match *entry {
                Active::Marker => return None,
                Active::Element(node) if self.dom.is_named(node, name) => return Some(node),
                Active::Element(_) => {}
            }
        }
        None
    }

    fn active_position(&self, node: NodeId) -> Option<usize> {
        self.active.iter().position(|&e| e == Active::Element(node))
    }

    fn same_formatting(&self, a: NodeId, b: NodeId) -> bool {
        match (self.dom.element(a), self.dom.element(b)) {
            (Some(a), Some(b)) if a.name == b.name && a.attrs.len() == b.attrs.len() => {
                let mut a_attrs = a.attrs.clone();
                let mut b_attrs = b.attrs.clone();
                a_attrs.sort();
                b_attrs.sort();
                a_attrs == b_attrs
            }
            _ => false,
        }
    }

    /// Pushes a formatting element, keeping at most three identical ones among the recent
    /// entries after the last marker (the "Noah's Ark" clause; jsoup looks 12 entries back).
    fn push_formatting(&mut self, node: NodeId) {
        let mut seen = 0;
        for (i, entry) in self
            .active
            .iter()
            .enumerate()
            .rev()
            .take(MAX_RECONSTRUCT + 1)
        {
            match *entry {
                Active::Marker => break,
                Active::Element(other) if self.same_formatting(node, other) => {
                    seen += 1;
                    if seen == 3 {
                        self.active.remove(i);
                        break;
                    }
                }
                Active::Element(_) => {}
            }
        }
        self.active.push(Active::Element(node));
    }

    fn clear_formatting_to_marker(&mut self) {
        while let Some(entry) = self.active.pop() {
            if entry == Active::Marker {
                break;
            }
        }
    }

    fn is_open(&self, entry: Active) -> bool {
        match entry {
            Active::Marker => true,
            Active::Element(node) => self.stack.contains(&node),
        }
    }

    fn clone_element(&mut self, node: NodeId) -> NodeId {
        let element = self
            .dom
            .element(node)
            .cloned()
            .unwrap_or_else(|| Element::new("span"));
        self.dom.create(NodeData::Element(Element {
            self_closing: false,
            ..element
        }))
    }

    /// Reopens formatting elements that were closed implicitly (`<p><b>x</p><p>y` → `y` is bold).
    fn reconstruct_formatting(&mut self) {
        if self.stack.len() > MAX_STACK_SCAN {
            return;
        }
        let Some(&last) = self.active.last() else {
            return;
        };
        if self.is_open(last) {
            return;
        }
        let len = self.active.len();
        let floor = len.saturating_sub(MAX_RECONSTRUCT);
        let mut start = len - 1;
        while start > floor {
            match self.active.get(start - 1) {
                Some(&entry) if !self.is_open(entry) => start -= 1,
                _ => break,
            }
        }
        for i in start..len {
            if let Some(&Active::Element(old)) = self.active.get(i) {
                let new = self.clone_element(old);
                self.dom.append(self.current(), new);
                self.stack.push(new);
                if let Some(slot) = self.active.get_mut(i) {
                    *slot = Active::Element(new);
                }
            }
        }
    }

    /// The HTML5 adoption agency algorithm for a misnested formatting end tag.
    fn adoption_agency(&mut self, subject: &str) {
        let current = self.current();
        if self.dom.is_named(current, subject) && self.active_position(current).is_none() {
            self.pop();
            return;
        }
        for _ in 0..8 {
            let Some(formatting) = self.active_formatting_element(subject) else {
                self.any_other_end_tag(subject);
                return;
            };
            if !self.element_in_scope(formatting) {
                // Not in scope: either not open at all (forget it) or blocked (ignore the tag).
                if !self
                    .stack
                    .iter()
                    .rev()
                    .take(MAX_STACK_SCAN)
                    .any(|&n| n == formatting)
                {
                    self.active.retain(|&e| e != Active::Element(formatting));
                }
                return;
            }
            let Some(formatting_index) = self.stack.iter().rposition(|&n| n == formatting) else {
                return;
            };
            let furthest = self
                .stack
                .iter()
                .enumerate()
                .skip(formatting_index + 1)
                .find(|(_, &n)| self.dom.name(n).is_some_and(tags::is_special))
                .map(|(i, &n)| (i, n));
            let Some((furthest_index, furthest_block)) = furthest else {
                self.stack.truncate(formatting_index.max(1));
                self.active.retain(|&e| e != Active::Element(formatting));
                return;
            };
            let Some(&common_ancestor) = formatting_index
                .checked_sub(1)
                .and_then(|i| self.stack.get(i))
            else {
                return;
            };
            self.adopt(formatting, furthest_index, furthest_block, common_ancestor);
        }
    }

    /// Steps 10-19 of the adoption agency algorithm (one iteration of the outer loop).
    fn adopt(
        &mut self,
        formatting: NodeId,
        furthest_index: usize,
        furthest_block: NodeId,
        common_ancestor: NodeId,
    ) {
        let mut bookmark = self
            .active_position(formatting)
            .unwrap_or(self.active.len());
        let mut node_index = furthest_index;
        let mut last_node = furthest_block;
        let mut inner = 0;
        while node_index > 0 {
            inner += 1;
            node_index -= 1;
            let Some(&node) = self.stack.get(node_index) else {
                break;
            };
            if node == formatting {
                break;
            }
            let mut position = self.active_position(node);
            if inner > 3 {
                if let Some(p) = position.take() {
                    self.active.remove(p);
                    if p < bookmark {
                        bookmark -= 1;
                    }
                }
            }
            let Some(p) = position else {
                self.stack.remove(node_index);
                continue;
            };
            let replacement = self.clone_element(node);
            if let Some(slot) = self.active.get_mut(p) {
                *slot = Active::Element(replacement);
            }
            if let Some(slot) = self.stack.get_mut(node_index) {
                *slot = replacement;
            }
            if last_node == furthest_block {
                bookmark = p + 1;
            }
            self.dom.append(replacement, last_node);
            last_node = replacement;
        }
        self.dom.append(common_ancestor, last_node);
        let adopted = self.clone_element(formatting);
        for child in self.dom.children(furthest_block).to_vec() {
            self.dom.append(adopted, child);
        }
        self.dom.append(furthest_block, adopted);
        self.active
            .insert(bookmark.min(self.active.len()), Active::Element(adopted));
        self.active.retain(|&e| e != Active::Element(formatting));
        self.remove_from_stack(formatting);
        if let Some(p) = self.stack.iter().position(|&n| n == furthest_block) {
            self.stack.insert(p + 1, adopted);
        }
    }
}

// ------------------------------------------------------------------------------------------------
// Pretty printer (jsoup's default output settings: pretty print, indent 1, max padding 30)
// ------------------------------------------------------------------------------------------------

const MAX_PADDING: usize = 30;

#[rustfmt::skip]
const BOOLEAN_ATTRIBUTES: &[&str] = &[
    "allowfullscreen", "async", "autofocus", "checked", "compact", "declare", "default", "defer",
    "disabled", "formnovalidate", "hidden", "inert", "ismap", "itemscope", "multiple", "muted",
    "nohref", "noresize", "noshade", "novalidate", "nowrap", "open", "readonly", "required",
    "reversed", "seamless", "selected", "sortable", "truespeed", "typemustmatch",
];

struct Printer<'a> {
    dom: &'a Dom,
    out: String,
    /// Position of every node among its siblings.
    sibling_index: Vec<usize>,
}

impl<'a> Printer<'a> {
    /// Prints the children of `root` (jsoup `Element.html()` before trimming).
    fn print_children(dom: &'a Dom, root: NodeId) -> String {
        let mut sibling_index = vec![0; dom.nodes.len()];
        for node in &dom.nodes {
            for (i, &child) in node.children.iter().enumerate() {
                if let Some(slot) = sibling_index.get_mut(child) {
                    *slot = i;
                }
            }
        }
        let mut printer = Printer {
            dom,
            out: String::new(),
            sibling_index,
        };
        let mut work: Vec<(NodeId, usize, bool)> = dom
            .children(root)
            .iter()
            .rev()
            .map(|&c| (c, 0, true))
            .collect();
        while let Some((node, depth, entering)) = work.pop() {
            if !entering {
                printer.element_tail(node, depth);
                continue;
            }
            match dom.data(node) {
                Some(NodeData::Element(_)) => {
                    printer.element_head(node, depth);
                    work.push((node, depth, false));
                    work.extend(
                        dom.children(node)
                            .iter()
                            .rev()
                            .map(|&c| (c, depth + 1, true)),
                    );
                }
                Some(NodeData::Text(text)) => printer.text(node, text, depth),
                Some(NodeData::Data(data)) => printer.out.push_str(data),
                Some(NodeData::Comment(text)) => printer.comment(node, text, depth),
                None => {}
            }
        }
        printer.out
    }

    fn index(&self, node: NodeId) -> usize {
        self.sibling_index.get(node).copied().unwrap_or(0)
    }

    fn sibling(&self, node: NodeId, offset: isize) -> Option<NodeId> {
        let index = self.index(node).checked_add_signed(offset)?;
        self.dom
            .children(self.dom.parent(node)?)
            .get(index)
            .copied()
    }

    fn parent_name(&self, node: NodeId) -> Option<&str> {
        self.dom.parent(node).and_then(|p| self.dom.name(p))
    }

    fn indent(&mut self, depth: usize) {
        self.out.push('\n');
        self.out
            .extend(std::iter::repeat_n(' ', depth.min(MAX_PADDING)));
    }

    fn is_blank_text(&self, node: Option<NodeId>) -> bool {
        node.and_then(|n| self.dom.text_content(n))
            .is_some_and(is_blank)
    }

    fn effectively_first(&self, node: NodeId) -> bool {
        match self.index(node) {
            0 => true,
            1 => self.is_blank_text(self.sibling(node, -1)),
            _ => false,
        }
    }

    /// Whether an element starts on a new, indented line.
    fn should_indent(&self, node: NodeId) -> bool {
        let Some(name) = self.dom.name(node) else {
            return false;
        };
        let parent = self.parent_name(node);
        let format_as_block = tags::is_block(name) || parent.is_some_and(tags::format_as_block);
        let inlineable = !tags::is_block(name)
            && parent.is_none_or(tags::is_block)
            && !self.effectively_first(node)
            && name != "br";
        format_as_block && !inlineable && !self.dom.preserves_whitespace(self.dom.parent(node))
    }

    fn element_head(&mut self, node: NodeId, depth: usize) {
        let Some(element) = self.dom.element(node) else {
            return;
        };
        if self.should_indent(node) {
            self.indent(depth);
        }
        self.out.push('<');
        self.out.push_str(&element.name);
        for (key, value) in &element.attrs {
            write_attribute(&mut self.out, key, value);
        }
        let self_closing = tags::is_void(&element.name) || element.self_closing;
        if self.dom.children(node).is_empty() && self_closing {
            self.out.push_str(if tags::is_void(&element.name) {
                ">"
            } else {
                " />"
            });
        } else {
            self.out.push('>');
        }
    }

    fn element_tail(&mut self, node: NodeId, depth: usize) {
        let Some(element) = self.dom.element(node) else {
            return;
        };
        let empty = self.dom.children(node).is_empty();
        if empty && (tags::is_void(&element.name) || element.self_closing) {
            return;
        }
        if !empty
            && tags::format_as_block(&element.name)
            && !self.dom.preserves_whitespace(self.dom.parent(node))
        {
            self.indent(depth);
        }
        self.out.push_str("</");
        self.out.push_str(&element.name);
        self.out.push('>');
    }

    fn text(&mut self, node: NodeId, text: &str, depth: usize) {
        let parent = self.parent_name(node);
        let normalise = !self.dom.preserves_whitespace(self.dom.parent(node));
        let trim_like_block = parent.is_some_and(|p| tags::is_block(p) || tags::format_as_block(p));
        let first = self.index(node) == 0;
        let prev = self.sibling(node, -1);
        let next = self.sibling(node, 1);
        let mut trim_leading = false;
        let mut trim_trailing = false;
        if normalise {
            trim_leading = trim_like_block && first;
            trim_trailing = trim_like_block && next.is_none();
            let blank = is_blank(text);
            let next_indents = next.is_some_and(|n| self.should_indent(n));
            let prev_is_block = prev
                .and_then(|p| self.dom.name(p))
                .is_some_and(tags::is_block);
            if blank && (next_indents || self.is_blank_text(next) || prev_is_block) {
                return;
            }
            let after_br = prev.is_some_and(|p| self.dom.is_named(p, "br"));
            if (first && parent.is_some_and(tags::format_as_block) && !blank) || after_br {
                self.indent(depth);
            }
        }
        escape_text(&mut self.out, text, normalise, trim_leading, trim_trailing);
    }

    fn comment(&mut self, node: NodeId, text: &str, depth: usize) {
        if self.effectively_first(node) && self.parent_name(node).is_some_and(tags::format_as_block)
        {
            self.indent(depth);
        }
        self.out.push_str("<!--");
        self.out.push_str(text);
        self.out.push_str("-->");
    }
}

fn write_attribute(out: &mut String, key: &str, value: &str) {
    let invalid =
        |c: char| c <= '\u{1f}' || ('\u{7f}'..='\u{9f}').contains(&c) || " \"'/=".contains(c);
    let key: String = key.chars().filter(|&c| !invalid(c)).collect();
    if key.is_empty() {
        return;
    }
    out.push(' ');
    out.push_str(&key);
    let collapsible = (value.is_empty() || value.eq_ignore_ascii_case(&key))
        && BOOLEAN_ATTRIBUTES.contains(&key.as_str());
    if !collapsible {
        out.push_str("=\"");
        for c in value.chars() {
            push_escaped(out, c, true);
        }
        out.push('"');
    }
}

/// jsoup `Entities.escape` for text: optional whitespace normalisation and trimming.
fn escape_text(
    out: &mut String,
    text: &str,
    normalise: bool,
    trim_leading: bool,
    trim_trailing: bool,
) {
    let mut last_was_white = false;
    let mut reached_non_white = false;
    let mut skipped = false;
    for c in text.chars() {
        if normalise {
            if is_html_whitespace(c) {
                if (trim_leading && !reached_non_white) || last_was_white {
                    continue;
                }
                if trim_trailing {
                    skipped = true;
                    continue;
                }
                out.push(' ');
                last_was_white = true;
                continue;
            }
            last_was_white = false;
            reached_non_white = true;
            if skipped {
                out.push(' ');
                skipped = false;
            }
        }
        push_escaped(out, c, false);
    }
}

fn push_escaped(out: &mut String, c: char, in_attribute: bool) {
    match c {
        '&' => out.push_str("&amp;"),
        '\u{A0}' => out.push_str("&nbsp;"),
        '<' if !in_attribute => out.push_str("&lt;"),
        '>' if !in_attribute => out.push_str("&gt;"),
        '"' if in_attribute => out.push_str("&quot;"),
        '\t' | '\n' | '\r' => out.push(c),
        c if c < ' ' => out.push_str(&format!("&#x{:x};", c as u32)),
        c => out.push(c),
    }
}

// ------------------------------------------------------------------------------------------------
// Markdown (crate-level docs)
// ------------------------------------------------------------------------------------------------

mod markdown {
    use super::{
        kotlin_is_blank, kotlin_is_whitespace, parse_html, Dom, Element, NodeData, NodeId, ROOT,
    };

    /// Placeholders that survive jsoup's whitespace normalisation.
    const LINE_BREAK: &str = "[[smithy-rs-br]]";
    const SPACE: &str = "[[smithy-rs-nbsp]]";
    /// Lists nested deeper than this are flattened to text instead of converted (this keeps
    /// pathological input from going quadratic; real documentation nests two or three levels).
    const MAX_LIST_DEPTH: usize = 32;

    /// Converts service documentation HTML into Markdown text (lines separated by `\n`).
    pub(super) fn convert(doc: &str) -> String {
        let mut dom = parse_html(doc);
        escape_text_brackets(&mut dom);
        strip_undesired_nodes(&mut dom);
        wrap_inline_styles(&mut dom, "b", "__");
        wrap_inline_styles(&mut dom, "i", "_");
        convert_anchors(&mut dom);
        dom.rewrite_each(
            ROOT,
            |dom, id| dom.is_named(id, "br"),
            |dom, br| {
                replace_with_text(dom, br, LINE_BREAK.to_string());
                true
            },
        );
        dom.rewrite_each(ROOT, is_list, |dom, list| {
            convert_list_tree(dom, list);
            true
        });
        dom.rewrite_each(
            ROOT,
            |dom, id| dom.is_named(id, "dl"),
            |dom, dl| {
                convert_description_list(dom, dl);
                true
            },
        );
        dom.rewrite_each(
            ROOT,
            |dom, id| dom.is_named(id, "p"),
            |dom, p| {
                let text = format!("{LINE_BREAK}{}{LINE_BREAK}", dom.text(p));
                replace_with_text(dom, p, text);
                true
            },
        );
        normalize_line_whitespace(&dom.text(ROOT).replace(LINE_BREAK, "\n").replace(SPACE, " "))
    }

    /// Brackets in the model's text would read as intra-doc links; escape them before any
    /// Markdown syntax (which uses brackets itself) is produced.
    fn escape_text_brackets(dom: &mut Dom) {
        for node in &mut dom.nodes {
            if let NodeData::Text(text) = &mut node.data {
                if text.contains(['[', ']']) {
                    *text = text.replace('[', "\\[").replace(']', "\\]");
                }
            }
        }
    }

    fn replace_with_text(dom: &mut Dom, node: NodeId, text: String) {
        let replacement = dom.create_text(text);
        dom.replace(node, replacement);
    }

    /// Drops `<fullname>` and `<note>`, unwraps `<important>` and blank top-level text.
    fn strip_undesired_nodes(dom: &mut Dom) {
        dom.rewrite_each(
            ROOT,
            |dom, id| dom.is_named(id, "fullname"),
            |dom, node| {
                dom.detach(node);
                true
            },
        );
        dom.rewrite_each(
            ROOT,
            |dom, id| dom.is_named(id, "important"),
            |dom, node| {
                dom.change_into(node, "span");
                true
            },
        );
        dom.rewrite_each(
            ROOT,
            |dom, id| dom.is_named(id, "note"),
            |dom, node| {
                dom.detach(node);
                true
            },
        );
        dom.remove_children_where(ROOT, |dom, child| {
            dom.text_content(child).is_some_and(super::is_blank)
        });
    }

    /// `<b>x</b>` → `<span>__x__</span>` (and `<i>` with `_`).
    fn wrap_inline_styles(dom: &mut Dom, tag: &str, marker: &str) {
        dom.rewrite_each(
            ROOT,
            |dom, id| dom.is_named(id, tag),
            |dom, node| {
                let span = dom.create(NodeData::Element(Element::new("span")));
                let open = dom.create_text(marker.to_string());
                dom.append(span, open);
                for child in dom.children(node).to_vec() {
                    let copy = dom.deep_copy(child);
                    dom.append(span, copy);
                }
                let close = dom.create_text(marker.to_string());
                dom.append(span, close);
                dom.replace(node, span);
                true
            },
        );
    }

    /// `<a href="u">t</a>` → `[t](u)`; anchors without a link keep only their text.
    fn convert_anchors(dom: &mut Dom) {
        dom.rewrite_each(
            ROOT,
            |dom, id| dom.is_named(id, "a"),
            |dom, anchor| {
                let text = dom.text(anchor);
                let href = dom.attr(anchor, "href");
                let markdown = if kotlin_is_blank(href) {
                    text
                } else {
                    format!("[{text}]({href})")
                };
                replace_with_text(dom, anchor, markdown);
                true
            },
        );
    }

    fn is_list(dom: &Dom, node: NodeId) -> bool {
        dom.is_named(node, "ul") || dom.is_named(node, "ol")
    }

    /// A top-level `<ul>`/`<ol>` and the lists directly inside its items become text items.
    fn convert_list_tree(dom: &mut Dom, list: NodeId) {
        let mut order = Vec::new();
        let mut work = vec![(list, 1usize)];
        while let Some((node, depth)) = work.pop() {
            order.push((node, depth));
            if depth >= MAX_LIST_DEPTH {
                continue;
            }
            for item in dom.element_children(node) {
                if dom.is_named(item, "li") {
                    let nested = dom
                        .element_children(item)
                        .into_iter()
                        .filter(|&c| is_list(dom, c));
                    work.extend(nested.map(|c| (c, depth + 1)));
                }
            }
        }
        // Reverse pre-order: nested lists are converted before the lists containing them.
        for (node, depth) in order.into_iter().rev() {
            convert_list(dom, node, depth);
        }
    }

    fn convert_list(dom: &mut Dom, list: NodeId, depth: usize) {
        let mut result = String::new();
        if depth > 1 {
            result.push_str(LINE_BREAK);
        }
        let prefix = if dom.is_named(list, "ul") {
            "- "
        } else {
            "1. "
        };
        let indent = SPACE.repeat(depth * 2);
        for item in dom.element_children(list) {
            let text = dom.text(item);
            result.push_str(&indent);
            result.push_str(prefix);
            result.push_str(text.trim_matches(kotlin_is_whitespace));
            result.push_str(LINE_BREAK);
        }
        replace_with_text(dom, list, result);
    }

    /// `<dt>` becomes a bold line, `<dd>` a paragraph.
    fn convert_description_list(dom: &mut Dom, dl: NodeId) {
        dom.rewrite_each(
            dl,
            |dom, id| dom.is_named(id, "dt"),
            |dom, dt| {
                let text = format!("{LINE_BREAK}__{}__{LINE_BREAK}", dom.text(dt));
                dom.set_text(dt, text);
                dom.change_into(dt, "span");
                true
            },
        );
        dom.rewrite_each(
            dl,
            |dom, id| dom.is_named(id, "dd"),
            |dom, dd| {
                dom.change_into(dd, "p");
                true
            },
        );
        let line_break = dom.create_text(LINE_BREAK.to_string());
        dom.append(dl, line_break);
        dom.change_into(dl, "span");
    }

    /// Collapses blank-line runs, trims line ends, unindents non-list lines, trims the ends.
    fn normalize_line_whitespace(text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        // "\n\n\n+" -> "\n\n"
        let mut collapsed = Vec::with_capacity(chars.len());
        let mut newlines = 0;
        for &c in &chars {
            newlines = if c == '\n' { newlines + 1 } else { 0 };
            if newlines <= 2 {
                collapsed.push(c);
            }
        }
        // "[ \t]+\n" -> "\n"
        let mut trimmed: Vec<char> = Vec::with_capacity(collapsed.len());
        for &c in &collapsed {
            if c == '\n' {
                while matches!(trimmed.last(), Some(' ') | Some('\t')) {
                    trimmed.pop();
                }
            }
            trimmed.push(c);
        }
        // "\n[ \t]+([^ \t\-1])" -> "\n$1"
        let mut out = String::with_capacity(trimmed.len());
        let mut i = 0;
        while let Some(&c) = trimmed.get(i) {
            out.push(c);
            i += 1;
            if c != '\n' {
                continue;
            }
            let mut j = i;
            while matches!(trimmed.get(j), Some(' ') | Some('\t')) {
                j += 1;
            }
            if let Some(&next) = trimmed.get(j) {
                if j > i && !matches!(next, ' ' | '\t' | '-' | '1') {
                    out.push(next);
                    i = j + 1;
                }
            }
        }
        out.trim_start_matches('\n')
            .trim_end_matches('\n')
            .to_string()
    }
}

// ------------------------------------------------------------------------------------------------
// Tests
// ------------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn html(doc: &str) -> Vec<String> {
        html_doc_lines(doc)
    }

    // --- empty input and trivial cases -----------------------------------------------------

    #[test]
    fn markdown_escapes_brackets_in_text_but_not_in_links() {
        let lines = markdown_doc_lines("<p>Write [value] or <a href=\"https://x.example/a\">see [this]</a>.</p>");
        assert_eq!(lines.join(" "), "Write \\[value\\] or [see \\[this\\]](https://x.example/a).");
    }

    #[test]
    fn blank_input_gives_nothing() {
        for doc in ["", "   ", "\n\t \r\n"] {
            assert!(html_doc_lines(doc).is_empty());
            assert_eq!(html_doc_inline(doc), "");
            assert!(raw_doc_lines(doc).is_empty());
            assert!(markdown_doc_lines(doc).is_empty());
        }
    }

    #[test]
    fn markup_that_prints_nothing_gives_no_lines() {
        assert!(html("<!-- only a comment -->").is_empty());
        assert!(html("<head><title>t</title></head>").is_empty());
    }

    #[test]
    fn plain_text_is_collapsed_and_trimmed() {
        assert_eq!(html("  Hello \n   world  "), ["Hello world"]);
        assert_eq!(html_doc_inline("Hello\n\nworld"), "Hello world");
    }

    #[test]
    fn paragraphs_go_on_their_own_lines() {
        assert_eq!(
            html("<p>One</p> <p>Two\n  lines</p>"),
            ["<p>One</p>", "<p>Two lines</p>"]
        );
        assert_eq!(
            html_doc_inline("<p>One</p> <p>Two</p>"),
            "<p>One</p> <p>Two</p>"
        );
    }

    #[test]
    fn hash_signs_survive() {
        assert_eq!(
            html("<p>Use <code>{####}</code> as # placeholder</p>"),
            ["<p>Use <code>{####}</code> as # placeholder</p>"]
        );
    }

    #[test]
    fn tags_and_attributes_are_lowercased_and_quoted() {
        assert_eq!(
            html("<P>See <A HREF='https://x.example/a' Title=t>this</A></P>"),
            [r#"<p>See <a href="https://x.example/a" title="t">this</a></p>"#]
        );
    }

    #[test]
    fn unicode_is_kept() {
        assert_eq!(
            html("<p>héllo — 日本語 🎉</p>"),
            ["<p>héllo — 日本語 🎉</p>"]
        );
    }

    #[test]
    fn crlf_input_never_leaks_carriage_returns() {
        assert_eq!(
            html("<p>a</p>\r\n<p>b\r\nc</p>"),
            ["<p>a</p>", "<p>b c</p>"]
        );
        assert_eq!(
            html_doc_inline("<a href=\"x\r\ny\">t</a>"),
            "<a href=\"x y\">t</a>"
        );
    }

    // --- lists and block structure -----------------------------------------------------------

    #[test]
    fn list_items_close_implicitly() {
        assert_eq!(
            html("<ul><li>a<li><p>b</p></ul>"),
            ["<ul>", "<li>a</li>", "<li>", "<p>b</p></li>", "</ul>"]
        );
    }

    #[test]
    fn nested_lists_keep_their_depth_in_the_inline_form() {
        let doc = "<ul><li><p>a</p><ul><li><p>b</p></li></ul></li></ul>";
        assert_eq!(
            html(doc),
            [
                "<ul>",
                "<li>",
                "<p>a</p>",
                "<ul>",
                "<li>",
                "<p>b</p></li>",
                "</ul></li>",
                "</ul>"
            ]
        );
        assert_eq!(
            html_doc_inline(doc),
            "<ul>  <li>   <p>a</p>   <ul>    <li>     <p>b</p></li>   </ul></li> </ul>"
        );
    }

    #[test]
    fn a_block_inside_a_paragraph_closes_it() {
        // `<ul>` closes the open `<p>`; the stray `</p>` then opens and closes an empty one.
        assert_eq!(
            html("<p>text<ul><li>x</li></ul>more</p>"),
            ["<p>text</p>", "<ul>", "<li>x</li>", "</ul>more", "<p></p>"]
        );
    }

    #[test]
    fn unknown_tags_stay_inline_after_a_block_and_close_on_their_own_line() {
        assert_eq!(
            html("<p>x</p>\n <important><p>y</p></important>"),
            ["<p>x</p><important>", "<p>y</p>", "</important>"]
        );
        assert_eq!(
            html("<important><p>y</p></important>"),
            ["<important>", "<p>y</p>", "</important>"]
        );
    }

    #[test]
    fn unknown_tags_inside_code_nest_like_jsoup() {
        // Same shape as an IAM doc in aws-sdk-iam: `<code>task/<a>/<b></code>` with unknown tags.
        let doc = "<p>Format <code>task/aws-service-role/<service-principal-name>/<role-name>/<task-uuid></code>.</p>";
        assert_eq!(
            html_doc_inline(doc),
            "<p>Format <code>task/aws-service-role/<service-principal-name>    /    <role-name>     /     \
             <task-uuid></task-uuid>    </role-name>   </service-principal-name></code>.</p>"
        );
    }

    #[test]
    fn definition_list_terms_are_on_their_own_lines() {
        assert_eq!(
            html("<dl><dt>term</dt><dd><p>text</p></dd></dl>"),
            [
                "<dl>",
                "<dt>",
                "term",
                "</dt>",
                "<dd>",
                "<p>text</p>",
                "</dd>",
                "</dl>"
            ]
        );
    }

    #[test]
    fn line_break_starts_a_new_line() {
        assert_eq!(html("<p>a<br>b</p>"), ["<p>a<br>", "b</p>"]);
        assert_eq!(html("<p>a<br/>b</p>"), ["<p>a<br>", "b</p>"]);
    }

    #[test]
    fn preformatted_text_keeps_its_whitespace_but_lines_are_trimmed() {
        assert_eq!(
            html("<pre>\n\tlet x = 1;\n    x</pre>"),
            ["<pre>  let x = 1;", "x</pre>"]
        );
    }

    #[test]
    fn comments_and_self_closing_unknown_tags_are_printed() {
        assert_eq!(
            html("<p>a<!-- c -->b<foo/>c</p>"),
            ["<p>a<!-- c -->b<foo />c</p>"]
        );
    }

    // --- anchors and brackets ------------------------------------------------------------------

    #[test]
    fn anchors_without_href_become_code() {
        assert_eq!(
            html(r#"<p>Call <a>ListUsers</a> or <a name="x" href=" ">Get</a>.</p>"#),
            ["<p>Call <code>ListUsers</code> or <code>Get</code>.</p>"]
        );
        assert_eq!(
            html(r#"<p><a href="u">kept</a></p>"#),
            [r#"<p><a href="u">kept</a></p>"#]
        );
    }

    #[test]
    fn brackets_are_escaped_and_flatten_their_element() {
        assert_eq!(
            html("<p>a <code>[x]</code> b</p>"),
            [r"<p>a <code>\[x\]</code> b</p>"]
        );
        // The paragraph's own text has a bracket: its markup is flattened.
        assert_eq!(html("<p>[a] <code>b</code>\n c</p>"), [r"<p>\[a\] b c</p>"]);
        // Text directly in the body: the whole document becomes text.
        assert_eq!(
            html("See [RFC 1] <b>now</b><p>x</p>"),
            [r"See \[RFC 1\] now x"]
        );
    }

    // --- entities and stray characters ---------------------------------------------------------

    #[test]
    fn entities_are_decoded_then_reescaped() {
        assert_eq!(
            html("<p>&lt;tag&gt; &amp; &quot;q&quot; &#39;s&#x27; &mdash; &copy &nbsp;x &bogus; AT&T</p>"),
            ["<p>&lt;tag&gt; &amp; \"q\" 's' — © &nbsp;x &amp;bogus; AT&amp;T</p>"]
        );
    }

    #[test]
    fn bad_numeric_references_become_replacement_characters() {
        assert_eq!(
            html("<p>&#0;&#x110000;&#99999999999;&#128;&#x41</p>"),
            ["<p>\u{FFFD}\u{FFFD}\u{FFFD}€A</p>"]
        );
    }

    #[test]
    fn ampersands_in_attributes_are_escaped() {
        assert_eq!(
            html(r#"<a href="https://x/?a=1&b=2&amp;c=&quot;">l</a>"#),
            [r#"<a href="https://x/?a=1&amp;b=2&amp;c=&quot;">l</a>"#]
        );
    }

    #[test]
    fn stray_angle_brackets_are_text() {
        assert_eq!(html("a < b > c <3 <"), ["a &lt; b &gt; c &lt;3 &lt;"]);
        // `</>` is dropped; `</` followed by a non-letter starts a bogus comment.
        assert_eq!(html("<p>x</>y</ 1></p>"), ["<p>xy<!-- 1--></p>"]);
    }

    #[test]
    fn unclosed_and_misnested_tags_are_repaired() {
        assert_eq!(html("<p>open <b>bold"), ["<p>open <b>bold</b></p>"]);
        assert_eq!(html("<b><i>x</b>y</i>"), ["<b><i>x</i></b><i>y</i>"]);
        assert_eq!(
            html("<p><b>x</p><p>y</p>"),
            ["<p><b>x</b></p>", "<p><b>y</b></p>"]
        );
        assert_eq!(html("<p>cut <a href=\"x"), ["<p>cut</p>"]);
    }

    // --- raw (enum) docs -----------------------------------------------------------------------

    #[test]
    fn raw_docs_are_trimmed_per_line() {
        let doc = "\n\n   First line  \n\n\t<p>Second</p>\r\n   third\tpart\n\n";
        assert_eq!(
            raw_doc_lines(doc),
            ["First line", "", "<p>Second</p>", "third  part"]
        );
        assert_eq!(raw_doc_lines("single"), ["single"]);
    }

    // --- markdown ------------------------------------------------------------------------------

    #[test]
    fn markdown_conversion() {
        let doc = r#"<fullname>Example Service</fullname>
            <p>Hello <b>bold</b> and <i>it</i>. See <a href="https://x.example">the docs</a>.</p>
            <note><p>gone</p></note>
            <ul><li>a</li><li>b<ul><li>c</li></ul></li></ul>
            <dl><dt>T</dt><dd><p>D</p></dd></dl>"#;
        assert_eq!(
            markdown_doc_lines(doc),
            [
                "Hello __bold__ and _it_. See [the docs](https://x.example).",
                "  - a",
                "  - b",
                "    - c",
                "",
                "__T__",
                "",
                "D",
            ]
        );
    }

    #[test]
    fn markdown_ordered_lists_and_breaks() {
        assert_eq!(
            markdown_doc_lines(
                "<p>Steps:</p><ol><li><p>one</p></li><li>two</li></ol><p>a<br>b</p>"
            ),
            ["Steps:", "  1. one", "  1. two", "", "a", "b"]
        );
    }

    // --- robustness ----------------------------------------------------------------------------

    /// Checks the invariants every output must satisfy.
    fn check_invariants(doc: &str) {
        let lines = html_doc_lines(doc);
        let inline = html_doc_inline(doc);
        assert_eq!(lines.is_empty(), inline.is_empty(), "{doc:?}");
        assert!(!inline.contains(['\n', '\r']), "{doc:?}");
        for line in lines
            .iter()
            .chain(&raw_doc_lines(doc))
            .chain(&markdown_doc_lines(doc))
        {
            assert!(!line.contains(['\n', '\r']), "{doc:?} -> {line:?}");
            assert!(!line.ends_with([' ', '\t']), "{doc:?} -> {line:?}");
        }
        for line in &lines {
            assert_eq!(line.trim_start(), line, "{doc:?}");
            assert!(!line.contains('\t'), "{doc:?}");
        }
    }

    /// A tiny deterministic xorshift generator.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    #[test]
    fn random_tag_soup_never_panics() {
        const PIECES: &[&str] = &[
            "<",
            ">",
            "</",
            "/>",
            "<p>",
            "</p>",
            "<b>",
            "</b>",
            "<i>",
            "</i>",
            "<a href=\"x\">",
            "<a>",
            "</a>",
            "<ul>",
            "</ul>",
            "<ol>",
            "<li>",
            "</li>",
            "<note>",
            "</note>",
            "<dl>",
            "<dt>",
            "<dd>",
            "</dl>",
            "<code>",
            "</code>",
            "<pre>",
            "</pre>",
            "<br>",
            "<br/>",
            "<table>",
            "<td>",
            "<div>",
            "</div>",
            "<h1>",
            "</h2>",
            "<p class='c'>",
            "<script>",
            "</script>",
            "<title>",
            "<textarea>",
            "<plaintext>",
            "<!--",
            "-->",
            "<!doctype html>",
            "<?x>",
            "<![CDATA[",
            "]]>",
            "<body>",
            "</body>",
            "<html>",
            "<fullname>",
            "<important>",
            "<object>",
            "<button>",
            "<select>",
            "<option>",
            "<nobr>",
            "<foo/>",
            "&",
            "&amp;",
            "&#",
            "&#x1F600;",
            "&#0;",
            "&copy",
            "&lt",
            "[",
            "]",
            "\n",
            "\r\n",
            "\t",
            " ",
            "  ",
            "x",
            "word",
            "é",
            "🎉",
            "\"",
            "'",
            "=",
            "\0",
            "\u{b}",
            "\u{a0}",
            "\u{2028}",
            "[[smithy-rs-br]]",
        ];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..3000 {
            let len = rng.below(40);
            let doc: String = (0..len).map(|_| PIECES[rng.below(PIECES.len())]).collect();
            check_invariants(&doc);
        }
    }

    #[test]
    fn random_characters_never_panic() {
        const CHARS: &[char] = &[
            '<', '>', '/', '!', '-', '&', '#', ';', 'a', 'b', 'p', 'x', '1', ' ', '\n', '"', '\'',
            '=', '[', ']', '?', '\r', '\0', 'é',
        ];
        let mut rng = Rng(42);
        for _ in 0..3000 {
            let len = rng.below(30);
            let doc: String = (0..len).map(|_| CHARS[rng.below(CHARS.len())]).collect();
            check_invariants(&doc);
        }
    }

    #[test]
    fn deep_nesting_is_handled_without_recursion() {
        for doc in [
            "<b>".repeat(5000) + "x",
            "<div>".repeat(5000) + "[x]",
            "<ul><li>".repeat(2000) + "x",
            "<x>".repeat(2000) + "y" + &"</z>".repeat(2000) + &"</x>".repeat(2000),
            "<a href=u><b><div>".repeat(500) + &"</a>".repeat(500),
            "<dl><dt>a<dd>".repeat(1000),
        ] {
            check_invariants(&doc);
        }
    }

}
