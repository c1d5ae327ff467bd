// The end-to-end STS story (awsQuery), written against a client crate generated from the AWS STS
// model and imported as `sts`. It is `include!`d at module level by a test file that first does
// `use <generated crate> as sts;` (see tests/e2e/aws-models.sh), with `mod moto`
// (tests/e2e/moto.rs) at its root.

pub use sts_e2e::run_sts_story;

/// The story's steps and helpers.
pub mod sts_e2e {
    use super::moto::Access;
    use super::sts;
    use sts::error::{DisplayErrorContext, ProvideErrorMetadata};

    const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/e2e-sts-role";
    const SESSION: &str = "e2e-session";
    const REDACTED: &str = "*** Sensitive Data Redacted ***";

    fn expect_ok<T, E: std::error::Error>(step: &str, result: Result<T, E>) -> T {
        match result {
            Ok(value) => value,
            Err(err) => panic!("{step} failed: {}\n{err:?}", DisplayErrorContext(&err)),
        }
    }

    fn client(endpoint: &str, credentials: sts::config::Credentials) -> sts::Client {
        let config = sts::Config::builder()
            .behavior_version(sts::config::BehaviorVersion::latest())
            .region(sts::config::Region::new("us-east-1"))
            .endpoint_url(endpoint)
            .credentials_provider(credentials)
            .build();
        sts::Client::from_conf(config)
    }

    /// `Debug` of a value holding credentials shows none of their secrets.
    fn assert_redacted(what: &str, debug: &str, secrets: &[&str]) {
        assert!(debug.contains(REDACTED), "{what}: {debug}");
        for secret in secrets {
            assert!(!debug.contains(secret), "{what} shows a secret: {debug}");
        }
    }

    /// A client with the right access key id but a wrong secret is refused with
    /// `SignatureDoesNotMatch`: moto really checks the signatures this story's calls pass with.
    async fn wrong_secret_is_refused(access: &Access) -> String {
        let credentials = sts::config::Credentials::new(access.access_key_id(), "deliberately-wrong-secret", None, None, "e2e");
        let wrong = client(access.endpoint(), credentials);
        let err = wrong.get_caller_identity().send().await.expect_err("a wrong secret is refused");
        let status = err.raw_response().map(|r| r.status().as_u16());
        assert_eq!(err.code(), Some("SignatureDoesNotMatch"), "{}", DisplayErrorContext(&err));
        assert_eq!(status, Some(403), "{}", DisplayErrorContext(&err));
        format!(
            "GetCallerIdentity signed with key {} and a wrong secret -> HTTP 403, code() {}",
            access.access_key_id(),
            err.code().unwrap_or("-")
        )
    }

    /// Runs the story against `access`'s endpoint, signing with its key, and returns one
    /// transcript line per step.
    pub async fn run_sts_story(access: &Access) -> Vec<String> {
        let mut t = Vec::new();
        let endpoint = access.endpoint();
        let key = sts::config::Credentials::new(access.access_key_id(), access.secret_access_key(), None, None, "e2e");
        let base = client(endpoint, key);
        t.push(format!("Client::from_conf -> endpoint {endpoint}, key {}", access.access_key_id()));

        let me = expect_ok("GetCallerIdentity", base.get_caller_identity().send().await);
        assert_eq!(me.account(), Some("123456789012"));
        assert!(me.arn().is_some_and(|arn| arn.ends_with(":user/e2e-story-user")), "{me:?}");
        let request_id = sts::operation::RequestId::request_id(&me).map(str::to_owned);
        assert!(request_id.is_some(), "no request id: {me:?}");
        t.push(format!("GetCallerIdentity -> account 123456789012, arn {}, request id {}", me.arn().unwrap_or("-"), request_id.unwrap_or_default()));

        t.push(wrong_secret_is_refused(access).await);

        let assumed = expect_ok(
            "AssumeRole",
            base.assume_role().role_arn(ROLE_ARN).role_session_name(SESSION).duration_seconds(900).send().await,
        );
        let credentials = assumed.credentials().expect("AssumeRole returns credentials").clone();
        assert!(credentials.access_key_id().starts_with("ASIA"), "{}", credentials.access_key_id());
        assert!(!credentials.secret_access_key().is_empty() && !credentials.session_token().is_empty());
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs();
        let expires = u64::try_from(credentials.expiration().secs()).expect("a later expiration");
        assert!(expires > now && expires <= now + 960, "expiration {expires}, now {now}");
        let user = assumed.assumed_role_user().expect("the assumed role user");
        assert!(user.arn().ends_with(&format!("assumed-role/e2e-sts-role/{SESSION}")), "{}", user.arn());
        let secrets = [credentials.secret_access_key(), credentials.session_token()];
        assert_redacted("AssumeRoleOutput", &format!("{assumed:?}"), &secrets);
        assert_redacted("Credentials", &format!("{credentials:?}"), &secrets);
        assert_redacted("Credentials (pretty)", &format!("{credentials:#?}"), &secrets);
        t.push(format!(
            "AssumeRole {ROLE_ARN} -> {} credentials for {}s, {}; Debug hides the secret key and session token",
            &credentials.access_key_id()[..4],
            expires - now,
            user.arn()
        ));

        let as_role = client(
            endpoint,
            sts::config::Credentials::new(
                credentials.access_key_id(),
                credentials.secret_access_key(),
                Some(credentials.session_token().to_owned()),
                None,
                "assumed",
            ),
        );
        let who = expect_ok("GetCallerIdentity as the role", as_role.get_caller_identity().send().await);
        assert!(who.arn().is_some_and(|arn| arn.contains("assumed-role/e2e-sts-role")), "{who:?}");
        t.push(format!("GetCallerIdentity signed with the assumed credentials (session token signed too) -> {}", who.arn().unwrap_or("-")));

        // moto accepts any role ARN text, but validates the session name's length the way STS
        // does; the malformed request gets STS's `ValidationError`, which the model does not
        // declare: it arrives as the operation's error type with its code and message.
        let long_session = "s".repeat(65);
        let rejected = base.assume_role().role_arn("not-an-arn").role_session_name(&long_session).send().await;
        let err = rejected.expect_err("a 65-character session name is rejected");
        let raw_status = err.raw_response().map(|r| r.status().as_u16());
        assert_eq!(raw_status, Some(400), "{err:?}");
        let service = err.into_service_error();
        assert_eq!(service.code(), Some("ValidationError"), "{service:?}");
        assert!(service.message().is_some_and(|m| m.contains("roleSessionName")), "{service:?}");
        assert!(!service.is_malformed_policy_document_exception() && !service.is_expired_token_exception());
        t.push(format!("AssumeRole with role ARN `not-an-arn` and a 65-character session name -> HTTP 400, AssumeRoleError code ValidationError: {}", service.message().unwrap_or("-")));

        let session = expect_ok("GetSessionToken", base.get_session_token().duration_seconds(900).send().await);
        let token = session.credentials().expect("GetSessionToken returns credentials");
        assert!(!token.session_token().is_empty());
        assert_redacted("GetSessionTokenOutput", &format!("{session:?}"), &[token.secret_access_key(), token.session_token()]);
        t.push(format!("GetSessionToken 900 s -> credentials {}..., expiring {}; Debug redacted", &token.access_key_id()[..4], token.expiration()));
        t
    }
}
