//! The `tracing` feature: one `graph_sync.call` span per call, with what a
//! support ticket needs and nothing secret.
#![cfg(feature = "tracing")]
#![allow(deprecated)] // the secrets API, deprecated by Graph, is the one with a body to keep out of traces

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use graph_sync::beta::models::SynchronizationSecretKeyStringValuePair;
use graph_sync::{Client, StaticToken};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// A span's name and its fields as text.
type SpanRecord = (String, BTreeMap<String, String>);

/// Records every span's name and fields.
#[derive(Default, Clone)]
struct Recorder(Arc<Mutex<Vec<SpanRecord>>>);

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}").trim_matches('"').to_owned());
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut fields = BTreeMap::new();
        span.record(&mut Fields(&mut fields));
        let mut spans = self.0.lock().unwrap();
        spans.push((span.metadata().name().to_owned(), fields));
        Id::from_u64(spans.len() as u64)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut spans = self.0.lock().unwrap();
        let (_, fields) = &mut spans[span.into_u64() as usize - 1];
        values.record(&mut Fields(fields));
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, _: &Event<'_>) {}
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

/// Answers one request with 429, then one with 204, both with a request-id.
async fn server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let root = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        for answer in ["429 Too Many Requests\r\nretry-after: 0", "204 No Content"] {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut buffer = vec![0u8; 64 * 1024];
            let _ = socket.read(&mut buffer).await.unwrap();
            let reply =
                format!("HTTP/1.1 {answer}\r\nrequest-id: req-9\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
            socket.write_all(reply.as_bytes()).await.unwrap();
        }
    });
    root
}

#[tokio::test]
async fn each_call_is_a_span_with_diagnostics_and_no_secrets() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let root = server().await;
    let client = Client::builder(StaticToken::new("eyJ-token-secret"))
        .root(root)
        .max_retry_delay(std::time::Duration::from_millis(1))
        .build();
    let secret = SynchronizationSecretKeyStringValuePair::default().with_value("s3cr3t-value");
    let request = client.beta().service_principal("user@contoso.com").synchronization().put_secrets(vec![secret]);
    request.send().await.unwrap();

    let spans = recorder.0.lock().unwrap().clone();
    let calls: Vec<&BTreeMap<String, String>> =
        spans.iter().filter(|(name, _)| name == "graph_sync.call").map(|(_, fields)| fields).collect();
    assert_eq!(calls.len(), 1, "{spans:?}");
    let call = calls[0];
    assert_eq!(call["operation"], "PUT");
    assert_eq!(call["method"], "PUT");
    assert_eq!(call["path"], "/servicePrincipals/{id}/synchronization/secrets", "no id in the path");
    assert_eq!(call["attempts"], "2", "the 429 was retried");
    assert_eq!(call["status"], "204");
    assert_eq!(call["request_id"], "req-9");
    assert_eq!(call["client_request_id"].len(), 36);
    let everything = format!("{spans:?}");
    for secret in ["eyJ-token-secret", "s3cr3t-value", "contoso"] {
        assert!(!everything.contains(secret), "{secret} in {everything}");
    }
}
