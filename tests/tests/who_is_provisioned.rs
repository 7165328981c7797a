//! Who is provisioned (issue 44): users and groups found, a group's members
//! listed, and a user assigned to the application and unassigned, typed in
//! the crate and served by the fake.

use graph_sync::testing::FakeGraph;
use graph_sync::v1::models::{AppRoleAssignment, User};
use graph_sync::Guid;

/// An assignment of `principal` to the service principal `sp-1` without a
/// specific role: the all-zero app role id ("appRoleAssignment resource
/// type", appRoleId), with the three ids "Grant an appRoleAssignment for a
/// service principal" requires.
fn assignment(principal: &str) -> AppRoleAssignment {
    AppRoleAssignment::default()
        .with_principal_id(Guid::from_wire(principal))
        .with_resource_id(Guid::from_wire("sp-1"))
        .with_app_role_id(Guid::from_wire("00000000-0000-0000-0000-000000000000"))
}

#[tokio::test]
async fn a_user_is_found_by_principal_name_assigned_and_unassigned() {
    let graph = FakeGraph::start().await;
    graph.add_service_principal("sp-1");
    graph.add_user("u-1", "adele@contoso.test").add_user("u-2", "alex@contoso.test");
    graph.add_group("g-1", "Sales", &["u-1", "u-2"]);
    let v1 = graph.client().v1();

    // `GET /users/{userPrincipalName}`, and a filtered listing.
    let adele = v1.users().user("adele@contoso.test").get().send().await.unwrap();
    assert_eq!(adele.id.as_deref(), Some("u-1"));
    let found = v1.users().list().filter(User::USER_PRINCIPAL_NAME.eq("alex@contoso.test")).all().await.unwrap();
    assert_eq!(found.iter().map(|u| u.id.as_deref()).collect::<Vec<_>>(), [Some("u-2")]);
    let sales = v1.group("g-1").get().send().await.unwrap();
    assert_eq!(sales.display_name.as_deref(), Some("Sales"));

    // A group's members, each as its own type; the users among them through a cast.
    let members = v1.group("g-1").members().list().all().await.unwrap();
    let ids: Vec<Option<&str>> = members.iter().map(|m| m.id()).collect();
    assert_eq!(ids, [Some("u-1"), Some("u-2")]);
    assert!(members.iter().all(|m| matches!(m, graph_sync::v1::models::AnyDirectoryObject::User(_))));
    let users = v1.group("g-1").members().list_users().send().await.unwrap();
    assert_eq!((users.count, users.value.len()), (Some(2), 2));
    assert!(v1.group("g-1").members().list_groups().all().await.unwrap().is_empty());
    // Graph takes a cast only as an advanced query ("List group members", Request headers): without
    // `ConsistencyLevel: eventual` the fake refuses it.
    let unadvanced = v1.group("g-1").members().list_users().header("ConsistencyLevel", "session");
    let refused = unadvanced.send().await.unwrap_err();
    assert_eq!(refused.graph_error().map(|e| e.code.as_str()), Some("Request_UnsupportedQuery"), "{refused}");

    // Assigned, listed, unassigned.
    let assignments = v1.service_principal("sp-1").app_role_assigned_to();
    let created = assignments.create(&assignment("u-1")).send().await.unwrap();
    assert_eq!(created.principal_type.as_deref(), Some("User"));
    let id = created.id.as_deref().unwrap().to_owned();
    assert_eq!(assignments.list().all().await.unwrap().len(), 1);
    assignments.app_role_assignment(id.as_str()).delete().send().await.unwrap();
    assert!(assignments.list().all().await.unwrap().is_empty());

    // An assignment without its principal is refused, as Graph documents the body.
    let error = assignments.create(&AppRoleAssignment::default()).send().await.unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::BAD_REQUEST));
}

/// What the who-is-provisioned calls put on the wire and decode, judged by
/// what a loopback server received: a guest's principal name (`#EXT#`)
/// reaches the path percent-encoded, a group's members decode each as its
/// own type by `@odata.type` (a type the crate does not know as the base,
/// with its properties kept), a type cast is sent as the advanced query Graph
/// requires ("List group members", Request headers), and an assignment sends
/// the three ids "Grant an appRoleAssignment for a service principal" names.
#[tokio::test]
async fn who_is_provisioned_on_the_wire() {
    use graph_sync::v1::models::AnyDirectoryObject;
    use graph_sync::{Client, StaticToken};
    use serde_json::json;
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let server = MockServer::start().await;
    let guest = "adele_contoso.com#EXT#@fabrikam.onmicrosoft.com";
    Mock::given(method("GET"))
        .and(path("/v1.0/users/adele_contoso.com%23EXT%23%40fabrikam.onmicrosoft.com"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "u-1", "userPrincipalName": guest})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/groups/g-1/members"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": [
            {"@odata.type": "#microsoft.graph.user", "id": "u-1", "userPrincipalName": guest},
            {"@odata.type": "#microsoft.graph.group", "id": "g-2", "displayName": "Nested", "securityEnabled": true},
            {"@odata.type": "#microsoft.graph.servicePrincipal", "id": "sp-9", "appDisplayName": "Robot"},
            {"@odata.type": "#microsoft.graph.device", "id": "d-1", "displayName": "Laptop"},
            {"id": "x-1", "mail": "user1@contoso.com"}
        ]})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/groups/g-1/members/microsoft.graph.user"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"@odata.count": 1, "value": [
            {"displayName": "Joseph Price", "id": "u-7"}]})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1.0/servicePrincipals/sp-1/appRoleAssignedTo"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "a-1", "principalType": "User"})))
        .mount(&server)
        .await;
    let v1 = Client::builder(StaticToken::new("t")).root(server.uri()).build().v1();

    let user = v1.users().user(guest).get().send().await.unwrap();
    assert_eq!(user.user_principal_name.as_deref(), Some(guest));

    let members = v1.group("g-1").members().list().send().await.unwrap().value;
    assert!(matches!(&members[0], AnyDirectoryObject::User(u) if u.user_principal_name.as_deref() == Some(guest)));
    assert!(matches!(&members[1], AnyDirectoryObject::Group(g) if g.security_enabled == true));
    assert!(
        matches!(&members[2], AnyDirectoryObject::ServicePrincipal(sp) if sp.app_display_name.as_deref() == Some("Robot"))
    );
    let AnyDirectoryObject::Unrecognized(device) = &members[3] else { panic!("{:?}", members[3]) };
    assert_eq!(device.id.as_deref(), Some("d-1"));
    assert_eq!(device.additional_properties["displayName"], "Laptop");
    assert_eq!(members[3].odata_type(), None);
    let AnyDirectoryObject::DirectoryObject(plain) = &members[4] else { panic!("{:?}", members[4]) };
    assert_eq!(plain.additional_properties["mail"], "user1@contoso.com");

    let users = v1.group("g-1").members().list_users().send().await.unwrap();
    assert_eq!((users.count, users.value[0].display_name.as_deref()), (Some(1), Some("Joseph Price")));

    v1.service_principal("sp-1").app_role_assigned_to().create(&assignment("u-1")).send().await.unwrap();

    let received = server.received_requests().await.unwrap();
    // The `#` of a guest's name reached the server in its path, not as a fragment.
    assert_eq!(received[0].url.fragment(), None);
    let cast = &received[2];
    assert_eq!(cast.url.path(), "/v1.0/groups/g-1/members/microsoft.graph.user");
    assert_eq!(cast.url.query(), Some("$count=true"));
    assert_eq!(cast.headers.get("consistencylevel").and_then(|v| v.to_str().ok()), Some("eventual"));
    let body: serde_json::Value = serde_json::from_slice(&received[3].body).unwrap();
    assert_eq!(
        body,
        json!({"principalId": "u-1", "resourceId": "sp-1", "appRoleId": "00000000-0000-0000-0000-000000000000"})
    );
}

/// A job of a gallery application syncs only assigned users and groups (no
/// `SyncAll` secret): the fake skips a declared user who is neither assigned
/// nor a member of an assigned group, with `NotEffectivelyEntitled`, and
/// provisions those who are; `SyncAll` `true` takes everyone in. A group is
/// provisioned with its members as `OnDemand` builds it, five at most.
#[tokio::test]
async fn provisioning_on_demand_respects_the_assigned_scope() {
    use graph_sync::on_demand::{OnDemand, OnDemandError, MAX_GROUP_MEMBERS};
    use graph_sync::provisioning::OutcomeResult;
    use graph_sync::testing::DEFAULT_RULE_ID;
    use graph_sync::v1::models::{
        SynchronizationJobApplicationParameters, SynchronizationSecret, SynchronizationSecretKeyStringValuePair,
    };

    let graph = FakeGraph::start().await;
    graph.add_service_principal("sp-1");
    graph
        .add_user("u-1", "adele@contoso.test")
        .add_user("u-2", "alex@contoso.test")
        .add_user("u-3", "megan@contoso.test");
    graph.add_group("g-1", "Sales", &["u-2"]);
    let job_id = graph.add_job("sp-1", "scim").unwrap();
    // The client would pace its calls to the documented 5 in 10 seconds in real time;
    // the fake's clock moves 2 seconds before each instead.
    let v1 = graph.client_builder().unpaced(graph_sync::v1::operations::PROVISION_ON_DEMAND).build().v1();
    let sp = v1.service_principal("sp-1");
    let job = sp.synchronization().jobs().job(job_id.as_str());
    let provision = |subject: OnDemand| {
        graph.advance(std::time::Duration::from_secs(2));
        let parameters = SynchronizationJobApplicationParameters::default()
            .with_rule_id(DEFAULT_RULE_ID)
            .with_subjects([subject.into()]);
        job.provision_on_demand(vec![parameters])
    };
    let outcome = |answer: graph_sync::v1::models::StringKeyStringValuePair| answer.provisioning_outcome().unwrap();
    let assign = |principal: &str| sp.app_role_assigned_to().create(&assignment(principal));

    // Nobody is assigned yet: skipped, with the reason the service gives.
    let skipped = outcome(provision(OnDemand::user("u-1")).send().await.unwrap());
    assert_eq!(skipped.result, OutcomeResult::Skipped);
    assert_eq!(skipped.skip_reason().and_then(|r| r.code).as_deref(), Some("NotEffectivelyEntitled"));

    // Assigned directly, or through a group: provisioned.
    assign("u-1").send().await.unwrap();
    assign("g-1").send().await.unwrap();
    assert!(outcome(provision(OnDemand::user("u-1")).send().await.unwrap()).succeeded());
    assert!(outcome(provision(OnDemand::user("u-2")).send().await.unwrap()).succeeded());
    assert_eq!(outcome(provision(OnDemand::user("u-3")).send().await.unwrap()).result, OutcomeResult::Skipped);

    // The group with its members, as listed, in the documented shape.
    let members = v1.group("g-1").members().list().all().await.unwrap();
    let group = OnDemand::group("g-1", &members).unwrap();
    assert!(outcome(provision(group).send().await.unwrap()).succeeded());
    let sent = graph.requests().into_iter().last().unwrap().body;
    assert_eq!(
        sent["parameters"][0]["subjects"][0],
        serde_json::json!({"objectId": "g-1", "objectTypeName": "Group",
                           "links": {"members": [{"objectId": "u-2", "objectTypeName": "User"}]}})
    );

    // Six members are more than one call takes: refused before anything is sent.
    let six: Vec<User> = (0..=MAX_GROUP_MEMBERS).map(|i| User::default().with_id(format!("u-{i}"))).collect();
    assert_eq!(OnDemand::group("g-1", &six), Err(OnDemandError::TooManyMembers { count: 6 }));
    // A group's member that is no user is not provisioned with it.
    let nested = graph_sync::v1::models::AnyDirectoryObject::Group(Box::default());
    assert_eq!(OnDemand::group("g-1", [&nested]), Err(OnDemandError::NoId));

    // Built by hand past `OnDemand`'s check, six members are refused by the fake too, as the
    // documented limit says (the status is the fake's: the service's is not documented).
    use graph_sync::v1::models::{SynchronizationJobSubject, SynchronizationLinkedObjects};
    let user = |id: String| SynchronizationJobSubject::default().with_object_id(id).with_object_type_name("User");
    let six: Vec<_> = (0..=MAX_GROUP_MEMBERS).map(|i| user(format!("u-{i}"))).collect();
    let group = SynchronizationJobSubject::default()
        .with_object_id("g-1")
        .with_object_type_name("Group")
        .with_links(SynchronizationLinkedObjects::default().with_members(six));
    graph.advance(std::time::Duration::from_secs(2));
    let parameters =
        SynchronizationJobApplicationParameters::default().with_rule_id(DEFAULT_RULE_ID).with_subjects([group]);
    let refused = job.provision_on_demand(vec![parameters]).send().await.unwrap_err();
    assert_eq!(refused.status(), Some(http::StatusCode::BAD_REQUEST), "{refused}");

    // `SyncAll`: everyone is in scope.
    let sync_all =
        SynchronizationSecretKeyStringValuePair::default().with_key(SynchronizationSecret::SyncAll).with_value("true");
    sp.synchronization().put_secrets(vec![sync_all]).send().await.unwrap();
    assert!(outcome(provision(OnDemand::user("u-3")).send().await.unwrap()).succeeded());
}

/// The same calls in Graph beta, whose metadata has them too: a group's
/// members decoded by type, the cast sent as an advanced query, and an
/// assignment created, on a loopback server.
#[tokio::test]
async fn who_is_provisioned_on_the_wire_in_beta() {
    use graph_sync::beta::models::{AnyDirectoryObject, AppRoleAssignment as BetaAssignment};
    use graph_sync::{Client, StaticToken};
    use serde_json::json;
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/beta/groups/g-1/members"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": [
            {"@odata.type": "#microsoft.graph.user", "id": "u-1"},
            {"@odata.type": "#microsoft.graph.group", "id": "g-2"}
        ]})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/beta/groups/g-1/members/microsoft.graph.group"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": [{"id": "g-2"}]})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/beta/servicePrincipals/sp-1/appRoleAssignedTo"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "a-1", "principalType": "Group"})))
        .mount(&server)
        .await;
    let beta = Client::builder(StaticToken::new("t")).root(server.uri()).build().beta();

    let members = beta.group("g-1").members().list().send().await.unwrap().value;
    assert!(matches!(&members[0], AnyDirectoryObject::User(_)), "{members:?}");
    assert!(matches!(&members[1], AnyDirectoryObject::Group(_)), "{members:?}");
    assert_eq!(members.iter().map(|m| m.id()).collect::<Vec<_>>(), [Some("u-1"), Some("g-2")]);
    let groups = beta.group("g-1").members().list_groups().send().await.unwrap().value;
    assert_eq!(groups[0].id.as_deref(), Some("g-2"));
    // The same assignment, as beta's type: every version's struct has the same setters.
    let assignment = BetaAssignment::default()
        .with_principal_id(Guid::from_wire("g-2"))
        .with_resource_id(Guid::from_wire("sp-1"))
        .with_app_role_id(Guid::from_wire("00000000-0000-0000-0000-000000000000"));
    let created = beta.service_principal("sp-1").app_role_assigned_to().create(&assignment).send().await.unwrap();
    assert_eq!(created.principal_type.as_deref(), Some("Group"));

    let received = server.received_requests().await.unwrap();
    assert_eq!(received[1].url.query(), Some("$count=true"));
    assert_eq!(received[1].headers.get("consistencylevel").and_then(|v| v.to_str().ok()), Some("eventual"));
    let body: serde_json::Value = serde_json::from_slice(&received[2].body).unwrap();
    assert_eq!(body["principalId"], "g-2");
}
