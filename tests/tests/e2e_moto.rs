//! End to end: the user-pool story of tests/e2e/story.rs, run by the crate generated from
//! model/cognito-identity-provider.json against a real `moto_server` (Python moto 5) that checks
//! every request's SigV4 signature (see tests/e2e/moto.rs).
//!
//! Ignored (with the reason) when `moto_server` is not on PATH, unless
//! `SMITHY_CODEGEN_REQUIRE_MOTO=1` (tests/build.rs); when it runs, a missing moto fails it. Run
//! with `cargo test -p integration-tests --test e2e_moto -- --nocapture` to see the transcript.

#[path = "../e2e/moto.rs"]
mod moto;

use cognito_identity_provider as cognito;
include!("../e2e/story.rs");

include!("../e2e/driver.rs");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(no_moto, ignore = "moto_server is not on PATH; pip install 'moto[server]==5.2.1'")]
async fn user_pool_story_against_moto() {
    run_against_moto("user-pool story (model crate)", moto::IfMissing::Fail, |access| async move { run_story(&access).await })
        .await;
}
