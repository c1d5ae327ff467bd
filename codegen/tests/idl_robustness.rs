//! Robustness of the IDL reader: mutated and pathological IDL text never makes
//! [`idl::parse`] or [`idl::load`] panic or overflow the stack, and every error they report has a
//! position (line and column from 1) and a message.
//!
//! Inputs are a few inline IDL files plus every `.smithy` file of
//! `../../shared/idl-tests/loader/valid` (or `$SMITHY_SHARED_DIR/idl-tests/loader/valid`; skipped,
//! with a message, when absent). Each input gets `IDL_MUTANTS` (default 40) mutants from a
//! deterministic xorshift generator (seed `IDL_SEED`, default fixed): truncations, character
//! flips, insertions and deletions, duplicated slices, and deeply nested brackets spliced in.
//! Every check runs on a thread with an explicit 2 MiB stack, so a reader that recursed without
//! bound would abort the test binary.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use smithy_codegen::idl::{self, IdlError};

/// The stack the checks run with: the usual default for spawned threads, set explicitly.
const STACK: usize = 2 * 1024 * 1024;
/// How deep the pathological inputs nest.
const DEEP: usize = 10_000;

/// xorshift64*: small, deterministic, good enough to pick offsets.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (`0` when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Characters worth inserting: the IDL's punctuation, whitespace, quotes, escapes, a BOM, a NUL
/// and a few multi-byte characters.
const ALPHABET: &[char] = &[
    '{', '}', '[', ']', '(', ')', '@', '$', '#', ':', '=', ',', '.', '"', '\\', '/', '*', '\n', '\r', '\t', ' ', 'a', 'Z', '_', '0', '9',
    '-', '+', 'e', '\u{0}', '\u{feff}', 'é', '€', '𝄞',
];

/// Words worth inserting.
const WORDS: &[&str] = &[
    "\"\"\"",
    "\"\"\"\n",
    "$version: \"2.0\"\n",
    "$version: \"1.0\"\n",
    "namespace ",
    "use ",
    "apply ",
    "metadata ",
    "structure ",
    "operation ",
    "resource ",
    "service ",
    "enum ",
    "intEnum ",
    "list ",
    "map ",
    "union ",
    "with [",
    "for ",
    ":= {",
    "@mixin\n",
    "@required ",
    "@trait",
    "smithy.api#String",
    "$member",
    "// ",
    "/// ",
    "\\u",
    "\\uD800",
    "1e999999",
    "-0.0e-0",
    "99999999999999999999999999",
    "=",
    "member: ",
];

/// A mutation of `text`, and its name for the report.
fn mutate(rng: &mut Rng, text: &str) -> (String, &'static str) {
    let mut chars: Vec<char> = text.chars().collect();
    let kind = rng.below(8);
    let name = match kind {
        0 => {
            // Truncation at a character boundary.
            chars.truncate(rng.below(chars.len() + 1));
            "truncate"
        }
        1 => {
            // Flip a bit of a few characters' code points (keeping valid characters).
            for _ in 0..=rng.below(4) {
                if chars.is_empty() {
                    break;
                }
                let i = rng.below(chars.len());
                let flipped = chars[i] as u32 ^ (1 << rng.below(21));
                chars[i] = char::from_u32(flipped).unwrap_or(*rng.pick(ALPHABET));
            }
            "flip"
        }
        2 => {
            for _ in 0..=rng.below(4) {
                let i = rng.below(chars.len() + 1);
                chars.insert(i, *rng.pick(ALPHABET));
            }
            "insert-char"
        }
        3 => {
            let i = rng.below(chars.len() + 1);
            let word = *rng.pick(WORDS);
            chars.splice(i..i, word.chars());
            "insert-word"
        }
        4 => {
            for _ in 0..=rng.below(4) {
                if chars.is_empty() {
                    break;
                }
                let i = rng.below(chars.len());
                let n = 1 + rng.below(8);
                chars.drain(i..(i + n).min(chars.len()));
            }
            "delete"
        }
        5 => {
            // Duplicate a slice somewhere.
            let a = rng.below(chars.len() + 1);
            let b = (a + rng.below(200)).min(chars.len());
            let slice: Vec<char> = chars[a..b].to_vec();
            let at = rng.below(chars.len() + 1);
            chars.splice(at..at, slice);
            "duplicate"
        }
        6 => {
            // Replace a random range by random characters.
            let a = rng.below(chars.len() + 1);
            let b = (a + rng.below(16)).min(chars.len());
            let noise: Vec<char> = (0..rng.below(16)).map(|_| *rng.pick(ALPHABET)).collect();
            chars.splice(a..b, noise);
            "replace"
        }
        _ => {
            // Deep nesting spliced in, closed or not.
            let open = *rng.pick(&['[', '{', '(']);
            let depth = 1 + rng.below(DEEP);
            let unit: String = match open {
                '{' => "{a: ".into(),
                c => c.to_string(),
            };
            let mut nest = unit.repeat(depth);
            if rng.below(2) == 0 {
                let close = match open {
                    '[' => ']',
                    '{' => '}',
                    _ => ')',
                };
                nest.extend(std::iter::repeat_n(close, depth));
            }
            let i = rng.below(chars.len() + 1);
            chars.splice(i..i, nest.chars());
            "deep-nesting"
        }
    };
    (chars.into_iter().collect(), name)
}

/// Deeply nested inputs, built around a valid file head.
fn pathological() -> Vec<(String, String)> {
    let head = "$version: \"2.0\"\nnamespace example.deep\n\n";
    let closed = |open: &str, close: &str| format!("{}{}", open.repeat(DEEP), close.repeat(DEEP));
    vec![
        ("list-trait-value".into(), format!("{head}@tags({})\nstring Deep\n", closed("[", "]"))),
        ("list-trait-value-unclosed".into(), format!("{head}@tags({}\nstring Deep\n", "[".repeat(DEEP))),
        ("object-trait-value".into(), format!("{head}@documentation({}1{})\nstring Deep\n", "{ a: ".repeat(DEEP), " }".repeat(DEEP))),
        ("object-trait-value-unclosed".into(), format!("{head}@documentation({}\nstring Deep\n", "{ a: ".repeat(DEEP))),
        (
            "object-trait-body".into(),
            format!("{head}@deprecated(message: {}\"x\"{})\nstring Deep\n", "{a: ".repeat(DEEP), "}".repeat(DEEP)),
        ),
        ("metadata-list".into(), format!("$version: \"2.0\"\nmetadata deep = {}\n", closed("[", "]"))),
        ("metadata-object".into(), format!("$version: \"2.0\"\nmetadata deep = {}true{}\n", "{a: ".repeat(DEEP), "}".repeat(DEEP))),
        ("parens-top-level".into(), format!("{head}{}", closed("(", ")"))),
        ("parens-trait".into(), format!("{head}@tags{}\nstring Deep\n", closed("(", ")"))),
        ("braces-top-level".into(), format!("{head}{}", closed("{", "}"))),
        ("braces-structure".into(), format!("{head}structure Deep {}\n", closed("{", "}"))),
        ("braces-structure-unclosed".into(), format!("{head}structure Deep {}\n", "{".repeat(DEEP))),
        ("brackets-mixins".into(), format!("{head}structure Deep with {} {{}}\n", closed("[", "]"))),
        ("inline-input".into(), format!("{head}operation Deep {{\n    input := {}\n}}\n", "{ a := ".repeat(DEEP))),
        ("member-default".into(), format!("{head}structure Deep {{\n    a: Document = {}\n}}\n", closed("[", "]"))),
        ("enum-value".into(), format!("{head}enum Deep {{\n    A = {}\n}}\n", closed("[", "]"))),
        ("apply-trait".into(), format!("{head}string Deep\napply Deep @tags({})\n", closed("[", "]"))),
        ("member-traits".into(), format!("{head}structure Deep {{\n{}a: String\n}}\n", "@required ".repeat(DEEP))),
        ("shape-id-members".into(), format!("{head}apply Deep{} @required\n", "$a".repeat(DEEP))),
        ("doc-comments".into(), format!("{head}{}structure Deep {{}}\n", "/// doc\n".repeat(DEEP))),
        ("long-string".into(), format!("{head}@documentation(\"{}\")\nstring Deep\n", "\\\"".repeat(DEEP * 10))),
        ("long-text-block".into(), format!("{head}@documentation(\"\"\"\n{}\"\"\")\nstring Deep\n", "x\n".repeat(DEEP))),
        (
            "mixin-chain".into(),
            format!(
                "{head}{}",
                (0..2_000).map(|i| format!("@mixin\nstructure M{i} with [M{}] {{ m{i}: String }}\n", i + 1)).collect::<String>()
            ),
        ),
        (
            "mixin-cycle".into(),
            format!("{head}@mixin\nstructure A with [B] {{ $x }}\n@mixin\nstructure B with [A] {{ $y }}\nstructure C with [A] {{}}\n"),
        ),
        ("resource-cycle".into(), format!("{head}resource A {{ resources: [B] }}\nresource B {{ resources: [A] }}\n")),
        ("only-bom".into(), "\u{feff}".into()),
        ("nul-bytes".into(), "\u{0}".repeat(100)),
        ("empty".into(), String::new()),
    ]
}

/// Inline IDL files, so the test means something without the shared test suites.
const SNIPPETS: &[(&str, &str)] = &[
    (
        "inline/weather.smithy",
        r#"$version: "2.0"

metadata greeting = "hello"
metadata list = [1, 2.5, -3e2, true, null, { a: "b" }]

namespace example.weather

use smithy.api#Document

/// Provides weather forecasts.
@paginated(inputToken: "nextToken", outputToken: "nextToken", pageSize: "pageSize")
service Weather {
    version: "2006-03-01"
    resources: [City]
    operations: [GetCurrentTime]
    errors: [ServiceError]
}

resource City {
    identifiers: { cityId: CityId }
    properties: { coordinates: CityCoordinates }
    read: GetCity
    list: ListCities
}

@pattern("^[A-Za-z0-9 ]+$")
string CityId

@readonly
operation GetCity {
    input := for City {
        @required
        $cityId
    }
    output := {
        @required
        name: String

        @required
        coordinates: CityCoordinates = { latitude: 0, longitude: 0 }
    }
    errors: [NoSuchResource]
}

structure CityCoordinates {
    @required
    latitude: Float

    @required
    longitude: Float
}

@error("client")
structure NoSuchResource {
    @required
    resourceType: String
}

@error("server")
@retryable(throttling: true)
structure ServiceError with [Common] {}

@mixin
structure Common {
    message: String
}

@readonly
@paginated(items: "items")
operation ListCities {
    input: ListCitiesInput
    output: ListCitiesOutput
}

@input
structure ListCitiesInput {
    nextToken: String
    pageSize: Integer
}

@output
structure ListCitiesOutput {
    nextToken: String
    @required
    items: CitySummaries
}

list CitySummaries {
    member: CitySummary
}

@references([{ resource: City }])
structure CitySummary {
    @required
    cityId: CityId
    @required
    name: String
}

@readonly
operation GetCurrentTime {
    output := {
        @required
        time: Timestamp
    }
}

map Tags {
    key: String
    value: Document
}

enum Color {
    RED = "red"
    GREEN
    @deprecated
    BLUE = "blue"
}

intEnum Level {
    LOW = 1
    HIGH = 2
}

union Choice {
    text: String
    number: Integer
    unit: Unit
}

apply CitySummary$name @documentation("""
    The city's name.
      Indented line.
    """)
"#,
    ),
    (
        "inline/v1.smithy",
        r#"$version: "1.0"
namespace example.v1

@documentation("Version 1 shapes")
structure Legacy {
    @box
    count: Integer,
    items: StringSet,
    flag: PrimitiveBoolean,
}

set StringSet {
    member: String
}

@enum([{ value: "a", name: "A" }, { value: "b", name: "B", tags: ["x"] }])
string LegacyEnum

apply Legacy @tags(["legacy"])
"#,
    ),
    (
        "inline/traits.smithy",
        r#"$version: "2.0"
namespace example.traits

@trait(selector: "string")
structure myTrait {
    a: String
    b: NestedList
}

list NestedList {
    member: NestedList
}

@trait
@tags([])
list myList {
    member: String
}

@myTrait(a: "x", b: [[[]]])
@myList
@example.traits#myTrait(a: "y")
string Annotated

document Doc
bigDecimal Big
bigInteger Huge
blob Bytes
timestamp When
"#,
    ),
];

/// A call to the reader.
type Call<'a> = dyn Fn() -> Result<serde_json::Value, Vec<IdlError>> + 'a;

#[derive(Default)]
struct Stats {
    inputs: usize,
    mutants: usize,
    calls: usize,
    ok: usize,
    errors: usize,
    panics: usize,
    bad_errors: usize,
    first_failure: Option<String>,
    slowest: (Duration, String),
}

fn excerpt(text: &str) -> String {
    const MAX: usize = 600;
    let count = text.chars().count();
    if count <= MAX {
        format!("{text:?}")
    } else {
        let head: String = text.chars().take(MAX / 2).collect();
        let tail: String = text.chars().skip(count - MAX / 2).collect();
        format!("{head:?} ... ({} chars in all) ... {tail:?}", count)
    }
}

/// What is wrong with an error, if anything.
fn check_error(e: &IdlError) -> Option<String> {
    if e.line == 0 || e.column == 0 {
        return Some(format!("error without a 1-based position: {e:?}"));
    }
    if e.message.trim().is_empty() {
        return Some(format!("error without a message: {e:?}"));
    }
    None
}

impl Stats {
    fn fail(&mut self, what: String) {
        if self.first_failure.is_none() {
            self.first_failure = Some(what);
        }
    }

    /// Runs `parse` on the input, then `load` on it with `companion`, counting what happens.
    fn check(&mut self, label: &str, name: &str, text: &str, companion: &(String, String)) {
        let files = vec![(name.to_owned(), text.to_owned()), companion.clone()];
        let calls: [(&str, &Call); 2] = [("parse", &|| idl::parse(name, text)), ("load", &|| idl::load(&files))];
        for (call, run) in calls {
            self.calls += 1;
            let start = Instant::now();
            let result = catch_unwind(AssertUnwindSafe(run));
            let elapsed = start.elapsed();
            if elapsed > self.slowest.0 {
                self.slowest = (elapsed, format!("{call} {label}"));
            }
            match result {
                Err(payload) => {
                    self.panics += 1;
                    let msg = payload
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| payload.downcast_ref::<String>().cloned())
                        .unwrap_or_default();
                    self.fail(format!("{call} panicked ({msg}) on {label}: {}", excerpt(text)));
                }
                Ok(Ok(_)) => self.ok += 1,
                Ok(Err(errors)) => {
                    self.errors += 1;
                    if errors.is_empty() {
                        self.bad_errors += 1;
                        self.fail(format!("{call} returned Err with no error on {label}: {}", excerpt(text)));
                    }
                    for e in &errors {
                        if let Some(problem) = check_error(e) {
                            self.bad_errors += 1;
                            self.fail(format!("{call}: {problem} on {label}: {}", excerpt(text)));
                        }
                    }
                }
            }
        }
    }

    fn report(&self, what: &str) {
        println!(
            "{what}: {} inputs, {} mutants, {} calls ({} Ok, {} Err), {} panics, {} malformed errors; slowest call {:?} ({})",
            self.inputs, self.mutants, self.calls, self.ok, self.errors, self.panics, self.bad_errors, self.slowest.0, self.slowest.1
        );
        if let Some(failure) = &self.first_failure {
            panic!("{what}: first failure: {failure}");
        }
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
}

/// Checks each input and `IDL_MUTANTS` mutants of it.
fn fuzz(inputs: &[(String, String)], seed: u64) -> Stats {
    let mutants = env_number("IDL_MUTANTS", 40) as usize;
    let mut rng = Rng::new(seed);
    let mut stats = Stats::default();
    for (i, (name, text)) in inputs.iter().enumerate() {
        stats.inputs += 1;
        // `load` reads the input together with another file of the set, unchanged.
        let companion = &inputs[(i + 1) % inputs.len()];
        let companion = (format!("companion/{}", companion.0), companion.1.clone());
        stats.check(&format!("{name} (unchanged)"), name, text, &companion);
        for m in 0..mutants {
            let (mutant, kind) = mutate(&mut rng, text);
            stats.mutants += 1;
            stats.check(&format!("{name} mutant {m} ({kind}, seed {seed})"), name, &mutant, &companion);
        }
    }
    stats
}

/// Runs `f` on a thread with a [`STACK`]-byte stack.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .name("idl-robustness".into())
        .stack_size(STACK)
        .spawn(f)
        .expect("spawn the test thread")
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e))
}

fn seed() -> u64 {
    env_number("IDL_SEED", 0x5eed_1d1f_0022)
}

fn snippets() -> Vec<(String, String)> {
    SNIPPETS.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect()
}

#[test]
fn inline_snippets_are_read() {
    // The inline inputs are meaningful: each reads without errors on its own, and all together.
    for (name, text) in SNIPPETS {
        if let Err(errors) = idl::parse(name, text) {
            panic!("{name} is rejected: {}", errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"));
        }
    }
    if let Err(errors) = idl::load(&snippets()) {
        panic!("the snippets are rejected together: {}", errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"));
    }
}

#[test]
fn mutated_inline_snippets_do_not_panic() {
    let stats = on_small_stack(move || fuzz(&snippets(), seed()));
    stats.report("inline snippets");
}

#[test]
fn deeply_nested_input_does_not_overflow_the_stack() {
    let stats = on_small_stack(|| {
        let inputs = pathological();
        let companion = ("companion/weather.smithy".to_owned(), SNIPPETS[0].1.to_owned());
        let mut stats = Stats::default();
        for (name, text) in &inputs {
            stats.inputs += 1;
            let (ok, errors) = (stats.ok, stats.errors);
            stats.check(name, &format!("deep/{name}.smithy"), text, &companion);
            let first = match idl::parse(name, text) {
                Ok(_) => String::new(),
                Err(e) => e.first().map(|e| format!(": {}:{}: {}", e.line, e.column, e.message)).unwrap_or_default(),
            };
            let first: String = first.chars().take(160).collect();
            println!("  {name} ({} bytes): {} Ok, {} Err{first}", text.len(), stats.ok - ok, stats.errors - errors);
        }
        stats
    });
    stats.report("deep nesting");
}

fn valid_dir() -> PathBuf {
    let shared = match std::env::var_os("SMITHY_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
    };
    shared.join("idl-tests/loader/valid")
}

fn smithy_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            smithy_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "smithy") {
            out.push(path);
        }
    }
}

#[test]
fn mutated_loader_valid_files_do_not_panic() {
    let dir = valid_dir();
    if !dir.is_dir() {
        println!("skipped: the IDL loader test files ({}) are absent", dir.display());
        return;
    }
    let mut paths = Vec::new();
    smithy_files(&dir, &mut paths);
    paths.sort();
    let inputs: Vec<(String, String)> = paths
        .iter()
        .filter_map(|p| {
            let name = p.strip_prefix(&dir).unwrap_or(p).display().to_string();
            std::fs::read_to_string(p).ok().map(|t| (name, t))
        })
        .collect();
    assert!(!inputs.is_empty(), "no .smithy file in {}", dir.display());
    let stats = on_small_stack(move || fuzz(&inputs, seed()));
    stats.report("loader/valid files");
}
