//! Property tests with a fixed seed: every run checks the same cases, so a failure on CI is a
//! failure on the next run too, and the seed it prints (and names when it fails) reproduces it.
//! `PROPTEST_RNG_SEED` (proptest's own variable) chooses another seed.

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, RngSeed, TestCaseResult, TestRunner};

const SEED_VAR: &str = "PROPTEST_RNG_SEED";
const DEFAULT_SEED: u64 = 0x5eed_0f7e_57ab;

/// The seed of this run: `PROPTEST_RNG_SEED`, or the fixed default. A value that is not a
/// number fails, rather than quietly running other cases than were asked for.
pub fn seed() -> u64 {
    match std::env::var(SEED_VAR) {
        Ok(value) => value.trim().parse().unwrap_or_else(|_| panic!("{SEED_VAR}={value:?} is not a u64")),
        Err(_) => DEFAULT_SEED,
    }
}

/// Runs `test` on `cases` values of `strategy` (shrinking a failure), from the seed of this run,
/// which it prints; a failure names it.
pub fn check<S: Strategy>(cases: u32, strategy: &S, test: impl Fn(S::Value) -> TestCaseResult) {
    let seed = seed();
    println!("proptest: {cases} cases from seed {seed} ({SEED_VAR}={seed} reproduces them)");
    let config = Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        // No regression files are written into the source tree.
        failure_persistence: None,
        ..Config::default()
    };
    TestRunner::new(config)
        .run(strategy, test)
        .unwrap_or_else(|e| panic!("{e}\n(seed {seed}: {SEED_VAR}={seed} reproduces this run)"));
}
