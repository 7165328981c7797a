//! Who is provisioned (issue 44): users and groups found, a group's members
//! listed, and a user assigned to the application and unassigned, typed in
//! the crate and served by the fake.

use graph_sync::testing::FakeGraph;
use graph_sync::v1::models::{AppRoleAssignment, User};
use graph_sync::Guid;

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

    // A group's members, as directory objects.
    let members = v1.group("g-1").members().list().all().await.unwrap();
    let ids: Vec<Option<&str>> = members.iter().map(|m| m.id.as_deref()).collect();
    assert_eq!(ids, [Some("u-1"), Some("u-2")]);

    // Assigned, listed, unassigned.
    let assignments = v1.service_principal("sp-1").app_role_assigned_to();
    let mut assignment = AppRoleAssignment::default();
    assignment.principal_id = Guid::from_wire("u-1").into();
    assignment.resource_id = Guid::from_wire("sp-1").into();
    assignment.app_role_id = Guid::from_wire("00000000-0000-0000-0000-000000000000").into();
    let created = assignments.create(&assignment).send().await.unwrap();
    assert_eq!(created.principal_type.as_deref(), Some("User"));
    let id = created.id.as_deref().unwrap().to_owned();
    assert_eq!(assignments.list().all().await.unwrap().len(), 1);
    assignments.app_role_assignment(id.as_str()).delete().send().await.unwrap();
    assert!(assignments.list().all().await.unwrap().is_empty());

    // An assignment without its principal is refused, as Graph documents the body.
    let error = assignments.create(&AppRoleAssignment::default()).send().await.unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::BAD_REQUEST));
}
