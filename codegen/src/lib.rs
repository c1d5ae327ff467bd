//! A Rust-native Smithy code generator: a Smithy JSON AST model in, the files of a Rust client
//! crate shaped like the AWS SDK for Rust out.
//!
//! The pipeline runs once per call and touches no disk: [`ast`] parses, [`resolve`] completes the
//! model (prelude, `apply`, mixins, IDL 1.0), `validate` refuses models Smithy refuses (unknown
//! traits, trait values and placements, HTTP bindings, defaults, ...), `lower` makes every
//! decision into the [`ir`], `emit` turns the IR into token streams and `render` formats them.

pub mod ast;
pub mod diagnostics;
pub mod docs;
pub mod idl;
pub mod json_text;
/// The JMESPath parser the generator checks waiter paths with, and an evaluator for the trees it
/// gives (both run against the JMESPath compliance suite).
pub mod jmespath {
    pub use crate::lower::jmespath::{parse, ErrorKind, ParseError};
    pub use crate::lower::jmespath_eval::{evaluate, try_evaluate, EvalError};
}
pub mod known_shapes;
pub mod ir;
mod emit;
mod lower;
pub mod naming;
pub mod partitions;
mod render;
pub mod resolve;
mod services;
pub mod source_map;
mod validate;

use std::collections::BTreeMap;

pub use diagnostics::{Diagnostic, GenerateError};

/// What to generate and how the crate is packaged.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Settings {
    /// Cargo package name of the generated crate.
    pub crate_name: String,
    /// How the generated Cargo.toml depends on `smithy-client-runtime`.
    pub runtime: RuntimeDependency,
    /// Package metadata of the generated crate.
    pub package: PackageMetadata,
    /// Add an empty `[workspace]` so the crate builds on its own, outside any workspace.
    pub standalone: bool,
    /// The service shape to generate, when the model has more than one.
    pub service: Option<String>,
    /// Generate only these operations (by shape name) and the shapes they reach; `None` for all.
    pub operations: Option<Vec<String>>,
    /// Emit the model's `smithy.test` client protocol cases as tests inside the crate.
    pub protocol_tests: bool,
    /// Emit the model's `smithy.rules#endpointTests` cases as tests inside the crate.
    pub endpoint_tests: bool,
    /// Protocol test ids (and endpoint test cases, `Service#N`) to mark ignored, with the reason.
    pub skipped_tests: BTreeMap<String, String>,
    /// Runtime cargo features to enable besides the protocol's codec (for testing the
    /// generator's own harness, e.g. `sabotage`).
    pub extra_runtime_features: Vec<String>,
}

/// The version of `smithy-client-runtime` this generator writes code for.
pub const RUNTIME_VERSION: &str = "0.1.0";

/// Where the generated crate takes `smithy-client-runtime` from. Every form also names
/// [`RUNTIME_VERSION`], so a crate that depends on the runtime by path or git can still be
/// published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeDependency {
    /// From a registry: a version requirement (`"0.1"`).
    Version(String),
    /// From a folder, as written into Cargo.toml (relative to the crate, or absolute).
    Path(String),
    /// From a git repository URL.
    Git(String),
}

impl Default for RuntimeDependency {
    fn default() -> Self {
        RuntimeDependency::Version(RUNTIME_VERSION.to_owned())
    }
}

/// What the generated Cargo.toml says about the package (`model/<stem>.settings.json`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PackageMetadata {
    /// The crate's version (default `0.1.0`).
    pub version: Option<String>,
    /// Its description (default: "Client for {service}, generated from its Smithy model.").
    pub description: Option<String>,
    /// Its SPDX license expression.
    pub license: Option<String>,
    /// Whether it may be published (default: no).
    pub publish: bool,
}

/// The generated files: path relative to the crate root, and contents.
pub type Files = BTreeMap<String, String>;

/// The result of a successful generation.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    /// Every file of the crate, including `Cargo.toml`.
    pub files: Files,
    /// Things the generator left out or simplified, knowingly (also written into the crate
    /// docs).
    pub warnings: Vec<String>,
    /// What validation observed about the model that does not stop generation (a `@default`
    /// outside its `@range`, a binding trait where it has no effect, ...).
    pub model_warnings: Vec<String>,
}

/// Generates a crate from the text of a Smithy JSON AST model. `file` names the model in errors.
///
/// The generator touches no files: the result maps each path (relative to the crate's folder)
/// to its contents, for the caller to write, for example from its own `xtask`.
///
/// ```
/// let model = r#"{"smithy": "2.0", "shapes": {
///     "example.weather#Weather": {"type": "service", "version": "2024-01-01",
///         "traits": {"aws.protocols#restJson1": {}, "smithy.api#httpBearerAuth": {}}}
/// }}"#;
/// let settings = smithy_codegen::Settings {
///     crate_name: "weather-client".into(),
///     runtime: smithy_codegen::RuntimeDependency::Version("0.1".into()),
///     ..Default::default()
/// };
/// let generated = smithy_codegen::generate("weather.json", model, &settings)?;
/// assert!(generated.files["Cargo.toml"].contains("name = \"weather-client\""));
/// assert!(generated.files.contains_key("src/lib.rs"));
/// # Ok::<(), smithy_codegen::GenerateError>(())
/// ```
///
/// From `.smithy` files, read them with [`idl::load_with_sources`] and give the error the
/// sources: each problem is then shown at the file, line and column where its shape, member or
/// reference is written, with the line and a caret.
///
/// ```
/// let files = vec![("weather.smithy".to_owned(), "$version: \"2\"\nnamespace example.weather\n\
///     service Weather { version: \"1\", operations: [GetForecast] }\n\
///     operation GetForecast { output := { today: Forcast } }\n\
///     structure Forecast {}\n".to_owned())];
/// let loaded = smithy_codegen::idl::load_with_sources(&files).expect("no syntax errors");
/// let settings = smithy_codegen::Settings { crate_name: "weather-client".into(), ..Default::default() };
/// let err = smithy_codegen::generate("weather.smithy", &loaded.model.to_string(), &settings)
///     .map_err(|e| e.with_sources(loaded.sources))
///     .unwrap_err();
/// let shown = err.to_string();
/// assert!(shown.contains("weather.smithy:4:44: example.weather#GetForecastOutput$today: "), "{shown}");
/// assert!(shown.contains("did you mean `example.weather#Forecast`?"), "{shown}");
/// ```
pub fn generate(file: &str, json: &str, settings: &Settings) -> Result<Generated, GenerateError> {
    let fail = |mut diagnostics: Vec<Diagnostic>| {
        diagnostics.sort();
        diagnostics.dedup();
        GenerateError::new(file, diagnostics)
    };
    let model = ast::parse_model(json).map_err(fail)?;
    let (model, model_warnings) = resolve_and_validate(model).map_err(fail)?;
    let model = services::transform(model);
    let ir = lower::lower(&model, settings).map_err(fail)?;
    let mut files = render::render_crate(&ir).map_err(fail)?;
    files.insert("Cargo.toml".to_owned(), emit::cargo_toml(&ir, settings));
    files.insert("README.md".to_owned(), emit::readme(&ir, settings));
    let warnings = ir.warnings;
    Ok(Generated { files, warnings, model_warnings })
}

/// Resolves a parsed model and validates it: the complete model and the validation warnings,
/// or every error.
fn resolve_and_validate(model: ast::Model) -> Result<(ast::Model, Vec<String>), Vec<Diagnostic>> {
    let model = resolve::resolve(model)?;
    let report = validate::validate(&model);
    if report.errors.is_empty() {
        Ok((model, report.warnings))
    } else {
        Err(report.errors)
    }
}

/// Checks a model the way [`generate`] does before generating anything: the warnings a
/// generation would give (problems a generator should heed, such as a trait newer than this
/// generator), or every problem that refuses the model, each on the shape or member it concerns.
///
/// ```
/// let model = r#"{"smithy": "2.0", "shapes": {
///     "example#S": {"type": "structure", "members": {
///         "id": {"target": "smithy.api#String", "traits": {"smithy.api#requird": {}}}}}
/// }}"#;
/// let err = smithy_codegen::validate_model("m.json", model).unwrap_err();
/// assert_eq!(err.diagnostics[0].shape_id.as_deref(), Some("example#S$id"));
/// assert!(err.diagnostics[0].message.contains("did you mean `required`?"));
/// ```
pub fn validate_model(file: &str, json: &str) -> Result<Vec<String>, GenerateError> {
    let fail = |mut diagnostics: Vec<Diagnostic>| {
        diagnostics.sort();
        diagnostics.dedup();
        GenerateError::new(file, diagnostics)
    };
    let model = ast::parse_model(json).map_err(fail)?;
    resolve_and_validate(model).map(|(_, warnings)| warnings).map_err(fail)
}

/// Lowers a model to the IR without emitting anything (for tests and tools).
pub fn lower_model(file: &str, json: &str, settings: &Settings) -> Result<ir::Crate, GenerateError> {
    let fail = |diagnostics: Vec<Diagnostic>| GenerateError::new(file, diagnostics);
    let model = ast::parse_model(json).map_err(fail)?;
    let (model, warnings) = resolve_and_validate(model).map_err(fail)?;
    let mut ir = lower::lower(&services::transform(model), settings).map_err(fail)?;
    ir.warnings.splice(0..0, warnings);
    Ok(ir)
}
