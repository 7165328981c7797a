//! Graph v1.0 (`client.v1()`): each operation of its slice called once with
//! its typed parameters: provisionOnDemand, a job's lifecycle, schema,
//! secrets, templates and the SCIM bulk upload.
#![deny(warnings)]
#![allow(deprecated)] // validateCredentials and acquireAccessToken are deprecated by Graph.

use graph_sync::runtime::scim::{BulkRequest, BulkUpload, BulkUploadAccepted, ScimUser};
use graph_sync::runtime::{Action, Json, ListRequest, NoContent, Request, Values};
use graph_sync::v1::models::*;
use graph_sync::v1::paths::{SynchronizationJobId, SynchronizationJobRestartParameters};
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
    let upload: BulkUpload = job.bulk_upload(&BulkRequest::from_users([ScimUser::new("employee-1")]));
    let _sent = async move {
        let accepted: BulkUploadAccepted = upload.send().await?;
        Ok::<_, graph_sync::Error>(accepted.location)
    };
}
