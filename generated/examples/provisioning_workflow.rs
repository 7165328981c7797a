//! Microsoft's tutorial "Configure provisioning using Microsoft Graph APIs",
//! every step a typed call of `graph_sync::v1`: find the gallery
//! application, create it from its template, find its service principal,
//! create a provisioning job from the principal's synchronization template,
//! test and save the target's credentials, start the job, read its status,
//! find the user to provision and assign them to the application (a gallery
//! application provisions only assigned users and groups), provision them on
//! demand, and read what provisioning did.
//!
//! ```sh
//! # Against Microsoft Graph (creates an application in the tenant):
//! GRAPH_TOKEN=... GRAPH_APP_BASE_ADDRESS=https://scim.example.com/scim GRAPH_APP_SECRET_TOKEN=... \
//!     cargo run -p graph-sync --all-features --example provisioning_workflow -- \
//!     "AWS Single-Account Access" "AWS for Contoso" <userPrincipalName>
//! # Against the crate's in-process fake (what `cargo test` runs):
//! cargo run -p graph-sync --all-features --example provisioning_workflow -- --fake
//! ```
//!
//! Settings: the gallery application's display name, the name of the new
//! application and the `userPrincipalName` of a user to provision (arguments);
//! `GRAPH_TOKEN`, an access token for Microsoft Graph
//! (`Application.ReadWrite.All`, `Synchronization.ReadWrite.All`,
//! `User.Read.All`, `AppRoleAssignment.ReadWrite.All`, `AuditLog.Read.All`); `GRAPH_ROOT`, a service root of its own; the target
//! application's `BaseAddress` and `SecretToken` in `GRAPH_APP_BASE_ADDRESS`
//! and `GRAPH_APP_SECRET_TOKEN`.

#![allow(deprecated)] // Graph deprecates the secrets API for one it does not have yet.

use graph_sync::on_demand::OnDemand;
use graph_sync::testing::FakeGraph;
use graph_sync::v1::models::{
    AppRoleAssignment, ApplicationTemplate, ProvisioningObjectSummary, ServicePrincipal, SynchronizationJob,
    SynchronizationJobApplicationParameters, SynchronizationSecret, SynchronizationSecretKeyStringValuePair,
};
use graph_sync::{Client, Guid, StaticToken};

/// What the run is given.
struct Settings {
    gallery_name: String,
    display_name: String,
    user: String,
    base_address: String,
    secret_token: String,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    // `--fake`: the crate's fake service, with a gallery application to find.
    let (_fake, client, settings) = if arguments.first().map(String::as_str) == Some("--fake") {
        let fake = FakeGraph::start().await;
        fake.add_application_template("8b1025e4-1dd2-430b-a150-2ef79cd700f5", "AWS Single-Account Access", &["aws"]);
        fake.add_user("9bb0f679-a883-4a6f-8260-35b491b8b8c8", "adele@contoso.com");
        let client = fake.client();
        let settings = Settings {
            gallery_name: "AWS Single-Account Access".into(),
            display_name: "AWS for Contoso".into(),
            user: "adele@contoso.com".into(),
            base_address: "https://scim.example.com/scim".into(),
            secret_token: "fake-secret-token".into(),
        };
        (Some(fake), client, settings)
    } else {
        let [gallery_name, display_name, user] = <[String; 3]>::try_from(arguments).map_err(|_| {
            "usage: provisioning_workflow <gallery app name> <new app name> <userPrincipalName> | --fake"
        })?;
        let env = |name: &str| std::env::var(name).map_err(|_| format!("set {name}"));
        let mut builder = Client::builder(StaticToken::new(env("GRAPH_TOKEN")?));
        if let Ok(root) = std::env::var("GRAPH_ROOT") {
            builder = builder.root(root);
        }
        let settings = Settings {
            gallery_name,
            display_name,
            user,
            base_address: env("GRAPH_APP_BASE_ADDRESS")?,
            secret_token: env("GRAPH_APP_SECRET_TOKEN")?,
        };
        (None, builder.build(), settings)
    };
    run(&client, &settings).await
}

async fn run(client: &Client, settings: &Settings) -> Result<(), Box<dyn std::error::Error>> {
    let v1 = client.v1();

    // 1. Find the gallery application. (The filter is built from the model's
    //    properties: a name is one string literal, whatever it holds.)
    let by_name = ApplicationTemplate::DISPLAY_NAME.eq(settings.gallery_name.as_str());
    let found = v1.application_templates().list().filter(by_name).send().await?;
    let template = found.value.first().ok_or("no gallery application of that name")?;
    let template_id = template.id.as_deref().ok_or("a template without an id")?;
    println!("1. gallery application {template_id}: {}", template.display_name.as_deref().unwrap_or("-"));

    // 2. Create the application and its service principal from the template.
    let created = v1
        .application_templates()
        .application_template(template_id)
        .instantiate()
        .with_display_name(settings.display_name.as_str())
        .send()
        .await?;
    let application = created.application.into_value().ok_or("no application in the answer")?.into_base();
    let principal = created.service_principal.into_value().ok_or("no service principal in the answer")?.into_base();
    let app_id = application.app_id.into_value().ok_or("an application without an appId")?;
    println!("2. created application {app_id}");

    // 3. Find its service principal (by appId: the service may take a moment
    //    to answer for a principal this new).
    let by_app_id = ServicePrincipal::APP_ID.eq(app_id.as_str());
    let principals = v1.service_principals().list().filter(by_app_id).send().await?;
    let principal_id = principals
        .value
        .first()
        .and_then(|p| p.id.as_deref())
        .or(principal.id.as_deref())
        .ok_or("no service principal for the application")?
        .to_owned();
    println!("3. service principal {principal_id}");

    // 4. The principal's synchronization templates; the job is made from the first.
    let sync = v1.service_principal(principal_id.as_str()).synchronization();
    let templates = sync.templates().list().send().await?;
    let sync_template = templates.value.first().and_then(|t| t.id.as_deref()).ok_or("no synchronization template")?;
    println!("4. synchronization template {sync_template}");

    // 5. Create the provisioning job.
    let job = sync.jobs().create(&SynchronizationJob::default().with_template_id(sync_template)).send().await?;
    let job_id = job.id.into_value().ok_or("a job without an id")?;
    println!("5. job {job_id}");

    // 6. Test the connection with the target's credentials, 7. save them.
    let credentials = vec![
        SynchronizationSecretKeyStringValuePair::default()
            .with_key(SynchronizationSecret::BaseAddress)
            .with_value(settings.base_address.as_str()),
        SynchronizationSecretKeyStringValuePair::default()
            .with_key(SynchronizationSecret::SecretToken)
            .with_value(settings.secret_token.as_str()),
    ];
    let job = sync.jobs().job(job_id.as_str());
    job.validate_credentials(credentials.clone()).send().await?;
    println!("6. credentials validated");
    sync.put_secrets(credentials).send().await?;
    println!("7. credentials saved");

    // 8. Start the job, 9. read its status.
    job.start().send().await?;
    let status = job.get().send().await?.status;
    let code = status.as_ref().and_then(|s| s.code.as_ref()).map_or("-".into(), ToString::to_string);
    println!("8. started; 9. status {code}");

    // 10. Find the user, 11. assign them to the application without a
    //     specific role: the all-zero app role id ("appRoleAssignment resource
    //     type", appRoleId: for a resource application that declares no app roles).
    let user = v1.users().user(settings.user.as_str()).get().send().await?;
    let user_id = user.id.as_deref().ok_or("a user without an id")?;
    println!("10. user {user_id}");
    let assignment = AppRoleAssignment::default()
        .with_principal_id(Guid::from_wire(user_id))
        .with_resource_id(Guid::from_wire(principal_id.as_str()))
        .with_app_role_id(Guid::from_wire("00000000-0000-0000-0000-000000000000"));
    v1.service_principal(principal_id.as_str()).app_role_assigned_to().create(&assignment).send().await?;
    println!("11. assigned to the application");

    // 12. Provision the user now, and read what provisioning did.
    let subject = OnDemand::of(&user)?.into();
    let rule = job.schema().get().send().await?.synchronization_rules.into_value().unwrap_or_default();
    let rule_id = rule.first().and_then(|r| r.id.as_deref()).unwrap_or_default().to_owned();
    let parameters = SynchronizationJobApplicationParameters::default().with_subjects([subject]).with_rule_id(rule_id);
    let outcome = job.provision_on_demand(vec![parameters]).send().await?.provisioning_outcome()?;
    println!("12. provisioned on demand: {}", outcome.result);
    let of_job = ProvisioningObjectSummary::JOB_ID.eq(job_id.as_str());
    let logs = v1.audit_logs().provisioning().list().filter(of_job).all().await?;
    for log in &logs {
        let status = log.provisioning_status_info.as_ref().and_then(|s| s.status.as_ref());
        let action = log.provisioning_action.as_ref();
        let source = log.source_identity.as_ref().and_then(|s| s.id.as_ref()).map_or("-", String::as_str);
        println!(
            "    log: {} {source}: {}",
            action.map_or("-".into(), ToString::to_string),
            status.map_or("-".into(), ToString::to_string)
        );
    }
    Ok(())
}
