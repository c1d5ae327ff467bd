//! `cargo xtask validate-tests [DIR]`: the generator's validation against the Smithy reference
//! implementation's validator and loader error files (DIR, default
//! `../shared/idl-tests/errorfiles`, suites `validators` and `loader`). Each model (`X.smithy` or
//! `X.json`) has an `X.errors` file listing every event the reference reports for it
//! (`[LEVEL] SHAPE_ID: message | Validator`). A model with an ERROR event must be refused (a
//! reading failure counts), one without must be accepted, and each ERROR event should be matched
//! by a diagnostic on the same shape id (`-`: a diagnostic on the whole model).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Share of the models with an ERROR event that must be refused.
pub const MIN_REFUSED: f64 = 0.95;
/// Share of the models without an ERROR event that must be accepted.
pub const MIN_ACCEPTED: f64 = 1.0;
/// Share of the ERROR events that must be matched by a diagnostic on the same shape id.
pub const MIN_MATCHED: f64 = 0.80;

const SUITES: &[&str] = &["validators", "loader"];

/// One event of an `.errors` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub level: String,
    /// The shape id, `None` for `-`.
    pub shape: Option<String>,
    pub line: String,
}

/// The events of an `.errors` file (lines that do not parse are skipped).
pub fn parse_events(text: &str) -> Vec<Event> {
    text.lines()
        .filter_map(|line| {
            let rest = line.trim().strip_prefix('[')?;
            let (level, rest) = rest.split_once(']')?;
            let (shape, _) = rest.trim_start().split_once(": ")?;
            let shape = (shape != "-").then(|| shape.to_owned());
            Some(Event { level: level.to_owned(), shape, line: line.trim().to_owned() })
        })
        .collect()
}

/// What the generator made of one model.
#[derive(Debug, Clone)]
pub enum Outcome {
    Accepted {
        warnings: Vec<String>,
    },
    /// Refused by validation: every diagnostic (shape id, message).
    Refused(Vec<(Option<String>, String)>),
    /// The files did not read (the IDL reader's errors, as text).
    Unreadable(String),
}

impl Outcome {
    fn refused(&self) -> bool {
        !matches!(self, Outcome::Accepted { .. })
    }

    /// Whether a diagnostic stands for the event: the same shape id, or for `-` one on the model.
    fn matches(&self, event: &Event) -> bool {
        match (self, &event.shape) {
            (Outcome::Accepted { .. }, _) => false,
            (Outcome::Refused(d), shape) => d.iter().any(|(id, _)| id == shape),
            (Outcome::Unreadable(_), None) => true,
            (Outcome::Unreadable(text), Some(id)) => text.contains(id.as_str()),
        }
    }
}

/// Loads a model the way `cargo xtask codegen --model` does and validates it.
pub fn run_model(path: &Path) -> Outcome {
    let json = match crate::model_files::read_model(&[path.to_path_buf()]) {
        Ok(json) => json,
        Err(e) => return Outcome::Unreadable(e),
    };
    match smithy_codegen::validate_model(&path.display().to_string(), &json) {
        Ok(warnings) => Outcome::Accepted { warnings },
        Err(e) => Outcome::Refused(e.diagnostics.into_iter().map(|d| (d.shape_id, d.message)).collect()),
    }
}

/// The figures of one suite.
#[derive(Debug, Default, Clone)]
pub struct Suite {
    pub name: String,
    pub error_files: usize,
    pub refused: usize,
    pub clean_files: usize,
    pub accepted: usize,
    /// Models without an ERROR event that the IDL reader (not validation) failed to read.
    pub clean_unreadable: usize,
    pub error_events: usize,
    pub matched: usize,
    /// What went wrong, one line each: models wrongly accepted or refused, events not matched.
    pub missed: Vec<String>,
}

/// The model file beside an `.errors` file.
fn model_for(errors: &Path) -> Option<PathBuf> {
    let text = errors.to_str()?.strip_suffix(".errors")?;
    let stem = PathBuf::from(text);
    [".smithy", ".json"].iter().map(|e| PathBuf::from(format!("{text}{e}"))).find(|p| p.is_file()).or_else(|| stem.is_dir().then_some(stem))
}

fn errors_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            errors_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "errors") {
            out.push(path);
        }
    }
}

/// Runs one suite folder.
pub fn run_suite(name: &str, dir: &Path) -> Result<Suite, String> {
    let mut files = Vec::new();
    errors_files(dir, &mut files);
    files.sort();
    if files.is_empty() {
        return Err(format!("{}: no .errors files", dir.display()));
    }
    let mut suite = Suite { name: name.to_owned(), ..Default::default() };
    for errors in files {
        let text = std::fs::read_to_string(&errors).map_err(|e| format!("cannot read {}: {e}", errors.display()))?;
        let rel = errors.strip_prefix(dir).unwrap_or(&errors).display().to_string();
        let Some(model) = model_for(&errors) else {
            suite.missed.push(format!("{rel}: no model file beside it"));
            continue;
        };
        let events: Vec<Event> = parse_events(&text).into_iter().filter(|e| e.level == "ERROR").collect();
        tally(&mut suite, &rel, &events, &run_model(&model));
    }
    Ok(suite)
}

fn tally(suite: &mut Suite, rel: &str, events: &[Event], outcome: &Outcome) {
    if events.is_empty() {
        suite.clean_files += 1;
        match outcome {
            Outcome::Accepted { .. } => suite.accepted += 1,
            Outcome::Refused(d) => {
                let first = d.first().map(|(id, m)| format!("{}: {m}", id.as_deref().unwrap_or("-"))).unwrap_or_default();
                suite.missed.push(format!("{rel}: valid but refused ({} problems; first: {first})", d.len()));
            }
            Outcome::Unreadable(e) => {
                suite.clean_unreadable += 1;
                suite.missed.push(format!("{rel}: valid but unreadable: {}", e.lines().nth(1).unwrap_or(e)));
            }
        }
        return;
    }
    suite.error_files += 1;
    if outcome.refused() {
        suite.refused += 1;
    } else {
        suite.missed.push(format!("{rel}: accepted, but it has {} ERROR event(s)", events.len()));
    }
    for event in events {
        suite.error_events += 1;
        if outcome.matches(event) {
            suite.matched += 1;
        } else if outcome.refused() {
            suite.missed.push(format!("{rel}: not matched: {}", event.line));
        }
    }
}

fn percent(n: usize, of: usize) -> f64 {
    if of == 0 {
        100.0
    } else {
        n as f64 * 100.0 / of as f64
    }
}

impl Suite {
    /// The summary line.
    pub fn line(&self) -> String {
        format!(
            "{}: {} of {} models with an ERROR refused ({:.1}%), {} of {} models without accepted, {} of {} ERROR events matched by shape id ({:.1}%)",
            self.name,
            self.refused,
            self.error_files,
            percent(self.refused, self.error_files),
            self.accepted,
            self.clean_files,
            self.matched,
            self.error_events,
            percent(self.matched, self.error_events)
        )
    }

    fn add(&mut self, other: &Suite) {
        self.error_files += other.error_files;
        self.refused += other.refused;
        self.clean_files += other.clean_files;
        self.accepted += other.accepted;
        self.clean_unreadable += other.clean_unreadable;
        self.error_events += other.error_events;
        self.matched += other.matched;
    }

    /// Whether the totals meet the goals; the reasons when not.
    pub fn check(&self) -> Result<(), String> {
        let mut short = Vec::new();
        let goals = [
            ("models with an ERROR refused", self.refused, self.error_files, MIN_REFUSED),
            ("models without an ERROR accepted", self.accepted, self.clean_files, MIN_ACCEPTED),
            ("ERROR events matched by shape id", self.matched, self.error_events, MIN_MATCHED),
        ];
        for (what, n, of, min) in goals {
            if percent(n, of) + 1e-9 < min * 100.0 {
                short.push(format!("{what}: {n} of {of} ({:.1}%), below the goal of {:.0}%", percent(n, of), min * 100.0));
            }
        }
        if short.is_empty() {
            Ok(())
        } else {
            Err(format!("validate-tests: {}", short.join("; ")))
        }
    }
}

/// Runs every suite under `dir`; the suites and their total.
pub fn run(dir: &Path) -> Result<(Vec<Suite>, Suite), String> {
    let mut suites = Vec::new();
    let mut total = Suite { name: "total".into(), ..Default::default() };
    for name in SUITES {
        let suite = run_suite(name, &dir.join(name))?;
        total.add(&suite);
        suites.push(suite);
    }
    Ok((suites, total))
}

/// The figures recorded for the README.
pub fn figures(suites: &[Suite], total: &Suite) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for s in suites.iter().chain([total]) {
        let key = |k: &str| format!("validate.{}.{k}", s.name);
        map.insert(key("refused"), s.refused.to_string());
        map.insert(key("error_files"), s.error_files.to_string());
        map.insert(key("accepted"), s.accepted.to_string());
        map.insert(key("clean_files"), s.clean_files.to_string());
        map.insert(key("matched"), s.matched.to_string());
        map.insert(key("error_events"), s.error_events.to_string());
    }
    map
}

/// The command: `cargo xtask validate-tests [DIR]`.
pub fn main(args: &[String]) -> Result<(), String> {
    let default = crate::repo_root().join("../shared/idl-tests/errorfiles");
    let dir = args.first().map_or_else(|| default.clone(), PathBuf::from);
    let (suites, total) = run(&dir)?;
    for suite in &suites {
        for line in &suite.missed {
            println!("  {}: {line}", suite.name);
        }
    }
    for suite in suites.iter().chain([&total]) {
        println!("{}", suite.line());
    }
    let same = |a: &Path, b: &Path| a.canonicalize().ok().is_some_and(|a| b.canonicalize().ok() == Some(a));
    if same(&dir, &default) {
        crate::figures::record("validate-tests", &figures(&suites, &total))?;
    }
    total.check()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_read() {
        let events = parse_events("[ERROR] ns.foo#A$b: bad | Target\n[WARNING] -: meh | Model\nnoise\n");
        assert_eq!(events.len(), 2);
        assert_eq!(events[0].shape.as_deref(), Some("ns.foo#A$b"));
        assert_eq!(events[1].level, "WARNING");
        assert_eq!(events[1].shape, None);
    }

    #[test]
    fn events_match_diagnostics_on_their_shape() {
        let refused = Outcome::Refused(vec![(Some("a#B".into()), "x".into())]);
        let on = |s: Option<&str>| Event { level: "ERROR".into(), shape: s.map(str::to_owned), line: String::new() };
        assert!(refused.matches(&on(Some("a#B"))));
        assert!(!refused.matches(&on(Some("a#B$c"))));
        assert!(!refused.matches(&on(None)));
        assert!(Outcome::Unreadable("f.smithy:1:2: a#B: x".into()).matches(&on(Some("a#B"))));
    }
}
