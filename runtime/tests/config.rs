//! `Config`: builders, `from_env` against real environment variables and profile files, and
//! `Debug` redaction. Tests that touch the environment hold `ENV` for their whole run.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use smithy_client_runtime::config::{
    BehaviorVersion, Builder, Config, Credentials, ProvideCredentials, Region, RetryConfig,
    TimeoutConfig,
};

static ENV: Mutex<()> = Mutex::new(());

const VARIABLES: &[&str] = &[
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_ENDPOINT_URL",
    "AWS_PROFILE",
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_MAX_ATTEMPTS",
    "AWS_RETRY_MODE",
];

/// Runs `f` with exactly `vars` set among the AWS variables (profile files pointed at a path
/// that does not exist unless given), then restores the previous environment.
fn with_env<T>(vars: &[(&str, &str)], f: impl FnOnce() -> T) -> T {
    let _guard = ENV.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let saved: Vec<(&str, Option<String>)> = VARIABLES
        .iter()
        .map(|name| (*name, std::env::var(name).ok()))
        .collect();
    let missing = std::env::temp_dir().join("smithy-client-runtime-no-such-file");
    for name in VARIABLES {
        std::env::remove_var(name);
    }
    std::env::set_var("AWS_CONFIG_FILE", &missing);
    std::env::set_var("AWS_SHARED_CREDENTIALS_FILE", &missing);
    for (name, value) in vars {
        std::env::set_var(name, value);
    }
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    for (name, value) in saved {
        match value {
            Some(value) => std::env::set_var(name, value),
            None => std::env::remove_var(name),
        }
    }
    match result {
        Ok(value) => value,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

struct TempFile(PathBuf);

impl TempFile {
    fn new(tag: &str, contents: &str) -> TempFile {
        let path = std::env::temp_dir().join(format!(
            "smithy-client-runtime-{}-{tag}-{}",
            std::process::id(),
            fastrand::u64(..)
        ));
        std::fs::write(&path, contents).expect("write temp file");
        TempFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("utf-8 temp path")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn credentials_of(config: &Config) -> Option<Credentials> {
    let provider = config.credentials_provider()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    runtime.block_on(provider.provide_credentials()).ok()
}

#[test]
fn from_env_reads_environment_variables() {
    let config = with_env(
        &[
            ("AWS_REGION", "eu-west-1"),
            ("AWS_DEFAULT_REGION", "us-west-2"),
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", "env-secret"),
            ("AWS_SESSION_TOKEN", "env-token"),
            ("AWS_ENDPOINT_URL", "http://localhost:4566"),
            ("AWS_MAX_ATTEMPTS", "5"),
        ],
        Config::from_env,
    );
    assert_eq!(config.region().map(Region::as_ref), Some("eu-west-1"));
    assert_eq!(config.endpoint_url(), Some("http://localhost:4566"));
    assert_eq!(
        config.retry_config().map(RetryConfig::max_attempts),
        Some(5)
    );
    assert!(config.behavior_version().is_some());
    let creds = credentials_of(&config).expect("credentials");
    assert_eq!(creds.access_key_id(), "AKIDENV");
    assert_eq!(creds.secret_access_key(), "env-secret");
    assert_eq!(creds.session_token(), Some("env-token"));

    let config = with_env(&[("AWS_DEFAULT_REGION", "us-west-2")], || {
        Builder::from_env().build()
    });
    assert_eq!(config.region().map(Region::as_ref), Some("us-west-2"));
    assert!(config.credentials_provider().is_none());
    assert!(config.endpoint_url().is_none());
}

#[test]
fn from_env_reads_profile_files() {
    let config_file = TempFile::new(
        "config",
        "[default]\nregion = us-east-2\n\n[profile work]\nregion = ap-southeast-2\n\
         aws_access_key_id = FROMCONFIG\naws_secret_access_key = config-secret\n\
         endpoint_url = https://work.example\n",
    );
    let credentials_file = TempFile::new(
        "credentials",
        "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = default-secret\n\n\
         [work]\naws_access_key_id = AKIDWORK\naws_secret_access_key = work-secret\n\
         aws_session_token = work-token\n",
    );
    let files = [
        ("AWS_CONFIG_FILE", config_file.path()),
        ("AWS_SHARED_CREDENTIALS_FILE", credentials_file.path()),
    ];

    let config = with_env(&files, Config::from_env);
    assert_eq!(config.region().map(Region::as_ref), Some("us-east-2"));
    let creds = credentials_of(&config).expect("credentials");
    assert_eq!(creds.access_key_id(), "AKIDDEFAULT");
    assert_eq!(creds.secret_access_key(), "default-secret");
    assert_eq!(creds.session_token(), None);

    let mut vars = files.to_vec();
    vars.push(("AWS_PROFILE", "work"));
    let config = with_env(&vars, Config::from_env);
    assert_eq!(config.region().map(Region::as_ref), Some("ap-southeast-2"));
    assert_eq!(config.endpoint_url(), Some("https://work.example"));
    let creds = credentials_of(&config).expect("credentials");
    assert_eq!(creds.access_key_id(), "AKIDWORK", "credentials file wins");
    assert_eq!(creds.secret_access_key(), "work-secret");
    assert_eq!(creds.session_token(), Some("work-token"));

    // Environment variables win over the profile.
    vars.push(("AWS_REGION", "sa-east-1"));
    vars.push(("AWS_ACCESS_KEY_ID", "AKIDENV"));
    vars.push(("AWS_SECRET_ACCESS_KEY", "env-secret"));
    let config = with_env(&vars, Config::from_env);
    assert_eq!(config.region().map(Region::as_ref), Some("sa-east-1"));
    assert_eq!(
        credentials_of(&config)
            .map(|c| c.access_key_id().to_owned())
            .as_deref(),
        Some("AKIDENV")
    );

    // A profile that exists in neither file gives nothing.
    let mut vars = files.to_vec();
    vars.push(("AWS_PROFILE", "absent"));
    let config = with_env(&vars, Config::from_env);
    assert!(config.region().is_none());
    assert!(config.credentials_provider().is_none());
}

#[test]
fn debug_never_shows_the_secret_key() {
    let config = Config::builder()
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            "AKIDVISIBLE",
            "super-secret-key-value",
            Some("session-token-value".into()),
            None,
            "test",
        ))
        .build();
    for text in [
        format!("{config:?}"),
        format!("{config:#?}"),
        format!("{:?}", config.to_builder()),
    ] {
        assert!(!text.contains("super-secret-key-value"), "{text}");
        assert!(!text.contains("session-token-value"), "{text}");
        assert!(text.contains("us-east-1"), "{text}");
    }

    let env_config = with_env(
        &[
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", "env-secret-value"),
        ],
        Config::from_env,
    );
    assert!(!format!("{env_config:?}").contains("env-secret-value"));
}

#[test]
fn builder_setters_and_to_builder() {
    let retry = RetryConfig::standard().with_max_attempts(7);
    let timeouts = TimeoutConfig::builder()
        .operation_timeout(Duration::from_secs(3))
        .build();
    let config = Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("eu-north-1"))
        .endpoint_url("http://localhost:1")
        .retry_config(retry.clone())
        .timeout_config(timeouts.clone())
        .build();
    assert_eq!(config.retry_config(), Some(&retry));
    assert_eq!(config.timeout_config(), Some(&timeouts));
    assert_eq!(config.behavior_version(), Some(BehaviorVersion::latest()));

    let mut builder = config.to_builder();
    builder
        .set_region(None)
        .set_endpoint_url(None)
        .set_retry_config(None)
        .set_timeout_config(None)
        .set_behavior_version(None)
        .set_credentials_provider(None);
    let cleared = builder.build();
    assert!(cleared.region().is_none());
    assert!(cleared.endpoint_url().is_none());
    assert!(cleared.retry_config().is_none());
    assert!(cleared.timeout_config().is_none());
    assert!(cleared.behavior_version().is_none());
    // The original is unchanged.
    assert_eq!(config.region().map(Region::as_ref), Some("eu-north-1"));
}

#[test]
fn from_sdk_config() {
    let sdk = aws_types::SdkConfig::builder()
        .region(Region::new("ca-central-1"))
        .endpoint_url("http://localhost:2")
        .credentials_provider(
            smithy_client_runtime::config::SharedCredentialsProvider::new(Credentials::new(
                "AKIDSDK",
                "sdk-secret",
                None,
                None,
                "sdk",
            )),
        )
        .retry_config(RetryConfig::disabled())
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(1))
                .build(),
        )
        .behavior_version(BehaviorVersion::latest())
        .build();
    let config = Builder::from(&sdk).build();
    assert_eq!(config.region().map(Region::as_ref), Some("ca-central-1"));
    assert_eq!(config.endpoint_url(), Some("http://localhost:2"));
    assert_eq!(
        config.retry_config().map(RetryConfig::max_attempts),
        Some(1)
    );
    assert_eq!(
        config
            .timeout_config()
            .and_then(TimeoutConfig::connect_timeout),
        Some(Duration::from_secs(1))
    );
    assert!(config.behavior_version().is_some());
    assert_eq!(
        credentials_of(&config)
            .map(|c| c.access_key_id().to_owned())
            .as_deref(),
        Some("AKIDSDK")
    );
}
