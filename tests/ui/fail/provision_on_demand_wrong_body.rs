//! provisionOnDemand takes application parameters, not a subject.
use graph_sync::beta::models::SynchronizationJobSubject;
use graph_sync::{Client, StaticToken};

fn main() {
    let client = Client::new(StaticToken::new("token"));
    let job = client.beta().service_principal("sp").synchronization().jobs().job("job");
    let _ = job.provision_on_demand(vec![SynchronizationJobSubject::default()]);
}
