//! Tokens for the model structs and enums. No decisions: the IR has made them.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::docs::{deprecated_attribute, doc_attributes};
use crate::ir::{EnumIr, FieldIr, ItemIr, ModuleIr, PolymorphicIr, RustType, StructIr};

/// The inner attributes that open a namespace module.
pub fn module_header(module: &ModuleIr) -> TokenStream {
    let doc = format!(" Types of the `{}` namespace.", module.namespace);
    quote! {
        #![doc = #doc]
        // Deprecated Graph types are still generated, and used by each other.
        #![allow(deprecated)]
    }
}

/// One item of a namespace module (with its impls).
pub fn item(item: &ItemIr) -> TokenStream {
    match item {
        ItemIr::Struct(s) => structure(s),
        ItemIr::Enum(e) => enumeration(e),
        ItemIr::Polymorphic(p) => polymorphic(p),
    }
}

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The Rust spelling of a value type, with fully qualified std paths.
pub fn value_type(ty: &RustType) -> TokenStream {
    match ty {
        RustType::String => quote!(::std::string::String),
        RustType::Bool => quote!(bool),
        RustType::U8 => quote!(u8),
        RustType::I8 => quote!(i8),
        RustType::I16 => quote!(i16),
        RustType::I32 => quote!(i32),
        RustType::Runtime(name) => {
            let name = ident(name);
            quote!(crate::runtime::#name)
        }
        RustType::Json => quote!(::serde_json::Value),
        RustType::Named { module, name } => {
            let (module, name) = (ident(module), ident(name));
            quote!(crate::models::#module::#name)
        }
        RustType::Flags(inner) => {
            let inner = value_type(inner);
            quote!(crate::runtime::Flags<#inner>)
        }
        RustType::Vec(inner) => {
            let inner = value_type(inner);
            quote!(::std::vec::Vec<#inner>)
        }
        RustType::Box(inner) => {
            let inner = value_type(inner);
            quote!(::std::boxed::Box<#inner>)
        }
    }
}

fn field(field: &FieldIr) -> TokenStream {
    let docs = doc_attributes(&field.docs);
    let deprecated = deprecated_attribute(field.deprecated.as_ref());
    let name = ident(&field.name);
    let wire = &field.wire;
    let ty = value_type(&field.ty);
    quote! {
        #docs
        #deprecated
        #[serde(rename = #wire, default, skip_serializing_if = "crate::runtime::Field::is_absent")]
        pub #name: crate::runtime::Field<#ty>,
    }
}

fn structure(item: &StructIr) -> TokenStream {
    let docs = doc_attributes(&item.docs);
    let deprecated = deprecated_attribute(item.deprecated.as_ref());
    let name = ident(&item.name);
    let fields = item.fields.iter().map(field);
    let map = ident(&item.additional_properties);
    let map_doc = if item.open {
        " Dynamic properties of this open type, and instance annotations such as `@odata.type`."
    } else {
        " Properties this crate does not know, and instance annotations such as `@odata.type`: kept so that nothing is lost when the value is sent back."
    };
    let derive_debug = if item.has_secrets() { quote!() } else { quote!(::std::fmt::Debug,) };
    let debug_impl = if item.has_secrets() { redacting_debug(item) } else { quote!() };
    quote! {
        #docs
        #deprecated
        #[derive(#derive_debug ::std::clone::Clone, ::std::cmp::PartialEq, ::std::default::Default, ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #[doc = #map_doc]
            #[serde(flatten)]
            pub #map: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
        }

        #debug_impl
    }
}

/// `Debug` that prints secret fields as a redaction.
fn redacting_debug(item: &StructIr) -> TokenStream {
    let name = ident(&item.name);
    let label = &item.name;
    let entries = item.fields.iter().map(|field| {
        let member = ident(&field.name);
        let label = &field.name;
        if field.secret {
            quote! {
                .field(#label, &self.#member.as_ref().map(|_| crate::runtime::REDACTED))
            }
        } else {
            quote!(.field(#label, &self.#member))
        }
    });
    let map = ident(&item.additional_properties);
    let map_label = &item.additional_properties;
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label)
                    #(#entries)*
                    .field(#map_label, &self.#map)
                    .finish()
            }
        }
    }
}

fn enumeration(item: &EnumIr) -> TokenStream {
    let docs = doc_attributes(&item.docs);
    let deprecated = deprecated_attribute(item.deprecated.as_ref());
    let name = ident(&item.name);
    let unrecognized = ident(&item.unrecognized);
    let variants = item.variants.iter().map(|variant| {
        let docs = doc_attributes(&variant.docs);
        let deprecated = deprecated_attribute(variant.deprecated.as_ref());
        let name = ident(&variant.name);
        quote! {
            #docs
            #deprecated
            #name,
        }
    });
    let from_known = item.variants.iter().map(|variant| {
        let (name, wire) = (ident(&variant.name), &variant.wire);
        quote!(#wire => ::std::option::Option::Some(Self::#name),)
    });
    let as_str = item.variants.iter().map(|variant| {
        let (name, wire) = (ident(&variant.name), &variant.wire);
        quote!(Self::#name => #wire,)
    });
    let values = item.variants.iter().map(|variant| {
        let (name, value) = (ident(&variant.name), variant.value);
        quote!(Self::#name => ::std::option::Option::Some(#value),)
    });
    let flags_note = if item.is_flags {
        quote!(#[doc = ""] #[doc = " A flags enum: properties of this type hold a [`crate::runtime::Flags`] set."])
    } else {
        quote!()
    };
    let unrecognized_doc = " A value this version of the crate does not know, kept as received.";
    quote! {
        #docs
        #flags_note
        #deprecated
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash)]
        pub enum #name {
            #(#variants)*
            #[doc = #unrecognized_doc]
            #unrecognized(::std::string::String),
        }

        impl #name {
            /// The member's numeric value in the CSDL (`None` for an unrecognized value).
            pub fn value(&self) -> ::std::option::Option<i64> {
                match self {
                    #(#values)*
                    Self::#unrecognized(_) => ::std::option::Option::None,
                }
            }
        }

        impl crate::runtime::OpenEnum for #name {
            fn from_known(wire: &str) -> ::std::option::Option<Self> {
                match wire {
                    #(#from_known)*
                    _ => ::std::option::Option::None,
                }
            }

            fn unrecognized(wire: ::std::string::String) -> Self {
                Self::#unrecognized(wire)
            }

            fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::#unrecognized(wire) => wire,
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(crate::runtime::OpenEnum::as_str(self))
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                crate::runtime::enums::serialize_enum(self, serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::enums::deserialize_enum(deserializer)
            }
        }
    }
}

/// An enum over a type and its derived types, picked by `@odata.type`.
/// Variants are boxed: the structs differ widely in size.
fn polymorphic(item: &PolymorphicIr) -> TokenStream {
    let name = ident(&item.name);
    let doc =
        format!(" A `{}` or any type derived from it, told apart by `@odata.type` when decoding.", item.qualified);
    let base = value_type(&item.base);
    let unrecognized = ident(&item.unrecognized);
    let variants = item.variants.iter().map(|variant| {
        let (name, ty) = (ident(&variant.name), value_type(&variant.ty));
        let doc = format!(" `@odata.type` `#{}`.", variant.odata_type);
        quote! {
            #[doc = #doc]
            #name(::std::boxed::Box<#ty>),
        }
    });
    let serialize_arms = item.variants.iter().map(|variant| {
        let name = ident(&variant.name);
        quote!(Self::#name(value) => value.serialize(serializer),)
    });
    let decode_arms = item.variants.iter().map(|variant| {
        let (name, odata_type) = (ident(&variant.name), &variant.odata_type);
        quote!(::std::option::Option::Some(#odata_type) => ::serde_json::from_value(value).map(|v| Self::#name(::std::boxed::Box::new(v))),)
    });
    let odata_arms = item.variants.iter().map(|variant| {
        let (name, odata_type) = (ident(&variant.name), &variant.odata_type);
        quote!(Self::#name(_) => ::std::option::Option::Some(#odata_type),)
    });
    let base_variant = item.variants.iter().find(|v| v.odata_type == item.qualified).map(|v| ident(&v.name));
    let untyped = match base_variant {
        Some(base) => {
            quote!(::std::option::Option::None => ::serde_json::from_value(value).map(|v| Self::#base(::std::boxed::Box::new(v))),)
        }
        None => quote!(),
    };
    let unrecognized_doc = " A derived type this crate does not know (or no `@odata.type` on an abstract base), decoded as the base type; its other properties are kept in `additional_properties`.";
    quote! {
        #[doc = #doc]
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq)]
        pub enum #name {
            #(#variants)*
            #[doc = #unrecognized_doc]
            #unrecognized(::std::boxed::Box<#base>),
        }

        impl #name {
            /// The qualified name of the concrete type (`None` when unrecognized).
            pub fn odata_type(&self) -> ::std::option::Option<&'static str> {
                match self {
                    #(#odata_arms)*
                    Self::#unrecognized(_) => ::std::option::Option::None,
                }
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    Self::#unrecognized(value) => value.serialize(serializer),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let object = <::serde_json::Map<::std::string::String, ::serde_json::Value> as ::serde::Deserialize>::deserialize(deserializer)?;
                let odata_type = object
                    .get("@odata.type")
                    .and_then(::serde_json::Value::as_str)
                    .map(|name| name.trim_start_matches('#').to_owned());
                let value = ::serde_json::Value::Object(object);
                let decoded = match odata_type.as_deref() {
                    #(#decode_arms)*
                    #untyped
                    _ => ::serde_json::from_value(value).map(|v| Self::#unrecognized(::std::boxed::Box::new(v))),
                };
                decoded.map_err(::serde::de::Error::custom)
            }
        }
    }
}
