//! The skip list: case ids that are generated as ignored tests, each with its reason. An entry
//! that names no case of the suites, or whose case now passes, is reported so the list stays
//! true.

use std::collections::BTreeMap;

/// `id: reason` per line; `#` starts a comment line.
pub const SKIP_LIST: &str = include_str!("../../protocol-tests-skip.txt");

/// The skip list as a map from case id to reason; a malformed or repeated line is an error.
pub fn parse(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut entries = BTreeMap::new();
    for (number, line) in text.lines().enumerate().map(|(i, l)| (i + 1, l.trim())) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (id, why) = line.split_once(':').ok_or_else(|| format!("protocol-tests-skip.txt:{number}: expected `id: reason`"))?;
        let (id, why) = (id.trim(), why.trim());
        if id.is_empty() || why.is_empty() {
            return Err(format!("protocol-tests-skip.txt:{number}: an entry needs an id and a reason"));
        }
        if entries.insert(id.to_owned(), why.to_owned()).is_some() {
            return Err(format!("protocol-tests-skip.txt:{number}: `{id}` is listed twice"));
        }
    }
    Ok(entries)
}

/// The skip list this build carries.
pub fn skip_list() -> Result<BTreeMap<String, String>, String> {
    parse(SKIP_LIST)
}

/// Entries that name no case among `ids` (every case id of the suites that ran).
pub fn stale<'a>(list: &'a BTreeMap<String, String>, ids: &std::collections::BTreeSet<String>) -> Vec<&'a str> {
    list.keys().filter(|id| !ids.contains(*id)).map(String::as_str).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_read_and_malformed_ones_refused() {
        let list = parse("# comment\n\nA: why\n  B : because: of this \n").expect("parses");
        assert_eq!(list.get("A").map(String::as_str), Some("why"));
        assert_eq!(list.get("B").map(String::as_str), Some("because: of this"));
        assert!(parse("A why").is_err());
        assert!(parse("A:").is_err());
        assert!(parse("A: x\nA: y").is_err());
    }

    #[test]
    fn entries_naming_no_case_are_stale() {
        let list = parse("A: x\nB: y").expect("parses");
        let ids = ["A".to_owned(), "C".to_owned()].into_iter().collect();
        assert_eq!(stale(&list, &ids), ["B"]);
    }

    #[test]
    fn the_shipped_list_parses() {
        assert!(skip_list().is_ok(), "the skip list parses");
    }
}
