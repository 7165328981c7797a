//! OData CSDL XML 4.01 (and its `edm.xsd`) on the shapes the reader once
//! got wrong: small documents of the shapes found in the OData corpus
//! (`../shared/odata-corpus`, checked whole by `cargo xtask corpus-check`)
//! and in Graph's own published documents, each with the rule it follows.

mod support;

use codegen::model::{Model, Primitive, TypeTarget};
use codegen::select::{select, select_all};
use codegen::settings::{Selection, SliceSettings};

use support::{assert_error as refused, schema, HEAD};

fn read(text: &str) -> Model {
    Model::from_bytes("doc.xml", text.as_bytes()).unwrap_or_else(|e| panic!("{e}"))
}

fn warnings(model: &Model) -> Vec<String> {
    model.warnings.iter().map(ToString::to_string).collect()
}

/// Generates the whole document; every file must parse as Rust.
fn generate_all(model: &Model) -> codegen::emit::Files {
    let files = codegen::generate::generate(model, &select_all(model), &SliceSettings::default(), "doc.xml")
        .unwrap_or_else(|e| panic!("{e}"));
    for (path, text) in &files {
        syn::parse_file(text).unwrap_or_else(|e| panic!("{path} is not Rust: {e}"));
    }
    files
}

/// CSDL 8.2: an entity type has at most one `Key` (the OASIS counterexample `test1.xml`).
#[test]
fn an_entity_type_with_two_keys_is_refused_where_the_second_is() {
    let text = schema(concat!(
        "<EntityType Name=\"DoubleKey\">\n",
        "  <Key><PropertyRef Name=\"ID\"/></Key>\n",
        "  <Key><PropertyRef Name=\"FirstName\"/><PropertyRef Name=\"LastName\"/></Key>\n",
        "  <Property Name=\"ID\" Type=\"Edm.String\" Nullable=\"false\"/>\n",
        "</EntityType>\n",
    ));
    refused(&text, "6:3", "entity type `DoubleKey` has two <Key> elements; CSDL allows one");
}

/// `xs:boolean` is `true`, `false`, `1` or `0`; `True` is none of them, and
/// is read (with a located warning) because the OData .NET reader reads it.
#[test]
fn booleans_are_read_as_xs_boolean() {
    let text = schema(concat!(
        "<EntityType Name=\"e\"><Key><PropertyRef Name=\"id\"/></Key>\n",
        "  <Property Name=\"id\" Type=\"Edm.String\" Nullable=\"0\"/><Property Name=\"n\" Type=\"Edm.String\" Nullable=\"1\"/>\n",
        "</EntityType>\n",
        "<Action Name=\"a\" IsBound=\"1\"><Parameter Name=\"b\" Type=\"t.e\"/></Action>\n",
        "<Action Name=\"c\" IsBound=\"True\"><Parameter Name=\"b\" Type=\"t.e\"/></Action>\n",
    ));
    let model = read(&text);
    let e = model.structured(model.find_type("t.e").unwrap()).unwrap();
    assert!(!e.properties[0].ty.nullable && e.properties[1].ty.nullable);
    assert!(model.find_operations("t.a").iter().all(|&op| model.operation(op).is_bound));
    assert!(model.find_operations("t.c").iter().all(|&op| model.operation(op).is_bound));
    assert_eq!(
        warnings(&model),
        ["doc.xml:8:1: warning: <Action> has IsBound=\"True\", but an xs:boolean is `true`, `false`, `1` or `0` \
          (OData CSDL XML, edm.xsd); read as `true`, as the OData .NET reader does"]
    );
    refused(&schema("<Action Name=\"a\" IsBound=\"yes\"/>\n"), "4:1", "IsBound must be an xs:boolean");
}

/// XML 1.0 4.3.3: a document may be UTF-16, told by its byte-order mark.
#[test]
fn utf16_documents_with_a_byte_order_mark_read_as_their_utf8_text() {
    let text =
        schema("<ComplexType Name=\"größe\">\n  <Property Name=\"wert\" Type=\"Edm.String\"/>\n</ComplexType>\n");
    let utf8 = read(&text);
    let units: Vec<u16> = text.encode_utf16().collect();
    let little: Vec<u8> = [0xFF, 0xFE].into_iter().chain(units.iter().flat_map(|u| u.to_le_bytes())).collect();
    let big: Vec<u8> = [0xFE, 0xFF].into_iter().chain(units.iter().flat_map(|u| u.to_be_bytes())).collect();
    for bytes in [little, big] {
        let model = Model::from_bytes("doc.xml", &bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(model.types.len(), utf8.types.len());
        let ty = model.find_type("t.größe").expect("the type's name is read as text");
        assert_eq!(model.structured(ty).unwrap().properties[0].name, "wert");
        assert_eq!(model.locate(model.ty(ty).span).to_string(), "doc.xml:4:1");
    }
    // An error is located in the text (line 5, column 3) as in the UTF-8 document.
    let bad = schema("<ComplexType Name=\"c\">\n  <Property Name=\"p\"/>\n</ComplexType>\n");
    let units = bad.encode_utf16().flat_map(|u| u.to_le_bytes());
    let bytes: Vec<u8> = [0xFF, 0xFE].into_iter().chain(units).collect();
    let error = Model::from_bytes("doc.xml", &bytes).unwrap_err().to_string();
    assert!(error.starts_with("doc.xml:5:3: <Property> is missing its required attribute `Type`"), "{error}");
    // A lone surrogate is no UTF-16 text: refused where it is.
    let mut bytes: Vec<u8> =
        [0xFF, 0xFE].into_iter().chain("<edmx".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
    bytes.extend([0x00, 0xD8, b'x', 0x00]);
    let error = Model::from_bytes("doc.xml", &bytes).unwrap_err().to_string();
    assert!(error.starts_with("doc.xml:1:6: not well-formed XML: the document is not UTF-16 text"), "{error}");
}

/// CSDL 8.3: `PropertyRef/@Name` is a path to a primitive property, through
/// single-valued complex properties (`Info/ID` with `Alias="InfoID"`: the
/// specification's own example); a path that names nothing is a warning on
/// the key.
#[test]
fn key_property_paths_read_through_complex_properties() {
    let text = schema(concat!(
        "<ComplexType Name=\"info\"><Property Name=\"ID\" Type=\"Edm.Int32\" Nullable=\"false\"/></ComplexType>\n",
        "<EntityType Name=\"category\"><Key><PropertyRef Name=\"Info/ID\" Alias=\"InfoID\"/></Key>\n",
        "  <Property Name=\"Info\" Type=\"t.info\" Nullable=\"false\"/>\n",
        "</EntityType>\n",
        "<EntityType Name=\"broken\"><Key><PropertyRef Name=\"Info/Missing\" Alias=\"x\"/></Key>\n",
        "  <Property Name=\"Info\" Type=\"t.info\" Nullable=\"false\"/>\n",
        "</EntityType>\n",
    ));
    let model = read(&text);
    let key = &model.structured(model.find_type("t.category").unwrap()).unwrap().key;
    assert_eq!((key[0].name.as_str(), key[0].alias.as_deref()), ("Info/ID", Some("InfoID")));
    assert_eq!(warnings(&model).len(), 1, "{:?}", warnings(&model));
    assert!(warnings(&model)[0].contains("the key of `t.broken` names `Info/Missing`"), "{:?}", warnings(&model));
    generate_all(&model);
    refused(
        &schema("<EntityType Name=\"e\"><Key><PropertyRef Name=\"a//b\"/></Key></EntityType>\n"),
        "4:27",
        "Name must be simple identifiers joined by `/`",
    );
}

/// CSDL 4.5: the built-in abstract types may be the types of properties,
/// and `Edm.EntityType` that of a navigation property (the Core
/// vocabulary's `Value`, the Temporal vocabulary's `Timeslice`); any other
/// primitive type is still not an entity type.
#[test]
fn the_built_in_abstract_types_are_read() {
    let text = schema(concat!(
        "<ComplexType Name=\"holder\">\n",
        "  <Property Name=\"complex\" Type=\"Edm.ComplexType\"/><Property Name=\"primitive\" Type=\"Edm.PrimitiveType\"/>\n",
        "  <Property Name=\"untyped\" Type=\"Edm.Untyped\"/><Property Name=\"path\" Type=\"Edm.AnyPropertyPath\"/>\n",
        "  <NavigationProperty Name=\"Value\" Type=\"Edm.EntityType\"/><NavigationProperty Name=\"All\" Type=\"Collection(Edm.EntityType)\"/>\n",
        "</ComplexType>\n",
    ));
    let model = read(&text);
    assert!(model.warnings.is_empty(), "{:?}", warnings(&model));
    let holder = model.structured(model.find_type("t.holder").unwrap()).unwrap();
    let targets: Vec<TypeTarget> = holder.navigation_properties.iter().map(|n| n.ty.target).collect();
    assert_eq!(targets, [TypeTarget::Primitive(Primitive::EntityType); 2]);
    let files = generate_all(&model);
    assert!(files["models/t.rs"].contains("pub value: Field<serde_json::Value>"), "{}", files["models/t.rs"]);
    assert!(files["models/t.rs"].contains("pub all: Field<Vec<serde_json::Value>>"), "{}", files["models/t.rs"]);
    refused(
        &schema("<ComplexType Name=\"c\"><NavigationProperty Name=\"n\" Type=\"Edm.String\"/></ComplexType>\n"),
        "4:23",
        "`Edm.String` is a primitive type, but the type of navigation property `n` must be an entity type",
    );
}

/// `edmx:Reference`: a document may use types of the documents it
/// references, which the generator does not load. A base type there (the
/// Aggregation vocabulary, the OData .NET model-reference service) is a
/// located warning, and an error only for a slice that needs the type.
#[test]
fn base_types_of_referenced_documents_are_warnings_until_a_slice_needs_them() {
    let head = HEAD.replace(
        "<edmx:DataServices>",
        "<edmx:Reference Uri=\"https://example.org/gps.xml\"><edmx:Include Namespace=\"Org.Example.Gps\" Alias=\"GPS\"/></edmx:Reference>\n<edmx:DataServices>",
    );
    let text = schema("<EntityType Name=\"car\" BaseType=\"GPS.Vehicle\"><Property Name=\"seats\" Type=\"Edm.Int32\"/></EntityType>\n<ComplexType Name=\"plain\"/>\n")
        .replacen(HEAD, &head, 1);
    let model = read(&text);
    assert_eq!(
        warnings(&model),
        ["doc.xml:5:1: warning: unknown type `GPS.Vehicle` (namespace `Org.Example.Gps` belongs to a referenced \
          document, which is not loaded); read without its base type (nor what it would inherit)"]
    );
    assert_eq!(model.base_type(model.find_type("t.car").unwrap()), None);
    generate_all(&model);
    assert!(select(&model, &Selection { roots: vec!["t.plain".into()], ..Selection::default() }).is_ok());
    let error =
        select(&model, &Selection { roots: vec!["t.car".into()], ..Selection::default() }).unwrap_err().to_string();
    assert!(error.starts_with("doc.xml:5:1: the slice cannot be generated: unknown type `GPS.Vehicle`"), "{error}");
    // A base type that is nowhere at all is still an error.
    refused(&schema("<ComplexType Name=\"c\" BaseType=\"t.nothing\"/>\n"), "4:1", "unknown type `t.nothing`");
}

/// The committed slice of `version`, with `extra` added to its schema: the
/// slice its settings select generates exactly what the committed slice
/// generates (`extra` is outside the slice).
fn generates_as_committed(version: &str, document: &str, settings: &str, extra: &str) -> Vec<String> {
    let settings = SliceSettings::from_toml("slice.toml", settings).unwrap();
    let generate = |text: &str| {
        let model = Model::from_bytes("synchronization.csdl", text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        let slice = select(&model, &settings.selection).unwrap_or_else(|e| panic!("{e}"));
        let files = codegen::generate::generate(&model, &slice, &settings, "synchronization.csdl").unwrap();
        (files, warnings(&model))
    };
    let (committed, none) = generate(document);
    assert!(none.is_empty(), "{version}: {none:?}");
    let at = document.find("    </Schema>").expect("the slice has a schema");
    let (files, warnings) = generate(&format!("{}{extra}{}", &document[..at], &document[at..]));
    assert_eq!(files, committed, "{version}: the added types change the generated code");
    warnings
}

/// Graph's own documents: Microsoft's cleaned v1.0 document (the input of
/// Graph's SDK generators) adds an `InnerError` whose properties are named
/// `request-id` and `client-request-id`; the beta document of 2019-11 has
/// an enum member named `Collection(String)`. Neither is a simple
/// identifier, neither is in the slice, and neither stops the slice from
/// being regenerated as it is.
#[test]
fn graph_documents_with_names_that_are_not_identifiers_regenerate_the_slice() {
    let inner_error = concat!(
        "      <ComplexType Name=\"InnerError\">\n",
        "        <Property Name=\"request-id\" Type=\"Edm.String\"/>\n",
        "        <Property Name=\"client-request-id\" Type=\"Edm.String\"/>\n",
        "      </ComplexType>\n",
    );
    let warnings = generates_as_committed(
        "v1.0",
        include_str!("../../metadata/v1.0/synchronization.csdl"),
        include_str!("../../metadata/v1.0/slice.toml"),
        inner_error,
    );
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].contains("the property of `InnerError` `request-id` is not a simple identifier"),
        "{warnings:?}"
    );
    let member = "      <EnumType Name=\"odataTypes\"><Member Name=\"Collection(String)\" Value=\"0\"/></EnumType>\n";
    let warnings = generates_as_committed(
        "beta",
        include_str!("../../metadata/beta/synchronization.csdl"),
        include_str!("../../metadata/beta/slice.toml"),
        member,
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("the member of enum `odataTypes` `Collection(String)`"), "{warnings:?}");
}
