//! The `Edm.*` primitive and abstract types.

use std::fmt;

macro_rules! primitives {
    ($($variant:ident => $name:literal,)*) => {
        /// A type of the `Edm` namespace.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Primitive {
            $(#[doc = concat!("`Edm.", $name, "`")] $variant,)*
        }

        impl Primitive {
            /// Every `Edm` type, in name order.
            pub const ALL: &'static [Primitive] = &[$(Primitive::$variant,)*];

            /// The name without the `Edm.` prefix, e.g. `"DateTimeOffset"`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Primitive::$variant => $name,)*
                }
            }
        }
    };
}

primitives! {
    Binary => "Binary",
    Boolean => "Boolean",
    Byte => "Byte",
    Date => "Date",
    DateTimeOffset => "DateTimeOffset",
    Decimal => "Decimal",
    Double => "Double",
    Duration => "Duration",
    Geography => "Geography",
    GeographyCollection => "GeographyCollection",
    GeographyLineString => "GeographyLineString",
    GeographyMultiLineString => "GeographyMultiLineString",
    GeographyMultiPoint => "GeographyMultiPoint",
    GeographyMultiPolygon => "GeographyMultiPolygon",
    GeographyPoint => "GeographyPoint",
    GeographyPolygon => "GeographyPolygon",
    Geometry => "Geometry",
    GeometryCollection => "GeometryCollection",
    GeometryLineString => "GeometryLineString",
    GeometryMultiLineString => "GeometryMultiLineString",
    GeometryMultiPoint => "GeometryMultiPoint",
    GeometryMultiPolygon => "GeometryMultiPolygon",
    GeometryPoint => "GeometryPoint",
    GeometryPolygon => "GeometryPolygon",
    Guid => "Guid",
    Int16 => "Int16",
    Int32 => "Int32",
    Int64 => "Int64",
    SByte => "SByte",
    Single => "Single",
    Stream => "Stream",
    String => "String",
    TimeOfDay => "TimeOfDay",
    Untyped => "Untyped",
    AnnotationPath => "AnnotationPath",
    AnyPropertyPath => "AnyPropertyPath",
    ComplexType => "ComplexType",
    EntityType => "EntityType",
    ModelElementPath => "ModelElementPath",
    NavigationPropertyPath => "NavigationPropertyPath",
    PrimitiveType => "PrimitiveType",
    PropertyPath => "PropertyPath",
}

impl Primitive {
    /// The type named `Edm.{name}`, given `name` without the prefix.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|p| p.name() == name)
    }

    /// Whether this type may underlie an enum type (`Byte`, `SByte`, `Int16`, `Int32`, `Int64`).
    pub fn is_integer(self) -> bool {
        matches!(self, Primitive::Byte | Primitive::SByte | Primitive::Int16 | Primitive::Int32 | Primitive::Int64)
    }
}

impl fmt::Display for Primitive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Edm.{}", self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for &p in Primitive::ALL {
            assert_eq!(Primitive::from_name(p.name()), Some(p));
        }
        assert_eq!(Primitive::from_name("Int64"), Some(Primitive::Int64));
        assert_eq!(Primitive::from_name("int64"), None);
        assert_eq!(Primitive::DateTimeOffset.to_string(), "Edm.DateTimeOffset");
    }
}
