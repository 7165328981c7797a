//! Each operation of the slice called once with its typed parameters.
#![deny(warnings)]
#![allow(deprecated)] // validateCredentials and acquireAccessToken are deprecated by Graph.

use graph_sync::beta::models::*;
use graph_sync::beta::paths::{
    SynchronizationJobCollectionValidateCredentialsParameters, SynchronizationJobRestartParameters,
    SynchronizationJobValidateCredentialsParameters, SynchronizationSchemaParseExpressionParameters,
};
use graph_sync::runtime::{Json, ListRequest, NoContent, Request, Value, Values};
use graph_sync::beta::Action;
use graph_sync::{Client, Field, StaticToken};

fn main() {
    let client = Client::new(StaticToken::new("token"));
    let sync = client.beta().service_principal("sp").synchronization();
    let jobs = sync.jobs();
    let job = jobs.job("job");
    let schema = job.schema();
    let credentials = vec![SynchronizationSecretKeyStringValuePair::default()];

    let _: Request<NoContent> = job.start();
    let _: Request<NoContent> = job.pause();
    let criteria = SynchronizationJobRestartCriteria::default().with_reset_scope([SynchronizationJobRestartScope::Full]);
    let _: Action<SynchronizationJobRestartParameters, NoContent> = job.restart().with_criteria(criteria);
    let _: Action<SynchronizationJobValidateCredentialsParameters, NoContent> =
        job.validate_credentials(credentials.clone()).with_template_id("scim").with_use_saved_credentials(true);
    let _: Action<SynchronizationJobCollectionValidateCredentialsParameters, NoContent> =
        jobs.validate_credentials(credentials.clone()).with_application_identifier("app");
    let _: Request<NoContent> = sync.acquire_access_token(credentials.clone());
    let _: Action<SynchronizationSchemaParseExpressionParameters, Json<ParseExpressionResponse>> = schema
        .parse_expression()
        .with_expression("[displayName]")
        .with_test_input_object(None)
        .with_target_attribute_definition(Field::Null);
    let _: Request<Json<DirectoryDefinition>> = schema.directories().directory("dir").discover();
    let _: Request<Values<FilterOperatorSchema>> = schema.filter_operators();
    let _: Request<Values<AttributeMappingFunctionSchema>> = schema.functions();
    let _: Request<Value<String>> = sync.ping();

    let _: ListRequest<SynchronizationJob> = jobs.list().top(10).select(&[&SynchronizationJob::ID]);
    let _: Request<Json<SynchronizationJob>> = job.get();
    let mut new_job = SynchronizationJob::default();
    new_job.template_id = "scim".into();
    let _: Request<Json<SynchronizationJob>> = jobs.create(&new_job);
    let _: Request<NoContent> = job.update(&new_job);
    let _: Request<NoContent> = job.delete();
    let _: Request<Json<SynchronizationSchema>> = schema.get();
    let _: Request<NoContent> = schema.replace(&SynchronizationSchema::default());
    let _: Request<NoContent> = schema.delete();
    let _: Request<NoContent> = sync.put_secrets(credentials);

    let templates = client.beta().application("app").synchronization().templates();
    let _: ListRequest<SynchronizationTemplate> = templates.list();
    let _: Request<NoContent> = templates.template("tpl").replace(&SynchronizationTemplate::default());
    let _: Request<Json<SynchronizationSchema>> = templates.template("tpl").schema().get();
    let _: Request<Json<Synchronization>> = client.beta().service_principal_by_app_id("app-id").synchronization().get();
}
