//! Auth tokens of databases that take IAM credentials as a password (Amazon RDS and Aurora's
//! IAM database authentication, Amazon Aurora DSQL): a URL presigned with SigV4, for the
//! database's host, without its scheme. The generated RDS and DSQL crates re-export these
//! types at `crate::auth_token`, with the official crates' names.

use std::fmt;
use std::time::{Duration, SystemTime};

use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SignatureLocation, SigningSettings};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use aws_types::region::Region;
use aws_types::SdkConfig;

use crate::error::BoxError;

/// How long a token is valid unless set otherwise (15 minutes).
pub const DEFAULT_EXPIRES_IN: Duration = Duration::from_secs(900);

/// An auth token: the password to connect with.
#[derive(Clone, PartialEq, Eq)]
pub struct AuthToken {
    inner: String,
    expires_after: SystemTime,
}

impl AuthToken {
    /// The token.
    pub fn as_str(&self) -> &str {
        &self.inner
    }

    /// When the token stops being accepted.
    pub fn expires_after(&self) -> SystemTime {
        self.expires_after
    }
}

impl fmt::Debug for AuthToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthToken").field("inner", &"** redacted **").field("expires_after", &self.expires_after).finish()
    }
}

impl fmt::Display for AuthToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.inner)
    }
}

/// A required setting of a token generator's configuration is missing.
#[derive(Debug)]
pub struct BuildError(&'static str);

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` must be set to build the auth token configuration", self.0)
    }
}

impl std::error::Error for BuildError {}

/// Presigns `GET https://{host}/?{query}` for `service` and returns it without `https://`.
/// Region and credentials come from the generator's settings, else from `sdk`; the time from
/// `sdk`'s time source.
async fn presigned(
    host: &str,
    query: &[(&str, &str)],
    service: &str,
    settings: &Common,
    sdk: &SdkConfig,
) -> Result<AuthToken, BoxError> {
    let region = settings.region.clone().or_else(|| sdk.region().cloned()).ok_or("an auth token needs a region: set it on the token configuration or the SdkConfig")?;
    let provider = settings.credentials.clone().or_else(|| sdk.credentials_provider()).ok_or("an auth token needs credentials: set them on the token configuration or the SdkConfig")?;
    let credentials = provider.provide_credentials().await?;
    let now = sdk.time_source().map(|t| t.now()).unwrap_or_else(SystemTime::now);
    let expires_in = settings.expires_in.unwrap_or(DEFAULT_EXPIRES_IN);
    let identity = Identity::from(credentials);
    let mut signing = SigningSettings::default();
    signing.signature_location = SignatureLocation::QueryParams;
    signing.expires_in = Some(expires_in);
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region.as_ref())
        .name(service)
        .time(now)
        .settings(signing)
        .build()?
        .into();
    let query: String = query.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&");
    let url = format!("https://{host}/?{query}");
    let signable = SignableRequest::new("GET", &url, std::iter::empty(), SignableBody::Bytes(&[]))?;
    let (instructions, _) = sign(signable, &params)?.into_parts();
    let mut request = http::Request::builder().uri(&url).body(())?;
    instructions.apply_to_request_http1x(&mut request);
    let uri = request.uri().to_string();
    let inner = uri.strip_prefix("https://").unwrap_or(&uri).to_owned();
    Ok(AuthToken { inner, expires_after: now + expires_in })
}

fn encode(text: &str) -> String {
    aws_smithy_http::query::fmt_string(text)
}

/// The settings both generators share.
#[derive(Clone, Debug, Default)]
struct Common {
    region: Option<Region>,
    credentials: Option<SharedCredentialsProvider>,
    expires_in: Option<Duration>,
}

macro_rules! common_setters {
    () => {
        /// The region the database is in (else the `SdkConfig`'s).
        pub fn region(mut self, region: Region) -> Self {
            self.common.region = Some(region);
            self
        }
        /// The credentials the token carries (else the `SdkConfig`'s).
        pub fn credentials(mut self, credentials: impl ProvideCredentials + 'static) -> Self {
            self.common.credentials = Some(SharedCredentialsProvider::new(credentials));
            self
        }
        /// How long the token is valid (default 15 minutes).
        pub fn expires_in(mut self, expires_in: Duration) -> Self {
            self.common.expires_in = Some(expires_in);
            self
        }
    };
}

/// Amazon RDS and Aurora IAM database authentication: `AuthTokenGenerator::new(config)` and
/// `auth_token(&sdk_config)`, a presigned `Action=connect&DBUser={username}` for
/// `{hostname}:{port}`, signed for `rds-db`.
pub mod rds {
    use super::*;

    /// What a token is for.
    #[derive(Clone, Debug)]
    pub struct Config {
        hostname: String,
        port: u64,
        username: String,
        common: Common,
    }

    impl Config {
        /// A builder.
        pub fn builder() -> ConfigBuilder {
            ConfigBuilder::default()
        }
    }

    /// Builds a [`Config`]: hostname, port and username are required.
    #[derive(Clone, Debug, Default)]
    pub struct ConfigBuilder {
        hostname: Option<String>,
        port: Option<u64>,
        username: Option<String>,
        common: Common,
    }

    impl ConfigBuilder {
        /// The database's host name.
        pub fn hostname(mut self, hostname: impl Into<String>) -> Self {
            self.hostname = Some(hostname.into());
            self
        }
        /// The database's port.
        pub fn port(mut self, port: u64) -> Self {
            self.port = Some(port);
            self
        }
        /// The database user the token logs in as.
        pub fn username(mut self, username: impl Into<String>) -> Self {
            self.username = Some(username.into());
            self
        }
        common_setters!();
        /// The configuration, or the first required setting that is missing.
        pub fn build(self) -> Result<Config, BuildError> {
            Ok(Config {
                hostname: self.hostname.ok_or(BuildError("hostname"))?,
                port: self.port.ok_or(BuildError("port"))?,
                username: self.username.ok_or(BuildError("username"))?,
                common: self.common,
            })
        }
    }

    /// Makes auth tokens for one database user.
    #[derive(Clone, Debug)]
    pub struct AuthTokenGenerator {
        config: Config,
    }

    impl AuthTokenGenerator {
        /// A generator for the database and user `config` names.
        pub fn new(config: Config) -> Self {
            Self { config }
        }

        /// A token, valid from now for the configured time.
        pub async fn auth_token(&self, sdk: &SdkConfig) -> Result<AuthToken, BoxError> {
            let c = &self.config;
            let host = format!("{}:{}", c.hostname, c.port);
            presigned(&host, &[("Action", "connect"), ("DBUser", &c.username)], "rds-db", &c.common, sdk).await
        }
    }
}

/// Amazon Aurora DSQL: `AuthTokenGenerator::new(config)` and `db_connect_auth_token` /
/// `db_connect_admin_auth_token(&sdk_config)`, a presigned `Action=DbConnect` (or
/// `DbConnectAdmin`) for the cluster's `{hostname}`, signed for `dsql`.
pub mod dsql {
    use super::*;

    /// What a token is for.
    #[derive(Clone, Debug)]
    pub struct Config {
        hostname: String,
        common: Common,
    }

    impl Config {
        /// A builder.
        pub fn builder() -> ConfigBuilder {
            ConfigBuilder::default()
        }
    }

    /// Builds a [`Config`]: the hostname is required.
    #[derive(Clone, Debug, Default)]
    pub struct ConfigBuilder {
        hostname: Option<String>,
        common: Common,
    }

    impl ConfigBuilder {
        /// The cluster's endpoint host name.
        pub fn hostname(mut self, hostname: impl Into<String>) -> Self {
            self.hostname = Some(hostname.into());
            self
        }
        common_setters!();
        /// The configuration, or the missing hostname.
        pub fn build(self) -> Result<Config, BuildError> {
            Ok(Config { hostname: self.hostname.ok_or(BuildError("hostname"))?, common: self.common })
        }
    }

    /// Makes auth tokens for one cluster.
    #[derive(Clone, Debug)]
    pub struct AuthTokenGenerator {
        config: Config,
    }

    impl AuthTokenGenerator {
        /// A generator for the cluster `config` names.
        pub fn new(config: Config) -> Self {
            Self { config }
        }

        /// A token for a custom database role (`Action=DbConnect`).
        pub async fn db_connect_auth_token(&self, sdk: &SdkConfig) -> Result<AuthToken, BoxError> {
            presigned(&self.config.hostname, &[("Action", "DbConnect")], "dsql", &self.config.common, sdk).await
        }

        /// A token for the `admin` role (`Action=DbConnectAdmin`).
        pub async fn db_connect_admin_auth_token(&self, sdk: &SdkConfig) -> Result<AuthToken, BoxError> {
            presigned(&self.config.hostname, &[("Action", "DbConnectAdmin")], "dsql", &self.config.common, sdk).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_credential_types::Credentials;
    use aws_smithy_async::time::StaticTimeSource;

    fn sdk() -> SdkConfig {
        let time = StaticTimeSource::new(SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000));
        SdkConfig::builder()
            .region(Region::new("us-east-1"))
            .credentials_provider(SharedCredentialsProvider::new(Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None, None, "test")))
            .time_source(time)
            .build()
    }

    // The expected tokens are botocore's (the AWS SDK for Python), an independent
    // implementation, at the same time with the same keys: tests/e2e/botocore_auth_tokens.py.
    #[tokio::test]
    async fn rds_tokens_match_botocore() {
        let config = rds::Config::builder().hostname("prod-instance.us-east-1.rds.amazonaws.com").port(3306).username("peccy").build().expect("config");
        let token = rds::AuthTokenGenerator::new(config).auth_token(&sdk()).await.expect("token");
        assert_eq!(
            token.as_str(),
            "prod-instance.us-east-1.rds.amazonaws.com:3306/?Action=connect&DBUser=peccy&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20231114%2Fus-east-1%2Frds-db%2Faws4_request&X-Amz-Date=20231114T221320Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=3b491f61b5b8d95cac8a8ec2cb09a57c2155cacc39742d67ed49cb410167df0e"
        );
        assert_eq!(token.expires_after(), SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_900));
        assert!(!format!("{token:?}").contains("Signature"), "Debug hides the token");
    }

    #[tokio::test]
    async fn dsql_tokens_match_botocore() {
        let generator = dsql::AuthTokenGenerator::new(dsql::Config::builder().hostname("peccy.dsql.us-east-1.on.aws").build().expect("config"));
        let token = generator.db_connect_auth_token(&sdk()).await.expect("token");
        assert_eq!(token.as_str(), "peccy.dsql.us-east-1.on.aws/?Action=DbConnect&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20231114%2Fus-east-1%2Fdsql%2Faws4_request&X-Amz-Date=20231114T221320Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=f157325e2a92f51f0533eb2ddf052fbabab4d5d9965f37e9907ddc5817446b38");
        let admin = generator.db_connect_admin_auth_token(&sdk()).await.expect("token");
        assert_eq!(admin.as_str(), "peccy.dsql.us-east-1.on.aws/?Action=DbConnectAdmin&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20231114%2Fus-east-1%2Fdsql%2Faws4_request&X-Amz-Date=20231114T221320Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=450b7fce3b0f4e1bdcbace13dc60d50fa0d8d8a4fbca698b272b014ca959f696");
    }

    #[tokio::test]
    async fn missing_settings_are_named() {
        assert_eq!(rds::Config::builder().hostname("h").port(1).build().expect_err("no user").to_string(), "`username` must be set to build the auth token configuration");
        let config = dsql::Config::builder().hostname("h").build().expect("config");
        let error = dsql::AuthTokenGenerator::new(config).db_connect_auth_token(&SdkConfig::builder().build()).await.expect_err("no region");
        assert!(error.to_string().contains("needs a region"), "{error}");
    }
}
