//! Bad input gives a clear error with `file:line:column`, never a panic.

mod support;

use codegen::model::Model;
use codegen::select::select;
use codegen::settings::Selection;

use support::{assert_error, schema, HEAD, TAIL};

/// Reads `text`, expecting it to be read with a warning printed as
/// `bad.xml:{location}: warning: ...{message}...`.
#[track_caller]
fn assert_warning(text: &str, location: &str, message: &str) {
    let model = Model::from_bytes("bad.xml", text.as_bytes()).unwrap_or_else(|e| panic!("must be read: {e}"));
    let printed: Vec<String> = model.warnings.iter().map(ToString::to_string).collect();
    let expected = format!("bad.xml:{location}: warning: ");
    assert!(
        printed.iter().any(|w| w.starts_with(&expected) && w.contains(message)),
        "`{expected}...{message}` not in {printed:#?}"
    );
}

/// Selecting `root` from `text` fails with `message`.
#[track_caller]
fn assert_slice_error(text: &str, root: &str, message: &str) {
    let model = Model::from_bytes("bad.xml", text.as_bytes()).unwrap_or_else(|e| panic!("must be read: {e}"));
    let selection = Selection { roots: vec![root.into()], ..Selection::default() };
    let error = select(&model, &selection).expect_err("the slice must be refused");
    assert!(error.to_string().starts_with(message), "`{message}` does not start {error}");
}

#[test]
fn not_xml() {
    assert_error("this is not XML", "1:1", "content before the root element");
    assert_error("", "1:1", "no root element");
    assert_error("<?xml version=\"1.0\"?>\n", "2:1", "no root element");
    assert_error(
        "<edmx:Edmx Version=\"4.0\" xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\">\n<a></b>",
        "2:4",
        "not well-formed XML",
    );
    assert_error(&schema("<ComplexType Name=\"x\" Name=\"y\"/>\n"), "4:1", "not well-formed XML");
    assert_error(
        &schema("<ComplexType Name=\"x\" Abstract=\"true\" Name=\"y\"/>\n"),
        "4:1",
        "not well-formed XML: attribute `Name` is given twice",
    );
    // Bytes that are not UTF-8, in a value the reader reads or in one it drops.
    for attribute in ["Name=\"x\u{1}\"", "Extra=\"x\u{1}\" Name=\"x\""] {
        let text = schema(&format!("<ComplexType {attribute}/>\n")).replace('\u{1}', "\u{e9}");
        let mut bytes = text.into_bytes();
        let at = bytes.windows(2).position(|w| w == "\u{e9}".as_bytes()).unwrap();
        bytes[at] = 0xFF; // a byte UTF-8 never has
        let error = Model::from_bytes("bad.xml", &bytes).expect_err("not UTF-8");
        let column = at - bytes[..at].iter().rposition(|&b| b == b'\n').unwrap();
        assert_eq!(
            error.to_string(),
            format!("bad.xml:4:{column}: not well-formed XML: the document is not UTF-8 text")
        );
    }
    // An attribute the reader does not read may be repeated: it is dropped either way.
    let repeated = schema("<ComplexType Name=\"x\" Extra=\"1\" Extra=\"2\"/>\n");
    let model = Model::from_bytes("bad.xml", repeated.as_bytes()).expect("an unread attribute is dropped");
    assert_eq!(model.types.len(), 1);
    assert_error(&schema("<ComplexType Name=\"a&bogus;\"/>\n"), "4:1", "not well-formed XML");
}

#[test]
fn truncated() {
    let full = schema("<ComplexType Name=\"x\">\n<Property Name=\"p\" Type=\"Edm.String\"/>\n</ComplexType>\n");
    let cut = &full[..full.find("</ComplexType>").unwrap()];
    assert_error(cut, "6:1", "<ComplexType> is never closed (is the file truncated?)");
    for cut in (1..full.len()).step_by(7) {
        let error = Model::from_bytes("bad.xml", &full.as_bytes()[..cut]).expect_err("a cut document is refused");
        assert!(error.location.line >= 1, "{error}");
    }
}

#[test]
fn wrong_root() {
    assert_error("<root/>", "1:1", "found <root>");
    assert_error(
        "<edmx:Edmx Version=\"1.0\" xmlns:edmx=\"http://schemas.microsoft.com/ado/2007/06/edmx\"/>",
        "1:1",
        "in namespace \"http://schemas.microsoft.com/ado/2007/06/edmx\"",
    );
    assert_error("<Edmx Version=\"4.0\"/>", "1:1", "found <Edmx>");
    assert_error(
        "<edmx:Edmx Version=\"4.0\" xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\"/>",
        "1:1",
        "has no <edmx:DataServices>",
    );
    assert_error(&format!("{}\n<extra/>", schema("")), "8:1", "after the closing </edmx:Edmx>");
}

#[test]
fn missing_or_invalid_attributes() {
    assert_error(
        &schema("<ComplexType>\n</ComplexType>\n"),
        "4:1",
        "<ComplexType> is missing its required attribute `Name`",
    );
    assert_error(
        &schema("<ComplexType Name=\"x\">\n  <Property Name=\"p\"/>\n</ComplexType>\n"),
        "5:3",
        "<Property> is missing its required attribute `Type`",
    );
    assert_error(
        &schema(
            "<ComplexType Name=\"x\">\n  <Property Name=\"p\" Type=\"Edm.String\" Nullable=\"yes\"/>\n</ComplexType>\n",
        ),
        "5:3",
        "Nullable=\"yes\", but Nullable must be an xs:boolean (`true`, `false`, `1` or `0`)",
    );
    assert_error(
        &schema("<EnumType Name=\"e\">\n <Member Name=\"a\" Value=\"one\"/>\n</EnumType>\n"),
        "5:2",
        "Value must be an integer",
    );
    assert_error(
        &schema("<TypeDefinition Name=\"d\" UnderlyingType=\"Edm.String\" MaxLength=\"-1\"/>\n"),
        "4:1",
        "MaxLength",
    );
    assert_error(
        "<edmx:Edmx xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\"><edmx:DataServices/></edmx:Edmx>",
        "1:1",
        "<edmx:Edmx> is missing its required attribute `Version`",
    );
}

#[test]
fn unknown_type_references_are_warnings_and_errors_of_a_slice_that_needs_them() {
    assert_warning(
        &schema("<ComplexType Name=\"x\">\n  <Property Name=\"p\" Type=\"t.missing\"/>\n</ComplexType>\n"),
        "5:3",
        "unknown type `t.missing`",
    );
    assert_warning(
        &schema("<ComplexType Name=\"x\">\n  <Property Name=\"p\" Type=\"t.X\"/>\n</ComplexType>\n"),
        "5:3",
        "did you mean `t.x`?",
    );
    assert_warning(
        &schema("<ComplexType Name=\"x\">\n  <Property Name=\"p\" Type=\"Collection(nope.x)\"/>\n</ComplexType>\n"),
        "5:3",
        "uses the namespace or alias `nope`",
    );
    assert_warning(
        &schema("<ComplexType Name=\"x\">\n  <Property Name=\"p\" Type=\"Edm.Strin\"/>\n</ComplexType>\n"),
        "5:3",
        "unknown type `Edm.Strin` (no such Edm type)",
    );
    // A base type is structure, not a member: an unknown one is an error.
    assert_error(&schema("<ComplexType Name=\"x\" BaseType=\"t.y\"/>\n"), "4:1", "unknown type `t.y`");
    assert_warning(
        &schema("<Function Name=\"f\"><ReturnType Type=\"t.f\"/></Function>\n"),
        "4:20",
        "an operation has that name, but a type is needed here",
    );
    assert_warning(
        &schema("<EntityContainer Name=\"c\">\n <EntitySet Name=\"s\" EntityType=\"t.nope\"/>\n</EntityContainer>\n"),
        "5:2",
        "unknown type `t.nope`",
    );
    assert_warning(
        &schema("<ComplexType Name=\"x\"/>\n<EntityContainer Name=\"c\">\n <EntitySet Name=\"s\" EntityType=\"t.x\"/>\n</EntityContainer>\n"),
        "6:2",
        "`t.x` is not an entity type",
    );
    // Selected, the type with the unknown member makes the slice wrong.
    let text = schema("<ComplexType Name=\"x\">\n  <Property Name=\"p\" Type=\"t.missing\"/>\n</ComplexType>\n");
    assert_slice_error(&text, "t.x", "bad.xml:5:3: the slice cannot be generated: unknown type `t.missing`");
}

#[test]
fn duplicates() {
    assert_error(
        &schema("<ComplexType Name=\"x\"/>\n<EntityType Name=\"x\"/>\n"),
        "5:1",
        "type `t.x` is defined twice (first at bad.xml:4:1)",
    );
    assert_error(
        &schema("<ComplexType Name=\"x\">\n <Property Name=\"p\" Type=\"Edm.String\"/>\n <NavigationProperty Name=\"p\" Type=\"t.x\"/>\n</ComplexType>\n"),
        "6:2",
        "property `x/p` is defined twice (first at bad.xml:5:2)",
    );
    assert_error(
        &schema("<EnumType Name=\"e\"><Member Name=\"a\"/><Member Name=\"a\"/></EnumType>\n"),
        "4:38",
        "enum member `e/a` is defined twice",
    );
    let two = format!("{HEAD}</Schema>\n<Schema Namespace=\"t\">\n{TAIL}");
    assert_error(&two, "5:1", "schema namespace or alias `t` is defined twice");
}

#[test]
fn base_type_problems() {
    assert_error(
        &schema("<ComplexType Name=\"a\" BaseType=\"t.b\"/>\n<ComplexType Name=\"b\" BaseType=\"t.c\"/>\n<ComplexType Name=\"c\" BaseType=\"t.a\"/>\n"),
        "4:1",
        "base-type cycle: t.a -> t.b -> t.c -> t.a",
    );
    assert_error(&schema("<EntityType Name=\"a\" BaseType=\"t.a\"/>\n"), "4:1", "base-type cycle: t.a -> t.a");
    assert_error(
        &schema("<ComplexType Name=\"a\"/>\n<EntityType Name=\"b\" BaseType=\"t.a\"/>\n"),
        "5:1",
        "`t.b` cannot have base type `t.a`",
    );
}

#[test]
fn key_names_a_missing_property() {
    let text = schema("<EntityType Name=\"e\">\n <Key><PropertyRef Name=\"id\"/></Key>\n <Property Name=\"name\" Type=\"Edm.String\"/>\n</EntityType>\n");
    assert_slice_error(&text, "t.e", "bad.xml:4:1: the slice cannot be generated: the key of `t.e` names `id`");
    assert_warning(
        &schema("<EntityType Name=\"e\">\n <Key><PropertyRef Name=\"id\"/></Key>\n <Property Name=\"name\" Type=\"Edm.String\"/>\n</EntityType>\n"),
        "4:1",
        "the key of `t.e` names `id`, which is not a property of `t.e`",
    );
}

#[test]
fn operations() {
    assert_warning(
        &schema("<Action Name=\"a\" IsBound=\"true\"/>\n"),
        "4:1",
        "action `a` is bound (IsBound=\"true\") but has no parameters",
    );
    assert_warning(
        &schema("<EntityContainer Name=\"c\"><ActionImport Name=\"i\" Action=\"t.none\"/></EntityContainer>\n"),
        "4:27",
        "no action of that name",
    );
}

#[test]
fn nesting_is_bounded() {
    let deep = "<Collection>".repeat(200) + &"</Collection>".repeat(200);
    let text =
        schema(&format!("<Annotations Target=\"t\"><Annotation Term=\"x.y\">{deep}</Annotation></Annotations>\n"));
    let error = Model::from_bytes("bad.xml", text.as_bytes()).unwrap_err();
    assert!(error.to_string().contains("nested more than 100 levels deep"), "{error}");
    // Unknown elements are skipped without recursion, however deep.
    let deep = "<Foreign>".repeat(20_000) + &"</Foreign>".repeat(20_000);
    let model = Model::from_bytes("deep.xml", schema(&deep).as_bytes()).unwrap();
    assert!(model.types.is_empty());
}

/// Deterministic mutations of a valid document: every one is either read or
/// refused with a located error, and none panics.
#[test]
fn mutated_documents_never_panic() {
    let small = include_bytes!("fixtures/small.csdl").to_vec();
    let mut documents = vec![("small.csdl".to_owned(), small)];
    if let Some((name, bytes)) = support::real_document("beta-Review-2026-08.csdl") {
        documents.push((name, bytes));
    }
    const PIECES: &[&[u8]] = &[
        b"<",
        b">",
        b"/>",
        b"\"",
        b"&",
        b"&amp;",
        b"Collection(",
        b")",
        b"Edm.",
        b".",
        b"/",
        b"\n",
        b"\xff",
        b"</Schema>",
    ];
    let mut refused = 0;
    for (name, original) in &documents {
        for bytes in support::mutations(original, 300, PIECES, 0x9e37_79b9_7f4a_7c15) {
            if let Err(error) = Model::from_bytes(name, &bytes) {
                refused += 1;
                let location = &error.location;
                assert!(location.line >= 1 && location.column >= 1);
                assert!(error.to_string().starts_with(&format!("{name}:{}:{}: ", location.line, location.column)));
            }
        }
    }
    assert!(refused > 100, "mutations should mostly break the document, {refused} refused");
}
