//! Query options the compiler refuses: a property of another type in
//! `$orderby`, `$select` and a lambda, a property the schema removed
//! (`statusInfo`, gone since 2021) or never had in this version
//! (`publisherName` is beta's), a navigation property of another type in
//! `$expand`, `$count` of a single-valued navigation, a lambda over a
//! property that is no collection, and a search of a property that is no text.
use graph_sync::v1::models::{
    ApplicationTemplate, ModifiedProperty, ProvisioningObjectSummary as Log, ServicePrincipal, SynchronizationJob,
};
use graph_sync::{Client, StaticToken};

fn main() {
    let v1 = Client::new(StaticToken::new("token")).v1();
    let logs = v1.audit_logs().provisioning();
    let principals = v1.service_principals();
    let _ = logs.list().order_by([ServicePrincipal::DISPLAY_NAME.asc()]);
    let _ = logs.list().select(&[&Log::JOB_ID, &ServicePrincipal::APP_ID]);
    let _ = logs.list().filter(Log::STATUS_INFO.eq("failure"));
    let _ = principals.list().select(&[&ServicePrincipal::PUBLISHER_NAME]);
    let _ = principals.list().expand(SynchronizationJob::SCHEMA);
    let _ = principals.list().filter(ServicePrincipal::SYNCHRONIZATION.count().eq(0));
    let _ = logs.list().filter(Log::JOB_ID.any(|c| c.eq("x")));
    let _ = logs.list().filter(Log::MODIFIED_PROPERTIES.any(|p| ApplicationTemplate::DISPLAY_NAME.eq("x")));
    let _ = logs.list().filter(Log::MODIFIED_PROPERTIES.any(|p| p.then(&ModifiedProperty::NEW_VALUE).gt(3)));
    let _ = principals.list().search(ServicePrincipal::ACCOUNT_ENABLED.matches("true"));
}
