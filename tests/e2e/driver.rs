// The test driver shared by tests/tests/e2e_moto.rs and the scratch project of
// tests/e2e/aws-models.sh: included after `mod moto;` and the story files.

/// Upper bound for a whole story; a hang fails the test instead of blocking CI.
const STORY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(300);

/// Starts moto (with signature checks on), runs `story` with the endpoint and the access key
/// moto accepts, prints the transcript, always stops moto. Before the story a request signed
/// with a wrong secret must be refused (so the checks cover the story's first request), and
/// after it too (so no story leaves them off unnoticed).
async fn run_against_moto<F, Fut>(label: &str, if_missing: moto::IfMissing, story: F)
where
    F: FnOnce(moto::Access) -> Fut,
    Fut: std::future::Future<Output = Vec<String>> + Send + 'static,
{
    let server = match moto::launch(if_missing) {
        moto::Launch::Running(server) => server,
        moto::Launch::Skipped(why) => {
            println!("{why}");
            return;
        }
    };
    let access = server.access().clone();
    println!(
        "moto_server listening at {}, log {}; signatures checked after {} IAM set-up calls, signing key {}",
        access.endpoint(),
        server.log_path().display(),
        moto::MotoServer::free_actions(),
        access.access_key_id()
    );

    let refused_before = wrong_secret_error(&access).await;
    assert_eq!(refused_before, "SignatureDoesNotMatch", "moto does not check signatures");

    let task = tokio::spawn(story(access.clone()));
    let abort = task.abort_handle();
    match tokio::time::timeout(STORY_TIMEOUT, task).await {
        Ok(Ok(transcript)) => {
            let refused = wrong_secret_error(&access).await;
            assert_eq!(refused, "SignatureDoesNotMatch", "moto no longer checks signatures after the story");
            println!(
                "{label} against moto, {} steps, every request's SigV4 signature verified by moto (botocore) \
                 unless a step says otherwise:",
                transcript.len()
            );
            for (i, line) in transcript.iter().enumerate() {
                println!("  {:>2}. {line}", i + 1);
            }
            println!("  a request signed with a wrong secret (boto3) -> {refused_before} before the story, {refused} after it");
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

/// The error code moto answers a request signed with a wrong secret with (boto3 signs it).
async fn wrong_secret_error(access: &moto::Access) -> String {
    let access = access.clone();
    tokio::task::spawn_blocking(move || access.wrong_secret_error()).await.expect("the check ran to its end")
}
