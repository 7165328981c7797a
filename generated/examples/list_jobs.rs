//! Lists a service principal's provisioning jobs with their state, last
//! run, quarantine and progress.
//!
//! ```sh
//! GRAPH_TOKEN=$(az account get-access-token --resource-type ms-graph --query accessToken -o tsv) \
//!     cargo run -p graph-sync --example list_jobs -- <servicePrincipalId>
//! ```
//!
//! Settings: the service principal id (the first argument); `GRAPH_TOKEN`, an
//! access token for Microsoft Graph; `GRAPH_CLOUD` (`global`, `usgov`,
//! `usgovdod`, `china`; default `global`) or `GRAPH_ROOT` (a service root of
//! its own, such as a test server's). Graph v1.0.

use graph_sync::runtime::Cloud;
use graph_sync::{Client, Error, StaticToken};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let service_principal = std::env::args().nth(1).ok_or("usage: list_jobs <servicePrincipalId>")?;
    let token = std::env::var("GRAPH_TOKEN").map_err(|_| "set GRAPH_TOKEN to an access token for Microsoft Graph")?;
    let cloud = match std::env::var("GRAPH_CLOUD").as_deref() {
        Ok("usgov") => Cloud::UsGovernment,
        Ok("usgovdod") => Cloud::UsGovernmentDod,
        Ok("china") => Cloud::China,
        Ok("global") | Err(_) => Cloud::Global,
        Ok(other) => return Err(format!("GRAPH_CLOUD={other}: expected global, usgov, usgovdod or china").into()),
    };
    let mut builder = Client::builder(StaticToken::new(token)).cloud(cloud);
    if let Ok(root) = std::env::var("GRAPH_ROOT") {
        builder = builder.root(root);
    }
    let client = builder.build();

    let jobs =
        match client.v1().service_principal(service_principal.as_str()).synchronization().jobs().list().all().await {
            Ok(jobs) => jobs,
            Err(error @ Error::Graph { .. }) => {
                let diagnostics = error.graph_error().map(|e| e.diagnostics()).unwrap_or_default();
                return Err(format!("{error}\n{diagnostics}").into());
            }
            Err(error) => return Err(error.into()),
        };
    if jobs.is_empty() {
        println!("no provisioning jobs");
    }
    for job in &jobs {
        let status = job.status.as_ref();
        let code = status.and_then(|s| s.code.as_ref()).map_or("-".into(), ToString::to_string);
        let last = status.and_then(|s| s.last_execution.as_ref());
        let state = last.and_then(|e| e.state.as_ref()).map_or("-".into(), ToString::to_string);
        let ended = last.and_then(|e| e.time_ended.as_ref()).map_or("-".into(), ToString::to_string);
        let quarantine = status.and_then(|s| s.quarantine.as_ref()).and_then(|q| q.reason.as_ref());
        let quarantine = quarantine.map_or("no".into(), |reason| format!("yes ({reason})"));
        let progress: Vec<String> = status
            .and_then(|s| s.progress.as_ref())
            .into_iter()
            .flatten()
            .map(|p| {
                let units = p.units.as_deref().unwrap_or("units");
                format!("{}/{} {units}", p.completed_units.unwrap_or_default(), p.total_units.unwrap_or_default())
            })
            .collect();
        println!(
            "{}: {code}; last run {state} (ended {ended}); quarantined: {quarantine}; progress: [{}]",
            job.id.as_deref().unwrap_or("?"),
            progress.join(", ")
        );
    }
    Ok(())
}
