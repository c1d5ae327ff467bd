//! End to end: the user-pool story of tests/e2e/story.rs, run by the crate generated from
//! model/cognito-identity-provider.json against a real `moto_server` (Python moto 5).
//!
//! Skipped (with a message) when `moto_server` is not on PATH, unless
//! `SMITHY_CODEGEN_REQUIRE_MOTO=1`. Run with
//! `cargo test -p integration-tests --test e2e_moto -- --nocapture` to see the transcript.

#[path = "../e2e/moto.rs"]
mod moto;

use cognito_identity_provider as cognito;
include!("../e2e/story.rs");

include!("../e2e/driver.rs");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_pool_story_against_moto() {
    run_against_moto("user-pool story (model crate)", |endpoint| async move { run_story(&endpoint).await }).await;
}
