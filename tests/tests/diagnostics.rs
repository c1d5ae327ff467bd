//! Each kind of model problem is reported with the file, the shape id and what is wrong; all
//! problems of a model come out in one run.

use serde_json::{json, Value};
use smithy_codegen::{GenerateError, Settings};

fn settings() -> Settings {
    Settings { crate_name: "broken".into(), runtime: smithy_codegen::RuntimeDependency::Path("../runtime".into()), standalone: false, service: None, ..Default::default() }
}

/// A valid little model: one service, one operation, input with one member.
fn base() -> Value {
    json!({
        "smithy": "2.0",
        "shapes": {
            "ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#Op"}]},
            "ex#Op": {"type": "operation", "input": {"target": "ex#OpInput"}, "output": {"target": "ex#OpOutput"}},
            "ex#OpInput": {"type": "structure", "members": {"name": {"target": "smithy.api#String"}}},
            "ex#OpOutput": {"type": "structure", "members": {}}
        }
    })
}

fn with(mut model: Value, id: &str, shape: Value) -> Value {
    model["shapes"][id] = shape;
    model
}

fn errors_of(model: &Value) -> GenerateError {
    match smithy_codegen::generate("model/broken.json", &model.to_string(), &settings()) {
        Ok(_) => panic!("the model should have been rejected"),
        Err(e) => e,
    }
}

/// Asserts that one diagnostic names `shape` and contains `text`, and that Display names the file.
fn assert_reports(model: &Value, shape: Option<&str>, text: &str) {
    let err = errors_of(model);
    let shown = err.to_string();
    assert!(shown.starts_with("model/broken.json: "), "{shown}");
    let found = err.diagnostics.iter().any(|d| d.shape_id.as_deref() == shape && d.message.contains(text));
    assert!(found, "expected {shape:?} / {text:?} in:\n{shown}");
}

#[test]
fn base_model_is_valid() {
    let generated = smithy_codegen::generate("base.json", &base().to_string(), &settings());
    assert!(generated.is_ok(), "{:?}", generated.err());
}

#[test]
fn not_json() {
    let err = smithy_codegen::generate("model/broken.json", "{ not json", &settings()).err();
    let err = err.map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("model/broken.json") && err.contains("not a Smithy JSON AST document"), "{err}");
}

#[test]
fn missing_or_unsupported_version() {
    let mut m = base();
    m.as_object_mut().map(|o| o.remove("smithy"));
    assert_reports(&m, None, "missing the top-level `smithy` version");
    let mut m = base();
    m["smithy"] = json!("3.0");
    assert_reports(&m, None, "unsupported Smithy version `3.0`");
}

#[test]
fn malformed_shape() {
    let m = with(base(), "ex#OpInput", json!({"type": "structure", "members": "oops"}));
    assert_reports(&m, Some("ex#OpInput"), "malformed shape");
}

#[test]
fn no_service_and_several_services() {
    let mut m = base();
    m["shapes"].as_object_mut().map(|o| o.remove("ex#Svc"));
    assert_reports(&m, None, "defines no service shape");
    let m = with(base(), "ex#Other", json!({"type": "service", "version": "1"}));
    assert_reports(&m, None, "defines 2 services (ex#Other, ex#Svc)");
}

#[test]
fn dangling_target() {
    let m = with(base(), "ex#OpInput", json!({"type": "structure", "members": {"x": {"target": "ex#Missing"}}}));
    assert_reports(&m, Some("ex#OpInput$x"), "targets `ex#Missing`, which is not defined");
}

#[test]
fn member_targets_an_operation() {
    let m = with(base(), "ex#OpInput", json!({"type": "structure", "members": {"x": {"target": "ex#Op"}}}));
    assert_reports(&m, Some("ex#OpInput$x"), "a member must target a data shape");
}

#[test]
fn list_without_member_and_map_with_bad_key() {
    let m = with(base(), "ex#OpInput", json!({"type": "structure", "members": {"l": {"target": "ex#L"}, "m": {"target": "ex#M"}}}));
    let m = with(m, "ex#L", json!({"type": "list"}));
    let m = with(m, "ex#M", json!({"type": "map", "key": {"target": "smithy.api#Integer"}, "value": {"target": "smithy.api#String"}}));
    assert_reports(&m, Some("ex#L"), "list has no `member`");
    assert_reports(&m, Some("ex#M$key"), "map keys must be strings");
}

#[test]
fn operation_input_is_not_a_structure() {
    let m = with(base(), "ex#Op", json!({"type": "operation", "input": {"target": "smithy.api#String"}}));
    assert_reports(&m, Some("ex#Op"), "input `smithy.api#String` is a string, but must be a structure");
}

#[test]
fn error_without_error_trait() {
    let m = with(base(), "ex#Op", json!({"type": "operation", "errors": [{"target": "ex#OpOutput"}]}));
    assert_reports(&m, Some("ex#Op"), "is not a structure with @error");
}

#[test]
fn service_binds_missing_operation() {
    let m = with(base(), "ex#Svc", json!({"type": "service", "version": "1", "operations": [{"target": "ex#Nope"}]}));
    assert_reports(&m, Some("ex#Svc"), "binds operation `ex#Nope`, which is not defined");
}

#[test]
fn two_members_with_one_rust_name() {
    // Distinct to Smithy (names differing only by case are refused earlier, on each member).
    let members = json!({"fooBar": {"target": "smithy.api#String"}, "foo_bar": {"target": "smithy.api#String"}});
    let m = with(base(), "ex#OpInput", json!({"type": "structure", "members": members}));
    assert_reports(&m, Some("ex#OpInput"), "members `fooBar` and `foo_bar` both map to the Rust name `foo_bar`");
}

#[test]
fn two_shapes_with_one_rust_type_name() {
    // Distinct to Smithy (the same name in two namespaces is refused earlier, on both shapes).
    let members = json!({"a": {"target": "ex#MyThing"}, "b": {"target": "other#My_Thing"}});
    let m = with(base(), "ex#OpInput", json!({"type": "structure", "members": members}));
    let m = with(m, "ex#MyThing", json!({"type": "structure", "members": {}}));
    let m = with(m, "other#My_Thing", json!({"type": "structure", "members": {}}));
    assert_reports(&m, Some("other#My_Thing"), "both map to the Rust type `MyThing`; add a `rename`");
    let same = with(with(m, "ex#OpInput", json!({"type": "structure", "members": {"a": {"target": "ex#Thing"}, "b": {"target": "other#Thing"}}})), "ex#Thing", json!({"type": "structure"}));
    let same = with(same, "other#Thing", json!({"type": "structure"}));
    assert_reports(&same, Some("other#Thing"), "conflicts (case-insensitively, after renames) with `ex#Thing`");
}

#[test]
fn rename_resolves_a_type_name_clash() {
    let members = json!({"a": {"target": "ex#Thing"}, "b": {"target": "other#Thing"}});
    let m = with(base(), "ex#OpInput", json!({"type": "structure", "members": members}));
    let m = with(m, "ex#Thing", json!({"type": "structure", "members": {}}));
    let m = with(m, "other#Thing", json!({"type": "structure", "members": {}}));
    let svc = json!({"type": "service", "version": "1", "operations": [{"target": "ex#Op"}], "rename": {"other#Thing": "OtherThing"}});
    let m = with(m, "ex#Svc", svc);
    let generated = smithy_codegen::generate("m.json", &m.to_string(), &settings()).unwrap_or_else(|e| panic!("{e}"));
    assert!(generated.files.contains_key("src/types/_other_thing.rs"));
}

#[test]
fn enum_variants_with_one_rust_name() {
    let members = json!({
        "FOO_BAR": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "x"}},
        "FooBar": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "y"}}
    });
    let m = with(base(), "ex#OpInput", json!({"type": "structure", "members": {"e": {"target": "ex#E"}}}));
    let m = with(m, "ex#E", json!({"type": "enum", "members": members}));
    assert_reports(&m, Some("ex#E"), "both map to the Rust variant `FooBar`");
}

#[test]
fn unsupported_shape_type() {
    let m = with(base(), "ex#OpInput", json!({"type": "structure", "members": {"x": {"target": "ex#W"}}}));
    let m = with(m, "ex#W", json!({"type": "wormhole"}));
    assert_reports(&m, Some("ex#W"), "unsupported shape type `wormhole`");
}

#[test]
fn missing_mixin_and_mixin_cycle() {
    let m = with(base(), "ex#OpOutput", json!({"type": "structure", "members": {}, "mixins": [{"target": "ex#Gone"}]}));
    assert_reports(&m, Some("ex#OpOutput"), "uses `ex#Gone` as a mixin, but it is not defined");
    let m = with(base(), "ex#A", json!({"type": "structure", "members": {}, "traits": {"smithy.api#mixin": {}}, "mixins": [{"target": "ex#B"}]}));
    let m = with(m, "ex#B", json!({"type": "structure", "members": {}, "traits": {"smithy.api#mixin": {}}, "mixins": [{"target": "ex#A"}]}));
    assert_reports(&m, Some("ex#A"), "mixins form a cycle");
}

#[test]
fn default_that_does_not_fit() {
    let members = json!({"n": {"target": "smithy.api#Integer", "traits": {"smithy.api#default": "seven"}}});
    let m = with(base(), "ex#OpOutput", json!({"type": "structure", "members": members}));
    assert_reports(&m, Some("ex#OpOutput$n"), "@default value `\"seven\"` does not fit");
}

#[test]
fn apply_to_missing_shape() {
    let m = with(base(), "ex#Nowhere", json!({"type": "apply", "traits": {"smithy.api#sensitive": {}}}));
    assert_reports(&m, Some("ex#Nowhere"), "`apply` targets a shape that is not defined");
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let members = json!({"x": {"target": "ex#Missing"}, "y": {"target": "ex#AlsoMissing"}});
    let m = with(base(), "ex#OpInput", json!({"type": "structure", "members": members}));
    let m = with(m, "ex#L", json!({"type": "list"}));
    let m = with(m, "ex#OpOutput", json!({"type": "structure", "members": {"l": {"target": "ex#L"}}}));
    let err = errors_of(&m);
    assert_eq!(err.diagnostics.len(), 3, "{err}");
    assert!(err.to_string().contains("3 problems"), "{err}");
}

/// `ex#L0` holds `ex#L1` holds ... `ex#L{depth-1}` holds strings, reached from the input.
fn nested_lists(depth: usize) -> Value {
    let mut m = with(base(), "ex#OpInput", json!({"type": "structure", "members": {"deep": {"target": "ex#L0"}}}));
    for i in 0..depth {
        let element = if i + 1 < depth { format!("ex#L{}", i + 1) } else { "smithy.api#String".to_owned() };
        m = with(m, &format!("ex#L{i}"), json!({"type": "list", "member": {"target": element}}));
    }
    m
}

#[test]
fn deeply_nested_collections_are_rejected_not_a_stack_overflow() {
    // 32 levels are fine; one more is reported on the shape where the limit is passed.
    let ok = smithy_codegen::generate("deep.json", &nested_lists(32).to_string(), &settings());
    assert!(ok.is_ok(), "{:?}", ok.err());
    assert_reports(&nested_lists(33), Some("ex#L0"), "nested 33 levels deep");
    // A chain of a few hundred lists used to abort the generator with a stack overflow.
    let err = errors_of(&nested_lists(400));
    assert_eq!(err.diagnostics.len(), 1, "{err}");
    assert!(err.to_string().contains("ex#L367") && err.to_string().contains("at most 32"), "{err}");
}

#[test]
fn a_collection_that_contains_itself_is_rejected() {
    let m = with(base(), "ex#OpInput", json!({"type": "structure", "members": {"loop": {"target": "ex#A"}}}));
    let m = with(m, "ex#A", json!({"type": "list", "member": {"target": "ex#B"}}));
    let m = with(m, "ex#B", json!({"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "ex#A"}}));
    assert_reports(&m, Some("ex#B"), "contains itself");
}

#[test]
fn a_long_chain_of_structures_generates() {
    // Recursion through structures is boxed; a long chain is not recursion and must neither
    // overflow nor take quadratic time (the boxing pass once did).
    let mut m = with(base(), "ex#OpInput", json!({"type": "structure", "members": {"next": {"target": "ex#S0"}}}));
    for i in 0..1500 {
        let next = if i + 1 < 1500 { format!("ex#S{}", i + 1) } else { "smithy.api#String".to_owned() };
        m = with(m, &format!("ex#S{i}"), json!({"type": "structure", "members": {"next": {"target": next}}}));
    }
    let generated = smithy_codegen::generate("chain.json", &m.to_string(), &settings());
    assert!(generated.is_ok(), "{:?}", generated.err());
}

// Models read from `.smithy` files: every problem about a shape comes out at the file, line and
// column where it is written, with the line and a caret under the column, and the closest
// defined name when one was probably misspelt.

/// A restJson1 weather service in two files; `edit` changes the text of the second.
fn weather_files(edit: impl Fn(&str) -> String) -> Vec<(String, String)> {
    let service = "$version: \"2.0\"\nnamespace example.weather\nuse aws.protocols#restJson1\n\n@restJson1\nservice Weather {\n    version: \"2024-01-01\"\n    operations: [GetForecast]\n}\n";
    let operations = "$version: \"2.0\"\nnamespace example.weather\n\n@http(method: \"GET\", uri: \"/forecast/{city}\")\n@readonly\noperation GetForecast {\n    input := {\n        @required\n        @httpLabel\n        city: String\n    }\n    output := {\n        summary: String\n        today: Forecast\n    }\n}\n\nstructure Forecast with [Stamped] {\n    high: Integer\n}\n\n@mixin\nstructure Stamped {\n    at: Timestamp\n}\n";
    vec![("weather/service.smithy".to_owned(), service.to_owned()), ("weather/operations.smithy".to_owned(), edit(operations))]
}

/// Everything wrong with the files, as shown: the reader's errors, misspelt `use`s, or the
/// generator's problems placed in the files.
fn shown_problems(files: &[(String, String)]) -> String {
    let loaded = smithy_codegen::idl::load_with_sources(files).unwrap_or_else(|e| panic!("syntax errors: {e:?}"));
    let uses = loaded.check_uses(&Default::default());
    if !uses.errors.is_empty() {
        return uses.errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n");
    }
    match smithy_codegen::generate("weather", &loaded.model.to_string(), &settings()) {
        Ok(_) => panic!("the model should have been rejected"),
        Err(e) => e.with_sources(loaded.sources).to_string(),
    }
}

/// Asserts a problem shown at `file:line:column` saying `text`, followed by the quoted line and
/// a caret under the column.
fn assert_placed(shown: &str, place: &str, text: &str, quoted: &str) {
    let lines: Vec<&str> = shown.lines().collect();
    let at = lines.iter().position(|l| l.trim_start().starts_with(&format!("{place}: ")) && l.contains(text));
    let at = at.unwrap_or_else(|| panic!("no problem at {place} saying {text:?} in:\n{shown}"));
    let column: usize = place.rsplit(':').next().and_then(|c| c.parse().ok()).unwrap_or_default();
    let (source, caret) = (lines.get(at + 1).copied().unwrap_or(""), lines.get(at + 2).copied().unwrap_or(""));
    assert_eq!(source.trim_start().strip_prefix("| "), Some(quoted), "the line is quoted under the problem:\n{shown}");
    let bar = caret.find('|').unwrap_or_default();
    assert_eq!(caret.trim_end().ends_with('^').then(|| caret.len() - bar - 3), Some(column - 1), "the caret is under column {column}:\n{shown}");
}

#[test]
fn the_weather_files_are_valid() {
    let loaded = smithy_codegen::idl::load_with_sources(&weather_files(str::to_owned)).unwrap_or_else(|e| panic!("{e:?}"));
    let generated = smithy_codegen::generate("weather", &loaded.model.to_string(), &settings());
    assert!(generated.is_ok(), "{:?}", generated.err());
}

#[test]
fn an_undefined_member_target_is_shown_where_it_is_written() {
    let shown = shown_problems(&weather_files(|t| t.replace("today: Forecast", "today: Forcast")));
    assert!(shown.starts_with("weather: 1 problem in the model:"), "{shown}");
    assert_placed(&shown, "weather/operations.smithy:14:16", "`example.weather#Forcast`", "        today: Forcast");
    assert!(shown.contains("example.weather#GetForecastOutput$today: "), "the member is named:\n{shown}");
    assert!(shown.contains("did you mean `example.weather#Forecast`?"), "{shown}");
}

#[test]
fn a_misspelt_protocol_trait_in_a_use_is_refused_where_it_is_written() {
    let mut files = weather_files(str::to_owned);
    files[0].1 = files[0].1.replace("use aws.protocols#restJson1", "use aws.protocols#restJsn1");
    let shown = shown_problems(&files);
    assert_placed(&shown, "weather/service.smithy:3:5", "`aws.protocols#restJsn1`", "use aws.protocols#restJsn1");
    assert!(shown.contains("did you mean `aws.protocols#restJson1`?"), "{shown}");
}

#[test]
fn an_apply_to_a_missing_shape_is_shown_where_it_is_written() {
    let shown = shown_problems(&weather_files(|t| format!("{t}\napply Forcast @sensitive\n")));
    assert_placed(&shown, "weather/operations.smithy:27:7", "`apply` targets a shape that is not defined", "apply Forcast @sensitive");
    assert!(shown.contains("did you mean `example.weather#Forecast`?"), "{shown}");
}

#[test]
fn a_mixin_that_does_not_exist_is_shown_where_it_is_written() {
    let shown = shown_problems(&weather_files(|t| t.replace("with [Stamped]", "with [Stampd]")));
    assert_placed(&shown, "weather/operations.smithy:18:26", "`example.weather#Stampd`", "structure Forecast with [Stampd] {");
    assert!(shown.contains("did you mean `example.weather#Stamped`?"), "{shown}");
}

#[test]
fn a_problem_about_a_member_is_shown_at_its_name() {
    // Two members whose names differ only by case: reported on the member.
    let shown = shown_problems(&weather_files(|t| t.replace("high: Integer", "high: Integer\n    High: String")));
    assert_placed(&shown, "weather/operations.smithy:20:5", "example.weather#Forecast$High: ", "    High: String");
}

#[test]
fn a_problem_in_a_json_file_read_with_smithy_files_names_that_file() {
    let files = weather_files(|t| t.replace("today: Forecast", "today: Report"));
    let report = json!({"smithy": "2.0", "shapes": {"example.weather#Report": {"type": "structure", "members": {"x": {"target": "example.weather#Nope"}}}}});
    let loaded = smithy_codegen::idl::load_with_sources(&files).unwrap_or_else(|e| panic!("{e:?}"));
    let mut model = loaded.model.clone();
    model["shapes"]["example.weather#Report"] = report["shapes"]["example.weather#Report"].clone();
    let mut sources = loaded.sources.clone();
    sources.note_json_shape("example.weather#Report", "weather/report.json");
    let err = smithy_codegen::generate("weather", &model.to_string(), &settings()).expect_err("rejected");
    let shown = err.with_sources(sources).to_string();
    assert!(shown.contains("\n  weather/report.json: example.weather#Report$x: "), "{shown}");
}

#[test]
fn the_codegen_command_shows_problems_in_smithy_files_with_a_caret() {
    let dir = std::env::temp_dir().join(format!("smithy-positions-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    for (name, text) in weather_files(|t| t.replace("today: Forecast", "today: Forcast")) {
        std::fs::write(dir.join(name.trim_start_matches("weather/")), text).expect("write");
    }
    let spec = xtask::CrateSpec { model: dir.clone(), extra_models: Vec::new(), out: dir.join("out"), settings: settings() };
    let err = xtask::generate_crate(&spec).expect_err("rejected");
    let file = dir.join("operations.smithy").display().to_string();
    assert_placed(&err, &format!("{file}:14:16"), "did you mean `example.weather#Forecast`?", "        today: Forcast");
    let _ = std::fs::remove_dir_all(&dir);
}

// Shapes defined twice and unquoted node values that name no shape, taken as Smithy's loader
// takes them: an equivalent duplicate is read once (Smithy's NOTE), a different one is refused
// where it is written; an unquoted value naming no shape stays the string written, with a
// warning at its place (Smithy's DANGER), and `load`/`parse` (no warnings) refuse it.

/// An IDL 2.0 file of namespace `ex` whose text starts at line 4.
fn in_ex(text: &str) -> String {
    format!("$version: \"2.0\"\nnamespace ex\n\n{text}")
}

fn shown(errors: &[smithy_codegen::idl::IdlError]) -> String {
    errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
}

#[test]
fn an_equivalent_duplicate_definition_is_read_once() {
    let one = in_ex("@length(min: 1)\nstring Foo\n\n@length(min: 1)\nstring Foo\n");
    let model = smithy_codegen::idl::parse("one.smithy", &one).unwrap_or_else(|e| panic!("{}", shown(&e)));
    assert_eq!(model["shapes"]["ex#Foo"], json!({"type": "string", "traits": {"smithy.api#length": {"min": 1}}}));
    // Across files, written differently: trait order, an annotation trait with and without `{}`,
    // `@http`'s default `code`, an omitted `Unit` input.
    let a = in_ex("@readonly\n@http(method: \"GET\", uri: \"/\")\noperation Op {}\n\nstructure S {\n    a: String\n    b: Integer = 0\n}\n");
    let b = in_ex("@http(uri: \"/\", method: \"GET\", code: 200)\n@readonly({})\noperation Op {\n    input: Unit\n}\n\nstructure S {\n    a: String\n    @default(0)\n    b: Integer\n}\n");
    let files = vec![("a.smithy".to_owned(), a), ("b.smithy".to_owned(), b)];
    let model = smithy_codegen::idl::load(&files).unwrap_or_else(|e| panic!("{}", shown(&e)));
    let members: Vec<&String> = model["shapes"]["ex#S"]["members"].as_object().map(|m| m.keys().collect()).unwrap_or_default();
    assert_eq!(members, ["a", "b"]);
    assert_eq!(model["shapes"]["ex#Op"]["traits"]["smithy.api#http"], json!({"method": "GET", "uri": "/"}), "the first definition is kept");
}

#[test]
fn a_different_duplicate_definition_is_refused_where_it_is_written() {
    let a = in_ex("structure S {\n    a: String\n    b: Integer\n}\n");
    let b = in_ex("structure S {\n    b: Integer\n    a: String\n}\n");
    let files = vec![("a.smithy".to_owned(), a), ("b.smithy".to_owned(), b)];
    let errors = smithy_codegen::idl::load_with_sources(&files).expect_err("members in another order are another shape");
    let text = "Shape `ex#S` is defined twice, differently (the members differ: [a, b] and [b, a]): here and at a.smithy:4:11";
    assert_placed(&shown(&errors), "b.smithy:4:11", text, "structure S {");
    let one = in_ex("@length(min: 1)\nstring Foo\n\n@length(min: 2)\nstring Foo\n");
    let errors = smithy_codegen::idl::parse("one.smithy", &one).expect_err("another trait value is another shape");
    assert_placed(&shown(&errors), "one.smithy:8:8", "(the values of the trait `smithy.api#length` differ): here and at one.smithy:5:8", "string Foo");
    let kinds = in_ex("operation Foo {}\n\nstructure Foo {}\n");
    let errors = smithy_codegen::idl::parse("kinds.smithy", &kinds).expect_err("another kind is another shape");
    assert_placed(&shown(&errors), "kinds.smithy:6:11", "(the kinds differ: operation and structure)", "structure Foo {}");
}

#[test]
fn an_unquoted_node_value_naming_no_shape_is_kept_as_written_with_a_warning() {
    let text = in_ex(
        "use aws.protocols#restJson1\n\n@http(method: GET, uri: \"/\")\n@tags([Op, String, restJson1, aws.protocols#restXml, Nope, other.ns#Gone])\noperation Op {}\n",
    );
    let files = vec![("m.smithy".to_owned(), text.clone())];
    let loaded = smithy_codegen::idl::load_with_sources(&files).unwrap_or_else(|e| panic!("{}", shown(&e)));
    let traits = &loaded.model["shapes"]["ex#Op"]["traits"];
    assert_eq!(traits["smithy.api#http"]["method"], "GET");
    let tags = json!(["ex#Op", "smithy.api#String", "aws.protocols#restJson1", "aws.protocols#restXml", "Nope", "other.ns#Gone"]);
    assert_eq!(traits["smithy.api#tags"], tags, "ids that resolve are absolute, the others as written");
    let report = loaded.check_uses(&Default::default());
    assert!(report.errors.is_empty(), "{}", shown(&report.errors));
    let warnings = shown(&report.warnings);
    assert_eq!(report.warnings.len(), 3, "{warnings}");
    let get = "Syntactic shape ID `GET` does not resolve to a valid shape ID: `ex#GET`. Did you mean to quote this string? It is kept as the string \"GET\".";
    assert_placed(&warnings, "m.smithy:6:15", get, "@http(method: GET, uri: \"/\")");
    let tags_line = "@tags([Op, String, restJson1, aws.protocols#restXml, Nope, other.ns#Gone])";
    assert_placed(&warnings, "m.smithy:7:54", "`Nope` does not resolve to a valid shape ID: `ex#Nope`", tags_line);
    assert_placed(&warnings, "m.smithy:7:60", "`other.ns#Gone` does not resolve to a valid shape ID: `other.ns#Gone`", tags_line);
    // Without a warnings channel, the reader refuses it (as Smithy's `unwrap()` does a DANGER).
    let errors = smithy_codegen::idl::parse("m.smithy", &text).expect_err("refused");
    assert_placed(&shown(&errors), "m.smithy:6:15", "Syntactic shape ID `GET`", "@http(method: GET, uri: \"/\")");
}

#[test]
fn smithy_and_json_files_defining_a_shape_alike_are_read_as_one_model() {
    let dir = std::env::temp_dir().join(format!("smithy-duplicates-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let idl = in_ex("@http(method: GET, uri: \"/\")\n@tags([Report])\noperation Op {}\n\n@length(min: 1)\nstring Name\n");
    std::fs::write(dir.join("a.smithy"), idl).expect("a.smithy");
    let json = json!({"smithy": "2.0", "shapes": {
        "ex#Report": {"type": "structure", "members": {}},
        "ex#Name": {"traits": {"smithy.api#length": {"min": 1.0}}, "type": "string"}
    }});
    std::fs::write(dir.join("b.json"), json.to_string()).expect("b.json");
    let model = xtask::model_files::load_model(std::slice::from_ref(&dir)).unwrap_or_else(|e| panic!("{e}"));
    let read: Value = serde_json::from_str(&model.json).expect("JSON");
    assert_eq!(read["shapes"]["ex#Op"]["traits"]["smithy.api#tags"], json!(["ex#Report"]), "a shape of the JSON file resolves");
    assert_eq!(read["shapes"]["ex#Op"]["traits"]["smithy.api#http"]["method"], "GET");
    let place = format!("{}:4:15: Syntactic shape ID `GET`", dir.join("a.smithy").display());
    assert!(model.warnings.len() == 1 && model.warnings[0].starts_with(&place), "{:?}", model.warnings);
    // A JSON file defining it differently is refused, naming both.
    let other = json!({"smithy": "2.0", "shapes": {"ex#Name": {"type": "string", "traits": {"smithy.api#length": {"min": 2}}}}});
    std::fs::write(dir.join("c.json"), other.to_string()).expect("c.json");
    let err = xtask::model_files::load_model(std::slice::from_ref(&dir)).expect_err("refused");
    let said = format!("{}: ex#Name: defined again, differently (the values of the trait `smithy.api#length` differ; first in the IDL files)", dir.join("c.json").display());
    assert!(err.contains(&said), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_event_stream_error_enum_named_like_an_error_structure() {
    let m = with(base(), "ex#OpOutput", json!({"type": "structure", "members": {"events": {"target": "ex#Feed"}}}));
    let m = with(m, "ex#Feed", json!({"type": "union", "traits": {"smithy.api#streaming": {}}, "members": {
        "tick": {"target": "ex#Tick"}, "boom": {"target": "ex#Boom"}}}));
    let m = with(m, "ex#Tick", json!({"type": "structure", "members": {}}));
    let m = with(m, "ex#Boom", json!({"type": "structure", "traits": {"smithy.api#error": "server"}, "members": {}}));
    let m = with(m, "ex#Op", json!({"type": "operation", "input": {"target": "ex#OpInput"}, "output": {"target": "ex#OpOutput"}, "errors": [{"target": "ex#FeedError"}]}));
    let m = with(m, "ex#FeedError", json!({"type": "structure", "traits": {"smithy.api#error": "client"}, "members": {}}));
    assert_reports(&m, Some("ex#Feed"), "which the error structure `ex#FeedError` also names");
}
