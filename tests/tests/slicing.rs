//! Operation slicing: only the named operations and what they reach are generated, and the API
//! of a sliced operation is exactly the full generation's.

use smithy_codegen::Settings;

fn generate(operations: Option<Vec<String>>) -> Result<smithy_codegen::Generated, smithy_codegen::GenerateError> {
    let path = xtask::repo_root().join("model/cognito-identity-provider.json");
    let json = std::fs::read_to_string(&path).unwrap_or_default();
    let settings = Settings { crate_name: "slice".into(), runtime: smithy_codegen::RuntimeDependency::Path("../runtime".into()), operations, ..Default::default() };
    smithy_codegen::generate("cognito-identity-provider.json", &json, &settings)
}

fn names(list: &[&str]) -> Option<Vec<String>> {
    Some(list.iter().map(|s| s.to_string()).collect())
}

#[test]
fn a_slice_keeps_only_the_named_operations_with_identical_files() {
    let full = generate(None).unwrap_or_else(|e| panic!("{e}"));
    let slice = generate(names(&["AdminCreateUser", "SignUp"])).unwrap_or_else(|e| panic!("{e}"));
    let clients: Vec<&String> = slice.files.keys().filter(|p| p.starts_with("src/client/")).collect();
    assert_eq!(clients, ["src/client/admin_create_user.rs", "src/client/sign_up.rs"]);
    assert!(!slice.files.contains_key("src/types/_user_pool_type.rs"), "CreateUserPool's types are not reached");
    assert!(slice.files.len() < full.files.len() / 2, "{} of {} files", slice.files.len(), full.files.len());
    let mut compared = 0;
    for (path, contents) in &slice.files {
        let shared = ["src/operation/", "src/client/", "src/types/_", "src/types/error/_"].iter().any(|p| path.starts_with(p));
        if shared {
            assert_eq!(full.files.get(path), Some(contents), "{path} differs from the full generation");
            compared += 1;
        }
    }
    assert!(compared > 20, "compared only {compared} files");
}

#[test]
fn an_unknown_operation_is_an_error_naming_the_closest_ones() {
    let err = generate(names(&["SingUp"])).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("unknown operation `SingUp`"), "{err}");
    assert!(err.contains("closest: SignUp"), "{err}");
}
