//! The one place that turns CSDL names into Rust names.
//!
//! heck does the casing; before it, a small table rewrites acronyms that heck
//! would split badly (`IPv4Address` -> `Ipv4Address`, `URLs` -> `Urls`),
//! ASCII punctuation and spaces separate words (a JSON name such as
//! `request-id` -> `request_id`, an enum member `Collection(String)` ->
//! `CollectionString`), and every other character outside ASCII letters,
//! digits and `_` becomes a word of its own (`größe` -> `gr_u00f6_u00dfe`):
//! generated identifiers are plain ASCII, so no name can be refused by rustc
//! (`x²`), trip its lints on uncommon or confusable characters, or panic
//! `Ident::new`.
//! After casing, Rust keywords get a trailing `_` (`type` -> `type_`), and
//! names that would start with a digit get a letter in front. Names that
//! collide after casing are told apart by [`Names`], deterministically.

use std::borrow::Cow;
use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Acronyms heck would split oddly, and the word each stands for.
const ACRONYMS: &[(&str, &str)] =
    &[("IPv4", "Ipv4"), ("IPv6", "Ipv6"), ("URLs", "Urls"), ("URIs", "Uris"), ("IDs", "Ids"), ("OData", "Odata")];

/// Every Rust keyword, strict, reserved and edition-specific: none may name an item.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

fn rewrite_acronyms(name: &str) -> Cow<'_, str> {
    let mut out = ascii_words(name);
    for (acronym, word) in ACRONYMS {
        if out.contains(acronym) {
            out = Cow::Owned(out.replace(acronym, word));
        }
    }
    out
}

/// `name` with ASCII punctuation and spaces as word breaks (`_`), and each
/// other character that is not an ASCII letter, digit or `_` written as a
/// word of its own, `_u{hex}_` (borrowed when there is none).
fn ascii_words(name: &str) -> Cow<'_, str> {
    if name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len() + 8);
    for ch in name.chars() {
        if ch.is_ascii_alphanumeric() || ch == '_' {
            out.push(ch);
        } else if ch.is_ascii_punctuation() || ch == ' ' {
            out.push('_');
        } else {
            out.push_str(&format!("_u{:04x}_", u32::from(ch)));
        }
    }
    Cow::Owned(out)
}

/// A keyword gets a trailing underscore; a leading digit gets `prefix` in front.
fn make_identifier(name: String, prefix: &str) -> String {
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) { format!("{prefix}{name}") } else { name };
    if name.is_empty() {
        return format!("{prefix}_");
    }
    if KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// A type or enum variant name: `synchronizationJob` -> `SynchronizationJob`.
pub fn type_name(csdl: &str) -> String {
    make_identifier(rewrite_acronyms(csdl).to_upper_camel_case(), "N")
}

/// A type name with a suffix (`synchronizationJob` + `Id` ->
/// `SynchronizationJobId`). A keyword's trailing `_` goes first, the suffix
/// making it unneeded: `Self` -> `SelfId`, not `Self_Id` (which rustc's
/// naming lint refuses).
pub fn type_name_with(csdl: &str, suffix: &str) -> String {
    format!("{}{suffix}", type_name(csdl).trim_end_matches('_'))
}

/// An associated constant's name from a field's: `job_id` -> `JOB_ID`,
/// `type_` -> `TYPE` (no keyword is upper case).
pub fn constant_name(field: &str) -> String {
    field.trim_end_matches('_').to_ascii_uppercase()
}

/// An enum variant name: like a type name.
pub fn variant_name(csdl: &str) -> String {
    type_name(csdl)
}

/// A field, method or module name: `objectId` -> `object_id`, `Ping` -> `ping`.
pub fn snake_name(csdl: &str) -> String {
    make_identifier(rewrite_acronyms(csdl).to_snake_case(), "n")
}

/// The chained setter of a field: `object_id` -> `with_object_id`, `type_`
/// -> `with_type` (the keyword escape is not needed after `with_`).
pub fn setter_name(field: &str) -> String {
    format!("with_{}", field.trim_end_matches('_'))
}

/// The JSON name a reader guesses from a field's name, by serde's
/// `rename_all = "camelCase"` rule: underscores dropped, the letter after
/// each one capitalized, the first letter lowercased (`object_id` ->
/// `objectId`, `type_` -> `type`). A field whose JSON name differs says it in
/// its docs (the engine's table holds every JSON name as it is).
pub fn serde_camel_case(field: &str) -> String {
    // serde's `RenameRule::CamelCase`: PascalCase, then the first letter lowercased.
    let mut pascal = String::with_capacity(field.len());
    let mut capitalize = true;
    for ch in field.chars() {
        if ch == '_' {
            capitalize = true;
        } else if capitalize {
            pascal.push(ch.to_ascii_uppercase());
            capitalize = false;
        } else {
            pascal.push(ch);
        }
    }
    match pascal.chars().next() {
        Some(first) => format!("{}{}", first.to_ascii_lowercase(), &pascal[first.len_utf8()..]),
        None => pascal,
    }
}

/// The English plural of a name (its last word), for a listing of one type:
/// `user` -> `users`, `directory` -> `directories`, `address` -> `addresses`.
pub fn plural(name: &str) -> String {
    let consonant_y = |stem: &&str| stem.bytes().last().is_some_and(|last| !b"aeiou".contains(&last));
    if let Some(stem) = name.strip_suffix('y').filter(consonant_y) {
        return format!("{stem}ies");
    }
    if ["s", "sh", "ch", "x", "z"].iter().any(|ending| name.ends_with(ending)) {
        return format!("{name}es");
    }
    format!("{name}s")
}

/// The indefinite article before a name in prose: `an` before a vowel's
/// sound (`an AddIn`, `an Unrecognized`), `a` otherwise and before a `U`
/// said "you" (`a User`, `a UnifiedRoleDefinition`).
pub fn article(name: &str) -> &'static str {
    let lower = name.to_ascii_lowercase();
    let you = ["uni", "use", "usa", "usu", "uti", "ura", "uri", "uro", "ubi", "ufo", "eu", "one"];
    match lower.chars().next() {
        _ if you.iter().any(|start| lower.starts_with(start)) => "a",
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

/// The singular of an English plural in snake case, for the item accessor of a
/// collection: `jobs` -> `job`, `directories` -> `directory`, `addresses` -> `address`.
/// A name that is not a plural gets `_item` appended (`data` -> `data_item`).
pub fn singular(plural: &str) -> String {
    make_identifier(singular_word(plural), "n")
}

fn singular_word(plural: &str) -> String {
    // A keyword's `_` (`self_`) is not part of the word: `self_item`, not `self__item`.
    let plural = plural.trim_end_matches('_');
    if let Some(stem) = plural.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for ending in ["sses", "shes", "ches", "xes"] {
        if plural.ends_with(ending) {
            return plural[..plural.len() - 2].to_owned();
        }
    }
    match plural.strip_suffix('s') {
        Some(stem) if !stem.is_empty() && !stem.ends_with('s') => stem.to_owned(),
        _ => format!("{plural}_item"),
    }
}

/// The module for a namespace, below the document's `main` one (the
/// container's, [`crate::model::Model::main_namespace`]): the main namespace
/// by its last segment (`microsoft.graph` -> `graph`), one inside it by the
/// rest of its name (`microsoft.graph.identityGovernance` ->
/// `identity_governance`), any other by its whole name.
pub fn module_name(namespace: &str, main: Option<&str>) -> String {
    let inside = main.and_then(|main| namespace.strip_prefix(main)?.strip_prefix('.'));
    match inside {
        Some(rest) => snake_name(&rest.replace('.', "_")),
        None if Some(namespace) == main => snake_name(namespace.rsplit('.').next().unwrap_or(namespace)),
        None => snake_name(&namespace.replace('.', "_")),
    }
}

/// The module (and Cargo feature, and client method) of a Graph version:
/// `beta` -> `beta`, `v1.0` -> `v1`, `v2.1` -> `v2_1`; `None` for a version
/// that cannot name one (anything but ASCII letters, digits and dots, or not
/// starting with a letter).
pub fn version_module(version: &str) -> Option<String> {
    let valid = version.starts_with(|c: char| c.is_ascii_lowercase())
        && version.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.')
        && !version.ends_with('.')
        && !version.contains("..");
    if !valid {
        return None;
    }
    let name = version.strip_suffix(".0").unwrap_or(version).replace('.', "_");
    (!KEYWORDS.contains(&name.as_str())).then_some(name)
}

/// Hands out unique names in one scope (a module's items, a struct's fields,
/// an enum's variants): the first claimant of a name keeps it, later ones get
/// `2`, `3`, ... appended. Callers claim in a fixed order, so the outcome is
/// deterministic.
#[derive(Debug, Default, Clone)]
pub struct Names {
    taken: BTreeSet<String>,
}

impl Names {
    /// A scope in which `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self { taken: reserved.iter().map(|&n| n.to_owned()).collect() }
    }

    /// Claims `wanted`, or the first free `wanted2`, `wanted3`, ... (`wanted_2` for snake case).
    pub fn claim(&mut self, wanted: String) -> String {
        if self.taken.insert(wanted.clone()) {
            return wanted;
        }
        let separator = if wanted.chars().any(|c| c.is_ascii_uppercase()) { "" } else { "_" };
        let base = wanted.trim_end_matches('_');
        (2..)
            .map(|n| format!("{base}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("some suffix is free")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_name_their_modules_or_nothing() {
        for (version, module) in [("beta", Some("beta")), ("v1.0", Some("v1")), ("v2.1", Some("v2_1"))] {
            assert_eq!(version_module(version).as_deref(), module, "{version}");
        }
        for hostile in ["", "1.0", "v1.", "v..1", "Beta", "be ta", "v1/0", "self", "crate", "b\nmod x"] {
            assert_eq!(version_module(hostile), None, "{hostile:?}");
        }
    }

    #[test]
    fn serde_camel_case_follows_serde() {
        let table = [
            ("object_id", "objectId"),
            ("type_", "type"),
            ("display_name_2", "displayName2"),
            ("ipv4_range", "ipv4Range"),
            ("a_b", "aB"),
            ("x", "x"),
        ];
        for (field, json) in table {
            assert_eq!(serde_camel_case(field), json, "{field}");
        }
    }

    #[test]
    fn type_names() {
        let table = [
            ("synchronizationJob", "SynchronizationJob"),
            ("stringKeyStringValuePair", "StringKeyStringValuePair"),
            ("IPv4Address", "Ipv4Address"),
            ("ipv6Range", "Ipv6Range"),
            ("URLs", "Urls"),
            ("ODataError", "OdataError"),
            ("case", "Case"),
            ("Self", "Self_"),
            ("self", "Self_"),
            ("3dModel", "N3dModel"),
            ("Option", "Option"),
            ("Result", "Result"),
            ("Box", "Box"),
            ("HTTPSRequest", "HttpsRequest"),
            ("größe", "GrU00f6U00dfE"),
            ("x²", "XU00b2"),
            ("½", "U00bd"),
            ("\u{0663}x", "U0663X"),
            ("Ⅻ", "U216b"),
            ("_", "N_"),
            ("", "N_"),
            ("a\u{200D}b", "AU200dB"),
        ];
        for (csdl, rust) in table {
            assert_eq!(type_name(csdl), rust, "{csdl}");
        }
        assert_eq!(type_name_with("synchronizationJob", "Id"), "SynchronizationJobId");
        assert_eq!(type_name_with("Self", "Path"), "SelfPath");
        assert_eq!(type_name_with("", "Id"), "NId");
    }

    #[test]
    fn snake_names() {
        let table = [
            ("objectId", "object_id"),
            ("Ping", "ping"),
            ("provisionOnDemand", "provision_on_demand"),
            ("IPv4Address", "ipv4_address"),
            ("URLs", "urls"),
            ("sourceIDs", "source_ids"),
            ("type", "type_"),
            ("default", "default"),
            ("self", "self_"),
            ("ref", "ref_"),
            ("gen", "gen_"),
            ("async", "async_"),
            ("move", "move_"),
            ("3dModel", "n3d_model"),
            ("countSuccessiveCompleteFailures", "count_successive_complete_failures"),
            ("@odata.type", "odata_type"),
            ("request-id", "request_id"),
            ("client-request-id", "client_request_id"),
            ("x²", "x_u00b2"),
            ("½", "u00bd"),
            ("\u{0663}", "u0663"),
            ("start/../..", "start"),
            ("x/../y", "x_y"),
            ("a\u{202E}b", "a_u202e_b"),
        ];
        for (csdl, rust) in table {
            assert_eq!(snake_name(csdl), rust, "{csdl}");
        }
    }

    /// Whatever the input, every name is an identifier `Ident::new` and `syn` accept.
    #[test]
    fn every_name_is_a_rust_identifier() {
        let inputs = [
            "x²", "½", "\u{0663}", "Ⅻ", "_", "", "__", "self", "Self", "crate", "super", "1", "ﬀ", "İ", "ß", "\u{0}",
            "a b", "r#x",
        ];
        for input in inputs {
            for name in [type_name(input), snake_name(input), singular(&snake_name(input)), module_name(input, None)] {
                assert!(name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'), "{input:?} -> {name:?}");
                let ident = proc_macro2::Ident::new(&name, proc_macro2::Span::call_site());
                syn::parse2::<syn::Ident>(quote::quote!(#ident))
                    .unwrap_or_else(|e| panic!("{input:?} -> {name:?}: {e}"));
            }
        }
    }

    #[test]
    fn articles() {
        let said = |name: &str| format!("{} {name}", article(name));
        assert_eq!(said("AddIn"), "an AddIn");
        assert_eq!(said("Entity"), "an Entity");
        assert_eq!(said("ImplicitGrantSettings"), "an ImplicitGrantSettings");
        assert_eq!(said("OnPremisesProvisioningError"), "an OnPremisesProvisioningError");
        assert_eq!(said("Unrecognized"), "an Unrecognized");
        assert_eq!(said("User"), "a User");
        assert_eq!(said("UnifiedRoleDefinition"), "a UnifiedRoleDefinition");
        assert_eq!(said("SynchronizationJob"), "a SynchronizationJob");
        assert_eq!(said("AnyDirectoryObject"), "an AnyDirectoryObject");
        assert_eq!(said(""), "a ");
    }

    #[test]
    fn plurals() {
        assert_eq!(plural("user"), "users");
        assert_eq!(plural("servicePrincipal"), "servicePrincipals");
        assert_eq!(plural("directory"), "directories");
        assert_eq!(plural("day"), "days");
        assert_eq!(plural("address"), "addresses");
        assert_eq!(plural("batch"), "batches");
        assert_eq!(plural("y"), "ys");
    }

    #[test]
    fn singulars() {
        let table = [
            ("jobs", "job"),
            ("templates", "template"),
            ("directories", "directory"),
            ("addresses", "address"),
            ("branches", "branch"),
            ("boxes", "box_"),
            ("data", "data_item"),
            ("service_principals", "service_principal"),
            ("overrides", "override_"),
            ("types", "type_"),
            ("self_", "self_item"),
        ];
        for (plural, singular) in table {
            assert_eq!(super::singular(plural), singular, "{plural}");
        }
    }

    #[test]
    fn module_names() {
        let graph = Some("microsoft.graph");
        assert_eq!(module_name("microsoft.graph", graph), "graph");
        assert_eq!(module_name("microsoft.graph.security", graph), "security");
        assert_eq!(module_name("microsoft.graph.identityGovernance", graph), "identity_governance");
        assert_eq!(module_name("microsoft.graph.termStore", graph), "term_store");
        // Nothing of Graph's is built in: another service's namespaces, and none.
        assert_eq!(module_name("microsoft.graphs", graph), "microsoft_graphs");
        assert_eq!(module_name("Contoso.Sales", Some("Contoso.Sales")), "sales");
        assert_eq!(module_name("Contoso.Sales.Orders", Some("Contoso.Sales")), "orders");
        assert_eq!(module_name("microsoft.graph.security", None), "microsoft_graph_security");
        assert_eq!(module_name("test.sync", None), "test_sync");
    }

    #[test]
    fn collisions_after_casing_are_told_apart() {
        let mut fields = Names::with_reserved(&["additional_properties"]);
        assert_eq!(fields.claim(snake_name("displayName")), "display_name");
        assert_eq!(fields.claim(snake_name("DisplayName")), "display_name_2");
        assert_eq!(fields.claim(snake_name("display_name")), "display_name_3");
        assert_eq!(fields.claim(snake_name("additionalProperties")), "additional_properties_2");
        assert_eq!(fields.claim(snake_name("type")), "type_");
        assert_eq!(fields.claim(snake_name("type_")), "type_2");
        let mut types = Names::default();
        assert_eq!(types.claim(type_name("alert")), "Alert");
        assert_eq!(types.claim(type_name("Alert")), "Alert2");
    }
}
