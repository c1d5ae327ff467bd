//! `smithy-codegen`: the generator as a command of its own (`cargo install --path cli`), for use
//! in any directory: `generate`, `model-json`, `validate`. It never falls back on this
//! repository's models or folders: a crate is generated from `--model`/`--out`, or from a
//! `smithy-codegen.json` in the current directory.

use std::process::ExitCode;

use xtask::cli::{self, say, Args};

// The generator allocates many small token and syntax-tree nodes; mimalloc is faster at it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
smithy-codegen: Rust clients shaped like the AWS SDK for Rust, from Smithy models (IDL or JSON AST)

usage:
  smithy-codegen generate --model PATH --out DIR [options]
                               write one client crate into DIR; PATH is a .smithy (IDL) or .json (JSON
                               AST) file or a folder of them, and --model may be given several times
                               (all read as one model)
  smithy-codegen generate --models DIR --out DIR [options]
                               one crate per *.json model in DIR, into DIR/<model name>
  smithy-codegen generate      with neither, the settings of ./smithy-codegen.json:
                               {\"model\": \"weather/\" or [...], \"out\": \"../weather-client\", \"crate_name\": ...,
                                \"service\": ..., \"operations\": [...], \"runtime_path\" | \"runtime_git\" |
                                \"runtime_version\": ...}
  smithy-codegen model-json PATH...
                               print the JSON AST of the model the files or folders hold (keys sorted)
  smithy-codegen validate PATH...
                               check the model as the generator does; print every problem (with its
                               file, line and column) and every warning; exit 1 if it has errors
  smithy-codegen --version     print the version
  smithy-codegen --help        print this text

generate options:
  --crate-name NAME            the crate's package name (default: the first model's file name)
  --service SHAPE_ID           the service to generate when the model defines several
  --operations A,B             only these operations and the shapes they reach
  --force                      write into a folder holding files the generator did not write (they are
                               kept; each one overwritten is listed)
  --runtime-path PATH | --runtime-git URL | --runtime-version REQ
                               where the crate takes smithy-client-runtime from; with none, a copy of it
                               is written into the crate's smithy-client-runtime/ folder (beside the
                               crates with --models), so the crate builds anywhere

A model with problems is refused as a whole and nothing is written. The generator writes only its
own files: each crate folder lists them in .smithy-codegen-files, and only those are ever deleted.";

/// The settings file `generate` reads when given neither `--model` nor `--out`.
const SETTINGS_FILE: &str = "smithy-codegen.json";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(why)) => {
            eprintln!("smithy-codegen: {why}\n\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Failed(why)) => {
            eprintln!("{why}");
            ExitCode::FAILURE
        }
    }
}

/// Why a command did not succeed: it was called wrongly, or it failed.
enum Failure {
    Usage(String),
    Failed(String),
}

fn run(args: &[String]) -> Result<(), Failure> {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        say(USAGE);
        return Ok(());
    }
    if args.iter().any(|a| a == "--version" || a == "-V") {
        say(&format!("smithy-codegen {} (writes code for smithy-client-runtime {})", env!("CARGO_PKG_VERSION"), smithy_codegen::RUNTIME_VERSION));
        return Ok(());
    }
    let (command, rest) = args.split_first().ok_or_else(|| Failure::Usage("which command? (generate, model-json, validate)".to_owned()))?;
    match command.as_str() {
        "generate" => generate(rest),
        "model-json" => cli::model_json(rest).map_err(Failure::Failed),
        "validate" => cli::validate(rest).map_err(Failure::Failed),
        other => Err(Failure::Usage(format!("unknown command `{other}` (the commands are generate, model-json and validate)"))),
    }
}

fn generate(rest: &[String]) -> Result<(), Failure> {
    let args = Args::parse(rest, cli::GENERATE_VALUES, cli::GENERATE_BARE).map_err(Failure::Usage)?;
    match (args.value("--model"), args.value("--models"), args.value("--out")) {
        (Some(model), None, Some(out)) => cli::generate_one(&args, model, out).map_err(Failure::Failed),
        (None, Some(models), Some(out)) => cli::generate_batch(&args, models, out).map_err(Failure::Failed),
        (None, None, None) if rest.iter().all(|a| a == "--force") => from_settings_file(rest.iter().any(|a| a == "--force")),
        _ => Err(Failure::Usage("generate needs --model PATH (or --models DIR) and --out DIR, or a ./smithy-codegen.json".to_owned())),
    }
}

/// `generate` with the settings of `./smithy-codegen.json`, turned into the same flags.
fn from_settings_file(force: bool) -> Result<(), Failure> {
    let text = std::fs::read_to_string(SETTINGS_FILE).map_err(|_| {
        Failure::Usage(format!("generate needs --model PATH and --out DIR, or a {SETTINGS_FILE} in the current directory"))
    })?;
    let mut flags = settings_flags(&text).map_err(|e| Failure::Failed(format!("{SETTINGS_FILE}: {e}")))?;
    if force {
        flags.push("--force".to_owned());
    }
    generate(&flags)
}

/// The `generate` flags a settings file stands for.
fn settings_flags(text: &str) -> Result<Vec<String>, String> {
    let json: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let object = json.as_object().ok_or("the settings must be a JSON object")?;
    let mut flags = Vec::new();
    for (key, value) in object {
        let strings: Vec<String> = match value {
            serde_json::Value::String(s) => vec![s.clone()],
            serde_json::Value::Array(items) => items.iter().map(|i| i.as_str().map(str::to_owned).ok_or(format!("`{key}` must hold strings"))).collect::<Result<_, _>>()?,
            _ => return Err(format!("`{key}` must be a string or a list of strings")),
        };
        let flag = match key.as_str() {
            "model" => "--model",
            "models" => "--models",
            "out" => "--out",
            "crate_name" => "--crate-name",
            "service" => "--service",
            "runtime_path" => "--runtime-path",
            "runtime_git" => "--runtime-git",
            "runtime_version" => "--runtime-version",
            "operations" => {
                flags.extend(["--operations".to_owned(), strings.join(",")]);
                continue;
            }
            other => return Err(format!("unknown setting `{other}` (known: model, models, out, crate_name, service, operations, runtime_path, runtime_git, runtime_version)")),
        };
        for s in strings {
            flags.extend([flag.to_owned(), s]);
        }
    }
    Ok(flags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_files_become_flags() {
        let flags = settings_flags(r#"{"model": ["a.smithy", "b/"], "out": "../c", "operations": ["GetX", "PutX"]}"#).expect("valid");
        let mut pairs: Vec<(String, String)> = flags.chunks(2).map(|p| (p[0].clone(), p[1].clone())).collect();
        pairs.sort();
        let want = [("--model", "a.smithy"), ("--model", "b/"), ("--operations", "GetX,PutX"), ("--out", "../c")];
        assert_eq!(pairs, want.map(|(f, v)| (f.to_owned(), v.to_owned())));
        assert!(settings_flags(r#"{"modle": "a"}"#).expect_err("typo").contains("unknown setting `modle`"));
        assert!(settings_flags("[]").is_err());
    }
}
