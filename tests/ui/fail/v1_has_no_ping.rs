//! `Ping` is in beta's metadata and not in v1.0's: v1 has no such call.
use graph_sync::{Client, StaticToken};

fn main() {
    let client = Client::new(StaticToken::new("token"));
    let _ = client.beta().service_principal("sp").synchronization().ping();
    let _ = client.v1().service_principal("sp").synchronization().ping();
}
