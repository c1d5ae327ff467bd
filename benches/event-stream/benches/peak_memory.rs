//! Peak heap growth of one `invoke_with_response_stream` + drain, for each client, size and
//! body delivery: a counting global allocator records the live heap bytes; the peak above
//! the live bytes just before the call (the canned response body is already allocated then)
//! is what one drained stream cost at most. Compare it with one frame's size.
//!
//! Run: `nice -n 10 cargo bench --manifest-path benches/event-stream/Cargo.toml --bench peak_memory`

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use event_stream_bench::{body, official, ours, runtime, Delivery, StubClient, CASES};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Relaxed) + by;
    PEAK.fetch_max(now, Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE.fetch_sub(layout.size(), Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Peak live-heap growth while `f` runs.
fn peak_growth<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let out = f();
    (out, PEAK.load(Relaxed) - base)
}

fn kib(n: usize) -> String {
    format!("{:.1} KiB", n as f64 / 1024.0)
}

fn main() {
    let rt = runtime();
    println!("| delivery | size | body | one frame | ours: peak heap growth | aws-sdk-lambda: peak heap growth |");
    println!("|---|---|---|---|---|---|");
    for (label, delivery) in [("whole body", Delivery::Whole), ("16 KiB pieces", Delivery::Pieces)] {
        for case in CASES {
            let bytes = body(case);
            let total = bytes.len();
            let frame = u32::from_be_bytes(bytes[..4].try_into().expect("prelude")) as usize; // one PayloadChunk frame
            let stub = StubClient::new(bytes, delivery);
            let our_client = ours::client(stub.clone());
            let sdk_client = official::client(stub);
            // Warm both once (lazy statics, endpoint caches, identity caches).
            rt.block_on(ours::invoke(&our_client)).check(case);
            rt.block_on(official::invoke(&sdk_client)).check(case);
            let (t, ours_peak) = peak_growth(|| rt.block_on(ours::invoke(&our_client)));
            t.check(case);
            let (t, sdk_peak) = peak_growth(|| rt.block_on(official::invoke(&sdk_client)));
            t.check(case);
            println!(
                "| {label} | {} x {} | {} | {} | {} | {} |",
                case.events,
                case.name,
                kib(total),
                kib(frame),
                kib(ours_peak),
                kib(sdk_peak)
            );
        }
    }
}
