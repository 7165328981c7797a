//! `AzureIdentity` with a fake `azure_core` credential: the scope asked for
//! is the cloud's, a token the credential replaces (expired) is the one
//! sent, and the credential's errors come through.
#![cfg(feature = "azure-identity")]

use std::sync::{Arc, Mutex};

use azure_core::credentials::{AccessToken, TokenCredential, TokenRequestOptions};
use azure_core::time::{Duration, OffsetDateTime};
use graph_sync::runtime::{AzureIdentity, Cloud};
use graph_sync::{Client, Error};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Issues `token-1`, `token-2`, ... each valid for `lifetime` calls (its
/// stand-in for expiry), records the scopes it is asked for, and fails when told.
#[derive(Debug, Default)]
struct FakeCredential {
    scopes: Mutex<Vec<String>>,
    calls: Mutex<u32>,
    lifetime: u32,
    failure: Option<String>,
}

#[async_trait::async_trait]
impl TokenCredential for FakeCredential {
    async fn get_token(
        &self,
        scopes: &[&str],
        _options: Option<TokenRequestOptions<'_>>,
    ) -> azure_core::Result<AccessToken> {
        self.scopes.lock().unwrap().extend(scopes.iter().map(|s| s.to_string()));
        if let Some(failure) = &self.failure {
            return Err(azure_core::Error::with_message(azure_core::error::ErrorKind::Credential, failure.clone()));
        }
        let mut calls = self.calls.lock().unwrap();
        *calls += 1;
        let generation = (*calls - 1) / self.lifetime.max(1) + 1;
        Ok(AccessToken::new(format!("token-{generation}"), OffsetDateTime::now_utc() + Duration::hours(1)))
    }
}

/// A loopback server that answers `count` requests with 204 and returns their `authorization` headers.
async fn server(count: usize) -> (String, tokio::task::JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let root = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let mut tokens = Vec::new();
        while tokens.len() < count {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && socket.read(&mut byte).await.unwrap() == 1 {
                head.push(byte[0]);
            }
            let head = String::from_utf8_lossy(&head).to_ascii_lowercase();
            let token = head.lines().find_map(|l| l.strip_prefix("authorization: ")).unwrap_or_default().to_owned();
            tokens.push(token);
            socket.write_all(b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n").await.unwrap();
        }
        tokens
    });
    (root, task)
}

#[tokio::test]
async fn the_clouds_scope_is_asked_for_and_replaced_tokens_are_sent() {
    let (root, received) = server(3).await;
    let credential = Arc::new(FakeCredential { lifetime: 2, ..FakeCredential::default() });
    let cloud = Cloud::Custom { root, scope: "https://graph.microsoft.us/.default".into() };
    let client = Client::builder(AzureIdentity::new(credential.clone())).cloud(cloud).build();
    let job = client.beta().service_principal("sp").synchronization().jobs().job("j");
    for _ in 0..3 {
        job.start().send().await.unwrap();
    }
    // The credential was asked each time, with the cloud's scope; its third
    // token (after the second "expired") is the one the third call sent.
    assert_eq!(*credential.scopes.lock().unwrap(), ["https://graph.microsoft.us/.default"; 3]);
    assert_eq!(received.await.unwrap(), ["bearer token-1", "bearer token-1", "bearer token-2"]);
    // The documented clouds' scopes.
    let global = Client::builder(AzureIdentity::new(credential.clone())).build();
    assert_eq!(global.token().await.unwrap(), "token-2");
    assert_eq!(credential.scopes.lock().unwrap().last().unwrap(), "https://graph.microsoft.com/.default");
}

#[tokio::test]
async fn the_credentials_errors_come_through() {
    let credential =
        Arc::new(FakeCredential { failure: Some("AADSTS7000215: invalid client secret".into()), ..Default::default() });
    let client = Client::builder(AzureIdentity::new(credential)).root("http://127.0.0.1:9").build();
    let error =
        client.beta().service_principal("sp").synchronization().jobs().job("j").start().send().await.unwrap_err();
    assert!(matches!(error, Error::Token(_)), "{error:?}");
    assert!(error.to_string().contains("AADSTS7000215"), "{error}");
}

/// An `azure_core` HTTP client that records where it was asked to send,
/// and answers nothing (the sign-in fails after the request is seen).
#[derive(Debug, Default)]
struct RecordingTransport {
    hosts: Mutex<Vec<String>>,
}

#[async_trait::async_trait]
impl azure_core::http::HttpClient for RecordingTransport {
    async fn execute_request(
        &self,
        request: &azure_core::http::Request,
    ) -> azure_core::Result<azure_core::http::AsyncRawResponse> {
        self.hosts.lock().unwrap().push(request.url().host_str().unwrap_or_default().to_owned());
        Err(azure_core::Error::with_message(azure_core::error::ErrorKind::Io, "no network in this test"))
    }
}

#[tokio::test]
async fn a_credential_built_with_the_clouds_options_signs_in_at_its_authority() {
    let cases = [
        (Cloud::Global, "login.microsoftonline.com"),
        (Cloud::UsGovernment, "login.microsoftonline.us"),
        (Cloud::UsGovernmentDod, "login.microsoftonline.us"),
        (Cloud::China, "login.chinacloudapi.cn"),
    ];
    for (cloud, authority) in cases {
        let transport = Arc::new(RecordingTransport::default());
        let mut client_options = cloud.azure_client_options();
        client_options.transport = Some(azure_core::http::Transport::new(transport.clone()));
        client_options.retry = azure_core::http::RetryOptions::none();
        let options = azure_identity::ClientSecretCredentialOptions { client_options };
        let tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
        let credential = azure_identity::ClientSecretCredential::new(
            tenant,
            "client".into(),
            "client-secret-value".to_owned().into(),
            Some(options),
        )
        .unwrap();
        let client =
            Client::builder(AzureIdentity::new(credential)).cloud(cloud.clone()).root("http://127.0.0.1:9").build();
        let error = client.token().await.unwrap_err();
        // The sign-in went to the cloud's own authority.
        assert_eq!(transport.hosts.lock().unwrap().first().map(String::as_str), Some(authority), "{cloud:?}");
        // For a cloud other than the global one, a failed sign-in names the likely cause.
        let hint = error.to_string().contains("Cloud::azure_client_options");
        assert_eq!(hint, cloud != Cloud::Global, "{cloud:?}: {error}");
        assert!(!error.to_string().contains("client-secret-value"), "{error}");
    }
    assert!(Cloud::Custom { root: "http://x".into(), scope: "s".into() }.azure_cloud().is_none());
}
