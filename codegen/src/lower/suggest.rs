//! "Did you mean" suggestions for names that do not exist.

/// The `n` candidates closest to `wanted` by edit distance (case-insensitive), closest first.
pub fn closest<'a>(wanted: &str, candidates: &[&'a str], n: usize) -> Vec<&'a str> {
    let wanted = wanted.to_lowercase();
    let mut scored: Vec<(usize, &str)> = candidates.iter().map(|c| (distance(&wanted, &c.to_lowercase()), *c)).collect();
    scored.sort();
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

/// The candidate closest to `wanted` (a name or shape id) when it is close enough to be a
/// misspelling of it: at most a third as many edits as the name has characters (the part after
/// `#` for a shape id), and at least one. Ties go to the first candidate.
pub fn did_you_mean<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let local = wanted.split_once('#').map_or(wanted, |(_, name)| name);
    let limit = (local.chars().count() / 3).max(1);
    let wanted_lower = wanted.to_lowercase();
    let length = wanted.chars().count();
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        if candidate == wanted || candidate.chars().count().abs_diff(length) > limit {
            continue;
        }
        let d = distance(&wanted_lower, &candidate.to_lowercase());
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Levenshtein distance.
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let next = (row[j + 1] + 1).min(row[j] + 1).min(prev + cost);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_names_come_first() {
        let names = ["SignUp", "ConfirmSignUp", "AdminCreateUser", "ListUsers"];
        assert_eq!(closest("SingUp", &names, 1), ["SignUp"]);
        assert_eq!(closest("listusers", &names, 1), ["ListUsers"]);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
