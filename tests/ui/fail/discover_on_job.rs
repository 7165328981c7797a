//! discover is bound to a directory definition, not to a job.
use graph_sync::{Client, StaticToken};

fn main() {
    let client = Client::new(StaticToken::new("token"));
    let _ = client.beta().service_principal("sp").synchronization().jobs().job("job").discover();
}
