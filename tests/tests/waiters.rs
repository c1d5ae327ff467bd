//! The bookstore's waiters (`model/bookstore.json`), whose acceptor paths the generator compiles
//! to Rust over the generated structs, polled against canned responses on a test clock.
//!
//! Each scenario is a sequence of response bodies. The outcome the compiled waiter reaches is
//! checked twice: against the outcome written in the test, and against the outcome the
//! generator's JMESPath evaluator (the one `tests/jmespath_compliance.rs` checks against the
//! compliance suite) gives when it runs the model's acceptors over the same JSON bodies. A
//! compiled path that disagrees with the reference semantics on any body fails the test.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use aws_smithy_async::test_util::instant_time_and_sleep;
use aws_smithy_types::body::SdkBody;
use bookstore::client::Waiters;
use bookstore::waiters::book_exists::WaitUntilBookExistsError;
use serde_json::{json, Value};
use smithy_client_runtime::waiters::WaiterError;

const MODEL: &str = include_str!("../../model/bookstore.json");
const LONG: Duration = Duration::from_secs(3600);

/// One canned HTTP response: status, error type header (for errors) and JSON body.
#[derive(Clone)]
struct Canned {
    status: u16,
    error: Option<&'static str>,
    body: Value,
}

fn ok(body: Value) -> Canned {
    Canned { status: 200, error: None, body }
}

fn error(status: u16, code: &'static str) -> Canned {
    Canned { status, error: Some(code), body: json!({ "message": code }) }
}

/// A client whose HTTP client answers with `responses` in order (and fails the test when asked
/// for more), on a clock that sleeps instantly; also returns the request URIs it saw.
fn client(responses: Vec<Canned>) -> (bookstore::Client, Arc<Mutex<Vec<String>>>) {
    let queue = Arc::new(Mutex::new(VecDeque::from(responses)));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let http = aws_smithy_http_client::test_util::infallible_client_fn(move |req| {
        log.lock().expect("log").push(req.uri().to_string());
        let next = queue.lock().expect("queue").pop_front().expect("the waiter asked for more responses than the scenario has");
        let mut res = http::Response::builder().status(next.status).header("content-type", "application/json");
        if let Some(code) = next.error {
            res = res.header("x-amzn-errortype", code);
        }
        res.body(SdkBody::from(next.body.to_string())).expect("response")
    });
    let (time, sleep) = instant_time_and_sleep(UNIX_EPOCH + Duration::from_secs(1_700_000_000));
    let conf = bookstore::Config::builder()
        .endpoint_url("http://localhost:1")
        .bearer_token(bookstore::config::Token::new("token", None))
        .http_client(http)
        .time_source(time)
        .sleep_impl(sleep)
        .retry_config(bookstore::config::retry::RetryConfig::disabled())
        .build();
    (bookstore::Client::from_conf(conf), seen)
}

/// How a wait ended.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    /// Succeeded on this poll (from 1).
    Success(usize),
    /// Reached a failure acceptor on this poll.
    Failure(usize),
    /// Ended by an error no acceptor handles on this poll.
    OperationFailed(usize),
    /// Ran out of time after this many polls.
    ExceededMaxWait(usize),
}

fn outcome<T, O: std::fmt::Debug, E: std::fmt::Debug>(result: Result<T, WaiterError<O, E>>, polls: usize) -> Outcome {
    match result {
        Ok(_) => Outcome::Success(polls),
        Err(WaiterError::FailureState(_)) => Outcome::Failure(polls),
        Err(WaiterError::OperationFailed(_)) => Outcome::OperationFailed(polls),
        Err(WaiterError::ExceededMaxWait(_)) => Outcome::ExceededMaxWait(polls),
        Err(other) => panic!("unexpected waiter error: {other:?}"),
    }
}

/// The outcome the model's acceptors give over the JSON bodies, by the reference evaluator:
/// the first acceptor that matches a poll decides; with none, a success polls again and an
/// error ends the wait; `input` is the operation's input as JSON (for `inputOutput`);
/// `payload` names the output member the body is bound to (`@httpPayload`), if any.
fn reference(waiter: &str, input: &Value, payload: Option<&str>, responses: &[Canned]) -> Outcome {
    let model: Value = serde_json::from_str(MODEL).expect("model");
    let def = model["shapes"]
        .as_object()
        .expect("shapes")
        .values()
        .find_map(|s| s["traits"]["smithy.waiters#waitable"].get(waiter))
        .unwrap_or_else(|| panic!("no waiter {waiter}"))
        .clone();
    for (i, r) in responses.iter().enumerate() {
        let poll = i + 1;
        let succeeded = r.error.is_none();
        let state = def["acceptors"].as_array().expect("acceptors").iter().find_map(|a| {
            let m = &a["matcher"];
            let matched = if let Some(ok) = m.get("success") {
                ok.as_bool() == Some(succeeded)
            } else if let Some(code) = m.get("errorType") {
                r.error == code.as_str()
            } else if let Some(p) = m.get("output").or_else(|| m.get("inputOutput")) {
                let output = payload.map_or_else(|| r.body.clone(), |member| json!({ member: r.body }));
                let root = if m.get("output").is_some() { output } else { json!({ "input": input, "output": output }) };
                succeeded && compares(p, &root)
            } else {
                panic!("unknown matcher {m}")
            };
            matched.then(|| a["state"].as_str().expect("state").to_owned())
        });
        match (state.as_deref(), succeeded) {
            (Some("success"), _) => return Outcome::Success(poll),
            (Some("failure"), _) => return Outcome::Failure(poll),
            (Some("retry"), _) | (None, true) => {}
            (None, false) => return Outcome::OperationFailed(poll),
            (Some(other), _) => panic!("unknown state {other}"),
        }
    }
    Outcome::ExceededMaxWait(responses.len())
}

fn compares(matcher: &Value, root: &Value) -> bool {
    let path = smithy_codegen::jmespath::parse(matcher["path"].as_str().expect("path")).expect("the path parses");
    let value = smithy_codegen::jmespath::evaluate(&path, root);
    let expected = matcher["expected"].as_str().expect("expected");
    match matcher["comparator"].as_str().expect("comparator") {
        "stringEquals" => value.as_str() == Some(expected),
        "booleanEquals" => value.as_bool().map(|b| b.to_string()).as_deref() == Some(expected),
        "allStringEquals" => value.as_array().is_some_and(|a| !a.is_empty() && a.iter().all(|v| v.as_str() == Some(expected))),
        "anyStringEquals" => value.as_array().is_some_and(|a| a.iter().any(|v| v.as_str() == Some(expected))),
        other => panic!("unknown comparator {other}"),
    }
}

fn book(id: &str, title: &str, extra: Value) -> Value {
    let mut b = json!({ "bookId": id, "title": title });
    b.as_object_mut().expect("object").extend(extra.as_object().expect("object").clone());
    b
}

fn page(books: Vec<Value>) -> Canned {
    ok(json!({ "books": books }))
}

/// Runs a `ListBooks` waiter over the responses and checks both the written and the reference
/// outcome; `max_results` is the input's `maxResults`.
async fn list_books_waiter(waiter: &str, max_results: Option<i32>, responses: Vec<Canned>, expected: Outcome) {
    let input = max_results.map_or(json!({}), |n| json!({ "maxResults": n }));
    assert_eq!(reference(waiter, &input, None, &responses), expected, "{waiter}: the reference evaluator's outcome");
    let (client, seen) = client(responses.clone());
    let polls = || seen.lock().expect("log").len();
    let got = match waiter {
        "ScienceShelved" => outcome(client.wait_until_science_shelved().set_max_results(max_results).wait(LONG).await, polls()),
        "CatalogueFull" => outcome(client.wait_until_catalogue_full().set_max_results(max_results).wait(LONG).await, polls()),
        "SeriesComplete" => outcome(client.wait_until_series_complete().set_max_results(max_results).wait(LONG).await, polls()),
        other => panic!("no such ListBooks waiter {other}"),
    };
    assert_eq!(got, expected, "{waiter}: the compiled waiter's outcome");
}

/// `ScienceShelved`: `books[].genre` allStringEquals `science` (a projection drops the books
/// without a genre; an empty list never matches `all`), then a filter on a number.
#[tokio::test]
async fn science_shelved_projects_enums_and_filters_by_price() {
    let science = |id: &str| book(id, id, json!({ "genre": "science", "price": 5.0 }));
    let fiction = book("f", "Novel", json!({ "genre": "fiction", "price": 5.0 }));
    let no_genre = book("n", "Plain", json!({ "price": 2 }));
    let free = book("x", "Free Book", json!({ "genre": "fiction", "price": 0.5 }));
    let almost_free = book("y", "Free Book", json!({ "price": 1 }));
    list_books_waiter(
        "ScienceShelved",
        None,
        vec![page(vec![science("a"), fiction.clone()]), page(vec![]), page(vec![almost_free]), page(vec![science("a"), no_genre, science("b")])],
        Outcome::Success(4),
    )
    .await;
    list_books_waiter("ScienceShelved", None, vec![page(vec![fiction.clone()]), page(vec![science("a"), free])], Outcome::Failure(2)).await;
}

/// `CatalogueFull`: `inputOutput` reads the input's `maxResults`; `contains()` over a
/// projection of optional authors.
#[tokio::test]
async fn catalogue_full_compares_the_output_with_the_input() {
    let by = |id: &str, author: &str| book(id, id, json!({ "author": author }));
    let anonymous = book("z", "Anon", json!({}));
    list_books_waiter("CatalogueFull", Some(2), vec![page(vec![by("a", "Ann")]), page(vec![anonymous.clone(), by("b", "Bo")])], Outcome::Success(2)).await;
    list_books_waiter("CatalogueFull", Some(2), vec![page(vec![by("a", "Ann")]), page(vec![by("b", "Nobody")])], Outcome::Failure(2)).await;
    // With no `maxResults`, `length(..) >= null` is null: the wait never succeeds, and the
    // test clock lets it run out of time at once.
    let (client, seen) = client(vec![page(vec![by("a", "Ann")]); 64]);
    let err = client.wait_until_catalogue_full().wait(Duration::from_secs(30)).await.expect_err("never full");
    assert!(matches!(err, WaiterError::ExceededMaxWait(_)), "{err:?}");
    assert!(seen.lock().expect("log").len() > 1);
    assert!(seen.lock().expect("log").iter().all(|uri| !uri.contains("maxResults")));
}

/// `SeriesComplete`: a negative index, `starts_with`, `!`, `&&`, a slice piped into an index,
/// and `not_null` over an optional and a required member.
#[tokio::test]
async fn series_complete_indexes_slices_and_falls_back() {
    let vol = |id: &str, title: &str| book(id, title, json!({ "author": "Ann" }));
    let nobody = book("q", "Nobody", json!({}));
    list_books_waiter("SeriesComplete", None, vec![page(vec![]), page(vec![vol("a", "Start"), vol("b", "The End")])], Outcome::Success(2)).await;
    list_books_waiter(
        "SeriesComplete",
        None,
        vec![page(vec![vol("b-1", "Vol 1"), vol("b-2", "Vol 2"), vol("b-3", "Vol 3")]), page(vec![vol("b-1", "Vol 1"), vol("b-3", "Vol 3")]), page(vec![vol("b-1", "Vol 1"), vol("b-2", "Vol 2")])],
        Outcome::Success(3),
    )
    .await;
    list_books_waiter("SeriesComplete", None, vec![page(vec![vol("a", "Intro")]), page(vec![nobody])], Outcome::Failure(2)).await;
}

/// `BookExists` (`success` and `errorType`) and `EbookReady` (a union's variant, and `&&` of
/// two comparisons on a number and a required string).
#[tokio::test]
async fn get_book_waiters_read_errors_and_union_variants() {
    let (found, seen) = client(vec![error(404, "BookNotFound"), error(404, "BookNotFound"), ok(book("b-1", "T", json!({})))]);
    found.wait_until_book_exists().book_id("b-1").wait(LONG).await.expect("exists on the third poll");
    assert_eq!(seen.lock().expect("log").len(), 3);
    assert!(seen.lock().expect("log").iter().all(|uri| uri.ends_with("/books/b-1")));

    let responses = vec![error(404, "BookNotFound"), error(400, "Teapot")];
    assert_eq!(reference("BookExists", &json!({}), Some("book"), &responses), Outcome::OperationFailed(2));
    let (teapot, _) = client(responses);
    let err: WaitUntilBookExistsError = teapot.wait_until_book_exists().book_id("b-1").wait(LONG).await.expect_err("an unexpected error");
    assert!(matches!(err, WaiterError::OperationFailed(_)), "{err:?}");

    let ebook = |size: i64, title: &str| ok(book("b-1", title, json!({ "format": { "ebook": { "sizeBytes": size } } })));
    let paperback = ok(book("b-1", "T", json!({ "format": { "paperback": { "pages": 120 } } })));
    for (responses, expected) in [
        (vec![ebook(0, "T"), ok(book("b-1", "T", json!({}))), ebook(5, ""), ebook(5, "T")], Outcome::Success(4)),
        (vec![ebook(0, "T"), paperback], Outcome::Failure(2)),
    ] {
        assert_eq!(reference("EbookReady", &json!({}), Some("book"), &responses), expected, "reference");
        let (ebooks, seen) = client(responses);
        let got = outcome(ebooks.wait_until_ebook_ready().book_id("b-1").wait(LONG).await, seen.lock().expect("log").len());
        assert_eq!(got, expected, "compiled");
    }
}

/// A model whose waiters use every construct the compiler refuses, and some it accepts (maps,
/// `keys`, `values`, `*`, `sum`, `max`, flattening of nested lists): the refused ones are left
/// out with a note naming the waiter, the acceptor and the reason, and nothing else is.
#[test]
fn paths_that_cannot_be_compiled_are_left_out_with_a_note() {
    let waiter = |path: &str, comparator: &str, expected: &str| {
        json!({ "acceptors": [{ "state": "success", "matcher": { "output": { "path": path, "comparator": comparator, "expected": expected } } }] })
    };
    let waiters = json!({
        "StringOnNumber": waiter("count", "stringEquals", "1"),
        "BoolOnString": waiter("name", "booleanEquals", "true"),
        "AnyOnString": waiter("name", "anyStringEquals", "x"),
        "MultiSelect": waiter("[name, name][0]", "stringEquals", "x"),
        "SortBy": waiter("sort_by(items, &name)[0].name", "stringEquals", "x"),
        "StructTruth": waiter("length(items[?inner]) > `0`", "booleanEquals", "true"),
        "MixedOr": waiter("name || count", "stringEquals", "x"),
        "Blob": waiter("data", "stringEquals", "x"),
        "Keys": waiter("keys(labels)", "anyStringEquals", "k"),
        "Values": waiter("values(labels)", "allStringEquals", "v"),
        "Star": waiter("tables.*.name", "anyStringEquals", "t"),
        "Sum": waiter("sum(items[].size) > `10` && max(items[].name) == 'z'", "booleanEquals", "true"),
        "Nested": waiter("grid[]", "anyStringEquals", "x"),
        "Entry": waiter("tables.main.inner.name", "stringEquals", "t")
    });
    let model = json!({
        "smithy": "2.0",
        "shapes": {
            "ex.w#W": { "type": "service", "version": "1", "operations": [{ "target": "ex.w#Get" }], "traits": { "aws.protocols#restJson1": {} } },
            "ex.w#Get": { "type": "operation", "output": { "target": "ex.w#GetOutput" },
                "traits": { "smithy.api#http": { "method": "GET", "uri": "/" }, "smithy.waiters#waitable": waiters } },
            "ex.w#GetOutput": { "type": "structure", "members": {
                "count": { "target": "smithy.api#Integer" }, "name": { "target": "smithy.api#String" },
                "data": { "target": "smithy.api#Blob" }, "items": { "target": "ex.w#Items" },
                "labels": { "target": "ex.w#Labels" }, "tables": { "target": "ex.w#Tables" }, "grid": { "target": "ex.w#Grid" } } },
            "ex.w#Items": { "type": "list", "member": { "target": "ex.w#Item" } },
            "ex.w#Item": { "type": "structure", "members": { "name": { "target": "smithy.api#String" }, "size": { "target": "smithy.api#Long" }, "inner": { "target": "ex.w#Item" } } },
            "ex.w#Labels": { "type": "map", "key": { "target": "smithy.api#String" }, "value": { "target": "smithy.api#String" } },
            "ex.w#Tables": { "type": "map", "key": { "target": "smithy.api#String" }, "value": { "target": "ex.w#Item" } },
            "ex.w#Grid": { "type": "list", "member": { "target": "ex.w#Row" } },
            "ex.w#Row": { "type": "list", "member": { "target": "smithy.api#String" } }
        }
    });
    let settings = smithy_codegen::Settings { crate_name: "w".into(), ..smithy_codegen::Settings::default() };
    let out = smithy_codegen::generate("w.json", &model.to_string(), &settings).unwrap_or_else(|e| panic!("{e}"));
    let notes: Vec<&String> = out.warnings.iter().filter(|w| w.contains("was left out")).collect();
    let note = |waiter: &str| notes.iter().find(|n| n.starts_with(&format!("waiter `{waiter}` of operation `Get`"))).map(|n| n.as_str());
    for (waiter, why) in [
        ("StringOnNumber", "acceptor 1: `stringEquals` can never match: the path gives a number"),
        ("BoolOnString", "`booleanEquals` can never match: the path gives a string"),
        ("AnyOnString", "`anyStringEquals` can never match: the path gives a string"),
        ("MultiSelect", "multi-select lists and hashes are not compiled"),
        ("SortBy", "expression references (`&`) are not compiled"),
        ("StructTruth", "the truthiness of a `Item` is not compiled"),
        ("MixedOr", "both sides are of one type, not a string and a number"),
        ("Blob", "is a blob, which acceptor paths do not read"),
    ] {
        let n = note(waiter).unwrap_or_else(|| panic!("no note for {waiter}: {notes:#?}"));
        assert!(n.contains(why), "{waiter}: {n}");
    }
    assert_eq!(notes.len(), 8, "only the refused waiters are left out: {notes:#?}");
    let index = out.files.iter().find(|(path, _)| path.ends_with("src/waiters.rs")).map(|(_, text)| text.as_str()).expect("waiters.rs");
    for kept in ["keys", "values", "star", "sum", "nested", "entry"] {
        assert!(index.contains(&format!("pub mod {kept};")), "{kept} is generated:\n{index}");
    }
}

// ---------------------------------------------------------------------------------------------
// The waiter course: every compiled construct against the reference evaluator
// ---------------------------------------------------------------------------------------------

const COURSE: &str = include_str!("../../model/waiter-course.json");

/// A small deterministic generator (xorshift), so the bodies are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }
    fn chance(&mut self) -> bool {
        self.below(3) != 0
    }
}

const WORDS: [&str; 9] = ["", "a", "x", "z", "xy", "ay", "t", "k", "v"];

fn item(rng: &mut Rng, depth: usize) -> Value {
    let mut out = serde_json::Map::new();
    if rng.chance() {
        out.insert("name".into(), json!(rng.pick(&WORDS)));
    }
    if rng.chance() {
        out.insert("size".into(), json!(rng.pick(&[-1, 0, 1, 2, 5, 11])));
    }
    if depth < 3 && rng.below(2) == 0 {
        out.insert("inner".into(), item(rng, depth + 1));
    }
    Value::Object(out)
}

fn list(rng: &mut Rng, max: usize, mut element: impl FnMut(&mut Rng) -> Value) -> Value {
    let n = rng.below(max + 1);
    Value::Array((0..n).map(|_| element(rng)).collect())
}

fn map(rng: &mut Rng, keys: &[&str], mut value: impl FnMut(&mut Rng) -> Value) -> Value {
    let mut out = serde_json::Map::new();
    for k in keys {
        if rng.below(2) == 0 {
            out.insert((*k).to_owned(), value(rng));
        }
    }
    Value::Object(out)
}

/// A random `GetShelf` output body, every member optional.
fn shelf(rng: &mut Rng) -> Value {
    let mut members: Vec<(&str, Value)> = vec![
        ("count", json!(rng.pick(&[-3, 0, 1, 2, 5, 12]))),
        ("name", json!(rng.pick(&WORDS))),
        ("data", json!("aGk=")),
        ("items", list(rng, 4, |r| item(r, 0))),
        ("labels", map(rng, &["k", "a", "b"], |r| json!(r.pick(&["v", "w"])))),
        ("tables", map(rng, &["main", "side"], |r| item(r, 0))),
        ("grid", list(rng, 3, |r| list(r, 3, |r| json!(r.pick(&["x", "y"]))))),
        ("when", json!(rng.pick(&[5, 1500, 1_700_000_000]))),
        ("flag", json!(rng.below(2) == 0)),
        ("flags", list(rng, 2, |r| json!(r.below(2) == 0))),
    ];
    let choice = match rng.below(3) {
        0 => json!({ "text": rng.pick(&WORDS) }),
        1 => json!({ "item": item(rng, 1) }),
        _ => json!({ "choice": { "text": rng.pick(&WORDS) } }),
    };
    members.push(("choice", choice));
    Value::Object(members.into_iter().filter(|_| rng.chance()).map(|(k, v)| (k.to_owned(), v)).collect())
}

/// A client of the course whose HTTP client answers with the bodies pushed onto the returned
/// queue, and with an unmodelled 400 error once the queue is empty.
fn course_client() -> (waiter_course::Client, Arc<Mutex<VecDeque<Value>>>) {
    let queue: Arc<Mutex<VecDeque<Value>>> = Arc::default();
    let bodies = Arc::clone(&queue);
    let http = aws_smithy_http_client::test_util::infallible_client_fn(move |_| {
        let next = bodies.lock().expect("queue").pop_front();
        let res = http::Response::builder().header("content-type", "application/json");
        match next {
            Some(body) => res.status(200).body(SdkBody::from(body.to_string())),
            None => res.status(400).header("x-amzn-errortype", "Stop").body(SdkBody::from("{}")),
        }
        .expect("response")
    });
    let (time, sleep) = instant_time_and_sleep(UNIX_EPOCH + Duration::from_secs(1_700_000_000));
    let conf = waiter_course::Config::builder()
        .endpoint_url("http://localhost:1")
        .http_client(http)
        .time_source(time)
        .sleep_impl(sleep)
        .retry_config(waiter_course::config::retry::RetryConfig::disabled())
        .build();
    (waiter_course::Client::from_conf(conf), queue)
}

/// Whether the course's waiter succeeds on its first poll of `body`, by the compiled code (one
/// success acceptor: a match ends the wait at once; no match polls again and meets the error).
async fn compiled_matches(client: &waiter_course::Client, queue: &Mutex<VecDeque<Value>>, waiter: &str, input: (&str, Option<i32>), body: &Value) -> bool {
    use waiter_course::client::Waiters;
    queue.lock().expect("queue").push_back(body.clone());
    macro_rules! wait {
        ($method:ident) => {
            client.$method().shelf(input.0).set_minimum(input.1).wait(LONG).await.map_err(|e| matches!(e, WaiterError::OperationFailed(_)))
        };
    }
    let result = match waiter {
        "LabelKeys" => wait!(wait_until_label_keys).map(|_| ()),
        "LabelValues" => wait!(wait_until_label_values).map(|_| ()),
        "TableNames" => wait!(wait_until_table_names).map(|_| ()),
        "TableEntry" => wait!(wait_until_table_entry).map(|_| ()),
        "Totals" => wait!(wait_until_totals).map(|_| ()),
        "Averages" => wait!(wait_until_averages).map(|_| ()),
        "Flattened" => wait!(wait_until_flattened).map(|_| ()),
        "Corner" => wait!(wait_until_corner).map(|_| ()),
        "Words" => wait!(wait_until_words).map(|_| ()),
        "Rounding" => wait!(wait_until_rounding).map(|_| ()),
        "SizeListed" => wait!(wait_until_size_listed).map(|_| ()),
        "NameListed" => wait!(wait_until_name_listed).map(|_| ()),
        "NullChecks" => wait!(wait_until_null_checks).map(|_| ()),
        "Stamped" => wait!(wait_until_stamped).map(|_| ()),
        "DeepName" => wait!(wait_until_deep_name).map(|_| ()),
        "Sizes" => wait!(wait_until_sizes).map(|_| ()),
        "ChoiceText" => wait!(wait_until_choice_text).map(|_| ()),
        "ChoiceItem" => wait!(wait_until_choice_item).map(|_| ()),
        "Filtered" => wait!(wait_until_filtered).map(|_| ()),
        "Counted" => wait!(wait_until_counted).map(|_| ()),
        "Sliced" => wait!(wait_until_sliced).map(|_| ()),
        "FirstSet" => wait!(wait_until_first_set).map(|_| ()),
        "FewLabels" => wait!(wait_until_few_labels).map(|_| ()),
        "Enough" => wait!(wait_until_enough).map(|_| ()),
        other => panic!("the test does not know the waiter {other}: add it"),
    };
    match result {
        Ok(()) => true,
        Err(true) => false,
        Err(false) => panic!("{waiter}: the wait ended in an unexpected way"),
    }
}

/// Every waiter of the course over 300 random bodies (and inputs): the compiled acceptor
/// matches exactly when the reference evaluator's does. The test also checks that each waiter
/// matched some bodies and missed others, so that no waiter passes by never matching.
#[tokio::test]
async fn compiled_paths_agree_with_the_reference_evaluator() {
    let model: Value = serde_json::from_str(COURSE).expect("model");
    let waiters = model["shapes"]["ex.waiters#GetShelf"]["traits"]["smithy.waiters#waitable"].as_object().expect("waiters").clone();
    assert_eq!(waiters.len(), 24, "the course's waiters");
    let (client, queue) = course_client();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut hits: std::collections::BTreeMap<&str, (usize, usize)> = std::collections::BTreeMap::new();
    for round in 0..300 {
        let body = shelf(&mut rng);
        let input = (rng.pick(&["x", "a"]), rng.pick(&[None, Some(0), Some(1), Some(2), Some(3)]));
        let input_json = match input.1 {
            Some(m) => json!({ "shelf": input.0, "minimum": m }),
            None => json!({ "shelf": input.0 }),
        };
        for (name, def) in &waiters {
            let matcher = &def["acceptors"][0]["matcher"];
            let (m, root) = match matcher.get("output") {
                Some(m) => (m, body.clone()),
                None => (&matcher["inputOutput"], json!({ "input": input_json, "output": body })),
            };
            let expected = compares(m, &root);
            let got = compiled_matches(&client, &queue, name, input, &body).await;
            assert_eq!(got, expected, "round {round}: waiter {name} on {root}");
            let counts = hits.entry(name.as_str()).or_default();
            if got {
                counts.0 += 1;
            } else {
                counts.1 += 1;
            }
            queue.lock().expect("queue").clear();
        }
    }
    for (name, (matched, missed)) in &hits {
        let never = *name == "NameListed";
        eprintln!("{name}: matched {matched}, missed {missed}");
        assert!(never || (*matched > 0 && *missed > 0), "{name} matched {matched} and missed {missed} of 300 bodies");
    }
}
