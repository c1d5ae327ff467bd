//! A stub HTTP/1.1 server on 127.0.0.1 for the integration tests: it answers each connection
//! with a canned reply (or one chosen by connection number), records the raw requests it read,
//! and counts connections. Every loop is bounded, so a test cannot hang on it.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------------
// The stub server
// ---------------------------------------------------------------------------------------------

/// The longest the stub keeps a connection: far longer than any timeout a test sets, so that a
/// call to a silent server is ended by the client's timeout, never by the stub. The stub lets go
/// sooner when the client hangs up or the test ends (the `Stub` is dropped).
pub const HOLD: Duration = Duration::from_secs(60);

/// What the stub does with a connection after it has read the request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// Writes these bytes, then closes the connection (nothing at all: close without a word).
    Bytes(Vec<u8>),
    /// Writes these bytes, then keeps the connection open without writing anything more until
    /// the client hangs up (or the stub's deadline passes).
    BytesThenHold(Vec<u8>),
    /// Writes `head`, then `body_len` filler bytes in 64 KiB pieces, then closes.
    Stream { head: Vec<u8>, body_len: usize },
}

/// A canned HTTP/1.1 response with `Content-Length` and `Connection: close`.
pub fn http(status: u16, headers: &[(&str, &str)], body: impl Into<Vec<u8>>) -> Reply {
    let body = body.into();
    let mut head = format!("HTTP/1.1 {status} Whatever\r\n");
    for (name, value) in headers {
        let _ = write!(head, "{name}: {value}\r\n");
    }
    let _ = write!(
        head,
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(&body);
    Reply::Bytes(bytes)
}

/// One request as the stub received it (head and body, raw).
pub type Received = Vec<u8>;

pub struct Stub {
    pub addr: SocketAddr,
    requests: Arc<Mutex<Vec<Received>>>,
    connections: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl Stub {
    /// Serves `reply` on every connection (at most 16 of them, until the `Stub` is dropped).
    pub fn new(reply: Reply) -> Stub {
        Stub::with(move |_| reply.clone())
    }

    /// Serves `reply(n)` on the `n`-th connection (counting from 0).
    pub fn with(reply: impl Fn(usize) -> Reply + Send + 'static) -> Stub {
        const MAX_CONNECTIONS: usize = 16;
        // Only bounds a stub that is never dropped; dropping it stops the loop at once.
        const LIFETIME: Duration = Duration::from_secs(120);
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let addr = listener.local_addr().expect("local address");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (log, count, halt) = (requests.clone(), connections.clone(), stop.clone());
        thread::spawn(move || {
            let deadline = Instant::now() + LIFETIME;
            let mut served = 0;
            while served < MAX_CONNECTIONS
                && Instant::now() < deadline
                && !halt.load(Ordering::SeqCst)
            {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let reply = reply(served);
                        served += 1;
                        count.fetch_add(1, Ordering::SeqCst);
                        let (log, halt) = (log.clone(), halt.clone());
                        thread::spawn(move || serve_connection(stream, &reply, &log, &halt));
                    }
                    Err(e) if e.kind() == ErrorKind::WouldBlock => {
                        thread::sleep(Duration::from_millis(2));
                    }
                    Err(_) => thread::sleep(Duration::from_millis(2)),
                }
            }
        });
        Stub {
            addr,
            requests,
            connections,
            stop,
        }
    }

    pub fn requests(&self) -> Vec<Received> {
        self.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

impl Drop for Stub {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn serve_connection(
    mut stream: TcpStream,
    reply: &Reply,
    log: &Mutex<Vec<Received>>,
    stop: &AtomicBool,
) {
    let deadline = Instant::now() + HOLD;
    let _ = stream.set_nonblocking(false);
    // Short reads, so that the loops below see the deadline and the stop flag promptly.
    let _ = stream.set_read_timeout(Some(Duration::from_millis(50)));
    let _ = stream.set_write_timeout(Some(HOLD));
    let Some(request) = read_request(&mut stream, deadline, stop) else {
        return;
    };
    if let Ok(mut log) = log.lock() {
        log.push(request);
    }
    match reply {
        Reply::Bytes(bytes) => {
            let _ = stream.write_all(bytes);
            let _ = stream.flush();
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
        Reply::BytesThenHold(bytes) => {
            let _ = stream.write_all(bytes);
            let _ = stream.flush();
            // Hold the connection open until the client hangs up, the test ends or the
            // deadline passes; whatever the client sends is read and dropped.
            let mut sink = [0u8; 4096];
            while Instant::now() < deadline && !stop.load(Ordering::SeqCst) {
                match stream.read(&mut sink) {
                    Ok(0) => break,
                    Ok(_) => {}
                    Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
                    Err(_) => break,
                }
            }
        }
        Reply::Stream { head, body_len } => {
            if stream.write_all(head).is_err() {
                return;
            }
            let chunk = vec![b' '; 64 * 1024];
            let mut left = *body_len;
            while left > 0 && Instant::now() < deadline && !stop.load(Ordering::SeqCst) {
                let n = left.min(chunk.len());
                if stream.write_all(&chunk[..n]).is_err() {
                    // The client stopped reading and hung up: that is the point.
                    return;
                }
                left -= n;
            }
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
    }
}

/// Reads one request (head and a `Content-Length` body); `None` if the client went away or the
/// request is absurdly large.
fn read_request(stream: &mut TcpStream, deadline: Instant, stop: &AtomicBool) -> Option<Received> {
    const MAX_REQUEST: usize = 1024 * 1024;
    let mut buf = Vec::new();
    let mut piece = [0u8; 8192];
    loop {
        if let Some(end) = find(&buf, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if buf.len() >= end + 4 + length {
                return Some(buf);
            }
        }
        if buf.len() > MAX_REQUEST || Instant::now() > deadline || stop.load(Ordering::SeqCst) {
            return None;
        }
        match stream.read(&mut piece) {
            Ok(0) => return None,
            Ok(n) => buf.extend_from_slice(&piece[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return None,
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

