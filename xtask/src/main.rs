//! `cargo xtask`: code generation tasks for this repository.

use std::path::PathBuf;
use std::process::ExitCode;

// The generator allocates many small token and syntax-tree nodes; mimalloc renders the full
// Cognito model about a quarter faster than the system allocator (README, "Generator speed").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use xtask::cli::{self, Args};
use xtask::{endpoint_tests, generate_workspace, protocol_tests, repo_root, runtime_dir, sweep, sync};

const USAGE: &str = "\
usage:
  cargo xtask codegen                      regenerate every crate under generated/ from model/
  cargo xtask codegen --check              change nothing; fail and list files that differ
  (every write keeps a manifest, .smithy-codegen-files, of the files it wrote and deletes only those;
   a folder holding files the generator did not write is refused, listing them, unless --force,
   which keeps them and overwrites only files with a generated file's path)
  cargo xtask codegen --model PATH --out DIR [--crate-name NAME] [--service SHAPE_ID] [--operations A,B] [--force]
                     [--runtime-version REQ | --runtime-path PATH | --runtime-git URL]
                                           (with none of them, a copy of the runtime is written into the crate's
                                           smithy-client-runtime/ folder, so the crate builds anywhere)
                                           write one standalone crate (with its own Cargo.toml); PATH is a
                                           .json (JSON AST) or .smithy (IDL) file or a folder of them, and
                                           --model may be given several times (all read as one model); the
                                           crate name defaults to the first PATH's stem made a valid name
  cargo xtask model-json PATH...           print the JSON AST of the model the files or folders hold (IDL
                                           or JSON; keys sorted), as the generator reads it
  cargo xtask idl-tests [DIR]              run the Smithy reference loader's IDL suites in DIR (default
                                           ../shared/idl-tests) and print the figures
  cargo xtask validate-tests [DIR]         refuse what Smithy refuses: Smithy's error files in DIR (default ../shared/idl-tests/errorfiles)
  cargo xtask codegen --models DIR --out DIR [--operations A,B]
                                           one standalone crate per model, in parallel, with a summary
  cargo xtask sweep DIR [--work DIR] [--only A,B] [--generate-only]
                                           generate and `cargo check` every *.json model in DIR
                                           (or only the models named A.json, B.json; or generate
                                           them all without compiling)
  cargo xtask protocol-tests [DIR] [--work DIR] [--sabotage]
                                           for every service of every model in DIR (default
                                           ../shared/protocol-tests), generate a client with its smithy.test
                                           client cases as tests, run them and count; --sabotage builds them
                                           with a deliberately broken serialiser and requires failures
  cargo xtask endpoint-tests [DIR] [--work DIR] [--clean-each] [--partitions FILE]
                                           for every model in DIR (default ../shared/models), generate a
                                           client with its smithy.rules#endpointTests cases as tests, run
                                           them and count (one line per model, then the total);
                                           --clean-each removes each crate's build once its tests ran;
                                           --partitions FILE resolves with that partitions table (the
                                           one the models' cases were written against)
  cargo xtask partitions [FILE] [--check]   write runtime/src/endpoint/partitions.rs from the SDKs' partitions
                                           file (default ../shared/data/sdk-partitions.json)
  cargo xtask figures [--check | --write]  the figures the commands above recorded (target/figures, or
                                           $SMITHY_FIGURES_DIR) against the README's marked figures: --check
                                           fails on any that differs or was not measured; --write puts them in
  cargo xtask bench-build [--calls N] [--skip-release] [--work DIR]
                                           build our Cognito crate and aws-sdk-cognitoidentityprovider side
                                           by side and print the ratios (default work dir target/bench)";

fn main() -> ExitCode {
    run(std::env::args().skip(1).collect())
}

/// Runs one command (`codegen`, `sweep`, ...) with its arguments; `--help` anywhere prints the
/// usage and succeeds.
pub(crate) fn run(args: Vec<String>) -> ExitCode {
    if args.iter().any(|a| matches!(a.as_str(), "--help" | "-h")) {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen(&args[1..]),
        Some("sweep") => run_sweep(&args[1..]),
        Some("protocol-tests") => run_protocol_tests(&args[1..]),
        Some("endpoint-tests") => run_endpoint_tests(&args[1..]),
        Some("bench-build") => run_bench(&args[1..]),
        Some("partitions") => run_partitions(&args[1..]),
        Some("model-json") => run_model_json(&args[1..]),
        Some("idl-tests") => run_idl_tests(&args[1..]),
        Some("validate-tests") => xtask::validate_tests::main(&args[1..]),
        Some("figures") => run_figures(&args[1..]),
        Some("help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn codegen(args: &[String]) -> Result<(), String> {
    let values = cli::GENERATE_VALUES.to_vec();
    let mut bare = cli::GENERATE_BARE.to_vec();
    bare.push("--check");
    let args = Args::parse(args, &values, &bare).map_err(|e| format!("{e}\n{USAGE}"))?;
    match (args.value("--model"), args.value("--models"), args.value("--out")) {
        (Some(model), None, Some(out)) => cli::generate_one(&args, model, out),
        (None, Some(models), Some(out)) => cli::generate_batch(&args, models, out),
        (None, None, None) if args.value("--operations").is_none() => codegen_workspace(args.has("--check"), args.has("--force")),
        (None, None, None) => Err(format!("--operations needs --model or --models; for generated/ use model/<stem>.settings.json\n{USAGE}")),
        _ => Err(format!("use --model FILE or --models DIR, with --out DIR\n{USAGE}")),
    }
}

fn codegen_workspace(check: bool, force: bool) -> Result<(), String> {
    let root = repo_root();
    let crates = generate_workspace(&root)?;
    let mut drifted = Vec::new();
    for (dir, files) in &crates {
        if check {
            let drift = sync::diff(dir, files);
            if !drift.is_empty() {
                drifted.push(drift.report());
            }
        } else {
            let drift = sync::write(dir, files, force)?;
            let n = drift.missing.len() + drift.changed.len() + drift.stale.len();
            println!("{}: {} files, {n} updated", dir.strip_prefix(&root).unwrap_or(dir).display(), files.len());
        }
    }
    if drifted.is_empty() {
        if check {
            println!("generated code is current ({} crates)", crates.len());
        }
        Ok(())
    } else {
        Err(format!("generated code is out of date:\n{}\nrun `cargo xtask codegen` and commit the result", drifted.join("\n")))
    }
}

fn run_model_json(args: &[String]) -> Result<(), String> {
    cli::model_json(args).map_err(|e| format!("{e}\n{USAGE}"))
}

fn run_idl_tests(args: &[String]) -> Result<(), String> {
    let dir = args.first().map_or_else(|| repo_root().join("../shared/idl-tests"), PathBuf::from);
    let report = xtask::idl_tests::run(&dir)?;
    for line in report.lines() {
        println!("{line}");
    }
    if same_dir(&dir, &repo_root().join("../shared/idl-tests")) {
        xtask::figures::record("idl-tests", &report.figures())?;
    }
    report.check()
}

fn run_sweep(args: &[String]) -> Result<(), String> {
    let (dir, rest) = args.split_first().ok_or_else(|| USAGE.to_owned())?;
    let flags = Args::parse(rest, &["--work", "--only"], &["--generate-only"])?;
    let work = flags.value("--work").map_or_else(sweep::default_work_dir, PathBuf::from);
    let only: Vec<String> = flags.values("--only").iter().flat_map(|v| v.split(',')).map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect();
    let options = sweep::Options { only, compile: !flags.has("--generate-only") };
    let results = sweep::sweep(&PathBuf::from(dir), &work, &options)?;
    let failed = results.iter().filter(|r| r.failure.is_some()).count();
    let lines: usize = results.iter().map(|r| r.lines).sum();
    println!("sweep: {} models, {} ok, {failed} failed, {lines} lines generated", results.len(), results.len() - failed);
    let coverage = results.iter().filter_map(|r| r.coverage.as_ref());
    let (ops, sent) = coverage.fold((0, 0), |(o, s), c| (o + c.operations, s + c.with_send));
    let warnings: usize = results.iter().map(|r| r.warnings.len()).sum();
    let notes: usize = results.iter().map(|r| r.model_warnings.len()).sum();
    println!("sweep: send() on {sent} of {ops} operations (event-stream operations included); {warnings} generator warning(s) (what is knowingly unsupported), {notes} model note(s) (what validation observed)");
    if options.compile && options.only.is_empty() && same_dir(&PathBuf::from(dir), &repo_root().join("../shared/models")) {
        let figures = [
            ("sweep.models", results.len()),
            ("sweep.ok", results.len() - failed),
            ("sweep.operations", ops),
            ("sweep.send", sent),
            ("sweep.warnings", warnings),
        ];
        xtask::figures::record("sweep", &figures.into_iter().map(|(k, v)| (k.to_owned(), v.to_string())).collect())?;
    }
    if failed == 0 {
        Ok(())
    } else {
        Err(format!("sweep: {failed} model(s) failed"))
    }
}

fn run_endpoint_tests(args: &[String]) -> Result<(), String> {
    let (dir, rest) = match args.first() {
        Some(first) if !first.starts_with("--") => (PathBuf::from(first), &args[1..]),
        _ => (endpoint_tests::default_dir(), args),
    };
    let flags = Args::parse(rest, &["--work", "--partitions"], &["--clean-each"])?;
    let work = flags.value("--work").map_or_else(|| repo_root().join("target/endpoint-tests"), PathBuf::from);
    let partitions = flags.value("--partitions").map(PathBuf::from);
    let report = endpoint_tests::run(&dir, &work, flags.has("--clean-each"), partitions.as_deref())?;
    if same_dir(&dir, &endpoint_tests::default_dir()) {
        xtask::figures::record("endpoint-tests", &report.figures())?;
    }
    let total = report.total;
    println!("total: {} passed, {} failed, {} skipped of {} cases", total.passed, total.failed, total.skipped, total.total());
    for problem in &report.problems {
        println!("PROBLEM {problem}");
    }
    if total.failed == 0 && report.problems.is_empty() {
        Ok(())
    } else {
        Err(format!("endpoint tests: {} case(s) failed and {} problem(s); every case not on the skip list must pass", total.failed, report.problems.len()))
    }
}

fn run_protocol_tests(args: &[String]) -> Result<(), String> {
    let (dir, rest) = match args.first() {
        Some(first) if !first.starts_with("--") => (PathBuf::from(first), &args[1..]),
        _ => (protocol_tests::default_dir(), args),
    };
    let flags = Args::parse(rest, &["--work"], &["--sabotage"])?;
    let work = flags.value("--work").map_or_else(|| repo_root().join("target/protocol-tests"), PathBuf::from);
    if flags.has("--sabotage") {
        let report = protocol_tests::sabotage::run(&dir, &work)?;
        protocol_tests::sabotage::print(&report);
        if protocol_tests::is_complete(&dir) {
            xtask::figures::record("protocol-sabotage", &report.figures())?;
        }
        let failures = report.failures();
        return if failures.is_empty() {
            println!("negative controls: every applicable case failed on its sabotaged field");
            Ok(())
        } else {
            Err(format!("negative controls failed:\n  {}", failures.join("\n  ")))
        };
    }
    let report = protocol_tests::run(&dir, &work)?;
    if protocol_tests::is_complete(&dir) {
        xtask::figures::record("protocol-tests", &report.figures())?;
    }
    let total = report.total();
    println!(
        "protocol tests: {} passed, {} failed, {} skipped of {} client cases",
        total.passed,
        total.failed,
        total.skipped,
        total.total()
    );
    let failures = report.failures();
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "protocol tests: every case not on the skip list (xtask/protocol-tests-skip.txt) must pass:\n  {}",
            failures.join("\n  ")
        ))
    }
}

/// Whether two paths name the same folder (figures are recorded only for the README's inputs).
fn same_dir(a: &std::path::Path, b: &std::path::Path) -> bool {
    matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}

/// `cargo xtask figures [--check | --write]`: the figures recorded by the commands run so far,
/// checked against (or written into) the README's marked figures.
fn run_figures(args: &[String]) -> Result<(), String> {
    let flags = Args::parse(args, &[], &["--check", "--write"])?;
    let dir = xtask::figures::dir();
    let recorded = xtask::figures::load(&dir)?;
    let readme_path = repo_root().join("README.md");
    let readme = std::fs::read_to_string(&readme_path).map_err(|e| format!("cannot read {}: {e}", readme_path.display()))?;
    if flags.has("--write") {
        let updated = xtask::figures::write(&readme, &recorded)?;
        if updated != readme {
            std::fs::write(&readme_path, updated).map_err(|e| format!("cannot write {}: {e}", readme_path.display()))?;
        }
        println!("README.md: figures written from {} recorded in {}", recorded.len(), dir.display());
        return Ok(());
    }
    let problems = xtask::figures::check(&readme, &recorded)?;
    let quoted = xtask::figures::markers(&readme)?.len();
    if problems.is_empty() {
        println!("README.md: all {quoted} marked figures equal what was measured ({} recorded in {})", recorded.len(), dir.display());
        Ok(())
    } else {
        Err(format!("README.md quotes figures that this run did not measure as quoted:\n  {}\nrun the commands, then `cargo xtask figures --write`", problems.join("\n  ")))
    }
}



/// `cargo xtask partitions [FILE] [--check]`: the runtime's partitions table from the SDKs'
/// partitions file (default `../shared/data/sdk-partitions.json`).
fn run_partitions(args: &[String]) -> Result<(), String> {
    let flags = Args::parse(args.iter().filter(|a| a.starts_with("--")).cloned().collect::<Vec<_>>().as_slice(), &[], &["--check"])?;
    let file = args.iter().find(|a| !a.starts_with("--")).map_or_else(|| repo_root().join("../shared/data/sdk-partitions.json"), PathBuf::from);
    let json = std::fs::read_to_string(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let table = smithy_codegen::partitions::rust_table(&json).map_err(|e| format!("{}: {e}", file.display()))?;
    let out = runtime_dir().join("src/endpoint/partitions.rs");
    let current = std::fs::read_to_string(&out).unwrap_or_default();
    if flags.has("--check") {
        return if current == table { Ok(()) } else { Err(format!("{} is not what {} gives: run `cargo xtask partitions`", out.display(), file.display())) };
    }
    if current != table {
        std::fs::write(&out, table).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    }
    println!("{}: {} bytes from {}", out.display(), std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0), file.display());
    Ok(())
}

fn run_bench(args: &[String]) -> Result<(), String> {
    let flags = Args::parse(args, &["--calls", "--work"], &["--skip-release"])?;
    let calls = match flags.value("--calls") {
        Some(n) => n.parse().ok().filter(|&n: &usize| n > 0).ok_or_else(|| format!("--calls needs a positive number, not `{n}`"))?,
        None => 2000,
    };
    let work = flags.value("--work").map_or_else(xtask::bench::Options::default_work, PathBuf::from);
    let work = std::path::absolute(&work).map_err(|e| format!("bad --work {}: {e}", work.display()))?;
    let command = std::iter::once("cargo xtask bench-build".to_owned()).chain(args.iter().cloned()).collect::<Vec<_>>().join(" ");
    let opts = xtask::bench::Options { calls, skip_release: flags.has("--skip-release"), work, command };
    let report = xtask::bench::run(&opts)?;
    println!("\n{}", report.markdown());
    Ok(())
}

