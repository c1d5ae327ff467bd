//! The generated bookstore crate (`model/bookstore.json`: restJson1, bearer auth, no AWS)
//! against an in-process axum server on a free loopback port that implements the service: it
//! checks the bearer token, keeps books in memory, pages the catalogue, streams contents, counts
//! every attempt it sees, and can be told to fail (503s, throttling, a slow answer).
//!
//! The clients have no timeout shorter than a minute, so a busy machine cannot turn a slow
//! answer into a retry (the attempt counts are exact); only the slow-answer case uses a short
//! attempt timeout, against a server that holds its answer far longer than that.

use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use bookstore::config::retry::RetryConfig;
use bookstore::config::timeout::TimeoutConfig;
use bookstore::config::Token;
use bookstore::error::{ProvideErrorMetadata, SdkError};
use bookstore::operation::get_book::GetBookError;
use bookstore::operation::put_book::PutBookError;
use bookstore::types::{Ebook, Format, Genre, Paperback};
use serde_json::{json, Value};

const TOKEN: &str = "secret-token";
const CONTENT_BYTES: usize = 3 * 1024 * 1024 + 17;

/// The operation timeout of every call expected to be answered: it only turns a hang into a
/// failure, so it is generous enough for a 3 MiB download on a busy machine.
const PATIENCE: Duration = Duration::from_secs(60);

/// The attempt timeout of the slow-answer case; how long the server holds that answer (far
/// longer: the test ends first), so the timeout fires whatever the load; and how long the test
/// waits for the timeout before it calls the call hung.
const SHORT_ATTEMPT: Duration = Duration::from_millis(200);
const SLOW_ANSWER: Duration = Duration::from_secs(120);
const HANG: Duration = Duration::from_secs(30);

/// What the server does to the next request before answering it.
#[derive(Clone, Copy, Debug)]
enum Fault {
    Unavailable,
    Throttle,
    Slow(Duration),
}

#[derive(Default)]
struct Store {
    books: Mutex<BTreeMap<String, Value>>,
    faults: Mutex<VecDeque<Fault>>,
    attempts: AtomicUsize,
    trace_ids: Mutex<Vec<String>>,
}

type Shared = Arc<Store>;

fn error(status: StatusCode, code: &str, body: Value) -> Response {
    (status, [("X-Amzn-Errortype", code), ("Content-Type", "application/json")], body.to_string()).into_response()
}

/// Counts the attempt, applies a scripted fault, and checks the bearer token (except on
/// `/health`).
async fn gate(State(store): State<Shared>, request: Request, next: Next) -> Response {
    store.attempts.fetch_add(1, Ordering::SeqCst);
    let fault = store.faults.lock().expect("lock").pop_front();
    match fault {
        Some(Fault::Unavailable) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
        Some(Fault::Throttle) => return error(StatusCode::TOO_MANY_REQUESTS, "TooManyRequests", json!({"message": "slow down"})),
        Some(Fault::Slow(delay)) => tokio::time::sleep(delay).await,
        None => {}
    }
    let authorised = request.headers().get("authorization").and_then(|v| v.to_str().ok()) == Some(&format!("Bearer {TOKEN}"));
    if request.uri().path() != "/health" && !authorised {
        return error(StatusCode::UNAUTHORIZED, "Unauthorized", json!({"message": "a valid bearer token is required"}));
    }
    next.run(request).await
}

async fn health() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

async fn get_book(State(store): State<Shared>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    if let Some(trace) = headers.get("x-trace-id").and_then(|v| v.to_str().ok()) {
        store.trace_ids.lock().expect("lock").push(trace.to_owned());
    }
    match store.books.lock().expect("lock").get(&id) {
        Some(book) => (StatusCode::OK, [("ETag", "\"v1\""), ("Content-Type", "application/json")], book.to_string()).into_response(),
        None => error(StatusCode::NOT_FOUND, "BookNotFound", json!({"message": format!("no book {id}"), "bookId": id})),
    }
}

async fn put_book(State(store): State<Shared>, Path(id): Path<String>, Json(body): Json<Value>) -> Response {
    if body.get("title").and_then(Value::as_str).is_none_or(str::is_empty) {
        return error(StatusCode::BAD_REQUEST, "InvalidBook", json!({"message": "a book needs a title", "field": "title"}));
    }
    let mut book = json!({"bookId": id, "title": body["title"]});
    for key in ["author", "genre", "format", "price"] {
        if let Some(v) = body.get(key) {
            book[key] = v.clone();
        }
    }
    store.books.lock().expect("lock").insert(id, book.clone());
    Json(book).into_response()
}

async fn delete_book(State(store): State<Shared>, Path(id): Path<String>) -> Response {
    match store.books.lock().expect("lock").remove(&id) {
        Some(_) => StatusCode::NO_CONTENT.into_response(),
        None => error(StatusCode::NOT_FOUND, "BookNotFound", json!({"message": format!("no book {id}"), "bookId": id})),
    }
}

async fn list_books(State(store): State<Shared>, Query(query): Query<BTreeMap<String, String>>) -> Json<Value> {
    let books = store.books.lock().expect("lock");
    let genre = query.get("genre");
    let matching: Vec<&Value> = books.values().filter(|b| genre.is_none_or(|g| b.get("genre").and_then(Value::as_str) == Some(g))).collect();
    let start: usize = query.get("pageToken").and_then(|t| t.parse().ok()).unwrap_or(0);
    let size: usize = query.get("maxResults").and_then(|m| m.parse().ok()).unwrap_or(100);
    let page: Vec<&Value> = matching.iter().skip(start).take(size).copied().collect();
    let next = (start + size < matching.len()).then(|| (start + size).to_string());
    Json(json!({"books": page, "nextPageToken": next}))
}

/// The contents of a book: a few MiB sent in 64 KiB chunks.
async fn download_book(State(store): State<Shared>, Path(id): Path<String>) -> Response {
    if !store.books.lock().expect("lock").contains_key(&id) {
        return error(StatusCode::NOT_FOUND, "BookNotFound", json!({"message": format!("no book {id}"), "bookId": id}));
    }
    let chunks = (0..CONTENT_BYTES).step_by(65536).map(|start| {
        let bytes: Vec<u8> = (start..(start + 65536).min(CONTENT_BYTES)).map(|i| (i % 251) as u8).collect();
        Ok::<_, std::io::Error>(axum::body::Bytes::from(bytes))
    });
    let body = Body::from_stream(futures_util::stream::iter(chunks.collect::<Vec<_>>()));
    (StatusCode::OK, [("Content-Type", "application/epub+zip")], body).into_response()
}

/// Starts the server on a free loopback port.
async fn serve() -> (String, Shared) {
    let store: Shared = Arc::default();
    let app = Router::new()
        .route("/health", get(health))
        .route("/books", get(list_books))
        .route("/books/{id}", get(get_book).put(put_book).delete(delete_book))
        .route("/books/{id}/content", get(download_book))
        .layer(middleware::from_fn_with_state(store.clone(), gate))
        .with_state(store.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move { axum::serve(listener, app).await.expect("the server runs") });
    (url, store)
}

fn client(url: &str, token: Option<&str>) -> bookstore::Client {
    let retries = RetryConfig::standard().with_max_attempts(3).with_initial_backoff(Duration::from_millis(5)).with_max_backoff(Duration::from_millis(20));
    let mut conf = bookstore::Config::builder()
        .endpoint_url(url)
        .retry_config(retries)
        .timeout_config(TimeoutConfig::builder().operation_timeout(PATIENCE).build());
    if let Some(token) = token {
        conf = conf.bearer_token(Token::new(token, None));
    }
    bookstore::Client::from_conf(conf.build())
}

/// Runs one call with the scripted faults and reports how many attempts the server saw.
async fn attempts_for<T>(store: &Store, faults: &[Fault], call: impl std::future::Future<Output = T>) -> (T, usize) {
    store.faults.lock().expect("lock").extend(faults.iter().copied());
    let before = store.attempts.load(Ordering::SeqCst);
    let out = call.await;
    (out, store.attempts.load(Ordering::SeqCst) - before)
}

#[tokio::test]
async fn every_operation_against_the_server() {
    let (url, store) = serve().await;
    let client = client(&url, Some(TOKEN));

    // Health needs no token.
    let health = client_without_token(&url).health().send().await.expect("health");
    assert_eq!(health.status(), "ok");

    // PutBook and GetBook: values, the union, the enum, the header and the payload.
    let put = client
        .put_book()
        .book_id("dune")
        .title("Dune")
        .author("Frank Herbert")
        .genre(Genre::Fiction)
        .format(Format::Paperback(Paperback::builder().pages(412).build().expect("pages")))
        .price(9.99)
        .signing_code("ink-7781")
        .send()
        .await
        .expect("put");
    assert_eq!(put.book().map(|b| b.title()), Some("Dune"));
    let got = client.get_book().book_id("dune").trace_id("trace-1").send().await.expect("get");
    let book = got.book().expect("a book");
    assert_eq!((book.book_id(), book.title(), book.author()), ("dune", "Dune", Some("Frank Herbert")));
    assert_eq!(book.genre(), Some(&Genre::Fiction));
    assert_eq!(book.format().and_then(|f| f.as_paperback().ok()).map(|p| p.pages()), Some(412));
    assert_eq!(book.price(), Some(9.99));
    assert_eq!(got.etag(), Some("\"v1\""));
    assert_eq!(store.trace_ids.lock().expect("lock").as_slice(), ["trace-1"]);

    // The sensitive signing code stays out of Debug.
    let input = client.put_book().book_id("x").title("t").signing_code("ink-7781").as_input().clone();
    assert!(!format!("{input:?}").contains("ink-7781"));

    // Modelled errors, by variant and by code.
    let err = client.get_book().book_id("missing").send().await.expect_err("404");
    let service = err.into_service_error();
    assert!(matches!(service, GetBookError::BookNotFound(ref e) if e.book_id() == Some("missing")), "{service:?}");
    assert!(service.is_book_not_found());
    assert_eq!(service.code(), Some("BookNotFound"));
    assert_eq!(service.message(), Some("no book missing"));
    let err = client.put_book().book_id("blank").title("").send().await.expect_err("400");
    match err.into_service_error() {
        PutBookError::InvalidBook(e) => assert_eq!((e.field(), e.message()), (Some("title"), Some("a book needs a title"))),
        other => panic!("{other:?}"),
    }

    // Pagination: five more books, two per page.
    for (id, genre) in [("a1", Genre::Science), ("a2", Genre::Science), ("a3", Genre::Nonfiction), ("a4", Genre::Science), ("a5", Genre::Fiction)] {
        let format = Format::Ebook(Ebook::builder().size_bytes(1_000).build().expect("size"));
        client.put_book().book_id(id).title(id).genre(genre).format(format).send().await.expect("put");
    }
    let pages: Vec<_> = client.list_books().max_results(2).into_paginator().send().try_collect().await.expect("pages");
    assert_eq!(pages.iter().map(|p| p.books().len()).collect::<Vec<_>>(), [2, 2, 2]);
    let science: Vec<_> =
        client.list_books().genre(Genre::Science).max_results(2).into_paginator().items().send().collect::<Result<Vec<_>, _>>().await.expect("items");
    assert_eq!(science.iter().map(|b| b.book_id()).collect::<Vec<_>>(), ["a1", "a2", "a4"]);

    // The streamed download.
    let download = client.download_book().book_id("dune").send().await.expect("download");
    assert_eq!(download.content_type(), Some("application/epub+zip"));
    let bytes = download.content.collect().await.expect("the body streams").into_bytes();
    assert_eq!(bytes.len(), CONTENT_BYTES);
    assert!(bytes.iter().enumerate().all(|(i, b)| *b == (i % 251) as u8), "the bytes arrive intact and in order");

    // DeleteBook, then it is gone.
    client.delete_book().book_id("dune").send().await.expect("delete");
    assert!(client.get_book().book_id("dune").send().await.expect_err("gone").into_service_error().is_book_not_found());
}

fn client_without_token(url: &str) -> bookstore::Client {
    client(url, None)
}

#[tokio::test]
async fn tokens_are_checked_and_required() {
    let (url, store) = serve().await;
    // No token configured: the call fails before anything is sent, naming the setting.
    let before = store.attempts.load(Ordering::SeqCst);
    let err = client_without_token(&url).get_book().book_id("x").send().await.expect_err("no token");
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert!(format!("{}", bookstore::error::DisplayErrorContext(&err)).contains("bearer_token"));
    assert_eq!(store.attempts.load(Ordering::SeqCst), before, "nothing was sent");
    // A wrong token: the server's 401.
    let err = client(&url, Some("wrong")).get_book().book_id("x").send().await.expect_err("401");
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(401));
    assert_eq!(err.into_service_error().code(), Some("Unauthorized"));
}

#[tokio::test]
async fn retries_and_timeouts_as_the_server_sees_them() {
    let (url, store) = serve().await;
    let client = client(&url, Some(TOKEN));
    client.put_book().book_id("b").title("B").send().await.expect("put");

    let (out, n) = attempts_for(&store, &[Fault::Unavailable], client.get_book().book_id("b").send()).await;
    out.expect("a 503, then success");
    println!("503 then success: {n} attempts");
    assert_eq!(n, 2);

    let (out, n) = attempts_for(&store, &[Fault::Throttle], client.get_book().book_id("b").send()).await;
    out.expect("throttled, then success");
    println!("throttling error (429, modelled @retryable) then success: {n} attempts");
    assert_eq!(n, 2);

    let faults = [Fault::Unavailable, Fault::Unavailable, Fault::Unavailable];
    let (out, n) = attempts_for(&store, &faults, client.get_book().book_id("b").send()).await;
    let err = out.expect_err("503 on every attempt");
    println!("503 on every attempt: {n} attempts, then {:?}", err.raw_response().map(|r| r.status().as_u16()));
    assert_eq!(n, 3, "max attempts");
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(503));

    let (out, n) = attempts_for(&store, &[Fault::Throttle; 3], client.get_book().book_id("b").send()).await;
    let err = out.expect_err("throttled every time");
    println!("throttled on every attempt: {n} attempts, then {:?}", err.code());
    assert_eq!(n, 3);
    assert!(err.into_service_error().is_too_many_requests());

    // A slow answer past a short attempt timeout, with retries off: one attempt, a timeout
    // error. There is no operation timeout, so only the attempt timeout can end the call before
    // the test calls it hung.
    let impatient = bookstore::Client::from_conf(
        client
            .config()
            .to_builder()
            .retry_config(RetryConfig::disabled())
            .timeout_config(TimeoutConfig::builder().operation_attempt_timeout(SHORT_ATTEMPT).build())
            .build(),
    );
    let call = tokio::time::timeout(HANG, impatient.get_book().book_id("b").send());
    let (out, n) = attempts_for(&store, &[Fault::Slow(SLOW_ANSWER)], call).await;
    let Ok(out) = out else { panic!("the attempt timeout did not end the call within {HANG:?}") };
    let err = out.expect_err("timed out");
    println!("slow answer past the {SHORT_ATTEMPT:?} attempt timeout: {n} attempt, {}", if matches!(err, SdkError::TimeoutError(_)) { "TimeoutError" } else { "other" });
    assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
    assert_eq!(n, 1);
}
