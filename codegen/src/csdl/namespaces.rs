//! The XML namespaces of OData CSDL documents (read by the reader, written
//! by the slice writer, named in error messages).

/// The OData v4 EDMX namespace of the root `edmx:Edmx` element.
pub const EDMX_NAMESPACE: &str = "http://docs.oasis-open.org/odata/ns/edmx";
