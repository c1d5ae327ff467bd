//! `smithy-codegen`: the generator as an installable command (`cargo install --path xtask`),
//! taking the options of `cargo xtask codegen` (`smithy-codegen --model FILE --out DIR ...`).

#[allow(dead_code)]
#[path = "../main.rs"]
mod cli;

fn main() -> std::process::ExitCode {
    cli::run(std::iter::once("codegen".to_owned()).chain(std::env::args().skip(1)).collect())
}
