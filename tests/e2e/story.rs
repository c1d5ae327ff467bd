// The end-to-end user-pool story, written against a generated Cognito client crate imported as
// `cognito`. It is `include!`d at module level by a file that first does
// `use <generated crate> as cognito;`, so the same text runs against the crate generated from
// model/cognito-identity-provider.json (tests/tests/e2e_moto.rs) and against one generated from
// the full AWS model (tests/e2e/aws-models.sh). The includer needs `tokio`, `aws-smithy-types`
// and `mod moto` (tests/e2e/moto.rs) at its root: the story signs with the key moto's IAM holds.
//
// Everything lives in `e2e_story` so its imports cannot clash with the includer's; `run_story`
// is re-exported next to the `include!`.

pub use e2e_story::run_story;

/// The story's steps and helpers.
pub mod e2e_story {
    use super::cognito;
    use super::moto::Access;
    use cognito::error::{DisplayErrorContext, ProvideErrorMetadata};
    use cognito::operation::admin_create_user::AdminCreateUserError;
    use cognito::types::{
        AttributeType, AuthFlowType, DeliveryMediumType, ExplicitAuthFlowsType, MessageActionType,
        PasswordPolicyType, UserPoolPolicyType, UserStatusType,
    };
    use std::sync::{Arc, Mutex};

    const POOL_NAME: &str = "e2e-story-pool";
    const CLIENT_NAME: &str = "e2e-story-client";
    /// Alice signs herself up with this password.
    const PASSWORD: &str = "Story-Passw0rd!x";
    /// Bob is created by an administrator with this temporary password.
    const TEMP_PASSWORD: &str = "Temp-Passw0rd!y";
    const ALICE: &str = "alice";
    const ALICE_EMAIL: &str = "alice@example.com";
    const BOB: &str = "bob";
    const BOB_EMAIL: &str = "bob@example.com";
    /// The pages paginator never needs more than this for two users; more means a token loop.
    const MAX_PAGES: usize = 10;

    type Transcript = Arc<Mutex<Vec<String>>>;

    fn note(transcript: &Transcript, line: String) {
        transcript.lock().unwrap_or_else(|p| p.into_inner()).push(line);
    }

    fn lines(transcript: &Transcript) -> Vec<String> {
        transcript.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Unwraps a call result, failing with the whole error chain and its `Debug` form.
    fn expect_ok<T, E: std::error::Error>(step: &str, result: Result<T, E>) -> T {
        match result {
            Ok(value) => value,
            Err(err) => panic!("{step} failed: {}\n{err:?}", DisplayErrorContext(&err)),
        }
    }

    fn status(status: Option<&UserStatusType>) -> &str {
        status.map_or("-", |s| s.as_str())
    }

    fn email(address: &str) -> AttributeType {
        AttributeType::builder().name("email").value(address).build().expect("the name is set")
    }

    /// Runs the whole story against `access`'s endpoint, signing with its key, and returns one
    /// transcript line per step. Every step asserts its result (a failure panics). Once the pool
    /// exists it is deleted even when a later step fails; the partial transcript is then printed
    /// to stderr.
    pub async fn run_story(access: &Access) -> Vec<String> {
        let transcript: Transcript = Arc::default();
        let endpoint = access.endpoint();
        let secret = access.secret_access_key();

        // Configured the way users of aws-sdk-cognitoidentityprovider write it.
        let config = cognito::Config::builder()
            .behavior_version(cognito::config::BehaviorVersion::latest())
            .region(cognito::config::Region::new("us-east-1"))
            .endpoint_url(endpoint)
            .credentials_provider(cognito::config::Credentials::new(access.access_key_id(), secret, None, None, "e2e"))
            .build();
        let client = cognito::Client::from_conf(config);
        let client_debug = format!("{client:?}");
        assert!(!client_debug.contains(secret), "Debug of the client shows the secret key: {client_debug}");
        note(
            &transcript,
            format!("Client::from_conf -> endpoint {endpoint}, key {}, Debug hides the secret key", access.access_key_id()),
        );

        let created = expect_ok(
            "CreateUserPool",
            client
                .create_user_pool()
                .pool_name(POOL_NAME)
                .policies(
                    UserPoolPolicyType::builder()
                        .password_policy(PasswordPolicyType::builder().minimum_length(8).build())
                        .build(),
                )
                .send()
                .await,
        );
        let pool = created.user_pool().expect("CreateUserPool returns the pool");
        assert_eq!(pool.name(), Some(POOL_NAME));
        let pool_id = pool.id().expect("the new pool has an id").to_owned();
        assert!(pool_id.starts_with("us-east-1_"), "pool id {pool_id:?} is not in the client's region");
        note(&transcript, format!("CreateUserPool {POOL_NAME} -> {pool_id}"));

        // The middle of the story runs as its own task so that a failing step still lets the pool
        // be deleted below; the panic is re-raised afterwards.
        let outcome = tokio::spawn(middle(client.clone(), pool_id.clone(), Arc::clone(&transcript))).await;

        let deleted = client.delete_user_pool().user_pool_id(&pool_id).send().await;
        match outcome {
            Ok(()) => {
                expect_ok("DeleteUserPool", deleted);
                note(&transcript, format!("DeleteUserPool {pool_id} -> deleted"));
                lines(&transcript)
            }
            Err(join_error) => {
                eprintln!("story failed after these steps:");
                for (i, line) in lines(&transcript).iter().enumerate() {
                    eprintln!("  {:>2}. {line}", i + 1);
                }
                match deleted {
                    Ok(_) => eprintln!("cleanup: DeleteUserPool {pool_id} -> deleted"),
                    Err(e) => eprintln!("cleanup: DeleteUserPool {pool_id} failed: {}", DisplayErrorContext(&e)),
                }
                if join_error.is_panic() {
                    std::panic::resume_unwind(join_error.into_panic());
                }
                panic!("the story task did not finish: {join_error}");
            }
        }
    }

    async fn middle(client: cognito::Client, pool_id: String, transcript: Transcript) {
        // CreateUserPoolClient: password sign-in and refresh, no client secret.
        let created = expect_ok(
            "CreateUserPoolClient",
            client
                .create_user_pool_client()
                .user_pool_id(&pool_id)
                .client_name(CLIENT_NAME)
                .generate_secret(false)
                .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth)
                .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth)
                .send()
                .await,
        );
        let app = created.user_pool_client().expect("CreateUserPoolClient returns the client");
        let client_id = app.client_id().expect("the app client has an id").to_owned();
        assert_eq!(app.user_pool_id(), Some(pool_id.as_str()));
        assert_eq!(app.client_secret(), None, "no secret was asked for");
        assert_eq!(
            app.explicit_auth_flows(),
            &[ExplicitAuthFlowsType::AllowUserPasswordAuth, ExplicitAuthFlowsType::AllowRefreshTokenAuth]
        );
        let flows: Vec<&str> = app.explicit_auth_flows().iter().map(|f| f.as_str()).collect();
        note(&transcript, format!("CreateUserPoolClient {CLIENT_NAME} -> {client_id} [{}]", flows.join(", ")));

        // SignUp. Debug of the request must not show the password, at any stage.
        let sign_up = client
            .sign_up()
            .client_id(&client_id)
            .username(ALICE)
            .password(PASSWORD)
            .user_attributes(email(ALICE_EMAIL));
        let input = sign_up.as_input().clone().build().expect("SignUpInput builds");
        for (what, shown) in [
            ("fluent builder", format!("{sign_up:?}")),
            ("input builder", format!("{:?}", sign_up.as_input())),
            ("input", format!("{input:?}")),
        ] {
            assert!(!shown.contains(PASSWORD), "Debug of the SignUp {what} shows the password: {shown}");
        }
        let signed_up = expect_ok("SignUp", sign_up.send().await);
        assert!(!signed_up.user_sub().is_empty(), "SignUp returns the user's sub");
        assert!(!signed_up.user_confirmed(), "a self-registered user starts unconfirmed");
        note(
            &transcript,
            format!(
                "SignUp {ALICE} -> sub {}, confirmed {} (Debug hides the password; moto serves SignUp unauthenticated, so does not check its signature)",
                signed_up.user_sub(),
                signed_up.user_confirmed()
            ),
        );

        let confirm = client.admin_confirm_sign_up().user_pool_id(&pool_id).username(ALICE);
        expect_ok("AdminConfirmSignUp", confirm.send().await);
        note(&transcript, format!("AdminConfirmSignUp {ALICE} -> confirmed"));

        let auth = expect_ok(
            "InitiateAuth",
            client
                .initiate_auth()
                .client_id(&client_id)
                .auth_flow(AuthFlowType::UserPasswordAuth)
                .auth_parameters("USERNAME", ALICE)
                .auth_parameters("PASSWORD", PASSWORD)
                .send()
                .await,
        );
        let tokens = auth.authentication_result().expect("InitiateAuth returns tokens, not a challenge");
        let access_token = tokens.access_token().expect("an access token");
        assert!(!access_token.is_empty(), "the access token is empty");
        note(
            &transcript,
            format!(
                "InitiateAuth USER_PASSWORD_AUTH {ALICE} -> access token ({} chars), id token {}, \
                 refresh token {}, expires in {}s (unauthenticated in moto too: signature not checked)",
                access_token.len(),
                if tokens.id_token().is_some() { "present" } else { "absent" },
                if tokens.refresh_token().is_some() { "present" } else { "absent" },
                tokens.expires_in()
            ),
        );

        // AdminCreateUser, twice: the second one must fail with UsernameExistsException.
        let create_bob = client
            .admin_create_user()
            .user_pool_id(&pool_id)
            .username(BOB)
            .user_attributes(email(BOB_EMAIL))
            .temporary_password(TEMP_PASSWORD)
            .message_action(MessageActionType::Suppress)
            .desired_delivery_mediums(DeliveryMediumType::Email)
            .client_metadata("source", "e2e");
        let bob = expect_ok("AdminCreateUser", create_bob.clone().send().await);
        let user = bob.user().expect("AdminCreateUser returns the user");
        assert_eq!(user.username(), Some(BOB));
        assert_eq!(user.user_status(), Some(&UserStatusType::ForceChangePassword));
        assert!(
            user.attributes().iter().any(|a| a.name() == "email" && a.value() == Some(BOB_EMAIL)),
            "the email attribute is returned: {:?}",
            user.attributes()
        );
        note(&transcript, format!("AdminCreateUser {BOB} -> {}", status(user.user_status())));

        let err = match create_bob.send().await {
            Ok(out) => panic!("AdminCreateUser {BOB} a second time succeeded: {out:?}"),
            Err(err) => err,
        };
        assert_eq!(
            err.as_service_error().map(|e| e.is_username_exists_exception()),
            Some(true),
            "is_username_exists_exception(): {}",
            DisplayErrorContext(&err)
        );
        assert_eq!(
            aws_smithy_types::error::metadata::ProvideErrorMetadata::code(&err),
            Some("UsernameExistsException")
        );
        assert_eq!(err.code(), Some("UsernameExistsException"));
        let message = err.message().unwrap_or("-").to_owned();
        match err.into_service_error() {
            AdminCreateUserError::UsernameExistsException(_) => {}
            other => panic!("expected UsernameExistsException, got {other:?}"),
        }
        note(
            &transcript,
            format!(
                "AdminCreateUser {BOB} again -> UsernameExistsException ({message:?}), \
                 seen by variant, is_*() and code()"
            ),
        );

        let got = expect_ok("AdminGetUser", client.admin_get_user().user_pool_id(&pool_id).username(BOB).send().await);
        assert_eq!(got.username(), BOB);
        assert_eq!(got.user_status(), Some(&UserStatusType::ForceChangePassword));
        note(&transcript, format!("AdminGetUser {BOB} -> {} {}", got.username(), status(got.user_status())));

        // ListUsers, one user per page: items, then pages.
        let users = expect_ok(
            "ListUsers (items paginator)",
            client
                .list_users()
                .user_pool_id(&pool_id)
                .limit(1)
                .into_paginator()
                .items()
                .send()
                .collect::<Result<Vec<_>, _>>()
                .await,
        );
        let mut names: Vec<&str> = users.iter().filter_map(|u| u.username()).collect();
        names.sort_unstable();
        assert_eq!(names, [ALICE, BOB], "ListUsers items");
        note(
            &transcript,
            format!("ListUsers limit 1, items paginator -> {} users [{}]", users.len(), names.join(", ")),
        );

        let mut pages = client.list_users().user_pool_id(&pool_id).limit(1).into_paginator().send();
        let mut per_page = Vec::new();
        while let Some(page) = pages.next().await {
            let page = expect_ok("ListUsers (pages paginator, next)", page);
            assert!(page.users().len() <= 1, "limit 1 returned {} users", page.users().len());
            per_page.push(page.users().iter().filter_map(|u| u.username()).collect::<Vec<_>>().join(","));
            assert!(per_page.len() <= MAX_PAGES, "the paginator did not stop after {MAX_PAGES} pages");
        }
        assert!(per_page.len() >= 2, "two users with limit 1 need at least two pages, got {per_page:?}");
        let collected = expect_ok(
            "ListUsers (pages paginator, try_collect)",
            client.list_users().user_pool_id(&pool_id).limit(1).into_paginator().send().try_collect().await,
        );
        assert_eq!(collected.len(), per_page.len(), "try_collect and next() see the same pages");
        let mut from_pages: Vec<&str> = collected.iter().flat_map(|p| p.users()).filter_map(|u| u.username()).collect();
        from_pages.sort_unstable();
        assert_eq!(from_pages, [ALICE, BOB], "ListUsers pages");
        note(
            &transcript,
            format!(
                "ListUsers limit 1, pages paginator -> {} pages [{}] by next(), {} by try_collect()",
                per_page.len(),
                per_page.join("] ["),
                collected.len()
            ),
        );

        expect_ok("AdminDeleteUser", client.admin_delete_user().user_pool_id(&pool_id).username(BOB).send().await);
        note(&transcript, format!("AdminDeleteUser {BOB} -> deleted"));

        let err = match client.admin_get_user().user_pool_id(&pool_id).username(BOB).send().await {
            Ok(out) => panic!("AdminGetUser {BOB} after deletion succeeded: {out:?}"),
            Err(err) => err,
        };
        assert_eq!(
            err.as_service_error().map(|e| e.is_user_not_found_exception()),
            Some(true),
            "is_user_not_found_exception(): {}",
            DisplayErrorContext(&err)
        );
        assert_eq!(err.code(), Some("UserNotFoundException"));
        let message = err.message().unwrap_or("-").to_owned();
        note(&transcript, format!("AdminGetUser {BOB} after deletion -> UserNotFoundException ({message:?})"));
    }
}
