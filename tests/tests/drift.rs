//! The committed generated/ crates are exactly what the generator produces from model/.

#[test]
fn generated_crates_are_current() {
    let root = xtask::repo_root();
    let crates = xtask::generate_workspace(&root).unwrap_or_else(|e| panic!("generation failed:\n{e}"));
    let mut report = Vec::new();
    for (dir, files) in &crates {
        let drift = xtask::sync::diff(dir, files);
        if !drift.is_empty() {
            report.push(drift.report());
        }
    }
    assert!(report.is_empty(), "generated/ is out of date; run `cargo xtask codegen`:\n{}", report.join("\n"));
}
