//! The mutation machinery of the IDL reader's robustness tests, shared by
//! codegen/tests/idl_robustness.rs (inline inputs) and tests/tests/idl_robustness_shared.rs (the
//! reference loader's valid files, in the crate that knows whether ../shared is at hand), each
//! including this file with `#[path]`.
//!
//! Each input gets `IDL_MUTANTS` (default 40) mutants from a deterministic xorshift generator
//! (seed `IDL_SEED`, default fixed; the report prints the seed, and a failure names it).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use smithy_codegen::idl::{self, IdlError};

/// The stack the checks run with: the usual default for spawned threads, set explicitly.
pub const STACK: usize = 2 * 1024 * 1024;
/// How deep the pathological inputs nest.
pub const DEEP: usize = 10_000;

/// xorshift64*: small, deterministic, good enough to pick offsets.
pub struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (`0` when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Characters worth inserting: the IDL's punctuation, whitespace, quotes, escapes, a BOM, a NUL
/// and a few multi-byte characters.
const ALPHABET: &[char] = &[
    '{', '}', '[', ']', '(', ')', '@', '$', '#', ':', '=', ',', '.', '"', '\\', '/', '*', '\n', '\r', '\t', ' ', 'a', 'Z', '_', '0', '9',
    '-', '+', 'e', '\u{0}', '\u{feff}', 'é', '€', '𝄞',
];

/// Words worth inserting.
const WORDS: &[&str] = &[
    "\"\"\"",
    "\"\"\"\n",
    "$version: \"2.0\"\n",
    "$version: \"1.0\"\n",
    "namespace ",
    "use ",
    "apply ",
    "metadata ",
    "structure ",
    "operation ",
    "resource ",
    "service ",
    "enum ",
    "intEnum ",
    "list ",
    "map ",
    "union ",
    "with [",
    "for ",
    ":= {",
    "@mixin\n",
    "@required ",
    "@trait",
    "smithy.api#String",
    "$member",
    "// ",
    "/// ",
    "\\u",
    "\\uD800",
    "1e999999",
    "-0.0e-0",
    "99999999999999999999999999",
    "=",
    "member: ",
];

/// A mutation of `text`, and its name for the report.
pub fn mutate(rng: &mut Rng, text: &str) -> (String, &'static str) {
    let mut chars: Vec<char> = text.chars().collect();
    let kind = rng.below(8);
    let name = match kind {
        0 => {
            // Truncation at a character boundary.
            chars.truncate(rng.below(chars.len() + 1));
            "truncate"
        }
        1 => {
            // Flip a bit of a few characters' code points (keeping valid characters).
            for _ in 0..=rng.below(4) {
                if chars.is_empty() {
                    break;
                }
                let i = rng.below(chars.len());
                let flipped = chars[i] as u32 ^ (1 << rng.below(21));
                chars[i] = char::from_u32(flipped).unwrap_or(*rng.pick(ALPHABET));
            }
            "flip"
        }
        2 => {
            for _ in 0..=rng.below(4) {
                let i = rng.below(chars.len() + 1);
                chars.insert(i, *rng.pick(ALPHABET));
            }
            "insert-char"
        }
        3 => {
            let i = rng.below(chars.len() + 1);
            let word = *rng.pick(WORDS);
            chars.splice(i..i, word.chars());
            "insert-word"
        }
        4 => {
            for _ in 0..=rng.below(4) {
                if chars.is_empty() {
                    break;
                }
                let i = rng.below(chars.len());
                let n = 1 + rng.below(8);
                chars.drain(i..(i + n).min(chars.len()));
            }
            "delete"
        }
        5 => {
            // Duplicate a slice somewhere.
            let a = rng.below(chars.len() + 1);
            let b = (a + rng.below(200)).min(chars.len());
            let slice: Vec<char> = chars[a..b].to_vec();
            let at = rng.below(chars.len() + 1);
            chars.splice(at..at, slice);
            "duplicate"
        }
        6 => {
            // Replace a random range by random characters.
            let a = rng.below(chars.len() + 1);
            let b = (a + rng.below(16)).min(chars.len());
            let noise: Vec<char> = (0..rng.below(16)).map(|_| *rng.pick(ALPHABET)).collect();
            chars.splice(a..b, noise);
            "replace"
        }
        _ => {
            // Deep nesting spliced in, closed or not.
            let open = *rng.pick(&['[', '{', '(']);
            let depth = 1 + rng.below(DEEP);
            let unit: String = match open {
                '{' => "{a: ".into(),
                c => c.to_string(),
            };
            let mut nest = unit.repeat(depth);
            if rng.below(2) == 0 {
                let close = match open {
                    '[' => ']',
                    '{' => '}',
                    _ => ')',
                };
                nest.extend(std::iter::repeat_n(close, depth));
            }
            let i = rng.below(chars.len() + 1);
            chars.splice(i..i, nest.chars());
            "deep-nesting"
        }
    };
    (chars.into_iter().collect(), name)
}

/// A call to the reader.
pub type Call<'a> = dyn Fn() -> Result<serde_json::Value, Vec<IdlError>> + 'a;

#[derive(Default)]
pub struct Stats {
    pub inputs: usize,
    pub mutants: usize,
    pub calls: usize,
    pub ok: usize,
    pub errors: usize,
    pub panics: usize,
    pub bad_errors: usize,
    pub first_failure: Option<String>,
    pub slowest: (Duration, String),
    /// The seed of the mutations, when there were any.
    pub seed: Option<u64>,
}

fn excerpt(text: &str) -> String {
    const MAX: usize = 600;
    let count = text.chars().count();
    if count <= MAX {
        format!("{text:?}")
    } else {
        let head: String = text.chars().take(MAX / 2).collect();
        let tail: String = text.chars().skip(count - MAX / 2).collect();
        format!("{head:?} ... ({} chars in all) ... {tail:?}", count)
    }
}

/// What is wrong with an error, if anything.
fn check_error(e: &IdlError) -> Option<String> {
    if e.line == 0 || e.column == 0 {
        return Some(format!("error without a 1-based position: {e:?}"));
    }
    if e.message.trim().is_empty() {
        return Some(format!("error without a message: {e:?}"));
    }
    None
}

impl Stats {
    fn fail(&mut self, what: String) {
        if self.first_failure.is_none() {
            self.first_failure = Some(what);
        }
    }

    /// Runs `parse` on the input, then `load` on it with `companion`, counting what happens.
    pub fn check(&mut self, label: &str, name: &str, text: &str, companion: &(String, String)) {
        let files = vec![(name.to_owned(), text.to_owned()), companion.clone()];
        let calls: [(&str, &Call); 2] = [("parse", &|| idl::parse(name, text)), ("load", &|| load_everything(&files))];
        for (call, run) in calls {
            self.calls += 1;
            let start = Instant::now();
            let result = catch_unwind(AssertUnwindSafe(run));
            let elapsed = start.elapsed();
            if elapsed > self.slowest.0 {
                self.slowest = (elapsed, format!("{call} {label}"));
            }
            match result {
                Err(payload) => {
                    self.panics += 1;
                    let msg = payload
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| payload.downcast_ref::<String>().cloned())
                        .unwrap_or_default();
                    self.fail(format!("{call} panicked ({msg}) on {label}: {}", excerpt(text)));
                }
                Ok(Ok(_)) => self.ok += 1,
                Ok(Err(errors)) => {
                    self.errors += 1;
                    if errors.is_empty() {
                        self.bad_errors += 1;
                        self.fail(format!("{call} returned Err with no error on {label}: {}", excerpt(text)));
                    }
                    for e in &errors {
                        if let Some(problem) = check_error(e) {
                            self.bad_errors += 1;
                            self.fail(format!("{call}: {problem} on {label}: {}", excerpt(text)));
                        }
                    }
                }
            }
        }
    }

    /// Prints the figures (and the seed), and fails with the first failure, naming the seed
    /// that reproduces it.
    pub fn report(&self, what: &str) {
        let seed = self.seed.map(|seed| format!("; seed {seed} ({SEED_VAR}={seed} reproduces this run)")).unwrap_or_default();
        println!(
            "{what}: {} inputs, {} mutants, {} calls ({} Ok, {} Err), {} panics, {} malformed errors; slowest call {:?} ({}){seed}",
            self.inputs, self.mutants, self.calls, self.ok, self.errors, self.panics, self.bad_errors, self.slowest.0, self.slowest.1
        );
        if let Some(failure) = &self.first_failure {
            panic!("{what}: first failure{seed}: {failure}");
        }
    }
}

/// The number in the environment variable `name`, or `default` when it is not set. A value that
/// is not a number fails, rather than quietly running something other than what was asked for.
pub fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(value) => value.trim().parse().unwrap_or_else(|_| panic!("{name}={value:?} is not a number")),
        Err(_) => default,
    }
}

/// Checks each input and `IDL_MUTANTS` mutants of it.
pub fn fuzz(inputs: &[(String, String)], seed: u64) -> Stats {
    let mutants = env_number("IDL_MUTANTS", 40) as usize;
    let mut rng = Rng::new(seed);
    let mut stats = Stats { seed: Some(seed), ..Stats::default() };
    for (i, (name, text)) in inputs.iter().enumerate() {
        stats.inputs += 1;
        // `load` reads the input together with another file of the set, unchanged.
        let companion = &inputs[(i + 1) % inputs.len()];
        let companion = (format!("companion/{}", companion.0), companion.1.clone());
        stats.check(&format!("{name} (unchanged)"), name, text, &companion);
        for m in 0..mutants {
            let (mutant, kind) = mutate(&mut rng, text);
            stats.mutants += 1;
            stats.check(&format!("{name} mutant {m} ({kind}, seed {seed})"), name, &mutant, &companion);
        }
    }
    stats
}

/// Runs `f` on a thread with a [`STACK`]-byte stack.
pub fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .name("idl-robustness".into())
        .stack_size(STACK)
        .spawn(f)
        .expect("spawn the test thread")
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e))
}

/// The variable that chooses the seed of the mutations.
const SEED_VAR: &str = "IDL_SEED";

/// The seed of the mutations: fixed, so that every run checks the same mutants, unless
/// `IDL_SEED` asks for others.
pub fn seed() -> u64 {
    env_number(SEED_VAR, 0x5eed_1d1f_0022)
}

/// `load` with everything made of its result: the source map (every shape and member located),
/// the `use` check and the JSON text with exact numbers.
fn load_everything(files: &[(String, String)]) -> Result<serde_json::Value, Vec<IdlError>> {
    let loaded = idl::load_with_sources(files)?;
    let _ = loaded.to_json();
    let _ = loaded.check_uses(&Default::default());
    let shapes = loaded.model.get("shapes").and_then(serde_json::Value::as_object);
    for id in shapes.into_iter().flat_map(|s| s.keys()) {
        let diagnostic = smithy_codegen::Diagnostic::shape(id, format!("`{id}` and @required"));
        let _ = loaded.sources.locate(&diagnostic).map(|l| l.render("check"));
    }
    Ok(loaded.model)
}
