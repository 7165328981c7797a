//! Sign-in with the Azure SDK's credentials (the `azure-identity` feature):
//! [`AzureIdentity`] makes any `azure_core` [`TokenCredential`] (those of
//! `azure_identity`: client secret, certificate, managed identity, workload
//! identity, Azure CLI, ...) the client's [`TokenProvider`].

use std::fmt;
use std::sync::Arc;

use azure_core::credentials::TokenCredential;

use super::client::{TokenFuture, TokenProvider};
use super::cloud::Cloud;

/// A [`TokenProvider`] over an Azure SDK credential. The client asks it for
/// the scope of its [`Cloud`] (`https://graph.microsoft.com/.default`,
/// `https://graph.microsoft.us/.default`, ...) before each attempt; the
/// credential's own cache decides whether that is a cached token or a new
/// one, so an expired token is replaced without a cache here.
///
/// ```no_run
/// # fn credential() -> std::sync::Arc<dyn azure_core::credentials::TokenCredential> { unimplemented!() }
/// use graph_sync::runtime::{AzureIdentity, Cloud};
/// use graph_sync::Client;
///
/// // For example `azure_identity::ManagedIdentityCredential::new(None)?`.
/// let credential = credential();
/// let client = Client::builder(AzureIdentity::new(credential)).cloud(Cloud::UsGovernment).build();
/// # let _ = client;
/// ```
#[derive(Clone)]
pub struct AzureIdentity {
    credential: Arc<dyn TokenCredential>,
}

impl AzureIdentity {
    pub fn new(credential: Arc<dyn TokenCredential>) -> Self {
        Self { credential }
    }
}

impl fmt::Debug for AzureIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The credential's own `Debug` (azure_core requires one) names its kind, not its secrets.
        f.debug_tuple("AzureIdentity").field(&self.credential).finish()
    }
}

impl TokenProvider for AzureIdentity {
    /// A token for the global cloud's Graph scope (the client asks with its
    /// own cloud's scope, through [`TokenProvider::token_for`]).
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async move { self.token_for(&Cloud::Global.scope()).await })
    }

    fn token_for<'a>(&'a self, scope: &'a str) -> TokenFuture<'a> {
        Box::pin(async move {
            let token = self.credential.get_token(&[scope], None).await?;
            Ok(token.token.secret().to_owned())
        })
    }

    /// After a `401`: ask the credential again (azure_core has no way to
    /// bypass a credential's cache; a token it still holds as valid is
    /// reused, which is what the library decides).
    fn refresh_for<'a>(&'a self, scope: &'a str) -> TokenFuture<'a> {
        self.token_for(scope)
    }
}
