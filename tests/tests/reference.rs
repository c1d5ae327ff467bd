//! Checks against material outside this repository: the real AWS models in ../shared/models and
//! the published aws-sdk-cognitoidentityprovider 1.144.0 crate (in the cargo registry; .ci/run
//! fetches it). When either is missing, tests/build.rs sets `no_shared_models` or
//! `no_reference_crate` and the tests that need it are reported as ignored, with the reason;
//! with `SMITHY_CODEGEN_REQUIRE_SHARED=1` / `SMITHY_CODEGEN_REQUIRE_REFERENCE=1` they run instead
//! and fail naming what is missing.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use smithy_codegen::Settings;

// The README's figures for the comparison with the reference crate, exactly: one method, doc
// line, file or name lost or gained fails the test (the README's figures change with these).

/// Client methods whose docs are compared.
const CLIENT_METHODS: usize = 122;
/// Their doc lines, each found in order in the reference crate.
const CLIENT_DOC_LINES: usize = 1_235;
/// Generated files under `src/{types,operation,client}`, each also in the reference crate.
const NAMED_FILES: usize = 814;
/// The public names they declare, each found in the same file of the reference crate.
const PUBLIC_NAMES: usize = 11_258;

/// The documentation strings in the traits of all the models in ../shared/models.
const MODEL_DOC_STRINGS: usize = 6_420;

/// Records what a check measured, for `cargo xtask figures --check` (the README quotes it).
fn record(name: &str, figures: &[(&str, usize)]) {
    xtask::figures::record_counts(name, figures).unwrap_or_else(|e| panic!("{e}"));
}

/// The folders of `src/` whose files are compared with the reference crate's, both ways.
const COMPARED_DIRS: [&str; 3] = ["types", "operation", "client"];

fn shared_models() -> PathBuf {
    let dir = xtask::repo_root().join("../shared/models");
    assert!(dir.is_dir(), "{} is absent: the real AWS models sit beside the checkout in CI", dir.display());
    dir
}

fn reference_src() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .expect("CARGO_HOME or HOME names the cargo home");
    let registry = home.join("registry/src");
    std::fs::read_dir(&registry)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path().join("aws-sdk-cognitoidentityprovider-1.144.0/src"))
        .find(|p| p.is_dir())
        .unwrap_or_else(|| {
            panic!("aws-sdk-cognitoidentityprovider 1.144.0 is absent from {}: fetch it as .ci/run does", registry.display())
        })
}

fn doc_lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| l.starts_with("///")).map(str::to_owned).collect()
}

/// A generated client method's doc lines without the `# Examples` section the model's examples
/// add (and the blank line before it): the official crates drop the examples, so the rest is
/// what is compared with them.
fn without_examples(mut lines: Vec<String>) -> Vec<String> {
    if let Some(at) = lines.iter().position(|l| l == "/// # Examples") {
        lines.truncate(at);
        if lines.last().is_some_and(|l| l == "///") {
            lines.pop();
        }
    }
    lines
}

/// The crate generated from the full AWS Cognito model, in memory.
fn generated_full_model(models: &Path) -> smithy_codegen::Files {
    let path = models.join("cognito-identity-provider.json");
    let json = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let settings = Settings { crate_name: "reference".into(), runtime: smithy_codegen::RuntimeDependency::Path("../runtime".into()), standalone: true, service: None, ..Default::default() };
    smithy_codegen::generate("cognito-identity-provider.json", &json, &settings).unwrap_or_else(|e| panic!("{e}")).files
}

/// The reference crate's files under `dir` (relative to its `src/`), by path like ours.
fn reference_files(reference: &Path, dir: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![reference.join(dir)];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(reference).map(|p| p.display().to_string()).unwrap_or_default();
                let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                out.push((format!("src/{rel}"), text));
            }
        }
    }
    out.sort();
    out
}

/// The generated files under `src/{dir}/` that the reference crate does not have.
fn generated_only(generated: &smithy_codegen::Files, reference: &[(String, String)], dir: &str) -> Vec<String> {
    let theirs: BTreeSet<&str> = reference.iter().map(|(path, _)| path.as_str()).collect();
    let prefix = format!("src/{dir}/");
    generated.keys().filter(|path| path.starts_with(&prefix) && !theirs.contains(path.as_str())).cloned().collect()
}

/// A client-method doc line without the model's own documentation of a member (the text after
/// `required: **..**<br>` for inputs, after the link for outputs), which differs where the
/// reference crate was built from a newer model.
fn generated_part(line: &str) -> &str {
    match (line.find("**<br>"), line.find("): ")) {
        (Some(i), _) => &line[..i + 6],
        (None, Some(i)) => &line[..i + 2],
        (None, None) => line,
    }
}

#[test]
#[cfg_attr(no_shared_models, ignore = "../shared/models is absent (it sits beside the checkout in CI)")]
// One reason only: a second `ignore` would be an unused attribute (a warning).
#[cfg_attr(all(no_reference_crate, not(no_shared_models)), ignore = "aws-sdk-cognitoidentityprovider 1.144.0 is not in the cargo registry (.ci/run fetches it)")]
fn client_method_docs_match_the_reference_crate_line_for_line() {
    // Every line of every client method's docs, as far as the generator writes it (the member
    // documentation taken from the model is cut off), appears in the reference crate's docs of
    // the same method, in the same order. The reference crate is newer than the model in
    // ../shared: methods and members the model does not have are not compared; but every method
    // generated here must have its file in the reference crate.
    let reference = reference_src();
    let generated = generated_full_model(&shared_models());
    let theirs_files = reference_files(&reference, "client");
    let missing = generated_only(&generated, &theirs_files, "client");
    assert!(missing.is_empty(), "generated client files the reference crate does not have: {missing:#?}");
    let (mut compared, mut lines) = (0, 0);
    let mut differing = Vec::new();
    for (path, text) in &theirs_files {
        let Some(ours) = generated.get(path) else { continue };
        let theirs: Vec<String> = doc_lines(text).iter().map(|l| generated_part(l).to_owned()).collect();
        let ours: Vec<String> = without_examples(doc_lines(ours)).iter().map(|l| generated_part(l).to_owned()).collect();
        assert!(!ours.is_empty(), "{path} has no docs");
        compared += 1;
        lines += ours.len();
        let mut rest = theirs.iter();
        if let Some(missing) = ours.iter().find(|line| !rest.any(|t| t == *line)) {
            differing.push(format!("{path}: {missing}"));
        }
    }
    // Where the model's documentation has not changed since, the whole text is identical,
    // HTML normalisation included.
    for op in ["admin_create_user", "sign_up", "list_users", "admin_get_user"] {
        let path = format!("src/client/{op}.rs");
        let theirs = doc_lines(&std::fs::read_to_string(reference.join(format!("client/{op}.rs"))).unwrap_or_default());
        let ours = without_examples(doc_lines(generated.get(&path).map_or("", String::as_str)));
        assert_eq!(ours, theirs, "{path} differs from the reference crate");
    }
    println!("client method docs: {compared} methods, {lines} lines, each found in order in the reference crate; {} differ", differing.len());
    record("reference-docs", &[("reference.methods", compared), ("reference.doc-lines", lines)]);
    assert!(differing.is_empty(), "client method docs differ from the reference crate: {differing:#?}");
    assert_eq!((compared, lines), (CLIENT_METHODS, CLIENT_DOC_LINES), "(methods, doc lines) compared");
}

/// The public names a file declares: types, enum variants, fields and functions, each with the
/// item it belongs to (`UserType`, `UserType::username`, `UserTypeBuilder::set_username`, ...).
fn public_names(text: &str) -> BTreeSet<String> {
    use syn::{ImplItem, Item, Visibility};
    let mut names = BTreeSet::new();
    // A file that does not parse would otherwise declare nothing and pass unnoticed.
    let file = syn::parse_file(text).unwrap_or_else(|e| panic!("a compared file does not parse: {e}"));
    let public = |v: &Visibility| matches!(v, Visibility::Public(_));
    for item in &file.items {
        match item {
            Item::Struct(s) if public(&s.vis) => {
                names.insert(s.ident.to_string());
                for f in s.fields.iter().filter(|f| public(&f.vis)) {
                    if let Some(i) = &f.ident {
                        names.insert(format!("{}::{}", s.ident, i));
                    }
                }
            }
            Item::Enum(e) if public(&e.vis) => {
                names.insert(e.ident.to_string());
                for v in &e.variants {
                    names.insert(format!("{}::{}", e.ident, v.ident));
                }
            }
            Item::Impl(i) if i.trait_.is_none() => {
                let owner = match &*i.self_ty {
                    syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default(),
                    _ => continue,
                };
                for member in &i.items {
                    if let ImplItem::Fn(f) = member {
                        if public(&f.vis) {
                            names.insert(format!("{owner}::{}", f.sig.ident));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    names
}

#[test]
#[cfg_attr(no_shared_models, ignore = "../shared/models is absent (it sits beside the checkout in CI)")]
// One reason only: a second `ignore` would be an unused attribute (a warning).
#[cfg_attr(all(no_reference_crate, not(no_shared_models)), ignore = "aws-sdk-cognitoidentityprovider 1.144.0 is not in the cargo registry (.ci/run fetches it)")]
fn public_names_match_the_reference_crate() {
    // The reference crate is newer than the model in ../shared: it has types and members the
    // model does not. So every public name generated here (type, field, variant, method) must
    // appear in the reference crate's file of the same path; a naming rule applied wrongly shows
    // up as a name the reference does not have. Every generated file must exist there too (a
    // wrongly named type shows up as a file the reference does not have); files only the
    // reference has are not compared.
    let reference = reference_src();
    let generated = generated_full_model(&shared_models());
    let (mut total, mut files) = (0, 0);
    let (mut unknown, mut missing_files) = (Vec::new(), Vec::new());
    for dir in COMPARED_DIRS {
        let theirs_files = reference_files(&reference, dir);
        missing_files.extend(generated_only(&generated, &theirs_files, dir));
        for (path, text) in &theirs_files {
            let Some(ours) = generated.get(path) else { continue };
            let (ours, theirs) = (public_names(ours), public_names(text));
            files += 1;
            total += ours.len();
            unknown.extend(ours.difference(&theirs).map(|n| format!("{path}: {n}")));
        }
    }
    println!("public names: {total} names in {files} files, each found in the same file of the reference crate; {} not found", unknown.len());
    println!("generated files the reference crate does not have: {}", missing_files.len());
    record("reference-names", &[("reference.files", files), ("reference.names", total)]);
    assert!(missing_files.is_empty(), "generated files the reference crate does not have: {missing_files:#?}");
    assert!(unknown.is_empty(), "{} generated names are not in the reference crate: {:?}", unknown.len(), &unknown[..unknown.len().min(40)]);
    assert_eq!((files, total), (NAMED_FILES, PUBLIC_NAMES), "(files, public names) compared");
}

#[test]
#[cfg_attr(no_shared_models, ignore = "../shared/models is absent (it sits beside the checkout in CI)")]
fn every_real_doc_string_normalises_to_clean_lines() {
    let models = shared_models();
    let mut checked = 0;
    for file in xtask::json_files(&models).unwrap_or_else(|e| panic!("{}: {e}", models.display())) {
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let mut stack = vec![&json];
        while let Some(v) = stack.pop() {
            match v {
                serde_json::Value::Object(map) => {
                    if let Some(serde_json::Value::String(doc)) = map.get("smithy.api#documentation") {
                        check_doc(doc);
                        checked += 1;
                    }
                    stack.extend(map.values());
                }
                serde_json::Value::Array(items) => stack.extend(items),
                _ => {}
            }
        }
    }
    println!("model doc strings: {checked} normalised to clean lines");
    assert_eq!(checked, MODEL_DOC_STRINGS, "doc strings found in ../shared/models");
}

fn check_doc(doc: &str) {
    let lines = smithy_codegen::docs::html_doc_lines(doc);
    for line in &lines {
        assert!(!line.contains('\r') && !line.starts_with(char::is_whitespace), "bad line {line:?} from {doc:?}");
    }
    let inline = smithy_codegen::docs::html_doc_inline(doc);
    assert!(!inline.contains('\n') && !inline.contains('\r'), "inline doc spans lines: {inline:?}");
    for line in smithy_codegen::docs::markdown_doc_lines(doc) {
        assert!(!line.contains('\r'), "bad markdown line {line:?}");
    }
}
