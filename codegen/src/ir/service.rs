//! The service's own ways, applied to the lowered IR in one step.
//!
//! The generic lowering ([`super::models::lower`], [`super::paths::lower`])
//! writes what OData's CSDL and its vocabularies say, and reads none of the
//! settings below. What a service does that its metadata cannot say (Graph's
//! directory objects, its provisioning answer, its SCIM endpoint) is written
//! in the slice settings' `[generation]` and applied here, after both
//! lowerings, as edits of the IR:
//!
//! * `provisioning_outcome`: the pair type's struct gets
//!   `provisioning_outcome()`;
//! * `advanced_query_bases`: listings of those types ask for `$count` and
//!   `ConsistencyLevel` where a typed query needs them;
//! * `polymorphic_listings`: a listing decodes each item by `@odata.type`,
//!   and lists each derived type through an OData type cast;
//! * `scim_bulk_uploads`: a SCIM bulk upload takes a navigation's place
//!   (and the request builders that only it led to go);
//! * `operation_notes`: what the documentation says of an operation.
//!
//! A document whose settings name none of them (the OData corpus, any
//! service other than Graph) goes through this step unchanged
//! (`codegen/tests/paths.rs`).

use crate::ir::paths::{self, MethodIr, MethodKind, NodeIr, PathsIr, NODE_METHODS};
use crate::ir::{Docs, ItemIr, ModelsIr, TypeNames};
use crate::model::{Model, TypeId};
use crate::naming::{self, Names};
use crate::settings::ResolvedGeneration;

/// Applies the settings' service-specific entries to the lowered models and
/// request builders.
pub fn apply(
    model: &Model,
    generation: &ResolvedGeneration,
    types: &TypeNames,
    models: &mut ModelsIr,
    paths: Option<&mut PathsIr>,
) {
    provisioning_outcome(model, generation, models);
    let Some(paths) = paths else { return };
    let mut replaced_navigation = false;
    for node in &mut paths.nodes {
        let Some(ty) = model.find_type(&node.entity) else { continue };
        if node.collection {
            advanced_queries(model, generation, ty, node);
            polymorphic_listing(model, generation, types, ty, node);
        } else {
            replaced_navigation |= scim_bulk_uploads(model, generation, types, ty, node);
        }
    }
    if replaced_navigation {
        paths::retain_reachable(paths);
    }
    let methods = paths.nodes.iter_mut().flat_map(|node| &mut node.methods).chain(&mut paths.imports);
    operation_notes(generation, methods);
}

/// The struct of `provisionOnDemand`'s answer decodes its outcome.
fn provisioning_outcome(model: &Model, generation: &ResolvedGeneration, models: &mut ModelsIr) {
    let Some(ty) = generation.provisioning_outcome else { return };
    let qualified = model.type_name(ty).to_string();
    for item in models.modules.iter_mut().flat_map(|module| &mut module.items) {
        if let ItemIr::Struct(item) = item {
            item.provisioning_outcome |= item.qualified == qualified;
        }
    }
}

/// A collection of directory objects answers advanced queries only with
/// `$count=true` and `ConsistencyLevel: eventual`: its listing asks for both
/// where a typed query needs them.
fn advanced_queries(model: &Model, generation: &ResolvedGeneration, ty: TypeId, node: &mut NodeIr) {
    if !generation.advanced_queries(model, ty) {
        return;
    }
    for method in &mut node.methods {
        if let MethodKind::List { directory_objects, .. } = &mut method.kind {
            *directory_objects = true;
        }
    }
}

/// A collection that holds its type's derived types side by side (a group's
/// `members`): the listing decodes each item as its own variant, and each
/// derived type the settings name is listed through a type cast
/// (`.../members/microsoft.graph.user`), after the item step.
fn polymorphic_listing(
    model: &Model,
    generation: &ResolvedGeneration,
    types: &TypeNames,
    ty: TypeId,
    node: &mut NodeIr,
) {
    let (Some(casts), Some(any)) = (generation.polymorphic_listings.get(&ty), types.polymorphic_type(ty)) else {
        return;
    };
    let entity_name = model.type_name(ty).to_string();
    let Some(list) = node.methods.iter_mut().find(|m| matches!(m.kind, MethodKind::List { .. })) else {
        return; // the settings do not allow listing it
    };
    let MethodKind::List { directory_objects, item } = &mut list.kind else { return };
    *item = any;
    let directory_objects = *directory_objects;
    list.docs = Docs {
        paragraphs: vec![format!(
            "Lists the `{entity_name}` items, each decoded as its own type by `@odata.type` (`GET`)."
        )],
    };
    let mut names = claimed_names(node);
    let mut listings = Vec::new();
    for &cast in casts {
        // A cast to a type the slice does not select has nothing to decode into.
        let Some(item) = types.struct_type(cast) else { continue };
        let qualified = model.type_name(cast).to_string();
        let name = format!("list_{}", naming::snake_name(&naming::plural(&model.ty(cast).name)));
        let docs = format!(
            "Lists the items that are `{qualified}` (`GET .../{qualified}`, an OData type cast){}.",
            if directory_objects {
                ", with `$count=true` and `ConsistencyLevel: eventual`, which Graph requires for a cast"
            } else {
                ""
            }
        );
        listings.push(MethodIr {
            name: names.claim(name),
            docs: Docs { paragraphs: vec![docs] },
            deprecated: None,
            kind: MethodKind::ListCast { cast: qualified, item, directory_objects },
        });
    }
    let after_item = node
        .methods
        .iter()
        .position(|m| matches!(m.kind, MethodKind::Item { .. } | MethodKind::KeyedItem { .. }))
        .map_or(node.methods.len(), |index| index + 1);
    node.methods.splice(after_item..after_item, listings);
}

/// Where the metadata declares a navigation (`synchronizationJob/bulkUpload`,
/// a media entity) and the documented call is a `POST` of a SCIM bulk
/// request, the typed `bulk_upload(&BulkRequest)` takes the step's place,
/// after the node's other steps. Whether a step was replaced.
fn scim_bulk_uploads(
    model: &Model,
    generation: &ResolvedGeneration,
    types: &TypeNames,
    ty: TypeId,
    node: &mut NodeIr,
) -> bool {
    let mut replaced = false;
    for (_, navigation) in generation.scim_bulk_uploads.iter().filter(|(owner, _)| *owner == ty) {
        if !model.all_navigation_properties(ty).iter().any(|n| n.name == *navigation) {
            continue;
        }
        let step = node
            .methods
            .iter()
            .position(|m| matches!(&m.kind, MethodKind::Navigate { segment, .. } if segment == navigation));
        let deprecated = step.map(|index| node.methods.remove(index)).and_then(|step| step.deprecated);
        replaced |= step.is_some();
        let mut names = claimed_names(node);
        // The figures are the runtime's: `scim::MAX_BULK_OPERATIONS` ("Perform
        // bulkUpload") and `BULK_UPLOAD` ("Troubleshoot inbound provisioning
        // API issues", "Too many requests 429 response code"); a test in
        // `tests/tests/inbound.rs` holds the pace's wording to the constant.
        let upload = MethodIr {
            name: names.claim(naming::snake_name(navigation)),
            docs: Docs {
                paragraphs: vec![
                    format!("Uploads a SCIM bulk request (`POST .../{navigation}`, `application/scim+json`)."),
                    "The metadata declares a media entity here; the documented call, made here, \
                     posts the SCIM document. At most 50 operations per request, refused unsent \
                     beyond; paced to 40 requests in any 5 seconds, the runtime's default \
                     (`BULK_UPLOAD`, the rate \"Troubleshoot inbound provisioning API issues\" states)."
                        .to_owned(),
                ],
            },
            deprecated,
            kind: MethodKind::ScimBulkUpload {
                segment: navigation.clone(),
                logs: generation.scim_bulk_upload_logs.and_then(|logs| types.struct_type(logs)),
            },
        };
        let before_operations =
            node.methods.iter().position(|m| matches!(m.kind, MethodKind::Operation(_))).unwrap_or(node.methods.len());
        node.methods.insert(before_operations, upload);
    }
    replaced
}

/// Adds the documentation's note to each operation it names.
fn operation_notes<'a>(generation: &ResolvedGeneration, methods: impl Iterator<Item = &'a mut MethodIr>) {
    for method in methods {
        if let MethodKind::Operation(operation) = &method.kind {
            if let Some(note) = generation.operation_notes.get(&operation.wire) {
                method.docs.paragraphs.push(note.clone());
            }
        }
    }
}

/// The names a node's methods have taken, and those every node keeps.
fn claimed_names(node: &NodeIr) -> Names {
    let taken: Vec<&str> = NODE_METHODS.iter().copied().chain(node.methods.iter().map(|m| m.name.as_str())).collect();
    Names::with_reserved(&taken)
}
