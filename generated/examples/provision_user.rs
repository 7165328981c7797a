//! Provisions one user (or group) on demand and prints the outcome report.
//!
//! ```sh
//! cargo run -p graph-sync --features azure-identity --example provision_user -- \
//!     <servicePrincipalId> <synchronizationJobId> <ruleId> <objectId> [User|Group]
//! ```
//!
//! Sign-in goes through the Azure SDK (`azure_identity`): an application's
//! client secret when `AZURE_TENANT_ID`, `AZURE_CLIENT_ID` and
//! `AZURE_CLIENT_SECRET` are set, otherwise the developer tools you are
//! signed in with (`az login`, `azd auth login`). `GRAPH_CLOUD` picks the
//! cloud (`global`, `usgov`, `usgovdod`; provisionOnDemand is not available
//! in the China cloud) and `GRAPH_ROOT` a service root of its own. Graph v1.0.

use std::sync::Arc;

use azure_core::credentials::TokenCredential;
use azure_identity::{ClientSecretCredential, ClientSecretCredentialOptions, DeveloperToolsCredential};
use graph_sync::runtime::{AzureIdentity, Cloud};
use graph_sync::v1::models::{SynchronizationJobApplicationParameters, SynchronizationJobSubject};
use graph_sync::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let [service_principal, job, rule, object, rest @ ..] = arguments.as_slice() else {
        return Err(
            "usage: provision_user <servicePrincipalId> <synchronizationJobId> <ruleId> <objectId> [User|Group]".into(),
        );
    };
    let object_type = rest.first().map_or("User", String::as_str);
    let cloud = match std::env::var("GRAPH_CLOUD").as_deref() {
        Ok("usgov") => Cloud::UsGovernment,
        Ok("usgovdod") => Cloud::UsGovernmentDod,
        Ok("global") | Err(_) => Cloud::Global,
        Ok(other) => return Err(format!("GRAPH_CLOUD={other}: expected global, usgov or usgovdod").into()),
    };
    let credential = credential(&cloud)?;
    let mut builder = Client::builder(AzureIdentity::new(credential)).cloud(cloud);
    if let Ok(root) = std::env::var("GRAPH_ROOT") {
        builder = builder.root(root);
    }
    let client = builder.build();

    let subject =
        SynchronizationJobSubject::default().with_object_id(object.as_str()).with_object_type_name(object_type);
    let parameters =
        SynchronizationJobApplicationParameters::default().with_rule_id(rule.as_str()).with_subjects([subject]);
    let job = client.v1().service_principal(service_principal.as_str()).synchronization().jobs().job(job.as_str());
    let answer = match job.provision_on_demand(vec![parameters]).send().await {
        Ok(answer) => answer,
        Err(error) => {
            let diagnostics = error.graph_error().map(|e| e.diagnostics()).unwrap_or_default();
            return Err(format!("{error}\n{diagnostics}").into());
        }
    };
    match answer.provisioning_outcome() {
        Ok(outcome) => print!("{outcome}"),
        Err(error) => println!("{error}\nkey: {:?}\nvalue: {:?}", error.raw_key, error.raw_value),
    }
    Ok(())
}

/// The application's client secret from the environment, signing in at
/// `cloud`'s authority, or the developer tools' sign-in (`az cloud set`
/// picks their cloud).
fn credential(cloud: &Cloud) -> azure_core::Result<Arc<dyn TokenCredential>> {
    let variable = |name| std::env::var(name).ok().filter(|value: &String| !value.is_empty());
    match (variable("AZURE_TENANT_ID"), variable("AZURE_CLIENT_ID"), variable("AZURE_CLIENT_SECRET")) {
        (Some(tenant), Some(client), Some(secret)) => {
            let options = ClientSecretCredentialOptions { client_options: cloud.azure_client_options() };
            Ok(ClientSecretCredential::new(&tenant, client, secret.into(), Some(options))?)
        }
        _ => Ok(DeveloperToolsCredential::new(None)?),
    }
}
