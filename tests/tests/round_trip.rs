//! The generated types decode the documented Graph bodies and encode them back
//! to equal JSON: no property lost, none invented, quirks of the real service kept.

use graph_sync::beta::models::*;
use graph_sync::{Field, Flags, OpenEnum};
use graph_sync_tests::fixture;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Decodes `json` as `T`, re-encodes it, and asserts the JSON is unchanged.
#[track_caller]
fn round_trip<T: DeserializeOwned + Serialize>(json: &Value) -> T {
    let decoded: T = serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("decoding failed: {e}"));
    let encoded = serde_json::to_value(&decoded).unwrap();
    assert_eq!(&encoded, json, "re-encoding changed the JSON");
    decoded
}

#[test]
fn synchronization_job_with_the_services_quirks() {
    let job: SynchronizationJob = round_trip(&fixture("synchronizationJob-get.response.json"));
    assert_eq!(job.template_id.value().map(String::as_str), Some("BoxOutDelta"));
    let schedule = job.schedule.value().unwrap();
    assert!(schedule.expiration.is_null(), "null is kept as null, not as absent");
    let interval = schedule.interval.value().unwrap();
    assert_eq!(interval.as_str(), "P10675199DT2H48M5.4775807S");
    assert_eq!(interval.parse().unwrap().as_secs(), 922_337_203_685);
    assert_eq!(schedule.state.value(), Some(&SynchronizationScheduleState::Disabled));

    let status = job.status.value().unwrap();
    assert_eq!(status.code.value(), Some(&SynchronizationStatusCode::Paused));
    assert_eq!(status.count_successive_complete_failures.value().map(|n| n.get()), Some(0));
    assert!(status.last_execution.is_null());
    assert!(status.steady_state_first_achieved_time.value().unwrap().parse().is_ok());
    let quarantine = status.quarantine.value().unwrap();
    // `""` where the CSDL says Edm.DateTimeOffset: kept, and it tells it does not parse.
    let began = quarantine.current_began.value().unwrap();
    assert_eq!(began.as_str(), "");
    assert!(began.parse().is_err());
    // `""` for an enum: kept as an unrecognized value.
    assert_eq!(quarantine.reason.value(), Some(&QuarantineReason::Unrecognized(String::new())));
    assert_eq!(quarantine.series_count.value().map(|n| n.get()), Some(2));
    let error = quarantine.error.value().unwrap();
    assert_eq!(error.code.value().map(String::as_str), Some("SalesforceInvalidCredentials"));
    assert_eq!(error.tenant_actionable.value(), Some(&true));
    let settings = job.synchronization_job_settings.value().unwrap();
    assert_eq!(settings[0].name.value().map(String::as_str), Some("QuarantineTooManyDeletesThreshold"));
}

#[test]
fn synchronization_schema() {
    let schema: SynchronizationSchema = round_trip(&fixture("synchronizationSchema-get.response.json"));
    let directories = schema.directories.value().unwrap();
    assert_eq!(directories.len(), 2);
    assert_eq!(directories[0].name.value().map(String::as_str), Some("Azure Active Directory"));
    let attribute = &directories[0].objects.value().unwrap()[0].attributes.value().unwrap()[0];
    assert_eq!(
        attribute.type_.value(),
        Some(&AttributeType::Unrecognized("string".into())),
        "lower-case as documented"
    );
    let rules = schema.synchronization_rules.value().unwrap();
    assert_eq!(rules.len(), 2);
    assert_eq!(rules[1], SynchronizationRule::default(), "an empty object decodes to all-absent");
}

#[test]
fn template_list() {
    let list = fixture("synchronizationTemplate-list.response.json");
    for item in list["value"].as_array().unwrap() {
        let template: SynchronizationTemplate = round_trip(item);
        assert_eq!(template.factory_tag.value().map(String::as_str), Some("CustomSCIM"));
    }
}

#[test]
fn provision_on_demand_requests() {
    for name in [
        "provisionOnDemand.request.json",
        "provisionOnDemand-AD2AAD.request.json",
        "provisionOnDemand-Group.request.json",
    ] {
        let body = fixture(name);
        let parameters: Vec<SynchronizationJobApplicationParameters> = round_trip(&body["parameters"]);
        assert_eq!(parameters.len(), 1, "{name}");
    }
    let body = fixture("provisionOnDemand.request.json");
    let parameters: Vec<SynchronizationJobApplicationParameters> = round_trip(&body["parameters"]);
    let subject = &parameters[0].subjects.value().unwrap()[0];
    assert_eq!(subject.object_id.value().map(String::as_str), Some("9bb0f679-a883-4a6f-8260-35b491b8b8c8"));
    assert_eq!(subject.object_type_name.value().map(String::as_str), Some("User"));
    assert_eq!(parameters[0].rule_id.value().map(String::as_str), Some("ea807875-5618-4f0a-9125-0b46a05298ca"));

    // A group with members walks the recursive subject -> links -> members.
    let body = fixture("provisionOnDemand-Group.request.json");
    let parameters: Vec<SynchronizationJobApplicationParameters> = round_trip(&body["parameters"]);
    let group = &parameters[0].subjects.value().unwrap()[0];
    let members = group.links.value().unwrap().members.value().unwrap();
    assert_eq!(members.len(), 2);
    assert_eq!(members[1].object_type_name.value().map(String::as_str), Some("User"));
}

#[test]
fn provision_on_demand_responses_keep_odata_context() {
    for name in [
        "provisionOnDemand.response.json",
        "provisionOnDemand-AD2AAD.response.json",
        "provisionOnDemand-Group.response.json",
    ] {
        let pair: StringKeyStringValuePair = round_trip(&fixture(name));
        assert!(pair.additional_properties.contains_key("@odata.context"), "{name}");
        let key: Value = serde_json::from_str(pair.key.value().unwrap()).unwrap();
        assert!(key["result"].is_string(), "{name}: key is a JSON document in a string");
    }
}

#[test]
fn absent_null_and_value_stay_distinct() {
    let mut subject = SynchronizationJobSubject::default();
    assert_eq!(serde_json::to_string(&subject).unwrap(), "{}");
    subject.object_id = "x".into();
    subject.object_type_name = Field::Null;
    assert_eq!(serde_json::to_string(&subject).unwrap(), r#"{"objectId":"x","objectTypeName":null}"#);
    let back: SynchronizationJobSubject = serde_json::from_str(r#"{"objectTypeName":null}"#).unwrap();
    assert!(back.object_id.is_absent());
    assert!(back.object_type_name.is_null());
}

#[test]
fn unknown_properties_and_enum_values_never_break_decoding() {
    let status: SynchronizationStatus = serde_json::from_str(
        r##"{"code":"SomethingNew","futureProperty":{"a":1},"@odata.type":"#microsoft.graph.synchronizationStatus"}"##,
    )
    .unwrap();
    assert_eq!(status.code.value(), Some(&SynchronizationStatusCode::Unrecognized("SomethingNew".into())));
    assert_eq!(status.code.value().unwrap().as_str(), "SomethingNew");
    assert_eq!(status.additional_properties["futureProperty"]["a"], 1);
    let back = serde_json::to_value(&status).unwrap();
    assert_eq!(back["code"], "SomethingNew");
    assert_eq!(back["@odata.type"], "#microsoft.graph.synchronizationStatus");
}

#[test]
fn flags_enums_are_sets_written_as_odata_does() {
    let criteria: SynchronizationJobRestartCriteria =
        serde_json::from_str(r#"{"resetScope":"Escrows, Watermark,NewFlag"}"#).unwrap();
    let scope = criteria.reset_scope.value().unwrap();
    assert!(scope.contains(&SynchronizationJobRestartScope::Escrows));
    assert!(scope.contains(&SynchronizationJobRestartScope::Watermark));
    assert!(!scope.contains(&SynchronizationJobRestartScope::Full));
    assert!(scope.contains(&SynchronizationJobRestartScope::Unrecognized("NewFlag".into())));
    // Graph's spelling (with spaces) goes back exactly as received.
    assert_eq!(serde_json::to_string(&criteria).unwrap(), r#"{"resetScope":"Escrows, Watermark,NewFlag"}"#);
    let mut criteria = SynchronizationJobRestartCriteria::default();
    let flags: Flags<_> =
        [SynchronizationJobRestartScope::Full, SynchronizationJobRestartScope::ForceDeletes].into_iter().collect();
    criteria.reset_scope = flags.into();
    assert_eq!(serde_json::to_string(&criteria).unwrap(), r#"{"resetScope":"Full,ForceDeletes"}"#);
    assert_eq!(SynchronizationJobRestartScope::Watermark.value(), Some(4));
}

#[test]
#[allow(deprecated)]
fn secrets_are_redacted_by_debug() {
    let pair: SynchronizationSecretKeyStringValuePair =
        serde_json::from_str(r#"{"key":"Password","value":"hunter2-very-secret"}"#).unwrap();
    let printed = format!("{pair:?}");
    assert!(!printed.contains("hunter2"), "{printed}");
    assert!(printed.contains("<redacted>"), "{printed}");
    assert!(printed.contains("Password"), "{printed}");
    // The value is still sent.
    assert!(serde_json::to_string(&pair).unwrap().contains("hunter2-very-secret"));
}

#[test]
fn polymorphic_values_are_picked_by_odata_type() {
    let job: AnyEntity =
        serde_json::from_str(r##"{"@odata.type":"#microsoft.graph.synchronizationJob","id":"j","templateId":"t"}"##)
            .unwrap();
    let AnyEntity::SynchronizationJob(job) = &job else { panic!("a job expected: {job:?}") };
    assert_eq!(job.template_id.value().map(String::as_str), Some("t"));
    let unknown: AnyEntity =
        serde_json::from_str(r##"{"@odata.type":"#microsoft.graph.somethingNew","id":"x","extra":1}"##).unwrap();
    let AnyEntity::Unrecognized(base) = &unknown else { panic!("unrecognized expected: {unknown:?}") };
    assert_eq!(base.id.value().map(String::as_str), Some("x"));
    assert_eq!(base.additional_properties["extra"], 1);
    assert_eq!(unknown.odata_type(), None);
    let encoded = serde_json::to_value(&unknown).unwrap();
    assert_eq!(encoded["@odata.type"], "#microsoft.graph.somethingNew", "kept for the round trip");
    // OData JSON 4.5.3: the type may be written with the schema's alias (`graph`).
    let aliased: AnyEntity =
        serde_json::from_str(r##"{"@odata.type":"#graph.synchronizationJob","id":"j","templateId":"t"}"##).unwrap();
    assert!(matches!(&aliased, AnyEntity::SynchronizationJob(_)), "{aliased:?}");
    let encoded = serde_json::to_value(&aliased).unwrap();
    assert_eq!(encoded["@odata.type"], "#graph.synchronizationJob", "sent back as it came");
}

/// A field's docs say its JSON name where serde's `rename_all = "camelCase"`
/// would not give it (what a reader used to serde guesses), by the
/// generator's own copy of serde's rule: it must agree with serde.
#[test]
fn the_generators_camel_case_rule_is_serdes() {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Shapes {
        object_id: u8,
        type_: u8,
        display_name_2: u8,
        ipv4_range: u8,
        a_b_c: u8,
        x: u8,
        on_premises_sam_account_name: u8,
        r#loop: u8,
    }
    let names =
        ["object_id", "type_", "display_name_2", "ipv4_range", "a_b_c", "x", "on_premises_sam_account_name", "loop"];
    let encoded = serde_json::to_value(Shapes {
        object_id: 0,
        type_: 0,
        display_name_2: 0,
        ipv4_range: 0,
        a_b_c: 0,
        x: 0,
        on_premises_sam_account_name: 0,
        r#loop: 0,
    })
    .unwrap();
    let serde_names: Vec<&String> = encoded.as_object().unwrap().keys().collect();
    let mut generator_names: Vec<String> = names.iter().map(|n| codegen::naming::serde_camel_case(n)).collect();
    generator_names.sort();
    assert_eq!(serde_names, generator_names.iter().collect::<Vec<_>>());
}
