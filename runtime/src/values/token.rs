//! Where the bearer token comes from: the [`TokenProvider`] interface and a
//! fixed [`StaticToken`]. Sign-in libraries plug in here (`AzureIdentity`
//! with the `azure-identity` feature).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// What a [`TokenProvider`] returns.
pub type TokenFuture<'a> =
    Pin<Box<dyn Future<Output = Result<String, Box<dyn std::error::Error + Send + Sync>>> + Send + 'a>>;

/// Supplies the bearer token for each request. Implement it over your identity
/// library; [`StaticToken`] serves a token obtained elsewhere.
///
/// The client asks for a token before every attempt of a call (a call with
/// retries can outlive a token), and calls [`TokenProvider::refresh`] once
/// when Graph answers `401 Unauthorized`.
///
/// ```
/// use graph_sync::runtime::{TokenFuture, TokenProvider};
/// use graph_sync::Client;
///
/// /// Reads the token from the environment at each call (a real provider
/// /// would ask an identity library, which caches and renews it).
/// struct FromEnvironment;
///
/// impl TokenProvider for FromEnvironment {
///     fn token(&self) -> TokenFuture<'_> {
///         Box::pin(async { Ok(std::env::var("GRAPH_TOKEN")?) })
///     }
/// }
///
/// let client = Client::new(FromEnvironment);
/// # let _ = client;
/// ```
pub trait TokenProvider: Send + Sync {
    /// A currently valid access token (without the `Bearer ` prefix).
    fn token(&self) -> TokenFuture<'_>;

    /// A new token, after Graph refused the current one with `401`: a
    /// provider that caches tokens should bypass its cache here. By default,
    /// [`TokenProvider::token`] again.
    fn refresh(&self) -> TokenFuture<'_> {
        self.token()
    }

    /// A token for `scope`, the Graph scope of the client's [`Cloud`](crate::Cloud)
    /// (`https://graph.microsoft.com/.default` in the global cloud): what the
    /// client asks for. By default [`TokenProvider::token`], for a provider
    /// that serves tokens for one audience only.
    fn token_for<'a>(&'a self, scope: &'a str) -> TokenFuture<'a> {
        let _ = scope;
        self.token()
    }

    /// [`TokenProvider::refresh`] for `scope`; by default `refresh()`.
    fn refresh_for<'a>(&'a self, scope: &'a str) -> TokenFuture<'a> {
        let _ = scope;
        self.refresh()
    }
}

/// A provider shared between clients (or kept by the caller to look at).
impl<T: TokenProvider + ?Sized> TokenProvider for Arc<T> {
    fn token(&self) -> TokenFuture<'_> {
        (**self).token()
    }

    fn refresh(&self) -> TokenFuture<'_> {
        (**self).refresh()
    }

    fn token_for<'a>(&'a self, scope: &'a str) -> TokenFuture<'a> {
        (**self).token_for(scope)
    }

    fn refresh_for<'a>(&'a self, scope: &'a str) -> TokenFuture<'a> {
        (**self).refresh_for(scope)
    }
}

/// A fixed access token. `Debug` does not print it.
#[derive(Clone)]
pub struct StaticToken(String);

impl StaticToken {
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }
}

impl fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("StaticToken").field(&crate::values::REDACTED).finish()
    }
}

impl TokenProvider for StaticToken {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async move { Ok(self.0.clone()) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_tokens_are_not_printed() {
        let token = StaticToken::new("eyJ0eXAiOi-secret");
        assert!(!format!("{token:?}").contains("secret"));
    }
}
