//! API-driven inbound provisioning: each documented bulkUpload body decodes
//! into the typed SCIM request and re-encodes unchanged, is sent as
//! `application/scim+json` to a loopback server, and the `202 Accepted`
//! comes back typed; more than 50 operations are refused unsent.

use graph_sync::runtime::scim::{
    BulkRequest, EnterpriseUser, ScimAddress, ScimManager, ScimMultiValue, ScimName, ScimUser, MAX_BULK_OPERATIONS,
};
use graph_sync::{Client, Error, StaticToken};
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The documented bulkUpload request bodies (v1.0 pages), from the docs corpus.
fn documented_bodies() -> Vec<Value> {
    let path = format!("{}/fixtures/docs-corpus/v1.0.json", env!("CARGO_MANIFEST_DIR"));
    let corpus: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let bodies: Vec<Value> = corpus
        .iter()
        .filter(|example| example["page"] == "synchronization-synchronizationjob-post-bulkupload.md")
        .map(|example| serde_json::from_str(example["request"]["body"].as_str().unwrap()).unwrap())
        .collect();
    assert_eq!(bodies.len(), 3, "the page's three examples");
    bodies
}

#[test]
fn documented_scim_bodies_round_trip() {
    for body in documented_bodies() {
        let request: BulkRequest = serde_json::from_value(body.clone()).unwrap();
        assert_eq!(serde_json::to_value(&request).unwrap(), body);
        assert!(request.fail_on_errors.is_null(), "`failOnErrors: null` is kept as null");
        request.check().unwrap();
    }
    let custom: BulkRequest = serde_json::from_value(documented_bodies().remove(1)).unwrap();
    let user = custom.operations[0].data.value().unwrap();
    assert_eq!(user.extensions["urn:contoso:employee"]["JobCode"], "AB-1002");
    let enterprise = user.enterprise.value().unwrap();
    assert_eq!(enterprise.manager.value().unwrap().value.as_deref(), Some("89607"));
}

#[test]
fn users_built_in_code_are_the_scim_documents() {
    let mut custom = serde_json::Map::new();
    custom.insert("JobCode".into(), json!("AB-1002"));
    let user = ScimUser::new("7172023")
        .with_active(false)
        .with_enterprise(EnterpriseUser::default())
        .with_extension("urn:contoso:employee", custom);
    assert_eq!(
        serde_json::to_value(BulkRequest::from_users([user])).unwrap(),
        json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
            "Operations": [{"method": "POST", "bulkId": "7172023", "path": "/Users", "data": {
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                            "urn:contoso:employee"],
                "externalId": "7172023", "active": false,
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {},
                "urn:contoso:employee": {"JobCode": "AB-1002"}}}]
        })
    );
}

#[test]
fn the_documented_user_is_written_with_setters_alone() {
    let name = ScimName::default()
        .with_formatted("Ms. Barbara J Jensen, III")
        .with_family_name("Jensen")
        .with_given_name("Barbara")
        .with_middle_name("Jane")
        .with_honorific_prefix("Ms.")
        .with_honorific_suffix("III");
    let email = ScimMultiValue::default().with_value("bjensen@example.com").with_kind("work").with_primary(true);
    let address = ScimAddress::default()
        .with_kind("work")
        .with_street_address("234300 Universal City Plaza")
        .with_locality("Hollywood")
        .with_region("CA")
        .with_postal_code("91608")
        .with_country("USA")
        .with_formatted("100 Universal City Plaza\nHollywood, CA 91608 USA")
        .with_primary(true);
    let enterprise = EnterpriseUser::default()
        .with_employee_number("701984")
        .with_cost_center("4130")
        .with_organization("Universal Studios")
        .with_division("Theme Park")
        .with_department("Tour Operations")
        .with_manager(ScimManager::default().with_value("89607").with_display_name("John Smith"));
    let user = ScimUser::new("701984")
        .with_user_name("bjensen@example.com")
        .with_name(name)
        .with_display_name("Babs Jensen")
        .with_nick_name("Babs")
        .with_emails([email])
        .with_addresses([address])
        .with_phone_numbers([ScimMultiValue::default().with_value("555-555-5555").with_kind("work")])
        .with_user_type("Employee")
        .with_title("Tour Guide")
        .with_preferred_language("en-US")
        .with_locale("en-US")
        .with_timezone("America/Los_Angeles")
        .with_active(true)
        .with_enterprise(enterprise);
    let documented = documented_bodies().remove(0);
    assert_eq!(serde_json::to_value(&user).unwrap(), documented["Operations"][0]["data"]);
}

#[tokio::test]
async fn each_documented_upload_is_sent_as_scim_and_accepted_typed() {
    let server = MockServer::start().await;
    let location = "https://graph.microsoft.com/v1.0/auditLogs/provisioning/?$filter=jobid%20eq%20'API2AAD.1'";
    Mock::given(method("POST"))
        .and(path("/v1.0/servicePrincipals/sp-1/synchronization/jobs/API2AAD.1/bulkUpload"))
        .and(header("content-type", "application/scim+json"))
        .respond_with(
            ResponseTemplate::new(202).insert_header("location", location).insert_header("request-id", "req-7"),
        )
        .expect(3)
        .mount(&server)
        .await;
    let client = Client::builder(StaticToken::new("t")).root(server.uri()).build();
    let job = client.v1().service_principal("sp-1").synchronization().jobs().job("API2AAD.1");
    for body in documented_bodies() {
        let request: BulkRequest = serde_json::from_value(body.clone()).unwrap();
        let upload = job.bulk_upload(&request);
        let accepted = upload.send().await.unwrap();
        assert_eq!(accepted.location.as_deref(), Some(location));
        assert_eq!(accepted.request_id.as_deref(), Some("req-7"));
        assert_eq!(accepted.client_request_id, None, "the server echoed none");
        let received = server.received_requests().await.unwrap();
        let sent: Value = serde_json::from_slice(&received.last().unwrap().body).unwrap();
        assert_eq!(sent, body, "sent as documented");
    }
}

#[tokio::test]
async fn more_than_fifty_operations_are_refused_unsent_and_split_on_request() {
    let server = MockServer::start().await;
    let client = Client::builder(StaticToken::new("t")).root(server.uri()).build();
    let users = (0..=MAX_BULK_OPERATIONS).map(|n| ScimUser::new(format!("e{n}")));
    let request = BulkRequest::from_users(users);
    let job = client.v1().service_principal("sp").synchronization().jobs().job("job");
    let error = job.bulk_upload(&request).send().await.unwrap_err();
    assert!(matches!(&error, Error::Request(m) if m.contains("at most 50 operations")), "{error}");
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing reached the server");
    let parts = request.split();
    assert_eq!(parts.iter().map(|p| p.operations.len()).collect::<Vec<_>>(), [50, 1]);
    assert!(parts.iter().all(|p| p.check().is_ok()));
}
