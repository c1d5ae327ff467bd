//! Starts a `moto_server` (Python moto) on a free loopback port for end-to-end tests and stops
//! it again when the handle is dropped, whether the test passed or panicked.
//!
//! Used through `#[path = "../e2e/moto.rs"] mod moto;` by `tests/tests/e2e_moto.rs` and by the
//! scratch project `tests/e2e/full-model.sh` writes, so it depends on `std` only.
//!
//! When `moto_server` is not on `PATH`, [`launch`] returns [`Launch::Skipped`], unless
//! `SMITHY_CODEGEN_REQUIRE_MOTO=1` is set: then it panics and says how to install moto.

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
}

impl MotoServer {
    /// The URL to give the client as its endpoint, `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
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

/// Starts `moto_server -H 127.0.0.1 -p PORT` on a free port and waits (bounded) until it accepts
/// TCP connections.
///
/// # Panics
///
/// When `moto_server` is missing and `SMITHY_CODEGEN_REQUIRE_MOTO=1`, when it cannot be spawned,
/// or when it does not come up in time (the message carries the tail of its log).
pub fn launch() -> Launch {
    let Some(program) = find_on_path(PROGRAM) else {
        if required() {
            panic!(
                "{PROGRAM} is not on PATH and {REQUIRE_ENV}=1 requires the end-to-end tests to run; \
                 install it with `pip install 'moto[server]'` (moto 5) and make sure its scripts \
                 directory is on PATH"
            );
        }
        return Launch::Skipped(format!(
            "SKIPPED: {PROGRAM} is not on PATH, so the end-to-end story did not run; install it with \
             `pip install 'moto[server]'`, or set {REQUIRE_ENV}=1 to make its absence a failure"
        ));
    };

    let mut failures = Vec::new();
    for _ in 0..START_ATTEMPTS {
        match start_once(&program) {
            Ok(server) => return Launch::Running(server),
            Err(Early::Exited(why)) => failures.push(why),
            Err(Early::Fatal(why)) => panic!("{why}"),
        }
    }
    panic!("{PROGRAM} exited during startup {START_ATTEMPTS} times:\n{}", failures.join("\n----\n"));
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
        .stdin(Stdio::null())
        .stdout(Stdio::from(log))
        .stderr(Stdio::from(log_err))
        .spawn()
        .map_err(|e| Early::Fatal(format!("cannot spawn {}: {e}", program.display())))?;
    // From here on the server is owned by `server`: every early return or panic drops (kills) it.
    let mut server = MotoServer { child, port, log_path, keep_log: false };

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
