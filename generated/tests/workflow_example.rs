//! The `provisioning_workflow` example (Microsoft's provisioning tutorial,
//! every step typed), run as a user runs it, against the crate's fake.
//! (`cargo test` builds the examples before it runs the tests.)
#![cfg(all(feature = "testing", feature = "v1"))]

use std::process::Command;

#[path = "support/example.rs"]
mod support;
use support::example;

#[test]
fn the_provisioning_tutorial_runs_every_step_against_the_fake() {
    let output = Command::new(example("provisioning_workflow")).arg("--fake").output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    let steps: Vec<&str> = stdout.lines().collect();
    let expected = [
        "1. gallery application 8b1025e4-1dd2-430b-a150-2ef79cd700f5: AWS Single-Account Access",
        "2. created application ",
        "3. service principal ",
        "4. synchronization template aws",
        "5. job aws.",
        "6. credentials validated",
        "7. credentials saved",
        "8. started; 9. status Active",
        "10. user 9bb0f679-a883-4a6f-8260-35b491b8b8c8",
        "11. assigned to the application",
        "12. provisioned on demand: success",
        "    log: create 9bb0f679-a883-4a6f-8260-35b491b8b8c8: success",
    ];
    assert_eq!(steps.len(), expected.len(), "{stdout}");
    for (line, start) in steps.iter().zip(expected) {
        assert!(line.starts_with(start), "{line:?} should start with {start:?}\n{stdout}");
    }
}
