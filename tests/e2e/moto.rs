//! Starts a `moto_server` (Python moto) on a free loopback port for end-to-end tests and stops
//! it again when the handle is dropped, whether the test passed or panicked.
//!
//! Used through `#[path = "../e2e/moto.rs"] mod moto;` by `tests/tests/e2e_moto.rs` and by the
//! scratch project `tests/e2e/aws-models.sh` writes, so it depends on `std` only.
//!
//! moto checks signatures: the server starts with `INITIAL_NO_AUTH_ACTION_COUNT` set to the
//! number of IAM calls `moto_iam.py setup` makes (it creates a user with an allow-all policy and
//! an access key), and every later request's SigV4 signature is recomputed by moto with botocore
//! and compared; the key must exist in moto's IAM. [`MotoServer::access`] gives the stories that
//! key. The script runs with the `python3` on `PATH` (the one moto is installed in, with boto3).
//!
//! When `moto_server` is not on `PATH`, [`launch`] with [`IfMissing::Skip`] returns
//! [`Launch::Skipped`], unless `SMITHY_CODEGEN_REQUIRE_MOTO=1` is set; with [`IfMissing::Fail`]
//! or that variable it panics and says how to install moto.

use std::fs::File;
use std::io::ErrorKind;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// Name of the executable looked up on `PATH`.
const PROGRAM: &str = "moto_server";
/// Environment variable that turns a missing `moto_server` from a skip into a failure.
pub const REQUIRE_ENV: &str = "SMITHY_CODEGEN_REQUIRE_MOTO";
/// How long the server gets to accept TCP connections after it was spawned.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);
/// How often a server that exits during startup (say, its port was taken in the meantime) is
/// started again on another port.
const START_ATTEMPTS: usize = 3;
/// Lines of the server log shown when something goes wrong.
const LOG_TAIL_LINES: usize = 40;
/// tests/e2e/moto_iam.py (the IAM set-up, the signature-check switch, the wrong-secret check),
/// embedded so that this file works from wherever it is `#[path]`-included; it runs with
/// `python3 -c`.
const IAM_SCRIPT: &str = include_str!("moto_iam.py");
/// The interpreter that runs [`IAM_SCRIPT`]; it needs boto3, which moto depends on.
const PYTHON: &str = "python3";
/// How to install what the end-to-end tests need.
const INSTALL_HINT: &str = "install it with `pip install 'moto[server]==5.2.1'` (which brings boto3) and make sure its scripts directory is on PATH";

/// What [`launch`] does when `moto_server` is not on `PATH`.
#[derive(Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)] // each includer constructs only the variant it needs
pub enum IfMissing {
    /// Return [`Launch::Skipped`], unless `SMITHY_CODEGEN_REQUIRE_MOTO=1`.
    Skip,
    /// Panic: the caller runs only when moto is there (say, a test `ignore`d without it).
    Fail,
}

/// What [`launch`] did.
pub enum Launch {
    /// The server is up; it stops when this value is dropped.
    Running(MotoServer),
    /// `moto_server` is not installed and not required; the reason is meant to be printed.
    Skipped(String),
}

/// A running `moto_server` child process. Dropping it kills and reaps the process.
pub struct MotoServer {
    child: Child,
    port: u16,
    log_path: PathBuf,
    /// Keep the log file after the process is gone (set when something went wrong).
    keep_log: bool,
    /// The access key of the IAM user the set-up created; `None` until then.
    access: Option<Access>,
}

/// An endpoint and the access key whose signatures moto accepts there. Cheap to clone, so a
/// story task can own one.
#[derive(Clone)]
pub struct Access {
    endpoint: String,
    access_key_id: String,
    secret_access_key: String,
}

impl MotoServer {
    /// The URL to give the client as its endpoint, `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The endpoint and the access key to sign with.
    pub fn access(&self) -> &Access {
        self.access.as_ref().expect("launch() sets up IAM before returning the server")
    }

    /// How many unauthenticated actions moto allows: exactly the IAM set-up calls.
    pub fn free_actions() -> u32 {
        setup_actions()
    }

    /// The file that receives the server's stdout and stderr.
    pub fn log_path(&self) -> &Path {
        &self.log_path
    }

    /// The last lines of the server log, for failure messages.
    pub fn log_tail(&self) -> String {
        tail_of(&self.log_path, LOG_TAIL_LINES)
    }
}

impl Drop for MotoServer {
    fn drop(&mut self) {
        // SIGKILL: moto keeps its state in memory, there is nothing to flush.
        match self.child.kill() {
            Ok(()) => {}
            // Already exited: nothing to kill, but it still has to be reaped below.
            Err(e) if e.kind() == ErrorKind::InvalidInput => {}
            Err(e) => eprintln!("moto: could not kill moto_server (pid {}): {e}", self.child.id()),
        }
        if let Err(e) = self.child.wait() {
            eprintln!("moto: could not wait for moto_server (pid {}): {e}", self.child.id());
        }
        if self.keep_log || thread::panicking() {
            eprintln!("moto: server log kept at {}", self.log_path.display());
        } else {
            let _ = std::fs::remove_file(&self.log_path);
        }
    }
}

/// Starts `moto_server -H 127.0.0.1 -p PORT` on a free port with signature checks on, waits
/// (bounded) until it accepts TCP connections, and creates the IAM user whose key
/// [`MotoServer::access`] gives.
///
/// # Panics
///
/// When `moto_server` is missing and `if_missing` is [`IfMissing::Fail`] or
/// `SMITHY_CODEGEN_REQUIRE_MOTO=1`, when it cannot be spawned, when it does not come up in time
/// (the message carries the tail of its log), or when the IAM set-up fails.
pub fn launch(if_missing: IfMissing) -> Launch {
    let Some(program) = find_on_path(PROGRAM) else {
        if if_missing == IfMissing::Fail {
            panic!("{PROGRAM} is not on PATH and this test needs it; {INSTALL_HINT}");
        }
        if required() {
            panic!("{PROGRAM} is not on PATH and {REQUIRE_ENV}=1 requires the end-to-end tests to run; {INSTALL_HINT}");
        }
        return Launch::Skipped(format!(
            "SKIPPED: {PROGRAM} is not on PATH, so the end-to-end story did not run; {INSTALL_HINT}, \
             or set {REQUIRE_ENV}=1 to make its absence a failure"
        ));
    };

    let mut failures = Vec::new();
    for _ in 0..START_ATTEMPTS {
        match start_once(&program) {
            Ok(mut server) => {
                set_up_iam(&mut server);
                return Launch::Running(server);
            }
            Err(Early::Exited(why)) => failures.push(why),
            Err(Early::Fatal(why)) => panic!("{why}"),
        }
    }
    panic!("{PROGRAM} exited during startup {START_ATTEMPTS} times:\n{}", failures.join("\n----\n"));
}

/// `SETUP_ACTIONS = N` in [`IAM_SCRIPT`]: the script is the one place that knows how many
/// calls it makes.
fn setup_actions() -> u32 {
    IAM_SCRIPT
        .lines()
        .find_map(|line| line.strip_prefix("SETUP_ACTIONS = "))
        .and_then(|n| n.trim().parse().ok())
        .expect("moto_iam.py defines SETUP_ACTIONS = <number>")
}

/// Creates the IAM user and its access key (the server's only free actions).
///
/// # Panics
///
/// When the script fails or prints no key; the server log is kept.
fn set_up_iam(server: &mut MotoServer) {
    let endpoint = server.endpoint();
    let output = match run_script(&endpoint, &["setup"], None) {
        Ok(output) => output,
        Err(why) => {
            server.keep_log = true;
            panic!("the IAM set-up against {PROGRAM} failed: {why}\nserver log:\n{}", server.log_tail());
        }
    };
    let value = |key: &str| output.lines().find_map(|l| l.strip_prefix(key)).map(str::to_owned);
    match (value("access_key_id="), value("secret_access_key=")) {
        (Some(access_key_id), Some(secret_access_key)) => {
            server.access = Some(Access { endpoint, access_key_id, secret_access_key });
        }
        _ => panic!("moto_iam.py setup printed no access key:\n{output}"),
    }
}

/// Runs [`IAM_SCRIPT`] with `endpoint` and `args`, signed with `access`'s key when given;
/// returns its standard output, or why it failed.
fn run_script(endpoint: &str, args: &[&str], access: Option<&Access>) -> Result<String, String> {
    let mut command = Command::new(PYTHON);
    command.args(["-c", IAM_SCRIPT, endpoint]).args(args).stdin(Stdio::null());
    if let Some(access) = access {
        command.env("AWS_ACCESS_KEY_ID", &access.access_key_id).env("AWS_SECRET_ACCESS_KEY", &access.secret_access_key);
    }
    // The script's own region and session settings, not the environment's.
    command.env_remove("AWS_SESSION_TOKEN").env_remove("AWS_PROFILE").env("AWS_DEFAULT_REGION", "us-east-1");
    let output = command.output().map_err(|e| format!("cannot run {PYTHON}: {e}; {INSTALL_HINT}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if output.status.success() {
        Ok(stdout)
    } else {
        Err(format!(
            "`{PYTHON} moto_iam.py {endpoint} {}` exited with {}:\n{stdout}{}",
            args.join(" "),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

impl Access {
    /// The URL to give the client as its endpoint.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The IAM user's access key id.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The IAM user's secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// Creates an IAM role any Lambda function may assume and returns its ARN. boto3 signs the
    /// call with this key, so moto verifies it like any other.
    ///
    /// # Panics
    ///
    /// When the role cannot be created.
    #[allow(dead_code)] // only the Lambda story needs a role; other includers leave it unused
    pub fn create_role(&self, name: &str) -> String {
        let output = run_script(&self.endpoint, &["create-role", name], Some(self)).unwrap_or_else(|why| panic!("{why}"));
        let arn = output.lines().find_map(|l| l.strip_prefix("role_arn="));
        arn.unwrap_or_else(|| panic!("moto_iam.py create-role printed no ARN:\n{output}")).to_owned()
    }

    /// Runs `step` with moto's signature checks off, and turns them on again: only for requests
    /// whose signature moto cannot verify correctly, each caller saying which and why.
    ///
    /// # Panics
    ///
    /// When moto does not answer.
    #[allow(dead_code)] // the Lambda and S3 stories need it; other includers leave it unused
    pub async fn unverified<T>(&self, step: impl std::future::Future<Output = T>) -> T {
        self.set_verification(false);
        let outcome = step.await;
        self.set_verification(true);
        outcome
    }

    /// Turns moto's signature checks off (`false`) or on (`true`) for the requests that follow,
    /// through moto's `/moto-api/reset-auth`.
    fn set_verification(&self, on: bool) {
        let state = if on { "on" } else { "off" };
        run_script(&self.endpoint, &["verification", state], None).unwrap_or_else(|why| panic!("{why}"));
    }

    /// Signs a request with this access key id but a wrong secret (with boto3) and returns the
    /// error code moto answers with: `SignatureDoesNotMatch` when it checks signatures.
    ///
    /// # Panics
    ///
    /// When the request succeeds or the script fails otherwise.
    pub fn wrong_secret_error(&self) -> String {
        let output = run_script(&self.endpoint, &["wrong-secret"], Some(self)).unwrap_or_else(|why| panic!("{why}"));
        let code = output.lines().find_map(|l| l.strip_prefix("error_code="));
        code.unwrap_or_else(|| panic!("moto_iam.py wrong-secret printed no error code:\n{output}")).to_owned()
    }
}

/// Why one start attempt did not produce a running server.
enum Early {
    /// The process exited before accepting connections; worth another try on another port.
    Exited(String),
    /// Anything else: no point trying again.
    Fatal(String),
}

fn start_once(program: &Path) -> Result<MotoServer, Early> {
    let port = free_port().map_err(|e| Early::Fatal(format!("no free loopback port: {e}")))?;
    let log_path = log_dir().join(format!("moto-server-{}-{port}.log", std::process::id()));
    let log =
        File::create(&log_path).map_err(|e| Early::Fatal(format!("cannot create {}: {e}", log_path.display())))?;
    let log_err = log.try_clone().map_err(|e| Early::Fatal(format!("cannot share {}: {e}", log_path.display())))?;

    let child = Command::new(program)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        // Only the IAM set-up is free; moto checks every later request's signature.
        .env("INITIAL_NO_AUTH_ACTION_COUNT", setup_actions().to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::from(log))
        .stderr(Stdio::from(log_err))
        .spawn()
        .map_err(|e| Early::Fatal(format!("cannot spawn {}: {e}", program.display())))?;
    // From here on the server is owned by `server`: every early return or panic drops (kills) it.
    let mut server = MotoServer { child, port, log_path, keep_log: false, access: None };

    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let deadline = Instant::now() + STARTUP_TIMEOUT;
    loop {
        match server.child.try_wait() {
            Ok(Some(status)) => {
                server.keep_log = true;
                return Err(Early::Exited(format!(
                    "{PROGRAM} on port {port} exited with {status} before accepting connections; \
                     log {}:\n{}",
                    server.log_path.display(),
                    server.log_tail()
                )));
            }
            Ok(None) => {}
            Err(e) => return Err(Early::Fatal(format!("cannot poll {PROGRAM}: {e}"))),
        }
        if TcpStream::connect_timeout(&addr, Duration::from_millis(250)).is_ok() {
            return Ok(server);
        }
        if Instant::now() >= deadline {
            server.keep_log = true;
            return Err(Early::Fatal(format!(
                "{PROGRAM} did not accept connections on {addr} within {}s; log {}:\n{}",
                STARTUP_TIMEOUT.as_secs(),
                server.log_path.display(),
                server.log_tail()
            )));
        }
        thread::sleep(Duration::from_millis(100));
    }
}

/// Asks the OS for a free loopback port. The listener is dropped before moto binds the port, so
/// another process could take it in between; `launch` then starts again on another port.
fn free_port() -> std::io::Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}

fn required() -> bool {
    std::env::var(REQUIRE_ENV).is_ok_and(|v| matches!(v.trim(), "1" | "true" | "yes"))
}

fn find_on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(program)).find(|candidate| is_executable(candidate))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata().is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// `CARGO_TARGET_TMPDIR` (`target/tmp`) is set by cargo when it compiles integration tests.
fn log_dir() -> PathBuf {
    let dir = option_env!("CARGO_TARGET_TMPDIR").map(PathBuf::from).unwrap_or_else(std::env::temp_dir);
    let _ = std::fs::create_dir_all(&dir);
    dir
}

fn tail_of(path: &Path, lines: usize) -> String {
    match std::fs::read(path) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            let all: Vec<&str> = text.lines().collect();
            let shown = &all[all.len().saturating_sub(lines)..];
            if shown.is_empty() {
                "    (log is empty)".to_owned()
            } else {
                shown.iter().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")
            }
        }
        Err(e) => format!("    (cannot read {}: {e})", path.display()),
    }
}
