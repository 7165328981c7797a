//! API-driven inbound provisioning from an HR file, as Microsoft's CSV2SCIM
//! script does it, and what it does not: read a CSV through a mapping file,
//! add the CSV's extra columns to the job's schema, check every request
//! before sending, upload within the service's limits (40 calls per 5
//! seconds, the daily budget), wait for each record's result through the
//! logs' lag, and print a summary, with progress bars on a terminal.
//!
//! ```sh
//! # Against Microsoft Graph (an API-driven provisioning app's job):
//! GRAPH_TOKEN=... cargo run -p graph-sync --all-features --example inbound_from_csv -- \
//!     <servicePrincipalId> <jobId> employees.csv mapping.toml
//! # Against the crate's in-process fake, with tests/fixtures/hr (what `cargo test` runs):
//! cargo run -p graph-sync --all-features --example inbound_from_csv -- --fake
//! ```
//!
//! `GRAPH_TOKEN` is an access token for Microsoft Graph with
//! `SynchronizationData-User.Upload`, `Synchronization.ReadWrite.All` (for the
//! schema) and `ProvisioningLog.Read.All`; `GRAPH_ROOT` a service root of
//! its own.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use graph_sync::runtime::inbound::csv::{add_extension_attributes, HrRows, Mapping, RowError};
use graph_sync::runtime::inbound::{KnownAttributes, Outcome, Progress, Uploader};
use graph_sync::testing::{FakeGraph, InboundScript, ProvisionScript};
use graph_sync::v1::models::SynchronizationSchema;
use graph_sync::{Client, StaticToken};
use indicatif::{ProgressBar, ProgressStyle};

/// What the run is given.
struct Settings {
    service_principal: String,
    job: String,
    csv: String,
    mapping: String,
    /// How long to wait before the first look at the logs.
    first_look: Duration,
    poll_every: Duration,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let (_fake, client, settings) = if arguments.first().map(String::as_str) == Some("--fake") {
        // The fake logs each upload one second after it was accepted (the
        // service: 5 to 10 minutes), and fails one record.
        let fake = FakeGraph::start().await;
        fake.add_service_principal("sp-hr");
        let job = fake.add_job("sp-hr", "scim")?;
        fake.script_inbound(InboundScript::new().lag(Duration::from_secs(1)));
        fake.on_provision(
            "700500",
            ProvisionScript::failure(graph_sync::provisioning::StepType::Export, "Duplicate UPN"),
        );
        let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/hr");
        let settings = Settings {
            service_principal: "sp-hr".into(),
            job,
            csv: format!("{fixtures}/employees.csv"),
            mapping: format!("{fixtures}/mapping.toml"),
            first_look: Duration::from_millis(500),
            poll_every: Duration::from_millis(500),
        };
        let client = fake.client();
        // A started job processes what it receives.
        client
            .v1()
            .service_principal("sp-hr")
            .synchronization()
            .jobs()
            .job(settings.job.as_str())
            .start()
            .send()
            .await?;
        (Some(fake), client, settings)
    } else {
        let [service_principal, job, csv, mapping] = <[String; 4]>::try_from(arguments).map_err(|_| {
            "usage: inbound_from_csv <servicePrincipalId> <jobId> <employees.csv> <mapping.toml> | --fake"
        })?;
        let token = std::env::var("GRAPH_TOKEN").map_err(|_| "set GRAPH_TOKEN")?;
        let mut builder = Client::builder(StaticToken::new(token));
        if let Ok(root) = std::env::var("GRAPH_ROOT") {
            builder = builder.root(root);
        }
        let (first_look, poll_every) = (Duration::from_secs(5 * 60), Duration::from_secs(60));
        (None, builder.build(), Settings { service_principal, job, csv, mapping, first_look, poll_every })
    };
    run(&client, &settings).await
}

async fn run(client: &Client, settings: &Settings) -> Result<(), Box<dyn std::error::Error>> {
    let job = client
        .v1()
        .service_principal(settings.service_principal.as_str())
        .synchronization()
        .jobs()
        .job(settings.job.as_str());

    // 1. The mapping, checked against the CSV's header.
    let mapping = Mapping::parse(&std::fs::read_to_string(&settings.mapping)?, &settings.mapping)?;
    let rows = HrRows::new(std::fs::File::open(&settings.csv)?, &mapping)?;

    // 2. The CSV's extra columns, added to the job's schema under the mapping's namespace.
    let schema = job.schema();
    let mut value = serde_json::to_value(schema.get().send().await?)?;
    if let Some(namespace) = mapping.extension() {
        let added = add_extension_attributes(&mut value, namespace, &mapping.extra_columns(rows.header()));
        if !added.is_empty() {
            schema.replace(&serde_json::from_value::<SynchronizationSchema>(value.clone())?).send().await?;
        }
        println!("schema: {} attributes added under {namespace}", added.len());
    }
    let known = KnownAttributes::of_schema(&value);

    // 3. The rows, uploaded as they are read; bad rows are kept to report.
    let mut bad: Vec<RowError> = Vec::new();
    let users = rows.filter_map(|row| row.map_err(|error| bad.push(error)).ok());
    let bar = ProgressBar::new_spinner().with_message("uploading");
    bar.set_style(ProgressStyle::with_template("{spinner} {msg} [{elapsed}]")?);
    let started = Instant::now();
    let run = Uploader::new(|request| job.bulk_upload(request))
        .known_attributes(known)
        .on_progress(|progress| {
            if let Progress::Uploaded { requests, accepted, refused } = progress {
                bar.set_message(format!("{requests} requests: {accepted} records accepted, {refused} refused"));
                bar.tick();
            }
        })
        .send(users)
        .await;
    bar.finish_and_clear();
    println!("read {} records; {} bad rows", run.accepted_records() + run.refused_records(), bad.len());
    for error in &bad {
        println!("  {error}");
    }
    println!("warnings: {} (values the service ignores)", run.warnings.len());
    let requests = run.accepted.len() + run.refused.len();
    println!("uploaded: {} accepted in {requests} requests, {} refused", run.accepted_records(), run.refused_records());
    for refused in &run.refused {
        println!("  refused {} records: {}", refused.users.len(), refused.error);
    }

    // 4. Each record's result, from the provisioning logs, through their lag.
    let bar = ProgressBar::new(run.accepted_records() as u64);
    bar.set_style(ProgressStyle::with_template("{bar:40} {pos}/{len} results [{elapsed}] {msg}")?);
    let results = run
        .results()
        .first_look(settings.first_look)
        .poll_every(settings.poll_every)
        .on_progress(|progress| {
            if let Progress::Waiting { found, next_look, .. } = progress {
                bar.set_position(*found as u64);
                bar.set_message(next_look.map_or(String::new(), |wait| format!("next look in {wait:?}")));
            }
        })
        .wait()
        .await?;
    bar.finish_and_clear();

    // 5. The summary.
    println!("results after {} s:", started.elapsed().as_secs());
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for outcome in &results.outcomes {
        *counts.entry(format!("{:?}", outcome.outcome).to_lowercase()).or_default() += 1;
    }
    counts.insert("pending".into(), results.pending.len());
    println!("  {:<10} {:>7}", "outcome", "records");
    for (outcome, count) in &counts {
        println!("  {outcome:<10} {count:>7}");
    }
    for failed in results.outcomes.iter().filter(|o| o.outcome == Outcome::Failed) {
        let id = failed.record.external_id.as_deref().unwrap_or("?");
        let code = failed.error_code.as_deref().unwrap_or("?");
        println!("  failed: {id} ({code}: {})", failed.reason.as_deref().unwrap_or(""));
    }
    Ok(())
}
