// The end-to-end S3 story, written against a client crate generated from the AWS S3 model and
// imported as `s3`. It is `include!`d at module level by a test file that first does
// `use <generated crate> as s3;` (see tests/e2e/aws-models.sh). The includer needs `tokio` with
// the `fs` and `io-util` features, and `mod moto` (tests/e2e/moto.rs) at its root.

pub use s3_e2e::{large_object_round_trip, run_s3_story};

/// The story's steps and helpers.
pub mod s3_e2e {
    use super::moto::Access;
    use super::s3;
    use s3::error::{DisplayErrorContext, ProvideErrorMetadata};
    use s3::operation::get_object::GetObjectError;
    use s3::primitives::ByteStream;
    use s3::types::{Delete, ObjectIdentifier};
    use std::path::{Path, PathBuf};

    const BUCKET: &str = "e2e-story-bucket";
    const BIG_KEY: &str = "big/object.bin";
    const MIB: usize = 1024 * 1024;
    const SMALL_OBJECTS: usize = 5;
    const PAGE_SIZE: i32 = 2;
    /// Peak memory may grow by this much during a streamed upload or download, whatever the
    /// object's size; measured with 100 MiB: +0.1 to 0.4 MiB after the upload, +1.1 to 1.5 MiB
    /// after the download.
    const STREAMING_GROWTH_LIMIT_MIB: f64 = 8.0;

    /// Unwraps a call result, failing with the whole error chain and its `Debug` form.
    fn expect_ok<T, E: std::error::Error>(step: &str, result: Result<T, E>) -> T {
        match result {
            Ok(value) => value,
            Err(err) => panic!("{step} failed: {}\n{err:?}", DisplayErrorContext(&err)),
        }
    }

    fn client(access: &Access) -> s3::Client {
        client_with_secret(access, access.secret_access_key())
    }

    /// A client signing with `access`'s key id and `secret`.
    fn client_with_secret(access: &Access, secret: &str) -> s3::Client {
        let config = s3::Config::builder()
            .behavior_version(s3::config::BehaviorVersion::latest())
            .region(s3::config::Region::new("us-east-1"))
            .endpoint_url(access.endpoint())
            .credentials_provider(s3::config::Credentials::new(access.access_key_id(), secret, None, None, "e2e"))
            .force_path_style(true)
            .build();
        s3::Client::from_conf(config)
    }

    /// A scratch folder for the story's files, removed when dropped.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str) -> Self {
            let dir = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
            std::fs::create_dir_all(&dir).expect("scratch folder");
            Scratch(dir)
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// Writes `len` bytes of a repeating, position-dependent pattern, one MiB at a time.
    fn write_pattern(path: &Path, len: usize) -> u64 {
        use std::io::Write as _;
        let mut file = std::io::BufWriter::new(std::fs::File::create(path).expect("create file"));
        let mut checksum = 0u64;
        let mut chunk = vec![0u8; MIB];
        for block in 0..len / MIB {
            for (i, b) in chunk.iter_mut().enumerate() {
                *b = ((block * 31 + i * 7) % 251) as u8;
            }
            checksum = fold(checksum, &chunk);
            file.write_all(&chunk).expect("write file");
        }
        file.flush().expect("flush file");
        checksum
    }

    fn fold(mut sum: u64, bytes: &[u8]) -> u64 {
        for b in bytes {
            sum = sum.wrapping_mul(1_099_511_628_211).wrapping_add(u64::from(*b));
        }
        sum
    }

    fn file_checksum(path: &Path) -> (u64, u64) {
        use std::io::Read as _;
        let mut file = std::fs::File::open(path).expect("open file");
        let mut chunk = vec![0u8; MIB];
        let (mut sum, mut len) = (0u64, 0u64);
        loop {
            let n = file.read(&mut chunk).expect("read file");
            if n == 0 {
                return (sum, len);
            }
            sum = fold(sum, &chunk[..n]);
            len += n as u64;
        }
    }

    /// Streams an object's body into a file without holding it in memory.
    async fn download(client: &s3::Client, key: &str, to: &Path) -> s3::operation::get_object::GetObjectOutput {
        let mut out = expect_ok("GetObject", client.get_object().bucket(BUCKET).key(key).send().await);
        let body = std::mem::take(&mut out.body);
        let mut reader = body.into_async_read();
        let mut file = tokio::fs::File::create(to).await.expect("create download file");
        tokio::io::copy(&mut reader, &mut file).await.expect("stream the body to the file");
        out
    }

    /// Runs the story against `access`'s endpoint, signing with its key, and returns one
    /// transcript line per step; every step asserts its result.
    pub async fn run_s3_story(access: &Access) -> Vec<String> {
        let mut t = Vec::new();
        let client = client(access);
        t.push(format!("Client::from_conf -> endpoint {}, key {}, force_path_style(true)", access.endpoint(), access.access_key_id()));

        expect_ok("CreateBucket", client.create_bucket().bucket(BUCKET).send().await);
        t.push(format!("CreateBucket {BUCKET} -> created"));

        t.push(wrong_secret_is_refused(access).await);

        let scratch = Scratch::new("s3-story");
        let upload = scratch.0.join("upload.bin");
        let size = 20 * MIB;
        let checksum = write_pattern(&upload, size);
        let body = ByteStream::from_path(&upload).await.expect("a stream over the file");
        let put = expect_ok(
            "PutObject",
            client
                .put_object()
                .bucket(BUCKET)
                .key(BIG_KEY)
                .content_type("application/x-story")
                .metadata("story", "s3")
                .metadata("size", "20MiB")
                .body(body)
                .send()
                .await,
        );
        let etag = put.e_tag().unwrap_or("-").to_owned();
        t.push(format!("PutObject {BIG_KEY} (20 MiB streamed from a file, content type and 2 x-amz-meta-* headers) -> ETag {etag}"));

        let head = expect_ok("HeadObject", client.head_object().bucket(BUCKET).key(BIG_KEY).send().await);
        assert_eq!(head.content_length(), Some(size as i64), "HeadObject content length");
        assert_eq!(head.content_type(), Some("application/x-story"));
        let metadata = head.metadata().cloned().unwrap_or_default();
        assert_eq!(metadata.get("story").map(String::as_str), Some("s3"), "metadata {metadata:?}");
        assert_eq!(metadata.get("size").map(String::as_str), Some("20MiB"), "metadata {metadata:?}");
        assert_eq!(head.e_tag(), Some(etag.as_str()));
        t.push(format!(
            "HeadObject {BIG_KEY} -> {} bytes, {}, metadata {{size: 20MiB, story: s3}}",
            size,
            head.content_type().unwrap_or("-")
        ));

        let download_path = scratch.0.join("download.bin");
        let got = download(&client, BIG_KEY, &download_path).await;
        assert_eq!(got.content_length(), Some(size as i64));
        let (sum, len) = file_checksum(&download_path);
        assert_eq!((sum, len), (checksum, size as u64), "the downloaded object differs from the upload");
        t.push(format!("GetObject {BIG_KEY} streamed to a file -> {len} bytes, identical to the upload"));

        for i in 0..SMALL_OBJECTS {
            let key = format!("list/object-{i}.txt");
            let body = ByteStream::from(format!("object number {i}").into_bytes());
            expect_ok("PutObject (small)", client.put_object().bucket(BUCKET).key(&key).body(body).send().await);
        }
        // moto cannot check these signatures: the query carries `prefix=list%2F` (as the AWS SDKs
        // send it), but moto's check reads the query from werkzeug's `request.url`, which has
        // decoded `%2F` back to `/`, and botocore puts that text into the canonical query as it
        // is, so it signs `prefix=list/` where AWS (and this client) sign `prefix=list%2F`.
        // boto3's own ListObjectsV2 with that prefix fails against moto the same way. The
        // PutObject calls above and every other step stay checked.
        let pages = access
            .unverified(async {
                let mut pages = client.list_objects_v2().bucket(BUCKET).prefix("list/").max_keys(PAGE_SIZE).into_paginator().send();
                let mut collected = Vec::new();
                while let Some(page) = pages.next().await {
                    collected.push(page);
                    assert!(collected.len() <= SMALL_OBJECTS, "the paginator does not stop");
                }
                collected
            })
            .await;
        let mut page_sizes = Vec::new();
        let mut keys = Vec::new();
        for page in pages {
            let page = expect_ok("ListObjectsV2 page", page);
            page_sizes.push(page.contents().len());
            keys.extend(page.contents().iter().filter_map(|o| o.key().map(str::to_owned)));
        }
        assert_eq!(keys.len(), SMALL_OBJECTS, "keys {keys:?}");
        assert!(page_sizes.len() >= 3, "page sizes {page_sizes:?}");
        t.push(format!(
            "PutObject x{SMALL_OBJECTS} small; ListObjectsV2 prefix list/ max_keys {PAGE_SIZE}, pages paginator -> {} pages {page_sizes:?}, {} keys \
             (ListObjectsV2 signatures not checked: moto decodes %2F in the query before checking; see s3_story.rs)",
            page_sizes.len(),
            keys.len()
        ));

        let copied = expect_ok(
            "CopyObject",
            client.copy_object().bucket(BUCKET).key("copy/object-0.txt").copy_source(format!("{BUCKET}/list/object-0.txt")).send().await,
        );
        let copy_etag = copied.copy_object_result().and_then(|r| r.e_tag()).unwrap_or("-").to_owned();
        let copy = expect_ok("GetObject (copy)", client.get_object().bucket(BUCKET).key("copy/object-0.txt").send().await);
        let copy_body = copy.body.collect().await.expect("the copy's body").into_bytes();
        assert_eq!(&copy_body[..], b"object number 0");
        t.push(format!("CopyObject list/object-0.txt -> copy/object-0.txt (ETag {copy_etag}), body read back with collect()"));

        let mut delete = Delete::builder();
        for key in keys.iter().map(String::as_str).chain([BIG_KEY, "copy/object-0.txt"]) {
            delete = delete.objects(ObjectIdentifier::builder().key(key).build().expect("the key is set"));
        }
        let deleted = expect_ok(
            "DeleteObjects",
            client.delete_objects().bucket(BUCKET).delete(delete.build().expect("objects are set")).send().await,
        );
        assert_eq!(deleted.deleted().len(), SMALL_OBJECTS + 2, "deleted {:?}", deleted.deleted());
        assert!(deleted.errors().is_empty(), "errors {:?}", deleted.errors());
        t.push(format!("DeleteObjects with {} keys in one call -> {} deleted, 0 errors", SMALL_OBJECTS + 2, deleted.deleted().len()));

        let missing = client.get_object().bucket(BUCKET).key(BIG_KEY).send().await;
        let err = missing.expect_err("the object was deleted");
        let service = err.as_service_error().expect("a service error");
        assert!(matches!(service, GetObjectError::NoSuchKey(_)), "{service:?}");
        assert!(service.is_no_such_key());
        assert_eq!(service.code(), Some("NoSuchKey"));
        t.push(format!("GetObject {BIG_KEY} after deletion -> NoSuchKey, seen by variant, is_no_such_key() and code()"));

        expect_ok("DeleteBucket", client.delete_bucket().bucket(BUCKET).send().await);
        t.push(format!("DeleteBucket {BUCKET} -> deleted"));
        t
    }

    /// A client with the right access key id but a wrong secret is refused with S3's
    /// `SignatureDoesNotMatch`: moto really checks the signatures this story's calls pass with.
    async fn wrong_secret_is_refused(access: &Access) -> String {
        let wrong = client_with_secret(access, "deliberately-wrong-secret");
        let err = wrong.list_objects_v2().bucket(BUCKET).send().await.expect_err("a wrong secret is refused");
        let status = err.raw_response().map(|r| r.status().as_u16());
        assert_eq!(err.code(), Some("SignatureDoesNotMatch"), "{}", DisplayErrorContext(&err));
        assert_eq!(status, Some(403), "{}", DisplayErrorContext(&err));
        format!(
            "ListObjectsV2 {BUCKET} signed with key {} and a wrong secret -> HTTP 403, code() {}",
            access.access_key_id(),
            err.code().unwrap_or("-")
        )
    }

    /// The process's peak resident memory (`VmHWM` of `/proc/self/status`), in KiB.
    ///
    /// # Panics
    ///
    /// When it cannot be read (not Linux): the memory bound would otherwise pass unchecked.
    fn peak_rss_kib() -> u64 {
        let status = std::fs::read_to_string("/proc/self/status")
            .unwrap_or_else(|e| panic!("cannot read /proc/self/status for the peak memory: {e}"));
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or_else(|| panic!("no VmHWM in /proc/self/status:\n{status}"))
    }

    /// Uploads a `size_mib` MiB object streamed from a file and downloads it streamed to a file;
    /// returns the transcript. Peak memory of the process is read before and after each:
    /// streaming keeps its growth under [`STREAMING_GROWTH_LIMIT_MIB`], whatever the size.
    pub async fn large_object_round_trip(access: &Access, size_mib: usize) -> Vec<String> {
        let mut t = Vec::new();
        let client = client(access);
        let bucket = "e2e-large-object";
        expect_ok("CreateBucket", client.create_bucket().bucket(bucket).send().await);
        let scratch = Scratch::new("s3-large");
        let upload = scratch.0.join("upload.bin");
        let checksum = write_pattern(&upload, size_mib * MIB);
        let before = peak_rss_kib();
        let body = ByteStream::from_path(&upload).await.expect("a stream over the file");
        expect_ok("PutObject", client.put_object().bucket(bucket).key("large.bin").body(body).send().await);
        let after_upload = peak_rss_kib();
        let mut out = expect_ok("GetObject", client.get_object().bucket(bucket).key("large.bin").send().await);
        let mut reader = std::mem::take(&mut out.body).into_async_read();
        let download = scratch.0.join("download.bin");
        let mut file = tokio::fs::File::create(&download).await.expect("create download file");
        tokio::io::copy(&mut reader, &mut file).await.expect("stream the body to the file");
        let after_download = peak_rss_kib();
        assert_eq!(file_checksum(&download), (checksum, (size_mib * MIB) as u64), "the download differs from the upload");
        expect_ok("DeleteObject", client.delete_object().bucket(bucket).key("large.bin").send().await);
        expect_ok("DeleteBucket", client.delete_bucket().bucket(bucket).send().await);
        let growth_mib = |kib: u64| kib.saturating_sub(before) as f64 / 1024.0;
        t.push(format!(
            "{size_mib} MiB object: peak RSS {:.1} MiB before, {:.1} MiB after the streamed upload (+{:.1}), {:.1} MiB after the streamed download (+{:.1})",
            before as f64 / 1024.0,
            after_upload as f64 / 1024.0,
            growth_mib(after_upload),
            after_download as f64 / 1024.0,
            growth_mib(after_download),
        ));
        let limit = STREAMING_GROWTH_LIMIT_MIB;
        assert!(growth_mib(after_upload) < limit, "peak memory grew by more than {limit} MiB during the upload: {t:?}");
        assert!(growth_mib(after_download) < limit, "peak memory grew by more than {limit} MiB by the end of the download: {t:?}");
        t.push(format!("peak memory growth under {limit} MiB for the upload and the download"));
        t
    }
}
