//! Each version has its own models: a beta body is not a v1.0 body, even
//! where the two schemas agree today (they differ elsewhere).
use graph_sync::beta::models::SynchronizationJobApplicationParameters;
use graph_sync::{Client, StaticToken};

fn main() {
    let client = Client::new(StaticToken::new("token"));
    let job = client.v1().service_principal("sp").synchronization().jobs().job("job");
    let _ = job.provision_on_demand(vec![SynchronizationJobApplicationParameters::default()]);
}
