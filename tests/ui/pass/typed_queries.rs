//! Every query option in its typed form: lambdas over collections, counts,
//! orderings, selections, expansions with options of their own, searches.
use graph_sync::v1::models::{
    Application, ApplicationTemplate, ModifiedProperty, ProvisioningObjectSummary as Log, ServicePrincipal,
    SynchronizationJob,
};
use graph_sync::{Client, StaticToken};

fn main() {
    let client = Client::new(StaticToken::new("token"));
    let v1 = client.v1();
    let logs = v1.audit_logs().provisioning();
    let renamed = Log::MODIFIED_PROPERTIES.any(|p| p.then(&ModifiedProperty::DISPLAY_NAME).eq("displayName"));
    let _ = logs.list().filter(renamed).order_by([Log::ACTIVITY_DATE_TIME.desc(), Log::ID.asc()]).top(50);
    let _ = logs.list().select(&[&Log::ID, &Log::JOB_ID, &Log::PROVISIONING_STATUS_INFO]);
    let tagged = ApplicationTemplate::CATEGORIES.all(|c| c.ne("deprecated"));
    let _ = v1.application_templates().list().filter(tagged.and(ApplicationTemplate::CATEGORIES.count().gt(0)));
    let _ = v1.service_principals().list().search(ServicePrincipal::DISPLAY_NAME.matches("AWS"));
    let _ = v1.applications().list().order_by([Application::DISPLAY_NAME.asc()]).count();
    let jobs = v1.service_principal("sp").synchronization().jobs();
    let _ = jobs.list().expand(SynchronizationJob::SCHEMA).select(&[&SynchronizationJob::ID]);
    let _ = jobs.list().filter(SynchronizationJob::TEMPLATE_ID.eq("scim")).filter_unchecked("id ne 'x'");
    let principals = v1.service_principals();
    let _ = principals.list().expand(ServicePrincipal::SYNCHRONIZATION);
}
