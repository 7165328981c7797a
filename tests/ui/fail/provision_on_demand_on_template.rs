//! provisionOnDemand is bound to a job, not to a template.
use graph_sync::{Client, StaticToken};

fn main() {
    let client = Client::new(StaticToken::new("token"));
    let template = client.beta().service_principal("sp").synchronization().templates().template("tpl");
    let _ = template.provision_on_demand(Vec::new());
}
