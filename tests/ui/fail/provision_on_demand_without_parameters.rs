//! provisionOnDemand's `parameters` is required.
use graph_sync::{Client, StaticToken};

fn main() {
    let client = Client::new(StaticToken::new("token"));
    let _ = client.beta().service_principal("sp").synchronization().jobs().job("job").provision_on_demand();
}
