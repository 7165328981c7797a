//! Ids are typed: a job id is not a service principal id.
use graph_sync::beta::paths::SynchronizationJobId;
use graph_sync::{Client, StaticToken};

fn main() {
    let client = Client::new(StaticToken::new("token"));
    let job = SynchronizationJobId::new("job");
    let _ = client.beta().service_principal(job);
}
