//! The documented provisionOnDemand call, built through the path builder
//! from a service principal id and a job id; the result is typed.
#![deny(warnings)]

use graph_sync::beta::models::{StringKeyStringValuePair, SynchronizationJobApplicationParameters, SynchronizationJobSubject};
use graph_sync::beta::paths::{ServicePrincipalId, SynchronizationJobId};
use graph_sync::runtime::{Json, Request};
use graph_sync::{Client, StaticToken};

fn main() {
    let client = Client::new(StaticToken::new("token"));
    let service_principal = ServicePrincipalId::new("sp");
    let job = SynchronizationJobId::new("job");

    let mut subject = SynchronizationJobSubject::default();
    subject.object_id = "9bb0f679-a883-4a6f-8260-35b491b8b8c8".into();
    subject.object_type_name = "User".into();
    let mut parameters = SynchronizationJobApplicationParameters::default();
    parameters.subjects = vec![subject].into();
    parameters.rule_id = "ea807875-5618-4f0a-9125-0b46a05298ca".into();

    let request: Request<Json<StringKeyStringValuePair>> =
        client.beta().service_principal(service_principal).synchronization().jobs().job(job).provision_on_demand(vec![parameters]);
    let _sent = async move {
        let result: StringKeyStringValuePair = request.send().await?;
        Ok::<_, graph_sync::Error>(result)
    };
}
