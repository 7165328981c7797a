//! Filters the compiler refuses: a misspelt property, a property of another
//! type than the list's items, and a value of the wrong type.
use graph_sync::v1::models::{ProvisioningObjectSummary as Log, ServicePrincipal};
use graph_sync::{Client, StaticToken};

fn main() {
    let client = Client::new(StaticToken::new("token"));
    let logs = client.v1().audit_logs().provisioning();
    let _ = logs.list().filter(Log::JOB_IDD.eq("x"));
    let _ = logs.list().filter(ServicePrincipal::APP_ID.eq("x"));
    let _ = logs.list().filter(Log::DURATION_IN_MILLISECONDS.eq("slow"));
}
