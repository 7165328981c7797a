//! Sign-in with the Azure SDK's credentials (the `azure-identity` feature):
//! [`AzureIdentity`] makes any `azure_core` [`TokenCredential`] (those of
//! `azure_identity`: client secret, certificate, managed identity, workload
//! identity, Azure CLI, ...) the client's [`TokenProvider`].

use std::fmt;
use std::sync::Arc;

use azure_core::cloud::CloudConfiguration;
use azure_core::credentials::TokenCredential;
use azure_core::http::ClientOptions;

use crate::values::cloud::Cloud;
use crate::values::token::{TokenFuture, TokenProvider};

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
/// let cloud = Cloud::UsGovernment;
/// // For example `azure_identity::ClientSecretCredential::new(tenant, id, secret, Some(options))?`
/// // with `ClientSecretCredentialOptions { client_options: cloud.azure_client_options() }`:
/// // the credential signs in where the cloud's Graph accepts its tokens.
/// let credential = credential();
/// let client = Client::builder(AzureIdentity::new(credential)).cloud(cloud).build();
/// # let _ = client;
/// ```
///
/// A credential signs in at the public cloud's authority unless its options
/// name another, and the public authority issues no token for another
/// cloud's Graph: build the credential's options with
/// [`Cloud::azure_client_options`]. When the credential fails for a cloud
/// other than the global one, the error says so.
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
            match self.credential.get_token(&[scope], None).await {
                Ok(token) => Ok(token.token.secret().to_owned()),
                Err(error) if scope != Cloud::Global.scope() => {
                    Err(Box::new(SignInError { scope: scope.to_owned(), error }) as _)
                }
                Err(error) => Err(error.into()),
            }
        })
    }

    /// After a `401`: ask the credential again (azure_core has no way to
    /// bypass a credential's cache; a token it still holds as valid is
    /// reused, which is what the library decides).
    fn refresh_for<'a>(&'a self, scope: &'a str) -> TokenFuture<'a> {
        self.token_for(scope)
    }
}

/// A credential's failure to sign in for another cloud's Graph: the
/// credential's error, and the likely cause.
#[derive(Debug)]
struct SignInError {
    scope: String,
    error: azure_core::Error,
}

impl fmt::Display for SignInError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (signing in for {}: a credential signs in at the public cloud unless its options name another; \
             build them with `Cloud::azure_client_options`)",
            self.error, self.scope
        )
    }
}

impl std::error::Error for SignInError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// Pairing the cloud with the Azure SDK's sign-in (the `azure-identity` feature).
impl Cloud {
    /// The Azure SDK's cloud whose authority signs in for this Graph cloud:
    /// [`CloudConfiguration::AzurePublic`] for the global service,
    /// `AzureGovernment` for both US Government clouds (L4 and L5 sign in at
    /// `login.microsoftonline.us`), `AzureChina` for 21Vianet. `None` for a
    /// [`Cloud::Custom`] root, whose authority only its owner knows.
    pub fn azure_cloud(&self) -> Option<CloudConfiguration> {
        match self {
            Cloud::Global => Some(CloudConfiguration::AzurePublic),
            Cloud::UsGovernment | Cloud::UsGovernmentDod => Some(CloudConfiguration::AzureGovernment),
            Cloud::China => Some(CloudConfiguration::AzureChina),
            Cloud::Custom { .. } => None,
        }
    }

    /// Options for an `azure_identity` credential (client secret,
    /// certificate, client assertion, managed identity, ...) that sign in at
    /// this cloud's authority: the one step that pairs the credential with
    /// the client's cloud. (The developer tools' credentials sign in where
    /// `az login` did: `az cloud set` picks that.)
    ///
    /// ```
    /// use graph_sync::runtime::Cloud;
    ///
    /// let cloud = Cloud::UsGovernmentDod;
    /// let options = azure_identity::ClientSecretCredentialOptions { client_options: cloud.azure_client_options() };
    /// // azure_identity::ClientSecretCredential::new(tenant, client_id, secret, Some(options))
    /// # let _ = options;
    /// ```
    pub fn azure_client_options(&self) -> ClientOptions {
        ClientOptions { cloud: self.azure_cloud().map(Arc::new), ..ClientOptions::default() }
    }
}
