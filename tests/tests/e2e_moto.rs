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

/// Upper bound for the whole story; a hang fails the test instead of blocking CI.
const STORY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_pool_story_against_moto() {
    let server = match moto::launch() {
        moto::Launch::Running(server) => server,
        moto::Launch::Skipped(why) => {
            println!("{why}");
            return;
        }
    };
    let endpoint = server.endpoint();
    println!("moto_server listening at {endpoint}, log {}", server.log_path().display());

    let story = tokio::spawn(async move { run_story(&endpoint).await });
    let abort = story.abort_handle();
    match tokio::time::timeout(STORY_TIMEOUT, story).await {
        Ok(Ok(transcript)) => {
            println!("user-pool story against moto, {} steps:", transcript.len());
            for (i, line) in transcript.iter().enumerate() {
                println!("  {:>2}. {line}", i + 1);
            }
        }
        Ok(Err(failed)) => {
            eprintln!("moto_server log tail:\n{}", server.log_tail());
            if failed.is_panic() {
                std::panic::resume_unwind(failed.into_panic());
            }
            panic!("the story task did not finish: {failed}");
        }
        Err(_) => {
            abort.abort();
            panic!(
                "the story did not finish within {}s; moto_server log tail:\n{}",
                STORY_TIMEOUT.as_secs(),
                server.log_tail()
            );
        }
    }
    // `server` is dropped here (and on every panic above): moto_server is killed and reaped.
}
