//! AWS's published SigV4 test suite, run through this runtime's signer.
//!
//! The suite (`aws-signing-test-suite/v4/<case>/`) ships inside the aws-sigv4 crate this runtime
//! signs with; it is read from the cargo registry at test time, never copied here. Each case's
//! `request.txt` becomes the `http::Request<SdkBody>` the client would send, is signed by
//! [`sign_at`] (what the client's [`super::sign`] calls with the current time) under the case's
//! `context.json`, and the signature and `Authorization` header are compared with the case's
//! `header-signature.txt` and `header-signed-request.txt`. The canonical request and string to
//! sign are not compared: aws-sigv4 keeps them private and our signer deliberately mutes the
//! trace events that would show them (they can hold sensitive headers).
//!
//! The suite's contexts combine settings freely (path normalisation, encoding once or twice, the
//! `x-amz-content-sha256` header, leaving the session token unsigned); this runtime signs with
//! [`Rules::STANDARD`] or [`Rules::S3`], adjusted by an endpoint auth scheme's
//! `disableDoubleEncoding` and `disableNormalizePath`, so every combination of the first three
//! can be asked of it. A case is claimed by the rules that agree with every setting that changes
//! its canonical request, and must pass; a case none claims is listed with the reason, and must
//! not be reproduced by any (else the reason is wrong).

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use aws_credential_types::Credentials;
use aws_smithy_runtime_api::client::identity::Identity;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::date_time::{DateTime, Format};

use super::{sign_at, Rules, Scope};

/// Secrets of the access keys used by the two cases without `context.json`
/// (`double-encode-path`, `double-url-encode`): the secret every `context.json` of the suite
/// gives `AKIDEXAMPLE`, and that of aws-credential-types' `Credentials::for_tests()`, which
/// aws-sigv4's own test signs `double-encode-path` with.
const KNOWN_SECRETS: [(&str, &str); 2] = [
    ("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
    ("ANOTREAL", "notrealrnrELgWzOk3IfjzDKtFBhDby"),
];

// ---- finding the suite -------------------------------------------------------------------

/// The aws-sigv4 version in the workspace's `Cargo.lock` that this runtime depends on.
fn sigv4_version() -> String {
    let lock_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    let lock = std::fs::read_to_string(&lock_path)
        .unwrap_or_else(|e| panic!("cannot read {} to find the aws-sigv4 version: {e}", lock_path.display()));
    let packages: Vec<&str> = lock.split("[[package]]").collect();
    let field = |package: &str, key: &str| {
        package.lines().find_map(|l| l.strip_prefix(key)).map(|v| v.trim().trim_start_matches("= ").trim_matches('"').to_owned())
    };
    // The runtime's dependency entry names the version when the lock file holds several.
    let runtime = packages.iter().find(|p| field(p, "name ").as_deref() == Some("smithy-client-runtime"));
    let pinned = runtime.and_then(|p| p.lines().find_map(|l| l.trim().trim_matches(&['"', ','][..]).strip_prefix("aws-sigv4 ")));
    if let Some(version) = pinned {
        return version.to_owned();
    }
    let versions: Vec<String> =
        packages.iter().filter(|p| field(p, "name ").as_deref() == Some("aws-sigv4")).filter_map(|p| field(p, "version ")).collect();
    match versions.as_slice() {
        [version] => version.clone(),
        other => panic!("{} lists aws-sigv4 versions {other:?}; expected exactly one", lock_path.display()),
    }
}

fn cargo_home() -> PathBuf {
    match std::env::var_os("CARGO_HOME") {
        Some(home) => PathBuf::from(home),
        None => PathBuf::from(std::env::var_os("HOME").expect("neither CARGO_HOME nor HOME is set")).join(".cargo"),
    }
}

/// `$CARGO_HOME/registry/src/<index>/aws-sigv4-<version>/aws-signing-test-suite/v4`. The crate's
/// sources are there whenever the runtime builds, so their absence is a failure.
fn suite_dir() -> PathBuf {
    let version = sigv4_version();
    let registry = cargo_home().join("registry/src");
    let candidates: Vec<PathBuf> = std::fs::read_dir(&registry)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|index| index.path().join(format!("aws-sigv4-{version}/aws-signing-test-suite/v4")))
        .collect();
    match candidates.iter().find(|dir| dir.is_dir()) {
        Some(dir) => dir.clone(),
        None => panic!(
            "aws-sigv4 {version}'s signing test suite is not under {}/*/aws-sigv4-{version}/aws-signing-test-suite/v4 \
             (set CARGO_HOME if the registry is elsewhere)",
            registry.display()
        ),
    }
}

fn read(dir: &Path, file: &str) -> Option<String> {
    // The files are LF; a checkout on Windows may have made them CRLF.
    std::fs::read_to_string(dir.join(file)).ok().map(|text| text.replace("\r\n", "\n"))
}

// ---- one case's files --------------------------------------------------------------------

/// `request.txt`: a request line, headers (with obsolete line folding), a blank line, a body.
struct RawRequest {
    method: String,
    /// The request target as written: it may hold a space or raw UTF-8.
    target: String,
    headers: Vec<(String, String)>,
    body: String,
}

fn parse_request(text: &str) -> RawRequest {
    let (head, body) = text.split_once("\n\n").unwrap_or((text, ""));
    let mut lines = head.lines();
    let request_line = lines.next().unwrap_or_default();
    let (method, rest) = request_line.split_once(' ').expect("a request line");
    let target = rest.strip_suffix(" HTTP/1.1").unwrap_or(rest);
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        match (line.starts_with([' ', '\t']), headers.last_mut()) {
            // obs-fold: RFC 7230 3.2.4 lets a recipient replace it with a single space.
            (true, Some((_, value))) => {
                value.push(' ');
                value.push_str(line.trim());
            }
            _ => {
                let (name, value) = line.split_once(':').expect("a header line");
                headers.push((name.to_owned(), value.trim().to_owned()));
            }
        }
    }
    RawRequest { method: method.to_owned(), target: target.to_owned(), headers, body: body.to_owned() }
}

/// The target as a client puts it on the wire: bytes a URI cannot hold (space, UTF-8) are
/// percent-encoded, everything else is left as written.
fn wire_target(target: &str) -> String {
    let mut wire = String::with_capacity(target.len());
    for byte in target.bytes() {
        if byte.is_ascii_graphic() {
            wire.push(char::from(byte));
        } else {
            wire.push_str(&format!("%{byte:02X}"));
        }
    }
    wire
}

impl RawRequest {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The request as the client hands it to the signer: the host in the URI (the client sets
    /// no `Host` header), the other headers in order, the body in memory.
    fn to_http(&self) -> http::Request<SdkBody> {
        let host = self.header("host").expect("a Host header");
        let uri = format!("https://{host}{}", wire_target(&self.target));
        let mut request = http::Request::new(SdkBody::from(self.body.clone()));
        *request.method_mut() = self.method.parse().expect("a method");
        *request.uri_mut() = uri.parse().unwrap_or_else(|e| panic!("`{uri}` is not a URI: {e}"));
        for (name, value) in self.headers.iter().filter(|(n, _)| !n.eq_ignore_ascii_case("host")) {
            let name = http::HeaderName::from_bytes(name.as_bytes()).expect("a header name");
            request.headers_mut().append(name, http::HeaderValue::from_str(value).expect("a header value"));
        }
        request
    }

    fn wire_path(&self) -> String {
        let wire = wire_target(&self.target);
        wire.split('?').next().unwrap_or_default().to_owned()
    }
}

/// What `context.json` says, or what a case without one implies.
struct Context {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    region: String,
    service: String,
    time: SystemTime,
    /// Remove `.`/`..` segments and repeated slashes from the path.
    normalize: bool,
    /// Send and sign `x-amz-content-sha256`.
    sign_body: bool,
    /// Add `X-Amz-Security-Token` after signing, leaving it out of the signature.
    omit_session_token: bool,
}

fn time_from_rfc3339(text: &str) -> SystemTime {
    let parsed = DateTime::from_str(text, Format::DateTime).unwrap_or_else(|e| panic!("timestamp `{text}`: {e}"));
    SystemTime::try_from(parsed).expect("a time after the epoch")
}

impl Context {
    fn from_json(text: &str) -> Context {
        let json: serde_json::Value = serde_json::from_str(text).expect("context.json is JSON");
        let text_at = |pointer: &str| json.pointer(pointer).and_then(|v| v.as_str()).map(str::to_owned);
        let flag = |key: &str, default: bool| json.get(key).and_then(|v| v.as_bool()).unwrap_or(default);
        Context {
            access_key_id: text_at("/credentials/access_key_id").expect("access_key_id"),
            secret_access_key: text_at("/credentials/secret_access_key").expect("secret_access_key"),
            session_token: text_at("/credentials/token"),
            region: text_at("/region").expect("region"),
            service: text_at("/service").expect("service"),
            time: time_from_rfc3339(&text_at("/timestamp").expect("timestamp")),
            normalize: flag("normalize", true),
            // aws-sigv4's harness defaults a missing `sign_body` to true.
            sign_body: flag("sign_body", true),
            omit_session_token: flag("omit_session_token", false),
        }
    }

    /// For the two cases without `context.json`: key, region and service from the expected
    /// `Authorization` header's credential scope, the time from the request's `X-Amz-Date`, the
    /// secret from [`KNOWN_SECRETS`], and aws-sigv4's default settings.
    fn implied(authorization: &str, request: &RawRequest) -> Context {
        let scope = between(authorization, "Credential=", ",");
        let parts: Vec<&str> = scope.split('/').collect();
        let [key, _date, region, service, "aws4_request"] = parts[..] else {
            panic!("credential scope `{scope}` is not KEY/DATE/REGION/SERVICE/aws4_request")
        };
        let secret = KNOWN_SECRETS.iter().find(|(k, _)| *k == key).map(|(_, s)| *s);
        let amz_date = request.header("x-amz-date").expect("an X-Amz-Date header");
        Context {
            access_key_id: key.to_owned(),
            secret_access_key: secret.unwrap_or_else(|| panic!("no known secret for access key {key}")).to_owned(),
            session_token: None,
            region: region.to_owned(),
            service: service.to_owned(),
            time: time_from_rfc3339(&basic_to_rfc3339(amz_date)),
            normalize: true,
            sign_body: false,
            omit_session_token: false,
        }
    }

    fn identity(&self) -> Identity {
        Credentials::new(&self.access_key_id, &self.secret_access_key, self.session_token.clone(), None, "vectors").into()
    }
}

/// `20150830T123600Z` to `2015-08-30T12:36:00Z`.
fn basic_to_rfc3339(basic: &str) -> String {
    let at = |range: std::ops::Range<usize>| basic.get(range).unwrap_or_else(|| panic!("`{basic}` is not YYYYMMDDTHHMMSSZ"));
    format!("{}-{}-{}T{}:{}:{}Z", at(0..4), at(4..6), at(6..8), at(9..11), at(11..13), at(13..15))
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let rest = text.split_once(start).map_or("", |(_, rest)| rest);
    rest.split(end).next().unwrap_or_default()
}

/// What a case expects, from its `header-*` files.
struct Expected {
    signature: String,
    authorization: Option<String>,
    canonical_path: String,
}

fn expected(dir: &Path) -> Expected {
    let authorization = read(dir, "header-signed-request.txt").and_then(|signed| {
        signed.lines().find_map(|l| l.split_once(':').filter(|(n, _)| n.eq_ignore_ascii_case("authorization")).map(|(_, v)| v.trim().to_owned()))
    });
    let signature = match read(dir, "header-signature.txt") {
        Some(signature) => signature.trim().to_owned(),
        None => between(authorization.as_deref().unwrap_or_default(), "Signature=", ",").trim().to_owned(),
    };
    assert!(!signature.is_empty(), "{}: neither header-signature.txt nor a signed request", dir.display());
    let canonical = read(dir, "header-canonical-request.txt").unwrap_or_default();
    let canonical_path = canonical.lines().nth(1).unwrap_or_default().to_owned();
    Expected { signature, authorization, canonical_path }
}

// ---- which rules claim a case ------------------------------------------------------------

/// The settings of a case that change its canonical request; `None` where the case does not
/// care (its path is the same either way).
struct Wants {
    content_sha256: bool,
    normalized: Option<bool>,
    encoded_twice: Option<bool>,
}

fn wants(context: &Context, request: &RawRequest, expected: &Expected) -> Wants {
    let path = request.wire_path();
    // Normalising changes only paths with `.`/`..` segments or empty ones (`//`).
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let normalizing_matters = segments.iter().enumerate().any(|(i, s)| matches!(*s, "." | "..") || (s.is_empty() && i + 1 < segments.len()));
    // Encoding a second time changes only paths that hold a `%`; which the case wants shows in
    // its expected canonical path (the suite's contexts have no setting for it).
    let encoded_twice = path.contains('%').then(|| expected.canonical_path != path);
    Wants { content_sha256: context.sign_body, normalized: normalizing_matters.then_some(context.normalize), encoded_twice }
}

impl Rules {
    fn name(self) -> String {
        let on = |flag: bool, what: &str| if flag { what.to_owned() } else { format!("no {what}") };
        format!(
            "rules: {}, {}, {}",
            on(self.encode_twice, "double encoding"),
            on(self.normalize_path, "path normalisation"),
            on(self.content_sha256, "x-amz-content-sha256")
        )
    }

    fn fits(self, wants: &Wants) -> bool {
        wants.content_sha256 == self.content_sha256
            && wants.normalized.is_none_or(|n| n == self.normalize_path)
            && wants.encoded_twice.is_none_or(|twice| twice == self.encode_twice)
    }
}

/// Every combination the signer can be asked for: the service's rules (standard or S3) with the
/// endpoint auth scheme's `disableDoubleEncoding` and `disableNormalizePath` on top.
fn all_rules() -> Vec<Rules> {
    (0..8u8).map(|bits| Rules { encode_twice: bits & 1 != 0, normalize_path: bits & 2 != 0, content_sha256: bits & 4 != 0 }).collect()
}

/// The rules that claim a case, or why none does.
fn claim(context: &Context, wants: &Wants) -> Result<Rules, String> {
    if context.omit_session_token {
        return Err("leaves X-Amz-Security-Token out of the signature (added after signing); this runtime always signs the session token".into());
    }
    if let Some(rules) = all_rules().into_iter().find(|r| r.fits(wants)) {
        return Ok(rules);
    }
    let mut combination = vec![if wants.content_sha256 { "x-amz-content-sha256" } else { "no x-amz-content-sha256" }];
    match wants.normalized {
        Some(true) => combination.push("a normalised path"),
        Some(false) => combination.push("the path not normalised"),
        None => {}
    }
    match wants.encoded_twice {
        Some(true) => combination.push("the path encoded twice"),
        // As S3 does; other services want it encoded twice (see `double-url-encode`), and
        // aws-sigv4 skips these cases for the same reason.
        Some(false) => combination.push("the path encoded once"),
        None => {}
    }
    Err(format!(
        "wants {}; this runtime signs with either the standard rules (no x-amz-content-sha256, normalised, encoded twice) \
         or the S3 rules (x-amz-content-sha256, not normalised, encoded once)",
        combination.join(", ")
    ))
}

// ---- signing -----------------------------------------------------------------------------

/// The signature and `Authorization` header the runtime's signer gives the case's request.
fn sign_case(request: &RawRequest, context: &Context, rules: Rules) -> (String, String) {
    let mut http_request = request.to_http();
    let scope = Scope { region: &context.region, signing_name: &context.service };
    let signature = sign_at(&mut http_request, &context.identity(), scope, rules, context.time)
        .unwrap_or_else(|e| panic!("signing failed: {e}"));
    let authorization = http_request.headers().get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    (signature, authorization)
}

/// The differences between what `rules` produce and what the case expects (empty: it passes).
fn mismatches(request: &RawRequest, context: &Context, rules: Rules, expected: &Expected) -> Vec<String> {
    let (signature, authorization) = sign_case(request, context, rules);
    let mut wrong = Vec::new();
    if signature != expected.signature {
        wrong.push(format!("signature {signature}, expected {}", expected.signature));
    }
    if let Some(want) = expected.authorization.as_deref().filter(|want| *want != authorization) {
        wrong.push(format!("Authorization `{authorization}`, expected `{want}`"));
    }
    wrong
}

enum Verdict {
    Pass(Rules),
    Fail(Rules, Vec<String>),
    NotClaimed(String),
    /// Not claimed, yet reproduced by these rules: the reason given for not claiming it is wrong.
    WronglyUnclaimed(String, Rules),
}

fn run_case(dir: &Path) -> Verdict {
    let request = parse_request(&read(dir, "request.txt").expect("request.txt"));
    let expected = expected(dir);
    let context = match read(dir, "context.json") {
        Some(json) => Context::from_json(&json),
        None => Context::implied(expected.authorization.as_deref().expect("a signed request"), &request),
    };
    let wants = wants(&context, &request, &expected);
    match claim(&context, &wants) {
        Ok(rules) => match mismatches(&request, &context, rules, &expected) {
            wrong if wrong.is_empty() => Verdict::Pass(rules),
            wrong => Verdict::Fail(rules, wrong),
        },
        Err(reason) => match all_rules().into_iter().find(|r| mismatches(&request, &context, *r, &expected).is_empty()) {
            Some(rules) => Verdict::WronglyUnclaimed(reason, rules),
            None => Verdict::NotClaimed(reason),
        },
    }
}

fn case_dirs(suite: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(suite).unwrap_or_else(|e| panic!("cannot list {}: {e}", suite.display()));
    let mut dirs: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.join("request.txt").is_file()).collect();
    dirs.sort();
    dirs
}

#[test]
fn aws_sigv4_test_suite() {
    let suite = suite_dir();
    let dirs = case_dirs(&suite);
    assert!(dirs.len() >= 30, "only {} cases in {}", dirs.len(), suite.display());
    let (mut passed, mut failures, mut unclaimed) = (Vec::new(), Vec::new(), Vec::new());
    for dir in &dirs {
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        match run_case(dir) {
            Verdict::Pass(rules) => passed.push(format!("{name} ({})", rules.name())),
            Verdict::Fail(rules, wrong) => failures.push(format!("{name} ({}): {}", rules.name(), wrong.join("; "))),
            Verdict::NotClaimed(reason) => unclaimed.push(format!("{name}: {reason}")),
            Verdict::WronglyUnclaimed(reason, rules) => {
                failures.push(format!("{name}: not claimed ({reason}), yet the {} reproduce it", rules.name()))
            }
        }
    }
    println!("{} of {} v4 vectors pass (from {})", passed.len(), dirs.len(), suite.display());
    println!("passed:\n  {}", passed.join("\n  "));
    println!("not claimed by either rules of this runtime:\n  {}", unclaimed.join("\n  "));
    println!("query-*.txt (presigned URLs) of every case: not compared, this runtime does not presign");
    assert!(failures.is_empty(), "{} v4 vectors fail:\n  {}", failures.len(), failures.join("\n  "));
    assert_eq!(passed.len() + unclaimed.len(), dirs.len());
}

#[test]
fn request_parsing() {
    let raw = parse_request("GET /a b/?ሴ=x HTTP/1.1\nHost:h.example\nMy:one\n  two\n   three\nX: spaced \n\nbody");
    assert_eq!(raw.method, "GET");
    assert_eq!(wire_target(&raw.target), "/a%20b/?%E1%88%B4=x");
    assert_eq!(raw.headers, [("Host".into(), "h.example".into()), ("My".into(), "one two three".into()), ("X".into(), "spaced".into())]);
    assert_eq!(raw.body, "body");
    let http = raw.to_http();
    assert_eq!(http.uri().to_string(), "https://h.example/a%20b/?%E1%88%B4=x");
    assert!(http.headers().get("host").is_none());
    assert_eq!(basic_to_rfc3339("20210511T154045Z"), "2021-05-11T15:40:45Z");
}
