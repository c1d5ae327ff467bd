//! A Rust-native Smithy code generator: a Smithy JSON AST model in, the files of a Rust client
//! crate shaped like the AWS SDK for Rust out.
//!
//! The pipeline runs once per call and touches no disk: [`ast`] parses, [`resolve`] completes the
//! model (prelude, `apply`, mixins, IDL 1.0), `lower` makes every decision into the [`ir`],
//! `emit` turns the IR into token streams and `render` formats them.

pub mod ast;
pub mod diagnostics;
pub mod docs;
pub mod ir;
mod emit;
mod lower;
pub mod naming;
pub mod partitions;
mod render;
pub mod resolve;
mod sdk_customizations;

use std::collections::BTreeMap;

pub use diagnostics::{Diagnostic, GenerateError};

/// What to generate and how the crate is packaged.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Settings {
    /// Cargo package name of the generated crate.
    pub crate_name: String,
    /// Path to the `smithy-client-runtime` crate, as written into the generated Cargo.toml.
    pub runtime_path: String,
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

/// The generated files: path relative to the crate root, and contents.
pub type Files = BTreeMap<String, String>;

/// The result of a successful generation.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    /// Every file of the crate, including `Cargo.toml`.
    pub files: Files,
    /// Things the generator left out or simplified (also written into the crate docs).
    pub warnings: Vec<String>,
}

/// Generates a crate from the text of a Smithy JSON AST model. `file` names the model in errors.
pub fn generate(file: &str, json: &str, settings: &Settings) -> Result<Generated, GenerateError> {
    let fail = |mut diagnostics: Vec<Diagnostic>| {
        diagnostics.sort();
        diagnostics.dedup();
        GenerateError { file: file.to_owned(), diagnostics }
    };
    let model = ast::parse_model(json).map_err(fail)?;
    let model = sdk_customizations::apply(resolve::resolve(model).map_err(fail)?);
    let ir = lower::lower(&model, settings).map_err(fail)?;
    let mut files = render::render_crate(&ir).map_err(fail)?;
    files.insert("Cargo.toml".to_owned(), emit::cargo_toml(&ir, settings));
    Ok(Generated { files, warnings: ir.warnings })
}

/// Lowers a model to the IR without emitting anything (for tests and tools).
pub fn lower_model(file: &str, json: &str, settings: &Settings) -> Result<ir::Crate, GenerateError> {
    let fail = |diagnostics: Vec<Diagnostic>| GenerateError { file: file.to_owned(), diagnostics };
    let model = ast::parse_model(json).map_err(fail)?;
    let model = sdk_customizations::apply(resolve::resolve(model).map_err(fail)?);
    lower::lower(&model, settings).map_err(fail)
}
