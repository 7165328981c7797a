//! A metadata document is untrusted input: nothing in it may become code or
//! a path the client sends, and nothing in it may panic the generator. Each
//! test here is a fault a hostile or unusual document used to cause.

mod support;

use codegen::model::Model;
use codegen::select::{select, select_all};
use codegen::settings::{AnchorSetting, Generation, Selection, SliceSettings};

use support::{assert_error as refused, schema, HEAD, TAIL};

/// Generates every type and path of a document.
fn generate_all(text: &str) -> codegen::emit::Files {
    let model = Model::from_bytes("doc.xml", text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    codegen::generate::generate(&model, &select_all(&model), &SliceSettings::default(), "doc.xml")
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn type_and_namespace_names_that_are_not_simple_identifiers_are_located_errors() {
    // They are what qualified names are made of (`t.e`, `Collection(t.e)`), and type casts in URLs.
    let simple = "must be a simple identifier";
    refused(&schema("<ComplexType Name=\"½\"/>\n"), "4:1", simple);
    refused(&schema("<ComplexType Name=\"&#x663;x\"/>\n"), "4:1", simple);
    refused(&schema("<ComplexType Name=\"a&#x202E;b\"/>\n"), "4:1", simple);
    let long = "a".repeat(129);
    refused(&schema(&format!("<ComplexType Name=\"{long}\"/>\n")), "4:1", "at most 128 characters");
    let namespace = HEAD.replace("Namespace=\"t\"", "Namespace=\"a..b\"");
    refused(&format!("{namespace}{TAIL}"), "3:1", "must be simple identifiers joined by `.`");
    let alias = HEAD.replace("Namespace=\"t\"", "Namespace=\"t\" Alias=\"a/b\"");
    refused(&format!("{alias}{TAIL}"), "3:1", simple);
    refused(
        &schema("<ComplexType Name=\"c\"><Property Name=\"\" Type=\"Edm.String\"/></ComplexType>\n"),
        "4:23",
        "must be a non-empty name",
    );
}

/// A member's name that is not a simple identifier does not make the
/// document unreadable (Graph's cleaned v1.0 document has properties named
/// `request-id`; its 2019 beta an enum member named `Collection(String)`):
/// a JSON name is read with a located warning and given a Rust name; a name
/// that would be a URL segment is refused where a slice needs it, and a
/// container's child with one is left out.
#[test]
fn member_names_that_are_not_simple_identifiers_are_located_warnings() {
    let text = schema(concat!(
        "<ComplexType Name=\"innerError\">\n",
        "  <Property Name=\"request-id\" Type=\"Edm.String\"/><Property Name=\"client-request-id\" Type=\"Edm.String\"/><Property Name=\"x\\&quot;{}\" Type=\"Edm.String\"/>\n",
        "</ComplexType>\n",
        "<EnumType Name=\"kind\"><Member Name=\"Collection(String)\"/><Member Name=\"a b\"/></EnumType>\n",
        "<EntityType Name=\"e\"><Key><PropertyRef Name=\"id\"/></Key><Property Name=\"id\" Type=\"Edm.String\" Nullable=\"false\"/><NavigationProperty Name=\"x/../y\" Type=\"t.e\" ContainsTarget=\"true\"/></EntityType>\n",
        "<Action Name=\"start/../..\" IsBound=\"true\"><Parameter Name=\"b\" Type=\"t.e\"/></Action>\n",
        "<Function Name=\"f\"><Parameter Name=\"p?x=1\" Type=\"Edm.String\"/><ReturnType Type=\"Edm.String\"/></Function>\n",
        "<EntityContainer Name=\"c\"><EntitySet Name=\"../x\" EntityType=\"t.e\"/><EntitySet Name=\"es\" EntityType=\"t.e\"/></EntityContainer>\n",
    ));
    let model = Model::from_bytes("doc.xml", text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let warnings: Vec<String> = model.warnings.iter().map(ToString::to_string).collect();
    let expected = [
        "doc.xml:5:3: warning: the property of `innerError` `request-id` is not a simple identifier",
        "doc.xml:5:50: warning: the property of `innerError` `client-request-id` is not a simple identifier",
        "doc.xml:5:104: warning: the property of `innerError` `x\\\"{}` is not a simple identifier",
        "doc.xml:7:23: warning: the member of enum `kind` `Collection(String)` is not a simple identifier",
        "doc.xml:7:58: warning: the member of enum `kind` `a b` is not a simple identifier",
        "doc.xml:8:113: warning: the navigation property of `e` `x/../y` is not a simple identifier (OData CSDL 17.2), and would be a URL segment",
        "doc.xml:9:1: warning: the action `start/../..` is not a simple identifier (OData CSDL 17.2), and would be a URL segment",
        "doc.xml:10:20: warning: the parameter of function `f` `p?x=1` is not a simple identifier",
        "doc.xml:11:27: warning: the entity set `../x` is not a simple identifier (OData CSDL 17.2), and would be a URL segment; the entity set is left out",
    ];
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");
    for (warning, expected) in warnings.iter().zip(expected) {
        assert!(warning.starts_with(expected), "{warning}\n  does not start with\n{expected}");
    }
    // JSON names are kept as they are and given Rust names.
    let files = generate_all(&text);
    let models = &files["models/t.rs"];
    // (The engine's table, `properties`, names each JSON name at its field's index.)
    assert!(models.contains("/// `request-id` in JSON.\n    pub request_id: Field<String>,"), "{models}");
    assert!(models.contains("pub client_request_id: Field<String>,"), "{models}");
    assert!(models.contains("&[\"request-id\", \"client-request-id\", \"x\\\\\\\"{}\"]"), "{models}");
    assert!(models.contains("0 => &self.request_id,\n            1 => &self.client_request_id,"), "{models}");
    assert!(models.contains("\"Collection(String)\" => Some(Self::CollectionString),"), "{models}");
    assert!(models.contains("/// `x\\\"{}` in JSON.\n    pub x: Field<String>,"), "{models}");
    for (path, text) in &files {
        syn::parse_file(text).unwrap_or_else(|e| panic!("{path} is not Rust: {e}"));
        codegen::emit::audit::audit(path, text).unwrap_or_else(|e| panic!("{e}"));
    }
    // A slice of the complex and enum types selects; one that needs a URL name is refused, located.
    let selection = Selection { roots: vec!["t.innerError".into(), "t.kind".into()], ..Selection::default() };
    assert!(select(&model, &selection).is_ok());
    let selection = Selection { roots: vec!["t.e".into()], ..Selection::default() };
    let error = select(&model, &selection).unwrap_err().to_string();
    assert!(
        error.starts_with("doc.xml:8:113: the slice cannot be generated: the navigation property of `e` `x/../y`"),
        "{error}"
    );
    assert_eq!(model.containers[0].entity_sets.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["es"]);
}

#[test]
fn characters_xml_does_not_allow_are_located_errors() {
    refused(&schema("<ComplexType Name=\"c\">\n<Annotation Term=\"Org.OData.Core.V1.Description\" String=\"a\u{1}b\"/></ComplexType>\n"), "5:59", "the character \\u{1} is not allowed in XML 1.0");
    refused(&schema("<ComplexType Name=\"c\">\n<Annotation Term=\"Org.OData.Core.V1.Description\" String=\"a&#1;b\"/></ComplexType>\n"), "5:1", "the character \\u{1} is not allowed");
    refused(&schema("<ComplexType Name=\"c\">\n<Annotation Term=\"Org.OData.Core.V1.Description\"><String>a&#x1b;[31m</String></Annotation></ComplexType>\n"), "5:59", "the character \\u{1b} is not allowed");
    refused(
        &schema("<ComplexType Name=\"c\">\u{FFFF}</ComplexType>\n"),
        "4:23",
        "the character \\u{ffff} is not allowed",
    );
}

#[test]
fn an_action_bound_to_a_primitive_type_is_read() {
    let text = schema(
        r#"<Action Name="normalize" IsBound="true"><Parameter Name="text" Type="Edm.String"/><Parameter Name="form" Type="Edm.String"/><ReturnType Type="Edm.String"/></Action>
<Function Name="lengths" IsBound="true"><Parameter Name="texts" Type="Collection(Edm.String)"/><ReturnType Type="Collection(Edm.Int32)"/></Function>
<ComplexType Name="c"><Property Name="p" Type="Edm.String"/></ComplexType>
"#,
    );
    let model = Model::from_bytes("doc.xml", text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let normalize = model.operation(model.find_operations("t.normalize")[0]);
    assert!(normalize.is_bound && normalize.binding.is_none());
    let names: Vec<&str> = normalize.non_binding_parameters().iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["form"]);
    let files = generate_all(&text);
    assert!(files["models/t.rs"].contains("pub struct C"));
}

/// A document with two entity sets of one type, and entity types named like
/// the entry type's own method (`client`) and the entry type (`api`), each
/// anchoring the slice.
fn anchored_document() -> (String, SliceSettings) {
    let text = schema(
        r#"<EntityType Name="principal"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/><NavigationProperty Name="sync" Type="t.sync" ContainsTarget="true"/></EntityType>
<EntityType Name="sync"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>
<EntityType Name="client"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/><NavigationProperty Name="sync" Type="t.sync" ContainsTarget="true"/></EntityType>
<EntityType Name="api"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/><NavigationProperty Name="sync" Type="t.sync" ContainsTarget="true"/></EntityType>
<EntityContainer Name="c">
<EntitySet Name="principals" EntityType="t.principal"/>
<EntitySet Name="otherPrincipals" EntityType="t.principal"/>
<EntitySet Name="clients" EntityType="t.client"/>
<EntitySet Name="apis" EntityType="t.api"/>
</EntityContainer>
"#,
    );
    let anchors =
        ["principals", "otherPrincipals", "clients", "apis"].map(|set| AnchorSetting::entity_set(set, "sync"));
    let selection = Selection { roots: vec!["t.sync".into()], anchors: anchors.to_vec(), ..Selection::default() };
    let settings = SliceSettings { version: "beta".into(), selection, generation: Generation::default() };
    (text, settings)
}

#[test]
fn entry_points_never_share_a_name_or_take_a_method_or_type_of_their_own() {
    let (text, settings) = anchored_document();
    let model = Model::from_bytes("doc.xml", text.as_bytes()).unwrap();
    let slice = select(&model, &settings.selection).unwrap();
    let names = codegen::ir::type_names(&model, &slice);
    let paths = codegen::ir::paths::lower(&model, &slice, &settings.version, &Default::default(), &names).unwrap();
    let methods: Vec<&str> = paths.roots.iter().map(|r| r.method.as_str()).collect();
    assert_eq!(methods, ["principal", "principal_2", "client_2", "api"]);
    assert_eq!(paths.api.name, "Api", "the entry type is claimed first");
    let files = codegen::generate::generate(&model, &slice, &settings, "doc.xml").unwrap();
    let paths_rs = &files["paths.rs"];
    assert!(
        paths_rs.contains("pub fn principal_2(")
            && paths_rs.contains("entity_set(self.0.clone(), \"otherPrincipals\")")
    );
    assert!(paths_rs.contains("pub fn client(&self) -> &") && !paths_rs.contains("pub fn client(&self, id"));
    // The marker of the entity type `api` (outside the slice) gives way to the entry type.
    assert!(paths_rs.contains("pub struct Api(") && paths_rs.contains("pub enum Api2 {}"), "{paths_rs}");
}

#[test]
fn deep_inheritance_is_a_located_error_and_wide_inheritance_stays_linear() {
    let limit = codegen::model::MAX_INHERITANCE_DEPTH;
    let chain = |levels: usize| {
        let mut body =
            String::from("<ComplexType Name=\"t0\"><Property Name=\"p0\" Type=\"Edm.String\"/></ComplexType>\n");
        for n in 1..levels {
            body.push_str(&format!(
                "<ComplexType Name=\"t{n}\" BaseType=\"t.t{}\"><Property Name=\"p{n}\" Type=\"Edm.String\"/></ComplexType>\n",
                n - 1
            ));
        }
        schema(&body)
    };
    // The longest chain accepted generates.
    let files = generate_all(&chain(limit + 1));
    assert!(files["models/t.rs"].contains(&format!("pub struct T{limit} ")));
    // Thousands of levels: refused where the chain gets too deep, quickly.
    let line = 4 + limit + 1;
    refused(
        &chain(5000),
        &format!("{line}:1"),
        &format!("`t.t{}` has more than {limit} levels of base types", limit + 1),
    );

    // A type with 3000 derived types: one enum of 3000 variants, output linear in the input.
    let mut body = String::from("<ComplexType Name=\"base\"><Property Name=\"id\" Type=\"Edm.String\"/></ComplexType>\n<ComplexType Name=\"holder\"><Property Name=\"item\" Type=\"t.base\"/></ComplexType>\n");
    for n in 0..3000 {
        body.push_str(&format!(
            "<ComplexType Name=\"d{n}\" BaseType=\"t.base\"><Property Name=\"p\" Type=\"Edm.Int32\"/></ComplexType>\n"
        ));
    }
    let text = schema(&body);
    let files = generate_all(&text);
    let output: usize = files.values().map(String::len).sum();
    let variants = files["models/t.rs"].matches("(Box<D").count();
    assert_eq!(variants, 3000, "one polymorphic variant per derived type");
    assert!(output < 400 * text.len(), "{output} bytes of Rust from {} bytes of CSDL", text.len());
}

#[test]
fn a_source_name_cannot_end_the_banner_comment() {
    let text = schema("<ComplexType Name=\"c\"/>\n");
    let model = Model::from_bytes("doc.xml", text.as_bytes()).unwrap();
    let source = "evil.xml\npub fn injected() {}\n\u{202E}";
    let files = codegen::generate::generate(&model, &select_all(&model), &SliceSettings::default(), source).unwrap();
    for text in files.values() {
        assert!(!text.contains("\npub fn injected"), "the name became code:\n{text}");
        assert!(text.starts_with(
            "// @generated by `cargo xtask regen` from evil.xml\\u{a}pub fn injected() {}\\u{a}\\u{202e}.\n"
        ));
    }
}

#[test]
fn the_slice_writer_always_writes_well_formed_xml_that_reads_back() {
    let description = "tabs\tand\nlines\r\nand a lone\rreturn -- \"quoted\" & <tagged> 'single' \u{202E}";
    let text = schema(&format!(
        "<ComplexType Name=\"c\">\n<Annotation Term=\"Org.OData.Core.V1.Description\" String=\"{}\"/>\n\
         <Property Name=\"p\" Type=\"Edm.String\"><Annotation Term=\"Org.OData.Core.V1.Description\"><String>{}</String></Annotation></Property>\n\
         </ComplexType>\n",
        description.replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;").replace('\t', "&#9;").replace('\n', "&#10;").replace('\r', "&#13;"),
        description.replace('&', "&amp;").replace('<', "&lt;").replace('\r', "&#13;"),
    ));
    let model = Model::from_bytes("doc.xml", text.as_bytes()).unwrap();
    let ty = model.find_type("t.c").unwrap();
    assert_eq!(model.ty(ty).documentation.description.as_deref(), Some(description), "read as written");
    for source in ["R&D -- beta.xml-", "a\nb\u{1}c%41.xml", "plain.csdl"] {
        let slice_text = codegen::write_csdl::write_slice(&model, &select_all(&model), source);
        // A strict XML parser accepts it (no `--` in the comment, no raw control characters).
        roxmltree::Document::parse(&slice_text).unwrap_or_else(|e| panic!("{source:?}: {e}\n{slice_text}"));
        assert_eq!(
            codegen::write_csdl::source_of(&slice_text).as_deref(),
            Some(source),
            "the source name reads back once-escaped"
        );
        // Descriptions come back exactly, and writing again gives the same text.
        let again = Model::from_bytes("slice.xml", slice_text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        let ty = again.find_type("t.c").unwrap();
        assert_eq!(again.ty(ty).documentation.description.as_deref(), Some(description));
        let property = &again.structured(ty).unwrap().properties[0];
        assert_eq!(property.documentation.description.as_deref(), Some(description));
        assert_eq!(codegen::write_csdl::write_slice(&again, &select_all(&again), source), slice_text, "a fixed point");
    }
}

#[test]
fn types_of_referenced_documents_and_dangling_names_outside_the_slice_are_warnings() {
    let text = format!(
        "{}{}",
        HEAD.replace(
            "<edmx:DataServices>",
            "<edmx:Reference Uri=\"https://example.org/vocabulary.xml\"><edmx:Include Namespace=\"Org.Example.V1\" Alias=\"Ex\"/></edmx:Reference>\n<edmx:DataServices>"
        ),
        r#"<ComplexType Name="tagged"><Property Name="tag" Type="Ex.Tag"/><Property Name="tags" Type="Collection(Org.Example.V1.Tag)"/></ComplexType>
<ComplexType Name="plain"><Property Name="name" Type="Edm.String"/></ComplexType>
<Action Name="bound" IsBound="true"/>
<EntityContainer Name="c"><EntitySet Name="gone" EntityType="t.gone"/><FunctionImport Name="f" Function="t.nothing"/></EntityContainer>
</Schema>
</edmx:DataServices>
</edmx:Edmx>
"#
    );
    let model = Model::from_bytes("doc.xml", text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let warnings: Vec<String> = model.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 5, "{warnings:#?}");
    assert!(
        warnings[0].starts_with(
            "doc.xml:5:28: warning: unknown type `Ex.Tag` (namespace `Org.Example.V1` belongs to a referenced document"
        ),
        "{}",
        warnings[0]
    );
    // The rest of the document generates, and a slice without the warned parts selects.
    let files = generate_all(&text);
    assert!(files["models/t.rs"].contains("pub tags: Field<Vec<serde_json::Value>>"));
    let selection = Selection { roots: vec!["t.plain".into()], ..Selection::default() };
    assert!(select(&model, &selection).is_ok());
    let selection = Selection { roots: vec!["t.tagged".into()], ..selection };
    let error = select(&model, &selection).unwrap_err().to_string();
    assert!(error.starts_with("doc.xml:5:28: the slice cannot be generated: unknown type `Ex.Tag`"), "{error}");
}

/// Deterministic mutations of documents full of hostile names and
/// descriptions, through the whole generator: no panic, and every file of
/// every document accepted parses as Rust and passes the output audit (no
/// doc line opening a block, no control or bidirectional character).
#[test]
fn mutated_documents_never_panic_the_generator_nor_make_unsafe_code() {
    let documents: [(&str, &[u8], usize); 3] = [
        ("hostile.csdl", include_bytes!("golden/hostile.csdl"), 250),
        ("keywords.csdl", include_bytes!("golden/keywords.csdl"), 100),
        ("synchronization.csdl", include_bytes!("../../metadata/beta/synchronization.csdl"), 30),
    ];
    const PIECES: &[&[u8]] = &[
        b"```",
        b"~~~",
        b"&#10;",
        b"&#13;",
        b"&#x202E;",
        b"&#x85;",
        b"&#x2028;",
        b"    ",
        b"&lt;script&gt;",
        b"# ",
        b"1.  ",
        b"`",
        b"\xc2\xb2",
        b"/../",
        b"Some",
        b"BaseType=\"microsoft.graph.Some\" ",
        b"\"",
        b"<",
    ];
    let (mut generated, mut refused) = (0, 0);
    for (name, original, count) in documents {
        for bytes in support::mutations(original, count, PIECES, 0x5eed_0fc0_de00) {
            let Ok(model) = Model::from_bytes(name, &bytes) else {
                refused += 1;
                continue;
            };
            // Everything is selected and nothing is configured, so no error is
            // legitimate here: the output audit inside `generate` failing is
            // exactly what this test looks for.
            let files = codegen::generate::generate(&model, &select_all(&model), &SliceSettings::default(), name)
                .unwrap_or_else(|e| panic!("{name} mutated: a model that reads must generate: {e}"));
            generated += 1;
            for (path, text) in &files {
                syn::parse_file(text).unwrap_or_else(|e| panic!("{name} mutated: {path} is not Rust: {e}"));
                codegen::emit::audit::audit(path, text).unwrap_or_else(|e| panic!("{name} mutated: {e}"));
            }
        }
    }
    assert!(generated >= 30 && refused >= 30, "{generated} generated, {refused} refused: the mutations must do both");
}

#[test]
fn a_warning_about_a_member_of_a_type_the_slice_only_passes_through_is_ignored() {
    let (text, settings) = anchored_document();
    // The anchor's entity type has a member of an unknown type: paths only use its key.
    let text = text.replace(
        r#"<Property Name="id" Type="Edm.String" Nullable="false"/><NavigationProperty Name="sync" Type="t.sync" ContainsTarget="true"/></EntityType>
<EntityType Name="sync">"#,
        r#"<Property Name="id" Type="Edm.String" Nullable="false"/><Property Name="odd" Type="t.unknownThing"/><NavigationProperty Name="sync" Type="t.sync" ContainsTarget="true"/></EntityType>
<EntityType Name="sync">"#,
    );
    let model = Model::from_bytes("doc.xml", text.as_bytes()).unwrap();
    assert_eq!(model.warnings.len(), 1, "{:?}", model.warnings);
    let slice = select(&model, &settings.selection).unwrap_or_else(|e| panic!("{e}"));
    assert!(slice.path_types.contains(&model.find_type("t.principal").unwrap()));
    // Its key, though, is what the paths need.
    let broken_key = text.replacen(r#"<PropertyRef Name="id"/>"#, r#"<PropertyRef Name="missing"/>"#, 1);
    let model = Model::from_bytes("doc.xml", broken_key.as_bytes()).unwrap();
    let error = select(&model, &settings.selection).unwrap_err().to_string();
    assert!(error.contains("the key of `t.principal` names `missing`"), "{error}");
}

#[test]
fn alternate_keys_whose_alias_is_not_a_name_are_left_out() {
    let (text, settings) = anchored_document();
    let keys = |alias: &str| {
        format!(
            r#"<EntityType Name="principal"><Key><PropertyRef Name="id"/></Key><Annotation Term="Org.OData.Core.V1.AlternateKeys"><Collection><Record><PropertyValue Property="Key"><Collection><Record><PropertyValue Property="Alias" String="{alias}"/><PropertyValue Property="Name" PropertyPath="id"/></Record></Collection></PropertyValue></Record></Collection></Annotation>"#
        )
    };
    for (alias, method) in
        [("appId", Some("principal_by_app_id")), ("a')/../x", None), ("x&#10;```&#10;exit(1);", None)]
    {
        let text =
            text.replacen(r#"<EntityType Name="principal"><Key><PropertyRef Name="id"/></Key>"#, &keys(alias), 1);
        let model = Model::from_bytes("doc.xml", text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        let slice = select(&model, &settings.selection).unwrap();
        let names = codegen::ir::type_names(&model, &slice);
        let paths = codegen::ir::paths::lower(&model, &slice, &settings.version, &Default::default(), &names).unwrap();
        let methods: Vec<&str> = paths.roots[0].alternate_keys.iter().map(|k| k.method.as_str()).collect();
        assert_eq!(methods, method.into_iter().collect::<Vec<_>>(), "{alias:?}");
        codegen::generate::generate(&model, &slice, &settings, "doc.xml").unwrap();
    }
}
