//! Secrets a request sent, echoed back by a loopback server in every
//! spelling a JSON writer, a URL encoder or a nested document may give them,
//! in every place an error keeps text (the body, its code, message, details,
//! `innerError`, the headers): none of them may be printed by the error's
//! `Display`, `Debug` or `diagnostics()`. Judged by what the error prints,
//! against fragments of the secret, so that no spelling of it (and no part
//! of it) passes.

#![allow(deprecated)] // validateCredentials, secrets and acquireAccessToken are deprecated by Graph, still callable.

use std::time::Duration;

use graph_sync::beta::models::{SynchronizationSecret, SynchronizationSecretKeyStringValuePair};
use graph_sync::{Client, Error, StaticToken};
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Base64-like, as client secrets and tokens are: `+`, `/` and `=` are the
/// characters JSON writers and URL encoders spell differently.
const BASE64_SECRET: &str = "Q7xZpLk+4mWnHd/Rt9KvXc==";
/// Outside ASCII, up to a character written as a UTF-16 surrogate pair in JSON.
const UNICODE_SECRET: &str = "Schlüssel🔑Geheim9x";

/// Parts of the secrets that must not appear anywhere in what an error prints.
const FRAGMENTS: [&str; 6] = ["Q7xZpLk", "4mWnHd", "Rt9KvXc", "Schl", "ssel", "Geheim9x"];

fn assert_no_fragment(printed: &str) {
    for fragment in FRAGMENTS {
        assert!(!printed.contains(fragment), "{fragment:?} is printed in:\n{printed}");
    }
}

/// Everything an error prints: `Display`, `Debug` and the diagnostics of its Graph error.
fn printed(error: &Error) -> String {
    let diagnostics = error.graph_error().map(|graph| graph.diagnostics()).unwrap_or_default();
    format!("{error}\n{error:?}\n{diagnostics}")
}

/// How a JSON writer spells a string's content: which ASCII characters it
/// writes as `\uXXXX` (besides controls and everything outside ASCII, as
/// UTF-16 units), whether it writes `/` as `\/`, and the case of its hex.
struct JsonWriter {
    escaped: &'static [char],
    solidus: bool,
    upper_hex: bool,
}

/// .NET's `System.Text.Json` by default: `+<>&'` escaped, upper-case hex.
const DOTNET: JsonWriter = JsonWriter { escaped: &['+', '<', '>', '&', '\''], solidus: false, upper_hex: true };
/// Writers that escape the solidus and write lower-case hex (PHP's
/// `json_encode`, Python's `ensure_ascii`), here also escaping `+` and `=`.
const SOLIDUS: JsonWriter = JsonWriter { escaped: &['+', '='], solidus: true, upper_hex: false };

impl JsonWriter {
    fn escape(&self, text: &str) -> String {
        let unit = |unit: u16| if self.upper_hex { format!("\\u{unit:04X}") } else { format!("\\u{unit:04x}") };
        let mut out = String::new();
        for c in text.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '/' if self.solidus => out.push_str("\\/"),
                c if c.is_ascii() && !c.is_ascii_control() && !self.escaped.contains(&c) => out.push(c),
                c => c.encode_utf16(&mut [0u16; 2]).iter().for_each(|&u| out.push_str(&unit(u))),
            }
        }
        out
    }
}

/// A `400` that echoes the request, and each secret, in every spelling: the
/// message escaped as .NET writes it, the details percent-encoded and as a
/// document nested in a string (escaped twice), `innerError` with the
/// solidus and lower-case escapes, and the headers (as sent, and
/// percent-encoded).
fn echo(request: &Request) -> ResponseTemplate {
    let sent = String::from_utf8_lossy(&request.body).into_owned();
    let mut details = Vec::new();
    for secret in [BASE64_SECRET, UNICODE_SECRET] {
        details.push(format!(r#"{{"target":"{}"}}"#, utf8_percent_encode(secret, NON_ALPHANUMERIC)));
        let nested = format!(r#"{{"error":{{"message":"{}"}}}}"#, DOTNET.escape(secret));
        details.push(format!(r#"{{"target":"{}"}}"#, DOTNET.escape(&nested)));
        details.push(format!(r#"{{"target":"{}"}}"#, SOLIDUS.escape(secret)));
    }
    let body = format!(
        r#"{{"error":{{"code":"CredentialsInvalid","message":"{}","details":[{}],"innerError":{{"request-id":"{}","client-request-id":"{}","date":"2026-12-03T00:00:00"}}}}}}"#,
        DOTNET.escape(&format!("could not sign in with {sent}")),
        details.join(","),
        SOLIDUS.escape(BASE64_SECRET),
        DOTNET.escape(UNICODE_SECRET),
    );
    ResponseTemplate::new(400)
        .insert_header("content-type", "application/json")
        .insert_header("x-ms-ags-diagnostic", format!(r#"{{"ServerInfo":{{"echo":"{BASE64_SECRET}"}}}}"#).as_str())
        .insert_header("request-id", utf8_percent_encode(UNICODE_SECRET, NON_ALPHANUMERIC).to_string().as_str())
        .set_body_string(body)
}

fn credentials() -> Vec<SynchronizationSecretKeyStringValuePair> {
    [(SynchronizationSecret::SecretToken, BASE64_SECRET), (SynchronizationSecret::Password, UNICODE_SECRET)]
        .into_iter()
        .map(|(key, value)| {
            let mut pair = SynchronizationSecretKeyStringValuePair::default();
            pair.key = key.into();
            pair.value = value.into();
            pair
        })
        .collect()
}

async fn echoing_server() -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(echo).mount(&server).await;
    Mock::given(method("PUT")).respond_with(echo).mount(&server).await;
    let client = Client::builder(StaticToken::new("t")).root(server.uri()).build();
    (server, client)
}

#[tokio::test]
async fn every_spelling_of_a_sent_secret_is_redacted_from_what_errors_print() {
    let (server, client) = echoing_server().await;
    let synchronization = client.beta().service_principal("sp").synchronization();
    let calls = [
        ("validateCredentials", synchronization.jobs().job("j").validate_credentials(credentials()).send().await),
        ("PUT secrets", synchronization.put_secrets(credentials()).send().await),
        ("acquireAccessToken", synchronization.acquire_access_token(credentials()).send().await),
    ];
    for (name, result) in calls {
        let error = result.unwrap_err();
        assert_eq!(error.status(), Some(http::StatusCode::BAD_REQUEST), "{name}");
        let graph = error.graph_error().unwrap();
        assert!(graph.message.starts_with("could not sign in with"), "{name}: {}", graph.message);
        assert!(graph.raw.contains("<redacted>") && graph.diagnostics().contains("<redacted>"), "{name}");
        assert_no_fragment(&printed(&error));
    }
    // Each request did carry the secrets: the redaction is of echoes, not of what was sent.
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 3);
    for request in received {
        let body = String::from_utf8_lossy(&request.body).into_owned();
        assert!(body.contains(BASE64_SECRET) && body.contains(UNICODE_SECRET), "{body}");
    }
}

#[tokio::test]
async fn a_secret_that_straddles_the_cut_of_a_kept_body_is_not_half_shown() {
    let server = MockServer::start().await;
    let cut = graph_sync::runtime::MAX_ERROR_TEXT;
    // Plain text, so the body is kept raw: the cut falls 7 bytes into the secret.
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500).set_body_string(format!("{}{BASE64_SECRET}", "x".repeat(cut - 7))))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    // A Graph error: the cut of the message falls 7 bytes into the secret.
    let message = format!("{}{BASE64_SECRET}", "x".repeat(cut - 7));
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(serde_json::json!({"error": {"code": "Bad", "message": message}})),
        )
        .mount(&server)
        .await;
    let client = Client::builder(StaticToken::new("t")).root(server.uri()).build();
    let job = client.beta().service_principal("sp").synchronization().jobs().job("j");
    for expected in [500, 400] {
        let error = job.validate_credentials(credentials()).send().await.unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(expected));
        let graph = error.graph_error().unwrap();
        assert!(graph.raw.ends_with("bytes in all)"), "the body was cut");
        assert_no_fragment(&printed(&error));
    }
}

#[tokio::test]
async fn a_batch_call_that_fails_whole_is_redacted_and_keeps_its_status() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(echo).mount(&server).await;
    let client =
        Client::builder(StaticToken::new("t")).root(server.uri()).max_retry_delay(Duration::from_millis(20)).build();
    let synchronization = client.beta().service_principal("sp").synchronization();
    let mut batch = client.batch();
    let validate = batch.add(synchronization.jobs().job("j").validate_credentials(credentials()));
    let read = batch.add(synchronization.get());
    let mut results = batch.send().await;
    let errors = [results.take(validate).unwrap_err(), results.take(read).unwrap_err()];
    for error in &errors {
        assert!(matches!(error, Error::Batch { .. }), "{error:?}");
        // The `$batch` call's own answer is what each request reports.
        assert_eq!(error.status(), Some(http::StatusCode::BAD_REQUEST), "{error}");
        assert_eq!(error.graph_error().map(|graph| graph.code.as_str()), Some("CredentialsInvalid"));
        assert!(error.request_id().is_some());
        assert_no_fragment(&printed(error));
    }
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1, "one $batch call");
    assert!(String::from_utf8_lossy(&received[0].body).contains(BASE64_SECRET));
}
