//! Graph v1.0 (`client.v1()`): each operation of its slice called once with
//! its typed parameters: provisionOnDemand, a job's lifecycle, schema,
//! secrets, templates, the SCIM bulk upload and its provisioning logs, and
//! the workflow around them (the gallery, applications, service principals).
#![deny(warnings)]
#![allow(deprecated)] // validateCredentials and acquireAccessToken are deprecated by Graph.

use graph_sync::runtime::scim::{BulkRequest, BulkUploadRequest, BulkUploadAccepted, ScimUser};
use graph_sync::runtime::{Json, ListRequest, NoContent, Request, Values};
use graph_sync::v1::Action;
use graph_sync::v1::models::*;
use graph_sync::v1::paths::{
    ApplicationTemplateInstantiateParameters, ServicePrincipalId, SynchronizationJobId,
    SynchronizationJobRestartParameters,
};
use graph_sync::{Client, StaticToken};

fn main() {
    let client = Client::new(StaticToken::new("token"));
    let v1: graph_sync::v1::Api = client.v1();
    let sync = v1.service_principal("sp").synchronization();
    let jobs = sync.jobs();
    let job = jobs.job(SynchronizationJobId::new("job"));
    let schema = job.schema();

    // provisionOnDemand, typed both ways.
    let subject = SynchronizationJobSubject::default().with_object_id("user-id").with_object_type_name("User");
    let parameters = SynchronizationJobApplicationParameters::default().with_rule_id("rule").with_subjects([subject]);
    let _: Request<Json<StringKeyStringValuePair>> = job.provision_on_demand(vec![parameters]);

    // A job's lifecycle.
    let _: Request<Json<SynchronizationJob>> = jobs.create(&SynchronizationJob::default().with_template_id("scim"));
    let _: ListRequest<SynchronizationJob> = jobs.list();
    let _: Request<Json<SynchronizationJob>> = job.get();
    let _: Request<NoContent> = job.start();
    let _: Request<NoContent> = job.pause();
    let criteria = SynchronizationJobRestartCriteria::default().with_reset_scope([SynchronizationJobRestartScope::Full]);
    let _: Action<SynchronizationJobRestartParameters, NoContent> = job.restart().with_criteria(criteria);
    let _: Request<NoContent> = job.delete();

    // Schema and secrets.
    let _: Request<Json<SynchronizationSchema>> = schema.get();
    let _: Request<NoContent> = schema.replace(&SynchronizationSchema::default());
    let _: Request<Values<FilterOperatorSchema>> = schema.filter_operators();
    let _: Request<Json<DirectoryDefinition>> = schema.directories().directory("dir").discover();
    let secret = SynchronizationSecretKeyStringValuePair::default().with_key(SynchronizationSecret::SecretToken);
    let _: Request<NoContent> = sync.put_secrets(vec![secret]);
    let _: ListRequest<SynchronizationTemplate> = v1.application("app").synchronization().templates().list();

    // API-driven inbound provisioning.
    let upload: BulkUploadRequest<ProvisioningObjectSummary> =
        job.bulk_upload(&BulkRequest::from_users([ScimUser::new("employee-1")]));
    let _sent = async move {
        let accepted: BulkUploadAccepted<ProvisioningObjectSummary> = upload.send().await?;
        let logs: ListRequest<ProvisioningObjectSummary> = accepted.provisioning_logs();
        Ok::<_, graph_sync::Error>(logs)
    };

    // The workflow around the API: the gallery, the application and its
    // service principal, and what provisioning did.
    let templates = v1.application_templates();
    let _: ListRequest<ApplicationTemplate> = templates.list().filter_unchecked("displayName eq 'AWS Single-Account Access'");
    let template = templates.application_template("template-id");
    let _: Request<Json<ApplicationTemplate>> = template.get();
    let _: Action<ApplicationTemplateInstantiateParameters, Json<ApplicationServicePrincipal>> =
        template.instantiate().with_display_name("AWS for Contoso");
    let _: ListRequest<ServicePrincipal> = v1.service_principals().list().filter_unchecked("appId eq 'app'");
    let principal = v1.service_principals().service_principal(ServicePrincipalId::new("sp"));
    let _: Request<Json<ServicePrincipal>> = principal.get();
    let _: Request<NoContent> = principal.delete();
    let _: Request<Json<ServicePrincipal>> = v1.service_principal_by_app_id("app").get();
    let _: ListRequest<Application> = v1.applications().list();
    let _: Request<Json<Application>> = v1.application_by_app_id("app").get();
    let _: Request<NoContent> = v1.application("app").delete();
    let logs = v1.audit_logs().provisioning();
    let _: ListRequest<ProvisioningObjectSummary> = logs.list().filter_unchecked("jobId eq 'job'");
    let _: Request<Json<ProvisioningObjectSummary>> = logs.provisioning_object_summary("log").get();
    let created = ApplicationServicePrincipal::default();
    let _: Option<ServicePrincipal> = created.service_principal.into_value().map(AnyServicePrincipal::into_base);
}
