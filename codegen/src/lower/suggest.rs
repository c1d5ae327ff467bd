//! "Did you mean" suggestions for names that do not exist.

/// The `n` candidates closest to `wanted` by edit distance (case-insensitive), closest first.
pub fn closest<'a>(wanted: &str, candidates: &[&'a str], n: usize) -> Vec<&'a str> {
    let wanted = wanted.to_lowercase();
    let mut scored: Vec<(usize, &str)> = candidates.iter().map(|c| (distance(&wanted, &c.to_lowercase()), *c)).collect();
    scored.sort();
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

/// Levenshtein distance.
fn distance(a: &str, b: &str) -> usize {
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
