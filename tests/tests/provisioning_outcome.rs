//! The typed provisionOnDemand outcome, on the documented responses, on
//! outcomes written from the documented shapes, on malformed strings, and
//! end to end through the client.

use graph_sync::beta::models::StringKeyStringValuePair;
use graph_sync::provisioning::{OutcomeAction, OutcomePart, OutcomeResult, StepType};
use graph_sync::{Client, StaticToken};
use graph_sync_tests::fixture;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn pair(key: Value, value: Value) -> StringKeyStringValuePair {
    serde_json::from_value(json!({"key": key.to_string(), "value": value.to_string()})).unwrap()
}

#[test]
fn the_documented_skipped_outcome() {
    let pair: StringKeyStringValuePair = serde_json::from_value(fixture("provisionOnDemand.response.json")).unwrap();
    let outcome = pair.provisioning_outcome().unwrap();
    assert_eq!(outcome.result, OutcomeResult::Skipped);
    assert!(!outcome.succeeded());
    let skip = outcome.skip_reason().unwrap();
    assert_eq!(skip.code.as_deref(), Some("RedundantExport"));
    assert!(skip.message.unwrap().starts_with("The state of the user in both the source and target systems"));

    let summary = &outcome.summary;
    assert_eq!(summary.action, Some(OutcomeAction::Other));
    assert_eq!(summary.change_id.as_deref(), Some("g8ba3be8-1d7f-4a60-ae31-a8980da0a389"));
    assert_eq!(summary.end_time.as_ref().unwrap().parse().unwrap().nanosecond(), 768_208_400);
    assert_eq!(summary.reportable_identifier.as_deref(), Some("BillBob@scimreftest.onmicrosoft.com"));
    assert_eq!(summary.provisioning_steps.len(), 4);
    let types: Vec<_> = summary.provisioning_steps.iter().map(|s| s.step_type.clone().unwrap()).collect();
    assert_eq!(
        types,
        [StepType::Import, StepType::Matching, StepType::Scoping, StepType::Export],
        "the service's `Import` matches the CSDL's `import`"
    );
    assert_eq!(summary.provisioning_steps[3].status, Some(OutcomeResult::Skipped));
    assert_eq!(summary.provisioning_steps[3].detail("SkipReason").as_deref(), Some("RedundantExport"));
    assert_eq!(summary.provisioning_steps[2].detail_json("ScopeEvaluationResult"), Some(json!({})));
    assert_eq!(summary.modified_properties.len(), 7);
    let changes: Vec<_> = outcome.changes().collect();
    assert_eq!(changes[2], ("displayName", None, Some("Bill Bob")));
    assert_eq!(summary.source_system.as_ref().unwrap().name.as_deref(), Some("Azure Active Directory"));
    assert_eq!(summary.target_system.as_ref().unwrap().name.as_deref(), Some("customappsso"));
    assert_eq!(
        summary.target_identity.as_ref().unwrap().identity_type.as_deref(),
        Some("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
    );
    assert_eq!(summary.status_info.as_ref().unwrap().status, Some(OutcomeResult::Skipped));

    let report = outcome.to_string();
    assert!(report.starts_with("skipped (RedundantExport): The state of the user"), "{report}");
    assert!(
        report.contains("object: BillBob@scimreftest.onmicrosoft.com (Azure Active Directory -> customappsso)"),
        "{report}"
    );
    assert!(report.contains("step export: skipped:"), "{report}");
    assert!(report.contains("changed displayName: (none) -> Bill Bob"), "{report}");
    // The raw pair is untouched.
    assert!(pair.key.value().unwrap().contains("RedundantExport"));
}

#[test]
fn the_documented_success_with_json_nested_in_step_details() {
    let pair: StringKeyStringValuePair =
        serde_json::from_value(fixture("provisionOnDemand-AD2AAD.response.json")).unwrap();
    let outcome = pair.provisioning_outcome().unwrap();
    assert!(outcome.succeeded());
    assert_eq!(outcome.skip_reason(), None);
    assert!(outcome.failed_step().is_none());
    let import = &outcome.summary.provisioning_steps[0];
    let token = import.detail_json("originatingReplicaToken").unwrap();
    assert_eq!(token["Name"], "DC01.esf.edu", "a JSON document two levels deep");
}

#[test]
fn the_documented_group_outcome_with_an_empty_summary() {
    let pair: StringKeyStringValuePair =
        serde_json::from_value(fixture("provisionOnDemand-Group.response.json")).unwrap();
    let outcome = pair.provisioning_outcome().unwrap();
    assert!(outcome.succeeded());
    assert!(outcome.summary.provisioning_steps.is_empty());
}

#[test]
fn a_failure_names_the_failing_step() {
    let key = json!({"result": "Failure", "details": {"errorCode": "SystemForCrossDomainIdentityManagementBadRequest", "errorMessage": "The SCIM endpoint said 400.", "retryable": false}});
    let value = json!({
        "action": "Create",
        "provisioningSteps": [
            {"name": "EntryImport", "type": "Import", "status": "Success", "description": "Retrieved the user", "details": {}},
            {"name": "EntryExportAdd", "type": "Export", "status": "Failure", "description": "Failed to create the user in the target", "details": {"ReportableIdentifier": "u@x", "HttpStatus": 400}},
            {"name": "Future", "type": "Teleport", "status": "Pending", "details": null}
        ],
        "statusInfo": {"status": "failure", "errorCode": "SCIM400", "reason": "Bad request", "recommendedAction": "Fix the mapping"},
        "somethingNew": [1, 2]
    });
    let outcome = pair(key, value).provisioning_outcome().unwrap();
    assert!(outcome.failed());
    assert_eq!(outcome.details.additional_properties["retryable"], false, "unknown details are kept");
    let failure = outcome.failed_step().unwrap();
    assert_eq!(failure.step.name.as_deref(), Some("EntryExportAdd"));
    assert_eq!(failure.message.as_deref(), Some("Failed to create the user in the target"));
    assert_eq!(failure.step.detail("HttpStatus").as_deref(), Some("400"), "a number where a string is documented");
    let future = &outcome.summary.provisioning_steps[2];
    assert_eq!(future.step_type, Some(StepType::Unrecognized("Teleport".into())));
    assert_eq!(future.status, Some(OutcomeResult::Unrecognized("Pending".into())));
    assert_eq!(outcome.summary.status_info.as_ref().unwrap().status, Some(OutcomeResult::Failure));
    assert_eq!(outcome.summary.additional_properties["somethingNew"], json!([1, 2]));
    assert!(outcome.to_string().starts_with("failure (SystemForCrossDomainIdentityManagementBadRequest)"));
}

#[test]
fn a_warning_and_an_unknown_result_are_kept() {
    let outcome = pair(json!({"result": "Warning", "details": {}}), json!({})).provisioning_outcome().unwrap();
    assert_eq!(outcome.result, OutcomeResult::Warning);
    let outcome = pair(json!({"result": "PartiallyDone"}), json!({})).provisioning_outcome().unwrap();
    assert_eq!(outcome.result.as_str(), "PartiallyDone");
}

#[test]
fn malformed_strings_give_clear_errors_with_the_raw_strings() {
    let bad_value: StringKeyStringValuePair =
        serde_json::from_value(json!({"key": "{\"result\":\"Success\"}", "value": "not json"})).unwrap();
    let error = bad_value.provisioning_outcome().unwrap_err();
    assert_eq!(error.part, OutcomePart::Value);
    assert_eq!(error.raw_value.as_deref(), Some("not json"));
    assert_eq!(error.raw_key.as_deref(), Some("{\"result\":\"Success\"}"));
    assert!(error.to_string().starts_with("the provisionOnDemand value is not the expected JSON document"), "{error}");

    let bad_key: StringKeyStringValuePair =
        serde_json::from_value(json!({"key": "{\"details\":{}}", "value": "{}"})).unwrap();
    let error = bad_key.provisioning_outcome().unwrap_err();
    assert_eq!(error.part, OutcomePart::Key);
    assert!(error.message.contains("`result` is missing"));

    let missing: StringKeyStringValuePair = serde_json::from_value(json!({"value": "{}"})).unwrap();
    assert_eq!(missing.provisioning_outcome().unwrap_err().part, OutcomePart::Key);
}

#[tokio::test]
async fn end_to_end_through_the_client() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/beta/servicePrincipals/sp/synchronization/jobs/job/provisionOnDemand"))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("provisionOnDemand.response.json")))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(StaticToken::new("t")).root(server.uri()).build();
    let answer = client
        .beta()
        .service_principal("sp")
        .synchronization()
        .jobs()
        .job("job")
        .provision_on_demand(Vec::new())
        .send()
        .await
        .unwrap();
    let outcome = answer.provisioning_outcome().unwrap();
    assert_eq!(outcome.skip_reason().unwrap().code.as_deref(), Some("RedundantExport"));
}

#[test]
fn an_empty_error_code_is_no_skip_reason() {
    let key = json!({"result": "Skipped", "details": {"errorCode": "", "errorMessage": " "}});
    let value = json!({"provisioningSteps": [
        {"name": "EntryExportSkipped", "provisioningStepType": "Export", "status": "Skipped",
         "description": "The user is out of scope.", "details": {"SkipReason": "NotEffectivelyEntitled"}}
    ]});
    let outcome = pair(key, value).provisioning_outcome().unwrap();
    let skip = outcome.skip_reason().unwrap();
    assert_eq!(skip.code.as_deref(), Some("NotEffectivelyEntitled"), "the skipped step's reason");
    assert_eq!(skip.message.as_deref(), Some("The user is out of scope."));
    let report = outcome.to_string();
    assert!(report.starts_with("skipped (NotEffectivelyEntitled): The user is out of scope."), "{report}");
    assert!(!report.contains("()"), "{report}");
}
