//! `smithy.api#examples` as doc examples of the client methods: which examples are written, how
//! each kind of value is written, and the generator note for one that cannot be. The written
//! examples of the crates in generated/ compile as doctests in `cargo test` (rest-course and
//! obstacle-course hold examples of every kind), and those of the AWS models in ../shared/models
//! in tests/e2e/aws-models.sh.

use smithy_codegen::Settings;

const MODEL: &str = r#"{
  "smithy": "2.0",
  "shapes": {
    "ex.demo#Demo": {"type": "service", "version": "1", "operations": [{"target": "ex.demo#Put"}],
      "traits": {"aws.protocols#restJson1": {}, "smithy.api#title": "Demo"}},
    "ex.demo#Put": {"type": "operation", "input": {"target": "ex.demo#PutInput"}, "errors": [{"target": "ex.demo#Oops"}],
      "traits": {"smithy.api#http": {"method": "POST", "uri": "/put"}, "smithy.api#examples": [
        {"title": "Everything", "documentation": "Every kind of value.", "input": {
          "name": "n", "small": -2, "when": "2020-01-02T03:04:05Z", "data": "aGk=", "doc": {"k": [1, "x"]},
          "colour": "RED", "items": [{"key": "a"}], "labels": {"x": "y"}, "choice": {"text": "t"}},
         "output": {"b": 2, "a": 1}},
        {"title": "Unknown member", "input": {"nope": 1}},
        {"title": "Wrong type", "input": {"name": 5}},
        {"title": "Too big", "input": {"small": 300}},
        {"title": "Not a variant", "input": {"choice": {"other": "t"}}},
        {"title": "Error", "input": {}, "error": {"shapeId": "ex.demo#Oops", "content": {"message": "m"}}}
      ]}},
    "ex.demo#PutInput": {"type": "structure", "members": {
      "name": {"target": "smithy.api#String"},
      "small": {"target": "smithy.api#Byte"},
      "when": {"target": "smithy.api#Timestamp"},
      "data": {"target": "smithy.api#Blob"},
      "doc": {"target": "smithy.api#Document"},
      "colour": {"target": "ex.demo#Colour"},
      "items": {"target": "ex.demo#Items"},
      "labels": {"target": "ex.demo#Labels"},
      "choice": {"target": "ex.demo#Choice"}}},
    "ex.demo#Oops": {"type": "structure", "members": {"message": {"target": "smithy.api#String"}}, "traits": {"smithy.api#error": "client"}},
    "ex.demo#Colour": {"type": "enum", "members": {"RED": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "RED"}}}},
    "ex.demo#Items": {"type": "list", "member": {"target": "ex.demo#Item"}},
    "ex.demo#Item": {"type": "structure", "members": {"key": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}}}},
    "ex.demo#Labels": {"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "smithy.api#String"}},
    "ex.demo#Choice": {"type": "union", "members": {"text": {"target": "smithy.api#String"}}}
  }
}"#;

fn generated() -> smithy_codegen::Generated {
    let settings = Settings { crate_name: "demo".into(), ..Settings::default() };
    smithy_codegen::generate("demo.json", MODEL, &settings).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn each_kind_of_value_is_written_as_rust() {
    let out = generated();
    let text = out.files.iter().find(|(path, _)| path.ends_with("src/client/put.rs")).map(|(_, t)| t.clone()).expect("client/put.rs");
    for expected in [
        "/// ## Everything",
        "/// Every kind of value.",
        "/// ```no_run",
        "/// # async fn example(",
        "///     .name(\"n\")",
        "///     .small(-2)",
        "///     .when(",
        "demo::primitives::DateTime::from_str(",
        "demo::primitives::DateTimeFormat::DateTime",
        "demo::primitives::Blob::new(\"aGk=\")",
        "demo::primitives::Document::Object(",
        "demo::types::Colour::from(\"RED\")",
        "demo::types::Item::builder().key(\"a\").build()?",
        "///     .labels(\"x\", \"y\")",
        "demo::types::Choice::Text(\"t\".to_owned())",
        "///     .send()",
        "/// // The output:",
        "/// //   \"a\": 1,",
        "/// // The error: Oops",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    // Output keys come sorted, whatever order the model gives them in.
    let (a, b) = (text.find("\"a\": 1").expect("a"), text.find("\"b\": 2").expect("b"));
    assert!(a < b);
}

#[test]
fn an_example_that_cannot_be_written_is_left_out_with_a_note() {
    let out = generated();
    let text = out.files.iter().find(|(path, _)| path.ends_with("src/client/put.rs")).map(|(_, t)| t.clone()).expect("client/put.rs");
    for title in ["Unknown member", "Wrong type", "Too big", "Not a variant"] {
        assert!(!text.contains(&format!("## {title}")), "{title} was written");
        let note = out.warnings.iter().find(|w| w.contains(&format!("`{title}`"))).unwrap_or_else(|| panic!("no note for {title}: {:?}", out.warnings));
        assert!(note.starts_with("ex.demo#Put: example"), "{note}");
    }
    let reason = |title: &str| out.warnings.iter().find(|w| w.contains(&format!("`{title}`"))).cloned().unwrap_or_default();
    assert!(reason("Unknown member").contains("`nope` is not a member of the operation's input"), "{}", reason("Unknown member"));
    assert!(reason("Wrong type").contains("expected a string"), "{}", reason("Wrong type"));
    assert!(reason("Too big").contains("does not fit"), "{}", reason("Too big"));
    assert!(reason("Not a variant").contains("`other` is not a member of ex.demo#Choice"), "{}", reason("Not a variant"));
    assert!(text.contains("## Error"), "an example with an empty input is written");
}
