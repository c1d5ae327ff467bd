//! Event-stream receive throughput: one iteration = one `invoke_with_response_stream()
//! .function_name("f").send()` against a stub HTTP client, then `recv()` until `None`.
//!
//! Groups: `receive/<size>` (the body is one in-memory `SdkBody`) and `receive-split/<size>`
//! (the body arrives in 16 KiB pieces, so frames straddle pieces). Each group has the
//! functions `ours` (the generated `lambda-generated` crate) and `aws-sdk-lambda`.

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use event_stream_bench::{body, official, ours, runtime, Delivery, StubClient, CASES};

fn receive(c: &mut Criterion) {
    let rt = runtime();
    for (prefix, delivery) in [("receive", Delivery::Whole), ("receive-split", Delivery::Pieces)] {
        for case in CASES {
            let bytes = body(case);
            let stub = StubClient::new(bytes, delivery);
            let our_client = ours::client(stub.clone());
            let sdk_client = official::client(stub);
            // Check both once before timing anything.
            rt.block_on(ours::invoke(&our_client)).check(case);
            rt.block_on(official::invoke(&sdk_client)).check(case);

            let mut group = c.benchmark_group(format!("{prefix}/{}", case.name));
            group.throughput(Throughput::Elements(case.events as u64));
            group.sample_size(20);
            group.warm_up_time(Duration::from_secs(1));
            group.measurement_time(Duration::from_secs(5));
            group.bench_function("ours", |b| {
                b.to_async(&rt).iter(|| async {
                    let tally = ours::invoke(&our_client).await;
                    assert_eq!(tally.chunks, case.events);
                    tally
                })
            });
            group.bench_function("aws-sdk-lambda", |b| {
                b.to_async(&rt).iter(|| async {
                    let tally = official::invoke(&sdk_client).await;
                    assert_eq!(tally.chunks, case.events);
                    tally
                })
            });
            group.finish();
        }
    }
}

criterion_group!(benches, receive);
criterion_main!(benches);
