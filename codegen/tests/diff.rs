//! The schema-change report on the real pair of documents.
//! Needs `../shared/graph-metadata/` (see `support`).

mod support;

use codegen::diff::{compare, Report};
use codegen::model::Model;
use codegen::select::{select, Slice};
use codegen::settings::SliceSettings;

fn sliced(file: &str) -> Option<(Model, Slice)> {
    let (name, bytes) = support::real_document(file)?;
    let model = Model::from_bytes(&name, &bytes).unwrap();
    let settings = SliceSettings::from_toml("slice.toml", include_str!("../../metadata/beta/slice.toml")).unwrap();
    let slice = select(&model, &settings.selection).unwrap();
    Some((model, slice))
}

fn report(old: &str, new: &str) -> Option<Report> {
    let (old_model, old_slice) = sliced(old)?;
    let (new_model, new_slice) = sliced(new)?;
    Some(compare((&old_model, &old_slice), (&new_model, &new_slice)))
}

#[track_caller]
fn assert_change(report: &Report, breaking: bool, description: &str) {
    assert!(
        report.changes.iter().any(|c| c.breaking == breaking && c.description == description),
        "missing ({}) `{description}` in:\n{}",
        if breaking { "breaking" } else { "additive" },
        report.to_text()
    );
}

#[test]
fn beta_2021_to_beta_usnat_2026() {
    let Some(report) = report("beta-Prod-2021-07-13.xml", "beta-USNat-2026-08-05.csdl") else { return };
    assert_change(&report, true, "action `stop` on `synchronizationJob` removed");
    assert_change(&report, true, "complex type `microsoft.graph.metadataEntry` removed");
    for owner in ["attributeDefinition", "objectDefinition", "objectMapping", "synchronizationTemplate"] {
        let retyped = report.changes.iter().any(|c| {
            c.breaking && c.description.starts_with(&format!("property `microsoft.graph.{owner}.metadata` retyped"))
        });
        assert!(retyped, "{owner}.metadata retyped:\n{}", report.to_text());
    }
    assert_change(&report, false, "complex type `microsoft.graph.synchronizationLinkedObjects` added");
    assert_change(&report, false, "complex type `microsoft.graph.containerFilter` added");
    assert_change(&report, false, "complex type `microsoft.graph.groupFilter` added");
    assert_change(&report, false, "property `microsoft.graph.synchronizationJobSubject.links` added");
    assert_change(
        &report,
        true,
        "enum member `microsoft.graph.synchronizationSecret.ConnectionString` added (exhaustive matches must handle it)",
    );
    assert_change(&report, false, "enum type `microsoft.graph.synchronizationSecret` deprecated");
    assert!(report.breaking() > 0);
    assert!(report.verdict().ends_with("the next version must be a major bump"), "{}", report.verdict());
    let markdown = report.to_markdown("beta-Prod-2021-07-13 -> beta-USNat-2026-08-05");
    assert!(markdown.contains("### Breaking\n\n- "));
    assert!(markdown.contains("### Additive\n\n- "));
}

#[test]
fn five_weeks_of_2021_change_only_the_workflow_types_and_additively() {
    let Some(report) = report("beta-Prod-2021-06-01.xml", "beta-Prod-2021-07-13.xml") else { return };
    // The synchronization API itself did not change; the applications and
    // service principals around it gained three properties.
    let changes: Vec<&str> = report.changes.iter().map(|c| c.description.as_str()).collect();
    assert_eq!(
        changes,
        [
            "property `microsoft.graph.application.disabledByMicrosoftStatus` added",
            "property `microsoft.graph.onPremisesPublishing.isBackendCertificateValidationEnabled` added",
            "property `microsoft.graph.servicePrincipal.disabledByMicrosoftStatus` added",
        ],
        "{}",
        report.to_text()
    );
    assert_eq!(report.breaking(), 0);
    assert!(report.verdict().ends_with("a minor version bump"), "{}", report.verdict());
}

#[test]
fn a_document_compared_with_itself_has_no_change() {
    let text = include_str!("../../metadata/beta/synchronization.csdl");
    let model = Model::from_bytes("slice", text.as_bytes()).unwrap();
    let settings = SliceSettings::from_toml("slice.toml", include_str!("../../metadata/beta/slice.toml")).unwrap();
    let slice = select(&model, &settings.selection).unwrap();
    let report = compare((&model, &slice), (&model, &slice));
    assert!(report.changes.is_empty());
}
