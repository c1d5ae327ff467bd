//! Problems found in a model, each tied to the shape it concerns.

use std::fmt;

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
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.diagnostics.len();
        let plural = if n == 1 { "" } else { "s" };
        writeln!(f, "{}: {n} problem{plural} in the model:", self.file)?;
        for d in &self.diagnostics {
            writeln!(f, "  {}: {d}", self.file)?;
        }
        Ok(())
    }
}

impl std::error::Error for GenerateError {}
