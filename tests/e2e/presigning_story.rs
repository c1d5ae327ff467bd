// The presigning story: S3 requests presigned by the crate generated from the AWS S3 model, sent
// by a plain HTTP client (reqwest, outside the crate) through tests/e2e/presign_proxy.py, which
// checks each signature with botocore's presigner before passing the request on to moto (moto
// itself does not check query signatures). It is `include!`d at module level by a test file that
// first does `use <s3 crate> as s3;` (see tests/e2e/aws-models.sh), with `mod moto`
// (tests/e2e/moto.rs) at its root.

pub use presigning_e2e::run_presigning_story;

/// The story's steps and helpers.
pub mod presigning_e2e {
    use super::moto::Access;
    use super::s3;
    use s3::presigning::{PresignedRequest, PresigningConfig};
    use std::io::{BufRead, BufReader};
    use std::process::{Child, Command, Stdio};
    use std::time::{Duration, SystemTime};

    const BUCKET: &str = "e2e-presigned-bucket";
    const KEY: &str = "shared/note.txt";
    const BODY: &str = "presigned hello";

    /// The verifying front, killed when dropped.
    struct Proxy {
        child: Child,
        endpoint: String,
    }

    impl Proxy {
        fn start(script: &str, access: &Access) -> Proxy {
            let mut child = Command::new("python3")
                .arg(script)
                .arg(access.endpoint())
                .arg(access.access_key_id())
                .arg(access.secret_access_key())
                .stdout(Stdio::piped())
                .spawn()
                .unwrap_or_else(|e| panic!("python3 {script}: {e}"));
            let mut line = String::new();
            BufReader::new(child.stdout.take().expect("piped stdout")).read_line(&mut line).expect("the proxy's first line");
            let port = line.trim().strip_prefix("listening=").unwrap_or_else(|| panic!("the proxy printed {line:?}"));
            Proxy { endpoint: format!("http://127.0.0.1:{port}"), child }
        }
    }

    impl Drop for Proxy {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    fn client(endpoint: &str, access: &Access, secret: &str) -> s3::Client {
        let config = s3::Config::builder()
            .behavior_version(s3::config::BehaviorVersion::latest())
            .region(s3::config::Region::new("us-east-1"))
            .endpoint_url(endpoint)
            .credentials_provider(s3::config::Credentials::new(access.access_key_id(), secret, None, None, "e2e"))
            .force_path_style(true)
            .build();
        s3::Client::from_conf(config)
    }

    fn minutes(n: u64) -> PresigningConfig {
        PresigningConfig::expires_in(Duration::from_secs(60 * n)).expect("within a week")
    }

    /// Sends a presigned request with reqwest: its method, URI and signed headers, and `body`.
    async fn fetch(presigned: &PresignedRequest, body: &'static str, skip_header: Option<&str>) -> (u16, String) {
        let method = reqwest::Method::from_bytes(presigned.method().as_bytes()).expect("a method");
        let mut request = reqwest::Client::new().request(method, presigned.uri()).body(body);
        for (name, value) in presigned.headers().filter(|(name, _)| Some(*name) != skip_header) {
            request = request.header(name, value);
        }
        let response = request.send().await.expect("the proxy answers");
        let status = response.status().as_u16();
        (status, response.text().await.unwrap_or_default())
    }

    fn code(xml: &str) -> &str {
        xml.split("<Code>").nth(1).and_then(|rest| rest.split("</Code>").next()).unwrap_or("")
    }

    /// Runs the story and returns one transcript line per step; every step asserts its result.
    pub async fn run_presigning_story(access: &Access, proxy_script: &str) -> Vec<String> {
        let mut t = Vec::new();
        let proxy = Proxy::start(proxy_script, access);
        let direct = client(&access.endpoint(), access, access.secret_access_key());
        let presigner = client(&proxy.endpoint, access, access.secret_access_key());
        direct.create_bucket().bucket(BUCKET).send().await.expect("CreateBucket");
        t.push(format!("CreateBucket {BUCKET} (sent to moto); presigning client for {}", proxy.endpoint));

        let week = Duration::from_secs(7 * 24 * 3600);
        assert!(PresigningConfig::expires_in(week).is_ok());
        let too_long = PresigningConfig::expires_in(week + Duration::from_secs(1)).expect_err("over a week");
        t.push(format!("PresigningConfig::expires_in(one week) -> Ok; one week and a second -> Err({too_long})"));

        let put = presigner.put_object().bucket(BUCKET).key(KEY).content_type("text/plain").presigned(minutes(5)).await.expect("presigned PUT");
        assert_eq!(put.method(), "PUT");
        for param in ["X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Credential=", "X-Amz-Date=", "X-Amz-Expires=300", "X-Amz-SignedHeaders=", "X-Amz-Signature="] {
            assert!(put.uri().contains(param), "{param} in {}", put.uri());
        }
        assert_eq!(put.headers().collect::<Vec<_>>(), [("content-type", "text/plain")], "the signed headers to send");
        let (status, text) = fetch(&put, BODY, None).await;
        assert_eq!(status, 200, "{text}");
        t.push("put_object().content_type(text/plain).presigned(5 min) -> PUT with content-type; reqwest sends it with a body: 200".to_owned());

        let get = presigner.get_object().bucket(BUCKET).key(KEY).presigned(minutes(5)).await.expect("presigned GET");
        assert!(get.uri().contains("X-Amz-SignedHeaders=host&") || get.uri().ends_with("X-Amz-SignedHeaders=host"), "{}", get.uri());
        let (status, text) = fetch(&get, "", None).await;
        assert_eq!((status, text.as_str()), (200, BODY));
        let stored = direct.get_object().bucket(BUCKET).key(KEY).send().await.expect("GetObject");
        assert_eq!(stored.content_type(), Some("text/plain"));
        t.push(format!("get_object().presigned(5 min) -> reqwest GET: 200, {BODY:?} (GetObject through the client agrees, content type text/plain)"));

        let mut tampered = get.uri().to_owned();
        let last = tampered.pop().expect("a signature");
        tampered.push(if last == '0' { '1' } else { '0' });
        let response = reqwest::get(&tampered).await.expect("the proxy answers");
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        assert_eq!((status, code(&text)), (403, "SignatureDoesNotMatch"), "{text}");
        t.push("the same URL with its signature's last digit changed -> 403 SignatureDoesNotMatch".to_owned());

        let ranged = presigner.get_object().bucket(BUCKET).key(KEY).range("bytes=0-8").presigned(minutes(5)).await.expect("presigned ranged GET");
        assert_eq!(ranged.headers().collect::<Vec<_>>(), [("range", "bytes=0-8")]);
        let (status, text) = fetch(&ranged, "", Some("range")).await;
        assert_eq!((status, code(&text)), (403, "SignatureDoesNotMatch"), "{text}");
        let (status, text) = fetch(&ranged, "", None).await;
        assert_eq!((status, text.as_str()), (206, "presigned"));
        t.push("get_object().range(bytes=0-8).presigned -> without its signed range header: 403; with it: 206 \"presigned\"".to_owned());

        let wrong = client(&proxy.endpoint, access, "not-the-secret");
        let forged = wrong.get_object().bucket(BUCKET).key(KEY).presigned(minutes(5)).await.expect("presigned with a wrong secret");
        let (status, text) = fetch(&forged, "", None).await;
        assert_eq!((status, code(&text)), (403, "SignatureDoesNotMatch"), "{text}");
        t.push("presigned by a client with a wrong secret -> 403 SignatureDoesNotMatch".to_owned());

        let two_hours_ago = SystemTime::now() - Duration::from_secs(7200);
        let config = PresigningConfig::builder().start_time(two_hours_ago).expires_in(Duration::from_secs(60)).build().expect("config");
        let expired = presigner.get_object().bucket(BUCKET).key(KEY).presigned(config).await.expect("presigned in the past");
        let (status, text) = fetch(&expired, "", None).await;
        assert_eq!(status, 403, "{text}");
        assert!(text.contains("expired"), "{text}");
        t.push("start_time two hours ago, expires_in 60 s -> 403 (expired)".to_owned());

        let head = presigner.head_object().bucket(BUCKET).key(KEY).customize().presigned(minutes(1)).await.expect("presigned HEAD");
        assert_eq!(head.method(), "HEAD");
        let (status, _) = fetch(&head, "", None).await;
        assert_eq!(status, 200);
        t.push("head_object().customize().presigned(1 min) -> reqwest HEAD: 200".to_owned());

        let delete = presigner.delete_object().bucket(BUCKET).key(KEY).presigned(minutes(1)).await.expect("presigned DELETE");
        let (status, text) = fetch(&delete, "", None).await;
        assert_eq!(status, 204, "{text}");
        let gone = direct.head_object().bucket(BUCKET).key(KEY).send().await.expect_err("deleted");
        assert!(gone.as_service_error().is_some_and(|e| e.is_not_found()), "{gone:?}");
        t.push("delete_object().presigned(1 min) -> reqwest DELETE: 204; HeadObject through the client: NotFound".to_owned());

        direct.delete_bucket().bucket(BUCKET).send().await.expect("DeleteBucket");
        t
    }
}
