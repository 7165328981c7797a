//! The `list_jobs` example, run as a user runs it, against a loopback server.
//! (`cargo test` builds the examples before it runs the tests.)
#![cfg(all(feature = "client", feature = "v1"))]

use std::process::Command;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[path = "support/example.rs"]
mod support;
use support::example;

/// Answers every request with `body` and returns the request heads received.
async fn server(body: &'static str) -> (String, tokio::task::JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let root = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") && socket.read(&mut byte).await.unwrap() == 1 {
            head.push(byte[0]);
        }
        let reply = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        socket.write_all(reply.as_bytes()).await.unwrap();
        vec![String::from_utf8_lossy(&head).into_owned()]
    });
    (root, task)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_jobs_prints_each_jobs_state_last_run_quarantine_and_progress() {
    let (root, requests) = server(
        r#"{"value": [{"id": "scim.1", "status": {"code": "Quarantine",
            "lastExecution": {"state": "Failed", "timeEnded": "2026-11-29T10:00:00Z"},
            "quarantine": {"reason": "TooManyDeletes"},
            "progress": [{"completedUnits": 3, "totalUnits": 4, "units": "Users"}]}}]}"#,
    )
    .await;
    let binary = example("list_jobs");
    let output = tokio::task::spawn_blocking(move || {
        Command::new(binary)
            .arg("sp-1")
            .env("GRAPH_TOKEN", "token-from-the-environment")
            .env("GRAPH_ROOT", root)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(
        stdout.trim(),
        "scim.1: Quarantine; last run Failed (ended 2026-11-29T10:00:00Z); quarantined: yes (TooManyDeletes); progress: [3/4 Users]"
    );
    let head = requests.await.unwrap().remove(0).to_ascii_lowercase();
    assert!(head.starts_with("get /v1.0/serviceprincipals/sp-1/synchronization/jobs "), "{head}");
    assert!(head.contains("authorization: bearer token-from-the-environment"), "{head}");
}

#[test]
fn list_jobs_says_what_it_needs() {
    let output = Command::new(example("list_jobs")).env_remove("GRAPH_TOKEN").arg("sp-1").output().unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("set GRAPH_TOKEN"));
}
