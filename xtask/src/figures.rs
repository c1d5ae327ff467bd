//! Figures from one source: the commands that measure something (`protocol-tests`,
//! `endpoint-tests`, `idl-tests`, `sweep`, the reference test, the end-to-end stories) record
//! what they measured under `target/figures/` (or `$SMITHY_FIGURES_DIR`), and the README marks
//! each figure it quotes with the key it comes from:
//!
//! ```text
//! <!-- fig protocol.passed -->911<!-- /fig --> of <!-- fig protocol.total -->1,001<!-- /fig -->
//! ```
//!
//! `cargo xtask figures --check` fails when a marked figure differs from what was recorded in
//! this run, or was not recorded at all; `cargo xtask figures --write` puts the recorded
//! figures into the README.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const OPEN: &str = "<!-- fig ";
const CLOSE: &str = "<!-- /fig -->";

/// Where figures are recorded: `$SMITHY_FIGURES_DIR`, else `target/figures` of the checkout.
pub fn dir() -> PathBuf {
    std::env::var_os("SMITHY_FIGURES_DIR").map_or_else(|| crate::repo_root().join("target/figures"), PathBuf::from)
}

/// Records one command's figures (`name.json` in [`dir`]), replacing what it recorded before.
pub fn record(name: &str, figures: &BTreeMap<String, String>) -> Result<(), String> {
    let dir = dir();
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let path = dir.join(format!("{name}.json"));
    let text = serde_json::to_string_pretty(figures).map_err(|e| format!("cannot write figures: {e}"))?;
    std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Records counts (written with thousands separators, as the README shows them).
pub fn record_counts(name: &str, counts: &[(&str, usize)]) -> Result<(), String> {
    record(name, &counts.iter().map(|(k, v)| ((*k).to_owned(), thousands(*v))).collect())
}

/// Every figure recorded in `dir`, by key.
pub fn load(dir: &Path) -> Result<BTreeMap<String, String>, String> {
    let mut figures = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(figures) };
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "json")).collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let recorded: BTreeMap<String, String> = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        figures.extend(recorded);
    }
    Ok(figures)
}

/// A marked figure in a text: its key and the byte range of its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// The figure's key.
    pub key: String,
    /// Where the value sits.
    pub value: std::ops::Range<usize>,
}

/// Every marked figure of `text`; an unclosed marker is an error.
pub fn markers(text: &str) -> Result<Vec<Marker>, String> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(start) = text[at..].find(OPEN).map(|i| i + at) {
        let key_start = start + OPEN.len();
        let key_end = text[key_start..].find("-->").map(|i| i + key_start).ok_or_else(|| format!("a figure marker at byte {start} is not closed"))?;
        let key = text[key_start..key_end].trim().to_owned();
        let value_start = key_end + 3;
        let value_end = text[value_start..].find(CLOSE).map(|i| i + value_start).ok_or_else(|| format!("the figure `{key}` has no {CLOSE}"))?;
        found.push(Marker { key, value: value_start..value_end });
        at = value_end + CLOSE.len();
    }
    Ok(found)
}

/// What differs between the marked figures of `text` and the recorded ones.
pub fn check(text: &str, recorded: &BTreeMap<String, String>) -> Result<Vec<String>, String> {
    let mut problems = Vec::new();
    for marker in markers(text)? {
        let quoted = text[marker.value.clone()].trim();
        match recorded.get(&marker.key) {
            None => problems.push(format!("`{}` is quoted as {quoted:?} but was not measured in this run", marker.key)),
            Some(value) if value.trim() != quoted => {
                problems.push(format!("`{}` is quoted as {quoted:?}, measured {:?}", marker.key, value.trim()))
            }
            Some(_) => {}
        }
    }
    Ok(problems)
}

/// `text` with every marked figure replaced by the recorded one (figures not recorded stay).
pub fn write(text: &str, recorded: &BTreeMap<String, String>) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for marker in markers(text)? {
        out.push_str(&text[at..marker.value.start]);
        let old = &text[marker.value.clone()];
        match recorded.get(&marker.key) {
            // A multi-line figure (a table) keeps its own lines apart from the markers.
            Some(value) if old.starts_with('\n') => out.push_str(&format!("\n{}\n", value.trim())),
            Some(value) => out.push_str(value.trim()),
            None => out.push_str(old),
        }
        at = marker.value.end;
    }
    out.push_str(&text[at..]);
    Ok(out)
}

/// `1116` as `1,116`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recorded(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    const TEXT: &str = "We pass <!-- fig p.passed -->911<!-- /fig --> of <!-- fig p.total -->1,001<!-- /fig -->.\n<!-- fig p.table -->\n| a |\n<!-- /fig -->\n";

    #[test]
    fn marked_figures_are_found() {
        let keys: Vec<String> = markers(TEXT).expect("markers").into_iter().map(|m| m.key).collect();
        assert_eq!(keys, ["p.passed", "p.total", "p.table"]);
        assert!(markers("<!-- fig x -->1").is_err());
    }

    #[test]
    fn a_figure_that_differs_or_was_not_measured_is_reported() {
        let ok = recorded(&[("p.passed", "911"), ("p.total", "1,001"), ("p.table", "| a |")]);
        assert!(check(TEXT, &ok).expect("checks").is_empty());
        let stale = recorded(&[("p.passed", "901"), ("p.total", "1,001")]);
        let problems = check(TEXT, &stale).expect("checks");
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("p.passed") && problems[1].contains("not measured"));
    }

    #[test]
    fn writing_puts_the_recorded_figures_in() {
        let new = recorded(&[("p.passed", "912"), ("p.table", "| b |\n| c |")]);
        let text = write(TEXT, &new).expect("writes");
        assert!(text.contains("<!-- fig p.passed -->912<!-- /fig -->"));
        assert!(text.contains("<!-- fig p.total -->1,001<!-- /fig -->"), "unrecorded figures stay");
        assert!(text.contains("<!-- fig p.table -->\n| b |\n| c |\n<!-- /fig -->"));
        assert!(check(&text, &recorded(&[("p.passed", "912"), ("p.total", "1,001"), ("p.table", "| b |\n| c |")])).expect("checks").is_empty());
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(1116), "1,116");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
