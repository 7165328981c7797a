//! Reading OData CSDL XML: the unresolved [`Document`], the streaming
//! [`read`]er that produces it, and the [`Error`] type with locations.

pub mod chars;
mod document;
mod error;
pub mod identifier;
mod namespaces;
mod reader;
mod source;

pub use document::*;
pub(crate) use error::shorten;
pub use error::{Error, ErrorKind};
pub use namespaces::EDMX_NAMESPACE;
pub use reader::{read, MAX_DEPTH, MAX_SIZE};
pub use source::{Location, SourceMap};
