//! `$filter` expressions built as data (`runtime::query::FilterExpression`): no value a
//! caller passes changes the structure of what is sent, shown by what a
//! loopback server receives and by parsing it back into the same tree.

use graph_sync::runtime::query::{FilterExpression, Literal, Op, PropertyPath, Quantifier, Search, TextFunction};
use graph_sync::runtime::Matches;
use graph_sync::testing::{reading, FakeGraph, ReceivedRequest};
use graph_sync::v1::models::ServicePrincipal;
use graph_sync::{Client, DateTimeOffset, StaticToken};
use proptest::prelude::*;

fn path(text: &str) -> PropertyPath {
    PropertyPath::new(text.split('/'))
}

fn compare(p: &str, op: Op, value: Literal) -> FilterExpression {
    FilterExpression::Compare { path: path(p), op, value }
}

/// The `$filter` of a list request as the server reads it: percent-decoded.
fn sent_filter(filter: &FilterExpression) -> String {
    let client = Client::new(StaticToken::new("token"));
    // The provisioning logs, whose names the filters use (no directory
    // objects: nothing is added to the query).
    let logs = client.v1().audit_logs().provisioning().list().filter_by(filter);
    let http = logs.first_page().to_http().unwrap();
    let query = http.uri().query().unwrap().to_owned();
    let encoded = query.strip_prefix("$filter=").expect("only $filter");
    percent_encoding::percent_decode_str(encoded).decode_utf8().unwrap().into_owned()
}

/// Filters of any shape over the given literals.
fn filters() -> impl Strategy<Value = FilterExpression> {
    let text = any::<String>().prop_map(Literal::Text);
    let number = any::<i32>().prop_map(|n| Literal::of(&n).unwrap());
    let instant = (1970u32..2100, 1u32..13, 1u32..29, 0u32..24, 0u32..60).prop_map(|(y, m, d, h, min)| {
        let text = format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:00Z");
        Literal::of(&DateTimeOffset::from_wire(text)).unwrap()
    });
    let literal = prop_oneof![text, number, instant, Just(Literal::Null)];
    let names =
        prop_oneof![Just("jobId"), Just("statusInfo/status"), Just("activityDateTime"), Just("sourceIdentity/id")];
    let ops = prop_oneof![Just(Op::Eq), Just(Op::Ne), Just(Op::Gt), Just(Op::Ge), Just(Op::Lt), Just(Op::Le)];
    let leaf = prop_oneof![
        (names.clone(), ops.clone(), literal.clone()).prop_map(|(p, op, value)| compare(p, op, value)),
        (names.clone(), any::<String>()).prop_map(|(p, text)| FilterExpression::Text {
            function: TextFunction::StartsWith,
            path: path(p),
            text
        }),
        (names, proptest::collection::vec(literal.clone(), 1..4))
            .prop_map(|(p, values)| FilterExpression::In { path: path(p), values }),
        (ops.clone(), any::<u16>()).prop_map(|(op, n)| compare(
            "owners/$count",
            op,
            Literal::of(&i32::from(n)).unwrap()
        )),
        literal.prop_map(|value| FilterExpression::Lambda {
            quantifier: Quantifier::Any,
            path: path("appRoles"),
            variable: "r".to_owned(),
            body: Box::new(compare("r/value", Op::Eq, value)),
        }),
    ];
    leaf.prop_recursive(4, 24, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| a.and(b)),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| a.or(b)),
            inner.prop_map(FilterExpression::not),
        ]
    })
}

/// Searches of any shape over any (non-empty) texts, of two properties.
fn searches() -> impl Strategy<Value = Search> {
    let property = prop_oneof![Just("displayName"), Just("description")];
    let leaf = (property, ".+").prop_map(|(p, text)| Search::Phrase { property: path(p), text });
    leaf.prop_recursive(3, 12, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| a.and(b)),
            (inner.clone(), inner).prop_map(|(a, b)| a.or(b)),
        ]
    })
}

/// The typed search of a search tree, from the generated constants.
fn typed(search: &Search) -> Matches<ServicePrincipal> {
    match search {
        Search::Phrase { property, text } if property.0 == ["displayName"] => {
            ServicePrincipal::DISPLAY_NAME.matches(text.as_str())
        }
        Search::Phrase { text, .. } => ServicePrincipal::DESCRIPTION.matches(text.as_str()),
        Search::And(a, b) => typed(a).and(typed(b)),
        Search::Or(a, b) => typed(a).or(typed(b)),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever text a search holds (quotes, backslashes, `OR`, `&`), the
    /// `$search` sent, decoded as a server decodes it, parses back into the
    /// very tree that was built, with `ConsistencyLevel: eventual`.
    #[test]
    fn no_text_changes_the_structure_of_a_search(search in searches()) {
        let client = Client::new(StaticToken::new("token"));
        let http = client.v1().service_principals().list().search(typed(&search)).first_page().to_http().unwrap();
        let query = http.uri().query().unwrap().to_owned();
        let encoded = query.strip_prefix("$search=").expect("only $search");
        let sent = percent_encoding::percent_decode_str(encoded).decode_utf8().unwrap().into_owned();
        prop_assert_eq!(reading::search(&sent).unwrap(), search);
        prop_assert_eq!(http.headers().get("consistencylevel").unwrap(), "eventual");
    }

    /// Whatever strings, numbers and dates a filter holds, the text sent (after
    /// the request's percent-encoding, decoded as a server decodes it) parses
    /// back into the very tree that was built.
    #[test]
    fn no_value_changes_the_structure_of_the_expression(filter in filters()) {
        let sent = sent_filter(&filter);
        prop_assert_eq!(reading::filter(&sent).unwrap(), filter);
    }
}

/// The hostile inputs of OData injection, each a value of a lookup by
/// `appId` or `displayName`: the fake (a loopback server that reads the
/// filter it receives) finds nothing for them, where the unchecked string
/// form pasted the same value into a filter that matches everything.
#[tokio::test]
async fn hostile_values_reach_a_loopback_server_as_one_literal() {
    let graph = FakeGraph::start().await;
    for id in ["sp-1", "sp-2"] {
        graph.add_service_principal(id);
    }
    graph.set_app_id("sp-1", "00000000-0000-0000-0000-000000000001");
    let principals = graph.client().v1().service_principals();
    for hostile in ["x' or appId ne '", "alice' or 1 eq 1 or appId eq '", "O'Brien", "')/any(x:x eq '", "%27 or true"] {
        let filter = compare("appId", Op::Eq, Literal::of(hostile).unwrap());
        let found = principals.list().filter_by(&filter).all().await.unwrap();
        assert!(found.is_empty(), "{hostile}: {} found", found.len());
        let received = graph.requests().pop().unwrap();
        let query = received.query.unwrap();
        let decoded = percent_encoding::percent_decode_str(&query).decode_utf8().unwrap().into_owned();
        let text = decoded.strip_prefix("$filter=").unwrap_or(&decoded);
        assert_eq!(reading::filter(text).unwrap(), filter, "{hostile}: received {text}");
    }
    // A search's text is one phrase too: quotes and `OR` in it find nothing.
    // (A declared principal's display name is its id.)
    for hostile in [r#"x" OR "displayName:sp-2"#, r#"\" OR "displayName:"#, "sp-2\\"] {
        let found = principals.list().search(ServicePrincipal::DISPLAY_NAME.matches(hostile)).all().await.unwrap();
        assert!(found.is_empty(), "{hostile}: {} found", found.len());
    }
    let found = principals.list().search(ServicePrincipal::DISPLAY_NAME.matches("SP-2")).all().await.unwrap();
    assert_eq!(found.len(), 1, "the fake finds what a search asks for");
    // The same value pasted into the string form widens what is read.
    // (`ne` makes it an advanced query: `count()` asks for its parameters.)
    let pasted = format!("appId eq '{}'", "x' or appId ne '");
    assert_eq!(principals.list().filter_unchecked(&pasted).count().all().await.unwrap().len(), 2);
    // The typed form finds what it asks for.
    let filter = compare("appId", Op::Eq, Literal::of("00000000-0000-0000-0000-000000000001").unwrap());
    let found = principals.list().filter_by(&filter).all().await.unwrap();
    assert_eq!(found.iter().map(|p| p.id.value().cloned().unwrap_or_default()).collect::<Vec<_>>(), ["sp-1"]);
}

/// A `Where` on the list's item type, from `Property` constants (declared
/// here as the generator will declare them on each model type): what the
/// loopback fake receives is the same filter, and it finds what it asks for.
#[tokio::test]
async fn typed_properties_filter_the_list_of_their_type() {
    use graph_sync::runtime::Property;
    use graph_sync::v1::models::ServicePrincipal;
    const APP_ID: Property<ServicePrincipal, String> = Property::new("appId");
    const ID: Property<ServicePrincipal, String> = Property::new("id");

    let graph = FakeGraph::start().await;
    for id in ["sp-1", "sp-2", "sp-3"] {
        graph.add_service_principal(id);
    }
    graph.set_app_id("sp-2", "app-2");
    let principals = graph.client().v1().service_principals();
    let filter = APP_ID.eq("app-2").or(ID.is_in(["sp-3", "x' or id ne '"]));
    let found = principals.list().filter(filter.clone()).all().await.unwrap();
    let ids: Vec<String> = found.iter().map(|p| p.id.value().cloned().unwrap_or_default()).collect();
    assert_eq!(ids, ["sp-2", "sp-3"]);
    let received = graph.requests().pop().unwrap().query.unwrap();
    let decoded = percent_encoding::percent_decode_str(&received).decode_utf8().unwrap().into_owned();
    assert_eq!(decoded, "$filter=appId eq 'app-2' or id in ('sp-3','x'' or id ne ''')");
    assert_eq!(reading::filter(&decoded["$filter=".len()..]).unwrap(), filter.into_filter().unwrap());
}

/// A documented query option as the client writes it on the wire: each name
/// and value percent-encoded as the runtime encodes them (everything but
/// OData's unreserved characters, and `$` in a name).
fn encoded(documented_query: &str) -> String {
    use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
    const VALUE: &percent_encoding::AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
    const NAME: &percent_encoding::AsciiSet = &VALUE.remove(b'$').remove(b'@');
    let options: Vec<String> = documented_query
        .split('&')
        .map(|option| {
            let (name, value) = option.split_once('=').unwrap();
            format!("{}={}", utf8_percent_encode(name, NAME), utf8_percent_encode(value, VALUE))
        })
        .collect();
    options.join("&")
}

/// Every documented query of the provisioning-log, application-template and
/// service-principal pages (and the provisioning tutorials), written with the
/// generated constants, reaches a loopback server byte for byte as the
/// documentation writes it (after the same percent-encoding), with the
/// `ConsistencyLevel` header where the page sends one; the fake answers each.
///
/// Where a page and the schema disagree, the schema wins and the test says
/// so: v1.0's `servicePrincipal` has no `publisherName` (the v1.0 page's
/// `$select` names it; beta has it), the provisioning logs' `statusInfo` is
/// the pre-2021 name of `provisioningStatusInfo`, and pages spell `jobid`
/// and `serviceprincipals` in other cases than the schema (Graph matches
/// names without regard to case).
#[tokio::test]
async fn every_documented_query_reaches_a_loopback_server_as_documented() {
    use graph_sync::beta::models::ServicePrincipal as BetaPrincipal;
    use graph_sync::runtime::{ListRequest, Navigation, Selectable};
    use graph_sync::v1::models::{
        Application, ApplicationTemplate, DirectoryObject, ProvisionedIdentity, ProvisioningObjectSummary as Log,
        ProvisioningResult, ProvisioningStatusInfo, ServicePrincipal, SynchronizationJob,
    };
    // `owners` is not in the slice (an entity's navigation is not followed):
    // declared here as the generator declares the navigation it keeps.
    const OWNERS: Navigation<ServicePrincipal, Vec<DirectoryObject>> = Navigation::new("owners");

    let graph = FakeGraph::start().await;
    graph.add_service_principal("sp-1");
    let (v1, beta) = (graph.client().v1(), graph.client().beta());
    async fn sent<T: serde::de::DeserializeOwned>(graph: &FakeGraph, list: ListRequest<T>) -> ReceivedRequest {
        list.send().await.unwrap();
        graph.requests().pop().unwrap()
    }
    fn expect(received: ReceivedRequest, path: &str, documented: &str, consistency: Option<&str>) {
        assert_eq!(received.path, path);
        assert_eq!(received.query.as_deref(), Some(encoded(documented).as_str()), "{documented}");
        let level = received.headers.get("consistencylevel").map(|v| v.to_str().unwrap());
        assert_eq!(level, consistency, "{documented}");
    }
    let since = DateTimeOffset::from_wire("2026-05-01T00:00:00Z");
    let status = Log::PROVISIONING_STATUS_INFO.then(&ProvisioningStatusInfo::STATUS);
    let logs = v1.audit_logs().provisioning();
    let templates = v1.application_templates();
    let principals = v1.service_principals();
    // provisioningobjectsummary-list, its attribute table, and the
    // tutorials ("Configure provisioning using Microsoft Graph APIs",
    // API-driven inbound provisioning).
    expect(
        sent(&graph, logs.list().filter(Log::ID.eq("74c3b0ae-9cc5-850e-e0a5-7r6a4231de87"))).await,
        "/v1.0/auditLogs/provisioning",
        "$filter=id eq '74c3b0ae-9cc5-850e-e0a5-7r6a4231de87'",
        None,
    );
    expect(sent(&graph, logs.list().top(20)).await, "/v1.0/auditLogs/provisioning", "$top=20", None);
    expect(
        sent(&graph, logs.list().filter(Log::JOB_ID.eq("API2AAD.1d1b2b8e"))).await,
        "/v1.0/auditLogs/provisioning",
        "$filter=jobId eq 'API2AAD.1d1b2b8e'",
        None,
    );
    expect(
        sent(&graph, logs.list().filter(status.eq(ProvisioningResult::Failure))).await,
        "/v1.0/auditLogs/provisioning",
        "$filter=provisioningStatusInfo/status eq 'failure'",
        None,
    );
    expect(
        sent(&graph, logs.list().filter(Log::ACTIVITY_DATE_TIME.ge(since.clone()))).await,
        "/v1.0/auditLogs/provisioning",
        "$filter=activityDateTime ge 2026-05-01T00:00:00Z",
        None,
    );
    expect(
        sent(&graph, logs.list().filter(Log::SOURCE_IDENTITY.then(&ProvisionedIdentity::ID).eq("701984"))).await,
        "/v1.0/auditLogs/provisioning",
        "$filter=sourceIdentity/id eq '701984'",
        None,
    );
    expect(
        sent(
            &graph,
            logs.list().filter(Log::ACTIVITY_DATE_TIME.ge(since)).top(500).order_by([Log::ACTIVITY_DATE_TIME.desc()]),
        )
        .await,
        "/v1.0/auditLogs/provisioning",
        "$filter=activityDateTime ge 2026-05-01T00:00:00Z&$top=500&$orderby=activityDateTime desc",
        None,
    );
    // applicationtemplate-list and the tutorials.
    expect(
        sent(&graph, templates.list().filter(ApplicationTemplate::DISPLAY_NAME.contains("salesf"))).await,
        "/v1.0/applicationTemplates",
        "$filter=contains(displayName, 'salesf')",
        None,
    );
    expect(
        sent(&graph, templates.list().filter(ApplicationTemplate::CATEGORIES.any(|c| c.contains("myCategory")))).await,
        "/v1.0/applicationTemplates",
        "$filter=categories/any(c:contains(c, 'myCategory'))",
        None,
    );
    expect(
        sent(&graph, templates.list().filter(ApplicationTemplate::DISPLAY_NAME.eq("AWS Single-Account Access"))).await,
        "/v1.0/applicationTemplates",
        "$filter=displayName eq 'AWS Single-Account Access'",
        None,
    );
    expect(
        sent(&graph, templates.list().filter(ApplicationTemplate::DISPLAY_NAME.eq("Amazon Web Services (AWS)"))).await,
        "/v1.0/applicationTemplates",
        "$filter=displayName eq 'Amazon Web Services (AWS)'",
        None,
    );
    // serviceprincipal-list, and the lookup by appId.
    expect(
        sent(&graph, principals.list().filter(ServicePrincipal::APP_ID.eq("00000000-0000-0000-0000-000000000001")))
            .await,
        "/v1.0/servicePrincipals",
        "$filter=appId eq '00000000-0000-0000-0000-000000000001'",
        None,
    );
    expect(
        sent(
            &graph,
            principals
                .list()
                .filter(ServicePrincipal::DISPLAY_NAME.starts_with("a"))
                .count()
                .top(1)
                .order_by([ServicePrincipal::DISPLAY_NAME.asc()]),
        )
        .await,
        "/v1.0/servicePrincipals",
        "$filter=startswith(displayName, 'a')&$count=true&$top=1&$orderby=displayName",
        Some("eventual"),
    );
    let team = BetaPrincipal::DISPLAY_NAME.matches("Team");
    let shown: [&dyn Selectable<BetaPrincipal>; 5] = [
        &BetaPrincipal::ACCOUNT_ENABLED,
        &BetaPrincipal::DISPLAY_NAME,
        &BetaPrincipal::PUBLISHER_NAME,
        &BetaPrincipal::SERVICE_PRINCIPAL_TYPE,
        &BetaPrincipal::SIGN_IN_AUDIENCE,
    ];
    let documented = "$search=\"displayName:Team\"&$count=true\
                      &$select=accountEnabled,displayName,publisherName,servicePrincipalType,signInAudience";
    let received = sent(&graph, beta.service_principals().list().search(team).count().select(&shown)).await;
    expect(received, "/beta/servicePrincipals", documented, Some("eventual"));
    expect(
        sent(
            &graph,
            principals
                .list()
                .filter(OWNERS.count().eq(0).or(OWNERS.count().eq(1)))
                .select(&[&ServicePrincipal::ID, &ServicePrincipal::DISPLAY_NAME]),
        )
        .await,
        "/v1.0/servicePrincipals",
        "$filter=owners/$count eq 0 or owners/$count eq 1&$count=true&$select=id,displayName",
        Some("eventual"),
    );
    // The advanced-queries page, on the resources of the slice.
    expect(sent(&graph, principals.list().count()).await, "/v1.0/servicePrincipals", "$count=true", Some("eventual"));
    expect(
        sent(&graph, v1.applications().list().search(Application::DISPLAY_NAME.matches("Browser"))).await,
        "/v1.0/applications",
        "$search=\"displayName:Browser\"",
        Some("eventual"),
    );
    expect(
        sent(&graph, v1.applications().list().order_by([Application::DISPLAY_NAME.asc()])).await,
        "/v1.0/applications",
        "$orderby=displayName&$count=true",
        Some("eventual"),
    );
    // Jobs of a principal by their template.
    expect(
        sent(
            &graph,
            v1.service_principal("sp-1")
                .synchronization()
                .jobs()
                .list()
                .filter(SynchronizationJob::TEMPLATE_ID.eq("AD2AADProvisioning")),
        )
        .await,
        "/v1.0/servicePrincipals/sp-1/synchronization/jobs",
        "$filter=templateId eq 'AD2AADProvisioning'",
        None,
    );
}

/// Graph's advanced queries on directory objects (`$count`, and filters with
/// `ne`, `not` or `endswith`) need `ConsistencyLevel: eventual` (and
/// `$count=true`): set when the query needs it, once, and never over the
/// caller's own value.
#[test]
fn advanced_queries_say_consistency_level_eventual() {
    use graph_sync::v1::models::ServicePrincipal;
    let client = Client::new(StaticToken::new("token"));
    let principals = client.v1().service_principals();
    let sent = |list: graph_sync::runtime::ListRequest<ServicePrincipal>| {
        let http = list.first_page().to_http().unwrap();
        let levels: Vec<String> =
            http.headers().get_all("consistencylevel").iter().map(|v| v.to_str().unwrap().to_owned()).collect();
        let query = percent_encoding::percent_decode_str(http.uri().query().unwrap_or_default())
            .decode_utf8()
            .unwrap()
            .into_owned();
        (levels, query)
    };
    let plain = sent(principals.list().filter(ServicePrincipal::APP_ID.eq("x")));
    assert_eq!(plain, (vec![], "$filter=appId eq 'x'".to_owned()));
    let ends = sent(principals.list().filter(ServicePrincipal::DISPLAY_NAME.ends_with("app")));
    assert_eq!(ends, (vec!["eventual".to_owned()], "$filter=endswith(displayName, 'app')&$count=true".to_owned()));
    let not = sent(principals.list().filter(ServicePrincipal::APP_ID.eq("x").not()).count());
    assert_eq!(not, (vec!["eventual".to_owned()], "$filter=not appId eq 'x'&$count=true".to_owned()));
    let own = sent(principals.list().header("ConsistencyLevel", "session").count());
    assert_eq!(own, (vec!["session".to_owned()], "$count=true".to_owned()));
    let again = sent(principals.list().count().header("ConsistencyLevel", "eventual"));
    assert_eq!(again, (vec!["eventual".to_owned()], "$count=true".to_owned()), "sent once");
    // Ordering a filtered list of directory objects is an advanced query, in either order of the calls.
    let ordered = sent(
        principals.list().order_by([ServicePrincipal::DISPLAY_NAME.asc()]).filter(ServicePrincipal::APP_ID.eq("x")),
    );
    assert_eq!(ordered, (vec!["eventual".to_owned()], "$orderby=displayName&$count=true&$filter=appId eq 'x'".into()));
    // A second filter replaces the first: one `$filter` is sent.
    let twice =
        sent(principals.list().filter(ServicePrincipal::APP_ID.eq("x")).filter(ServicePrincipal::APP_ID.eq("y")));
    assert_eq!(twice, (vec![], "$filter=appId eq 'y'".to_owned()));
    // The provisioning logs are no directory objects: nothing is added.
    use graph_sync::v1::models::ProvisioningObjectSummary as Log;
    let logs = client.v1().audit_logs().provisioning();
    let list = logs.list().filter(Log::JOB_ID.ne("x")).order_by([Log::ACTIVITY_DATE_TIME.desc()]);
    let http = list.first_page().to_http().unwrap();
    assert!(http.headers().get("consistencylevel").is_none());
    let query = percent_encoding::percent_decode_str(http.uri().query().unwrap()).decode_utf8().unwrap().into_owned();
    assert_eq!(query, "$filter=jobId ne 'x'&$orderby=activityDateTime desc");
}

/// The fake answers advanced queries on directory objects as Graph does: a
/// `$search` without `ConsistencyLevel: eventual`, or a filter with `ne`
/// (or an `$orderby`) without it and `$count=true`, is a `400`; `$count`
/// without the header is ignored. The typed forms send what each needs, so
/// the fake answers them; the same queries said unchecked are refused, also
/// inside a `$batch` (whose items carry their own headers).
#[tokio::test]
async fn the_fake_refuses_advanced_queries_without_their_parameters_as_graph_does() {
    use graph_sync::v1::models::ServicePrincipal as Principal;
    let graph = FakeGraph::start().await;
    for id in ["sp-1", "sp-2"] {
        graph.add_service_principal(id);
    }
    let principals = graph.client().v1().service_principals();
    let refused = |error: graph_sync::Error| {
        assert_eq!(error.status(), Some(http::StatusCode::BAD_REQUEST), "{error}");
        assert_eq!(error.graph_error().map(|e| e.code.as_str()), Some("Request_UnsupportedQuery"), "{error}");
    };
    refused(principals.list().search_unchecked("\"displayName:sp\"").send().await.unwrap_err());
    refused(principals.list().filter_unchecked("appId ne 'x'").send().await.unwrap_err());
    refused(principals.list().order_by_unchecked("displayName").send().await.unwrap_err());
    let counted = principals.list().top(1).header("ConsistencyLevel", "session").count();
    refused(counted.filter_unchecked("not (id eq 'sp-1')").send().await.unwrap_err());
    // The typed forms are answered, and find what they ask for.
    let searched = principals.list().search(Principal::DISPLAY_NAME.matches("sp")).all().await.unwrap();
    assert_eq!(searched.len(), 2);
    let others = principals.list().filter(Principal::ID.ne("sp-1")).order_by([Principal::ID.desc()]).send();
    let page = others.await.unwrap();
    assert_eq!(page.value.iter().filter_map(|p| p.id.as_deref()).collect::<Vec<_>>(), ["sp-2"]);
    assert_eq!(page.count, Some(1));
    // `$count=true` without the header: no count, as Graph ignores it.
    let unheaded = principals.list().filter_unchecked("id eq 'sp-1'");
    let unheaded = graph_sync::runtime::ListRequest::<Principal>::from_url(
        graph.client().v1().client(),
        &format!("{}&$count=true", unheaded.first_page().to_http().unwrap().uri()),
    );
    assert_eq!(unheaded.send().await.unwrap().count, None);
    // In a batch, each item says its own headers.
    let mut batch = graph.client().batch();
    let typed = batch.add(principals.list().filter(Principal::ID.ne("sp-1")).first_page().clone());
    let unchecked = batch.add(principals.list().filter_unchecked("id ne 'sp-1'").first_page().clone());
    let mut results = batch.send().await;
    assert_eq!(results.take(typed).unwrap().value.len(), 1);
    refused(results.take(unchecked).unwrap_err());
}

/// A compound key's parts are literals too: a hostile string key reaches a
/// loopback server as one quoted literal inside the key's parentheses (its
/// `'` doubled, its `,`, `=`, `)` and `/` percent-encoded), and a `Guid`
/// that is not one is never sent.
#[tokio::test]
async fn compound_key_parts_reach_a_loopback_server_as_literals() {
    use graph_sync::runtime::{NoContent, Request, Resource};
    use graph_sync::Guid;
    use wiremock::{matchers::method, Mock, MockServer, ResponseTemplate};

    let server = MockServer::start().await;
    Mock::given(method("DELETE")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = Client::builder(StaticToken::new("token")).root(server.uri()).build();
    let set = Resource::entity_set(client.v1().client().clone(), "Order_Details");
    let hostile = "a',ProductID=1)/Customers('x";
    let delete: Request<NoContent> = set.compound_key(&[("Name", &hostile), ("ProductID", &11)]).delete();
    delete.send().await.unwrap();
    let received = server.received_requests().await.unwrap();
    let path = received[0].url.path().to_owned();
    assert_eq!(path, "/v1.0/Order_Details(Name='a''%2CProductID%3D1%29%2FCustomers%28''x',ProductID=11)");
    // Decoded as the service decodes it: one string literal, then the other part.
    let decoded = percent_encoding::percent_decode_str(&path).decode_utf8().unwrap().into_owned();
    let key = decoded.strip_prefix("/v1.0/Order_Details(").and_then(|k| k.strip_suffix(')')).unwrap();
    let (name, rest) =
        key.strip_prefix("Name='").unwrap().split_at(key.len() - "Name='".len() - "',ProductID=11".len());
    assert_eq!((name.replace("''", "'"), rest), (hostile.to_owned(), "',ProductID=11"));

    let refused: Request<NoContent> = set.compound_key(&[("Id", &Guid::from_wire("1,ProductID=2"))]).delete();
    assert!(refused.send().await.is_err());
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "nothing more was sent");
}
