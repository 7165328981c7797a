//! `$filter` expressions built as data (`runtime::query::Filter`): no value a
//! caller passes changes the structure of what is sent, shown by what a
//! loopback server receives and by parsing it back into the same tree.

use graph_sync::runtime::query::{Filter, Literal, Op, PropertyPath, Quantifier, TextFunction};
use graph_sync::testing::FakeGraph;
use graph_sync::{Client, DateTimeOffset, StaticToken};
use proptest::prelude::*;

fn path(text: &str) -> PropertyPath {
    PropertyPath::new(text.split('/'))
}

fn compare(p: &str, op: Op, value: Literal) -> Filter {
    Filter::Compare { path: path(p), op, value }
}

/// The `$filter` of a list request as the server reads it: percent-decoded.
fn sent_filter(filter: &Filter) -> String {
    let client = Client::new(StaticToken::new("token"));
    let http = client.v1().service_principals().list().filter_by(filter).first_page().to_http().unwrap();
    let query = http.uri().query().unwrap().to_owned();
    let encoded = query.strip_prefix("$filter=").expect("only $filter");
    percent_encoding::percent_decode_str(encoded).decode_utf8().unwrap().into_owned()
}

/// Filters of any shape over the given literals.
fn filters() -> impl Strategy<Value = Filter> {
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
        (names.clone(), ops, literal.clone()).prop_map(|(p, op, value)| compare(p, op, value)),
        (names.clone(), any::<String>()).prop_map(|(p, text)| Filter::Text {
            function: TextFunction::StartsWith,
            path: path(p),
            text
        }),
        (names, proptest::collection::vec(literal.clone(), 1..4))
            .prop_map(|(p, values)| Filter::In { path: path(p), values }),
        literal.prop_map(|value| Filter::Lambda {
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
            inner.prop_map(Filter::not),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever strings, numbers and dates a filter holds, the text sent (after
    /// the request's percent-encoding, decoded as a server decodes it) parses
    /// back into the very tree that was built.
    #[test]
    fn no_value_changes_the_structure_of_the_expression(filter in filters()) {
        let sent = sent_filter(&filter);
        prop_assert_eq!(Filter::parse(&sent).unwrap(), filter);
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
        assert_eq!(Filter::parse(text).unwrap(), filter, "{hostile}: received {text}");
    }
    // The same value pasted into the string form widens what is read.
    let pasted = format!("appId eq '{}'", "x' or appId ne '");
    assert_eq!(principals.list().filter(&pasted).all().await.unwrap().len(), 2);
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
    let found = principals.list().filter_where(filter.clone()).all().await.unwrap();
    let ids: Vec<String> = found.iter().map(|p| p.id.value().cloned().unwrap_or_default()).collect();
    assert_eq!(ids, ["sp-2", "sp-3"]);
    let received = graph.requests().pop().unwrap().query.unwrap();
    let decoded = percent_encoding::percent_decode_str(&received).decode_utf8().unwrap().into_owned();
    assert_eq!(decoded, "$filter=appId eq 'app-2' or id in ('sp-3','x'' or id ne ''')");
    assert_eq!(Filter::parse(&decoded["$filter=".len()..]).unwrap(), filter.into_filter().unwrap());
}

/// The documented lookups, written with the generated property constants,
/// reach the server as the documentation writes them.
#[test]
fn the_documented_lookups_are_sent_as_documented() {
    use graph_sync::v1::models::{
        ApplicationTemplate, ProvisionedIdentity, ProvisioningObjectSummary as Log, ServicePrincipal,
    };
    let client = Client::new(StaticToken::new("token"));
    let v1 = client.v1();
    let decoded = |http: http::Request<Vec<u8>>| {
        let query = http.uri().query().unwrap_or_default().to_owned();
        percent_encoding::percent_decode_str(&query).decode_utf8().unwrap().into_owned()
    };
    let logs = v1.audit_logs().provisioning();
    let since = DateTimeOffset::from_wire("2026-05-01T00:00:00Z");
    for (filter, documented) in [
        (Log::JOB_ID.eq("API2AAD.1d1b2b8e"), "jobId eq 'API2AAD.1d1b2b8e'"),
        (Log::ACTIVITY_DATE_TIME.ge(since), "activityDateTime ge 2026-05-01T00:00:00Z"),
        (Log::SOURCE_IDENTITY.then(&ProvisionedIdentity::ID).eq("701984"), "sourceIdentity/id eq '701984'"),
    ] {
        let sent = decoded(logs.list().filter_where(filter).first_page().to_http().unwrap());
        assert_eq!(sent, format!("$filter={documented}"));
    }
    let app_id = ServicePrincipal::APP_ID.eq("00000000-0000-0000-0000-000000000001");
    let sent = decoded(v1.service_principals().list().filter_where(app_id).first_page().to_http().unwrap());
    assert_eq!(sent, "$filter=appId eq '00000000-0000-0000-0000-000000000001'");
    let gallery = ApplicationTemplate::DISPLAY_NAME.eq("AWS Single-Account Access");
    let sent = decoded(v1.application_templates().list().filter_where(gallery).first_page().to_http().unwrap());
    assert_eq!(sent, "$filter=displayName eq 'AWS Single-Account Access'");
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
    let plain = sent(principals.list().filter_where(ServicePrincipal::APP_ID.eq("x")));
    assert_eq!(plain, (vec![], "$filter=appId eq 'x'".to_owned()));
    let ends = sent(principals.list().filter_where(ServicePrincipal::DISPLAY_NAME.ends_with("app")));
    assert_eq!(ends, (vec!["eventual".to_owned()], "$filter=endswith(displayName,'app')&$count=true".to_owned()));
    let not = sent(principals.list().filter_where(ServicePrincipal::APP_ID.eq("x").not()).count());
    assert_eq!(not, (vec!["eventual".to_owned()], "$filter=not appId eq 'x'&$count=true".to_owned()));
    let own = sent(principals.list().header("ConsistencyLevel", "session").count());
    assert_eq!(own, (vec!["session".to_owned()], "$count=true".to_owned()));
    let again = sent(principals.list().count().header("ConsistencyLevel", "eventual"));
    assert_eq!(again, (vec!["eventual".to_owned()], "$count=true".to_owned()), "sent once");
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
