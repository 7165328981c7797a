//! Resolution of a [`csdl::Document`] into a [`Model`].
//!
//! Ids are assigned to every type and operation first (so forward and cyclic
//! references resolve like any other), then definitions are built with their
//! references resolved, then checks that need the whole model (base-type
//! cycles, keys), then external annotations are attached to their targets and
//! documentation and deprecations are read from them.

use std::cell::RefCell;

use rustc_hash::FxHashMap as HashMap;

use super::annotations::{self, interpret};
use super::*;
use crate::csdl::{shorten, Error, ErrorKind, Offset, OperationKind};

/// The longest chain of base types accepted (Graph's longest is under 10).
pub const MAX_INHERITANCE_DEPTH: usize = 64;

pub(super) fn resolve(document: csdl::Document) -> Result<Model, Error> {
    let mut resolver = Resolver {
        source: document.source.clone(),
        lookup: Lookup::default(),
        spans: Vec::new(),
        warnings: RefCell::new(Vec::new()),
    };
    resolver.register(&document)?;
    let csdl::Document { source, references, schemas, warnings: read_past, .. } = document;
    for warning in read_past {
        let location = resolver.source.locate(warning.offset);
        let warning = Warning { location, message: warning.message, instead: warning.instead, owner: None };
        resolver.warnings.borrow_mut().push(warning);
    }
    let mut model = Model {
        source,
        schemas: Vec::with_capacity(schemas.len()),
        // Exact sizes: these are the model's largest vectors.
        types: Vec::with_capacity(resolver.spans.len()),
        operations: Vec::with_capacity(
            resolver.lookup.operations.iter().map(|ops| ops.values().map(Vec::len).sum::<usize>()).sum(),
        ),
        terms: Vec::new(),
        containers: Vec::new(),
        unattached_annotations: Vec::new(),
        warnings: Vec::new(),
        references,
        lookup: Lookup::default(),
        derived: Vec::new(),
        bound: HashMap::default(),
    };
    let mut pending = Pending::default();
    for (index, schema) in schemas.into_iter().enumerate() {
        resolver.build_schema(&mut model, SchemaId(index as u32), schema, &mut pending)?;
    }
    // Containers may name types of any schema, so they come after all types.
    for (schema, container) in pending.containers {
        let container = resolver.container(&model, schema, container)?;
        model.containers.push(container);
    }
    resolver.check_base_types(&model)?;
    resolver.check_inheritance_depth(&model)?;
    resolver.check_keys(&model);
    index_relations(&mut model);
    model.warnings = resolver.warnings.into_inner();
    // In document order, whichever pass found them.
    model.warnings.sort_by_key(|warning| (warning.location.line, warning.location.column));
    model.lookup = resolver.lookup;
    for block in pending.external_annotations {
        attach_external(&mut model, block);
    }
    interpret_all(&mut model);
    Ok(model)
}

/// What a schema leaves for after all schemas' types are built.
#[derive(Default)]
struct Pending {
    containers: Vec<(SchemaId, csdl::EntityContainer)>,
    external_annotations: Vec<UnattachedAnnotations>,
}

struct Resolver {
    source: SourceMap,
    lookup: Lookup,
    /// Where each type was defined, by `TypeId`, for duplicate messages.
    spans: Vec<Offset>,
    /// What was read past (see [`Warning`]).
    warnings: RefCell<Vec<Warning>>,
}

impl Resolver {
    fn error(&self, offset: Offset, kind: ErrorKind) -> Error {
        Error { location: self.source.locate(offset), kind }
    }

    /// Records `error` as a warning: the document is read on, doing `instead`.
    fn warn(&self, error: Error, owner: Option<Owner>, instead: &str) {
        let warning =
            Warning { location: error.location, message: error.kind.to_string(), instead: instead.to_owned(), owner };
        self.warnings.borrow_mut().push(warning);
    }

    /// A member's name that is not an OData simple identifier (CSDL XML
    /// 17.2), read as written: a JSON name (a property's, an enum member's)
    /// may be anything, so it is only reported; a name that would be a URL
    /// segment (`url` is what it is then) is refused where a slice needs it
    /// (`owner`). `what` says whose name it is.
    fn check_name(&self, name: &str, offset: Offset, what: &str, url: Option<&str>, owner: Option<Owner>) {
        let instead = match url {
            None => "read as written: it is the JSON name, and the Rust name is made from it",
            Some(_) => "read as written; a slice that needs it is refused",
        };
        self.is_identifier(name, offset, what, url, instead, owner);
    }

    /// Whether an entity container's child may be kept: its name is the
    /// first segment of every URL below it, so one that is not a simple
    /// identifier is left out with a warning (a slice anchored there fails to
    /// select, saying so).
    fn container_name_kept(&self, name: &str, offset: Offset, what: &str) -> bool {
        let instead = format!("the {what} is left out");
        self.is_identifier(name, offset, &format!("the {what}"), Some("a URL segment"), &instead, None)
    }

    /// Whether `name` is a simple identifier; if not, a warning that says so
    /// (and what it would be in a URL), and what was done `instead`.
    fn is_identifier(
        &self,
        name: &str,
        offset: Offset,
        what: &str,
        url: Option<&str>,
        instead: &str,
        owner: Option<Owner>,
    ) -> bool {
        if crate::csdl::identifier::is_simple_identifier(name) {
            return true;
        }
        let name = shorten(name);
        let mut message = format!("{what} `{name}` is not a simple identifier (OData CSDL 17.2)");
        if let Some(url) = url {
            message.push_str(&format!(", and would be {url}"));
        }
        let (location, instead) = (self.source.locate(offset), instead.to_owned());
        self.warnings.borrow_mut().push(Warning { location, message, instead, owner });
        false
    }

    /// A member's or term's type reference; a type that cannot be found (an
    /// unknown name, or a type of a referenced document, which is not loaded)
    /// is a warning, and the member is read as `Edm.Untyped` (any JSON value).
    /// Selecting `owner` turns the warning into an error.
    fn member_type_ref(
        &self,
        written: &str,
        nullable: Option<bool>,
        facets: Facets,
        offset: Offset,
        owner: Option<Owner>,
    ) -> Result<TypeRef, Error> {
        match self.type_ref(written, nullable, facets, offset) {
            Err(error) if is_unknown_type(&error) => {
                self.warn(error, owner, "read as `Edm.Untyped` (any JSON value)");
                Ok(TypeRef {
                    target: TypeTarget::Primitive(Primitive::Untyped),
                    collection: written.trim().starts_with("Collection("),
                    nullable: nullable.unwrap_or(true),
                    facets: None,
                })
            }
            result => result,
        }
    }

    /// Pass 1: namespaces, aliases, and an id for every type and operation.
    fn register(&mut self, document: &csdl::Document) -> Result<(), Error> {
        let mut namespace_offsets: HashMap<String, Offset> = HashMap::default();
        for reference in &document.references {
            for include in &reference.includes {
                let names = std::iter::once(&include.namespace).chain(include.alias.as_ref());
                for name in names {
                    self.lookup.included.insert(name.clone(), include.namespace.clone());
                }
            }
        }
        let mut next_type = 0u32;
        let mut next_operation = 0u32;
        for (index, schema) in document.schemas.iter().enumerate() {
            let id = SchemaId(index as u32);
            let names = std::iter::once(&schema.namespace).chain(schema.alias.as_ref());
            for name in names {
                if let Some(&previous) = namespace_offsets.get(name) {
                    return Err(self.error(
                        schema.offset,
                        ErrorKind::Duplicate {
                            what: "schema namespace or alias",
                            name: name.clone(),
                            previous: self.source.locate(previous),
                        },
                    ));
                }
                namespace_offsets.insert(name.clone(), schema.offset);
                self.lookup.namespaces.insert(name.clone(), id);
            }
            if let Some(alias) = &schema.alias {
                self.lookup.aliases.insert(alias.clone(), schema.namespace.clone());
            }
            let mut types: HashMap<String, TypeId> = HashMap::default();
            let named = schema
                .enum_types
                .iter()
                .map(|t| (&t.name, t.offset))
                .chain(schema.type_definitions.iter().map(|t| (&t.name, t.offset)))
                .chain(schema.complex_types.iter().map(|t| (&t.name, t.offset)))
                .chain(schema.entity_types.iter().map(|t| (&t.name, t.offset)));
            for (name, offset) in named {
                let id = TypeId(next_type);
                next_type += 1;
                if let Some(previous) = types.insert(name.clone(), id) {
                    return Err(self.error(
                        offset,
                        ErrorKind::Duplicate {
                            what: "type",
                            name: format!("{}.{}", schema.namespace, name),
                            previous: self.source.locate(self.spans[previous.0 as usize]),
                        },
                    ));
                }
                self.spans.push(offset);
            }
            let mut operations: HashMap<String, Vec<OperationId>> = HashMap::default();
            for operation in schema.actions.iter().chain(&schema.functions) {
                operations.entry(operation.name.clone()).or_default().push(OperationId(next_operation));
                next_operation += 1;
            }
            self.lookup.types.push(types);
            self.lookup.operations.push(operations);
        }
        Ok(())
    }

    /// Resolves a type as written (`graph.x`, `Collection(Edm.String)`).
    fn type_ref(
        &self,
        written: &str,
        nullable: Option<bool>,
        facets: Facets,
        offset: Offset,
    ) -> Result<TypeRef, Error> {
        let trimmed = written.trim();
        let (inner, collection) = match trimmed.strip_prefix("Collection(").and_then(|s| s.strip_suffix(')')) {
            Some(inner) => (inner.trim(), true),
            None => (trimmed, false),
        };
        let facets = (facets != Facets::default()).then(|| Box::new(facets));
        Ok(TypeRef { target: self.type_target(inner, offset)?, collection, nullable: nullable.unwrap_or(true), facets })
    }

    fn type_target(&self, name: &str, offset: Offset) -> Result<TypeTarget, Error> {
        if let Some(primitive) = name.strip_prefix("Edm.") {
            return Primitive::from_name(primitive).map(TypeTarget::Primitive).ok_or_else(|| {
                self.error(offset, ErrorKind::UnknownType { name: shorten(name), hint: " (no such Edm type)".into() })
            });
        }
        self.named_type(name, offset).map(TypeTarget::Named)
    }

    /// Whether `name` is qualified by a namespace (or alias) of a referenced
    /// document, and by none of this one.
    fn is_referenced(&self, name: &str) -> bool {
        name.rsplit_once('.').is_some_and(|(namespace, _)| {
            !self.lookup.namespaces.contains_key(namespace) && self.lookup.included.contains_key(namespace)
        })
    }

    fn named_type(&self, name: &str, offset: Offset) -> Result<TypeId, Error> {
        let Some((namespace, simple)) = name.rsplit_once('.') else {
            return Err(self.error(
                offset,
                ErrorKind::UnknownType {
                    name: shorten(name),
                    hint: " (type names must be qualified with a namespace or alias, e.g. `microsoft.graph.user`)"
                        .into(),
                },
            ));
        };
        let Some(&schema) = self.lookup.namespaces.get(namespace) else {
            if let Some(included) = self.lookup.included.get(namespace) {
                return Err(self.error(
                    offset,
                    ErrorKind::UnknownType {
                        name: name.to_owned(),
                        hint: format!(
                            " (namespace `{included}` belongs to a referenced document, which is not loaded)"
                        ),
                    },
                ));
            }
            return Err(
                self.error(offset, ErrorKind::UnknownNamespace { name: shorten(name), namespace: shorten(namespace) })
            );
        };
        let types = &self.lookup.types[schema.0 as usize];
        if let Some(&id) = types.get(simple) {
            return Ok(id);
        }
        let hint = if let Some(similar) = types.keys().filter(|k| k.eq_ignore_ascii_case(simple)).min() {
            format!(" (did you mean `{namespace}.{similar}`? names are case-sensitive)")
        } else if self.lookup.operations[schema.0 as usize].contains_key(simple) {
            " (an operation has that name, but a type is needed here)".to_owned()
        } else {
            String::new()
        };
        Err(self.error(offset, ErrorKind::UnknownType { name: shorten(name), hint }))
    }

    /// Pass 2 for one schema: build its definitions in registration order.
    fn build_schema(
        &mut self,
        model: &mut Model,
        schema_id: SchemaId,
        schema: csdl::Schema,
        pending: &mut Pending,
    ) -> Result<(), Error> {
        let csdl::Schema {
            namespace,
            alias,
            enum_types,
            type_definitions,
            complex_types,
            entity_types,
            actions,
            functions,
            terms,
            entity_containers,
            annotations,
            inline_annotations,
            offset,
        } = schema;
        let annotations_of_schema = self.annotations(inline_annotations);
        model.schemas.push(SchemaInfo { namespace, alias, annotations: annotations_of_schema, span: Span { offset } });
        for enum_type in enum_types {
            let ty = self.enum_type(schema_id, enum_type)?;
            model.types.push(ty);
        }
        for definition in type_definitions {
            let ty = self.type_definition(schema_id, definition)?;
            model.types.push(ty);
        }
        for (complex, entity) in
            complex_types.into_iter().map(|t| (t, false)).chain(entity_types.into_iter().map(|t| (t, true)))
        {
            // Types are built in the order their ids were given.
            let id = TypeId(model.types.len() as u32);
            let ty = self.structured_type(schema_id, complex, entity, id)?;
            model.types.push(ty);
        }
        for operation in actions.into_iter().chain(functions) {
            let id = OperationId(model.operations.len() as u32);
            let op = self.operation(schema_id, operation, id)?;
            model.operations.push(op);
        }
        for term in terms {
            let ty = self.member_type_ref(&term.type_name, term.nullable, term.facets, term.offset, None)?;
            model.terms.push(TermDef {
                schema: schema_id,
                name: term.name,
                ty,
                base_term: term.base_term,
                default_value: term.default_value,
                applies_to: term.applies_to,
                annotations: self.annotations(term.annotations),
                span: Span { offset: term.offset },
            });
        }
        pending.containers.extend(entity_containers.into_iter().map(|c| (schema_id, c)));
        for block in annotations {
            let mut annotations = self.annotations(block.annotations);
            if let Some(qualifier) = &block.qualifier {
                // A block's qualifier applies to each annotation that names none itself.
                for annotation in &mut annotations {
                    annotation.qualifier.get_or_insert_with(|| qualifier.clone());
                }
            }
            pending.external_annotations.push(UnattachedAnnotations {
                target: block.target,
                annotations,
                span: Span { offset: block.offset },
            });
        }
        Ok(())
    }

    fn enum_type(&self, schema: SchemaId, enum_type: csdl::EnumType) -> Result<TypeDef, Error> {
        let underlying = match &enum_type.underlying_type {
            None => Primitive::Int32,
            Some(written) => match self.type_target(written, enum_type.offset)? {
                TypeTarget::Primitive(p) if p.is_integer() => p,
                _ => {
                    return Err(self.error(
                        enum_type.offset,
                        ErrorKind::WrongKindOfType {
                            name: written.clone(),
                            found: "not an integer type",
                            context: format!("the UnderlyingType of enum type `{}`", enum_type.name),
                            expected: "Edm.Byte, Edm.SByte, Edm.Int16, Edm.Int32 or Edm.Int64",
                        },
                    ))
                }
            },
        };
        let mut seen: HashMap<&str, Offset> = HashMap::default();
        for member in &enum_type.members {
            let what = format!("the member of enum `{}`", enum_type.name);
            self.check_name(&member.name, member.offset, &what, None, None);
            if let Some(previous) = seen.insert(&member.name, member.offset) {
                return Err(self.error(
                    member.offset,
                    ErrorKind::Duplicate {
                        what: "enum member",
                        name: format!("{}/{}", enum_type.name, member.name),
                        previous: self.source.locate(previous),
                    },
                ));
            }
        }
        let mut next_value = 0i64;
        let members = enum_type
            .members
            .into_iter()
            .map(|member| {
                let value = member.value.unwrap_or(next_value);
                next_value = value.saturating_add(1);
                EnumMemberDef {
                    name: member.name,
                    value,
                    documentation: Documentation::default(),
                    deprecation: None,
                    annotations: self.annotations(member.annotations),
                    span: Span { offset: member.offset },
                }
            })
            .collect();
        Ok(TypeDef {
            schema,
            name: enum_type.name,
            kind: TypeKind::Enum(EnumDef { is_flags: enum_type.is_flags, underlying, members }),
            documentation: Documentation::default(),
            deprecation: None,
            annotations: self.annotations(enum_type.annotations),
            span: Span { offset: enum_type.offset },
        })
    }

    fn type_definition(&self, schema: SchemaId, definition: csdl::TypeDefinition) -> Result<TypeDef, Error> {
        let underlying = match self.type_target(&definition.underlying_type, definition.offset)? {
            TypeTarget::Primitive(p) => p,
            TypeTarget::Named(_) => {
                return Err(self.error(
                    definition.offset,
                    ErrorKind::WrongKindOfType {
                        name: definition.underlying_type.clone(),
                        found: "not a primitive type",
                        context: format!("the UnderlyingType of type definition `{}`", definition.name),
                        expected: "an Edm primitive type",
                    },
                ))
            }
        };
        Ok(TypeDef {
            schema,
            name: definition.name,
            kind: TypeKind::Definition(TypeDefinitionDef { underlying, facets: definition.facets }),
            documentation: Documentation::default(),
            deprecation: None,
            annotations: self.annotations(definition.annotations),
            span: Span { offset: definition.offset },
        })
    }

    fn structured_type(
        &self,
        schema: SchemaId,
        ty: csdl::StructuredType,
        entity: bool,
        id: TypeId,
    ) -> Result<TypeDef, Error> {
        let base = match ty.base_type.as_deref().map(|name| (name, self.named_type(name, ty.offset))) {
            None => None,
            Some((_, Ok(base))) => Some(base),
            // A base type of a referenced document, which is not loaded: the
            // type is read without it (and without what it would inherit).
            Some((name, Err(error))) if self.is_referenced(name) => {
                self.warn(error, Some(Owner::Type(id)), "read without its base type (nor what it would inherit)");
                None
            }
            Some((_, Err(error))) => return Err(error),
        };
        let mut seen: HashMap<&str, Offset> = HashMap::default();
        let members = ty.properties.iter().map(|p| (&p.name, p.offset));
        for (name, offset) in members.chain(ty.navigation_properties.iter().map(|p| (&p.name, p.offset))) {
            if let Some(previous) = seen.insert(name, offset) {
                return Err(self.error(
                    offset,
                    ErrorKind::Duplicate {
                        what: "property",
                        name: format!("{}/{}", ty.name, name),
                        previous: self.source.locate(previous),
                    },
                ));
            }
        }
        for p in &ty.properties {
            self.check_name(&p.name, p.offset, &format!("the property of `{}`", ty.name), None, None);
        }
        for p in &ty.navigation_properties {
            let what = format!("the navigation property of `{}`", ty.name);
            self.check_name(&p.name, p.offset, &what, Some("a URL segment"), Some(Owner::Type(id)));
        }
        let properties = ty
            .properties
            .into_iter()
            .map(|p| {
                Ok(PropertyDef {
                    ty: self.member_type_ref(&p.type_name, p.nullable, p.facets, p.offset, Some(Owner::Type(id)))?,
                    name: p.name,
                    default_value: p.default_value,
                    documentation: Documentation::default(),
                    deprecation: None,
                    annotations: self.annotations(p.annotations),
                    span: Span { offset: p.offset },
                })
            })
            .collect::<Result<_, Error>>()?;
        let navigation_properties: Vec<NavigationDef> = ty
            .navigation_properties
            .into_iter()
            .filter_map(|p| {
                let target = match self.type_ref(&p.type_name, p.nullable, Facets::default(), p.offset) {
                    Ok(target) => target,
                    Err(error) if is_unknown_type(&error) => {
                        self.warn(error, Some(Owner::Type(id)), "the navigation property is left out");
                        return None;
                    }
                    Err(error) => return Some(Err(error)),
                };
                // `Edm.EntityType`: any entity (the Core vocabulary's `Value`), read as any JSON value.
                let abstract_entity = matches!(target.target, TypeTarget::Primitive(Primitive::EntityType));
                if !matches!(target.target, TypeTarget::Named(_)) && !abstract_entity {
                    return Some(Err(self.error(
                        p.offset,
                        ErrorKind::WrongKindOfType {
                            name: p.type_name.clone(),
                            found: "a primitive type",
                            context: format!("the type of navigation property `{}`", p.name),
                            expected: "an entity type (or `Edm.EntityType`)",
                        },
                    )));
                }
                Some(Ok(NavigationDef {
                    ty: target,
                    name: p.name,
                    partner: p.partner,
                    contains_target: p.contains_target,
                    documentation: Documentation::default(),
                    deprecation: None,
                    annotations: self.annotations(p.annotations),
                    span: Span { offset: p.offset },
                }))
            })
            .collect::<Result<_, Error>>()?;
        let key =
            ty.key.unwrap_or_default().into_iter().map(|part| KeyPart { name: part.name, alias: part.alias }).collect();
        let def = StructuredDef {
            base,
            is_abstract: ty.is_abstract,
            open_type: ty.open_type,
            has_stream: ty.has_stream,
            key,
            properties,
            navigation_properties,
        };
        Ok(TypeDef {
            schema,
            name: ty.name,
            kind: if entity { TypeKind::Entity(def) } else { TypeKind::Complex(def) },
            documentation: Documentation::default(),
            deprecation: None,
            annotations: self.annotations(ty.annotations),
            span: Span { offset: ty.offset },
        })
    }

    fn operation(&self, schema: SchemaId, operation: csdl::Operation, id: OperationId) -> Result<OperationDef, Error> {
        let owner = Some(Owner::Operation(id));
        let kind = operation.kind.as_str();
        self.check_name(&operation.name, operation.offset, &format!("the {kind}"), Some("a URL segment"), owner);
        for p in &operation.parameters {
            let what = format!("the parameter of {kind} `{}`", operation.name);
            self.check_name(&p.name, p.offset, &what, Some("a name in a URL or a body"), owner);
        }
        let parameters: Vec<ParameterDef> = operation
            .parameters
            .into_iter()
            .map(|p| {
                Ok(ParameterDef {
                    ty: self.member_type_ref(&p.type_name, p.nullable, p.facets, p.offset, owner)?,
                    name: p.name,
                    optional: false,
                    documentation: Documentation::default(),
                    annotations: self.annotations(p.annotations),
                    span: Span { offset: p.offset },
                })
            })
            .collect::<Result<_, Error>>()?;
        let mut is_bound = operation.is_bound;
        if is_bound && parameters.is_empty() {
            let error = self.error(
                operation.offset,
                ErrorKind::BoundWithoutParameter { operation: operation.kind.as_str(), name: operation.name.clone() },
            );
            self.warn(error, owner, "read as unbound");
            is_bound = false;
        }
        let binding = if let (true, Some(first)) = (is_bound, parameters.first()) {
            match first.ty.target {
                TypeTarget::Named(ty) => Some(Binding { ty, collection: first.ty.collection }),
                // Bound to a primitive type: legal OData, read, and reachable from no path.
                TypeTarget::Primitive(_) => None,
            }
        } else {
            None
        };
        let (return_type, return_annotations) = match operation.return_type {
            Some(r) => (
                Some(self.member_type_ref(&r.type_name, r.nullable, r.facets, r.offset, owner)?),
                self.annotations(r.annotations),
            ),
            None => (None, Vec::new()),
        };
        Ok(OperationDef {
            schema,
            name: operation.name,
            kind: operation.kind,
            is_bound,
            binding,
            is_composable: operation.is_composable,
            entity_set_path: operation.entity_set_path,
            parameters,
            return_type,
            documentation: Documentation::default(),
            deprecation: None,
            annotations: self.annotations(operation.annotations),
            return_annotations,
            span: Span { offset: operation.offset },
        })
    }

    fn container(
        &self,
        model: &Model,
        schema: SchemaId,
        container: csdl::EntityContainer,
    ) -> Result<ContainerDef, Error> {
        let entity_type = |name: &str, offset: Offset, what: String| -> Result<TypeId, Error> {
            let id = self.named_type(name, offset)?;
            match &model.ty(id).kind {
                TypeKind::Enum(_) | TypeKind::Definition(_) | TypeKind::Complex(_) => Err(self.error(
                    offset,
                    ErrorKind::WrongKindOfType {
                        name: name.to_owned(),
                        found: "not an entity type",
                        context: what,
                        expected: "an entity type",
                    },
                )),
                TypeKind::Entity(_) => Ok(id),
            }
        };
        // An entity set, singleton or import whose target cannot be found is
        // left out with a warning (a slice anchored there fails to select).
        let keep = |result: Result<TypeId, Error>, what: &str| match result {
            Ok(id) => Some(id),
            Err(error) => {
                self.warn(error, None, &format!("the {what} is left out"));
                None
            }
        };
        let entity_sets = container
            .entity_sets
            .into_iter()
            .filter_map(|set| {
                if !self.container_name_kept(&set.name, set.offset, "entity set") {
                    return None;
                }
                let what = format!("the type of entity set `{}`", set.name);
                let entity_type = keep(entity_type(&set.entity_type, set.offset, what), "entity set")?;
                Some(EntitySetDef {
                    entity_type,
                    name: set.name,
                    include_in_service_document: set.include_in_service_document.unwrap_or(true),
                    bindings: set.navigation_property_bindings,
                    documentation: Documentation::default(),
                    annotations: self.annotations(set.annotations),
                    span: Span { offset: set.offset },
                })
            })
            .collect();
        let singletons = container
            .singletons
            .into_iter()
            .filter_map(|singleton| {
                if !self.container_name_kept(&singleton.name, singleton.offset, "singleton") {
                    return None;
                }
                let what = format!("the type of singleton `{}`", singleton.name);
                let ty = keep(entity_type(&singleton.type_name, singleton.offset, what), "singleton")?;
                Some(SingletonDef {
                    ty,
                    name: singleton.name,
                    bindings: singleton.navigation_property_bindings,
                    documentation: Documentation::default(),
                    annotations: self.annotations(singleton.annotations),
                    span: Span { offset: singleton.offset },
                })
            })
            .collect();
        let import = |name: String, target: &str, entity_set, annotations, offset, kind: OperationKind| {
            if !self.container_name_kept(&name, offset, &format!("{} import", kind.as_str())) {
                return None;
            }
            let overloads: Vec<OperationId> = self
                .operations_named(target)
                .into_iter()
                .filter(|&id| operation_kind(model, id) == Some(kind))
                .collect();
            if overloads.is_empty() {
                let error = self.error(
                    offset,
                    ErrorKind::UnknownType {
                        name: shorten(target),
                        hint: format!(" (no {} of that name)", kind.as_str()),
                    },
                );
                self.warn(error, None, &format!("the {} import is left out", kind.as_str()));
                return None;
            }
            Some(ImportDef {
                name,
                operations: overloads,
                entity_set,
                annotations: self.annotations(annotations),
                span: Span { offset },
            })
        };
        let action_imports = container
            .action_imports
            .into_iter()
            .filter_map(|i| import(i.name, &i.action, i.entity_set, i.annotations, i.offset, OperationKind::Action))
            .collect();
        let function_imports = container
            .function_imports
            .into_iter()
            .filter_map(|i| import(i.name, &i.function, i.entity_set, i.annotations, i.offset, OperationKind::Function))
            .collect();
        Ok(ContainerDef {
            schema,
            name: container.name,
            extends: container.extends,
            entity_sets,
            singletons,
            action_imports,
            function_imports,
            annotations: self.annotations(container.annotations),
            span: Span { offset: container.offset },
        })
    }

    fn operations_named(&self, qualified: &str) -> Vec<OperationId> {
        qualified
            .rsplit_once('.')
            .and_then(|(namespace, name)| {
                let schema = self.lookup.namespaces.get(namespace)?;
                self.lookup.operations[schema.0 as usize].get(name).cloned()
            })
            .unwrap_or_default()
    }

    /// Expands term aliases (`Core.Description` -> `Org.OData.Core.V1.Description`).
    fn annotations(&self, mut annotations: Vec<csdl::Annotation>) -> Vec<Annotation> {
        for annotation in &mut annotations {
            self.expand_terms(annotation);
        }
        annotations
    }

    fn expand_terms(&self, annotation: &mut csdl::Annotation) {
        annotation.term = self.expand_term(std::mem::take(&mut annotation.term));
        for nested in &mut annotation.annotations {
            self.expand_terms(nested);
        }
    }

    fn expand_term(&self, term: String) -> String {
        let Some((namespace, name)) = term.rsplit_once('.') else { return term };
        match self.lookup.aliases.get(namespace).or_else(|| self.lookup.included.get(namespace)) {
            Some(full) if full != namespace => format!("{full}.{name}"),
            _ => term,
        }
    }

    /// Every base chain must end; a complex type's base must be complex, an entity's an entity.
    fn check_base_types(&self, model: &Model) -> Result<(), Error> {
        let mut state = vec![Visit::New; model.types.len()];
        for start in model.type_ids() {
            let mut chain = Vec::new();
            let mut current = Some(start);
            while let Some(ty) = current {
                match state[ty.0 as usize] {
                    Visit::Done => break,
                    Visit::OnPath => {
                        let from = chain.iter().position(|&t| t == ty).unwrap_or(0);
                        let mut names: Vec<String> =
                            chain[from..].iter().map(|&t| model.type_name(t).to_string()).collect();
                        names.push(model.type_name(ty).to_string());
                        return Err(self
                            .error(model.ty(ty).span.offset, ErrorKind::BaseTypeCycle { chain: names.join(" -> ") }));
                    }
                    Visit::New => {}
                }
                state[ty.0 as usize] = Visit::OnPath;
                chain.push(ty);
                let def = &model.ty(ty);
                let base = model.base_type(ty);
                if let Some(base) = base {
                    let compatible = matches!(
                        (&def.kind, &model.ty(base).kind),
                        (TypeKind::Complex(_), TypeKind::Complex(_)) | (TypeKind::Entity(_), TypeKind::Entity(_))
                    );
                    if !compatible {
                        return Err(self.error(
                            def.span.offset,
                            ErrorKind::InvalidBaseType {
                                name: model.type_name(ty).to_string(),
                                base: model.type_name(base).to_string(),
                                reason: "a complex type must derive from a complex type, an entity type from an entity type",
                            },
                        ));
                    }
                }
                current = base;
            }
            for ty in chain {
                state[ty.0 as usize] = Visit::Done;
            }
        }
        Ok(())
    }

    /// No base-type chain is longer than [`MAX_INHERITANCE_DEPTH`]: every
    /// derived struct holds the properties of all its bases, so a chain of
    /// thousands would make the generated code grow with its square.
    fn check_inheritance_depth(&self, model: &Model) -> Result<(), Error> {
        let mut depths: Vec<Option<usize>> = vec![None; model.types.len()];
        let mut chain = Vec::new();
        for id in model.type_ids() {
            chain.clear();
            let mut current = Some(id);
            let mut depth = 0;
            while let Some(ty) = current {
                if let Some(known) = depths[ty.0 as usize] {
                    depth = known + 1;
                    break;
                }
                chain.push(ty);
                current = model.base_type(ty);
            }
            for &ty in chain.iter().rev() {
                if depth > MAX_INHERITANCE_DEPTH {
                    return Err(self.error(
                        model.ty(ty).span.offset,
                        ErrorKind::TooDeepInheritance {
                            name: model.type_name(ty).to_string(),
                            limit: MAX_INHERITANCE_DEPTH,
                        },
                    ));
                }
                depths[ty.0 as usize] = Some(depth);
                depth += 1;
            }
        }
        Ok(())
    }

    /// Every `PropertyRef` of a key names a property of the type or its bases;
    /// one that does not is a warning about the type (its ids are wrong).
    fn check_keys(&self, model: &Model) {
        for id in model.type_ids() {
            let Some(def) = model.structured(id) else { continue };
            for part in &def.key {
                let found = model.key_property(id, &part.name).is_some();
                if !found {
                    let error = self.error(
                        model.ty(id).span.offset,
                        ErrorKind::UnknownKeyProperty {
                            entity: model.type_name(id).to_string(),
                            property: part.name.clone(),
                        },
                    );
                    self.warn(error, Some(Owner::Key(id)), "its ids cannot be built");
                }
            }
        }
    }
}

/// A type reference that names no type the document defines.
fn is_unknown_type(error: &Error) -> bool {
    matches!(error.kind, ErrorKind::UnknownType { .. } | ErrorKind::UnknownNamespace { .. })
}

fn operation_kind(model: &Model, id: OperationId) -> Option<OperationKind> {
    model.operations.get(id.0 as usize).map(|op| op.kind)
}

/// Derived types and bound operations, indexed once everything is built.
fn index_relations(model: &mut Model) {
    let mut derived = vec![Vec::new(); model.types.len()];
    for id in model.type_ids() {
        if let Some(base) = model.base_type(id) {
            derived[base.0 as usize].push(id);
        }
    }
    model.derived = derived;
    let mut bound: HashMap<Binding, Vec<OperationId>> = HashMap::default();
    for id in model.operation_ids() {
        if let Some(binding) = model.operation(id).binding {
            bound.entry(binding).or_default().push(id);
        }
    }
    model.bound = bound;
}

/// Where an annotation can be attached.
#[derive(Debug, Clone, Copy)]
enum Slot {
    Schema(SchemaId),
    Type(TypeId),
    Property(TypeId, usize),
    Navigation(TypeId, usize),
    Member(TypeId, usize),
    Operation(OperationId),
    Parameter(OperationId, usize),
    ReturnType(OperationId),
    Term(usize),
    Container(usize),
    EntitySet(usize, usize),
    Singleton(usize, usize),
    ActionImport(usize, usize),
    FunctionImport(usize, usize),
}

fn slot_annotations(model: &mut Model, slot: Slot) -> &mut Vec<Annotation> {
    fn structured(model: &mut Model, ty: TypeId) -> &mut StructuredDef {
        match &mut model.types[ty.0 as usize].kind {
            TypeKind::Complex(def) | TypeKind::Entity(def) => def,
            TypeKind::Enum(_) | TypeKind::Definition(_) => unreachable!("slot built for a structured type"),
        }
    }
    match slot {
        Slot::Schema(id) => &mut model.schemas[id.0 as usize].annotations,
        Slot::Type(id) => &mut model.types[id.0 as usize].annotations,
        Slot::Property(id, i) => &mut structured(model, id).properties[i].annotations,
        Slot::Navigation(id, i) => &mut structured(model, id).navigation_properties[i].annotations,
        Slot::Member(id, i) => match &mut model.types[id.0 as usize].kind {
            TypeKind::Enum(def) => &mut def.members[i].annotations,
            _ => unreachable!("slot built for an enum type"),
        },
        Slot::Operation(id) => &mut model.operations[id.0 as usize].annotations,
        Slot::Parameter(id, i) => &mut model.operations[id.0 as usize].parameters[i].annotations,
        Slot::ReturnType(id) => &mut model.operations[id.0 as usize].return_annotations,
        Slot::Term(i) => &mut model.terms[i].annotations,
        Slot::Container(c) => &mut model.containers[c].annotations,
        Slot::EntitySet(c, i) => &mut model.containers[c].entity_sets[i].annotations,
        Slot::Singleton(c, i) => &mut model.containers[c].singletons[i].annotations,
        Slot::ActionImport(c, i) => &mut model.containers[c].action_imports[i].annotations,
        Slot::FunctionImport(c, i) => &mut model.containers[c].function_imports[i].annotations,
    }
}

/// Attaches an external `Annotations` block to every element its target names,
/// or keeps it in [`Model::unattached_annotations`].
fn attach_external(model: &mut Model, block: UnattachedAnnotations) {
    let slots = target_slots(model, &block.target);
    if slots.is_empty() {
        model.unattached_annotations.push(block);
        return;
    }
    let (last, others) = slots.split_last().expect("not empty");
    for &slot in others {
        slot_annotations(model, slot).extend(block.annotations.iter().cloned());
    }
    slot_annotations(model, *last).extend(block.annotations);
}

/// The elements an annotation target path names (several for an unqualified operation name).
fn target_slots(model: &Model, target: &str) -> Vec<Slot> {
    let (head, signature, rest) = split_target(target);
    let mut segments = rest.split('/').filter(|s| !s.is_empty());
    let (first, deeper) = (segments.next(), segments.next());
    if deeper.is_some() {
        return Vec::new();
    }
    if let Some(signature) = signature {
        let overloads = matching_overloads(model, head, signature);
        return overloads.into_iter().filter_map(|id| operation_slot(model, id, first)).collect();
    }
    if let Some(ty) = model.find_type(head) {
        return match (first, &model.ty(ty).kind) {
            (None, _) => vec![Slot::Type(ty)],
            (Some(member), TypeKind::Enum(def)) => {
                def.members.iter().position(|m| m.name == member).map(|i| Slot::Member(ty, i)).into_iter().collect()
            }
            (Some(property), _) => property_slot(model, ty, property).into_iter().collect(),
        };
    }
    let overloads = model.find_operations(head);
    if !overloads.is_empty() {
        return overloads.iter().filter_map(|&id| operation_slot(model, id, first)).collect();
    }
    if let Some((namespace, name)) = head.rsplit_once('.') {
        let schema = model.lookup.namespaces.get(namespace).copied();
        if let Some(c) = model.containers.iter().position(|c| Some(c.schema) == schema && c.name == name) {
            let container = &model.containers[c];
            let Some(child) = first else { return vec![Slot::Container(c)] };
            let found = (container.entity_sets.iter().position(|s| s.name == child).map(|i| Slot::EntitySet(c, i)))
                .or_else(|| container.singletons.iter().position(|s| s.name == child).map(|i| Slot::Singleton(c, i)))
                .or_else(|| {
                    container.action_imports.iter().position(|s| s.name == child).map(|i| Slot::ActionImport(c, i))
                })
                .or_else(|| {
                    container.function_imports.iter().position(|s| s.name == child).map(|i| Slot::FunctionImport(c, i))
                });
            return found.into_iter().collect();
        }
        if first.is_none() {
            if let Some(i) = model.terms.iter().position(|t| Some(t.schema) == schema && t.name == name) {
                return vec![Slot::Term(i)];
            }
            if let Some(&schema) = model.lookup.namespaces.get(head) {
                return vec![Slot::Schema(schema)];
            }
        }
    } else if let Some(&schema) = model.lookup.namespaces.get(head) {
        return vec![Slot::Schema(schema)];
    }
    Vec::new()
}

/// Splits `ns.op(a, b)/param` into (`ns.op`, `Some("a, b")`, `/param`) and
/// `ns.Type/prop` into (`ns.Type`, `None`, `/prop`).
fn split_target(target: &str) -> (&str, Option<&str>, &str) {
    let target = target.trim();
    if let Some(open) = target.find('(') {
        if let Some(close) = target.rfind(')') {
            if close > open && !target[..open].contains('/') {
                return (&target[..open], Some(&target[open + 1..close]), &target[close + 1..]);
            }
        }
    }
    match target.find('/') {
        Some(slash) => (&target[..slash], None, &target[slash..]),
        None => (target, None, ""),
    }
}

fn property_slot(model: &Model, ty: TypeId, name: &str) -> Option<Slot> {
    std::iter::once(ty).chain(model.base_chain(ty)).find_map(|owner| {
        let def = model.structured(owner)?;
        def.properties.iter().position(|p| p.name == name).map(|i| Slot::Property(owner, i)).or_else(|| {
            def.navigation_properties.iter().position(|p| p.name == name).map(|i| Slot::Navigation(owner, i))
        })
    })
}

fn operation_slot(model: &Model, id: OperationId, child: Option<&str>) -> Option<Slot> {
    match child {
        None => Some(Slot::Operation(id)),
        Some("$ReturnType") => Some(Slot::ReturnType(id)),
        Some(name) => {
            model.operation(id).parameters.iter().position(|p| p.name == name).map(|i| Slot::Parameter(id, i))
        }
    }
}

/// Overloads of `name` whose parameter types match the signature: all parameter
/// types, or (for actions, as CSDL prescribes) only the binding parameter's.
fn matching_overloads(model: &Model, name: &str, signature: &str) -> Vec<OperationId> {
    let wanted: Vec<String> = split_signature(signature).map(|t| normalize_type_name(model, t)).collect();
    model
        .find_operations(name)
        .iter()
        .copied()
        .filter(|&id| {
            let op = model.operation(id);
            let all: Vec<String> = op.parameters.iter().map(|p| model.type_ref_name(&p.ty)).collect();
            all == wanted || (op.kind == OperationKind::Action && op.is_bound && all[..1] == wanted[..])
        })
        .collect()
}

fn split_signature(signature: &str) -> impl Iterator<Item = &str> {
    signature.split(',').map(str::trim).filter(|s| !s.is_empty())
}

/// Spells a type name the way [`Model::type_ref_name`] does (namespace, not alias).
fn normalize_type_name(model: &Model, written: &str) -> String {
    let (inner, collection) = match written.strip_prefix("Collection(").and_then(|s| s.strip_suffix(')')) {
        Some(inner) => (inner.trim(), true),
        None => (written, false),
    };
    let name = match model.find_type(inner) {
        Some(id) => model.type_name(id).to_string(),
        None => inner.to_owned(),
    };
    if collection {
        format!("Collection({name})")
    } else {
        name
    }
}

/// Fills documentation, deprecation and optional parameters from the attached annotations.
fn interpret_all(model: &mut Model) {
    for ty in &mut model.types {
        (ty.documentation, ty.deprecation) = interpret(&ty.annotations);
        match &mut ty.kind {
            TypeKind::Enum(def) => {
                for member in &mut def.members {
                    (member.documentation, member.deprecation) = interpret(&member.annotations);
                }
            }
            TypeKind::Complex(def) | TypeKind::Entity(def) => {
                for p in &mut def.properties {
                    (p.documentation, p.deprecation) = interpret(&p.annotations);
                }
                for p in &mut def.navigation_properties {
                    (p.documentation, p.deprecation) = interpret(&p.annotations);
                }
            }
            TypeKind::Definition(_) => {}
        }
    }
    for op in &mut model.operations {
        (op.documentation, op.deprecation) = interpret(&op.annotations);
        for p in &mut op.parameters {
            p.documentation = interpret(&p.annotations).0;
            p.optional = annotations::is_applied(&p.annotations, annotations::OPTIONAL_PARAMETER);
        }
    }
    for container in &mut model.containers {
        for set in &mut container.entity_sets {
            set.documentation = interpret(&set.annotations).0;
        }
        for singleton in &mut container.singletons {
            singleton.documentation = interpret(&singleton.annotations).0;
        }
    }
}
