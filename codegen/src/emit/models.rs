//! Tokens for the model structs and enums. No decisions: the IR has made them.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::docs::{deprecated_attribute, doc_attributes, Doc};
use super::scope::{Place, Scope};
use crate::ir::{EnumIr, FieldIr, ItemIr, ModuleIr, PolymorphicIr, RustType, StructIr};

/// The scope of a namespace module: its items shadow imports of the same name.
pub fn scope(module: &ModuleIr) -> Scope {
    Scope::new(Place::Models(module.name.clone()), module.items.iter().map(ItemIr::name))
}

/// The inner attributes and imports that open a namespace module (after its
/// items were spelled, so the scope knows which imports they use).
pub fn module_header(module: &ModuleIr, scope: &Scope) -> TokenStream {
    let doc = format!(" Types of the `{}` namespace.", module.namespace);
    let imports = scope.imports();
    quote! {
        #![doc = #doc]
        //!
        //! Every property is a `Field`: absent, `null`, or a value. Each struct has
        //! one `with_*` setter per property, taking a value, an `Option` (`None`
        //! leaves the property absent) or `Field::Null`. `additional_properties`
        //! keeps what this crate does not know (properties Graph added, instance
        //! annotations such as `@odata.type`), so nothing is lost when a value is
        //! sent back.
        // Deprecated Graph types are still generated, and used by each other.
        #![allow(deprecated)]

        #imports
    }
}

/// One item of a namespace module (with its impls).
pub fn item(scope: &Scope, item: &ItemIr) -> TokenStream {
    match item {
        ItemIr::Struct(s) => structure(scope, s),
        ItemIr::Enum(e) => enumeration(scope, e),
        ItemIr::Polymorphic(p) => polymorphic(scope, p),
    }
}

/// About how much code an item is, for sharing the formatting out: its
/// fields, or its variants times the match arms each one has.
pub fn weight(item: &ItemIr) -> usize {
    match item {
        ItemIr::Struct(s) => 2 + s.fields.len(),
        ItemIr::Enum(e) => 6 + 4 * e.variants.len(),
        ItemIr::Polymorphic(p) => 4 + 4 * p.variants.len(),
    }
}

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

fn field(scope: &Scope, field: &FieldIr) -> TokenStream {
    let docs = doc_attributes(&field.docs);
    let deprecated = deprecated_attribute(field.deprecated.as_ref());
    let name = ident(&field.name);
    let ty = scope.value_type(&field.ty);
    let wrapper = scope.name("Field");
    let is_absent = format!("{}::is_absent", scope.text("Field"));
    let rename = field.rename.as_ref().map(|wire| quote!(rename = #wire,));
    quote! {
        #docs
        #deprecated
        #[serde(#rename skip_serializing_if = #is_absent)]
        pub #name: #wrapper<#ty>,
    }
}

fn structure(scope: &Scope, item: &StructIr) -> TokenStream {
    let docs = doc_attributes(&item.docs);
    let deprecated = deprecated_attribute(item.deprecated.as_ref());
    let name = ident(&item.name);
    let fields = item.fields.iter().map(|f| field(scope, f));
    let map = ident(&item.additional_properties);
    // What the map keeps is said once, in the module docs; an open type's map says more.
    let map_doc = item.open.then(
        || quote!(#[doc = " Dynamic properties of this open type, and instance annotations such as `@odata.type`."]),
    );
    let setters = setters(scope, item);
    let derive_debug = if item.has_secrets() { quote!() } else { quote!(Debug,) };
    let debug_impl = if item.has_secrets() { redacting_debug(scope, item) } else { quote!() };
    let (serialize, deserialize) = (scope.name("Serialize"), scope.name("Deserialize"));
    let (btree_map, string) = (scope.name("BTreeMap"), scope.name("String"));
    quote! {
        #docs
        #deprecated
        #[derive(#derive_debug Clone, PartialEq, Default, #serialize, #deserialize)]
        #[serde(default, rename_all = "camelCase")]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #map_doc
            #[serde(flatten)]
            pub #map: #btree_map<#string, serde_json::Value>,
        }

        #setters

        #debug_impl
    }
}

/// Chained setters, one per field: a value is built in one expression
/// (`Subject::default().with_object_id("..").with_object_type_name("User")`)
/// and stays buildable when Graph adds a property.
fn setters(scope: &Scope, item: &StructIr) -> TokenStream {
    if item.fields.is_empty() {
        return quote!();
    }
    let name = ident(&item.name);
    let (into, boxed, wrapper) = (scope.name("Into"), scope.name("Box"), scope.name("Field"));
    let methods = item.fields.iter().map(|field| {
        let (member, setter) = (ident(&field.name), ident(&field.setter));
        let deprecated = deprecated_attribute(field.deprecated.as_ref());
        let doc = Doc::from(format!(" Sets [`{}`](Self::{}).", field.name, field.name));
        let (ty, assign) = match &field.ty {
            RustType::Box(inner) => (scope.value_type(inner), quote!(value.into().map(#boxed::new))),
            ty => (scope.value_type(ty), quote!(value.into())),
        };
        quote! {
            #doc
            #deprecated
            #[must_use]
            pub fn #setter(mut self, value: impl #into<#wrapper<#ty>>) -> Self {
                self.#member = #assign;
                self
            }
        }
    });
    quote! {
        impl #name {
            #(#methods)*
        }
    }
}

/// `Debug` that prints secret fields as a redaction.
fn redacting_debug(scope: &Scope, item: &StructIr) -> TokenStream {
    let name = ident(&item.name);
    let label = &item.name;
    let redacted = scope.member("runtime", "REDACTED");
    let entries = item.fields.iter().map(|field| {
        let member = ident(&field.name);
        let label = &field.name;
        if field.secret {
            quote! {
                .field(#label, &self.#member.as_ref().map(|_| #redacted))
            }
        } else {
            quote!(.field(#label, &self.#member))
        }
    });
    let map = ident(&item.additional_properties);
    let map_label = &item.additional_properties;
    let fmt = scope.name("fmt");
    quote! {
        impl #fmt::Debug for #name {
            fn fmt(&self, f: &mut #fmt::Formatter<'_>) -> #fmt::Result {
                f.debug_struct(#label)
                    #(#entries)*
                    .field(#map_label, &self.#map)
                    .finish()
            }
        }
    }
}

fn enumeration(scope: &Scope, item: &EnumIr) -> TokenStream {
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
        quote!(#wire => Some(Self::#name),)
    });
    let as_str = item.variants.iter().map(|variant| {
        let (name, wire) = (ident(&variant.name), &variant.wire);
        quote!(Self::#name => #wire,)
    });
    let values = item.variants.iter().map(|variant| {
        let (name, value) = (ident(&variant.name), proc_macro2::Literal::i64_unsuffixed(variant.value));
        quote!(Self::#name => Some(#value),)
    });
    let flags_note = if item.is_flags {
        quote!(#[doc = ""] #[doc = " A flags enum: properties of this type hold a [`crate::runtime::Flags`] set."])
    } else {
        quote!()
    };
    let unrecognized_doc = Doc::from(" A value this version of the crate does not know, kept as received.");
    let (option, string, result) = (scope.name("Option"), scope.name("String"), scope.name("Result"));
    let (open_enum, fmt) = (scope.name("OpenEnum"), scope.name("fmt"));
    let (serialize, deserialize) = (scope.name("Serialize"), scope.name("Deserialize"));
    let (serialize_enum, deserialize_enum) = (scope.name("serialize_enum"), scope.name("deserialize_enum"));
    quote! {
        #docs
        #flags_note
        #deprecated
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants)*
            #unrecognized_doc
            #unrecognized(#string),
        }

        impl #name {
            /// The member's numeric value in the CSDL (`None` for an unrecognized value).
            pub fn value(&self) -> #option<i64> {
                match self {
                    #(#values)*
                    Self::#unrecognized(_) => None,
                }
            }
        }

        impl #open_enum for #name {
            fn from_known(wire: &str) -> #option<Self> {
                match wire {
                    #(#from_known)*
                    _ => None,
                }
            }

            fn unrecognized(wire: #string) -> Self {
                Self::#unrecognized(wire)
            }

            fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::#unrecognized(wire) => wire,
                }
            }
        }

        impl #fmt::Display for #name {
            fn fmt(&self, f: &mut #fmt::Formatter<'_>) -> #fmt::Result {
                f.write_str(#open_enum::as_str(self))
            }
        }

        impl #serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                #serialize_enum(self, serializer)
            }
        }

        impl<'de> #deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                #deserialize_enum(deserializer)
            }
        }
    }
}

/// An enum over a type and its derived types, picked by `@odata.type`.
/// Variants are boxed: the structs differ widely in size.
fn polymorphic(scope: &Scope, item: &PolymorphicIr) -> TokenStream {
    let name = ident(&item.name);
    let doc = Doc::from(format!(
        " A `{}` or any type derived from it, told apart by `@odata.type` when decoding.",
        item.qualified
    ));
    let base = scope.value_type(&item.base);
    let unrecognized = ident(&item.unrecognized);
    let (option, result, boxed) = (scope.name("Option"), scope.name("Result"), scope.name("Box"));
    let (serialize, deserialize) = (scope.name("Serialize"), scope.name("Deserialize"));
    let variants = item.variants.iter().map(|variant| {
        let (name, ty) = (ident(&variant.name), scope.value_type(&variant.ty));
        let doc = Doc::from(format!(" `@odata.type` `#{}`.", variant.odata_type));
        quote! {
            #doc
            #name(#boxed<#ty>),
        }
    });
    let serialize_arms = item.variants.iter().map(|variant| {
        let name = ident(&variant.name);
        quote!(Self::#name(value) => #serialize::serialize(value, serializer),)
    });
    let decode_arms = item.variants.iter().map(|variant| {
        let (name, odata_type) = (ident(&variant.name), &variant.odata_type);
        let decode_variant = scope.name("decode_variant");
        quote!(Some(#odata_type) => #decode_variant(value, Self::#name),)
    });
    let odata_arms = item.variants.iter().map(|variant| {
        let (name, odata_type) = (ident(&variant.name), &variant.odata_type);
        quote!(Self::#name(_) => Some(#odata_type),)
    });
    let base_variant = item.variants.iter().find(|v| v.odata_type == item.qualified).map(|v| ident(&v.name));
    let decode_variant = scope.name("decode_variant");
    let untyped = match base_variant {
        Some(base) => quote!(None => #decode_variant(value, Self::#base),),
        None => quote!(),
    };
    let decode_polymorphic = scope.name("decode_polymorphic");
    let unrecognized_doc = Doc::from(" A derived type this crate does not know (or no `@odata.type` on an abstract base), decoded as the base type; its other properties are kept in `additional_properties`.");
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
            #unrecognized_doc
            #unrecognized(#boxed<#base>),
        }

        impl #name {
            /// The qualified name of the concrete type (`None` when unrecognized).
            pub fn odata_type(&self) -> #option<&'static str> {
                match self {
                    #(#odata_arms)*
                    Self::#unrecognized(_) => None,
                }
            }
        }

        impl #serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    Self::#unrecognized(value) => #serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> #deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                #decode_polymorphic(deserializer, |odata_type, value| match odata_type {
                    #(#decode_arms)*
                    #untyped
                    _ => #decode_variant(value, Self::#unrecognized),
                })
            }
        }
    }
}
