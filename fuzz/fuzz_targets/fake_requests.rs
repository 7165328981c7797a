//! Coverage-guided fuzzing of the fake Graph service's request handling:
//! any method, path, query, headers and body, answered in memory by a fresh
//! fake serving both versions' generated route tables (`$batch` included),
//! must give an HTTP answer, never a panic, a stack overflow or a hang; a
//! refusal is a `4xx` in Graph's error shape, and nothing the fake answers
//! is a `5xx` but a scripted fault's (none here) or `501` for a call its
//! tables have and it does not implement (which its own tests rule out).
//!
//! The input is read as lines: the method, the request target (path and
//! query), then `name: value` headers up to an empty line, then the body.
//!
//! Run (stable toolchain): `cargo fuzz run --sanitizer none fake_requests fuzz/corpus/fake_requests fuzz/seeds/fake_requests -- -max_total_time=600`
//! from the workspace root.

#![no_main]

use graph_sync_fake::Versions;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(request) = request(data) else { return };
    let response = graph_sync_fake::answer_in_memory(graph_sync::Client::route_tables(), request);
    let status = response.status().as_u16();
    assert!(status < 500 || status == 503, "a {status} for {data:?}");
    if status >= 400 {
        let body: serde_json::Value = serde_json::from_slice(response.body()).expect("an error is JSON");
        assert!(body["error"]["code"].is_string(), "Graph's error shape: {body}");
    }
});

/// The request the input's lines describe, if they describe one `http` takes.
fn request(data: &[u8]) -> Option<http::Request<Vec<u8>>> {
    let text = std::str::from_utf8(data).ok()?;
    let (head, body) = text.split_once("\n\n").unwrap_or((text, ""));
    let mut lines = head.lines();
    let method = http::Method::from_bytes(lines.next()?.as_bytes()).ok()?;
    let target = lines.next()?;
    let mut builder = http::Request::builder().method(method).uri(target).header("authorization", "Bearer fuzz");
    for line in lines {
        let (name, value) = line.split_once(':')?;
        builder = builder.header(name.trim(), value.trim());
    }
    builder.body(body.as_bytes().to_vec()).ok()
}
