//! The synchronization slice: the exact selection, the committed slice read
//! back, and the slice tool on other real documents.

mod support;

use codegen::model::Model;
use codegen::select::{select, AnchorStart, Slice, SliceCounts};
use codegen::settings::SliceSettings;
use codegen::write_csdl::write_slice;

const SETTINGS: &str = include_str!("../../metadata/beta/slice.toml");
const COMMITTED_SLICE: &str = include_str!("../../metadata/beta/synchronization.csdl");

fn settings() -> SliceSettings {
    SliceSettings::from_toml("metadata/beta/slice.toml", SETTINGS).unwrap()
}

fn sliced(name: &str, bytes: &[u8]) -> (Model, Slice) {
    let model = Model::from_bytes(name, bytes).unwrap_or_else(|e| panic!("{e}"));
    let slice = select(&model, &settings().selection).unwrap_or_else(|e| panic!("{e}"));
    (model, slice)
}

/// The selection the tool makes on beta-USNat-2026-08-05, pinned.
const TYPES: &[&str] = &[
    "attributeDefinition",
    "attributeDefinitionMetadata",
    "attributeDefinitionMetadataEntry",
    "attributeFlowBehavior",
    "attributeFlowType",
    "attributeMapping",
    "attributeMappingFunctionSchema",
    "attributeMappingParameterSchema",
    "attributeMappingSource",
    "attributeMappingSourceType",
    "attributeType",
    "containerFilter",
    "directoryDefinition",
    "directoryDefinitionDiscoverabilities",
    "entity",
    "expressionInputObject",
    "filter",
    "filterClause",
    "filterGroup",
    "filterOperand",
    "filterOperatorSchema",
    "groupFilter",
    "keyValuePair",
    "mutability",
    "objectDefinition",
    "objectDefinitionMetadata",
    "objectDefinitionMetadataEntry",
    "objectFlowTypes",
    "objectMapping",
    "objectMappingMetadata",
    "objectMappingMetadataEntry",
    "parseExpressionResponse",
    "publicError",
    "publicErrorDetail",
    "publicInnerError",
    "quarantineReason",
    "referencedObject",
    "scopeOperatorMultiValuedComparisonType",
    "scopeOperatorType",
    "stringKeyAttributeMappingSourceValuePair",
    "stringKeyLongValuePair",
    "stringKeyObjectValuePair",
    "stringKeyStringValuePair",
    "synchronization",
    "synchronizationDisposition",
    "synchronizationError",
    "synchronizationJob",
    "synchronizationJobApplicationParameters",
    "synchronizationJobRestartCriteria",
    "synchronizationJobRestartScope",
    "synchronizationJobSubject",
    "synchronizationLinkedObjects",
    "synchronizationMetadata",
    "synchronizationMetadataEntry",
    "synchronizationProgress",
    "synchronizationQuarantine",
    "synchronizationRule",
    "synchronizationSchedule",
    "synchronizationScheduleState",
    "synchronizationSchema",
    "synchronizationSecret",
    "synchronizationSecretKeyStringValuePair",
    "synchronizationStatus",
    "synchronizationStatusCode",
    "synchronizationTaskExecution",
    "synchronizationTaskExecutionResult",
    "synchronizationTemplate",
];

const OPERATIONS: &[&str] = &[
    "Collection(synchronizationJob).validateCredentials",
    "directoryDefinition.discover",
    "synchronization.Ping",
    "synchronization.acquireAccessToken",
    "synchronizationJob.pause",
    "synchronizationJob.provisionOnDemand",
    "synchronizationJob.restart",
    "synchronizationJob.start",
    "synchronizationJob.validateCredentials",
    "synchronizationSchema.filterOperators",
    "synchronizationSchema.functions",
    "synchronizationSchema.parseExpression",
];

/// What the workflow's resources (application templates, applications,
/// service principals) and the provisioning logs add to it: what their calls
/// return, pinned (`instantiate` is their one operation).
const WORKFLOW_TYPES: &[&str] = &[
    "Dictionary",
    "actionType",
    "addIn",
    "agentIdentity",
    "agentIdentityBlueprint",
    "agentIdentityBlueprintPrincipal",
    "allowedTenantsAudience",
    "apiApplication",
    "appRole",
    "application",
    "applicationSegment",
    "applicationServicePrincipal",
    "applicationTemplate",
    "authenticationBehaviors",
    "configurationUri",
    "corsConfiguration",
    "customSecurityAttributeValue",
    "detailsInfo",
    "directoryObject",
    "externalAuthenticationType",
    "iPv4CidrRange",
    "iPv4Range",
    "iPv6CidrRange",
    "iPv6Range",
    "identity",
    "implicitGrantSettings",
    "informationalUrl",
    "informationalUrls",
    "initiator",
    "initiatorType",
    "ipApplicationSegment",
    "ipRange",
    "ipSegmentConfiguration",
    "kerberosSignOnMappingAttributeType",
    "kerberosSignOnSettings",
    "keyCredential",
    "keyValue",
    "kind",
    "modifiedProperty",
    "onPremisesApplicationSegment",
    "onPremisesPublishing",
    "onPremisesPublishingSingleSignOn",
    "optionalClaim",
    "optionalClaims",
    "parentalControlSettings",
    "passwordCredential",
    "passwordSingleSignOnField",
    "passwordSingleSignOnSettings",
    "permissionScope",
    "preAuthorizedApplication",
    "privateNetworkDestinationType",
    "privateNetworkProtocol",
    "provisionedIdentity",
    "provisioningAction",
    "provisioningErrorInfo",
    "provisioningObjectSummary",
    "provisioningResult",
    "provisioningServicePrincipal",
    "provisioningStatusErrorCategory",
    "provisioningStatusInfo",
    "provisioningStep",
    "provisioningStepType",
    "provisioningSystem",
    "publicClientApplication",
    "requestSignatureVerification",
    "requiredResourceAccess",
    "resourceAccess",
    "samlSingleSignOnSettings",
    "segmentConfiguration",
    "servicePrincipal",
    "servicePrincipalLockConfiguration",
    "signInAudienceRestrictionsBase",
    "singleSignOnMode",
    "spaApplication",
    "supportedClaimConfiguration",
    "trafficRoutingMethod",
    "unrestrictedAudience",
    "uriUsageType",
    "verifiedCustomDomainCertificatesMetadata",
    "wafAllowedHeadersDictionary",
    "weakAlgorithms",
    "webApplication",
    "webApplicationSegment",
    "webSegmentConfiguration",
];

/// What the slice adds for who is provisioned (issue 44): users, groups, a
/// group's members and a service principal's app role assignments, with
/// what their calls return.
const WHO_TYPES: &[&str] = &[
    "MembershipRuleProcessingStatusDetails",
    "agentUser",
    "appRoleAssignment",
    "assignedLabel",
    "assignedLicense",
    "assignedPlan",
    "authorizationInfo",
    "automaticRepliesSetting",
    "automaticRepliesStatus",
    "cloudLicensing.assigneeTypes",
    "cloudLicensing.groupCloudLicensing",
    "cloudLicensing.service",
    "cloudLicensing.usageRight",
    "cloudLicensing.userCloudLicensing",
    "cloudRealtimeCommunicationInfo",
    "customTimeZone",
    "dateTimeTimeZone",
    "dayOfWeek",
    "daylightTimeZoneOffset",
    "delegateMeetingMessageDeliveryOptions",
    "deviceKey",
    "externalAudienceScope",
    "group",
    "groupAccessType",
    "licenseAssignmentState",
    "licenseProcessingState",
    "localeInfo",
    "mailboxRecipientType",
    "mailboxSettings",
    "membershipRuleProcessingStatus",
    "objectIdentity",
    "onPremisesExtensionAttributes",
    "onPremisesProvisioningError",
    "passwordProfile",
    "provisionedPlan",
    "serviceProvisioningError",
    "serviceProvisioningXmlError",
    "signInActivity",
    "standardTimeZoneOffset",
    "timeZoneBase",
    "user",
    "userPurpose",
    "workingHours",
];

fn assert_pinned(model: &Model, slice: &Slice) {
    let mut expected: Vec<String> =
        TYPES.iter().chain(WORKFLOW_TYPES).chain(WHO_TYPES).map(|t| format!("microsoft.graph.{t}")).collect();
    expected.sort();
    assert_eq!(slice.type_names(model), expected);
    let mut operations = OPERATIONS.to_vec();
    operations.insert(1, "applicationTemplate.instantiate");
    assert_eq!(slice.operation_names(model), operations);
    assert_eq!(
        slice.counts(model),
        SliceCounts { entity: 24, complex: 127, enumeration: 43, definition: 0, operations: 13 }
    );
    // Only the singleton's type is kept for paths alone now: the anchors'
    // entity types are resources, selected for what they return.
    let path_types: Vec<String> = slice.path_types.iter().map(|&t| model.type_name(t).to_string()).collect();
    assert_eq!(path_types, ["microsoft.graph.auditLogRoot"]);
    let anchors: Vec<(&str, &str)> = slice
        .anchors
        .iter()
        .map(|a| {
            let container = &model.containers[a.container];
            let start = match a.start {
                AnchorStart::EntitySet(set) => container.entity_sets[set].name.as_str(),
                AnchorStart::Singleton(singleton) => container.singletons[singleton].name.as_str(),
            };
            (start, a.navigation.as_str())
        })
        .collect();
    assert_eq!(
        anchors,
        [
            ("servicePrincipals", "synchronization"),
            ("applications", "synchronization"),
            ("auditLogs", "provisioning"),
            ("groups", "members"),
            ("servicePrincipals", "appRoleAssignedTo"),
        ]
    );
    let resources: Vec<&str> =
        slice.resources.iter().map(|r| model.containers[r.container].entity_sets[r.entity_set].name.as_str()).collect();
    assert_eq!(resources, ["applicationTemplates", "servicePrincipals", "applications", "users", "groups"]);
    // A resource keeps none of its entity type's navigation properties but the anchors'.
    let principal = model.find_type("microsoft.graph.servicePrincipal").unwrap();
    let kept: Vec<&str> = slice.navigation_properties(model, principal).iter().map(|n| n.name.as_str()).collect();
    assert_eq!(kept, ["appRoleAssignedTo", "synchronization"]);
    // A complex type's navigation properties are returned inline, so they stay.
    let created = model.find_type("microsoft.graph.applicationServicePrincipal").unwrap();
    let kept: Vec<&str> = slice.navigation_properties(model, created).iter().map(|n| n.name.as_str()).collect();
    assert_eq!(kept, ["application", "servicePrincipal"]);
}

#[test]
fn committed_slice_reads_back_to_the_pinned_selection() {
    let (model, slice) = sliced("metadata/beta/synchronization.csdl", COMMITTED_SLICE.as_bytes());
    assert_pinned(&model, &slice);
    // Writing it again gives the same text: the writer is a fixed point on its own output
    // (apart from the source named in the header comment).
    let again = write_slice(&model, &slice, "beta-USNat-2026-08-05.csdl");
    assert_eq!(again, COMMITTED_SLICE);
}

#[test]
fn slice_of_beta_usnat_is_the_pinned_selection_and_the_committed_slice() {
    let Some((name, bytes)) = support::real_document("beta-USNat-2026-08-05.csdl") else { return };
    let (model, slice) = sliced(&name, &bytes);
    assert_pinned(&model, &slice);
    let principal = model.find_type("microsoft.graph.servicePrincipal").unwrap();
    assert!(model.all_navigation_properties(principal).len() > 10, "owners, memberOf, ... are left out");
    let written = write_slice(&model, &slice, "beta-USNat-2026-08-05.csdl");
    assert_eq!(written, write_slice(&model, &slice, "beta-USNat-2026-08-05.csdl"), "deterministic");
    assert_eq!(
        written, COMMITTED_SLICE,
        "metadata/beta/synchronization.csdl is stale: run `cargo xtask slice --from ...`"
    );
    // Annotations on selected elements are kept: deprecations and documentation survive the round trip.
    let (back, back_slice) = sliced("slice", written.as_bytes());
    let secret = back.find_type("microsoft.graph.synchronizationSecret").unwrap();
    assert_eq!(
        back.ty(secret).deprecation,
        model.ty(model.find_type("microsoft.graph.synchronizationSecret").unwrap()).deprecation
    );
    assert_eq!(back_slice.type_names(&back), slice.type_names(&model));
}

#[test]
fn slice_tool_succeeds_on_other_real_documents() {
    for file in ["v1.0-Prod-2026-08.csdl", "beta-Prod-2021-07-13.xml", "beta-Prod-2021-06-01.xml"] {
        let Some((name, bytes)) = support::real_document(file) else { return };
        let (model, slice) = sliced(&name, &bytes);
        let written = write_slice(&model, &slice, file);
        let (back, back_slice) = sliced(file, written.as_bytes());
        assert_eq!(back_slice.type_names(&back), slice.type_names(&model), "{file}: the slice reads back");
        assert_eq!(back_slice.operation_names(&back), slice.operation_names(&model), "{file}");
        assert!(
            slice.operation_names(&model).iter().any(|o| o == "synchronizationJob.provisionOnDemand")
                || file.starts_with("beta-Prod-2021")
        );
    }
}

#[test]
fn v1_slice_has_the_bulk_upload_media_entity() {
    let Some((name, bytes)) = support::real_document("v1.0-Prod-2026-08.csdl") else { return };
    let (model, slice) = sliced(&name, &bytes);
    let bulk = model.find_type("microsoft.graph.bulkUpload").unwrap();
    assert!(slice.types.contains(&bulk));
    assert!(model.structured(bulk).unwrap().has_stream);
}

#[test]
fn settings_errors_name_the_problem() {
    let model = Model::from_bytes("slice", COMMITTED_SLICE.as_bytes()).unwrap();
    let mut bad = settings();
    bad.selection.roots.push("microsoft.graph.nope".into());
    let error = select(&model, &bad.selection).unwrap_err();
    assert!(
        error.to_string().contains("the root `microsoft.graph.nope`, which the document does not define"),
        "{error}"
    );
    let mut bad = settings();
    bad.selection.anchors[0].navigation = "sync".into();
    let error = select(&model, &bad.selection).unwrap_err();
    assert!(
        error.to_string().contains("`microsoft.graph.servicePrincipal` has no navigation property `sync`"),
        "{error}"
    );
    let error = SliceSettings::from_toml("slice.toml", "version = \"beta\"\nroot = []\n").unwrap_err();
    assert!(error.to_string().contains("unknown field `root`"), "{error}");
}
