// The test driver shared by tests/tests/e2e_moto.rs and the scratch project of
// tests/e2e/full-model.sh: included after `mod moto;` and the story files.

/// Upper bound for a whole story; a hang fails the test instead of blocking CI.
const STORY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(300);

/// Starts moto, runs `story` with its endpoint, prints the transcript, always stops moto.
async fn run_against_moto<F, Fut>(label: &str, story: F)
where
    F: FnOnce(String) -> Fut,
    Fut: std::future::Future<Output = Vec<String>> + Send + 'static,
{
    let server = match moto::launch() {
        moto::Launch::Running(server) => server,
        moto::Launch::Skipped(why) => {
            println!("{why}");
            return;
        }
    };
    let endpoint = server.endpoint();
    println!("moto_server listening at {endpoint}, log {}", server.log_path().display());

    let task = tokio::spawn(story(endpoint));
    let abort = task.abort_handle();
    match tokio::time::timeout(STORY_TIMEOUT, task).await {
        Ok(Ok(transcript)) => {
            println!("{label} against moto, {} steps:", transcript.len());
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
