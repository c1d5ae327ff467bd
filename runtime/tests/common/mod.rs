//! A tiny HTTP/1.1 server on 127.0.0.1 for the runtime's tests: it answers requests from a
//! script, records what it received, and counts connections. Every loop is bounded.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use smithy_client_runtime::client::{Auth, AuthScheme, HttpTrait, OperationSpec, Protocol, RequestParts, ServiceSpec};
use smithy_client_runtime::request::RequestWriter;

pub static SERVICE: ServiceSpec = ServiceSpec::new("Cognito Identity Provider", Protocol::AwsJson1_1).target_prefix("AWSCognitoIdentityProviderService").version("2020-01-01").endpoint_prefix("cognito-idp").signing_name("cognito-idp").regional(true);

pub static SERVICE_1_0: ServiceSpec = ServiceSpec::new("DynamoDB", Protocol::AwsJson1_0).target_prefix("DynamoDB_20120810").version("2020-01-01").endpoint_prefix("dynamodb").signing_name("dynamodb").regional(true);

/// An RPC operation with nothing special about it but its name and authentication.
pub const fn op(name: &'static str, auth: Auth, auth_schemes: &'static [AuthScheme]) -> OperationSpec {
    OperationSpec::new(name, HttpTrait::RPC).auth(auth).auth_schemes(auth_schemes)
}

pub static SIGNED: OperationSpec =
    op("ListUserPools", Auth::Signed, &[AuthScheme::SigV4]).retryable_codes(&["ModelledRetryableException"]);

pub static OPTIONAL: OperationSpec = op("InitiateAuth", Auth::Optional, &[AuthScheme::SigV4]);

pub static ANONYMOUS: OperationSpec = op("SignUp", Auth::Anonymous, &[AuthScheme::SigV4]);

/// The request parts of an awsJson input whose JSON body is `body` (empty: no body).
pub fn parts(body: &[u8]) -> RequestParts {
    let mut writer = RequestWriter::new(Protocol::AwsJson1_1);
    if !body.is_empty() {
        writer.document(body.to_vec());
    }
    writer.finish().expect("parts")
}

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// Status, extra headers and body (sent with `Content-Length`).
    Respond(u16, Vec<(&'static str, String)>, Vec<u8>),
    /// A chunked body of `chunks` chunks of `size` bytes each.
    Chunked(u16, usize, usize),
    /// Headers announcing `declared` bytes, then a little of the body, then close.
    Declared(u16, u64),
    /// Reads the request and then says nothing until the client hangs up (or [`HOLD`] passes):
    /// far longer than any timeout a test sets, so only the client's timeout ends the call.
    Hang,
    /// Reads the request and closes the connection without answering.
    Close,
}

impl Reply {
    pub fn json(status: u16, body: &str) -> Reply {
        Reply::Respond(status, Vec::new(), body.as_bytes().to_vec())
    }
}

/// The longest a [`Reply::Hang`] keeps its connection.
pub const HOLD: Duration = Duration::from_secs(60);

/// A request as the server saw it (header names in lower case).
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

pub struct Stub {
    pub addr: SocketAddr,
    requests: Arc<Mutex<Vec<Recorded>>>,
    connections: Arc<AtomicUsize>,
}

impl Stub {
    /// Serves the script: the n-th request gets `script[n]`, later ones the last entry.
    pub fn start(script: Vec<Reply>) -> Stub {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let script = Arc::new(script);
        let (reqs, conns) = (requests.clone(), connections.clone());
        thread::spawn(move || {
            for stream in listener.incoming().take(64) {
                let Ok(stream) = stream else { continue };
                conns.fetch_add(1, Ordering::SeqCst);
                let (reqs, script) = (reqs.clone(), script.clone());
                thread::spawn(move || serve(stream, &reqs, &script));
            }
        });
        Stub {
            addr,
            requests,
            connections,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().expect("lock").clone()
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

fn serve(stream: TcpStream, requests: &Mutex<Vec<Recorded>>, script: &[Reply]) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    for _ in 0..32 {
        let Some(request) = read_request(&mut reader) else {
            return;
        };
        let index = {
            let mut all = requests.lock().expect("lock");
            all.push(request);
            all.len() - 1
        };
        let Some(reply) = script.get(index).or(script.last()) else {
            return;
        };
        if !write_reply(&mut writer, reply) {
            return;
        }
    }
}

fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Recorded> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let path = parts.next()?.to_owned();
    let mut headers = Vec::new();
    for _ in 0..200 {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Recorded {
        method,
        path,
        headers,
        body,
    })
}

/// Writes a reply; `false` when the connection should close.
fn write_reply(out: &mut TcpStream, reply: &Reply) -> bool {
    match reply {
        Reply::Respond(status, headers, body) => {
            let mut head = format!("HTTP/1.1 {status} X\r\ncontent-length: {}\r\n", body.len());
            for (name, value) in headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str("\r\n");
            out.write_all(head.as_bytes()).is_ok() && out.write_all(body).is_ok()
        }
        Reply::Chunked(status, chunks, size) => {
            let head = format!("HTTP/1.1 {status} X\r\ntransfer-encoding: chunked\r\n\r\n");
            if out.write_all(head.as_bytes()).is_err() {
                return false;
            }
            let chunk = vec![b'x'; *size];
            for _ in 0..*chunks {
                let framed = [format!("{size:x}\r\n").as_bytes(), &chunk, b"\r\n"].concat();
                if out.write_all(&framed).is_err() {
                    return false;
                }
            }
            let _ = out.write_all(b"0\r\n\r\n");
            false
        }
        Reply::Declared(status, declared) => {
            let head = format!("HTTP/1.1 {status} X\r\ncontent-length: {declared}\r\n\r\n");
            let _ = out.write_all(head.as_bytes());
            let _ = out.write_all(&[b'x'; 1024]);
            thread::sleep(Duration::from_millis(200));
            false
        }
        Reply::Hang => {
            wait_for_hang_up(out);
            false
        }
        Reply::Close => false,
    }
}

/// Reads (and drops) whatever the client sends until it closes the connection, or [`HOLD`]
/// passes.
fn wait_for_hang_up(stream: &mut TcpStream) {
    let deadline = Instant::now() + HOLD;
    let mut sink = [0u8; 4096];
    while Instant::now() < deadline {
        match stream.read(&mut sink) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
            Err(_) => return,
        }
    }
}
