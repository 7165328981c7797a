//! Hostile or buggy input from a test meets an answer, never a crashed or
//! hung test binary: the fake (and the client's own parsers) bound every
//! parser's depth and size (`400` past it), drop deep trees without
//! recursion, cap request bodies (`413`), check their paging arithmetic and
//! cut off clients that are too slow.

use std::time::{Duration, Instant};

use graph_sync::runtime::query::{MAX_FILTER_DEPTH, MAX_FILTER_TERMS};
use graph_sync::runtime::{ListRequest, NoContent, Request};
use graph_sync::testing::{reading, FakeGraph};
use graph_sync::v1::models::{ServicePrincipal, SynchronizationJob};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn fake() -> FakeGraph {
    let graph = FakeGraph::start().await;
    graph.add_service_principal("sp-1").add_service_principal("sp-2");
    graph
}

fn principals(graph: &FakeGraph) -> ListRequest<ServicePrincipal> {
    graph.client().v1().service_principals().list()
}

#[test]
fn the_clients_parsers_refuse_what_is_too_deep_or_too_long_and_never_overflow() {
    let deep = format!("{}id eq 'a'{}", "(".repeat(3_000), ")".repeat(3_000));
    assert!(reading::filter(&deep).unwrap_err().contains(&format!("nests more than {MAX_FILTER_DEPTH} deep")));
    let nots = format!("{}id eq 'a'", "not ".repeat(3_000));
    assert!(reading::filter(&nots).unwrap_err().contains("nests more than"));
    let lambdas = format!("{}id eq 'a'{}", "tags/any(t:".repeat(3_000), ")".repeat(3_000));
    assert!(reading::filter(&lambdas).unwrap_err().contains("nests more than"));
    let flat = vec!["id eq 'a'"; 100_000].join(" or ");
    assert!(reading::filter(&flat).unwrap_err().contains(&format!("more than {MAX_FILTER_TERMS} terms")));
    let within = vec!["id eq 'a'"; MAX_FILTER_TERMS / 2].join(" or ");
    assert!(reading::filter(&within).is_ok(), "a long filter within the bound reads");

    let deep_search = format!("{}\"displayName:a\"{}", "(".repeat(3_000), ")".repeat(3_000));
    assert!(reading::search(&deep_search).unwrap_err().contains("nests more than"));
    let flat_search = vec!["\"displayName:a\""; 100_000].join(" OR ");
    assert!(reading::search(&flat_search).unwrap_err().contains("more than"));

    // Built in code: a hundred thousand `or`s are refused when written, and dropped without recursion.
    let mut built = reading::filter("id eq 'a'").unwrap();
    for _ in 0..100_000 {
        built = built.or(reading::filter("id eq 'b'").unwrap());
    }
    assert!(built.to_odata().unwrap_err().contains("more than"));
    drop(built);
    let mut search = reading::search("\"displayName:a\"").unwrap();
    for _ in 0..100_000 {
        search = search.or(reading::search("\"displayName:b\"").unwrap());
    }
    assert!(search.to_odata().unwrap_err().contains("more than"));
}

#[tokio::test]
async fn the_fake_answers_400_to_filters_and_searches_past_its_bounds() {
    let graph = fake().await;
    let deep = format!("{}id eq 'sp-1'{}", "(".repeat(3_000), ")".repeat(3_000));
    let error = principals(&graph).filter_unchecked(&deep).send().await.unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::BAD_REQUEST), "{error}");
    assert!(error.to_string().contains("nests more than"), "{error}");
    let long = vec!["id eq 'sp-1'"; MAX_FILTER_TERMS + 1].join(" or ");
    let error = principals(&graph).filter_unchecked(&long).send().await.unwrap_err();
    assert!(error.to_string().contains("terms"), "{error}");
    let deep_search = format!("{}\"displayName:sp\"{}", "(".repeat(3_000), ")".repeat(3_000));
    let error = principals(&graph)
        .search_unchecked(&deep_search)
        .header("ConsistencyLevel", "eventual")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::BAD_REQUEST), "{error}");
    // Still serving.
    assert_eq!(principals(&graph).all().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_parse_expression_nested_ten_thousand_deep_is_refused_not_a_stack_overflow() {
    let graph = fake().await;
    let job = graph.add_job("sp-1", "scim").unwrap();
    let client = graph.client();
    let schema = client.v1().service_principal("sp-1").synchronization().jobs().job(job.as_str()).schema();
    let refusal = |depth: usize| {
        let deep = format!("{}[mail]{}", "ToLower(".repeat(depth), ")".repeat(depth));
        let schema = schema.clone();
        async move {
            let answer = schema.parse_expression().with_expression(deep).send().await.unwrap();
            assert_eq!(answer.parsing_succeeded.value(), Some(&false));
            answer.error.value().and_then(|e| e.message.value().cloned()).unwrap_or_default()
        }
    };
    // Past the documented 10,000 characters, then within them but past the fake's depth.
    assert!(refusal(10_000).await.contains("longer than 10000 characters"));
    assert!(refusal(100).await.contains("functions nest more than 64 deep"));
}

#[tokio::test]
async fn paging_arithmetic_near_the_largest_number_ends_the_listing() {
    let graph = fake().await;
    graph.add_job("sp-1", "scim").unwrap();
    graph.add_job("sp-1", "scim").unwrap();
    let client = graph.client();
    // A job listing: its page size has no documented bound (a directory listing's is 999).
    for (skip, top) in [(usize::MAX, 1), (usize::MAX - 1, usize::MAX), (1, usize::MAX)] {
        let url =
            format!("{}/v1.0/servicePrincipals/sp-1/synchronization/jobs?$top={top}&$skiptoken={skip}", graph.root());
        let pages: Vec<SynchronizationJob> = ListRequest::from_url(client.v1().client(), &url)
            .all()
            .await
            .unwrap_or_else(|e| panic!("{skip} {top}: {e}"));
        assert!(pages.len() <= 1, "{skip} {top}: {pages:?}");
    }
}

/// Sends `head` on a raw connection and reads what comes back within `wait`.
async fn raw(root: &str, head: &str, wait: Duration) -> (String, Duration) {
    let address = root.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    let started = Instant::now();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(wait, stream.read_to_end(&mut answer)).await;
    (String::from_utf8_lossy(&answer).into_owned(), started.elapsed())
}

#[tokio::test]
async fn a_body_past_the_cap_is_413_unread_and_a_slow_client_is_cut_off() {
    let graph = fake().await;
    let head = "PUT /v1.0/servicePrincipals/sp-1/synchronization HTTP/1.1\r\nhost: x\r\nauthorization: Bearer t\r\n\
                content-type: application/json\r\ncontent-length: 269484032\r\n\r\n{";
    let (answer, _) = raw(graph.root(), head, Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("exceeds the maximum limit"), "{answer}");

    // 17 MiB through the client, in one body: refused, and nothing is kept of it.
    let client = graph.client();
    let big = json!({"secrets": [{"key": "BaseAddress", "value": "x".repeat(17 * 1024 * 1024)}]});
    let sent = Request::<NoContent>::new(
        client.v1().client().clone(),
        http::Method::PUT,
        "/servicePrincipals/sp-1/synchronization",
    )
    .json_body(&big)
    .send()
    .await;
    if let Err(error) = sent {
        // The fake answers before it reads the body; the client may see the 413 or the closed connection.
        assert!(error.status().is_none_or(|s| s == http::StatusCode::PAYLOAD_TOO_LARGE), "{error}");
    } else {
        panic!("17 MiB were taken");
    }

    graph.client_timeout(Duration::from_millis(300));
    let (answer, waited) =
        raw(graph.root(), "GET /v1.0/servicePrincipals HTTP/1.1\r\nhost: x\r\n", Duration::from_secs(5)).await;
    assert!(waited < Duration::from_secs(4), "the slow client was cut off after {waited:?}: {answer:?}");
}
