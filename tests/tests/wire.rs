//! What the client puts on the wire and reports, judged on loopback servers
//! by what they received and what the error prints: the `User-Agent`,
//! compressed answers (and a gzip bomb), a batch's deadline, and the
//! synchronization API's nested errors.

use std::io::Write as _;
use std::time::{Duration, Instant};

use graph_sync::runtime::USER_AGENT;
use graph_sync::{Client, Error, StaticToken};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// A raw HTTP/1.1 server on loopback that answers one request with `body`
/// gzip-compressed (`Content-Encoding: gzip`, its compressed length), and
/// gives the request's head (lower-cased).
async fn gzip_server(body: Vec<u8>) -> (String, tokio::task::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut head = Vec::new();
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            let mut chunk = [0u8; 4096];
            let read = socket.read(&mut chunk).await.unwrap();
            assert!(read > 0, "the client closed the connection early");
            head.extend_from_slice(&chunk[..read]);
        }
        let compressed = gzip(&body);
        let answer = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: {}\r\n\r\n",
            compressed.len()
        );
        socket.write_all(answer.as_bytes()).await.unwrap();
        // The client may hang up once it has read enough.
        let _ = socket.write_all(&compressed).await;
        String::from_utf8_lossy(&head).to_ascii_lowercase()
    });
    (format!("http://{address}"), task)
}

#[tokio::test]
async fn answers_come_compressed_and_are_decompressed() {
    let schema = json!({"id": "sync-1", "secrets": [], "note": "x".repeat(100_000)});
    let (base, server) = gzip_server(serde_json::to_vec(&schema).unwrap()).await;
    let client = Client::builder(StaticToken::new("t")).root(base).build();
    let synchronization = client.beta().service_principal("sp").synchronization().get().send().await.unwrap();
    assert_eq!(synchronization.id.as_deref(), Some("sync-1"));
    let head = server.await.unwrap();
    let accepted = head.lines().find_map(|line| line.strip_prefix("accept-encoding:")).map(str::trim);
    assert!(accepted.is_some_and(|value| value.split(',').any(|coding| coding.trim() == "gzip")), "{head}");
}

#[tokio::test]
async fn a_gzip_bomb_is_refused_at_the_limit_of_decompressed_bytes() {
    // 32 MiB of JSON whitespace: some 32 KiB on the wire.
    let mut bomb = b"{\"id\":\"x\"".to_vec();
    bomb.resize(32 * 1024 * 1024, b' ');
    bomb.push(b'}');
    let on_the_wire = gzip(&bomb).len();
    assert!(on_the_wire < 256 * 1024, "{on_the_wire} bytes compressed");
    let (base, server) = gzip_server(bomb).await;
    let client = Client::builder(StaticToken::new("t")).root(base).max_response_bytes(1024 * 1024).build();
    let error = client.beta().service_principal("sp").synchronization().get().send().await.unwrap_err();
    assert!(matches!(error, Error::TooLarge { limit: 1_048_576 }), "{error}");
    server.await.unwrap();
}

#[tokio::test]
async fn every_request_names_the_client_in_its_user_agent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "s"})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/beta/$batch"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"responses": [
            {"id": "1", "status": 200, "headers": {"content-type": "application/json"}, "body": {"id": "s"}}]})))
        .mount(&server)
        .await;
    let client = Client::builder(StaticToken::new("t")).root(server.uri()).build();
    let synchronization = client.beta().service_principal("sp").synchronization();
    synchronization.get().send().await.unwrap();
    let mut results = client.send_batched([synchronization.get()]).await;
    results.pop().unwrap().unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    let agent = |request: &wiremock::Request| {
        request.headers.get("user-agent").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
    };
    for request in &received {
        assert_eq!(agent(request), USER_AGENT, "{}", request.url);
    }
    assert!(USER_AGENT.starts_with("graph-sync/") && USER_AGENT.len() > "graph-sync/".len());
    // The `$batch` call names the client; its requests do not repeat it.
    let batch: serde_json::Value = serde_json::from_slice(&received[1].body).unwrap();
    assert!(batch["requests"][0]["headers"].get("user-agent").is_none(), "{batch}");

    // The application names itself before the crate, or replaces the whole value.
    let named = Client::builder(StaticToken::new("t")).root(server.uri()).application_id("contoso-hr/1.4").build();
    named.beta().service_principal("sp").synchronization().get().send().await.unwrap();
    let replaced = Client::builder(StaticToken::new("t")).root(server.uri()).user_agent("hr-sync").build();
    replaced.beta().service_principal("sp").synchronization().get().send().await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(agent(&received[2]), format!("contoso-hr/1.4 {USER_AGENT}"));
    assert_eq!(agent(&received[3]), "hr-sync");
    // One request's own header wins; a value that is no header is refused unsent.
    synchronization.get().header("User-Agent", "one-off/1").send().await.unwrap();
    assert_eq!(agent(&server.received_requests().await.unwrap()[4]), "one-off/1");
    let broken = Client::builder(StaticToken::new("t")).root(server.uri()).user_agent("bad\nvalue").build();
    let error = broken.beta().service_principal("sp").synchronization().get().send().await.unwrap_err();
    assert!(matches!(error, Error::Request(_)), "{error}");
    assert_eq!(server.received_requests().await.unwrap().len(), 5, "nothing was sent");
}

#[tokio::test]
async fn a_batch_with_its_rounds_has_a_deadline() {
    let server = MockServer::start().await;
    // Every request inside the batch is throttled for ~11 days.
    Mock::given(method("POST"))
        .and(path("/beta/$batch"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"responses": [
            {"id": "1", "status": 429, "headers": {"Retry-After": "999999"}, "body": {"error": {"code": "TooManyRequests"}}}]})))
        .mount(&server)
        .await;
    let client = Client::builder(StaticToken::new("t"))
        .root(server.uri())
        .max_retry_delay(Duration::from_secs(60))
        .call_timeout(Duration::from_millis(500))
        .build();
    let started = Instant::now();
    let results = tokio::time::timeout(
        Duration::from_secs(20),
        client.send_batched([client.beta().service_principal("sp").synchronization().get()]),
    )
    .await
    .expect("the batch ended by its own deadline");
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    let error = results.into_iter().next().unwrap().unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "the deadline came during the first wait");
}

#[tokio::test]
async fn synchronization_errors_print_their_nested_code_and_message() {
    let server = MockServer::start().await;
    let nested = r#"{"error":{"code":"SynchronizationJobNotFound","message":"Job 'Azure2Aws.e4bbf' was not found."}}"#;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).insert_header("request-id", "r-1").set_body_json(json!(
            {"error": {"code": "NotFound", "message": nested, "innerError": {"request-id": "r-1"}}})))
        .mount(&server)
        .await;
    let client = Client::builder(StaticToken::new("t")).root(server.uri()).build();
    let job = client.beta().service_principal("sp").synchronization().jobs().job("Azure2Aws.e4bbf");
    let error = job.get().send().await.unwrap_err();
    let printed = error.to_string();
    assert!(printed.contains("SynchronizationJobNotFound"), "{printed}");
    assert!(printed.contains("Job 'Azure2Aws.e4bbf' was not found."), "{printed}");
    assert!(printed.contains("request-id r-1"), "{printed}");
    assert!(!printed.contains("{\"error\""), "the nested JSON is not printed: {printed}");
    // The text as sent stays available.
    assert_eq!(error.graph_error().unwrap().message, nested);
}
