//! Generated crates can be consumed outside this repository: the runtime dependency is the one
//! the user chose (registry version, path or git, each naming the runtime's version), package
//! metadata comes from `model/<stem>.settings.json`, and the generator's idea of the runtime's
//! version is the runtime's own.

use smithy_codegen::{PackageMetadata, RuntimeDependency, Settings, RUNTIME_VERSION};

const MODEL: &str = r#"{"smithy": "2.0", "shapes": {
    "example.weather#Weather": {"type": "service", "version": "2024-01-01", "traits": {"aws.protocols#restJson1": {}}}
}}"#;

fn cargo_toml(settings: Settings) -> String {
    let generated = smithy_codegen::generate("weather.json", MODEL, &settings).unwrap_or_else(|e| panic!("{e}"));
    generated.files["Cargo.toml"].clone()
}

#[test]
fn the_runtime_version_is_the_runtimes_own() {
    let manifest = std::fs::read_to_string(xtask::runtime_dir().join("Cargo.toml")).expect("runtime/Cargo.toml");
    assert!(manifest.contains(&format!("\nversion = \"{RUNTIME_VERSION}\"\n")), "runtime/Cargo.toml is not at {RUNTIME_VERSION}");
    assert!(!manifest.contains("publish = false") && !manifest.contains("publish.workspace"), "the runtime is publishable");
}

#[test]
fn the_runtime_dependency_is_the_users_choice() {
    let with = |runtime| cargo_toml(Settings { crate_name: "weather".into(), runtime, ..Default::default() });
    let by_default = with(RuntimeDependency::default());
    assert!(by_default.contains(&format!("smithy-client-runtime = {{ version = \"{RUNTIME_VERSION}\", default-features = false")), "{by_default}");
    let path = with(RuntimeDependency::Path("../runtime".into()));
    assert!(path.contains(&format!("{{ path = \"../runtime\", version = \"{RUNTIME_VERSION}\"")), "{path}");
    let git = with(RuntimeDependency::Git("https://example.com/smithy-codegen.git".into()));
    assert!(git.contains(&format!("{{ git = \"https://example.com/smithy-codegen.git\", version = \"{RUNTIME_VERSION}\"")), "{git}");
}

#[test]
fn package_metadata_comes_from_the_settings() {
    let plain = cargo_toml(Settings { crate_name: "weather".into(), ..Default::default() });
    assert!(plain.contains("version = \"0.1.0\"") && plain.contains("publish = false") && !plain.contains("license"), "{plain}");
    let package = PackageMetadata {
        version: Some("2.3.4".into()),
        description: Some("Weather \"now\"".into()),
        license: Some("MIT OR Apache-2.0".into()),
        publish: true,
    };
    let custom = cargo_toml(Settings { crate_name: "weather".into(), package, ..Default::default() });
    assert!(custom.contains("version = \"2.3.4\""), "{custom}");
    assert!(custom.contains("description = \"Weather \\\"now\\\"\""), "{custom}");
    assert!(custom.contains("license = \"MIT OR Apache-2.0\"") && !custom.contains("publish"), "{custom}");
    let bookstore = std::fs::read_to_string(xtask::repo_root().join("generated/bookstore/Cargo.toml")).expect("bookstore");
    assert!(bookstore.contains("license = \"Apache-2.0\"") && !bookstore.contains("publish = false"), "{bookstore}");
}
