//! The `inbound_from_csv` example (CSV2SCIM's workflow, typed), run as a
//! user runs it, against the crate's fake with the tests' 1,000-row HR file.
//! (`cargo test` builds the examples before it runs the tests.)
#![cfg(all(feature = "testing", feature = "v1", feature = "csv"))]

use std::process::Command;

#[path = "support/example.rs"]
mod support;
use support::example;

#[test]
fn the_hr_file_is_uploaded_and_each_records_result_summarised() {
    let output = Command::new(example("inbound_from_csv")).arg("--fake").output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    let lines: Vec<&str> = stdout.lines().collect();
    let expected = [
        "schema: 3 attributes added under urn:ietf:params:scim:schemas:extension:csv:1.0:User",
        "read 996 records; 4 bad rows",
        "  line 101: no externalId (its column is empty)",
        "  line 201: 13 columns where the header has 15",
        "  line 301: the `City` column is not valid UTF-8",
        "  line 401: `active` is \"maybe\", not true or false",
        "warnings: 196 (values the service ignores)",
        "uploaded: 996 accepted in 20 requests, 0 refused",
        "results after ",
        "  outcome    records",
        "  created        995",
        "  failed           1",
        "  pending          0",
        "  failed: 700500 (ProvisioningFailed: Duplicate UPN)",
    ];
    assert_eq!(lines.len(), expected.len(), "{stdout}");
    for (line, start) in lines.iter().zip(expected) {
        assert!(line.starts_with(start), "{line:?} should start with {start:?}\n{stdout}");
    }
}
