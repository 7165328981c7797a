//! From HR files to SCIM users (the `csv` feature), as CSV2SCIM does: the
//! mapping file's mistakes at their line and column, each bad row of the
//! fixture reported with its line number while the others go on, the extra
//! columns under the custom extension, and the job's schema extended with
//! them through the schema calls.

use graph_sync::runtime::inbound::csv::{add_extension_attributes, HrRows, Mapping, MappingError};
use graph_sync::runtime::inbound::KnownAttributes;
use graph_sync::runtime::scim::{BulkRequest, ENTERPRISE_USER_SCHEMA};
use graph_sync::testing::FakeGraph;
use graph_sync::v1::models::SynchronizationSchema;
use serde_json::json;

const EXTENSION: &str = "urn:ietf:params:scim:schemas:extension:csv:1.0:User";

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/fixtures/hr/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn mapping() -> Mapping {
    Mapping::parse(&String::from_utf8(fixture("mapping.toml")).unwrap(), "mapping.toml").unwrap()
}

fn error(text: &str) -> MappingError {
    Mapping::parse(text, "m.toml").unwrap_err()
}

#[test]
fn mapping_mistakes_are_reported_at_their_line_and_column() {
    let unknown = error("[attributes]\nexternalId = \"WorkerID\"\n  nickname = \"Nick\"\n");
    assert_eq!(unknown.to_string(), "m.toml:3:3: `nickname` is not a SCIM attribute the mapping knows");
    let part = error("[attributes]\nexternalId = \"W\"\n\"name.nickName\" = \"N\"\n");
    assert_eq!((part.line, part.column), (3, 1));
    assert!(part.message.contains("`name` has no part `nickName`"), "{part}");
    let enterprise = error(&format!("[attributes]\nexternalId = \"W\"\n\"{ENTERPRISE_USER_SCHEMA}:salary\" = \"S\"\n"));
    assert!(enterprise.to_string().starts_with("m.toml:3:1: the enterprise extension has no attribute `salary`"));
    let multi = error("[attributes]\nexternalId = \"W\"\n\"emails.value\" = \"E\"\n");
    assert!(multi.message.contains("emails[TYPE].value"), "{multi}");
    let not_a_column = error("[attributes]\nexternalId = 7\n");
    assert_eq!(not_a_column.to_string(), "m.toml:2:14: `externalId` takes a column's name");
    let no_external_id = error("[attributes]\nuserName = \"U\"\n");
    assert!(no_external_id.to_string().starts_with("m.toml:1:1: the mapping names no column for `externalId`"));
    let namespace = error("[attributes]\nexternalId = \"W\"\n[extension]\nnamespace = \"contoso\"\n");
    assert_eq!(namespace.to_string(), "m.toml:4:13: the namespace is a URN (`urn:...`)");
    let syntax = error("[attributes]\nexternalId = \n");
    assert_eq!(syntax.line, 2, "{syntax}");

    // A column the CSV does not have: at the mapping line that names it.
    let mapping = Mapping::parse("[attributes]\nexternalId = \"WorkerID\"\ntitle = \"JobTitle\"\n", "m.toml").unwrap();
    let missing = HrRows::new(&b"WorkerID,Name\n1,A\n"[..], &mapping).err().unwrap();
    assert_eq!(missing.to_string(), "m.toml:3:9: the CSV has no column `JobTitle` (its columns: WorkerID, Name)");
}

#[test]
fn the_fixture_becomes_users_and_each_bad_row_is_reported_with_its_line() {
    let rows = HrRows::new(std::io::Cursor::new(fixture("employees.csv")), &mapping()).unwrap();
    let (mut users, mut bad) = (Vec::new(), Vec::new());
    for row in rows {
        match row {
            Ok(user) => users.push(user),
            Err(error) => bad.push(error),
        }
    }
    assert_eq!(users.len(), 996);
    let reported: Vec<(u64, &str)> = bad.iter().map(|e| (e.line, e.message.as_str())).collect();
    assert_eq!(reported.len(), 4, "{reported:?}");
    assert_eq!(reported[0], (101, "no externalId (its column is empty)"));
    assert_eq!(reported[1], (201, "13 columns where the header has 15"));
    assert_eq!(reported[2], (301, "the `City` column is not valid UTF-8"));
    assert_eq!(reported[3], (401, "`active` is \"maybe\", not true or false"));

    // Line 12 of the file: `700011,lea.kowalski11@contoso.test,Lea,Kowalski,...`.
    let user = serde_json::to_value(&users[10]).unwrap();
    assert_eq!(
        user,
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE_USER_SCHEMA, EXTENSION],
            "externalId": "700011", "userName": "lea.kowalski11@contoso.test", "displayName": "Lea Kowalski",
            "active": true, "name": {"givenName": "Lea", "familyName": "Kowalski"},
            "emails": [{"value": "lea.kowalski11@contoso.test", "type": "work"}],
            "phoneNumbers": [{"value": "+1 425 555 0011", "type": "work"}],
            "addresses": [{"type": "work", "locality": "Oslo"}],
            ENTERPRISE_USER_SCHEMA: {"employeeNumber": "700011", "department": "Tour Operations", "manager": {"value": "700002"}},
            EXTENSION: {"HireDate": "2021-12-12", "CostCenter": "CC011", "Badge": "B00011"}
        })
    );
    // Empty cells leave their attributes out: the first ten have no manager.
    assert!(users[0].enterprise.value().unwrap().manager.is_absent());

    // Checked in requests of 50: no problem, a warning per home email (the service ignores them).
    let (mut problems, mut warnings) = (0, 0);
    for chunk in users.chunks(50) {
        let checked = BulkRequest::from_users(chunk.iter().cloned()).checked(None);
        problems += checked.problems.len();
        warnings += checked.warnings.len();
    }
    // Every fifth worker has a home email (200), less the four bad rows (all fifths).
    assert_eq!((problems, warnings), (0, 196));
}

#[tokio::test]
async fn the_extra_columns_extend_the_jobs_schema_through_the_schema_calls() {
    let graph = FakeGraph::start().await;
    graph.add_service_principal("sp-1");
    let job_id = graph.add_job("sp-1", "scim").unwrap();
    let client = graph.client();
    let schema = client.v1().service_principal("sp-1").synchronization().jobs().job(job_id.as_str()).schema();

    let rows = HrRows::new(std::io::Cursor::new(fixture("employees.csv")), &mapping()).unwrap();
    let extra = mapping().extra_columns(rows.header());
    assert_eq!(extra, ["HireDate", "CostCenter", "Badge"]);
    let mut value = serde_json::to_value(schema.get().send().await.unwrap()).unwrap();
    let added = add_extension_attributes(&mut value, EXTENSION, &extra);
    assert_eq!(added.len(), 3);
    assert!(add_extension_attributes(&mut value.clone(), EXTENSION, &extra).is_empty(), "already there");
    let typed: SynchronizationSchema = serde_json::from_value(value).unwrap();
    schema.replace(&typed).send().await.unwrap();

    // Read back: the checks now know the extension's attributes.
    let known = KnownAttributes::of_schema(&serde_json::to_value(schema.get().send().await.unwrap()).unwrap());
    assert!(known.contains(&format!("{EXTENSION}:HireDate")));
    let users: Vec<_> = HrRows::new(std::io::Cursor::new(fixture("employees.csv")), &mapping())
        .unwrap()
        .filter_map(Result::ok)
        .take(50)
        .collect();
    assert!(BulkRequest::from_users(users.clone()).checked(Some(&known)).is_ok());
    let without = KnownAttributes::new([format!("{EXTENSION}:HireDate")]);
    let problems = BulkRequest::from_users(users).checked(Some(&without)).problems;
    assert_eq!(problems.len(), 100, "Badge and CostCenter of each of the 50");
    assert_eq!(
        problems[..2],
        [
            format!("operation 0 (externalId \"700001\"): {EXTENSION}:Badge is not an attribute of the job's schema"),
            format!(
                "operation 0 (externalId \"700001\"): {EXTENSION}:CostCenter is not an attribute of the job's schema"
            ),
        ]
    );
}
