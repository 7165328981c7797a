//! A downstream binary that makes the README's typical calls: list the jobs
//! of a service principal, provision a user on demand, and read several
//! principals' jobs in one batch. The `compile_time` bench builds it in a
//! scratch crate against this checkout's `graph-sync` (and, with
//! `GRAPH_SYNC_BASELINE`, an earlier checkout's), to time what a dependent
//! pays; it is never run.

use graph_sync::v1::models::{SynchronizationJobApplicationParameters, SynchronizationJobSubject};
use graph_sync::{Client, StaticToken};

#[tokio::main]
async fn main() -> Result<(), graph_sync::Error> {
    let client = Client::new(StaticToken::new(std::env::var("GRAPH_TOKEN").unwrap_or_default()));
    let v1 = client.v1();

    let jobs = v1.service_principal("{servicePrincipalId}").synchronization().jobs();
    for job in jobs.list().all().await? {
        println!("{}: {:?}", job.id.as_deref().unwrap_or("?"), job.status.value().and_then(|s| s.code.value()));
    }

    let subject = SynchronizationJobSubject::default()
        .with_object_id("9bb0f679-a883-4a6f-8260-35b491b8b8c8")
        .with_object_type_name("User");
    let parameters = SynchronizationJobApplicationParameters::default()
        .with_subjects([subject])
        .with_rule_id("ea807875-5618-4f0a-9125-0b46a05298ca");
    let pair = jobs.job("{synchronizationJobId}").provision_on_demand(vec![parameters]).send().await?;
    match pair.provisioning_outcome() {
        Ok(outcome) => print!("{outcome}"),
        Err(error) => eprintln!("{error}"),
    }

    let principals = ["{servicePrincipalId1}", "{servicePrincipalId2}"];
    let lists =
        principals.iter().map(|sp| v1.service_principal(*sp).synchronization().jobs().list().first_page().clone());
    for (sp, page) in principals.iter().zip(client.send_batched(lists).await) {
        match page {
            Ok(page) => println!("{sp}: {} jobs", page.value.len()),
            Err(error) => println!("{sp}: {error}"),
        }
    }
    Ok(())
}
