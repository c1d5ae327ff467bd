//! Robustness of the IDL reader: mutated and pathological IDL text never makes
//! [`idl::parse`] or [`idl::load`] panic or overflow the stack, and every error they report has a
//! position (line and column from 1) and a message.
//!
//! Inputs here are a few inline IDL files and deeply nested ones; the `.smithy` files of the
//! reference loader's suite (../shared/idl-tests/loader/valid) go through the same mutations in
//! tests/tests/idl_robustness_shared.rs, in the crate that knows whether ../shared is at hand.
//! Each input gets `IDL_MUTANTS` (default 40) mutants from a deterministic xorshift generator
//! (seed `IDL_SEED`, default fixed, printed with the report): truncations, character flips,
//! insertions and deletions, duplicated slices, and deeply nested brackets spliced in. Every
//! check runs on a thread with an explicit 2 MiB stack, so a reader that recursed without bound
//! would abort the test binary.

#[path = "support/idl_fuzz.rs"]
mod idl_fuzz;

use idl_fuzz::{fuzz, on_small_stack, seed, Stats, DEEP};
use smithy_codegen::idl;

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
