//! The documented provisioning-log and service-principal lookups, written
//! with the generated property constants.
use graph_sync::v1::models::{
    ProvisionedIdentity, ProvisioningObjectSummary as Log, ProvisioningResult, ProvisioningStatusInfo,
    ServicePrincipal,
};
use graph_sync::{Client, DateTimeOffset, StaticToken};

fn main() {
    let client = Client::new(StaticToken::new("token"));
    let logs = client.v1().audit_logs().provisioning();
    let since = DateTimeOffset::from_wire("2026-05-01T00:00:00Z");
    let failed = Log::PROVISIONING_STATUS_INFO.then(&ProvisioningStatusInfo::STATUS).eq(ProvisioningResult::Failure);
    let source = Log::SOURCE_IDENTITY.then(&ProvisionedIdentity::ID).eq("701984");
    let _ = logs.list().filter(Log::JOB_ID.eq("API2AAD.1").and(failed).and(Log::ACTIVITY_DATE_TIME.ge(since)));
    let _ = logs.list().filter(source.or(Log::DURATION_IN_MILLISECONDS.gt(1000)));
    let principals = client.v1().service_principals();
    let _ = principals.list().filter(ServicePrincipal::APP_ID.eq("00000000-0000-0000-0000-000000000001"));
    let _ = principals.list().filter(ServicePrincipal::DISPLAY_NAME.starts_with("AWS").not());
}
