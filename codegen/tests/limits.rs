//! Enormous and deeply nested documents give an error or complete, never a
//! stack overflow: a million elements, nesting 10,000 deep, a 100 MB attribute.

use codegen::model::{Model, TypeKind};

const HEAD: &str = r#"<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices><Schema Namespace="t" xmlns="http://docs.oasis-open.org/odata/ns/edm">"#;
const TAIL: &str = "</Schema></edmx:DataServices></edmx:Edmx>";

#[test]
fn a_million_elements_complete() {
    let mut text = String::with_capacity(40_000_000);
    text.push_str(HEAD);
    text.push_str(r#"<EnumType Name="big">"#);
    for i in 0..1_000_000 {
        text.push_str(&format!(r#"<Member Name="m{i}"/>"#));
    }
    text.push_str("</EnumType>");
    text.push_str(TAIL);
    let model = Model::from_bytes("big.xml", text.as_bytes()).unwrap();
    let TypeKind::Enum(def) = &model.ty(model.find_type("t.big").unwrap()).kind else { panic!() };
    assert_eq!(def.members.len(), 1_000_000);
    assert_eq!(def.members[999_999].value, 999_999);
}

#[test]
fn nesting_ten_thousand_deep_is_refused_or_skipped_without_recursion() {
    // Known elements nested beyond the limit: an error.
    let deep = "<Collection>".repeat(10_000) + &"</Collection>".repeat(10_000);
    let text =
        format!(r#"{HEAD}<Annotations Target="t"><Annotation Term="x.y">{deep}</Annotation></Annotations>{TAIL}"#);
    let error = Model::from_bytes("deep.xml", text.as_bytes()).unwrap_err();
    assert!(error.to_string().contains("nested more than"), "{error}");
    // Types nested in types are not CSDL: skipped iteratively, however deep.
    let deep = r#"<ComplexType Name="a">"#.repeat(10_000) + &"</ComplexType>".repeat(10_000);
    let model = Model::from_bytes("deep.xml", format!("{HEAD}{deep}{TAIL}").as_bytes()).unwrap();
    assert!(model.find_type("t.a").is_some());
    // A truncated deep document: a located error.
    let cut = format!("{HEAD}{}", "<Foo>".repeat(10_000));
    let error = Model::from_bytes("cut.xml", cut.as_bytes()).unwrap_err();
    assert!(error.to_string().contains("is never closed"), "{error}");
}

#[test]
fn a_hundred_megabyte_attribute() {
    let huge = "x".repeat(100 * 1024 * 1024);
    let text = format!(
        r#"{HEAD}<ComplexType Name="c"><Property Name="p" Type="Edm.String" DefaultValue="{huge}"/></ComplexType>{TAIL}"#
    );
    drop(huge);
    let model = Model::from_bytes("huge.xml", text.as_bytes()).unwrap();
    let c = model.structured(model.find_type("t.c").unwrap()).unwrap();
    assert_eq!(c.properties[0].default_value.as_ref().map(String::len), Some(100 * 1024 * 1024));
    // As a type name it is an unknown type (a warning, outside a slice),
    // reported without echoing the whole name.
    let text = format!(
        r#"{HEAD}<ComplexType Name="c"><Property Name="p" Type="t.{}"/></ComplexType>{TAIL}"#,
        "y".repeat(1024 * 1024)
    );
    let model = Model::from_bytes("huge.xml", text.as_bytes()).unwrap();
    let message = model.warnings[0].to_string();
    assert!(message.starts_with("huge.xml:1:"), "located");
    assert!(message.contains("unknown type `t.yyyy") && message.contains("(1048578 bytes)"), "{}", &message[..200]);
    assert!(message.len() < 400, "a short message, not the 1 MB name");
}
