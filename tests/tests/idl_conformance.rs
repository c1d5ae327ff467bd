//! The IDL reader against the Smithy reference loader's own suites (`cargo xtask idl-tests`
//! prints the same figures): every valid file gives the reference's model or loads, every
//! invalid file is rejected (all but one of those that state a position at the reference's line
//! and column), and every protocol-test IDL folder gives the shapes of its JSON AST file. The
//! figures must be exactly those of `xtask::idl_tests` (`VALID_SAME_MODEL`, ...). Reported as
//! ignored when ../shared/idl-tests is absent (tests/build.rs sets `no_shared_idl_tests`).

#[test]
#[cfg_attr(no_shared_idl_tests, ignore = "../shared/idl-tests is absent (it sits beside the checkout in CI)")]
fn the_reference_loader_suites() {
    let dir = xtask::repo_root().join("../shared/idl-tests");
    assert!(dir.is_dir(), "{} is absent: the reference loader's suites sit beside the checkout in CI", dir.display());
    let report = xtask::idl_tests::run(&dir).unwrap_or_else(|e| panic!("{e}"));
    for line in report.lines() {
        println!("{line}");
    }
    report.check().unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_smithy_file_and_a_folder_read_as_one_model() {
    let dir = std::env::temp_dir().join(format!("smithy-idl-folder-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("more")).expect("dir");
    std::fs::write(
        dir.join("service.smithy"),
        "$version: \"2.0\"\nnamespace example.weather\nuse aws.protocols#restJson1\n\n/// Weather.\n@restJson1\nservice Weather {\n    version: \"1\"\n    operations: [GetForecast]\n}\n",
    )
    .expect("service");
    std::fs::write(
        dir.join("more/ops.smithy"),
        "$version: \"2.0\"\nnamespace example.weather\n\n@http(method: \"GET\", uri: \"/f/{city}\")\n@readonly\noperation GetForecast {\n    input := { @required @httpLabel city: String }\n    output := {\n        summary: String = \"sunny\"\n    }\n}\n",
    )
    .expect("ops");
    let json = xtask::model_files::read_model(std::slice::from_ref(&dir)).expect("the folder loads");
    let model: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let shapes = &model["shapes"];
    assert_eq!(shapes["example.weather#Weather"]["traits"]["smithy.api#documentation"], "Weather.");
    assert_eq!(shapes["example.weather#GetForecastInput"]["members"]["city"]["traits"]["smithy.api#httpLabel"], serde_json::json!({}));
    assert_eq!(shapes["example.weather#GetForecastOutput"]["members"]["summary"]["traits"]["smithy.api#default"], "sunny");
    let settings = smithy_codegen::Settings { crate_name: "weather".into(), ..Default::default() };
    let generated = smithy_codegen::generate("weather", &json, &settings).unwrap_or_else(|e| panic!("{e}"));
    assert!(generated.files.contains_key("src/operation/get_forecast.rs"));

    // A syntax error names the file, line and column, and quotes the line with a caret.
    std::fs::write(dir.join("more/bad.smithy"), "namespace example.weather\n\nstructure Broken {\n    field String\n}\n").expect("bad");
    let err = xtask::model_files::read_model(std::slice::from_ref(&dir)).expect_err("rejected");
    assert!(err.contains("bad.smithy:4:11:") && err.contains("    field String") && err.contains('^'), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
