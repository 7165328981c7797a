//! The whole pipeline from a slice to the generated crate's files.

use crate::emit::{self, Files};
use crate::ir::{self, paths::PathsIr, ModelsIr};
use crate::model::Model;
use crate::select::Slice;
use crate::settings::SliceSettings;
use crate::Error;

/// Generates every generated file of the crate from a selected model:
/// [`lower`], then the emitter formats everything on every core.
pub fn generate(model: &Model, slice: &Slice, settings: &SliceSettings, source: &str) -> Result<Files, Error> {
    let (models, paths) = lower(model, slice, settings)?;
    Ok(emit::files(&models, paths.as_ref(), source)?)
}

/// The whole IR of a selected model: the generation settings are resolved
/// against the model first; the request builders (when the slice has a
/// path) are lowered on a thread of their own while the models are lowered;
/// then the service's special cases are applied to both ([`ir::service`]).
pub fn lower(model: &Model, slice: &Slice, settings: &SliceSettings) -> Result<(ModelsIr, Option<PathsIr>), Error> {
    let generation = settings.generation.resolve(model)?;
    let names = ir::type_names(model, slice);
    // Paths start at anchors, or (a whole document) at entity sets, singletons and imports.
    let has_entry = model.containers.iter().any(|c| {
        !c.entity_sets.is_empty()
            || !c.singletons.is_empty()
            || !c.action_imports.is_empty()
            || !c.function_imports.is_empty()
    });
    let has_paths = !slice.anchors.is_empty() || has_entry;
    let (mut models, mut paths) = std::thread::scope(|scope| {
        let paths = has_paths
            .then(|| scope.spawn(|| crate::ir::paths::lower(model, slice, &settings.version, &generation, &names)));
        let models = ir::lower(model, slice, &generation, &names)?;
        let paths = match paths {
            Some(paths) => Some(paths.join().expect("lowering the request builders panicked")?),
            None => None,
        };
        Ok::<_, Error>((models, paths))
    })?;
    ir::service::apply(model, &generation, &names, &mut models, paths.as_mut());
    Ok((models, paths))
}
