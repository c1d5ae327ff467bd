//! Problems found in a model, each tied to the shape it concerns.

use std::fmt;

use crate::source_map::SourceMap;

/// One problem in a model.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The shape (or member, `ns#Shape$member`) the problem is about; `None` for the whole file.
    pub shape_id: Option<String>,
    /// What is wrong, in one sentence.
    pub message: String,
}

impl Diagnostic {
    /// A problem with the model as a whole.
    pub fn model(message: String) -> Self {
        Self { shape_id: None, message }
    }

    /// A problem with one shape or member.
    pub fn shape(shape_id: &str, message: String) -> Self {
        Self { shape_id: Some(shape_id.to_owned()), message }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.shape_id {
            Some(id) => write!(f, "{id}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Why a generation failed: every problem found, for one input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateError {
    /// The model file, as the caller named it.
    pub file: String,
    /// All problems, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// Where the model's shapes were written, when it was read from several files or from
    /// `.smithy` files (see [`GenerateError::with_sources`]); empty otherwise.
    pub sources: Box<SourceMap>,
}

impl GenerateError {
    /// The problems found in the model `file`.
    pub fn new(file: &str, diagnostics: Vec<Diagnostic>) -> Self {
        Self { file: file.to_owned(), diagnostics, sources: Box::default() }
    }

    /// The same problems, each shown where its shape was written: `file:line:column`, the line
    /// and a caret for shapes read from `.smithy` files ([`crate::idl::load_with_sources`]), the
    /// JSON file for shapes read from one.
    pub fn with_sources(self, sources: SourceMap) -> Self {
        Self { sources: Box::new(sources), ..self }
    }

    /// One problem as shown: placed in its file when the sources know where.
    fn show(&self, d: &Diagnostic) -> String {
        if let Some(at) = self.sources.locate(d) {
            return at.render(&d.to_string()).replace('\n', "\n  ");
        }
        let file = d.shape_id.as_deref().and_then(|id| self.sources.json_file(id)).unwrap_or(&self.file);
        format!("{file}: {d}")
    }
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.diagnostics.len();
        let plural = if n == 1 { "" } else { "s" };
        writeln!(f, "{}: {n} problem{plural} in the model:", self.file)?;
        for d in &self.diagnostics {
            writeln!(f, "  {}", self.show(d))?;
        }
        Ok(())
    }
}

impl std::error::Error for GenerateError {}
