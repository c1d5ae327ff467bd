//! `cargo xtask bench-build`: our generated Cognito crate side by side with the published
//! `aws-sdk-cognitoidentityprovider`, on this machine, in one run.
//!
//! Each side gets a scratch project under the work folder (default `target/bench/`):
//!
//! ```text
//! <work>/ours/crate/          the crate generated from ../shared/models/cognito-identity-provider.json
//! <work>/<side>/app/          a small program that calls SignUp (same source text for both sides)
//! <work>/<side>/scratch-target/   debug builds; removed before (c), then reused for (a)
//! <work>/<side>/target/       release builds for (d) and (e); kept between runs
//! ```
//!
//! Every cargo command runs with the same profile and environment on both sides
//! (`CARGO_INCREMENTAL=0`, no `RUSTFLAGS`), so a path dependency (ours) and a registry
//! dependency (theirs) compile under the same settings.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use smithy_codegen::Settings;

use crate::{generate_crate, repo_root, runtime_dir, sync, CrateSpec};

/// The published crate we compare with, and its pinned version.
pub const THEIR_CRATE: &str = "aws-sdk-cognitoidentityprovider";
/// The pinned version of [`THEIR_CRATE`].
pub const THEIR_VERSION: &str = "1.144.0";
/// The package name of our generated crate.
pub const OUR_CRATE: &str = "cognito-ours";
/// The scratch program's package (and binary) name.
const APP: &str = "signup-bench";
/// How many times the release program runs per side; the median counts.
const RUNS: usize = 3;
/// Calls made before timing starts.
const WARMUP: usize = 50;

/// What `cargo xtask bench-build` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// Timed SignUp calls per run of the release program.
    pub calls: usize,
    /// Skip the release build: measures (d) and (e).
    pub skip_release: bool,
    /// The work folder (absolute).
    pub work: PathBuf,
    /// The command line as typed, for the report.
    pub command: String,
}

impl Options {
    /// The default work folder: `target/bench/` of this checkout.
    pub fn default_work() -> PathBuf {
        repo_root().join("target/bench")
    }
}

/// One row of the result table.
#[derive(Debug, Clone)]
pub struct Row {
    /// What is measured.
    pub measure: String,
    /// Our figure, formatted.
    pub ours: String,
    /// Their figure, formatted.
    pub theirs: String,
    /// ours / theirs; `None` when skipped.
    pub ratio: Option<f64>,
    /// The target, as text (`≤ 0.2`).
    pub target: String,
    /// Whether the target is met; `None` when skipped.
    pub met: Option<bool>,
}

/// The outcome of a run.
#[derive(Debug, Clone)]
pub struct Report {
    /// The table rows, (a) to (e).
    pub rows: Vec<Row>,
    /// Remarks worth keeping next to the figures.
    pub notes: Vec<String>,
    /// The command that produced it.
    pub command: String,
}

impl Report {
    /// The report as markdown: the table, the command and the notes.
    pub fn markdown(&self) -> String {
        let mut md = String::new();
        md.push_str("| measure | ours | theirs | ratio | target | met? |\n|---|---:|---:|---:|---|---|\n");
        for r in &self.rows {
            let ratio = r.ratio.map_or_else(|| "–".to_owned(), |x| format!("{x:.3}"));
            let met = match r.met {
                Some(true) => "yes",
                Some(false) => "no",
                None => "skipped",
            };
            let _ = writeln!(md, "| {} | {} | {} | {ratio} | {} | {met} |", r.measure, r.ours, r.theirs, r.target);
        }
        let _ = write!(md, "\ncommand: `{}`\n", self.command);
        for n in &self.notes {
            let _ = write!(md, "\n- {n}");
        }
        md.push('\n');
        md
    }
}

/// The two sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Ours,
    Theirs,
}

impl Side {
    const BOTH: [Side; 2] = [Side::Ours, Side::Theirs];

    fn name(self) -> &'static str {
        match self {
            Side::Ours => "ours",
            Side::Theirs => "theirs",
        }
    }

    /// The package name of the client crate.
    fn package(self) -> &'static str {
        match self {
            Side::Ours => OUR_CRATE,
            Side::Theirs => THEIR_CRATE,
        }
    }

    /// The line of the app's `[dependencies]` that brings the client crate in.
    fn dependency(self) -> String {
        match self {
            Side::Ours => format!("{OUR_CRATE} = {{ path = \"../crate\" }}"),
            Side::Theirs => format!("{THEIR_CRATE} = \"={THEIR_VERSION}\""),
        }
    }
}

/// The folders of one side.
struct Dirs {
    app: PathBuf,
    scratch_target: PathBuf,
    target: PathBuf,
}

impl Dirs {
    fn new(work: &Path, side: Side) -> Self {
        let root = work.join(side.name());
        Self { app: root.join("app"), scratch_target: root.join("scratch-target"), target: root.join("target") }
    }

    fn binary(&self) -> PathBuf {
        self.target.join("release").join(format!("{APP}{}", std::env::consts::EXE_SUFFIX))
    }
}

/// Prints progress lines with the time since the start.
struct Progress(Instant);

impl Progress {
    fn say(&self, what: &str) {
        println!("[bench {:>7.1}s] {what}", self.0.elapsed().as_secs_f64());
    }
}

/// Runs the whole benchmark and writes `<work>/results.md`.
pub fn run(opts: &Options) -> Result<Report, String> {
    let p = Progress(Instant::now());
    let work = &opts.work;
    fs::create_dir_all(work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    let model = repo_root().join("../shared/models/cognito-identity-provider.json");
    if !model.is_file() {
        return Err(format!("the model {} does not exist (bench-build needs ../shared/models)", model.display()));
    }

    p.say(&format!("generating {OUR_CRATE} from {}", model.display()));
    let our_crate = work.join("ours/crate");
    generate_ours(&model, &our_crate)?;
    let dirs = Side::BOTH.map(|side| (side, Dirs::new(work, side)));
    for (side, d) in &dirs {
        write_app(*side, &d.app)?;
        p.say(&format!("{}: cargo fetch", side.name()));
        cargo(&d.app, &d.scratch_target, &["fetch"])?;
    }

    // (b) lines of Rust.
    let our_lines = count_rs_lines(&our_crate.join("src"))?;
    let their_src = their_source_dir(&dirs[1].1)?;
    let their_lines = count_rs_lines(&their_src)?;
    p.say(&format!("lines of Rust: ours {our_lines}, theirs {their_lines} ({})", their_src.display()));

    // (c) from scratch, all dependencies, debug.
    let mut scratch = [0.0; 2];
    for (i, (side, d)) in dirs.iter().enumerate() {
        remove_dir(&d.scratch_target)?;
        p.say(&format!("{}: cargo build from scratch (debug, all dependencies) ...", side.name()));
        scratch[i] = timed(|| cargo(&d.app, &d.scratch_target, &["build", "--offline"]))?;
        p.say(&format!("{}: from-scratch build {:.1}s", side.name(), scratch[i]));
    }

    // (a) the client crate alone, dependencies prebuilt (by (c) and one more build of the crate
    // alone, whose feature set can differ from the app's).
    let mut notes = Vec::new();
    let mut alone = [0.0; 2];
    for (i, (side, d)) in dirs.iter().enumerate() {
        let pkg = side.package();
        p.say(&format!("{}: prebuilding the dependencies of {pkg} alone", side.name()));
        cargo(&d.app, &d.scratch_target, &["build", "--offline", "-p", pkg])?;
        cargo(&d.app, &d.scratch_target, &["clean", "--offline", "-p", pkg])?;
        p.say(&format!("{}: cargo build -p {pkg} (debug, dependencies prebuilt) ...", side.name()));
        let mut out = None;
        alone[i] = timed(|| {
            out = Some(cargo(&d.app, &d.scratch_target, &["build", "--offline", "-p", pkg])?);
            Ok(())
        })?;
        let compiled = compiled_packages(out.as_ref().map_or("", |o| o.stderr.as_str()));
        if compiled != [pkg] {
            let note = format!("(a) {}: the timed build compiled {} (expected only {pkg})", side.name(), compiled.join(", "));
            p.say(&format!("warning: {note}"));
            notes.push(note);
        }
        p.say(&format!("{}: {pkg} alone {:.1}s", side.name(), alone[i]));
    }

    let mut rows = vec![
        ratio_row("(a) build of the client crate alone, debug, deps prebuilt", alone, fmt_secs, Goal::AtMost(0.2)),
        ratio_row("(b) lines of Rust in the crate's src/", [our_lines as f64, their_lines as f64], fmt_count, Goal::AtMost(0.25)),
        ratio_row("(c) from-scratch debug build of the SignUp program", scratch, fmt_secs, Goal::AtMost(0.35)),
    ];

    if opts.skip_release {
        rows.push(skipped_row("(d) stripped release binary of the SignUp program", Goal::AtMost(0.5)));
        rows.push(skipped_row(&format!("(e) SignUp calls per second, {} sequential calls, release", opts.calls), Goal::AtLeast(1.0)));
    } else {
        // (d) stripped release binary.
        let mut size = [0.0; 2];
        for (i, (side, d)) in dirs.iter().enumerate() {
            p.say(&format!("{}: cargo build --release ...", side.name()));
            let secs = timed(|| cargo(&d.app, &d.target, &["build", "--release", "--offline"]).map(drop))?;
            let bin = d.binary();
            let len = fs::metadata(&bin).map_err(|e| format!("cannot stat {}: {e}", bin.display()))?.len();
            size[i] = len as f64;
            p.say(&format!("{}: release build {secs:.1}s, binary {} ({len} bytes)", side.name(), fmt_size(size[i])));
        }
        rows.push(ratio_row("(d) stripped release binary of the SignUp program", size, fmt_size, Goal::AtMost(0.5)));

        // (e) calls per second; the sides alternate so drift in machine load hits both.
        let mut per_second: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
        let mut connections: [Vec<String>; 2] = [Vec::new(), Vec::new()];
        for run in 1..=RUNS {
            for (i, (side, d)) in dirs.iter().enumerate() {
                let (cps, conns) = run_program(&d.binary(), opts.calls)?;
                p.say(&format!("{}: run {run}/{RUNS}: {cps:.0} calls/s over {conns} connection(s)", side.name()));
                per_second[i].push(cps);
                connections[i].push(conns.to_string());
            }
        }
        notes.push(format!(
            "(e) calls per second per run: ours {}, theirs {}; connections the stub accepted per run: ours {}, theirs {} \
             (more than 1: the client's pool sometimes opened a new keep-alive connection)",
            per_second[0].iter().map(|x| format!("{x:.0}")).collect::<Vec<_>>().join(", "),
            per_second[1].iter().map(|x| format!("{x:.0}")).collect::<Vec<_>>().join(", "),
            connections[0].join(", "),
            connections[1].join(", ")
        ));
        let median = |v: &mut Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        let cps = [median(&mut per_second[0]), median(&mut per_second[1])];
        let measure = format!("(e) SignUp calls per second, {} sequential calls, release (median of {RUNS})", opts.calls);
        rows.push(ratio_row(&measure, cps, fmt_rate, Goal::AtLeast(1.0)));
    }

    notes.push(format!(
        "method: (a) `cargo build -p <crate>` after `cargo clean -p <crate>`, its dependencies already built; \
         (b) lines of every .rs file under the crate's src/; (c) `cargo build` of the SignUp program with an empty \
         target folder; (d) size of its `cargo build --release` binary; (e) the release program against an HTTP/1.1 \
         stub on 127.0.0.1 in the same process, {WARMUP} warm-up calls, then the timed calls; work folder {}",
        work.display()
    ));
    notes.push(format!(
        "ours: {OUR_CRATE} generated from {}; theirs: {THEIR_CRATE} ={THEIR_VERSION} from crates.io, default features",
        model.canonicalize().unwrap_or(model.clone()).display()
    ));
    notes.push(format!(
        "{}, {} CPU(s); every build with CARGO_INCREMENTAL=0 and no RUSTFLAGS, default dev/release profiles, \
         release with strip = true; figures are noisy when the machine is busy",
        rustc_version(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    ));
    let report = Report { rows, notes, command: opts.command.clone() };
    let results = work.join("results.md");
    fs::write(&results, report.markdown()).map_err(|e| format!("cannot write {}: {e}", results.display()))?;
    p.say(&format!("wrote {}", results.display()));
    Ok(report)
}

/// Generates our crate as a standalone crate named [`OUR_CRATE`].
fn generate_ours(model: &Path, out: &Path) -> Result<(), String> {
    let spec = CrateSpec {
        model: model.to_path_buf(),
        extra_models: Vec::new(),
        out: out.to_path_buf(),
        settings: Settings {
            crate_name: OUR_CRATE.to_owned(),
            runtime: smithy_codegen::RuntimeDependency::Path(runtime_dir().display().to_string()),
            standalone: true,
            ..Default::default()
        },
    };
    let generated = generate_crate(&spec).map_err(|e| format!("generating {OUR_CRATE} failed:\n{e}"))?;
    sync::write(out, &generated.files, true).map(drop)
}

/// Writes one side's scratch program; files that already hold the right text are left alone.
fn write_app(side: Side, dir: &Path) -> Result<(), String> {
    let manifest = MANIFEST.replace("{DEPENDENCY}", &side.dependency());
    let main = PROGRAM.replace("{CRATE}", &side.package().replace('-', "_")).replace("{WARMUP}", &WARMUP.to_string());
    write_if_changed(&dir.join("Cargo.toml"), &manifest)?;
    write_if_changed(&dir.join("src/main.rs"), &main)
}

fn write_if_changed(path: &Path, contents: &str) -> Result<(), String> {
    if fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn remove_dir(dir: &Path) -> Result<(), String> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(format!("cannot remove {}: {e}", dir.display())),
        _ => Ok(()),
    }
}

/// What a command printed.
struct Captured {
    stdout: String,
    stderr: String,
}

/// Runs `cargo ARGS` in `dir` with `target` as its target folder; a failure names the command and
/// ends with the tail of its stderr.
fn cargo(dir: &Path, target: &Path, args: &[&str]) -> Result<Captured, String> {
    let program = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut cmd = Command::new(&program);
    cmd.args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS");
    let shown = format!("cargo {} (in {}, CARGO_TARGET_DIR={})", args.join(" "), dir.display(), target.display());
    capture(&mut cmd, &shown)
}

fn capture(cmd: &mut Command, shown: &str) -> Result<Captured, String> {
    let output: Output = cmd.output().map_err(|e| format!("cannot run `{shown}`: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if output.status.success() {
        return Ok(Captured { stdout, stderr });
    }
    let lines: Vec<&str> = stderr.lines().collect();
    let tail = lines[lines.len().saturating_sub(40)..].join("\n");
    Err(format!("`{shown}` failed ({}); last lines of its stderr:\n{tail}", output.status))
}

/// Seconds `f` took.
fn timed<T>(f: impl FnOnce() -> Result<T, String>) -> Result<f64, String> {
    let start = Instant::now();
    f()?;
    Ok(start.elapsed().as_secs_f64())
}

/// The packages cargo says it compiled (`Compiling NAME vVERSION ...`).
fn compiled_packages(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("Compiling "))
        .filter_map(|rest| rest.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

/// The `src/` folder of the published crate, from `cargo metadata` of their app.
fn their_source_dir(dirs: &Dirs) -> Result<PathBuf, String> {
    let out = cargo(&dirs.app, &dirs.scratch_target, &["metadata", "--format-version", "1", "--offline"])?;
    let meta: serde_json::Value =
        serde_json::from_str(&out.stdout).map_err(|e| format!("cannot parse `cargo metadata` output: {e}"))?;
    let packages = meta["packages"].as_array().ok_or("`cargo metadata` output has no packages")?;
    let manifest = packages
        .iter()
        .find(|p| p["name"] == THEIR_CRATE && p["version"] == THEIR_VERSION)
        .and_then(|p| p["manifest_path"].as_str())
        .ok_or_else(|| format!("`cargo metadata` does not list {THEIR_CRATE} {THEIR_VERSION}"))?;
    Ok(Path::new(manifest).with_file_name("src"))
}

/// Lines of every `.rs` file under `dir`.
fn count_rs_lines(dir: &Path) -> Result<usize, String> {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = fs::read_dir(&d).map_err(|e| format!("cannot read {}: {e}", d.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| format!("cannot read {}: {e}", d.display()))?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let text = fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                total += text.lines().count();
            }
        }
    }
    Ok(total)
}

/// Runs the release program once: (calls per second, connections the stub accepted).
fn run_program(bin: &Path, calls: usize) -> Result<(f64, usize), String> {
    let shown = format!("{} {calls}", bin.display());
    let out = capture(Command::new(bin).arg(calls.to_string()), &shown)?;
    let field = |name: &str| {
        out.stdout
            .split_whitespace()
            .find_map(|w| w.strip_prefix(name))
            .and_then(|v| v.parse::<f64>().ok())
            .ok_or_else(|| format!("`{shown}` printed no `{name}` figure; its output:\n{}", out.stdout))
    };
    Ok((field("calls_per_second=")?, field("connections=")? as usize))
}

fn rustc_version() -> String {
    Command::new("rustc")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "rustc (version unknown)".to_owned())
}

#[derive(Clone, Copy)]
enum Goal {
    AtMost(f64),
    AtLeast(f64),
}

impl Goal {
    fn text(self) -> String {
        match self {
            Goal::AtMost(x) => format!("≤ {x:?}"),
            Goal::AtLeast(x) => format!("≥ {x:?}"),
        }
    }

    fn met(self, ratio: f64) -> bool {
        match self {
            Goal::AtMost(x) => ratio <= x,
            Goal::AtLeast(x) => ratio >= x,
        }
    }
}

fn ratio_row(measure: &str, [ours, theirs]: [f64; 2], fmt: fn(f64) -> String, goal: Goal) -> Row {
    let ratio = ours / theirs;
    Row {
        measure: measure.to_owned(),
        ours: fmt(ours),
        theirs: fmt(theirs),
        ratio: Some(ratio),
        target: goal.text(),
        met: Some(goal.met(ratio)),
    }
}

fn skipped_row(measure: &str, goal: Goal) -> Row {
    Row {
        measure: measure.to_owned(),
        ours: "skipped".to_owned(),
        theirs: "skipped".to_owned(),
        ratio: None,
        target: goal.text(),
        met: None,
    }
}

fn fmt_secs(s: f64) -> String {
    format!("{s:.1} s")
}

fn fmt_count(n: f64) -> String {
    format!("{n:.0}")
}

fn fmt_size(bytes: f64) -> String {
    format!("{:.2} MiB", bytes / (1024.0 * 1024.0))
}

fn fmt_rate(r: f64) -> String {
    format!("{r:.0}/s")
}

/// The scratch program's manifest; `{DEPENDENCY}` is the client crate's line.
const MANIFEST: &str = r#"# Written by `cargo xtask bench-build`.
[package]
name = "signup-bench"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
{DEPENDENCY}
tokio = { version = "1", features = ["rt-multi-thread", "macros"] }

[profile.release]
strip = true

[workspace]
"#;

/// The scratch program, the same text for both sides but `{CRATE}`: a keep-alive HTTP/1.1 stub on
/// 127.0.0.1 answering every request with a fixed SignUp response, then timed sequential calls.
const PROGRAM: &str = r##"// Written by `cargo xtask bench-build`.
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use {CRATE} as cognito;
use cognito::config::{BehaviorVersion, Credentials, Region};

const BODY: &str = r#"{"UserConfirmed":false,"UserSub":"00000000-0000-0000-0000-000000000000"}"#;
const WARMUP: usize = {WARMUP};

#[tokio::main]
async fn main() {
    let calls: usize = match std::env::args().nth(1) {
        Some(n) => n.parse().expect("the argument is the number of calls"),
        None => 2000,
    };
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local address");
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = connections.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            counter.fetch_add(1, Ordering::SeqCst);
            std::thread::spawn(move || serve(stream));
        }
    });

    let config = cognito::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(format!("http://{addr}"))
        .credentials_provider(Credentials::new("AKIDEXAMPLE", "secret", None, None, "bench"))
        .build();
    let client = cognito::Client::from_conf(config);

    for _ in 0..WARMUP {
        sign_up(&client).await;
    }
    let start = Instant::now();
    for _ in 0..calls {
        sign_up(&client).await;
    }
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "calls={calls} seconds={seconds:.6} calls_per_second={:.1} connections={}",
        calls as f64 / seconds,
        connections.load(Ordering::SeqCst)
    );
}

async fn sign_up(client: &cognito::Client) {
    let result = client
        .sign_up()
        .client_id("1example23456789")
        .username("alice")
        .password("Correct-Horse-1")
        .send()
        .await;
    match result {
        Ok(out) => assert!(!out.user_confirmed(), "unexpected SignUp output: {out:?}"),
        Err(err) => {
            eprintln!("SignUp failed: {err:?}");
            std::process::exit(1);
        }
    }
}

/// Answers every request of one connection with the fixed response, until the client closes it.
fn serve(stream: TcpStream) {
    let _ = stream.set_nodelay(true);
    let Ok(mut writer) = stream.try_clone() else { return };
    let mut reader = BufReader::new(stream);
    let response = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\n\
         x-amzn-requestid: 00000000-1111-2222-3333-444444444444\r\nContent-Length: {}\r\n\r\n{BODY}",
        BODY.len()
    );
    let mut line = String::new();
    let mut body = Vec::new();
    loop {
        let (mut length, mut chunked, mut started) = (0usize, false, false);
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let header = line.trim_end();
            if header.is_empty() {
                if started {
                    break;
                }
                continue;
            }
            started = true;
            if let Some((name, value)) = header.split_once(':') {
                let (name, value) = (name.trim(), value.trim());
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.parse().unwrap_or(0);
                } else if name.eq_ignore_ascii_case("transfer-encoding") {
                    chunked = value.eq_ignore_ascii_case("chunked");
                }
            }
        }
        if chunked {
            loop {
                line.clear();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or("0"), 16).unwrap_or(0);
                body.resize(size + 2, 0);
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                if size == 0 {
                    break;
                }
            }
        } else {
            body.resize(length, 0);
            if reader.read_exact(&mut body).is_err() {
                return;
            }
        }
        if writer.write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}
"##;
