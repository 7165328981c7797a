//! The Rust-shaped model of what is generated: modules, structs, enums and
//! fields with their Rust names and types, which edge is boxed, which field is
//! secret. Every decision is made here; the emitter only spells it.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Deprecation, Documentation, Model, Primitive, TypeId, TypeKind, TypeRef, TypeTarget, Visit};
use crate::naming::{self, Names};
use crate::select::Slice;
use crate::settings::ResolvedGeneration;

/// The generated models, one module per CSDL namespace, sorted by module name.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelsIr {
    pub modules: Vec<ModuleIr>,
    /// The module whose types `models` re-exports (`microsoft.graph`'s),
    /// which paths name as `models::Name`.
    pub reexported: Option<String>,
}

/// One namespace's items, sorted by Rust name.
#[derive(Debug, Clone, PartialEq)]
pub struct ModuleIr {
    /// The Rust module name, e.g. `graph`.
    pub name: String,
    /// The CSDL namespace, e.g. `microsoft.graph`.
    pub namespace: String,
    pub items: Vec<ItemIr>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ItemIr {
    Struct(StructIr),
    Enum(EnumIr),
    Polymorphic(PolymorphicIr),
}

impl ItemIr {
    pub fn name(&self) -> &str {
        match self {
            ItemIr::Struct(s) => &s.name,
            ItemIr::Enum(e) => &e.name,
            ItemIr::Polymorphic(p) => &p.name,
        }
    }
}

/// A type with derived types, as a property value: which one is picked from
/// `@odata.type` when decoding; an unknown derived type decodes as the base.
#[derive(Debug, Clone, PartialEq)]
pub struct PolymorphicIr {
    pub name: String,
    /// The qualified CSDL name of the base type.
    pub qualified: String,
    /// The base struct.
    pub base: RustType,
    /// Concrete types: the base (unless abstract) and every selected derived type.
    pub variants: Vec<PolymorphicVariant>,
    /// The variant for an `@odata.type` this crate does not know (holds the base struct).
    pub unrecognized: String,
    /// The base struct's field of the entity's key, when it is one string
    /// (`id`): every variant has it (base properties are copied into derived
    /// structs, base-most first), so the enum reads it whichever it holds.
    pub key: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PolymorphicVariant {
    pub name: String,
    /// The `@odata.type` value without `#`, e.g. `microsoft.graph.user`.
    pub odata_type: String,
    /// The same name with the schema's alias (`graph.user`), which a
    /// service may write instead (OData JSON 4.5.3 allows either).
    pub odata_type_alias: Option<String>,
    pub ty: RustType,
}

/// Documentation: paragraphs of plain text (the emitter escapes them for rustdoc).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Docs {
    pub paragraphs: Vec<String>,
}

/// `#[deprecated(note = ...)]`. The date goes into the note: `since` must be a
/// semver version of this crate (clippy's `deprecated_semver`), not Graph's date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeprecatedIr {
    pub note: String,
}

/// A struct for a complex or entity type.
#[derive(Debug, Clone, PartialEq)]
pub struct StructIr {
    pub name: String,
    /// The qualified CSDL name, e.g. `microsoft.graph.synchronizationJob`.
    pub qualified: String,
    pub docs: Docs,
    pub deprecated: Option<DeprecatedIr>,
    /// Own and inherited properties, base-most first.
    pub fields: Vec<FieldIr>,
    /// The name of the map that keeps dynamic and unknown properties.
    pub additional_properties: String,
    /// `OpenType="true"`: the map holds the type's dynamic properties.
    pub open: bool,
    /// The answer of `provisionOnDemand` (the settings' `provisioning_outcome`):
    /// the struct gets `provisioning_outcome()`, decoding its `key` and `value`.
    pub provisioning_outcome: bool,
}

impl StructIr {
    /// Whether `Debug` must redact something.
    pub fn has_secrets(&self) -> bool {
        self.fields.iter().any(|f| f.secret)
    }
}

/// A struct field for a property.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldIr {
    pub name: String,
    /// The JSON property name.
    pub wire: String,
    /// The JSON name when the field's name, camel-cased, does not spell it
    /// (the field's docs then say it: a reader would guess wrong).
    pub rename: Option<String>,
    pub ty: RustType,
    /// The chained setter: `with_object_id` (keyword escapes dropped: `type_` -> `with_type`).
    pub setter: String,
    pub docs: Docs,
    pub deprecated: Option<DeprecatedIr>,
    /// `Debug` prints a redaction instead of the value.
    pub secret: bool,
    /// The name of the property's constant for typed queries (`JOB_ID`: a
    /// `runtime::Property`, or `OWNERS`: a `runtime::Navigation`), where
    /// OData can name it in one (a name that is an identifier; a structural
    /// property of a type it can compare, or an entity's navigation property).
    pub constant: Option<String>,
    /// For a navigation property's constant, what it leads to: the entity
    /// type's struct (never its `Any*` enum, whose variants share the base
    /// type's properties), or a `Vec` of it.
    pub navigation_target: Option<RustType>,
}

/// The Rust type of a property's value (the generated field wraps it in `Field`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType {
    String,
    Bool,
    U8,
    I8,
    I16,
    I32,
    /// A primitive the runtime gives a type of its own: the emitter names it.
    Runtime(RuntimeType),
    /// Any JSON (`Edm.Untyped`, `Edm.Stream`, spatial types).
    Json,
    /// A generated type: `crate::models::{module}::{name}`.
    Named {
        module: String,
        name: String,
    },
    /// A set of flags-enum members.
    Flags(Box<RustType>),
    Vec(Box<RustType>),
    /// Breaks a cycle of directly nested structs.
    Box(Box<RustType>),
}

/// The primitives the runtime has a type of its own for (`Edm.Int64`:
/// `Int64`, which keeps the text the service sent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuntimeType {
    Int64,
    Single,
    Double,
    Decimal,
    Guid,
    DateTimeOffset,
    Date,
    TimeOfDay,
    Duration,
    Binary,
}

/// An open enum for an enum type.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumIr {
    pub name: String,
    pub qualified: String,
    pub docs: Docs,
    pub deprecated: Option<DeprecatedIr>,
    pub is_flags: bool,
    pub variants: Vec<VariantIr>,
    /// The variant that keeps unknown wire values.
    pub unrecognized: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct VariantIr {
    pub name: String,
    pub wire: String,
    pub value: i64,
    pub docs: Docs,
    pub deprecated: Option<DeprecatedIr>,
}

/// Something the generator cannot turn into Rust: what it is about (a
/// qualified CSDL name, or a setting), and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LowerError {
    pub subject: String,
    pub message: String,
}

impl std::fmt::Display for LowerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.subject, self.message)
    }
}

impl std::error::Error for LowerError {}

/// Rust names of the generated types, decided once for all modules (with
/// the CSDL names the model declares, which deprecation notes look up).
pub struct TypeNames {
    names: BTreeMap<TypeId, (String, String)>,
    /// The polymorphic enum of each type that has selected derived types.
    polymorphic: BTreeMap<TypeId, (String, String)>,
    declared: DeclaredNames,
}

impl TypeNames {
    fn new(model: &Model, types: &BTreeSet<TypeId>) -> Self {
        // Claim names per module in CSDL-name order, so collisions resolve the same way every time.
        let mut ordered: Vec<TypeId> = types.iter().copied().collect();
        ordered.sort_by_key(|&ty| model.type_name(ty).to_string());
        let mut scopes: BTreeMap<String, Names> = BTreeMap::new();
        let mut names = BTreeMap::new();
        for ty in ordered {
            let module = naming::module_name(model.type_name(ty).namespace, model.main_namespace());
            let scope = scopes.entry(module.clone()).or_default();
            let name = scope.claim(naming::type_name(&model.ty(ty).name));
            names.insert(ty, (module, name));
        }
        // Polymorphic enums are named after all types, so they never take a type's name.
        let mut polymorphic = BTreeMap::new();
        for (&ty, (module, name)) in &names {
            if model.all_derived_types(ty).iter().any(|d| types.contains(d)) {
                let scope = scopes.entry(module.clone()).or_default();
                polymorphic.insert(ty, (module.clone(), scope.claim(format!("Any{name}"))));
            }
        }
        Self { names, polymorphic, declared: DeclaredNames::new(model) }
    }

    /// Every name the model declares.
    pub fn declared(&self) -> &DeclaredNames {
        &self.declared
    }

    fn get(&self, ty: TypeId) -> Option<&(String, String)> {
        self.names.get(&ty)
    }

    /// The struct or enum generated for `ty` itself (not its polymorphic enum).
    pub fn struct_type(&self, ty: TypeId) -> Option<RustType> {
        self.get(ty).map(|(module, name)| RustType::Named { module: module.clone(), name: name.clone() })
    }

    /// The `Any*` enum of `ty` and its selected derived types, if it has any.
    pub fn polymorphic_type(&self, ty: TypeId) -> Option<RustType> {
        self.polymorphic.get(&ty).map(|(module, name)| RustType::Named { module: module.clone(), name: name.clone() })
    }
}

/// The Rust names of the slice's types.
pub fn type_names(model: &Model, slice: &Slice) -> TypeNames {
    TypeNames::new(model, &slice.types)
}

/// Lowers the slice's types into the Rust-shaped model; `names` are the
/// slice's [`type_names`].
pub fn lower(
    model: &Model,
    slice: &Slice,
    generation: &ResolvedGeneration,
    names: &TypeNames,
) -> Result<ModelsIr, LowerError> {
    let secrets = &generation.secret_properties;
    let boxed = boxed_edges(model, slice);
    let deprecated = |deprecation: Option<&Deprecation>| deprecated(deprecation, names.declared());
    let mut modules: BTreeMap<String, ModuleIr> = BTreeMap::new();
    for &ty in &slice.types {
        let (module, name) = names.get(ty).cloned().expect("every selected type is named");
        let def = model.ty(ty);
        let qualified = model.type_name(ty).to_string();
        let item = match &def.kind {
            TypeKind::Enum(enumeration) => {
                let mut variants = Names::default();
                let lowered: Vec<VariantIr> = enumeration
                    .members
                    .iter()
                    .map(|member| {
                        let name = variants.claim(naming::variant_name(&member.name));
                        let mut docs = described(&member.documentation);
                        // A variant that is not its JSON value capitalized (a keyword,
                        // a clash, other characters) says the value.
                        let mut chars = member.name.chars();
                        let capitalized: String =
                            chars.next().map(|c| c.to_ascii_uppercase()).into_iter().chain(chars).collect();
                        if docs.paragraphs.is_empty() && name != capitalized {
                            docs.paragraphs.push(format!("`{}` in JSON.", member.name));
                        }
                        VariantIr {
                            name,
                            wire: member.name.clone(),
                            value: member.value,
                            docs,
                            deprecated: deprecated(member.deprecation.as_deref()),
                        }
                    })
                    .collect();
                ItemIr::Enum(EnumIr {
                    name,
                    docs: docs(&def.documentation, || format!("The `{qualified}` enum type.")),
                    qualified,
                    deprecated: deprecated(def.deprecation.as_deref()),
                    is_flags: enumeration.is_flags,
                    variants: lowered,
                    unrecognized: variants.claim("Unrecognized".to_owned()),
                })
            }
            TypeKind::Definition(_) => continue, // used inline as their underlying primitive
            TypeKind::Complex(structured) | TypeKind::Entity(structured) => {
                let kind = if matches!(def.kind, TypeKind::Entity(_)) { "entity type" } else { "complex type" };
                let mut field_names = Names::default();
                let mut setter_names = Names::default();
                let mut constant_names = Names::default();
                let mut fields = Vec::new();
                for member in members(model, slice, ty) {
                    let rust = value_type(model, names, member.ty)?;
                    let rust = if boxed.contains(&(ty, member.name.to_owned())) { boxed_type(rust) } else { rust };
                    let name = field_names.claim(naming::snake_name(member.name));
                    let rename = (naming::serde_camel_case(&name) != member.name).then(|| member.name.to_owned());
                    // Said only when there is something to say: the description,
                    // else what a reader cannot see (a navigation property is
                    // only there when expanded; a JSON name the field's name does not spell).
                    let mut field_docs = described(member.documentation);
                    // (A complex type's navigation property is returned inline, as
                    // `instantiate`'s result holds the new application.)
                    let entity = matches!(def.kind, TypeKind::Entity(_));
                    if field_docs.paragraphs.is_empty() && member.navigation && entity {
                        field_docs.paragraphs.push(format!("Present when expanded (`$expand={}`).", member.name));
                    } else if field_docs.paragraphs.is_empty() && rename.is_some() {
                        field_docs.paragraphs.push(format!("`{}` in JSON.", member.name));
                    }
                    let nameable = member.name.is_ascii() && crate::csdl::identifier::is_simple_identifier(member.name);
                    let navigation_target = if member.navigation && entity && nameable {
                        Some(struct_type(model, names, member.ty)?)
                    } else {
                        None
                    };
                    let queried =
                        navigation_target.is_some() || (!member.navigation && nameable && rust != RustType::Json);
                    let constant = queried.then(|| constant_names.claim(naming::constant_name(&name)));
                    fields.push(FieldIr {
                        constant,
                        navigation_target,
                        setter: setter_names.claim(naming::setter_name(&name)),
                        name,
                        wire: member.name.to_owned(),
                        rename,
                        ty: rust,
                        docs: field_docs,
                        deprecated: deprecated(member.deprecation),
                        secret: is_secret(secrets, model, ty, member.name),
                    });
                }
                ItemIr::Struct(StructIr {
                    name,
                    docs: docs(&def.documentation, || format!("The `{qualified}` {kind}.")),
                    qualified,
                    deprecated: deprecated(def.deprecation.as_deref()),
                    fields,
                    additional_properties: field_names.claim("additional_properties".to_owned()),
                    open: structured.open_type,
                    provisioning_outcome: false,
                })
            }
        };
        let entry = modules.entry(module.clone()).or_insert_with(|| ModuleIr {
            name: module,
            namespace: model.type_name(ty).namespace.to_owned(),
            items: Vec::new(),
        });
        if let Some(mut polymorphic) = polymorphic(model, names, slice, ty) {
            if let (ItemIr::Struct(base), [key]) = (&item, model.key(ty)) {
                let field = base.fields.iter().find(|f| f.wire == key.name && f.ty == RustType::String);
                // (Not a name the enum's own methods have.)
                let free = |f: &&FieldIr| !matches!(f.name.as_str(), "odata_type" | "into_base");
                polymorphic.key = field.filter(free).map(|f| f.name.clone());
            }
            entry.items.push(ItemIr::Polymorphic(polymorphic));
        }
        entry.items.push(item);
    }
    let mut modules: Vec<ModuleIr> = modules.into_values().collect();
    for module in &mut modules {
        module.items.sort_by(|a, b| a.name().cmp(b.name()));
    }
    let main = model.main_namespace();
    let reexported = modules.iter().find(|m| Some(m.namespace.as_str()) == main).map(|m| m.name.clone());
    Ok(ModelsIr { modules, reexported })
}

fn polymorphic(model: &Model, names: &TypeNames, slice: &Slice, ty: TypeId) -> Option<PolymorphicIr> {
    let (_, name) = names.polymorphic.get(&ty)?;
    let named = |id: TypeId| {
        let (module, name) = names.get(id).expect("selected");
        RustType::Named { module: module.clone(), name: name.clone() }
    };
    let mut concrete: Vec<TypeId> = std::iter::once(ty)
        .chain(model.all_derived_types(ty).into_iter().filter(|d| slice.types.contains(d)))
        .filter(|&t| model.structured(t).is_some_and(|def| !def.is_abstract))
        .collect();
    concrete.sort_by_key(|&t| model.type_name(t).to_string());
    let mut variant_names = Names::default();
    let variants = concrete
        .into_iter()
        .map(|t| PolymorphicVariant {
            name: variant_names.claim(names.get(t).expect("selected").1.clone()),
            odata_type: model.type_name(t).to_string(),
            odata_type_alias: model
                .schema(model.ty(t).schema)
                .alias
                .as_ref()
                .map(|alias| format!("{alias}.{}", model.ty(t).name)),
            ty: named(t),
        })
        .collect();
    Some(PolymorphicIr {
        name: name.clone(),
        qualified: model.type_name(ty).to_string(),
        base: named(ty),
        variants,
        unrecognized: variant_names.claim("Unrecognized".to_owned()),
        key: None,
    })
}

/// A structural or navigation property, as a struct field sees it.
struct Member<'a> {
    name: &'a str,
    ty: &'a TypeRef,
    navigation: bool,
    documentation: &'a Documentation,
    deprecation: Option<&'a Deprecation>,
}

/// The members a struct holds: properties, then the navigation properties
/// the slice keeps (contained and expanded ones appear inline in
/// responses), own and inherited, base-most first.
fn members<'m>(model: &'m Model, slice: &Slice, ty: TypeId) -> Vec<Member<'m>> {
    let properties = model.all_properties(ty).into_iter().map(|p| Member {
        name: &p.name,
        ty: &p.ty,
        navigation: false,
        documentation: &p.documentation,
        deprecation: p.deprecation.as_deref(),
    });
    let navigation = slice.navigation_properties(model, ty).into_iter().map(|n| Member {
        name: &n.name,
        ty: &n.ty,
        navigation: true,
        documentation: &n.documentation,
        deprecation: n.deprecation.as_deref(),
    });
    properties.chain(navigation).collect()
}

/// The CSDL description (and long description), or `fallback` when there is none.
pub fn docs(documentation: &Documentation, fallback: impl FnOnce() -> String) -> Docs {
    let docs = described(documentation);
    if docs.paragraphs.is_empty() {
        Docs { paragraphs: vec![fallback()] }
    } else {
        docs
    }
}

/// The CSDL description (and long description); nothing without one.
pub fn described(documentation: &Documentation) -> Docs {
    Docs {
        paragraphs: documentation.description.iter().chain(documentation.long_description.iter()).cloned().collect(),
    }
}

/// Every name the model declares (types, members, properties, navigation
/// properties, operations), lowercased: what a deprecation note's suggested
/// replacement is looked up in.
pub struct DeclaredNames(BTreeSet<String>);

impl DeclaredNames {
    pub fn new(model: &Model) -> Self {
        let mut names = BTreeSet::new();
        for ty in model.type_ids() {
            let def = model.ty(ty);
            names.insert(def.name.to_lowercase());
            match &def.kind {
                TypeKind::Enum(enumeration) => {
                    names.extend(enumeration.members.iter().map(|m| m.name.to_lowercase()));
                }
                TypeKind::Complex(structured) | TypeKind::Entity(structured) => {
                    names.extend(structured.properties.iter().map(|p| p.name.to_lowercase()));
                    names.extend(structured.navigation_properties.iter().map(|n| n.name.to_lowercase()));
                }
                TypeKind::Definition(_) => {}
            }
        }
        names.extend(model.operation_ids().map(|op| model.operation(op).name.to_lowercase()));
        Self(names)
    }

    /// The words of `text` that look like Graph names (camelCase or
    /// PascalCase with a capital inside, e.g. `validateConnectivity`) and that
    /// the model does not declare, in order of first mention.
    fn missing_in(&self, text: &str) -> Vec<String> {
        let mut missing: Vec<String> = Vec::new();
        for word in text.split(|c: char| !c.is_ascii_alphanumeric()) {
            let looks_like_a_name = word.len() > 3
                && word.chars().skip(1).any(|c| c.is_ascii_uppercase())
                && word.chars().any(|c| c.is_ascii_lowercase());
            if looks_like_a_name && !self.0.contains(&word.to_lowercase()) && !missing.iter().any(|m| m == word) {
                missing.push(word.to_owned());
            }
        }
        missing
    }
}

/// The `#[deprecated]` note for a CSDL deprecation. When the description
/// points to replacements the metadata does not declare (Graph deprecated the
/// synchronization secrets in favour of names it has not published yet), the
/// note says so: suppressing the warning is then the only choice.
pub fn deprecated(deprecation: Option<&Deprecation>, declared: &DeclaredNames) -> Option<DeprecatedIr> {
    let deprecation = deprecation?;
    let mut note = match &deprecation.date {
        Some(date) => format!("Deprecated by Microsoft Graph on {date}."),
        None => "Deprecated by Microsoft Graph.".to_owned(),
    };
    if let Some(description) = &deprecation.description {
        note.push(' ');
        note.push_str(description);
    }
    if let Some(removal) = &deprecation.removal_date {
        note.push_str(&format!(" Removal is planned for {removal}."));
    }
    let missing = deprecation.description.as_deref().map(|d| declared.missing_in(d)).unwrap_or_default();
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|name| format!("`{name}`")).collect();
        note.push_str(&format!(
            " Not in this crate's metadata: {}; until it is, `#[allow(deprecated)]` keeps this usable.",
            names.join(", ")
        ));
    }
    Some(DeprecatedIr { note })
}

fn boxed_type(ty: RustType) -> RustType {
    match ty {
        RustType::Named { .. } => RustType::Box(Box::new(ty)),
        other => other,
    }
}

/// The Rust type of a navigation property's target for typed queries: as
/// [`value_type`], with an entity type's struct in place of its `Any*` enum.
fn struct_type(model: &Model, names: &TypeNames, ty: &TypeRef) -> Result<RustType, LowerError> {
    lowered_type(model, names, ty, false)
}

/// The Rust type of a type reference (without the `Field` wrapper).
pub fn value_type(model: &Model, names: &TypeNames, ty: &TypeRef) -> Result<RustType, LowerError> {
    lowered_type(model, names, ty, true)
}

/// A type reference in Rust; `polymorphic` names an entity type with
/// selected derived types by its `Any*` enum.
fn lowered_type(model: &Model, names: &TypeNames, ty: &TypeRef, polymorphic: bool) -> Result<RustType, LowerError> {
    let item = match ty.target {
        TypeTarget::Primitive(primitive) => primitive_type(primitive),
        TypeTarget::Named(id) => match &model.ty(id).kind {
            TypeKind::Definition(definition) => primitive_type(definition.underlying),
            kind => {
                let Some((module, name)) = names.get(id) else {
                    return Err(LowerError {
                        subject: model.type_name(id).to_string(),
                        message: "used but not selected: the slice is not closed".to_owned(),
                    });
                };
                let any = names.polymorphic.get(&id).filter(|_| polymorphic);
                let (module, name) = any.map_or((module, name), |(m, n)| (m, n));
                let named = RustType::Named { module: module.clone(), name: name.clone() };
                match kind {
                    TypeKind::Enum(e) if e.is_flags => RustType::Flags(Box::new(named)),
                    _ => named,
                }
            }
        },
    };
    Ok(if ty.collection { RustType::Vec(Box::new(item)) } else { item })
}

fn primitive_type(primitive: Primitive) -> RustType {
    match primitive {
        Primitive::String => RustType::String,
        Primitive::Boolean => RustType::Bool,
        Primitive::Byte => RustType::U8,
        Primitive::SByte => RustType::I8,
        Primitive::Int16 => RustType::I16,
        Primitive::Int32 => RustType::I32,
        Primitive::Int64 => RustType::Runtime(RuntimeType::Int64),
        Primitive::Single => RustType::Runtime(RuntimeType::Single),
        Primitive::Double => RustType::Runtime(RuntimeType::Double),
        Primitive::Decimal => RustType::Runtime(RuntimeType::Decimal),
        Primitive::Guid => RustType::Runtime(RuntimeType::Guid),
        Primitive::DateTimeOffset => RustType::Runtime(RuntimeType::DateTimeOffset),
        Primitive::Date => RustType::Runtime(RuntimeType::Date),
        Primitive::TimeOfDay => RustType::Runtime(RuntimeType::TimeOfDay),
        Primitive::Duration => RustType::Runtime(RuntimeType::Duration),
        Primitive::Binary => RustType::Runtime(RuntimeType::Binary),
        _ => RustType::Json,
    }
}

/// The types whose values can hold a secret property: the owners of the
/// settings' secret properties, their derived types, and every type with a
/// property or navigation property of such a type or of one of its bases
/// (a value of a base type may be a derived one), to a fixed point.
pub fn types_holding_secrets(model: &Model, secrets: &BTreeSet<(TypeId, String)>) -> BTreeSet<TypeId> {
    let mut holding: BTreeSet<TypeId> = BTreeSet::new();
    for &(owner, _) in secrets {
        holding.insert(owner);
        holding.extend(model.all_derived_types(owner));
    }
    if holding.is_empty() {
        return holding;
    }
    // Every navigation property counts, kept by the slice or not (an over-approximation is safe).
    let all_members = Slice::default();
    loop {
        let before = holding.len();
        for ty in model.type_ids() {
            if holding.contains(&ty) || model.structured(ty).is_none() {
                continue;
            }
            let holds = members(model, &all_members, ty).iter().any(|member| match member.ty.target {
                TypeTarget::Named(target) => {
                    holding.contains(&target) || model.all_derived_types(target).iter().any(|d| holding.contains(d))
                }
                TypeTarget::Primitive(_) => false,
            });
            if holds {
                holding.insert(ty);
                holding.extend(model.all_derived_types(ty));
            }
        }
        if holding.len() == before {
            return holding;
        }
    }
}

/// Whether a property of `ty` (own or inherited) is secret.
fn is_secret(secrets: &BTreeSet<(TypeId, String)>, model: &Model, ty: TypeId, property: &str) -> bool {
    std::iter::once(ty).chain(model.base_chain(ty)).any(|owner| secrets.contains(&(owner, property.to_owned())))
}

/// The `(type, property)` edges to box: in every cycle of structs that contain
/// each other directly (not through a collection), the edge that closes it.
fn boxed_edges(model: &Model, slice: &Slice) -> BTreeSet<(TypeId, String)> {
    let types = &slice.types;
    let direct = |ty: TypeId| -> Vec<(String, TypeId)> {
        members(model, slice, ty)
            .into_iter()
            .filter(|m| !m.ty.collection)
            .filter_map(|m| match m.ty.target {
                // A polymorphic value (a type with derived types) boxes its variants already.
                TypeTarget::Named(target)
                    if model.structured(target).is_some()
                        && types.contains(&target)
                        && !model.all_derived_types(target).iter().any(|d| types.contains(d)) =>
                {
                    Some((m.name.to_owned(), target))
                }
                _ => None,
            })
            .collect()
    };
    /// A type on the depth-first stack, with its edges and the next one to follow.
    struct Frame {
        ty: TypeId,
        edges: Vec<(String, TypeId)>,
        next: usize,
    }
    // Iterative depth-first search.
    let mut state: BTreeMap<TypeId, Visit> = BTreeMap::new();
    let mut boxed = BTreeSet::new();
    let mut ordered: Vec<TypeId> = types.iter().copied().filter(|&t| model.structured(t).is_some()).collect();
    ordered.sort_by_key(|&ty| model.type_name(ty).to_string());
    for root in ordered {
        if state.get(&root).copied().unwrap_or_default() != Visit::New {
            continue;
        }
        let mut stack = vec![Frame { ty: root, edges: direct(root), next: 0 }];
        state.insert(root, Visit::OnPath);
        while let Some(frame) = stack.last_mut() {
            let ty = frame.ty;
            if let Some((name, target)) = frame.edges.get(frame.next).cloned() {
                frame.next += 1;
                match state.get(&target).copied().unwrap_or_default() {
                    Visit::New => {
                        state.insert(target, Visit::OnPath);
                        stack.push(Frame { ty: target, edges: direct(target), next: 0 });
                    }
                    Visit::OnPath => {
                        boxed.insert((ty, name));
                    }
                    Visit::Done => {}
                }
            } else {
                state.insert(ty, Visit::Done);
                stack.pop();
            }
        }
    }
    boxed
}
